"""Team changes with real tablets (SYNC.md guarantee 11): a consultant added to a second
team gets that team's records at the next sync although their tablet synced long before,
and the tablet's list of teams follows; once removed, the tablet neither pulls nor pushes
that team's rows (a change it still makes is kept and shown as refused, never lost).
Its own module: it changes the server's memberships."""

from __future__ import annotations

import json
from pathlib import Path

from domain.company import CompanyDraft
from storage import conflicts, repo
from sync import outbox
from tests.server_harness import Server, cli
from tests.sync.support import Logins, make_tablet


def test_a_consultant_added_to_a_team_gets_its_records_and_loses_them_when_removed(
    server: Server, tmp_path: Path
) -> None:
    herning = make_tablet(tmp_path / "ole", server, Logins(server, 1, "ole").answers[0])
    esbjerg = make_tablet(tmp_path / "eva", server, Logins(server, 1, "eva").answers[0])
    company = repo.save_company(herning.store, draft=CompanyDraft(name="Herning Stål ApS"))
    herning.client.sync()
    repo.save_company(esbjerg.store, draft=CompanyDraft(name="Esbjerg Fisk ApS"))
    esbjerg.client.sync()  # eva's tablet has a cursor well past Herning's company
    assert repo.get_company(esbjerg.store, company_id=company) is None

    cli(server.database, "add-member", "--username", "eva", "--team", "Jobcenter Herning")
    esbjerg.client.sync()
    assert repo.get_company(esbjerg.store, company_id=company) is not None
    teams = {t["name"] for t in json.loads(esbjerg.store.get_state("teams"))}
    assert teams == {"Jobcenter Herning", "Jobcenter Esbjerg"}

    cli(server.database, "remove-member", "--username", "eva", "--team", "Jobcenter Herning")
    repo.save_company(herning.store, company_id=company, draft=CompanyDraft(name="Herning Stål A/S"))
    herning.client.sync()
    repo.save_company(esbjerg.store, company_id=company, draft=CompanyDraft(name="Eva var her"))
    esbjerg.client.sync()
    found = repo.get_company(esbjerg.store, company_id=company)
    assert found is not None and found.name == "Eva var her"  # the Herning edit was not pulled
    assert outbox.waiting(esbjerg.store) == 0
    assert [r.reason for r in conflicts.refused_changes(esbjerg.store)] == ["forbidden_team"]
    assert {t["name"] for t in json.loads(esbjerg.store.get_state("teams"))} == {"Jobcenter Esbjerg"}
    herning.client.sync()
    kept = repo.get_company(herning.store, company_id=company)
    assert kept is not None and kept.name == "Herning Stål A/S"
