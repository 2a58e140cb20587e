"""A letter pasted in decomposed form ("A" and a combining ring U+030A for "Å") prints as the
one letter "Å" in the PDFs: stored composed by the app, drawn composed by the reports, read
back as "Å" by a PDF reader, and drawn with the same pixels as a typed "Å", not a box."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import ImageChops

from domain.content import ContentPack
from domain.records import Note
from reports import visit_summary_pdf
from storage import repo
from storage.db import Store
from tests.reports import sample
from tests.reports.conftest import text
from tests.reports.test_glyphs import _page

DECOMPOSED = "A\u030arhus Havn ApS"


def pdftotext(pdf: bytes, tmp: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: install Debian's poppler-utils")
    source = tmp / "report.pdf"
    source.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True
    ).stdout.decode()


def test_a_name_pasted_decomposed_prints_as_one_letter(tmp_path: Path, store: Store, pack_da: ContentPack) -> None:
    store.save("company", "c1", {"name": DECOMPOSED, "address": "Havnegade 1, 8000 A\u030arhus C"})
    company = repo.get_company(store, company_id="c1")
    assert company is not None and company.name == "Århus Havn ApS"
    notes = (Note(id="n", field="general", text="Mødet i A\u030arhus gik godt", author="O\u0308rsted"),)
    pdf = visit_summary_pdf(sample.visit_data(pack_da, company=company, notes=notes))
    for read in (pdftotext(pdf, tmp_path), text(pdf)):
        assert "Århus Havn ApS" in read
        assert "Mødet i Århus gik godt" in read
        assert "\u030a" not in read and "\ufffd" not in read


def test_decomposed_input_straight_to_a_report_prints_composed(tmp_path: Path, pack_da: ContentPack) -> None:
    # Reports are data in, bytes out: they compose what they are given whatever its source.
    company = replace(sample.COMPANY, name=DECOMPOSED)
    pdf = visit_summary_pdf(sample.visit_data(pack_da, company=company))
    read = pdftotext(pdf, tmp_path)
    assert "Århus Havn ApS" in read and "A\u030a" not in read


def test_the_decomposed_letter_is_drawn_as_the_composed_one_not_a_box(tmp_path: Path, poppler: None) -> None:
    typed = _page("Å", tmp_path, "typed")
    pasted = _page("A\u030a", tmp_path, "pasted")
    box = _page("中", tmp_path, "box", raw=True)
    assert ImageChops.difference(typed, pasted).getbbox() is None  # the same pixels
    assert ImageChops.difference(pasted, box).getbbox() is not None
