"""The outbox yields SYNC.md-shaped changes in order and forgets only what was accepted."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from domain.company import CompanyDraft
from domain.tasks import TaskDraft
from domain.waiting import summarise
from storage import repo, visit_records
from storage.db import Store
from sync import outbox
from sync.protocol import Change


def test_pending_changes_follow_the_contract_in_the_order_they_were_made(store: Store) -> None:
    company = repo.save_company(store, draft=CompanyDraft(name="Hansens Smedje ApS", cvr="10150817"))
    visit = repo.create_visit(store, company_id=company, content_version="2026.1")
    repo.save_card(store, visit_id=visit, card_id="opening-01", answer="Travlt")

    changes = outbox.pending(store)
    assert [c.entity for c in changes] == ["company", "visit", "card"]
    assert str(changes[0].id) == company
    assert changes[0].fields["name"] == "Hansens Smedje ApS"
    assert all(str(c.team) == store.team_id for c in changes)
    stamps = [c.hlc for c in changes]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    assert outbox.waiting(store) == 3


def test_only_accepted_changes_leave_the_outbox(store: Store) -> None:
    company = repo.save_company(store, draft=CompanyDraft(name="A/S Et"))
    repo.save_company(store, draft=CompanyDraft(name="A/S To"))
    first, second = outbox.pending(store)
    assert outbox.acknowledge(store, [str(first.op)]) == 1
    assert [c.op for c in outbox.pending(store)] == [second.op]
    assert outbox.acknowledge(store, [str(first.op)]) == 0  # twice is harmless
    assert outbox.acknowledge(store, []) == 0
    assert repo.get_company(store, company_id=company) is not None


def test_a_change_without_a_uuid_or_a_clock_stamp_is_refused() -> None:
    good = {
        "op": "7f6c1d2e-0000-4000-8000-000000000001",
        "entity": "note",
        "id": "3b1a0000-0000-4000-8000-000000000002",
        "team": "9e2f0000-0000-4000-8000-000000000003",
        "hlc": "1764246000123-0001-dev7",
        "fields": {"text": "x"},
    }
    assert Change.model_validate(good).entity == "note"
    for key, bad in [("op", "not-a-uuid"), ("hlc", "yesterday"), ("fields", {})]:
        with pytest.raises(ValidationError):
            Change.model_validate({**good, key: bad})


def test_waiting_changes_name_each_record_and_the_photo_a_task_carries(store: Store) -> None:
    company = repo.save_company(store, draft=CompanyDraft(name="Hansens Smedje ApS"))
    visit = repo.create_visit(store, company_id=company, content_version="2026.1")
    for text in ("Travlt om morgenen", "Mangler hænder"):
        visit_records.add_note(store, visit_id=visit, field="general", text=text, author="Ole")
    visit_records.save_task(
        store,
        visit_id=visit,
        draft=TaskDraft(area="Lageret", title="Sortere pap"),
        author="Ole",
        green_ids=[],
        accommodation_ids=[],
        photo="ab" * 32,
    )
    changes = outbox.waiting_changes(store)
    assert len(changes) == outbox.waiting(store)
    assert {c.photo for c in changes if c.entity == "task"} == {"ab" * 32}
    assert {c.photo for c in changes if c.entity != "task"} == {""}
    assert summarise(changes).counts == (("note", 2), ("task", 1), ("company", 1), ("visit", 1), ("photo", 1))
