"""The look every report shares: fonts, styles, header and footer, tables, photos.

Fonts are the Bitstream Vera TrueType fonts that ship inside the reportlab package
(``reportlab/fonts/Vera*.ttf``; their licence is ``reportlab/fonts/bitstream-vera-license.txt``
in the same folder, see ``reports/FONTS.md``). They are embedded (subset) in every PDF and
cover æ, ø, å and the rest of Latin-1 and Latin Extended-A.

Page numbers ("Side 2 af 5") need the page count, which is only known at the end: the
canvas keeps each finished page's state and writes the footers when the document is saved.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError
from reportlab.graphics.shapes import Drawing, PolyLine, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    Image,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reports._bidi import CONTROLS, plain, visual
from reports.texts import Texts

# The fonts, and their licence file, are in this folder of the installed reportlab package:
# reportlab/fonts/Vera.ttf, VeraBd.ttf, VeraIt.ttf, VeraBI.ttf, bitstream-vera-license.txt.
FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
FONT_LICENCE = FONT_DIR / "bitstream-vera-license.txt"
REGULAR, BOLD, ITALIC, BOLD_ITALIC = "Vera", "VeraBd", "VeraIt", "VeraBI"
# For what Vera lacks, fonts kept in the repository (assets/fonts/, licences beside them,
# see reports/FONTS.md), also served to the app: DejaVu Sans (Vera's own extension:
# arrows, check marks, Greek, Cyrillic, more accents) and Noto Emoji (monochrome emoji).
BUNDLED_FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
# Noto Sans Arabic: the Arabic ligatures of Presentation Forms-A (ﷲ) that DejaVu lacks.
FALLBACK_FILES = (
    ("DejaVuSans", "DejaVuSans.ttf"),
    ("NotoEmoji", "NotoEmoji-Regular.ttf"),
    ("NotoSansArabic", "NotoSansArabic-Regular.ttf"),
)


def _register_fonts() -> frozenset[int]:
    """Register the Vera family once; return the code points the regular face covers."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        for name in (REGULAR, BOLD, ITALIC, BOLD_ITALIC):
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    font = pdfmetrics.getFont(REGULAR)
    assert isinstance(font, TTFont)
    return frozenset(font.face.charToGlyph)


