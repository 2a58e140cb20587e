"""The console's sign-in sessions (``console_session``), shared by every server process.

- ``id_hash``: the SHA-256 of the session cookie's random id (the id itself is never
  stored); ``csrf``: the token the session's forms carry; ``last_seen_ms``: its last
  request (30 minutes idle ends it).

Revision ID: s0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0005"
down_revision = "s0004"


def upgrade() -> None:
    op.create_table(
        "console_session",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("consultant_id", sa.String(36), sa.ForeignKey("consultant.id"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("last_seen_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_console_session_consultant_id", "console_session", ["consultant_id"])
    op.create_index("ix_console_session_last_seen_ms", "console_session", ["last_seen_ms"])


def downgrade() -> None:
    op.drop_table("console_session")
