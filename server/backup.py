"""Backups of the server database, and restoring one (``python -m server backup|restore``).

- SQLite: a consistent copy of the live database through SQLite's online backup API
  (readers and writers may go on meanwhile); the backup is itself a SQLite file.
- PostgreSQL: ``pg_dump`` in its custom format (a consistent snapshot of a live database);
  restored with ``pg_restore --clean --single-transaction``, so a failed restore changes
  nothing. The tools are found on PATH or under ``/usr/lib/postgresql/*/bin``.

Restoring is done with the server stopped: it replaces the whole database, and a running
server's open connections would block it (PostgreSQL) or see a database swapped under them.
It gives the database a new ``epoch``, so every tablet notices and starts over (SYNC.md 12).
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from server.db import make_engine, migrate, normalise_url
from server.meta import renew_epoch


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why."""


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
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def backup(database_url: str, out: Path) -> None:
    """Write a consistent copy of the (possibly live) database at ``database_url`` to
    ``out``, replacing it only once the copy is whole. Raises BackupError."""
    url = make_url(normalise_url(database_url))
    partial = out.with_name(out.name + ".partial")
    out.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source_path = _sqlite_path(url)
        if not source_path.exists():
            raise BackupError(f"no database at {source_path}")
        partial.unlink(missing_ok=True)
        source = sqlite3.connect(source_path)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    elif url.get_backend_name() == "postgresql":
        uri, env = _libpq(url)
        _run([pg_tool("pg_dump"), "--format=custom", f"--file={partial}", f"--dbname={uri}"], env)
    else:
        raise BackupError(f"cannot back up a {url.get_backend_name()} database")
    partial.replace(out)


def restore(database_url: str, backup_file: Path) -> str:
    """Replace the database at ``database_url`` with ``backup_file`` (made by :func:`backup`),
    bring its schema up to date and give it a new epoch, which is returned. The server must
    be stopped meanwhile. Raises BackupError (then the database is as it was)."""
    if not backup_file.is_file():
        raise BackupError(f"no backup file at {backup_file}")
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() == "sqlite":
        try:
            source = sqlite3.connect(backup_file)
            if source.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError(f"{backup_file} is a damaged SQLite database")
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{backup_file} is not a SQLite backup: {error}") from None
        target_path = _sqlite_path(url)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)  # page by page into the live file, WAL and all
        finally:
            target.close()
            source.close()
    elif url.get_backend_name() == "postgresql":
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
    else:
        raise BackupError(f"cannot restore a {url.get_backend_name()} database")
    engine = make_engine(database_url)
    try:
        migrate(engine)
        with Session(engine) as s:
            epoch = renew_epoch(s)
            s.commit()
    finally:
        engine.dispose()
    return epoch
