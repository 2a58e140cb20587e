"""Accounts, teams, memberships and devices: the service functions behind the admin API,
the console and ``python -m server`` (../shared/CONSOLE.md). Each change is audited in
the same transaction; the caller commits.

Usernames are matched by :func:`username_key` (trimmed, NFC, case-folded), so ``Ole`` and
``ole`` are one account. Passwords: at least 12 characters and not easy to guess, judged
by zxcvbn (its list of 30,000 common passwords, dictionaries, keyboard patterns, repeats
and dates; a score of 3 or more, "safely unguessable" against an online attack), with
the 20,000 most frequent Danish words (wordfreq) among its dictionaries and the site's
words (feltmappe, jobcenter, kommune, the username, the person's name, their teams'
names) as its user inputs; and not one such word with a year, digits or symbols around
it unless those alone make it very hard to guess (:func:`check_password`).
"""

from __future__ import annotations

import math
import threading
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session
from zxcvbn import matching, scoring, zxcvbn  # type: ignore[import-untyped]

from server import audit, packs
from server.delivery import forget_deliveries
from server.models import Audit, ConsoleSession, Consultant, Device, Membership, Team
from server.security import Limit, attempt_signin, hash_password, signin_succeeded, verify_password
from server.service import now_ms

ROLES = ("admin", "leader", "consultant")
MIN_PASSWORD = 12
MIN_ZXCVBN_SCORE = 3
ZXCVBN_MAX_LENGTH = 72  # zxcvbn refuses longer; past 72 characters a password is long enough
DANISH_WORDS = 20_000
SITE_WORDS = ("feltmappe", "jobcenter", "kommune")
# One word with a year, digits or symbols around it is what a guesser tries first (a word
# list times the common endings): those must then make it "very unguessable" on their own,
# zxcvbn's score-4 line of 10^10 guesses. Measured: Sommer2025!! is 1.5 * 10^8.
MIN_WORD_WITH_ENDING_GUESSES = 10**10
MAX_USERNAME = 100


