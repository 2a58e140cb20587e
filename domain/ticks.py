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
from domain.records import Closing


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


def closing_answer(closing: Closing, field: str) -> str:
    """What the closing form holds in ``field``, as text; empty when not answered."""
    value = getattr(closing, field)
    if isinstance(value, int):
        return str(value) if value > 0 else ""
    return str(value).strip()


def closing_ticks(items: Sequence[ClosingItem], *, closing: Closing) -> dict[str, Tick]:
    """Each line of the closing checklist, from the closing form and the ticks kept with
    it. The source of a line is the name of the form field that answers it."""
    return {
        item.id: tick(
            sources=[item.answered_by] if item.answered_by and closing_answer(closing, item.answered_by) else [],
            chosen=closing.checklist.get(item.id),
        )
        for item in items
    }


def ticked(ticks: Mapping[str, Tick]) -> dict[str, bool]:
    """Item id -> ticked, as the counts and the reports read it."""
    return {item_id: t.ticked for item_id, t in ticks.items()}
