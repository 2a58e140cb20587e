"""The company's social-responsibility profile (the S in ESG), and its recognition diploma.

The profile lists the pack's social areas with what the company already does, wants to
do or finds not relevant, and the evidence noted for each; then the recognition scheme's
criteria, how many are met, and whether the company qualifies. When it does, the diploma
follows on its own page; :func:`diploma_pdf` makes the diploma alone.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, NextPageTemplate, PageBreak, PageTemplate, Table

from domain.records import SocialArea
from domain.tasks import SOCIAL_STATUSES, RecognitionProgress, recognition_progress
from reports._bidi import side_by_side
from reports._common import company_facts, contact_table
from reports._layout import (
    ACCENT,
    ACCENT_DARK,
    ACCENT_LIGHT,
    BODY,
    BOLD,
    CELL,
    CELL_HEAD,
    GRID,
    H3,
    INK,
    LEAD,
    MARGIN,
    MUTED,
    REGULAR,
    SMALL,
    STATUS_FILL,
    TITLE,
    Layout,
    checkbox,
    draw_line,
    drawing,
    esc,
    grid_table,
    heading,
    keep_with_next,
    markup,
    one_line,
    para,
    spacer,
    table_style,
    title,
)
from reports.data import Consultant, SocialReportData
from reports.texts import Texts

WIDTH = A4[0] - 2 * MARGIN
DIPLOMA_MARGIN = 3.2 * cm
DIPLOMA_WIDTH = A4[0] - 2 * DIPLOMA_MARGIN
CRITERION = ParagraphStyle("criterion", parent=CELL, fontSize=10.5, leading=14)


class NotQualified(ValueError):
    """The company does not (yet) meet enough of the recognition criteria for a diploma."""


def progress(data: SocialReportData) -> RecognitionProgress:
    """How many of the pack's recognition criteria the company meets."""
    scheme = data.pack.recognition
    return recognition_progress(dict(data.recognition_met), [c.id for c in scheme.criteria], scheme.min_met)


def social_profile_pdf(data: SocialReportData, *, language: str = "da") -> bytes:
    """The social-responsibility profile as PDF bytes, with the diploma page when it qualifies."""
    t = Texts(language)
    layout = _layout(t, data)
    result = progress(data)
    story: list[Flowable] = [
        title(t, "social.title", company=data.company.name),
        para(t("social.intro", date=t.day(data.visit_date)), LEAD),
        company_facts(t, data.company, WIDTH),
        *_areas(t, data),
        *_recognition(t, data, result),
    ]
    contacts = contact_table(t, data.consultants)
    if contacts is not None:
        story += [*heading(t("consultants"), t("consultants_intro")), contacts]
    templates = [layout.template("page", A4)]
    if result.qualifies:
        templates.append(_diploma_template(layout))
        story += [NextPageTemplate("diploma"), PageBreak(), *_diploma(t, data, result)]
    return layout.build(story, title=t("social.title", company=data.company.name), templates=templates)


def diploma_pdf(data: SocialReportData, *, language: str = "da") -> bytes:
    """The recognition diploma alone, as one page of PDF bytes.

    Raises :class:`NotQualified` when fewer criteria are met than the scheme asks for.
    """
    t = Texts(language)
    result = progress(data)
    if not result.qualifies:
        raise NotQualified(t("not_qualified", met=result.met, needed=result.needed))
    layout = _layout(t, data)
    return layout.build(
        _diploma(t, data, result),
        title=f"{data.pack.recognition.title} – {data.company.name}",
        templates=[_diploma_template(layout)],
    )


def _layout(t: Texts, data: SocialReportData) -> Layout:
    return Layout(
        t,
        kind=side_by_side(data.issuer, t("social.kind")),
        header_right=side_by_side(data.company.name, t.day(data.visit_date)),
        footer_left=data.issuer,
    )


