"""SQLAlchemy models of the local database.

Every synced record has a client-made UUID ``id``, the ``team`` that owns it, the
per-field clock stamps ``stamps`` ({field: hlc}) that the merge rule compares, ``hlc``
(the greatest of them) and ``deleted``. The schema itself is made by the Alembic
migrations in ``storage/migrations``; a test checks that the two agree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, Index, Integer, String, Text
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
    # Why it is not sent for now ("unknown_entity": the server does not know its record
    # type yet); such a change stays and is tried again after the app starts again.
    held: Mapped[str] = mapped_column(String(64), default="")

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
    recognition: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    closing_checklist: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    cvs_wanted: Mapped[int] = mapped_column(Integer, default=0)
    start_wish: Mapped[str] = mapped_column(Text, default="")
    skills_required: Mapped[str] = mapped_column(Text, default="")
    accommodations_possible: Mapped[str] = mapped_column(Text, default="")
    consultant: Mapped[str] = mapped_column(Text, default="")  # who made the visit, for outcomes

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


class Participant(Synced):
    """Someone taking part in a visit: a consultant, a partner, a school's teacher."""

    __tablename__ = "participant"
    visit_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    name: Mapped[str] = mapped_column(Text, default="")
    organisation: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(8), default="other")
    phone: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(Text, default="")


class Note(Synced):
    """A note taken during a visit, on a bubble-sheet field or in general."""

    __tablename__ = "note"
    visit_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    field: Mapped[str] = mapped_column(String(32), default="general")
    text: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")
    internal: Mapped[bool] = mapped_column(Boolean, default=False)


class Task(Synced):
    """A task spotted on the walk-around (or freed from a full-time position)."""

    __tablename__ = "task"
    visit_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    area: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    done_by: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    level: Mapped[int] = mapped_column(Integer, default=1)
    green: Mapped[str] = mapped_column(String(64), default="")
    accommodations: Mapped[list[str]] = mapped_column(JSON, default=list)
    accommodation_note: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[str] = mapped_column(String(64), default="")
    author: Mapped[str] = mapped_column(Text, default="")
    position_id: Mapped[str] = mapped_column(String(36), default="")


class Position(Synced):
    """A full-time position looked at as a bundle of tasks."""

    __tablename__ = "position"
    visit_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")


class PositionTask(Synced):
    __tablename__ = "position_task"
    position_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    visit_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    other_profile: Mapped[bool] = mapped_column(Boolean, default=False)
    task_id: Mapped[str] = mapped_column(String(36), default="")


class SocialItem(Synced):
    """One of the eight social areas for the company seen on one visit."""

    __tablename__ = "social"
    visit_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    area_id: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")


class Opening(Synced):
    """A job opening made from tasks, visible to the whole team."""

    __tablename__ = "opening"
    visit_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    company_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    task_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    accommodations: Mapped[list[str]] = mapped_column(JSON, default=list)
    requirements: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(32), default="open")
    # A counter: {device id: that device's count}; a person sees the sum
    # (domain.merge.counter_total), so counts from two tablets add up.
    candidates_sent: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    author: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[str] = mapped_column(String(10), default="")  # ISO date, for its age


class Hire(Synced):
    """Someone started on an opening: supported or ordinary employment, or education."""

    __tablename__ = "hire"
    opening_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    visit_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    kind: Mapped[str] = mapped_column(String(16), default="")
    start_date: Mapped[str] = mapped_column(String(10), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")


class FollowUp(Synced):
    """Something someone must do by a date: a follow-up agreed at closing, or aftercare."""

    __tablename__ = "followup"
    visit_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    opening_id: Mapped[str] = mapped_column(String(36), default="")
    hire_id: Mapped[str] = mapped_column(String(36), default="")
    kind: Mapped[str] = mapped_column(String(16), default="followup")
    title: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(Text, default="")
    due: Mapped[str] = mapped_column(String(10), index=True, default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")


class Conflict(Synced):
    """A text value that lost to a concurrent edit on another tablet, kept for a person
    to resolve (made by the server, resolved on any tablet)."""

    __tablename__ = "conflict"
    entity: Mapped[str] = mapped_column(String(32), default="")
    record_id: Mapped[str] = mapped_column(String(36), index=True, default="")
    field: Mapped[str] = mapped_column(String(64), default="")
    value: Mapped[str] = mapped_column(Text, default="")
    loser_hlc: Mapped[str] = mapped_column(String(64), default="")
    winner_hlc: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(String(16), default="concurrent")  # or "deleted"
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class HeldChange(Base):
    """What a pulled change carried that this version of the app does not understand yet
    (a field or a record type of a newer version): kept, re-sent after a server restore,
    and applied once an upgrade knows it (guarantee 10)."""

    __tablename__ = "held_change"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36))
    team: Mapped[str] = mapped_column(String(36))
    hlc: Mapped[str] = mapped_column(String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    base: Mapped[dict[str, str]] = mapped_column(JSON)


class ReceivedPack(Base):
    """A content pack version the server published for a team and this tablet received
    (issue 12). Kept for good, never deleted: a visit names the version it was prepared
    with (``Visit.content_version``). ``version`` is the server's number as text ("7");
    ``body`` the pack's JSON text as received, ``etag`` the ETag it came with (unquoted).
    The built-in pack ("2026.1") is never stored here: it is the app's own file."""

    __tablename__ = "content_pack"
    version: Mapped[str] = mapped_column(String(40), primary_key=True)
    team: Mapped[str] = mapped_column(String(36))
    language: Mapped[str] = mapped_column(String(2))
    etag: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    received_at_ms: Mapped[int] = mapped_column(BigInteger)


class RejectedChange(Base):
    """A change the server refused for what it says; kept and shown, never dropped."""

    __tablename__ = "sync_rejected"
    op: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(64))


ENTITIES: dict[str, type[Synced]] = {
    "company": Company,
    "visit": Visit,
    "card": CardAnswer,
    "participant": Participant,
    "note": Note,
    "task": Task,
    "position": Position,
    "position_task": PositionTask,
    "social": SocialItem,
    "opening": Opening,
    "hire": Hire,
    "followup": FollowUp,
    "conflict": Conflict,
}
"""Synced record types by the entity name used in changes."""

LOCAL_ONLY_COLUMNS = {"name_folded"}
"""Columns derived on the tablet and never sent."""
