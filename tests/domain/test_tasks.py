"""Spotted tasks as typed on a tablet: hours, the task draft, hours freed, initials."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.tasks import MAX_HOURS, PositionTask, TaskDraft, hours_freed, initials, parse_hours

GREEN = {"recycling", "registration"}
ACCOMMODATIONS = {"split", "aids", "breaks"}


# -- hours a week ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "hours"),
    [("4", 4.0), ("2,5", 2.5), ("2.5", 2.5), (" 7,25 ", 7.25), ("0", 0.0), (3, 3.0), (1.333, 1.33), ("80", 80.0)],
)
def test_hours_are_read_the_way_they_are_typed(typed: str | float, hours: float) -> None:
    assert parse_hours(typed) == hours


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_no_hours_means_zero_unless_required(typed: str | None) -> None:
    assert parse_hours(typed) == 0.0
    with pytest.raises(InvalidInput) as refused:
        parse_hours(typed, required=True)
    assert (refused.value.field, refused.value.code) == ("hours", "hours_required")


@pytest.mark.parametrize("typed", ["to", "2,5 t", "1.000,5", "½"])
def test_hours_that_are_not_a_number_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_hours(typed, field="line_hours")
    assert (refused.value.field, refused.value.code) == ("line_hours", "hours_format")


@pytest.mark.parametrize("typed", ["-1", "80,5", "1000", "nan", "inf"])
def test_hours_outside_a_week_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_hours(typed)
    assert refused.value.code == "hours_range"
    assert refused.value.params == {"limit": int(MAX_HOURS)}


# -- the task draft --------------------------------------------------------------------


def test_a_draft_is_cleaned_and_sorted() -> None:
    draft = TaskDraft(
        area="  Pakkeri ",
        title=" Folde papkasser ",
        done_by="Lageret",
        hours="2,5",
        level=2,
        green="recycling",
        accommodations=("split", "aids", "split"),
        accommodation_note="Ståstol findes",
    )
    fields = draft.validated(green_ids=GREEN, accommodation_ids=ACCOMMODATIONS)
    assert fields["title"] == "Folde papkasser"
    assert fields["area"] == "Pakkeri"
    assert fields["hours"] == 2.5
    assert fields["level"] == 2
    assert fields["green"] == "recycling"
    assert fields["accommodations"] == ["aids", "split"]
    assert fields["accommodation_note"] == "Ståstol findes"


def test_a_draft_needs_only_a_title() -> None:
    fields = TaskDraft(area="", title="Feje hallen").validated(green_ids=GREEN, accommodation_ids=ACCOMMODATIONS)
    assert fields == {
        "area": "",
        "title": "Feje hallen",
        "done_by": "",
        "hours": 0.0,
        "level": 1,
        "green": "",
        "accommodations": [],
        "accommodation_note": "",
    }


@pytest.mark.parametrize(
    ("draft", "field", "code"),
    [
        (TaskDraft(area="Hal", title="   "), "title", "task_title_required"),
        (TaskDraft(area="Hal", title="Feje", level=4), "level", "level_unknown"),
        (TaskDraft(area="Hal", title="Feje", green="solar"), "green", "category_unknown"),
        (TaskDraft(area="Hal", title="Feje", accommodations=("split", "wings")), "accommodations", "category_unknown"),
        (TaskDraft(area="Hal", title="Feje", hours="mange"), "hours", "hours_format"),
        (TaskDraft(area="Hal", title="Feje", hours="100"), "hours", "hours_range"),
        (TaskDraft(area="Hal", title="Feje\x07"), "title", "control_chars"),
        (TaskDraft(area="Hal", title="x" * 301), "title", "text_too_long"),
    ],
)
def test_a_bad_draft_is_refused_naming_the_field(draft: TaskDraft, field: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        draft.validated(green_ids=GREEN, accommodation_ids=ACCOMMODATIONS)
    assert (refused.value.field, refused.value.code) == (field, code)


# -- tasks instead of positions --------------------------------------------------------


def test_hours_freed_counts_the_lines_another_profile_could_do() -> None:
    freed = hours_freed(
        [
            PositionTask("Plukke ordrer", 20, False),
            PositionTask("Folde papkasser", 7.5, True),
            PositionTask("Sortere pap og plast", 4.5, True),
            PositionTask("Truckkørsel", 5, False),
        ]
    )
    assert (freed.total, freed.freed, freed.remaining) == (37.0, 12.0, 25.0)


def test_hours_freed_of_nothing_is_nothing() -> None:
    freed = hours_freed([])
    assert (freed.total, freed.freed, freed.remaining) == (0.0, 0.0, 0.0)


def test_hours_freed_rounds_away_float_noise() -> None:
    freed = hours_freed([PositionTask("a", 0.1, True), PositionTask("b", 0.2, True), PositionTask("c", 0.7, False)])
    assert (freed.total, freed.freed, freed.remaining) == (1.0, 0.3, 0.7)


# -- initials --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mette Sørensen", "MS"),
        ("Ole", "O"),
        ("  ole   hansen ", "OH"),
        # At most two: the first name's and the last name's (issue 9 trial: three letters,
        # or an emoji and a letter, wrapped out of the avatar's circle).
        ("Anne-Marie Østergaard", "AØ"),
        ("Hans Christian Ørsted Jensen", "HJ"),
        # Whole characters as a reader sees them (grapheme clusters), never half of one.
        ("👷\u200d♂️ Jens Nielsen", "👷\u200d♂️N"),
        ("👍🏽 Lone", "👍🏽L"),
        ("🇩🇰 Mette", "🇩🇰M"),
        ("A\u030ase Berg", "A\u030aB"),
        ("Jens 🐟", "J🐟"),
        ("محمد علي", "مع"),
        ("شمس", "ش"),
        ("שרה לוי", "של"),
        ("(Jens) Hansen", "JH"),
        ("ßen Ulm", "ßU"),
        ("", "?"),
        ("   ", "?"),
        ("- -", "?"),
    ],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


@given(st.text(max_size=60))
def test_initials_are_at_most_two_whole_characters_of_the_name(name: str) -> None:
    got = initials(name)
    clusters = regex.findall(r"\X", got)
    assert got == "?" or 1 <= len(clusters) <= 2
    assert got == "?" or all(ch in name or ch in name.upper() for ch in got)
