"""Pairing under Settings: connect the tablet with the job centre's server, log in again
when the server no longer takes its login, and disconnect.

Every call to the server runs off the page's loop (``asyncio.to_thread``): a login may wait
35 s for an answer, and the screen stays alive meanwhile, says "Forbinder …" and keeps the
button from being tapped twice. A failure is told in plain words (:func:`pair_error_text`).
While the server refuses the login, the login form is on show (it appears as soon as the
sync meets the refusal) and nothing that waits is touched: it goes out after the login.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import flet as ft

from domain.pairing import login_problems
from domain.waiting import summarise
from storage import conflicts
from storage.db import Store
from sync import outbox
from sync.client import change_password, log_in_again, pair, pairing, unpair
from sync.errors import NotPaired, Redirected, ServerRefused, SyncError, Unauthorized
from sync.runner import SyncRunner, SyncStatus
from views import theme
from views.context import AppContext
from views.i18n import Translator
from views.sync_ui import refused_controls
from views.sync_words import attempt_sentence, kind_count, listing
from views.widgets import banner, big_button, password_field, radio, section, text_field

T = TypeVar("T")

RATE_LIMITED = 429
"""The server's answer to too many failed logins in a row (``server.app``)."""
NOT_FOUND, METHOD_NOT_ALLOWED = 404, 405
"""An address that answers, but not as a Feltmappe server does."""
PASSWORD_CHANGE_REQUIRED = "password_change_required"
ACCOUNT_REASONS = (
    PASSWORD_CHANGE_REQUIRED,
    "account_deactivated",
    "password_too_short",
    "password_too_common",
    "password_wrong",
    "password_same",
    "password_throttled",
)
"""The server's reasons for refusing a login or a password (server.accounts, CONSOLE.md),
each said in the app's own words."""


def pair_error_text(t: Translator, error: SyncError) -> str:
    """Why connecting or logging in failed, in plain words with what to do: wrong password,
    no network, an untrusted certificate, a redirect, the server refused, an account of
    another team."""
    if isinstance(error, ServerRefused) and error.reason in ACCOUNT_REASONS:
        return t(f"sync.pair_error.{error.reason}")
    if isinstance(error, ServerRefused) and error.status == RATE_LIMITED:
        return t("sync.pair_error.rate_limited")
    if isinstance(error, ServerRefused) and error.status in (NOT_FOUND, METHOD_NOT_ALLOWED):
        return t("sync.pair_error.not_found", status=error.status)
    if isinstance(error, ServerRefused) and 400 <= error.status < 500 and error.status not in (401, 403):
        # The server's own words are English and technical ("username: String should
        # have at least 1 character"): say it in ours, with the number for IT.
        return t("sync.pair_error.sent_refused", status=error.status)
    key = f"sync.pair_error.{error.code}"
    if isinstance(error, ServerRefused):
        detail = error.detail
    elif isinstance(error, Redirected):
        detail = error.location or "?"
    else:
        detail = str(error)
    text = t(key, detail=detail)
    return t("sync.pair_error.error", detail=detail) if text == key else text


def asks_new_password(error: SyncError | None) -> bool:
    """The server refused the login until the person chooses a new password (a reset by
    their team leader or IT), or refused the new one they chose: show the field for it."""
    return isinstance(error, ServerRefused) and error.reason in (
        PASSWORD_CHANGE_REQUIRED,
        "password_too_short",
        "password_too_common",
        "password_same",
    )


def password_was_wrong(error: SyncError) -> bool:
    """Whether the server judged the password typed to be wrong (or stopped judging after too
    many tries): only then is it emptied. Asked for a new one, refused a new one, or not
    reached at all, the password stays, so it is not typed twice (a first pairing with an
    account made at the office asks for a new password beside a right one)."""
    if isinstance(error, Unauthorized):
        return True
    return isinstance(error, ServerRefused) and (error.status == 429 or error.reason == "password_wrong")


def new_password_field(t: Translator) -> ft.TextField:
    """ "Ny adgangskode", hidden until the server asks for one at login."""
    field = password_field(t("sync.new_password"), show=t("sync.password_show"), hide=t("sync.password_hide"))
    field.helper = t("sync.new_password_help")
    field.visible = False
    return field


