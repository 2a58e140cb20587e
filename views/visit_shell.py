"""The frame around a visit's screens: the company and date, who is writing, and the tabs.

The "who is writing" button stays in the title bar on every tab of a visit, because two
consultants share one tablet and every note, answer and task is stamped with its author.
Opening a visit asks who writes when the tablet may have changed hands (a new session, a
restart, two hours: :func:`ask_who_writes`). A "Hurtig note" button floats over every tab.
"""

from __future__ import annotations

from typing import Any

import flet as ft

from domain.records import Participant
from domain.tasks import initials
from domain.visit import VisitSummary
from domain.writers import TEXT_ON_COLOUR, writer_colour
from storage import conflicts, repo, visit_records
from views import theme
from views.context import AppContext
from views.quick_note import quick_note_button
from views.sync_ui import sync_badge
from views.widgets import close_dialog, dialog

TABS = ("prep", "cards", "bubbles", "walk", "positions", "social", "closing", "people", "company")
ICONS = {
    "prep": ft.Icons.CHECKLIST,
    "cards": ft.Icons.STYLE,
    "bubbles": ft.Icons.BUBBLE_CHART,
    "walk": ft.Icons.DIRECTIONS_WALK,
    "positions": ft.Icons.CALL_SPLIT,
    "social": ft.Icons.VOLUNTEER_ACTIVISM,
    "closing": ft.Icons.HANDSHAKE,
    "people": ft.Icons.GROUPS,
    "company": ft.Icons.BUSINESS,
}


def visit_view(ctx: AppContext, *, visit: VisitSummary, tab: str, controls: list[ft.Control]) -> ft.View:
    t = ctx.t

    def tab_button(name: str) -> ft.Control:
        kind = ft.FilledButton if name == tab else ft.OutlinedButton
        button = kind(
            content=t(f"visit.tab.{name}"),
            icon=ICONS[name],
            height=48,
            style=ft.ButtonStyle(
                text_style=ft.TextStyle(size=theme.TEXT - 2),
                padding=ft.Padding.symmetric(horizontal=14, vertical=8),
                shape=ft.RoundedRectangleBorder(radius=24),
            ),
            on_click=_go(ctx, f"/visit/{visit.id}/{name}"),
        )
        # The screen on show is told to a screen reader as the current one (aria-current).
        return ft.MergeSemantics(content=ft.Semantics(selected=name == tab, content=button))

    tabs = ft.Row([tab_button(name) for name in TABS], wrap=True, spacing=8, run_spacing=8)

    async def quick_note_saved() -> None:
        if tab == "bubbles":  # the bubble sheet lists the quick notes
            await ctx.rebuild()
        ctx.notify(t("quicknote.saved"))

    return ft.View(
        route=f"/visit/{visit.id}/{tab}",
        appbar=ft.AppBar(
            title=ft.Column(
                [
                    ft.Text(
                        visit.company_name,
                        size=theme.TEXT + 2,
                        weight=ft.FontWeight.BOLD,
                        max_lines=2,  # a long name wraps once, and never runs under the badge
                        overflow=ft.TextOverflow.ELLIPSIS,
                    ),
                    ft.Text(t("visit.subtitle", date=t.date(visit.date)), size=theme.TEXT - 4),
                ],
                spacing=0,
            ),
            toolbar_height=72,
            actions=[sync_badge(ctx), ft.Container(width=8), writer_button(ctx, visit), ft.Container(width=8)],
        ),
        padding=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        floating_action_button=quick_note_button(ctx, visit_id=visit.id, on_saved=quick_note_saved),
        # Room under the last control, so the floating button never covers it.
        controls=[tabs, ft.Divider(height=1), *conflict_notice(ctx, visit), *controls, ft.Container(height=88)],
    )


def conflict_notice(ctx: AppContext, visit: VisitSummary) -> list[ft.Control]:
    """A marker on a visit whose text was changed on two tablets at once."""
    found = conflicts.open_conflicts(ctx.store, visit_id=visit.id)
    if not found:
        return []
    return [
        ft.Container(
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.WARNING_AMBER),
                    ft.Text(ctx.t("conflict.notice", count=len(found)), size=theme.TEXT - 1, expand=True),
                    ft.FilledButton(content=ctx.t("conflict.open"), height=48, on_click=_go(ctx, "/conflicts")),
                ]
            ),
            bgcolor=ft.Colors.AMBER_100,
            padding=12,
            border_radius=8,
        )
    ]


