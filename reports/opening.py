"""The job-opening sheet for colleagues: enough to find a candidate and to follow up.

The opening's title, status and owner, its tasks (with level, hours, accommodations and
photos), the accommodations the company can make, the requirements, whom to call at the
company, and who follows up when.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable

from domain.records import SpottedTask
from domain.tasks import OPENING_STATUSES
from reports._bidi import side_by_side
from reports._common import (
    accommodation_titles,
    company_contact,
    company_facts,
    contact_table,
    followup_table,
    task_table,
)
from reports._layout import BULLET, LEAD, MARGIN, Layout, Photos, esc, facts_table, heading, markup, para, title
from reports.data import OpeningReportData
from reports.texts import Texts

WIDTH = A4[0] - 2 * MARGIN


def opening_tasks(data: OpeningReportData) -> list[SpottedTask]:
    """The opening's tasks in the order it names them; all given tasks when it names none."""
    if not data.opening.task_ids:
        return list(data.tasks)
    by_id = {task.id: task for task in data.tasks}
    return [by_id[i] for i in data.opening.task_ids if i in by_id]


def opening_pdf(data: OpeningReportData, *, language: str = "da") -> bytes:
    """The job-opening sheet as PDF bytes (Danish, or English with ``language="en"``)."""
    t = Texts(language)
    opening = data.opening
    day = t.day(data.visit_date)
    tasks = opening_tasks(data)
    hours = opening.hours or sum(task.hours for task in tasks)
    status = t(f"status.{opening.status}") if opening.status in OPENING_STATUSES else opening.status
    layout = Layout(
        t,
        kind=side_by_side(data.issuer, t("opening.kind")),
        header_right=side_by_side(data.company.name, day),
        footer_left=data.issuer,
    )
    story: list[Flowable] = [
        title(t, "opening.title", title=opening.title),
        para(t("opening.from_visit", company=data.company.name, date=day), LEAD),
        *heading(t("opening.facts")),
        facts_table(
            [
                (t("opening.status"), status),
                (t("opening.owner"), opening.owner),
                (t("opening.hours"), t.hours(hours) if hours else ""),
                (t("opening.candidates_sent"), str(opening.candidates_sent) if opening.candidates_sent else ""),
                (t("company"), data.company.name),
                *company_contact(t, data.company),
            ],
            WIDTH,
        ),
        *heading(t("opening.tasks")),
    ]
    if tasks:
        story.append(task_table(t, data.pack, tasks, Photos(data.photos), show_area=True))
    else:
        story.append(para(t("opening.tasks_none")))
    story += heading(t("opening.accommodations"))
    titles = accommodation_titles(data.pack, opening.accommodations)
    notes = [task for task in tasks if task.accommodation_note.strip()]
    if titles:
        story += [markup(esc(x), BULLET, bullet="•") for x in titles]
    story += [markup(f"<b>{esc(task.title)}:</b> {esc(task.accommodation_note)}") for task in notes]
    if not titles and not notes:
        story.append(para(t("opening.accommodations_none")))
    story += heading(t("opening.requirements"))
    story.append(para(opening.requirements if opening.requirements.strip() else t("opening.requirements_none")))
    story += [*heading(t("opening.contact")), company_facts(t, data.company, WIDTH)]
    story += heading(t("opening.followups"))
    story.append(followup_table(t, data.followups) if data.followups else para(t("opening.followups_none")))
    contacts = contact_table(t, data.consultants)
    if contacts is not None:
        story += [*heading(t("consultants")), contacts]
    return layout.build(story, title=t("opening.title", title=opening.title))
