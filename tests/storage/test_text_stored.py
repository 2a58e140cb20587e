"""Text is stored and searched in one form: a name pasted with a decomposed letter ("A" and
a combining ring for "Å") is stored composed, found by searching "århus" however the search
is typed, and databases made before this are searchable too (migration 0008)."""

from __future__ import annotations

import json
import unicodedata
import uuid
from collections.abc import Iterator
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from domain.company import CompanyDraft
from storage import repo
from storage.db import Store
from storage.models import Company, OutboxEntry, Task, Visit

Form = Literal["NFC", "NFD"]
FORMS: list[Form] = ["NFC", "NFD"]
DECOMPOSED = "A\u030arhus Havn ApS"  # "Å" as "A" + U+030A, as some programs paste it


def test_a_decomposed_name_is_stored_composed_and_sent_composed(store: Store) -> None:
    company = repo.save_company(store, draft=CompanyDraft(name=DECOMPOSED, address="Havnegade 1, A\u030arhus"))
    with store.read() as s:
        row = s.get(Company, company)
        assert row is not None
        assert (row.name, row.address) == ("Århus Havn ApS", "Havnegade 1, Århus")
        outbox = s.scalars(select(OutboxEntry).where(OutboxEntry.record_id == company)).one()
        assert outbox.fields["name"] == "Århus Havn ApS"  # what other tablets receive


def test_every_string_a_save_writes_is_composed_nested_ones_too(store: Store) -> None:
    # The one write path normalises whatever it is given, not only what a form cleaned.
    store.save("company", "c1", {"name": "Bo\u0308rge"})
    store.save("visit", "v1", {"company_id": "c1", "date": "2026-11-30", "closing_checklist": {"ka\u030aret": True}})
    store.save("task", "t1", {"visit_id": "v1", "title": "Sa\u030ave", "accommodations": ["sta\u030astol"]})
    with store.read() as s:
        company, visit, task = s.get(Company, "c1"), s.get(Visit, "v1"), s.get(Task, "t1")
        assert company is not None and visit is not None and task is not None
        assert company.name == "Börge"
        assert visit.closing_checklist == {"kåret": True}
        assert (task.title, task.accommodations) == ("Såve", ["ståstol"])
        sent = [e.fields for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
    assert all(unicodedata.is_normalized("NFC", json.dumps(f, ensure_ascii=False)) for f in sent), sent


def test_saving_the_same_text_in_the_other_form_changes_nothing(store: Store) -> None:
    store.save("company", "c1", {"name": "Århus"})
    with store.read() as s:
        before = len(s.scalars(select(OutboxEntry)).all())
    store.save("company", "c1", {"name": "A\u030arhus"})
    with store.read() as s:
        assert len(s.scalars(select(OutboxEntry)).all()) == before


@pytest.mark.parametrize(
    "search", ["århus", "Århus", "ÅRHUS", "A\u030arhus", "a\u030aRHUS", "århus havn", "\u200bårhus"]
)
def test_a_pasted_decomposed_name_is_found_however_the_search_is_typed(store: Store, search: str) -> None:
    company = repo.save_company(store, draft=CompanyDraft(name=DECOMPOSED))
    visit = repo.create_visit(store, company_id=company, content_version="test")
    repo.save_company(store, draft=CompanyDraft(name="Aalborg Smedie"))
    assert repo.find_companies(store, search=search) == [(company, "Århus Havn ApS")]
    assert [v.id for v in repo.list_visits(store, search=search)] == [visit]


def test_a_name_with_a_no_break_space_is_found_with_a_plain_one(store: Store) -> None:
    company = repo.save_company(store, draft=CompanyDraft(name="Ærø\u00a0A/S"))
    assert repo.find_companies(store, search="ærø a/s") == [(company, "Ærø\u00a0A/S")]


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = Store(tmp_path_factory.mktemp("names") / "x.db")
    yield opened
    opened.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=40).filter(lambda n: n.strip()), form=st.sampled_from(FORMS))
def test_any_name_is_found_by_its_own_text_in_either_form(shared_store: Store, name: str, form: Form) -> None:
    company = str(uuid.uuid4())
    shared_store.save("company", company, {"name": unicodedata.normalize(form, name)})
    for search in (unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name), name.upper()):
        found = {cid for cid, _ in repo.find_companies(shared_store, search=search, limit=100_000)}
        assert company in found, search
