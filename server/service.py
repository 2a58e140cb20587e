"""The sync rules of ../shared/SYNC.md on the server side: accept, merge, log, serve.

A push runs in one transaction that first locks the change counter, so pushes commit one
after another and the sequence numbers a puller sees are never filled in behind it
(guarantee 4), on SQLite and on PostgreSQL alike. Each change is checked on its own;
a refused one is listed with its reason and the rest of the batch is accepted (7, 8).
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, insert, inspect, or_, select, update
from sqlalchemy.orm import Session

from domain.clock import HybridLogicalClock, parse
from domain.field_rules import FieldRefused, clean_fields, conflict_id, future_field_problem
from domain.merge import Loser, merge
from server.models import Change, Counter, Record
from sync.protocol import DELETED, ENTITY_FIELDS
from sync.protocol import Change as ChangeIn

MAX_SKEW_MS = 10 * 60 * 1000
MAX_TEXT = 20_000
MAX_STR = 300

_clock = HybridLogicalClock("server")


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass
class PushResult:
    accepted: list[str] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)  # Refusal.answer


def _value_ok(kind: str, value: Any) -> bool:
    if kind == "text":
        return isinstance(value, str) and len(value) <= MAX_TEXT
    if kind == "str":
        return isinstance(value, str) and len(value) <= MAX_STR
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**53
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) < 1e12
    if kind == "json":
        return isinstance(value, list | dict)
    if kind == "map":  # the items a change touched: {item: a plain value}
        return (
            isinstance(value, dict)
            and all(v is None or isinstance(v, bool | int | float | str) for v in value.values())
            and len(json.dumps(value, ensure_ascii=False)) <= MAX_TEXT
        )
    if kind == "counter":  # {device: its own count}, or a plain count from an older tablet
        counts = value.values() if isinstance(value, dict) else [value]
        return len(counts) <= 1000 and all(_value_ok("int", v) and abs(v) < 2**31 for v in counts)
    return False


@dataclass(frozen=True)
class Refusal:
    """Why a well-formed change is refused: ``reason`` is the contract's code (SYNC.md);
    for a field's value or name, ``field`` names it and ``detail`` says the rule in words."""

    reason: str
    field: str = ""
    detail: str = ""

    def answer(self, op: str) -> dict[str, str]:
        """The entry of the push answer's ``rejected``: ``{"op", "reason"}``, with ``field``
        and ``detail`` when a field is at fault."""
        entry = {"op": op, "reason": self.reason}
        if self.field:
            entry |= {"field": self.field, "detail": self.detail}
        return entry


KIND_WORDS = {
    "text": f"text of at most {MAX_TEXT} characters",
    "str": f"a string of at most {MAX_STR} characters",
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "json": "a list or an object",
    "map": f"an object of plain values, at most {MAX_TEXT} characters as JSON",
    "counter": "an object of whole numbers per device",
}


def refusal(change: ChangeIn, teams: set[str], server_ms: int) -> Refusal | None:
    """Why a well-formed change cannot be accepted, or None. The values' rules beyond their
    kind are :func:`domain.field_rules.clean_fields`' (see :func:`push`)."""
    schema = ENTITY_FIELDS.get(change.entity)
    if schema is None:
        return Refusal("unknown_entity")
    if str(change.team) not in teams:
        return Refusal("forbidden_team")
    if parse(change.hlc)[0] > server_ms + MAX_SKEW_MS:
        return Refusal("clock_skew")
    for name, value in change.fields.items():
        if name == DELETED:
            if not isinstance(value, bool):
                return Refusal("bad_value", name, f"{name}: must be true or false")
            continue
        kind = schema.get(name)
        if kind is None:
            # A field a newer tablet knows and this server does not yet: kept as it came
            # (guarantee 10), within the bounds of any field, under a name the rule allows.
            problem = future_field_problem(name)
            if problem is not None:
                return Refusal("unknown_field", name, f"{name}: {problem}")
            if not _unknown_value_ok(value):
                return Refusal("bad_value", name, f"{name}: must be JSON of at most {MAX_TEXT} characters")
        elif not _value_ok(kind, value):
            return Refusal("bad_value", name, f"{name}: must be {KIND_WORDS.get(kind, kind)}")
    return None


def _unknown_value_ok(value: Any) -> bool:
    """A string, number, bool, null, list or object of at most MAX_TEXT characters as JSON."""
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int) and abs(value) >= 2**53:
        return False
    if isinstance(value, int | float | str | list | dict):
        return len(json.dumps(value, ensure_ascii=False)) <= MAX_TEXT
    return False


