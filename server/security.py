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
    ``attempts`` within a minute, so guesses from many addresses are slowed; attempts
    refused by the first two never count under it (:func:`attempt_signin`), so one
    address cannot hold a named consultant locked out, and a lock-out at the ceiling ends
    a minute after the judged guesses stop."""
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
    """Count one sign-in attempt, committed *before* the password is checked, in the
    database every server process shares, and say whether a limit is now exceeded. The
    limits are taken in order, each in its own step; an attempt one of them refuses counts
    under none of them (every row it wrote is taken back) — so a guesser whose address is
    already refused adds nothing to the username's ceiling, and refused attempts (the
    consultant's own retries during a lock-out at the ceiling included) never prolong a
    lock-out nor start one at their own address. Of N attempts racing in parallel at most
    ``attempts`` of each limit pass: the k-th attempt to commit counts at least k rows. A right password takes its rows
    back (:func:`signin_succeeded`), so the limits count wrong guesses and attempts in
    flight."""
    now = time.time_ns() // 1_000_000
    keys = {"user+address": f"{user_key}|{address}", "address": address, "user": user_key}
    ids: list[int] = []
    with Session(engine, expire_on_commit=False) as s:
        for limit in limits:
            key = f"{limit.prefix}:{keys[limit.prefix]}"[:300]
            since = now - limit.window_s * 1000
            s.execute(delete(LoginAttempt).where(LoginAttempt.key == key, LoginAttempt.at_ms < since))
            row = LoginAttempt(key=key, at_ms=now)
            s.add(row)
            s.commit()
            counted = s.scalar(
                select(func.count())
                .select_from(LoginAttempt)
                .where(LoginAttempt.key == key, LoginAttempt.at_ms >= since)
            )
            if (counted or 0) > limit.attempts:
                # A refusal counts for nothing: under this limit nor the earlier ones.
                s.execute(delete(LoginAttempt).where(LoginAttempt.id.in_([*ids, row.id])))
                s.commit()
                return Attempt(limit, ())
            ids.append(row.id)
    return Attempt(None, tuple(ids))


def signin_succeeded(engine: Engine, attempt: Attempt, *, user_key: str, address: str) -> None:
    """Take back ``attempt``'s rows and forget this username's wrong guesses from this
    address (a success ends a run of typing mistakes); other counts stay."""
    with Session(engine) as s:
        s.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(attempt.ids)))
        s.execute(delete(LoginAttempt).where(LoginAttempt.key == f"user+address:{user_key}|{address}"[:300]))
        s.commit()
