"""All follow-ups across visits: overdue, this week, later; mark one done with a note.

Aftercare check-ins (planned when someone is hired) are in the same list, marked as such.
"Mine" shows the follow-ups owned by the consultant named under Settings; "The whole team"
shows everyone's, with the owner on each row and chips to pick one owner (with how many
each has, and how many of those are overdue): what a team leader reads on a Monday
morning. The choice between the two is remembered on the tablet. The follow-ups shown
export as CSV for a Danish Excel.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import flet as ft

from domain.errors import InvalidInput
from domain.export import danish_csv
from domain.followup import bucket
from domain.records import FollowUp
from storage import followups
from views import theme
from views.context import AppContext
from views.files import csv_button
from views.participants import avatar
from views.privacy_guard import SaveGuard
from views.sync_ui import sync_badge
from views.widgets import (
    choice_chip,
    close_dialog,
    folding_text,
    named,
    section,
    switch,
    text_field,
)

BUCKETS = ("overdue", "this_week", "later")
SCOPES = ("mine", "team")
SCOPE_STATE = "followups_scope"
"""Local state: which of the two the list opened with last time."""


def overdue_count(ctx: AppContext) -> int:
    """Overdue follow-ups in the view the list opens with: mine, or the whole team's."""
    me = ctx.store.get_state("me_name")
    mine = ctx.store.get_state(SCOPE_STATE) == "mine" and bool(me)
    return followups.count_overdue(ctx.store, today=date.today(), owner=me if mine else None)


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


def followups_csv(ctx: AppContext, shown: list[FollowUp]) -> bytes:
    """The follow-ups as the list shows them: company, what, kind, owner, due, done, note."""
    t = ctx.t
    header = [t(f"followups.csv.{c}") for c in ("company", "title", "kind", "owner", "due", "done", "note")]
    return danish_csv(
        header,
        (
            [f.company_name, f.title, t(f"followups.kind.{_kind(f)}"), f.owner, f.due, f.done, f.done_note]
            for f in shown
        ),
    )


def _kind(f: FollowUp) -> str:
    return "aftercare" if f.kind == "aftercare" else "followup"


