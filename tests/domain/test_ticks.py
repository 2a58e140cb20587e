"""One question, asked once: recognition criteria that follow from the social areas'
answers, closing checklist lines that follow from the closing form, and the consultant's
own tick, which always wins."""

from __future__ import annotations

import typing
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.content import AreaAnswer, ClosingItem, ContentPack, ContentPackError, Criterion
from domain.records import Closing, FollowUp
from domain.tasks import SOCIAL_STATUSES
from domain.ticks import (
    FOLLOW_UP_ANSWERS,
    Tick,
    choose,
    closing_answer,
    closing_ticks,
    recognition_ticks,
    tick,
    ticked,
)
from tests.domain.test_content import broken

FLEX = Criterion(id="flex", text="Har en medarbejder i fleksjob", follows_from=[AreaAnswer(area="disability")])
LOCAL = Criterion(
    id="local",
    text="Samarbejder lokalt eller stiller sociale krav ved indkøb",
    follows_from=[AreaAnswer(area="local-community"), AreaAnswer(area="social-purchasing")],
)
PLAIN = Criterion(id="plain", text="Et kriterium uden område")
CRITERIA = [FLEX, LOCAL, PLAIN]


@pytest.mark.parametrize(
    ("answers", "choices", "expected"),
    [
        # nothing answered: nothing met
        ({}, {}, {"flex": Tick(False), "local": Tick(False), "plain": Tick(False)}),
        # "already does" meets the criterion, naming the area
        ({"disability": "already"}, {}, {"flex": Tick(True, ("disability",))}),
        # "wants to" and "not relevant" do not
        ({"disability": "wants"}, {}, {"flex": Tick(False)}),
        ({"disability": "not_relevant"}, {}, {"flex": Tick(False)}),
        # either of two areas; both named when both say so, in the pack's order
        ({"social-purchasing": "already"}, {}, {"local": Tick(True, ("social-purchasing",))}),
        (
            {"social-purchasing": "already", "local-community": "already"},
            {},
            {"local": Tick(True, ("local-community", "social-purchasing"))},
        ),
        # the consultant's untick wins over the area's answer, which is still named
        ({"disability": "already"}, {"flex": False}, {"flex": Tick(False, ("disability",), False)}),
        # the consultant's tick wins where no area says so
        ({}, {"plain": True, "flex": True}, {"plain": Tick(True, (), True), "flex": Tick(True, (), True)}),
        # an answer for an area no criterion follows from changes nothing
        ({"diversity": "already"}, {}, {"flex": Tick(False), "local": Tick(False), "plain": Tick(False)}),
    ],
)
def test_a_criterion_follows_from_an_areas_answer(
    answers: dict[str, str], choices: dict[str, bool], expected: dict[str, Tick]
) -> None:
    found = recognition_ticks(CRITERIA, answers=answers, choices=choices)
    assert set(found) == {"flex", "local", "plain"}
    for criterion_id, wanted in expected.items():
        assert found[criterion_id] == wanted


def test_ticks_say_when_the_consultant_overrode_the_answers() -> None:
    assert Tick(False, ("disability",), False).overridden
    assert not Tick(True, ("disability",), True).overridden  # agrees with the area
    assert Tick(True, (), True).overridden  # ticked where no area says so
    assert not Tick(True, ("disability",)).overridden


@pytest.mark.parametrize(
    ("choices", "value", "sources", "kept"),
    [
        ({}, False, ("disability",), {"flex": False}),  # untick a derived tick: remembered
        ({"flex": False}, True, ("disability",), {}),  # tick it again: follows the area again
        ({}, True, (), {"flex": True}),  # tick where no area says so: remembered
        ({"flex": True}, False, (), {}),  # and untick it: nothing to remember
        ({"other": True}, False, ("disability",), {"other": True, "flex": False}),  # others are kept
    ],
)
def test_only_choices_that_differ_from_the_answers_are_kept(
    choices: dict[str, bool], value: bool, sources: tuple[str, ...], kept: dict[str, bool]
) -> None:
    assert choose(choices, "flex", value, sources=sources) == kept


statuses = st.sampled_from(["", *SOCIAL_STATUSES])
areas = st.sampled_from(["disability", "local-community", "social-purchasing", "diversity"])


