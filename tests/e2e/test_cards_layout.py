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


def test_the_cpr_warning_moves_nothing_under_the_finger(visit_app: tuple[AppProcess, str], ui: Ui) -> None:
    """An answer with a CPR-like number shows the warning with its two choices, and then
    the cleaned text for a look: neither moves "Forrige", "Næste", the answer field or the
    "asked" switch (issue 9 item 1: no layout shift under the finger), and the floating
    "Hurtig note" button covers none of them, nor the warning's own buttons, upright and
    lying down."""
    app, visit = visit_app
    ui.open(f"{app.url}/visit/{visit}/cards")
    ui.see("Kort 1 af 8")
    size = ui.page.viewport_size
    assert size is not None
    page = ui.page
    quick = page.get_by_role("button", name="Hurtig note", exact=True)
    targets = {
        "asked": page.get_by_role("switch", name=re.compile("Spørgsmålet er stillet")).first,
        "answer": page.get_by_role("textbox", name="Virksomhedens svar · kort 1 af 8"),
        "Forrige": page.get_by_role("button", name="Forrige", exact=True),
        "Næste": page.get_by_role("button", name="Næste", exact=True),
    }
    before = {name: box(target) for name, target in targets.items()}
    ui.type("Virksomhedens svar · kort 1 af 8", "Kontakt evt. 010190-1234s søster")
    ui.see("Teksten ser ud til at indeholde et CPR-nummer (010190-1234)")
    warning = {
        "Fjern nummeret": page.get_by_role("button", name="Fjern nummeret", exact=True),
        "Gem alligevel": page.get_by_role("button", name="Gem alligevel", exact=True),
    }

    def unmoved(step: str, buttons: dict[str, Locator]) -> None:
        fab = box(quick)
        for name, target in targets.items():
            place = box(target)
            assert abs(place["y"] - before[name]["y"]) < 1 and abs(place["x"] - before[name]["x"]) < 1, (
                step,
                name,
                before[name],
                place,
            )
            assert not overlap(place, fab), (step, name, place, fab)
        for name, target in buttons.items():
            place = box(target)
            assert not overlap(place, fab), (step, name, place, fab)

    unmoved("warning", warning)
    ui.shot("13-cards-cpr-warning")
    ui.tap("Fjern nummeret")
    ui.see("Gem teksten")
    unmoved(
        "cleaned text",
        {
            "Gem teksten": page.get_by_role("button", name="Gem teksten", exact=True),
            "Annuller": page.get_by_role("button", name="Annuller", exact=True),
        },
    )
    ui.shot("13-cards-cpr-cleaned")
