"""The social-responsibility profile (the S in ESG) and the recognition scheme.

Each of the pack's social areas is marked "already does", "wants to" or "not relevant",
with evidence notes stamped with who wrote them. The recognition scheme's criteria are
ticked off, and the screen says at once whether the company qualifies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from domain.content import Category
from domain.errors import InvalidInput
from domain.records import SocialArea
from domain.tasks import SOCIAL_STATUSES, recognition_progress
from domain.ticks import Tick, choose, recognition_ticks, ticked
from domain.visit import VisitSummary
from storage import visit_records
from views import theme
from views.autosave import autosave
from views.closing import segment_style
from views.context import AppContext
from views.participants import avatar
from views.widgets import section, text_field, touch_box

STATUS_COLOURS = {
    "already": ft.Colors.GREEN_100,
    "wants": ft.Colors.AMBER_100,
    "not_relevant": ft.Colors.BLUE_GREY_50,
}


def social_controls(ctx: AppContext, *, visit: VisitSummary) -> list[ft.Control]:
    t = ctx.t
    profile = visit_records.social_profile(ctx.store, visit_id=visit.id)
    summary = ft.Text(size=theme.TEXT, weight=ft.FontWeight.W_600)

    def count() -> None:
        statuses = [area.status for area in profile.values()]
        summary.value = t(
            "social.summary",
            already=statuses.count("already"),
            wants=statuses.count("wants"),
            total=len(ctx.pack_of(visit).social_areas),
        )

    recognition, answered = _recognition(ctx, visit, profile)

    def changed(area: SocialArea) -> None:
        profile[area.area_id] = area
        count()
        answered(profile)

    count()
    areas = ft.ResponsiveRow(
        [
            ft.Container(
                content=_area(ctx, visit, area, profile.get(area.id, SocialArea(area_id=area.id)), changed),
                col={"xs": 12, "lg": 6},
            )
            for area in ctx.pack_of(visit).social_areas
        ],
        spacing=theme.GAP,
        run_spacing=theme.GAP,
    )
    return [
        recognition,
        section(t("social.areas"), ft.Text(t("social.areas_help"), size=theme.TEXT - 2), summary, areas),
    ]


def _area(ctx: AppContext, visit: VisitSummary, area: Category, saved: SocialArea, changed: Any) -> ft.Control:
    """One social area: status, evidence notes, and who wrote them."""
    t = ctx.t
    state = {"status": saved.status, "evidence": saved.evidence}
    writer = ft.Container()
    box = ft.Container(
        border_radius=12,
        padding=16,
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
    )

    def show(status: str, author: str) -> None:
        box.bgcolor = STATUS_COLOURS.get(status)
        writer.content = (
            ft.Row(
                [
                    avatar(author, ctx.role_of(author)),
                    ft.Text(t("social.written_by", name=author), size=theme.TEXT - 3),
                ],
                spacing=8,
                tight=True,
            )
            if author
            else None
        )

    def save(**fields: Any) -> None:
        author = ctx.author(visit.id)
        visit_records.save_social(ctx.store, visit_id=visit.id, area_id=area.id, author=author, **fields)
        state.update(fields)
        changed(SocialArea(area_id=area.id, status=state["status"], evidence=state["evidence"], author=author))
        show(state["status"], author)

    def choose(e: Any) -> None:
        try:
            save(status=e.control.selected[0] if e.control.selected else "")
        except InvalidInput as error:
            ctx.notify(ctx.error_text(error))

    picker = ft.SegmentedButton(
        segments=[
            ft.Segment(
                value=s,
                label=ft.Text(
                    t(f"social.status.{s}"),
                    size=theme.TEXT - 2,
                    # Eight areas have the same three buttons: each names its area for a screen reader.
                    semantics_label=t("social.status_in", status=t(f"social.status.{s}"), area=area.title),
                ),
            )
            for s in SOCIAL_STATUSES
        ],
        selected=[saved.status] if saved.status in SOCIAL_STATUSES else [],
        allow_empty_selection=True,
        show_selected_icon=False,
        on_change=choose,
        style=segment_style(horizontal=6),
    )
    evidence = text_field(t("social.evidence"), value=saved.evidence, multiline=True)
    evidence.min_lines = 2
    evidence.bgcolor = ft.Colors.SURFACE
    autosave(
        ctx,
        evidence,
        lambda v: save(evidence=v),
        draft=f"{visit.id}:social:{area.id}",
        label=t("social.evidence_of", area=area.title),  # eight fields share the label
    )
    show(saved.status, saved.author)
    box.content = ft.Column(
        [
            ft.Text(area.title, size=theme.TEXT, weight=ft.FontWeight.BOLD),
            *([ft.Text(area.text, size=theme.TEXT - 3, color=ft.Colors.ON_SURFACE_VARIANT)] if area.text else []),
            picker,
            # The area's name goes before the field's own for a screen reader: eight fields share it.
            ft.MergeSemantics(content=ft.Semantics(label=area.title, content=evidence)),
            writer,
        ],
        spacing=10,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
    return box


def recognition_met(ctx: AppContext, visit_id: str) -> dict[str, bool]:
    """The recognition criteria as the screen shows them: met by a social area's answer
    or by the consultant's own tick (which wins). For the reports."""
    ticks = recognition_ticks(
        ctx.pack_of(visit_id).recognition.criteria,
        answers={a.area_id: a.status for a in visit_records.social_profile(ctx.store, visit_id=visit_id).values()},
        choices=visit_records.recognition(ctx.store, visit_id=visit_id),
    )
    return ticked(ticks)


