"""Right-to-left text in the PDFs prints in reading order with joined letters (issue 9
trial: an Arabic company name printed reversed and with every letter in its loose form).

reportlab draws characters left to right in the order it is given them and does not
shape, so what it is handed must already be in visual order, Arabic letters in their
joined (presentation) forms. Checked at the three places text enters a PDF: the body's
paragraph markup (``esc``), a line drawn straight on the canvas (``one_line``, the header
and footer) and the PDF itself, read back with poppler's pdftotext."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import replace

import pytest

from domain.content import ContentPack
from reports import visit_summary_pdf
from reports._layout import REGULAR, esc, fit, one_line
from tests.reports import sample

SHAMS = "\ufeb2\ufee4\ufeb7"
"""شمس ("sun") as drawn left to right: final seen, medial meem, initial sheen."""

CASES = {
    # kind: (typed, drawn left to right)
    "Arabic": ("شمس", SHAMS),
    "Arabic, two words": ("مطعم شمس", SHAMS + " \ufee2\ufecc\ufec4\ufee3"),
    "Arabic with a number": ("شارع 12", "12 \ufec9\ufead\ufe8e\ufeb7"),
    "Hebrew": ("שלום", "םולש"),
    "Danish with Arabic inside": ("Møde med شمس i dag", f"Møde med {SHAMS} i dag"),
    "Arabic with an emoji": ("شمس 👍", f"👍 {SHAMS}"),
    "emoji": ("Godt møde 👍 🐟", "Godt møde 👍 🐟"),
    "plain Danish": ("Æbler, øl og får på Ærø", "Æbler, øl og får på Ærø"),
}


def drawn(runs: list[tuple[str, str]]) -> str:
    return "".join(run for _font, run in runs)


@pytest.mark.parametrize("kind", list(CASES))
def test_a_line_is_handed_to_reportlab_in_visual_order(kind: str) -> None:
    typed, expected = CASES[kind]
    assert drawn(one_line(typed, REGULAR)) == expected


@pytest.mark.parametrize("kind", list(CASES))
def test_a_paragraph_is_handed_to_reportlab_in_visual_order(kind: str) -> None:
    typed, expected = CASES[kind]
    markup = esc(typed)
    assert unicodedata.normalize("NFC", _strip_tags(markup)) == expected


def test_each_line_of_a_paragraph_keeps_its_own_direction() -> None:
    lines = esc("Godt møde شمس\nشمس i dag").split("<br/>")
    assert [_strip_tags(line) for line in lines] == [f"Godt møde {SHAMS}", f"i dag {SHAMS}"]


@pytest.mark.parametrize("kind", list(CASES))
def test_a_reader_of_the_pdf_gets_the_name_back_in_reading_order(
    pack_da: ContentPack, kind: str, poppler: None
) -> None:
    """pdftotext reads each word of right-to-left text drawn in visual order back in
    reading order: every word of the company's name reads as typed (its joined letters
    as the letters typed), printed reversed it read backwards. (pdftotext keeps the words
    of a line in the order they stand from left to right, so a whole name of several
    Arabic words is compared above, as handed to reportlab.)"""
    typed, _ = CASES[kind]
    pdf = visit_summary_pdf(sample.visit_data(pack_da, company=replace(sample.COMPANY, name=typed)))
    lines = _pdftotext(pdf).splitlines()
    read = unicodedata.normalize("NFKC", "\n".join(lines[1:]))
    for word in typed.split():
        assert read.count(word) >= 2, word  # the title and the facts table
    assert not any("\u0600" <= c <= "\u06ff" for c in "".join(lines))  # every Arabic letter joined


@pytest.mark.parametrize(
    "kind", [k for k, (typed, _) in CASES.items() if any("\u0600" <= c <= "\u06ff" for c in typed)]
)
def test_no_arabic_letter_is_drawn_in_its_loose_form(kind: str) -> None:
    typed, _ = CASES[kind]
    shown = drawn(one_line(typed, REGULAR))
    assert not any("\u0600" <= c <= "\u06ff" for c in shown)
    # Read from right to left and unjoined, the drawn Arabic is what was typed.
    arabic = [c for c in shown if "\ufb50" <= c <= "\ufeff"]
    assert unicodedata.normalize("NFKC", "".join(reversed(arabic))) == "".join(
        c for c in typed if "\u0600" <= c <= "\u06ff"
    )


def test_a_long_arabic_name_is_cut_at_its_end_as_read() -> None:
    name = "مطعم شمس " * 12
    cut = drawn(fit(name, REGULAR, 8, 120))
    assert cut.startswith("…")  # the reading runs right to left and stops at the left
    assert cut.endswith("\ufee2\ufecc\ufec4\ufee3")  # and starts, on the right, with مطعم


def _pdftotext(pdf: bytes) -> str:
    """The first page's text as poppler's pdftotext reads it, bidi marks left out."""
    read = subprocess.run(
        ["pdftotext", "-raw", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    return re.sub("[\u202a-\u202e\u2066-\u2069]", "", read.stdout.decode())


def _strip_tags(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)
