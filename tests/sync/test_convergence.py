"""Guarantee 3 (convergence) and 5 (concurrent text is kept), property-based: two or three
tablets of one team edit the same visit offline, in any mix of operations a consultant
can make, and sync in any order hypothesis draws. After all of them have synced twice
round-robin, every tablet holds exactly the same rows (every column of every synced
table, clock stamps and deletions included) and the same conflicting versions, and so
does a tablet that took no part and pulls it all at the end."""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from domain.company import CompanyDraft
from domain.tasks import OpeningDraft, TaskDraft
from storage import conflicts, followups, repo, visit_records
from sync import outbox
from tests.server_harness import Server
from tests.sync.support import LogCursor, Logins, Tablet, make_tablet, snapshot

WORDS = st.text(alphabet="abæøÅ", min_size=1, max_size=3)
CARDS = ("opening-01", "opening-02")

COMPANY_EDIT = st.tuples(st.just("company"), st.sampled_from(["name", "earlier_cooperation"]), WORDS)
NOTE_EDIT = st.tuples(st.just("note_edit"), st.integers(0, 3), WORDS)
# Text edits of records every tablet has come up most often: they are what conflicts.
OPERATION = st.one_of(
    COMPANY_EDIT,
    COMPANY_EDIT,
    NOTE_EDIT,
    NOTE_EDIT,
    st.tuples(st.just("card"), st.sampled_from(CARDS), st.none() | WORDS, st.none() | st.booleans()),
    st.tuples(st.just("note_add"), st.sampled_from(visit_records.NOTE_FIELDS), WORDS),
    st.tuples(st.just("note_delete"), st.integers(0, 3)),
    st.tuples(st.just("task"), st.integers(0, 3), WORDS, st.sampled_from([1, 2, 3])),
    st.tuples(st.just("resolve"), st.integers(0, 3), st.booleans()),
    st.tuples(st.just("tick"), st.sampled_from(["a", "b", "c"]), st.booleans()),
    st.tuples(st.just("candidates"), st.integers(1, 2)),
    st.tuples(st.sampled_from(["sync", "sync", "push", "pull"])),
)


def schedule(tablets: int) -> st.SearchStrategy[list[tuple[int, tuple[Any, ...]]]]:
    """Who does what, in which order: edits made offline, and syncs (whole, or only the
    push or only the pull half) interleaved with them."""
    return st.lists(st.tuples(st.integers(0, tablets - 1), OPERATION), min_size=8, max_size=24)


def apply(tablet: Tablet, visit: str, company: str, operation: tuple[Any, ...]) -> None:
    kind, *args = operation
    store = tablet.store
    if kind == "company":
        field, value = args
        current = repo.get_company(store, company_id=company)
        assert current is not None
        repo.save_company(store, company_id=company, draft=dataclasses.replace(current, **{field: value}))
    elif kind == "card":
        card, answer, starred = args
        repo.save_card(store, visit_id=visit, card_id=card, answer=answer, starred=starred)
    elif kind == "note_add":
        field, text = args
        visit_records.add_note(store, visit_id=visit, field=field, text=text, author="Ole")
    elif kind in ("note_edit", "note_delete"):
        notes = sorted(visit_records.notes(store, visit_id=visit), key=lambda n: n.id)
        if notes:
            note = notes[args[0] % len(notes)]
            if kind == "note_edit":
                visit_records.update_note(store, note_id=note.id, text=args[1])
            else:
                visit_records.delete_note(store, note_id=note.id)
    elif kind == "task":
        index, title, level = args
        existing = sorted(visit_records.tasks(store, visit_id=visit), key=lambda t: t.id)
        task_id = existing[index].id if index < len(existing) else None
        visit_records.save_task(
            store,
            visit_id=visit,
            draft=TaskDraft(area="Lager", title=title, level=level, hours="2,5"),
            author="Ole",
            green_ids=[],
            accommodation_ids=[],
            task_id=task_id,
        )
    elif kind == "resolve":
        open_ = sorted(conflicts.open_conflicts(store), key=lambda c: c.id)
        if open_:
            conflict = open_[args[0] % len(open_)]
            conflicts.resolve(store, conflict=conflict, value=conflict.other if args[1] else conflict.current)
    elif kind == "tick":
        item, ticked = args
        found = repo.get_visit(store, visit_id=visit)
        assert found is not None  # the checklist is saved whole, as the screen does
        repo.save_preparation(store, visit_id=visit, checklist={**found[1].checklist, item: ticked})
    elif kind == "candidates":
        [opening] = followups.openings(store, visit_id=visit)
        followups.update_opening(store, opening_id=opening.id, candidates_sent=opening.candidates_sent + args[0])
    elif kind == "sync":
        tablet.client.sync()
    elif kind == "push":
        tablet.client.push()
    elif kind == "pull":
        tablet.client.pull()
    else:  # pragma: no cover
        raise AssertionError(kind)


