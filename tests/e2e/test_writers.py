"""Who is writing on a shared tablet (issue 9, item 4), and "Hurtig note" (item 6).

The tablet's consultant joins every new visit and writes; the picker marks who writes
now, each in their own colour; a visit opened in a new browser tab, or two hours after
the last choice, asks who writes; a job opening's owner is the job centre's consultant;
a quick note is two taps from any tab of a visit.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from domain.records import QUICK_NOTE
from domain.tasks import TaskDraft
from domain.writers import ASK_AGAIN_AFTER_S
from storage import visit_records
from storage.content import load_pack
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, eventually, free_port, tablet
from tests.e2e.seed import seed

pytestmark = pytest.mark.e2e

JENS, METTE = "Jens Nielsen", "Mette Sørensen"
ASKED = "Besøget er åbnet på ny"


def seed_co_visit(data: Path, *, writer: str = JENS, task: bool = False) -> str:
    """The newest seeded visit with the job centre's Jens and the business council's Mette."""
    visit = seed(data)["visit2"]
    store = Store(data / "feltmappe.db")
    try:
        visit_records.add_participant(store, visit_id=visit, name=JENS, organisation="Jobcenter Herning", role="S")
        visit_records.add_participant(store, visit_id=visit, name=METTE, organisation="Erhvervsrådet", role="E")
        visit_records.set_writer(store, visit_id=visit, name=writer)
        if task:
            pack = load_pack("da").pack
            visit_records.save_task(
                store,
                visit_id=visit,
                draft=TaskDraft(area="Lager", title="Sortere pap og plast", hours="4"),
                author=writer,
                green_ids=[c.id for c in pack.green_categories],
                accommodation_ids=[a.id for a in pack.accommodations],
            )
    finally:
        store.close()
    return visit


def scroll_to_end(ui: Ui) -> None:
    """Wheel-scroll to the bottom of the screen, where the quick notes are listed."""
    size = ui.page.viewport_size or {"width": 800, "height": 1280}
    ui.page.mouse.move(size["width"] / 2, size["height"] / 2)
    for _step in range(8):
        ui.page.mouse.wheel(0, 1000)
        time.sleep(0.1)


def notes_of(data: Path, visit: str) -> list[str]:
    store = Store(data / "feltmappe.db")
    try:
        return [n.text for n in visit_records.notes(store, visit_id=visit) if n.field == QUICK_NOTE]
    finally:
        store.close()


def test_the_paired_consultant_joins_a_new_visit_and_writes(tmp_path: Path, ui: Ui) -> None:
    """No name under Settings, but the tablet is paired: the account's name is used."""
    data = tmp_path / "data"
    data.mkdir()
    store = Store(data / "feltmappe.db")
    store.set_state("consultant_name", "Ole Hansen")  # what pairing keeps of the account
    store.close()
    app = AppProcess(data, free_port()).start()
    try:
        ui.open(app.url + "/company/new")
        ui.type("Virksomhedens navn *", "Holstebro Maskinfabrik A/S")
        ui.tap("Gem og forbered besøget")
        ui.see("Skriver: OH · Ole Hansen")
        ui.tap("Deltagere")
        ui.see("S – jobcentret")  # a participant, as the job centre's
        assert not ui.sees(ASKED)  # one participant: nobody else to ask about
    finally:
        app.stop()


def test_a_new_tab_asks_who_writes_and_the_picker_marks_the_writer(tmp_path: Path, ui: Ui, browser: Browser) -> None:
    data = tmp_path / "data"
    visit = seed_co_visit(data)
    app = AppProcess(data, free_port()).start()
    try:
        # A new browser tab (a new session): the visit asks, with Jens marked.
        ui.open(f"{app.url}/visit/{visit}/cards")
        ui.see(ASKED)
        ui.see("JN · Jens Nielsen (Jobcenter Herning) – skriver nu")
        ui.see("MS · Mette Sørensen (Erhvervsrådet)")
        ui.shot("61-writer-asked")
        assert ui.page.get_by_role("button", name="Annuller", exact=True).count() == 0  # a choice is needed
        ui.tap("MS · Mette Sørensen (Erhvervsrådet)")  # one tap
        ui.see("Skriver: MS · Mette Sørensen")
        assert not ui.sees(ASKED)

        # Moving between the visit's tabs in the same session does not ask again.
        ui.tap("Boblepapir")
        ui.see("Skriver: MS · Mette Sørensen")
        assert not ui.sees(ASKED)

        # The picker marks who writes now.
        ui.tap("Skriver: MS · Mette Sørensen")
        ui.see("Hvem skriver nu?")
        ui.see("MS · Mette Sørensen (Erhvervsrådet) – skriver nu")
        ui.see("JN · Jens Nielsen (Jobcenter Herning)")
        assert not ui.sees("JN · Jens Nielsen (Jobcenter Herning) – skriver nu")
        ui.shot("62-writer-picker")
        # Opened by a tap, the picker closes again with "Annuller", and nothing changes.
        ui.tap("Annuller")
        ui.text("Hvem skriver nu?").first.wait_for(state="detached")
        ui.see("Skriver: MS · Mette Sørensen")
        ui.tap("Skriver: MS · Mette Sørensen")
        ui.see("Hvem skriver nu?")
        ui.tap("JN · Jens Nielsen (Jobcenter Herning)")
        ui.see("Skriver: JN · Jens Nielsen")

        # Another tablet-sized tab of the same app: asked again, the last writer marked;
        # one tap confirms.
        with tablet(browser, "landscape") as wide:
            wide.open(f"{app.url}/visit/{visit}/walk")
            wide.see(ASKED)
            wide.see("JN · Jens Nielsen (Jobcenter Herning) – skriver nu")
            wide.shot("61-writer-asked")
            wide.tap("JN · Jens Nielsen (Jobcenter Herning) – skriver nu")
            wide.see("Skriver: JN · Jens Nielsen")
            assert not wide.sees(ASKED)
            wide.tap("Skriver: JN · Jens Nielsen")
            wide.see("JN · Jens Nielsen (Jobcenter Herning) – skriver nu")
            wide.shot("62-writer-picker")

        # Two hours after the last choice, opening another screen of the visit asks again.
        store = Store(data / "feltmappe.db")
        try:
            visit_records.set_writer(
                store, visit_id=visit, name=JENS, confirmed_at=time.time() - ASK_AGAIN_AFTER_S - 60
            )
        finally:
            store.close()
        ui.tap("Rundtur")
        ui.answer_who_writes()
        ui.see("Skriver: JN · Jens Nielsen")
    finally:
        app.stop()


