"""The visits list (home screen) and the start of a new visit (pick or create a company)."""

from __future__ import annotations

from typing import Any

import flet as ft

from storage import office, repo
from storage.content import clear_content_notice, content_notice
from views import theme
from views.context import AppContext
from views.followups import followups_button
from views.sync_ui import sync_badge
from views.widgets import banner, big_button, icon_button, text_field

PAGE_SIZE = 50


def home(ctx: AppContext) -> ft.View:
    t = ctx.t
    listing = ft.Column(spacing=8)
    more = ft.Container()
    shown = 0
    search = text_field(t("visits.search"), prefix_icon=ft.Icons.SEARCH)

    def fill(reset: bool = True) -> None:
        nonlocal shown
        if reset:
            listing.controls.clear()
            shown = 0
        rows = repo.list_visits(ctx.store, search=search.value or "", limit=PAGE_SIZE, offset=shown)
        shown += len(rows)
        for row in rows:
            listing.controls.append(
                ft.Card(
                    content=ft.ListTile(
                        title=ft.Text(row.company_name, size=theme.TEXT + 2, weight=ft.FontWeight.W_600),
                        subtitle=ft.Text(
                            t("visits.row", date=t.date(row.date), asked=row.cards_asked), size=theme.TEXT - 2
                        ),
                        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
                        min_height=72,
                        on_click=_open(ctx, f"/visit/{row.id}/prep"),
                    )
                )
            )
        if not listing.controls:
            listing.controls.append(
                ft.Text(t("visits.none_found" if search.value else "visits.empty"), size=theme.TEXT)
            )
        more.content = (
            big_button(t("visits.more"), on_click=lambda _: fill(False), primary=False)
            if len(rows) == PAGE_SIZE
            else None
        )

    search.on_change = lambda _: fill()
    fill()
    top: list[ft.Control] = []
    if ctx.loaded.error is not None:
        top.append(banner(t("content.broken", error=str(ctx.loaded.error))))
    top += content_notice_banner(ctx)
    return ft.View(
        route="/",
        appbar=ft.AppBar(
            title=ft.Text(t("app.title")),
            actions=[
                sync_badge(ctx),
                followups_button(ctx),
                icon_button(ft.Icons.SETTINGS, t("settings.title"), on_click=_open(ctx, "/settings"), icon_size=28),
            ],
        ),
        padding=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            *top,
            ft.Row(
                [
                    ft.Container(search, expand=True),
                    big_button(t("visits.new"), icon=ft.Icons.ADD, on_click=_open(ctx, "/visit/new")),
                ],
                spacing=theme.GAP,
            ),
            office_row(ctx),
            listing,
            more,
        ],
    )


def content_notice_banner(ctx: AppContext) -> list[ft.Control]:
    """ "Nyt indhold fra <team>: version N" after a sync brought the team's new content
    pack (storage.content.content_notice), with "OK", which closes it for good; until
    then it shows on every drawing of the home screen. A sync that brings it while the
    home screen is on show puts it there at once (on the sync's status, as the badges are
    repainted), not only at the next drawing. Hidden while nothing new came."""
    t = ctx.t
    holder = ft.Column(visible=False)  # no gap above the search field while empty
    shown: dict[str, Any] = {"notice": None}

    def close(_: Any) -> None:
        clear_content_notice(ctx.store)
        holder.controls, holder.visible = [], False
        ctx.page.update()

    def paint() -> None:
        if ctx.runner is not None and ctx.runner.status.state == "syncing":
            return  # the notice is written at a sync's end; read it then
        notice = content_notice(ctx.store)
        if notice is None or notice == shown["notice"] or notice.language != ctx.language:
            # Nothing new (a notice closed in another session stays until redrawn); or a
            # pack in the other language, which new visits on this tablet do not use.
            return
        shown["notice"] = notice
        words = (
            t("content.notice", team=notice.team, version=notice.version)
            if notice.team
            else t("content.notice_no_team", version=notice.version)
        )
        holder.controls = [
            ft.Row(
                [
                    ft.Container(banner(words, error=False), expand=True),
                    ft.OutlinedButton(
                        content=t("content.notice_close"),
                        height=theme.TOUCH,
                        style=theme.button_style(),
                        on_click=close,
                    ),
                ],
                spacing=8,
            )
        ]
        holder.visible = True

    paint()
    ctx.badges.append((holder, paint))  # views.sync_ui.refresh_badges: paint, then update
    return [holder]


def office_row(ctx: AppContext) -> ft.Control:
    """The team's view: the openings board (with how many are active) and the outcomes."""
    t = ctx.t
    active = office.count_active(ctx.store)

    def button(label: str, icon: ft.IconData, route: str) -> ft.Control:
        return ft.OutlinedButton(
            content=label,
            icon=icon,
            height=theme.TOUCH,
            style=theme.button_style(),
            on_click=_open(ctx, route),
        )

    return ft.Row(
        [
            button(
                (t("board.button_active_one") if active == 1 else t("board.button_active", count=active))
                if active
                else t("board.button"),
                ft.Icons.VIEW_KANBAN,
                "/board",
            ),
            button(t("outcomes.button"), ft.Icons.INSIGHTS, "/outcomes"),
        ],
        wrap=True,
        spacing=theme.GAP,
        run_spacing=8,
    )


def new_visit(ctx: AppContext) -> ft.View:
    """Pick the company to visit, or create a new one."""
    t = ctx.t
    results = ft.Column(spacing=8)
    search = text_field(t("newvisit.search"), prefix_icon=ft.Icons.SEARCH, autofocus=True)

    async def start(company_id: str) -> None:
        visit_id = ctx.start_visit(company_id)
        await ctx.go(f"/visit/{visit_id}/prep")

    def fill(_: Any = None) -> None:
        results.controls.clear()
        for company_id, name in repo.find_companies(ctx.store, search=search.value or ""):
            results.controls.append(
                ft.Card(
                    content=ft.ListTile(
                        title=ft.Text(name, size=theme.TEXT + 2),
                        trailing=ft.Icon(ft.Icons.ARROW_FORWARD),
                        min_height=64,
                        on_click=_starter(start, company_id),
                    )
                )
            )

    search.on_change = fill
    fill()
    return ft.View(
        route="/visit/new",
        appbar=ft.AppBar(title=ft.Text(t("newvisit.title")), actions=[sync_badge(ctx), ft.Container(width=8)]),
        padding=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            big_button(t("newvisit.new_company"), icon=ft.Icons.ADD_BUSINESS, on_click=_open(ctx, "/company/new")),
            ft.Text(t("newvisit.existing"), size=theme.TEXT, weight=ft.FontWeight.BOLD),
            search,
            results,
        ],
    )


def _open(ctx: AppContext, route: str) -> Any:
    async def handler(_: Any) -> None:
        await ctx.go(route)

    return handler


def _starter(start: Any, company_id: str) -> Any:
    async def handler(_: Any) -> None:
        await start(company_id)

    return handler
