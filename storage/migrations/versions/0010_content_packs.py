"""Content packs received from the server (issue 12): every version a team published that
this tablet was served, kept for good (a visit names the version it was prepared with in
``visit.content_version``), with the ETag it came with and its JSON text as received.
Which version is a team's current one lives in ``local_state`` (``content_current:…``).

Revision ID: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    op.create_table(
        "content_pack",
        sa.Column("version", sa.String(40), primary_key=True),
        sa.Column("team", sa.String(36), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("etag", sa.String(64), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("received_at_ms", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("content_pack")
