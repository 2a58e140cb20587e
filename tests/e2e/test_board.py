"""The team's job openings board, with two app instances on one real server: tablet A
spots tasks on a visit and makes a job opening of them; after sync the office (instance
B) finds it on the board, filters for it, assigns an owner and counts the candidates sent;
A sees the new owner after its next sync. The board exports as CSV for a Danish Excel."""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from storage import visit_records
from storage.db import Store
from tests.e2e.conftest import AppProcess, eventually, free_port, tablet
from tests.e2e.seed import seed
from tests.e2e.syncing import pushed, sync_now, synced_store
from tests.e2e.test_walkaround import record
from tests.server_harness import Server

pytestmark = pytest.mark.e2e

OLE, METTE = "Ole Berg", "Mette Hansen"
TITLE = "Grøn medhjælper"


def name_the_consultant(data: Path, name: str, visit: str | None = None) -> None:
    """Settings → "your name"; on the visit, that person writes."""
    store = Store(data / "feltmappe.db")
    try:
        store.set_state("me_name", name)
        if visit is not None:
            visit_records.add_participant(store, visit_id=visit, name=name, organisation="Jobcenter Herning", role="S")
            visit_records.set_writer(store, visit_id=visit, name=name)
    finally:
        store.close()


def test_an_opening_from_tablet_a_is_owned_at_the_office_and_a_sees_the_owner(
    server: Server, tmp_path: Path, browser: Browser
) -> None:
    data_a, data_b = tmp_path / "a", tmp_path / "b"
    visit = seed(data_a)["visit2"]
    name_the_consultant(data_a, OLE, visit)
    name_the_consultant(data_b, METTE)
    synced_store(data_a, server, "ole")
    synced_store(data_b, server, "mette")
    app_a = AppProcess(data_a, free_port()).start()
    app_b = AppProcess(data_b, free_port()).start()
    try:
        with tablet(browser) as a, tablet(browser, "landscape", accept_downloads=True) as b:
            # Tablet A, on the walk-around: two tasks in two areas.
            a.open(f"{app_a.url}/visit/{visit}/walk")
            record(a, "Sortere pap og plast", area="Lageret", hours="4")
            record(a, "Feje gården", area="Gården", hours="2", level="2 · Intern oplæring")

            # At the closing, the two become a job opening.
            a.open(f"{app_a.url}/visit/{visit}/closing")
            a.type("Titel på jobåbningen", TITLE)
            a.press(a.page.get_by_role("checkbox", name="Sortere pap og plast"))
            a.press(a.page.get_by_role("checkbox", name="Feje gården"))
            a.tap("Opret jobåbning")
            a.see("6 timer om ugen")
            pushed(a)

            # The office syncs and finds it on the board.
            def b_has_opening() -> bool:
                b.open(f"{app_b.url}/board")
                b.see("Jobtavlen")
                if b.sees(TITLE):
                    return True
                sync_now(b)
                return False

            eventually(b_has_opening)
            b.see("Vestjysk Emballage A/S")
            b.see(f"Ansvarlig: {OLE}")
            b.see("6 t/uge · Niveau 2 – Intern oplæring · Kandidater sendt: 0")
            b.see("• Sortere pap og plast · Lageret · 4 t/uge")

            # Filters: level 1 hides it (its hardest task is level 2), the area and level 2 show it.
            b.tap("1 · Almindelig oplæring")
            b.see("Ingen jobåbninger passer til filtrene.")
            b.tap("2 · Intern oplæring")
            b.tap("Gården")
            b.see(TITLE)
            b.see("1 jobåbning")
            b.shot("50-board")

            # B assigns the opening to Mette and counts two candidates sent.
            b.tap(f"Opdatér »{TITLE}«")
            b.see("Kun antallet – ingen navne eller andre oplysninger om borgere i appen.")
            b.tap(METTE)
            b.tap("Kandidater sendt")
            b.tap("− 1")  # below 0: refused in words, the count stays
            b.see("Antallet kan ikke være under 0.")
            b.tap("+ 1")
            b.tap("+ 1")
            b.shot("51-board-update")
            b.tap("Gem")
            b.see(f"Ansvarlig: {METTE}")
            b.see("Kandidater sendt: 2")

            # The board as a CSV for Excel.
            download = b.make_file("Eksportér CSV")
            saved = tmp_path / "board.csv"
            download.save_as(saved)
            assert re.fullmatch(r"jobaabninger-\d{4}-\d\d-\d\d\.csv", download.suggested_filename)
            raw = saved.read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf")
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
            assert rows[0][:4] == ["Virksomhed", "Jobåbning", "Opgaver", "Timer pr. uge"]
            assert rows[1][:5] == ["Vestjysk Emballage A/S", TITLE, "Sortere pap og plast, Feje gården", "6", "2"]
            assert rows[1][9:13] == ["Kandidater sendt", METTE, "2", date.today().strftime("%d-%m-%Y")]
            pushed(b)

            # Tablet A, with the board open, sees the new owner after its next sync ("sync now"
            # on the badge), without leaving the screen.
            a.open(f"{app_a.url}/board")
            a.see(f"Ansvarlig: {OLE}")

            def a_sees_owner() -> bool:
                if a.sees(f"Ansvarlig: {METTE}"):
                    return True
                sync_now(a)
                time.sleep(1)
                return False

            eventually(a_sees_owner)
            a.see("Kandidater sendt: 2")
            a.shot("50-board")
            a.open(app_a.url)
            a.see("Jobtavlen · 1 aktiv")
    finally:
        app_a.stop()
        app_b.stop()