def followups_view(ctx: AppContext) -> ft.View:
    t = ctx.t
    me = ctx.store.get_state("me_name")
    remembered = ctx.store.get_state(SCOPE_STATE)
    state: dict[str, Any] = {
        "done": False,
        "scope": remembered if remembered in SCOPES else "team",
        "owner": None,  # in the team view: only this owner's ("" is a follow-up without one)
        "shown": [],  # what the list shows, in its order: the CSV export writes these
    }
    # Overdue on the left and what comes next on the right on a landscape tablet; one below
    # the other in portrait.
    now = ft.Column(spacing=theme.GAP, horizontal_alignment=ft.CrossAxisAlignment.STRETCH, col={"xs": 12, "lg": 6})
    coming = ft.Column(spacing=theme.GAP, horizontal_alignment=ft.CrossAxisAlignment.STRETCH, col={"xs": 12, "lg": 6})
    groups = ft.ResponsiveRow([now, coming], spacing=theme.GAP, run_spacing=theme.GAP)
    hint = ft.Container()
    owners_row = ft.Column(spacing=4)

    def fill() -> None:
        today = date.today()
        team = state["scope"] == "team"
        hint.content = ft.Text(t("followups.no_me"), size=theme.TEXT - 2, italic=True) if not team and not me else None
        if team:
            found = followups.followups(ctx.store, include_done=state["done"])
        elif me:
            found = followups.followups(ctx.store, include_done=state["done"], owner=me)
        else:
            found = []
        several = len({f.owner for f in found}) > 1 or state["owner"] is not None
        owners_row.controls = _owner_chips(ctx, found, state, today, fill) if team and several else []
        owners_row.visible = bool(owners_row.controls)
        if team and state["owner"] is not None:
            found = [f for f in found if f.owner == state["owner"]]
        open_ones = [f for f in found if not f.done]
        done = [f for f in found if f.done]
        shown: list[FollowUp] = []
        sections: dict[str, ft.Control] = {}
        for name in BUCKETS:
            rows = [f for f in open_ones if bucket(f.due, today) == name]
            shown += rows
            if rows or name == "overdue":
                sections[name] = section(
                    t(f"followups.group.{name}", count=len(rows)),
                    *(
                        [_row(ctx, f, name, fill, with_owner=team) for f in rows]
                        or [ft.Text(t("followups.none_overdue"), size=theme.TEXT - 2)]
                    ),
                )
        if state["done"]:
            shown += done
            sections["done"] = section(
                t("followups.group.done", count=len(done)),
                *(
                    [_row(ctx, f, "done", fill, with_owner=team) for f in done]
                    or [ft.Text(t("followups.none_done"), size=theme.TEXT - 2)]
                ),
            )
        nothing = [ft.Text(t("followups.none"), size=theme.TEXT)] if not open_ones and not done else []
        now.controls = [*nothing, sections.pop("overdue")]
        coming.controls = list(sections.values())
        coming.visible = bool(coming.controls)
        now.col = {"xs": 12, "lg": 6 if coming.visible else 12}
        state["shown"] = shown

    def choose_scope(e: Any) -> None:
        chosen = e.control.selected[0] if e.control.selected else "team"
        state["scope"], state["owner"] = chosen, None
        ctx.store.set_state(SCOPE_STATE, chosen)
        fill()

    def show_done(e: Any) -> None:
        state["done"] = bool(e.control.value)
        fill()

    fill()
    scope = ft.SegmentedButton(
        segments=[
            # The icon in the label: a segment with its own icon is 40 px tall whatever its padding.
            ft.Segment(
                value="mine",
                label=ft.Row(
                    [
                        ft.Icon(ft.Icons.PERSON),
                        ft.Text(
                            t("followups.scope.mine", name=me) if me else t("followups.scope.mine_unnamed"),
                            size=theme.TEXT - 1,
                        ),
                    ],
                    tight=True,
                    spacing=8,
                ),
            ),
            ft.Segment(
                value="team",
                label=ft.Row(
                    [ft.Icon(ft.Icons.GROUPS), ft.Text(t("followups.scope.team"), size=theme.TEXT - 1)],
                    tight=True,
                    spacing=8,
                ),
            ),
        ],
        selected=[state["scope"]],
        show_selected_icon=False,
        on_change=choose_scope,
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=12, vertical=14)),
    )
    tools = ft.Row(
        [
            scope,
            switch(t("followups.show_done"), value=False, on_change=show_done),
            csv_button(
                ctx, t("followups.export"), stem=t("followups.file"), make=lambda: followups_csv(ctx, state["shown"])
            ),
        ],
        wrap=True,
        spacing=16,
        run_spacing=12,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )
    return ft.View(
        route="/followups",
        appbar=ft.AppBar(title=ft.Text(t("followups.title")), actions=[sync_badge(ctx), ft.Container(width=8)]),
        padding=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        spacing=12,
        controls=[ft.Text(t("followups.help"), size=theme.TEXT - 2), tools, owners_row, hint, groups],
    )


def _owner_chips(
    ctx: AppContext, found: list[FollowUp], state: dict[str, Any], today: date, refresh: Callable[[], None]
) -> list[ft.Control]:
    """'All' and one chip per owner of the follow-ups found, each with how many they have
    (open ones, and done ones too when those are shown) and how many are overdue."""
    t = ctx.t
    counts = Counter(f.owner for f in found)
    overdue = Counter(f.owner for f in found if not f.done and bucket(f.due, today) == "overdue")
    owners = sorted(counts, key=lambda name: (not name, name.casefold()))
    if state["owner"] is not None and state["owner"] not in counts:
        owners.append(state["owner"])  # keep the chosen one when the last of theirs was marked done

    def choose(owner: str | None) -> Callable[[Any], None]:
        def handler(_: Any) -> None:
            state["owner"] = owner
            refresh()

        return handler

    def label(owner: str) -> str:
        name = owner or t("followups.no_owner")
        if overdue[owner] == 1:
            return t("followups.owner_chip_overdue_one", name=name, count=counts[owner])
        if overdue[owner]:
            return t("followups.owner_chip_overdue", name=name, count=counts[owner], overdue=overdue[owner])
        return t("followups.owner_chip", name=name, count=counts[owner])

    chips = [
        choice_chip(
            t("followups.owner_all", count=len(found)),
            selected=state["owner"] is None,
            one_of_many=True,
            on_select=choose(None),
        )
    ]
    chips += [
        choice_chip(label(owner), selected=state["owner"] == owner, one_of_many=True, on_select=choose(owner))
        for owner in owners
    ]
    return [
        ft.Text(t("followups.filter_owner"), size=theme.TEXT - 3, color=ft.Colors.ON_SURFACE_VARIANT),
        ft.Row(chips, wrap=True, spacing=8, run_spacing=8),
    ]


