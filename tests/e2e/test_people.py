"""A co-visit shares one tablet: participants, the 'who is writing' switch, the playbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import LANDSCAPE, AppProcess, Ui, free_port
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

        context = browser.new_context(viewport=LANDSCAPE)  # type: ignore[arg-type]
        wide = Ui(context.new_page(), "landscape")
        wide.open(f"{app.url}/visit/{ids['visit1']}/people")
        wide.see("Skriver: MS · Mette Sørensen")
        wide.shot("09-people")
        context.close()
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
