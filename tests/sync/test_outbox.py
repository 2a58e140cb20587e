"""What the outbox sends follows SYNC.md, in the order it was made; what waits is named for
the sync sheet. (A change leaves the outbox only once the server accepted it: tests/sync/
test_client.py, test_transport_faults.py, test_faults.py and test_kill.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from domain.company import CompanyDraft
from domain.tasks import TaskDraft
from domain.waiting import summarise
from storage import repo, visit_records
from storage.db import Store
from storage.photos import PhotoStore
from sync import outbox
from sync.client import SyncClient, pair
from sync.protocol import Change
from tests.server_harness import PASSWORD, Server, change
from tests.sync.support import server_log


def test_what_is_pushed_follows_the_contract_in_the_order_it_was_made(server: Server, tmp_path: Path) -> None:
    """The real path: the sync client's push, read back from the server's change log."""
    store = Store(tmp_path / "t.db")
    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="tablet")
    company = repo.save_company(store, draft=CompanyDraft(name="Hansens Smedje ApS", cvr="10150817"))
    visit = repo.create_visit(store, company_id=company, content_version="2026.1")
    repo.save_card(store, visit_id=visit, card_id="opening-01", answer="Travlt")
    assert outbox.waiting(store) == 3

    assert SyncClient(store, PhotoStore(tmp_path / "photos")).push() == 3
    assert outbox.waiting(store) == 0  # accepted, so gone
    log, _ = server_log(server, str(server.login("ole", device="reader")["token"]))
    changes = [
        Change.model_validate({k: v for k, v in c.items() if k != "seq"})
        for c in log
        if c["id"] in (company, visit) or c["entity"] == "card"
    ]
    mine = [c for c in changes if c.hlc.endswith(store.device_id)]
    assert [c.entity for c in mine] == ["company", "visit", "card"]
    assert str(mine[0].id) == company and mine[0].fields["name"] == "Hansens Smedje ApS"
    assert all(str(c.team) == server.team == store.team_id for c in mine)
    stamps = [c.hlc for c in mine]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    store.close()


def test_a_change_without_a_uuid_or_a_clock_stamp_is_refused() -> None:
    good = change("9e2f0000-0000-4000-8000-000000000003", fields={"text": "x"})
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
