"""The frame around a visit's screens: its title and the tabs at the bottom."""

from __future__ import annotations

from typing import Any

import flet as ft

from domain.visit import VisitSummary
from views import theme
from views.context import AppContext

TABS = ("prep", "cards", "company")
ICONS = {"prep": ft.Icons.CHECKLIST, "cards": ft.Icons.STYLE, "company": ft.Icons.BUSINESS}


def visit_view(ctx: AppContext, *, visit: VisitSummary, tab: str, controls: list[ft.Control]) -> ft.View:
    t = ctx.t

    async def switch(e: Any) -> None:
        await ctx.go(f"/visit/{visit.id}/{TABS[int(e.control.selected_index)]}")

    return ft.View(
        route=f"/visit/{visit.id}/{tab}",
        appbar=ft.AppBar(
            title=ft.Column(
                [
                    ft.Text(visit.company_name, size=theme.TEXT + 2, weight=ft.FontWeight.BOLD),
                    ft.Text(t("visit.subtitle", date=t.date(visit.date)), size=theme.TEXT - 4),
                ],
                spacing=0,
            ),
            toolbar_height=72,
        ),
        navigation_bar=ft.NavigationBar(
            selected_index=TABS.index(tab),
            destinations=[ft.NavigationBarDestination(icon=ICONS[name], label=t(f"visit.tab.{name}")) for name in TABS],
            on_change=switch,
        ),
        padding=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=controls,
    )
