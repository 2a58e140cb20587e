"""A form that saves with a button keeps what was typed and not saved as a local draft.

Until its button saves it, each changed field of such a form (the company, a new job
opening) is kept in the tablet's own state (``draft:<key>:<field>``, never synced), with
the time it was last typed in (``<time key>``, Unix seconds). Every field is registered in
``ctx.drafts`` while the form is on show, so leaving the screen with unsaved text asks
first (``AppContext.confirm_leaving``), and the form shows the draft again when it is
drawn anew, after a restart too.

A draft brought back says so (:func:`FormDraft.banner`: "Udkast fra kl. 14:05 er hentet
frem: <fields>") and offers "Kassér udkast": asked first, it puts back what the record
holds (nothing, for a new record) and deletes the draft.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import flet as ft

from views import theme
from views.autosave import DRAFT_PREFIX, event_text, put_text
from views.sync_words import when
from views.widgets import close_dialog, dialog, dialog_actions


@dataclass
class KeptField:
    """One field's text as typed but not saved, kept in local state under ``draft_key``
    (the shape ``views.autosave.pending_drafts``, ``finish_typing`` and
    ``AppContext.confirm_leaving`` read: ``pending``, ``draft_key``, ``label``, ``finish``)."""

    ctx: Any
    field: str
    draft_key: str
    label: str
    value: str  # what the record holds (or the form's default, for a new record)
    time_key: str  # when the form's draft was last typed in (Unix seconds; one for the form)
    pending: bool = False

    def typed(self, text: str) -> None:
        """The field shows ``text`` now: kept as a draft while it differs from the record."""
        changed = text != self.value
        if changed or self.pending:
            self.ctx.store.set_state(self.draft_key, text if changed else "")
        if changed:
            self.ctx.store.set_state(self.time_key, str(int(time.time())))  # cut down: 14:05:59.6 is 14:05
        self.pending = changed

    def discard(self) -> None:
        """The draft thrown away: nothing of it stays on the tablet."""
        self.ctx.store.set_state(self.draft_key, "")
        self.pending = False

    def finish(self) -> None:
        """Leaving the screen ends the typing: nothing to do, the draft is kept as typed."""

    def saved(self, text: str) -> None:
        """The record holds ``text`` now (or the form starts again from it); no draft."""
        self.value = text
        self.typed(text)


class FormDraft:
    """The drafts of one form's text fields.

    ``inputs``: the fields by name; ``labels``: how the leave question and the banner name
    them; ``saved``: what the record holds by field name (the form's starting values for a
    new record; a name left out: empty). ``key``: the drafts are kept under
    ``draft:<key>:<name>``; ``time_key``: the state key of when they were typed. Each
    field's kept text is put into it (:func:`views.autosave.put_text`), and each field's
    ``on_change`` keeps what is typed (``then``: called after, with the field's name, for a
    form's own checks). ``listen=False``: the fields' handlers are left as they are, and
    the form calls ``draft[name].typed(text)`` itself (the walk-around's form, whose fields
    follow what the browser reports)."""

    def __init__(
        self,
        ctx: Any,
        inputs: dict[str, ft.TextField],
        *,
        key: str,
        time_key: str,
        labels: dict[str, str],
        saved: dict[str, str],
        then: Callable[[str], None] | None = None,
        listen: bool = True,
    ) -> None:
        self.ctx = ctx
        self.inputs = inputs
        self.time_key = time_key
        self.fields: dict[str, KeptField] = {}
        for name, field in inputs.items():
            kept = KeptField(
                ctx,
                field=name,
                draft_key=f"{DRAFT_PREFIX}{key}:{name}",
                label=labels[name],
                value=saved.get(name, ""),
                time_key=time_key,
            )
            text = ctx.store.get_state(kept.draft_key)
            if text:
                put_text(field, text)
                kept.pending = text != kept.value
                if not kept.pending:  # the record holds it by now (a sync): no draft to count
                    kept.discard()
            ctx.drafts[kept.draft_key] = kept
            self.fields[name] = kept
            if listen:
                field.on_change = self._keeper(name, then)
        self.restored = [name for name in inputs if self.fields[name].pending]  # brought back on drawing

    def _keeper(self, name: str, then: Callable[[str], None] | None) -> Callable[[Any], None]:
        def handler(e: Any) -> None:
            self.fields[name].typed(event_text(e, self.inputs[name]))
            if then is not None:
                then(name)

        return handler

    def __getitem__(self, name: str) -> KeptField:
        return self.fields[name]

    @property
    def pending(self) -> bool:
        """Some field holds text the record does not."""
        return any(kept.pending for kept in self.fields.values())

    def saved(self) -> None:
        """The form was saved (or emptied for the next record): each field's text is what
        the form starts from now, and no draft is kept."""
        for name, kept in self.fields.items():
            kept.saved(self.inputs[name].value or "")
        self.ctx.store.set_state(self.time_key, "")

    def discard(self) -> None:
        """The draft thrown away: each field shows what the record holds again."""
        for name, kept in self.fields.items():
            put_text(self.inputs[name], kept.value)
            self.inputs[name].error = None
            kept.discard()
        self.ctx.store.set_state(self.time_key, "")

    def typed_at(self) -> datetime | None:
        """When the draft was last typed in (local time), or None when not known (a draft
        kept by an older version of the app)."""
        try:
            return datetime.fromtimestamp(float(self.ctx.store.get_state(self.time_key)))
        except (ValueError, OverflowError, OSError):
            return None

    def banner(self, *, button: str, discard_text: str, on_discarded: Callable[[], None]) -> ft.Control:
        """The banner over a form whose draft was brought back: when it was typed, which
        fields it fills, that ``button`` saves it, and "Kassér udkast", which asks first
        (``discard_text`` says what happens), then discards and calls ``on_discarded``
        (the form takes the banner away and redraws)."""
        ctx, t = self.ctx, self.ctx.t
        fields = ", ".join(self.fields[name].label for name in self.restored)
        typed_at = self.typed_at()
        if typed_at is None:
            words = t("form_draft.restored_untimed", fields=fields, button=button)
        else:
            moment = when(t, typed_at, now=datetime.now())
            words = t("form_draft.restored", when=moment, fields=fields, button=button)

        def discard(_: Any) -> None:
            close_dialog(ctx.page)
            self.discard()
            on_discarded()
            ctx.page.update()  # the event came from the dialog, and the notice's update would skip the form
            ctx.notify(t("form_draft.discarded"))

        def ask(_: Any) -> None:
            ctx.page.show_dialog(
                dialog(
                    modal=True,
                    title=t("form_draft.discard_title"),
                    title_size=theme.TEXT_LARGE - 2,
                    content=ft.Text(discard_text, size=theme.TEXT),
                    actions=dialog_actions(
                        ctx.page,
                        cancel=t("form_draft.discard_cancel"),
                        confirm=t("form_draft.discard_confirm"),
                        on_confirm=discard,
                        icon=ft.Icons.DELETE_OUTLINE,
                    ),
                )
            )

        colour = ft.Colors.ON_SECONDARY_CONTAINER
        return ft.Container(
            content=ft.Column(
                [
                    ft.Row(
                        [
                            ft.Icon(ft.Icons.RESTORE, color=colour),
                            ft.Text(words, size=theme.TEXT - 2, color=colour, expand=True),
                        ],
                        vertical_alignment=ft.CrossAxisAlignment.START,
                    ),
                    ft.Row(
                        [
                            ft.OutlinedButton(
                                content=t("form_draft.discard"),
                                icon=ft.Icons.DELETE_OUTLINE,
                                height=theme.TOUCH,
                                style=theme.button_style(),
                                on_click=ask,
                            )
                        ],
                        alignment=ft.MainAxisAlignment.END,
                    ),
                ],
                spacing=8,
                tight=True,
            ),
            bgcolor=ft.Colors.SECONDARY_CONTAINER,
            padding=12,
            border_radius=8,
        )
