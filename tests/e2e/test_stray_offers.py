"""The offer of words typed into a field while it was taken off screen, in the browser:
kept in the tablet's local state, shown only where the words were meant to go, and put
in there with one tap (views.widgets.stray_offer).

On the conversation cards, an offer belongs to the card that came on show when the
words were typed: it shows on that card only (not on the card before or after it, nor
in another phase), and comes back with the card. On the walk-around, an offer of words
that reached a just-saved task's form shows under the new form and fills it; the saved
task keeps what was saved. The offers are written into local state as the app writes
them, so the test does not depend on winning a race with the browser (the races
themselves are driven in test_fast_typing.py)."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from domain.tasks import TaskDraft
from domain.visit import order_for_reopening
from storage import repo, visit_records
from storage.content import load_pack
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, eventually, tablet
from tests.e2e.test_cards_layout import box, overlap
from tests.e2e.test_walkaround import bring_into_view

pytestmark = pytest.mark.e2e

CARD_OFFER = "Skrevet, mens kortet skiftede: »hurtigt svar«"


@pytest.fixture(params=["portrait", "landscape"])
def ui(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Ui]:
    with tablet(browser, str(request.param)) as held:
        yield held


def first_phase(app: AppProcess, visit: str) -> list[str]:
    """The first phase's card ids in the order the screen shows them (starred first)."""
    pack = load_pack("da").pack
    store = Store(app.data_dir / "feltmappe.db")
    try:
        states = repo.card_states(store, visit_id=visit)
    finally:
        store.close()
    return [c.id for c in order_for_reopening(pack.cards_in(pack.phases[0].id), states)]


def test_a_cards_offer_shows_on_its_own_card_only(visit_app: tuple[AppProcess, str], ui: Ui) -> None:
    app, visit = visit_app
    order = first_phase(app, visit)
    store = Store(app.data_dir / "feltmappe.db")
    try:
        held = repo.card_states(store, visit_id=visit).get(order[1])
        before = held.answer if held is not None else ""
        # Typed into card 1's field after "Næste", while card 2 came on show.
        offer = {"token": "t1", "source": order[0], "into": order[1], "after": before, "text": "hurtigt svar"}
        store.set_state(f"cards_stray:{visit}", json.dumps({"offers": [offer]}))
    finally:
        store.close()
    ui.open(f"{app.url}/visit/{visit}/cards")
    ui.see("Kort 1 af 8")
    assert not ui.sees("Skrevet, mens kortet skiftede")
    ui.tap("Næste")
    ui.see("Kort 2 af 8")
    ui.see(CARD_OFFER)
    ui.see("Sæt ind i kort 2")
    # Under the card's buttons: the floating "Hurtig note" button covers neither them nor the offer's.
    fab = box(ui.page.get_by_role("button", name="Hurtig note", exact=True))
    for name in ("Forrige", "Næste", "Sæt ind i kort 2", "Kassér teksten"):
        place = box(ui.page.get_by_role("button", name=name, exact=True))
        assert not overlap(place, fab), (name, place, fab)
    ui.shot("18-cards-offer-on-its-card")
    ui.tap("Næste")
    ui.see("Kort 3 af 8")
    eventually(lambda: not ui.sees("Skrevet, mens kortet skiftede"), 10)
    assert not ui.sees("Sæt ind i kort")
    ui.press(ui.page.get_by_role("button", name=re.compile(r"^Afrunding \d")).first)
    ui.see("Kort 1 af 8")
    eventually(lambda: not ui.sees("Skrevet, mens kortet skiftede"), 10)
    ui.press(ui.page.get_by_role("button", name=re.compile(r"^Åbning af mødet \d")).first)
    ui.see("Kort 1 af 8")
    ui.tap("Næste")
    ui.see(CARD_OFFER)
    ui.tap("Sæt ind i kort 2")
    eventually(lambda: not ui.sees("Skrevet, mens kortet skiftede"), 10)
    want = (before + " " if before else "") + "hurtigt svar"

    def answer() -> str:
        store = Store(app.data_dir / "feltmappe.db")
        try:
            state = repo.card_states(store, visit_id=visit).get(order[1])
            return state.answer if state is not None else ""
        finally:
            store.close()

    eventually(lambda: answer() == want, 20)
    assert ui.field_value("Virksomhedens svar · kort 2 af 8") == want


