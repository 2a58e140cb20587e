""" "Hurtig note", and the one note dialog of a visit.

The button floats over every tab of a visit (:func:`quick_note_button`); a tap opens the
note dialog for the visit-level field ``quick``, focused, and "Gem" saves the note,
stamped with who is writing. The bubble sheet lists these notes under "Hurtige noter"
(:func:`quick_notes_section`) and the visit summary PDF prints them.

:func:`note_dialog` is the one dialog for a note in any field: a quick note, or a note in
one of the bubble sheet's fields (views.bubbles), new or being changed. What is typed is
kept as a local draft on the tablet (``note:<visit>:<field>``, with ``:<note>`` for a note
being changed; never synced) until it is saved or cancelled, so a closed tab, a reload or
a dead battery loses nothing. A note that looks like it holds a CPR number is not saved
before the consultant has chosen, with one pair of buttons at a time and the dialog's own
buttons hidden meanwhile: "Fjern nummeret" (the text without the number, for a look; the
draft stays the text as typed) or "Gem alligevel"; then "Gem teksten" or "Annuller" (the
text as typed comes back). Typing again goes back to the ordinary "Annuller" and "Gem".
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
from views.autosave import DRAFT_PREFIX, cleaned_preview, cpr_warning, event_text
from views.context import AppContext
from views.participants import avatar
from views.widgets import check_row, close_dialog, delete_button, folding_text, text_field
from views.widgets import dialog as titled_dialog


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
    """The note dialog for a quick note (new, or ``note`` to change)."""
    title = ctx.t("quicknote.title" if note is None else "quicknote.edit_title")
    note_dialog(ctx, visit_id=visit_id, field=QUICK_NOTE, title=title, on_saved=on_saved, note=note)


def note_draft_key(visit_id: str, field: str, note: Note | None = None) -> str:
    """The tablet-local state key of the draft of a note in ``field`` of a visit (new, or
    ``note`` being changed): a ``draft:`` key, so the sync sheet counts it among the texts
    kept on the tablet (storage.local_drafts)."""
    return f"{DRAFT_PREFIX}{visit_id}:note:{field}" + (f":{note.id}" if note is not None else "")


def _legacy_keys(visit_id: str, field: str, note: Note | None) -> list[str]:
    """Where older versions of the app kept the same draft (brought back, then moved)."""
    keys = [f"note:{visit_id}:{field}" + (f":{note.id}" if note is not None else "")]
    if field == QUICK_NOTE and note is None:
        keys.append(f"quicknote:{visit_id}")  # before one dialog
    return keys


def note_dialog(
    ctx: AppContext,
    *,
    visit_id: str,
    field: str,
    title: str,
    on_saved: Callable[[], Awaitable[None]],
    note: Note | None = None,
) -> None:
    """Open the note dialog for a new note in ``field`` (``QUICK_NOTE`` or a bubble
    field's id) of the visit, or for changing or deleting ``note``. ``on_saved`` is
    awaited after the dialog closed when a note was saved or deleted. "Gem" saves once
    however often it is tapped; see the module docstring for the draft and the CPR
    choice."""
    t = ctx.t
    draft_key = note_draft_key(visit_id, field, note)
    kept = ctx.store.get_state(draft_key)
    for legacy_key in _legacy_keys(visit_id, field, note):
        if not kept:
            kept = ctx.store.get_state(legacy_key)
        if ctx.store.get_state(legacy_key):
            ctx.store.set_state(legacy_key, "")
    if kept:
        ctx.store.set_state(draft_key, kept)
    saved_text = note.text if note is not None else ""
    restored = bool(kept) and kept != saved_text
    start = kept or saved_text
    text = text_field(t("bubbles.note_label"), value=start, multiline=True, autofocus=True)
    marker = ft.Text(t("quicknote.draft_restored"), size=theme.TEXT - 2, visible=restored)
    internal = ft.Checkbox(
        semantics_label=t("bubbles.internal"), value=note.internal if note else False, disabled=note is not None
    )
    warning = ft.Column()
    state = {"saved": False, "delete_armed": False, "choosing": False}

    def set_draft(value: str) -> None:
        ctx.store.set_state(draft_key, value if value != saved_text else "")

    def ordinary() -> None:
        """The dialog's own buttons back, the choice panel gone."""
        state["choosing"] = False
        warning.controls = []
        dialog.actions = actions

    def choosing(panel: ft.Control) -> None:
        """One pair of buttons at a time: the dialog's own are hidden meanwhile."""
        state["choosing"] = True
        text.error = None
        warning.controls = [panel]
        dialog.actions = []

    def on_change(e: Any) -> None:
        set_draft(event_text(e, text))
        if state["choosing"]:  # the choice was about the text before this keystroke
            ordinary()
            ctx.page.update()

    text.on_change = on_change

    def commit(value: str) -> None:
        if state["saved"]:  # a second tap that arrives after the first saved nothing twice
            return
        try:
            if note is None:
                visit_records.add_note(
                    ctx.store,
                    visit_id=visit_id,
                    field=field,
                    text=value,
                    author=ctx.author(visit_id),
                    internal=bool(internal.value),
                )
            else:
                visit_records.update_note(ctx.store, note_id=note.id, text=value)
        except InvalidInput as error:
            ordinary()
            if error.code == "control_chars":
                text.value = without_control_characters(value)
            text.error = ctx.error_text(error)
            return
        state["saved"] = True
        set_draft("")
        close_dialog(ctx.page)

    def warn(value: str) -> None:
        hits = find_cpr_numbers(value)
        text.value = value
        choosing(cpr_warning(ctx, hits, on_remove=lambda _: preview(value), on_keep=lambda _: commit(value)))

    def preview(original: str) -> None:
        # A look at the text without the number; the draft stays the text as typed.
        cleaned = remove_cpr_numbers(original)
        text.value = cleaned
        choosing(cleaned_preview(ctx, on_save=lambda _: commit(cleaned), on_cancel=lambda _: warn(original)))
        ctx.page.update()

    async def save(_: Any) -> None:
        # Async: handlers on the page's loop run one at a time, so a double tap finds
        # ``saved`` already set by the first.
        if state["saved"]:
            return
        value = text.value or ""
        text.error = None
        if find_cpr_numbers(value):
            warn(value)
            return
        commit(value)

    def cancel(_: Any) -> None:
        set_draft("")  # "Annuller" is the one way to throw it away
        close_dialog(ctx.page)

    async def delete(e: Any) -> None:
        if note is None or state["saved"]:
            return
        if not state["delete_armed"]:
            state["delete_armed"] = True
            e.control.content = t("bubbles.delete_confirm")
            return
        visit_records.delete_note(ctx.store, note_id=note.id)
        state["saved"] = True
        set_draft("")
        close_dialog(ctx.page)

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
    dialog = titled_dialog(
        modal=True,
        on_dismiss=closed,
        title=title,
        title_size=theme.TEXT_LARGE,
        bold=True,
        content=ft.Container(
            width=600,
            content=ft.Column(
                [marker, text, check_row(internal, t("bubbles.internal")), warning],
                tight=True,
                spacing=12,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
        ),
        scrollable=True,
        actions=actions,
        actions_alignment=ft.MainAxisAlignment.END,
    )
    if restored and find_cpr_numbers(kept):
        warn(kept)  # held back before: the choice is asked again, not only after "Gem"
    ctx.page.show_dialog(dialog)


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
