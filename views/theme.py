"""Sizes and colours for a tablet used standing, outdoors, with gloves."""

from __future__ import annotations

import flet as ft

TOUCH = 56  # every button at least this tall: above the 48 px minimum, for gloves
TEXT = 18
TEXT_LARGE = 24
TEXT_READ_ALOUD = 28
GAP = 16
SEED = ft.Colors.TEAL


def theme() -> ft.Theme:
    return ft.Theme(color_scheme_seed=SEED, visual_density=ft.VisualDensity.STANDARD)


def button_style() -> ft.ButtonStyle:
    return ft.ButtonStyle(
        text_style=ft.TextStyle(size=TEXT),
        padding=ft.Padding.symmetric(horizontal=20, vertical=12),
        shape=ft.RoundedRectangleBorder(radius=12),
    )
