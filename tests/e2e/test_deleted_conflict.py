"""A note deleted on one tablet while a colleague, offline, added to it on another: in the
real app the text is not lost. The conflict screen shows it as "Ændret efter den blev
slettet"; "Gendan med denne tekst" brings the note back, on every tablet."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from storage import visit_records
from storage.db import Store
from storage.photos import PhotoStore
from sync.client import SyncClient
from tests.e2e.conftest import LANDSCAPE, AppProcess, eventually, free_port, tablet
from tests.e2e.seed import seed
from tests.e2e.syncing import sync_now, synced_store
from tests.server_harness import Server

pytestmark = pytest.mark.e2e


def test_text_added_to_a_note_deleted_elsewhere_is_kept_and_can_be_restored(
    server: Server, tmp_path: Path, browser: Browser
) -> None:
    data_a, data_b = tmp_path / "a", tmp_path / "b"
    visit = seed(data_a)["visit2"]
    store = Store(data_a / "feltmappe.db")
    note = visit_records.add_note(store, visit_id=visit, field="general", text="Ring til Per", author="Ole")
    store.close()
    synced_store(data_a, server, "ole")
    synced_store(data_b, server, "mette")

    # Mette deletes the note on her tablet and syncs...
    other = Store(data_b / "feltmappe.db")
    visit_records.delete_note(other, note_id=note)
    SyncClient(other, PhotoStore(data_b / "photos")).sync()
    # ...while Ole, offline, adds to it on his.
    store = Store(data_a / "feltmappe.db")
    visit_records.update_note(store, note_id=note, text="Ring til Per om flexjob i januar")
    store.close()

    app = AppProcess(data_a, free_port()).start()
    try:
        with tablet(browser) as ui:

            def conflict_shown() -> bool:
                ui.open(f"{app.url}/conflicts")
                ui.see("Konflikter")
                if ui.sees("Ændret efter den blev slettet"):
                    return True
                sync_now(ui)
                return False

            eventually(conflict_shown, timeout=60)
            ui.see("Ring til Per om flexjob i januar")
            ui.see("Lad den være slettet")
            ui.shot("35-conflict-deleted")
            ui.page.set_viewport_size(LANDSCAPE)
            ui.orientation = "landscape"
            ui.see("Gendan med denne tekst")
            ui.shot("35-conflict-deleted")
            ui.tap("Gendan med denne tekst")
            ui.see("Ingen konflikter")

            # The note is back on Mette's tablet too, with Ole's text.
            def restored_on_the_other() -> bool:
                SyncClient(other, PhotoStore(data_b / "photos")).sync()
                return [n.text for n in visit_records.notes(other, visit_id=visit)] == [
                    "Ring til Per om flexjob i januar"
                ]

            eventually(restored_on_the_other, timeout=60)
    finally:
        app.stop()
        other.close()
