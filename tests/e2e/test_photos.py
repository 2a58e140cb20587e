"""A task's photo as the consultant really picks it: a 200-megapixel picture from a phone is
taken (stored downscaled), a file that would fill the tablet's memory when decoded (a PNG
"bomb") is refused with a Danish sentence next to the photo button, and the task keeps no
photo from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser

from storage import visit_records
from storage.db import Store
from storage.photos import LONG_SIDE
from tests.e2e.conftest import AppProcess, free_port, tablet
from tests.e2e.seed import seed_one_writer
from tests.storage.test_photos import PHONE_200MP, png_bomb

pytestmark = pytest.mark.e2e


def test_a_huge_photo_is_taken_and_a_bomb_refused_in_words(tmp_path: Path, browser: Browser) -> None:
    data = tmp_path / "data"
    visit = seed_one_writer(data)
    bomb = tmp_path / "bombe.png"
    bomb.write_bytes(png_bomb(12_000, 12_000))  # 144 megapixels in a few kB
    huge = tmp_path / "200mp.jpg"
    Image.new("L", PHONE_200MP, 140).save(huge, format="JPEG", quality=60)
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser) as ui:
            ui.open(f"{app.url}/visit/{visit}/walk")
            ui.see("Ingen opgaver endnu. Skriv den første ovenfor.")
            ui.type("Område / station", "Lager")
            ui.type("Opgave", "Tælle paller")

            with ui.page.expect_file_chooser() as chooser:
                ui.tap("Tilføj foto")
            chooser.value.set_files(str(bomb))
            ui.see("Billedet er for stort til at blive læst på tabletten (144 megapixel)")
            assert ui.sees("Tilføj foto") and not ui.sees("Foto til opgaven")

            with ui.page.expect_file_chooser() as chooser:
                ui.tap("Tilføj foto")
            chooser.value.set_files(str(huge))
            ui.see("Foto til opgaven", timeout=60_000)
            ui.see("Skift foto")
            assert not ui.sees("Billedet er for stort")
            ui.tap("Gem opgave")
            ui.see("Gemt: Tælle paller")
    finally:
        app.stop()

    store = Store(data / "feltmappe.db")
    try:
        (task,) = visit_records.tasks(store, visit_id=visit)
    finally:
        store.close()
    with Image.open(data / "photos" / f"{task.photo}.jpg") as stored:
        assert stored.size == (LONG_SIDE, 1200)
