"""Autosaved text fields: every keystroke lands on the record it was typed for, and no
text is ever thrown away.

Two rules make the first promise:

- A field is bound to one record for its whole life: ``save`` closes over that record,
  and a screen that shows another record (the next card, the next task) draws another
  field instead of refilling this one. A keystroke typed into the old field before the
  new one was drawn therefore still lands on the record the old field showed.
- The value saved is the one the change event carried (``e.data``), not ``field.value``
  when the handler runs. Flet applies a field's value the moment the browser sends it,
  but runs the handler later as a task; on a busy tablet, ``field.value`` can already
  hold what was typed after the event, or what a redraw put there.

The second promise: a text the record does not take yet is kept as a local draft in the
tablet's own state (``draft:<key>``, never synced) and marked on screen. That is a text
with a CPR-like number until the consultant chooses (remove the number after a look at
the cleaned text, or keep it), a text that ends in a date the next keystrokes could turn
into a CPR number, and a text the record refuses (too long). The draft comes back when
the field is drawn again, after a restart too, and leaving the screen while one is
waiting asks first (:func:`pending_drafts`, used by ``AppContext.go``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

import flet as ft

from domain.errors import InvalidInput
from domain.privacy import CprHit, find_cpr_numbers, remove_cpr_numbers
from domain.text import without_control_characters
from views import theme

_TRAILING_DATE = re.compile(r"(?<![\d-])(\d{6})(-?)(\d{0,3})$")
DRAFT_PREFIX = "draft:"


def cpr_being_typed(text: str) -> bool:
    """Whether ``text`` ends in a date (DDMMYY) that the next keystrokes could make a CPR
    number. An autosaved field waits with saving it, so that "010190-123" is not stored
    one keystroke before the warning appears."""
    match = _TRAILING_DATE.search(text)
    if match is None:
        return False
    date, dash, serial = match.groups()
    return bool(find_cpr_numbers(date + dash + serial.ljust(4, "0")))


def event_text(event: Any, field: ft.TextField) -> str:
    """The text a change event was sent for (see the module docstring); the field's value
    only when an event carries none (a test calling the handler by hand)."""
    data = getattr(event, "data", None)
    return data if isinstance(data, str) else (field.value or "")


@dataclass
class Autosaved:
    """One autosaved field's binding: its record's draft key and what is held back."""

    field: ft.TextField
    draft_key: str
    label: str
    held: str | None = None  # text not saved to the record (kept as a local draft)
    reason: str = ""  # "cpr", "typing" (a date that may grow into a CPR number), "refused"
    accepted: set[str] = dc_field(default_factory=set)  # numbers the consultant chose to keep
    retired: bool = False  # another record is on show in its place (see :meth:`retire`)
    seen: str = ""  # the last text the browser reported for the field
    base: str | None = None  # what a retired field's reset text continues

    def retire(self, retired: bool = True) -> None:
        """Mark the field as no longer on show (another record is drawn in its place), or
        as shown again. Events may still reach a retired field: keystrokes typed before
        the browser drew the next record."""
        self.retired, self.base, self.seen = retired, None, self.field.value or ""

    def continued(self, text: str) -> str:
        """The record's text after the browser reported ``text`` for this field.

        A field on show reports its whole text. A retired one may have been emptied by
        the browser while it was being taken off screen (seen in Flutter's web client on
        a busy machine), and then reports only what was typed since: that is added to
        what the field held, never put in its place.
        """
        if not self.retired:
            self.seen = text
            return text
        if self.base is None:
            if text.startswith(self.seen) or self.seen.startswith(text):
                self.seen = text
                return text
            self.base = self.seen
        self.seen = text
        merged = self.base + text
        self.field.value = merged
        return merged

    @property
    def pending(self) -> bool:
        """Text the consultant has to decide about (not just a date being typed)."""
        return self.held is not None and self.reason in ("cpr", "refused")


def pending_drafts(ctx: Any) -> list[Autosaved]:
    """The autosaved fields of the screens on show whose text waits for a decision."""
    return [a for a in ctx.drafts.values() if a.pending]


def autosave(
    ctx: Any,
    field: ft.TextField,
    save: Callable[[str], None],
    *,
    draft: str,
    warning: ft.Column | None = None,
    label: str = "",
) -> Autosaved:
    """Save ``field`` on every change through ``save`` (bound to one record; see the module
    docstring); keep what cannot be saved yet as a local draft under ``draft``.

    ``warning``: a column under the field for the CPR warning (else the field's own error
    line). ``label``: how the leave-screen question names the field (its label if empty).
    ``save`` raises :class:`InvalidInput` to refuse a text; the refusal is shown under the
    field and the text is kept as a draft. Returns the binding, registered in
    ``ctx.drafts`` while the field is on show.
    """
    t = ctx.t
    bound = Autosaved(field=field, draft_key=DRAFT_PREFIX + draft, label=label or str(field.label or ""))
    ctx.drafts[bound.draft_key] = bound

    def show(control: ft.Control | str | None) -> None:
        if warning is not None:
            warning.controls = [control] if isinstance(control, ft.Control) else []
            field.error = control if isinstance(control, str) else None
        else:
            field.error = control

    def hold(value: str, reason: str) -> None:
        bound.held, bound.reason = value, reason
        ctx.store.set_state(bound.draft_key, value)

    def release() -> None:
        if bound.held is not None or ctx.store.get_state(bound.draft_key):
            ctx.store.set_state(bound.draft_key, "")
        bound.held, bound.reason = None, ""

    def store(value: str) -> bool:
        try:
            save(value)
        except InvalidInput as error:
            if error.code == "control_chars":
                field.value = without_control_characters(value)
                saved = store(field.value)
                if saved:
                    field.error = ctx.error_text(error)  # say what was taken out
                return saved
            hold(value, "refused")
            show(f"{ctx.error_text(error)} {t('autosave.draft_marker')}")
            return False
        release()
        show(None)
        return True

    def remove(_: Any) -> None:
        """Show the text without the number for a look; nothing is saved yet."""
        original = bound.held if bound.held is not None else (field.value or "")
        cleaned = remove_cpr_numbers(original)
        field.value = cleaned
        hold(cleaned, "cpr")

        def undo(_: Any) -> None:
            field.value = original
            hold(original, "cpr")
            check(original)
            ctx.page.update()

        def accept(_: Any) -> None:
            store(field.value or "")
            ctx.page.update()

        show(_preview(ctx, on_save=accept, on_undo=undo))
        ctx.page.update()

    def keep(_: Any) -> None:
        value = bound.held if bound.held is not None else (field.value or "")
        bound.accepted.update(hit.text for hit in find_cpr_numbers(value))
        store(value)
        ctx.page.update()

    def check(value: str) -> None:
        hits = [hit for hit in find_cpr_numbers(value) if hit.text not in bound.accepted]
        if hits:
            hold(value, "cpr")
            show(cpr_warning(ctx, hits, on_remove=remove, on_keep=keep, autosaved=True))
            return
        if cpr_being_typed(value):
            hold(value, "typing")  # saved with the next keystroke or on leaving the field
            show(None)
            return
        store(value)

    def on_change(e: Any) -> None:
        check(bound.continued(event_text(e, field)))

    def on_blur(_: Any) -> None:
        if bound.held is not None and bound.reason == "typing":
            check_final(bound.held)

    def check_final(value: str) -> None:
        # Leaving the field ends the typing: a date that did not grow into a number is saved.
        if find_cpr_numbers(value):
            check(value)
        else:
            store(value)

    field.on_change = on_change
    field.on_blur = on_blur
    kept = ctx.store.get_state(bound.draft_key)
    if kept:
        field.value = kept
        check(kept)
        if bound.reason == "typing":
            check_final(kept)
    bound.seen = field.value or ""
    return bound


def _preview(ctx: Any, *, on_save: Callable[[Any], None], on_undo: Callable[[Any], None]) -> ft.Control:
    """Under the field once the number is taken out: look, correct, then save."""
    t = ctx.t
    return _panel(
        ft.Icons.VISIBILITY_OUTLINED,
        t("autosave.cleaned_look"),
        [
            ft.FilledButton(
                content=t("autosave.save_cleaned"),
                icon=ft.Icons.CHECK,
                on_click=on_save,
                height=theme.TOUCH,
                style=theme.button_style(),
            ),
            ft.OutlinedButton(
                content=t("autosave.undo_remove"),
                icon=ft.Icons.UNDO,
                on_click=on_undo,
                height=theme.TOUCH,
                style=theme.button_style(),
            ),
        ],
        bgcolor=ft.Colors.SECONDARY_CONTAINER,
        colour=ft.Colors.ON_SECONDARY_CONTAINER,
    )


def cpr_warning(
    ctx: Any,
    hits: list[CprHit],
    *,
    on_remove: Callable[[Any], Any],
    on_keep: Callable[[Any], Any],
    autosaved: bool = False,
) -> ft.Control:
    """The warning shown before a text with a CPR-like number is saved, with its one pair
    of choices: remove the number (and look at the text), or keep it."""
    t = ctx.t
    numbers = ", ".join(dict.fromkeys(h.text for h in hits))
    message = t("bubbles.cpr.field_warning" if autosaved else "bubbles.cpr.note_warning", numbers=numbers)
    return _panel(
        ft.Icons.PRIVACY_TIP,
        message,
        [
            ft.FilledButton(
                content=t("bubbles.cpr.remove"),
                icon=ft.Icons.BACKSPACE_OUTLINED,
                on_click=on_remove,
                height=theme.TOUCH,
                style=theme.button_style(),
            ),
            ft.OutlinedButton(
                content=t("bubbles.cpr.keep"),
                on_click=on_keep,
                height=theme.TOUCH,
                style=theme.button_style(),
            ),
        ],
        bgcolor=ft.Colors.ERROR_CONTAINER,
        colour=ft.Colors.ON_ERROR_CONTAINER,
    )


def _panel(icon: ft.IconData, message: str, buttons: list[ft.Control], *, bgcolor: str, colour: str) -> ft.Control:
    return ft.Container(
        content=ft.Column(
            [
                ft.Row(
                    [
                        ft.Icon(icon, color=colour),
                        ft.Text(message, size=theme.TEXT - 1, color=colour, expand=True),
                    ],
                    vertical_alignment=ft.CrossAxisAlignment.START,
                ),
                ft.Row(buttons, wrap=True, spacing=12, run_spacing=8),
            ],
            spacing=12,
            tight=True,
        ),
        bgcolor=bgcolor,
        border_radius=12,
        padding=16,
    )
