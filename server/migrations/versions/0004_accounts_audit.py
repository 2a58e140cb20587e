"""Accounts with roles, device last-seen, the audit log and a shared sign-in counter
(../shared/CONSOLE.md).

- ``consultant.username_key``: the username trimmed, NFC-normalised and case-folded
  (``server.accounts.username_key``), unique: ``Ole`` and ``ole`` are one account. Two
  accounts an older server let in under one key keep working: the later ones get the key
  ``<key>#<first 8 characters of their id>`` (they sign in by that) and are listed by
  ``python -m server list-users``.
- ``consultant.role`` (``admin``, ``leader``, ``consultant``), ``active``,
  ``must_change_password`` (set by a reset).
- ``device.last_seen_ms``: the last request made with the device's token (kept to the
  minute, so a sync writes it at most once a minute).
- ``audit``: append-only; triggers refuse UPDATE and DELETE on SQLite and PostgreSQL, and
  TRUNCATE on PostgreSQL.
- ``login_attempt``: sign-in attempts per key (username and address, username, address),
  counted before the password is checked, shared by every server process.

Revision ID: s0004
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "s0004"
down_revision = "s0003"


def _key(username: str) -> str:
    return unicodedata.normalize("NFC", username.strip()).casefold()


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("consultant") as batch:
        batch.add_column(sa.Column("username_key", sa.String(100), nullable=True))
        batch.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="consultant"))
        batch.add_column(sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()))
        batch.add_column(sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()))
    consultant = sa.table("consultant", sa.column("id"), sa.column("username"), sa.column("username_key"))
    taken: set[str] = set()
    for row in bind.execute(sa.select(consultant.c.id, consultant.c.username).order_by(consultant.c.id)).all():
        key = _key(row.username)
        if key in taken:
            key = f"{key}#{row.id[:8]}"
        taken.add(key)
        bind.execute(sa.update(consultant).where(consultant.c.id == row.id).values(username_key=key))
    with op.batch_alter_table("consultant") as batch:
        batch.alter_column("username_key", existing_type=sa.String(100), nullable=False)
        batch.create_unique_constraint("uq_consultant_username_key", ["username_key"])
    with op.batch_alter_table("device") as batch:
        batch.add_column(sa.Column("last_seen_ms", sa.BigInteger, nullable=True))
    op.create_table(
        "audit",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(200), nullable=False, server_default=""),
        sa.Column("address", sa.String(64), nullable=False, server_default=""),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_audit_at", "audit", ["at_ms"])
    op.create_index("ix_audit_actor_at", "audit", ["actor", "at_ms"])
    op.create_index("ix_audit_action_at", "audit", ["action", "at_ms"])
    op.create_index("ix_audit_target_at", "audit", ["target", "at_ms"])
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_login_attempt_key_at", "login_attempt", ["key", "at_ms"])
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
            "FOR EACH ROW EXECUTE FUNCTION audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_no_{event.lower()} BEFORE {event} ON audit "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_no_truncate ON audit")
        op.execute("DROP TRIGGER audit_append_only ON audit")
        op.execute("DROP FUNCTION audit_append_only()")
    op.drop_table("login_attempt")
    op.drop_table("audit")
    with op.batch_alter_table("device") as batch:
        batch.drop_column("last_seen_ms")
    with op.batch_alter_table("consultant") as batch:
        batch.drop_constraint("uq_consultant_username_key", type_="unique")
        batch.drop_column("must_change_password")
        batch.drop_column("active")
        batch.drop_column("role")
        batch.drop_column("username_key")
