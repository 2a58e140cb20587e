"""One question, asked once: a social area answered "Gør det allerede" meets the recognition
criterion that follows from it, shown with its source; the consultant can still change it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from storage import visit_records
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, eventually, free_port, tablet
from tests.e2e.test_closing import seed_closing

pytestmark = pytest.mark.e2e

FLEXJOB = "Har en medarbejder i fleksjob eller løntilskud"
LOCAL = "Samarbejder lokalt eller stiller sociale krav ved indkøb"
DISABILITY = "Job til mennesker med handicap"
AREAS = [  # the pack's order: the n-th "Gør det allerede" button is this area's
    "recruitment-edge",
    "special-training",
    "disability",
    "retention",
    "work-environment",
    "local-community",
    "social-purchasing",
    "diversity",
]


def checked(ui: Ui, name: str) -> bool:
    box = ui.page.get_by_role("checkbox", name=name, exact=True)
    box.wait_for(state="attached")
    return box.get_attribute("aria-checked") == "true"


def answer(ui: Ui, area: str, status: str = "Gør det allerede") -> None:
    ui.press(ui.page.get_by_role("button", name=f"{status} · ").nth(AREAS.index(area)))  # each names its area


def stored(data: Path, visit: str) -> tuple[dict[str, bool], dict[str, str]]:
    store = Store(data / "feltmappe.db")
    try:
        profile = visit_records.social_profile(store, visit_id=visit)
        return visit_records.recognition(store, visit_id=visit), {a: s.status for a, s in profile.items()}
    finally:
        store.close()


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_a_criterion_met_by_an_areas_answer_shows_its_source_and_can_be_changed(
    tmp_path: Path, browser: Browser, orientation: str
) -> None:
    data = tmp_path / "data"
    visit = seed_closing(data)["visit2"]
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser, orientation) as ui:
            ui.open(f"{app.url}/visit/{visit}/social")
            ui.see("0 af 6 opfyldt – mangler 2")
            assert not checked(ui, FLEXJOB)

            # A flexjob employee is recorded once, under the social area...
            answer(ui, "disability")
            ui.see(f"Opfyldt via: {DISABILITY}")
            ui.see("1 af 6 opfyldt – mangler 1")
            eventually(lambda: checked(ui, FLEXJOB))
            # ... and a criterion that follows from either of two areas names the one answered.
            answer(ui, "social-purchasing")
            ui.see("Opfyldt via: Sociale hensyn ved indkøb")
            ui.see("2 af 6 opfyldt – kvalificerer")
            eventually(lambda: checked(ui, LOCAL))
            ui.page.mouse.wheel(0, -5000)
            ui.shot("29-social-met-via")

            # The consultant's own untick wins, and says what the area would have given.
            ui.tap(FLEXJOB, role="checkbox")
            ui.see(f"Fravalgt af dig – ellers opfyldt via: {DISABILITY}")
            ui.see("1 af 6 opfyldt – mangler 1")
            eventually(lambda: not checked(ui, FLEXJOB))
            eventually(lambda: stored(data, visit)[0] == {"crit-flexjob": False})

            # Ticked again, it follows the area once more: nothing of the choice is kept.
            ui.tap(FLEXJOB, role="checkbox")
            ui.see(f"Opfyldt via: {DISABILITY}")
            ui.see("2 af 6 opfyldt – kvalificerer")
            eventually(lambda: stored(data, visit)[0] == {})

            # An answer changed to "Vil gerne" no longer meets the criterion.
            answer(ui, "social-purchasing", "Vil gerne")
            ui.see("1 af 6 opfyldt – mangler 1")
            eventually(lambda: not checked(ui, LOCAL))

            # Everything is kept: open the screen again.
            ui.open(f"{app.url}/visit/{visit}/social")
            ui.see("1 af 6 opfyldt – mangler 1")
            ui.see(f"Opfyldt via: {DISABILITY}")
            assert checked(ui, FLEXJOB) and not checked(ui, LOCAL)
    finally:
        app.stop()
    choices, statuses = stored(data, visit)
    assert choices == {}
    assert statuses == {"disability": "already", "social-purchasing": "wants"}
