"""Databases made before names were folded with ``domain.text.fold`` are searchable after
the upgrade (migration 0008 makes ``company.name_folded`` anew): a name pasted with a
decomposed letter or a zero-width space is found by what a person types."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from storage import repo
from storage.db import Store, make_engine, migrate
from storage.models import OutboxEntry

DECOMPOSED = "A\u030arhus Havn ApS"


def test_an_older_database_with_decomposed_names_is_searchable_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    migrate(engine, "0007")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO company (id, team, hlc, stamps, deleted, name, name_folded) "
                "VALUES (:id, 't', '1-0-d', '{}', 0, :name, :folded)"
            ),
            # What the app before this one stored: the name as pasted, case-folded as it was.
            [
                {"id": "old", "name": DECOMPOSED, "folded": DECOMPOSED.casefold()},
                {"id": "zwsp", "name": "Bager\u200bhuset", "folded": "bager\u200bhuset"},
            ],
        )
    engine.dispose()
    store = Store(path)
    try:
        assert [cid for cid, _ in repo.find_companies(store, search="århus")] == ["old"]
        assert [cid for cid, _ in repo.find_companies(store, search="bagerhuset")] == ["zwsp"]
        with store.read() as s:
            assert s.scalars(select(OutboxEntry)).all() == []  # a local column: nothing to send
    finally:
        store.close()
