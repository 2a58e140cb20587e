"""Tasks instead of positions: split a full-time position into its tasks with hours, mark
those another profile could do, see how many hours that frees for skilled staff, and
turn the marked ones into tasks on the walk-around list (each line only once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from domain.errors import InvalidInput
from domain.records import Position, PositionLine
from domain.tasks import PositionTask, hours_freed
from domain.visit import VisitSummary
from storage import visit_records
from views import theme
from views.context import AppContext
from views.privacy_guard import SaveGuard
from views.walkaround import hours_text
from views.widgets import (
    big_button,
    choice_chip,
    close_dialog,
    mark_chip,
    text_field,
    touch_box,
    two_columns,
)


def positions_controls(ctx: AppContext, *, visit: VisitSummary) -> list[ft.Control]:
    t = ctx.t
    chosen_key = f"position:{visit.id}"  # which position this tablet showed last
    new_title = text_field(t("walk.positions.new"))
    line_title = text_field(t("walk.positions.line_title"), expand=3)
    line_hours = text_field(t("walk.positions.line_hours"), expand=2)
    position_guard, line_guard = SaveGuard(ctx), SaveGuard(ctx)  # CPR-like numbers asked about first
    picker = ft.Row(wrap=True, spacing=8, run_spacing=8)
    heading = ft.Text(size=theme.TEXT_LARGE - 2, weight=ft.FontWeight.BOLD)
    lines = ft.Column(spacing=4)
    freed = ft.Text(size=theme.TEXT, weight=ft.FontWeight.BOLD)
    convert = ft.FilledButton(
        icon=ft.Icons.DIRECTIONS_WALK, height=theme.TOUCH, style=theme.button_style(), on_click=lambda e: None
    )
    detail = ft.Column(spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    # Not one semantic container: Flutter would read the card's texts as the field's label.
    detail_card = ft.Card(content=ft.Container(content=detail, padding=theme.GAP), semantic_container=False)

    def current() -> Position | None:
        found = visit_records.positions(ctx.store, visit_id=visit.id)
        wanted = ctx.store.get_state(chosen_key)
        return next((p for p in found if p.id == wanted), found[-1] if found else None)

    def draw() -> None:
        found = visit_records.positions(ctx.store, visit_id=visit.id)
        shown = current()
        picker.controls = [
            (ft.FilledButton if shown and p.id == shown.id else ft.OutlinedButton)(
                content=p.title, height=theme.TOUCH, style=theme.button_style(), on_click=chooser(p.id)
            )
            for p in found
        ] or [ft.Text(t("walk.positions.none"), size=theme.TEXT)]
        detail_card.visible = shown is not None
        if shown is None:
            return
        heading.value = shown.title
        lines.controls = [line_row(line) for line in shown.lines] or [
            ft.Text(t("walk.positions.no_lines"), size=theme.TEXT - 2)
        ]
        hours = hours_freed([PositionTask(line.title, line.hours, line.other_profile) for line in shown.lines])
        freed.value = t(
            "walk.positions.freed",
            freed=hours_text(ctx, hours.freed),
            total=hours_text(ctx, hours.total),
            remaining=hours_text(ctx, hours.remaining),
        )
        waiting = sum(1 for line in shown.lines if line.other_profile and not line.task_id)
        convert.content = t("walk.positions.convert", count=waiting)
        convert.disabled = waiting == 0

    def chooser(position_id: str) -> Any:
        def handler(_: Any) -> None:
            ctx.store.set_state(chosen_key, position_id)
            draw()

        return handler

    def line_row(line: PositionLine) -> ft.Control:
        def mark(e: Any) -> None:
            visit_records.mark_position_line(ctx.store, line_id=line.id, other_profile=bool(e.control.value))
            draw()

        converted = bool(line.task_id)
        return ft.ListTile(
            leading=touch_box(
                ft.Checkbox(
                    value=line.other_profile or converted,
                    disabled=converted,
                    semantics_label=line.title,
                    on_change=mark,
                )
            ),
            title=ft.Text(line.title, size=theme.TEXT),
            subtitle=ft.Row(  # an icon for the arrow: the web font has no glyph for it
                [
                    ft.Icon(ft.Icons.ARROW_FORWARD, size=16, color=ft.Colors.PRIMARY),
                    ft.Text(t("walk.positions.converted_line"), size=theme.TEXT - 3, color=ft.Colors.PRIMARY),
                ],
                spacing=4,
                tight=True,
            )
            if converted
            else None,
            trailing=ft.Text(t("walk.hours_short", hours=hours_text(ctx, line.hours)), size=theme.TEXT - 2),
            toggle_inputs=not converted,
            min_height=theme.TOUCH,
            content_padding=ft.Padding.symmetric(horizontal=0),
        )

    async def add_position(_: Any) -> None:
        new_title.error = None
        if not position_guard.allows([new_title], retry=lambda: add_position(None)):
            return
        try:
            position_id = visit_records.add_position(
                ctx.store, visit_id=visit.id, title=new_title.value or "", author=ctx.author(visit.id)
            )
        except InvalidInput as error:
            new_title.error = ctx.error_text(error)
            return
        ctx.store.set_state(chosen_key, position_id)
        new_title.value = ""
        draw()
        ctx.page.update()
        await line_title.focus()

    async def add_line(_: Any) -> None:
        shown = current()
        line_title.error = line_hours.error = None
        if shown is None or not line_guard.allows([line_title, line_hours], retry=lambda: add_line(None)):
            return
        try:
            visit_records.add_position_line(
                ctx.store,
                visit_id=visit.id,
                position_id=shown.id,
                title=line_title.value or "",
                hours=line_hours.value or "",
            )
        except InvalidInput as error:
            (line_hours if error.field == "hours" else line_title).error = ctx.error_text(error)
            return
        line_title.value = line_hours.value = ""
        draw()
        ctx.page.update()
        await line_title.focus()

    def convert_marked(_: Any) -> None:
        shown = current()
        if shown is None:
            return
        position_id = shown.id

        def convert(area: str) -> list[str]:
            return visit_records.convert_position(
                ctx.store, visit_id=visit.id, position_id=position_id, area=area, author=ctx.author(visit.id)
            )

        def converted(made: list[str]) -> None:
            draw()
            ctx.page.update()
            ctx.notify(
                t("walk.positions.converted_one" if len(made) == 1 else "walk.positions.converted", count=len(made))
            )

        waiting = sum(1 for line in shown.lines if line.other_profile and not line.task_id)
        _ask_area(ctx, visit, position=shown.title, count=waiting, convert=convert, done=converted)

    async def go_walk(_: Any) -> None:
        await ctx.go(f"/visit/{visit.id}/walk")

    new_title.on_submit = add_position
    line_title.on_submit = add_line
    line_hours.on_submit = add_line
    convert.on_click = convert_marked
    detail.controls = [
        heading,
        ft.Text(t("walk.positions.mark_help"), size=theme.TEXT - 2),
        lines,
        ft.Row([line_title, line_hours], spacing=12),
        line_guard.panel,
        big_button(t("walk.positions.add_line"), icon=ft.Icons.ADD, on_click=add_line, primary=False),
        ft.Container(freed, bgcolor=ft.Colors.SECONDARY_CONTAINER, border_radius=12, padding=16),
        convert,
        big_button(t("walk.positions.to_walk"), icon=ft.Icons.ARROW_FORWARD, on_click=go_walk, primary=False),
    ]
    draw()
    return [
        two_columns(
            ft.Card(
                content=ft.Container(
                    padding=theme.GAP,
                    content=ft.Column(
                        [
                            ft.Text(t("walk.positions.title"), size=theme.TEXT_LARGE - 2, weight=ft.FontWeight.BOLD),
                            ft.Text(t("walk.positions.intro"), size=theme.TEXT - 2),
                            picker,
                            new_title,
                            position_guard.panel,
                            big_button(t("walk.positions.add"), icon=ft.Icons.ADD, on_click=add_position),
                        ],
                        spacing=12,
                        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                    ),
                ),
                semantic_container=False,
            ),
            detail_card,
        )
    ]


def _ask_area(
    ctx: AppContext,
    visit: VisitSummary,
    *,
    position: str,
    count: int,
    convert: Callable[[str], list[str]],
    done: Callable[[list[str]], None],
) -> None:
    """Ask where the converted tasks belong on the walk-around: the areas used on this
    visit as chips, or a new one typed in. The position's title is not an area."""
    t = ctx.t
    area = text_field(t("walk.area"), value="", autofocus=True)
    known = list(dict.fromkeys(task.area for task in visit_records.tasks(ctx.store, visit_id=visit.id) if task.area))
    chips: list[ft.Chip] = []
    guard = SaveGuard(ctx)

    def mark(name: str) -> None:  # the chip of the area in the field, if it is one
        for chip in chips:
            chip.selected = chip.data == name.strip()
            mark_chip(chip, one_of_many=True)

    def pick(name: str) -> Callable[[Any], None]:
        def handler(_: Any) -> None:
            area.value, area.error = name, None
            mark(name)

        return handler

    for name in known:
        chip = choice_chip(name, selected=False, on_select=pick(name), one_of_many=True)
        chip.data = name
        chips.append(chip)

    def confirm(_: Any) -> None:
        if not guard.allows([area], retry=lambda: confirm(None)):
            return
        try:
            made = convert(area.value or "")
        except InvalidInput as error:
            area.error = ctx.error_text(error)
            return
        close_dialog(ctx.page)
        done(made)

    def typed(_: Any) -> None:
        area.error = None
        mark(area.value or "")

    area.on_submit = confirm
    area.on_change = typed
    asking = guard.form_dialog(
        t("walk.positions.area_title"),
        [
            ft.Text(
                t(
                    "walk.positions.area_help_one" if count == 1 else "walk.positions.area_help",
                    count=count,
                    position=position,
                ),
                size=theme.TEXT - 1,
            ),
            *([ft.Row(chips, wrap=True, spacing=8, run_spacing=8)] if chips else []),
            area,
        ],
        cancel=t("walk.cancel"),
        confirm=t("walk.positions.area_confirm"),
        on_confirm=confirm,
        icon=ft.Icons.DIRECTIONS_WALK,
        width=560,
        scrollable=True,
    )
    ctx.page.show_dialog(asking)