def _areas(t: Texts, data: SocialReportData) -> list[Flowable]:
    recorded = {a.area_id: a for a in data.areas}
    statuses = [recorded[a.id].status for a in data.pack.social_areas if a.id in recorded]
    out: list[Flowable] = heading(t("social.areas"))
    summary = t(
        "social.summary",
        already=statuses.count("already"),
        wants=statuses.count("wants"),
        total=len(data.pack.social_areas),
    )
    out.append(markup(f"<b>{esc(summary)}</b>"))
    rows: list[list[object]] = [
        [para(t("area"), CELL_HEAD), para(t("social.status"), CELL_HEAD), para(t("social.evidence"), CELL_HEAD)]
    ]
    fills: list[tuple[object, ...]] = []
    for index, area in enumerate(data.pack.social_areas, start=1):
        entry = recorded.get(area.id, SocialArea(area_id=area.id))
        status = entry.status if entry.status in SOCIAL_STATUSES else ""
        label = t(f"social.status.{status}") if status else t("social.status.none")
        evidence: list[Flowable] = [para(entry.evidence or t("nothing"), CELL)]
        if entry.evidence.strip() and entry.author.strip():
            evidence.append(para(t("written_by", name=entry.author), SMALL))
        rows.append([markup(f"<b>{esc(area.title)}</b>", CELL), para(label, CELL), evidence])
        if status:
            fills.append(("BACKGROUND", (1, index), (1, index), STATUS_FILL[status]))
    out.append(grid_table(rows, (5.4 * cm, 3.2 * cm, WIDTH - 8.6 * cm), extra=fills))
    return out


def _rounded(width: float, height: float, colour: colors.Color) -> Rect:
    rect = Rect(0, 2, width, height, rx=4, ry=4)
    rect.fillColor, rect.strokeColor = colour, None
    return rect


def _bar(result: RecognitionProgress, width: float = WIDTH, height: float = 9) -> Drawing:
    """A progress bar of the criteria met, with a mark where the company qualifies."""
    bar = drawing(width, height + 4)
    bar.add(_rounded(width, height, ACCENT_LIGHT))
    if result.met:
        bar.add(_rounded(width * min(result.met / result.total, 1.0), height, ACCENT))
    x = width * result.needed / result.total
    bar.add(Line(x, 0, x, height + 4, strokeColor=ACCENT_DARK, strokeWidth=1.5))
    return bar


def _recognition(t: Texts, data: SocialReportData, result: RecognitionProgress) -> list[Flowable]:
    scheme = data.pack.recognition
    out: list[Flowable] = [*heading(t("social.recognition")), keep_with_next(para(scheme.title, H3)), para(scheme.text)]
    if result.qualifies:
        line = t("social.qualifies", met=result.met, total=result.total, needed=result.needed)
    else:
        line = t("social.missing", met=result.met, total=result.total, missing=result.needed - result.met)
    out += [spacer(4), _bar(result), spacer(4), markup(f"<b>{esc(line)}</b>", BODY)]
    rows: list[list[object]] = [[para(t("social.met"), CELL_HEAD), para(t("social.criterion"), CELL_HEAD)]]
    for criterion in scheme.criteria:
        rows.append([checkbox(bool(data.recognition_met.get(criterion.id))), para(criterion.text, CELL)])
    out.append(grid_table(rows, (2.1 * cm, WIDTH - 2.1 * cm), extra=[("ALIGN", (0, 1), (0, -1), "CENTER")]))
    if result.qualifies:
        out += [spacer(6), para(t("social.diploma_follows"), SMALL)]
    return out


def _diploma_template(layout: Layout) -> PageTemplate:
    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = canvas._pagesize  # type: ignore[attr-defined]
        canvas.saveState()
        canvas.setFillColor(ACCENT_LIGHT)
        canvas.rect(1.6 * cm, height - 4.2 * cm, width - 3.2 * cm, 2.6 * cm, stroke=0, fill=1)
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(3)
        canvas.rect(1.3 * cm, 1.3 * cm, width - 2.6 * cm, height - 2.6 * cm)
        canvas.setLineWidth(0.8)
        canvas.rect(1.6 * cm, 1.6 * cm, width - 3.2 * cm, height - 3.2 * cm)
        if layout.footer_left:
            canvas.setFillColor(ACCENT_DARK)
            draw_line(canvas, width / 2, height - 3.0 * cm, one_line(layout.footer_left, BOLD), 11, anchor="middle")
        canvas.restoreState()

    return layout.template("diploma", A4, decorate=decorate, margin=DIPLOMA_MARGIN)


def _seal(size: float = 3.2 * cm) -> Drawing:
    """A round seal with a check mark."""
    seal = drawing(size, size)
    r = size / 2
    seal.add(Circle(r, r, r - 1, fillColor=ACCENT, strokeColor=ACCENT_DARK, strokeWidth=2))
    seal.add(Circle(r, r, r - 7, fillColor=None, strokeColor=colors.white, strokeWidth=0.8))
    points = [r - 0.42 * r, r + 0.02 * r, r - 0.1 * r, r - 0.3 * r, r + 0.45 * r, r + 0.35 * r]
    seal.add(PolyLine(points, strokeColor=colors.white, strokeWidth=5, strokeLineCap=1, strokeLineJoin=1))
    seal.add(String(r, 0.22 * r, "ESG", fontName=BOLD, fontSize=9, fillColor=colors.white, textAnchor="middle"))
    return seal


