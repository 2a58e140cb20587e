"""Epoch, team leaders and per-device delivery of a team's records.

- ``meta``: key/value pairs of the database itself; ``epoch`` names its generation (a
  UUID made here, and made again by ``python -m server restore``).
- ``membership.leader``: a team's leader (for the coming console).
- ``device_team``: which of its teams' records a device has been given. A device pulling a
  team it has no row for with a cursor above 0 is given the team's current records first,
  paged by ``(after_entity, after_id)``; ``pending`` false means delivered.
- an index on ``record (team, entity, id)`` for that paging.

Revision ID: s0002
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "s0002"
down_revision = "s0001"


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    meta = sa.table("meta", sa.column("key"), sa.column("value"))
    op.bulk_insert(meta, [{"key": "epoch", "value": str(uuid.uuid4())}])
    with op.batch_alter_table("membership") as batch:
        batch.add_column(sa.Column("leader", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "device_team",
        sa.Column("device_id", sa.String(36), sa.ForeignKey("device.id"), primary_key=True),
        sa.Column("team_id", sa.String(36), primary_key=True),
        sa.Column("pending", sa.Boolean, nullable=False),
        sa.Column("after_entity", sa.String(32), nullable=False, server_default=""),
        sa.Column("after_id", sa.String(36), nullable=False, server_default=""),
    )
    # Devices that exist now have been given their teams' records through the change log.
    op.execute(
        "INSERT INTO device_team (device_id, team_id, pending, after_entity, after_id) "
        "SELECT device.id, membership.team_id, false, '', '' FROM device "
        "JOIN membership ON membership.consultant_id = device.consultant_id"
    )
    op.create_index("ix_record_team_key", "record", ["team", "entity", "id"])


def downgrade() -> None:
    op.drop_index("ix_record_team_key", "record")
    op.drop_table("device_team")
    with op.batch_alter_table("membership") as batch:
        batch.drop_column("leader")
    op.drop_table("meta")
