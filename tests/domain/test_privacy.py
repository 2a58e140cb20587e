"""The CPR guard: real CPR numbers are found wherever they stand; phone numbers, CVR
numbers, written dates and long order numbers are not; removing leaves tidy text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.privacy import find_cpr_numbers, remove_cpr_numbers


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
