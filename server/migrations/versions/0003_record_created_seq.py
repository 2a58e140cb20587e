"""A team's records delivered in the order they were made, by an index that grows at its end.

``ix_record_team_key (team, entity, id)`` took each new record at a random place (ids are
random UUIDs): once a server holds a long history, every record a push creates dirtied its
own index page, written to the WAL and checkpointed (on PostgreSQL, to the WAL as a full
page after each checkpoint). A push to a server holding 200,000 records wrote some 1,950
SQLite pages per batch of 500 notes, where one holding 10,000 wrote 250; this index was
some 700 of them.

- ``record.created_seq``: the ``seq`` of the change that created the record on this
  server, 0 for records made before this migration (they keep their old order among
  themselves, by ``(entity, id)``).
- ``device_team.after_seq``: with ``after_entity`` and ``after_id``, where a device's
  delivery of a team's records has got to; 0 keeps a delivery under way where it was.
- ``ix_record_team_created (team, created_seq, entity, id)`` replaces
  ``ix_record_team_key``: new records land at the end of their team's range.

Revision ID: s0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0003"
down_revision = "s0002"


def upgrade() -> None:
    with op.batch_alter_table("record") as batch:
        batch.add_column(sa.Column("created_seq", sa.BigInteger, nullable=False, server_default="0"))
    with op.batch_alter_table("device_team") as batch:
        batch.add_column(sa.Column("after_seq", sa.BigInteger, nullable=False, server_default="0"))
    op.drop_index("ix_record_team_key", "record")
    op.create_index("ix_record_team_created", "record", ["team", "created_seq", "entity", "id"])


def downgrade() -> None:
    op.drop_index("ix_record_team_created", "record")
    op.create_index("ix_record_team_key", "record", ["team", "entity", "id"])
    with op.batch_alter_table("device_team") as batch:
        batch.drop_column("after_seq")
    with op.batch_alter_table("record") as batch:
        batch.drop_column("created_seq")
