"""The outbox as the screens see it: what waits to be pushed, held or refused, and taking
refused changes back.

The store appends to the outbox in the same transaction as each local write; the sync
client (:mod:`sync.client`) sends it and removes entries once the server has accepted
them (never before).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select

from domain.waiting import WaitingChange
from storage.db import Store
from storage.models import ENTITIES, OutboxEntry, RejectedChange

ACCESS_REFUSALS = frozenset({"forbidden_team"})
"""Refusals for who may write, not for what the change says: once the office gives the
consultant the team again, the same change is welcome (:func:`send_again`)."""


def waiting(store: Store) -> int:
    """How many changes wait to be sent."""
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxEntry)) or 0)


def held(store: Store) -> int:
    """How many waiting changes are held back because the server does not know their record
    type yet (they go out once a server that knows it takes them)."""
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.held != "")) or 0)


def refused(store: Store) -> int:
    """How many changes the server refused and the tablet keeps to show (and send again)."""
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(RejectedChange)) or 0)


def send_again(
    store: Store,
    *,
    reasons: Collection[str] | None = None,
    teams: Collection[str] | None = None,
    records: Collection[tuple[str, str]] | None = None,
) -> int:
    """Take refused changes back into the outbox ("Send igen", or the server lists the
    record's team among the consultant's again): each goes out as its record whole, every
    field with the stamp it has, ahead of the record's edits still waiting, so a colleague
    never receives half a record (the address edited later without the name refused
    before). Only those refused for one of ``reasons``, of records of ``teams``, and of the
    ``records`` named ``(entity, id)``, when given. A refused change whose record is not on
    the tablet stays where it is, shown. Returns how many refused changes were taken back;
    one the server refuses again comes back to the refused list."""
    with store.write() as s:
        taken: list[RejectedChange] = []
        for r in s.scalars(select(RejectedChange).order_by(RejectedChange.hlc)):
            if reasons is not None and r.reason not in reasons:
                continue
            if records is not None and (r.entity, r.record_id) not in records:
                continue
            model = ENTITIES.get(r.entity)
            row = s.get(model, r.record_id) if model is not None else None
            if row is None or (teams is not None and row.team not in teams):
                continue
            taken.append(r)
        store.queue_records_again_in(s, [(r.entity, r.record_id) for r in taken])
        for r in taken:
            s.delete(r)
        return len(taken)


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