@given(
    answers=st.dictionaries(areas, statuses),
    choices=st.dictionaries(st.sampled_from(["flex", "local", "plain"]), st.booleans()),
)
def test_an_explicit_choice_always_wins(answers: dict[str, str], choices: dict[str, bool]) -> None:
    found = recognition_ticks(CRITERIA, answers=answers, choices=choices)
    for criterion in CRITERIA:
        line = found[criterion.id]
        if criterion.id in choices:
            assert line.ticked is choices[criterion.id]
        else:
            assert line.ticked is any(answers.get(rule.area) == "already" for rule in criterion.follows_from)
        assert line.derived is any(answers.get(rule.area) == "already" for rule in criterion.follows_from)


@given(
    answers=st.dictionaries(areas, statuses),
    choices=st.dictionaries(st.sampled_from(["flex", "local", "plain"]), st.booleans()),
    criterion=st.sampled_from(CRITERIA),
    value=st.booleans(),
)
def test_what_the_consultant_taps_is_what_the_screen_shows(
    answers: dict[str, str], choices: dict[str, bool], criterion: Criterion, value: bool
) -> None:
    """Whatever the areas say and whatever was chosen before, a tap sets the tick, and
    only the taps that differ from the areas are stored."""
    before = recognition_ticks(CRITERIA, answers=answers, choices=choices)[criterion.id]
    kept = choose(choices, criterion.id, value, sources=before.sources)
    after = recognition_ticks(CRITERIA, answers=answers, choices=kept)
    assert after[criterion.id].ticked is value
    assert (criterion.id in kept) is (value != before.derived)
    assert {k: v for k, v in kept.items() if k != criterion.id} == {
        k: v for k, v in choices.items() if k != criterion.id
    }


def test_a_flexjob_employee_is_asked_for_once_in_the_built_in_packs(pack_da: ContentPack, pack_en: ContentPack) -> None:
    for pack in (pack_da, pack_en):
        found = recognition_ticks(pack.recognition.criteria, answers={"disability": "already"}, choices={})
        assert ticked(found) == {c.id: c.id == "crit-flexjob" for c in pack.recognition.criteria}
        assert found["crit-flexjob"].sources == ("disability",)
        # every criterion follows from some area, and the two packs agree on which
        assert all(c.follows_from for c in pack.recognition.criteria)
    assert [c.follows_from for c in pack_da.recognition.criteria] == [
        c.follows_from for c in pack_en.recognition.criteria
    ]


def test_the_answers_a_pack_may_name_are_the_social_statuses() -> None:
    answer = typing.get_type_hints(AreaAnswer)["answer"]
    assert typing.get_args(answer) == SOCIAL_STATUSES


def test_a_criterion_that_follows_from_an_unknown_area_is_named(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["recognition"]["criteria"][1]["follows_from"] = [{"area": "handicap"}]

    error = broken(tmp_path, change)
    assert error.place == "recognition.criteria[1].follows_from[0].area"
    assert "unknown social area 'handicap'" in error.problem


def test_an_area_answer_that_is_not_a_status_is_refused(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["recognition"]["criteria"][0]["follows_from"] = [{"area": "disability", "answer": "yes"}]

    error = broken(tmp_path, change)
    assert isinstance(error, ContentPackError)
    assert error.place == "recognition.criteria[0].follows_from[0].answer"


# -- the closing checklist ---------------------------------------------------------------

ITEMS = [
    ClosingItem(id="close-cvs", text="Hvor mange CV'er?", answered_by="cvs_wanted"),
    ClosingItem(id="close-start-date", text="Hvornår?", answered_by="start_wish"),
    ClosingItem(id="close-skills", text="Kompetencer?", answered_by="skills_required"),
    ClosingItem(id="close-accommodations", text="Hensyn?", answered_by="accommodations_possible"),
    ClosingItem(id="close-handout", text="Opsummering udleveret"),
]


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        (Closing(), set()),
        (Closing(cvs_wanted=3), {"close-cvs"}),
        (Closing(cvs_wanted=0, start_wish="   "), set()),  # 0 CVs and blanks answer nothing
        (Closing(start_wish="1. februar", skills_required="Truckcertifikat"), {"close-start-date", "close-skills"}),
        (Closing(accommodations_possible="Fleksible pauser"), {"close-accommodations"}),
        (Closing(cvs_wanted=2, checklist={"close-handout": True}), {"close-cvs", "close-handout"}),
        (Closing(cvs_wanted=2, checklist={"close-cvs": False}), set()),  # unticked by the consultant
    ],
)
def test_the_closing_checklist_ticks_what_the_form_answers(closing: Closing, expected: set[str]) -> None:
    found = closing_ticks(ITEMS, closing=closing)
    assert {item_id for item_id, line in found.items() if line.ticked} == expected


