"""The texts kept on the tablet as local drafts, as the sync sheet lists them: only those
holding text, each with the company of its visit or record, and never queued to be sent."""

from __future__ import annotations

from domain.company import CompanyDraft
from storage import repo
from storage.db import Store
from storage.local_drafts import LocalDraft, local_drafts
from sync import outbox
from tests.storage.seed import visit_with_task


def test_drafts_are_listed_with_their_company_and_never_queued(store: Store) -> None:
    visit, _task = visit_with_task(store, "Fiskehuset")
    bakery = repo.save_company(store, draft=CompanyDraft(name="Bageriet"))
    queued = len(outbox.waiting_changes(store))
    store.set_state(f"draft:{visit}:card:c4", "Ring til 010190-1234")
    store.set_state(f"draft:company:{bakery}:website", "bageriet dk")
    store.set_state("draft:company:new:cvr", "1234")
    store.set_state("draft:settings:me_name", "Mette 0101901234")
    store.set_state(f"draft:{visit}:card:c5", "")  # emptied: no draft
    store.set_state("draft:gone:social:flexjob", "x")  # a visit no longer on the tablet
    store.set_state("company_draft_at:new", "2026-11-30T14:05")  # not a draft's text
    assert sorted(local_drafts(store), key=lambda d: d.key) == sorted(
        [
            LocalDraft(key=f"{visit}:card:c4", company="Fiskehuset"),
            LocalDraft(key=f"company:{bakery}:website", company="Bageriet"),
            LocalDraft(key="company:new:cvr", company=""),
            LocalDraft(key="settings:me_name", company=""),
            LocalDraft(key="gone:social:flexjob", company=""),
        ],
        key=lambda d: d.key,
    )
    assert len(outbox.waiting_changes(store)) == queued