def test_a_restart_asks_who_writes(tmp_path: Path, ui: Ui) -> None:
    data = tmp_path / "data"
    visit = seed_co_visit(data, writer=METTE)
    app = AppProcess(data, free_port()).start()
    try:
        ui.open(f"{app.url}/visit/{visit}/bubbles")
        ui.answer_who_writes()  # Mette, marked
        ui.see("Skriver: MS · Mette Sørensen")
    finally:
        app.stop()
    app = AppProcess(data, free_port()).start()
    try:
        ui.open(f"{app.url}/visit/{visit}/bubbles")
        ui.see("MS · Mette Sørensen (Erhvervsrådet) – skriver nu")
        ui.answer_who_writes(JENS)
        ui.see("Skriver: JN · Jens Nielsen")
    finally:
        app.stop()


def test_an_openings_owner_is_the_job_centres_consultant(tmp_path: Path, ui: Ui) -> None:
    """Mette of the business council holds the pen; Jens of the job centre owns the opening."""
    data = tmp_path / "data"
    visit = seed_co_visit(data, writer=METTE, task=True)
    app = AppProcess(data, free_port()).start()
    try:
        ui.open(f"{app.url}/visit/{visit}/closing")
        ui.answer_who_writes()
        ui.see("Skriver: MS · Mette Sørensen")
        assert ui.field_value("Ansvarlig for jobåbningen") == JENS
    finally:
        app.stop()


def test_a_quick_note_in_two_taps_from_two_tabs(tmp_path: Path, ui: Ui, browser: Browser) -> None:
    data = tmp_path / "data"
    visit = seed(data)["visit2"]
    store = Store(data / "feltmappe.db")
    try:
        visit_records.add_participant(store, visit_id=visit, name=JENS, organisation="Jobcenter Herning", role="S")
        visit_records.set_writer(store, visit_id=visit, name=JENS)
    finally:
        store.close()
    app = AppProcess(data, free_port()).start()
    first, second = "Ring til Lone om truckkurset.", "Pakkeriet mangler folk om morgenen."

    def quick_note(ui: Ui, text: str, shot: str = "") -> None:
        ui.tap("Hurtig note")  # tap one
        # The field has the focus already: the consultant just types.
        ui.wait_for_focus("Note")
        ui.page.keyboard.insert_text(text)
        eventually(lambda: ui.field_value("Note") == text)
        if shot:
            ui.shot(shot)
        # Tap two, twice in a row as a hurried finger does: saved once.
        ui.page.get_by_role("button", name="Gem", exact=True).dblclick()
        ui.see("Noten er gemt")

    try:
        ui.open(f"{app.url}/visit/{visit}/walk")
        quick_note(ui, first, "63-quick-note")
        eventually(lambda: notes_of(data, visit) == [first])

        ui.tap("Samtalekort")
        quick_note(ui, second)
        eventually(lambda: notes_of(data, visit) == [first, second])

        # The bubble sheet lists them, with the writer.
        ui.tap("Boblepapir")
        ui.see("Hurtige noter (2)")
        ui.see(first)
        ui.see(second)
        ui.text("Noten er gemt").first.wait_for(state="detached")
        scroll_to_end(ui)
        ui.shot("64-bubbles-quick-notes")

        # A number that looks like a CPR number: the cleaned text for a look, then saved.
        ui.tap("Hurtig note")
        ui.type("Note", "Kontakt evt. 010190-1234s søster")
        ui.tap("Gem")
        ui.see("Fjern nummeret")
        ui.tap("Fjern nummeret")
        eventually(lambda: "010190" not in ui.field_value("Note"))
        ui.tap("Gem teksten")
        ui.see("Hurtige noter (3)")
        assert not any("010190" in text for text in notes_of(data, visit))

        with tablet(browser, "landscape") as wide:
            wide.open(f"{app.url}/visit/{visit}/bubbles")
            wide.see("Hurtige noter (3)")
            scroll_to_end(wide)
            wide.shot("64-bubbles-quick-notes")
            wide.tap("Hurtig note")
            wide.see("Hurtig note")
            wide.shot("63-quick-note")
    finally:
        app.stop()