def test_a_closing_line_names_the_field_that_answers_it() -> None:
    found = closing_ticks(ITEMS, closing=Closing(cvs_wanted=3, checklist={"close-skills": True}))
    assert found["close-cvs"] == Tick(True, ("cvs_wanted",))
    assert found["close-skills"] == Tick(True, (), True)
    assert tick(sources=[], chosen=None) == found["close-handout"]


def test_the_fields_a_pack_may_name_are_the_closing_forms() -> None:
    literal, _none = typing.get_args(typing.get_type_hints(ClosingItem)["answered_by"])
    assert set(typing.get_args(literal)) <= {f.name for f in fields(Closing)} | set(FOLLOW_UP_ANSWERS)


FOLLOW_UP_ITEMS = [
    ClosingItem(id="close-follow-up-owner", text="Hvem følger op, og hvornår?", answered_by="follow_up"),
    ClosingItem(id="close-next-contact", text="Dato for næste kontakt er aftalt", answered_by="next_contact"),
]


def _follow_up(due: date, owner: str = "Ole Hansen", *, kind: str = "followup", done: bool = False) -> FollowUp:
    return FollowUp(id=str(due), visit_id="v", title="Ring", owner=owner, due=due, kind=kind, done=done)


@pytest.mark.parametrize(
    ("follow_ups", "expected"),
    [
        ([], set()),
        # a dated follow-up with its owner answers both (issue 9: they stayed unticked)
        ([_follow_up(date(2026, 12, 3))], {"close-follow-up-owner", "close-next-contact"}),
        # one done since still was agreed
        ([_follow_up(date(2026, 12, 3), done=True)], {"close-follow-up-owner", "close-next-contact"}),
        # no owner: the date is agreed, not who
        ([_follow_up(date(2026, 12, 3), owner="  ")], {"close-next-contact"}),
        # a hire's aftercare check-in is not the visit's follow-up
        ([_follow_up(date(2026, 12, 3), kind="aftercare")], set()),
    ],
)
def test_the_closing_checklist_ticks_what_the_follow_ups_answer(follow_ups: list[FollowUp], expected: set[str]) -> None:
    found = closing_ticks(FOLLOW_UP_ITEMS, closing=Closing(), follow_ups=follow_ups)
    assert {item_id for item_id, line in found.items() if line.ticked} == expected


def test_the_first_follow_up_answers_and_an_untick_wins() -> None:
    later, sooner = _follow_up(date(2027, 1, 5), "Erik"), _follow_up(date(2026, 12, 3), "Ole")
    assert closing_answer(Closing(), "follow_up", follow_ups=[later, sooner]) == "Ole, 2026-12-03"
    assert closing_answer(Closing(), "next_contact", follow_ups=[later, sooner]) == "2026-12-03"
    found = closing_ticks(FOLLOW_UP_ITEMS, closing=Closing(checklist={"close-next-contact": False}), follow_ups=[later])
    assert found["close-next-contact"] == Tick(False, ("next_contact",), False)
    assert found["close-follow-up-owner"] == Tick(True, ("follow_up",))


def test_the_built_in_closing_checklists_answer_the_four_wishes(pack_da: ContentPack, pack_en: ContentPack) -> None:
    for pack in (pack_da, pack_en):
        answered = {i.id: i.answered_by for i in pack.closing_checklist if i.answered_by}
        assert answered == {
            "close-cvs": "cvs_wanted",
            "close-start-date": "start_wish",
            "close-skills": "skills_required",
            "close-accommodations": "accommodations_possible",
            "close-follow-up-owner": "follow_up",
            "close-next-contact": "next_contact",
        }
