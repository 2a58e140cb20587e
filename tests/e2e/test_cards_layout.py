"""The conversation cards fit the tablet: lying down (1280 x 800) the card, its answer
field, "Forrige" and "Næste" are all on screen without scrolling and the floating "Hurtig
note" button covers none of them; upright too. The phase row opens at the phase in use."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, FloatRect, Locator

from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, eventually, tablet

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["portrait", "landscape"])
def ui(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Ui]:
    with tablet(browser, str(request.param)) as held:
        yield held


def box(target: Locator) -> FloatRect:
    target.wait_for(state="attached")
    found = target.bounding_box()
    assert found is not None
    return found


def overlap(a: FloatRect, b: FloatRect) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_the_card_its_answer_and_buttons_fit_without_scrolling(visit_app: tuple[AppProcess, str], ui: Ui) -> None:
    app, visit = visit_app
    ui.open(f"{app.url}/visit/{visit}/cards")
    ui.see("Kort 1 af 8")
    size = ui.page.viewport_size
    assert size is not None
    page = ui.page
    quick = box(page.get_by_role("button", name="Hurtig note", exact=True))
    answer = box(page.get_by_role("textbox", name="Virksomhedens svar · kort 1 af 8"))
    shown = {
        "card": box(ui.text("Kort 1 af 8").first),
        "asked": box(page.get_by_role("switch", name=re.compile("Spørgsmålet er stillet")).first),
        "answer": answer,
        "Forrige": box(page.get_by_role("button", name="Forrige", exact=True)),
        "Næste": box(page.get_by_role("button", name="Næste", exact=True)),
    }
    for name, place in shown.items():
        assert place["y"] >= 0 and place["y"] + place["height"] <= size["height"], (name, place)
        assert not overlap(place, quick), (name, place, quick)
    ui.shot("13-cards")


def test_the_phase_row_opens_at_the_phase_in_use(visit_app: tuple[AppProcess, str], ui: Ui) -> None:
    app, visit = visit_app
    store = Store(app.data_dir / "feltmappe.db")
    try:
        store.set_state(f"cards_at:{visit}", json.dumps({"phase": "closing", "card": ""}))
    finally:
        store.close()
    ui.open(f"{app.url}/visit/{visit}/cards")
    ui.see("Kort 1 af")
    size = ui.page.viewport_size
    assert size is not None
    chip = ui.page.get_by_role("button", name=re.compile(r"^Afrunding \d")).first

    def chip_on_screen() -> bool:
        place = box(chip)
        return place["x"] >= 0 and place["x"] + place["width"] <= size["width"]

    try:
        eventually(chip_on_screen, 10)
    except AssertionError:
        raise AssertionError(f"the chip for the phase in use is at {box(chip)}") from None
    ui.shot("14-cards-last-phase")
