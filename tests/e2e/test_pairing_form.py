"""The pairing form under Settings is checked before anything is sent (issue 9: an empty
username came back as "Serveren afviste: 422: username: String should have at least 1
character", the server's English)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import AppProcess, tablet
from tests.server_harness import Server

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_an_empty_username_is_told_under_its_field(
    app: AppProcess, server: Server, browser: Browser, orientation: str
) -> None:
    with tablet(browser, orientation) as ui:
        ui.open(app.url + "/settings")
        ui.see("Synkronisering med serveren")
        ui.type("Serverens adresse (https://…)", "feltmappe.herning.dk")
        ui.tap("Forbind")
        ui.see("Skriv dit brugernavn.")
        ui.see("Skriv din adgangskode.")
        ui.see("Adressen skal begynde med https://")
        assert not ui.sees("Serveren afviste") and not ui.sees("String should")
        ui.shot("36-pairing-form-checked")
        # Mended, the server is asked; a wrong password is told in words too.
        ui.type("Serverens adresse (https://…)", server.url)
        ui.type("Brugernavn", "nogen")
        ui.type("Adgangskode", "forkert")
        ui.tap("Forbind")
        ui.see("Forkert brugernavn eller adgangskode.")
        assert not ui.sees("Skriv dit brugernavn.")


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_sheet_of_an_unpaired_tablet_says_it_keeps_everything(
    app: AppProcess, browser: Browser, orientation: str
) -> None:
    """Issue 9: unpaired, the sync sheet said "Alt er sendt – intet venter" though nothing
    was ever sent."""
    with tablet(browser, orientation) as ui:
        ui.open(app.url)
        ui.press(ui.page.get_by_role("button", name=re.compile(r"^Ikke forbundet")).first)
        ui.see("Tabletten er ikke forbundet med en server. Alt, du skriver, gemmes på tabletten.")
        assert not ui.sees("Alt er sendt")
        ui.see("Forbind med serveren")
        ui.shot("32-sync-sheet-unpaired")
