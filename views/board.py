"""The team's job openings board: every opening the tablet knows (after sync: the whole
team's), filtered by status, requirement level, green category, area and company. From the
board a person changes an opening's status, assigns its owner and counts the candidates
sent (a number only: no citizen's personal data in the app). The shown openings export as
CSV for a Danish Excel."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import flet as ft

from domain.board import ACTIVE, BoardFilter, BoardOpening, choices, filter_board
from domain.errors import InvalidInput
from domain.export import danish_csv
from domain.tasks import OPENING_STATUSES
from storage import followups, office
from views import theme
from views.context import AppContext
from views.files import csv_button
from views.privacy_guard import SaveGuard
from views.sync_ui import sync_badge
from views.walkaround import hours_text
from views.widgets import OneChoice, banner, choice_chip, close_dialog, section, text_field

PAGE = 40
STATUS_COLOURS = {
    "open": ft.Colors.AMBER_100,
    "candidates_sent": ft.Colors.LIGHT_BLUE_100,
    "filled": ft.Colors.GREEN_100,
    "closed": ft.Colors.BLUE_GREY_100,
}


def board_view(ctx: AppContext) -> ft.View:
    t = ctx.t
    # What the runner had brought in before the board was read: anything later redraws it.
    news = ctx.runner.news if ctx.runner is not None else 0
    state: dict[str, Any] = {"filter": BoardFilter(), "shown": PAGE, "news": news}
    # Names across every pack version held, read once per board (see AppContext.titles).
    state["greens"], state["accommodations"] = ctx.titles("green_categories"), ctx.titles("accommodations")
    state["levels"] = {r.level: r.title for r in ctx.pack.requirement_levels}
    everything = office.board(ctx.store)
    filters = ft.Column(spacing=6)
    listing = ft.Column(spacing=theme.GAP, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    summary = ft.Text(size=theme.TEXT, weight=ft.FontWeight.W_600)
    more = ft.Container()

    def reload() -> None:
        nonlocal everything
        everything = office.board(ctx.store)
        fill()

    def set_filter(**changes: Any) -> None:
        state["filter"] = replace(state["filter"], **changes)
        state["shown"] = PAGE
        fill()

    def fill() -> None:
        wanted: BoardFilter = state["filter"]
        shown = filter_board(everything, wanted)
        filters.controls = _filter_rows(ctx, everything, wanted, set_filter)
        summary.value = (
            t("board.count_one") if len(shown) == 1 else t("board.count", count=len(shown), total=len(everything))
        )
        today = date.today()
        owners = _known_names(ctx, everything)
        listing.controls = [_card(ctx, o, today, reload, owners, state) for o in shown[: state["shown"]]] or [
            ft.Text(t("board.none" if everything else "board.empty"), size=theme.TEXT)
        ]

        def show_more(_: Any) -> None:
            state["shown"] += PAGE
            fill()

        more.content = (
            ft.OutlinedButton(
                content=t("board.more", count=len(shown) - state["shown"]),
                height=theme.TOUCH,
                style=theme.button_style(),
                on_click=show_more,
            )
            if len(shown) > state["shown"]
            else None
        )

    def export() -> bytes:
        return board_csv(ctx, filter_board(everything, state["filter"]))

    # When a sync brings the team's changes, the board shows them without a reload (but
    # not under an open dialog, whose opening could change beneath the person editing it).
    marker = ft.Container(width=0, height=0)

    def on_sync() -> None:
        news = ctx.runner.news if ctx.runner is not None else 0
        if news > state["news"] and not state.get("editing"):
            state["news"] = news
            reload()
            filters.update()
            listing.update()
            summary.update()
            more.update()

    ctx.badges.append((marker, on_sync))
    fill()
    return ft.View(
        route="/board",
        appbar=ft.AppBar(title=ft.Text(t("board.title")), actions=[sync_badge(ctx), ft.Container(width=8)]),
        padding=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            ft.Text(t("board.help"), size=theme.TEXT - 2),
            section(t("board.filters"), filters),
            ft.Row(
                [
                    ft.Container(summary, expand=True),
                    csv_button(ctx, t("board.export"), stem=t("board.file"), make=export),
                ],
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            listing,
            more,
            marker,
        ],
    )


def _filter_rows(
    ctx: AppContext, openings: list[BoardOpening], wanted: BoardFilter, set_filter: Any
) -> list[ft.Control]:
    """One row of chips per filter; a chip shows how many openings have that status."""
    t = ctx.t
    found = choices(openings)

    def row(label: str, chips: list[ft.Control], *, scroll: bool = False) -> ft.Control:
        for c in chips:  # every row has its "Alle": each is named with its row for a screen reader
            if isinstance(c, OneChoice) and c.label == t("board.all"):
                c.name = t("a11y.named", action=c.label, what=label)
                c.paint()
        line: ft.Control = (
            ft.Row(chips, spacing=8, scroll=ft.ScrollMode.AUTO) if scroll else ft.Row(chips, spacing=8, wrap=True)
        )
        return ft.Column([ft.Text(label, size=theme.TEXT - 3, color=ft.Colors.ON_SURFACE_VARIANT), line], spacing=4)

    def chip(label: str, selected: bool, **changes: Any) -> ft.Control:
        return choice_chip(label, selected=selected, one_of_many=True, on_select=lambda _: set_filter(**changes))

    active = sum(found.statuses.get(s, 0) for s in ACTIVE)
    statuses = [chip(t("board.status_active", count=active), wanted.statuses == ACTIVE, statuses=ACTIVE)]
    statuses += [
        chip(
            t("board.status_count", status=t(f"closing.status.{s}"), count=found.statuses.get(s, 0)),
            wanted.statuses == frozenset({s}),
            statuses=frozenset({s}),
        )
        for s in OPENING_STATUSES
    ]
    statuses.append(chip(t("board.all"), not wanted.statuses, statuses=frozenset()))
    levels = [chip(t("board.all"), wanted.level is None, level=None)] + [
        chip(f"{level.level} · {level.title}", wanted.level == level.level, level=level.level)
        for level in ctx.pack.requirement_levels
    ]
    rows = [row(t("board.filter_status"), statuses), row(t("board.filter_level"), levels)]
    green_names = ctx.titles("green_categories")
    if found.greens:
        greens = [chip(t("board.all"), not wanted.green, green="")] + [
            chip(green_names.get(g, g), wanted.green == g, green=g) for g in found.greens
        ]
        rows.append(row(t("board.filter_green"), greens))
    if found.areas:
        areas = [chip(t("board.all"), not wanted.area, area="")] + [
            chip(a, wanted.area == a, area=a) for a in found.areas
        ]
        rows.append(row(t("board.filter_area"), areas, scroll=True))
    if len(found.companies) > 1 or wanted.company_id:
        companies = [chip(t("board.all"), not wanted.company_id, company_id="")] + [
            chip(name or "–", wanted.company_id == cid, company_id=cid) for cid, name in found.companies
        ]
        rows.append(row(t("board.filter_company"), companies, scroll=True))
    me = ctx.store.get_state("me_name")
    if found.owners or found.unowned or wanted.owner or wanted.unowned:
        everyone = not wanted.owner and not wanted.unowned
        owners = [chip(t("board.all"), everyone, owner="", unowned=False)]
        if found.unowned or wanted.unowned:
            owners.append(chip(t("board.unowned", count=found.unowned), wanted.unowned, owner="", unowned=True))
        if me:
            owners.append(chip(t("board.mine", name=me), wanted.owner == me, owner=me, unowned=False))
        owners += [chip(o, wanted.owner == o, owner=o, unowned=False) for o in found.owners if o != me]
        rows.append(row(t("board.filter_owner"), owners, scroll=True))
    return rows


def _age(ctx: AppContext, opening: BoardOpening, today: date) -> str:
    days = opening.age_days(today)
    if days is None:
        return ""
    if days == 0:
        return ctx.t("board.age_today")
    return ctx.t("board.age_one") if days == 1 else ctx.t("board.age", count=days)


def _pill(text: str, colour: str) -> ft.Control:
    return ft.Container(
        content=ft.Text(text, size=theme.TEXT - 3, weight=ft.FontWeight.W_600),
        bgcolor=colour,
        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
        border_radius=12,
    )


def _card(
    ctx: AppContext, o: BoardOpening, today: date, reload: Any, owners: list[str], state: dict[str, Any]
) -> ft.Control:
    t = ctx.t
    level_titles: dict[int, str] = state["levels"]
    greens: dict[str, str] = state["greens"]
    accommodations: dict[str, str] = state["accommodations"]
    facts = [
        t("board.hours", hours=hours_text(ctx, o.hours)),
        t("board.level", level=o.level, title=level_titles.get(o.level, "")),
        t("board.candidates", count=o.candidates_sent),
    ]
    owner = (
        ft.Text(t("board.owner", name=o.owner), size=theme.TEXT - 1, weight=ft.FontWeight.W_600)
        if o.owner
        else ft.Text(t("board.no_owner"), size=theme.TEXT - 1, color=ft.Colors.ERROR, weight=ft.FontWeight.W_600)
    )
    lines: list[ft.Control] = [
        ft.Row(
            [
                _pill(t(f"closing.status.{o.status}"), STATUS_COLOURS.get(o.status, ft.Colors.BLUE_GREY_100)),
                ft.Text(o.title, size=theme.TEXT + 2, weight=ft.FontWeight.BOLD),
            ],
            wrap=True,
            spacing=10,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        ft.Text(
            " · ".join(p for p in (o.company_name or "–", _age(ctx, o, today)) if p),
            size=theme.TEXT - 1,
        ),
        ft.Row([owner, ft.Text(" · ".join(facts), size=theme.TEXT - 1)], wrap=True, spacing=16),
    ]
    if o.tasks:
        lines.append(
            ft.Column(
                [
                    ft.Text(
                        "• "
                        + " · ".join(
                            p
                            for p in (
                                task.title,
                                task.area,
                                t("walk.hours_short", hours=hours_text(ctx, task.hours)),
                                greens.get(task.green, ""),
                            )
                            if p
                        ),
                        size=theme.TEXT - 2,
                    )
                    for task in o.tasks
                ],
                spacing=2,
            )
        )
    if o.accommodations:
        lines.append(
            ft.Text(
                t("board.accommodations", list=", ".join(accommodations.get(a, a) for a in o.accommodations)),
                size=theme.TEXT - 2,
            )
        )
    if o.requirements:
        lines.append(ft.Text(t("board.requirements", text=o.requirements), size=theme.TEXT - 2, italic=True))

    async def open_visit(_: Any) -> None:
        await ctx.go(f"/visit/{o.visit_id}/closing")

    lines.append(
        ft.Row(
            [
                ft.FilledTonalButton(
                    content=t("board.update", title=o.title),
                    icon=ft.Icons.EDIT,
                    height=theme.TOUCH,
                    style=theme.button_style(),
                    on_click=lambda _: _update_dialog(ctx, o, reload, owners, state),
                ),
                ft.TextButton(
                    content=t("board.open_visit"), height=theme.TOUCH, style=theme.button_style(), on_click=open_visit
                ),
            ],
            wrap=True,
            spacing=8,
        )
    )
    return ft.Container(
        content=ft.Column(lines, spacing=8),
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        border_radius=12,
        padding=14,
    )


def _update_dialog(ctx: AppContext, o: BoardOpening, reload: Any, owners: list[str], state: dict[str, Any]) -> None:
    """Status, owner and candidates sent, saved together; only what changed is written."""
    t = ctx.t
    chosen: dict[str, Any] = {"status": o.status, "candidates": o.candidates_sent}
    status_row = ft.Row(wrap=True, spacing=8)

    def paint_statuses() -> None:
        status_row.controls = [
            choice_chip(
                t(f"closing.status.{s}"),
                selected=chosen["status"] == s,
                one_of_many=True,
                on_select=lambda _, s=s: pick_status(s),
            )
            for s in OPENING_STATUSES
        ]

    def pick_status(status: str) -> None:
        chosen["status"] = status
        paint_statuses()
        status_row.update()

    paint_statuses()
    owner = text_field(t("board.owner_field"), value=o.owner)
    names = [n for n in owners if n != o.owner][:8]

    def take_name(name: str) -> None:
        owner.value = name
        owner.update()

    suggestions = ft.Row(
        [ft.OutlinedButton(content=name, height=48, on_click=lambda _, n=name: take_name(n)) for name in names],
        wrap=True,
        spacing=8,
    )
    count = ft.Text(
        str(o.candidates_sent),
        size=theme.TEXT_LARGE,
        weight=ft.FontWeight.BOLD,
        width=56,
        text_align=ft.TextAlign.CENTER,
    )

    def step(by: int) -> None:
        if chosen["candidates"] + by < 0:  # a count never goes below 0: say so, change nothing
            message.content = banner(ctx.error_text(InvalidInput("candidates_sent", "count_below_zero")))
            message.update()
            return
        chosen["candidates"] += by
        count.value = str(chosen["candidates"])
        count.update()
        if message.content is not None:
            message.content = None
            message.update()

    counter = ft.Row(
        [
            ft.OutlinedButton(content=t("board.fewer"), height=theme.TOUCH, on_click=lambda _: step(-1)),
            count,
            ft.FilledTonalButton(content=t("board.one_more"), height=theme.TOUCH, on_click=lambda _: step(1)),
        ],
        spacing=8,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )
    message = ft.Container()
    guard = SaveGuard(ctx)  # a CPR-like number in the owner's field is asked about first

    def save(_: Any) -> None:
        if not guard.allows([owner], retry=lambda: save(None)):
            return
        changes: dict[str, Any] = {}
        if chosen["status"] != o.status:
            changes["status"] = chosen["status"]
        if (owner.value or "").strip() != o.owner:
            changes["owner"] = owner.value or ""
        if chosen["candidates"] != o.candidates_sent:
            changes["candidates_sent"] = chosen["candidates"]
        try:
            if changes:
                followups.update_opening(ctx.store, opening_id=o.id, **changes)
        except InvalidInput as error:
            message.content = banner(ctx.error_text(error))
            message.update()
            return
        close_dialog(ctx.page)
        reload()
        ctx.page.update()
        if changes:
            ctx.notify(t("board.saved", title=o.title))

    def closed(_: Any) -> None:
        state["editing"] = False

    state["editing"] = True
    updating = guard.form_dialog(
        t("board.dialog_title", title=o.title),
        [
            ft.Text(o.company_name, size=theme.TEXT),
            message,
            ft.Text(t("closing.status"), size=theme.TEXT - 2, weight=ft.FontWeight.W_600),
            status_row,
            owner,
            suggestions,
            ft.Text(t("board.candidates_field"), size=theme.TEXT - 2, weight=ft.FontWeight.W_600),
            ft.Text(t("board.candidates_help"), size=theme.TEXT - 3, italic=True),
            counter,
        ],
        cancel=t("board.cancel"),
        confirm=t("board.save"),
        on_confirm=save,
        icon=ft.Icons.CHECK,
        width=560,
        on_dismiss=closed,
    )
    ctx.page.show_dialog(updating)


def _known_names(ctx: AppContext, openings: list[BoardOpening]) -> list[str]:
    """Who can own an opening: me, the paired consultant and the owners already on the board."""
    names = [ctx.store.get_state("me_name"), ctx.store.get_state("consultant_name")]
    names += sorted({o.owner for o in openings if o.owner}, key=str.casefold)
    return list(dict.fromkeys(n for n in names if n))


def board_csv(ctx: AppContext, openings: list[BoardOpening]) -> bytes:
    """The openings as shown, one row each, for a Danish Excel."""
    t = ctx.t
    today = date.today()
    greens = ctx.titles("green_categories")
    accommodations = ctx.titles("accommodations")
    header = [
        t(f"board.csv.{c}")
        for c in (
            "company",
            "title",
            "tasks",
            "hours",
            "level",
            "green",
            "areas",
            "accommodations",
            "requirements",
            "status",
            "owner",
            "candidates",
            "created",
            "age",
        )
    ]
    rows = [
        [
            o.company_name,
            o.title,
            ", ".join(task.title for task in o.tasks),
            o.hours,
            o.level,
            ", ".join(greens.get(g, g) for g in sorted(o.greens)),
            ", ".join(sorted(o.areas)),
            ", ".join(accommodations.get(a, a) for a in o.accommodations),
            o.requirements,
            t(f"closing.status.{o.status}"),
            o.owner,
            o.candidates_sent,
            o.created,
            o.age_days(today),
        ]
        for o in openings
    ]
    return danish_csv(header, rows)
