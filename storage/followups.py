"""Repositories for job openings, hires and follow-ups (with aftercare)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select

from domain.content import AftercareStep
from domain.errors import InvalidInput
from domain.followup import HIRE_KINDS, aftercare_plan
from domain.merge import counted, counter_total
from domain.records import FollowUp, Hire, JobOpening
from domain.tasks import OPENING_STATUSES, OpeningDraft
from domain.text import clean_line, clean_text
from storage.db import Store
from storage.models import Company, Opening, Task, Visit
from storage.models import FollowUp as FollowUpRow
from storage.models import Hire as HireRow


def _opening(r: Opening) -> JobOpening:
    return JobOpening(
        id=r.id,
        visit_id=r.visit_id,
        company_id=r.company_id,
        title=r.title,
        task_ids=tuple(r.task_ids or ()),
        hours=r.hours,
        accommodations=tuple(r.accommodations or ()),
        requirements=r.requirements,
        owner=r.owner,
        status=r.status,
        candidates_sent=counter_total(r.candidates_sent),
        author=r.author,
    )


def create_opening(store: Store, *, visit_id: str, draft: OpeningDraft, author: str) -> str:
    """An opening from selected tasks; hours and accommodations default to the tasks' own."""
    fields: dict[str, Any] = draft.validated()
    with store.read() as s:
        visit = s.get(Visit, visit_id)
        if visit is None:
            raise InvalidInput("visit_id", "visit_unknown")
        rows = s.scalars(select(Task).where(Task.id.in_(fields["task_ids"]), Task.visit_id == visit_id)).all()
        if len(rows) != len(fields["task_ids"]):
            raise InvalidInput("task_ids", "task_unknown")
        company_id = visit.company_id
    if not fields["hours"]:
        fields["hours"] = round(sum(r.hours for r in rows), 2)
    if not fields["accommodations"]:
        fields["accommodations"] = sorted({a for r in rows for a in (r.accommodations or ())})
    fields.update(
        visit_id=visit_id,
        company_id=company_id,
        author=clean_line(author, field="author"),
        created=date.today().isoformat(),
    )
    opening_id = str(uuid.uuid4())
    store.save("opening", opening_id, fields)
    return opening_id


def update_opening(store: Store, *, opening_id: str, **fields: Any) -> None:
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "status":
            if value not in OPENING_STATUSES:
                raise InvalidInput(key, "status_unknown")
            clean[key] = value
        elif key == "owner":
            clean[key] = clean_line(value, field=key)
        elif key == "candidates_sent":
            if not isinstance(value, int) or isinstance(value, bool):
                raise InvalidInput(key, "whole_number")
            if value < 0:
                raise InvalidInput(key, "count_below_zero")
            with store.read() as s:
                row = s.get(Opening, opening_id)
                # A counter: this tablet changes only its own count, so candidates another
                # tablet sent meanwhile still add up (domain/merge.py).
                clean[key] = counted(row.candidates_sent if row is not None else {}, store.device_id, value)
        elif key == "requirements":
            clean[key] = clean_text(value, field=key)
        else:
            raise KeyError(key)
    store.save("opening", opening_id, clean)


def openings(store: Store, *, visit_id: str | None = None) -> list[JobOpening]:
    with store.read() as s:
        query = select(Opening).where(Opening.deleted.is_(False))
        if visit_id is not None:
            query = query.where(Opening.visit_id == visit_id)
        return [_opening(r) for r in s.scalars(query.order_by(Opening.hlc))]


def add_followup(
    store: Store,
    *,
    visit_id: str,
    title: str,
    owner: str,
    due: date,
    author: str,
    opening_id: str = "",
) -> str:
    title = clean_line(title, field="title")
    if not title:
        raise InvalidInput("title", "followup_title_required")
    owner = clean_line(owner, field="owner")
    if not owner:
        raise InvalidInput("owner", "followup_owner_required")
    fid = str(uuid.uuid4())
    store.save(
        "followup",
        fid,
        {
            "visit_id": visit_id,
            "title": title,
            "owner": owner,
            "due": due.isoformat(),
            "kind": "followup",
            "done": False,
            "author": clean_line(author, field="author"),
            "opening_id": opening_id,
        },
    )
    return fid


def rename_followup(store: Store, *, followup_id: str, title: str) -> None:
    """Change what a follow-up is about; raises :class:`InvalidInput` for an empty title."""
    title = clean_line(title, field="title")
    if not title:
        raise InvalidInput("title", "followup_title_required")
    store.save("followup", followup_id, {"title": title})


def complete_followup(store: Store, *, followup_id: str, note: str = "", done: bool = True) -> None:
    store.save("followup", followup_id, {"done": done, "done_note": clean_text(note, field="done_note")})


def followups(
    store: Store, *, visit_id: str | None = None, include_done: bool = False, owner: str | None = None
) -> list[FollowUp]:
    """Follow-ups by due date (across all visits unless ``visit_id`` is given)."""
    query = (
        select(FollowUpRow, Company.name)
        .join(Visit, Visit.id == FollowUpRow.visit_id, isouter=True)
        .join(Company, Company.id == Visit.company_id, isouter=True)
        .where(FollowUpRow.deleted.is_(False))
    )
    if visit_id is not None:
        query = query.where(FollowUpRow.visit_id == visit_id)
    if not include_done:
        query = query.where(FollowUpRow.done.is_(False))
    if owner:
        query = query.where(FollowUpRow.owner == owner)
    with store.read() as s:
        return [
            FollowUp(
                id=r.id,
                visit_id=r.visit_id,
                title=r.title,
                owner=r.owner,
                due=date.fromisoformat(r.due),
                kind=r.kind,
                done=r.done,
                done_note=r.done_note,
                company_name=name or "",
                opening_id=r.opening_id,
                hire_id=r.hire_id,
            )
            for r, name in s.execute(query.order_by(FollowUpRow.due, FollowUpRow.hlc)).all()
        ]


def count_overdue(store: Store, *, today: date, owner: str | None = None) -> int:
    """How many open follow-ups were due before ``today`` (what domain.followup.bucket calls
    overdue), counted in the database: the home screen asks on every visit to it."""
    query = select(func.count()).where(
        FollowUpRow.deleted.is_(False), FollowUpRow.done.is_(False), FollowUpRow.due < today.isoformat()
    )
    if owner:
        query = query.where(FollowUpRow.owner == owner)
    with store.read() as s:
        return int(s.scalar(query) or 0)


def record_hire(
    store: Store,
    *,
    opening_id: str,
    kind: str,
    start: date,
    owner: str,
    author: str,
    rhythm: list[AftercareStep],
    note: str = "",
) -> str:
    """Record a hire on an opening; its aftercare check-ins are planned in the same commit."""
    if kind not in HIRE_KINDS:
        raise InvalidInput("kind", "hire_kind_unknown")
    owner = clean_line(owner, field="owner")
    if not owner:
        raise InvalidInput("owner", "followup_owner_required")
    with store.read() as s:
        opening = s.get(Opening, opening_id)
        if opening is None or opening.deleted:
            raise InvalidInput("opening_id", "opening_unknown")
        visit_id = opening.visit_id
    hire_id = str(uuid.uuid4())
    with store.write() as s:
        store.save_in(
            s,
            "hire",
            hire_id,
            {
                "opening_id": opening_id,
                "visit_id": visit_id,
                "kind": kind,
                "start_date": start.isoformat(),
                "note": clean_text(note, field="note"),
                "author": clean_line(author, field="author"),
            },
        )
        for step in aftercare_plan(start, rhythm):
            store.save_in(
                s,
                "followup",
                str(uuid.uuid4()),
                {
                    "visit_id": visit_id,
                    "opening_id": opening_id,
                    "hire_id": hire_id,
                    "kind": "aftercare",
                    "title": step.title,
                    "owner": owner,
                    "due": step.due.isoformat(),
                    "done": False,
                    "author": clean_line(author, field="author"),
                },
            )
        store.save_in(s, "opening", opening_id, {"status": "filled"})
    return hire_id


def hires(store: Store, *, opening_id: str | None = None) -> list[Hire]:
    with store.read() as s:
        query = select(HireRow).where(HireRow.deleted.is_(False))
        if opening_id is not None:
            query = query.where(HireRow.opening_id == opening_id)
        return [
            Hire(
                id=r.id, opening_id=r.opening_id, kind=r.kind, start_date=date.fromisoformat(r.start_date), note=r.note
            )
            for r in s.scalars(query.order_by(HireRow.hlc))
        ]
