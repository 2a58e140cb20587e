"""What every screen is handed: the page, the local store, the content pack, the texts."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import flet as ft

from domain import writers
from domain.content import ContentPack
from domain.errors import InvalidInput
from domain.visit import VisitSummary
from settings import Settings
from storage import repo, visit_records
from storage.content import LoadedPack, current_pack, pack_version, stored_versions
from storage.db import Store
from sync.runner import SyncRunner
from views.autosave import draft_names, pending_drafts
from views.i18n import Translator
from views.widgets import close_dialog, dialog


def run_on_page(page: ft.Page, handler: Callable[[], Awaitable[None]]) -> bool:
    """Run ``handler`` on the page's own event loop, from another thread (the sync loop).

    Returns False, running nothing, when the page has no connection: its browser tab was
    closed (a reload may connect it again). ``page.run_task`` would make the coroutine
    first and then fail on the missing connection, leaving it never awaited.
    """
    try:
        connection = page.session.connection
    except Exception:  # the session itself is gone
        return False
    loop = getattr(connection, "loop", None)
    if loop is None or loop.is_closed():
        return False
    page.run_task(handler)
    return True


@dataclass
class AppContext:
    page: ft.Page
    store: Store
    settings: Settings
    packs: dict[str, LoadedPack]
    runner: SyncRunner | None = None
    t: Translator = field(init=False)
    badges: list[tuple[Any, Any]] = field(default_factory=list)
    # The autosaved fields of the screens on show, by draft key (views.autosave); the
    # router empties it before it draws a screen.
    drafts: dict[str, Any] = field(default_factory=dict)
    # The visits whose writer was chosen or confirmed in this session (a browser tab, or
    # the app since it started): a new session asks who writes (domain.writers).
    confirmed_writers: set[str] = field(default_factory=set)
    roles: dict[str, str] | None = None  # see role_of
    _visit_packs: dict[str, ContentPack] = field(default_factory=dict)  # see pack_of

    def __post_init__(self) -> None:
        self.t = Translator(self.language)

    @property
    def language(self) -> str:
        chosen = self.store.get_state("language") or self.settings.language or "da"
        return chosen if chosen in self.packs else "da"

    def set_language(self, language: str) -> None:
        self.store.set_state("language", language)
        self.t = Translator(language)

    @property
    def loaded(self) -> LoadedPack:
        return self.packs[self.language]

    @property
    def pack(self) -> ContentPack:
        """The pack a visit prepared now uses, in the language on show: the team's current
        version received from the server (storage.content.current_pack), else the
        municipality's own file in the data folder, else the built-in one. Screens of one
        visit use :meth:`pack_of` instead."""
        return current_pack(self.store, self.store.team_id, self.language, override_dir=self.content_dir)

    @property
    def content_dir(self) -> Path:
        """Where a municipality's own pack file may lie (``<data folder>/content``)."""
        return self.settings.data_dir / "content"

    def titles(self, kind: Literal["green_categories", "accommodations", "social_areas"]) -> dict[str, str]:
        """Id → title of one kind of category across every pack version this tablet holds
        in the language on show: the current pack's, in its order, then those only older
        versions have (a category a newer version removed or renamed still has its name
        where visits prepared on an older version used it: the board, the outcomes)."""
        out = {c.id: c.title for c in getattr(self.pack, kind)}
        held = [pack_version(self.store, v, self.language) for v in sorted(stored_versions(self.store), reverse=True)]
        for pack in [*held, self.loaded.pack]:
            if pack is not None and pack.language == self.language:
                for c in getattr(pack, kind):
                    out.setdefault(c.id, c.title)
        return out

    def pack_of(self, visit: VisitSummary | str) -> ContentPack:
        """The pack ``visit`` (a visit, or its id) was prepared with (its ``content_version``): its cards,
        categories and criteria still show after a newer version removed or renamed them
        (issue 12). While this tablet does not hold that version yet (a visit prepared on
        another tablet; the next sync fetches it), the current pack stands in."""
        visit_id = visit if isinstance(visit, str) else visit.id
        found = self._visit_packs.get(visit_id)
        if found is None:
            version = repo.content_version(self.store, visit_id=visit_id)
            found = pack_version(self.store, version, self.language, override_dir=self.content_dir) if version else None
            if found is None:
                return self.pack
            self._visit_packs[visit_id] = found  # a version never changes
        return found

    @property
    def me(self) -> str:
        """The consultant of this tablet: the name under Settings, else the paired account's."""
        return self.store.get_state("me_name") or self.store.get_state("consultant_name")

    def start_visit(self, company_id: str) -> str:
        """A new visit to the company; the tablet's consultant (Settings, or the paired
        account) joins it as the job centre's, with the phone and e-mail given under
        Settings, and writes."""
        me = self.me
        visit_id = repo.create_visit(
            self.store, company_id=company_id, content_version=self.pack.version, consultant=me
        )
        if me:
            visit_records.add_participant(
                self.store,
                visit_id=visit_id,
                name=me,
                organisation=self.store.get_state("me_org"),
                role="S",
                phone=self.store.get_state("me_phone"),  # for "Kontakt os" in the reports
                email=self.store.get_state("me_email"),
            )
            self.choose_writer(visit_id, me)
        return visit_id

    def author(self, visit_id: str) -> str:
        """Who is writing on this tablet for this visit; stamped on every note and task.
        Nobody chose yet: the tablet's consultant when they take part (a synced visit)."""
        return visit_records.current_writer(self.store, visit_id=visit_id)

    def role_of(self, name: str) -> str:
        """A person's role ("S", "E" or "other") by name, for their colour; read once per
        drawn screen (the router forgets it before drawing)."""
        if self.roles is None:
            self.roles = visit_records.roles_by_name(self.store)
        return self.roles.get(name, "other")

    def choose_writer(self, visit_id: str, name: str) -> None:
        """Someone on the tablet chose or confirmed who writes: not asked again in this
        session until :data:`domain.writers.ASK_AGAIN_AFTER_S` has passed."""
        visit_records.set_writer(self.store, visit_id=visit_id, name=name, confirmed_at=time.time())
        self.confirmed_writers.add(visit_id)

    def must_ask_who_writes(self, visit_id: str) -> bool:
        """Whether opening this visit now asks who is writing (see the rule it follows)."""
        return writers.must_ask_who_writes(
            participants=len(visit_records.participants(self.store, visit_id=visit_id)),
            confirmed_in_session=visit_id in self.confirmed_writers,
            last_confirmed=visit_records.writer_confirmed_at(self.store, visit_id=visit_id),
            now=time.time(),
        )

    async def rebuild(self) -> None:
        """Draw the current screen again (after a language change); set by the router."""

    async def go(self, route: str) -> None:
        """Show ``route``; first ask when a text on this screen waits as a draft."""
        if self.confirm_leaving(lambda: self.page.run_task(self.page.push_route, route)):
            await self.page.push_route(route)

    def confirm_leaving(self, leave: Any, *, waiting: list[Any] | None = None) -> bool:
        """True when nothing waits for a decision; else ask, and call ``leave`` if the
        consultant goes on (the text stays as a local draft either way); "Bliv og vælg",
        Esc or a tap beside the question stays. ``leave`` is called at most once per
        question. ``waiting``: the drafts to ask about (default: every one on the screens
        on show)."""
        waiting = pending_drafts(self) if waiting is None else waiting
        if not waiting:
            return True
        t = self.t
        chosen = False

        def go_on(_: Any) -> None:
            nonlocal chosen
            if chosen:
                return
            chosen = True
            for draft in waiting:
                self.drafts.pop(draft.draft_key, None)
            close_dialog(self.page)
            leave()

        def stay(_: Any) -> None:
            nonlocal chosen
            chosen = True
            close_dialog(self.page)

        def dismissed(_: Any) -> None:  # Esc or a tap beside it: staying
            nonlocal chosen
            chosen = True

        names = draft_names(waiting)
        self.page.show_dialog(
            dialog(
                modal=False,  # Esc or a tap beside it: the consultant stays
                title=t("autosave.leave_title"),
                content=ft.Text(t("autosave.leave_text", fields=names), size=18),
                actions=[
                    ft.FilledButton(content=t("autosave.leave_stay"), height=48, on_click=stay),
                    ft.OutlinedButton(content=t("autosave.leave_go"), height=48, on_click=go_on),
                ],
                on_dismiss=dismissed,
            )
        )
        return False

    def error_text(self, error: InvalidInput) -> str:
        params: dict[str, Any] = {k: self.t.number(v) if isinstance(v, int) else v for k, v in error.params.items()}
        return self.t(f"error.{error.code}", **params)

    def notify(self, text: str) -> None:
        self.page.show_dialog(ft.SnackBar(ft.Text(text, size=18), duration=2500))
