"""The background sync keeps the badge's status honest and tries again by itself."""

from __future__ import annotations

from pathlib import Path

from domain.company import CompanyDraft
from storage import repo
from storage.db import Store
from storage.photos import PhotoStore
from sync import outbox
from sync.client import SyncClient, pair
from sync.runner import BACKOFF, SyncRunner, SyncStatus
from tests.e2e.conftest import free_port
from tests.server_harness import PASSWORD, Server, cli


def test_status_goes_from_offline_to_synced_and_counts_what_waits(server: Server, tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    runner = SyncRunner(store, SyncClient(store, PhotoStore(tmp_path / "photos")))
    assert runner.run_once().state == "unpaired"

    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    heard: list[SyncStatus] = []
    runner.listen(heard.append)
    store.change_listeners.append(runner.saved)
    repo.save_company(store, draft=CompanyDraft(name="Venter ApS"))
    assert runner.status.waiting == 1  # the badge counts it at once

    # The server moves away: the tablet is offline, keeps its change, and waits longer.
    store.set_state("server_url", f"http://127.0.0.1:{free_port()}")
    runner.client = SyncClient(store, PhotoStore(tmp_path / "photos"))
    assert runner.run_once().state == "offline"
    assert runner.status.waiting == 1
    assert runner.status.failed and runner.status.result == "offline" and runner.status.attempted is not None
    assert runner._failures == 1 and BACKOFF[0] < BACKOFF[-1]

    # Back in reach: it syncs, the count drops, the time is shown.
    store.set_state("server_url", server.url)
    runner.client = SyncClient(store, PhotoStore(tmp_path / "photos"))
    done = runner.run_once()
    assert done.state == "synced" and done.waiting == 0 and done.last_synced is not None
    assert done.result == "ok" and not done.failed and done.attempted == done.last_synced
    assert {s.state for s in heard} >= {"syncing", "offline", "synced"}


def test_a_revoked_token_asks_to_log_in_again(server: Server, tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    store.set_state("token", "not-a-valid-token")
    runner = SyncRunner(store, SyncClient(store, PhotoStore(tmp_path / "photos")))
    status = runner.run_once()
    assert status.state == "error" and status.error == "unauthorized"
    assert status.result == "unauthorized" and status.failed

    # While the next attempt runs, the badge still knows the last one failed.
    heard: list[SyncStatus] = []
    runner.listen(heard.append)
    runner.run_once()
    assert heard[0].state == "syncing" and heard[0].failed


def test_status_says_how_many_changes_a_sync_brought_in(server: Server, tmp_path: Path) -> None:
    """Screens showing the team's data (the openings board) redraw only when this has grown."""
    a, b = Store(tmp_path / "a.db"), Store(tmp_path / "b.db")
    for store, name in ((a, "a"), (b, "b")):
        pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name=name)
    runner_a = SyncRunner(a, SyncClient(a, PhotoStore(tmp_path / "pa")))
    runner_b = SyncRunner(b, SyncClient(b, PhotoStore(tmp_path / "pb")))
    runner_a.run_once(), runner_b.run_once()  # both hold what the server already had
    a_before, b_before = runner_a.news, runner_b.news
    repo.save_company(a, draft=CompanyDraft(name="Nyhed ApS"))
    runner_a.run_once()
    assert runner_a.news - a_before == 0  # its own change went up; nothing came down
    runner_b.run_once()
    assert runner_b.news - b_before == 1
    runner_b.run_once()
    assert runner_b.news - b_before == 1  # nothing new the second time


def test_logging_in_again_sends_what_waited_with_the_new_token(server: Server, tmp_path: Path) -> None:
    """SYNC.md 9: a tablet whose token stops working keeps its changes, lets the consultant
    log in again, and then sends them (the same client, without a restart)."""
    store = Store(tmp_path / "t.db")
    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    runner = SyncRunner(store, SyncClient(store, PhotoStore(tmp_path / "photos")))
    assert runner.run_once().result == "ok"
    cli(server.database, "revoke-device", "--device", store.get_state("server_device_id"))
    repo.save_company(store, draft=CompanyDraft(name="Venter ApS"))
    assert runner.run_once().result == "unauthorized" and outbox.waiting(store) == 1

    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t", team=store.team_id)
    runner.logged_in()
    assert not runner.status.failed  # the old refusal no longer shows
    assert runner.run_once().result == "ok" and outbox.waiting(store) == 0
