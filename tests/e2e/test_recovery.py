"""A database the app cannot use starts the recovery screen, not a crash: in Danish (English
a tap away), the file untouched, where it is, and the ways to hand it to IT."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import AppProcess, free_port, tablet

pytestmark = pytest.mark.e2e

DAMAGED = b"SQLite format 3\x00" + b"\x13\x37 half a tablet's notes, then garbage " * 400


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged_app(tmp_path: Path) -> Iterator[AppProcess]:
    data = tmp_path / "data"
    data.mkdir()
    (data / "feltmappe.db").write_bytes(DAMAGED)
    process = AppProcess(data, free_port()).start()
    yield process
    process.stop()


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_a_damaged_database_shows_the_recovery_screen_and_is_left_untouched(
    browser: Browser, damaged_app: AppProcess, orientation: str
) -> None:
    path = damaged_app.data_dir / "feltmappe.db"
    before = digest(path)
    with tablet(browser, orientation, accept_downloads=True, permissions=["clipboard-read", "clipboard-write"]) as ui:
        ui.open(damaged_app.url)
        ui.see("Feltmappe kan ikke åbne tablettens data")
        ui.see("Filen med tablettens data er beskadiget")
        ui.see("filen ligger urørt på tabletten")
        ui.see(str(path.resolve()))
        ui.see("Tekst til IT")
        ui.shot("76-recovery")

        with ui.page.expect_download() as info:
            ui.tap("Del filen")
        shared = Path(info.value.path())
        assert info.value.suggested_filename == "feltmappe.db"
        assert shared.read_bytes() == DAMAGED  # IT gets the file as it is

        ui.tap("Kopiér teksten")
        ui.see("Teksten er kopieret")
        copied = ui.page.evaluate("() => navigator.clipboard.readText()")
        assert str(path.resolve()) in copied and "Problem: Filen med tablettens data er beskadiget" in copied

        ui.tap("English")
        ui.see("Feltmappe cannot open the tablet's data")
        ui.see("Share the file")

    assert digest(path) == before
    assert sorted(p.name for p in damaged_app.data_dir.iterdir()) == ["feltmappe.db"]  # nothing written beside it
