"""The content pack: conversation cards, bubble sheet, checklists and the rest as data.

A pack is one JSON file per language (``assets/content/pack.<lang>.json``). It is
validated here with pydantic; :func:`parse_pack` turns a validation failure into a
:class:`ContentPackError` that names the file, the place in it and the problem, so a
municipality editing its decks sees exactly what to fix. No I/O happens in this module:
the caller reads the file and hands over its text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationError,
    model_validator,
)

from domain.text import without_control_characters


def _written(text: str) -> str:
    # A text the tablet shows (a card, a checklist line): one of spaces only would be a
    # blank card, as good as a missing one.
    # Invisible characters do not count (a zero-width space alone is a blank card too).
    if not without_control_characters(text).strip():
        raise ValueError("the text is missing (empty or only spaces)")
    return text


Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Text = Annotated[str, StringConstraints(max_length=4000), AfterValidator(_written)]

PHASE_IDS = ("opening", "concerns", "esg", "social", "tasks", "expectations", "closing")
MEGATREND_IDS = ("green", "esg", "digital", "other")
BUBBLE_FIELD_IDS = ("recruitment", "retention", "upskilling")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Strict):
    """A simple entry with a stable id: a checklist line, a question, a category."""

    id: Id
    text: Text
    hint: Text | None = None


class AreaAnswer(_Strict):
    """A social area's answer that meets a recognition criterion."""

    area: Id
    answer: Literal["already", "wants", "not_relevant"] = "already"


class Criterion(Item):
    """A recognition criterion; ``follows_from`` lists the social areas' answers that meet
    it, so a company that already employs people in flex jobs is not asked twice."""

    follows_from: list[AreaAnswer] = Field(default_factory=list)


class ClosingItem(Item):
    """A line of the closing checklist; ``answered_by`` names the closing form's field
    that answers it, so the line is ticked as soon as the field is filled in, or
    ``follow_up`` / ``next_contact``: a follow-up with its owner and date, any dated
    follow-up (domain.ticks.FOLLOW_UP_ANSWERS)."""

    answered_by: (
        Literal["cvs_wanted", "start_wish", "skills_required", "accommodations_possible", "follow_up", "next_contact"]
        | None
    ) = None


class ScriptPlaceholders(_Strict):
    """The placeholders of the phone script that the app fills in: the consultant's name,
    title and municipality from Settings, and the company's name. Left as written (and so
    visible) while the app has nothing to put there."""

    name: Text
    title: Text
    municipality: Text
    company: Text


class ScriptStep(_Strict):
    """One large card of the phone script, read aloud on the first call."""

    id: Id
    title: Text
    text: Text


class PhoneScript(_Strict):
    placeholders: ScriptPlaceholders | None = None
    with_news_hook: list[ScriptStep] = Field(min_length=1)
    without_news_hook: list[ScriptStep] = Field(min_length=1)


class Megatrend(_Strict):
    id: Literal["green", "esg", "digital", "other"]
    title: Text
    text: Text
    questions: list[Text] = Field(default_factory=list)


class Phase(_Strict):
    id: Id
    title: Text
    intro: Text | None = None


class Card(_Strict):
    """A conversation card. ``lead`` says who leads it on a co-visit: the business
    council (E, the green part), the job centre (S, the social part) or either.
    ``hidden``: left out of the decks of visits prepared from then on (the console's
    *Skjul*), yet still shown in a visit that has an answer on it, so a card is retired
    without deleting what was said."""

    id: Id
    phase: Id
    text: Text
    hint: Text | None = None
    lead: Literal["E", "S", "any"] = "any"
    hidden: StrictBool = False


class BubbleField(_Strict):
    id: Literal["recruitment", "retention", "upskilling"]
    title: Text
    text: Text
    info_url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")]


class BubbleSheet(_Strict):
    title: Text
    intro: Text
    fields: list[BubbleField] = Field(min_length=3, max_length=3)


class RequirementLevel(_Strict):
    level: Literal[1, 2, 3]
    title: Text
    text: Text


class Category(_Strict):
    id: Id
    title: Text
    text: Text | None = None


class Recognition(_Strict):
    """The recognition scheme ("ESG proof"): ``min_met`` of the criteria qualify."""

    title: Text
    text: Text
    min_met: int = Field(ge=1)
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _threshold_reachable(self) -> Recognition:
        if self.min_met > len(self.criteria):
            raise ValueError(f"min_met ({self.min_met}) is larger than the number of criteria ({len(self.criteria)})")
        return self


class AftercareStep(_Strict):
    """A check-in after a hire, ``weeks`` or ``months`` after the start date."""

    id: Id
    title: Text
    weeks: int | None = Field(default=None, ge=1, le=520)
    months: int | None = Field(default=None, ge=1, le=120)

    @model_validator(mode="after")
    def _one_offset(self) -> AftercareStep:
        if (self.weeks is None) == (self.months is None):
            raise ValueError("give exactly one of 'weeks' or 'months'")
        return self


class PlaybookCard(_Strict):
    id: Id
    title: Text
    text: Text


