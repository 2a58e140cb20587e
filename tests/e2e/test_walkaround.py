"""The walk-around on foot: four tasks in two areas (one with a photo), grouped by area with
the writer's initials, filtered by level, changed and deleted; then a full-time position
split into tasks, hours freed for skilled staff, and the marked tasks sent to the walk-around."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Locator

from storage import visit_records
from storage.db import Store
from tests.e2e.conftest import PORTRAIT, AppProcess, Ui, eventually, free_port, tablet
from tests.e2e.seed import seed

pytestmark = pytest.mark.e2e


def seed_with_writers(data: Path) -> str:
    """The seeded visit to Vestjysk Emballage, with a co-visit pair; Mette is writing."""
    visit = seed(data)["visit2"]
    store = Store(data / "feltmappe.db")
    try:
        visit_records.add_participant(
            store, visit_id=visit, name="Mette Sørensen", organisation="Erhvervsrådet", role="E"
        )
        visit_records.add_participant(store, visit_id=visit, name="Ole Hansen", organisation="Jobcenter", role="S")
        visit_records.set_writer(store, visit_id=visit, name="Mette Sørensen")
    finally:
        store.close()
    return visit


def bring_into_view(ui: Ui, target: Locator) -> None:
    """Wheel-scroll until ``target`` is near the top of the screen, without tapping it."""
    target.wait_for(state="attached")
    size = ui.page.viewport_size or PORTRAIT
    last = None
    for _step in range(30):
        box = target.bounding_box()
        if box is None or box["y"] == last or 90 <= box["y"] <= 260:
            break
        last = box["y"]
        ui.page.mouse.move(size["width"] / 2, size["height"] / 2)
        ui.page.mouse.wheel(0, max(-400, min(400, box["y"] - 200)))
        time.sleep(0.25)


def assert_save_after_the_last_field(ui: Ui) -> None:
    """ "Gem opgave" comes after every field of the form, the note on accommodations last:
    what is filled in on the way down is in the task when it is saved."""
    note = ui.page.get_by_role("textbox", name="Note om tilpasning", exact=True)
    bring_into_view(ui, note)
    save = ui.page.get_by_role("button", name="Gem opgave", exact=True).bounding_box()
    last = note.bounding_box()
    chips = [ui.page.get_by_role("checkbox", name=name, exact=True).bounding_box() for name in ("Hjælpemidler",)]
    assert save is not None and last is not None, (save, last)
    for box in (last, *chips):
        assert box is not None and save["y"] >= box["y"] + box["height"], (save, box)
    ui.page.mouse.wheel(0, -5000)


def record(ui: Ui, title: str, *, area: str | None = None, hours: str = "", level: str = "", done_by: str = "") -> None:
    if area is not None:
        ui.type("Område / station", area)
    ui.type("Opgave", title)
    if done_by:
        ui.type("Hvem laver det i dag", done_by)
    if hours:
        ui.type("Timer om ugen", hours)
    if level:
        ui.tap(level)
    ui.tap("Gem opgave")
    ui.see(f"Gemt: {title}")


def test_walkaround_and_tasks_instead_of_positions(tmp_path: Path, browser: Browser) -> None:
    data = tmp_path / "data"
    visit = seed_with_writers(data)
    picture = tmp_path / "hal.png"
    Image.new("RGB", (640, 480), (40, 120, 90)).save(picture)
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser) as ui:
            ui.open(f"{app.url}/visit/{visit}/walk")
            ui.answer_who_writes()  # a new session asks who writes
            ui.see("Ingen opgaver endnu. Skriv den første ovenfor.")
            assert_save_after_the_last_field(ui)

            # The walk-around questions are at hand, one at a time.
            ui.see("Spørgsmål til rundturen 1/11")
            ui.see("Hvilke opgaver bliver ikke løst i dag")
            ui.tap("Næste spørgsmål")
            ui.see("Spørgsmål til rundturen 2/11")
            ui.see("Det er her, substitutionen typisk findes.")

            # A first task with everything: level, green category, accommodations, a photo.
            ui.type("Område / station", "Pakkeri")
            ui.type("Opgave", "Folde papkasser")
            ui.type("Hvem laver det i dag", "Pakkerne")
            ui.type("Timer om ugen", "2,5")
            ui.tap("2 · Intern oplæring")
            ui.tap("Genbrug af pap og plastik")
            ui.tap("Jobbet kan deles op", role="checkbox")
            ui.tap("Hjælpemidler", role="checkbox")
            ui.type("Note om tilpasning", "Ståstol findes i pakkeriet")
            with ui.page.expect_file_chooser() as chooser:
                ui.tap("Tilføj foto")
            chooser.value.set_files(str(picture))
            ui.see("Foto til opgaven")
            ui.see("Skift foto")
            ui.shot("14-walkaround")
            ui.tap("Gem opgave")
            ui.see("Gemt: Folde papkasser")

            # The form is ready for the next task: area kept, the rest cleared, cursor in the title.
            ui.wait_for_focus("Opgave", timeout_ms=5_000)
            assert ui.field_value("Område / station") == "Pakkeri"
            assert ui.field_value("Opgave") == ""
            assert ui.field_value("Timer om ugen") == ""
            assert ui.sees("Tilføj foto")

            # The next ones take a title, maybe a level, and "Gem opgave": the area is remembered.
            record(ui, "Sortere plastfolie", hours="2")
            record(ui, "Feje gården", area="Gården", hours="3", done_by="Smeden")
            record(ui, "Registrere vandforbrug", hours="1", level="3 · Formel uddannelse")

            # Grouped by area, with counts, hours and the writer's initials.
            ui.see("Pakkeri · 2 opgaver · 4,5 t/uge")
            ui.see("Gården · 2 opgaver · 4 t/uge")
            ui.see("4 opgaver · 8,5 timer om ugen i alt.")
            ui.see("I dag: Pakkerne · 2,5 t/uge")
            ui.see("Ståstol findes i pakkeriet")
            ui.see("Foto: Folde papkasser")
            assert ui.text("Jobbet kan deles op").count() == 2  # the chip and the task's badge
            assert ui.text("Hjælpemidler").count() == 2
            assert ui.text("Roligt arbejdssted").count() == 1  # only the chip
            assert ui.text("MS").count() >= 4

            # Filter by level, then by green category.
            ui.tap("Niveau 3")
            ui.see("Filteret viser 1.")
            ui.see("Gården · 1 opgave · 1 t/uge")
            assert not ui.sees("Pakkeri ·") and not ui.sees("Folde papkasser")
            ui.tap("Niveau 1")
            ui.see("Filteret viser 2.")
            ui.see("Pakkeri · 1 opgave · 2 t/uge")
            ui.see("Gården · 1 opgave · 3 t/uge")
            assert ui.sees("Feje gården") and ui.sees("Sortere plastfolie")
            ui.tap("Alle")
            ui.tap("Genbrug af pap og plastik (1)")
            ui.see("Filteret viser 1.")
            ui.see("Pakkeri · 1 opgave · 2,5 t/uge")
            assert not ui.sees("Gården ·") and not ui.sees("Feje gården")
            ui.tap("Alle kategorier")
            ui.see("Feje gården")
            bring_into_view(ui, ui.text("Pakkeri · 2 opgaver").first)
            ui.shot("15-walk-tasks")

            # Nothing is saved without a title.
            ui.tap("Gem opgave")
            ui.see("Skriv, hvad opgaven er.")
            ui.type("Opgave", "Vaske vinduer")
            ui.type("Timer om ugen", "to")
            ui.tap("Gem opgave")
            ui.see("Skriv timer som et tal, fx 4 eller 2,5.")
            assert not ui.sees("Gemt: Vaske vinduer")

            # Another writer takes the tablet; a task is changed, one is recorded and deleted.
            ui.tap("Skriver: MS · Mette Sørensen")
            ui.tap("OH · Ole Hansen (Jobcenter)")
            ui.see("Skriver: OH · Ole Hansen")
            ui.type("Timer om ugen", "1")
            ui.tap("Gem opgave")
            ui.see("Gemt: Vaske vinduer")
            ui.see("OH")
            ui.press(ui.text("Feje gården").last)  # the task in the list
            ui.see("Ret opgave")
            ui.type("Opgave", "Feje gården og p-pladsen")
            ui.shot("16-walk-edit")
            ui.tap("Gem ændringer")
            ui.see("Feje gården og p-pladsen")
            ui.press(ui.text("Vaske vinduer").last)
            ui.see("Ret opgave")
            ui.tap("Slet opgave")
            ui.tap("Tryk igen for at slette")
            ui.see("4 opgaver · 8,5 timer om ugen i alt.")
            assert not ui.sees("Vaske vinduer")

            # Tasks instead of positions.
            ui.tap("Stillinger")
            ui.see("Ingen stillinger endnu.")
            ui.type("Stilling (fx Lagermedarbejder 37 t)", "Lagermedarbejder 37 t")
            ui.tap("Tilføj stilling")
            ui.see("Ingen opgaver i stillingen endnu. Tilføj dem herunder.")
            for title, hours in (("Plukke ordrer", "25"), ("Pakke paller", "7,5"), ("Sortere pap", "4,5")):
                ui.type("Opgave i stillingen", title)
                ui.type("Timer om ugen", hours)
                ui.tap("Tilføj opgave")
                ui.see(title)
            ui.see("0 af 37 timer kan løses af en anden profil – 37 timer tilbage til faglærte")
            ui.tap("Pakke paller", role="checkbox")
            ui.see("7,5 af 37 timer kan løses af en anden profil – 29,5 timer tilbage til faglærte")
            ui.tap("Sortere pap", role="checkbox")
            ui.see("12 af 37 timer kan løses af en anden profil – 25 timer tilbage til faglærte")
            ui.shot("17-positions")
            ui.tap("Gør de markerede til opgaver på rundturen (2)")
            # The tasks' area is asked for: the position's title is not a place in the company.
            ui.see("Hvilket område hører opgaverne til?")
            ui.tap("Læg på rundturen")
            ui.see("Skriv eller vælg det område, opgaverne hører til.")
            ui.type("Område / station", "Lager")
            ui.text("Skriv eller vælg det område").first.wait_for(state="detached")  # gone once typed
            ui.shot("18-positions-area")
            ui.tap("Læg på rundturen")
            ui.see("opgave på rundturen")  # under each converted line, after an arrow
            assert ui.text("opgave på rundturen").count() == 2
            ui.see("Gør de markerede til opgaver på rundturen (0)")  # nothing is converted twice
            ui.shot("18-positions-converted")

            ui.tap("Se opgaverne på rundturen")
            ui.see("Lager · 2 opgaver · 12 t/uge")
            ui.see("6 opgaver · 20,5 timer om ugen i alt.")
            assert ui.text("Fra stilling").count() == 2
            bring_into_view(ui, ui.text("Lager · 2 opgaver").first)
            ui.shot("19-walk-from-position")

        # The same screens in landscape: "Gem opgave" after the last field here too.
        with tablet(browser, "landscape") as wide:
            wide.open(f"{app.url}/visit/{visit}/walk")
            wide.answer_who_writes()  # a new session asks who writes
            wide.see("Gården · 2 opgaver · 4 t/uge")
            assert_save_after_the_last_field(wide)
            assert wide.field_value("Område / station") == "Gården"
            wide.type("Opgave", "Tømme papcontainer")
            wide.tap("Genbrug af pap og plastik")
            bring_into_view(wide, wide.text("Grøn opgave").first)  # down to "Gem opgave", after the last field
            wide.shot("14-walkaround")
            wide.tap("Gem opgave")
            wide.see("Gemt: Tømme papcontainer")
            wide.see("Gården · 3 opgaver · 4 t/uge")
            bring_into_view(wide, wide.text("Pakkeri · 2 opgaver").first)
            wide.shot("15-walk-tasks")
            wide.press(wide.text("Folde papkasser").last)
            wide.see("Ret opgave")
            wide.shot("16-walk-edit")
            wide.tap("Annuller")
            bring_into_view(wide, wide.text("Lager · 2 opgaver").first)
            wide.shot("19-walk-from-position")
            wide.open(f"{app.url}/visit/{visit}/positions")
            wide.answer_who_writes()  # a new session asks who writes
            wide.see("12 af 37 timer kan løses af en anden profil – 25 timer tilbage til faglærte")
            # A second position; the buttons at the top switch between them.
            wide.type("Stilling (fx Lagermedarbejder 37 t)", "Smed 37 t")
            wide.tap("Tilføj stilling")
            for title, hours in (("Svejse rammer", "30"), ("Rydde værkstedet", "7")):
                wide.type("Opgave i stillingen", title)
                wide.type("Timer om ugen", hours)
                wide.tap("Tilføj opgave")
                wide.see(title)
            wide.tap("Rydde værkstedet", role="checkbox")
            wide.see("7 af 37 timer kan løses af en anden profil – 30 timer tilbage til faglærte")
            wide.shot("17-positions")
            wide.tap("Gør de markerede til opgaver på rundturen (1)")
            wide.see("Hvilket område hører opgaverne til?")
            wide.tap("Lager")  # an area used on this visit, in one tap
            assert wide.field_value("Område / station") == "Lager"
            wide.shot("18-positions-area")
            wide.tap("Læg på rundturen")
            wide.see("Gør de markerede til opgaver på rundturen (0)")
            wide.shot("18-positions-converted")
            wide.tap("Lagermedarbejder 37 t")
            wide.see("12 af 37 timer kan løses af en anden profil – 25 timer tilbage til faglærte")
            wide.tap("Se opgaverne på rundturen")
            wide.see("Lager · 3 opgaver · 19 t/uge")
    finally:
        app.stop()


def test_a_task_being_typed_survives_a_killed_app(tmp_path: Path, ui: Ui) -> None:
    data = tmp_path / "data"
    visit = seed_with_writers(data)
    app = AppProcess(data, free_port()).start()
    try:
        ui.open(f"{app.url}/visit/{visit}/walk")
        ui.answer_who_writes()  # a new session asks who writes
        ui.type("Område / station", "Lageret")
        ui.type("Opgave", "Mærke paller med stregkoder")
        ui.tap("3 · Formel uddannelse")
        ui.tap("Krav til dansk", role="checkbox")
        time.sleep(1)
        app.kill()  # a dead battery before "Gem opgave"

        app = AppProcess(data, free_port()).start()
        ui.open(f"{app.url}/visit/{visit}/walk")
        ui.answer_who_writes()  # a new session asks who writes
        ui.see("Ny opgave")
        # A kept draft, said to be one (fix-walk trial: it came back with nothing said).
        ui.see("er hentet frem: Område / station, Opgave")
        ui.see("Kassér udkast")
        ui.shot("14-walk-draft-restored")
        assert ui.field_value("Opgave") == "Mærke paller med stregkoder"
        assert ui.field_value("Område / station") == "Lageret"
        assert ui.page.get_by_role("checkbox", name="Krav til dansk").get_attribute("aria-checked") == "true"
        ui.tap("Tilbage")  # the back arrow asks before leaving it
        ui.see("Tekst, der ikke er gemt")
        ui.see("«Område / station», «Opgave»")
        ui.tap("Bliv og vælg")
        eventually(lambda: not ui.sees("Tekst, der ikke er gemt"))
        ui.tap("Gem opgave")
        ui.see("Lageret · 1 opgave · 0 t/uge")
        eventually(lambda: not ui.sees("er hentet frem"))
        assert ui.text("Niveau 3").count() == 2  # the filter, and the task's badge: the level was kept too
    finally:
        app.stop()
