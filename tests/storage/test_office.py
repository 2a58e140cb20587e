"""What the office reads from the store: the openings board, the outcome facts and the
home screen's count of active openings."""

from __future__ import annotations

import json
from datetime import date

from domain.board import BoardTask
from domain.company import CompanyDraft
from domain.content import ContentPack
from domain.tasks import OpeningDraft, TaskDraft
from storage import followups, office, repo, visit_records
from storage.db import Store

WRITER = "Jonas Holm"


def company_visit(store: Store, name: str, on: date, consultant: str = "") -> str:
    company = repo.save_company(store, draft=CompanyDraft(name=name))
    return repo.create_visit(store, company_id=company, content_version="2026.1", on=on, consultant=consultant)


def spot(store: Store, pack: ContentPack, visit: str, draft: TaskDraft) -> str:
    return visit_records.save_task(
        store,
        visit_id=visit,
        draft=draft,
        author=WRITER,
        green_ids=[c.id for c in pack.green_categories],
        accommodation_ids=[a.id for a in pack.accommodations],
    )


def new_opening(
    store: Store, visit: str, title: str, task_ids: tuple[str, ...], *, owner: str = "", requirements: str = ""
) -> str:
    draft = OpeningDraft(title=title, task_ids=task_ids, owner=owner, requirements=requirements)
    return followups.create_opening(store, visit_id=visit, draft=draft, author=WRITER)


def test_the_board_joins_company_and_tasks(store: Store, pack_da: ContentPack) -> None:
    visit = company_visit(store, "Vestjysk Emballage A/S", date(2026, 11, 20))
    sort = spot(
        store,
        pack_da,
        visit,
        TaskDraft(area="Lager", title="Sortere pap", hours="4", level=1, green="recycling", accommodations=("split",)),
    )
    repair = spot(store, pack_da, visit, TaskDraft(area="Værksted", title="Reparere paller", hours="3", level=3))
    oid = new_opening(
        store, visit, "Grøn medhjælper", (sort, repair), owner="Mette Sørensen", requirements="Truckcert."
    )
    followups.update_opening(store, opening_id=oid, status="candidates_sent", candidates_sent=2)

    (found,) = office.board(store)
    assert found.id == oid and found.visit_id == visit
    assert found.company_name == "Vestjysk Emballage A/S"
    assert found.title == "Grøn medhjælper"
    assert found.tasks == (
        BoardTask(title="Sortere pap", area="Lager", hours=4.0, level=1, green="recycling"),
        BoardTask(title="Reparere paller", area="Værksted", hours=3.0, level=3, green=""),
    )
    assert found.level == 3 and found.areas == {"Lager", "Værksted"} and found.greens == {"recycling"}
    assert found.hours == 7.0 and found.accommodations == ("split",)
    assert found.requirements == "Truckcert." and found.owner == "Mette Sørensen"
    assert found.status == "candidates_sent" and found.candidates_sent == 2
    assert found.created == date.today()


def test_the_board_falls_back_to_the_visit_date_and_skips_what_is_gone(store: Store, pack_da: ContentPack) -> None:
    visit = company_visit(store, "Hansens Smedje ApS", date(2026, 3, 4))
    kept = spot(store, pack_da, visit, TaskDraft(area="Lager", title="Feje", hours="1"))
    gone = spot(store, pack_da, visit, TaskDraft(area="Lager", title="Vaske", hours="1"))
    old = new_opening(store, visit, "Fra før datoen blev gemt", (kept, gone))
    store.save("opening", old, {"created": ""})  # as an opening synced from an older app arrives
    deleted = new_opening(store, visit, "Slettet", (kept,))
    store.save("opening", deleted, {"_deleted": True})
    visit_records.delete_task(store, task_id=gone)

    (found,) = office.board(store)
    assert found.id == old
    assert found.created == date(2026, 3, 4)
    assert [t.title for t in found.tasks] == ["Feje"]  # the deleted task is left out


def test_the_board_of_an_empty_store(store: Store) -> None:
    assert office.board(store) == []
    assert office.count_active(store) == 0


