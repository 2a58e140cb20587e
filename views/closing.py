"""Placeholder: filled in by the visit issue."""

from __future__ import annotations

import flet as ft

from domain.visit import VisitSummary
from views.context import AppContext


def closing_controls(ctx: AppContext, *, visit: VisitSummary) -> list[ft.Control]:
    return [ft.Text("…")]
