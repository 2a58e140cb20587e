"""Candidates sent to a job opening never go below 0 (issue 10): a negative count is refused
with a message in Danish where it is typed and at the one write path, a tablet's own entries
of the counter are never negative however far it counts down, and a negative count pulled
from an older tablet or server is shown as 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.errors import InvalidInput
from domain.merge import counter_problem
from storage import followups, office
from storage.db import Store
from storage.models import OutboxEntry
from tests.server_harness import change
from tests.storage.seed import visit_with_opening

I18N = Path(__file__).parents[2] / "assets" / "i18n"


def sent_counts(store: Store) -> list[object]:
    with store.read() as s:
        entries = s.scalars(select(OutboxEntry).where(OutboxEntry.entity == "opening")).all()
        return [e.fields["candidates_sent"] for e in entries if "candidates_sent" in e.fields]


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_negative_count_is_refused_in_words_and_nothing_is_saved(store: Store, language: str) -> None:
    visit, opening = visit_with_opening(store)
    before = sent_counts(store)
    with pytest.raises(InvalidInput) as refused:
        followups.update_opening(store, opening_id=opening, candidates_sent=-3)
    assert (refused.value.field, refused.value.code) == ("candidates_sent", "count_below_zero")
    words = json.loads((I18N / language / "errors.json").read_text(encoding="utf-8"))
    assert (
        words["error.count_below_zero"]
        == {
            "da": "Antallet kan ikke være under 0.",
            "en": "The number cannot be below 0.",
        }[language]
    )
    assert sent_counts(store) == before
    assert followups.openings(store, visit_id=visit)[0].candidates_sent == 0


@pytest.mark.parametrize("value", [-5, {"dev": -3}, {"dev": 2, "-dev": -1}])
def test_the_write_path_refuses_a_negative_counter_value(store: Store, value: object) -> None:
    visit, opening = visit_with_opening(store)
    with pytest.raises(InvalidInput) as refused:
        store.save("opening", opening, {"candidates_sent": value})
    assert refused.value.code == "count_below_zero"
    assert followups.openings(store, visit_id=visit)[0].candidates_sent == 0


def test_counting_down_what_another_tablet_counted_sends_no_negative_entry(store: Store) -> None:
    visit, opening = visit_with_opening(store)
    with store.write() as s:  # a colleague's tablet counted 3
        store.apply_remote_in(
            s,
            change(
                store.team_id,
                "opening",
                record=opening,
                hlc=store.clock.tick(),
                fields={"candidates_sent": {"colleague": 3}},
            ),
        )
    for total in (2, 0, 1):
        followups.update_opening(store, opening_id=opening, candidates_sent=total)
        assert followups.openings(store, visit_id=visit)[0].candidates_sent == total
    assert all(counter_problem(sent) is None for sent in sent_counts(store))


@pytest.mark.parametrize("pulled", [-5, {"old-tablet": -3}, {"a": 1, "-b": 4}])
def test_a_negative_count_pulled_is_shown_as_0(store: Store, pulled: object) -> None:
    visit, opening = visit_with_opening(store)
    with store.write() as s:
        store.apply_remote_in(
            s,
            change(
                store.team_id, "opening", record=opening, hlc=store.clock.tick(), fields={"candidates_sent": pulled}
            ),
        )
    assert followups.openings(store, visit_id=visit)[0].candidates_sent == 0
    assert [o.candidates_sent for o in office.board(store) if o.id == opening] == [0]