def _register_fallbacks() -> tuple[tuple[str, frozenset[int]], ...]:
    """Register the fallback fonts once (one face each, used in bold and italic text too);
    return each with the code points its cmap covers, in the order they are tried."""
    found = []
    for name, file in FALLBACK_FILES:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(BUNDLED_FONTS / file)))
            pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        font = pdfmetrics.getFont(name)
        assert isinstance(font, TTFont)
        found.append((name, frozenset(font.face.charToGlyph)))
    return tuple(found)


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode map of a font subset, with characters beyond U+FFFF (emoji)
    written as UTF-16 surrogate pairs, as the PDF standard wants. reportlab 4 writes
    them as five hex digits, which PDF readers reject, so a copied or searched 👍
    would come out as nothing."""

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be").hex().upper()

    cmap = _REPORTLAB_TO_UNICODE(fontname, subset).split("\n")
    start = cmap.index(f"{len(subset)} beginbfchar") + 1
    cmap[start : start + len(subset)] = [f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)]
    return "\n".join(cmap)


_REPORTLAB_TO_UNICODE = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap

_GLYPHS = _register_fonts()
FALLBACKS = _register_fallbacks()
INVISIBLE = frozenset("\u200d\ufe0e\ufe0f") | frozenset(map(chr, range(0x1F3FB, 0x1F400)))
"""Zero-width joiner, text and emoji presentation selectors, skin-tone modifiers."""

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5B6670")
ACCENT = colors.HexColor("#00695C")
ACCENT_DARK = colors.HexColor("#004D40")
ACCENT_LIGHT = colors.HexColor("#E3F1EF")
GRID = colors.HexColor("#C5D1CF")
HEAD_FILL = colors.HexColor("#EEF4F3")
STATUS_FILL = {
    "already": colors.HexColor("#DDF0DF"),
    "wants": colors.HexColor("#FBF0CF"),
    "not_relevant": colors.HexColor("#ECEFF1"),
}

MARGIN = 2 * cm
TOP = 2.3 * cm
BOTTOM = 2.1 * cm

BODY = ParagraphStyle(
    "body", fontName=REGULAR, bulletFontName=REGULAR, fontSize=10.5, leading=14.5, textColor=INK, spaceAfter=5
)
LEAD = ParagraphStyle("lead", parent=BODY, fontSize=11, leading=15.5, textColor=MUTED, spaceAfter=8)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=0)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9.5, leading=12.5, spaceAfter=0)
CELL_HEAD = ParagraphStyle("cell_head", parent=CELL, fontName=BOLD, fontSize=9, leading=11.5)
CELL_LABEL = ParagraphStyle("cell_label", parent=CELL, textColor=MUTED)
TITLE = ParagraphStyle(
    "title", parent=BODY, fontName=BOLD, fontSize=21, leading=26, textColor=ACCENT_DARK, spaceAfter=6
)
H2 = ParagraphStyle(
    "h2", parent=BODY, fontName=BOLD, fontSize=13.5, leading=17, textColor=ACCENT, spaceBefore=14, spaceAfter=2
)
H3 = ParagraphStyle(
    "h3", parent=BODY, fontName=BOLD, fontSize=11, leading=14, textColor=INK, spaceBefore=8, spaceAfter=4
)
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=12, bulletIndent=2, spaceAfter=4)
QUOTE = ParagraphStyle("quote", parent=BODY, leftIndent=10, textColor=MUTED, fontName=ITALIC, spaceAfter=1)


def _fallback(ch: str) -> str:
    """A character no font has: its base letter when Vera covers it (a rare accent), else
    its Unicode name in brackets ("[CJK UNIFIED IDEOGRAPH-4E2D]"), never an empty box."""
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if base and base != ch and all(ord(c) in _GLYPHS for c in base):
        return base
    return f"[{unicodedata.name(ch, f'U+{ord(ch):04X}')}]"


def _runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut into runs of one font each: None for Vera (the body font), else the
    fallback font that has the characters; what no font has is replaced by a stand-in.
    Each line is in drawing order (:func:`visual`). Emoji joiners, variation selectors
    and skin tones are dropped: reportlab draws no emoji sequences, and each emoji still
    prints in the emoji font. Bidirectional formatting characters (the isolation of a
    name in a line) are dropped once the line is in order."""
    runs: list[tuple[str | None, str]] = []
    lines = unicodedata.normalize("NFC", text).split("\n")
    for ch in "\n".join(visual(line) for line in lines):
        if ch in INVISIBLE or ch in CONTROLS:
            continue
        font: str | None = None
        if ord(ch) not in _GLYPHS and ch not in "\n\t":
            font = next((name for name, covered in FALLBACKS if ord(ch) in covered), None)
            if font is None:
                ch = _fallback(ch)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def _markup(text: str, *, nbsp: bool = False) -> str:
    parts = []
    for font, run in _runs(text):
        part = escape(run).replace("\t", "    ").replace("\n", "<br/>")
        if nbsp:
            part = part.replace(" ", "&nbsp;")
        parts.append(part if font is None else f'<font name="{font}">{part}</font>')
    return "".join(parts)


def esc(text: str) -> str:
    """User text as Paragraph markup: XML specials escaped, line breaks kept, characters
    Vera lacks in the fallback font that has them (or as a readable stand-in)."""
    return _markup(text)


def nowrap(text: str) -> str:
    """User text as markup that never breaks at its spaces (a phone number, a name)."""
    return _markup(text, nbsp=True)


def title(t: Texts, key: str, **names: str) -> Paragraph:
    """A report title; a short name in it (the company's) is kept on one line."""
    values = {k: nowrap(v) if len(v) <= 40 else esc(v) for k, v in names.items()}
    return Paragraph(esc(t.template(key)).format(**values), TITLE)


