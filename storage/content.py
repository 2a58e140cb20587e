"""The content packs a tablet works with: the built-in one, a municipality's own file, and
the versions its teams published on the server (issue 12).

The built-in packs live in ``assets/content/pack.<lang>.json``. A pack placed in the data
folder (``<data>/content/pack.<lang>.json``) replaces the built-in one; if it is broken,
the app keeps running on the built-in pack and shows the error, which names the file,
the place in it and the problem.

Versions received from the server (``sync.content`` fetches them) are kept in the
``content_pack`` table for good: a visit names the version it was prepared with
(``visit.content_version``) and :func:`pack_version` gives it back. Each team has a
current version per language (``local_state`` ``content_current:<team>:<language>``),
what :func:`current_pack` answers for visits prepared from now on. When a new version
changes what a team's current pack says, a one-time notice waits for the home screen
(:func:`content_notice`, :func:`clear_content_notice`).

What the screens use:

- ``current_pack(store, store.team_id, language, override_dir=...)``: the pack for a new
  visit (its ``.version`` goes into ``visit.content_version``);
- ``pack_version(store, visit.content_version, language, override_dir=...)``: an existing
  visit's own pack (None: not on this tablet yet, or unreadable; fall back to
  :func:`current_pack`);
- ``content_notice(store)`` / ``clear_content_notice(store)``: "Nyt indhold fra <team>:
  version N", once.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.content import ContentPack, ContentPackError, parse_pack
from storage.models import LocalState, ReceivedPack, Visit

if TYPE_CHECKING:
    from storage.db import Store

log = logging.getLogger(__name__)

BUILT_IN = Path(__file__).resolve().parent.parent / "assets" / "content"
LANGUAGES = ("da", "en")


@dataclass(frozen=True)
class LoadedPack:
    pack: ContentPack
    source: Path
    error: ContentPackError | None = None


def load_pack(language: str, *, override_dir: Path | None = None, built_in_dir: Path = BUILT_IN) -> LoadedPack:
    built_in = built_in_dir / f"pack.{language}.json"
    if override_dir is not None:
        custom = override_dir / f"pack.{language}.json"
        if custom.exists():
            try:
                return LoadedPack(read_pack(custom), custom)
            except ContentPackError as error:
                return LoadedPack(read_pack(built_in), built_in, error)
    return LoadedPack(read_pack(built_in), built_in)


def read_pack(path: Path) -> ContentPack:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentPackError(str(path), "(file)", f"cannot be read ({exc})") from exc
    return parse_pack(text, file=str(path))


# -- versions received from the server ---------------------------------------------------

CURRENT_PREFIX = "content_current:"
NOTICE_KEY = "content_notice"


@dataclass(frozen=True)
class ContentNotice:
    """What the home screen says once after a sync brought new content: "Nyt indhold fra
    <team>: version <version>" (the view words it). ``team`` is the team's name as the
    server gave it at login or the last pull; ``language`` the pack's."""

    team_id: str
    team: str
    version: str
    language: str


@dataclass(frozen=True)
class _Parsed:
    pack: ContentPack
    plain: bool  # says what the built-in pack of its language says (its version aside)


_lock = threading.Lock()
# Stored versions, parsed once per store and process (a version never changes on the
# server); None: the stored text is broken.
_parsed: weakref.WeakKeyDictionary[Store, dict[str, _Parsed | None]] = weakref.WeakKeyDictionary()
_fallbacks: dict[tuple[str, Path | None, Path, int | None], ContentPack] = {}


def bundled(language: str, *, built_in_dir: Path = BUILT_IN) -> ContentPack:
    """The app's own pack of ``language`` (the file's ``version``, "2026.1"), read once."""
    return _fallback(language, None, built_in_dir)


