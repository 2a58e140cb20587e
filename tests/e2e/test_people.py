"""A co-visit shares one tablet: participants, the 'who is writing' switch, the playbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from storage import visit_records
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, free_port, tablet
from tests.e2e.seed import seed

pytestmark = pytest.mark.e2e


def test_two_participants_take_turns_writing(tmp_path: Path, ui: Ui, browser: Browser) -> None:
    ids = seed(tmp_path / "data")
    app = AppProcess(tmp_path / "data", free_port()).start()
    try:
        ui.open(f"{app.url}/visit/{ids['visit1']}/people")
        ui.see("Hvem skriver?")
        ui.see("Sambesøg – sådan gør I")

        ui.type("Navn", "Ole Hansen")
        ui.type("Organisation (fx Jobcenter Herning)", "Jobcenter Herning")
        ui.tap("Tilføj")
        ui.see("Skriver: OH · Ole Hansen")  # the first participant writes

        ui.type("Navn", "Mette Sørensen")
        ui.type("Organisation (fx Jobcenter Herning)", "Erhvervsrådet")
        ui.tap("E – erhvervsrådet")
        ui.tap("Tilføj")
        ui.see("Mette Sørensen")
        ui.see("Skriver: OH · Ole Hansen")  # adding someone does not take the pen
        ui.shot("09-people")

        ui.tap("Skriver: OH · Ole Hansen")
        ui.see("Hvem skriver nu?")
        ui.tap("MS · Mette Sørensen (Erhvervsrådet)")
        ui.see("Skriver: MS · Mette Sørensen")

        # The choice stays with the visit on this tablet, on every tab.
        ui.tap("Samtalekort")
        ui.see("Skriver: MS · Mette Sørensen")

        with tablet(browser, "landscape") as wide:
            wide.open(f"{app.url}/visit/{ids['visit1']}/people")
            wide.see("Skriver: MS · Mette Sørensen")
            wide.shot("09-people")
    finally:
        app.stop()


def test_the_consultant_named_in_settings_joins_new_visits(app: AppProcess, ui: Ui) -> None:
    ui.open(app.url + "/settings")
    ui.type("Dit navn", "Lone Mikkelsen")
    ui.type("Din organisation", "Jobcenter Holstebro")
    ui.open(app.url + "/company/new")
    ui.type("Virksomhedens navn *", "Holstebro Maskinfabrik A/S")
    ui.tap("Gem og forbered besøget")
    ui.see("Skriver: LM · Lone Mikkelsen")


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_a_participants_details_have_room(tmp_path: Path, browser: Browser, orientation: str) -> None:
    """Issue 9: lying down, the buttons beside a participant left their text some 90 px, and
    the e-mail broke as "aas e@aeroe.d k". Name and details take the row's width; the
    buttons go below them."""
    ids = seed(tmp_path / "data")
    store = Store(tmp_path / "data" / "feltmappe.db")
    try:
        visit_records.add_participant(
            store,
            visit_id=ids["visit1"],
            name="Åse Ørnbøl",
            organisation="Jobcenter Ærø",
            role="S",
            phone="+45 21 22 23 24",
            email="aase@aeroe.dk",
        )
    finally:
        store.close()
    app = AppProcess(tmp_path / "data", free_port()).start()
    try:
        with tablet(browser, orientation) as ui:
            ui.open(f"{app.url}/visit/{ids['visit1']}/people")
            ui.see("aase@aeroe.dk")
            ui.shot("09-people-details")
            person = ui.page.locator('[aria-label*="aase@aeroe.dk"]').first.bounding_box()
            contact = ui.page.get_by_role("button", name="Telefon og e-mail").bounding_box()
            assert person is not None and contact is not None
            # The buttons start at the row's left edge, below the details, not beside them ...
            assert contact["x"] < person["x"] + person["width"] / 3, (contact, person)
            # ... and the section with its one participant is not stretched by a column of
            # broken words (300 px lying down before).
            assert person["height"] <= 240, person
    finally:
        app.stop()
