"""Content packs on the server (../shared/CONSOLE.md "Content packs"): every version of a
team's pack per language in ``content_pack`` (:class:`server.models.PackVersion`), drafts
checked with the app's own model (:func:`domain.content.parse_pack`), publishing and
rollback, and what a tablet is served at ``GET /api/v1/content``.

Each team starts from the built-in pack: when a team is made (:func:`add_built_in`,
called by ``server.accounts.create_team``) and, for teams made before, by migration s0006.
The built-in pack is the app's ``assets/content/pack.<language>.json``, read once per
process (:func:`built_in`), never per request; a caller in no team is served it as it
is, with the file's own ``"version"`` (``"2026.1"``), which is the version a tablet's own
built-in pack has.

No roles here: ``server.content_admin`` decides who may call what, and audits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.content import ContentPackError, parse_pack
from server.models import PackVersion, Team
from server.service import now_ms

BUILT_IN_DIR = Path(__file__).resolve().parent.parent / "assets" / "content"
LANGUAGES = ("da", "en")
BUILT_IN_BY = "built-in"
"""``by`` of the versions every team starts from."""
MAX_VERSION = 2**31 - 1  # the column is a 32-bit integer on PostgreSQL


class Refused(Exception):
    """A draft that cannot be stored or changed: ``status`` 422 (``detail``:
    ``"<place>: <problem>"``, the place inside the pack) or 409 (a published version)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class Served:
    """A pack as a tablet is answered: its ``version`` (the number as text, or the
    built-in file's own), ``etag`` (32 hex digits, unquoted), and ``body`` (the JSON text)
    when it is at hand, else None: :func:`body_of` reads it by ``row`` only when the
    tablet's copy is not current (a 304 reads no body)."""

    version: str
    etag: str
    body: str | None = None
    row: int | None = None


def etag_of(body: str) -> str:
    """The first 32 hex digits of the SHA-256 of ``body`` (UTF-8)."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]


def _text(pack: dict[str, Any], version: str) -> str:
    return json.dumps({**pack, "version": version}, ensure_ascii=False)


@cache
def built_in(language: str) -> Served:
    """The app's own pack of ``language`` ("da" or "en"), read from BUILT_IN_DIR at the
    first call in this process and kept. Raises OSError or ValueError when the file is
    missing or not JSON (a broken installation)."""
    pack = json.loads((BUILT_IN_DIR / f"pack.{language}.json").read_text(encoding="utf-8"))
    body = _text(pack, str(pack["version"]))
    return Served(str(pack["version"]), etag_of(body), body)


def _add(
    s: Session, *, team_id: str, language: str, pack: dict[str, Any], by: str, note: str, published_at_ms: int | None
) -> PackVersion:
    now = now_ms()
    row = PackVersion(
        team_id=team_id,
        language=language,
        note=note,
        by=by,
        at_ms=now,
        published_at_ms=published_at_ms,
        body="",
        etag="",
    )
    s.add(row)
    s.flush()  # the number, from the table's sequence, then the body that carries it
    row.body = _text(pack, str(row.version))
    row.etag = etag_of(row.body)
    return row


def add_built_in(s: Session, team_id: str) -> None:
    """Publish the built-in pack of every language as the team's first versions (by
    ``built-in``), in ``s``'s transaction; the caller commits."""
    s.flush()  # a team just added first: the versions refer to it
    for language in LANGUAGES:
        pack = json.loads(built_in(language).body or "{}")
        _add(s, team_id=team_id, language=language, pack=pack, by=BUILT_IN_BY, note="", published_at_ms=now_ms())


def check(pack: object, language: str) -> dict[str, Any]:
    """``pack`` (a parsed JSON value) made a draft of ``language``: its ``"language"``
    set (or refused when it says another), its ``"version"`` left to the server, and
    checked with the app's model. Returns the pack as it will be stored (the author's own
    keys and order). Raises :class:`Refused` (422) naming the place and the problem,
    ``cards[3].phase: unknown phase 'x' (card 'y')``."""
    if not isinstance(pack, dict):
        raise Refused(422, "pack: must be a JSON object, the whole pack (as pack.da.json is)")
    said = pack.get("language", language)
    if said != language:
        raise Refused(422, f"language: the pack says {said!r}, but this draft is for {language!r}")
    ready = {**pack, "version": "0", "language": language}
    try:
        parse_pack(json.dumps(ready, ensure_ascii=False), file="pack")
    except ContentPackError as refused:
        raise Refused(422, f"{refused.place}: {refused.problem}") from None
    return ready


def create_draft(s: Session, *, team_id: str, language: str, pack: object, note: str, by: str) -> PackVersion:
    """A new draft of the team's pack in ``language`` (checked by :func:`check`; raises
    :class:`Refused`), by the username ``by``; the caller commits."""
    ready = check(pack, language)
    return _add(s, team_id=team_id, language=language, pack=ready, by=by, note=note, published_at_ms=None)


def replace_draft(s: Session, row: PackVersion, *, pack: object, note: str | None) -> None:
    """Put ``pack`` (checked) in place of a draft's, and ``note`` unless None. Raises
    :class:`Refused`: 409 for a published version (it is what tablets hold), 422 for a
    pack :func:`check` refuses."""
    if row.published_at_ms is not None:
        raise Refused(
            409,
            f"version {row.version} is published and stays as tablets received it: "
            "make a new draft (POST /api/v1/admin/content) instead",
        )
    ready = check(pack, row.language)
    row.body = _text(ready, str(row.version))
    row.etag = etag_of(row.body)
    if note is not None:
        row.note = note