def _fallback(language: str, override_dir: Path | None, built_in_dir: Path = BUILT_IN) -> ContentPack:
    """What :func:`load_pack` gives (the override file if it is there and sound, else the
    built-in one), read again only when the override file changes."""
    custom = override_dir / f"pack.{language}.json" if override_dir is not None else None
    try:
        changed = custom.stat().st_mtime_ns if custom is not None else None
    except OSError:
        changed = None
    key = (language, override_dir if changed is not None else None, built_in_dir, changed)
    with _lock:
        found = _fallbacks.get(key)
    if found is None:
        found = load_pack(language, override_dir=key[1], built_in_dir=built_in_dir).pack
        with _lock:
            _fallbacks[key] = found
    return found


def _same(a: ContentPack, b: ContentPack) -> bool:
    """Whether two packs say the same, whatever their versions."""
    return a.model_dump(exclude={"version"}) == b.model_dump(exclude={"version"})


def _cache(store: Store) -> dict[str, _Parsed | None]:
    with _lock:
        return _parsed.setdefault(store, {})


def _stored(store: Store, version: str) -> _Parsed | None:
    """The stored version ``version`` parsed (from the cache after the first time); None
    when it is not stored or its text is broken (logged once)."""
    cache = _cache(store)
    if version in cache:
        return cache[version]
    with store.read() as s:
        row = s.get(ReceivedPack, version)
        body = row.body if row is not None else None
    if body is None:
        return None  # not cached: it may arrive with the next sync
    try:
        pack = parse_pack(body, file=f"content pack version {version}")
        parsed: _Parsed | None = _Parsed(pack, _same(pack, bundled(pack.language)))
    except ContentPackError as error:
        log.warning("a stored content pack cannot be used, the built-in one stands in: %s", error)
        parsed = None
    cache[version] = parsed
    return parsed


def pack_version(store: Store, version: str, language: str, *, override_dir: Path | None = None) -> ContentPack | None:
    """The pack of version ``version`` (a visit's ``content_version``): the built-in
    pack of ``language`` for its own version ("2026.1"), the municipality's own file (in
    ``override_dir``) for its version, else the version received from the server (in its
    own language: a number names one team's pack in one language), parsed once and kept
    in memory. None when this tablet does not hold that version (a visit prepared on
    another tablet whose version has not been fetched yet) or its stored text is broken."""
    own = _fallback(language, override_dir)
    if version == own.version:
        return own
    built_in = bundled(language)
    if version == built_in.version:
        return built_in
    parsed = _stored(store, version)
    return parsed.pack if parsed is not None else None


def current_pack(store: Store, team: str, language: str, *, override_dir: Path | None = None) -> ContentPack:
    """The pack of ``team`` (``store.team_id``: the tablet's own) in ``language`` for a
    visit prepared now: the version last received as the team's current one, else the
    fallback :func:`load_pack` gives (a municipality's own file in ``override_dir``, else
    the built-in pack). A received version that says only what the built-in pack says
    (the version every team starts from on the server) leaves an own file in force, as
    before packs came from the server."""
    current = store.get_state(_current_key(team, language))
    parsed = _stored(store, current) if current else None
    own = _fallback(language, override_dir)
    if parsed is None or (parsed.plain and not _same(own, bundled(language))):
        return own
    return parsed.pack


def _current_key(team: str, language: str) -> str:
    return f"{CURRENT_PREFIX}{team}:{language}"


def current_etags(store: Store) -> dict[tuple[str, str], str]:
    """The ETag of each team's current version, by (team, language), in one query: what a
    sync sends as ``If-None-Match``. A version known to be broken is left out, so that the
    server sends it whole again."""
    with store.read() as s:
        rows = s.execute(
            select(LocalState.key, ReceivedPack.version, ReceivedPack.etag)
            .join(ReceivedPack, ReceivedPack.version == LocalState.value)
            .where(LocalState.key.like(f"{CURRENT_PREFIX}%"))
        ).all()
    cache = _cache(store)
    out: dict[tuple[str, str], str] = {}
    for key, version, etag in rows:
        team, _, language = key.removeprefix(CURRENT_PREFIX).rpartition(":")
        if version in cache and cache[version] is None:
            continue
        out[(team, language)] = etag
    return out


