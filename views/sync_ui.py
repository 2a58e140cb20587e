"""Sync on screen: the badge every screen shows, pairing under Settings, and the screen
where a person resolves text that two tablets changed at once."""

from __future__ import annotations

import json
import socket
from typing import Any

import flet as ft

from storage import conflicts
from sync.client import pair, pairing, unpair
from sync.errors import NotPaired, SyncError
from sync.runner import SyncStatus
from views import theme
from views.context import AppContext
from views.widgets import banner, big_button, section, text_field


def badge_text(ctx: AppContext, status: SyncStatus, open_conflicts: int) -> tuple[str, ft.IconData, str]:
    """Text, icon and colour of the badge for a status, in plain words."""
    t = ctx.t
    waiting = t("sync.waiting", count=status.waiting) if status.waiting else ""
    if status.state == "unpaired":
        text, icon, colour = t("sync.unpaired"), ft.Icons.CLOUD_OFF, ft.Colors.BLUE_GREY_100
    elif status.state == "offline":
        text, icon, colour = t("sync.offline"), ft.Icons.CLOUD_OFF, ft.Colors.BLUE_GREY_100
    elif status.state == "syncing":
        phase = t(f"sync.phase.{status.phase or 'push'}", count=status.done)
        text, icon, colour = t("sync.syncing", phase=phase), ft.Icons.SYNC, ft.Colors.LIGHT_BLUE_100
    elif status.state == "synced" and status.last_synced is not None:
        text, icon, colour = (
            t("sync.synced", time=status.last_synced.strftime("%H:%M")),
            ft.Icons.CLOUD_DONE,
            ft.Colors.GREEN_100,
        )
    else:
        text = t(f"sync.error.{status.error or 'error'}", detail=status.detail)
        icon, colour = ft.Icons.ERROR_OUTLINE, ft.Colors.ERROR_CONTAINER
    parts = [text, waiting, t("sync.conflicts", count=open_conflicts) if open_conflicts else ""]
    if open_conflicts:
        colour = ft.Colors.AMBER_200
    return " · ".join(p for p in parts if p), icon, colour


def sync_badge(ctx: AppContext) -> ft.Control:
    """Always visible in the title bar. A tap syncs now (or opens what needs a person)."""
    button = ft.FilledTonalButton(height=48, style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=12)))

    def paint() -> None:
        status = ctx.runner.status if ctx.runner is not None else SyncStatus()
        count = conflicts.count_open(ctx.store)
        text, icon, colour = badge_text(ctx, status, count)
        button.content = text
        button.icon = icon
        button.bgcolor = colour
        button.data = (status.state, count)

    async def tapped(_: Any) -> None:
        state, count = button.data
        if count:
            await ctx.go("/conflicts")
        elif state in ("unpaired", "error"):
            await ctx.go("/settings")
        elif ctx.runner is not None:
            ctx.runner.sync_now()

    button.on_click = tapped
    button.data = ("", 0)
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


def pairing_section(ctx: AppContext) -> ft.Control:
    t = ctx.t
    paired = pairing(ctx.store)
    message = ft.Container()
    if paired is None:
        url = text_field(t("sync.server_url"), value=ctx.settings.server_url)
        username = text_field(t("sync.username"))
        password = text_field(t("sync.password"), password=True, can_reveal_password=True)
        device = text_field(t("sync.device_name"), value=socket.gethostname()[:60] or "Tablet")

        async def connect(_: Any) -> None:
            try:
                pair(
                    ctx.store,
                    server_url=url.value or "",
                    username=username.value or "",
                    password=password.value or "",
                    device_name=device.value or "Tablet",
                )
            except SyncError as error:
                password.value = ""
                message.content = banner(t(f"sync.pair_error.{error.code}", detail=str(error)))
                return
            if ctx.runner is not None:
                ctx.runner.sync_now()
            await ctx.rebuild()

        return section(
            t("sync.title"),
            ft.Text(t("sync.unpaired_help"), size=theme.TEXT - 2),
            message,
            url,
            username,
            password,
            device,
            big_button(t("sync.connect"), icon=ft.Icons.LINK, on_click=connect),
        )

    teams = {team["id"]: team["name"] for team in json.loads(ctx.store.get_state("teams", "[]"))}
    status = ctx.runner.status if ctx.runner is not None else SyncStatus()
    lines: list[ft.Control] = [
        ft.Text(t("sync.paired", url=paired.server_url, name=paired.consultant), size=theme.TEXT),
        ft.Text(t("sync.team", team=teams.get(ctx.store.team_id, ctx.store.team_id)), size=theme.TEXT - 2),
        ft.Text(badge_text(ctx, status, 0)[0], size=theme.TEXT - 2),
        message,
    ]

    def sync_now(_: Any) -> None:
        if ctx.runner is not None:
            ctx.runner.sync_now()
        ctx.notify(t("sync.started"))

    async def disconnect(_: Any) -> None:
        try:
            unpair(ctx.store)
        except NotPaired:
            message.content = banner(t("sync.unpair_refused", count=status.waiting or 1))
            return
        await ctx.rebuild()

    if len(teams) > 1:

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
                    + [
                        ft.Radio(value=tid, label=name, label_style=ft.TextStyle(size=theme.TEXT))
                        for tid, name in teams.items()
                    ]
                ),
            )
        )
    refused = conflicts.refused_changes(ctx.store)
    if refused:
        lines.append(ft.Text(t("sync.refused_title", count=len(refused)), size=theme.TEXT, weight=ft.FontWeight.BOLD))
        lines += [
            ft.Text(t("sync.refused_line", entity=r.entity, reason=t(f"sync.reason.{r.reason}"), summary=r.summary))
            for r in refused[:20]
        ]
    lines += [
        big_button(t("sync.now"), icon=ft.Icons.SYNC, on_click=sync_now),
        big_button(t("sync.disconnect"), icon=ft.Icons.LINK_OFF, on_click=disconnect, primary=False),
    ]
    return section(t("sync.title"), *lines)


def conflicts_view(ctx: AppContext) -> ft.View:
    """Each conflict: the value that won, the one that lost, and three ways to settle it."""
    t = ctx.t
    items: list[ft.Control] = []
    for conflict in conflicts.open_conflicts(ctx.store):
        merged = text_field(t("conflict.merge"), value=f"{conflict.current}\n{conflict.other}".strip(), multiline=True)

        def settle(c: conflicts.OpenConflict, value: Any) -> Any:
            async def handler(_: Any) -> None:
                conflicts.resolve(ctx.store, conflict=c, value=value() if callable(value) else value)
                ctx.notify(t("conflict.resolved"))
                await ctx.rebuild()

            return handler

        items.append(
            section(
                t("conflict.title", what=t(f"conflict.entity.{conflict.entity}"), label=conflict.label),
                ft.Text(t("conflict.field", field=conflict.field), size=theme.TEXT - 2),
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
                big_button(
                    t("conflict.save_merge"),
                    icon=ft.Icons.MERGE,
                    on_click=settle(conflict, lambda field=merged: field.value or ""),
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