def para(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of plain (user or pack) text."""
    return Paragraph(esc(text), style)


def markup(text: str, style: ParagraphStyle = BODY, *, bullet: str | None = None) -> Paragraph:
    """A paragraph of markup built here from already escaped parts."""
    return Paragraph(text, style, bulletText=bullet)


def heading(text: str, intro: str = "") -> list[Flowable]:
    """A section heading with a thin rule, and its lead-in line ``intro`` if any, kept
    with the start of what follows them (a heading and its lead-in never end a page)."""
    rule = HRFlowable(width="100%", thickness=0.8, color=ACCENT_LIGHT, spaceBefore=2, spaceAfter=6)
    head = [CondPageBreak(2.5 * cm), keep_with_next(para(text, H2)), keep_with_next(rule)]
    return [*head, keep_with_next(para(intro))] if intro else head


def subheading(text: str) -> list[Flowable]:
    return [CondPageBreak(2 * cm), keep_with_next(para(text, H3))]


def keep_with_next(flowable: Flowable) -> Flowable:
    """``flowable`` (a heading, a card's question) marked to stay on the page where the
    next flowable starts; returns the same flowable."""
    flowable.sticky = True  # type: ignore[attr-defined]  # bound to the next flowable by Layout.build
    return flowable


class Sticky(Flowable):
    """Headings and the flowable after them, which may split but never leaves them alone.

    reportlab's ``keepWithNext`` moves a heading and a long table to a new page whenever
    the whole table does not fit; here the heading goes wherever the table's first rows
    (or a paragraph's first lines) go.
    """

    def __init__(self, head: list[Flowable], body: Flowable) -> None:
        super().__init__()
        self.head = head
        self.body = body
        self.spaceBefore = head[0].getSpaceBefore()
        self.spaceAfter = body.getSpaceAfter()
        self._placed: list[tuple[Flowable, float, float, float, float]] = []

    def _head_height(self, width: float, height: float) -> float:
        total = 0.0
        for index, flowable in enumerate(self.head):
            _, h = flowable.wrap(width, height)
            total += (flowable.getSpaceBefore() if index else 0) + h + flowable.getSpaceAfter()
        return total + self.body.getSpaceBefore()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._placed = []
        total = 0.0
        for index, flowable in enumerate([*self.head, self.body]):
            before = flowable.getSpaceBefore() if index else 0.0
            after = flowable.getSpaceAfter() if flowable is not self.body else 0.0
            w, h = flowable.wrap(availWidth, max(availHeight - total - before, 0.0))
            self._placed.append((flowable, before, w, h, after))
            total += before + h + after
        self.width, self.height = availWidth, total
        return availWidth, total

    def draw(self) -> None:
        y = self.height
        for flowable, before, w, h, after in self._placed:
            y -= before + h
            flowable.drawOn(self.canv, 0, y, _sW=self.width - w)  # type: ignore[call-arg]
            y -= after

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        head = self._head_height(availWidth, availHeight)
        if head >= availHeight:
            return []
        parts = self.body.split(availWidth, availHeight - head)
        return [*self.head, *parts] if parts else []


def bind_headings(story: list[Flowable]) -> list[Flowable]:
    """Each run of sticky headings joined with the flowable that follows it."""
    out: list[Flowable] = []
    head: list[Flowable] = []
    for flowable in story:
        if getattr(flowable, "sticky", False):
            head.append(flowable)
        elif head and isinstance(flowable, CondPageBreak):
            continue  # a subheading right under a heading: the two stay together anyway
        elif head:
            out.append(Sticky(head, flowable))
            head = []
        else:
            out.append(flowable)
    return out + head


def table_style(commands: Iterable[tuple[Any, ...]]) -> TableStyle:
    """Table commands, with Vera for plain-string cells (reportlab's default is Helvetica,
    which would put an unembedded font in the file)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 9.5), *commands])


class FlowTable(Table):
    """A table whose rows stay whole on a page unless one is too tall to keep whole.

    reportlab splits between rows first, but when that fails with ``splitInRow`` set it
    cuts the next row wherever the page ends, even a short one. Here only a row taller
    than :attr:`TALL` (a task or an evidence note of pages of text) is cut; a shorter row
    moves to the next page with the table's header repeated.
    """

    TALL = 12 * cm

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)  # type: ignore[attr-defined]
        parts: list[Flowable] = self._splitRows(availHeight, doInRowSplit=False)  # type: ignore[attr-defined]
        if parts or not self.splitInRow or not self._tall_row_at(availHeight):  # type: ignore[attr-defined]
            return parts
        return self._splitRows(availHeight, doInRowSplit=True)  # type: ignore[attr-defined,no-any-return]

    def _tall_row_at(self, height: float) -> bool:
        """Is the first row that does not fit into ``height`` a tall one?"""
        used = 0.0
        for row_height in self._rowHeights:  # type: ignore[attr-defined]
            if used + row_height > height:
                return bool(row_height > self.TALL)
            used += row_height
        return False


def grid_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    extra: Iterable[tuple[Any, ...]] = (),
) -> Table:
    """A table with a light grid; its header row repeats on every page it runs over."""
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    commands.extend(extra)
    table = FlowTable(
        [list(r) for r in rows],
        colWidths=list(widths),
        repeatRows=1 if header else 0,
        splitInRow=1,  # a row with very long text may run over a page break (see FlowTable)
        hAlign="LEFT",
    )
    table.setStyle(table_style(commands))
    return table


