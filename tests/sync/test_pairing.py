"""Pairing, logging in again and disconnecting, against the real server over HTTP.

- Pairing is one local transaction: a failure or a killed app between storing the login
  and moving the records made before pairing leaves nothing of the pairing behind.
- Logging in again after the server refused the token replaces only the login (also at a
  new server address) and keeps the outbox, the pull cursor and the team; the same sync
  client sends what waited, without a restart (SYNC.md 9).
- Disconnecting revokes the token on the server, works without the server, and is
  refused while changes wait.
- A server whose certificate is not trusted is named as such.
"""

from __future__ import annotations

import http.server
import json
import signal
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import trustme
from sqlalchemy import select

from domain.company import CompanyDraft
from storage import repo, visit_records
from storage.db import Store
from storage.models import ENTITIES, OutboxEntry
from storage.photos import PhotoStore
from sync import outbox
from sync.client import SyncClient, log_in_again, pair, pairing, unpair
from sync.errors import CertificateError, NotPaired, Offline, Unauthorized, WrongTeam
from sync.runner import SyncRunner
from tests.e2e.conftest import free_port
from tests.server_harness import PASSWORD, ROOT, Server, cli

VISIT = "6f1c0c8e-4b7e-4c1a-9d7e-000000000001"


def teams_of(store: Store) -> dict[str, set[str]]:
    """Each synced table's teams, and the outbox's."""
    with store.read() as s:
        found = {name: set(s.scalars(select(model.team))) for name, model in ENTITIES.items()}
        found["outbox"] = set(s.scalars(select(OutboxEntry.team)))
    return {name: teams for name, teams in found.items() if teams}


def made_before_pairing(path: Path) -> Store:
    store = Store(path)
    repo.save_company(store, draft=CompanyDraft(name="Før Parring ApS"))
    visit_records.add_note(store, visit_id=VISIT, field="general", text="Skrevet før parring", author="Ole")
    return store


def nothing_of_the_pairing(store: Store, local_team: str) -> None:
    """The tablet is as it was before pairing: no login, every record in its own team."""
    assert pairing(store) is None
    for key in ("server_url", "token", "server_device_id", "consultant_name", "teams"):
        assert store.get_state(key) == "", key
    assert store.team_id == local_team == store.get_state("local_team")
    assert {team for teams in teams_of(store).values() for team in teams} == {local_team}


def pulled_texts(server: Server, username: str = "mette") -> str:
    """What another device of the team pulls from the server, over HTTP."""
    answer = server.session(username).get(f"{server.url}/api/v1/sync/pull", params={"since": 0, "limit": 500})
    answer.raise_for_status()
    return json.dumps(answer.json()["changes"], ensure_ascii=False)


