"""The visit summary the company receives after the meeting.

Company, date, who took part, what the company is busy with (the megatrend angle and the
answers to the conversation cards), the bubble-sheet notes by field, the tasks seen on the
walk-around by area, what was agreed and when someone follows up, and whom to call.
Internal notes never appear: they are filtered out here, whatever the caller passes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable

from domain.records import QUICK_NOTE, Note, SpottedTask
from domain.tasks import PARTICIPANT_ROLES
from reports._bidi import side_by_side
from reports._common import company_facts, contact_table, followup_table, task_table
from reports._layout import (
    BODY,
    BULLET,
    CELL,
    CELL_HEAD,
    LEAD,
    MARGIN,
    QUOTE,
    SMALL,
    Layout,
    Photos,
    esc,
    facts_table,
    grid_table,
    heading,
    keep_with_next,
    markup,
    para,
    subheading,
    title,
)
from reports.data import VisitReportData
from reports.texts import Texts

WIDTH = A4[0] - 2 * MARGIN
QUESTION = ParagraphStyle("question", parent=QUOTE, leftIndent=0, spaceBefore=2, spaceAfter=1)
ANSWER = ParagraphStyle("answer", parent=BODY, leftIndent=12, spaceAfter=6)


def visible_notes(notes: Iterable[Note]) -> list[Note]:
    """The notes the company may see: never one marked internal, never an empty one."""
    return [n for n in notes if not n.internal and n.text.strip()]


def visit_summary_pdf(data: VisitReportData, *, language: str = "da") -> bytes:
    """The visit summary for the company as PDF bytes (Danish, or English with ``language="en"``)."""
    t = Texts(language)
    day = t.day(data.visit_date)
    layout = Layout(
        t,
        kind=side_by_side(data.issuer, t("visit.kind")),
        header_right=side_by_side(data.company.name, day),
        footer_left=data.issuer,
    )
    story: list[Flowable] = [
        title(t, "visit.title", company=data.company.name),
        para(t("visit.intro", date=day), LEAD),
        *heading(t("visit.company")),
        company_facts(t, data.company, WIDTH),
    ]
    story += _participants(t, data)
    story += _busy(t, data)
    story += _notes(t, data)
    story += _tasks(t, data)
    story += _agreed(t, data)
    contacts = contact_table(t, data.consultants, data.participants)
    if contacts is not None:
        story += [*heading(t("consultants"), t("consultants_intro")), contacts]
    return layout.build(story, title=t("visit.title", company=data.company.name))


def _participants(t: Texts, data: VisitReportData) -> list[Flowable]:
    if not data.participants:
        return []
    rows: list[list[object]] = [
        [para(t("name"), CELL_HEAD), para(t("organisation"), CELL_HEAD), para(t("role"), CELL_HEAD)]
    ]
    for p in data.participants:
        role = t(f"role.{p.role}") if p.role in PARTICIPANT_ROLES else p.role
        rows.append([para(p.name, CELL), para(p.organisation, CELL), para(role, CELL)])
    return [*heading(t("visit.participants")), grid_table(rows, (6.0 * cm, 6.6 * cm, 4.4 * cm))]


def _busy(t: Texts, data: VisitReportData) -> list[Flowable]:
    out: list[Flowable] = []
    trends: dict[str, str] = {m.id: m.title for m in data.pack.megatrends}
    if data.megatrend or data.megatrend_note.strip():
        angle = trends.get(data.megatrend, data.megatrend)
        line = f"<b>{esc(t('visit.megatrend'))}:</b> {esc(angle)}" if angle else ""
        if data.megatrend_note.strip():
            line = f"{line}<br/>{esc(data.megatrend_note)}" if line else esc(data.megatrend_note)
        out.append(markup(line))
    phase = None
    for answer in data.card_answers:
        if answer.phase and answer.phase != phase:
            phase = answer.phase
            out += subheading(answer.phase)
        if answer.question:  # empty when its only sentence held a placeholder
            out.append(keep_with_next(para(answer.question, QUESTION)))
        out.append(para(answer.answer, ANSWER))
    return [*heading(t("visit.busy")), *(out or [para(t("visit.busy_none"))])]


def _notes(t: Texts, data: VisitReportData) -> list[Flowable]:
    out: list[Flowable] = heading(t("visit.notes"))
    notes = visible_notes(data.notes)
    if not notes:
        return [*out, para(t("visit.notes_none"))]
    by_field: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        by_field[note.field].append(note)
    titles: dict[str, str] = {f.id: f.title for f in data.pack.bubble_sheet.fields}
    titles[QUICK_NOTE] = t("visit.notes_quick")  # taken with "Hurtig note" on any screen
    order: list[str] = [f.id for f in data.pack.bubble_sheet.fields] + [QUICK_NOTE]
    order += [f for f in by_field if f not in titles]  # "general", and any other field last
    for field_id in order:
        if not by_field.get(field_id):
            continue
        out += subheading(titles.get(field_id, t("visit.notes_general")))
        for note in by_field[field_id]:
            text = esc(note.text)
            if note.author.strip():
                text += f" <font size='8.5' color='#5B6670'>– {esc(note.author)}</font>"
            out.append(markup(text, BULLET, bullet="•"))
    return out


def _tasks(t: Texts, data: VisitReportData) -> list[Flowable]:
    out: list[Flowable] = heading(t("visit.tasks"))
    if not data.tasks:
        return [*out, para(t("visit.tasks_none"))]
    areas: dict[str, list[SpottedTask]] = {}
    for task in data.tasks:
        areas.setdefault(task.area.strip(), []).append(task)
    total = t.hours(sum(task.hours for task in data.tasks))
    if len(data.tasks) == 1:
        out.append(para(t("visit.tasks_summary_one", hours=total)))
    else:
        out.append(para(t("visit.tasks_summary", count=len(data.tasks), areas=len(areas), hours=total)))
    levels = {r.level: r.title for r in data.pack.requirement_levels}  # the pack has exactly 1, 2 and 3
    out.append(para(t("visit.levels", one=levels[1], two=levels[2], three=levels[3]), SMALL))
    photos = Photos(data.photos)
    for area, tasks in areas.items():
        count = t("visit.area_count_one") if len(tasks) == 1 else t("visit.area_count", count=len(tasks))
        hours = t.hours(sum(task.hours for task in tasks))
        out += subheading(t("visit.area_heading", area=area or t("no_area"), count=count, hours=hours))
        out.append(task_table(t, data.pack, tasks, photos))
    return out


def _agreed(t: Texts, data: VisitReportData) -> list[Flowable]:
    out: list[Flowable] = heading(t("visit.next"))
    closing = data.closing
    pairs: list[tuple[str, Flowable | str]] = []
    if closing is not None:
        pairs = [
            (t("visit.cvs"), str(closing.cvs_wanted) if closing.cvs_wanted else ""),
            (t("visit.start"), closing.start_wish),
            (t("visit.skills"), closing.skills_required),
            (t("visit.accommodations_possible"), closing.accommodations_possible),
        ]
    if any(v.strip() for _, v in pairs if isinstance(v, str)):
        out.append(facts_table(pairs, WIDTH, label_width=5.6 * cm))
    elif not data.openings:
        out.append(para(t("visit.next_none")))
    if data.openings:
        out += subheading(t("visit.openings"))
        for opening in data.openings:
            line = f"<b>{esc(opening.title)}</b>"
            if opening.hours:
                line += f" · {esc(t.hours(opening.hours))}"
            out.append(markup(line, BULLET, bullet="•"))
    out += subheading(t("visit.followups"))
    out.append(followup_table(t, data.followups) if data.followups else para(t("visit.followups_none")))
    return out
