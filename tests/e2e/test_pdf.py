"""'Make PDF' on a visit and on an opening: a file in the data folder and a download."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from domain.tasks import OpeningDraft, TaskDraft
from storage import followups, visit_records
from storage.content import load_pack
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, free_port, tablet
from tests.e2e.seed import seed

pytestmark = pytest.mark.e2e


def test_visit_and_opening_pdfs_download_and_stay_in_the_data_folder(tmp_path: Path, ui: Ui) -> None:
    data = tmp_path / "data"
    visit = seed(data)["visit2"]
    pack = load_pack("da").pack
    store = Store(data / "feltmappe.db")
    try:
        ids = [
            visit_records.save_task(
                store,
                visit_id=visit,
                draft=TaskDraft(area="Pakkeri", title=title, hours="2"),
                author="Ole Hansen",
                green_ids=[c.id for c in pack.green_categories],
                accommodation_ids=[a.id for a in pack.accommodations],
            )
            for title in ("Folde papkasser", "Sortere plastfolie")
        ]
        followups.create_opening(
            store, visit_id=visit, draft=OpeningDraft(title="Grøn medhjælper", task_ids=tuple(ids)), author="Ole"
        )
    finally:
        store.close()
    app = AppProcess(data, free_port()).start()
    try:
        ui.open(f"{app.url}/visit/{visit}/closing")
        ui.see("PDF til virksomheden og kollegerne")
        # Made: the app says so in words, with "Åbn" and "Del", and names no folder.
        ui.tap("Besøgsopsummering som PDF")
        ui.see("PDF'en er gemt")
        ui.see("Åbn den for at se den, eller del den med virksomheden eller en kollega.")
        assert not ui.sees(str(data)) and not ui.sees("reports/") and not ui.sees("datamappen")
        ui.shot("45-pdf-saved")
        with ui.page.expect_download() as download:
            ui.tap("Åbn")
        saved = tmp_path / "visit.pdf"
        download.value.save_as(saved)
        assert download.value.suggested_filename.startswith("besoeg-vestjysk-emballage")
        text = "".join(page.extract_text() for page in PdfReader(saved).pages)
        assert "Vestjysk Emballage A/S" in text and "Folde papkasser" in text

        opening = ui.make_file("Jobåbning som PDF: Grøn medhjælper")  # "Del"
        assert opening.suggested_filename.startswith("jobaabning-groen-medhjaelper")
        blank = tmp_path / "blank.pdf"
        ui.make_file("Tomt boblepapir til næste møde").save_as(blank)
        assert "Rekruttering" in PdfReader(blank).pages[0].extract_text()
        social = ui.make_file("Socialt ansvar (og diplom)")
        assert social.suggested_filename.startswith("socialt-ansvar-")
        on_disk = sorted(p.name for p in (data / "reports").iterdir())
        assert len(on_disk) == 4 and all(name.endswith(".pdf") for name in on_disk)
    finally:
        app.stop()


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_open_leads_to_the_pdf_every_time(tmp_path: Path, browser: Browser, orientation: str) -> None:
    """Issue 9 trial: after making a PDF in the browser, the notice's "Åbn" only closed the
    notice. Each PDF in a row, "Åbn" hands the browser the PDF (a download, the browser's
    way to open a file it is given), the notice closes, and the file is the PDF made."""
    data = tmp_path / "data"
    visit = seed(data)["visit2"]
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser, orientation, accept_downloads=True) as ui:
            ui.open(f"{app.url}/visit/{visit}/closing")
            ui.see("PDF til virksomheden og kollegerne")
            for button, first_words in (
                ("Besøgsopsummering som PDF", "Vestjysk Emballage A/S"),
                ("Boblepapir med noter", "Rekruttering"),
                ("Tomt boblepapir til næste møde", "Rekruttering"),
                ("Socialt ansvar (og diplom)", "Vestjysk Emballage A/S"),
                ("Besøgsopsummering som PDF", "Vestjysk Emballage A/S"),  # the same one again
            ):
                pdf = ui.make_file(button, take="Åbn")
                saved = tmp_path / f"{orientation}.pdf"
                pdf.save_as(saved)
                assert saved.read_bytes().startswith(b"%PDF"), button
                assert first_words in PdfReader(saved).pages[0].extract_text(), button
                assert pdf.suggested_filename.endswith(".pdf")
    finally:
        app.stop()
