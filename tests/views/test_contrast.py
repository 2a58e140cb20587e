"""The contrast of the text and background colours the screens use (WCAG 2.1, 1.4.3 and
1.4.11): at least 4.5:1 for text, 3:1 for the outline of a field or a control.

The theme's own colours are what Flutter's Material 3 derives from ``theme.SEED`` (teal),
measured in Chromium (tests/e2e/test_accessibility.py checks two of them on screen); the
named ones are Material's fixed palette that ``ft.Colors`` names. docs/accessibility.md
lists the result.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SCHEME = {  # light scheme from the teal seed
    "surface": "#F4FBF8",
    "surface_container_low": "#EFF5F2",  # cards, Settings' background
    "surface_container_highest": "#DDE4E1",  # a conversation card's face
    "on_surface": "#161D1C",
    "on_surface_variant": "#3F4947",  # hints, help texts, chip labels
    "outline": "#6F7977",  # field borders
    "primary": "#006A60",
    "on_primary": "#FFFFFF",
    "secondary_container": "#CCE8E2",
    "on_secondary_container": "#334B47",
    "error": "#BA1A1A",
    "error_container": "#FFDAD6",
}
MATERIAL = {  # ft.Colors' named colours used as backgrounds
    "TEAL_100": "#B2DFDB",
    "LIGHT_GREEN_200": "#C5E1A5",
    "GREEN_100": "#C8E6C9",
    "GREEN_900": "#1B5E20",
    "AMBER_100": "#FFECB3",
    "AMBER_300": "#FFD54F",
    "BLUE_GREY_50": "#ECEFF1",
    "BLUE_GREY_100": "#CFD8DC",
    "BLUE_100": "#BBDEFB",
    "LIGHT_BLUE_100": "#B3E5FC",
    "DEEP_ORANGE_100": "#FFCCBC",
}
COLOURS = {**SCHEME, **MATERIAL}

TEXT, OUTLINE = 4.5, 3.0
PAIRS = [  # (what, text or outline colour, background, the least contrast WCAG AA asks)
    ("body text", "on_surface", "surface", TEXT),
    ("body text on a card", "on_surface", "surface_container_low", TEXT),
    ("hints and help texts", "on_surface_variant", "surface", TEXT),
    ("a hint on a conversation card", "on_surface_variant", "surface_container_highest", TEXT),
    ("outlined and text buttons", "primary", "surface", TEXT),
    ("filled buttons", "on_primary", "primary", TEXT),
    ("a field's error message", "error", "surface", TEXT),
    ("a warning banner (CPR number, refused input)", "on_surface", "error_container", TEXT),
    ("an info banner, tonal buttons, the current phase", "on_secondary_container", "secondary_container", TEXT),
    ("a chosen chip (one of many)", "on_surface_variant", "LIGHT_GREEN_200", TEXT),
    ("a chosen chip (several)", "on_surface_variant", "TEAL_100", TEXT),
    ("the social profile's badge, qualifies", "GREEN_900", "GREEN_100", TEXT),
    ("a card's lead tag, a task's level", "on_surface", "AMBER_100", TEXT),
    ("a card's lead tag (both)", "on_surface", "BLUE_GREY_50", TEXT),
    ("the sync badge, quiet", "on_surface", "BLUE_GREY_100", TEXT),
    ("the sync badge, look at me", "on_surface", "AMBER_300", TEXT),
    ("status tags: open", "on_surface", "BLUE_100", TEXT),
    ("status tags: candidates sent", "on_surface", "LIGHT_BLUE_100", TEXT),
    ("status tags: overdue", "on_surface", "DEEP_ORANGE_100", TEXT),
    ("status tags: done, already", "on_surface", "GREEN_100", TEXT),
    ("the border of a text field", "outline", "surface", OUTLINE),
    ("a checkbox, a switch, a focused field", "primary", "surface", OUTLINE),
]


def luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour written #RRGGBB (WCAG 2.1's formula)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_gives_wcag_s_known_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes


@pytest.mark.parametrize(("what", "fg", "bg", "least"), PAIRS, ids=[p[0] for p in PAIRS])
def test_text_and_controls_stand_out_from_their_background(what: str, fg: str, bg: str, least: float) -> None:
    ratio = contrast(COLOURS[fg], COLOURS[bg])
    assert ratio >= least, f"{what}: {fg} on {bg} is {ratio:.2f}:1, needs {least}:1"


def table() -> str:
    """The pairs and their contrast as a Markdown table (for docs/accessibility.md)."""
    rows = ["| where | text | background | contrast | needs |", "|---|---|---|---|---|"]
    for what, fg, bg, least in PAIRS:
        ratio = contrast(COLOURS[fg], COLOURS[bg])
        rows.append(f"| {what} | `{fg}` {COLOURS[fg]} | `{bg}` {COLOURS[bg]} | {ratio:.1f}:1 | {least}:1 |")
    return "\n".join(rows)


def test_docs_accessibility_md_shows_these_ratios_and_its_screenshots_exist() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs"
    page = (docs / "accessibility.md").read_text(encoding="utf-8")
    assert table() in page, "docs/accessibility.md: paste `python tests/views/test_contrast.py` again"
    for target in re.findall(r"\]\((screenshots/[^)]+)\)", page):
        assert (docs / target).exists(), target


if __name__ == "__main__":
    print(table())
