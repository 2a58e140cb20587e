"""The server's tables (SQLite or PostgreSQL). The schema itself comes from the Alembic
migrations in ``server/migrations``; a test checks that the two agree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text, false, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Team(Base):
    __tablename__ = "team"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Consultant(Base):
    """An account (CONSOLE.md calls it a user): a consultant, a team leader or an admin.
    ``username`` is kept as typed; ``username_key`` (trimmed, NFC, case-folded) is what a
    sign-in is matched by, unique."""

    __tablename__ = "consultant"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    username_key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16), default="consultant", server_default="consultant")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Membership(Base):
    __tablename__ = "membership"
    consultant_id: Mapped[str] = mapped_column(ForeignKey("consultant.id"), primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("team.id"), primary_key=True)
    leader: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Meta(Base):
    """Key/value facts about the database itself: ``epoch`` names its generation."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Device(Base):
    """A paired tablet. Only the SHA-256 of its token is kept; revoking ends its access."""

    __tablename__ = "device"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    consultant_id: Mapped[str] = mapped_column(ForeignKey("consultant.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    revoked_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # The last request made with the token, to the minute (a sync writes it once a minute).
    last_seen_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class DeviceTeam(Base):
    """Whether a device has been given a team's records. ``pending``: the team's current
    records are still to be served to it (from after ``(after_seq, after_entity,
    after_id)``, the order of ``ix_record_team_created``) before its normal changes; a
    device gets such a row when it first pulls with a cursor above 0 a team it has no row
    for (a new membership, a new login that kept its cursor)."""

    __tablename__ = "device_team"
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    pending: Mapped[bool] = mapped_column(Boolean)
    after_entity: Mapped[str] = mapped_column(String(32), default="", server_default="")
    after_id: Mapped[str] = mapped_column(String(36), default="", server_default="")
    after_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class Counter(Base):
    """The last change sequence number handed out. A push locks this row until it commits,
    so sequence numbers become visible in order and a puller never skips one."""

    __tablename__ = "counter"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class Change(Base):
    """Every accepted change, in the order pullers see them."""

    __tablename__ = "change"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    op: Mapped[str] = mapped_column(String(36), unique=True)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36))
    team: Mapped[str] = mapped_column(String(36))
    hlc: Mapped[str] = mapped_column(String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    base: Mapped[dict[str, str]] = mapped_column(JSON)
    device_id: Mapped[str] = mapped_column(String(36))
    received_ms: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_change_team_seq", "team", "seq"),)


class Record(Base):
    """The merged state of one record: what the merge rule compares incoming changes with."""

    __tablename__ = "record"
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    team: Mapped[str] = mapped_column(String(36))
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    stamps: Mapped[dict[str, str]] = mapped_column(JSON)
    # The seq of the change that created the record (0: made before migration s0003).
    # A team's records are delivered in this order, by an index new records are added at
    # the end of; one by (team, entity, id) took each at a random place (ids are random),
    # a page written per new record once the history is long.
    created_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    __table_args__ = (Index("ix_record_team_created", "team", "created_seq", "entity", "id"),)


class Blob(Base):
    """A photo, named by the SHA-256 of its bytes, readable by the teams that sent it."""

    __tablename__ = "blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)


class BlobTeam(Base):
    __tablename__ = "blob_team"
    sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(36), primary_key=True)


_ID = BigInteger().with_variant(Integer, "sqlite")  # SQLite numbers rows itself only in an INTEGER key


class Audit(Base):
    """One entry of the audit log (CONSOLE.md): who (``actor``: a username or ``cli``), what
    (``action``, ``target``), when (``at_ms``, Unix milliseconds), from which ``address``,
    and a ``detail`` that never holds note text or a password. Append-only: triggers
    refuse UPDATE and DELETE (migration s0004)."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    at_ms: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="", server_default="")
    address: Mapped[str] = mapped_column(String(64), default="", server_default="")
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (
        Index("ix_audit_at", "at_ms"),
        Index("ix_audit_actor_at", "actor", "at_ms"),
        Index("ix_audit_action_at", "action", "at_ms"),
        Index("ix_audit_target_at", "target", "at_ms"),
    )


class LoginAttempt(Base):
    """A sign-in attempt under one ``key`` (``user+address:…``, ``user:…``, ``address:…``),
    written before the password is checked; every server process counts the same rows."""

    __tablename__ = "login_attempt"
    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(300))
    at_ms: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_login_attempt_key_at", "key", "at_ms"),)


class ConsoleSession(Base):
    """A person signed in to the console (``/console/``). Only the SHA-256 of the session
    cookie's random id is kept; ``csrf`` is the token every changing form of that session
    must carry. Ends after 30 minutes without a request (``last_seen_ms``) or at sign-out;
    every server process reads the same rows."""

    __tablename__ = "console_session"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    consultant_id: Mapped[str] = mapped_column(ForeignKey("consultant.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_ms: Mapped[int] = mapped_column(BigInteger)
    last_seen_ms: Mapped[int] = mapped_column(BigInteger, index=True)


class PackVersion(Base):
    """One version of a team's content pack in one language (CONSOLE.md "Content packs").
    ``version`` numbers every team's versions in one sequence, so a number names one
    team's pack. ``published_at_ms`` is None for a draft; the team's current pack of a
    language is its version with the greatest ``published_at_ms`` (publishing an older
    version again is a rollback). ``body`` is the pack's JSON text exactly as served, its
    own ``"version"`` the number as a string; ``etag`` the first 32 hex digits of the
    body's SHA-256. ``by``: the author's username, ``cli`` or ``built-in``."""

    __tablename__ = "content_pack"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("team.id"))
    language: Mapped[str] = mapped_column(String(2))
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    by: Mapped[str] = mapped_column(String(100))
    at_ms: Mapped[int] = mapped_column(BigInteger)
    published_at_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    body: Mapped[str] = mapped_column(Text)
    etag: Mapped[str] = mapped_column(String(32))

    # The tablet's question, "the current pack of (team, language), and its etag", is one
    # range scan of this index (and on SQLite answered from it alone: a 304 reads no body).
    __table_args__ = (Index("ix_content_pack_current", "team_id", "language", "published_at_ms", "etag"),)
