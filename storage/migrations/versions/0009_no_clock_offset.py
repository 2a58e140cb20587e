"""The local state ``clock_offset`` is gone: the hybrid logical clock's correction from
the server's time lives for the process (a correction learnt before a restart stamped
every edit wrong once the device clock was set right, SYNC.md guarantee 9), so nothing
reads or writes the entry any more. Tablets that kept one drop it.

Revision ID: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    op.get_bind().execute(sa.text("DELETE FROM local_state WHERE key = 'clock_offset'"))


def downgrade() -> None:
    pass  # an older app reads a missing offset as none
