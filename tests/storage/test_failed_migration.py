"""A migration that fails halfway leaves the database exactly as it was: every migration of
one upgrade runs in one SQLite transaction, DDL included, and is rolled back as a whole."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from storage import repo
from storage.db import MIGRATIONS, Store, make_engine, migrate
from tests.storage.test_migrations import COMPANY, VISIT, database_at_first_migration


def snapshot(path: Path) -> list[str]:
    """Every schema statement and every row of the file, as SQL text."""
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def revision(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        [(found,)] = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    return str(found)


def failing_migrations(tmp_path: Path) -> Path:
    """The app's migrations, with 0006 made to fail after its DDL (a batch's
    statements run when its block ends)."""
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    failing = folder / "versions" / "0006_contact.py"
    source = failing.read_text(encoding="utf-8")
    after_ddl = "\n\ndef downgrade"
    assert after_ddl in source
    failing.write_text(
        source.replace(after_ddl, '    raise RuntimeError("the disk is full")' + after_ddl, 1), encoding="utf-8"
    )
    return folder


def test_a_migration_that_fails_halfway_leaves_schema_and_data_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "feltmappe.db"
    database_at_first_migration(path)
    engine = make_engine(path)
    migrate(engine, "0004")  # 0005 (new columns, data filled in) and the failing 0006 are ahead
    engine.dispose()
    before = snapshot(path)

    engine = make_engine(path)
    with pytest.raises(RuntimeError, match="the disk is full"):
        migrate(engine, migrations=failing_migrations(tmp_path))
    engine.dispose()

    assert snapshot(path) == before  # 0005's columns and 0006's first one are gone again
    assert revision(path) == "0004"

    # The app (with migrations that work) opens it afterwards and upgrades it whole.
    store = Store(path)
    company = repo.get_company(store, company_id=COMPANY)
    assert company is not None and company.name == "Æblehaven ApS"
    assert [v.id for v in repo.list_visits(store)] == [VISIT]
    store.close()
