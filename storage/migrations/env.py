"""Alembic environment: runs on the connection :func:`storage.db.migrate` hands over, inside
the one transaction it has begun (DDL included), so an upgrade is applied whole or not at all."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True, transactional_ddl=True, transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
