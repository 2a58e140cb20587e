"""Who is writing: when the tablet asks, whom it stamps by default, who owns an opening,
and each writer's colour."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.records import Participant
from domain.writers import (
    ASK_AGAIN_AFTER_S,
    PALETTES,
    TEXT_ON_COLOUR,
    contrast_ratio,
    default_owner,
    default_writer,
    must_ask_who_writes,
    writer_colour,
)

NOW = 1_800_000_000.0


def ask(*, participants: int = 2, here: bool = True, last: float | None = NOW - 60) -> bool:
    return must_ask_who_writes(participants=participants, confirmed_in_session=here, last_confirmed=last, now=NOW)


def test_two_hours_is_the_idle_period() -> None:
    assert ASK_AGAIN_AFTER_S == 2 * 60 * 60


@pytest.mark.parametrize(
    ("participants", "here", "last", "asked"),
    [
        (2, True, NOW - 60, False),  # chosen a minute ago in this tab: go on writing
        (2, False, NOW - 60, True),  # a new browser tab, or the app started again
        (2, False, None, True),  # never chosen on this tablet
        (2, True, None, True),
        (2, True, NOW - ASK_AGAIN_AFTER_S + 1, False),  # just under two hours
        (2, True, NOW - ASK_AGAIN_AFTER_S, True),  # two hours since the last choice
        (2, True, NOW + 3600, True),  # the clock was put back: ask rather than trust it
        (1, False, None, False),  # one participant: nobody else to choose
        (0, False, None, False),
        (3, True, NOW - 10 * ASK_AGAIN_AFTER_S, True),
    ],
)
def test_when_opening_a_visit_asks_who_writes(participants: int, here: bool, last: float | None, asked: bool) -> None:
    assert ask(participants=participants, here=here, last=last) is asked


def test_the_tablets_consultant_writes_on_a_visit_nobody_chose_for() -> None:
    assert default_writer(chosen="", me="Lone", participant_names=["Mette", "Lone"]) == "Lone"
    assert default_writer(chosen="Mette", me="Lone", participant_names=["Mette", "Lone"]) == "Mette"
    assert default_writer(chosen="", me="Lone", participant_names=["Mette"]) == ""  # not on this visit
    assert default_writer(chosen="", me="", participant_names=["Mette"]) == ""


@pytest.mark.parametrize(
    ("chosen", "me", "names", "paired", "writes"),
    [
        ("", "Ole", [], True, "Ole"),  # a visit made before pairing, nobody on it: the account
        ("", "Ole", ["Karin Holm"], True, "Ole"),  # only the company's contact on it
        ("", "Ole", ["Karin Holm"], False, ""),  # unpaired and not on it: nobody is made up
        ("Mette", "Ole", [], True, "Mette"),  # chosen on the tablet wins
        ("", "", [], True, ""),  # no name known at all (cannot happen once paired)
    ],
)
def test_what_is_written_after_pairing_always_has_an_author(
    chosen: str, me: str, names: list[str], paired: bool, writes: str
) -> None:
    """Newcomer trial: quick notes written after pairing on a visit made before pairing,
    with no name under Settings, synced with an empty author."""
    assert default_writer(chosen=chosen, me=me, participant_names=names, paired=paired) == writes


S = Participant(id="1", name="Ole Hansen", role="S")
S2 = Participant(id="2", name="Lone Mikkelsen", role="S")
E = Participant(id="3", name="Mette Sørensen", role="E")


def test_an_opening_is_owned_by_the_job_centre_not_the_business_council() -> None:
    # The business council's partner holds the pen: the job centre's consultant owns it.
    assert default_owner(people=[E, S], writer=E.name, me="") == S.name
    assert default_owner(people=[E, S, S2], writer=E.name, me=S2.name) == S2.name  # the tablet's own
    assert default_owner(people=[E, S, S2], writer=S2.name, me=S.name) == S2.name  # a job-centre writer
    assert default_owner(people=[E], writer=E.name, me="Lone") == "Lone"  # no job centre on the visit
    assert default_owner(people=[], writer="", me="") == ""


@given(st.text(min_size=1, max_size=40), st.sampled_from(["S", "E", "other", "?"]))
def test_a_person_keeps_their_colour_in_their_roles_palette(name: str, role: str) -> None:
    colour = writer_colour(name, role)
    assert colour == writer_colour(name, role)
    if name.upper().casefold() == name.casefold():  # typed in capitals, with spaces around
        assert writer_colour(f"  {name.upper()}  ", role) == colour
    assert colour in PALETTES.get(role, PALETTES["other"])


def test_job_centre_and_business_council_never_share_a_colour() -> None:
    assert not set(PALETTES["S"]) & set(PALETTES["E"])
    assert not set(PALETTES["S"]) & set(PALETTES["other"])
    assert not set(PALETTES["E"]) & set(PALETTES["other"])
    for palette in PALETTES.values():
        assert len(set(palette)) == len(palette)


def test_two_people_of_the_example_visits_are_told_apart() -> None:
    assert writer_colour("Ole Hansen", "S") != writer_colour("Lone Mikkelsen", "S")
    assert writer_colour("Jens Nielsen", "S") != writer_colour("Ole Hansen", "S")


def test_every_colour_is_readable_with_its_text() -> None:
    for palette in PALETTES.values():
        for colour in palette:
            assert contrast_ratio(TEXT_ON_COLOUR, colour) >= 7.0, colour


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
