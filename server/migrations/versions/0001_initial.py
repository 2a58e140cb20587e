"""Server schema: teams, consultants, devices, the change log, merged records, blobs.

Revision ID: s0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "team",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
    )
    op.create_table(
        "consultant",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("username", sa.String(100), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
    )
    op.create_table(
        "membership",
        sa.Column("consultant_id", sa.String(36), sa.ForeignKey("consultant.id"), primary_key=True),
        sa.Column("team_id", sa.String(36), sa.ForeignKey("team.id"), primary_key=True),
    )
    op.create_table(
        "device",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("consultant_id", sa.String(36), sa.ForeignKey("consultant.id"), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("revoked_ms", sa.BigInteger, nullable=True),
    )
    op.create_table(
        "counter",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(sa.table("counter", sa.column("name"), sa.column("value")), [{"name": "change", "value": 0}])
    op.create_table(
        "change",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("op", sa.String(36), nullable=False, unique=True),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("team", sa.String(36), nullable=False),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("base", sa.JSON, nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("received_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_change_team_seq", "change", ["team", "seq"])
    op.create_table(
        "record",
        sa.Column("entity", sa.String(32), primary_key=True),
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("team", sa.String(36), nullable=False),
        sa.Column("values", sa.JSON, nullable=False),
        sa.Column("stamps", sa.JSON, nullable=False),
    )
    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
    )
    op.create_table(
        "blob_team",
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blob.sha256"), primary_key=True),
        sa.Column("team_id", sa.String(36), primary_key=True),
    )


def downgrade() -> None:
    for table in ("blob_team", "blob", "record", "change", "counter", "device", "membership", "consultant", "team"):
        op.drop_table(table)
