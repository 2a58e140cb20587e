"""Visit preparation fields and conversation-card answers.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    with op.batch_alter_table("visit") as batch:
        for name in ("megatrend_note", "partner_name", "partner_org"):
            batch.add_column(sa.Column(name, sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("megatrend", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("checklist", sa.JSON, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("script_variant", sa.String(32), nullable=False, server_default="without_news_hook"))
    op.create_table(
        "card",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("team", sa.String(36), nullable=False, index=True),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("stamps", sa.JSON, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("visit_id", sa.String(36), nullable=False, server_default=""),
        sa.Column("card_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("asked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("starred", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("answer", sa.Text, nullable=False, server_default=""),
        sa.Column("author", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_card_visit_id", "card", ["visit_id"])


def downgrade() -> None:
    op.drop_table("card")
    with op.batch_alter_table("visit") as batch:
        for name in ("megatrend_note", "partner_name", "partner_org", "megatrend", "checklist", "script_variant"):
            batch.drop_column(name)
