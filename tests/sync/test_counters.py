"""Candidates sent never go below 0 between tablets (issue 10), with real tablets and the
real server over HTTP (SQLite and PostgreSQL): two tablets that take away the same
candidates offline both show 0, not a negative number; nothing they send is refused; and
counting on from there counts from 0 on every tablet."""

from __future__ import annotations

from pathlib import Path

from storage import conflicts, followups
from sync import outbox
from tests.server_harness import Server
from tests.storage.seed import visit_with_opening
from tests.sync.test_stranded import pair_of


def test_two_tablets_taking_away_the_same_candidates_show_0_and_count_on_from_there(
    server: Server, tmp_path: Path
) -> None:
    a, b = pair_of(server, tmp_path)
    visit, opening = visit_with_opening(a.store, "Nedtælling ApS")
    followups.update_opening(a.store, opening_id=opening, candidates_sent=2)
    a.client.sync()
    b.client.sync()
    for tablet in (a, b):  # both take the two away, offline
        followups.update_opening(tablet.store, opening_id=opening, candidates_sent=0)
    for tablet in (a, b, a):
        tablet.client.sync()
    for tablet in (a, b):
        [found] = followups.openings(tablet.store, visit_id=visit)
        assert found.candidates_sent == 0
        assert outbox.waiting(tablet.store) == 0
        assert conflicts.refused_changes(tablet.store) == []
    followups.update_opening(b.store, opening_id=opening, candidates_sent=1)
    for tablet in (b, a):
        tablet.client.sync()
    for tablet in (a, b):
        [found] = followups.openings(tablet.store, visit_id=visit)
        assert found.candidates_sent == 1
