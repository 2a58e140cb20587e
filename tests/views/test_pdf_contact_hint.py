"""Where the PDFs are made, a hint says when "Kontakt os" will carry no phone or e-mail.

"Kontakt os" in the reports lists the visit's consultants (its participants from the job
centre and the business council) with their phone and e-mail. In the issue 9 trial no
participant had either, the PDF had no way to reach anyone, and nothing said why. The
hint shows exactly when the PDF made from the same visit has no phone or e-mail under
"Kontakt os", and says where to add them; each row checks the screen against the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from domain.company import CompanyDraft
from storage import repo, visit_records
from storage.db import Store
from tests.reports.conftest import text
from tests.views.fake_app import app_context
from tests.views.test_form_cpr_guard import texts
from views.context import AppContext
from views.i18n import Translator
from views.pdf_actions import pdf_section, visit_summary_pdf

HINT = Translator("da")("pdf.no_contact")


def new_visit(ctx: AppContext) -> str:
    company_id = repo.save_company(ctx.store, draft=CompanyDraft(name="Fynbo Emballage"))
    return repo.create_visit(ctx.store, company_id=company_id, content_version=ctx.pack.version)


def add(role: str, *, phone: str = "", email: str = "") -> Callable[[AppContext], str]:
    def make(ctx: AppContext) -> str:
        visit = new_visit(ctx)
        visit_records.add_participant(ctx.store, visit_id=visit, name="Ole Hansen", role=role, phone=phone, email=email)
        return visit

    return make


def settings_only(ctx: AppContext) -> str:
    """Phone and e-mail under Settings, given after the visit was started: they go on the
    visits started from now on, not on this one's participant."""
    visit = add("S")(ctx)
    ctx.store.set_state("me_phone", "+45 21 43 65 87")
    ctx.store.set_state("me_email", "ole@herning.dk")
    return visit


def started_after_settings(ctx: AppContext) -> str:
    ctx.store.set_state("me_name", "Ole Hansen")
    ctx.store.set_state("me_phone", "+45 21 43 65 87")
    company_id = repo.save_company(ctx.store, draft=CompanyDraft(name="Fynbo Emballage"))
    return ctx.start_visit(company_id)


CASES: dict[str, tuple[Callable[[AppContext], str], bool]] = {
    "no participants": (new_visit, True),
    "a job-centre consultant without phone or e-mail": (add("S"), True),
    "only the company's own person has a phone": (add("other", phone="97 12 34 56"), True),
    "phone and e-mail under Settings, after the visit was started": (settings_only, True),
    "a job-centre consultant with a phone": (add("S", phone="+45 72 36 00 00"), False),
    "a business-council consultant with an e-mail": (add("E", email="mette@erhverv.dk"), False),
    "a visit started after Settings had a phone": (started_after_settings, False),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_hint_shows_when_kontakt_os_will_have_no_phone_or_email(store: Store, tmp_path: Path, case: str) -> None:
    make, hinted = CASES[case]
    ctx = app_context(store, tmp_path)
    found = repo.get_visit(store, visit_id=make(ctx))
    assert found is not None
    visit = found[0]
    shown = texts(pdf_section(ctx, visit=visit))
    assert (HINT in shown) is hinted, shown
    # The PDF agrees: under "Kontakt os", a phone or an e-mail exactly when there is no hint.
    pdf = text(visit_summary_pdf(ctx, visit))
    contact = pdf.split("Kontakt os")[-1] if "Kontakt os" in pdf else ""
    assert ("Telefon:" in contact or "E-mail:" in contact) is not hinted, contact


def test_the_hint_is_in_english_too(store: Store, tmp_path: Path) -> None:
    ctx = app_context(store, tmp_path)
    ctx.set_language("en")
    found = repo.get_visit(store, visit_id=new_visit(ctx))
    assert found is not None
    shown = texts(pdf_section(ctx, visit=found[0]))
    assert Translator("en")("pdf.no_contact") in shown and "Contact us" in shown
