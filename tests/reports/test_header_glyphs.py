"""The lines drawn on every page (the header with the company's name, the footer with the
issuer, the diploma's issuer line) show a name the way the body shows it: an emoji from
Noto Emoji, Arabic and arrows from DejaVu Sans, a decomposed letter composed, and only
what no font has as its name in brackets. In the issue 9 trial the header printed
"[FISH] [ARABIC LETTER SHEEN]" above a body that drew 🐟 and ش.

The kinds of characters are those the body is tested with (tests/reports/test_glyphs.py,
test_composed.py). The text is read back with pypdf, split by where on the page it is
drawn."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PageObject, PdfReader
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate

from domain.content import ContentPack
from reports import bubble_sheet_pdf, diploma_pdf, opening_pdf, social_profile_pdf, visit_summary_pdf
from reports._layout import BOTTOM, REGULAR, TOP, fit, line_width, one_line, para
from tests.reports import sample
from tests.reports.conftest import text

KINDS = {
    "emoji": "Fiskehuset 🐟 👍",
    "emoji and Arabic": "Fisk 🐟 ش",
    "Arabic": "مطعم شمس",
    "emoji sequence and skin tone": "Jens 👷\u200d♂️ 👍🏽",
    "CJK, which no font has": "Café 中",
    "combining mark": "A\u030arhus Havn",
    "symbols, accents, Greek, Cyrillic": "✓ → ☕ Kőszegi Ωμέγα Жук",
}


def shown(name: str) -> str:
    """What the body prints for ``name`` (each character from the font that has it, the
    stand-in for what none has, joiners and skin tones left out), as pypdf reads it back:
    ``name`` as a paragraph of its own, read the way the report's pages are read."""
    out = io.BytesIO()
    SimpleDocTemplate(out, initialFontName=REGULAR).build([para(name)])
    return text(out.getvalue())


def bands(pdf: bytes) -> list[dict[str, str]]:
    """Per page, the text drawn above the body's frame ("header"), below it ("footer"),
    and in the diploma's band at 2.6-3.4 cm from the top ("issuer"), as pypdf reads it."""
    return [_band(page) for page in PdfReader(io.BytesIO(pdf)).pages]


def _band(page: PageObject) -> dict[str, str]:
    height = float(page.mediabox.height)
    found: dict[str, list[str]] = {"header": [], "footer": [], "issuer": []}

    def visit(piece: str, ctm: list[float], tm: list[float], _font: object, _size: object) -> None:
        y = tm[4] * ctm[1] + tm[5] * ctm[3] + ctm[5]
        if y > height - TOP:
            found["header"].append(piece)
        elif y < BOTTOM:
            found["footer"].append(piece)
        elif height - 3.4 * cm < y < height - 2.6 * cm:
            found["issuer"].append(piece)

    page.extract_text(visitor_text=visit)
    # White space as one space, as tests.reports.conftest.text reads the body.
    return {band: " ".join("".join(pieces).split()) for band, pieces in found.items()}


def reports(pack: ContentPack, name: str) -> dict[str, Callable[[], bytes]]:
    """Each report with ``name`` as the company's name and as the issuer."""
    company = replace(sample.COMPANY, name=name)
    return {
        "visit summary": lambda: visit_summary_pdf(sample.visit_data(pack, company=company, issuer=name)),
        "job opening": lambda: opening_pdf(replace(sample.opening_data(pack), company=company, issuer=name)),
        "social profile": lambda: social_profile_pdf(replace(sample.social_data(pack), company=company, issuer=name)),
        "bubble sheet": lambda: bubble_sheet_pdf(
            pack, sample.NOTES, company=company, visit_date=sample.VISIT_DATE, issuer=name
        ),
    }


@pytest.mark.parametrize("report", ["visit summary", "job opening", "social profile", "bubble sheet"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_the_header_and_footer_show_a_name_as_the_body_does(pack_da: ContentPack, kind: str, report: str) -> None:
    name = KINDS[kind]
    pdf = reports(pack_da, name)[report]()
    expected = shown(name)
    assert expected in text(pdf)  # the body, as a reader finds it
    framed = [page for page in bands(pdf) if page["header"]]  # not the diploma's page
    assert framed
    for number, page in enumerate(framed, start=1):
        assert expected in page["header"], (number, page["header"])
        assert "[FISH]" not in page["header"] and "[ARABIC" not in page["header"]
        if report != "bubble sheet":  # the bubble sheet has no issuer line at its foot
            assert expected in page["footer"], (number, page["footer"])


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_diplomas_issuer_line_shows_a_name_as_the_body_does(pack_da: ContentPack, kind: str) -> None:
    name = KINDS[kind]
    pdf = diploma_pdf(replace(sample.social_data(pack_da, met=99), issuer=name))
    assert shown(name) in bands(pdf)[0]["issuer"]


def test_a_long_name_is_cut_with_an_ellipsis_and_keeps_its_fonts(pack_da: ContentPack) -> None:
    name = "Fiskehuset 🐟 " + "ش" * 20 + " og Søn, Røgeri og Fiskeeksport til hele Nordeuropa A/S"
    header = bands(reports(pack_da, name)["visit summary"]())[0]["header"]
    # pypdf reads the Arabic run back in reading order, its letters joined (initial sheen).
    assert "Fiskehuset 🐟 \ufeb7" in header and "…" in header
    assert "Nordeuropa" not in header


@given(st.text(max_size=300), st.floats(min_value=20, max_value=400))
def test_a_fitted_line_fits_and_is_the_start_of_the_whole(name: str, width: float) -> None:
    whole = "".join(run for _font, run in one_line(name, REGULAR))
    cut = fit(name, REGULAR, 8, width)
    drawn = "".join(run for _font, run in cut)
    if drawn == whole:
        assert line_width(cut, 8) <= width
    else:
        assert "…" in drawn and line_width(cut, 8) <= width
        if not any(unicodedata.bidirectional(ch) in {"R", "AL", "RLE", "RLO", "RLI"} for ch in name):
            # Left-to-right text: the start of the line, then the ellipsis. (Right-to-left
            # text is cut at its end as read: tests/reports/test_bidi.py.)
            assert drawn.endswith("…") and whole.startswith(drawn[:-1])
