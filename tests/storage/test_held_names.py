"""A tablet keeps what it pulls but does not understand yet (SYNC.md guarantee 10) only under
a name the documented rule allows for a field of a newer version
(domain.field_rules.future_field_problem): the same rule the server applies to a push."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from domain.field_rules import is_future_field
from storage.db import Store
from storage.models import HeldChange
from tests.server_harness import change

NAMES = [
    ("mood_2027", True),
    ("pronouns", True),
    ("x" * 64, True),
    ("x" * 65, False),
    ("Name", False),
    ("_secret", False),
    ("team", False),
    ("id", False),
    ("hlc", False),
    ("op", False),
    ("seq", False),
    ("stamps", False),
    ("deleted", False),
    ("double__underscore", False),
    ("with space", False),
]


@pytest.mark.parametrize(("name", "kept"), NAMES, ids=[n[:20] for n, _ in NAMES])
def test_a_pulled_field_of_a_newer_version_is_held_only_under_an_allowed_name(
    store: Store, name: str, kept: bool
) -> None:
    assert is_future_field(name) is kept
    pulled = change(
        store.team_id,
        hlc=store.clock.tick(),
        fields={"text": "Travlt på lageret", name: "fra en nyere tablet"},
    )
    with store.write() as s:
        assert store.apply_remote_in(s, pulled)
    with store.read() as s:
        held = [h.fields for h in s.scalars(select(HeldChange))]
    assert held == ([{name: "fra en nyere tablet"}] if kept else [])


def test_a_record_type_of_a_newer_version_is_held_without_its_badly_named_fields(store: Store) -> None:
    pulled = change(
        store.team_id,
        "spaceship",
        hlc=store.clock.tick(),
        fields={"name": "Enterprise", "Captain": "Kirk", "team": "x", "_deleted": False},
    )
    with store.write() as s:
        assert not store.apply_remote_in(s, pulled)
    with store.read() as s:
        assert [h.fields for h in s.scalars(select(HeldChange))] == [{"name": "Enterprise", "_deleted": False}]
