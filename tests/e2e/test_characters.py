"""Emoji, arrows and check marks on screen in the offline web client: drawn from the fonts
bundled in assets/fonts/. Flutter's web engine would fetch a font for a missing glyph from
a CDN; Flet's no-CDN client turns that off, so without bundled fonts each of them was an
empty box (seen in a screenshot), and with a CDN an offline tablet would show boxes too."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from PIL import Image
from playwright.sync_api import Browser, Locator

from storage import visit_records
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, free_port, tablet
from tests.e2e.seed import seed

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


EMOJI_WRITER = "Amira 🐟"
NO_FONT_WRITER = "Amira 中"  # a character none of the bundled fonts has: drawn as the empty box
ARABIC_WRITER = "محمد علي"
INK = (0x1D, 0x1B, 0x20)  # domain.writers.TEXT_ON_COLOUR, the writers' buttons' text


def ink(ui: Ui, button: Locator) -> Image.Image:
    """The button as drawn (its text is read with :func:`ink_mask`)."""
    box = button.bounding_box()
    assert box is not None
    return Image.open(io.BytesIO(ui.page.screenshot(clip=box))).convert("RGB")


def ink_mask(image: Image.Image) -> set[tuple[int, int]]:
    """Where the image is near the text colour (each of R, G and B within 90 in all)."""
    pixels: list[tuple[int, int, int]] = list(image.getdata())  # type: ignore[arg-type]
    return {
        (i % image.width, i // image.width)
        for i, pixel in enumerate(pixels)
        if sum(abs(a - b) for a, b in zip(pixel, INK, strict=True)) < 90
    }


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_an_emoji_in_a_writers_name_is_drawn_in_the_who_writes_buttons(
    tmp_path: Path, browser: Browser, orientation: str
) -> None:
    """Issue 9 trial: in the offline web client an emoji in a writer's name was an empty
    box on the who-writes buttons (their own text style replaced the theme's font
    fallback). Two writers whose names differ only in 🐟 and in a character no font has:
    with 🐟 drawn as a box too, their buttons' text would be the same pixels."""
    data = tmp_path / "data"
    visit = seed(data)["visit2"]
    store = Store(data / "feltmappe.db")
    try:
        for name in (EMOJI_WRITER, NO_FONT_WRITER, "Jens Nielsen", ARABIC_WRITER):
            visit_records.add_participant(store, visit_id=visit, name=name, organisation="Jobcenter", role="S")
        visit_records.set_writer(store, visit_id=visit, name="Jens Nielsen")
        for author, text in ((EMOJI_WRITER, "Travlt om morgenen"), (ARABIC_WRITER, "Vil gerne have en praktikant")):
            visit_records.add_note(store, visit_id=visit, field="recruitment", text=text, author=author)
    finally:
        store.close()
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser, orientation) as ui:
            ui.open(f"{app.url}/visit/{visit}/cards")
            ui.see("Besøget er åbnet på ny")
            fish = ui.page.get_by_role("button", name=re.compile(r"· Amira 🐟 \(Jobcenter\)")).first
            boxed = ui.page.get_by_role("button", name=re.compile(r"· Amira 中 \(Jobcenter\)")).first
            fish.wait_for()
            time.sleep(0.6)  # painting lags the accessibility tree
            drawn, box = ink_mask(ink(ui, fish)), ink_mask(ink(ui, boxed))
            assert len(drawn ^ box) > 0.05 * len(box), (len(drawn), len(box), len(drawn ^ box))
            ui.press(fish)  # Amira 🐟 writes
            ui.see(f"Skriver: A🐟 · {EMOJI_WRITER}")
            ui.tap(f"Skriver: A🐟 · {EMOJI_WRITER}")
            ui.see(f"A🐟 · {EMOJI_WRITER} (Jobcenter) – skriver nu")
            ui.shot("65-writer-emoji")
            ui.press(ui.page.get_by_role("button", name=re.compile("skriver nu$")).first)

            # The notes' avatars: two whole characters (👷 or 🐟 and a letter, or two Arabic
            # letters) on one line inside the circle, never wrapped out of it.
            ui.open(f"{app.url}/visit/{visit}/bubbles")
            ui.answer_who_writes()
            for initials, text in (("A🐟", "Travlt om morgenen"), ("مع", "Vil gerne have en praktikant")):
                note = ui.page.get_by_role("button", name=re.compile(rf"^{initials}\s.*{text}")).first
                note.wait_for()
            if orientation == "landscape":  # the notes are under the three fields' texts
                ui.page.mouse.move(200, 500)
                ui.page.mouse.wheel(0, 400)
            ui.shot("67-avatar-initials")
    finally:
        app.stop()