def stored_versions(store: Store) -> set[str]:
    """Every version received and kept on this tablet."""
    with store.read() as s:
        return set(s.scalars(select(ReceivedPack.version)))


def missing_versions(store: Store) -> list[str]:
    """The server versions (numbers) that visits on this tablet were prepared with and that
    it does not hold: visits prepared on another tablet. One query."""
    with store.read() as s:
        found = s.scalars(
            select(Visit.content_version).where(Visit.content_version.not_in(select(ReceivedPack.version))).distinct()
        ).all()
    return sorted((v for v in found if v.isascii() and v.isdigit()), key=int)


def team_of_version(store: Store, version: str) -> str | None:
    """The team of a visit prepared with ``version`` (None: no such visit)."""
    with store.read() as s:
        return s.scalars(select(Visit.team).where(Visit.content_version == version).limit(1)).first()


def receive(
    store: Store,
    *,
    body: str,
    etag: str,
    team: str,
    language: str | None = None,
    current: bool = False,
    team_name: str = "",
) -> ContentPack:
    """Keep a pack version the server sent (``body``: its JSON text as received, ``etag``
    unquoted), checked first with the app's model. ``current``: it becomes ``team``'s
    current pack of its language, and when that changes what the team's current pack says
    the notice is set (``team_name`` in it). Keeping, making current and the notice are
    one local transaction: all or nothing.

    ``language``: the language it was asked for (None: whatever the pack says). The
    built-in version ("2026.1", served to a team with nothing published) is not stored:
    the app has it. Returns the pack.

    Raises :class:`ContentPackError` for a pack the app cannot use (broken JSON, a rule
    of the model, another language than asked for, a version equal to the built-in
    one's with other content); nothing is stored then."""
    pack = parse_pack(body, file="content pack from the server")
    if language is not None and pack.language != language:
        raise ContentPackError("content pack from the server", "language", f"is {pack.language!r}, not {language!r}")
    built_in = bundled(pack.language)
    if pack.version == built_in.version:
        if not _same(pack, built_in):
            raise ContentPackError("content pack from the server", "version", "the built-in version with other content")
        return pack
    before = current_pack(store, team, pack.language) if current else None
    with store.write() as s:
        _keep_in(s, pack=pack, body=body, etag=etag, team=team)
        if current:
            _make_current_in(s, team=team, language=pack.language, version=pack.version)
            assert before is not None
            if not _same(before, pack):
                _notice_in(s, ContentNotice(team, team_name, pack.version, pack.language))
    _cache(store)[pack.version] = _Parsed(pack, _same(pack, built_in))
    return pack


def _keep_in(s: Session, *, pack: ContentPack, body: str, etag: str, team: str) -> None:
    # merge, not insert: the same version again (a rollback) is the same text, and one
    # whose stored text was broken is mended.
    s.merge(
        ReceivedPack(
            version=pack.version,
            team=team,
            language=pack.language,
            etag=etag,
            body=body,
            received_at_ms=int(time.time() * 1000),
        )
    )


def _make_current_in(s: Session, *, team: str, language: str, version: str) -> None:
    s.merge(LocalState(key=_current_key(team, language), value=version))


def _notice_in(s: Session, notice: ContentNotice) -> None:
    s.merge(LocalState(key=NOTICE_KEY, value=json.dumps(notice.__dict__, ensure_ascii=False)))


def content_notice(store: Store) -> ContentNotice | None:
    """The notice the home screen shows once, or None; it stays until
    :func:`clear_content_notice`."""
    text = store.get_state(NOTICE_KEY)
    if not text:
        return None
    try:
        data: dict[str, Any] = json.loads(text)
        return ContentNotice(str(data["team_id"]), str(data["team"]), str(data["version"]), str(data["language"]))
    except (ValueError, KeyError, TypeError):
        return None


def clear_content_notice(store: Store) -> None:
    """The home screen has shown the notice: it is not shown again."""
    store.set_state(NOTICE_KEY, "")
