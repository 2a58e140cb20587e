"""Spotted tasks, tasks instead of positions, job openings, and the recognition scheme."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import regex

from domain.errors import InvalidInput
from domain.numbers import require_ascii_digits, without_invisible
from domain.text import clean_line, clean_text

LEVELS = (1, 2, 3)
OPENING_STATUSES = ("open", "candidates_sent", "filled", "closed")
PARTICIPANT_ROLES = ("E", "S", "other")
SOCIAL_STATUSES = ("already", "wants", "not_relevant")
MAX_HOURS = 80.0


def parse_hours(value: str | float | None, *, field: str = "hours", required: bool = False) -> float:
    """Hours a week as typed on a tablet: "4", "2,5", "2.5"; empty means 0 unless required.
    Raises :class:`InvalidInput`: ``hours_required``, ``ascii_digits`` (a digit other than
    0-9, which Python would read), ``hours_format`` or ``hours_range`` (with ``limit``)."""
    if isinstance(value, str):
        value = without_invisible(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(field, "hours_required")
        return 0.0
    if isinstance(value, str):
        require_ascii_digits(value, field=field)
    try:
        hours = float(str(value).strip().replace(",", "."))
    except ValueError as exc:
        raise InvalidInput(field, "hours_format") from exc
    if not 0 <= hours <= MAX_HOURS or hours != hours:
        raise InvalidInput(field, "hours_range", limit=int(MAX_HOURS))
    return round(hours, 2)


@dataclass(frozen=True, kw_only=True)
class TaskDraft:
    """A task spotted on the walk-around."""

    area: str
    title: str
    done_by: str = ""
    hours: str | float = ""
    level: int = 1
    green: str = ""
    accommodations: tuple[str, ...] = ()
    accommodation_note: str = ""

    def validated(self, *, green_ids: set[str], accommodation_ids: set[str]) -> dict[str, object]:
        title = clean_line(self.title, field="title")
        if not title:
            raise InvalidInput("title", "task_title_required")
        if self.level not in LEVELS:
            raise InvalidInput("level", "level_unknown")
        if self.green and self.green not in green_ids:
            raise InvalidInput("green", "category_unknown")
        unknown = [a for a in self.accommodations if a not in accommodation_ids]
        if unknown:
            raise InvalidInput("accommodations", "category_unknown")
        return {
            "area": clean_line(self.area, field="area"),
            "title": title,
            "done_by": clean_line(self.done_by, field="done_by"),
            "hours": parse_hours(self.hours),
            "level": self.level,
            "green": self.green,
            "accommodations": sorted(set(self.accommodations)),
            "accommodation_note": clean_text(self.accommodation_note, field="accommodation_note"),
        }


@dataclass(frozen=True)
class PositionTask:
    title: str
    hours: float
    other_profile: bool


@dataclass(frozen=True)
class HoursFreed:
    total: float
    freed: float

    @property
    def remaining(self) -> float:
        return round(self.total - self.freed, 2)


def hours_freed(tasks: list[PositionTask]) -> HoursFreed:
    """Hours of a full-time position's tasks, and how many another profile could take."""
    total = round(sum(t.hours for t in tasks), 2)
    freed = round(sum(t.hours for t in tasks if t.other_profile), 2)
    return HoursFreed(total=total, freed=freed)


@dataclass(frozen=True)
class RecognitionProgress:
    met: int
    total: int
    needed: int

    @property
    def qualifies(self) -> bool:
        return self.met >= self.needed


def recognition_progress(met: dict[str, bool], criteria_ids: list[str], needed: int) -> RecognitionProgress:
    """How many of the scheme's criteria the company meets (ids not in the scheme ignored)."""
    count = sum(1 for cid in criteria_ids if met.get(cid))
    return RecognitionProgress(met=count, total=len(criteria_ids), needed=needed)


def initials(name: str) -> str:
    """A writer's initials for their avatar: the first whole character (grapheme cluster,
    so an emoji with its skin tone or joiners, a flag, a letter with its accent) of the
    first and of the last part of ``name``, a letter in upper case; at most two, so they
    fit in the circle. 'Mette Sørensen' -> 'MS'; 'Anne-Marie Østergaard' -> 'AØ';
    'Ole' -> 'O'; '👷‍♂️ Jens' -> '👷‍♂️J'; a name with no letter, digit or symbol -> '?'."""
    firsts = [first for part in re.split(r"[\s\-]+", name) if (first := _first_cluster(part))]
    picked = firsts[:1] + firsts[1:][-1:]
    return "".join(picked) or "?"


def _first_cluster(part: str) -> str:
    """The first grapheme cluster of ``part`` that starts with a letter, digit or symbol
    (an emoji), a letter upper-cased when that keeps it one character ('ß' stays)."""
    clusters: list[str] = regex.findall(r"\X", part)
    for cluster in clusters:
        if unicodedata.category(cluster[0])[0] in "LNS":
            upper = cluster.upper()
            return upper if len(upper) == len(cluster) else cluster
    return ""


@dataclass(frozen=True, kw_only=True)
class OpeningDraft:
    """A job opening made from selected tasks at the end of a visit."""

    title: str
    task_ids: tuple[str, ...]
    hours: str | float = ""
    accommodations: tuple[str, ...] = ()
    requirements: str = ""
    owner: str = ""
    status: str = "open"

    def validated(self) -> dict[str, object]:
        title = clean_line(self.title, field="title")
        if not title:
            raise InvalidInput("title", "opening_title_required")
        if not self.task_ids:
            raise InvalidInput("task_ids", "opening_needs_tasks")
        if self.status not in OPENING_STATUSES:
            raise InvalidInput("status", "status_unknown")
        return {
            "title": title,
            "task_ids": list(self.task_ids),
            "hours": parse_hours(self.hours),
            "accommodations": sorted(set(self.accommodations)),
            "requirements": clean_text(self.requirements, field="requirements"),
            "owner": clean_line(self.owner, field="owner"),
            "status": self.status,
        }
