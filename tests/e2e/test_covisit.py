"""A whole co-visit on one shared tablet, as issue 3 describes it: two consultants from
different organisations take turns writing; three bubble-sheet notes; four tasks in two
areas, one with a photo; an opening made from two tasks; a hire recorded, and its three
aftercare check-ins shown with their dates. Every note and task says who wrote it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from storage import visit_records
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, free_port
from tests.e2e.seed import seed

pytestmark = pytest.mark.e2e

OLE, METTE = "Ole Hansen", "Mette Sørensen"


def take_the_pen(ui: Ui, current: str, initials: str, name: str, organisation: str) -> None:
    ui.tap(current)
    ui.see("Hvem skriver nu?")
    ui.tap(f"{initials} · {name} ({organisation})")
    ui.see(f"Skriver: {initials} · {name}")


def note(ui: Ui, field_index: int, text: str) -> None:
    ui.press(ui.page.get_by_role("button", name="Tilføj note ·").nth(field_index))
    ui.type("Note", text)
    ui.tap("Gem")
    ui.see(text)


def task(ui: Ui, title: str, *, area: str | None = None, hours: str = "2") -> None:
    if area is not None:
        ui.type("Område / station", area)
    ui.type("Opgave", title)
    ui.type("Timer om ugen", hours)
    ui.tap("Gem opgave")
    ui.see(f"Gemt: {title}")


def test_a_full_co_visit(tmp_path: Path, ui: Ui) -> None:
    data = tmp_path / "data"
    visit = seed(data)["visit1"]
    picture = tmp_path / "pakkeri.png"
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), (180, 140, 90)).save(buffer, format="PNG")
    picture.write_bytes(buffer.getvalue())
    app = AppProcess(data, free_port()).start()
    try:
        # Who takes part: the job centre (S) and the business council (E).
        ui.open(f"{app.url}/visit/{visit}/people")
        ui.type("Navn", OLE)
        ui.type("Organisation (fx Jobcenter Herning)", "Jobcenter Herning")
        ui.tap("Tilføj")
        ui.see(f"Skriver: OH · {OLE}")
        ui.type("Navn", METTE)
        ui.type("Organisation (fx Jobcenter Herning)", "Erhvervsrådet")
        ui.tap("E – erhvervsrådet")
        ui.tap("Tilføj")
        ui.see(METTE)

        # Three notes on the bubble sheet, by both.
        ui.tap("Boblepapir")
        note(ui, 0, "Mangler to hænder til pakning om morgenen")
        take_the_pen(ui, f"Skriver: OH · {OLE}", "MS", METTE, "Erhvervsrådet")
        note(ui, 1, "En medarbejder er sygemeldt med ondt i ryggen")
        note(ui, 2, "Truckcertifikat til to lagerfolk")
        ui.shot("26-covisit-bubbles")

        # The walk-around: Mette takes the packing room, Ole the yard.
        ui.tap("Rundtur")
        with ui.page.expect_file_chooser() as chooser:
            ui.tap("Tilføj foto")
        chooser.value.set_files(str(picture))
        ui.see("Foto til opgaven")
        task(ui, "Folde papkasser", area="Pakkeri", hours="2,5")
        task(ui, "Sortere plastfolie", hours="2")
        take_the_pen(ui, f"Skriver: MS · {METTE}", "OH", OLE, "Jobcenter Herning")
        task(ui, "Feje gården", area="Gården", hours="3")
        task(ui, "Tømme affaldsspande", hours="1")
        ui.see("Pakkeri · 2 opgaver · 4,5 t/uge")
        ui.see("Gården · 2 opgaver · 4 t/uge")
        ui.see("Foto: Folde papkasser")
        ui.shot("27-covisit-walk")

        # Closing: one opening from two tasks, then a hire with its aftercare.
        ui.tap("Afrunding")
        ui.type("Titel på jobåbningen", "Grøn medhjælper i pakkeriet")
        ui.press(ui.page.get_by_role("checkbox", name="Folde papkasser"))
        ui.press(ui.page.get_by_role("checkbox", name="Sortere plastfolie"))
        ui.tap("Opret jobåbning")
        ui.see("4,5 timer om ugen")
        ui.tap("Registrér ansættelse")
        ui.see("Hvilken slags?")
        ui.tap("Støttet beskæftigelse", role="radio")
        ui.type("Startdato (dd-mm-åååå)", "31-08-2027")
        ui.tap("Gem ansættelse")
        ui.see("Ansat: Støttet beskæftigelse fra 31. aug. 2027")
        ui.see("Senest 28. sep. 2027")  # about 4 weeks
        ui.see("Senest 23. nov. 2027")  # about 12 weeks
        ui.see("Senest 29. feb. 2028")  # 6 months after 31 August: the leap day
        ui.shot("28-covisit-closing")
    finally:
        app.stop()

    # Every note and task carries the name of the one who wrote it.
    store = Store(data / "feltmappe.db")
    try:
        notes = {n.text: n.author for n in visit_records.notes(store, visit_id=visit)}
        assert notes == {
            "Mangler to hænder til pakning om morgenen": OLE,
            "En medarbejder er sygemeldt med ondt i ryggen": METTE,
            "Truckcertifikat til to lagerfolk": METTE,
        }
        tasks = {t.title: (t.area, t.author, bool(t.photo)) for t in visit_records.tasks(store, visit_id=visit)}
        assert tasks == {
            "Folde papkasser": ("Pakkeri", METTE, True),
            "Sortere plastfolie": ("Pakkeri", METTE, False),
            "Feje gården": ("Gården", OLE, False),
            "Tømme affaldsspande": ("Gården", OLE, False),
        }
    finally:
        store.close()
