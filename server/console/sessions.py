"""The console's sign-in sessions, kept in the database (table ``console_session``) so
every server process sharing it knows them.

The cookie holds a random 256-bit id; the table holds only its SHA-256, the account, the
session's CSRF token and when it was last used. A session unused for :data:`IDLE_MS`
(30 minutes) is over: the next request finds it gone.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete
from sqlalchemy.orm import Session

from server.models import ConsoleSession
from server.service import now_ms

COOKIE = "feltmappe_console"
"""The session cookie (``HttpOnly``, ``SameSite=Strict``, ``Secure`` over HTTPS)."""
SIGNIN_COOKIE = "feltmappe_console_signin"
"""The sign-in form's CSRF token, sent back as a hidden field (before a session exists)."""
IDLE_MS = 30 * 60 * 1000
TOUCH_STEP_MS = 15_000
"""``last_seen_ms`` is written at most this often: a page's requests cost one write."""


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def new_token() -> str:
    """A random 256-bit token, URL-safe (a session id or a CSRF token)."""
    return secrets.token_urlsafe(32)


def same_token(given: str | None, expected: str | None) -> bool:
    """Whether two tokens are equal, in constant time; an empty one never matches."""
    return bool(given) and bool(expected) and secrets.compare_digest(str(given), str(expected))


def start(s: Session, *, consultant_id: str) -> str:
    """A new session for the account (added to ``s``, the caller commits); returns the id
    for the cookie. Sessions idle past the limit are removed on the way."""
    now = now_ms()
    s.execute(delete(ConsoleSession).where(ConsoleSession.last_seen_ms < now - IDLE_MS))
    session_id = new_token()
    s.add(
        ConsoleSession(
            id_hash=_hash(session_id), consultant_id=consultant_id, csrf=new_token(), created_ms=now, last_seen_ms=now
        )
    )
    return session_id


def find(s: Session, session_id: str | None) -> tuple[ConsoleSession | None, bool]:
    """The live session of ``session_id`` (its ``last_seen_ms`` moved to now, not yet
    committed), and whether one existed but had idled out (it is then deleted)."""
    if not session_id:
        return None, False
    row = s.get(ConsoleSession, _hash(session_id))
    if row is None:
        return None, False
    now = now_ms()
    if now - row.last_seen_ms > IDLE_MS:
        s.delete(row)
        return None, True
    if now - row.last_seen_ms >= TOUCH_STEP_MS:
        row.last_seen_ms = now
    return row, False


def end(s: Session, session_id: str | None) -> None:
    """Remove the session of ``session_id`` (sign-out); the caller commits."""
    if session_id:
        s.execute(delete(ConsoleSession).where(ConsoleSession.id_hash == _hash(session_id)))
