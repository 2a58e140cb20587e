""" "Hurtig note": a note to the visit from any of its screens in two taps.

The button floats over every tab of a visit (:func:`quick_note_button`); a tap opens a
dialog with one multiline field, focused, and "Gem" saves it as a visit-level note
(field ``quick``), stamped with who is writing. The bubble sheet lists these notes under
"Hurtige noter" (:func:`quick_notes_section`) and the visit summary PDF prints them.

What is typed is kept as a local draft on the tablet (``quicknote:<visit>``, never
synced) until it is saved or cancelled, so a reload or a dead battery loses nothing. A
note that looks like it holds a CPR number waits for the same choice as on the bubble
sheet: remove the number (and look at the text first) or save it as typed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft

from domain.errors import InvalidInput
from domain.privacy import find_cpr_numbers, remove_cpr_numbers
from domain.records import QUICK_NOTE, Note
from domain.text import without_control_characters
from storage import visit_records
from views import theme
from views.autosave import cpr_warning, event_text
from views.context import AppContext
from views.participants import avatar
from views.widgets import check_row, delete_button, folding_text, text_field


def quick_note_button(ctx: AppContext, *, visit_id: str, on_saved: Callable[[], Awaitable[None]]) -> ft.Control:
    """The floating "Hurtig note" button (56 px tall, named by its text)."""

    async def open_it(_: Any) -> None:
        quick_note_dialog(ctx, visit_id=visit_id, on_saved=on_saved)

    return ft.FloatingActionButton(
        content=ctx.t("quicknote.button"),
        icon=ft.Icons.NOTE_ADD,
        height=theme.TOUCH,
        on_click=open_it,
    )


def quick_note_dialog(
    ctx: AppContext, *, visit_id: str, on_saved: Callable[[], Awaitable[None]], note: Note | None = None
) -> None:
    """The dialog: one autofocused field, "Gem" saves once however often it is tapped."""
    t = ctx.t
    draft_key = f"quicknote:{visit_id}" if note is None else ""
    start = note.text if note is not None else ctx.store.get_state(draft_key)
    text = text_field(t("quicknote.label"), value=start, multiline=True, autofocus=True)
    internal = ft.Checkbox(
        semantics_label=t("bubbles.internal"), value=note.internal if note else False, disabled=note is not None
    )
    warning = ft.Column()
    state = {"saved": False, "delete_armed": False}

    def keep_draft(e: Any) -> None:
        if draft_key:
            ctx.store.set_state(draft_key, event_text(e, text))

    text.on_change = keep_draft

    def commit(value: str) -> None:
        if state["saved"]:  # a second tap that arrives after the first saved nothing twice
            return
        try:
            if note is None:
                visit_records.add_note(
                    ctx.store,
                    visit_id=visit_id,
                    field=QUICK_NOTE,
                    text=value,
                    author=ctx.author(visit_id),
                    internal=bool(internal.value),
                )
            else:
                visit_records.update_note(ctx.store, note_id=note.id, text=value)
        except InvalidInput as error:
            warning.controls.clear()
            if error.code == "control_chars":
                text.value = without_control_characters(value)
            text.error = ctx.error_text(error)
            return
        state["saved"] = True
        if draft_key:
            ctx.store.set_state(draft_key, "")
        ctx.page.pop_dialog()

    def remove(_: Any) -> None:
        # A look at the text without the number; "Gem" saves it.
        text.value = remove_cpr_numbers(text.value or "")
        if draft_key:
            ctx.store.set_state(draft_key, text.value)
        warning.controls = [
            ft.Text(t("autosave.cleaned_look"), size=theme.TEXT - 1, color=ft.Colors.ON_SECONDARY_CONTAINER)
        ]

    async def keep(_: Any) -> None:
        commit(text.value or "")

    async def save(_: Any) -> None:
        # Async: handlers on the page's loop run one at a time, so a double tap finds
        # ``saved`` already set by the first.
        if state["saved"]:
            return
        value = text.value or ""
        text.error = None
        hits = find_cpr_numbers(value)
        if hits:
            warning.controls = [cpr_warning(ctx, hits, on_remove=remove, on_keep=keep)]
            return
        commit(value)

    def cancel(_: Any) -> None:
        if draft_key:
            ctx.store.set_state(draft_key, "")  # "Annuller" is the one way to throw it away
        ctx.page.pop_dialog()

    async def delete(e: Any) -> None:
        if note is None or state["saved"]:
            return
        if not state["delete_armed"]:
            state["delete_armed"] = True
            e.control.content = t("bubbles.delete_confirm")
            return
        visit_records.delete_note(ctx.store, note_id=note.id)
        state["saved"] = True
        ctx.page.pop_dialog()

    async def closed(_: Any) -> None:
        if state["saved"]:
            await on_saved()

    actions: list[ft.Control] = []
    if note is not None:
        actions.append(delete_button(t("bubbles.delete"), on_click=delete))
    actions += [
        ft.TextButton(content=t("bubbles.cancel"), height=theme.TOUCH, style=theme.button_style(), on_click=cancel),
        ft.FilledButton(
            content=t("bubbles.save"),
            icon=ft.Icons.CHECK,
            height=theme.TOUCH,
            style=theme.button_style(),
            on_click=save,
        ),
    ]
    ctx.page.show_dialog(
        ft.AlertDialog(
            modal=True,
            on_dismiss=closed,
            title=ft.Text(
                t("quicknote.title" if note is None else "quicknote.edit_title"),
                size=theme.TEXT_LARGE,
                weight=ft.FontWeight.BOLD,
            ),
            content=ft.Container(
                width=600,
                content=ft.Column(
                    [text, check_row(internal, t("bubbles.internal")), warning],
                    tight=True,
                    spacing=12,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                ),
            ),
            scrollable=True,
            actions=actions,
            actions_alignment=ft.MainAxisAlignment.END,
        )
    )


def quick_notes_section(
    ctx: AppContext, *, visit_id: str, notes: list[Note], on_saved: Callable[[], Awaitable[None]]
) -> list[ft.Control]:
    """The visit's quick notes, for the bubble sheet: each with its writer; a tap edits."""
    quick = [n for n in notes if n.field == QUICK_NOTE]
    if not quick:
        return []
    t = ctx.t
    roles = {p.name: p.role for p in visit_records.participants(ctx.store, visit_id=visit_id)}

    def row(note: Note) -> ft.Control:
        body: list[ft.Control] = [
            folding_text(note.text, more=t("notes.show_more"), less=t("notes.show_less"), size=theme.TEXT)
        ]
        if note.internal:
            body.insert(0, ft.Text(t("bubbles.internal_tag"), size=theme.TEXT - 4, weight=ft.FontWeight.BOLD))

        def edit(_: Any) -> None:
            quick_note_dialog(ctx, visit_id=visit_id, on_saved=on_saved, note=note)

        return ft.Container(
            content=ft.Row(
                [
                    avatar(note.author, roles.get(note.author, "other")),
                    ft.Column(body, spacing=4, expand=True),
                    ft.Icon(ft.Icons.EDIT_OUTLINED, size=20, color=ft.Colors.ON_SURFACE_VARIANT),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            bgcolor=ft.Colors.SURFACE,
            border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
            border_radius=16,
            padding=12,
            ink=True,
            on_click=edit,
        )

    return [
        ft.Text(t("quicknote.section", count=len(quick)), size=theme.TEXT_LARGE, weight=ft.FontWeight.BOLD),
        *(row(n) for n in quick),
    ]
