"""Two app instances on one server, in Chromium: a note written on one tablet appears on
the other after sync, pairing works from the Settings screen, and text changed on both
tablets at once shows the conflict screen, where a person settles it and the choice syncs."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from storage import repo
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, eventually, free_port, tablet
from tests.e2e.seed import seed
from tests.e2e.syncing import pushed, sync_now, synced_store
from tests.server_harness import PASSWORD, Server

pytestmark = pytest.mark.e2e


def test_pairing_from_settings(server: Server, app: AppProcess, ui: Ui) -> None:
    ui.open(app.url + "/settings")
    ui.see("Ikke forbundet")
    ui.type("Serverens adresse (https://…)", "http://sync.example.dk")
    ui.type("Brugernavn", "ole")
    ui.type("Adgangskode", PASSWORD)
    ui.tap("Forbind")
    ui.see("Serveren skal bruge HTTPS")
    ui.type("Serverens adresse (https://…)", server.url)
    ui.type("Adgangskode", "forkert kode")
    ui.tap("Forbind")
    ui.see("Forkert brugernavn eller adgangskode.")
    ui.type("Adgangskode", PASSWORD)
    ui.tap("Forbind")
    ui.see("som ole")
    ui.see("Synkroniseret")
    ui.shot("30-settings-paired")


def test_a_note_reaches_the_other_tablet_and_a_conflict_is_settled(
    server: Server, tmp_path: Path, browser: Browser
) -> None:
    data_a, data_b = tmp_path / "a", tmp_path / "b"
    ids = seed(data_a)
    visit = ids["visit2"]
    synced_store(data_a, server, "ole")
    synced_store(data_b, server, "mette")
    app_a = AppProcess(data_a, free_port()).start()
    app_b = AppProcess(data_b, free_port()).start()
    try:
        with tablet(browser) as a, tablet(browser, "landscape") as b:
            # Tablet A writes a note on the bubble sheet; it syncs by itself.
            a.open(f"{app_a.url}/visit/{visit}/bubbles")
            a.press(a.page.get_by_role("button", name="Tilføj note ·").first)
            a.type("Note", "Travlt i pakkeriet om morgenen")
            a.tap("Gem")
            a.see("Travlt i pakkeriet om morgenen")
            pushed(a)

            # Tablet B syncs ("sync now" on the badge) and finds it.
            def b_has_note() -> bool:
                b.open(f"{app_b.url}/visit/{visit}/bubbles")
                b.see("Boblepapiret")
                if b.sees("Travlt i pakkeriet om morgenen"):
                    return True
                sync_now(b)
                return False

            eventually(b_has_note)

            # B goes offline and edits an answer; meanwhile A edits the same answer.
            app_b.stop()
            store_b = Store(data_b / "feltmappe.db")
            # The starred card comes first on the screen: both edit that one.
            repo.save_card(store_b, visit_id=visit, card_id="opening-02", answer="Familieejet, 45 ansatte (B)")
            store_b.close()
            a.open(f"{app_a.url}/visit/{visit}/cards")
            a.see("Kort 1 af 8")
            a.type("Virksomhedens svar · kort 1 af 8", "Familieejet, 42 ansatte, tre skift (A)")
            pushed(a)  # A's change reaches the server before B is back

            # B comes back: its push meets A's change, and the conflict shows.
            app_b.start()
            b.open(f"{app_b.url}/visit/{visit}/cards")

            def b_shows_conflict() -> bool:
                b.open(f"{app_b.url}/visit/{visit}/cards")
                b.see("Kort 1 af 8")
                return b.sees("blev ændret to steder på én gang")

            eventually(b_shows_conflict)
            b.tap("Løs konflikten")
            b.see("Gældende tekst (vandt)")
            b.see("Familieejet, 42 ansatte, tre skift (A)")
            b.see("Familieejet, 45 ansatte (B)")
            b.shot("31-conflict")
            b.tap("Brug den anden")
            b.see("Ingen konflikter")

            # The choice syncs: A ends with B's text and no conflict.
            def a_has_choice() -> bool:
                a.open(f"{app_a.url}/visit/{visit}/cards")
                a.see("Kort 1 af 8")
                return a.field_value("Virksomhedens svar · kort 1 af 8") == "Familieejet, 45 ansatte (B)"

            eventually(a_has_choice, timeout=60)
            assert not a.sees("blev ændret to steder på én gang")
    finally:
        app_a.stop()
        app_b.stop()