def test_count_active(store: Store, pack_da: ContentPack) -> None:
    visit = company_visit(store, "Æblehaven Gartneri I/S", date(2026, 11, 1))
    task = spot(store, pack_da, visit, TaskDraft(area="Drivhus", title="Prikle planter", hours="3"))
    made = [new_opening(store, visit, f"Job {n}", (task,)) for n in range(5)]
    followups.update_opening(store, opening_id=made[1], status="candidates_sent")
    followups.update_opening(store, opening_id=made[2], status="filled")
    followups.update_opening(store, opening_id=made[3], status="closed")
    store.save("opening", made[4], {"_deleted": True})
    assert office.count_active(store) == 2  # open and candidates sent


def test_outcome_facts(store: Store, pack_da: ContentPack) -> None:
    store.set_state("teams", json.dumps([{"id": store.team_id, "name": "Jobcenter Herning"}]))
    named = company_visit(store, "Hansens Smedje ApS", date(2026, 1, 5), consultant="Ole Hansen")
    visit_records.add_participant(store, visit_id=named, name="Karen Bech", role="S")
    older = company_visit(store, "Æblehaven Gartneri I/S", date(2026, 2, 2))
    visit_records.add_participant(store, visit_id=older, name="Mette Sørensen", organisation="Erhvervsrådet", role="E")
    visit_records.add_participant(store, visit_id=older, name="Karen Bech", role="S")
    visit_records.add_participant(store, visit_id=older, name="Per Olsen", role="S")
    partner = company_visit(store, "Vestjysk Emballage A/S", date(2026, 2, 9))
    repo.save_preparation(store, visit_id=partner, partner_name="Lise Dam", partner_org="Erhvervsrådet")
    alone = company_visit(store, "Bager Bo", date(2026, 3, 1))
    gone = company_visit(store, "Slettet A/S", date(2026, 3, 2))
    store.save("visit", gone, {"_deleted": True})

    sort = spot(store, pack_da, named, TaskDraft(area="Lager", title="Sortere", level=2, green="recycling"))
    spot(store, pack_da, older, TaskDraft(area="Drivhus", title="Prikle", level=1))
    oid = new_opening(store, named, "Lagerhjælp", (sort,))
    followups.record_hire(
        store, opening_id=oid, kind="supported", start=date(2026, 4, 1), owner=WRITER, author=WRITER, rhythm=[]
    )

    facts = office.outcome_facts(store)
    visits = {v.visit_id: v for v in facts.visits}
    assert set(visits) == {named, older, partner, alone}
    assert visits[named].consultant == "Ole Hansen"  # who made it, before the participants
    assert visits[older].consultant == "Karen Bech"  # the first job-centre participant
    assert visits[alone].consultant == ""
    assert visits[named].on == date(2026, 1, 5)
    assert {v for v, fact in visits.items() if fact.covisit} == {older, partner}
    assert {fact.team for fact in visits.values()} == {"Jobcenter Herning"}
    assert sorted((t.visit_id == named, t.level, t.green) for t in facts.tasks) == [
        (False, 1, ""),
        (True, 2, "recycling"),
    ]
    assert [o.visit_id for o in facts.openings] == [named]
    assert [(h.visit_id, h.kind, h.start) for h in facts.hires] == [(named, "supported", date(2026, 4, 1))]


def test_team_names(store: Store) -> None:
    assert office.team_names(store) == {}
    store.set_state("teams", json.dumps([{"id": "t1", "name": "Herning"}, {"id": 2, "name": "Ikast"}, {"x": 1}]))
    assert office.team_names(store) == {"t1": "Herning", "2": "Ikast"}
    store.set_state("teams", "ikke json")
    assert office.team_names(store) == {}


def test_a_visit_of_an_unknown_team_has_no_team_name(store: Store) -> None:
    company_visit(store, "Hansens Smedje ApS", date(2026, 1, 5))
    (fact,) = office.outcome_facts(store).visits
    assert fact.team == ""
