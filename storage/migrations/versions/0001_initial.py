"""Initial local schema: state, outbox, companies and visits.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def _synced_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("team", sa.String(36), nullable=False, index=True),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("stamps", sa.JSON, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
    ]


def upgrade() -> None:
    op.create_table(
        "local_state",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("op", sa.String(36), nullable=False, unique=True),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("team", sa.String(36), nullable=False),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("base", sa.JSON, nullable=False),
        sa.Column("in_flight", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_outbox_record", "outbox", ["entity", "record_id"])
    op.create_table(
        "company",
        *_synced_columns(),
        *[
            sa.Column(name, sa.Text, nullable=False, server_default="")
            for name in (
                "name",
                "address",
                "industry",
                "website",
                "contact_name",
                "contact_phone",
                "contact_email",
                "earlier_cooperation",
                "name_folded",
            )
        ],
        sa.Column("cvr", sa.String(8), nullable=False, server_default=""),
    )
    op.create_index("ix_company_name_folded", "company", ["name_folded"])
    op.create_table(
        "visit",
        *_synced_columns(),
        sa.Column("company_id", sa.String(36), nullable=False, server_default=""),
        sa.Column("date", sa.String(10), nullable=False, server_default=""),
        sa.Column("content_version", sa.String(40), nullable=False, server_default=""),
    )
    op.create_index("ix_visit_company_id", "visit", ["company_id"])
    op.create_index("ix_visit_date", "visit", ["date", "hlc"])


def downgrade() -> None:
    for table in ("visit", "company", "outbox", "local_state"):
        op.drop_table(table)
