"""What a device pulls (SYNC.md guarantees 11 and 12 on top of the change log).

A pull first checks the cursor: one beyond the newest sequence number means the database
is not the one the device synced with (restored from a backup), and is answered with
:class:`CursorAhead`. Then it makes sure the device has been given every team of its
consultant: a team the device has no ``device_team`` row for, pulled with a cursor above 0
(the consultant was just added to it, or logged in again on a tablet that kept its cursor),
is served first as the team's current records, a page at a time, whatever the cursor; the
change log then goes on from the device's cursor. The device merges what it pulls, and the
merge makes receiving a value twice harmless.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import Insert, delete, insert, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server import service
from server.models import Counter, Device, DeviceTeam, Record, Team

STATE_NAMESPACE = uuid.UUID("0b6a3f0e-6f55-4bd6-9d0a-3f7f2a51c3d1")


class CursorAhead(Exception):
    """A pull's ``since`` is beyond the newest sequence number ``newest``."""

    def __init__(self, since: int, newest: int) -> None:
        super().__init__(
            f"the cursor {since} is beyond this server's newest change {newest}: the server database was "
            "restored or replaced; pull from 0 and send the current state of every record again"
        )
        self.newest = newest


def newest_seq(s: Session) -> int:
    """The last sequence number handed out (0 on an empty database)."""
    return int(s.scalar(select(Counter.value).where(Counter.name == "change")) or 0)


def _insert_ignoring_duplicates(s: Session) -> Insert:
    # Two pulls of one device at once may both find a row missing: the second insert must
    # not fail (on PostgreSQL a unique violation would end in a 500).
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(DeviceTeam).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(DeviceTeam).on_conflict_do_nothing()
    return insert(DeviceTeam)


def _pending_team(s: Session, *, device_id: str, teams: set[str], since: int) -> DeviceTeam | None:
    """The first of ``teams`` whose records are still to be given to the device, after
    recording any team the device had not met yet (pending when ``since`` > 0)."""
    rows = {r.team_id: r for r in s.scalars(select(DeviceTeam).where(DeviceTeam.device_id == device_id))}
    missing = sorted(teams - rows.keys())
    if missing:
        s.execute(
            _insert_ignoring_duplicates(s),
            [
                {
                    "device_id": device_id,
                    "team_id": t,
                    "pending": since > 0,
                    "after_seq": 0,
                    "after_entity": "",
                    "after_id": "",
                }
                for t in missing
            ],
        )
        s.commit()
        rows = {r.team_id: r for r in s.scalars(select(DeviceTeam).where(DeviceTeam.device_id == device_id))}
    return next((rows[t] for t in sorted(teams) if t in rows and rows[t].pending), None)


def record_as_changes(record: Record, seq: int) -> list[dict[str, Any]]:
    """A record's current state as changes in the pull's shape: one per distinct stamp, each
    carrying the fields that stamp set, so the receiver's per-field merge keeps whatever it
    holds that is newer. ``op`` is derived from the record and stamp (the same on a repeat)."""
    by_stamp: dict[str, dict[str, Any]] = defaultdict(dict)
    for name, value in record.values.items():
        stamp = record.stamps.get(name)
        if stamp is not None:
            by_stamp[stamp][name] = value
    return [
        {
            "op": str(uuid.uuid5(STATE_NAMESPACE, f"{record.entity}/{record.id}/{stamp}")),
            "entity": record.entity,
            "id": record.id,
            "team": record.team,
            "hlc": stamp,
            "fields": fields,
            "base": {},
            "seq": seq,
        }
        for stamp, fields in sorted(by_stamp.items())
    ]


def _backfill_page(s: Session, row: DeviceTeam, *, since: int, limit: int) -> list[dict[str, Any]]:
    records = s.scalars(
        select(Record)
        .where(
            Record.team == row.team_id,
            tuple_(Record.created_seq, Record.entity, Record.id)
            > tuple_(row.after_seq, row.after_entity, row.after_id),
        )
        .order_by(Record.created_seq, Record.entity, Record.id)
        .limit(limit)
    ).all()
    out: list[dict[str, Any]] = []
    last: Record | None = None
    for record in records:
        changes = record_as_changes(record, since)
        if out and len(out) + len(changes) > limit:
            break
        out += changes
        last = record
    if last is None or (last is records[-1] and len(records) < limit):
        row.pending = False
    else:
        row.after_seq, row.after_entity, row.after_id = last.created_seq, last.entity, last.id
    s.commit()
    return out


def pull(
    s: Session, *, device_id: str, since: int, limit: int, teams: set[str]
) -> tuple[list[dict[str, Any]], int, bool]:
    """One page for a device: ``(changes, cursor, more)``. Changes have the push shape plus
    ``seq``; a page of a team's current records keeps the cursor where it was and says
    ``more``. Raises :class:`CursorAhead` when ``since`` > the newest sequence number."""
    newest = newest_seq(s)
    if since > newest:
        raise CursorAhead(since, newest)
    pending = _pending_team(s, device_id=device_id, teams=teams, since=since)
    if pending is not None:
        return _backfill_page(s, pending, since=since, limit=limit), since, True
    return service.pull(s, since=since, limit=limit, teams=teams)


def teams_of(s: Session, team_ids: set[str]) -> list[dict[str, str]]:
    """``[{"id", "name"}, ...]`` of the given teams, by name."""
    if not team_ids:
        return []
    rows = s.execute(select(Team.id, Team.name).where(Team.id.in_(sorted(team_ids))).order_by(Team.name)).all()
    return [{"id": r.id, "name": r.name} for r in rows]


def forget_deliveries(s: Session, *, consultant_id: str, team_id: str) -> None:
    """After a membership change: the consultant's devices meet the team anew at their next
    pull (given its records if their cursor is above 0). The caller commits."""
    devices = select(Device.id).where(Device.consultant_id == consultant_id).scalar_subquery()
    s.execute(delete(DeviceTeam).where(DeviceTeam.team_id == team_id, DeviceTeam.device_id.in_(devices)))