def _diploma(t: Texts, data: SocialReportData, result: RecognitionProgress) -> list[Flowable]:
    scheme = data.pack.recognition
    centred = ParagraphStyle("d_body", parent=BODY, alignment=TA_CENTER, fontSize=11.5, leading=16)
    heading_style = ParagraphStyle(
        "d_head", parent=TITLE, alignment=TA_CENTER, fontSize=40, leading=46, textColor=ACCENT_DARK
    )
    scheme_style = ParagraphStyle("d_scheme", parent=centred, fontName=BOLD, fontSize=15, leading=20, textColor=ACCENT)
    name_style = ParagraphStyle("d_name", parent=TITLE, alignment=TA_CENTER, fontSize=28, leading=34, textColor=INK)
    small = ParagraphStyle("d_small", parent=centred, fontSize=9.5, leading=13, textColor=MUTED)
    met = [c for c in scheme.criteria if data.recognition_met.get(c.id)]
    criteria = Table(
        [[checkbox(True, 11), para(c.text, CRITERION)] for c in met],
        colWidths=[0.9 * cm, DIPLOMA_WIDTH - 2.4 * cm],
        hAlign="CENTER",
    )
    criteria.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, GRID),
            ]
        )
    )
    seal = _seal()
    seal.hAlign = "CENTER"
    parts: list[Flowable | float] = [
        2.0,
        para(t("diploma.heading"), heading_style),
        para(scheme.title, scheme_style),
        1.2,
        para(t("diploma.awarded"), centred),
        spacer(0.2 * cm),
        para(data.company.name, name_style),
    ]
    if data.company.cvr:
        parts.append(para(side_by_side(t("cvr"), data.company.cvr, sep=" "), small))
    parts += [
        0.9,
        para(t("diploma.because", met=result.met, total=result.total, needed=result.needed), centred),
        spacer(0.3 * cm),
        criteria,
        1.0,
        para(t("diploma.issued", date=t.day(data.issued or data.visit_date)), centred),
        1.8,
        _signatures(t, data),
        0.8,
        seal,
    ]
    return _spread(parts, A4[1] - 2 * DIPLOMA_MARGIN - 12)


def _spread(parts: list[Flowable | float], height: float) -> list[Flowable]:
    """Flowables with the gaps between them (numbers, in cm) scaled so they fill ``height``.

    The gaps shrink when the content is taller (a long name, all criteria met), so the
    diploma stays on one page; they never grow past twice their size.
    """
    flowables = [p for p in parts if not isinstance(p, float)]
    used = 0.0
    for f in flowables:
        used += f.wrap(DIPLOMA_WIDTH, height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    gaps = sum(p * cm for p in parts if isinstance(p, float))
    scale = max(0.0, min((height - used) / gaps, 2.0)) if gaps else 0.0
    return [spacer(p * cm * scale) if isinstance(p, float) else p for p in parts]


def _signatures(t: Texts, data: SocialReportData) -> Table:
    """Lines to sign on, with the consultants' names under them (two at most)."""
    people: list[Consultant | None] = [*data.consultants[:2]] or [None]
    style = ParagraphStyle("sig", parent=SMALL, alignment=TA_CENTER, fontName=REGULAR)
    gap = 1.5 * cm
    width = min(7 * cm, (DIPLOMA_WIDTH - gap * (len(people) - 1)) / len(people))
    cells: list[object] = []
    widths: list[float] = []
    lines: list[tuple[object, ...]] = []
    for person in people:
        if cells:
            cells.append("")
            widths.append(gap)
        text = esc(t("diploma.signature"))
        if person is not None:
            text = f"<b>{esc(person.name)}</b>"
            if person.organisation:
                text += f"<br/>{esc(person.organisation)}"
        lines.append(("LINEABOVE", (len(cells), 0), (len(cells), 0), 0.7, INK))
        cells.append(markup(text, style))
        widths.append(width)
    table = Table([cells], colWidths=widths, hAlign="CENTER")
    table.setStyle(table_style([*lines, ("TOPPADDING", (0, 0), (-1, -1), 5)]))  # type: ignore[arg-type]
    return table
