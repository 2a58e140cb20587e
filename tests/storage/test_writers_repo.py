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


def test_a_card_answer_carries_who_wrote_it(store: Store) -> None:
    """Answers are stamped with the visit's writer as notes and tasks are: the one chosen
    on the tablet, else the tablet's consultant when they take part (issue 9)."""
    company = repo.save_company(store, draft=CompanyDraft(name="Fisk ApS"))
    visit = repo.create_visit(store, company_id=company, content_version="t")
    store.set_state("me_name", "Ole Hansen")
    visit_records.add_participant(store, visit_id=visit, name="Ole Hansen", role="S")
    visit_records.add_participant(store, visit_id=visit, name="Erik Berg", role="E")
    assert visit_records.current_writer(store, visit_id=visit) == "Ole Hansen"
    repo.save_card(store, visit_id=visit, card_id="opening-01", answer="Ja, to skift")
    visit_records.set_writer(store, visit_id=visit, name="Erik Berg", confirmed_at=1_800_000_000.0)
    repo.save_card(store, visit_id=visit, card_id="opening-02", answer="Mangler lagerfolk")
    repo.save_card(store, visit_id=visit, card_id="opening-01", starred=True)  # a star is not writing
    repo.save_card(store, visit_id=visit, card_id="opening-03", answer="Måske", author="Mette")  # named wins
    states = repo.card_states(store, visit_id=visit)
    assert states["opening-01"].author == "Ole Hansen"
    assert states["opening-02"].author == "Erik Berg"
    assert states["opening-03"].author == "Mette"


def test_nobody_writing_leaves_the_answer_unsigned(store: Store) -> None:
    """A visit synced from another tablet that this tablet's consultant is not part of,
    and nobody chose: no name is made up."""
    store.set_state("me_name", "Ole Hansen")
    visit_records.add_participant(store, visit_id="v9", name="Karen Bech", role="S")
    repo.save_card(store, visit_id="v9", card_id="opening-01", answer="Ja")
    assert repo.card_states(store, visit_id="v9")["opening-01"].author == ""
