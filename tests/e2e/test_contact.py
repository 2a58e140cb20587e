"""Whom the company calls afterwards: the consultant's phone and e-mail from Settings, a
partner's from the participants tab, both under "Kontakt os" in the visit's PDF, and a
file name with the Danish letters spelt out."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from tests.e2e.conftest import AppProcess, Ui, tablet

pytestmark = pytest.mark.e2e


def test_phone_and_email_from_settings_and_participants_reach_the_pdf(app: AppProcess, ui: Ui, tmp_path: Path) -> None:
    ui.open(app.url + "/settings")
    ui.type("Dit navn", "Lone Mikkelsen")
    ui.type("Din organisation", "Jobcenter Holstebro")
    ui.type("Din stillingsbetegnelse (fx virksomhedskonsulent)", "Virksomhedskonsulent")
    ui.type("Din kommune", "Holstebro Kommune")
    ui.type("Dit telefonnummer", "ring til mig")
    ui.see("Skriv telefonnummeret med 8 cifre (eller +45 og 8 cifre), fx 72 36 00 00.")
    ui.type("Dit telefonnummer", "96 11 50 00")
    ui.text("Skriv telefonnummeret med 8 cifre").first.wait_for(state="detached")
    ui.type("Din e-mail", "lone.mikkelsen@holstebro.example.dk")
    ui.see("Telefon og e-mail kommer med på de besøg, du starter")
    ui.shot("58-settings-contact")

    ui.open(app.url + "/company/new")
    ui.type("Virksomhedens navn *", "Ærø Å-Fisk ApS")
    ui.tap("Gem og forbered besøget")
    ui.see("Skriver: LM · Lone Mikkelsen")
    ui.tap("Deltagere")
    ui.see("96 11 50 00")  # the consultant of the tablet joined with her phone and e-mail
    ui.see("lone.mikkelsen@holstebro.example.dk")

    ui.type("Navn", "Jens Ærø")
    ui.type("Organisation (fx Jobcenter Herning)", "Erhvervsråd Vest")
    ui.type("Telefon", "+45 59 48 00 00")
    ui.tap("E – erhvervsrådet")
    ui.tap("Tilføj")
    ui.see("+45 59 48 00 00")
    # His e-mail comes later, in the small dialog beside his name.
    ui.press(ui.page.get_by_role("button", name="Telefon og e-mail · ").nth(1))  # on his row
    ui.see("Ret telefon og e-mail for Jens Ærø")
    ui.type("E-mail", "jens@erhverv")
    ui.tap("Gem")
    ui.see("E-mailadressen ser forkert ud.")
    ui.type("E-mail", "jens.aeroe@erhverv.example.dk")
    ui.tap("Gem")
    ui.see("jens.aeroe@erhverv.example.dk")
    ui.shot("59-people-contact")

    ui.tap("Afrunding")
    ui.tap("Besøgsopsummering som PDF")
    ui.see("PDF'en er gemt")
    with ui.page.expect_download() as download:
        ui.tap("Åbn")
    assert download.value.suggested_filename.startswith("besoeg-aeroe-aa-fisk-aps-")
    saved = tmp_path / "visit.pdf"
    download.value.save_as(saved)
    content = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(saved).pages)
    contacts = content.split("Kontakt os")[-1]
    for expected in (
        "Lone Mikkelsen",
        "Virksomhedskonsulent",
        "Jobcenter Holstebro",
        "96 11 50 00",
        "lone.mikkelsen@holstebro.example.dk",
        "Jens Ærø",
        "Erhvervsråd Vest",
        "+45 59 48 00 00",
        "jens.aeroe@erhverv.example.dk",
    ):
        assert expected in contacts, expected


HINT = "»Kontakt os« i PDF'en får hverken telefon eller e-mail."


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_pdf_section_says_when_kontakt_os_has_no_phone_or_email(
    app: AppProcess, browser: Browser, orientation: str
) -> None:
    """Issue 9 trial: no participant and nothing under Settings had a phone or an e-mail,
    the PDF had no way to reach the consultants, and nothing said why."""
    with tablet(browser, orientation) as ui:
        ui.open(app.url + "/company/new")
        ui.type("Virksomhedens navn *", "Holstebro Maskinfabrik A/S")
        ui.tap("Gem og forbered besøget")
        ui.tap("Afrunding")
        ui.see(HINT)
        ui.shot("66-pdf-no-contact")
        ui.tap("Deltagere")
        ui.type("Navn", "Lone Mikkelsen")
        ui.type("Telefon", "96 11 50 00")
        ui.tap("S – jobcentret")
        ui.tap("Tilføj")
        ui.see("96 11 50 00")
        ui.tap("Afrunding")
        ui.see("Besøgsopsummering som PDF")
        assert not ui.sees(HINT)
