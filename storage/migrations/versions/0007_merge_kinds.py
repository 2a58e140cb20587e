"""Merges that keep everyone's work, and nothing stranded across versions:

- a job opening's candidates sent become a counter per device ({device: count}); a count
  from before is kept as the entry "_" with its old stamp (domain/merge.py);
- a conflicting version says why it was kept (``reason``: concurrent or deleted);
- ``held_change``: what a pulled change carried that this version of the app does not
  understand yet (a field or a record type of a newer version), kept to be applied after
  an upgrade (guarantee 10);
- ``outbox.held``: why a waiting change is not sent for now (the server does not know
  its record type yet); it stays and is tried again later.

Revision ID: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.execute(
        "UPDATE opening SET candidates_sent = CASE WHEN candidates_sent = 0 THEN '{}' "
        "ELSE json_object('_', candidates_sent) END"
    )
    with op.batch_alter_table("opening") as batch:
        batch.alter_column("candidates_sent", type_=sa.JSON, existing_type=sa.Integer, server_default=None)
    with op.batch_alter_table("conflict") as batch:
        batch.add_column(sa.Column("reason", sa.String(16), nullable=False, server_default="concurrent"))
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("held", sa.String(64), nullable=False, server_default=""))
    op.create_table(
        "held_change",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("team", sa.String(36), nullable=False),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("base", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("held_change")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("held")
    with op.batch_alter_table("conflict") as batch:
        batch.drop_column("reason")
    op.execute(
        "UPDATE opening SET candidates_sent = (SELECT coalesce(sum(value), 0) FROM json_each(opening.candidates_sent))"
    )
    with op.batch_alter_table("opening") as batch:
        batch.alter_column("candidates_sent", type_=sa.Integer, existing_type=sa.JSON, server_default="0")
