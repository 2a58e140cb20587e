"""Backups of the server database, and restoring one (``python -m server backup|restore``).

- SQLite: a consistent copy of the live database through SQLite's online backup API
  (readers and writers may go on meanwhile); the backup is itself a SQLite file.
- PostgreSQL: ``pg_dump`` in its custom format (a consistent snapshot of a live database);
  restored with ``pg_restore --clean --single-transaction``, so a failed restore changes
  nothing. The tools are found on PATH or under ``/usr/lib/postgresql/*/bin``.

Restoring is done with the server stopped: it replaces the whole database, and a running
server's open connections would block it (PostgreSQL) or see a database swapped under them.
So ``serve`` holds a shared lock for as long as it runs (:func:`serving`: SQLite, ``flock``
on ``<database>.lock`` beside the file; PostgreSQL, a session-level advisory lock in the
database), and :func:`restore` needs it exclusively: it refuses with :class:`ServerRunning`
while any server process holds the database, and a server does not start during a restore.
Before it replaces anything, a restore writes a copy of the current database (a backup like
any other), so a restore of the wrong file can be undone. It gives the database a new
``epoch``, so every tablet notices and starts over (SYNC.md 12).

A backup never replaces an existing file unless asked (``force``) and never makes a missing
folder; every failure is a :class:`BackupError` whose message is one readable line.
"""

from __future__ import annotations

import fcntl
import glob
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from server.db import make_engine, migrate, normalise_url
from server.meta import renew_epoch


class BackupError(Exception):
    """A backup or restore that could not be made; the message (one line) says why."""


class ServerRunning(BackupError):
    """A restore refused because a server process holds the database."""


SERVE_LOCK_KEY = 0x6665_6C74_6D61_7070  # "feltmapp": the advisory lock ``serve`` holds (PostgreSQL)


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.strip().splitlines() if line.strip())


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("a SQLite database in memory cannot be backed up or restored")
    return Path(url.database)


