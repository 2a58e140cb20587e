"""All follow-ups across visits: overdue, this week, later; mark one done with a note.

Aftercare check-ins (planned when someone is hired) are in the same list, marked as such.
"Only mine" shows the follow-ups owned by the consultant named under Settings.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import flet as ft

from domain.errors import InvalidInput
from domain.followup import bucket
from domain.records import FollowUp
from storage import followups
from views import theme
from views.context import AppContext
from views.sync_ui import sync_badge
from views.widgets import dialog_actions, section, text_field

BUCKETS = ("overdue", "this_week", "later")


def overdue_count(ctx: AppContext) -> int:
    today = date.today()
    return sum(1 for f in followups.followups(ctx.store) if bucket(f.due, today) == "overdue")


def followups_button(ctx: AppContext) -> ft.Control:
    """For the home screen's title bar: to the list of follow-ups, with how many are overdue."""
    t = ctx.t
    overdue = overdue_count(ctx)
    label = (
        t("followups.button")
        if not overdue
        else t("followups.button_overdue_one")
        if overdue == 1
        else t("followups.button_overdue", count=overdue)
    )

    async def open_list(_: Any) -> None:
        await ctx.go("/followups")

    return ft.OutlinedButton(
        content=label,
        icon=ft.Icons.EVENT_NOTE,
        height=48,
        style=ft.ButtonStyle(
            text_style=ft.TextStyle(size=theme.TEXT - 1, weight=ft.FontWeight.BOLD if overdue else None),
            color=ft.Colors.ERROR if overdue else None,
            padding=ft.Padding.symmetric(horizontal=16, vertical=8),
            shape=ft.RoundedRectangleBorder(radius=24),
        ),
        on_click=open_list,
    )


