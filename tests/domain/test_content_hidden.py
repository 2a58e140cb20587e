"""A card a municipality hides (the console's *Skjul*): the pack says so with
``"hidden": true``, a card without the key is shown, and anything but a boolean is refused
with its place (issue 12)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from domain.content import ContentPackError, parse_pack
from tests.domain.test_content import built_in_raw


def parsed(change: Any) -> Any:
    data = copy.deepcopy(built_in_raw())
    change(data)
    return parse_pack(json.dumps(data, ensure_ascii=False), file="pack.da.json")


def test_a_card_is_shown_unless_the_pack_hides_it() -> None:
    pack = parsed(lambda d: d["cards"][1].update(hidden=True))
    assert pack.cards[1].hidden is True
    assert [c.hidden for i, c in enumerate(pack.cards) if i != 1] == [False] * (len(pack.cards) - 1)


@pytest.mark.parametrize("value", ["yes", 2, None, [True]])
def test_hidden_is_a_boolean_or_refused_with_its_place(value: object) -> None:
    with pytest.raises(ContentPackError) as refused:
        parsed(lambda d: d["cards"][3].update(hidden=value))
    assert refused.value.place == "cards[3].hidden"


def test_a_deck_leaves_hidden_cards_out_but_keeps_those_a_visit_has_said_something_on() -> None:
    pack = parsed(lambda d: d["cards"][1].update(hidden=True))
    hidden = pack.cards[1]
    assert hidden not in pack.deck(hidden.phase)
    assert hidden in pack.deck(hidden.phase, kept={hidden.id})
    assert [c for c in pack.deck(hidden.phase, kept={hidden.id})] == pack.cards_in(hidden.phase)


def test_a_phase_whose_cards_are_all_hidden_is_refused_with_its_place() -> None:
    def hide_first_phase(d: Any) -> None:
        first = d["phases"][0]["id"]
        for card in d["cards"]:
            if card["phase"] == first:
                card["hidden"] = True

    with pytest.raises(ContentPackError) as refused:
        parsed(hide_first_phase)
    assert refused.value.place == "phases[0]"
    assert "no card is shown in phase" in refused.value.problem
