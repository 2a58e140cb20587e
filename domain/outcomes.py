"""Outcomes of the team's work, counted from visits, tasks, openings and hires.

Pure counting: the caller hands over plain facts (one per visit, task, opening, hire) and
gets rows grouped per month, per consultant or per team. The method guide's project
figures are kept here as the reference line the team compares itself with.

Tasks and openings count where their visit does. A hire counts from its start date: in
the month it starts, in the periods that include that day, and with its visit's
consultant and team. Until then it is planned (:func:`planned_hires`), not counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from domain.followup import HIRE_KINDS

REFERENCE: dict[str, int] = {
    "companies": 1000,  # "over 1.000 virksomheder"
    "supported": 273,
    "ordinary": 115,
    "education": 33,
}
"""The project behind the method guide: companies visited and hires by kind, over
:data:`REFERENCE_PERIOD`."""

REFERENCE_PERIOD = "2023–2025"


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
    "month": lambda v: _month(v.on),
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


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def outcomes(
    visits: Iterable[VisitFact],
    tasks: Iterable[TaskFact] = (),
    openings: Iterable[OpeningFact] = (),
    hires: Iterable[HireFact] = (),
    *,
    by: str = "month",
    hire_visits: Iterable[VisitFact] | None = None,
) -> list[OutcomeRow]:
    """Counts per group, in key order. Tasks and openings count where their visit does.
    A hire counts in the month it starts, and per consultant or team with its visit;
    ``hires`` are those to count (see :func:`hires_in_period`). ``hire_visits`` are the
    visits the hires may come from, also those outside ``visits`` (a hire that starts in
    the period counts, though the visit that found the job was before it); by default
    ``visits``."""
    visits = list(visits)
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
    found = {v.visit_id: v for v in (visits if hire_visits is None else hire_visits)}
    for h in hires:
        visit = found.get(h.visit_id)
        if visit is not None and h.kind in HIRE_KINDS:
            key = _month(h.start) if by == "month" else key_of(visit)
            tallies.setdefault(key, _Tally()).hires[h.kind] += 1
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


REFERENCE_MONTHS = 36
"""The project's figures cover 2023–2025: three years, 36 months."""

REFERENCE_HIRES = sum(REFERENCE[kind] for kind in HIRE_KINDS)
"""The project's hires of every kind together."""

PERIODS = ("all", "year", "12m")
"""Which visits the screen counts: all of them, this calendar year, the last 12 months."""


def monthly_pace(figure: int, months: int = REFERENCE_MONTHS) -> float:
    """The project's figure spread evenly over its months: the reference line per month."""
    return figure / months


def period_start(period: str, today: date) -> date | None:
    """The first day a period counts from (``None``: from the beginning)."""
    if period == "year":
        return date(today.year, 1, 1)
    if period == "12m":
        month = today.month - 11  # this month and the eleven before it
        return date(today.year, month, 1) if month > 0 else date(today.year - 1, month + 12, 1)
    if period == "all":
        return None
    raise ValueError(f"unknown period {period!r}")


def in_period(visits: Iterable[VisitFact], period: str, today: date) -> list[VisitFact]:
    """The visits a period counts, from its first day up to and including today. Tasks
    and openings follow their visit; hires count by their start (:func:`hires_in_period`)."""
    start = period_start(period, today)
    if start is None:
        return list(visits)
    return [v for v in visits if start <= v.on <= today]


def hires_in_period(hires: Iterable[HireFact], period: str, today: date) -> list[HireFact]:
    """The hires a period counts: those that started from its first day up to and
    including today, whenever their visit was. One that starts later counts in no period
    yet: it is planned."""
    start = period_start(period, today)
    return [h for h in hires if h.start <= today and (start is None or start <= h.start)]


def planned_hires(hires: Iterable[HireFact], today: date) -> list[HireFact]:
    """Hires agreed with a start after today, earliest first: shown as planned."""
    return sorted((h for h in hires if h.start > today and h.kind in HIRE_KINDS), key=lambda h: (h.start, h.kind))


def _empty(key: str) -> OutcomeRow:
    return OutcomeRow(key=key, tasks_by_level={1: 0, 2: 0, 3: 0}, hires={kind: 0 for kind in HIRE_KINDS})


def total(
    visits: Iterable[VisitFact],
    tasks: Iterable[TaskFact] = (),
    openings: Iterable[OpeningFact] = (),
    hires: Iterable[HireFact] = (),
    *,
    hire_visits: Iterable[VisitFact] | None = None,
) -> OutcomeRow:
    """Everything in one row. Companies are counted once, however many months, consultants
    or teams visited them, so this is not the sum of the grouped rows."""
    visits = list(visits)
    hire_visits = [replace(v, team="") for v in (visits if hire_visits is None else hire_visits)]
    rows = outcomes([replace(v, team="") for v in visits], tasks, openings, hires, by="team", hire_visits=hire_visits)
    return rows[0] if rows else _empty("")


def with_empty_months(
    rows: list[OutcomeRow], *, start: date | None = None, end: date | None = None
) -> list[OutcomeRow]:
    """Monthly rows with the months that had no visit as zero rows, from the first row (or
    ``start``, if earlier) to the last (or ``end``, if later), so a chart shows the gaps
    instead of closing them up."""
    by_key = {r.key: r for r in rows}
    firsts = [*by_key, *([f"{start.year:04d}-{start.month:02d}"] if start else [])]
    lasts = [*by_key, *([f"{end.year:04d}-{end.month:02d}"] if end else [])]
    if not firsts or not lasts:
        return []
    first, last = min(firsts), max(lasts)
    year, month = int(first[:4]), int(first[5:7])
    filled: list[OutcomeRow] = []
    while True:
        key = f"{year:04d}-{month:02d}"
        filled.append(by_key.get(key) or _empty(key))
        if key >= last:
            return filled
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
