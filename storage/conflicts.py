"""Conflicting versions: text two tablets changed at once, kept for a person to resolve,
and the changes the server refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from domain.text import clean_text
from storage.db import Store
from storage.models import ENTITIES, Company, Conflict, RejectedChange, Visit


@dataclass(frozen=True, kw_only=True)
class OpenConflict:
    id: str
    entity: str
    record_id: str
    field: str
    current: str  # the value that won everywhere
    other: str  # the concurrent value that lost
    label: str  # what the record is, for a person: a company's name, a note's first words
    reason: str = "concurrent"  # or "deleted": the text was changed after the record was deleted


def _label(s: Any, entity: str, record_id: str) -> str:
    model = ENTITIES.get(entity)
    row = s.get(model, record_id) if model is not None else None
    if row is None:
        return ""
    for attribute in ("name", "title", "text", "answer", "area_id", "card_id"):
        value = getattr(row, attribute, None)
        if isinstance(value, str) and value:
            return value[:80]
    if isinstance(row, Visit):
        company = s.get(Company, row.company_id)
        return company.name if company is not None else row.date
    return ""


def open_conflicts(store: Store, *, visit_id: str | None = None) -> list[OpenConflict]:
    """Unresolved conflicts, optionally only those about one visit's records."""
    with store.read() as s:
        rows = s.scalars(select(Conflict).where(Conflict.resolved.is_(False), Conflict.deleted.is_(False))).all()
        out = []
        for c in rows:
            model = ENTITIES.get(c.entity)
            record = s.get(model, c.record_id) if model is not None else None
            if record is None:
                continue
            if visit_id is not None:
                belongs = c.record_id == visit_id or getattr(record, "visit_id", None) == visit_id
                if isinstance(record, Company):
                    visit = s.get(Visit, visit_id)
                    belongs = visit is not None and visit.company_id == record.id
                if not belongs:
                    continue
            out.append(
                OpenConflict(
                    id=c.id,
                    entity=c.entity,
                    record_id=c.record_id,
                    field=c.field,
                    current="" if c.reason == "deleted" else str(getattr(record, c.field, "") or ""),
                    other=c.value,
                    label=_label(s, c.entity, c.record_id),
                    reason=c.reason,
                )
            )
        return out


def count_open(store: Store) -> int:
    """How many conflicts wait for a person (the badge shows it on every screen)."""
    with store.read() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(Conflict)
                .where(Conflict.resolved.is_(False), Conflict.deleted.is_(False))
            )
            or 0
        )


def resolve(store: Store, *, conflict: OpenConflict, value: str) -> None:
    """Keep ``value`` (one of the two, or a merge of them); both writes sync. For a text
    changed after its record was deleted, keeping it restores the record with it."""
    value = clean_text(value, field=conflict.field)
    fields: dict[str, Any] = {conflict.field: value}
    if conflict.reason == "deleted":
        fields["_deleted"] = False
    with store.write() as s:
        store.save_in(s, conflict.entity, conflict.record_id, fields)
        store.save_in(s, "conflict", conflict.id, {"resolved": True})


def keep_deleted(store: Store, *, conflict: OpenConflict) -> None:
    """Settle a text changed after its record was deleted by leaving the record deleted."""
    store.save("conflict", conflict.id, {"resolved": True})


@dataclass(frozen=True)
class Refused:
    op: str
    entity: str
    reason: str
    summary: str


def refused_changes(store: Store) -> list[Refused]:
    with store.read() as s:
        return [
            Refused(r.op, r.entity, r.reason, _refused_summary(r.fields))
            for r in s.scalars(select(RejectedChange).order_by(RejectedChange.hlc))
        ]


def _refused_summary(fields: dict[str, Any]) -> str:
    """The words a person recognises the change by: its texts, not the ids it points to."""
    texts = [
        " ".join(value.split())
        for key, value in fields.items()
        if isinstance(value, str) and value.strip() and not key.endswith("_id") and key not in ("photo", "team")
    ]
    summary = " · ".join(texts) or ", ".join(sorted(fields))
    return summary if len(summary) <= 120 else summary[:119] + "…"