def followups_view(ctx: AppContext) -> ft.View:
    t = ctx.t
    me = ctx.store.get_state("me_name")
    shown = {"done": False, "mine": False}
    groups = ft.Column(spacing=theme.GAP, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    hint = ft.Container()

    def fill() -> None:
        today = date.today()
        owner = me if shown["mine"] else None
        hint.content = (
            ft.Text(t("followups.no_me"), size=theme.TEXT - 2, italic=True) if shown["mine"] and not me else None
        )
        found = followups.followups(ctx.store, include_done=shown["done"], owner=owner or None)
        if shown["mine"] and not me:
            found = []
        open_ones = [f for f in found if not f.done]
        controls: list[ft.Control] = []
        for name in BUCKETS:
            rows = [f for f in open_ones if bucket(f.due, today) == name]
            if rows or name == "overdue":
                controls.append(
                    section(
                        t(f"followups.group.{name}", count=len(rows)),
                        *(
                            [_row(ctx, f, name, fill) for f in rows]
                            or [ft.Text(t("followups.none_overdue"), size=theme.TEXT - 2)]
                        ),
                    )
                )
        done = [f for f in found if f.done]
        if shown["done"]:
            controls.append(
                section(
                    t("followups.group.done", count=len(done)),
                    *(
                        [_row(ctx, f, "done", fill) for f in done]
                        or [ft.Text(t("followups.none_done"), size=theme.TEXT - 2)]
                    ),
                )
            )
        if not open_ones and not done:
            controls.insert(0, ft.Text(t("followups.none"), size=theme.TEXT))
        groups.controls = controls

    def toggle(key: str) -> Any:
        def handler(e: Any) -> None:
            shown[key] = bool(e.control.value)
            fill()

        return handler

    fill()
    switches = ft.Row(
        [
            ft.Switch(
                label=t("followups.only_mine", name=me) if me else t("followups.only_mine_unnamed"),
                label_text_style=ft.TextStyle(size=theme.TEXT),
                on_change=toggle("mine"),
            ),
            ft.Switch(
                label=t("followups.show_done"),
                label_text_style=ft.TextStyle(size=theme.TEXT),
                on_change=toggle("done"),
            ),
        ],
        wrap=True,
        spacing=32,
        run_spacing=8,
    )
    return ft.View(
        route="/followups",
        appbar=ft.AppBar(title=ft.Text(t("followups.title")), actions=[sync_badge(ctx), ft.Container(width=8)]),
        padding=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[ft.Text(t("followups.help"), size=theme.TEXT - 2), switches, hint, groups],
    )


def _row(ctx: AppContext, f: FollowUp, group: str, refresh: Any) -> ft.Control:
    t = ctx.t
    aftercare = f.kind == "aftercare"
    kind = ft.Container(
        content=ft.Text(t(f"followups.kind.{'aftercare' if aftercare else 'followup'}"), size=theme.TEXT - 4),
        bgcolor=ft.Colors.GREEN_100 if aftercare else ft.Colors.BLUE_50,
        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
        border_radius=12,
    )
    due = ft.Text(
        t("followups.due", date=t.date(f.due)),
        size=theme.TEXT - 1,
        weight=ft.FontWeight.BOLD,
        color=ft.Colors.ERROR if group == "overdue" else None,
    )

    async def open_visit(_: Any) -> None:
        await ctx.go(f"/visit/{f.visit_id}/closing")

    details: list[ft.Control] = [
        ft.Row(
            [kind, ft.Text(f.company_name or "–", size=theme.TEXT - 1, weight=ft.FontWeight.W_600)],
            spacing=10,
            wrap=True,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        ft.Text(f.title, size=theme.TEXT),
        ft.Row(
            [due, ft.Text(t("followups.owner", name=f.owner), size=theme.TEXT - 1)],
            spacing=16,
            wrap=True,
        ),
    ]
    if f.done and f.done_note:
        details.append(ft.Text(t("followups.done_note_line", note=f.done_note), size=theme.TEXT - 2, italic=True))
    if f.done:
        action: ft.Control = ft.OutlinedButton(
            content=t("followups.reopen"),
            icon=ft.Icons.UNDO,
            height=theme.TOUCH,
            style=theme.button_style(),
            on_click=lambda _: _reopen(ctx, f, refresh),
        )
    else:
        action = ft.FilledTonalButton(
            content=t("followups.mark_done"),
            icon=ft.Icons.CHECK,
            height=theme.TOUCH,
            style=theme.button_style(),
            on_click=lambda _: _done_dialog(ctx, f, refresh),
        )
    buttons = ft.Column(
        [
            action,
            ft.TextButton(content=t("followups.open_visit"), height=48, on_click=open_visit),
        ],
        spacing=4,
        horizontal_alignment=ft.CrossAxisAlignment.END,
    )
    return ft.Container(
        content=ft.Row(
            [ft.Column(details, spacing=6, expand=True), buttons],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=12,
        ),
        border=ft.Border.all(1, ft.Colors.ERROR if group == "overdue" else ft.Colors.OUTLINE_VARIANT),
        border_radius=12,
        padding=14,
    )


def _reopen(ctx: AppContext, f: FollowUp, refresh: Any) -> None:
    followups.complete_followup(ctx.store, followup_id=f.id, note="", done=False)
    refresh()


def _done_dialog(ctx: AppContext, f: FollowUp, refresh: Any) -> None:
    t = ctx.t
    note = text_field(t("followups.done_note"), multiline=True)

    def save(_: Any) -> None:
        try:
            followups.complete_followup(ctx.store, followup_id=f.id, note=note.value or "")
        except InvalidInput as error:
            note.error = ctx.error_text(error)
            return
        ctx.page.pop_dialog()
        refresh()
        ctx.page.update()  # the snackbar's own update would skip the automatic one
        ctx.notify(t("followups.marked", title=f.title))

    ctx.page.show_dialog(
        ft.AlertDialog(
            modal=True,
            title=ft.Text(t("followups.dialog_title"), size=theme.TEXT_LARGE - 2),
            content=ft.Container(
                width=520,
                content=ft.Column(
                    [
                        ft.Text(f"{f.company_name} · {f.title}", size=theme.TEXT),
                        ft.Text(t("followups.due", date=t.date(f.due)), size=theme.TEXT - 2),
                        note,
                    ],
                    tight=True,
                    spacing=12,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                ),
            ),
            actions=dialog_actions(
                ctx.page,
                cancel=t("followups.cancel"),
                confirm=t("followups.confirm_done"),
                on_confirm=save,
                icon=ft.Icons.CHECK,
            ),
        )
    )
