"""SQLAlchemy models of the local database.

Every synced record has a client-made UUID ``id``, the ``team`` that owns it, the
per-field clock stamps ``stamps`` ({field: hlc}) that the merge rule compares, ``hlc``
(the greatest of them) and ``deleted``. The schema itself is made by the Alembic
migrations in ``storage/migrations``; a test checks that the two agree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class LocalState(Base):
    """Key-value facts of this installation: device id, local team, clock, language."""

    __tablename__ = "local_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OutboxEntry(Base):
    """A local change waiting to be pushed; removed only once the server accepted it."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op: Mapped[str] = mapped_column(String(36), unique=True)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36))
    team: Mapped[str] = mapped_column(String(36))
    hlc: Mapped[str] = mapped_column(String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    base: Mapped[dict[str, str]] = mapped_column(JSON)
    in_flight: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_outbox_record", "entity", "record_id"),)


class Synced(Base):
    """Columns every synced record has."""

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    team: Mapped[str] = mapped_column(String(36), index=True)
    hlc: Mapped[str] = mapped_column(String(64))
    stamps: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Company(Synced):
    __tablename__ = "company"
    name: Mapped[str] = mapped_column(Text, default="")
    cvr: Mapped[str] = mapped_column(String(8), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    industry: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(Text, default="")
    contact_phone: Mapped[str] = mapped_column(Text, default="")
    contact_email: Mapped[str] = mapped_column(Text, default="")
    earlier_cooperation: Mapped[str] = mapped_column(Text, default="")
    name_folded: Mapped[str] = mapped_column(Text, default="", index=True)


class Visit(Synced):
    __tablename__ = "visit"
    company_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    date: Mapped[str] = mapped_column(String(10), default="")
    content_version: Mapped[str] = mapped_column(String(40), default="")
    megatrend: Mapped[str] = mapped_column(String(32), default="")
    megatrend_note: Mapped[str] = mapped_column(Text, default="")
    partner_name: Mapped[str] = mapped_column(Text, default="")
    partner_org: Mapped[str] = mapped_column(Text, default="")
    checklist: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    script_variant: Mapped[str] = mapped_column(String(32), default="without_news_hook")

    __table_args__ = (Index("ix_visit_date", "date", "hlc"),)


class CardAnswer(Synced):
    """A conversation card in one visit: asked, starred, the company's answer.

    Its id is derived from (visit, card), so two tablets answering the same card edit
    the same record and the merge rule applies field by field.
    """

    __tablename__ = "card"
    visit_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    card_id: Mapped[str] = mapped_column(String(64), default="")
    asked: Mapped[bool] = mapped_column(Boolean, default=False)
    starred: Mapped[bool] = mapped_column(Boolean, default=False)
    answer: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")


ENTITIES: dict[str, type[Synced]] = {"company": Company, "visit": Visit, "card": CardAnswer}
"""Synced record types by the entity name used in changes."""

LOCAL_ONLY_COLUMNS = {"name_folded"}
"""Columns derived on the tablet and never sent."""
