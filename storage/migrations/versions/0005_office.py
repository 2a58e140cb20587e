"""The office's view: who did a visit (for outcomes per consultant) and when an opening
was made (for its age on the board). Openings made before this take their visit's date.

Revision ID: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    with op.batch_alter_table("visit") as batch:
        batch.add_column(sa.Column("consultant", sa.Text, nullable=False, server_default=""))
    with op.batch_alter_table("opening") as batch:
        batch.add_column(sa.Column("created", sa.String(10), nullable=False, server_default=""))
    op.execute(
        "UPDATE opening SET created = COALESCE((SELECT visit.date FROM visit WHERE visit.id = opening.visit_id), '')"
    )


def downgrade() -> None:
    with op.batch_alter_table("opening") as batch:
        batch.drop_column("created")
    with op.batch_alter_table("visit") as batch:
        batch.drop_column("consultant")
