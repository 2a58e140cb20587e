"""Characters the report font (Vera) lacks never print as an empty box: they come from a
bundled fallback font whose cmap has them (DejaVu Sans, Noto Emoji), or as a readable
stand-in (the character's Unicode name in brackets). Checked in the text a PDF reader
extracts and in the pixels poppler renders."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageChops
from reportlab.lib.pagesizes import A6
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from domain.content import ContentPack
from domain.records import Note
from reports import bubble_sheet_pdf, visit_summary_pdf
from reports._layout import _GLYPHS, BODY, BOLD, FALLBACKS, REGULAR, _runs, markup, nowrap, one_line
from tests.reports import sample
from tests.reports.conftest import fonts, render_png, text

MIXED = "Godt møde 👍 ✓ → ½ ☕ 中"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_every_character_is_drawn_by_a_font_that_has_it_or_named() -> None:
    covered = dict(FALLBACKS)
    for font, run in _runs(MIXED + " Kőszegi Ωμέγα Жук 👍🏽 ❤️ 🇩🇰"):
        for ch in run:
            assert ord(ch) in (_GLYPHS if font is None else covered[font]), (font, ch)
    assert [font for font, run in _runs("👍") if run.strip()] == ["NotoEmoji"]
    assert [font for font, run in _runs("✓→") if run.strip()] == ["DejaVuSans"]
    assert _runs("中") == [(None, "[CJK UNIFIED IDEOGRAPH-4E2D]")]
    assert _runs("👍\ufe0f\u200d🏽") == [("NotoEmoji", "👍")]  # selectors, joiners and skin tones dropped


def test_the_pdf_text_has_the_characters_and_a_stand_in_for_the_rest(pack_da: ContentPack) -> None:
    notes = (Note(id="x", field="general", text=MIXED, author="Ole 👷"),)
    pdf = visit_summary_pdf(sample.visit_data(pack_da, notes=notes))
    content = text(pdf)
    assert "Godt møde 👍 ✓ → ½ ☕ [CJK UNIFIED IDEOGRAPH-4E2D]" in content
    used = fonts(pdf)
    assert all(used.values()), used  # every font embedded, none left to the reader's machine
    assert any("DejaVuSans" in name for name in used) and any("NotoEmoji" in name for name in used), used


def test_header_lines_drawn_on_the_canvas_use_the_bodys_fonts() -> None:
    """Header and footer lines take the body's runs, in their own Vera face (the PDFs'
    running lines: tests/reports/test_header_glyphs.py)."""
    assert one_line("Café 👍 中", BOLD) == [
        (BOLD, "Café "),
        ("NotoEmoji", "👍"),
        (BOLD, " [CJK UNIFIED IDEOGRAPH-4E2D]"),
    ]
    assert one_line("Kőszegi", REGULAR) == [(REGULAR, "K"), ("DejaVuSans", "ő"), (REGULAR, "szegi")]


def test_a_name_kept_on_one_line_keeps_its_fallback_fonts() -> None:
    assert nowrap("Ærø 👍 A/S") == 'Ærø&nbsp;<font name="NotoEmoji">👍</font>&nbsp;A/S'


def _page(draw: str, tmp: Path, name: str, *, raw: bool = False) -> Image.Image:
    """One character on an A6 page, rendered by poppler: through the reports' own markup,
    or (``raw``) drawn in Vera directly, which is how a missing glyph looks."""
    out = io.BytesIO()
    if raw:
        canvas = Canvas(out, pagesize=A6)
        canvas.setFont(REGULAR, 40)
        canvas.drawString(40, 300, draw)
        canvas.save()
    else:
        style = BODY.clone("big", fontSize=40, leading=48)
        SimpleDocTemplate(out, pagesize=A6, initialFontName=REGULAR).build([markup(nowrap(draw), style)])
    return Image.open(render_png(out.getvalue(), tmp / f"{name}.png", dpi=50)).convert("L")


def test_rendered_emoji_and_symbols_are_not_empty_boxes(tmp_path: Path, poppler: None) -> None:
    box = _page("中", tmp_path, "box", raw=True)  # Vera has no 中: the empty box
    blank = _page(" ", tmp_path, "blank")
    for n, ch in enumerate("👍✓→☕"):
        drawn = _page(ch, tmp_path, f"c{n}")
        assert ImageChops.difference(drawn, blank).getbbox() is not None, ch  # something is drawn
        assert ImageChops.difference(drawn, box).getbbox() is not None, ch  # and it is not the box


def test_a_page_with_emoji_as_a_screenshot(pack_da: ContentPack, poppler: None) -> None:
    notes = (
        Note(id="x", field="recruitment", text=MIXED, author="Ole"),
        Note(id="y", field="general", text="Kaffe ☕☕ og 🍎 fra haven – Jens 👷‍♂️ ≈ 3½ t", author="Jens"),
    )
    pdf = bubble_sheet_pdf(pack_da, notes, company=sample.COMPANY, visit_date=sample.VISIT_DATE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    render_png(pdf, SCREENSHOTS / "46-report-characters.png", dpi=80)
