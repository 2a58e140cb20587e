"""Preparing a visit: checklist, megatrend angle, co-visit partner, and the phone script
shown as large cards to read aloud on the first call."""

from __future__ import annotations

from typing import Any

import flet as ft

from domain.content import Megatrend, fill_script
from domain.visit import Preparation, VisitSummary
from storage import repo
from views import theme
from views.autosave import autosave
from views.context import AppContext
from views.widgets import section, text_field, touch_box, two_columns


def preparation_controls(ctx: AppContext, *, visit: VisitSummary, prep: Preparation) -> list[ft.Control]:
    return [
        two_columns(_checklist(ctx, visit, prep), _megatrend(ctx, visit, prep)),
        two_columns(_partner(ctx, visit, prep), _script(ctx, visit, prep)),
    ]


def _checklist(ctx: AppContext, visit: VisitSummary, prep: Preparation) -> ft.Control:
    state = dict(prep.checklist)
    done = ft.Text(size=theme.TEXT - 2)

    def count() -> None:
        total = len(ctx.pack_of(visit).preparation_checklist)
        ticked = sum(1 for item in ctx.pack_of(visit).preparation_checklist if state.get(item.id))
        done.value = ctx.t("prep.checklist_done", done=ticked, total=total)

    def save(item_id: str, ticked: bool) -> None:
        # From the saved ticks, not the ones drawn: the checklist is saved whole, and a
        # colleague's tick pulled since the screen was drawn must not be sent as removed.
        found = repo.get_visit(ctx.store, visit_id=visit.id)
        state.clear()
        state.update(found[1].checklist if found is not None else {})
        state[item_id] = ticked
        repo.save_preparation(ctx.store, visit_id=visit.id, checklist=state)
        count()

    def row(item_id: str, text: str) -> ft.Control:
        # A long line wraps beside its box, and the whole row is the touch target.
        return ft.ListTile(
            leading=touch_box(
                ft.Checkbox(
                    value=bool(state.get(item_id)),
                    semantics_label=text,
                    on_change=lambda e: save(item_id, bool(e.control.value)),
                )
            ),
            title=ft.Text(text, size=theme.TEXT),
            toggle_inputs=True,
            min_height=theme.TOUCH,
            content_padding=ft.Padding.symmetric(horizontal=0),
        )

    rows = [row(item.id, item.text) for item in ctx.pack_of(visit).preparation_checklist]
    count()
    return section(ctx.t("prep.checklist"), done, *rows)


def _megatrend(ctx: AppContext, visit: VisitSummary, prep: Preparation) -> ft.Control:
    trends: dict[str, Megatrend] = {m.id: m for m in ctx.pack_of(visit).megatrends}
    about = ft.Column(spacing=6)
    note = text_field(ctx.t("prep.megatrend_note"), value=prep.megatrend_note, multiline=True)
    autosave(
        ctx,
        note,
        lambda v: repo.save_preparation(ctx.store, visit_id=visit.id, megatrend_note=v),
        draft=f"{visit.id}:megatrend_note",
    )

    def describe(trend_id: str) -> None:
        about.controls.clear()
        trend = trends.get(trend_id)
        if trend is None:
            return
        about.controls.append(ft.Text(trend.text, size=theme.TEXT))
        about.controls.extend(ft.Text(f"• {q}", size=theme.TEXT) for q in trend.questions)

    def choose(e: Any) -> None:
        chosen = e.control.selected[0] if e.control.selected else ""
        repo.save_preparation(ctx.store, visit_id=visit.id, megatrend=chosen)
        describe(chosen)

    describe(prep.megatrend)
    picker = ft.SegmentedButton(
        segments=[
            ft.Segment(value=m.id, label=ft.Text(m.title, size=theme.TEXT - 2)) for m in ctx.pack_of(visit).megatrends
        ],
        selected=[prep.megatrend] if prep.megatrend in trends else [],
        allow_empty_selection=True,
        show_selected_icon=False,
        on_change=choose,
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=8, vertical=14)),
    )
    return section(ctx.t("prep.megatrend"), picker, about, note)


