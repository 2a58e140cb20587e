"""Sync on screen: the badge every screen shows, the sheet a tap on it opens, and the
screen where a person resolves text that two tablets changed at once. Pairing and logging
in again under Settings are in :mod:`views.pairing`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import flet as ft

from domain.waiting import WaitingSummary, summarise
from storage import conflicts
from storage.local_drafts import LocalDraft, local_drafts
from sync import outbox
from sync.client import pairing
from sync.runner import SyncStatus
from views import theme
from views.context import AppContext, run_on_page
from views.privacy_guard import SaveGuard
from views.sync_words import (
    BadgeState,
    attempt_heading,
    attempt_result,
    badge_state,
    conflicts_sentence,
    drafts_sentence,
    oldest_sentence,
    reason_sentence,
    stuck_heading,
    stuck_sentences,
    waiting_sentence,
)
from views.widgets import big_button, close_dialog, section, text_field

COMPACT_BELOW_PX = 1000
"""Below this page width (a tablet held upright is 800 px) the badge shows its icon and the
count of what waits, no words: the title bar needs the room for the company's name. The
full text is the badge's accessible name and is spelled out in the sheet a tap opens."""

SHEET_WIDTH = 640
"""The sheet's width at most (Material's bottom sheet's); narrower on a narrower page."""

SHEET_REFUSED = 3
"""Refused changes listed in the sheet; the rest are under Settings (the sheet does not scroll)."""

TONES = {
    "neutral": ft.Colors.BLUE_GREY_100,
    "busy": ft.Colors.LIGHT_BLUE_100,
    "ok": ft.Colors.GREEN_100,
    "attention": ft.Colors.AMBER_300,
}
ICONS = {
    "unpaired": ft.Icons.CLOUD_OFF,
    "offline": ft.Icons.CLOUD_OFF,
    "syncing": ft.Icons.SYNC,
    "synced": ft.Icons.CLOUD_DONE,
    "waiting": ft.Icons.CLOUD_UPLOAD,
    "login": ft.Icons.LOCK_OUTLINE,
    "error": ft.Icons.ERROR_OUTLINE,
    "conflict": ft.Icons.WARNING_AMBER,
}


def _status(ctx: AppContext) -> SyncStatus:
    return ctx.runner.status if ctx.runner is not None else SyncStatus()


def no_team(ctx: AppContext) -> bool:
    """The tablet is paired and the server's last word is that the consultant is in no team."""
    paired = pairing(ctx.store)
    return paired is not None and not paired.teams


@dataclass(frozen=True)
class SyncFacts:
    """What the badge and the sheet say, read from the tablet's database once per paint:
    the waiting changes, open conflicts, refused changes (newest last), changes held back,
    whether the consultant is in no team, and the texts kept as local drafts (never sent)."""

    summary: WaitingSummary
    open_conflicts: int
    refused: list[conflicts.Refused]
    held: int
    no_team: bool
    drafts: list[LocalDraft]

    @classmethod
    def read(cls, ctx: AppContext) -> SyncFacts:
        return cls(
            summary=summarise(outbox.waiting_changes(ctx.store)),
            open_conflicts=conflicts.count_open(ctx.store),
            refused=conflicts.refused_changes(ctx.store),
            held=outbox.held(ctx.store),
            no_team=no_team(ctx),
            drafts=local_drafts(ctx.store),
        )


def current_badge(ctx: AppContext, facts: SyncFacts | None = None) -> BadgeState:
    """The badge for the sync status as it is now (``facts`` read from the database when
    not given)."""
    facts = SyncFacts.read(ctx) if facts is None else facts
    return badge_state(
        ctx.t,
        _status(ctx),
        facts.summary,
        conflicts=facts.open_conflicts,
        now=datetime.now(),
        refused=len(facts.refused),
        held=facts.held,
        no_team=facts.no_team,
        drafts=len(facts.drafts),
    )


def compact(ctx: AppContext) -> bool:
    width = ctx.page.width
    return width is not None and width < COMPACT_BELOW_PX


