"""Facts about the server database itself, kept in its ``meta`` table.

``epoch`` is a UUID naming the database's generation (SYNC.md guarantee 12): made by the
migration that created the table, made anew by ``python -m server restore``. A tablet that
sees it change starts over (pulls from 0 and sends the current state of its records).
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Meta

EPOCH = "epoch"


def epoch(s: Session) -> str:
    """The database's epoch (a UUID string). Raises LookupError when it has none, which
    only a database not migrated by ``server.db.migrate`` can lack."""
    value = s.scalar(select(Meta.value).where(Meta.key == EPOCH))
    if value is None:
        raise LookupError("the server database has no epoch: run its migrations")
    return value


def renew_epoch(s: Session) -> str:
    """Give the database a new epoch (after a restore); the caller commits. Returns it."""
    value = str(uuid.uuid4())
    row = s.get(Meta, EPOCH)
    if row is None:
        s.add(Meta(key=EPOCH, value=value))
    else:
        row.value = value
    return value
