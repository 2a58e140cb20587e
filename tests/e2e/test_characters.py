"""Emoji, arrows and check marks on screen in the offline web client: drawn from the fonts
bundled in assets/fonts/. Flutter's web engine would fetch a font for a missing glyph from
a CDN; Flet's no-CDN client turns that off, so without bundled fonts each of them was an
empty box (seen in a screenshot), and with a CDN an offline tablet would show boxes too."""

from __future__ import annotations

import io
import time
from urllib.parse import urlparse

import pytest
from PIL import Image
from playwright.sync_api import Browser

from tests.e2e.conftest import AppProcess, Ui, tablet

pytestmark = pytest.mark.e2e

NAME = "Café Ærø ☕ 👍 ✓ → ½"


def test_emoji_and_symbols_are_drawn_without_asking_the_network(app: AppProcess, ui: Ui) -> None:
    elsewhere: list[str] = []
    ui.page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url) if urlparse(request.url).hostname not in {"127.0.0.1", "localhost"} else None
        ),
    )
    ui.open(app.url + "/company/new")
    ui.type("Virksomhedens navn *", NAME)
    ui.tap("Gem og forbered besøget")
    ui.see(NAME)
    ui.tap("Samtalekort")  # another screen, more text drawn
    ui.see(NAME)
    # No font from a CDN. (Flet's web client itself asks a CDN for its Rive animation
    # runtime, which the app does not use; that is not a font.)
    assert [url for url in elsewhere if "font" in url or url.endswith((".ttf", ".otf", ".woff", ".woff2"))] == []
    fonts = ui.page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name).filter(n => /\\.(ttf|otf|woff2?)$/.test(n))"
    )
    assert any(name.endswith("/fonts/NotoEmoji-Regular.ttf") for name in fonts), fonts
    assert any(name.endswith("/fonts/DejaVuSans.ttf") for name in fonts), fonts
    ui.shot("60-characters")


NAME_FIELD = "Virksomhedens navn *"


def ink_width(ui: Ui, text: str) -> int:
    """Type ``text`` into the company name field and measure, in px, how wide what is
    drawn there is (the middle band of the field, dark pixels; the cursor counts the same
    every time)."""
    ui.type(NAME_FIELD, text)
    time.sleep(0.6)  # painting lags the accessibility tree
    box = ui.page.get_by_role("textbox", name=NAME_FIELD).bounding_box()
    assert box is not None
    shot = Image.open(io.BytesIO(ui.page.screenshot())).convert("L")
    top, height = int(box["y"]), int(box["height"])
    band = shot.crop(
        (int(box["x"]) + 8, top + height * 2 // 5, int(box["x"] + box["width"]) - 16, top + height * 4 // 5)
    )
    columns = [x for x in range(band.width) if any(band.getpixel((x, y)) < 110 for y in range(band.height))]  # type: ignore[operator]
    return columns[-1] - columns[0] + 1 if columns else 0


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_no_empty_box_for_a_ligature_or_a_joined_emoji(app: AppProcess, browser: Browser, orientation: str) -> None:
    """Issue 9: ﷽ (U+FDFD) was an empty box and 🧑‍🔧 was drawn as 🧑 and 🔧 side by side.
    A character no font has is the measure of an empty box (a plane-15 private one)."""
    with tablet(browser, orientation) as ui:
        ui.open(app.url + "/company/new")
        box = ink_width(ui, "\U000f0000")
        assert 0 < box < 30
        assert ink_width(ui, "\ufdfd") > 3 * box  # the whole calligraphic line, not a box
        apart = ink_width(ui, "🧑🔧")
        joined = ink_width(ui, "🧑\u200d🔧")
        assert joined < apart * 0.75, (joined, apart)  # one mechanic, not a person and a wrench
        name = "Fiskehuset 🧑\u200d🔧 \ufdfd"
        ui.type(NAME_FIELD, name)
        ui.tap("Gem og forbered besøget")
        ui.see("Tjekliste før besøget")
        ui.open(app.url)
        ui.see("Fiskehuset")
        ui.shot("60-characters-joined")


EMOJI_NAME = "Amira Haddad 🐟"
