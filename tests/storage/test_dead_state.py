"""Local state nothing reads any more is dropped on upgrade (migration 0009: the clock's
old stored offset), and the rest of the state is kept."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from storage.db import Store, make_engine, migrate


def test_the_old_clock_offset_is_dropped_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    migrate(engine, "0008")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO local_state (key, value) VALUES (:k, :v)"),
            [{"k": "clock_offset", "v": "900000"}, {"k": "language", "v": "en"}],
        )
    engine.dispose()
    store = Store(path)
    try:
        assert store.get_state("clock_offset") == ""
        assert store.get_state("language") == "en"
    finally:
        store.close()
