"""The Virksomhed tab keeps what was typed: leaving it with changes not saved asks first,
the changes stay as a local draft on the tablet (shown again on coming back, marked as
not saved), and "Gem virksomheden" saves them and asks nothing afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from storage import repo
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, eventually, tablet

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["portrait", "landscape"])
def ui(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Ui]:
    """A tablet held upright, then lying down."""
    with tablet(browser, str(request.param)) as held:
        yield held


def stored_industry(app: AppProcess, visit: str) -> str:
    store = Store(app.data_dir / "feltmappe.db")
    try:
        found = repo.get_visit(store, visit_id=visit)
        assert found is not None
        company = repo.get_company(store, company_id=found[0].company_id)
        assert company is not None
        return company.industry
    finally:
        store.close()


def test_leaving_the_company_tab_with_unsaved_changes_asks_and_keeps_them(
    visit_app: tuple[AppProcess, str], ui: Ui
) -> None:
    app, visit = visit_app
    ui.open(f"{app.url}/visit/{visit}/company")
    ui.see("Tidligere samarbejde med jobcentret")
    assert ui.field_value("Branche") == "Emballage og logistik"
    # Nothing changed: the tabs go straight on.
    ui.tap("Boblepapir")
    ui.see("Rekruttering")
    ui.tap("Virksomhed")
    ui.see("Tidligere samarbejde med jobcentret")

    ui.type("Branche", "Fisk og skaldyr")
    ui.tap("Boblepapir")
    ui.see("Tekst, der ikke er gemt")
    ui.see("«Branche»")
    ui.shot("83-company-leave-asks")
    ui.tap("Bliv og vælg")
    assert ui.field_value("Branche") == "Fisk og skaldyr"

    # Going on leaves the change on the tablet, not in the company record...
    ui.tap("Boblepapir")
    ui.see("Tekst, der ikke er gemt")
    ui.tap("Gå videre")
    ui.see("Rekruttering")
    assert stored_industry(app, visit) == "Emballage og logistik"
    # ...and it is there again, marked as not saved, on coming back.
    ui.tap("Virksomhed")
    ui.see("Tidligere samarbejde med jobcentret")
    ui.see("er hentet frem")
    assert ui.field_value("Branche") == "Fisk og skaldyr"
    ui.shot("83-company-draft-back")

    # Saved: in the record, the marker gone, and leaving asks nothing.
    ui.tap("Gem virksomheden")
    eventually(lambda: stored_industry(app, visit) == "Fisk og skaldyr", 20)
    ui.text("er hentet frem").first.wait_for(state="detached")
    ui.tap("Boblepapir")
    ui.see("Rekruttering")
    assert not ui.sees("Tekst, der ikke er gemt")
    ui.tap("Virksomhed")
    ui.see("Tidligere samarbejde med jobcentret")
    assert ui.field_value("Branche") == "Fisk og skaldyr"
    assert not ui.sees("er hentet frem")


def test_a_new_company_typed_and_left_asks_and_comes_back(app: AppProcess, ui: Ui) -> None:
    """The new-company form: a name typed and the back arrow tapped asks, and the form
    shows the name again when it is opened anew."""
    ui.open(f"{app.url}/company/new")
    ui.see("Virksomhedens navn *")
    ui.type("Virksomhedens navn *", "Fjordens Bageri ApS")
    ui.page.get_by_role("button", name="Back").or_(ui.page.get_by_role("button", name="Tilbage")).first.click()
    ui.see("Tekst, der ikke er gemt")
    ui.tap("Gå videre")
    ui.text("Virksomhedens navn *").first.wait_for(state="detached")
    ui.open(f"{app.url}/company/new")
    ui.see("er hentet frem")
    assert ui.field_value("Virksomhedens navn *") == "Fjordens Bageri ApS"
