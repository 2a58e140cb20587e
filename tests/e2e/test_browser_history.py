"""The browser's own back and forward buttons (or an address typed) leave a screen the way
every other way does: with a text held back as a draft, the leave question comes first,
"Bliv og vælg" keeps the screen exactly as it was, and "Gå videre" goes where the browser
was sent, leaving the draft on the tablet. After either answer the browser's address is
the one of the screen on show, on a quiet app and on a busy one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.db import Store
from tests.e2e.conftest import ROOT, AppProcess, Ui, eventually, free_port
from tests.e2e.seed import seed_one_writer

pytestmark = pytest.mark.e2e

ANSWER = "Virksomhedens svar · kort 1 af 8"
TEXT = "Kontakt evt. 010190-1234s søster om fleksjob."


@pytest.fixture(params=["quiet", "busy"])
def visit_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[AppProcess, str]]:
    """The seeded tablet's app; "busy": every event waits 150 ms before it is handled
    (tests/e2e/slow_main.py), as on a loaded tablet."""
    data = tmp_path / "data"
    visit = seed_one_writer(data)
    busy = request.param == "busy"
    process = AppProcess(
        data,
        free_port(),
        script=ROOT / "tests" / "e2e" / "slow_main.py" if busy else None,
        env={"FELTMAPPE_TEST_EVENT_DELAY_MS": "150"} if busy else None,
    ).start()
    yield process, visit
    process.stop()


def draft(app: AppProcess, visit: str) -> str:
    store = Store(app.data_dir / "feltmappe.db")
    try:
        return store.get_state(f"draft:{visit}:card:opening-02")
    finally:
        store.close()


def test_the_browsers_back_button_asks_before_leaving_a_draft(visit_app: tuple[AppProcess, str], ui: Ui) -> None:
    app, visit = visit_app
    ui.open(f"{app.url}/visit/{visit}/bubbles")
    ui.see("Rekruttering")
    ui.tap("Samtalekort")
    ui.see("Kort 1 af 8")
    ui.type(ANSWER, TEXT)
    ui.see("ligger som kladde på denne tablet")
    eventually(lambda: draft(app, visit) == TEXT)

    ui.page.go_back()
    ui.see("Tekst, der ikke er gemt")
    ui.shot("19-browser-back-asks")
    ui.tap("Bliv og vælg")
    eventually(lambda: not ui.sees("Tekst, der ikke er gemt"))
    ui.see("Kort 1 af 8")
    assert ui.field_value(ANSWER) == TEXT  # the screen kept as it was
    eventually(lambda: ui.page.url.endswith(f"/visit/{visit}/cards"))  # and the address with it

    ui.page.go_back()
    ui.see("Tekst, der ikke er gemt")
    ui.tap("Gå videre")
    ui.see("Rekruttering")
    eventually(lambda: ui.page.url.endswith(f"/visit/{visit}/bubbles"))  # the address goes with the screen
    assert draft(app, visit) == TEXT  # left on the tablet, as a draft


def test_the_browsers_forward_button_asks_too(visit_app: tuple[AppProcess, str], ui: Ui) -> None:
    app, visit = visit_app
    ui.open(f"{app.url}/visit/{visit}/cards")
    ui.see("Kort 1 af 8")
    ui.tap("Boblepapir")
    ui.see("Rekruttering")
    ui.page.go_back()  # nothing waits: back at once
    ui.see("Kort 1 af 8")
    ui.type(ANSWER, TEXT)
    ui.see("ligger som kladde på denne tablet")
    ui.page.go_forward()
    ui.see("Tekst, der ikke er gemt")
    ui.tap("Gå videre")
    ui.see("Rekruttering")
    eventually(lambda: ui.page.url.endswith(f"/visit/{visit}/bubbles"))
    assert draft(app, visit) == TEXT


@pytest.mark.parametrize("choice", ["Gå videre", "Bliv og vælg"])
def test_the_address_and_the_screen_agree_after_either_answer(
    visit_app: tuple[AppProcess, str], ui: Ui, choice: str
) -> None:
    """From Forberedelse to the cards, a CPR draft typed, the browser's back: whichever
    the answer, the address is the one of the screen on show (issue 9 trial: after "Gå
    videre" the screen was Forberedelse and the address still /cards)."""
    app, visit = visit_app
    ui.open(f"{app.url}/visit/{visit}/prep")
    ui.see("Forberedelse")
    ui.tap("Samtalekort")
    ui.see("Kort 1 af 8")
    eventually(lambda: ui.page.url.endswith(f"/visit/{visit}/cards"))
    ui.type(ANSWER, TEXT)
    ui.see("ligger som kladde på denne tablet")
    ui.page.go_back()
    ui.see("Tekst, der ikke er gemt")
    ui.tap(choice)
    eventually(lambda: not ui.sees("Tekst, der ikke er gemt"))
    if choice == "Gå videre":
        ui.see("Tjekliste før besøget")
        eventually(lambda: not ui.sees("Kort 1 af 8"))
        eventually(lambda: ui.page.url.endswith(f"/visit/{visit}/prep"))
    else:
        ui.see("Kort 1 af 8")
        eventually(lambda: ui.page.url.endswith(f"/visit/{visit}/cards"))
        assert ui.field_value(ANSWER) == TEXT
    assert draft(app, visit) == TEXT
