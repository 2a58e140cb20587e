"""Placeholder: the outcomes screen (being built)."""

from __future__ import annotations

import flet as ft

from views import theme
from views.context import AppContext
from views.sync_ui import sync_badge


def outcomes_view(ctx: AppContext) -> ft.View:
    t = ctx.t
    return ft.View(
        route="/outcomes",
        appbar=ft.AppBar(title=ft.Text(t("outcomes.title")), actions=[sync_badge(ctx), ft.Container(width=8)]),
        padding=theme.GAP,
        controls=[],
    )