def facts_table(pairs: Sequence[tuple[str, Flowable | str]], width: float, *, label_width: float = 4.2 * cm) -> Table:
    """Label and value pairs (company details, agreements); empty values are left out."""
    rows = [
        [para(label, CELL_LABEL), value if isinstance(value, Flowable) else para(value, CELL)]
        for label, value in pairs
        if not isinstance(value, str) or value.strip()
    ]
    extra = [("BACKGROUND", (0, 0), (0, -1), HEAD_FILL)]
    return grid_table(rows, [label_width, width - label_width], header=False, extra=extra)


def drawing(width: float, height: float, **attributes: Any) -> Drawing:
    """A vector drawing whose text state starts in Vera (reportlab's default is Times-Roman)."""
    return Drawing(width, height, initialFontName=REGULAR, **attributes)


def checkbox(checked: bool, size: float = 10) -> Drawing:
    """A small box, ticked when ``checked`` (the font has no check mark glyph)."""
    box = drawing(size, size)
    frame = Rect(0.5, 0.5, size - 1, size - 1)
    frame.strokeColor, frame.fillColor = (ACCENT if checked else MUTED), None
    box.add(frame)
    if checked:
        points = [size * 0.2, size * 0.5, size * 0.42, size * 0.25, size * 0.82, size * 0.8]
        box.add(PolyLine(points, strokeColor=ACCENT, strokeWidth=1.6))
    return box


class Photos:
    """Task photos scaled down once per report and shown at most ``max_w`` × ``max_h``."""

    DPI = 180

    def __init__(self, photos: Mapping[str, bytes]) -> None:
        self._photos = photos
        self._scaled: dict[tuple[str, float, float], tuple[bytes, int, int] | None] = {}

    def flowable(self, sha: str, max_w: float, max_h: float) -> Image | None:
        """The photo ``sha`` scaled to fit, or None when it is missing or unreadable."""
        if not sha or sha not in self._photos:
            return None
        key = (sha, max_w, max_h)
        if key not in self._scaled:
            self._scaled[key] = _downscale(self._photos[sha], int(max_w / 72 * self.DPI), int(max_h / 72 * self.DPI))
        scaled = self._scaled[key]
        if scaled is None:
            return None
        data, width, height = scaled
        scale = min(max_w / width, max_h / height)
        return Image(io.BytesIO(data), width=width * scale, height=height * scale, hAlign="LEFT")


def _downscale(data: bytes, max_px_w: int, max_px_h: int) -> tuple[bytes, int, int] | None:
    try:
        with PILImage.open(io.BytesIO(data)) as opened:
            opened.draft("RGB", (max_px_w, max_px_h))  # JPEG: decode at a reduced size, much faster
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    image.thumbnail((max_px_w, max_px_h))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82)
    return out.getvalue(), image.width, image.height


Line = list[tuple[str, str]]
"""A line drawn straight on the canvas: (font name, characters) runs, left to right."""


def one_line(text: str, face: str) -> Line:
    """``text`` on one line (its white space as single spaces) cut into runs the way the
    body's markup is (:func:`esc`): what Vera has in ``face`` (a Vera face: ``REGULAR``,
    ``BOLD``), the rest in the fallback font that has it, or the stand-in for what no
    font has."""
    return [(face if font is None else font, run) for font, run in _runs(" ".join(text.split()))]


def line_width(runs: Line, size: float) -> float:
    """Width in points of ``runs`` drawn at ``size`` points."""
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in runs)


def fit(text: str, face: str, size: float, width: float) -> Line:
    """:func:`one_line`, cut with an ellipsis so it fits on one line of ``width`` points.

    The cut keeps the start of the text as it is read (for Arabic the right-hand end of
    the line) and the ellipsis goes where the reading stops; the longest such start that
    fits is found by bisection, each candidate drawn as :func:`one_line` draws it."""
    runs = one_line(text, face)
    if line_width(runs, size) <= width:
        return runs
    logical = " ".join(unicodedata.normalize("NFC", text).split())

    def cut_at(length: int) -> Line:
        return one_line(logical[:length].rstrip() + "…", face)

    low, high = 0, len(logical)  # cut_at(low) fits (or low is 0), cut_at(high) does not
    while high - low > 1:
        middle = (low + high) // 2
        if line_width(cut_at(middle), size) <= width:
            low = middle
        else:
            high = middle
    return cut_at(low)


def draw_line(canvas: Canvas, x: float, y: float, runs: Line, size: float, *, anchor: str = "start") -> None:
    """Draw ``runs`` at ``size`` points on ``canvas`` from ``x`` (``anchor`` "start"),
    ending at it ("end") or centred on it ("middle"), ``y`` the baseline. Header and
    footer lines are drawn this way, so they show a name as the body does."""
    if anchor != "start":
        x -= line_width(runs, size) / (2 if anchor == "middle" else 1)
    text = canvas.beginText(x, y)  # one text object, its font changed per run, as a Paragraph's
    for font, run in runs:
        text.setFont(font, size)
        text.textOut(run)
    canvas.drawText(text)


