"""Emoji, arrows and check marks on screen in the offline web client: drawn from the fonts
bundled in assets/fonts/. Flutter's web engine would fetch a font for a missing glyph from
a CDN; Flet's no-CDN client turns that off, so without bundled fonts each of them was an
empty box (seen in a screenshot), and with a CDN an offline tablet would show boxes too."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import AppProcess, Ui

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