def publish(s: Session, row: PackVersion) -> None:
    """Make ``row`` its team's current pack of its language (a draft, or an older version
    again: a rollback): its ``published_at_ms`` is now, and always after the current one's,
    so two publications in one millisecond keep their order."""
    latest = s.scalar(
        select(func.max(PackVersion.published_at_ms)).where(
            PackVersion.team_id == row.team_id, PackVersion.language == row.language
        )
    )
    row.published_at_ms = max(now_ms(), (latest or 0) + 1)


def _current(language: str) -> Any:
    return (
        select(PackVersion.version, PackVersion.etag)
        .where(PackVersion.language == language, PackVersion.published_at_ms.is_not(None))
        .order_by(PackVersion.published_at_ms.desc())
        .limit(1)
    )


def current(s: Session, *, teams: Collection[str], language: str, team: str | None = None) -> Served:
    """What a tablet of a person in ``teams`` is served for ``language``: the current pack
    of ``team`` (one of ``teams``), or of the first of ``teams`` by name, or the built-in
    one when ``teams`` is empty or that team has published none. One indexed query; the
    body is not read (:func:`body_of`)."""
    if team is None and len(teams) == 1:
        team = next(iter(teams))
    if team is not None:
        q = _current(language).where(PackVersion.team_id == team)
    elif teams:
        first = select(Team.id).where(Team.id.in_(sorted(teams))).order_by(Team.name).limit(1).scalar_subquery()
        q = _current(language).where(PackVersion.team_id == first)
    else:
        return built_in(language)
    found = s.execute(q).first()
    if found is None:
        return built_in(language)
    return Served(str(found.version), found.etag, row=found.version)


def exact(s: Session, *, teams: Collection[str], version: str) -> Served | None:
    """The published version named ``version`` (a number) if it is of one of ``teams``,
    or the built-in pack whose own version it is; None otherwise (a draft, another
    team's, no such version)."""
    if version.isascii() and version.isdigit() and 0 < int(version) <= MAX_VERSION:
        found = s.execute(
            select(PackVersion.version, PackVersion.etag).where(
                PackVersion.version == int(version),
                PackVersion.team_id.in_(sorted(teams) or [""]),
                PackVersion.published_at_ms.is_not(None),
            )
        ).first()
        return Served(str(found.version), found.etag, row=found.version) if found else None
    return next((built_in(lang) for lang in LANGUAGES if built_in(lang).version == version), None)


def body_of(s: Session, served: Served) -> str:
    """The JSON text of ``served``, read from its row when it was not at hand."""
    if served.body is not None:
        return served.body
    return str(s.scalar(select(PackVersion.body).where(PackVersion.version == served.row)))


def listing(s: Session, team_ids: Collection[str] | None) -> list[dict[str, Any]]:
    """The versions of ``team_ids`` (None: every team), newest first, as the admin API
    lists them: ``{"version", "team", "language", "status": "draft"|"published", "note",
    "by", "at_ms", "published_at_ms", "current"}``; ``current``: the team's pack of that
    language now. The bodies are not read."""
    q = select(
        PackVersion.version,
        PackVersion.team_id,
        PackVersion.language,
        PackVersion.note,
        PackVersion.by,
        PackVersion.at_ms,
        PackVersion.published_at_ms,
    ).order_by(PackVersion.version.desc())
    if team_ids is not None:
        q = q.where(PackVersion.team_id.in_(sorted(team_ids) or [""]))
    rows = s.execute(q).all()
    latest: dict[tuple[str, str], tuple[int, int]] = {}
    for r in rows:
        if r.published_at_ms is not None:
            key = (r.team_id, r.language)
            latest[key] = max(latest.get(key, (-1, -1)), (r.published_at_ms, r.version))
    return [
        {
            "version": r.version,
            "team": r.team_id,
            "language": r.language,
            "status": "draft" if r.published_at_ms is None else "published",
            "note": r.note,
            "by": r.by,
            "at_ms": r.at_ms,
            "published_at_ms": r.published_at_ms,
            "current": r.published_at_ms is not None and latest.get((r.team_id, r.language), (-1, -1))[1] == r.version,
        }
        for r in rows
    ]


def answer(row: PackVersion, current: bool) -> dict[str, Any]:
    """One version as ``GET /api/v1/admin/content/{version}`` answers it: the listing's
    fields and ``"pack"``, the pack as served."""
    return {
        "version": row.version,
        "team": row.team_id,
        "language": row.language,
        "status": "draft" if row.published_at_ms is None else "published",
        "note": row.note,
        "by": row.by,
        "at_ms": row.at_ms,
        "published_at_ms": row.published_at_ms,
        "current": current,
        "pack": json.loads(row.body),
    }


def is_current(s: Session, row: PackVersion) -> bool:
    """Whether ``row`` is its team's current pack of its language."""
    if row.published_at_ms is None:
        return False
    found = s.execute(_current(row.language).where(PackVersion.team_id == row.team_id)).first()
    return found is not None and found.version == row.version
