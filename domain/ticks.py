"""Ticks that follow from answers given elsewhere, so one question is asked once.

A recognition criterion follows from a social area's answer ("already employs people in
flex jobs" meets "has an employee in a flex job"); a closing checklist item follows from
the closing form ("how many CVs?" is answered when the number is filled in). Which one
follows from which is data in the content pack. A tick that follows from an answer is
shown as ticked with its source; the consultant may still tick or untick it, and such
an explicit choice wins. Only choices that differ from what the answers say are kept,
so unticking and ticking again lets the item follow its answers once more.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.content import ClosingItem, Criterion
from domain.records import Closing, FollowUp


@dataclass(frozen=True)
class Tick:
    """One checklist line: whether it is ticked, which answers say so, and the
    consultant's own choice (``None`` while it follows the answers)."""

    ticked: bool
    sources: tuple[str, ...] = ()
    chosen: bool | None = None

    @property
    def derived(self) -> bool:
        """What the answers alone say."""
        return bool(self.sources)

    @property
    def overridden(self) -> bool:
        """The consultant's choice differs from what the answers say."""
        return self.chosen is not None and self.chosen != self.derived


def tick(*, sources: Sequence[str], chosen: bool | None) -> Tick:
    """An explicit choice wins; without one a line is ticked when any answer says so."""
    found = tuple(sources)
    return Tick(ticked=bool(found) if chosen is None else chosen, sources=found, chosen=chosen)


def choose(choices: Mapping[str, bool], item_id: str, value: bool, *, sources: Sequence[str]) -> dict[str, bool]:
    """The choices to keep after the consultant set ``item_id`` to ``value``: a choice
    that agrees with the answers is dropped, so the line follows them again."""
    out = dict(choices)
    if value == bool(sources):
        out.pop(item_id, None)
    else:
        out[item_id] = value
    return out


def recognition_ticks(
    criteria: Sequence[Criterion], *, answers: Mapping[str, str], choices: Mapping[str, bool]
) -> dict[str, Tick]:
    """Each criterion of the recognition scheme, from the social areas' answers (area id
    -> status) and the consultant's choices (criterion id -> ticked). The sources are the
    ids of the areas whose answer meets the criterion, in the pack's order."""
    out: dict[str, Tick] = {}
    for criterion in criteria:
        sources = [rule.area for rule in criterion.follows_from if answers.get(rule.area) == rule.answer]
        out[criterion.id] = tick(sources=list(dict.fromkeys(sources)), chosen=choices.get(criterion.id))
    return out


FOLLOW_UP_ANSWERS = ("follow_up", "next_contact")
"""The checklist lines the follow-up form answers rather than a field of the closing form:
``follow_up`` (who follows up, and when) by a follow-up with an owner, ``next_contact``
(the date of the next contact is agreed) by any follow-up, which always has a date."""


def agreed_follow_up(follow_ups: Sequence[FollowUp], *, with_owner: bool = False) -> FollowUp | None:
    """The first (earliest due) follow-up agreed at the visit, done or not, leaving out
    the aftercare check-ins of a hire; with ``with_owner`` only one that names who does it."""
    agreed = [f for f in follow_ups if f.kind == "followup" and (f.owner.strip() or not with_owner)]
    return min(agreed, key=lambda f: f.due, default=None)


def closing_answer(closing: Closing, field: str, *, follow_ups: Sequence[FollowUp] = ()) -> str:
    """What answers the checklist line ``field`` names, as text (a follow-up as
    "owner, YYYY-MM-DD" or its ISO date); empty when not answered."""
    if field in FOLLOW_UP_ANSWERS:
        found = agreed_follow_up(follow_ups, with_owner=field == "follow_up")
        if found is None:
            return ""
        return f"{found.owner.strip()}, {found.due.isoformat()}" if field == "follow_up" else found.due.isoformat()
    value = getattr(closing, field)
    if isinstance(value, int):
        return str(value) if value > 0 else ""
    return str(value).strip()


def closing_ticks(
    items: Sequence[ClosingItem], *, closing: Closing, follow_ups: Sequence[FollowUp] = ()
) -> dict[str, Tick]:
    """Each line of the closing checklist, from the closing form, the visit's follow-ups
    and the ticks kept with it. The source of a line is the name of what answers it (a
    form field, or one of :data:`FOLLOW_UP_ANSWERS`)."""
    return {
        item.id: tick(
            sources=[item.answered_by]
            if item.answered_by and closing_answer(closing, item.answered_by, follow_ups=follow_ups)
            else [],
            chosen=closing.checklist.get(item.id),
        )
        for item in items
    }


def ticked(ticks: Mapping[str, Tick]) -> dict[str, bool]:
    """Item id -> ticked, as the counts and the reports read it."""
    return {item_id: t.ticked for item_id, t in ticks.items()}
