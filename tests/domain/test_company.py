"""The company form's rules: CVR modulus 11, required name, email format."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from domain.company import CVR_WEIGHTS, CompanyDraft, cvr_is_valid, normalise_cvr
from domain.errors import InvalidInput

VALID_CVRS = ["10150817", "25313763", "24256790", "61126228", "29189846", "10103940", "30060946", "35954716"]


def refusal(draft: CompanyDraft) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        draft.validated()
    return caught.value


def test_weights_are_the_cvr_weights() -> None:
    assert CVR_WEIGHTS == (2, 7, 6, 5, 4, 3, 2, 1)


@pytest.mark.parametrize("cvr", VALID_CVRS)
def test_valid_cvr_numbers_pass_modulus_11(cvr: str) -> None:
    assert sum(int(d) * w for d, w in zip(cvr, CVR_WEIGHTS, strict=True)) % 11 == 0
    assert cvr_is_valid(cvr)
    assert CompanyDraft(name="Firma", cvr=cvr).validated()["cvr"] == cvr


@pytest.mark.parametrize("cvr", ["10150818", "10150816", "25313764", "12345678", "11111111"])
def test_wrong_check_digit_is_refused(cvr: str) -> None:
    assert not cvr_is_valid(cvr)
    error = refusal(CompanyDraft(name="Firma", cvr=cvr))
    assert error.field == "cvr"
    assert error.code == "cvr_check_digit"


@pytest.mark.parametrize("cvr", ["1015081", "101508170", "1", "1015O817", "abcdefgh", "10150817x"])
def test_wrong_length_or_non_digits_is_a_format_error(cvr: str) -> None:
    error = refusal(CompanyDraft(name="Firma", cvr=cvr))
    assert error.field == "cvr"
    assert error.code == "cvr_format"


@pytest.mark.parametrize(
    "written", ["DK 10 15 08 17", "DK10150817", "dk-10150817", "10.15.08.17", " 1015 0817 ", "10-15-08-17"]
)
def test_ways_of_writing_a_cvr_are_normalised(written: str) -> None:
    assert normalise_cvr(written) == "10150817"
    assert CompanyDraft(name="Firma", cvr=written).validated()["cvr"] == "10150817"


def test_cvr_is_optional() -> None:
    assert CompanyDraft(name="Firma").validated()["cvr"] == ""
    assert CompanyDraft(name="Firma", cvr="   ").validated()["cvr"] == ""


def test_cvr_with_leading_zero_is_refused() -> None:
    # 01234560 holds modulus 11, but no CVR number starts with 0.
    error = refusal(CompanyDraft(name="Firma", cvr="01234560"))
    assert error.field == "cvr"
    assert error.code == "cvr_format"


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_empty_name_is_refused(name: str) -> None:
    error = refusal(CompanyDraft(name=name, cvr="10150817"))
    assert error.field == "name"
    assert error.code == "name_required"


def test_fields_are_cleaned_and_kept() -> None:
    out = CompanyDraft(
        name="  Æblehaven ApS ",
        cvr="DK 10 15 08 17",
        contact_email="ole@æblehaven.dk",
        earlier_cooperation="Linje 1\r\nLinje 2",
    ).validated()
    assert out["name"] == "Æblehaven ApS"
    assert out["cvr"] == "10150817"
    assert out["contact_email"] == "ole@æblehaven.dk"
    assert out["earlier_cooperation"] == "Linje 1\nLinje 2"
    assert set(out) == {
        "name",
        "cvr",
        "address",
        "industry",
        "website",
        "contact_name",
        "contact_phone",
        "contact_email",
        "earlier_cooperation",
    }


@pytest.mark.parametrize("email", ["ole@firma.dk", "o.hansen+visit@sub.firma.dk", " ole@firma.dk "])
def test_good_email_is_accepted(email: str) -> None:
    assert CompanyDraft(name="Firma", contact_email=email).validated()["contact_email"] == email.strip()


@pytest.mark.parametrize("email", ["ole", "ole@firma", "firma.dk", "ole@@firma.dk", "ole hansen@firma.dk", "@firma.dk"])
def test_bad_email_is_refused(email: str) -> None:
    error = refusal(CompanyDraft(name="Firma", contact_email=email))
    assert error.field == "contact_email"
    assert error.code == "email_format"


def test_single_line_fields_refuse_line_breaks() -> None:
    error = refusal(CompanyDraft(name="Firma\nAnden linje"))
    assert (error.field, error.code) == ("name", "single_line")


def test_single_line_fields_have_a_short_limit() -> None:
    error = refusal(CompanyDraft(name="x" * 301))
    assert (error.field, error.code) == ("name", "text_too_long")
    assert error.params == {"length": 301, "limit": 300}
    assert CompanyDraft(name="x" * 300).validated()["name"] == "x" * 300


def test_control_characters_in_a_field_are_refused() -> None:
    error = refusal(CompanyDraft(name="Firma", address="Vej 1\x00"))
    assert (error.field, error.code) == ("address", "control_chars")


digits7 = st.text(alphabet="0123456789", min_size=7, max_size=7).filter(lambda s: s[0] != "0")


@given(digits7)
def test_a_prefix_has_at_most_one_valid_check_digit(prefix: str) -> None:
    valid = [d for d in "0123456789" if cvr_is_valid(prefix + d)]
    assert len(valid) <= 1


@given(digits7, st.integers(min_value=0, max_value=7), st.integers(min_value=1, max_value=9))
def test_changing_one_digit_of_a_valid_cvr_makes_it_invalid(prefix: str, position: int, delta: int) -> None:
    valid = [prefix + d for d in "0123456789" if cvr_is_valid(prefix + d)]
    assume(valid)  # about 1 prefix in 11 has no valid check digit (it would need a "10")
    cvr = valid[0]
    changed = cvr[:position] + str((int(cvr[position]) + delta) % 10) + cvr[position + 1 :]
    assert changed != cvr
    assert not cvr_is_valid(changed)
    with pytest.raises(InvalidInput):
        CompanyDraft(name="Firma", cvr=changed).validated()


# -- every problem at once ---------------------------------------------------------------


def test_every_problem_is_found_at_once_in_the_forms_order() -> None:
    """The form used to show only the first problem, and the next one after another tap."""
    draft = CompanyDraft(
        name="  ",
        cvr="10150818",
        website="firma punkt dk",
        contact_phone="ring til Lone",
        contact_email="lone@firma",
    )
    assert [(p.field, p.code) for p in draft.problems()] == [
        ("name", "name_required"),
        ("cvr", "cvr_check_digit"),
        ("website", "website_format"),
        ("contact_phone", "phone_format"),
        ("contact_email", "email_format"),
    ]
    assert refusal(draft).field == "name"  # saving still refuses the first


def test_a_field_that_is_right_has_no_problem() -> None:
    draft = CompanyDraft(name="", cvr="10150817", website="firma.dk")
    assert draft.problem("name") is not None
    assert draft.problem("cvr") is None
    assert draft.problem("website") is None
    assert CompanyDraft(name="Firma").problems() == []


@pytest.mark.parametrize(
    "website", ["firma.dk", "www.firma.dk", "https://firma.dk", "http://www.æblehaven.dk/om-os", "firma.dk/job?id=3"]
)
def test_websites_as_people_write_them(website: str) -> None:
    assert CompanyDraft(name="Firma", website=website).validated()["website"] == website


@pytest.mark.parametrize("website", ["firma", "firma dk", "https://", "www.firma.d", "lone@firma.dk"])
def test_websites_that_are_not(website: str) -> None:
    error = refusal(CompanyDraft(name="Firma", website=website))
    assert (error.field, error.code) == ("website", "website_format")


@pytest.mark.parametrize("phone", ["97 12 34 56", "97123456", "+45 97 12 34 56", "(+45) 9712-3456", "9712.3456"])
def test_phone_numbers_as_people_write_them(phone: str) -> None:
    assert CompanyDraft(name="Firma", contact_phone=phone).validated()["contact_phone"] == phone


@pytest.mark.parametrize("phone", ["1234", "tlf. 97123456", "97 12 34 5x", "++45 97123456", "1" * 16])
def test_phone_numbers_that_are_not(phone: str) -> None:
    error = refusal(CompanyDraft(name="Firma", contact_phone=phone))
    assert (error.field, error.code) == ("contact_phone", "phone_format")
