"""A deletion made offline and a colleague's text edit that it did not see (issue 10,
"nothing stranded"): whichever reaches the server first, every tablet and the server end
with the same rows and the edited text is kept as a "deleted" conflict
("Ændret efter den blev slettet"), never silently lost. Property-based over who edits or
deletes first on the wall clock and in which order the tablets sync, with the real server
over HTTP (SQLite and PostgreSQL) and real tablets."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.company import CompanyDraft
from storage import conflicts, repo, visit_records
from sync import outbox
from tests.server_harness import Server
from tests.sync.support import LogCursor, Logins, Tablet, make_tablet, snapshot

EDITED = "Ring til Per om flexjob"

# Which tablet syncs when: a (deletes), b (edits), c (only looks). The edit and the
# deletion are both made before any of these syncs, so neither saw the other.
SYNCS = st.lists(st.sampled_from("abc"), min_size=1, max_size=6)


def run(server: Server, logins: Logins, log: LogCursor, edit_first: bool, syncs: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = log.advance()
        tablets: dict[str, Tablet] = {}
        try:
            for name in "abcd":
                tablets[name] = make_tablet(Path(tmp) / name, server, logins.next())
                tablets[name].store.set_state("pull_cursor", str(start))
            a, b, c, late = (tablets[n] for n in "abcd")
            company = repo.save_company(a.store, draft=CompanyDraft(name="Slettet ApS"))
            visit = repo.create_visit(a.store, company_id=company, content_version="2026.1", on=date(2026, 3, 2))
            note = visit_records.add_note(a.store, visit_id=visit, field="general", text="Ring til Per", author="Ole")
            for tablet in (a, b, c):
                tablet.client.sync()
            for step in ("edit", "delete") if edit_first else ("delete", "edit"):
                if step == "edit":
                    visit_records.update_note(b.store, note_id=note, text=EDITED)
                else:
                    visit_records.delete_note(a.store, note_id=note)
            for name in syncs:
                tablets[name].client.sync()
            for _ in range(2):
                for tablet in (a, b, c):
                    tablet.client.sync()
            late.client.sync()  # the server's state, as a tablet that saw none of it pulls it

            expected = snapshot(a.store)
            for name, tablet in tablets.items():
                assert outbox.waiting(tablet.store) == 0, name
                assert snapshot(tablet.store) == expected, name
                assert visit_records.notes(tablet.store, visit_id=visit) == [], name
                kept = conflicts.open_conflicts(tablet.store)
                assert [(k.reason, k.other) for k in kept] == [("deleted", EDITED)], name
        finally:
            for tablet in tablets.values():
                tablet.close()


SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_an_edit_and_a_deletion_that_did_not_see_it_keep_the_text_in_any_order(server: Server) -> None:
    logins = Logins(server, 4)
    log = LogCursor(server, str(logins.answers[0]["token"]))

    @SETTINGS
    @given(edit_first=st.booleans(), syncs=SYNCS)
    def check(edit_first: bool, syncs: list[str]) -> None:
        run(server, logins, log, edit_first, syncs)

    check()


def test_the_edit_reaching_the_server_first_is_kept_when_the_deletion_follows(server: Server) -> None:
    """The order the issue found: b's edit is on the server before a's deletion."""
    logins = Logins(server, 4)
    run(server, logins, LogCursor(server, str(logins.answers[0]["token"])), False, ["b", "a"])
