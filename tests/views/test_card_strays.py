"""Words typed while a conversation card was changing: never on the card left, never lost.

A consultant taps "Næste" and types at once; on a busy tablet the browser still shows the
card left, so the first keystrokes reach its (now hidden) field. The card left keeps what
it held; what was typed is offered under the card that came on show in its place
("Skrevet, mens kortet skiftede: »…«") with "Sæt ind i kort n" and "Kassér teksten", on
that card only (each leaving of a card its own offer, never glued to another's), and
kept in the tablet's local state until the consultant chooses (a restart brings the
offer back). Driven
through the real controls' handlers, as the browser's events reach them.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import flet as ft
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.company import CompanyDraft
from settings import Settings
from storage import repo
from storage.db import Store
from tests.views.handlers import run_to_end
from tests.views.test_autosave import Event, walk
from tests.views.test_emptied_field import packs
from views.autosave import added_text
from views.cards import cards_controls
from views.context import AppContext


class Page:
    """What the cards screen uses of a page: updates, and tasks (focus, scrolling) that
    need a browser and are closed unrun."""

    def update(self, *_: Any) -> None:
        pass

    def run_task(self, handler: Any, *args: Any) -> None:
        result = handler(*args)
        if isinstance(result, Coroutine):
            result.close()


class Deck:
    """The cards screen of one visit, as a consultant taps and the browser reports."""

    def __init__(self, store: Store, data_dir: Path) -> None:
        self.store = store
        self.ctx = AppContext(page=Page(), store=store, settings=Settings(data_dir=data_dir), packs=packs())  # type: ignore[arg-type]
        company = repo.save_company(store, draft=CompanyDraft(name=f"Fynbo {uuid.uuid4().hex[:6]}"))
        self.visit_id = repo.create_visit(store, company_id=company, content_version=self.ctx.pack.version)
        self.open()

    def open(self) -> None:
        """Draw the screen (again, as after a restart)."""
        self.ctx.drafts.clear()
        visit = repo.get_visit(self.store, visit_id=self.visit_id)
        assert visit is not None
        self.screen = ft.Column(cards_controls(self.ctx, visit=visit[0]))

    def controls(self) -> Iterator[Any]:
        def shown(control: Any) -> Iterator[Any]:
            if not getattr(control, "visible", True):
                return
            yield control
            for name in ("content", "controls"):
                child = getattr(control, name, None)
                for c in child if isinstance(child, list) else [child] if isinstance(child, ft.Control) else []:
                    yield from shown(c)

        return shown(self.screen)

    def field(self, n: int) -> ft.TextField:
        """Card ``n``'s answer field, on show or not."""
        label = f"Virksomhedens svar · kort {n} af 8"
        return next(c for c in walk(self.screen) if isinstance(c, ft.TextField) and c.label == label)

    def type(self, n: int, text: str) -> None:
        """The browser reports ``text`` for card ``n``'s field (Flet applies it, then runs the handler)."""
        field = self.field(n)
        field.value = text
        run_to_end(field.on_change(Event(text)))  # type: ignore[misc]

    def tap(self, label: str) -> None:
        button = next(
            c
            for c in self.controls()
            if isinstance(c, ft.Button | ft.TextButton) and c.content == label and not c.disabled
        )
        run_to_end(button.on_click(None))  # type: ignore[misc]

    def texts(self) -> list[str]:
        return [str(c.value) for c in self.controls() if isinstance(c, ft.Text)]

    def offer(self) -> str | None:
        """The first offer's words, if one shows."""
        return next(iter(self.offers()), None)

    def offers(self) -> list[str]:
        """The offers on show, in order."""
        return [t for t in self.texts() if t.startswith("Skrevet, mens kortet skiftede")]

    def choose(self, words: str, button: str) -> None:
        """Tap ``button`` in the offer of ``words`` (each offer has its own buttons)."""
        offer = next(
            c
            for c in self.controls()
            if isinstance(c, ft.Container)
            and isinstance(c.content, ft.Column)
            and c.content.controls
            and isinstance(c.content.controls[0], ft.Text)
            and c.content.controls[0].value == f"Skrevet, mens kortet skiftede: »{words}«"
        )
        row = offer.content.controls[1]  # type: ignore[union-attr]
        tapped = next(b for b in row.controls if getattr(b, "content", None) == button)
        run_to_end(tapped.on_click(None))

    def phase(self, title: str) -> None:
        """Tap the chip of the phase ``title``."""
        chip = next(
            c
            for c in self.controls()
            if isinstance(c, ft.OutlinedButton)
            and isinstance(c.content, ft.Text)
            and str(c.content.value).startswith(title)
        )
        run_to_end(chip.on_click(None))  # type: ignore[misc]

    def answers(self) -> dict[int, str]:
        states = repo.card_states(self.store, visit_id=self.visit_id)
        order = [c.id for c in self.ctx.pack.cards_in(self.ctx.pack.phases[0].id)]
        return {n + 1: states[card].answer for n, card in enumerate(order) if card in states and states[card].answer}


