"""A visit keeps the content-pack version it was prepared with (issue 12).

The team publishes version 7: one card renamed, one removed, one hidden, a new one added,
a green category renamed. A visit prepared before (on the built-in pack) still shows its
cards, the answer on the removed card and its old category names; a visit prepared after
shows version 7's deck. Driven through the real screens, with the version kept by
storage.content as a sync keeps it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import flet as ft
import pytest

from domain.company import CompanyDraft
from domain.visit import VisitSummary
from storage import repo
from storage.content import bundled, receive
from storage.db import Store
from storage.models import Visit
from tests.views.fake_app import app_context
from tests.views.handlers import run_to_end
from tests.views.test_cpr_draft_stub import texts, walk
from views import cards
from views.context import AppContext


@pytest.fixture
def ctx(store: Store, tmp_path: Path) -> AppContext:
    return app_context(store, tmp_path)


def publish_version_7(ctx: AppContext) -> dict[str, str]:
    """Version 7 received as the team's current pack; returns the changed cards' ids/texts."""
    data: dict[str, Any] = copy.deepcopy(json.loads(bundled("da").model_dump_json()))
    first_phase = data["phases"][0]["id"]
    deck = [c for c in data["cards"] if c["phase"] == first_phase]
    renamed, removed, hidden = deck[0], deck[1], deck[2]
    old = {"renamed": renamed["text"], "removed": removed["text"], "hidden": hidden["text"]}
    renamed["text"] = "Hvad er jeres største udfordring lige nu?"
    hidden["hidden"] = True
    data["cards"].remove(removed)
    data["cards"].insert(0, {"id": "ikast-01", "phase": first_phase, "text": "Hvordan måler I jeres ESG-indsats?"})
    data["version"] = "7"
    receive(ctx.store, body=json.dumps(data, ensure_ascii=False), etag="e7", team=ctx.store.team_id, current=True)
    return {**old, "removed_id": removed["id"], "renamed_id": renamed["id"]}


def visit(ctx: AppContext) -> VisitSummary:
    company_id = repo.save_company(ctx.store, draft=CompanyDraft(name="Fynbo Emballage"))
    found = repo.get_visit(ctx.store, visit_id=ctx.start_visit(company_id))
    assert found is not None
    return found[0]


def deck_texts(ctx: AppContext, v: VisitSummary) -> str:
    """Every card of the first phase, as the deck pages through them."""
    shown = []
    controls = cards.cards_controls(ctx, visit=v)
    root = ft.Column(controls)
    shown.append(texts(root))
    pack = ctx.pack_of(v)
    for _ in range(len(pack.cards)):
        nxt = [c for c in walk(root) if getattr(c, "content", None) == ctx.t("cards.next")]
        if not nxt or nxt[0].disabled:
            break
        run_to_end(nxt[0].on_click(None))
        shown.append(texts(root))
    return " ".join(shown)


def test_a_visit_prepared_before_keeps_its_cards_and_one_prepared_after_gets_the_new_ones(ctx: AppContext) -> None:
    before = visit(ctx)
    assert repo.content_version(ctx.store, visit_id=before.id) == "2026.1"
    changed = publish_version_7(ctx)
    repo.save_card(ctx.store, visit_id=before.id, card_id=changed["removed_id"], answer="To i løntilskud sidste år")
    after = visit(ctx)
    assert repo.content_version(ctx.store, visit_id=after.id) == "7"

    old_deck = deck_texts(ctx, before)
    assert changed["renamed"] in old_deck and changed["removed"] in old_deck and changed["hidden"] in old_deck
    assert "Hvordan måler I jeres ESG-indsats?" not in old_deck

    new_deck = deck_texts(ctx, after)
    assert "Hvordan måler I jeres ESG-indsats?" in new_deck
    assert "Hvad er jeres største udfordring lige nu?" in new_deck
    assert changed["removed"] not in new_deck and changed["hidden"] not in new_deck


def test_a_visit_whose_version_the_tablet_does_not_hold_yet_shows_the_current_pack(ctx: AppContext) -> None:
    v = visit(ctx)
    with ctx.store.write() as s:
        row = s.get(Visit, v.id)
        assert row is not None
        row.content_version = "42"  # prepared on another tablet; the next sync fetches it
    assert ctx.pack_of(v).version == ctx.pack.version


def test_a_category_a_newer_version_removed_keeps_its_name_on_the_board_and_outcomes(ctx: AppContext) -> None:
    data: dict[str, Any] = copy.deepcopy(json.loads(bundled("da").model_dump_json()))
    renamed, removed = data["green_categories"][0], data["green_categories"][1]
    old_title = removed["title"]
    renamed["title"] = "Cirkulær produktion"
    data["green_categories"].remove(removed)
    data["version"] = "8"
    receive(ctx.store, body=json.dumps(data, ensure_ascii=False), etag="e8", team=ctx.store.team_id, current=True)
    titles = ctx.titles("green_categories")
    assert titles[renamed["id"]] == "Cirkulær produktion", "the current version's name first"
    assert titles[removed["id"]] == old_title, "a category only older versions have keeps its name"
    assert list(titles)[: len(data["green_categories"])] == [c["id"] for c in data["green_categories"]]
