"""What a report is made from: small frozen records the caller fills in.

The caller (a screen, a script) reads the database and the photo folder and hands the
reports plain values; the reports never read anything themselves. The visit's own records
come straight from :mod:`domain.records`; these classes add the few things the domain
does not hold in one place (the company's details, the consultants' phone numbers, a
card's question beside its answer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from domain.company import CompanyDraft
from domain.content import ContentPack
from domain.records import Closing, FollowUp, JobOpening, Note, Participant, SocialArea, SpottedTask
from domain.visit import CardState

CompanyInfo = CompanyDraft
"""The company as the reports show it: the company record's own fields."""


@dataclass(frozen=True, kw_only=True)
class Consultant:
    """Someone the company can call afterwards: a job-centre or business-council consultant."""

    name: str
    organisation: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, kw_only=True)
class CardAnswer:
    """A conversation card's question and the answer noted during the visit."""

    question: str
    answer: str
    phase: str = ""  # the phase's title, as the pack names it


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")


def without_placeholders(text: str) -> str:
    """A pack text as a report may print it: every sentence that holds a "[...]"
    placeholder (filled in aloud by the consultant, never recorded) left out, the other
    sentences kept as they are; "" when every sentence had one."""
    sentences = _SENTENCE_END.split(text.strip())
    return " ".join(s for s in sentences if s and not _PLACEHOLDER.search(s))


def card_answers(pack: ContentPack, states: Iterable[CardState]) -> tuple[CardAnswer, ...]:
    """The answered cards of a visit, in the pack's order, each with its question (without
    the sentences that hold a placeholder, see :func:`without_placeholders`) and phase."""
    answered = {s.card_id: s.answer for s in states if s.answer.strip()}
    phases = {p.id: p.title for p in pack.phases}
    return tuple(
        CardAnswer(question=without_placeholders(card.text), answer=answered[card.id], phase=phases.get(card.phase, ""))
        for card in pack.cards
        if card.id in answered
    )


@dataclass(frozen=True, kw_only=True)
class VisitReportData:
    """Everything the visit summary for the company shows.

    ``notes`` may include internal notes: the report leaves them out. ``photos`` maps a
    task's photo hash to the photo's bytes; a task whose photo is missing is shown without.
    ``megatrend`` is a megatrend id of the pack ("green", "esg", ...).
    """

    pack: ContentPack
    company: CompanyInfo
    visit_date: date
    participants: tuple[Participant, ...] = ()
    consultants: tuple[Consultant, ...] = ()
    megatrend: str = ""
    megatrend_note: str = ""
    card_answers: tuple[CardAnswer, ...] = ()
    notes: tuple[Note, ...] = ()
    tasks: tuple[SpottedTask, ...] = ()
    photos: Mapping[str, bytes] = field(default_factory=dict)
    closing: Closing | None = None
    openings: tuple[JobOpening, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    issuer: str = ""  # the sending organisation, e.g. "Jobcenter Holbæk", shown in the header


@dataclass(frozen=True, kw_only=True)
class OpeningReportData:
    """A job opening as colleagues need it to find a candidate and follow up.

    ``tasks`` may be all the visit's tasks: the sheet shows those in ``opening.task_ids``
    (in that order), or all of them when the opening names none.
    """

    pack: ContentPack
    opening: JobOpening
    company: CompanyInfo
    visit_date: date
    tasks: tuple[SpottedTask, ...] = ()
    photos: Mapping[str, bytes] = field(default_factory=dict)
    followups: tuple[FollowUp, ...] = ()
    consultants: tuple[Consultant, ...] = ()
    issuer: str = ""


@dataclass(frozen=True, kw_only=True)
class SocialReportData:
    """The company's social-responsibility profile and its recognition criteria.

    ``areas`` holds the recorded status of the pack's social areas (missing ones print as
    not assessed); ``recognition_met`` maps the scheme's criterion ids to whether they are met.
    The diploma is dated ``issued``, or ``visit_date`` when that is not given.
    """

    pack: ContentPack
    company: CompanyInfo
    visit_date: date
    areas: tuple[SocialArea, ...] = ()
    recognition_met: Mapping[str, bool] = field(default_factory=dict)
    consultants: tuple[Consultant, ...] = ()
    issuer: str = ""
    issued: date | None = None
