"""Content packs per team and language, versioned, draft or published (CONSOLE.md
"Content packs"; issue 12).

- ``content_pack``: one row per version; ``version`` one sequence for every team (a number
  names one team's pack), ``published_at_ms`` None for a draft, the current pack of a team
  and language the one with the greatest ``published_at_ms``; ``body`` the JSON text as
  served (its ``"version"`` the number as a string), ``etag`` the first 32 hex digits of
  its SHA-256.
- ``ix_content_pack_current (team_id, language, published_at_ms, etag)``: the tablet's
  "current pack, and its etag" is one range scan.
- Every existing team starts from the built-in pack: for each team and language, the
  app's ``assets/content/pack.<language>.json`` as it is when this migration runs,
  published by ``built-in``.

Revision ID: s0006
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "s0006"
down_revision = "s0005"

BUILT_IN = Path(__file__).resolve().parents[3] / "assets" / "content"
LANGUAGES = ("da", "en")


def upgrade() -> None:
    op.create_table(
        "content_pack",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.String(36), sa.ForeignKey("team.id"), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("note", sa.String(500), nullable=False, server_default=""),
        sa.Column("by", sa.String(100), nullable=False),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
        sa.Column("published_at_ms", sa.BigInteger, nullable=True),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("etag", sa.String(32), nullable=False),
    )
    op.create_index("ix_content_pack_current", "content_pack", ["team_id", "language", "published_at_ms", "etag"])
    bind = op.get_bind()
    teams = bind.execute(sa.text("SELECT id FROM team ORDER BY name")).scalars().all()
    if not teams:
        return
    packs = {lang: json.loads((BUILT_IN / f"pack.{lang}.json").read_text(encoding="utf-8")) for lang in LANGUAGES}
    table = sa.table(
        "content_pack",
        sa.column("version", sa.Integer),
        sa.column("team_id", sa.String),
        sa.column("language", sa.String),
        sa.column("note", sa.String),
        sa.column("by", sa.String),
        sa.column("at_ms", sa.BigInteger),
        sa.column("published_at_ms", sa.BigInteger),
        sa.column("body", sa.Text),
        sa.column("etag", sa.String),
    )
    now = int(time.time() * 1000)
    for team in teams:
        for lang in LANGUAGES:
            # The number comes from the table's own sequence (PostgreSQL's too), then the
            # body that carries it.
            version = bind.execute(
                sa.insert(table)
                .values(team_id=team, language=lang, note="", by="built-in", at_ms=now, published_at_ms=now)
                .values(body="", etag="")
                .returning(table.c.version)
            ).scalar_one()
            body = json.dumps({**packs[lang], "version": str(version)}, ensure_ascii=False)
            etag = hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]
            bind.execute(sa.update(table).where(table.c.version == version).values(body=body, etag=etag))


def downgrade() -> None:
    op.drop_index("ix_content_pack_current", "content_pack")
    op.drop_table("content_pack")
