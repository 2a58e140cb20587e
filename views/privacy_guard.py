"""The CPR guard at save, for every form that saves its free text with a button.

Autosaved fields and the note dialog have their own guard (views.autosave,
views.quick_note). A form that saves with a button (a task on the walk-around, a
position, a follow-up, a job opening, a participant, the company, the board) asks
:class:`SaveGuard` first: when one of its fields holds what looks like a CPR number
(:func:`domain.privacy.find_cpr_numbers`), nothing is saved yet, and the warning the
autosaved fields show, naming the fields, offers one pair of choices, as the cards do:
"Fjern nummeret" (the fields show the text without the number for a look: "Gem teksten"
saves it, "Annuller" brings the text as typed back with its warning) or "Gem alligevel"
(saved as typed). Editing a field it names is the third way: the warning goes, nothing is
saved, and the next save asks again (issue 9 item 2: a third "Annuller" beside the pair
made three buttons). In a dialog, the dialog's own buttons are hidden while the warning
shows and come back with that edit: one set of choices at a time.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import flet as ft

from domain.privacy import CprHit, find_cpr_numbers, remove_cpr_numbers
from views import theme
from views.autosave import cleaned_preview, cpr_warning, put_text
from views.widgets import dialog, dialog_actions


class SaveGuard:
    """One form's guard. Place :attr:`panel` near the form's save button (or at the end
    of a dialog's content) and start the save handler with :meth:`allows`.

    ``dialog``: the dialog the form is in, if any; its actions are hidden while a choice
    shows and put back after. Numbers the consultant chose to keep ("Gem alligevel") are
    not asked about again for the life of the guard (a save refused for another reason,
    then tried again, does not ask twice)."""

    def __init__(self, ctx: Any, *, dialog: ft.AlertDialog | None = None) -> None:
        self.ctx = ctx
        self.dialog = dialog
        self.panel = ft.Column(tight=True)
        self.accepted: set[str] = set()
        self._actions: list[ft.Control] | None = None
        self._watched: list[_Watched] = []  # the fields the warning names, until one is edited

    def form_dialog(
        self,
        title: str,
        body: list[ft.Control],
        *,
        cancel: str,
        confirm: str,
        on_confirm: Callable[[Any], Any],
        icon: ft.IconData | None = None,
        width: int = 520,
        scrollable: bool = False,
        on_dismiss: Callable[[Any], Any] | None = None,
    ) -> ft.AlertDialog:
        """A modal dialog holding a form this guard watches: ``body`` with :attr:`panel`
        under it, ``width`` px wide, and the two buttons (``cancel`` closes, ``confirm``
        runs ``on_confirm``, which starts with :meth:`allows`). The guard hides the buttons
        while its warning shows. ``on_dismiss``: called once it is closed. Returns the
        dialog, not yet shown."""
        self.dialog = dialog(
            modal=True,
            scrollable=scrollable,
            on_dismiss=on_dismiss,
            title=title,
            title_size=theme.TEXT_LARGE - 2,
            content=ft.Container(
                width=width,
                content=ft.Column(
                    [*body, self.panel],
                    tight=True,
                    spacing=12,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                ),
            ),
            actions=dialog_actions(self.ctx.page, cancel=cancel, confirm=confirm, on_confirm=on_confirm, icon=icon),
        )
        return self.dialog

    def hits(self, fields: Sequence[ft.TextField]) -> dict[int, list[CprHit]]:
        """The CPR-like numbers not yet accepted, by the index of the field in ``fields``
        that holds them (fields without any left out)."""
        found: dict[int, list[CprHit]] = {}
        for n, field in enumerate(fields):
            hits = [h for h in find_cpr_numbers(field.value or "") if h.text not in self.accepted]
            if hits:
                found[n] = hits
        return found

    def allows(self, fields: Sequence[ft.TextField], retry: Callable[[], Any]) -> bool:
        """Whether the form may save now. True when no field of ``fields`` holds a CPR-like
        number the consultant has not chosen to keep (a warning left on show goes). False
        when one does: nothing may be saved, and the warning shows; the consultant's
        choice calls ``retry`` (the form's save, with no arguments; awaited when it
        returns an awaitable), which asks this guard again. ``fields`` are named in the
        warning by their labels."""
        found = self.hits(fields)
        if not found:
            self._clear()
            return True
        self._warn([fields[n] for n in found], retry)
        return False

    # The choices ------------------------------------------------------------------

    def _warn(self, fields: list[ft.TextField], retry: Callable[[], Any]) -> None:
        hits = [h for f in fields for h in find_cpr_numbers(f.value or "") if h.text not in self.accepted]
        labels = [str(f.label or "") for f in fields]

        async def keep(_: Any) -> None:
            self.accepted.update(h.text for h in hits)
            self._clear()
            await _call(retry)

        def remove(_: Any) -> None:
            self._preview(fields, retry)

        self._show(cpr_warning(self.ctx, hits, on_remove=remove, on_keep=keep, fields=labels))
        self._watch(fields)
        self.ctx.page.update()  # the browser learns of the handlers a field had none of before

    def _watch(self, fields: list[ft.TextField]) -> None:
        """Until one of ``fields`` is edited: an edit takes the warning away (the form's
        buttons come back) before the field's own change handler runs."""
        self._unwatch()
        for field in fields:
            self._watched.append(_Watched(field, field.on_change))
            field.on_change = self._edited(field.on_change)

    def _unwatch(self) -> None:
        for watched in self._watched:
            watched.field.on_change = watched.on_change
        self._watched = []

    def _edited(self, before: Any) -> Any:
        def clear() -> None:
            self._clear()
            self.ctx.page.update()

        if inspect.iscoroutinefunction(before):

            async def edited_async(e: Any) -> None:
                clear()
                await before(e)

            return edited_async

        def edited(e: Any) -> None:
            clear()
            if before is not None:
                before(e)

        return edited

    def _preview(self, fields: list[ft.TextField], retry: Callable[[], Any]) -> None:
        """The fields show their text without the number; nothing is saved yet."""
        self._unwatch()  # the consultant may touch up the cleaned text before saving it
        originals = [f.value or "" for f in fields]
        for field, text in zip(fields, originals, strict=True):
            put_text(field, remove_cpr_numbers(text))

        async def save(_: Any) -> None:
            self._clear()
            await _call(retry)

        def cancel(_: Any) -> None:
            for field, text in zip(fields, originals, strict=True):
                put_text(field, text)
            self._warn(fields, retry)
            self.ctx.page.update()

        self._show(cleaned_preview(self.ctx, on_save=save, on_cancel=cancel))
        self.ctx.page.update()

    def _show(self, control: ft.Control) -> None:
        self.panel.controls = [control]
        if self.dialog is not None and self._actions is None:
            self._actions = list(self.dialog.actions or [])
            self.dialog.actions = []

    def _clear(self) -> None:
        self._unwatch()
        self.panel.controls = []
        if self.dialog is not None and self._actions is not None:
            self.dialog.actions = self._actions
            self._actions = None


async def _call(handler: Callable[[], Any]) -> None:
    result = handler()
    if inspect.isawaitable(result):
        await result


@dataclass
class _Watched:
    """A field the warning names, and its own change handler."""

    field: ft.TextField
    on_change: Any
