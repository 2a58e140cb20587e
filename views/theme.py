"""Sizes and colours for a tablet used standing, outdoors, with gloves."""

from __future__ import annotations

import flet as ft

TOUCH = 56  # every button at least this tall: above the 48 px minimum, for gloves
TARGET = 48  # the smallest hit area of any control (WCAG 2.5.5; docs/accessibility.md)
ICON_PADDING = (TARGET - 24) // 2  # a 24 px icon in a 48 px button (Flutter's default is 40)
TEXT = 18
TEXT_LARGE = 24
TEXT_READ_ALOUD = 28
GAP = 16
SEED = ft.Colors.TEAL


FONTS = {
    "DejaVu Sans": "fonts/DejaVuSans.ttf",
    "Noto Emoji": "fonts/NotoEmoji-Regular.ttf",
    "Noto Sans Arabic": "fonts/NotoSansArabic-Regular.ttf",
}
"""Fonts from assets/fonts/ (DejaVu Sans and Noto Emoji are those the PDF reports fall
back on, see reports/FONTS.md), registered with ``page.fonts`` and tried in this order:
the web client finds emoji, arrows, check marks and Arabic (﷽) in them instead of asking
a font CDN, which an offline tablet cannot reach. The copy of DejaVu Sans has no zero-width
joiner: a joiner drawn from another font than the emoji beside it splits a sequence such
as 🧑‍🔧 into 🧑🔧, so Noto Emoji draws it. (Noto Emoji cannot come first: it has the space
and the digits, for keycaps, far wider than DejaVu's.)"""
FALLBACK = list(FONTS)
TEXT_STYLES = [
    f"{group}_{size}"
    for group in ("display", "headline", "title", "body", "label")
    for size in ("large", "medium", "small")
]


def theme() -> ft.Theme:
    fallback = {name: ft.TextStyle(font_family_fallback=FALLBACK) for name in TEXT_STYLES}
    return ft.Theme(
        color_scheme_seed=SEED,
        visual_density=ft.VisualDensity.STANDARD,
        text_theme=ft.TextTheme(**fallback),
        primary_text_theme=ft.TextTheme(**fallback),
        # Every icon button, the title bars' back arrows too, is at least 48 x 48 px.
        icon_button_theme=ft.IconButtonTheme(style=ft.ButtonStyle(padding=ft.Padding.all(ICON_PADDING))),
    )


def name_text(value: str) -> ft.Text:
    """A name someone typed (a writer's, with initials) as a button's text, drawn with the
    bundled fonts as fallback: a button's own ``text_style`` replaces the theme's, fallback
    and all, so without it an emoji in the name was an empty box (issue 9 trial). Its size
    and weight come from the button. Only for buttons and chips that show such names:
    giving the fallback to every text style, text fields' included, broke taps into text
    fields in the browser (reverted in d63f4f0)."""
    return ft.Text(value, style=ft.TextStyle(font_family_fallback=FALLBACK))


def button_style() -> ft.ButtonStyle:
    return ft.ButtonStyle(
        text_style=ft.TextStyle(size=TEXT),
        padding=ft.Padding.symmetric(horizontal=20, vertical=12),
        shape=ft.RoundedRectangleBorder(radius=12),
    )
