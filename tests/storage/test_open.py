"""Opening the tablet's database: a copy before every upgrade, and a file the app cannot use
is reported by kind and left exactly as it was (the app then shows its recovery screen)."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, select

from domain.company import CompanyDraft
from storage import backup, repo
from storage.db import Store, UnusableDatabase, make_engine, migrate
from storage.models import HeldChange
from tests.storage.test_failed_migration import revision, snapshot
from tests.storage.test_migrations import HEAD, database_at_first_migration


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_upgrade_is_preceded_by_a_copy_of_the_database_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "feltmappe.db"
    database_at_first_migration(path)
    before = snapshot(path)

    Store(path).close()

    [copy] = backup.copies(path)
    assert copy.parent == tmp_path / "backups"
    assert copy.name.startswith("feltmappe-0001-") and copy.suffix == ".db"
    assert snapshot(copy) == before and revision(copy) == "0001"
    assert revision(path) == HEAD


def test_no_copy_when_there_is_nothing_to_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "feltmappe.db"
    Store(path).close()  # a new database
    Store(path).close()  # already at the newest schema
    assert backup.copies(path) == []


# What takes SQLite's write lock or changes the file.
WRITING = ("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE", "INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


@contextmanager
def statements_run() -> Iterator[list[str]]:
    """Every statement SQLite is asked to run on the connections opened meanwhile."""
    seen: list[str] = []

    def trace(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.set_trace_callback(seen.append)

    event.listen(Engine, "connect", trace)
    try:
        yield seen
    finally:
        event.remove(Engine, "connect", trace)


@pytest.mark.parametrize("held", [None, {"entity": "bil", "fields": {"nummerplade": "AB 12 345"}}])
def test_a_start_with_nothing_to_do_writes_nothing(tmp_path: Path, held: dict[str, object] | None) -> None:
    """A start at the newest schema with nothing held (or only what this version does not
    understand yet) neither changes the file nor takes the write lock."""
    path = tmp_path / "feltmappe.db"
    store = Store(path)
    repo.save_company(store, draft=CompanyDraft(name="Hansens Smedje ApS"))
    if held is not None:
        with store.write() as s:
            s.add(HeldChange(record_id="r1", team=store.team_id, hlc=store.clock.tick(), base={}, **held))
    store.close()
    before = digest(path)

    with statements_run() as seen:
        store = Store(path)
        store.close()

    assert seen, "the trace saw the start"
    assert [sql for sql in seen if sql.lstrip().upper().startswith(WRITING)] == []
    assert digest(path) == before
    if held is not None:
        store = Store(path)
        with store.read() as s:
            assert [h.fields for h in s.scalars(select(HeldChange))] == [held["fields"]]  # still held
        store.close()


def test_only_the_newest_copies_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "feltmappe.db"
    Store(path).close()
    start = datetime(2026, 11, 24, 14, 5)
    made = [backup.copy_before_upgrade(path, "0005", now=start + timedelta(minutes=n)) for n in range(backup.KEEP + 2)]
    assert backup.copies(path) == made[::-1][: backup.KEEP]
    assert len(list((tmp_path / "backups").iterdir())) == backup.KEEP  # no partial copies left either


def test_no_upgrade_without_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "feltmappe.db"
    database_at_first_migration(path)
    before = digest(path)
    (tmp_path / "backups").write_text("a file where the folder should be")
    with pytest.raises(UnusableDatabase) as refused:
        Store(path)
    assert refused.value.kind == "migration_failed" and refused.value.revision == "0001"
    assert digest(path) == before and revision(path) == "0001"


def garbage(path: Path) -> None:
    path.write_bytes(b"Feltmappe? No: these bytes are not an SQLite database.\n" * 200)


def half_a_header(path: Path) -> None:
    Store(path).close()
    path.write_bytes(path.read_bytes()[:60])


def damaged_page(path: Path) -> None:
    store = Store(path)
    for n in range(300):
        repo.save_company(store, draft=CompanyDraft(name=f"Firma {n} ApS"))
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[3 * page : 4 * page] = b"\xa5" * page  # a page of a table or index, overwritten
    path.write_bytes(bytes(data))


def newer_schema(path: Path) -> None:
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")


def upgrade_that_fails(path: Path) -> None:
    """A database at 0005 that already has a column 0006 adds: the upgrade fails."""
    engine = make_engine(path)
    migrate(engine, "0005")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE participant ADD COLUMN phone TEXT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (garbage, "corrupt"),
        (half_a_header, "corrupt"),
        (damaged_page, "corrupt"),
        (newer_schema, "too_new"),
        (upgrade_that_fails, "migration_failed"),
    ],
)
def test_a_database_the_app_cannot_use_is_reported_and_left_as_it_was(
    tmp_path: Path, make: Callable[[Path], None], kind: str
) -> None:
    path = tmp_path / "feltmappe.db"
    make(path)
    before = digest(path)

    with pytest.raises(UnusableDatabase) as refused:
        Store(path)

    assert (refused.value.kind, refused.value.path) == (kind, path)
    assert refused.value.detail
    assert digest(path) == before


def test_a_newer_database_names_its_revision(tmp_path: Path) -> None:
    path = tmp_path / "feltmappe.db"
    newer_schema(path)
    with pytest.raises(UnusableDatabase) as refused:
        Store(path)
    assert refused.value.revision == "0099_from_the_future"
    assert backup.copies(path) == []  # not touched, not even copied


def test_the_file_for_it_is_the_database_or_a_zip_with_its_wal(tmp_path: Path) -> None:
    path = tmp_path / "feltmappe.db"
    garbage(path)
    assert backup.for_it(path) == ("feltmappe.db", path.read_bytes())

    live = tmp_path / "live.db"
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE note (text TEXT)")
    writer.execute("INSERT INTO note VALUES ('kun i WAL-filen')")
    writer.commit()
    name, data = backup.for_it(live)
    writer.close()
    assert name == "live.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["live.db", "live.db-wal"]
        folder = tmp_path / "unpacked"
        archive.extractall(folder)
    with sqlite3.connect(folder / "live.db") as conn:
        assert conn.execute("SELECT text FROM note").fetchall() == [("kun i WAL-filen",)]
