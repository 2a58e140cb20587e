"""The CPR guard: real CPR numbers are found wherever they stand; phone numbers, CVR
numbers, written dates and long order numbers are not; removing leaves tidy text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.privacy import MIN_HELD_DIGITS, cpr_being_typed, edit_end, find_cpr_numbers, remove_cpr_numbers


def found(text: str) -> list[str]:
    return [hit.text for hit in find_cpr_numbers(text)]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("010190-1234", "010190-1234"),
        ("0101901234", "0101901234"),
        ("290200-1234", "290200-1234"),  # 29 February 2000: a leap year
        ("311299-9999", "311299-9999"),
        ("Ring til Per (010190-1234) om fleksjob.", "010190-1234"),
        ("cpr:0101901234, ikke mere", "0101901234"),
        ("Linje et\n150575-4321\nlinje tre", "150575-4321"),
    ],
)
def test_real_cpr_numbers_are_found(text: str, number: str) -> None:
    assert found(text) == [number]


def test_the_hit_says_where_the_number_stands() -> None:
    text = "Per 010190-1234 ringer"
    (hit,) = find_cpr_numbers(text)
    assert text[hit.start : hit.end] == "010190-1234"
    assert (hit.start, hit.end) == (4, 15)


def test_two_numbers_are_both_found() -> None:
    assert found("010190-1234 og 0202021234") == ["010190-1234", "0202021234"]


@pytest.mark.parametrize(
    "text",
    [
        "12 34 56 78",  # a phone number in the Danish way
        "+45 12345678",  # a phone number with the country code
        "Tlf. 97 12 34 56",
        "CVR 10150817",  # a CVR number: eight digits
        "Mødet er 01-02-2024",  # written dates
        "Mødet er 1.2.2024",
        "01.02.2024",
        "Ordre 123456789012",  # a 12-digit order number
        "12345678901",  # eleven digits
        "320190-1234",  # day 32
        "000190-1234",  # day 0
        "011390-1234",  # month 13
        "010090-1234",  # month 0
        "290201-1234",  # 29 February 2001: not a leap year
        "310490-1234",  # 31 April
        "010190-123",  # three digits after the dash
        "010190--1234",
        "1010190-1234",  # part of a longer number
        "010190-12345",
        "EAN 5701234567890",
        "",
    ],
)
def test_look_alikes_are_not_cpr_numbers(text: str) -> None:
    assert found(text) == []


def test_removal_takes_out_the_number_and_tidies_the_space() -> None:
    assert remove_cpr_numbers("Ring til Per 010190-1234 om fleksjob.") == "Ring til Per om fleksjob."
    assert remove_cpr_numbers("010190-1234 er hans nummer") == "er hans nummer"
    assert remove_cpr_numbers("Nummeret er 0101901234") == "Nummeret er"
    assert remove_cpr_numbers("A 010190-1234 B 0202021234 C") == "A B C"


def test_removal_keeps_text_without_numbers_and_its_lines() -> None:
    text = "Ring 97 12 34 56 om CVR 10150817.\nMødet 01-02-2024."
    assert remove_cpr_numbers(text) == text
    assert remove_cpr_numbers("Linje et\n010190-1234\nlinje tre") == "Linje et\n\nlinje tre"


def cpr(day: date, serial: int, dash: bool) -> str:
    return f"{day:%d%m%y}{'-' if dash else ''}{serial:04d}"


words = st.text(alphabet="abcæøå ,.:()\n", max_size=20)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(0, 9999),
    st.booleans(),
    words,
    words,
)
def test_any_real_date_with_four_digits_is_found_and_removed(
    day: date, serial: int, dash: bool, before: str, after: str
) -> None:
    number = cpr(day, serial, dash)
    text = f"{before} {number} {after}"
    assert found(text) == [number]
    cleaned = remove_cpr_numbers(text)
    assert found(cleaned) == []
    assert number not in cleaned


@given(st.text(alphabet="0123456789- a\n", max_size=60))
def test_after_removal_nothing_is_left_to_find(text: str) -> None:
    assert found(remove_cpr_numbers(text)) == []


@pytest.mark.parametrize(
    ("text", "caret", "run"),
    [
        ("ring 0101", None, "0101"),  # 1 January: a birthday could follow
        ("ring 01019", None, "01019"),
        ("ring 010190", None, "010190"),
        ("ring 010190-", None, "010190-"),
        ("ring 0101901", None, "0101901"),
        ("ring 010190-123", None, "010190-123"),
        ("Borger 30059", None, "30059"),
        ("Ring til 12018", None, "12018"),
        ("Ring til 1201 i morgen", 13, "1201"),  # before the caret
        ("Ring til 1201 i morgen", 9, "1201"),  # the caret at its start: still the same run
        ("x 2012", None, "2012"),  # 20 December: it waits one keystroke
    ],
)
def test_what_counts_as_a_cpr_number_being_typed(text: str, caret: int | None, run: str) -> None:
    hit = cpr_being_typed(text, caret)
    assert hit is not None and hit.text == run
    assert text[hit.start : hit.end] == run


@pytest.mark.parametrize(
    ("text", "caret"),
    [
        ("ring 010190-1234", None),  # complete: the warning takes over
        ("ring 320190", None),  # day 32
        ("ring 3013", None),  # month 13
        ("ring 3102", None),  # 31 February
        ("ring 010", None),  # three digits: a time, a count
        ("ring 010190 ", None),  # ended by a space
        ("tlf 12345678", None),  # 12/34: no month 34
        ("kl. 1430", None),
        ("8000 Aarhus", 4),
        ("år 2024", None),
        ("01-02-2024", None),  # a written date
        ("0101-", None),  # a dash in the wrong place
        ("3201011", 3),  # seven digits that do not start with a date
        ("Ring til 1201 i morgen", None),  # the caret is elsewhere
        ("0101901234567", None),  # too long
        ("", None),
    ],
)
def test_what_is_not_a_cpr_number_being_typed(text: str, caret: int | None) -> None:
    assert cpr_being_typed(text, caret) is None


def test_a_letter_right_before_the_number_does_not_hide_it() -> None:
    assert find_cpr_numbers("nr0101901234")  # as find_cpr_numbers: the number stands alone
    hit = cpr_being_typed("nr01019")
    assert hit is not None and hit.text == "01019"


def test_a_caret_outside_the_text_is_refused() -> None:
    with pytest.raises(ValueError):
        cpr_being_typed("abc", 4)


@given(st.dates(), st.integers(0, 9999), st.booleans())
def test_every_start_of_a_cpr_number_from_four_digits_is_being_typed(day: date, serial: int, dash: bool) -> None:
    number = cpr(day, serial, dash)
    for n in range(1, len(number)):
        start = number[:n]
        digits = sum(c.isdigit() for c in start)
        hit = cpr_being_typed("Ring " + start)
        assert (hit is not None) == (digits >= MIN_HELD_DIGITS), start


@pytest.mark.parametrize(
    ("before", "after", "caret"),
    [
        ("abc", "abcd", 4),
        ("ac", "abc", 2),
        ("abc", "ac", 1),
        ("Ring  i morgen", "Ring 1 i morgen", 6),
        ("", "x", 1),
        ("same", "same", 4),
    ],
)
def test_where_the_caret_stands_after_an_edit(before: str, after: str, caret: int) -> None:
    assert edit_end(before, after) == caret
