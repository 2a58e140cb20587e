"""The local store: every save writes the record and its outbox change in one transaction."""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from domain.company import CompanyDraft
from domain.content import ContentPack
from domain.errors import InvalidInput
from domain.visit import CardState, order_for_reopening, phase_progress
from storage import repo
from storage.db import Store
from storage.models import CardAnswer, Company, OutboxEntry, Visit

STAMP = re.compile(r"^\d{13}-[0-9a-f]{4}-[A-Za-z0-9_]+$")


def outbox(store: Store) -> list[OutboxEntry]:
    with store.read() as s:
        return list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def count(store: Store, model: Any) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def company_row(store: Store, company_id: str) -> Company | None:
    with store.read() as s:
        return s.get(Company, company_id)


def card_row(store: Store, visit_id: str, card_id: str) -> CardAnswer | None:
    with store.read() as s:
        return s.get(CardAnswer, repo.card_record_id(visit_id, card_id))


def new_company(store: Store, name: str = "Æblehaven ApS") -> str:
    return repo.save_company(store, draft=CompanyDraft(name=name, cvr="10150817"))


def new_visit(store: Store, name: str = "Æblehaven ApS", on: date | None = None) -> str:
    return repo.create_visit(store, company_id=new_company(store, name), content_version="2026.1", on=on)


# -- one transaction ----------------------------------------------------------------


def test_save_writes_the_record_and_its_outbox_change(store: Store) -> None:
    company_id = str(uuid.uuid4())
    assert store.save("company", company_id, {"name": "Æblehaven", "cvr": "10150817"}) == company_id
    row = company_row(store, company_id)
    assert row is not None
    assert (row.name, row.cvr, row.team, row.deleted) == ("Æblehaven", "10150817", store.team_id, False)
    assert row.address == ""  # a field not given gets its default
    [change] = outbox(store)
    assert change.record_id == company_id
    assert change.fields == {"name": "Æblehaven", "cvr": "10150817"}


@pytest.mark.parametrize("flush", [False, True])
def test_a_failed_transaction_leaves_neither_record_nor_outbox_change(store: Store, flush: bool) -> None:
    company_id, visit_id = str(uuid.uuid4()), str(uuid.uuid4())
    with pytest.raises(RuntimeError), store.write() as s:
        store.save_in(s, "company", company_id, {"name": "Halvt gemt"})
        store.save_in(s, "visit", visit_id, {"company_id": company_id, "date": "2026-01-05"})
        if flush:
            s.flush()  # the rows are in the database's transaction, not yet committed
        raise RuntimeError("the app fell over")
    assert company_row(store, company_id) is None
    assert count(store, Company) == 0
    assert count(store, Visit) == 0
    assert outbox(store) == []
    # The store keeps working afterwards.
    store.save("company", company_id, {"name": "Hel"})
    assert company_row(store, company_id) is not None
    assert len(outbox(store)) == 1


def test_unknown_field_saves_nothing(store: Store) -> None:
    with pytest.raises(KeyError):
        store.save("company", str(uuid.uuid4()), {"name": "X", "colour": "red"})
    with pytest.raises(KeyError):
        store.save("company", str(uuid.uuid4()), {"name_folded": "x"})  # local only, never synced
    assert count(store, Company) == 0
    assert outbox(store) == []


def test_the_outbox_change_carries_what_sync_needs(store: Store) -> None:
    company_id = str(uuid.uuid4())
    store.save("company", company_id, {"name": "Æblehaven", "cvr": "10150817"})
    [first] = outbox(store)
    assert uuid.UUID(first.op).version == 4
    assert first.entity == "company"
    assert first.record_id == company_id
    assert first.team == store.team_id
    uuid.UUID(store.team_id)
    assert STAMP.match(first.hlc)
    assert first.hlc.endswith(f"-{store.device_id}")
    assert first.fields == {"name": "Æblehaven", "cvr": "10150817"}
    assert first.base == {}  # a new record replaced nothing
    assert first.in_flight is False
    row = company_row(store, company_id)
    assert row is not None
    assert row.stamps == {"name": first.hlc, "cvr": first.hlc}
    assert row.hlc == first.hlc


