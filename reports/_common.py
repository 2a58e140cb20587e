"""Pieces more than one report prints: the company block, task tables, follow-ups, contacts."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Table

from domain.content import ContentPack
from domain.records import FollowUp, Participant, SpottedTask
from reports._layout import (
    CELL,
    CELL_HEAD,
    GRID,
    HEAD_FILL,
    SMALL,
    Photos,
    esc,
    facts_table,
    grid_table,
    markup,
    nowrap,
    para,
    table_style,
)
from reports.data import CompanyInfo, Consultant
from reports.texts import Texts

TASK_WIDTHS = (6.8 * cm, 3.3 * cm, 2.6 * cm, 4.3 * cm)
PHOTO_BOX = (5.4 * cm, 3.8 * cm)
LONG_NOTE = 400


def company_contact(t: Texts, company: CompanyInfo) -> list[tuple[str, Flowable | str]]:
    """The company's contact person, phone and e-mail as facts-table rows, each value
    under its own label ("Kontaktperson", "Telefon", "E-mail"); an empty one is left
    out by :func:`facts_table`, so no value ever stands under a neighbour's label."""
    phone = company.contact_phone.strip()
    return [
        (t("contact"), company.contact_name),
        (t("phone"), markup(nowrap(phone), CELL) if phone else ""),
        (t("email"), company.contact_email),
    ]


def company_facts(t: Texts, company: CompanyInfo, width: float) -> Table:
    return facts_table(
        [
            (t("company"), company.name),
            (t("cvr"), company.cvr),
            (t("address"), company.address),
            (t("industry"), company.industry),
            (t("website"), company.website),
            *company_contact(t, company),
        ],
        width,
    )


def accommodation_titles(pack: ContentPack, ids: Sequence[str]) -> list[str]:
    """The pack's words for accommodation ids (an unknown id is shown as it is)."""
    titles = {a.id: a.title for a in pack.accommodations}
    return [titles.get(i, i) for i in ids]


def level_text(t: Texts, pack: ContentPack, level: int) -> str:
    titles = {r.level: r.title for r in pack.requirement_levels}
    return t("level_value", level=level, title=titles[level]) if level in titles else str(level)


def task_table(
    t: Texts,
    pack: ContentPack,
    tasks: Sequence[SpottedTask],
    photos: Photos,
    *,
    show_area: bool = False,
) -> Table:
    """Tasks with their level, hours and accommodations; the photo under the task's text."""
    green = {c.id: c.title for c in pack.green_categories}
    header: list[object] = [para(t("task"), CELL_HEAD), para(t("level"), CELL_HEAD), para(t("hours"), CELL_HEAD)]
    header.append(para(t("accommodations"), CELL_HEAD))
    rows: list[list[object]] = [header]
    for task in tasks:
        details: list[str] = []
        if show_area and task.area.strip():
            details.append(f"{esc(t('area'))}: {esc(task.area)}")
        if task.done_by.strip():
            details.append(esc(t("done_by", name=task.done_by)))
        if task.green:
            details.append(esc(t("green", category=green.get(task.green, task.green))))
        cell: list[Flowable] = [markup(f"<b>{esc(task.title)}</b>", CELL)]
        if details:
            cell.append(markup("<br/>".join(details), SMALL))
        note = task.accommodation_note.strip()
        if len(note) > LONG_NOTE:  # a long note reads better in the wide column than in a narrow one
            cell.append(markup(f"<b>{esc(t('accommodations'))}:</b> {esc(note)}", SMALL))
        image = photos.flowable(task.photo, *PHOTO_BOX)
        if image is not None:
            image.spaceBefore = 4  # type: ignore[attr-defined]
            cell.append(image)
        accommodations: list[Flowable] = []
        titles = accommodation_titles(pack, task.accommodations)
        if titles:
            accommodations.append(markup("<br/>".join(f"• {esc(x)}" for x in titles), CELL))
        if note and len(note) <= LONG_NOTE:
            accommodations.append(para(note, SMALL))
        rows.append(
            [
                cell,
                para(level_text(t, pack, task.level), CELL),
                para(t.hours(task.hours) if task.hours else t("nothing"), CELL),
                accommodations or para(t("nothing"), CELL),
            ]
        )
    return grid_table(rows, TASK_WIDTHS)


def followup_table(t: Texts, followups: Sequence[FollowUp]) -> Table:
    """Follow-ups in date order: when, what, who (a finished one says so)."""
    rows: list[list[object]] = [[para(t("when"), CELL_HEAD), para(t("what"), CELL_HEAD), para(t("who"), CELL_HEAD)]]
    for item in sorted(followups, key=lambda f: (f.due, f.title)):
        what = esc(item.title)
        if item.kind == "aftercare":
            what += f" <font color='#5B6670'>({esc(t('aftercare'))})</font>"
        if item.done:
            what += f" – <i>{esc(t('done'))}</i>"
            if item.done_note.strip():
                what += f": {esc(item.done_note)}"
        rows.append([para(t.day(item.due), CELL), markup(what, CELL), para(item.owner, CELL)])
    return grid_table(rows, (3.8 * cm, 9.2 * cm, 4.0 * cm))


def contact_table(
    t: Texts, consultants: Sequence[Consultant], participants: Sequence[Participant] = ()
) -> Table | None:
    """A card per consultant with how to reach them; without them, the consultants who took part."""
    cards: list[Flowable] = []
    for c in consultants:
        lines = [f"<b>{esc(c.name)}</b>"]
        lines += [esc(x) for x in (c.title, c.organisation) if x.strip()]
        if c.phone.strip():
            lines.append(f"<font color='#5B6670'>{esc(t('phone'))}:</font> {nowrap(c.phone)}")
        if c.email.strip():
            lines.append(f"<font color='#5B6670'>{esc(t('email'))}:</font> {esc(c.email)}")
        cards.append(markup("<br/>".join(lines), CELL))
    if not consultants:
        for p in participants:
            if p.role in ("E", "S"):
                organisation = p.organisation or t(f"role.{p.role}")
                cards.append(markup(f"<b>{esc(p.name)}</b><br/>{esc(organisation)}", CELL))
    if not cards:
        return None
    rows: list[list[object]] = []
    style: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]
    for index, card in enumerate(cards):
        row, column = divmod(index, 2)
        if column == 0:
            rows.append([card, "", ""])
        else:
            rows[row][2] = card
        cell = (column * 2, row)
        style += [("BACKGROUND", cell, cell, HEAD_FILL), ("BOX", cell, cell, 0.5, GRID)]
    table = Table(rows, colWidths=(8.25 * cm, 0.5 * cm, 8.25 * cm), hAlign="LEFT")
    table.setStyle(table_style(style))  # type: ignore[arg-type]
    return table
