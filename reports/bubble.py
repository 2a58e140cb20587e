"""The printable bubble sheet: three fields side by side on A4 landscape.

Each field (recruitment, retention, upskilling, from the content pack) has its title, its
short text and a QR code that opens the field's ``info_url``. Printed blank it has ruled
space for the next meeting; given a visit's notes it carries them (never internal ones),
and a field with many notes runs on to the next page with its header repeated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from urllib.parse import quote, urlsplit, urlunsplit

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Line
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Table

from domain.content import BubbleField, ContentPack
from domain.records import QUICK_NOTE, Note
from reports._bidi import side_by_side
from reports._layout import (
    ACCENT,
    BODY,
    BOLD,
    BOTTOM,
    CELL,
    GRID,
    H2,
    HEAD_FILL,
    LEAD,
    MARGIN,
    MUTED,
    SMALL,
    TITLE,
    TOP,
    FlowTable,
    Layout,
    drawing,
    esc,
    markup,
    nowrap,
    para,
    table_style,
)
from reports.data import CompanyInfo, Consultant
from reports.texts import Texts
from reports.visit import visible_notes

PAGE = landscape(A4)
WIDTH = PAGE[0] - 2 * MARGIN
GAP = 0.5 * cm
COLUMN = (WIDTH - 2 * GAP) / 3
QR_SIZE = 2.7 * cm
FIELD_TITLE = ParagraphStyle("field_title", parent=H2, textColor=colors.white, spaceBefore=0, spaceAfter=0)
FIELD_TEXT = ParagraphStyle("field_text", parent=CELL, fontSize=9.5, leading=12.5)
URL = ParagraphStyle("url", parent=SMALL, fontSize=8, leading=10, spaceBefore=4)
GENERAL = ParagraphStyle("general", parent=H2, spaceBefore=10)
NOTE = ParagraphStyle(
    "bubble_note", parent=BODY, fontSize=10, leading=13.5, leftIndent=10, bulletIndent=0, spaceAfter=5
)


def ascii_url(url: str) -> str:
    """``url`` with a non-ASCII host in IDNA and other non-ASCII characters percent-encoded.

    A QR code carries bytes without saying their encoding, and scanners guess (zbar reads
    UTF-8 "æ" as Shift JIS); an ASCII address opens the same page on every phone.
    """
    if url.isascii():
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = parts.netloc.replace(host, host.encode("idna").decode("ascii")) if host else parts.netloc
    safe = "/:@!$&'()*+,;=?#[]~%-._"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe),
            quote(parts.fragment, safe=safe),
        )
    )


def qr_drawing(url: str, size: float = QR_SIZE) -> Drawing:
    """A QR code for ``url`` as a vector drawing ``size`` points square, quiet zone included."""
    widget = QrCodeWidget(ascii_url(url), barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    code = drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    code.add(widget)
    return code


def bubble_sheet_pdf(
    pack: ContentPack,
    notes: Iterable[Note] | None = None,
    *,
    company: CompanyInfo | None = None,
    visit_date: date | None = None,
    consultants: Sequence[Consultant] = (),
    language: str = "da",
    issuer: str = "",
) -> bytes:
    """The bubble sheet as PDF bytes: blank when ``notes`` is None, else filled with them.

    ``visit_date`` and ``company`` go in the header of a filled sheet; on a blank sheet
    they are written on the fill-in line when given. ``consultants`` are printed at the
    foot, so the company keeps the sheet with whom to call.
    """
    t = Texts(language)
    sheet = pack.bubble_sheet
    day = t.day(visit_date) if visit_date is not None else ""
    right = side_by_side(company.name if company else "", day)
    layout = Layout(t, kind=side_by_side(issuer, t("bubble.kind")), header_right=right)
    shown = visible_notes(notes) if notes is not None else None
    story: list[Flowable] = [para(sheet.title, TITLE), para(sheet.intro, LEAD)]
    if shown is None or company is None:
        story.append(_fill_in(t, company.name if company else "", day))
    after: list[Flowable] = []
    if shown:
        known = {f.id for f in sheet.fields}
        quick = [n for n in shown if n.field == QUICK_NOTE]
        others = [n for n in shown if n.field not in known and n.field != QUICK_NOTE]
        if quick:
            after += [para(t("visit.notes_quick"), GENERAL), *(_note(n) for n in quick)]
        if others:
            after += [para(t("visit.notes_general"), GENERAL), *(_note(n) for n in others)]
    if consultants:
        after.append(_contacts(t, consultants))
    # The three fields reach down to the foot of the page: on a blank sheet the ruled
    # space takes what is left, on a filled one the note boxes do (when the notes fit).
    room = PAGE[1] - TOP - BOTTOM - _height([*story, *after]) - 8
    if shown is None:
        table = _fields(t, sheet.fields, None, ruled=0)
        table = _fields(t, sheet.fields, None, ruled=max(room - _height([table]), 3 * cm))
    else:
        table = _fields(t, sheet.fields, shown)
        slack = room - _height([table])
        if slack > 0:
            heights = table._rowHeights  # type: ignore[attr-defined]  # measured by _height
            table = _fields(t, sheet.fields, shown, body_height=heights[-1] + slack)
    story += [table, *after]
    return layout.build(
        story,
        title=f"{sheet.title} – {company.name}" if company else sheet.title,
        templates=[layout.template("landscape", PAGE)],
        pagesize=PAGE,
    )


def _height(flowables: list[Flowable]) -> float:
    """How tall ``flowables`` are on the page, spacing included."""
    total = 0.0
    for flowable in flowables:
        _, height = flowable.wrap(WIDTH, PAGE[1])
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _contacts(t: Texts, consultants: Sequence[Consultant]) -> Flowable:
    """Whom to call, one consultant a line."""
    lines = []
    for c in consultants:
        details = " · ".join(nowrap(x) for x in (c.organisation, c.phone, c.email) if x.strip())
        lines.append(f"<b>{esc(c.name)}</b>" + (f", {details}" if details else ""))
    style = ParagraphStyle("contacts", parent=SMALL, fontSize=8.5, leading=11.5, spaceBefore=8)
    return markup(f"<b>{esc(t('consultants'))}:</b> " + "<br/>".join(lines), style)


def _fill_in(t: Texts, company: str, day: str) -> Flowable:
    """ "Virksomhed: ____  Dato: ____" with what is known already written on the line."""
    label = ParagraphStyle("fill_label", parent=BODY, textColor=MUTED, spaceAfter=0)
    table = Table(
        [
            [
                para(f"{t('bubble.blank_company')}:", label),
                para(company, BODY),
                para(f"{t('bubble.blank_date')}:", label),
                para(day, BODY),
            ]
        ],
        colWidths=[3.0 * cm, 12.5 * cm, 1.6 * cm, WIDTH - 17.1 * cm],
        hAlign="LEFT",
    )
    table.setStyle(
        table_style(
            [
                ("LINEBELOW", (1, 0), (1, 0), 0.6, MUTED),
                ("LINEBELOW", (3, 0), (3, 0), 0.6, MUTED),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    table.spaceAfter = 10
    return table


def _header(t: Texts, field: BubbleField) -> list[Flowable]:
    """A field's text beside its QR code, and the web address spelled out under both."""
    text_width = COLUMN - 12 - QR_SIZE - 0.3 * cm
    scan = para(t("bubble.scan"), ParagraphStyle("scan", parent=SMALL, fontSize=7, leading=9))
    table = Table(
        [[para(field.text, FIELD_TEXT), [qr_drawing(field.info_url), scan]]],
        colWidths=[text_width, QR_SIZE + 0.3 * cm],
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, para(field.info_url, URL)]


