"""Number fields take the digits 0-9, with spaces of every kind where a number has them:
a CVR pasted with no-break spaces or a zero-width space is accepted when its eight digits
are right and kept as eight ASCII digits; Arabic-Indic or full-width digits are refused with
"Skriv tallet med cifrene 0-9" in every number field (hours, CVs wanted, CVR, phone)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.company import CompanyDraft
from domain.contact import clean_phone
from domain.errors import InvalidInput
from domain.numbers import foreign_digits, parse_whole_number
from domain.tasks import TaskDraft, parse_hours

I18N = Path(__file__).resolve().parents[2] / "assets" / "i18n"
VALID_CVRS = ["10150817", "25313763", "24256790", "61126228", "29189846", "10103940", "30060946", "35954716"]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EXTENDED_ARABIC_INDIC = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")  # Persian, Urdu
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
FOREIGN = [ARABIC_INDIC, EXTENDED_ARABIC_INDIC, FULL_WIDTH, DEVANAGARI]
SEPARATORS = ["", " ", "\u00a0", "\u202f", "\u200b", "\ufeff", "\u2060", ".", "-", "\u00a0\u200b"]


def refusal(draft: CompanyDraft) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        draft.validated()
    return caught.value


def test_the_danish_and_english_words() -> None:
    da = json.loads((I18N / "da" / "errors.json").read_text(encoding="utf-8"))
    en = json.loads((I18N / "en" / "errors.json").read_text(encoding="utf-8"))
    assert da["error.ascii_digits"] == "Skriv tallet med cifrene 0-9."
    assert en["error.ascii_digits"] == "Write the number with the digits 0-9."


# CVR ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "10\u00a015\u00a008\u00a017",  # no-break spaces, as a web page or a Word file gives them
        "1015\u202f0817",  # a narrow no-break space
        "1015\u200b0817",  # a zero-width space
        "\ufeff10150817",  # a byte order mark in front
        "DK\u00a010 15 08 17",
        "\u200e10150817\u200f",  # left-to-right and right-to-left marks around it
        " 10 15 08 17\u00a0",
    ],
)
def test_a_cvr_pasted_with_odd_spaces_is_kept_as_eight_ascii_digits(typed: str) -> None:
    assert CompanyDraft(name="Firma", cvr=typed).validated()["cvr"] == "10150817"


@given(
    cvr=st.sampled_from(VALID_CVRS),
    separators=st.lists(st.sampled_from(SEPARATORS), min_size=9, max_size=9),
)
def test_any_valid_cvr_with_any_separators_between_its_digits_is_accepted(cvr: str, separators: list[str]) -> None:
    typed = "".join(sep + digit for sep, digit in zip(separators, cvr, strict=False)) + separators[-1]
    stored = CompanyDraft(name="Firma", cvr=typed).validated()["cvr"]
    assert stored == cvr and stored.isascii()


@given(cvr=st.sampled_from(VALID_CVRS), digits=st.sampled_from(FOREIGN), at=st.integers(0, 7))
def test_a_cvr_with_another_scripts_digits_is_refused_in_danish_words(
    cvr: str, digits: dict[int, int], at: int
) -> None:
    for typed in (cvr.translate(digits), cvr[:at] + cvr[at].translate(digits) + cvr[at + 1 :]):
        error = refusal(CompanyDraft(name="Firma", cvr=typed))
        assert (error.field, error.code) == ("cvr", "ascii_digits")


def test_a_cvr_whose_digits_are_wrong_is_still_refused_when_its_spaces_are_odd() -> None:
    assert refusal(CompanyDraft(name="Firma", cvr="1015\u200b0818")).code == "cvr_check_digit"
    assert refusal(CompanyDraft(name="Firma", cvr="1015\u00a0081")).code == "cvr_format"


# Hours, CVs wanted ------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["１２", "٢,٥", "۴", "४", "1٢", "2²"])
def test_hours_with_other_digits_are_refused_not_read(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_hours(typed)
    assert (refused.value.field, refused.value.code) == ("hours", "ascii_digits")
    with pytest.raises(InvalidInput) as refused:
        TaskDraft(area="Hal", title="Feje", hours=typed).validated(green_ids=set(), accommodation_ids=set())
    assert refused.value.code == "ascii_digits"


def test_hours_with_a_pasted_zero_width_space_are_read() -> None:
    assert parse_hours("2\u200b,5") == 2.5
    assert parse_hours("\u00a04\u00a0") == 4.0


@pytest.mark.parametrize(("typed", "number"), [("", 0), ("  ", 0), ("3", 3), (" 12 ", 12), ("99", 99), (7, 7)])
def test_whole_numbers_as_typed(typed: str | int, number: int) -> None:
    assert parse_whole_number(typed, field="cvs_wanted", limit=99) == number


@pytest.mark.parametrize(
    ("typed", "code"),
    [("１２", "ascii_digits"), ("٣", "ascii_digits"), ("3,5", "whole_number"), ("tre", "whole_number"),
     ("-1", "whole_number"), ("100", "number_range"), ("²", "ascii_digits")],
)  # fmt: skip
def test_whole_numbers_that_are_not(typed: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_whole_number(typed, field="cvs_wanted", limit=99)
    assert (refused.value.field, refused.value.code) == ("cvs_wanted", code)


@given(st.integers(0, 99), st.sampled_from(FOREIGN))
def test_every_count_in_another_scripts_digits_is_refused(number: int, digits: dict[int, int]) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_whole_number(str(number).translate(digits), field="cvs_wanted", limit=99)
    assert refused.value.code == "ascii_digits"
    assert parse_whole_number(str(number), field="cvs_wanted", limit=99) == number


# Phone numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["97\u00a012\u00a034\u00a056", "+45\u202f97123456", "9712\u200b3456"])
def test_a_phone_number_with_odd_spaces_is_accepted(typed: str) -> None:
    assert CompanyDraft(name="Firma", contact_phone=typed).validated()["contact_phone"] == typed.replace("\u200b", "")
    assert clean_phone(typed, field="phone") == typed.replace("\u200b", "")


@pytest.mark.parametrize("typed", ["٩٧ ١٢ ٣٤ ٥٦", "９７１２３４５６", "+45 9712345٦"])
def test_a_phone_number_with_other_digits_is_refused(typed: str) -> None:
    error = refusal(CompanyDraft(name="Firma", contact_phone=typed))
    assert (error.field, error.code) == ("contact_phone", "ascii_digits")
    with pytest.raises(InvalidInput) as refused:
        clean_phone(typed, field="phone")
    assert (refused.value.field, refused.value.code) == ("phone", "ascii_digits")


@given(st.text())
def test_foreign_digits_are_exactly_the_digits_outside_0_to_9(text: str) -> None:
    assert "".join(foreign_digits(text)) == "".join(ch for ch in text if ch.isdigit() and ch not in "0123456789")
