"""Helpers for reading the PDFs the reports make: text per page, fonts, rendering to PNG."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader


def pages_text(pdf: bytes) -> list[str]:
    """The text of each page, with runs of white space (line breaks in table cells) as one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font the pages use, and whether its program is embedded in the file."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font", {}) if resources is not None else {}
        for ref in font_dict.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font["/BaseFont"])] = embedded
    return found


def render_png(pdf: bytes, target: Path, *, dpi: int, first_page_only: bool = True) -> Path:
    """The PDF's first page as ``target`` (a .png), rendered by poppler's pdftoppm."""
    source = target.with_suffix(".pdf.tmp")
    source.write_bytes(pdf)
    try:
        args = ["pdftoppm", "-r", str(dpi), "-png", "-singlefile"] if first_page_only else ["pdftoppm", "-png"]
        subprocess.run([*args, str(source), str(target.with_suffix(""))], check=True, timeout=60)
    finally:
        source.unlink()
    return target


@pytest.fixture
def poppler() -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing: install Debian's poppler-utils to render PDF pages to PNG")


@pytest.fixture
def zbar(poppler: None) -> None:
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is missing: install Debian's zbar-tools to decode the QR codes")
