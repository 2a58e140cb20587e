"""Map fields (``{item: value}``, merged per item: domain/merge.py) lose items as they gain
them: an item a person no longer chooses is saved as a tombstone (None) by the one write
path, so every other tablet drops it too, and the one map reader leaves tombstones out, so
no repository shows one. Table-driven over every map field of domain.schema.ENTITY_FIELDS."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from domain.company import CompanyDraft
from domain.schema import ENTITY_FIELDS
from storage import repo, visit_records
from storage.db import Store, map_items
from storage.models import ENTITIES, OutboxEntry

MAP_FIELDS = sorted((e, f) for e, fields in ENTITY_FIELDS.items() for f, kind in fields.items() if kind == "map")


def _checklist(store: Store, visit_id: str) -> dict[str, Any]:
    found = repo.get_visit(store, visit_id=visit_id)
    assert found is not None
    return found[1].checklist


# What a person is shown of each map field, through its repository.
SHOWN: dict[tuple[str, str], Callable[[Store, str], dict[str, Any]]] = {
    ("visit", "checklist"): _checklist,
    ("visit", "recognition"): lambda store, visit_id: visit_records.recognition(store, visit_id=visit_id),
    ("visit", "closing_checklist"): lambda store, visit_id: visit_records.closing(store, visit_id=visit_id).checklist,
}


def make_record(store: Store, entity: str) -> str:
    if entity == "visit":
        company = repo.save_company(store, draft=CompanyDraft(name="Tjekliste ApS"))
        return repo.create_visit(store, company_id=company, content_version="2026.1", on=date(2026, 3, 2))
    raise AssertionError(f"make a {entity} record here: it has a map field")  # pragma: no cover


def ship(source: Store, target: Store) -> list[dict[str, Any]]:
    """Hand what ``source`` queued to ``target`` as pulled changes (the server's merge is the
    same function); returns the changes, and empties ``source``'s outbox."""
    with source.write() as s:
        entries = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        changes = [
            {"entity": e.entity, "id": e.record_id, "team": e.team, "hlc": e.hlc, "fields": e.fields, "base": e.base}
            for e in entries
        ]
        for e in entries:
            s.delete(e)
    with target.write() as s:
        for change in changes:
            target.apply_remote_in(s, change)
    return changes


def read(store: Store, entity: str, record_id: str, field: str) -> dict[str, Any]:
    with store.read() as s:
        row = s.get(ENTITIES[entity], record_id)
        assert row is not None
        return map_items(row, field)


def test_every_map_field_is_shown_by_a_repository_here() -> None:
    assert MAP_FIELDS and set(SHOWN) == set(MAP_FIELDS)


@pytest.mark.parametrize(("entity", "field"), MAP_FIELDS)
def test_an_item_no_longer_chosen_is_gone_on_every_tablet(entity: str, field: str, tmp_path: Path) -> None:
    one, other = Store(tmp_path / "one.db"), Store(tmp_path / "other.db")
    try:
        record = make_record(one, entity)
        one.save(entity, record, {field: {"alpha": True, "beta": False}})
        ship(one, other)
        assert SHOWN[entity, field](other, record) == {"alpha": True, "beta": False}

        one.save(entity, record, {field: {"beta": False}})  # alpha is no longer chosen
        [sent] = ship(one, other)
        assert sent["fields"] == {field: {"alpha": None}}  # a tombstone, merged per item
        for store in (one, other):
            assert read(store, entity, record, field) == {"beta": False}
            assert SHOWN[entity, field](store, record) == {"beta": False}

        one.save(entity, record, {field: {"alpha": True, "beta": False}})  # chosen again
        ship(one, other)
        for store in (one, other):
            assert SHOWN[entity, field](store, record) == {"alpha": True, "beta": False}
    finally:
        one.close()
        other.close()


@pytest.mark.parametrize(("entity", "field"), MAP_FIELDS)
def test_a_tombstone_is_sent_once_and_not_again(entity: str, field: str, tmp_path: Path) -> None:
    store = Store(tmp_path / "one.db")
    try:
        record = make_record(store, entity)
        store.save(entity, record, {field: {"alpha": True}})
        store.save(entity, record, {field: {}})
        ship(store, store)
        store.save(entity, record, {field: {}})  # nothing chosen, as before: nothing to send
        assert ship(store, store) == []
        assert SHOWN[entity, field](store, record) == {}
    finally:
        store.close()
