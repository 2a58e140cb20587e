"""The new job opening's unsaved text survives leaving the screen and closing the tab.

Issue 9 trial: what was typed into "Krav og opgavebeskrivelse" (and the opening's other
fields) was gone when the consultant left the closing screen or closed the tab, and the
leave question did not ask. In the browser, upright and lying down: typed, a tab tapped
(the question names the fields; "Gå videre" leaves), a fresh tab opened on the closing
(the text is back, and a banner says so), and the opening made (the draft is gone).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from storage import followups
from storage.db import Store
from tests.e2e.conftest import AppProcess, eventually, free_port, tablet
from tests.e2e.test_closing import seed_closing
from tests.e2e.test_walkaround import bring_into_view

pytestmark = pytest.mark.e2e

TITLE = "Grøn medhjælper på lageret"
REQUIREMENTS = "Kan stå op det meste af dagen, gerne truckcertifikat."


def state(app: AppProcess, key: str) -> str:
    store = Store(app.data_dir / "feltmappe.db")
    try:
        return store.get_state(key)
    finally:
        store.close()


def openings(app: AppProcess, visit: str) -> list[str]:
    store = Store(app.data_dir / "feltmappe.db")
    try:
        return [o.requirements for o in followups.openings(store, visit_id=visit)]
    finally:
        store.close()


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_new_openings_text_is_kept_asked_about_and_brought_back(
    tmp_path: Path, browser: Browser, orientation: str
) -> None:
    visit = seed_closing(tmp_path / "data")["visit2"]
    app = AppProcess(tmp_path / "data", free_port()).start()
    try:
        with tablet(browser, orientation) as ui:
            ui.open(f"{app.url}/visit/{visit}/closing")
            ui.type("Titel på jobåbningen", TITLE)
            ui.type("Krav og opgavebeskrivelse", REQUIREMENTS)
            eventually(lambda: state(app, f"draft:{visit}:opening:new:requirements") == REQUIREMENTS)

            ui.tap("Forberedelse")
            ui.see("Tekst, der ikke er gemt")
            ui.see("«Krav og opgavebeskrivelse»")
            ui.shot("93-opening-draft-leave")
            ui.tap("Gå videre")
            ui.see("Tjekliste før besøget")

        with tablet(browser, orientation) as ui:  # a fresh tab
            ui.open(f"{app.url}/visit/{visit}/closing")
            ui.see("er hentet frem: Titel på jobåbningen, Krav og opgavebeskrivelse")
            assert ui.field_value("Krav og opgavebeskrivelse") == REQUIREMENTS
            assert ui.field_value("Titel på jobåbningen") == TITLE
            bring_into_view(ui, ui.text("er hentet frem").first)
            ui.shot("93-opening-draft-restored")

            ui.press(ui.page.get_by_role("checkbox", name="Sortere pap og plast"))
            ui.tap("Opret jobåbning")
            ui.see("Krav: " + REQUIREMENTS)
            eventually(lambda: openings(app, visit) == [REQUIREMENTS])
            assert not ui.sees("er hentet frem")
            eventually(lambda: state(app, f"draft:{visit}:opening:new:requirements") == "")
    finally:
        app.stop()
