"""The whole visit: participants, notes, tasks, positions, social profile, closing,
openings, hires and follow-ups.

Revision ID: 0003
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text, nullable=False, server_default="")


def _ref(name: str, index: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(36), nullable=False, server_default="", index=index)


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean, nullable=False, server_default=sa.false())


def _synced(table: str, *columns: sa.Column[Any]) -> None:
    op.create_table(
        table,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("team", sa.String(36), nullable=False, index=True),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("stamps", sa.JSON, nullable=False),
        _flag("deleted"),
        *columns,
    )


def upgrade() -> None:
    with op.batch_alter_table("visit") as batch:
        batch.add_column(sa.Column("recognition", sa.JSON, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("closing_checklist", sa.JSON, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("cvs_wanted", sa.Integer, nullable=False, server_default="0"))
        for name in ("start_wish", "skills_required", "accommodations_possible"):
            batch.add_column(_text(name))

    _synced(
        "participant",
        _ref("visit_id", index=True),
        _text("name"),
        _text("organisation"),
        sa.Column("role", sa.String(8), nullable=False, server_default="other"),
    )
    _synced(
        "note",
        _ref("visit_id", index=True),
        sa.Column("field", sa.String(32), nullable=False, server_default="general"),
        _text("text"),
        _text("author"),
        _flag("internal"),
    )
    _synced(
        "task",
        _ref("visit_id", index=True),
        _text("area"),
        _text("title"),
        _text("done_by"),
        sa.Column("hours", sa.Float, nullable=False, server_default="0"),
        sa.Column("level", sa.Integer, nullable=False, server_default="1"),
        sa.Column("green", sa.String(64), nullable=False, server_default=""),
        sa.Column("accommodations", sa.JSON, nullable=False, server_default="[]"),
        _text("accommodation_note"),
        sa.Column("photo", sa.String(64), nullable=False, server_default=""),
        _text("author"),
        _ref("position_id"),
    )
    _synced("position", _ref("visit_id", index=True), _text("title"), _text("author"))
    _synced(
        "position_task",
        _ref("position_id", index=True),
        _ref("visit_id", index=True),
        _text("title"),
        sa.Column("hours", sa.Float, nullable=False, server_default="0"),
        _flag("other_profile"),
        _ref("task_id"),
    )
    _synced(
        "social",
        _ref("visit_id", index=True),
        sa.Column("area_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False, server_default=""),
        _text("evidence"),
        _text("author"),
    )
    _synced(
        "opening",
        _ref("visit_id", index=True),
        _ref("company_id", index=True),
        _text("title"),
        sa.Column("task_ids", sa.JSON, nullable=False, server_default="[]"),
        sa.Column("hours", sa.Float, nullable=False, server_default="0"),
        sa.Column("accommodations", sa.JSON, nullable=False, server_default="[]"),
        _text("requirements"),
        _text("owner"),
        sa.Column("status", sa.String(32), nullable=False, server_default="open"),
        sa.Column("candidates_sent", sa.Integer, nullable=False, server_default="0"),
        _text("author"),
    )
    _synced(
        "hire",
        _ref("opening_id", index=True),
        _ref("visit_id", index=True),
        sa.Column("kind", sa.String(16), nullable=False, server_default=""),
        sa.Column("start_date", sa.String(10), nullable=False, server_default=""),
        _text("note"),
        _text("author"),
    )
    _synced(
        "followup",
        _ref("visit_id", index=True),
        _ref("opening_id"),
        _ref("hire_id"),
        sa.Column("kind", sa.String(16), nullable=False, server_default="followup"),
        _text("title"),
        _text("owner"),
        sa.Column("due", sa.String(10), nullable=False, server_default="", index=True),
        _flag("done"),
        _text("done_note"),
        _text("author"),
    )


def downgrade() -> None:
    for table in ("followup", "hire", "opening", "social", "position_task", "position", "task", "note", "participant"):
        op.drop_table(table)
    with op.batch_alter_table("visit") as batch:
        for name in (
            "recognition",
            "closing_checklist",
            "cvs_wanted",
            "start_wish",
            "skills_required",
            "accommodations_possible",
        ):
            batch.drop_column(name)