def unpair_refused_text(t: Translator, store: Store, *, login_refused: bool) -> str:
    """Why "Afbryd" is refused (what waits would never be sent) and the way out: sync
    first, or log in again when the server refused the login."""
    summary = summarise(outbox.waiting_changes(store))
    items = listing(t, [kind_count(t, kind, count) for kind, count in summary.counts])
    return t(f"sync.unpair_refused.{'login' if login_refused else 'sync'}", items=items)


def login_refused(status: SyncStatus) -> bool:
    """The server refused the tablet's login at the last attempt: it must log in again."""
    return status.result == "unauthorized"


def _status(ctx: AppContext) -> SyncStatus:
    return ctx.runner.status if ctx.runner is not None else SyncStatus()


def _device_name() -> str:
    return socket.gethostname()[:60] or "Tablet"


class Busy:
    """A button whose work runs off the page's loop: while it runs, the button is off and
    a progress line says what happens; a failure shows in ``message`` and, when the
    password was wrong (:func:`password_was_wrong`), empties the ``password`` field."""

    def __init__(
        self,
        ctx: AppContext,
        button: ft.Control,
        message: ft.Container,
        doing: str,
        *,
        password: ft.TextField | None = None,
        new_password: ft.TextField | None = None,
    ) -> None:
        self.ctx = ctx
        self.new_password = new_password
        self.button = button
        self.message = message
        self.password = password
        self.error: SyncError | None = None  # what the last run raised
        self.progress = ft.Row(
            [ft.ProgressRing(width=24, height=24, stroke_width=3), ft.Text(doing, size=theme.TEXT)],
            spacing=12,
            visible=False,
        )

    def _show(self, running: bool) -> None:
        self.button.disabled = running
        self.progress.visible = running
        if running:
            self.message.content = None
        try:
            for control in (self.button, self.progress, self.message, self.password):
                if control is not None:
                    control.update()
        except RuntimeError:  # the screen was left while the work ran
            pass

    async def run(self, work: Callable[[], T]) -> tuple[bool, T | None]:
        """Run ``work`` in a worker thread; (True, its result), or (False, None) when it
        raised a :class:`SyncError`, which is then told in plain words."""
        self._show(True)
        self.error = None
        try:
            return True, await asyncio.to_thread(work)
        except SyncError as error:
            self.error = error
            self.message.content = banner(pair_error_text(self.ctx.t, error))
            if self.password is not None and password_was_wrong(error):
                self.password.value = ""
            return False, None
        finally:
            self._show(False)

    async def run_then_rebuild(
        self, work: Callable[[], object], *, then: Callable[[SyncRunner], None], done: str
    ) -> None:
        """Run ``work`` as :meth:`run` does; when it went well, tell the sync runner
        (``then(ctx.runner)``, skipped when the app has none), say ``done`` and draw the
        screen anew (pairing and logging in change what Settings shows)."""
        ok, _result = await self.run(work)
        if not ok:
            if self.new_password is not None and asks_new_password(self.error):
                self.new_password.visible = True  # the office reset the password: choose one
                self.new_password.update()
            return
        if self.ctx.runner is not None:
            then(self.ctx.runner)
        self.ctx.notify(done)
        await self.ctx.rebuild()


def _form_is_right(ctx: AppContext, fields: dict[str, ft.TextField]) -> bool:
    """Check the pairing or login form before anything is sent: each field's problem in
    words under the field (:func:`domain.pairing.login_problems`), the others cleared.
    ``fields``: the form's fields by the names ``login_problems`` takes."""
    problems = login_problems(**{name: field.value or "" for name, field in fields.items()})
    for field in fields.values():
        field.error = None
    for problem in problems:
        fields[problem.field].error = ctx.error_text(problem)
    for field in fields.values():
        field.update()  # now: the server may take a while to answer what is sent next
    return not problems


def pairing_section(ctx: AppContext) -> ft.Control:
    """The tablet's link with the server under Settings: the connect form when it is not
    paired; else who it is paired as, the last attempt, the login form while the server
    refuses the login, "Synkronisér nu" and "Afbryd forbindelsen"."""
    if pairing(ctx.store) is None:
        return _connect_form(ctx)
    return _paired(ctx)


def _connect_form(ctx: AppContext) -> ft.Control:
    t = ctx.t
    message = ft.Container()
    url = text_field(t("sync.server_url"), value=ctx.settings.server_url, keyboard_type=ft.KeyboardType.URL)
    username = text_field(t("sync.username"))
    password = password_field(t("sync.password"), show=t("sync.password_show"), hide=t("sync.password_hide"))
    device = text_field(t("sync.device_name"), value=_device_name())
    chosen = new_password_field(t)

    async def connect(_: Any) -> None:
        fields = {"server_url": url, "username": username, "password": password, "device_name": device}
        if not _form_is_right(ctx, fields):
            return
        await busy.run_then_rebuild(
            lambda: pair(
                ctx.store,
                server_url=url.value or "",
                username=username.value or "",
                password=password.value or "",
                device_name=device.value or "Tablet",
                new_password=(chosen.value or None) if chosen.visible else None,
            ),
            then=lambda runner: runner.sync_now(),
            done=t("sync.connected"),
        )

    button = big_button(t("sync.connect"), icon=ft.Icons.LINK, on_click=connect)
    busy = Busy(ctx, button, message, t("sync.connecting"), password=password, new_password=chosen)
    return section(
        t("sync.title"),
        ft.Text(t("sync.unpaired_help"), size=theme.TEXT - 2),
        message,
        url,
        username,
        password,
        chosen,
        device,
        ft.Row([button, busy.progress], wrap=True, spacing=16, run_spacing=8),
    )


