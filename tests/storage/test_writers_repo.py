"""Who writes on this tablet, and when it was last confirmed: local state, never synced;
quick notes are notes of the visit."""

from __future__ import annotations

from domain.company import CompanyDraft
from domain.records import QUICK_NOTE
from storage import repo, visit_records
from storage.db import Store
from sync import outbox


def test_the_writer_and_its_confirmation_stay_on_the_tablet(store: Store) -> None:
    company = repo.save_company(store, draft=CompanyDraft(name="Fisk ApS"))
    visit = repo.create_visit(store, company_id=company, content_version="t")
    waiting = outbox.waiting(store)
    assert visit_records.writer_confirmed_at(store, visit_id=visit) is None
    visit_records.set_writer(store, visit_id=visit, name="Ole Hansen", confirmed_at=1_800_000_000.5)
    assert visit_records.writer(store, visit_id=visit) == "Ole Hansen"
    assert visit_records.writer_confirmed_at(store, visit_id=visit) == 1_800_000_000.5
    visit_records.set_writer(store, visit_id=visit, name="Mette Sørensen")  # a choice without a time
    assert visit_records.writer_confirmed_at(store, visit_id=visit) == 1_800_000_000.5
    assert outbox.waiting(store) == waiting  # nothing of it goes to the server


def test_a_quick_note_is_a_note_of_the_visit(store: Store) -> None:
    visit = "v1"
    visit_records.add_note(store, visit_id=visit, field=QUICK_NOTE, text="Ring i morgen", author="Ole Hansen")
    [note] = visit_records.notes(store, visit_id=visit)
    assert (note.field, note.text, note.author) == (QUICK_NOTE, "Ring i morgen", "Ole Hansen")
