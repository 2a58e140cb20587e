"""Placeholder: filled in by the visit issue."""

from __future__ import annotations

import flet as ft

from views.context import AppContext


def followups_view(ctx: AppContext) -> ft.View:
    return ft.View(route="/followups", controls=[ft.Text("…")])
