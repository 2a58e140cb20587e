"""The frame around a visit's screens: the company and date, who is writing, and the tabs.

The "who is writing" button stays in the title bar on every tab of a visit, because two
consultants share one tablet and every note, answer and task is stamped with its author.
"""

from __future__ import annotations

from typing import Any

import flet as ft

from domain.records import Participant
from domain.tasks import initials
from domain.visit import VisitSummary
from storage import conflicts, visit_records
from views import theme
from views.context import AppContext
from views.sync_ui import sync_badge

TABS = ("prep", "cards", "bubbles", "walk", "positions", "social", "closing", "people", "company")
ICONS = {
    "prep": ft.Icons.CHECKLIST,
    "cards": ft.Icons.STYLE,
    "bubbles": ft.Icons.BUBBLE_CHART,
    "walk": ft.Icons.DIRECTIONS_WALK,
    "positions": ft.Icons.CALL_SPLIT,
    "social": ft.Icons.VOLUNTEER_ACTIVISM,
    "closing": ft.Icons.HANDSHAKE,
    "people": ft.Icons.GROUPS,
    "company": ft.Icons.BUSINESS,
}


def visit_view(ctx: AppContext, *, visit: VisitSummary, tab: str, controls: list[ft.Control]) -> ft.View:
    t = ctx.t

    def tab_button(name: str) -> ft.Control:
        kind = ft.FilledButton if name == tab else ft.OutlinedButton
        return kind(
            content=t(f"visit.tab.{name}"),
            icon=ICONS[name],
            height=48,
            style=ft.ButtonStyle(
                text_style=ft.TextStyle(size=theme.TEXT - 2),
                padding=ft.Padding.symmetric(horizontal=14, vertical=8),
                shape=ft.RoundedRectangleBorder(radius=24),
            ),
            on_click=_go(ctx, f"/visit/{visit.id}/{name}"),
        )

    tabs = ft.Row([tab_button(name) for name in TABS], wrap=True, spacing=8, run_spacing=8)
    return ft.View(
        route=f"/visit/{visit.id}/{tab}",
        appbar=ft.AppBar(
            title=ft.Column(
                [
                    ft.Text(
                        visit.company_name,
                        size=theme.TEXT + 2,
                        weight=ft.FontWeight.BOLD,
                        max_lines=2,  # a long name wraps once, and never runs under the badge
                        overflow=ft.TextOverflow.ELLIPSIS,
                    ),
                    ft.Text(t("visit.subtitle", date=t.date(visit.date)), size=theme.TEXT - 4),
                ],
                spacing=0,
            ),
            toolbar_height=72,
            actions=[sync_badge(ctx), ft.Container(width=8), writer_button(ctx, visit), ft.Container(width=8)],
        ),
        padding=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[tabs, ft.Divider(height=1), *conflict_notice(ctx, visit), *controls],
    )


def conflict_notice(ctx: AppContext, visit: VisitSummary) -> list[ft.Control]:
    """A marker on a visit whose text was changed on two tablets at once."""
    found = conflicts.open_conflicts(ctx.store, visit_id=visit.id)
    if not found:
        return []
    return [
        ft.Container(
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.WARNING_AMBER),
                    ft.Text(ctx.t("conflict.notice", count=len(found)), size=theme.TEXT - 1, expand=True),
                    ft.FilledButton(content=ctx.t("conflict.open"), height=48, on_click=_go(ctx, "/conflicts")),
                ]
            ),
            bgcolor=ft.Colors.AMBER_100,
            padding=12,
            border_radius=8,
        )
    ]


def writer_button(ctx: AppContext, visit: VisitSummary) -> ft.Control:
    """Shows who is writing; a tap lets the other participant take over the tablet."""
    t = ctx.t
    name = ctx.author(visit.id)
    people = visit_records.participants(ctx.store, visit_id=visit.id)

    def choose(person: Participant) -> Any:
        async def handler(_: Any) -> None:
            visit_records.set_writer(ctx.store, visit_id=visit.id, name=person.name)
            ctx.page.pop_dialog()  # the screen is drawn anew once the dialog has closed

        return handler

    target = {"route": ""}

    def add_people(_: Any) -> None:
        target["route"] = f"/visit/{visit.id}/people"
        ctx.page.pop_dialog()

    async def closed(_: Any) -> None:
        # Replacing the views while the dialog is still open would leave it on screen.
        if target["route"]:
            await ctx.go(target["route"])
        else:
            await ctx.rebuild()

    def open_dialog(_: Any) -> None:
        options: list[ft.Control] = [
            ft.FilledButton(
                content=f"{initials(p.name)} · {p.name}" + (f" ({p.organisation})" if p.organisation else ""),
                height=theme.TOUCH,
                style=theme.button_style(),
                on_click=choose(p),
            )
            for p in people
        ]
        options.append(
            ft.OutlinedButton(
                content=t("writer.add_people"),
                icon=ft.Icons.PERSON_ADD,
                height=theme.TOUCH,
                style=theme.button_style(),
                on_click=add_people,
            )
        )
        ctx.page.show_dialog(
            ft.AlertDialog(
                on_dismiss=closed,
                title=ft.Text(t("writer.choose")),
                content=ft.Column(options, tight=True, spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
            )
        )

    label = t("writer.is", initials=initials(name), name=name) if name else t("writer.nobody")
    return ft.FilledTonalButton(
        content=label,
        icon=ft.Icons.EDIT,
        height=theme.TOUCH,
        style=ft.ButtonStyle(
            text_style=ft.TextStyle(size=theme.TEXT - 1, weight=ft.FontWeight.BOLD),
            bgcolor=ft.Colors.AMBER_200 if name else ft.Colors.ERROR_CONTAINER,
            padding=ft.Padding.symmetric(horizontal=16, vertical=8),
            shape=ft.RoundedRectangleBorder(radius=28),
        ),
        on_click=open_dialog,
    )


def _go(ctx: AppContext, route: str) -> Any:
    async def handler(_: Any) -> None:
        await ctx.go(route)

    return handler