def pg_tool(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore``: on PATH, else the newest under
    /usr/lib/postgresql/*/bin. Raises BackupError when there is none."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> tuple[int, ...]:
        part = Path(path).parent.parent.name
        return tuple(int(p) for p in part.split(".") if p.isdigit())

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    if not candidates:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return candidates[-1]


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment carrying it (so the
    password never shows in the process list)."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {_one_line(done.stderr)[-2000:]}")


def backup(database_url: str, out: Path, *, force: bool = False) -> None:
    """Write a consistent copy of the (possibly live) database at ``database_url`` to
    ``out``, replacing it only once the copy is whole. Raises BackupError when ``out``
    exists and ``force`` is not given, when its folder does not exist (none is made), and
    when the copy cannot be made or written."""
    url = make_url(normalise_url(database_url))
    if out.is_dir():
        raise BackupError(f"{out} is a folder: give the backup file's name, e.g. {out / 'feltmappe.backup'}")
    if out.exists() and not force:
        raise BackupError(f"{out} exists already: give --force to replace it, or another name")
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist: create it first (backup makes no folders)")
    partial = out.with_name(out.name + ".partial")
    try:
        if url.get_backend_name() == "sqlite":
            source_path = _sqlite_path(url)
            if not source_path.exists():
                raise BackupError(f"no database at {source_path}")
            partial.unlink(missing_ok=True)
            source = sqlite3.connect(source_path)
            try:
                target = sqlite3.connect(partial)
                try:
                    source.backup(target)
                    # One file: a copy in WAL mode grows -wal and -shm files beside it
                    # whenever it is opened, even to be read back by restore.
                    target.execute("PRAGMA journal_mode=DELETE")
                finally:
                    target.close()
            finally:
                source.close()
        elif url.get_backend_name() == "postgresql":
            uri, env = _libpq(url)
            _run([pg_tool("pg_dump"), "--format=custom", f"--file={partial}", f"--dbname={uri}"], env)
        else:
            raise BackupError(f"cannot back up a {url.get_backend_name()} database")
        partial.replace(out)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"cannot write the backup to {out}: {_one_line(str(error))}") from None
    finally:
        if partial.exists():
            partial.unlink(missing_ok=True)


def _lock_file(url: URL) -> Path:
    path = _sqlite_path(url)
    return path.with_name(path.name + ".lock")


@contextmanager
def serving(database_url: str) -> Iterator[None]:
    """Held by ``python -m server serve`` for as long as it runs: tells :func:`restore` that a
    server process holds the database (several servers may hold it at once). Raises
    BackupError when a restore is under way."""
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            yield
            return
        lock = _lock_file(url)
        lock.parent.mkdir(parents=True, exist_ok=True)
        with lock.open("a") as handle:
            if not _flock(handle, fcntl.LOCK_SH):
                raise BackupError(f"a restore of {_sqlite_path(url)} is under way: start the server when it is done")
            yield
        return
    engine = make_engine(database_url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if not conn.scalar(text("SELECT pg_try_advisory_lock_shared(:key)"), {"key": SERVE_LOCK_KEY}):
                raise BackupError("a restore of the database is under way: start the server when it is done")
            yield
    finally:
        engine.dispose()


def _flock(handle: IO[str], mode: int) -> bool:
    try:
        fcntl.flock(handle.fileno(), mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


RUNNING = "a server process is running on this database: stop it first, restore, then start it again"


@contextmanager
def restoring(database_url: str) -> Iterator[None]:
    """Hold the database exclusively, as a restore does: a server does not start meanwhile
    (:func:`serving`). Raises ServerRunning while a server process holds the database,
    BackupError when the database cannot be reached."""
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() == "sqlite":
        lock = _lock_file(url)
        lock.parent.mkdir(parents=True, exist_ok=True)
        with lock.open("a") as handle:
            if not _flock(handle, fcntl.LOCK_EX):
                raise ServerRunning(RUNNING)
            yield
        return
    engine = make_engine(database_url)
    try:
        try:
            conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            free = conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": SERVE_LOCK_KEY})
        except SQLAlchemyError as error:
            raise BackupError(f"cannot reach the database: {_one_line(str(error))[:500]}") from None
        try:
            if not free:
                raise ServerRunning(RUNNING)
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SERVE_LOCK_KEY})
        finally:
            conn.close()
    finally:
        engine.dispose()


def copy_name(url: URL, backup_file: Path, now: datetime | None = None) -> Path:
    """Where :func:`restore` keeps the database it replaces unless told: beside the backup
    file, ``<database name>.before-restore-<UTC time>.<db|pgdump>``."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    if url.get_backend_name() == "sqlite":
        name = _sqlite_path(url).stem
        return backup_file.parent / f"{name}.before-restore-{stamp}.db"
    return backup_file.parent / f"{url.database or 'feltmappe'}.before-restore-{stamp}.pgdump"


def _check_backup_file(url: URL, backup_file: Path) -> None:
    if not backup_file.is_file():
        raise BackupError(f"no backup file at {backup_file}")
    if url.get_backend_name() == "sqlite":
        try:
            source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
            try:
                ok = source.execute("PRAGMA quick_check").fetchone() == ("ok",)
            finally:
                source.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{backup_file} is not a SQLite backup: {error}") from None
        if not ok:
            raise BackupError(f"{backup_file} is a damaged SQLite database")
    elif url.get_backend_name() == "postgresql":
        done = subprocess.run([pg_tool("pg_restore"), "--list", str(backup_file)], capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"{backup_file} is not a PostgreSQL backup: {_one_line(done.stderr)[-500:]}")


def restore(database_url: str, backup_file: Path, *, keep_copy: Path | None = None) -> tuple[str, Path | None]:
    """Replace the database at ``database_url`` with ``backup_file`` (made by :func:`backup`),
    bring its schema up to date and give it a new epoch. First the database as it is is
    written to ``keep_copy`` (default: :func:`copy_name`), a backup like any other. Returns
    the new epoch and the copy (None when there was no database to copy). Raises
    ServerRunning while a server process holds the database, BackupError for any other
    failure (then the database is as it was)."""
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise BackupError(f"cannot restore a {url.get_backend_name()} database")
    _check_backup_file(url, backup_file)
    with restoring(database_url):
        copy: Path | None = keep_copy or copy_name(url, backup_file)
        if url.get_backend_name() == "sqlite" and not _sqlite_path(url).exists():
            copy = None
        if copy is not None:
            backup(database_url, copy)
        if url.get_backend_name() == "sqlite":
            target_path = _sqlite_path(url)
            target_path.parent.mkdir(parents=True, exist_ok=True)
            source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
            try:
                target = sqlite3.connect(target_path)
                try:
                    source.backup(target)  # page by page into the live file, WAL and all
                finally:
                    target.close()
            except sqlite3.Error as error:
                raise BackupError(f"cannot restore into {target_path}: {error}") from None
            finally:
                source.close()
        else:
            uri, env = _libpq(url)
            _run(
                [
                    pg_tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    f"--dbname={uri}",
                    str(backup_file),
                ],
                env,
            )
        engine = make_engine(database_url)
        try:
            migrate(engine)
            with Session(engine) as s:
                epoch = renew_epoch(s)
                s.commit()
        finally:
            engine.dispose()
    return epoch, copy
