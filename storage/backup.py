"""Copies of the local database taken before it is upgraded to a newer schema.

A copy is made with SQLite's online backup API (it reads committed data through the WAL,
so it is consistent even while another connection has the file open) into
``<data dir>/backups/feltmappe-<revision>-<YYYYmmdd-HHMMSS>.db``; only the newest
:data:`KEEP` copies are kept. A copy is an ordinary database file: IT can open it with any
SQLite tool, or put it in place of ``feltmappe.db`` to go back to the version before.

:func:`for_it` gives a database file as the recovery screen hands it to IT.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from contextlib import closing
from datetime import datetime
from pathlib import Path

KEEP = 5
"""How many copies are kept; older ones are deleted after a new one is made."""

FOLDER = "backups"


def copy_before_upgrade(path: Path, revision: str, *, now: datetime | None = None, keep: int = KEEP) -> Path:
    """Copy the database at ``path`` (at schema ``revision``) into the ``backups`` folder next
    to it and return the copy's path; then delete all but the newest ``keep`` copies.

    Raises ``sqlite3.Error`` (or ``OSError``) when the file cannot be read or the copy cannot
    be written; the original is only read, never changed.
    """
    folder = path.parent / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{revision}-{stamp}.db"
    partial = target.with_suffix(".db.partial")
    partial.unlink(missing_ok=True)
    with (
        closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as source,
        closing(sqlite3.connect(partial)) as copy,
    ):
        source.backup(copy)
    # Only a finished copy gets the name; a copy cut off (disk full, app killed) never does.
    partial.replace(target)
    for old in copies(path)[keep:]:
        old.unlink(missing_ok=True)
    return target


def copies(path: Path) -> list[Path]:
    """The copies made of the database at ``path``, newest first."""
    folder = path.parent / FOLDER
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{path.stem}-*.db") if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def for_it(path: Path) -> tuple[str, bytes]:
    """The database at ``path`` as a file to hand to IT, read without changing anything:
    ``(file name, bytes)``, the name as :func:`for_it_name` gives it. Raises ``OSError``
    when the file cannot be read."""
    wal = _wal(path)
    if for_it_name(path) == path.name:
        return path.name, path.read_bytes()
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, path.name)
        archive.write(wal, wal.name)
    return for_it_name(path), packed.getvalue()


def for_it_name(path: Path) -> str:
    """``feltmappe.db``, or ``feltmappe.zip`` (the file and its ``-wal``) when a ``-wal`` file
    next to it holds changes not yet written into it: IT needs the two together."""
    wal = _wal(path)
    return f"{path.stem}.zip" if wal.is_file() and wal.stat().st_size > 0 else path.name


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")
