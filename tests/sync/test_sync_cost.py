"""What a sync costs the tablet's own database: a sync with nothing new asks it the same
few questions however many photos its tasks name, and the server's epoch is read from
it once per login, not at every batch; a new login (another server) reads it again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

from domain.company import CompanyDraft
from domain.tasks import TaskDraft
from storage import repo, visit_records
from storage.db import Store
from storage.photos import PhotoStore
from sync.client import SyncClient, pair, unpair
from tests.server_harness import PASSWORD, Server, start_server
from tests.sync.support import server_log


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """Every statement the store's engine runs meanwhile, with the values bound to it."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        seen.append(f"{sql} {parameters!r}")

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


def paired(folder: Path, server: Server) -> tuple[Store, SyncClient]:
    store = Store(folder / "t.db")
    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name=folder.name)
    return store, SyncClient(store, PhotoStore(folder / "photos"))


def with_photos(store: Store, count: int) -> None:
    """``count`` tasks, each naming a photo that no tablet has sent (the server lacks it)."""
    company = repo.save_company(store, draft=CompanyDraft(name="Foto ApS"))
    visit = repo.create_visit(store, company_id=company, content_version="x")
    for n in range(count):
        visit_records.save_task(
            store,
            visit_id=visit,
            draft=TaskDraft(area="Lager", title=f"Opgave {n}"),
            author="Ole",
            green_ids=[],
            accommodation_ids=[],
            photo=f"{n:064x}",
        )


def test_an_empty_sync_asks_the_tablet_the_same_whatever_the_photos(server: Server, tmp_path: Path) -> None:
    counts = []
    for photos in (1, 40):
        store, client = paired(tmp_path / f"t{photos}", server)
        with_photos(store, photos)
        client.sync()  # sends them; each photo is asked for once and found missing
        client.sync()
        with statements(store) as seen:
            assert client.sync() == (0, 0)
        counts.append(len(seen))
        assert not [sql for sql in seen if "server_epoch" in sql]  # read at the first sync, kept
        store.close()
    assert counts[0] == counts[1]


def test_a_new_login_to_another_server_is_not_taken_for_a_restore(server: Server, tmp_path: Path) -> None:
    store, client = paired(tmp_path / "t", server)
    repo.save_company(store, draft=CompanyDraft(name="Første Server ApS"))
    client.sync()  # the first server's epoch is known now
    unpair(store)
    other = start_server(f"sqlite:///{tmp_path / 'other.db'}", tmp_path)
    try:
        pair(store, server_url=other.url, username="ole", password=PASSWORD, device_name="t")
        company = repo.save_company(store, draft=CompanyDraft(name="Anden Server ApS"))
        client.sync()  # the same client, without a restart
        token = str(other.login("ole", device="reader")["token"])
        log, _ = server_log(other, token)
        # Sent once: not sent again as if the other server had been restored from a backup.
        assert [c["id"] for c in log if c["entity"] == "company"] == [company]
    finally:
        other.proc.terminate()
        other.proc.wait(10)
        store.close()
