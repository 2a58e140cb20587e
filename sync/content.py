"""The content phase of a sync (issue 12): after push and pull, ask the server for each of
the tablet's own team's current pack in the language in use, and fetch the versions
that visits prepared on other tablets name.

- ``GET /api/v1/content?language=L&team=T`` with ``If-None-Match`` = the ETag of the
  team's current version here. A 304 costs one request and one local read: nothing is
  parsed or written. A 200 is checked with the app's model and kept, made current and
  announced in one local transaction (:func:`storage.content.receive`).
- ``GET /api/v1/content?version=N`` for every version named by a visit and not held here:
  kept, not made current, no notice.

Nothing here can lose or hold back a push or a pull: it runs after them, and a pack that
cannot be fetched or used is logged and left for the next sync (the tablet goes on with
what it has; the built-in pack at worst). Only :class:`Unauthorized` goes up, to be
handled as any refused login is (SYNC.md guarantee 9: nothing waiting is touched).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from domain.content import ContentPackError
from storage import content
from storage.db import Store
from sync.errors import ServerRefused, SyncError, Unauthorized
from sync.transport import Transport

log = logging.getLogger(__name__)

PATH = "/api/v1/content"


@dataclass
class ContentSync:
    """What the content phase remembers between syncs of one running app: the ETags of
    the built-in pack a team with nothing published is served (the built-in pack is not
    stored, so its ETag is kept here), and versions the server would not give (404)."""

    store: Store
    default_language: str = "da"  # the app's start language (Settings), until one is chosen in the app
    _built_in_etags: dict[tuple[str, str], str] = field(default_factory=dict)
    _refused_versions: set[str] = field(default_factory=set)
    _versions_due: bool = True

    def run(self, transport: Transport, *, pulled: int) -> int:
        """The whole phase; returns how many pack versions were received and kept.
        ``pulled``: changes the pull just brought from other devices (visits among them
        may name versions not held here). Raises only :class:`Unauthorized`."""
        received = 0
        try:
            received += self.check_teams(transport)
            if self._versions_due or pulled:
                self._versions_due = True  # until one look at the visits has gone through
                received += self.fetch_visit_versions(transport)
                self._versions_due = False
        except Unauthorized:
            raise
        except SyncError as error:  # no answer, a redirect: the next sync asks again
            log.info("content packs not checked: %s", error)
        except Exception:  # a fault of ours must not turn a good sync into a failed one
            log.exception("content packs not checked: unexpected fault")
        return received

    def teams(self) -> list[dict[str, str]]:
        """The teams whose current pack this tablet uses: its own (``store.team_id``, the
        team its new visits are made in), else every team the server named."""
        named: list[dict[str, str]] = list(json.loads(self.store.get_state("teams", "[]") or "[]"))
        own = [team for team in named if team.get("id") == self.store.team_id]
        return own or named

    def languages(self) -> list[str]:
        """The language a new visit is prepared in: the one chosen in the app, else the start
        language. One 304 per sync, not one per language the app carries; the other
        language's pack is asked for at the first sync after the consultant switches."""
        chosen = self.store.get_state("language") or self.default_language
        return [chosen] if chosen in content.LANGUAGES else ["da"]

    def check_teams(self, transport: Transport) -> int:
        """Ask for each team's current pack in each language, naming the ETag held; returns
        how many new versions were kept. Raises SyncError (Offline, Unauthorized,
        Redirected); a refusal or a broken pack is logged and the next one asked for.
        (Asking side by side from threads was tried: no faster on a busy machine.)"""
        etags = content.current_etags(self.store)
        kept = 0
        for team in self.teams():
            for language in self.languages():
                key = (team["id"], language)
                etag = etags.get(key) or self._built_in_etags.get(key, "")
                try:
                    fetched = transport.get_unless(PATH, etag=etag, params={"language": language, "team": team["id"]})
                except ServerRefused as refused:  # e.g. 403: no longer in that team
                    log.info("content pack of team %s (%s) not served: %s", team["id"], language, refused)
                    continue
                if fetched is None:
                    continue  # 304: what this tablet holds is current
                try:
                    pack = content.receive(
                        self.store,
                        body=fetched.text,
                        etag=fetched.etag,
                        team=team["id"],
                        language=language,
                        current=True,
                        team_name=team.get("name", ""),
                    )
                except ContentPackError as error:
                    log.warning("a content pack from the server was not taken, the one in use stays: %s", error)
                    continue
                if pack.version == content.bundled(language).version:
                    self._built_in_etags[key] = fetched.etag
                else:
                    kept += 1
        return kept

    def fetch_visit_versions(self, transport: Transport) -> int:
        """Fetch each version a visit names and this tablet lacks; returns how many were
        kept. A version the server does not give (404) is not asked for again until the
        app starts again. Raises SyncError (Offline, Unauthorized, Redirected)."""
        kept = 0
        for version in content.missing_versions(self.store):
            if version in self._refused_versions:
                continue
            try:
                fetched = transport.get_unless(PATH, etag="", params={"version": version})
            except ServerRefused as refused:
                log.info("content pack version %s not served: %s", version, refused)
                if refused.status == 404:
                    self._refused_versions.add(version)
                continue
            if fetched is None:
                continue
            try:
                pack = content.receive(self.store, body=fetched.text, etag=fetched.etag, team=self._team_of(version))
            except ContentPackError as error:
                log.warning("content pack version %s was not taken: %s", version, error)
                self._refused_versions.add(version)
                continue
            if pack.version != version:
                log.warning("asked for content pack version %s, the server sent %s", version, pack.version)
                self._refused_versions.add(version)
            kept += 1
        return kept

    def _team_of(self, version: str) -> str:
        """The team of the visits that name ``version`` (a number names one team's pack)."""
        return content.team_of_version(self.store, version) or self.store.team_id
