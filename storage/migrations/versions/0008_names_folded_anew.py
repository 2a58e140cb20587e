"""Company names are searched in one form: ``company.name_folded`` made again with
``domain.text.fold`` (composed, case-folded, without invisible characters, every space a
plain one). Before, it was the name case-folded as typed, so a name pasted with a
decomposed letter ("A" + U+030A for "Å") or a zero-width space was never found by
searching "århus". The column is local (never synced), so nothing is sent again.

Revision ID: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from domain.text import fold

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name, name_folded FROM company")).all()
    changed = [{"id": r.id, "folded": fold(r.name or "")} for r in rows if fold(r.name or "") != r.name_folded]
    if changed:
        conn.execute(sa.text("UPDATE company SET name_folded = :folded WHERE id = :id"), changed)


def downgrade() -> None:
    pass  # the folded form is a fine search key for the older app as well
