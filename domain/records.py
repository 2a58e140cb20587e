"""What the screens show of a visit's records: plain, frozen, no database types."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, kw_only=True)
class Participant:
    id: str
    name: str
    organisation: str = ""
    role: str = "other"  # E (business council), S (job centre) or other
    phone: str = ""
    email: str = ""


QUICK_NOTE = "quick"
"""The field of a note taken with "Hurtig note" from any screen of a visit."""


@dataclass(frozen=True, kw_only=True)
class Note:
    id: str
    field: str  # a bubble-sheet field id, QUICK_NOTE, or "general"
    text: str
    author: str = ""
    internal: bool = False


@dataclass(frozen=True, kw_only=True)
class SpottedTask:
    id: str
    area: str
    title: str
    done_by: str = ""
    hours: float = 0.0
    level: int = 1
    green: str = ""
    accommodations: tuple[str, ...] = ()
    accommodation_note: str = ""
    photo: str = ""
    author: str = ""
    position_id: str = ""


@dataclass(frozen=True, kw_only=True)
class PositionLine:
    id: str
    title: str
    hours: float
    other_profile: bool = False
    task_id: str = ""


@dataclass(frozen=True, kw_only=True)
class Position:
    id: str
    title: str
    lines: tuple[PositionLine, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SocialArea:
    area_id: str
    status: str = ""
    evidence: str = ""
    author: str = ""


@dataclass(frozen=True, kw_only=True)
class Closing:
    cvs_wanted: int = 0
    start_wish: str = ""
    skills_required: str = ""
    accommodations_possible: str = ""
    checklist: dict[str, bool] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class JobOpening:
    id: str
    visit_id: str
    company_id: str
    title: str
    task_ids: tuple[str, ...] = ()
    hours: float = 0.0
    accommodations: tuple[str, ...] = ()
    requirements: str = ""
    owner: str = ""
    status: str = "open"
    candidates_sent: int = 0
    author: str = ""


@dataclass(frozen=True, kw_only=True)
class Hire:
    id: str
    opening_id: str
    kind: str
    start_date: date
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class FollowUp:
    id: str
    visit_id: str
    title: str
    owner: str
    due: date
    kind: str = "followup"  # or "aftercare"
    done: bool = False
    done_note: str = ""
    company_name: str = ""
    opening_id: str = ""
    hire_id: str = ""