def _partner(ctx: AppContext, visit: VisitSummary, prep: Preparation) -> ft.Control:
    name = text_field(ctx.t("prep.partner_name"), value=prep.partner_name)
    org = text_field(ctx.t("prep.partner_org"), value=prep.partner_org)
    autosave(
        ctx,
        name,
        lambda v: repo.save_preparation(ctx.store, visit_id=visit.id, partner_name=v),
        draft=f"{visit.id}:partner_name",
    )
    autosave(
        ctx,
        org,
        lambda v: repo.save_preparation(ctx.store, visit_id=visit.id, partner_org=v),
        draft=f"{visit.id}:partner_org",
    )
    return section(ctx.t("prep.partner"), ft.Text(ctx.t("prep.partner_help"), size=theme.TEXT - 2), name, org)


def _script(ctx: AppContext, visit: VisitSummary, prep: Preparation) -> ft.Control:
    """The phone script, one large card at a time, with or without a news hook."""
    t = ctx.t
    variant = (
        prep.script_variant if prep.script_variant in ("with_news_hook", "without_news_hook") else "without_news_hook"
    )
    position = 0
    title = ft.Text(size=theme.TEXT_LARGE, weight=ft.FontWeight.BOLD)
    body = ft.Text(size=theme.TEXT_READ_ALOUD)
    where = ft.Text(size=theme.TEXT - 2)
    back = ft.OutlinedButton(
        content=t("script.previous"), icon=ft.Icons.ARROW_BACK, height=theme.TOUCH, style=theme.button_style()
    )
    forward = ft.FilledButton(
        content=t("script.next"), icon=ft.Icons.ARROW_FORWARD, height=theme.TOUCH, style=theme.button_style()
    )

    # The consultant's name, title and municipality from Settings, the company from the
    # visit; what is missing stays as the pack's placeholder, and a line says where to fill it in.
    me = {key: ctx.store.get_state(f"me_{key}") for key in ("name", "title", "municipality")}
    filled = {**me, "company": visit.company_name}
    missing = ft.Text(
        t("script.fill_in_settings"),
        size=theme.TEXT - 3,
        italic=True,
        color=ft.Colors.ON_SURFACE_VARIANT,
        visible=ctx.pack_of(visit).phone_script.placeholders is not None and not all(me.values()),
    )

    def steps() -> list[Any]:
        return list(getattr(ctx.pack_of(visit).phone_script, variant))

    def show() -> None:
        all_steps = steps()
        step = all_steps[position]
        title.value = step.title
        body.value = fill_script(step.text, ctx.pack_of(visit).phone_script.placeholders, filled)
        where.value = t("script.position", n=position + 1, total=len(all_steps))
        back.disabled = position == 0
        forward.disabled = position == len(all_steps) - 1

    def move(delta: int) -> Any:
        def handler(_: Any) -> None:
            nonlocal position
            position = max(0, min(len(steps()) - 1, position + delta))
            show()

        return handler

    def pick(e: Any) -> None:
        nonlocal variant, position
        variant, position = e.control.selected[0], 0
        repo.save_preparation(ctx.store, visit_id=visit.id, script_variant=variant)
        show()

    back.on_click, forward.on_click = move(-1), move(1)
    show()
    chooser = ft.SegmentedButton(
        segments=[
            ft.Segment(value="without_news_hook", label=ft.Text(t("script.without_hook"), size=theme.TEXT - 2)),
            ft.Segment(value="with_news_hook", label=ft.Text(t("script.with_hook"), size=theme.TEXT - 2)),
        ],
        selected=[variant],
        show_selected_icon=False,
        on_change=pick,
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=8, vertical=14)),
    )
    card = ft.Container(
        content=ft.Column([title, body], spacing=12),
        bgcolor=ft.Colors.PRIMARY_CONTAINER,
        border_radius=16,
        padding=24,
    )
    swipe = ft.GestureDetector(
        content=card,
        on_horizontal_drag_end=lambda e: move(-1 if (e.primary_velocity or 0) > 0 else 1)(e),
    )
    return section(
        t("script.title"),
        chooser,
        swipe,
        missing,
        ft.Row(
            [back, where, forward],
            alignment=ft.MainAxisAlignment.SPACE_BETWEEN,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )
