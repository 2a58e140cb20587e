"""The contract's field list and the tablet's tables describe the same records."""

from __future__ import annotations

from storage.db import synced_fields
from storage.models import ENTITIES
from sync.protocol import ENTITY_FIELDS


def test_every_local_record_type_is_in_the_contract_with_the_same_fields() -> None:
    for entity, model in ENTITIES.items():
        assert entity in ENTITY_FIELDS, entity
        assert list(ENTITY_FIELDS[entity]) == synced_fields(model), entity


def test_the_required_entities_of_sync_md_exist() -> None:
    for entity, fields in {
        "company": ("name", "cvr"),
        "visit": ("company_id", "date"),
        "note": ("visit_id", "text", "author"),
        "task": ("visit_id", "title", "level"),
        "opening": (),
        "followup": (),
    }.items():
        assert set(fields) <= set(ENTITY_FIELDS[entity])