class ContentPack(_Strict):
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    language: Literal["da", "en"]
    title: Text
    phone_script: PhoneScript
    preparation_checklist: list[Item] = Field(min_length=1)
    megatrends: list[Megatrend] = Field(min_length=1)
    phases: list[Phase] = Field(min_length=1)
    cards: list[Card] = Field(min_length=1)
    bubble_sheet: BubbleSheet
    walkaround_questions: list[Item] = Field(min_length=1)
    requirement_levels: list[RequirementLevel] = Field(min_length=3, max_length=3)
    green_categories: list[Category] = Field(min_length=1)
    social_areas: list[Category] = Field(min_length=1)
    accommodations: list[Category] = Field(min_length=1)
    recognition: Recognition
    closing_checklist: list[ClosingItem] = Field(min_length=1)
    aftercare: list[AftercareStep] = Field(min_length=1)
    covisit_playbook: list[PlaybookCard] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> ContentPack:
        phase_ids = [p.id for p in self.phases]
        _ids_unique(self, "")  # every list of items with ids, wherever it lies in the pack
        _unique("requirement_levels", [str(r.level) for r in self.requirement_levels])
        for index, card in enumerate(self.cards):
            if card.phase not in phase_ids:
                raise _Misplaced(f"cards[{index}].phase", f"unknown phase '{card.phase}' (card '{card.id}')")
        for index, phase in enumerate(self.phases):
            if not any(not c.hidden for c in self.cards if c.phase == phase.id):
                raise _Misplaced(
                    f"phases[{index}]", f"no card is shown in phase '{phase.id}' (add one or show a hidden one)"
                )
        area_ids = {a.id for a in self.social_areas}
        for index, criterion in enumerate(self.recognition.criteria):
            for rule_index, rule in enumerate(criterion.follows_from):
                if rule.area not in area_ids:
                    raise _Misplaced(
                        f"recognition.criteria[{index}].follows_from[{rule_index}].area",
                        f"unknown social area '{rule.area}' (criterion '{criterion.id}')",
                    )
        return self

    def phase(self, phase_id: str) -> Phase:
        return next(p for p in self.phases if p.id == phase_id)

    def cards_in(self, phase_id: str) -> list[Card]:
        return [c for c in self.cards if c.phase == phase_id]

    def deck(self, phase_id: str, *, kept: Collection[str] = ()) -> list[Card]:
        """The cards of a phase as a visit shows them: a hidden card (the console's
        "Skjul") is left out, unless its id is in ``kept`` (a card the visit already
        asked, starred or answered stays with what was said)."""
        return [c for c in self.cards_in(phase_id) if not c.hidden or c.id in kept]

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.cards if c.id == card_id), None)


def fill_script(text: str, placeholders: ScriptPlaceholders | None, values: dict[str, str]) -> str:
    """A step of the phone script with its placeholders filled in from ``values`` (keyed
    ``name``, ``title``, ``municipality``, ``company``). A placeholder without a value is
    left as written, so the consultant sees what to say there. A value that ends in the
    word written after its placeholder ("Herning Kommune" before "Kommune") drops it, so
    the word is not said twice."""
    if placeholders is None:
        return text
    for key, placeholder in placeholders.model_dump().items():
        value = " ".join((values.get(key) or "").split())
        if value:
            text = _put(text, placeholder, value)
    return text


def _put(text: str, placeholder: str, value: str) -> str:
    words = value.split(" ")

    def replacement(match: re.Match[str]) -> str:
        following = re.match(r"\s+(\w+)", text[match.end() :])
        if following and len(words) > 1 and words[-1].casefold() == following.group(1).casefold():
            return " ".join(words[:-1])
        return value

    return re.sub(re.escape(placeholder), replacement, text)


def _ids_unique(model: BaseModel, where: str) -> None:
    """Raise :class:`_Misplaced` for the first list under ``model`` (at place ``where``)
    whose items' ``id`` repeats: cards, checklist lines, categories, criteria, ... — a
    repeated id makes two items one on the tablet (ticking one ticks the other)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        place = f"{where}.{name}" if where else name
        if isinstance(value, BaseModel):
            _ids_unique(value, place)
        elif isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
            if all(isinstance(getattr(v, "id", None), str) for v in value):
                _unique(place, [v.id for v in value])
            for index, v in enumerate(value):
                _ids_unique(v, f"{place}[{index}]")


def _unique(where: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise _Misplaced(f"{where}[{index}]", f"the id '{value}' is used twice")
        seen.add(value)


class _Misplaced(ValueError):
    """A rule a model checks about one place inside it (``cards[3].phase``)."""

    def __init__(self, place: str, problem: str) -> None:
        super().__init__(problem)
        self.place = place


class ContentPackError(Exception):
    """A content pack that cannot be used; the message names file, place and problem."""

    def __init__(self, file: str, place: str, problem: str) -> None:
        super().__init__(f"{file}: {place}: {problem}")
        self.file = file
        self.place = place
        self.problem = problem


def parse_pack(text: str, *, file: str) -> ContentPack:
    """Validate the JSON text of a pack; raise :class:`ContentPackError` if it is broken."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentPackError(file, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})") from exc
    try:
        return ContentPack.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        place, problem = _place(first["loc"]), first["msg"]
        cause = first.get("ctx", {}).get("error")
        if isinstance(cause, ValueError):  # a rule of ours: its own words, not "Value error, ..."
            problem = str(cause)
            if isinstance(cause, _Misplaced):
                place = f"{place}.{cause.place}" if place else cause.place
        raise ContentPackError(file, place or "(top level)", problem) from exc


def _place(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
