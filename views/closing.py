"""Closing the visit: what the company wants, the closing checklist, who follows up and
when, job openings made from the tasks spotted on the walk-around, and hires with their
aftercare check-ins.

Forms update their own part of the screen in place, so the consultant is not thrown back
to the top of a long page after each step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import flet as ft

from domain.errors import InvalidInput
from domain.followup import HIRE_KINDS, add_months, bucket, format_day, parse_day
from domain.records import Closing, FollowUp, JobOpening, SpottedTask
from domain.tasks import OPENING_STATUSES, OpeningDraft
from domain.ticks import FOLLOW_UP_ANSWERS, Tick, agreed_follow_up, choose, closing_answer, closing_ticks
from domain.visit import VisitSummary
from domain.writers import default_owner
from storage import followups, visit_records
from views import theme
from views.autosave import autosave
from views.context import AppContext
from views.form_draft import FormDraft
from views.participants import avatar
from views.privacy_guard import SaveGuard
from views.widgets import (
    banner,
    big_button,
    close_dialog,
    dialog,
    dialog_actions,
    folding_text,
    radio,
    section,
    text_field,
    touch_box,
    two_columns,
)

STATUS_COLOURS = {
    "open": ft.Colors.BLUE_100,
    "candidates_sent": ft.Colors.AMBER_100,
    "filled": ft.Colors.GREEN_100,
    "closed": ft.Colors.BLUE_GREY_100,
}


def closing_controls(ctx: AppContext, *, visit: VisitSummary) -> list[ft.Control]:
    saved = visit_records.closing(ctx.store, visit_id=visit.id)
    spotted = visit_records.tasks(ctx.store, visit_id=visit.id)
    openings = ft.Column(spacing=theme.GAP, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def refresh_openings() -> None:
        openings.controls = _openings(ctx, visit, spotted, refresh_openings)

    refresh_openings()
    checklist, answered = _checklist(ctx, visit, saved)
    return [
        two_columns(_wishes(ctx, visit, saved, answered), checklist),
        two_columns(_followups(ctx, visit, answered), _new_opening(ctx, visit, spotted, refresh_openings)),
        section(ctx.t("closing.openings"), openings),
    ]


# What the company wants ----------------------------------------------------------------


def _wishes(ctx: AppContext, visit: VisitSummary, saved: Closing, answered: Callable[[], None]) -> ft.Control:
    t = ctx.t
    cvs = text_field(
        t("closing.cvs"), value=str(saved.cvs_wanted) if saved.cvs_wanted else "", keyboard_type=ft.KeyboardType.NUMBER
    )
    start = text_field(t("closing.start"), value=saved.start_wish, hint_text=t("closing.start_hint"))
    skills = text_field(t("closing.skills"), value=saved.skills_required, multiline=True)
    accommodations = text_field(t("closing.accommodations"), value=saved.accommodations_possible, multiline=True)
    for field, key in (
        (cvs, "cvs_wanted"),
        (start, "start_wish"),
        (skills, "skills_required"),
        (accommodations, "accommodations_possible"),
    ):
        autosave(ctx, field, _closing_saver(ctx, visit, key, answered), draft=f"{visit.id}:closing:{key}")
    return section(t("closing.wishes"), cvs, start, skills, accommodations)


def _closing_saver(
    ctx: AppContext, visit: VisitSummary, key: str, answered: Callable[[], None]
) -> Callable[[str], None]:
    def save(value: str) -> None:
        visit_records.save_closing(ctx.store, visit_id=visit.id, **{key: value})
        answered()  # the checklist ticks what the form now answers

    return save


def _checklist(ctx: AppContext, visit: VisitSummary, saved: Closing) -> tuple[ft.Control, Callable[[], None]]:
    """The closing checklist. A line the form answers (CVs wanted, start, skills,
    accommodations; who follows up and when, and the next contact's date, by a follow-up)
    is ticked with a hint saying so; the consultant's own tick or untick wins. Returns the
    section and what to call when the form or a follow-up has saved an answer."""
    t = ctx.t
    closing = saved
    agreed = followups.followups(ctx.store, visit_id=visit.id, include_done=True)
    done = ft.Text(size=theme.TEXT - 2)
    items = ctx.pack_of(visit).closing_checklist
    ticks: dict[str, Tick] = {}
    boxes = {i.id: ft.Checkbox(semantics_label=i.text) for i in items}
    hints = {i.id: ft.Text(size=theme.TEXT - 3, color=ft.Colors.ON_SURFACE_VARIANT) for i in items}

    def draw() -> None:
        ticks.update(closing_ticks(items, closing=closing, follow_ups=agreed))
        for item in items:
            line = ticks[item.id]
            boxes[item.id].value = line.ticked
            answer, where = _answer_shown(ctx, closing, agreed, item.answered_by)
            short = answer if len(answer) <= 60 else answer[:59].rstrip() + "…"
            hints[item.id].value = (
                t("closing.unticked_answered", section=where)
                if line.overridden and line.derived
                else t("closing.answered", section=where, answer=short)
                if line.ticked and line.derived
                else item.hint or ""
            )
            hints[item.id].visible = bool(hints[item.id].value)
        done.value = t("closing.checklist_done", done=sum(1 for i in items if ticks[i.id].ticked), total=len(items))

    def tick_off(item_id: str) -> Any:
        def handler(e: Any) -> None:
            nonlocal closing
            # From the saved choices, not the ones drawn: they are saved whole, and a
            # colleague's choice pulled since the screen was drawn must not be sent as removed.
            saved = visit_records.closing(ctx.store, visit_id=visit.id).checklist
            choices = choose(saved, item_id, bool(e.control.value), sources=ticks[item_id].sources)
            visit_records.save_closing(ctx.store, visit_id=visit.id, closing_checklist=choices)
            closing = replace(closing, checklist=choices)
            draw()

        return handler

    def answered() -> None:
        nonlocal closing, agreed
        closing = visit_records.closing(ctx.store, visit_id=visit.id)
        agreed = followups.followups(ctx.store, visit_id=visit.id, include_done=True)
        draw()

    draw()
    rows: list[ft.Control] = []
    for item in items:
        boxes[item.id].on_change = tick_off(item.id)
        rows.append(
            ft.ListTile(
                leading=touch_box(boxes[item.id]),
                title=ft.Text(item.text, size=theme.TEXT),
                subtitle=hints[item.id],
                toggle_inputs=True,
                min_height=theme.TOUCH,
                content_padding=ft.Padding.symmetric(horizontal=0),
            )
        )
    return section(t("closing.checklist"), done, *rows), answered


def check_row(
    text: str, *, value: bool, on_change: Any, subtitle: str | None = None, trailing: ft.Control | None = None
) -> ft.Control:
    """A checkbox whose whole row is the touch target; a long line wraps beside the box."""
    return ft.ListTile(
        leading=touch_box(ft.Checkbox(value=value, semantics_label=text, on_change=on_change)),
        title=ft.Text(text, size=theme.TEXT),
        subtitle=ft.Text(subtitle, size=theme.TEXT - 3, color=ft.Colors.ON_SURFACE_VARIANT) if subtitle else None,
        trailing=trailing,
        toggle_inputs=True,
        min_height=theme.TOUCH,
        content_padding=ft.Padding.symmetric(horizontal=0),
    )


# Dates ---------------------------------------------------------------------------------


def picked_day(value: Any) -> date | None:
    """The day a DatePicker returned. It may come as midnight of that day in the browser's
    time zone, converted to UTC; shifting by 12 hours lands on the right day either way."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC) + timedelta(hours=12)
        day: date = value.date()
        return day
    if isinstance(value, date):
        return value
    return None


def date_field(
    ctx: AppContext, label: str, *, value: date | None = None, quick: bool = True
) -> tuple[ft.TextField, ft.Control]:
    """A typed date (dd-mm-åååå) with a calendar button and, if ``quick``, shortcuts from today."""
    t = ctx.t
    field = text_field(label, value=format_day(value) if value else "", hint_text=t("closing.date_hint"))
    field.keyboard_type = ft.KeyboardType.DATETIME

    def put(day: date) -> None:
        field.value = format_day(day)
        field.error = None

    def shortcut(compute: Callable[[date], date]) -> Any:
        def handler(_: Any) -> None:
            put(compute(date.today()))

        return handler

    def picked(e: Any) -> None:
        day = picked_day(e.control.value)
        if day is not None:
            put(day)
            ctx.page.update()  # the event came from the picker, not from this part of the page

    def open_calendar(_: Any) -> None:
        today = date.today()
        try:
            current = parse_day(field.value or "")
        except InvalidInput:
            current = today
        ctx.page.show_dialog(
            ft.DatePicker(
                value=datetime(current.year, current.month, current.day),
                first_date=datetime(today.year - 2, 1, 1),
                last_date=datetime(today.year + 5, 12, 31),
                on_change=picked,
                help_text=label,
                cancel_text=t("closing.cancel"),
                confirm_text=t("closing.choose"),
            )
        )

    small = ft.ButtonStyle(
        text_style=ft.TextStyle(size=theme.TEXT - 2),
        padding=ft.Padding.symmetric(horizontal=14, vertical=8),
        shape=ft.RoundedRectangleBorder(radius=12),
    )
    buttons: list[ft.Control] = []
    if quick:
        buttons += [
            ft.OutlinedButton(
                content=t("closing.plus_week"),
                height=48,
                style=small,
                on_click=shortcut(lambda d: d + timedelta(weeks=1)),
            ),
            ft.OutlinedButton(
                content=t("closing.plus_two_weeks"),
                height=48,
                style=small,
                on_click=shortcut(lambda d: d + timedelta(weeks=2)),
            ),
            ft.OutlinedButton(
                content=t("closing.plus_month"), height=48, style=small, on_click=shortcut(lambda d: add_months(d, 1))
            ),
        ]
    buttons.append(
        ft.OutlinedButton(
            content=t("closing.calendar"), icon=ft.Icons.CALENDAR_MONTH, height=48, style=small, on_click=open_calendar
        )
    )
    return field, ft.Column(
        [field, ft.Row(buttons, wrap=True, spacing=8, run_spacing=8)],
        spacing=8,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


# Who follows up and when ---------------------------------------------------------------


def _answer_shown(
    ctx: AppContext, closing: Closing, agreed: list[FollowUp], answered_by: str | None
) -> tuple[str, str]:
    """What answers a checklist line, as the hint shows it, and the section it is in."""
    t = ctx.t
    if answered_by not in FOLLOW_UP_ANSWERS:
        return (closing_answer(closing, answered_by) if answered_by else ""), t("closing.wishes")
    first = agreed_follow_up(agreed, with_owner=answered_by == "follow_up")
    if first is None:
        return "", t("closing.followups")
    if answered_by == "follow_up":
        return t("closing.followup_line", date=t.date(first.due), owner=first.owner), t("closing.followups")
    return t.date(first.due), t("closing.followups")


def _followups(ctx: AppContext, visit: VisitSummary, answered: Callable[[], None]) -> ft.Control:
    t = ctx.t
    what = text_field(t("closing.followup_what"))
    what_slot = ft.Column([what], spacing=0, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    owner = text_field(t("closing.followup_owner"), value=ctx.author(visit.id))
    due, due_row = date_field(ctx, t("closing.followup_due"))
    listing = ft.Column(spacing=4)
    guard = SaveGuard(ctx)  # a CPR-like number in a field is asked about before saving

    def fill() -> None:
        rows = [f for f in followups.followups(ctx.store, visit_id=visit.id, include_done=True) if f.kind == "followup"]
        listing.controls = [followup_row(ctx, f) for f in rows] or [
            ft.Text(t("closing.followups_none"), size=theme.TEXT - 2, italic=True)
        ]

    def add(_: Any) -> None:
        for field in (what, owner, due):
            field.error = None
        if not guard.allows([what, owner], retry=lambda: add(None)):
            return
        try:
            day = parse_day(due.value or "")
        except InvalidInput as error:
            due.error = ctx.error_text(error)
            return
        if bucket(day, date.today()) == "overdue":
            confirm_past_date(ctx, day, on_confirm=lambda: save(day))
            return
        save(day)

    def save(day: date) -> None:
        nonlocal what
        try:
            followup_id = followups.add_followup(
                ctx.store,
                visit_id=visit.id,
                title=what.value or "",
                owner=owner.value or "",
                due=day,
                author=ctx.author(visit.id),
            )
        except InvalidInput as error:
            target = owner if error.field == "owner" else what
            target.error = ctx.error_text(error)
            return
        # The next follow-up gets a field of its own; the one just used stays, hidden and
        # bound to its follow-up, for what was typed before the new field was drawn.
        old = what
        old.visible = False
        bound = autosave(
            ctx,
            old,
            lambda v: followups.rename_followup(ctx.store, followup_id=followup_id, title=v),
            draft=f"{visit.id}:followup:{followup_id}",
        )
        bound.retire()
        what = text_field(t("closing.followup_what"))
        what_slot.controls = [old, what]
        due.value = ""
        fill()
        answered()  # the checklist ticks who follows up and the next contact's date
        ctx.page.update()  # the snackbar's own update would skip the automatic one
        ctx.notify(t("closing.followup_added", date=t.date(day)))

    fill()
    return section(
        t("closing.followups"),
        ft.Text(t("closing.followups_help"), size=theme.TEXT - 2),
        what_slot,
        owner,
        due_row,
        guard.panel,
        big_button(t("closing.followup_add"), icon=ft.Icons.EVENT_AVAILABLE, on_click=add),
        ft.Divider(height=1),
        listing,
    )


def confirm_past_date(ctx: AppContext, day: date, *, on_confirm: Callable[[], None]) -> None:
    """Ask before a follow-up is saved with a date that has passed: it would be overdue
    the moment it is made, and is more often a slip of the finger than a wish."""
    t = ctx.t

    def confirmed(_: Any) -> None:
        close_dialog(ctx.page)
        on_confirm()
        ctx.page.update()  # the event came from the dialog, not from the form behind it

    ctx.page.show_dialog(
        dialog(
            modal=True,
            title=t("followups.past_title"),
            title_size=theme.TEXT_LARGE - 2,
            content=ft.Text(t("followups.past_text", date=t.date(day)), size=theme.TEXT),
            actions=dialog_actions(
                ctx.page, cancel=t("closing.cancel"), confirm=t("followups.past_save"), on_confirm=confirmed
            ),
        )
    )


def followup_row(ctx: AppContext, f: FollowUp) -> ft.Control:
    t = ctx.t
    return ft.ListTile(
        leading=avatar(f.owner, ctx.role_of(f.owner)),
        title=ft.Text(
            f.title,
            size=theme.TEXT,
            style=ft.TextStyle(decoration=ft.TextDecoration.LINE_THROUGH) if f.done else None,
        ),
        subtitle=ft.Text(
            t("closing.followup_line", date=t.date(f.due), owner=f.owner)
            + (" · " + t("closing.followup_done") if f.done else ""),
            size=theme.TEXT - 3,
        ),
        trailing=ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.GREEN_700) if f.done else None,
        min_height=theme.TOUCH,
        content_padding=ft.Padding.symmetric(horizontal=0),
    )


# A job opening from the spotted tasks --------------------------------------------------


def _new_opening(
    ctx: AppContext, visit: VisitSummary, spotted: list[SpottedTask], refresh: Callable[[], None]
) -> ft.Control:
    t = ctx.t
    if not spotted:

        async def to_walk(_: Any) -> None:
            await ctx.go(f"/visit/{visit.id}/walk")

        return section(
            t("closing.new_opening"),
            ft.Text(t("closing.no_tasks"), size=theme.TEXT),
            big_button(t("closing.to_walk"), icon=ft.Icons.DIRECTIONS_WALK, on_click=to_walk, primary=False),
        )
    chosen: set[str] = set()
    message = ft.Container()
    title = text_field(t("closing.opening_title"))
    hours = text_field(t("closing.opening_hours"), keyboard_type=ft.KeyboardType.NUMBER)
    people = visit_records.participants(ctx.store, visit_id=visit.id)
    # The job centre finds the candidates: its consultant owns the opening, not the partner.
    owner = text_field(
        t("closing.opening_owner"), value=default_owner(people=people, writer=ctx.author(visit.id), me=ctx.me)
    )
    requirements = text_field(t("closing.opening_requirements"), multiline=True)
    status = status_picker(ctx, "open")
    guard = SaveGuard(ctx)
    # What is typed and not yet made an opening is kept as a local draft (views.form_draft),
    # brought back when the form is drawn again, and leaving the screen asks first.
    inputs = {"title": title, "hours": hours, "owner": owner, "requirements": requirements}
    unsaved = FormDraft(
        ctx,
        inputs,
        key=f"{visit.id}:opening:new",
        time_key=f"opening_draft_at:{visit.id}",
        labels={name: t(f"closing.opening_{name}") for name in inputs},
        saved={"owner": owner.value or ""},
    )
    restored_slot = ft.Container()

    def discarded() -> None:
        restored_slot.content = None
        guard.panel.controls = []

    if unsaved.restored:
        restored_slot.content = unsaved.banner(
            button=t("closing.opening_create"), discard_text=t("closing.opening_discard_text"), on_discarded=discarded
        )

    def describe() -> None:
        total = round(sum(task.hours for task in spotted if task.id in chosen), 2)
        hours.hint_text = t("closing.opening_hours_hint", hours=_hours(ctx, total))

    def pick(task_id: str) -> Any:
        def handler(e: Any) -> None:
            if e.control.value:
                chosen.add(task_id)
            else:
                chosen.discard(task_id)
            describe()

        return handler

    rows = [
        check_row(
            task.title,
            value=False,
            on_change=pick(task.id),
            subtitle=task_line(ctx, task),
            trailing=avatar(task.author, ctx.role_of(task.author)) if task.author else None,
        )
        for task in spotted
    ]

    def create(_: Any) -> None:
        message.content = None
        for field in (title, hours, owner, requirements):
            field.error = None
        if not guard.allows([title, hours, owner, requirements], retry=lambda: create(None)):
            return
        try:
            followups.create_opening(
                ctx.store,
                visit_id=visit.id,
                draft=OpeningDraft(
                    title=title.value or "",
                    task_ids=tuple(task.id for task in spotted if task.id in chosen),
                    hours=hours.value or "",
                    requirements=requirements.value or "",
                    owner=owner.value or "",
                    status=status.selected[0] if status.selected else "open",
                ),
                author=ctx.author(visit.id),
            )
        except InvalidInput as error:
            fields = {"title": title, "hours": hours, "owner": owner, "requirements": requirements}
            if error.field in fields:
                fields[error.field].error = ctx.error_text(error)
            else:
                message.content = banner(ctx.error_text(error))
            return
        title.value, hours.value, requirements.value = "", "", ""
        unsaved.saved()  # the form starts again, and no draft is kept
        restored_slot.content = None
        chosen.clear()
        for row in rows:
            row.leading.value = False  # type: ignore[attr-defined]
        describe()
        refresh()
        ctx.page.update()  # the snackbar's own update would skip the automatic one
        ctx.notify(t("closing.opening_created"))

    describe()
    return section(
        t("closing.new_opening"),
        ft.Text(t("closing.new_opening_help"), size=theme.TEXT - 2),
        restored_slot,
        *rows,
        message,
        title,
        hours,
        owner,
        requirements,
        ft.Text(t("closing.status"), size=theme.TEXT - 2),
        status,
        guard.panel,
        big_button(t("closing.opening_create"), icon=ft.Icons.WORK_OUTLINE, on_click=create),
    )


def task_line(ctx: AppContext, task: SpottedTask) -> str:
    t = ctx.t
    parts = [task.area] if task.area else []
    if task.hours:
        parts.append(t("closing.hours_a_week", hours=_hours(ctx, task.hours)))
    parts.append(t("closing.level", level=task.level))
    return " · ".join(parts)


def _hours(ctx: AppContext, hours: float) -> str:
    text = f"{hours:g}"
    return text.replace(".", ",") if ctx.language == "da" else text


def status_picker(ctx: AppContext, selected: str, on_change: Any = None, *, what: str = "") -> ft.SegmentedButton:
    """An opening's status, one of :data:`OPENING_STATUSES`. ``what``: the opening's title,
    which each segment adds to its name for a screen reader when a screen lists several."""

    def label(status: str) -> ft.Text:
        text = ctx.t(f"closing.status.{status}")
        named = ctx.t("a11y.named", action=text, what=what) if what else None
        return ft.Text(text, size=theme.TEXT - 3, semantics_label=named)

    return ft.SegmentedButton(
        segments=[ft.Segment(value=s, label=label(s)) for s in OPENING_STATUSES],
        selected=[selected],
        show_selected_icon=False,
        on_change=on_change,
        style=segment_style(horizontal=4),
    )


def segment_style(*, horizontal: int = 8) -> ft.ButtonStyle:
    """A segmented button whose chosen segment stands out, also in sunlight."""
    return ft.ButtonStyle(
        padding=ft.Padding.symmetric(horizontal=horizontal, vertical=14),
        bgcolor={ft.ControlState.SELECTED: ft.Colors.PRIMARY, ft.ControlState.DEFAULT: ft.Colors.SURFACE},
        color={ft.ControlState.SELECTED: ft.Colors.ON_PRIMARY, ft.ControlState.DEFAULT: ft.Colors.ON_SURFACE},
    )


# The visit's job openings, hires and aftercare -----------------------------------------


def _openings(
    ctx: AppContext, visit: VisitSummary, spotted: list[SpottedTask], refresh: Callable[[], None]
) -> list[ft.Control]:
    t = ctx.t
    found = followups.openings(ctx.store, visit_id=visit.id)
    if not found:
        return [ft.Text(t("closing.openings_none"), size=theme.TEXT - 2, italic=True)]
    aftercare = [
        f for f in followups.followups(ctx.store, visit_id=visit.id, include_done=True) if f.kind == "aftercare"
    ]
    cards = [_opening_card(ctx, o, spotted, [f for f in aftercare if f.opening_id == o.id], refresh) for o in found]
    return [
        ft.ResponsiveRow(
            [ft.Container(content=c, col={"xs": 12, "lg": 6}) for c in cards],
            spacing=theme.GAP,
            run_spacing=theme.GAP,
        )
    ]


def _opening_card(
    ctx: AppContext,
    opening: JobOpening,
    spotted: list[SpottedTask],
    aftercare: list[FollowUp],
    refresh: Callable[[], None],
) -> ft.Control:
    t = ctx.t
    by_id = {task.id: task for task in spotted}
    accommodation_titles = {a.id: a.title for a in ctx.pack_of(opening.visit_id).accommodations}

    def change_status(e: Any) -> None:
        if e.control.selected:
            followups.update_opening(ctx.store, opening_id=opening.id, status=e.control.selected[0])
            refresh()

    lines: list[ft.Control] = [
        ft.Row(
            [
                ft.Icon(ft.Icons.WORK, color=ft.Colors.PRIMARY),
                ft.Text(opening.title, size=theme.TEXT + 2, weight=ft.FontWeight.BOLD, expand=True),
            ],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        ft.Text(t("closing.opening_hours_total", hours=_hours(ctx, opening.hours)), size=theme.TEXT - 1),
    ]
    for task_id in opening.task_ids:
        task = by_id.get(task_id)
        if task is not None:
            lines.append(ft.Text(f"• {task.title} ({task_line(ctx, task)})", size=theme.TEXT - 2))
    if opening.accommodations:
        known = [a.id for a in ctx.pack_of(opening.visit_id).accommodations if a.id in opening.accommodations]
        ordered = known + [a for a in opening.accommodations if a not in known]  # in the pack's order
        names = ", ".join(accommodation_titles.get(a, a) for a in ordered)
        lines.append(ft.Text(t("closing.opening_accommodations", names=names), size=theme.TEXT - 2))
    if opening.requirements:
        lines.append(
            folding_text(
                t("closing.opening_requirements_line", text=opening.requirements),
                more=t("notes.show_more"),
                less=t("notes.show_less"),
                size=theme.TEXT - 2,
            )
        )
    if opening.owner:
        lines.append(
            ft.Row(
                [
                    avatar(opening.owner, ctx.role_of(opening.owner)),
                    ft.Text(t("closing.opening_owner_line", name=opening.owner), size=theme.TEXT - 1),
                ],
                spacing=8,
            )
        )
    lines += [
        ft.Text(t("closing.status"), size=theme.TEXT - 2),
        status_picker(ctx, opening.status, change_status, what=opening.title),
    ]
    for hire in followups.hires(ctx.store, opening_id=opening.id):
        lines.append(
            ft.Container(
                content=ft.Text(
                    t("closing.hired", kind=t(f"closing.hire.{hire.kind}"), date=t.date(hire.start_date)),
                    size=theme.TEXT,
                    weight=ft.FontWeight.W_600,
                ),
                bgcolor=ft.Colors.GREEN_50,
                padding=ft.Padding.symmetric(horizontal=12, vertical=8),
                border_radius=8,
            )
        )
    if aftercare:
        lines.append(ft.Text(t("closing.aftercare"), size=theme.TEXT, weight=ft.FontWeight.BOLD))
        lines += [followup_row(ctx, f) for f in aftercare]
    lines.append(
        big_button(
            t("closing.hire_record"), icon=ft.Icons.HOW_TO_REG, on_click=lambda _: _hire_dialog(ctx, opening, refresh)
        )
    )
    return ft.Container(
        content=ft.Column(lines, spacing=10, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        border_radius=12,
        padding=16,
        bgcolor=ft.Colors.with_opacity(0.35, STATUS_COLOURS.get(opening.status, ft.Colors.BLUE_GREY_100)),
    )


def _hire_dialog(ctx: AppContext, opening: JobOpening, refresh: Callable[[], None]) -> None:
    t = ctx.t
    kind = ft.RadioGroup(
        value=HIRE_KINDS[0],
        content=ft.Column(
            [radio(k, t(f"closing.hire.{k}")) for k in HIRE_KINDS],
            spacing=0,
        ),
    )
    start, start_row = date_field(ctx, t("closing.hire_start"), value=date.today(), quick=False)
    owner = text_field(t("closing.hire_owner"), value=opening.owner or ctx.author(opening.visit_id))
    message = ft.Container()
    guard = SaveGuard(ctx)

    def save(_: Any) -> None:
        start.error, owner.error, message.content = None, None, None
        if not guard.allows([owner], retry=lambda: save(None)):
            return
        try:
            day = parse_day(start.value or "", field="start")
        except InvalidInput as error:
            start.error = ctx.error_text(error)
            return
        try:
            followups.record_hire(
                ctx.store,
                opening_id=opening.id,
                kind=kind.value or "",
                start=day,
                owner=owner.value or "",
                author=ctx.author(opening.visit_id),
                rhythm=list(ctx.pack_of(opening.visit_id).aftercare),
            )
        except InvalidInput as error:
            if error.field == "owner":
                owner.error = ctx.error_text(error)
            else:
                message.content = banner(ctx.error_text(error))
            return
        close_dialog(ctx.page)
        refresh()
        ctx.page.update()  # the snackbar's own update would skip the automatic one
        ctx.notify(t("closing.hire_saved", count=len(ctx.pack_of(opening.visit_id).aftercare)))

    hiring = guard.form_dialog(
        t("closing.hire_title", title=opening.title),
        [
            message,
            ft.Text(t("closing.hire_kind"), size=theme.TEXT, weight=ft.FontWeight.BOLD),
            kind,
            start_row,
            owner,
            ft.Text(t("closing.hire_help"), size=theme.TEXT - 3, color=ft.Colors.ON_SURFACE_VARIANT),
        ],
        cancel=t("closing.cancel"),
        confirm=t("closing.hire_save"),
        on_confirm=save,
        icon=ft.Icons.CHECK,
        scrollable=True,
    )
    ctx.page.show_dialog(hiring)