Decorate = Callable[[Canvas, BaseDocTemplate], None]


class Layout:
    """One report's page frame: header line, footer with "Side x af y", page templates."""

    def __init__(self, t: Texts, *, kind: str, header_right: str, footer_left: str = "") -> None:
        self.t = t
        self.kind = kind
        self.header_right = header_right
        self.footer_left = footer_left

    def header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = canvas._pagesize  # type: ignore[attr-defined]
        usable = width - 2 * MARGIN
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(MARGIN, height - 1.36 * cm, 0.5 * cm, 0.12 * cm, stroke=0, fill=1)
        draw_line(canvas, MARGIN + 0.7 * cm, height - 1.4 * cm, fit(self.kind, BOLD, 8, usable * 0.45), 8)
        canvas.setFillColor(MUTED)
        right = fit(self.header_right, REGULAR, 8, usable * 0.5)
        draw_line(canvas, width - MARGIN, height - 1.4 * cm, right, 8, anchor="end")
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, height - 1.6 * cm, width - MARGIN, height - 1.6 * cm)
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, pages: int) -> None:
        width, _ = canvas._pagesize  # type: ignore[attr-defined]
        canvas.saveState()
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, 1.55 * cm, width - MARGIN, 1.55 * cm)
        canvas.setFillColor(MUTED)
        if self.footer_left:
            draw_line(canvas, MARGIN, 1.1 * cm, fit(self.footer_left, REGULAR, 8, (width - 2 * MARGIN) * 0.6), 8)
        number = one_line(self.t("page", page=page, pages=pages), REGULAR)
        draw_line(canvas, width - MARGIN, 1.1 * cm, number, 8, anchor="end")
        canvas.restoreState()

    def template(
        self,
        name: str,
        pagesize: tuple[float, float],
        *,
        decorate: Decorate | None = None,
        margin: float | None = None,
    ) -> PageTemplate:
        """A page with the header line and the footer, or, given ``decorate``, a page that
        draws itself (no header, no page number) with ``margin`` all round."""
        width, height = pagesize
        if margin is None:
            left, bottom, frame_w, frame_h = MARGIN, BOTTOM, width - 2 * MARGIN, height - TOP - BOTTOM
        else:
            left, bottom, frame_w, frame_h = margin, margin, width - 2 * margin, height - 2 * margin
        frame = Frame(
            left, bottom, frame_w, frame_h, id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
        )
        if decorate is None:
            return PageTemplate(id=name, frames=[frame], onPage=self.header, pagesize=pagesize)

        def bare(canvas: Canvas, doc: BaseDocTemplate) -> None:
            canvas._no_footer = True  # type: ignore[attr-defined]  # read by the numbering canvas
            decorate(canvas, doc)

        return PageTemplate(id=name, frames=[frame], onPage=bare, pagesize=pagesize)

    def build(
        self,
        story: list[Flowable],
        *,
        title: str,
        templates: Sequence[PageTemplate] | None = None,
        pagesize: tuple[float, float] = A4,
    ) -> bytes:
        """Lay out ``story`` and return the PDF's bytes."""
        out = io.BytesIO()
        doc = BaseDocTemplate(
            out,
            pagesize=pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=plain(title),
            author=self.t("author"),
            subject=self.kind,
            creator=self.t("author"),
            lang=self.t.language,
            initialFontName=REGULAR,  # else every page names an unembedded Helvetica
        )
        doc.addPageTemplates(list(templates) if templates else [self.template("page", pagesize)])
        doc.build(bind_headings(story), canvasmaker=self._canvas_class())
        return out.getvalue()

    def _canvas_class(self) -> type[Canvas]:
        layout = self

        class NumberedCanvas(Canvas):
            """Holds every page until the end, then writes "Side x af y" on each."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._pages: list[dict[str, Any]] = []
                self._no_footer = False

            def showPage(self) -> None:
                self._pages.append(dict(self.__dict__))
                self._startPage()  # type: ignore[attr-defined]
                self._no_footer = False

            def save(self) -> None:
                total = len(self._pages)
                for number, state in enumerate(self._pages, start=1):
                    self.__dict__.update(state)
                    if not state.get("_no_footer"):
                        layout.footer(self, number, total)
                    super().showPage()
                super().save()

        return NumberedCanvas


def spacer(height: float) -> Spacer:
    return Spacer(1, height)
