"""The audit log of ../shared/CONSOLE.md: who did what to which target, when, from where.

Append-only (the database refuses UPDATE and DELETE, migration s0004). An entry never
holds note text or a password: ``detail`` is a short sentence or a few ``key=value``
facts the caller chooses (counts, a role, a device name).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.models import Audit
from server.service import now_ms

CLI = "cli"
"""The actor of a change made with ``python -m server`` on the server itself."""
SERVER = "server"
"""The actor of what the server does by its own rules (a token ended after idling)."""

# The actions, as written in ``audit.action``. One entry per event of CONSOLE.md's list.
SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in_failed"
SIGN_IN_THROTTLED = "sign_in_throttled"
SIGN_OUT = "sign_out"
PASSWORD_CHANGE = "password_change"
PASSWORD_CHANGE_FAILED = "password_change_failed"
PASSWORD_RESET = "password_reset"
USER_CREATE = "user_create"
USER_UPDATE = "user_update"
ROLE_CHANGE = "role_change"
USER_DEACTIVATE = "user_deactivate"
USER_ACTIVATE = "user_activate"
TEAM_CREATE = "team_create"
MEMBER_ADD = "member_add"
MEMBER_REMOVE = "member_remove"
DEVICE_REVOKE = "device_revoke"
REVOKED_TOKEN_USED = "revoked_token_used"
FORBIDDEN = "forbidden"
CONTENT_CREATE = "content_create"
CONTENT_REPLACE = "content_replace"
CONTENT_PUBLISH = "content_publish"

ACTIONS = (
    SIGN_IN,
    SIGN_IN_FAILED,
    SIGN_IN_THROTTLED,
    SIGN_OUT,
    PASSWORD_CHANGE,
    PASSWORD_CHANGE_FAILED,
    PASSWORD_RESET,
    USER_CREATE,
    USER_UPDATE,
    ROLE_CHANGE,
    USER_DEACTIVATE,
    USER_ACTIVATE,
    TEAM_CREATE,
    MEMBER_ADD,
    MEMBER_REMOVE,
    DEVICE_REVOKE,
    REVOKED_TOKEN_USED,
    FORBIDDEN,
    CONTENT_CREATE,
    CONTENT_REPLACE,
    CONTENT_PUBLISH,
)


@dataclass(frozen=True)
class Entry:
    """One audit entry as the admin API answers it (``at_ms``: Unix milliseconds)."""

    at_ms: int
    actor: str
    action: str
    target: str
    address: str
    detail: str

    def answer(self) -> dict[str, str | int]:
        return {
            "at_ms": self.at_ms,
            "actor": self.actor,
            "action": self.action,
            "target": self.target,
            "address": self.address,
            "detail": self.detail,
        }


def record(s: Session, *, actor: str, action: str, target: str = "", address: str = "", detail: str = "") -> None:
    """Add an entry to ``s`` (committed with the change it describes, or on its own by the
    caller). Texts are cut to their columns' lengths; ``action`` must be one of ACTIONS
    (ValueError otherwise)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    s.add(
        Audit(
            at_ms=now_ms(),
            actor=actor[:100],
            action=action,
            target=target[:200],
            address=address[:64],
            detail=detail[:2000],
        )
    )


def query(
    s: Session,
    *,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    since_ms: int | None = None,
    until_ms: int | None = None,
    limit: int = 200,
    within: tuple[list[str], list[str]] | None = None,
) -> list[Entry]:
    """Entries matching every filter given (``since_ms`` inclusive, ``until_ms``
    exclusive, Unix milliseconds), newest first, at most ``limit``; with ``within`` =
    (actors, targets), only entries made by one of the actors or about one of the targets
    (a team leader's view). Uses the indexes ``(actor|action|target, at_ms)``: one
    person's month out of a million entries is an index range (bench
    ``audit_query_1m_ms``)."""
    q = select(Audit)
    if within is not None:
        actors, targets = within
        q = q.where(or_(Audit.actor.in_(actors or [""]), Audit.target.in_(targets or [""])))
    if actor:
        q = q.where(Audit.actor == actor)
    if action:
        q = q.where(Audit.action == action)
    if target:
        q = q.where(Audit.target == target)
    if since_ms is not None:
        q = q.where(Audit.at_ms >= since_ms)
    if until_ms is not None:
        q = q.where(Audit.at_ms < until_ms)
    rows = s.scalars(q.order_by(Audit.at_ms.desc(), Audit.id.desc()).limit(limit)).all()
    return [Entry(r.at_ms, r.actor, r.action, r.target, r.address, r.detail) for r in rows]
