"""Passwords (argon2), device tokens (random, stored hashed) and the sign-in rate limit,
counted in the database so every server process and restart shares it."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from server.models import LoginAttempt

_hasher = PasswordHasher()
# Verifying against this when the username is unknown keeps the answer time the same.
_DUMMY = _hasher.hash("not a password anyone has")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Limit:
    """At most ``attempts`` sign-in attempts under keys starting ``prefix`` per ``window_s``."""

    prefix: str
    attempts: int
    window_s: int


def signin_limits(attempts: int, window_s: int) -> tuple[Limit, Limit, Limit]:
    """The three limits of a sign-in (CONSOLE.md): ``attempts`` per username *and* address
    within ``window_s`` (the lock-out a guesser meets); five times as many per address (a
    whole office may share one); and a short global ceiling per username, three times
    ``attempts`` within a minute, so guesses from many addresses are slowed but a named
    consultant is never locked out for more than a minute after they stop."""
    return (
        Limit("user+address", attempts, window_s),
        Limit("address", attempts * 5, window_s),
        Limit("user", attempts * 3, 60),
    )


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt as counted: ``refused`` is the limit it went over (None: go on
    and check the password); ``ids`` are its rows, taken back if the password is right."""

    refused: Limit | None
    ids: tuple[int, ...]


def attempt_signin(engine: Engine, *, user_key: str, address: str, limits: tuple[Limit, ...]) -> Attempt:
    """Count one sign-in attempt under each limit's key, committed *before* the password
    is checked, in the database every server process shares, and say whether a limit is
    now exceeded. Of N attempts racing in parallel at most ``attempts`` pass: the k-th
    attempt to commit counts at least k rows. A right password takes its rows back
    (:func:`signin_succeeded`), so the limits count wrong guesses and attempts in flight."""
    now = time.time_ns() // 1_000_000
    keys = {"user+address": f"{user_key}|{address}", "address": address, "user": user_key}
    rows = []
    with Session(engine, expire_on_commit=False) as s:
        for limit in limits:
            key = f"{limit.prefix}:{keys[limit.prefix]}"[:300]
            s.execute(
                delete(LoginAttempt).where(LoginAttempt.key == key, LoginAttempt.at_ms < now - limit.window_s * 1000)
            )
            row = LoginAttempt(key=key, at_ms=now)
            s.add(row)
            rows.append((limit, key, row))
        s.commit()
        for limit, key, _row in rows:
            counted = s.scalar(
                select(func.count())
                .select_from(LoginAttempt)
                .where(LoginAttempt.key == key, LoginAttempt.at_ms > now - limit.window_s * 1000)
            )
            if (counted or 0) > limit.attempts:
                return Attempt(limit, tuple(r.id for _, _, r in rows))
    return Attempt(None, tuple(r.id for _, _, r in rows))


def signin_succeeded(engine: Engine, attempt: Attempt, *, user_key: str, address: str) -> None:
    """Take back ``attempt``'s rows and forget this username's wrong guesses from this
    address (a success ends a run of typing mistakes); other counts stay."""
    with Session(engine) as s:
        s.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(attempt.ids)))
        s.execute(delete(LoginAttempt).where(LoginAttempt.key == f"user+address:{user_key}|{address}"[:300]))
        s.commit()
