"""The shapes of ../shared/SYNC.md as pydantic models, shared by the app and the server.

Pure data: no I/O. A change carries one or more fields of one record, stamped with the
hybrid logical clock; ``base`` holds the stamps of the values the edit replaced, so the
receiver can tell concurrent text edits apart from sequential ones.
"""

from __future__ import annotations

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
