"""Changes refused for the team, with real tablets and the real server (issue 10, "nothing
stranded", SYNC.md guarantees 9 and 11): a consultant removed from their only team keeps
writing; the tablet learns that it is in no team (an empty list is an answer too), keeps
every record and shows what the server refused. Once the office gives the team back, what
was refused reaches colleagues whole, however it comes back: an edit of the same record,
the next pull that lists the team, or "Send igen". Never half a record at a colleague.
Its own module: it changes the server's memberships."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from domain.company import CompanyDraft
from storage import conflicts, repo, visit_records
from sync import outbox
from tests.server_harness import Server, cli
from tests.sync.support import Logins, Tablet, make_tablet, server_log

HERNING = "Jobcenter Herning"


def edit_the_company(tablet: Tablet, company: str) -> None:
    """The newcomer's way: the same company edited again (only its address changes)."""
    repo.save_company(
        tablet.store,
        company_id=company,
        draft=CompanyDraft(name="Vestjysk Metal ApS", cvr="12345674", address="Industrivej 4, 7400 Herning"),
    )
    tablet.client.sync()


def just_sync(tablet: Tablet, company: str) -> None:
    """Nothing edited: the next pull lists the team again."""
    tablet.client.sync()


def send_again(tablet: Tablet, company: str) -> None:
    """ "Send igen" on the sync sheet, then only a push (no pull tells of the team first)."""
    refused = len(conflicts.refused_changes(tablet.store))
    assert outbox.send_again(tablet.store) == refused > 0
    tablet.client.push()


COMEBACKS: dict[str, Callable[[Tablet, str], None]] = {
    "edit": edit_the_company,
    "pull": just_sync,
    "send_again": send_again,
}


@pytest.mark.parametrize("comeback", sorted(COMEBACKS))
def test_what_was_refused_for_the_team_reaches_colleagues_whole_once_the_team_is_back(
    server: Server, tmp_path: Path, comeback: str
) -> None:
    ole = make_tablet(tmp_path / "ole", server, Logins(server, 1, "ole").answers[0])
    mette = make_tablet(tmp_path / "mette", server, Logins(server, 1, "mette").answers[0])
    cli(server.database, "remove-member", "--username", "ole", "--team", HERNING)
    ole.client.sync()
    assert json.loads(ole.store.get_state("teams")) == []  # the tablet knows: in no team now

    company = repo.save_company(ole.store, draft=CompanyDraft(name="Vestjysk Metal ApS", cvr="12345674"))
    visit = repo.create_visit(ole.store, company_id=company, content_version="2026.1", on=date(2026, 3, 2))
    visit_records.add_participant(ole.store, visit_id=visit, name="Karin Holm", role="E")
    ole.client.sync()
    refused = conflicts.refused_changes(ole.store)
    assert refused and {r.reason for r in refused} == {"forbidden_team"}  # kept and shown
    assert repo.get_company(ole.store, company_id=company) is not None  # the records stay

    cli(server.database, "add-member", "--username", "ole", "--team", HERNING)
    COMEBACKS[comeback](ole, company)

    assert conflicts.refused_changes(ole.store) == []
    assert outbox.waiting(ole.store) == 0
    mette.client.sync()
    found = repo.get_company(mette.store, company_id=company)
    assert found is not None and (found.name, found.cvr) == ("Vestjysk Metal ApS", "12345674")
    assert repo.get_visit(mette.store, visit_id=visit) is not None
    assert [p.name for p in visit_records.participants(mette.store, visit_id=visit)] == ["Karin Holm"]
    # Whoever pulled at any moment had the name no later than anything else of the company.
    log, _ = server_log(server, str(ole.token))
    first = next(c for c in log if c["entity"] == "company" and c["id"] == company)
    assert first["fields"].get("name") == "Vestjysk Metal ApS"
    ole.client.sync()
    assert {t["name"] for t in json.loads(ole.store.get_state("teams"))} == {HERNING}
    ole.close()
    mette.close()


def test_an_edit_while_still_outside_the_team_is_refused_whole_and_kept(server: Server, tmp_path: Path) -> None:
    """Edited again before the office acts: refused again, kept, nothing sent half."""
    ole = make_tablet(tmp_path / "ole", server, Logins(server, 1, "ole").answers[0])
    cli(server.database, "remove-member", "--username", "ole", "--team", HERNING)
    try:
        company = repo.save_company(ole.store, draft=CompanyDraft(name="Bøgh Træ ApS"))
        ole.client.sync()
        repo.save_company(ole.store, company_id=company, draft=CompanyDraft(name="Bøgh Træ ApS", address="Skovvej 2"))
        ole.client.sync()
        assert outbox.waiting(ole.store) == 0
        assert {r.reason for r in conflicts.refused_changes(ole.store)} == {"forbidden_team"}
        summaries = " ".join(r.summary for r in conflicts.refused_changes(ole.store))
        assert "Bøgh Træ ApS" in summaries and "Skovvej 2" in summaries
    finally:
        cli(server.database, "add-member", "--username", "ole", "--team", HERNING)
    ole.client.sync()
    assert conflicts.refused_changes(ole.store) == []
    log, _ = server_log(server, str(ole.token))
    first = next(c for c in log if c["entity"] == "company" and c["id"] == company)
    assert first["fields"].get("name") == "Bøgh Træ ApS"
    ole.close()
