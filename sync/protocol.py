"""The shapes of ../shared/SYNC.md as pydantic models, shared by the app and the server.

Pure data: no I/O. A change carries one or more fields of one record, stamped with the
hybrid logical clock; ``base`` holds the stamps of the values the edit replaced, so the
receiver can tell concurrent text edits apart from sequential ones.
"""

from __future__ import annotations

import math
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sync.clock import STAMP


class Change(BaseModel):
    model_config = ConfigDict(extra="forbid")

    op: UUID
    entity: str = Field(min_length=1, max_length=32, pattern=r"^[a-z_]+$")
    id: UUID
    team: UUID
    hlc: str
    fields: dict[str, Any] = Field(min_length=1)
    base: dict[str, str] = Field(default_factory=dict)

    @field_validator("hlc")
    @classmethod
    def _stamp(cls, value: str) -> str:
        if not STAMP.match(value):
            raise ValueError("hlc must read <13-digit Unix ms>-<4-digit hex counter>-<device id>")
        return value

    @field_validator("fields", "base")
    @classmethod
    def _plain_json(cls, value: dict[str, Any]) -> dict[str, Any]:
        check_plain_json(value)
        return value


def check_plain_json(value: Any) -> None:
    """Refuse what Python's JSON reader takes but no JSON answer can carry back unchanged:
    NaN and infinities (not JSON at all), and strings that are no Unicode text (lone
    surrogates, from escapes such as "\\ud800"). Stored, either would break every later
    pull of the team, or come back as something else."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            check_text(item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise ValueError("numbers must be finite (no NaN or Infinity)")
        elif isinstance(item, dict):
            for key, inner in item.items():
                check_text(key)
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)


def check_text(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode (no lone surrogates)") from None


# What each synced record carries, and of what kind: "text" is free text typed by a person
# (concurrent edits of it are kept as conflicting versions), "str" a short code, id or
# date, then "bool", "int", "float" and "json" (lists and objects).
ENTITY_FIELDS: dict[str, dict[str, str]] = {
    "company": {
        "name": "text",
        "cvr": "str",
        "address": "text",
        "industry": "text",
        "website": "text",
        "contact_name": "text",
        "contact_phone": "text",
        "contact_email": "text",
        "earlier_cooperation": "text",
    },
    "visit": {
        "company_id": "str",
        "date": "str",
        "content_version": "str",
        "megatrend": "str",
        "megatrend_note": "text",
        "partner_name": "text",
        "partner_org": "text",
        "checklist": "json",
        "script_variant": "str",
        "recognition": "json",
        "closing_checklist": "json",
        "cvs_wanted": "int",
        "start_wish": "text",
        "skills_required": "text",
        "accommodations_possible": "text",
        "consultant": "text",
    },
    "card": {
        "visit_id": "str",
        "card_id": "str",
        "asked": "bool",
        "starred": "bool",
        "answer": "text",
        "author": "str",
    },
    "participant": {
        "visit_id": "str",
        "name": "text",
        "organisation": "text",
        "role": "str",
        "phone": "text",
        "email": "text",
    },
    "note": {"visit_id": "str", "field": "str", "text": "text", "author": "str", "internal": "bool"},
    "task": {
        "visit_id": "str",
        "area": "text",
        "title": "text",
        "done_by": "text",
        "hours": "float",
        "level": "int",
        "green": "str",
        "accommodations": "json",
        "accommodation_note": "text",
        "photo": "str",
        "author": "str",
        "position_id": "str",
    },
    "position": {"visit_id": "str", "title": "text", "author": "str"},
    "position_task": {
        "position_id": "str",
        "visit_id": "str",
        "title": "text",
        "hours": "float",
        "other_profile": "bool",
        "task_id": "str",
    },
    "social": {"visit_id": "str", "area_id": "str", "status": "str", "evidence": "text", "author": "str"},
    "opening": {
        "visit_id": "str",
        "company_id": "str",
        "title": "text",
        "task_ids": "json",
        "hours": "float",
        "accommodations": "json",
        "requirements": "text",
        "owner": "text",
        "status": "str",
        "candidates_sent": "int",
        "author": "str",
        "created": "str",
    },
    "hire": {
        "opening_id": "str",
        "visit_id": "str",
        "kind": "str",
        "start_date": "str",
        "note": "text",
        "author": "str",
    },
    "followup": {
        "visit_id": "str",
        "opening_id": "str",
        "hire_id": "str",
        "kind": "str",
        "title": "text",
        "owner": "text",
        "due": "str",
        "done": "bool",
        "done_note": "text",
        "author": "str",
    },
    # Made by the server when two tablets changed the same text without seeing each
    # other's change: the losing value, kept for a person to resolve.
    "conflict": {
        "entity": "str",
        "record_id": "str",
        "field": "str",
        "value": "text",
        "loser_hlc": "str",
        "winner_hlc": "str",
        "resolved": "bool",
    },
}
DELETED = "_deleted"