def _row(ctx: AppContext, f: FollowUp, group: str, refresh: Any, *, with_owner: bool = True) -> ft.Control:
    t = ctx.t
    aftercare = f.kind == "aftercare"
    kind = ft.Container(
        content=ft.Text(t(f"followups.kind.{_kind(f)}"), size=theme.TEXT - 4),
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

    # Each row has the same buttons: a screen reader names them with the row's follow-up.
    what = t("followups.named", title=f.title, company=f.company_name or "–", date=t.date(f.due))

    when: list[ft.Control] = [due]
    if with_owner:
        when.append(
            ft.Text(
                t("followups.owner", name=f.owner or t("followups.no_owner")),
                size=theme.TEXT - 1,
                weight=ft.FontWeight.W_600,
            )
        )
    details: list[ft.Control] = [
        ft.Row(
            [kind, ft.Text(f.company_name or "–", size=theme.TEXT - 1, weight=ft.FontWeight.W_600)],
            spacing=10,
            wrap=True,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        ft.Text(f.title, size=theme.TEXT),
        ft.Row(when, spacing=16, wrap=True),
    ]
    if f.done and f.done_note:
        details.append(
            folding_text(
                t("followups.done_note_line", note=f.done_note),
                more=t("notes.show_more"),
                less=t("notes.show_less"),
                size=theme.TEXT - 2,
                italic=True,
            )
        )
    if f.done:
        action: ft.Control = ft.OutlinedButton(
            content=named(t, t("followups.reopen"), what),
            icon=ft.Icons.UNDO,
            height=theme.TOUCH,
            style=theme.button_style(),
            on_click=lambda _: _reopen(ctx, f, refresh),
        )
    else:
        action = ft.FilledTonalButton(
            content=named(t, t("followups.mark_done"), what),
            icon=ft.Icons.CHECK,
            height=theme.TOUCH,
            style=theme.button_style(),
            on_click=lambda _: _done_dialog(ctx, f, refresh),
        )
    # The buttons under the text, so the text keeps the card's width in a landscape column.
    details.append(
        ft.Row(
            [
                ft.TextButton(content=named(t, t("followups.open_visit"), what), height=48, on_click=open_visit),
                action,
            ],
            alignment=ft.MainAxisAlignment.END,
            spacing=8,
        )
    )
    parts: list[ft.Control] = [ft.Column(details, spacing=6, expand=True)]
    if with_owner:
        parts.insert(0, avatar(f.owner or "?", ctx.role_of(f.owner)))
    return ft.Container(
        content=ft.Row(parts, vertical_alignment=ft.CrossAxisAlignment.START, spacing=12),
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
    guard = SaveGuard(ctx)

    def save(_: Any) -> None:
        if not guard.allows([note], retry=lambda: save(None)):
            return
        try:
            followups.complete_followup(ctx.store, followup_id=f.id, note=note.value or "")
        except InvalidInput as error:
            note.error = ctx.error_text(error)
            return
        close_dialog(ctx.page)
        refresh()
        ctx.page.update()  # the snackbar's own update would skip the automatic one
        ctx.notify(t("followups.marked", title=f.title))

    done = guard.form_dialog(
        t("followups.dialog_title"),
        [
            ft.Text(f"{f.company_name} · {f.title}", size=theme.TEXT),
            ft.Text(t("followups.due", date=t.date(f.due)), size=theme.TEXT - 2),
            note,
        ],
        cancel=t("followups.cancel"),
        confirm=t("followups.confirm_done"),
        on_confirm=save,
        icon=ft.Icons.CHECK,
    )
    ctx.page.show_dialog(done)
