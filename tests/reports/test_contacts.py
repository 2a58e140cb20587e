"""Every report tells the company whom to call: "Kontakt os" with each consultant's name,
organisation, phone and e-mail, read back from the PDF as a person would read it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.content import ContentPack
from reports import bubble_sheet_pdf, opening_pdf, social_profile_pdf, visit_summary_pdf
from tests.reports import sample
from tests.reports.conftest import text

EXPECTED = (
    "Kontakt os",
    "Mette Sørensen",
    "Jobcenter Holbæk",
    "+45 72 36 00 00",
    "mette.soerensen@holbaek.example.dk",
    "Jens Ærø",
    "Erhvervsråd Nordvestsjælland",
    "+45 59 48 00 00",
    "jens.aeroe@erhverv.example.dk",
)


def all_reports(pack: ContentPack) -> dict[str, bytes]:
    return {
        "visit summary": visit_summary_pdf(sample.visit_data(pack)),
        "bubble sheet": bubble_sheet_pdf(
            pack, sample.NOTES, company=sample.COMPANY, visit_date=sample.VISIT_DATE, consultants=sample.CONSULTANTS
        ),
        "blank bubble sheet": bubble_sheet_pdf(pack, None, consultants=sample.CONSULTANTS),
        "job opening": opening_pdf(sample.opening_data(pack)),
        "social profile": social_profile_pdf(sample.social_data(pack)),
    }


def test_every_report_lists_the_consultants_under_kontakt_os(pack_da: ContentPack) -> None:
    for report, pdf in all_reports(pack_da).items():
        content = text(pdf)
        for expected in EXPECTED:
            assert expected in content, (report, expected)


@pytest.mark.parametrize("report", ["visit summary", "job opening", "social profile"])
def test_a_consultant_without_phone_or_email_is_still_listed(pack_da: ContentPack, report: str) -> None:
    bare = tuple(replace(c, phone="", email="") for c in sample.CONSULTANTS)
    pdf = {
        "visit summary": lambda: visit_summary_pdf(sample.visit_data(pack_da, consultants=bare)),
        "job opening": lambda: opening_pdf(replace(sample.opening_data(pack_da), consultants=bare)),
        "social profile": lambda: social_profile_pdf(replace(sample.social_data(pack_da), consultants=bare)),
    }[report]()
    content = text(pdf)
    assert "Kontakt os" in content and "Mette Sørensen" in content and "Jobcenter Holbæk" in content
    assert "Telefon" not in content.split("Kontakt os")[-1]


def test_english_reports_say_contact_us(pack_en: ContentPack) -> None:
    assert "Contact us" in text(opening_pdf(sample.opening_data(pack_en), language="en"))
    assert "Contact us" in text(bubble_sheet_pdf(pack_en, None, consultants=sample.CONSULTANTS, language="en"))