@pytest.fixture
def deck(tmp_path: Path) -> Iterator[Deck]:
    store = Store(tmp_path / "feltmappe.db")
    try:
        yield Deck(store, tmp_path)
    finally:
        store.close()


# What reaches card 1's field after "Næste" (the browser's reports, each the field's whole
# text), and what is offered on card 2.
CASES = [
    pytest.param(["Svar et. a", "Svar et. ab"], "ab", id="typed on at the end"),
    pytest.param(["a", "ab"], "ab", id="the browser emptied the field"),
    pytest.param(["S"], "S", id="the browser emptied the field, and a letter reads as the start of the answer"),
    pytest.param(["S", "Sv"], "Sv", id="the browser emptied the field, and the words read as the answer's start"),
    pytest.param(["Svar et"], None, id="an earlier version still on its way"),
    pytest.param(["abSvar et."], "ab", id="typed where the caret stood, at the start"),
    pytest.param(["Svar et. 010190-1234"], "010190-1234", id="a CPR number, offered, checked when put in"),
]


@pytest.mark.parametrize(("reports", "offered"), CASES)
def test_what_is_typed_while_the_card_changes_is_offered_on_the_card_on_show(
    deck: Deck, reports: list[str], offered: str | None
) -> None:
    deck.type(1, "Svar et.")
    deck.tap("Næste")
    for text in reports:
        deck.type(1, text)
    assert deck.answers() == {1: "Svar et."}  # the card left keeps what it held
    if offered is None:
        assert deck.offer() is None
        return
    assert deck.offer() == f"Skrevet, mens kortet skiftede: »{offered}«"
    deck.type(2, " og mere")  # typed once card 2 was drawn, so after the offered words
    deck.tap("Sæt ind i kort 2")
    assert deck.offer() is None
    if "010190" in offered:  # put in as if typed: the CPR guard holds it back
        assert deck.answers().get(1) == "Svar et." and "010" not in deck.answers().get(2, "")
        assert deck.field(2).value == f"{offered} og mere"
        assert any(t.startswith("Teksten ser ud til at indeholde et CPR-nummer") for t in deck.texts())
        return
    assert deck.answers() == {1: "Svar et.", 2: f"{offered} og mere"}
    assert deck.field(2).value == f"{offered} og mere"


def test_offered_words_go_after_what_the_card_held_before_what_was_typed_since(deck: Deck) -> None:
    deck.tap("Næste")
    deck.type(2, "Tidligere svar.")
    deck.tap("Forrige")
    deck.type(1, "Svar et.")
    deck.tap("Næste")  # card 2 is drawn holding "Tidligere svar."
    deck.type(1, "Svar et. Mere")
    deck.type(2, "Tidligere svar. Sidst.")
    deck.tap("Sæt ind i kort 2")
    assert deck.answers() == {1: "Svar et.", 2: "Tidligere svar. Mere Sidst."}


def test_after_a_restart_the_words_still_go_where_they_were_typed(deck: Deck) -> None:
    deck.type(1, "Svar et.")
    deck.tap("Næste")
    deck.type(1, "Svar et. hu")  # "hu" reached card 1's field, "rtigt" card 2's
    deck.type(2, "rtigt")
    deck.open()  # the screen was left and opened again before the consultant chose
    deck.tap("Sæt ind i kort 2")
    assert deck.answers() == {1: "Svar et.", 2: "hurtigt"}


def test_the_offer_outlives_a_restart_and_can_be_discarded(deck: Deck) -> None:
    deck.type(1, "Svar et.")
    deck.tap("Næste")
    deck.type(1, "Svar et. Ekstra")
    deck.open()  # the app restarted before the consultant chose
    assert deck.offer() == "Skrevet, mens kortet skiftede: »Ekstra«"
    deck.tap("Kassér teksten")
    assert deck.offer() is None
    deck.open()
    assert deck.offer() is None
    assert deck.answers() == {1: "Svar et."}
    # Card 1 shows what it holds when the consultant goes back.
    deck.tap("Forrige")
    assert deck.field(1).value == "Svar et."


