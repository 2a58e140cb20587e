"""The server's database: engine for SQLite or PostgreSQL (psycopg 3), migrations at start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

MIGRATIONS = Path(__file__).parent / "migrations"


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite: WAL, synchronous=FULL; PostgreSQL: a pool of 10 + 20).
    ``hide_parameters``: an error or log line names the statement, never the values bound
    to it (a note's text, a password hash)."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA busy_timeout=30000")
            # Up to 64 MiB of pages per connection: the indexes of a long history stay in
            # memory (a push to 200,000 records ran at about 60 % of the speed without).
            cur.execute("PRAGMA cache_size=-65536")
            # Checkpoint when the WAL holds 8,000 pages (32 MiB), not SQLite's 1,000: a push
            # to a long history dirties ~1,300 pages per batch of 500 (a new record's id and
            # its change's op land at random places in their indexes), so at 1,000 every
            # commit copied all it wrote; a longer WAL copies a page dirtied by several
            # batches once (measured: 42 % fewer pages copied; see bench/bench_sync.py).
            cur.execute("PRAGMA wal_autocheckpoint=8000")
            cur.close()

        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, hide_parameters=True)


def describe_error(error: DBAPIError) -> str:
    """A database error for the log: its kind, the database's own first sentence and the
    statement, never the values (PostgreSQL's DETAIL repeats a refused row's values, so it is
    left out; ``hide_parameters`` keeps SQLAlchemy's own text free of them)."""
    orig = error.orig
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None) or (str(orig).splitlines() or [""])[0]
    return f"{type(orig).__name__}: {primary} [SQL: {error.statement}]"


def migrate(engine: Engine) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
