"""A server restored from last night's backup (SYNC.md guarantee 12), with real tablets:
after a backup, three companies are pushed, the backup is restored and one more company is
pushed. The tablets see the new epoch, start over (pull from 0, send everything they hold
again), and everyone ends with all five companies, the server too. Its own module: the
restore replaces this module's server database."""

from __future__ import annotations

from pathlib import Path

from domain.company import CompanyDraft
from storage import repo
from sync.client import SyncClient
from sync.transport import HttpTransport
from tests.server_harness import Server, cli, launch
from tests.sync.support import LogCursor, Logins, Tablet, make_tablet, server_log, snapshot


def names(tablet: Tablet) -> set[str]:
    return {name for _id, name, *_ in repo.find_companies(tablet.store, limit=100)}


def test_backup_pushes_restore_and_every_tablet_converges_with_nothing_lost(server: Server, tmp_path: Path) -> None:
    logins = Logins(server, 3)
    start = LogCursor(server, str(logins.answers[0]["token"])).advance()
    a, b = (make_tablet(tmp_path / name, server, logins.next()) for name in ("a", "b"))
    for tablet in (a, b):
        tablet.store.set_state("pull_cursor", str(start))
    repo.save_company(a.store, draft=CompanyDraft(name="Før backup ApS"))
    for tablet in (a, b):
        tablet.client.sync()

    backup = tmp_path / "nightly.backup"
    cli(server.database, "backup", "--out", str(backup))
    for i in range(1, 4):
        repo.save_company(a.store, draft=CompanyDraft(name=f"Efter backup {i} ApS"))
    for tablet in (a, b):
        tablet.client.sync()
    assert len(names(b)) == 4

    server.proc.terminate()
    server.proc.wait(10)
    cli(server.database, "restore", str(backup))
    server.url, server.proc = launch(server.database, tmp_path)
    for tablet in (a, b):
        tablet.client = SyncClient(tablet.store, tablet.photos, HttpTransport(server.url, tablet.token))

    repo.save_company(a.store, draft=CompanyDraft(name="Efter restore ApS"))
    for tablet in (a, b, a, b):
        tablet.client.sync()

    everything = {
        "Før backup ApS",
        "Efter backup 1 ApS",
        "Efter backup 2 ApS",
        "Efter backup 3 ApS",
        "Efter restore ApS",
    }
    assert names(a) == names(b) == everything
    on_server = {c["fields"].get("name") for c in server_log(server, a.token)[0] if c["entity"] == "company"}
    assert everything <= on_server
    assert snapshot(a.store) == snapshot(b.store)

    late = make_tablet(tmp_path / "late", server, logins.next(), url=server.url)
    late.client.sync()  # a tablet paired later gets it all from the restored server
    assert everything <= names(late)
