"""Two kinds of pack a tablet cannot use, refused with their place (issue 12 trial):

- a repeated id in any list of items with ids (a repeated criterion id was taken: ticking
  the first criterion ticked the second, and "2 af 6 opfyldt – kvalificerer" showed after
  one tap). Every such list of the built-in pack is tried, wherever it lies;
- a text of invisible characters only (a card of one zero-width space was taken and shown
  as a card with no question): any mix of white space and format characters is missing.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.content import ContentPackError, parse_pack
from tests.domain.test_content import built_in_raw


def id_lists(node: Any, place: str = "") -> Iterator[str]:
    """The place of every list of objects that all have an "id", in the raw pack."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from id_lists(value, f"{place}.{key}" if place else key)
    elif isinstance(node, list):
        if len(node) >= 2 and all(isinstance(v, dict) and "id" in v for v in node):
            yield place
        for index, value in enumerate(node):
            yield from id_lists(value, f"{place}[{index}]")


def at(data: Any, place: str) -> Any:
    node = data
    for part in place.replace("[", ".[").split("."):
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    return node


PLACES = sorted(set(id_lists(built_in_raw())))


def test_the_table_finds_the_lists_a_trial_broke() -> None:
    assert {"cards", "recognition.criteria", "green_categories", "accommodations", "closing_checklist"} <= set(PLACES)


@pytest.mark.parametrize("place", PLACES)
def test_a_repeated_id_in_any_list_is_refused_with_its_place(place: str) -> None:
    data = copy.deepcopy(built_in_raw())
    items = at(data, place)
    items[1]["id"] = items[0]["id"]
    if place == "cards":  # the same phase, so no other rule speaks first
        items[1]["phase"] = items[0]["phase"]
    with pytest.raises(ContentPackError) as refused:
        parse_pack(json.dumps(data, ensure_ascii=False), file="pack.da.json")
    assert refused.value.place == f"{place}[1]", refused.value
    assert f"the id '{items[0]['id']}' is used twice" in refused.value.problem


INVISIBLE = st.text(
    alphabet=st.sampled_from([" ", "\t", "\n", "\u00a0", "\u200b", "\u200c", "\u2060", "\ufeff", "\u200e", "\u2028"]),
    min_size=1,
    max_size=12,
)


@given(INVISIBLE)
def test_a_text_of_invisible_characters_only_is_missing(blank: str) -> None:
    data = copy.deepcopy(built_in_raw())
    data["cards"][0]["text"] = blank
    with pytest.raises(ContentPackError) as refused:
        parse_pack(json.dumps(data, ensure_ascii=False), file="pack.da.json")
    assert refused.value.place == "cards[0].text"
    assert "the text is missing" in refused.value.problem


def test_a_text_with_a_letter_among_invisible_characters_is_kept() -> None:
    data = copy.deepcopy(built_in_raw())
    data["cards"][0]["text"] = "\u200bHvad laver I?\u200b"
    assert parse_pack(json.dumps(data, ensure_ascii=False), file="pack.da.json").cards[0].text