def test_base_is_the_previous_stamp_of_the_changed_fields(store: Store) -> None:
    company_id = str(uuid.uuid4())
    store.save("company", company_id, {"name": "Æblehaven", "cvr": "10150817"})
    created = outbox(store)[0].hlc
    store.save("company", company_id, {"address": "Vejen 1"})
    address_stamp = outbox(store)[1].hlc
    store.save("company", company_id, {"name": "Æblehaven ApS", "address": "Vejen 2"})
    last = outbox(store)[-1]
    assert last.fields == {"name": "Æblehaven ApS", "address": "Vejen 2"}
    assert last.base == {"name": created, "address": address_stamp}
    assert created < address_stamp < last.hlc
    row = company_row(store, company_id)
    assert row is not None
    assert row.stamps == {"name": last.hlc, "cvr": created, "address": last.hlc}
    assert row.hlc == last.hlc


def test_unchanged_fields_are_not_sent_again(store: Store) -> None:
    company_id = str(uuid.uuid4())
    store.save("company", company_id, {"name": "Æblehaven", "cvr": "10150817"})
    row_before = company_row(store, company_id)
    store.save("company", company_id, {"name": "Æblehaven", "cvr": "10150817"})
    assert len(outbox(store)) == 1  # nothing changed: no change queued, no new stamp
    row_after = company_row(store, company_id)
    assert row_before is not None and row_after is not None
    assert row_after.hlc == row_before.hlc
    store.save("company", company_id, {"name": "Æblehaven", "cvr": "25313763"})
    assert outbox(store)[-1].fields == {"cvr": "25313763"}
    assert set(outbox(store)[-1].base) == {"cvr"}


def test_deletion_is_a_change(store: Store) -> None:
    company_id = new_company(store)
    store.save("company", company_id, {"_deleted": True})
    assert outbox(store)[-1].fields == {"_deleted": True}
    assert repo.get_company(store, company_id=company_id) is None
    assert repo.find_companies(store) == []


# -- typing: one change per field, not one per keystroke ----------------------------------


def test_keystrokes_fold_into_one_unsent_change_keeping_the_original_base(store: Store) -> None:
    visit_id = new_visit(store)
    repo.save_card(store, visit_id=visit_id, card_id="opening-01", answer="J")
    before = len(outbox(store))
    first_stamp = outbox(store)[-1].hlc
    for typed in ["Ja", "Ja,", "Ja, to", "Ja, to elever"]:
        repo.save_card(store, visit_id=visit_id, card_id="opening-01", answer=typed)
    changes = outbox(store)
    assert len(changes) == before + 1
    typing = changes[-1]
    assert typing.fields == {"answer": "Ja, to elever"}
    assert typing.base == {"answer": first_stamp}  # the value the first keystroke replaced
    row = card_row(store, visit_id, "opening-01")
    assert row is not None
    assert row.answer == "Ja, to elever"
    assert typing.hlc == row.stamps["answer"] == row.hlc
    assert typing.hlc > first_stamp


def test_keystrokes_in_different_cards_do_not_fold_together(store: Store) -> None:
    visit_id = new_visit(store)
    for text in ["a", "ab", "abc"]:
        repo.save_card(store, visit_id=visit_id, card_id="opening-01", answer=text)
        repo.save_card(store, visit_id=visit_id, card_id="opening-02", answer=text.upper())
    cards = [c for c in outbox(store) if c.entity == "card"]
    assert {c.record_id for c in cards} == {
        repo.card_record_id(visit_id, "opening-01"),
        repo.card_record_id(visit_id, "opening-02"),
    }
    last_answer = {c.record_id: c.fields["answer"] for c in cards}
    assert last_answer[repo.card_record_id(visit_id, "opening-01")] == "abc"
    assert last_answer[repo.card_record_id(visit_id, "opening-02")] == "ABC"


def test_a_change_being_sent_is_never_rewritten(store: Store) -> None:
    visit_id = new_visit(store)
    repo.save_card(store, visit_id=visit_id, card_id="opening-01", answer="Ja")
    repo.save_card(store, visit_id=visit_id, card_id="opening-01", answer="Ja, to")
    with store.write() as s:
        sending = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc()).limit(1)).one()
        sending.in_flight = True
        sent_op, sent_stamp = sending.op, sending.hlc
    repo.save_card(store, visit_id=visit_id, card_id="opening-01", answer="Ja, to elever")
    changes = outbox(store)
    in_flight = next(c for c in changes if c.op == sent_op)
    assert in_flight.fields == {"answer": "Ja, to"}
    assert in_flight.hlc == sent_stamp
    assert changes[-1].op != sent_op
    assert changes[-1].fields == {"answer": "Ja, to elever"}
    assert changes[-1].base == {"answer": sent_stamp}