@given(st.text(max_size=20), st.text(min_size=1, max_size=10))
def test_text_typed_on_at_the_end_is_what_is_added(shown: str, typed: str) -> None:
    assert added_text(shown, shown + typed) == typed


@given(st.text(max_size=20), st.integers(0, 20), st.text(min_size=1, max_size=10))
def test_an_insertion_anywhere_is_read_back_to_the_same_text(shown: str, at: int, typed: str) -> None:
    """Where a text could be read as more than one insertion, the one read still makes it."""
    at = min(at, len(shown))
    text = shown[:at] + typed + shown[at:]
    added = added_text(shown, text)
    assert len(added) == len(typed)
    assert any(shown[:i] + added + shown[i:] == text for i in range(len(shown) + 1))


def test_an_offer_shows_only_on_the_card_it_was_typed_for(deck: Deck) -> None:
    """Card 1's words, typed while card 2 came on show, are offered on card 2 only: not on
    card 3 or in another phase (the old offer followed the consultant and put card 1's
    words on card 7), and again on card 2 when the consultant comes back to it."""
    deck.type(1, "Svar et.")
    deck.tap("Næste")
    deck.type(1, "Svar et. hu")
    assert deck.offers() == ["Skrevet, mens kortet skiftede: »hu«"]
    deck.tap("Næste")
    assert deck.offers() == []
    assert all(not t.startswith("Sæt ind") for t in deck.texts())
    deck.phase("Afrunding")
    assert deck.offers() == []
    deck.phase("Åbning af mødet")  # the phase opens at its first card
    assert deck.offers() == []
    deck.tap("Næste")
    assert deck.offers() == ["Skrevet, mens kortet skiftede: »hu«"]
    deck.open()  # and after a restart, on card 2 only
    assert deck.offers() == ["Skrevet, mens kortet skiftede: »hu«"]
    deck.tap("Næste")
    assert deck.offers() == []
    deck.tap("Forrige")
    deck.tap("Sæt ind i kort 2")
    assert deck.answers() == {1: "Svar et.", 2: "hu"}
    assert deck.offers() == []


def test_words_from_different_cards_are_offered_apart_each_on_its_own_card(deck: Deck) -> None:
    """Card 1's words typed as card 2 came, then card 2's as card 3 came: card 2 offers
    card 1's words, card 3 card 2's, never glued together."""
    deck.tap("Næste")
    deck.type(2, "To.")
    deck.tap("Næste")
    deck.tap("Forrige")
    deck.tap("Forrige")  # back on card 1: cards 2 and 3 have been drawn
    deck.type(1, "Et.")
    deck.tap("Næste")
    deck.type(1, "Et. alfa")
    deck.tap("Næste")
    deck.type(2, "To. bravo")
    assert deck.offers() == ["Skrevet, mens kortet skiftede: »bravo«"]
    deck.tap("Sæt ind i kort 3")
    deck.tap("Forrige")
    assert deck.offers() == ["Skrevet, mens kortet skiftede: »alfa«"]
    deck.tap("Sæt ind i kort 2")
    assert deck.answers() == {1: "Et.", 2: "To. alfa", 3: "bravo"}


def test_two_offers_for_one_card_are_listed_apart_and_chosen_one_by_one(deck: Deck) -> None:
    """Card 2 comes on show twice with words typed into the card left each time (card 1
    going forward, card 3 coming back): both offers are listed on card 2, each with its own
    buttons; discarding one keeps the other."""
    deck.tap("Næste")
    deck.tap("Næste")
    deck.tap("Forrige")
    deck.tap("Forrige")
    deck.tap("Næste")  # card 2 on show, card 1 left
    deck.type(1, "alfa")
    deck.tap("Næste")
    deck.tap("Forrige")  # card 2 on show, card 3 left
    deck.type(3, "charlie")
    assert deck.offers() == [
        "Skrevet, mens kortet skiftede: »alfa«",
        "Skrevet, mens kortet skiftede: »charlie«",
    ]
    deck.choose("alfa", "Kassér teksten")
    assert deck.offers() == ["Skrevet, mens kortet skiftede: »charlie«"]
    deck.open()
    assert deck.offers() == ["Skrevet, mens kortet skiftede: »charlie«"]
    deck.choose("charlie", "Sæt ind i kort 2")
    assert deck.offers() == []
    assert deck.answers() == {2: "charlie"}