def assert_offer_under_the_title(ui: Ui) -> None:
    """The offer and its buttons are on screen as drawn, with no scrolling, right under
    the Opgave field the words were typed into (fix-walk trial: under "Gem opgave" they
    were below the fold in both orientations, and the letters seemed to vanish)."""
    size = ui.page.viewport_size
    assert size is not None
    title = box(ui.page.get_by_role("textbox", name="Opgave", exact=True))
    # The offer's words are read out with the card they are in: its buttons mark its place.
    parts = [
        box(ui.page.get_by_role("button", name=name, exact=True))
        for name in ("Sæt ind i den nye opgave", "Kassér teksten")
    ]
    for part in parts:
        assert part["y"] >= 0 and part["y"] + part["height"] <= size["height"], (part, size)
    top = min(part["y"] for part in parts)
    assert title["y"] + title["height"] <= top <= title["y"] + title["height"] + 120, (title, parts)
    save = box(ui.page.get_by_role("button", name="Gem opgave", exact=True))
    assert all(part["y"] + part["height"] <= save["y"] for part in parts), (parts, save)


def offer_in_view(ui: Ui) -> bool:
    try:
        assert_offer_under_the_title(ui)
    except AssertionError:
        return False
    return True


def test_a_walk_offer_fills_the_new_form_and_leaves_the_saved_task(visit_app: tuple[AppProcess, str], ui: Ui) -> None:
    """The issue 9 trial: "Task A" saved, a tap mid-title and "T" typed at once reached the
    saved task's form ("TasTk A"). The task keeps "Task A"; the "T" is offered under the
    new form and, put in, starts its title."""
    app, visit = visit_app
    store = Store(app.data_dir / "feltmappe.db")
    try:
        task = visit_records.save_task(
            store,
            visit_id=visit,
            draft=TaskDraft(area="Pakkeri", title="Task A"),
            author="",
            green_ids=[],
            accommodation_ids=[],
        )
        offer = {"task": task, "title": "Task A", "typed": {"title": "T"}, "after": {"area": "Pakkeri", "title": ""}}
        store.set_state(f"walk_stray:{visit}", json.dumps({"offers": [offer]}))
    finally:
        store.close()
    ui.open(f"{app.url}/visit/{visit}/walk")
    offered = "Skrevet i »Task A«, mens formularen skiftede, og ikke gemt der: »T«"
    ui.see(offered)
    assert_offer_under_the_title(ui)
    ui.shot("18-walk-offer")
    ui.tap("Sæt ind i den nye opgave")
    eventually(lambda: not ui.sees(offered), 10)
    assert ui.field_value("Opgave") == "T"
    ui.page.keyboard.press("End")
    ui.page.keyboard.type("ask B")
    ui.tap("Gem opgave")
    ui.see("Gemt: Task B")

    def titles() -> list[str]:
        store = Store(app.data_dir / "feltmappe.db")
        try:
            return sorted(t.title for t in visit_records.tasks(store, visit_id=visit))
        finally:
            store.close()

    eventually(lambda: titles() == ["Task A", "Task B"], 20)


def test_a_waiting_walk_offer_is_in_view_after_the_next_save(visit_app: tuple[AppProcess, str], ui: Ui) -> None:
    """Where the consultant looks after "Gem opgave" (tapped at the foot of the form): the
    next task's Opgave field, with the offer still waiting right under it, on screen."""
    app, visit = visit_app
    store = Store(app.data_dir / "feltmappe.db")
    try:
        task = visit_records.save_task(
            store,
            visit_id=visit,
            draft=TaskDraft(area="Pakkeri", title="Task A"),
            author="",
            green_ids=[],
            accommodation_ids=[],
        )
        offer = {"task": task, "title": "Task A", "typed": {"title": "T"}, "after": {"area": "Pakkeri", "title": ""}}
        store.set_state(f"walk_stray:{visit}", json.dumps({"offers": [offer]}))
    finally:
        store.close()
    ui.open(f"{app.url}/visit/{visit}/walk")
    ui.see("Skrevet i »Task A«")
    ui.type("Opgave", "Pakke paller")
    bring_into_view(ui, ui.page.get_by_role("button", name="Gem opgave", exact=True))
    ui.page.get_by_role("button", name="Gem opgave", exact=True).click()
    ui.see("Gemt: Pakke paller")
    ui.wait_for_focus("Opgave")
    with contextlib.suppress(AssertionError):  # the focused field is scrolled into view after it takes the focus
        eventually(lambda: offer_in_view(ui), 10)
    assert_offer_under_the_title(ui)  # says where each part is
    ui.shot("18-walk-offer-after-save")
