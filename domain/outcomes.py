"""Outcomes of the team's work, counted from visits, tasks, openings and hires.

Pure counting: the caller hands over plain facts (one per visit, task, opening, hire) and
gets rows grouped per month, per consultant or per team. The method guide's project
figures are kept here as the reference line the team compares itself with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from domain.followup import HIRE_KINDS

REFERENCE = {
    "period": "2023–2025",
    "companies": 1000,  # "over 1.000 virksomheder"
    "supported": 273,
    "ordinary": 115,
    "education": 33,
}
"""The project behind the method guide: companies visited and hires by kind, 2023–2025."""


@dataclass(frozen=True, kw_only=True)
class VisitFact:
    visit_id: str
    company_id: str
    on: date
    consultant: str = ""
    team: str = ""
    covisit: bool = False  # a partner from another organisation took part


@dataclass(frozen=True, kw_only=True)
class TaskFact:
    visit_id: str
    level: int
    green: str = ""


@dataclass(frozen=True, kw_only=True)
class OpeningFact:
    visit_id: str


@dataclass(frozen=True, kw_only=True)
class HireFact:
    visit_id: str
    kind: str
    start: date


@dataclass(frozen=True, kw_only=True)
class OutcomeRow:
    key: str
    companies: int = 0
    visits: int = 0
    covisits: int = 0
    tasks: int = 0
    tasks_by_level: dict[int, int] = field(default_factory=dict)
    tasks_by_green: dict[str, int] = field(default_factory=dict)
    openings: int = 0
    hires: dict[str, int] = field(default_factory=dict)


GROUPS: dict[str, Callable[[VisitFact], str]] = {
    "month": lambda v: f"{v.on.year:04d}-{v.on.month:02d}",
    "consultant": lambda v: v.consultant,
    "team": lambda v: v.team,
}


@dataclass
class _Tally:
    companies: set[str] = field(default_factory=set)
    visits: int = 0
    covisits: int = 0
    levels: Counter[int] = field(default_factory=Counter)
    green: Counter[str] = field(default_factory=Counter)
    openings: int = 0
    hires: Counter[str] = field(default_factory=Counter)


def outcomes(
    visits: Iterable[VisitFact],
    tasks: Iterable[TaskFact] = (),
    openings: Iterable[OpeningFact] = (),
    hires: Iterable[HireFact] = (),
    *,
    by: str = "month",
) -> list[OutcomeRow]:
    """Counts per group, in key order. Tasks, openings and hires count where their visit
    does; a hire counts in the month its visit took place (the visit found the job)."""
    key_of = GROUPS[by]
    tallies: dict[str, _Tally] = {}
    visit_key: dict[str, str] = {}
    for v in visits:
        key = visit_key[v.visit_id] = key_of(v)
        tally = tallies.setdefault(key, _Tally())
        tally.companies.add(v.company_id)
        tally.visits += 1
        tally.covisits += int(v.covisit)
    for t in tasks:
        if t.visit_id in visit_key:
            tally = tallies[visit_key[t.visit_id]]
            tally.levels[t.level] += 1
            if t.green:
                tally.green[t.green] += 1
    for o in openings:
        if o.visit_id in visit_key:
            tallies[visit_key[o.visit_id]].openings += 1
    for h in hires:
        if h.visit_id in visit_key and h.kind in HIRE_KINDS:
            tallies[visit_key[h.visit_id]].hires[h.kind] += 1
    return [
        OutcomeRow(
            key=key,
            companies=len(tally.companies),
            visits=tally.visits,
            covisits=tally.covisits,
            tasks=sum(tally.levels.values()),
            tasks_by_level={level: tally.levels[level] for level in (1, 2, 3)},
            tasks_by_green=dict(sorted(tally.green.items())),
            openings=tally.openings,
            hires={kind: tally.hires[kind] for kind in HIRE_KINDS},
        )
        for key, tally in sorted(tallies.items())
    ]
