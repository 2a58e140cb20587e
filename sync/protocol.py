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

from domain.clock import STAMP
from domain.merge import DELETED
from domain.schema import ENTITY_FIELDS


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


# The record types and their fields are domain knowledge the tablet's storage shares.
__all__ = ["DELETED", "ENTITY_FIELDS", "Change", "check_plain_json", "check_text"]