def _recognition(
    ctx: AppContext, visit: VisitSummary, profile: dict[str, SocialArea]
) -> tuple[ft.Control, Callable[[dict[str, SocialArea]], None]]:
    """The recognition scheme: criteria to tick off, and whether the company qualifies.

    A criterion that a social area's answer meets is ticked with that area named as its
    source; the consultant's own tick or untick wins. Returns the section and what to call
    when an area's answer changes."""
    t = ctx.t
    scheme = ctx.pack_of(visit).recognition
    ids = [c.id for c in scheme.criteria]
    titles = {a.id: a.title for a in ctx.pack_of(visit).social_areas}
    choices = {k: v for k, v in visit_records.recognition(ctx.store, visit_id=visit.id).items() if k in ids}
    answers = {area_id: area.status for area_id, area in profile.items()}
    ticks: dict[str, Tick] = {}
    icon = ft.Icon(ft.Icons.PENDING_OUTLINED, size=32)
    status = ft.Text(size=theme.TEXT_LARGE, weight=ft.FontWeight.BOLD, expand=True)
    badge = ft.Container(
        content=ft.Row([icon, status], spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER),
        padding=ft.Padding.symmetric(horizontal=20, vertical=14),
        border_radius=12,
    )
    boxes = {c.id: ft.Checkbox(semantics_label=c.text) for c in scheme.criteria}
    notes = {c.id: ft.Text(size=theme.TEXT - 3, color=ft.Colors.ON_SURFACE_VARIANT) for c in scheme.criteria}

    def draw() -> None:
        ticks.update(recognition_ticks(scheme.criteria, answers=answers, choices=choices))
        for cid, tick in ticks.items():
            boxes[cid].value = tick.ticked
            sources = ", ".join(titles.get(a, a) for a in tick.sources)
            note = notes[cid]
            note.value = (
                t("social.unticked_via", areas=sources)
                if tick.overridden and tick.derived
                else t("social.met_via", areas=sources)
                if tick.ticked and tick.derived
                else ""
            )
            note.visible = bool(note.value)
        progress = recognition_progress(ticked(ticks), ids, scheme.min_met)
        if progress.qualifies:
            status.value = t("social.qualifies", met=progress.met, total=progress.total)
            icon.icon, icon.color = ft.Icons.VERIFIED, ft.Colors.GREEN_800
            badge.bgcolor = ft.Colors.GREEN_100
            status.color = ft.Colors.GREEN_900
        else:
            status.value = t(
                "social.missing", met=progress.met, total=progress.total, missing=progress.needed - progress.met
            )
            icon.icon, icon.color = ft.Icons.PENDING_OUTLINED, ft.Colors.ON_SURFACE_VARIANT
            badge.bgcolor = ft.Colors.SURFACE_CONTAINER_HIGHEST
            status.color = None

    def tick_off(criterion_id: str) -> Any:
        def handler(e: Any) -> None:
            nonlocal choices
            # From the saved choices, not the ones drawn: they are saved whole, and a
            # colleague's choice pulled since the screen was drawn must not be sent as removed.
            saved = visit_records.recognition(ctx.store, visit_id=visit.id)
            choices = choose(saved, criterion_id, bool(e.control.value), sources=ticks[criterion_id].sources)
            visit_records.save_recognition(ctx.store, visit_id=visit.id, met=choices)
            draw()

        return handler

    def answered(changed: dict[str, SocialArea]) -> None:
        answers.clear()
        answers.update({area_id: area.status for area_id, area in changed.items()})
        draw()

    draw()
    criteria = ft.ResponsiveRow(
        [
            ft.Container(
                content=ft.ListTile(
                    leading=touch_box(boxes[c.id]),
                    title=ft.Text(c.text, size=theme.TEXT - 1),
                    subtitle=notes[c.id],
                    toggle_inputs=True,
                    min_height=theme.TOUCH,
                    content_padding=ft.Padding.symmetric(horizontal=0),
                ),
                col={"xs": 12, "lg": 6},
            )
            for c in scheme.criteria
        ],
        spacing=theme.GAP,
        run_spacing=0,
    )
    for c in scheme.criteria:
        boxes[c.id].on_change = tick_off(c.id)
    return section(scheme.title, ft.Text(scheme.text, size=theme.TEXT - 2), badge, criteria), answered