def sync_badge(ctx: AppContext) -> ft.Control:
    """Always in the title bar: the sync state in a word and a colour; a tap opens the sheet
    that explains it (:func:`open_sync_sheet`)."""
    icon = ft.Icon(ft.Icons.CLOUD_OFF, size=22)
    label = ft.Text("", size=theme.TEXT - 2, weight=ft.FontWeight.W_600, no_wrap=True)
    button = ft.FilledTonalButton(
        content=ft.Row([icon, label], tight=True, spacing=4),
        height=48,
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=12)),
        on_click=lambda _: open_sync_sheet(ctx),
    )

    def paint() -> None:
        state = current_badge(ctx)
        short = compact(ctx)
        icon.icon = ICONS[state.icon]
        label.value = (str(state.count) if state.count else "") if short else state.label
        label.semantics_label = state.label  # the button's accessible name says the state in full
        button.bgcolor = TONES[state.tone]

    paint()
    ctx.badges.append((button, paint))
    return button


def refresh_badges(ctx: AppContext) -> None:
    """Repaint the badges on screen (called from the sync thread through the page)."""
    for button, paint in list(ctx.badges):
        try:
            paint()
            button.update()
        except RuntimeError:  # no longer on the page
            ctx.badges.remove((button, paint))


def refused_controls(ctx: AppContext, refused: list[conflicts.Refused], *, limit: int = 20) -> list[ft.Control]:
    """Each refused change: what it was, why the server refused it and what to do."""
    t = ctx.t
    out: list[ft.Control] = []
    for r in refused[:limit]:
        what = t(f"conflict.entity.{r.entity}")
        what = r.entity if what == f"conflict.entity.{r.entity}" else what[:1].upper() + what[1:]
        out.append(
            ft.Column(
                [
                    ft.Text(
                        t("sync.refused_item", what=what, summary=r.summary),
                        size=theme.TEXT - 1,
                        weight=ft.FontWeight.W_600,
                    ),
                    ft.Text(reason_sentence(t, r.reason), size=theme.TEXT - 2),
                ],
                spacing=2,
            )
        )
    return out


def open_sync_sheet(ctx: AppContext) -> None:
    """The sheet under the badge: what waits (counted per kind of record), the last attempt
    and how it went, refused changes and open conflicts with what to do, and "sync now" (or
    the way to log in or connect). It follows the sync as it runs."""
    t = ctx.t
    body = ft.Column(spacing=20, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    target = {"route": ""}

    def leave_for(route: str) -> Any:
        def handler(_: Any) -> None:
            target["route"] = route
            close_dialog(ctx.page)

        return handler

    def sync_now(_: Any) -> None:
        if ctx.runner is not None:
            ctx.runner.sync_now()

    async def send_again(_: Any) -> None:
        count = outbox.send_again(ctx.store)
        ctx.notify(t(f"sync.sent_again.{'one' if count == 1 else 'many'}", count=t.number(count)))
        if ctx.runner is not None:
            ctx.runner.sync_now()
        paint()
        body.update()

    def part(title: str, *controls: ft.Control) -> ft.Control:
        return ft.Column(
            [ft.Text(title, size=theme.TEXT, weight=ft.FontWeight.BOLD), *controls],
            spacing=6,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )

    # The buttons are made once and kept through every repaint: the sheet is drawn anew at
    # each step of a sync, and a tap on a button replaced meanwhile would be lost ("Luk"
    # tapped while a sync ran closed nothing).
    again = big_button(t("sync.send_again"), icon=ft.Icons.REPLAY, on_click=send_again, primary=False)
    go = big_button(
        t("sync.sheet.open_conflicts"), icon=ft.Icons.MERGE, on_click=leave_for("/conflicts"), primary=False
    )
    pair = big_button(t("sync.sheet.pair"), icon=ft.Icons.LINK, on_click=leave_for("/settings"))
    login = big_button(t("sync.sheet.login"), icon=ft.Icons.LOGIN, on_click=leave_for("/settings"))
    now_button = big_button(t("sync.now"), icon=ft.Icons.SYNC, on_click=sync_now)
    close = ft.TextButton(
        content=t("sync.sheet.close"),
        height=theme.TOUCH,
        style=theme.button_style(),
        on_click=lambda _: close_dialog(ctx.page),
    )

    # Kept too, with a key, so that Flutter keeps the buttons in it when a part above comes or goes.
    actions = ft.Row(
        alignment=ft.MainAxisAlignment.END,
        wrap=True,
        spacing=12,
        run_spacing=8,
        key=ft.ValueKey("sync-sheet-actions"),
    )

    def paint() -> None:
        status = _status(ctx)
        now = datetime.now()
        facts = SyncFacts.read(ctx)
        summary, open_count, refused = facts.summary, facts.open_conflicts, facts.refused
        state = current_badge(ctx, facts)
        chip = ft.Container(
            ft.Row(
                [ft.Icon(ICONS[state.icon], size=22), ft.Text(state.label, size=theme.TEXT - 2)], tight=True, spacing=6
            ),
            bgcolor=TONES[state.tone],
            border_radius=20,
            padding=ft.Padding.symmetric(horizontal=12, vertical=8),
        )
        held = facts.held
        paired = status.state != "unpaired"
        # What has not reached the colleagues and will not by waiting alone comes first.
        stuck = stuck_sentences(t, refused=len(refused), held=held, no_team=facts.no_team) if paired else []
        heading = stuck_heading(t, server=bool(stuck))
        # Texts kept as local drafts are sent by no sync: said here, so nothing says all was sent.
        drafts = drafts_sentence(t, [(draft.key, draft.company) for draft in facts.drafts])
        if drafts:
            stuck.append(drafts)
        not_sent = len(refused) + held + len(facts.drafts)
        waiting = [ft.Text(waiting_sentence(t, summary, paired=paired, stuck=not_sent), size=theme.TEXT)]
        oldest = oldest_sentence(t, summary, now=now)
        if oldest:
            waiting.append(ft.Text(oldest, size=theme.TEXT - 2))
        waiting.append(ft.Text(t("sync.safe"), size=theme.TEXT - 2, color=ft.Colors.ON_SURFACE_VARIANT))
        controls: list[ft.Control] = [
            ft.Row(
                [
                    # The sheet's name (the dialog's semantics_label), and its first heading.
                    ft.Semantics(
                        header=True,
                        heading_level=2,
                        content=ft.Text(t("sync.sheet.title"), size=theme.TEXT_LARGE, weight=ft.FontWeight.BOLD),
                    ),
                    chip,
                ],
                alignment=ft.MainAxisAlignment.SPACE_BETWEEN,
                wrap=True,
                spacing=12,
                run_spacing=8,
            ),
        ]
        if stuck:
            named: list[ft.Control] = [ft.Text(sentence, size=theme.TEXT) for sentence in stuck]
            if refused and paired:
                # The sheet must fit a tablet lying down: the first few here, all of them under Settings.
                named += refused_controls(ctx, refused, limit=SHEET_REFUSED)
                more: list[ft.Control] = []
                if len(refused) > SHEET_REFUSED:
                    rest = t.number(len(refused) - SHEET_REFUSED)
                    more.append(ft.Text(t("sync.refused_more", count=rest), size=theme.TEXT - 2))
                    more.append(
                        ft.TextButton(content=t("sync.sheet.see_all"), height=48, on_click=leave_for("/settings"))
                    )
                named.append(ft.Row([again, *more], wrap=True, spacing=12, run_spacing=8))
            controls.append(
                ft.Container(
                    part(heading, *named),
                    bgcolor=ft.Colors.AMBER_50,
                    border=ft.Border.all(2, ft.Colors.AMBER_700),
                    border_radius=12,
                    padding=12,
                )
            )
        controls += [
            part(t("sync.sheet.waiting"), *waiting),
            part(
                attempt_heading(t, status, now=now),
                ft.Text(
                    attempt_result(t, status, now=now, stuck=len(refused) + held, drafts=len(facts.drafts)),
                    size=theme.TEXT,
                ),
            ),
        ]
        if open_count:
            controls.append(
                part(
                    t("sync.sheet.conflicts"), ft.Text(conflicts_sentence(t, open_count), size=theme.TEXT), ft.Row([go])
                )
            )
        if status.state == "unpaired":
            main = pair
        elif status.result == "unauthorized":
            main = login
        else:
            main = now_button
        actions.controls = [main, close]
        controls.append(actions)
        body.controls = controls

    async def repaint() -> None:
        paint()
        body.update()

    def on_status(_status: SyncStatus) -> None:
        run_on_page(ctx.page, repaint)  # from the sync thread onto the page's own loop

    async def closed(_: Any) -> None:
        if ctx.runner is not None:
            ctx.runner.unlisten(on_status)
        # Going elsewhere while the sheet is still open would leave it on screen.
        if target["route"]:
            await ctx.go(target["route"])

    paint()
    if ctx.runner is not None:
        ctx.runner.listen(on_status)
    # A dialog held at the foot of the screen, not a BottomSheet: Flutter names a bottom
    # sheet only "Dialogboks" and gives no way to name it; a dialog takes its name
    # (semantics_label), so a screen reader announces the sheet by its title.
    ctx.page.show_dialog(
        ft.AlertDialog(
            content=ft.Container(body, width=SHEET_WIDTH),
            semantics_label=t("sync.sheet.title"),
            alignment=ft.Alignment.BOTTOM_CENTER,
            inset_padding=ft.Padding.only(left=0, right=0, top=24, bottom=0),
            content_padding=ft.Padding.all(24),
            shape=ft.RoundedRectangleBorder(radius=ft.BorderRadius.only(top_left=28, top_right=28)),
            scrollable=True,
            on_dismiss=closed,
        )
    )


def field_name(t: Any, field: str) -> str:
    """A field's name in words ("tidligere samarbejde"), or its code when there are none."""
    key = f"conflict.field_name.{field}"
    named = t(key)
    return field if named == key else str(named)


def conflicts_view(ctx: AppContext) -> ft.View:
    """Each conflict: the value that won, the one that lost, and three ways to settle it."""
    t = ctx.t
    items: list[ft.Control] = []
    for conflict in conflicts.open_conflicts(ctx.store):
        merged = text_field(t("conflict.merge"), value=f"{conflict.current}\n{conflict.other}".strip(), multiline=True)
        guard = SaveGuard(ctx)  # a CPR-like number in the merged text is asked about first

        def settle(c: conflicts.OpenConflict, value: Any) -> Any:
            async def handler(_: Any) -> None:
                conflicts.resolve(ctx.store, conflict=c, value=value() if callable(value) else value)
                ctx.notify(t("conflict.resolved"))
                await ctx.rebuild()

            return handler

        def merge(c: conflicts.OpenConflict, field: ft.TextField, guard: SaveGuard) -> Any:
            settled = settle(c, lambda: field.value or "")

            async def handler(_: Any) -> None:
                if guard.allows([field], retry=lambda: handler(None)):
                    await settled(None)

            return handler

        if conflict.reason == "deleted":

            def keep_deleted(c: conflicts.OpenConflict) -> Any:
                async def handler(_: Any) -> None:
                    conflicts.keep_deleted(ctx.store, conflict=c)
                    ctx.notify(t("conflict.resolved"))
                    await ctx.rebuild()

                return handler

            items.append(
                section(
                    t("conflict.deleted_title", what=t(f"conflict.entity.{conflict.entity}"), label=conflict.label),
                    ft.Text(t("conflict.deleted_explain"), size=theme.TEXT - 2),
                    ft.Text(t("conflict.field", field=field_name(t, conflict.field)), size=theme.TEXT - 2),
                    ft.Container(
                        ft.Text(conflict.other or "—", size=theme.TEXT), bgcolor=ft.Colors.AMBER_50, padding=12
                    ),
                    ft.Row(
                        [
                            big_button(t("conflict.restore"), on_click=settle(conflict, conflict.other)),
                            big_button(t("conflict.keep_deleted"), on_click=keep_deleted(conflict), primary=False),
                        ],
                        wrap=True,
                    ),
                )
            )
            continue
        items.append(
            section(
                t("conflict.title", what=t(f"conflict.entity.{conflict.entity}"), label=conflict.label),
                ft.Text(t("conflict.field", field=field_name(t, conflict.field)), size=theme.TEXT - 2),
                ft.Text(t("conflict.current"), weight=ft.FontWeight.BOLD, size=theme.TEXT - 2),
                ft.Container(ft.Text(conflict.current or "—", size=theme.TEXT), bgcolor=ft.Colors.GREEN_50, padding=12),
                ft.Text(t("conflict.other"), weight=ft.FontWeight.BOLD, size=theme.TEXT - 2),
                ft.Container(ft.Text(conflict.other or "—", size=theme.TEXT), bgcolor=ft.Colors.AMBER_50, padding=12),
                ft.Row(
                    [
                        big_button(t("conflict.keep_current"), on_click=settle(conflict, conflict.current)),
                        big_button(t("conflict.keep_other"), on_click=settle(conflict, conflict.other), primary=False),
                    ],
                    wrap=True,
                ),
                merged,
                guard.panel,
                big_button(
                    t("conflict.save_merge"),
                    icon=ft.Icons.MERGE,
                    on_click=merge(conflict, merged, guard),
                    primary=False,
                ),
            )
        )
    if not items:
        items.append(ft.Text(t("conflict.none"), size=theme.TEXT))
    return ft.View(
        route="/conflicts",
        appbar=ft.AppBar(title=ft.Text(t("conflict.screen")), actions=[sync_badge(ctx), ft.Container(width=8)]),
        padding=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=items,
    )