# -- refused input saves nothing ---------------------------------------------------------


@pytest.mark.parametrize(
    ("draft", "code"),
    [
        (CompanyDraft(name="Firma", cvr="10150818"), "cvr_check_digit"),
        (CompanyDraft(name="Firma", cvr="1015"), "cvr_format"),
        (CompanyDraft(name=""), "name_required"),
        (CompanyDraft(name="Firma", contact_email="ole"), "email_format"),
        (CompanyDraft(name="Firma", earlier_cooperation="x" * 20_001), "text_too_long"),
        (CompanyDraft(name="Firma\x1b"), "control_chars"),
    ],
)
def test_refused_company_saves_nothing(store: Store, draft: CompanyDraft, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        repo.save_company(store, draft=draft)
    assert caught.value.code == code
    assert count(store, Company) == 0
    assert outbox(store) == []


def test_refused_edit_keeps_the_saved_company(store: Store) -> None:
    company_id = new_company(store)
    before = outbox(store)
    with pytest.raises(InvalidInput):
        repo.save_company(store, draft=CompanyDraft(name="Nyt navn", cvr="10150818"), company_id=company_id)
    saved = repo.get_company(store, company_id=company_id)
    assert saved is not None
    assert (saved.name, saved.cvr) == ("Æblehaven ApS", "10150817")
    assert [c.op for c in outbox(store)] == [c.op for c in before]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"answer": "x" * 20_001}, "text_too_long"),
        ({"answer": "svar\x00"}, "control_chars"),
        ({"answer": "ok", "author": "Ole\x07"}, "control_chars"),
        ({"answer": "ok", "author": "x" * 301}, "text_too_long"),
    ],
)
def test_refused_card_answer_saves_nothing(store: Store, fields: dict[str, Any], code: str) -> None:
    visit_id = new_visit(store)
    before = len(outbox(store))
    with pytest.raises(InvalidInput) as caught:
        repo.save_card(store, visit_id=visit_id, card_id="opening-01", **fields)
    assert caught.value.code == code
    assert card_row(store, visit_id, "opening-01") is None
    assert count(store, CardAnswer) == 0
    assert len(outbox(store)) == before


def test_refused_answer_keeps_the_earlier_answer(store: Store) -> None:
    visit_id = new_visit(store)
    repo.save_card(store, visit_id=visit_id, card_id="opening-01", answer="Ja")
    before = len(outbox(store))
    with pytest.raises(InvalidInput):
        repo.save_card(store, visit_id=visit_id, card_id="opening-01", answer="Ja" + "!" * 20_000)
    assert repo.card_states(store, visit_id=visit_id)["opening-01"].answer == "Ja"
    assert len(outbox(store)) == before
    assert outbox(store)[-1].fields["answer"] == "Ja"


def test_refused_preparation_saves_nothing(store: Store) -> None:
    visit_id = new_visit(store)
    before = len(outbox(store))
    with pytest.raises(InvalidInput) as caught:
        repo.save_preparation(store, visit_id=visit_id, megatrend="green", megatrend_note="n\x00")
    assert caught.value.code == "control_chars"
    found = repo.get_visit(store, visit_id=visit_id)
    assert found is not None
    assert found[1].megatrend == ""
    assert len(outbox(store)) == before


def test_visit_for_unknown_company_is_refused(store: Store) -> None:
    with pytest.raises(InvalidInput) as caught:
        repo.create_visit(store, company_id=str(uuid.uuid4()), content_version="2026.1")
    assert caught.value.code == "unknown_company"
    assert count(store, Visit) == 0
    assert outbox(store) == []


# -- reopening -----------------------------------------------------------------------------


def test_clock_device_and_team_persist_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    first = Store(path)
    device, team = first.device_id, first.team_id
    company_id = new_company(first)
    # A stamp from a tablet whose clock runs an hour ahead pushes our clock past the wall.
    first.clock.observe(f"{int(outbox(first)[-1].hlc[:13]) + 3_600_000:013d}-0000-other")
    first.save("company", company_id, {"address": "Vejen 1"})
    last_before = outbox(first)[-1].hlc
    first.close()

    second = Store(path)
    assert (second.device_id, second.team_id) == (device, team)
    assert second.clock.last >= last_before
    second.save("company", company_id, {"address": "Vejen 2"})
    assert outbox(second)[-1].hlc > last_before
    saved = repo.get_company(second, company_id=company_id)
    assert saved is not None and saved.address == "Vejen 2"
    second.close()


