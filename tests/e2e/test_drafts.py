"""No text thrown away, on screen: a card answer held back by the CPR guard stays as a
local draft, leaving the card or the screen asks first, and the draft is there again when
the consultant comes back. And the deck reopens at the card where it was left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import repo
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, free_port
from tests.e2e.seed import seed_one_writer

pytestmark = pytest.mark.e2e

ANSWER = "Virksomhedens svar · kort 1 af 8"


@pytest.fixture
def visit_app(tmp_path: Path) -> Iterator[tuple[AppProcess, str]]:
    data = tmp_path / "data"
    visit = seed_one_writer(data)
    process = AppProcess(data, free_port()).start()
    yield process, visit
    process.stop()


def stored(app: AppProcess, visit: str) -> tuple[str, str]:
    """The first card's saved answer, and the local draft kept for it."""
    store = Store(app.data_dir / "feltmappe.db")
    try:
        return (
            repo.card_states(store, visit_id=visit)["opening-02"].answer,
            store.get_state(f"draft:{visit}:card:opening-02"),
        )
    finally:
        store.close()


def test_leaving_a_card_or_the_screen_with_a_cpr_draft_asks_and_keeps_it(
    visit_app: tuple[AppProcess, str], ui: Ui
) -> None:
    app, visit = visit_app
    text = "Kontakt evt. 010190-1234s søster om fleksjob."
    ui.open(f"{app.url}/visit/{visit}/cards")
    ui.see("Kort 1 af 8")
    ui.type(ANSWER, text)
    ui.see("ligger som kladde på denne tablet")
    assert stored(app, visit) == ("", text)  # a local draft, nothing saved (or synced)

    # The next card: asked first; staying keeps everything where it was.
    ui.tap("Næste")
    ui.see("Tekst, der ikke er gemt")
    ui.shot("07-cards-leave-draft")
    ui.tap("Bliv og vælg")
    ui.see("Kort 1 af 8")
    assert ui.field_value(ANSWER) == text

    # Another tab: asked again; going on leaves the draft on the tablet.
    ui.tap("Boblepapir")
    ui.see("Tekst, der ikke er gemt")
    ui.tap("Gå videre")
    ui.see("Rekruttering")
    assert stored(app, visit) == ("", text)

    # Back on the cards, the draft and its warning are there again.
    ui.tap("Samtalekort")
    ui.see("Kort 1 af 8")
    ui.see("Teksten ser ud til at indeholde et CPR-nummer (010190-1234)")
    assert ui.field_value(ANSWER) == text


def test_the_deck_reopens_at_the_card_where_it_was_left(visit_app: tuple[AppProcess, str], ui: Ui) -> None:
    app, visit = visit_app
    ui.open(f"{app.url}/visit/{visit}/cards")
    ui.see("Kort 1 af 8")
    ui.tap("Næste")
    ui.see("Kort 2 af 8")
    ui.tap("Næste")
    ui.see("Kort 3 af 8")
    ui.tap("Boblepapir")
    ui.see("Rekruttering")
    ui.tap("Samtalekort")
    ui.see("Kort 3 af 8")
    # A restart too.
    app.stop()
    app.start()
    ui.open(f"{app.url}/visit/{visit}/cards")
    ui.see("Kort 3 af 8")