def _paired(ctx: AppContext) -> ft.Control:
    t = ctx.t
    paired = pairing(ctx.store)
    assert paired is not None
    teams = {team["id"]: team["name"] for team in json.loads(ctx.store.get_state("teams", "[]"))}
    refused_now = login_refused(_status(ctx))
    message = ft.Container()
    attempt = ft.Text(size=theme.TEXT - 2)
    login = _login_form(ctx, server_url=paired.server_url, known=paired.username, focus=refused_now)
    login.visible = refused_now

    def sync_now(_: Any) -> None:
        if ctx.runner is not None:
            ctx.runner.sync_now()
        ctx.notify(t("sync.started"))

    def refuse() -> None:
        message.content = banner(unpair_refused_text(t, ctx.store, login_refused=login_refused(_status(ctx))))
        message.update()

    def unpaired() -> bool | None:
        try:
            return unpair(ctx.store)
        except NotPaired:  # changes wait (one may have been saved while the server was asked)
            return None

    async def disconnect(_: Any) -> None:
        if outbox.waiting(ctx.store):
            refuse()
            return
        ok, revoked = await busy.run(unpaired)
        if not ok:
            return
        if revoked is None:
            refuse()
            return
        if ctx.runner is not None:
            ctx.runner.sync_now()  # the badge says "Ikke forbundet" at once
        ctx.notify(t("sync.disconnected" if revoked else "sync.disconnected_here"))
        await ctx.rebuild()

    sync = big_button(t("sync.now"), icon=ft.Icons.SYNC, on_click=sync_now)
    off = big_button(t("sync.disconnect"), icon=ft.Icons.LINK_OFF, on_click=disconnect, primary=False)
    busy = Busy(ctx, off, message, t("sync.disconnecting"))
    actions = ft.Row([sync, off, busy.progress], wrap=True, spacing=16, run_spacing=12)

    def follow() -> None:
        status = _status(ctx)
        stuck = len(conflicts.refused_changes(ctx.store)) + outbox.held(ctx.store)
        attempt.value = attempt_sentence(t, status, now=datetime.now(), stuck=stuck)
        # Shown as soon as the sync meets a refusal; kept through an attempt that finds
        # no network (the login is still refused), gone once a sync went through.
        if login_refused(status):
            login.visible = True
        elif status.result == "ok":
            login.visible = False
        # While the login is refused, the form says it and logging in is the one way on.
        attempt.visible = sync.visible = not login.visible

    follow()
    live = ft.Column([attempt, message, login], spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    ctx.badges.append((live, follow))  # follows the sync, as the badge does
    ctx.badges.append((actions, lambda: None))

    lines: list[ft.Control] = [
        ft.Text(t("sync.paired", url=paired.server_url, name=paired.consultant), size=theme.TEXT),
        ft.Text(
            t("sync.team", team=teams[ctx.store.team_id])
            if ctx.store.team_id in teams
            else t("sync.no_team_settings")
            if not teams
            else t("sync.team", team="–"),
            size=theme.TEXT - 2,
        ),
        live,
    ]
    # A choice also when the server no longer lists the tablet's team but lists another.
    if len(teams) > 1 or (teams and ctx.store.team_id not in teams):

        async def choose_team(e: Any) -> None:
            ctx.store.set_state("local_team", e.control.value)
            ctx.store.team_id = e.control.value
            await ctx.rebuild()

        lines.append(
            ft.RadioGroup(
                value=ctx.store.team_id,
                on_change=choose_team,
                content=ft.Column(
                    [ft.Text(t("sync.new_records_team"), size=theme.TEXT - 2)]
                    + [radio(tid, name) for tid, name in teams.items()],
                    spacing=0,
                ),
            )
        )
    refused = conflicts.refused_changes(ctx.store)
    if refused:
        lines.append(ft.Text(t("sync.refused_title", count=len(refused)), size=theme.TEXT, weight=ft.FontWeight.BOLD))
        lines += refused_controls(ctx, refused)
    lines.append(actions)
    return section(t("sync.title"), *lines)


def _login_form(ctx: AppContext, *, server_url: str, known: str, focus: bool) -> ft.Column:
    """Log in again to the same server (or its new address) with the same team's account.
    Only the login is replaced; everything waiting stays and goes out afterwards."""
    t = ctx.t
    message = ft.Container()
    url = text_field(t("sync.server_url"), value=server_url, keyboard_type=ft.KeyboardType.URL)
    username = text_field(t("sync.username"), value=known, autofocus=focus and not known)
    password = password_field(t("sync.password"), show=t("sync.password_show"), hide=t("sync.password_hide"))
    password.autofocus = focus and bool(known)  # the account is known: only the password is asked
    chosen = new_password_field(t)

    async def login(_: Any) -> None:
        if not _form_is_right(ctx, {"server_url": url, "username": username, "password": password}):
            return
        await busy.run_then_rebuild(
            lambda: log_in_again(
                ctx.store,
                server_url=url.value or "",
                username=username.value or "",
                password=password.value or "",
                device_name=_device_name(),
                new_password=(chosen.value or None) if chosen.visible else None,
            ),
            then=lambda runner: runner.logged_in(),
            done=t("sync.logged_in"),
        )

    button = big_button(t("sync.relogin"), icon=ft.Icons.LOGIN, on_click=login)
    busy = Busy(ctx, button, message, t("sync.connecting"), password=password, new_password=chosen)
    return ft.Column(
        [
            banner(t("sync.relogin_help")),
            message,
            username,
            password,
            chosen,
            url,
            ft.Row([button, busy.progress], wrap=True, spacing=16, run_spacing=8),
        ],
        spacing=12,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


def password_section(ctx: AppContext) -> ft.Control | None:
    """ "Skift adgangskode" under Settings while the tablet is paired: the consultant's
    own password on the server (CONSOLE.md), changed with the tablet's login, which stays.
    None when the tablet is not paired."""
    if pairing(ctx.store) is None:
        return None
    t = ctx.t
    message = ft.Container()
    current = password_field(t("sync.current_password"), show=t("sync.password_show"), hide=t("sync.password_hide"))
    chosen = password_field(t("sync.new_password"), show=t("sync.password_show"), hide=t("sync.password_hide"))
    chosen.helper = t("sync.new_password_help")

    async def change(_: Any) -> None:
        current.error = None if current.value else t("error.password_required")
        chosen.error = None if chosen.value else t("sync.new_password_required")
        current.update()
        chosen.update()
        if current.error or chosen.error:
            return
        ok, _done = await busy.run(lambda: change_password(ctx.store, old=current.value or "", new=chosen.value or ""))
        if not ok:
            return
        current.value = chosen.value = ""
        message.content = banner(t("sync.password_changed"), error=False)
        for control in (current, chosen, message):
            control.update()

    button = big_button(t("sync.change_password"), icon=ft.Icons.PASSWORD, on_click=change, primary=False)
    busy = Busy(ctx, button, message, t("sync.changing_password"), password=current)
    return section(
        t("sync.password_title"),
        ft.Text(t("sync.password_title_help"), size=theme.TEXT - 2),
        message,
        current,
        chosen,
        ft.Row([button, busy.progress], wrap=True, spacing=16, run_spacing=8),
    )