def test_state_values_persist(tmp_path: Path) -> None:
    first = Store(tmp_path / "x.db")
    assert first.get_state("language", "da") == "da"
    first.set_state("language", "en")
    first.close()
    second = Store(tmp_path / "x.db")
    assert second.get_state("language") == "en"
    second.close()


# -- what the screens read -----------------------------------------------------------------


def test_company_round_trip(store: Store) -> None:
    draft = CompanyDraft(
        name="Æblehaven ApS",
        cvr="DK 10 15 08 17",
        address="Frugtvej 3, 5000 Odense",
        contact_email="ole@aeblehaven.dk",
        earlier_cooperation="Praktik 2024\nFleksjob 2025",
    )
    company_id = repo.save_company(store, draft=draft)
    saved = repo.get_company(store, company_id=company_id)
    assert saved is not None
    assert saved.cvr == "10150817"
    assert saved.name == "Æblehaven ApS"
    assert saved.earlier_cooperation == "Praktik 2024\nFleksjob 2025"


def test_find_companies_by_name(store: Store) -> None:
    for name in ["Østergaard VVS", "æblehaven", "Bageriet", "100% Grøn"]:
        new_company(store, name)
    assert [n for _, n in repo.find_companies(store, search="ÆBLE")] == ["æblehaven"]
    assert [n for _, n in repo.find_companies(store, search="østergaard")] == ["Østergaard VVS"]
    assert [n for _, n in repo.find_companies(store, search="%")] == ["100% Grøn"]
    assert [n for _, n in repo.find_companies(store)] == ["100% Grøn", "Bageriet", "æblehaven", "Østergaard VVS"]


def test_list_visits_newest_first(store: Store) -> None:
    old = new_visit(store, "Bageriet", on=date(2025, 11, 3))
    newest = new_visit(store, "Æblehaven", on=date(2026, 1, 20))
    middle = new_visit(store, "Østergaard VVS", on=date(2025, 12, 1))
    same_day_later = new_visit(store, "Bageriet", on=date(2026, 1, 20))
    rows = repo.list_visits(store)
    assert [r.id for r in rows] == [same_day_later, newest, middle, old]
    assert [r.company_name for r in rows] == ["Bageriet", "Æblehaven", "Østergaard VVS", "Bageriet"]
    assert rows[0].date == date(2026, 1, 20)


def test_list_visits_counts_asked_cards(store: Store) -> None:
    visit_id = new_visit(store)
    repo.save_card(store, visit_id=visit_id, card_id="opening-01", asked=True)
    repo.save_card(store, visit_id=visit_id, card_id="opening-02", answer="Ja")
    repo.save_card(store, visit_id=visit_id, card_id="opening-03", starred=True)
    [row] = repo.list_visits(store)
    assert row.cards_asked == 2


def test_search_visits_by_company_name(store: Store) -> None:
    apple = new_visit(store, "æblehaven")
    new_visit(store, "Bageriet")
    pears = new_visit(store, "Pæreskoven ÆØÅ")
    assert [r.id for r in repo.list_visits(store, search="ÆBLE")] == [apple]
    assert [r.id for r in repo.list_visits(store, search=" HAVEN ")] == [apple]
    assert [r.id for r in repo.list_visits(store, search="æøå")] == [pears]
    assert repo.list_visits(store, search="kiosk") == []
    assert repo.list_visits(store, search="_") == []  # no wildcard
    assert len(repo.list_visits(store, search="  ")) == 3


def test_renamed_company_is_found_by_its_new_name(store: Store) -> None:
    visit_id = new_visit(store, "Gammelt Navn")
    company_id = repo.list_visits(store)[0].company_id
    repo.save_company(store, draft=CompanyDraft(name="Ålborg Æbler"), company_id=company_id)
    assert [r.id for r in repo.list_visits(store, search="ålborg")] == [visit_id]
    assert repo.list_visits(store, search="gammelt") == []


def test_list_visits_pages(store: Store) -> None:
    company_id = new_company(store)
    for day in range(1, 12):
        repo.create_visit(store, company_id=company_id, content_version="2026.1", on=date(2026, 1, day))
    everything = repo.list_visits(store, limit=100)
    pages = [repo.list_visits(store, limit=4, offset=offset) for offset in (0, 4, 8, 12)]
    assert [len(p) for p in pages] == [4, 4, 3, 0]
    assert [r.id for p in pages for r in p] == [r.id for r in everything]
    assert [r.date.day for r in everything] == list(range(11, 0, -1))