def writer_button(ctx: AppContext, visit: VisitSummary) -> ft.Control:
    """Shows who is writing, in their colour; a tap lets another participant take over."""
    t = ctx.t
    name = ctx.author(visit.id)
    roles = {p.name: p.role for p in visit_records.participants(ctx.store, visit_id=visit.id)}

    def open_dialog(_: Any) -> None:
        writer_dialog(ctx, visit.id)

    label = t("writer.is", initials=initials(name), name=name) if name else t("writer.nobody")
    return ft.FilledTonalButton(
        content=theme.name_text(label),
        icon=ft.Icons.EDIT,
        height=theme.TOUCH,
        style=ft.ButtonStyle(
            text_style=ft.TextStyle(size=theme.TEXT - 1, weight=ft.FontWeight.BOLD),
            bgcolor=writer_colour(name, roles.get(name, "other")) if name else ft.Colors.ERROR_CONTAINER,
            color=TEXT_ON_COLOUR if name else ft.Colors.ON_ERROR_CONTAINER,
            icon_color=TEXT_ON_COLOUR if name else ft.Colors.ON_ERROR_CONTAINER,
            padding=ft.Padding.symmetric(horizontal=16, vertical=8),
            shape=ft.RoundedRectangleBorder(radius=28),
        ),
        on_click=open_dialog,
    )


def writer_dialog(ctx: AppContext, visit_id: str, *, asking: bool = False) -> None:
    """The participants as large buttons in their colours, the one writing now marked; one
    tap chooses (or confirms) who writes. ``asking``: opened by the app itself
    (:func:`ask_who_writes`), with a line saying why, and only closed by a choice."""
    t = ctx.t
    current = ctx.author(visit_id)
    people = visit_records.participants(ctx.store, visit_id=visit_id)
    target: dict[str, Any] = {"route": "", "changed": False}

    def choose(person: Participant) -> Any:
        async def handler(_: Any) -> None:
            ctx.choose_writer(visit_id, person.name)
            target["changed"] = person.name != current
            close_dialog(ctx.page)  # the screen is drawn anew once the dialog has closed

        return handler

    def add_people(_: Any) -> None:
        target["route"] = f"/visit/{visit_id}/people"
        close_dialog(ctx.page)

    async def closed(_: Any) -> None:
        # Replacing the views while the dialog is still open would leave it on screen.
        if target["route"]:
            await ctx.go(target["route"])
        elif target["changed"]:  # a confirmation changes nothing on screen
            await ctx.rebuild()

    def option(person: Participant) -> ft.Control:
        label = f"{initials(person.name)} · {person.name}" + (
            f" ({person.organisation})" if person.organisation else ""
        )
        writing = person.name == current
        return ft.FilledButton(
            content=theme.name_text(t("writer.option_current", person=label) if writing else label),
            icon=ft.Icons.CHECK_CIRCLE if writing else ft.Icons.PERSON_OUTLINE,
            height=theme.TOUCH + 8,
            style=ft.ButtonStyle(
                text_style=ft.TextStyle(size=theme.TEXT, weight=ft.FontWeight.BOLD if writing else None),
                bgcolor=writer_colour(person.name, person.role),
                color=TEXT_ON_COLOUR,
                icon_color=TEXT_ON_COLOUR,
                side=ft.BorderSide(3, TEXT_ON_COLOUR) if writing else None,
                padding=ft.Padding.symmetric(horizontal=20, vertical=12),
                shape=ft.RoundedRectangleBorder(radius=12),
            ),
            on_click=choose(person),
        )

    options: list[ft.Control] = []
    if asking:
        options.append(ft.Text(t("writer.ask_help"), size=theme.TEXT - 1))
    options += [option(p) for p in people]
    options.append(
        ft.OutlinedButton(
            content=t("writer.add_people"),
            icon=ft.Icons.PERSON_ADD,
            height=theme.TOUCH,
            style=theme.button_style(),
            on_click=add_people,
        )
    )
    ctx.page.show_dialog(
        dialog(
            modal=asking,
            on_dismiss=closed,
            title=t("writer.choose"),
            content=ft.Column(
                options, tight=True, spacing=12, width=520, horizontal_alignment=ft.CrossAxisAlignment.STRETCH
            ),
            scrollable=True,
            # Opened by a tap, it can be closed without a choice; asked by the app, it cannot.
            actions=[]
            if asking
            else [
                ft.TextButton(
                    content=t("writer.cancel"),
                    height=theme.TOUCH,
                    style=theme.button_style(),
                    on_click=lambda _: close_dialog(ctx.page),
                )
            ],
        )
    )


def ask_who_writes(ctx: AppContext, route: str) -> None:
    """On opening a visit's screen: ask who writes when the rule says so (a new session, the
    app started again, or :data:`domain.writers.ASK_AGAIN_AFTER_S` since the last choice).
    Called when a screen is opened or the browser reconnects, never on a redraw, so it
    cannot interrupt typing. Not on the participants tab, which changes the writer itself."""
    parts = [p for p in route.split("?")[0].split("/") if p]
    if len(parts) != 3 or parts[0] != "visit" or parts[2] == "people":
        return
    visit_id = parts[1]
    if repo.get_visit(ctx.store, visit_id=visit_id) is None or not ctx.must_ask_who_writes(visit_id):
        return
    writer_dialog(ctx, visit_id, asking=True)


def _go(ctx: AppContext, route: str) -> Any:
    async def handler(_: Any) -> None:
        await ctx.go(route)

    return handler