def _ruled(width: float, height: float) -> Drawing:
    """Lines to write on, for a blank sheet."""
    lines = drawing(width, height)
    y = height - 0.9 * cm
    while y > 0.2 * cm:
        lines.add(Line(0, y, width, y, strokeColor=GRID, strokeWidth=0.5, strokeDashArray=[1, 2]))
        y -= 0.9 * cm
    return lines


def _note(note: Note) -> Flowable:
    text = esc(note.text)
    if note.author.strip():
        text += f" <font size='8' color='#5B6670'>– {esc(note.author)}</font>"
    return markup(text, NOTE, bullet="•")


def _fields(
    t: Texts,
    fields: list[BubbleField],
    notes: list[Note] | None,
    *,
    ruled: float = 0,
    body_height: float | None = None,
) -> Table:
    """The three fields side by side: title, text and QR code, then the notes or ruled lines."""
    inner = COLUMN - 12
    titles: list[object] = []
    headers: list[object] = []
    bodies: list[object] = []
    for index, field in enumerate(fields):
        if index:
            titles.append("")
            headers.append("")
            bodies.append("")
        titles.append(para(field.title, FIELD_TITLE))
        headers.append(_header(t, field))
        if notes is None:
            bodies.append(
                [para(t("bubble.notes"), ParagraphStyle("n", parent=CELL, fontName=BOLD)), _ruled(inner, ruled)]
            )
        else:
            mine = [_note(n) for n in notes if n.field == field.id]
            bodies.append(mine or para(t("bubble.none"), ParagraphStyle("none", parent=CELL, textColor=MUTED)))
    widths = [COLUMN, GAP, COLUMN, GAP, COLUMN]
    style: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 1), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    for column in (0, 2, 4):
        style += [
            ("BACKGROUND", (column, 0), (column, 0), ACCENT),
            ("BACKGROUND", (column, 1), (column, 1), HEAD_FILL),
            ("BOX", (column, 0), (column, -1), 0.8, ACCENT),
            ("TOPPADDING", (column, 0), (column, 0), 5),
        ]
    table = FlowTable(
        [titles, headers, bodies],
        colWidths=widths,
        rowHeights=[None, None, body_height],
        repeatRows=2,
        splitInRow=1,
        hAlign="LEFT",
    )
    table.setStyle(table_style(style))  # type: ignore[arg-type]
    return table
