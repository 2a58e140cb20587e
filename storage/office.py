"""What the team at the office reads from the synced records: the openings board and the
plain facts the outcome counts are made from. Read-only; changes go through
:mod:`storage.followups`."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from domain.board import ACTIVE, BoardOpening, BoardTask
from domain.merge import counter_total
from domain.outcomes import HireFact, OpeningFact, TaskFact, VisitFact
from storage.db import Store
from storage.models import Company, Hire, Opening, Participant, Task, Visit


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def board(store: Store) -> list[BoardOpening]:
    """Every opening the tablet knows (its own and, after sync, the team's), with its
    company and the tasks it is made of."""
    # Only the columns the board shows: loading whole rows would decode every record's
    # stamps too, which is most of the time for a board of thousands.
    with store.read() as s:
        rows = s.execute(
            select(
                Opening.id,
                Opening.visit_id,
                Opening.company_id,
                Opening.title,
                Opening.task_ids,
                Opening.hours,
                Opening.accommodations,
                Opening.requirements,
                Opening.owner,
                Opening.status,
                Opening.candidates_sent,
                Opening.author,
                Opening.created,
                Company.name,
                Visit.date,
            )
            .join(Company, Company.id == Opening.company_id, isouter=True)
            .join(Visit, Visit.id == Opening.visit_id, isouter=True)
            .where(Opening.deleted.is_(False))
        ).all()
        visit_ids = {row.visit_id for row in rows}
        tasks = {
            task_id: BoardTask(title=title, area=area, hours=hours, level=level, green=green)
            for task_id, title, area, hours, level, green in s.execute(
                select(Task.id, Task.title, Task.area, Task.hours, Task.level, Task.green).where(
                    Task.deleted.is_(False), Task.visit_id.in_(visit_ids)
                )
            )
        }
    return [
        BoardOpening(
            id=row.id,
            visit_id=row.visit_id,
            company_id=row.company_id,
            company_name=row.name or "",
            title=row.title,
            task_ids=tuple(row.task_ids or ()),
            tasks=tuple(tasks[i] for i in (row.task_ids or ()) if i in tasks),
            hours=row.hours,
            accommodations=tuple(row.accommodations or ()),
            requirements=row.requirements,
            owner=row.owner,
            status=row.status,
            candidates_sent=counter_total(row.candidates_sent),
            author=row.author,
            created=_day(row.created) or _day(row.date or ""),
        )
        for row in rows
    ]


@dataclass(frozen=True, kw_only=True)
class Facts:
    visits: list[VisitFact]
    tasks: list[TaskFact]
    openings: list[OpeningFact]
    hires: list[HireFact]


def team_names(store: Store) -> dict[str, str]:
    """The names of the teams the paired account belongs to, by id."""
    try:
        teams = json.loads(store.get_state("teams") or "[]")
    except ValueError:
        return {}
    return {str(t["id"]): str(t["name"]) for t in teams if isinstance(t, dict) and "id" in t and "name" in t}


def outcome_facts(store: Store) -> Facts:
    """One fact per visit, task, opening and hire. A visit's consultant is who made it, or
    (for visits from before that was recorded) its first job-centre participant; it is a
    co-visit when someone from the business council (role E) took part or a partner is named."""
    names = team_names(store)
    with store.read() as s:
        people: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for visit_id, name, role in s.execute(
            select(Participant.visit_id, Participant.name, Participant.role)
            .where(Participant.deleted.is_(False))
            .order_by(Participant.hlc)
        ):
            people[visit_id].append((name, role))
        visits = []
        for v in s.scalars(select(Visit).where(Visit.deleted.is_(False))):
            on = _day(v.date)
            if on is None:
                continue
            here = people.get(v.id, [])
            consultant = v.consultant or next((n for n, r in here if r == "S"), "")
            covisit = bool(v.partner_name.strip() or v.partner_org.strip()) or any(r == "E" for _, r in here)
            visits.append(
                VisitFact(
                    visit_id=v.id,
                    company_id=v.company_id,
                    on=on,
                    consultant=consultant,
                    team=names.get(v.team, ""),
                    covisit=covisit,
                )
            )
        tasks = [
            TaskFact(visit_id=visit_id, level=level, green=green)
            for visit_id, level, green in s.execute(
                select(Task.visit_id, Task.level, Task.green).where(Task.deleted.is_(False))
            )
        ]
        openings = [
            OpeningFact(visit_id=visit_id)
            for visit_id in s.scalars(select(Opening.visit_id).where(Opening.deleted.is_(False)))
        ]
        hires = [
            HireFact(visit_id=visit_id, kind=kind, start=start)
            for visit_id, kind, text in s.execute(
                select(Hire.visit_id, Hire.kind, Hire.start_date).where(Hire.deleted.is_(False))
            )
            if (start := _day(text)) is not None
        ]
    return Facts(visits=visits, tasks=tasks, openings=openings, hires=hires)


def count_active(store: Store) -> int:
    """How many openings someone still works on (open or candidates sent), for the home screen."""
    with store.read() as s:
        return int(
            s.scalar(select(func.count()).where(Opening.deleted.is_(False), Opening.status.in_(sorted(ACTIVE)))) or 0
        )
