"""The consultant's password from the tablet (CONSOLE.md, issue 11), with the real sync
client against a real server on SQLite and PostgreSQL: after a reset by the office the
login asks for a new password and everything that waited goes out afterwards; the
consultant changes their own password from Settings and the tablet stays connected; a
deactivated account is told in words; an idle token asks to log in again, losing nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, update

from domain.company import CompanyDraft
from server.db import normalise_url
from server.models import Device
from storage import repo, visit_records
from storage.db import Store
from storage.photos import PhotoStore
from sync import outbox
from sync.client import SyncClient, change_password, log_in_again, pair
from sync.errors import ServerRefused, Unauthorized
from sync.runner import SyncRunner
from tests.server_harness import PASSWORD, Server, cli

VISIT = str(uuid.uuid4())


@pytest.fixture
def tablet(server: Server, tmp_path: Path) -> Iterator[tuple[Store, SyncRunner, str]]:
    """A tablet paired with a fresh account of the team, synced once."""
    username = f"k{uuid.uuid4().hex[:8]}"
    secret = tmp_path / "p.txt"
    secret.write_text(PASSWORD, encoding="utf-8")
    cli(server.database, "create-user", "--username", username, "--password-file", str(secret), "--team", server.team)
    store = Store(tmp_path / "t.db")
    pair(store, server_url=server.url, username=username, password=PASSWORD, device_name="t")
    runner = SyncRunner(store, SyncClient(store, PhotoStore(tmp_path / "photos")))
    repo.save_company(store, draft=CompanyDraft(name="Sendt før ApS"))
    assert runner.run_once().result == "ok"
    yield store, runner, username
    store.close()


def test_after_a_reset_the_login_asks_for_a_new_password_and_what_waited_goes_out(
    server: Server, tablet: tuple[Store, SyncRunner, str], tmp_path: Path
) -> None:
    store, runner, username = tablet
    temporary = tmp_path / "temporary.txt"
    temporary.write_text("midlertidig kode fra it", encoding="utf-8")
    cli(server.database, "set-password", "--username", username, "--password-file", str(temporary))
    visit_records.add_note(store, visit_id=VISIT, field="general", text="Skrevet efter nulstillingen", author="Ole")
    assert runner.run_once().result == "unauthorized"
    with pytest.raises(ServerRefused) as asked:
        log_in_again(
            store, server_url=server.url, username=username, password="midlertidig kode fra it", device_name="t"
        )
    assert asked.value.status == 403 and asked.value.reason == "password_change_required"
    with pytest.raises(ServerRefused) as weak:
        log_in_again(
            store,
            server_url=server.url,
            username=username,
            password="midlertidig kode fra it",
            device_name="t",
            new_password="password1234",
        )
    assert weak.value.reason == "password_too_common"
    log_in_again(
        store,
        server_url=server.url,
        username=username.upper(),
        password="midlertidig kode fra it",
        device_name="t",
        new_password="min egen nye kode her",
    )
    runner.logged_in()
    assert runner.run_once().result == "ok" and outbox.waiting(store) == 0


def test_the_consultant_changes_their_own_password_and_the_tablet_stays_connected(
    server: Server, tablet: tuple[Store, SyncRunner, str]
) -> None:
    store, runner, username = tablet
    with pytest.raises(ServerRefused) as wrong:
        change_password(store, old="ikke min kode overhovedet", new="en ny og lang kode")
    assert wrong.value.reason == "password_wrong"
    with pytest.raises(ServerRefused) as short:
        change_password(store, old=PASSWORD, new="kort")
    assert short.value.reason == "password_too_short"
    change_password(store, old=PASSWORD, new="en ny og lang kode")
    visit_records.add_note(store, visit_id=VISIT, field="general", text="Efter skiftet", author="Ole")
    assert runner.run_once().result == "ok" and outbox.waiting(store) == 0
    other = Store(store.path.parent / "other.db")
    try:
        with pytest.raises(Unauthorized):
            pair(other, server_url=server.url, username=username, password=PASSWORD, device_name="t2")
        pair(other, server_url=server.url, username=username, password="en ny og lang kode", device_name="t2")
    finally:
        other.close()


def test_a_deactivated_account_is_told_and_nothing_waiting_is_lost(
    server: Server, tablet: tuple[Store, SyncRunner, str]
) -> None:
    store, runner, username = tablet
    cli(server.database, "deactivate-user", "--username", username)
    visit_records.add_note(store, visit_id=VISIT, field="general", text="Skrevet efter lukningen", author="Ole")
    assert runner.run_once().result == "unauthorized"
    with pytest.raises(ServerRefused) as closed:
        log_in_again(store, server_url=server.url, username=username, password=PASSWORD, device_name="t")
    assert closed.value.reason == "account_deactivated"
    assert outbox.waiting(store) == 1


def test_a_token_idle_for_ninety_days_asks_to_log_in_again_and_loses_nothing(
    server: Server, tablet: tuple[Store, SyncRunner, str]
) -> None:
    store, runner, username = tablet
    visit_records.add_note(store, visit_id=VISIT, field="general", text="Skrevet i skuffen", author="Ole")
    engine = create_engine(normalise_url(server.database))
    with engine.begin() as conn:
        conn.execute(
            update(Device)
            .where(Device.id == store.get_state("server_device_id"))
            .values(last_seen_ms=1_000, created_ms=1_000)
        )
    engine.dispose()
    assert runner.run_once().result == "unauthorized"
    assert outbox.waiting(store) == 1
    log_in_again(store, server_url=server.url, username=username, password=PASSWORD, device_name="t")
    runner.logged_in()
    assert runner.run_once().result == "ok" and outbox.waiting(store) == 0
