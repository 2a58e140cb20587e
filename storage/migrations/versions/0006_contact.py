"""How to reach the people of a visit: a participant's phone and e-mail, printed under
"Kontakt os" in the reports. Participants made before this have neither.

Revision ID: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.add_column(sa.Column("phone", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("email", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.drop_column("email")
        batch.drop_column("phone")
