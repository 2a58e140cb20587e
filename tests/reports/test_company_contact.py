"""The company table in the PDFs puts each of the company's contact details under its own
label (issue 9 trial: with no contact person, the e-mail stood under "Kontaktperson",
because the person, phone and e-mail were one value under that one label).

Table-driven over every mix of the three being there or not, in each report that prints
the company table; the text is read back with pypdf, a row as "label value"."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace

import pytest

from domain.content import ContentPack
from reports import CompanyInfo, opening_pdf, social_profile_pdf, visit_summary_pdf
from tests.reports import sample
from tests.reports.conftest import text

FIELDS = {
    # field: (label in the Danish PDF, a value)
    "contact_name": ("Kontaktperson", "Søren Østergård"),
    "contact_phone": ("Telefon", "+45 21 43 65 87"),
    "contact_email": ("E-mail", "soeren@aeblehaven.example.dk"),
}
MIXES = [frozenset(kept) for size in range(len(FIELDS) + 1) for kept in itertools.combinations(list(FIELDS), size)]

REPORTS: dict[str, Callable[[ContentPack, CompanyInfo], bytes]] = {
    "visit summary": lambda pack, company: visit_summary_pdf(sample.visit_data(pack, company=company)),
    "job opening": lambda pack, company: opening_pdf(replace(sample.opening_data(pack), company=company)),
    "social profile": lambda pack, company: social_profile_pdf(replace(sample.social_data(pack), company=company)),
}


@pytest.mark.parametrize("report", list(REPORTS))
@pytest.mark.parametrize("kept", MIXES, ids=lambda kept: "+".join(sorted(kept)) or "none")
def test_each_contact_detail_stands_under_its_own_label(
    pack_da: ContentPack, report: str, kept: frozenset[str]
) -> None:
    company = replace(sample.COMPANY, **{field: value if field in kept else "" for field, (_, value) in FIELDS.items()})
    read = text(REPORTS[report](pack_da, company))
    for field, (label, value) in FIELDS.items():
        if field in kept:
            assert f"{label} {value}" in read, (label, value)
        for other, (other_label, _) in FIELDS.items():
            if other != field:
                assert f"{other_label} {value}" not in read, (other_label, value)
    if "contact_name" not in kept:
        assert "Kontaktperson" not in read