def push(s: Session, *, changes: list[ChangeIn], teams: set[str], device_id: str) -> PushResult:
    """Apply a batch; the caller commits. Idempotent by ``op``."""
    result = PushResult()
    server_ms = now_ms()
    # Lock the counter first: later pushes wait here until this one has committed.
    s.execute(update(Counter).where(Counter.name == "change").values(value=Counter.value))
    seq = int(s.scalar(select(Counter.value).where(Counter.name == "change")) or 0)
    ops = [str(c.op) for c in changes]
    known = set(s.scalars(select(Change.op).where(Change.op.in_(ops)))) if ops else set()
    # By the primary key (entity, id), which its index serves whatever the history's size.
    # Written as "entity = ? AND id IN (...)" per entity: SQLite scans the whole table for a
    # row-value "(entity, id) IN (VALUES ...)".
    ids_by_entity: dict[str, set[str]] = {}
    for c in changes:
        ids_by_entity.setdefault(c.entity, set()).add(str(c.id))
    by_key = [and_(Record.entity == e, Record.id.in_(sorted(ids))) for e, ids in sorted(ids_by_entity.items())]
    records = {(r.entity, r.id): r for r in s.scalars(select(Record).where(or_(*by_key)))} if by_key else {}
    log: list[dict[str, Any]] = []

    def add_to_log(change: ChangeIn, device: str) -> None:
        nonlocal seq
        seq += 1
        record = records[(change.entity, str(change.id))]
        if inspect(record).pending and record.created_seq == 0:  # made by this change
            record.created_seq = seq
        log.append(
            {
                "seq": seq,
                "op": str(change.op),
                "entity": change.entity,
                "record_id": str(change.id),
                "team": str(change.team),
                "hlc": change.hlc,
                "fields": change.fields,
                "base": change.base,
                "device_id": device,
                "received_ms": server_ms,
            }
        )

    for change in changes:
        op = str(change.op)
        if op in known:
            result.accepted.append(op)
            continue
        refused = refusal(change, teams, server_ms)
        record = records.get((change.entity, str(change.id)))
        if refused is None and record is not None and record.team != str(change.team):
            refused = Refusal("team_mismatch")
        if refused is None:
            # Text kept as the tablet keeps it, each value by the domain's rule for it.
            try:
                cleaned = clean_fields(
                    change.entity,
                    change.fields,
                    stored=record.values if record is not None else None,
                    record_id=str(change.id),
                )
            except FieldRefused as bad:
                refused = Refusal("bad_value", bad.field, str(bad))
            else:
                change = change.model_copy(update={"fields": cleaned})
        if refused is not None:
            result.rejected.append(refused.answer(op))
            continue
        _clock.observe(change.hlc)
        conflicts = _merge(s, change, records)
        add_to_log(change, device_id)
        for conflict in conflicts:
            add_to_log(conflict, "server")
        known.add(op)
        result.accepted.append(op)
    if log:
        s.execute(insert(Change), log)
        s.execute(update(Counter).where(Counter.name == "change").values(value=seq))
    return result


def _merge(
    s: Session, change: ChangeIn, records: dict[tuple[str, str], Record], *, prefetched: bool = True
) -> list[ChangeIn]:
    """Fold a change into the record's merged state with the one merge rule
    (:func:`domain.merge.merge`); return the conflict records to log, one per text value
    that lost and is not kept already. ``records`` holds the batch's records, loaded with
    one query before the loop."""
    key = (change.entity, str(change.id))
    record = records.get(key)
    if record is None and not prefetched:
        with s.no_autoflush:
            record = s.get(Record, key)
    if record is None:
        record = Record(
            entity=change.entity, id=str(change.id), team=str(change.team), values={}, stamps={}, created_seq=0
        )
        s.add(record)
    records[key] = record
    merged = merge(
        record.values,
        record.stamps,
        fields=change.fields,
        hlc=change.hlc,
        base=change.base,
        kinds=ENTITY_FIELDS.get(change.entity, {}),
    )
    record.values, record.stamps = merged.values, merged.stamps
    conflicts = []
    for loser in merged.losers:
        conflict = _conflict(change, loser, record.team)
        conflict_key = (conflict.entity, str(conflict.id))
        with s.no_autoflush:
            kept = records.get(conflict_key) or s.get(Record, conflict_key)
        if kept is not None:
            continue  # this very value is kept aside already (a change seen again)
        conflicts.append(conflict)
        _merge(s, conflict, records, prefetched=False)
    return conflicts


def _conflict(change: ChangeIn, loser: Loser, team: str) -> ChangeIn:
    """The conflict record keeping ``loser``: named by the record, the field and the losing
    stamp (the same losing value is one conflict however often it arrives); its change's op
    is new, since a conflict is made once, for one accepted change."""
    return ChangeIn(
        op=uuid.uuid4(),
        entity="conflict",
        id=conflict_id(entity=change.entity, record_id=str(change.id), field=loser.field, loser_hlc=loser.loser_hlc),
        team=uuid.UUID(team),
        hlc=_clock.tick(),
        fields={
            "entity": change.entity,
            "record_id": str(change.id),
            "field": loser.field,
            "value": loser.value if isinstance(loser.value, str) else "",
            "loser_hlc": loser.loser_hlc,
            "winner_hlc": loser.winner_hlc,
            "reason": loser.reason,
            "resolved": False,
        },
        base={},
    )


def pull(s: Session, *, since: int, limit: int, teams: set[str]) -> tuple[list[dict[str, Any]], int, bool]:
    """Changes of the caller's teams after ``since``, in sequence order."""
    if not teams:
        return [], since, False
    rows = s.scalars(
        select(Change).where(Change.seq > since, Change.team.in_(sorted(teams))).order_by(Change.seq).limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    out = [
        {
            "op": r.op,
            "entity": r.entity,
            "id": r.record_id,
            "team": r.team,
            "hlc": r.hlc,
            "fields": r.fields,
            "base": r.base,
            "seq": r.seq,
        }
        for r in rows
    ]
    cursor = rows[-1].seq if rows else since
    return out, cursor, more
