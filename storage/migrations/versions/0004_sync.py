"""Sync: conflicting versions kept for a person, and changes the server refused.

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "conflict",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("team", sa.String(36), nullable=False, index=True),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("stamps", sa.JSON, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("entity", sa.String(32), nullable=False, server_default=""),
        sa.Column("record_id", sa.String(36), nullable=False, server_default="", index=True),
        sa.Column("field", sa.String(64), nullable=False, server_default=""),
        sa.Column("value", sa.Text, nullable=False, server_default=""),
        sa.Column("loser_hlc", sa.String(64), nullable=False, server_default=""),
        sa.Column("winner_hlc", sa.String(64), nullable=False, server_default=""),
        sa.Column("resolved", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "sync_rejected",
        sa.Column("op", sa.String(36), primary_key=True),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("hlc", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sync_rejected")
    op.drop_table("conflict")
