"""Follow-ups and aftercare: when they fall due, and how a list of them is grouped."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from domain.content import AftercareStep
from domain.errors import InvalidInput

HIRE_KINDS = ("supported", "ordinary", "education")
"""Supported employment, ordinary employment, start of education."""


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later; the last day of the month when that day is missing."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def due_date(start: date, step: AftercareStep) -> date:
    if step.weeks is not None:
        return start + timedelta(weeks=step.weeks)
    assert step.months is not None  # the pack's validator guarantees one of the two
    return add_months(start, step.months)


@dataclass(frozen=True)
class AftercarePlan:
    step_id: str
    title: str
    due: date


def aftercare_plan(start: date, rhythm: list[AftercareStep]) -> list[AftercarePlan]:
    """The check-ins after a hire that started on ``start``, in the pack's rhythm."""
    return [AftercarePlan(step.id, step.title, due_date(start, step)) for step in rhythm]


def bucket(due: date, today: date) -> str:
    """'overdue', 'this_week' (up to and including this Sunday) or 'later'."""
    if due < today:
        return "overdue"
    sunday = today + timedelta(days=6 - today.weekday())
    return "this_week" if due <= sunday else "later"


def parse_day(text: str, *, field: str = "due") -> date:
    """A date as typed in Denmark: dd-mm-åååå (also with '.' or '/', and without leading zeros)."""
    parts = [p for p in re.split(r"[-./ ]", (text or "").strip()) if p]
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        raise InvalidInput(field, "date_format")
    day, month, year = (int(p) for p in parts)
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidInput(field, "date_invalid") from exc


def format_day(value: date) -> str:
    """The form :func:`parse_day` reads: dd-mm-åååå."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"
