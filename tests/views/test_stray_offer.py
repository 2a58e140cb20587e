"""One widget for the offer of words typed while a field was taken off screen
(views.widgets.stray_offer): the conversation cards and the walk-around draw the same
thing, each with its own texts (assets/i18n)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import flet as ft

from storage.db import Store
from tests.views.test_autosave import walk as all_controls
from tests.views.test_card_strays import Deck
from tests.views.test_emptied_field import report
from tests.views.test_walk_strays import Walk, saved_with
from views import theme
from views.widgets import stray_offer


def shape(control: Any) -> tuple[Any, ...]:
    """What an offer looks like, without its texts: kinds of controls, colours, heights."""
    column = control.content
    row = column.controls[1]
    return (
        type(control).__name__,
        control.bgcolor,
        type(column.controls[0]).__name__,
        tuple((type(b).__name__, b.height, b.icon) for b in row.controls),
    )


def test_the_offer_names_the_words_and_has_two_touch_sized_buttons() -> None:
    tapped: list[str] = []
    offer = stray_offer(
        "Skrevet, mens kortet skiftede: »hu«",
        insert="Sæt ind i kort 2",
        discard="Kassér teksten",
        on_insert=lambda _: tapped.append("insert"),
        on_discard=lambda _: tapped.append("discard"),
        key="stray-1",
    )
    assert isinstance(offer, ft.Container)
    text, row = offer.content.controls  # type: ignore[union-attr]
    assert text.value == "Skrevet, mens kortet skiftede: »hu«"
    insert, discard = row.controls
    assert (insert.content, discard.content) == ("Sæt ind i kort 2", "Kassér teksten")
    assert insert.height == discard.height == theme.TOUCH
    insert.on_click(None)
    discard.on_click(None)
    assert tapped == ["insert", "discard"]


def test_cards_and_walk_around_draw_the_same_offer(tmp_path: Path) -> None:
    store = Store(tmp_path / "feltmappe.db")
    try:
        deck = Deck(store, tmp_path)
        deck.type(1, "Svar et.")
        deck.tap("Næste")
        deck.type(1, "Svar et. hu")
        walk = Walk(store, tmp_path)
        old = saved_with(walk, "Pakke kasser")
        report(old, ["Pakke kasser x"])

        def offer(controls: Any, start: str) -> Any:
            return next(
                c
                for c in controls
                if isinstance(c, ft.Container)
                and isinstance(c.content, ft.Column)
                and c.content.controls
                and isinstance(c.content.controls[0], ft.Text)
                and str(c.content.controls[0].value).startswith(start)
            )

        card_offer = offer(deck.controls(), "Skrevet, mens kortet skiftede")
        walk_offer = offer(all_controls(walk.screen), "Skrevet i »Pakke kasser«")
        assert shape(card_offer) == shape(walk_offer)
    finally:
        store.close()