class AccountError(Exception):
    """A change that cannot be made as asked; the message is a sentence for the person,
    ``reason`` a code an app can say in its own words (``password_too_short``,
    ``password_too_common``, ``password_wrong``, ``password_same``), or ""."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


class NotFound(AccountError):
    """The user, team or device named does not exist (or is not the caller's to see)."""


def clean_username(username: str) -> str:
    """``username`` trimmed and NFC-normalised, as it is stored and shown.
    Raises AccountError for an empty one, one over 100 characters, or one with control
    characters or inner spaces."""
    clean = unicodedata.normalize("NFC", username.strip())
    if not clean:
        raise AccountError("a username cannot be empty")
    if len(clean) > MAX_USERNAME:
        raise AccountError(f"a username has at most {MAX_USERNAME} characters")
    if any(unicodedata.category(c).startswith(("C", "Z")) for c in clean):
        raise AccountError("a username has no spaces or control characters")
    return clean


def username_key(username: str) -> str:
    """The form a username is matched by: trimmed, NFC-normalised, case-folded
    (``" Ole "`` and ``"ole"`` give ``"ole"``; ``"Straße"`` gives ``"strasse"``)."""
    return unicodedata.normalize("NFC", username.strip()).casefold()


@cache
def danish_words() -> tuple[str, ...]:
    """The DANISH_WORDS (20,000) most frequent Danish words, most frequent first, from
    wordfreq's list (about 0.1 s to import and load, so once per process, when a password
    is first checked)."""
    from wordfreq import top_n_list  # type: ignore[import-untyped]

    return tuple(top_n_list("da", DANISH_WORDS))


_zxcvbn_lock = threading.Lock()  # zxcvbn() keeps the user inputs in a module-level dict
_danish_added = False


def _zxcvbn(text: str, inputs: list[str]) -> dict[str, object]:
    """zxcvbn's answer for ``text`` with the Danish words among its dictionaries (added on
    first use) and ``inputs`` as the user inputs. Call with _zxcvbn_lock held."""
    global _danish_added
    if not _danish_added:
        matching.add_frequency_lists({"danish": list(danish_words())})
        _danish_added = True
    return dict(zxcvbn(text[:ZXCVBN_MAX_LENGTH], user_inputs=inputs, max_length=ZXCVBN_MAX_LENGTH))


def site_words(*, username: str = "", name: str = "", teams: Iterable[str] = ()) -> list[str]:
    """The words a guesser of this person's password tries first, most likely first: the
    username, the name and each of its words, each team's name and its words (3 letters or
    more), then SITE_WORDS; case-folded, without repeats."""
    found: list[str] = []
    for phrase in (username, name, *teams):
        phrase = unicodedata.normalize("NFC", phrase.strip()).casefold()
        parts = "".join(c if c.isalpha() else " " for c in phrase).split()
        found += [phrase, *(p for p in parts if len(p) >= 3)]
    found += SITE_WORDS
    return list(dict.fromkeys(w for w in found if w))


def _words_with_endings_guesses(password: str, inputs: list[str]) -> float | None:
    """When ``password`` is made only of dictionary words (zxcvbn's lists, the Danish words
    or ``inputs``, the person's own; in any case, l33t or reversed, repeated and in any
    order, run together or apart) with digits, symbols and spaces before, between or after
    them, the guesses of trying those words with every such filling: the product of each
    word's guesses and those of each stretch without letters, the least over the ways to
    read it so ("olsen-ole-olsen", "LeneLeder2026!", "Hundenavn123!"). None for anything
    else (a made-up word). Call with _zxcvbn_lock held, after :func:`_zxcvbn` set ``inputs``."""
    n = len(password)
    ending_at: dict[int, list[dict[str, Any]]] = {}
    for match in matching.omnimatch(password):
        if match["pattern"] == "dictionary":
            ending_at.setdefault(match["j"] + 1, []).append(match)
    if not ending_at:
        return None
    starts = {m["i"] for found in ending_at.values() for m in found}
    least = [math.inf] * (n + 1)  # least[k]: the guesses of reading password[:k] so
    least[0] = 1.0
    for j in range(1, n + 1):
        for match in ending_at.get(j, ()):
            guesses = least[match["i"]] * float(scoring.estimate_guesses(match, match["token"]))
            least[j] = min(least[j], guesses)
        if j == n or j in starts or password[j].isalpha():  # a stretch without letters ends here
            i = j
            while i > 0 and not password[i - 1].isalpha():
                i -= 1
                if least[i] < math.inf:
                    stretch = float(_zxcvbn(password[i:j], inputs)["guesses"])  # type: ignore[arg-type]
                    least[j] = min(least[j], least[i] * stretch)
    return least[n] if least[n] < math.inf else None


def check_password(password: str, *, username: str = "", name: str = "", teams: Sequence[str] = ()) -> None:
    """Raise AccountError with the reason unless ``password`` has 12 to 1000 characters,
    zxcvbn scores it 3 or more (not a common password, a keyboard run, a repeat, a date, a
    frequent Danish word, nor the person's :func:`site_words`: ``username``, ``name`` and
    each of its words, the names of their ``teams``, feltmappe, jobcenter, kommune), and it
    is not only such words with a year, digits or symbols around or between them
    (``Sommer2025!!``, ``Jobcenter2026``, ``olsen-ole-olsen`` for Ole Olsen) unless the
    whole is very hard to guess even so (:data:`MIN_WORD_WITH_ENDING_GUESSES`,
    :func:`_words_with_endings_guesses`).
    Reasons: ``password_too_short``, ``password_too_long``, ``password_too_common``. Takes
    a few milliseconds once the Danish list is loaded (the first call: about 0.2 s)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters", "password_too_short")
    if len(password) > 1000:
        raise AccountError("a password has at most 1000 characters", "password_too_long")
    inputs = site_words(username=username, name=name, teams=teams)
    with _zxcvbn_lock:
        score = _zxcvbn(password, inputs)["score"]
        words_with_endings = _words_with_endings_guesses(password[:ZXCVBN_MAX_LENGTH], inputs)
    if words_with_endings is not None and words_with_endings < MIN_WORD_WITH_ENDING_GUESSES:
        raise AccountError(
            "that password is one common word or name, or a few, with a year, digits or symbols added, "
            "which is what is guessed first: choose another, e.g. three unrelated words",
            "password_too_common",
        )
    if score < MIN_ZXCVBN_SCORE:  # type: ignore[operator]
        raise AccountError(
            "that password is on the list of common passwords or too easy to guess "
            "(a pattern, a repeat, a name or a date): choose another, e.g. three unrelated words",
            "password_too_common",
        )


def find_user(s: Session, username: str) -> Consultant | None:
    """The account whose username matches ``username`` by :func:`username_key`."""
    return s.scalars(select(Consultant).where(Consultant.username_key == username_key(username))).first()


def audit_name(s: Session, typed: str) -> str:
    """The name a sign-in attempt is audited under: the account's username when ``typed``
    matches one by :func:`username_key` (so " SØREN " is filed under "Søren", found by a
    search for the person), else what was typed, trimmed and NFC-normalised."""
    user = find_user(s, typed) if typed.strip() else None
    return user.username if user is not None else unicodedata.normalize("NFC", typed.strip())[:100]


def team_name(name: str) -> str:
    """A team's name as it is stored and shown: NFC-normalised, trimmed, each run of
    whitespace one space (``"  Team  Nord "`` is ``"Team Nord"``)."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def find_team(s: Session, ref: str) -> Team | None:
    """The team with id ``ref``, or else named ``ref`` as usernames are matched, runs of
    whitespace as one space (:func:`team_name`, case-folded: "NORD", " øst" and "Team  Nord"
    name "Nord", "Øst" and "Team Nord"; a name stored before spaces were collapsed is
    matched the same way). Compared in Python: a job centre has a handful of teams, and
    SQLite's lower() folds only ASCII."""
    by_id = s.get(Team, ref)
    if by_id is not None:
        return by_id
    key = team_name(ref).casefold()
    return next((team for team in s.scalars(select(Team)) if team_name(team.name).casefold() == key), None)


@dataclass
class Actor:
    """Who makes a change: a username or ``cli``, and the address it came from."""

    name: str
    address: str = ""
    extra: dict[str, str] = field(default_factory=dict)


CLI_ACTOR = Actor(audit.CLI)


def _audit(s: Session, actor: Actor, action: str, target: str = "", detail: str = "") -> None:
    audit.record(s, actor=actor.name, action=action, target=target, address=actor.address, detail=detail)


def create_team(s: Session, name: str, actor: Actor) -> Team:
    """A new team named ``name`` as :func:`team_name` stores it (trimmed, runs of
    whitespace one space), with the built-in content pack of each language published as
    its first versions (:func:`server.packs.add_built_in`). Raises AccountError if empty, over 200 characters or taken
    (:func:`find_team`: by case and spaces too)."""
    name = team_name(name)
    if not name:
        raise AccountError("a team needs a name")
    if len(name) > 200:
        raise AccountError("a team's name has at most 200 characters")
    if find_team(s, name) is not None:  # "nord" beside "Nord" would be two teams no one tells apart
        raise AccountError(f"a team named {name!r} exists already")
    team = Team(id=str(uuid.uuid4()), name=name)
    s.add(team)
    packs.add_built_in(s, team.id)  # every team starts from the built-in content pack
    _audit(s, actor, audit.TEAM_CREATE, f"team:{team.id}", f"name={name}")
    return team


def check_teams(role: str, teams: Sequence[Team]) -> None:
    """The one rule for a person without a team, wherever an account is made (the admin
    API, the console, the command line): a consultant or a team leader needs at least one
    team; an admin may have none. Raises AccountError otherwise."""
    if role != "admin" and not teams:
        raise AccountError("a consultant or a team leader needs at least one team; only an administrator may have none")


def _team_names(s: Session, user: Consultant) -> list[str]:
    return list(
        s.scalars(
            select(Team.name).join(Membership, Membership.team_id == Team.id).where(Membership.consultant_id == user.id)
        )
    )


def create_user(
    s: Session,
    *,
    username: str,
    password: str,
    actor: Actor,
    name: str = "",
    role: str = "consultant",
    teams: tuple[Team, ...] = (),
    must_change_password: bool = True,
) -> Consultant:
    """A new active account in ``teams``; a ``leader`` leads them (the leader flag of each
    membership, audited). ``must_change_password``: its owner chooses a new password at
    the first sign-in, as after a reset, since whoever made it knows this one (CONSOLE.md);
    False only for the operator on the command line making the first admin or their own
    account. Raises AccountError for a taken username (compared by :func:`username_key`),
    an unknown role, a consultant or leader in no team (:func:`check_teams`) or a weak
    password (:func:`check_password`)."""
    username = clean_username(username)
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    if find_user(s, username) is not None:
        raise AccountError(f"the username {username!r} is taken")
    check_teams(role, teams)
    name = (name or username).strip()[:200]
    check_password(password, username=username, name=name, teams=[team.name for team in teams])
    user = Consultant(
        id=str(uuid.uuid4()),
        username=username,
        username_key=username_key(username),
        name=name,
        password_hash=hash_password(password),
        role=role,
        active=True,
        must_change_password=must_change_password,
    )
    s.add(user)
    s.flush()
    _audit(s, actor, audit.USER_CREATE, f"user:{username}", f"role={role}")
    for team in teams:
        add_member(s, user, team, actor=actor, leader=role == "leader")
    return user


def add_member(s: Session, user: Consultant, team: Team, *, actor: Actor, leader: bool = False) -> str:
    """Put ``user`` in ``team`` (or set their leader flag there). A leader flag makes a
    consultant's role ``leader``. Their devices get the team's records at their next pull.
    Returns a sentence saying what was done."""
    membership = s.get(Membership, (user.id, team.id))
    if leader and user.role == "consultant":
        user.role = "leader"
        _audit(s, actor, audit.ROLE_CHANGE, f"user:{user.username}", "role=leader (leads a team)")
    if membership is not None:
        if membership.leader == leader:
            return f"{user.username} was in {team.name} already; leader: {'yes' if leader else 'no'}"
        membership.leader = leader
        _audit(s, actor, audit.MEMBER_ADD, f"team:{team.id}", f"user={user.username} leader={leader}")
        return f"{user.username} was in {team.name} already; leader: {'yes' if leader else 'no'}"
    s.add(Membership(consultant_id=user.id, team_id=team.id, leader=leader))
    forget_deliveries(s, consultant_id=user.id, team_id=team.id)
    _audit(s, actor, audit.MEMBER_ADD, f"team:{team.id}", f"user={user.username} leader={leader}")
    return f"{user.username} added to {team.name}{' as leader' if leader else ''}"


def remove_member(s: Session, user: Consultant, team: Team, *, actor: Actor) -> str:
    """Take ``user`` out of ``team``: from their next request their devices neither pull
    nor push its rows. Raises AccountError if they are not in it."""
    membership = s.get(Membership, (user.id, team.id))
    if membership is None:
        raise AccountError(f"{user.username} is not in {team.name}")
    s.delete(membership)
    forget_deliveries(s, consultant_id=user.id, team_id=team.id)
    _audit(s, actor, audit.MEMBER_REMOVE, f"team:{team.id}", f"user={user.username}")
    return f"{user.username} removed from {team.name}"


def revoke_devices(s: Session, user: Consultant) -> int:
    """End every device of ``user`` that still works, and every console session of theirs
    (a reset or a deactivation ends all access at once, whichever way it was made: the
    console, the admin API or the command line); returns how many devices."""
    s.execute(delete(ConsoleSession).where(ConsoleSession.consultant_id == user.id))
    result = s.execute(
        update(Device)
        .where(Device.consultant_id == user.id, Device.revoked_ms.is_(None))
        .values(revoked_ms=now_ms())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def reset_password(s: Session, user: Consultant, password: str, *, actor: Actor) -> int:
    """Set ``user``'s password for them (an admin, a leader or ``cli``): they must choose a
    new one at their next sign-in, and their devices are revoked (returns how many).
    Raises AccountError for a weak password."""
    check_password(password, username=user.username, name=user.name, teams=_team_names(s, user))
    user.password_hash = hash_password(password)
    user.must_change_password = actor.name != user.username
    revoked = revoke_devices(s, user)
    _audit(s, actor, audit.PASSWORD_RESET, f"user:{user.username}", f"devices_revoked={revoked}")
    return revoked


WRONG_CURRENT_LIMIT = 10
WRONG_CURRENT_WINDOW_MS = 15 * 60 * 1000


def change_own_password(s: Session, user: Consultant, old: str, new: str, *, actor: Actor) -> None:
    """``user`` changes their own password. Raises AccountError when ``old`` is wrong, the
    new one is weak or equal to the old, or after WRONG_CURRENT_LIMIT (10) wrong current
    passwords within 15 minutes (reason ``password_throttled``: a stolen token or an open
    console must not become a way to guess the password). A wrong current password is
    audited (``password_change_failed``) and committed at once, whatever the caller does
    next. Clears ``must_change_password``."""
    since = now_ms() - WRONG_CURRENT_WINDOW_MS
    failed = s.scalar(
        select(func.count())
        .select_from(Audit)
        .where(
            Audit.action == audit.PASSWORD_CHANGE_FAILED,
            Audit.target == f"user:{user.username}",
            Audit.at_ms >= since,
        )
    )
    if (failed or 0) >= WRONG_CURRENT_LIMIT:
        raise AccountError(
            "too many wrong current passwords: wait a quarter of an hour and try again", "password_throttled"
        )
    if not verify_password(user.password_hash, old):
        _audit(s, actor, audit.PASSWORD_CHANGE_FAILED, f"user:{user.username}")
        s.commit()
        raise AccountError("the current password is wrong", "password_wrong")
    if new == old:
        raise AccountError("the new password must differ from the current one", "password_same")
    check_password(new, username=user.username, name=user.name, teams=_team_names(s, user))
    user.password_hash = hash_password(new)
    user.must_change_password = False
    _audit(s, actor, audit.PASSWORD_CHANGE, f"user:{user.username}")


def update_user(
    s: Session,
    user: Consultant,
    *,
    actor: Actor,
    name: str | None = None,
    role: str | None = None,
    active: bool | None = None,
) -> None:
    """Change an account's name, role or whether it is active. Deactivating revokes all
    its devices at once and refuses its sign-ins. Raises AccountError for an unknown role
    or an empty name."""
    if name is not None:
        name = name.strip()
        if not name:
            raise AccountError("a name cannot be empty")
        if name != user.name:
            user.name = name[:200]
            _audit(s, actor, audit.USER_UPDATE, f"user:{user.username}", "name changed")
    if role is not None and role != user.role:
        if role not in ROLES:
            raise AccountError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
        _audit(s, actor, audit.ROLE_CHANGE, f"user:{user.username}", f"role={user.role}->{role}")
        user.role = role
    if active is not None and active != user.active:
        user.active = active
        if active:
            _audit(s, actor, audit.USER_ACTIVATE, f"user:{user.username}")
        else:
            revoked = revoke_devices(s, user)
            _audit(s, actor, audit.USER_DEACTIVATE, f"user:{user.username}", f"devices_revoked={revoked}")


def revoke_device(s: Session, device: Device, *, actor: Actor) -> None:
    """End ``device``'s access (its next request is 401); a revoked one stays revoked."""
    if device.revoked_ms is None:
        device.revoked_ms = now_ms()
    owner = s.get(Consultant, device.consultant_id)
    _audit(s, actor, audit.DEVICE_REVOKE, f"device:{device.id}", f"user={owner.username if owner else '?'}")


class SignInRefused(AccountError):
    """A sign-in refused: ``reason`` is ``throttled`` (a rate limit), ``wrong`` (unknown
    username or wrong password, never told apart) or ``account_deactivated``."""


def _throttle_audited(s: Session, name: str, address: str, limit: Limit) -> bool:
    """Whether a lock-out of ``name`` at ``address`` is already in the audit log within
    ``limit``'s window: a refused attempt checks no password, so a burst of a thousand is
    written once per lock-out (per username and address), not a thousand times."""
    since = now_ms() - limit.window_s * 1000
    found = s.scalar(
        select(Audit.id)
        .where(
            Audit.actor == name,
            Audit.action == audit.SIGN_IN_THROTTLED,
            Audit.address == address,
            Audit.at_ms >= since,
        )
        .limit(1)
    )
    return found is not None


def sign_in(
    s: Session,
    engine: Engine,
    limits: tuple[Limit, ...],
    *,
    username: str,
    password: str,
    address: str,
    target: str = "",
) -> Consultant:
    """The one sign-in check of the API's login and the console's form: count the attempt
    before the password is checked (:func:`server.security.attempt_signin`), find the
    account by :func:`username_key`, verify the password, refuse a deactivated account.
    A refusal is audited (``sign_in_throttled`` / ``sign_in_failed``, filed under the
    account's username when there is one; ``target`` says where: "" the API, "console")
    and committed, then raised as :class:`SignInRefused`; a lock-out only once per
    username and address within its limit's window (:func:`_throttle_audited`). Returns the account; the caller
    audits the sign-in itself with what it made (a device, a session)."""
    key = username_key(username)
    attempt = attempt_signin(engine, user_key=key, address=address, limits=limits)
    user = find_user(s, username) if key else None
    name = user.username if user is not None else audit_name(s, username)

    def refuse(action: str, reason: str, detail: str = "") -> SignInRefused:
        audit.record(s, actor=name, action=action, target=target, address=address, detail=detail)
        s.commit()
        return SignInRefused(reason, reason)

    if attempt.refused is not None:
        if _throttle_audited(s, name, address, attempt.refused):
            raise SignInRefused("throttled", "throttled")
        raise refuse(audit.SIGN_IN_THROTTLED, "throttled")
    if not verify_password(user.password_hash if user else None, password) or user is None:
        raise refuse(audit.SIGN_IN_FAILED, "wrong")
    signin_succeeded(engine, attempt, user_key=key, address=address)
    if not user.active:
        raise refuse(audit.SIGN_IN_FAILED, "account_deactivated", "deactivated")
    return user