def test_deleted_visits_are_not_listed(store: Store) -> None:
    keep = new_visit(store, "Bageriet")
    gone = new_visit(store, "Æblehaven")
    store.save("visit", gone, {"_deleted": True})
    assert [r.id for r in repo.list_visits(store)] == [keep]
    assert repo.get_visit(store, visit_id=gone) is None


def test_preparation_round_trip(store: Store) -> None:
    visit_id = new_visit(store, on=date(2026, 2, 2))
    repo.save_preparation(store, visit_id=visit_id, checklist={"cvr": True, "news": False}, megatrend="green")
    repo.save_preparation(store, visit_id=visit_id, megatrend_note="Solceller\r\npå taget", partner_name=" Erhverv ")
    found = repo.get_visit(store, visit_id=visit_id)
    assert found is not None
    summary, prep, version = found
    assert summary.company_name == "Æblehaven ApS"
    assert summary.date == date(2026, 2, 2)
    assert version == "2026.1"
    assert prep.checklist == {"cvr": True, "news": False}
    assert prep.megatrend == "green"
    assert prep.megatrend_note == "Solceller\npå taget"
    assert prep.partner_name == "Erhverv"
    assert prep.script_variant == "without_news_hook"


# -- card states ---------------------------------------------------------------------------


def test_an_answer_marks_the_card_asked(store: Store) -> None:
    visit_id = new_visit(store)
    repo.save_card(store, visit_id=visit_id, card_id="opening-01", answer="Vi mangler lagerfolk")
    state = repo.card_states(store, visit_id=visit_id)["opening-01"]
    assert state == CardState(card_id="opening-01", asked=True, starred=False, answer="Vi mangler lagerfolk")


def test_a_blank_answer_does_not_mark_asked(store: Store) -> None:
    visit_id = new_visit(store)
    repo.save_card(store, visit_id=visit_id, card_id="opening-01", answer="   ")
    assert repo.card_states(store, visit_id=visit_id)["opening-01"].asked is False


def test_an_explicit_asked_wins_over_the_answer(store: Store) -> None:
    visit_id = new_visit(store)
    repo.save_card(store, visit_id=visit_id, card_id="opening-01", answer="Ja")
    repo.save_card(store, visit_id=visit_id, card_id="opening-01", asked=False)
    state = repo.card_states(store, visit_id=visit_id)["opening-01"]
    assert (state.asked, state.answer) == (False, "Ja")


def test_starring_and_author(store: Store) -> None:
    visit_id = new_visit(store)
    repo.save_card(store, visit_id=visit_id, card_id="esg-02", starred=True)
    repo.save_card(store, visit_id=visit_id, card_id="esg-03", author=" Ole ")
    states = repo.card_states(store, visit_id=visit_id)
    assert states["esg-02"].starred is True
    assert states["esg-02"].asked is False
    assert states["esg-03"].author == "Ole"
    repo.save_card(store, visit_id=visit_id, card_id="esg-02", starred=False)
    assert repo.card_states(store, visit_id=visit_id)["esg-02"].starred is False


def test_card_states_belong_to_their_visit(store: Store) -> None:
    one, two = new_visit(store), new_visit(store)
    repo.save_card(store, visit_id=one, card_id="opening-01", answer="Ja")
    assert repo.card_states(store, visit_id=two) == {}
    assert repo.card_record_id(one, "opening-01") != repo.card_record_id(two, "opening-01")
    assert repo.card_record_id(one, "opening-01") == repo.card_record_id(one, "opening-01")


def test_reopening_puts_starred_cards_first_in_pack_order(store: Store, pack_da: ContentPack) -> None:
    visit_id = new_visit(store)
    deck = pack_da.cards_in("esg")
    assert len(deck) >= 5
    for card in (deck[4], deck[1]):
        repo.save_card(store, visit_id=visit_id, card_id=card.id, starred=True)
    repo.save_card(store, visit_id=visit_id, card_id=deck[2].id, answer="Ja")
    states = repo.card_states(store, visit_id=visit_id)
    ordered = order_for_reopening(deck, states)
    rest = [c for c in deck if c not in (deck[1], deck[4])]
    assert ordered == [deck[1], deck[4], *rest]
    assert order_for_reopening(deck, {}) == deck
    progress = phase_progress(deck, states)
    assert (progress.asked, progress.total, progress.done) == (1, len(deck), False)