def run(server: Server, logins: Logins, log: LogCursor, count: int, events: list[tuple[int, tuple[Any, ...]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = log.advance()  # the tablets of this example skip the earlier examples' history
        everyone: list[Tablet] = []
        try:
            for i in range(count + 1):
                everyone.append(make_tablet(folder / f"tablet{i}", server, logins.next()))
                everyone[-1].store.set_state("pull_cursor", str(start))
            *tablets, late = everyone
            first = tablets[0]
            company = repo.save_company(first.store, draft=CompanyDraft(name="Æblehaven ApS", cvr="10150817"))
            visit = repo.create_visit(first.store, company_id=company, content_version="2026.1", on=date(2026, 3, 2))
            # A note, a task and an answer that every tablet then has and may edit.
            apply(first, visit, company, ("note_add", "general", "Travlt"))
            apply(first, visit, company, ("task", 0, "Pakning", 1))
            apply(first, visit, company, ("card", CARDS[0], "Måske", None))
            [task] = visit_records.tasks(first.store, visit_id=visit)
            followups.create_opening(
                first.store, visit_id=visit, draft=OpeningDraft(title="Pakker", task_ids=(task.id,)), author="Ole"
            )
            for tablet in tablets:  # everyone starts from the same visit...
                tablet.client.sync()
            for who, operation in events:  # ...and then works offline, syncing now and then
                apply(tablets[who], visit, company, operation)
            for _ in range(2):
                for tablet in tablets:
                    tablet.client.sync()
            late.client.sync()  # a tablet that saw none of it pulls it all at the end

            expected = snapshot(first.store)
            assert expected["visit"] and expected["company"]
            for tablet in everyone:
                assert outbox.waiting(tablet.store) == 0
                got = snapshot(tablet.store)
                assert got["conflict"] == expected["conflict"], "the conflicting versions differ"
                assert got == expected
            check_conflicts(expected)
            # Candidates count up on every tablet: each one more is one more, wherever it was sent.
            added = sum(op[1] for _, op in events if op[0] == "candidates")
            [opening] = followups.openings(first.store, visit_id=visit)
            assert opening.candidates_sent == added
        finally:
            for tablet in everyone:
                tablet.close()


def check_conflicts(rows: dict[str, list[dict[str, Any]]]) -> None:
    """A kept version lost to a later stamp, and while that winner is still the current
    value the two differ (the server keeps no conflict between equal texts)."""
    records = {(table, str(r["id"])): r for table, table_rows in rows.items() for r in table_rows}
    for conflict in rows["conflict"]:
        record = records[(conflict["entity"], conflict["record_id"])]
        if conflict["reason"] == "deleted":  # an edit and a deletion elsewhere that did not see each other
            deleted_at = record["stamps"]["_deleted"]
            # Deleted then, and still, unless restored since (settling a conflict can restore it).
            assert deleted_at >= conflict["winner_hlc"]
            assert record["deleted"] or deleted_at > conflict["winner_hlc"]
            continue
        assert conflict["loser_hlc"] < conflict["winner_hlc"]
        if record["stamps"].get(conflict["field"]) == conflict["winner_hlc"]:
            assert record[conflict["field"]] != conflict["value"]
    event(f"conflicts kept: {min(len(rows['conflict']), 3)}{'+' if len(rows['conflict']) > 3 else ''}")


SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_two_tablets_converge_whatever_they_did_and_whenever_they_synced(server: Server) -> None:
    logins = Logins(server, 3)
    log = LogCursor(server, str(logins.answers[0]["token"]))

    @SETTINGS
    @given(events=schedule(2))
    def check(events: list[tuple[int, tuple[Any, ...]]]) -> None:
        run(server, logins, log, 2, events)

    check()


def test_three_tablets_converge_whatever_they_did_and_whenever_they_synced(server: Server) -> None:
    logins = Logins(server, 4)
    log = LogCursor(server, str(logins.answers[0]["token"]))

    @SETTINGS
    @given(events=schedule(3))
    def check(events: list[tuple[int, tuple[Any, ...]]]) -> None:
        run(server, logins, log, 3, events)

    check()


def test_text_overwritten_by_a_pull_before_it_was_sent_is_kept_as_the_conflict(server: Server, tmp_path: Path) -> None:
    """Tablet a changes a text; b changes it too and syncs first; a pulls (b's later value
    replaces a's on screen) and writes on top of what it now sees. a's first value and b's
    were concurrent: a's first value is the conflicting version kept. b's value, which a
    saw and built on, is not in conflict with a's second."""
    logins = Logins(server, 2)
    start = LogCursor(server, str(logins.answers[0]["token"])).advance()
    a, b = (make_tablet(tmp_path / name, server, logins.next()) for name in ("a", "b"))
    for tablet in (a, b):
        tablet.store.set_state("pull_cursor", str(start))
    company = repo.save_company(a.store, draft=CompanyDraft(name="Æblehaven ApS"))
    a.client.sync()
    b.client.sync()

    def write(tablet: Tablet, value: str) -> None:
        apply(tablet, "", company, ("company", "earlier_cooperation", value))

    write(a, "A først")
    write(b, "B")
    b.client.sync()
    a.client.pull()
    assert (repo.get_company(a.store, company_id=company) or CompanyDraft(name="")).earlier_cooperation == "B"
    write(a, "B, og så A")
    for tablet in (a, b, a, b):
        tablet.client.sync()

    for tablet in (a, b):
        kept = conflicts.open_conflicts(tablet.store)
        assert [(c.current, c.other) for c in kept] == [("B, og så A", "A først")]
    assert snapshot(a.store) == snapshot(b.store)
    for tablet in (a, b):
        tablet.close()