def test_a_failure_while_moving_the_records_stores_nothing_of_the_pairing(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = made_before_pairing(tmp_path / "t.db")
    local_team = store.team_id

    def full_disk(*_args: Any, **_kwargs: Any) -> int:
        raise OSError("disk full while moving the records")

    # Whatever step moves the records fails (the names before and after the mend).
    monkeypatch.setattr(Store, "move_to_team", full_disk)
    monkeypatch.setattr(Store, "move_to_team_in", full_disk, raising=False)
    with pytest.raises(OSError):
        pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    nothing_of_the_pairing(store, local_team)

    monkeypatch.undo()  # the next try goes through, and the records go with it
    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    assert store.team_id == server.team
    assert teams_of(store) == {"company": {server.team}, "note": {server.team}, "outbox": {server.team}}
    SyncClient(store, PhotoStore(tmp_path / "photos")).sync()
    assert "Skrevet før parring" in pulled_texts(server)


# Pairs with the real server; the step that moves the records says when it is reached
# and then hangs, so the test can kill the app right there.
KILLED_CHILD = """
import sys
import time
from pathlib import Path

from storage.db import Store
from sync.client import pair

path, url, when = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
store = Store(path)


def hanging(original):
    def move(*args, **kwargs):
        if when == "before":
            print("moving", flush=True)
            time.sleep(120)
        moved = original(*args, **kwargs)
        print("moving", flush=True)
        time.sleep(120)
        return moved

    return move


for name in ("move_to_team", "move_to_team_in"):
    if hasattr(Store, name):
        setattr(Store, name, hanging(getattr(Store, name)))
pair(store, server_url=url, username="ole", password=sys.argv[4], device_name="killed")
print("paired", flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("when", ["before", "after"])
def test_an_app_killed_while_pairing_starts_again_unpaired_as_it_was(server: Server, tmp_path: Path, when: str) -> None:
    """Killed as the records are about to move, or after they moved but before pairing
    ended: the one transaction never committed, so the restarted app is unpaired with its
    records where they were (never a login with the records left in the old team), and
    pairs at the next try."""
    path = tmp_path / "t.db"
    local_team = made_before_pairing(path).team_id
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_CHILD, str(path), server.url, when, PASSWORD],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(60, child.kill)
    watchdog.start()
    try:
        assert child.stdout is not None
        said = child.stdout.readline().strip()
        child.send_signal(signal.SIGKILL)
    finally:
        watchdog.cancel()
        _, err = child.communicate()
    assert said == "moving", err
    assert child.returncode == -signal.SIGKILL, err

    store = Store(path)
    nothing_of_the_pairing(store, local_team)  # the kill came before the one commit
    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    assert {team for teams in teams_of(store).values() for team in teams} == {server.team}


@pytest.fixture
def refused(server: Server, tmp_path: Path) -> Iterator[tuple[Store, SyncRunner]]:
    """A paired tablet that synced once; then the office revoked its device and the
    consultant wrote two notes. The runner has met the refusal."""
    store = Store(tmp_path / "t.db")
    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    runner = SyncRunner(store, SyncClient(store, PhotoStore(tmp_path / "photos")))
    repo.save_company(store, draft=CompanyDraft(name="Sendt før ApS"))
    assert runner.run_once().result == "ok"
    cli(server.database, "revoke-device", "--device", store.get_state("server_device_id"))
    for text in ("Første note efter spærringen", "Anden note efter spærringen"):
        visit_records.add_note(store, visit_id=VISIT, field="general", text=text, author="Ole")
    assert runner.run_once().result == "unauthorized"
    yield store, runner
    store.close()


def test_logging_in_again_replaces_only_the_login_and_sends_what_waited(
    server: Server, refused: tuple[Store, SyncRunner]
) -> None:
    store, runner = refused
    cursor, team, old_token, old_device = (
        store.get_state("pull_cursor"),
        store.team_id,
        store.get_state("token"),
        store.get_state("server_device_id"),
    )
    with store.read() as s:
        waiting = set(s.scalars(select(OutboxEntry.op)))
    assert len(waiting) == 2 and int(cursor) > 0

    log_in_again(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    with store.read() as s:
        assert set(s.scalars(select(OutboxEntry.op))) == waiting  # the same changes, untouched
    assert store.get_state("pull_cursor") == cursor
    assert store.team_id == team == store.get_state("local_team")
    assert store.get_state("token") not in ("", old_token)
    assert store.get_state("server_device_id") not in ("", old_device)

    runner.logged_in()
    assert runner.run_once().result == "ok" and outbox.waiting(store) == 0  # the same client
    texts = pulled_texts(server)
    assert "Første note efter spærringen" in texts and "Anden note efter spærringen" in texts


def test_a_login_at_a_new_server_address_takes_effect_without_a_restart(
    server: Server, refused: tuple[Store, SyncRunner]
) -> None:
    store, runner = refused
    moved = server.url.replace("127.0.0.1", "localhost")  # the same server by another name
    log_in_again(store, server_url=moved + "/", username="ole", password=PASSWORD, device_name="t")
    assert store.get_state("server_url") == moved
    runner.logged_in()
    assert runner.run_once().result == "ok" and outbox.waiting(store) == 0
    assert "Anden note efter spærringen" in pulled_texts(server)


@pytest.mark.parametrize(
    ("username", "password", "error"),
    [("ole", "forkert kode", Unauthorized), ("eva", PASSWORD, WrongTeam)],  # eva: another team
)
def test_a_refused_login_again_changes_nothing(
    server: Server, refused: tuple[Store, SyncRunner], username: str, password: str, error: type[Exception]
) -> None:
    store, _ = refused
    before = {key: store.get_state(key) for key in ("server_url", "token", "server_device_id", "teams", "pull_cursor")}
    with pytest.raises(error):
        log_in_again(store, server_url=server.url, username=username, password=password, device_name="t")
    assert {key: store.get_state(key) for key in before} == before
    assert outbox.waiting(store) == 2


def test_logging_in_again_needs_a_paired_tablet(server: Server, tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    with pytest.raises(NotPaired):
        log_in_again(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    assert pairing(store) is None


def has_logout(server: Server) -> bool:
    return "/api/v1/logout" in requests.get(f"{server.url}/openapi.json", timeout=10).json()["paths"]


def test_disconnecting_revokes_the_token_on_the_server(server: Server, tmp_path: Path) -> None:
    if not has_logout(server):
        pytest.skip("this server has no /api/v1/logout yet (SYNC.md lists it)")
    store = Store(tmp_path / "t.db")
    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    token = store.get_state("token")
    assert unpair(store) is True
    assert pairing(store) is None and store.get_state("pull_cursor") == ""
    answer = requests.get(
        f"{server.url}/api/v1/sync/pull", params={"since": 0}, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 401


class NoLogout(http.server.BaseHTTPRequestHandler):
    """A server from before logout: every path it does not know is a 404."""

    def do_POST(self) -> None:
        body = b'{"detail": "Not Found"}'
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def older_server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NoLogout)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("where", ["offline", "older server"])
def test_disconnecting_works_without_a_server_that_revokes(
    server: Server, tmp_path: Path, older_server: str, where: str
) -> None:
    store = Store(tmp_path / "t.db")
    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    SyncClient(store, PhotoStore(tmp_path / "photos")).sync()
    store.set_state("server_url", f"http://127.0.0.1:{free_port()}" if where == "offline" else older_server)
    assert unpair(store) is False  # the token may still work there: the office can revoke the device
    assert pairing(store) is None and store.get_state("token") == "" and store.get_state("pull_cursor") == ""
    assert all(teams == {server.team} for teams in teams_of(store).values())  # the records keep their team...
    assert store.team_id != server.team  # ...and new ones wait in a local team for the next pairing


def test_disconnecting_is_refused_while_changes_wait_and_revokes_nothing(server: Server, tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    repo.save_company(store, draft=CompanyDraft(name="Venter ApS"))
    with pytest.raises(NotPaired):
        unpair(store)
    assert pairing(store) is not None and outbox.waiting(store) == 1
    SyncClient(store, PhotoStore(tmp_path / "photos")).sync()  # the token still works
    assert outbox.waiting(store) == 0


@pytest.fixture
def untrusted_https() -> Iterator[str]:
    """An HTTPS server whose certificate comes from an authority the tablet does not trust."""
    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NoLogout)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_certificate_the_tablet_does_not_trust_is_named(tmp_path: Path, untrusted_https: str) -> None:
    store = Store(tmp_path / "t.db")
    with pytest.raises(CertificateError) as raised:
        pair(store, server_url=untrusted_https, username="ole", password=PASSWORD, device_name="t")
    assert raised.value.code == "certificate" and isinstance(raised.value, Offline)  # offline to the sync loop
    assert pairing(store) is None


def test_after_disconnecting_a_new_pairing_moves_only_what_was_made_offline(server: Server, tmp_path: Path) -> None:
    """A tablet disconnected from Herning's team and paired by eva (Esbjerg): the records it
    pulled from Herning keep their team; what was made while unpaired joins Esbjerg."""
    colleague = Store(tmp_path / "mette.db")
    pair(colleague, server_url=server.url, username="mette", password=PASSWORD, device_name="mette")
    herning_company = repo.save_company(colleague, draft=CompanyDraft(name="Herning Stål ApS"))
    SyncClient(colleague, PhotoStore(tmp_path / "mette-photos")).sync()

    store = Store(tmp_path / "t.db")
    photos = PhotoStore(tmp_path / "photos")
    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="tablet")
    SyncClient(store, photos).sync()
    unpair(store)
    offline = repo.save_company(store, draft=CompanyDraft(name="Lavet uden forbindelse ApS"))
    pair(store, server_url=server.url, username="eva", password=PASSWORD, device_name="tablet")
    SyncClient(store, photos).sync()

    with store.read() as s:
        company = ENTITIES["company"]
        team_of = dict(s.execute(select(company.id, company.team)).all())
    assert team_of[herning_company] == server.team
    assert team_of[offline] == server.other_team
    assert outbox.waiting(store) == 0
    colleague.close()
    store.close()
