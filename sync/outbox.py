"""The outbox as the sync client sees it: what waits to be pushed, and acknowledging it.

The store appends to the outbox in the same transaction as each local write; this module
only reads it and removes entries once the server has accepted them (never before).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select

from domain.waiting import WaitingChange
from storage.db import Store
from storage.models import OutboxEntry
from sync.protocol import Change


def waiting(store: Store) -> int:
    """How many changes wait to be sent."""
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxEntry)) or 0)


def held(store: Store) -> int:
    """How many waiting changes are held back because the server does not know their record
    type yet (they go out once a server that knows it takes them)."""
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.held != "")) or 0)


def waiting_changes(store: Store) -> list[WaitingChange]:
    """Every waiting change, reduced to what a person is told about it (see
    :func:`domain.waiting.summarise`); the fields themselves are not loaded."""
    photo = func.json_extract(OutboxEntry.fields, "$.photo")
    with store.read() as s:
        rows = s.execute(select(OutboxEntry.entity, OutboxEntry.record_id, OutboxEntry.hlc, photo)).all()
    return [
        WaitingChange(entity, record_id, stamp, photo if entity == "task" and isinstance(photo, str) else "")
        for entity, record_id, stamp, photo in rows
    ]


def pending(store: Store, *, limit: int = 500) -> list[Change]:
    """The oldest waiting changes, in the order they were made."""
    with store.read() as s:
        rows = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq).limit(limit)).all()
        return [
            Change.model_validate(
                {
                    "op": r.op,
                    "entity": r.entity,
                    "id": r.record_id,
                    "team": r.team,
                    "hlc": r.hlc,
                    "fields": r.fields,
                    "base": r.base,
                }
            )
            for r in rows
        ]


def acknowledge(store: Store, ops: Iterable[str]) -> int:
    """Remove the changes the server accepted; returns how many were removed."""
    accepted = [str(op) for op in ops]
    if not accepted:
        return 0
    with store.write() as s:
        result = s.execute(delete(OutboxEntry).where(OutboxEntry.op.in_(accepted)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