def test_words_typed_into_one_card_left_twice_are_two_offers(deck: Deck) -> None:
    """Card 1 left for card 2 twice, with words reaching it both times: the second time
    does not replace the first words."""
    deck.tap("Næste")
    deck.type(1, "alfa")
    deck.tap("Forrige")
    deck.tap("Næste")
    deck.type(1, "bravo")
    assert deck.offers() == [
        "Skrevet, mens kortet skiftede: »alfa«",
        "Skrevet, mens kortet skiftede: »bravo«",
    ]
    assert deck.answers() == {}


def test_an_offer_kept_by_the_version_before_shows_on_the_card_it_named(deck: Deck) -> None:
    """Local state written by the version with one offer for the deck is read as one offer
    per card left, each for the card that offer was meant for."""
    order = [c.id for c in deck.ctx.pack.cards_in(deck.ctx.pack.phases[0].id)]
    deck.store.set_state(
        f"cards_stray:{deck.visit_id}",
        json.dumps({"typed": {order[0]: "alfa", order[2]: "charlie"}, "into": order[1], "after": ""}),
    )
    deck.open()
    deck.tap("Næste")
    assert deck.offers() == [
        "Skrevet, mens kortet skiftede: »alfa«",
        "Skrevet, mens kortet skiftede: »charlie«",
    ]


@st.composite
def walks_through_the_deck(draw: st.DrawFn) -> list[tuple[str, int]]:
    """Taps on "Næste"/"Forrige", restarts, and words reaching the field of a card left
    (by the card's index in the deck's first phase, and the word's number)."""
    return draw(
        st.lists(
            st.one_of(
                st.just(("next", 0)),
                st.just(("previous", 0)),
                st.just(("restart", 0)),
                st.tuples(st.just("type"), st.integers(0, 7)),
            ),
            max_size=25,
        )
    )


@settings(max_examples=40, deadline=None)
@given(steps=walks_through_the_deck())
def test_every_offer_shows_on_the_card_it_was_typed_for_and_nowhere_else(steps: list[tuple[str, int]]) -> None:
    """The kind, over any walk through the deck: words that reach a card left are one
    offer per leaving of that card, shown on the card that came on show in its place (and
    only there, in the order the offers were made), never saved on any card, and never
    lost or glued to another offer's words, through restarts too."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "feltmappe.db")
        try:
            deck = Deck(store, Path(folder))
            position = 0
            left_for: dict[int, tuple[int, int]] = {}  # hidden card -> (card on show then, leaving)
            offers: dict[int, tuple[int, list[str]]] = {}  # leaving -> (its card, words), in order made
            leavings = 0
            for number, (step, card) in enumerate(steps):
                if step in ("next", "previous"):
                    to = position + (1 if step == "next" else -1)
                    if not 0 <= to <= 7:
                        continue
                    deck.tap("Næste" if step == "next" else "Forrige")
                    leavings += 1
                    left_for[position] = (to, leavings)
                    left_for.pop(to, None)
                    position = to
                elif step == "restart":
                    deck.open()
                    left_for.clear()  # only the card on show is drawn again
                elif card in left_for:
                    into, leaving = left_for[card]
                    words = offers.setdefault(leaving, (into, []))[1]
                    words.append(f"w{number}")
                    deck.type(card + 1, " ".join(words))
                expected = [
                    f"Skrevet, mens kortet skiftede: »{' '.join(words)}«"
                    for into, words in offers.values()
                    if into == position
                ]
                assert deck.offers() == expected, (steps[: number + 1], position)
                assert deck.answers() == {}
        finally:
            store.close()


def test_words_typed_after_next_that_reach_the_app_before_the_tap_is_handled_are_offered(deck: Deck) -> None:
    """Flet applies the text a field reports as soon as it arrives, but runs each handler
    later, in order: on a busy tablet the words typed right after "Næste" (" WB3" here) are
    already in card 3's field when the tap is handled, and their own reports come after it.
    They were typed for the card coming on show, so they are offered there, not dropped (the
    fourth newcomer trial lost " WB3" and " WB5" this way: on no card, in no offer)."""
    deck.tap("Næste")
    deck.tap("Næste")
    deck.type(3, "WA3")
    deck.field(3).value = "WA3 WB3"  # applied on arrival; its reports wait behind the tap
    deck.tap("Næste")
    for text in ["WA3 ", "WA3 W", "WA3 WB", "WA3 WB3", "WA3 WB3 WA4"]:
        deck.type(3, text)
    assert deck.answers() == {3: "WA3"}
    assert deck.offers() == ["Skrevet, mens kortet skiftede: »WB3 WA4«"]
    deck.tap("Sæt ind i kort 4")
    assert deck.answers() == {3: "WA3", 4: "WB3 WA4"}
