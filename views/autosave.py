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
the cleaned text, or keep it), a text with the start of a CPR number being typed at the
caret (:func:`domain.privacy.cpr_being_typed`: from four digits on; leaving the field,
the record or the screen ends the typing), and a text the record refuses (too long). The
cleaned text "Fjern nummeret" shows is a preview: the draft stays the text as typed, and
nothing is saved until "Gem teksten". The draft comes back when
the field is drawn again, after a restart too, and leaving the screen while one is
waiting asks first (:func:`pending_drafts`, used by ``AppContext.go``).

While the CPR warning holds a text back, the record holds what it held before that text
was typed (:attr:`Autosaved.settled`: its text when the field was drawn or shown again
for it, or the text the consultant last chose to save from the warning), not the versions
saved keystroke by keystroke on the way: those end with the first three digits of the
number ("Kontakt evt. 010"), a stub that a colleague, the PDF and the card's "asked" mark
would otherwise take for the answer (issue 9 trial). The text as typed is the draft.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

import flet as ft

from domain.errors import InvalidInput
from domain.privacy import CprHit, cpr_being_typed, edit_end, find_cpr_numbers, remove_cpr_numbers
from domain.text import without_control_characters
from views import theme

DRAFT_PREFIX = "draft:"


def event_text(event: Any, field: ft.TextField) -> str:
    """The text a change event was sent for (see the module docstring); the field's value
    only when an event carries none (a test calling the handler by hand)."""
    data = getattr(event, "data", None)
    return data if isinstance(data, str) else (field.value or "")


def put_text(field: ft.TextField, text: str) -> None:
    """The app (not the consultant) puts ``text`` in ``field``: its value and, for a field
    whose reports are followed (a :class:`Continuation` in ``field.data``, as the
    walk-around form's fields have), what the app has handled of it, so a form that reads
    its fields as handled (``TaskForm.values``) sees the app's text (the CPR guard's
    cleaned text, words put back from an offer)."""
    field.value = text
    if isinstance(field.data, Continuation):
        field.data.seen = text


def carries_on_text(seen: str, text: str) -> bool:
    """Whether ``text`` is ``seen`` typed on where the caret stood: something inserted at one
    place (at the end, or before text that ends in Arabic, where a tap puts the caret), or
    one letter taken back at one place (a backspace). What an emptied field reports (only
    what was typed since) is neither, unless it happens to read so (see :class:`Continuation`)."""
    same = next((i for i, (a, b) in enumerate(zip(seen, text, strict=False)) if a != b), min(len(seen), len(text)))
    if len(text) > len(seen):
        return text.endswith(seen[same:])
    return len(text) == len(seen) - 1 and text[same:] == seen[same + 1 :]


def added_text(shown: str, text: str) -> str:
    """What a report ``text`` adds to ``shown`` (the field's text when it was taken off
    screen): the part inserted at one place; nothing for an earlier version of ``shown``
    still on its way or for a backspace; the whole of ``text`` for an emptied field (it
    reports only what was typed since). Pure: ``added_text("Svar", "Svar ab") == " ab"``."""
    if shown.startswith(text) or not text:
        return ""
    same = next((i for i, (a, b) in enumerate(zip(shown, text, strict=False)) if a != b), min(len(shown), len(text)))
    if len(text) > len(shown) and text.endswith(shown[same:]):
        return text[same : len(text) - (len(shown) - same)]
    if carries_on_text(shown, text):
        return ""  # one letter taken back
    return text


@dataclass
class Continuation:
    """The one rule for what a field's reported text means for its record's text, once the
    field is taken off screen (another record is drawn in its place) but may still get
    keystrokes: those typed before the browser drew the next record.

    A field on show reports its whole text, and that is the record's text. A field taken
    off screen (:meth:`retire`) may have been emptied by the browser on the way (seen in
    Flutter's web client on a busy machine), and then reports only what was typed since:
    that is added to what the field held (``base``), never put in its place, and each
    later report is added to that same ``base`` (the browser's field continues from its
    own text, so the first keystroke is not added twice).

    Telling the two apart: a report that carries the field's text on (something inserted
    at one place, at the end or where the caret stood) or takes one letter back (a
    backspace) continues it (:func:`carries_on_text`). Reports still on
    their way when the field was retired (the browser sent them before, the app handles
    them after) are earlier versions of the field's text and are taken as they are, until
    the one the field showed arrives. After that, any other report comes from an emptied
    field, even one that reads like the start of the old text (a next task's title "Pakke
    paller" after "Pakke kasser"): nothing the record held is put aside for it. What no
    text can tell: an emptied field's first report that reads as the old text carried on
    (a one-letter text typed again) or less one letter (the first letter of a two-letter
    text) is taken as the field carrying on. Pure: no Flet, no storage.
    """

    seen: str = ""  # the last text reported for the field (or put in it by the app)
    retired: bool = False  # another record is on show in the field's place
    base: str | None = None  # what an emptied field's reports are added to
    shown: str = ""  # the field's text when it was retired
    in_flight: bool = False  # reports typed before it was retired may still arrive

    def retire(self, shown: str, retired: bool = True) -> None:
        """The field, holding ``shown``, is taken off screen (or shown again when
        ``retired`` is false). Reports are still on their way when ``shown`` is not the
        last text reported (the app applies a text when it arrives and handles it later)."""
        self.in_flight = retired and self.seen != shown
        self.retired, self.base, self.seen, self.shown = retired, None, shown, shown

    def report(self, text: str) -> str:
        """The record's text after the browser reported ``text`` for the field."""
        if self.retired and self.base is None:
            carries_on = carries_on_text(self.seen, text)
            if carries_on and text.startswith(self.shown):
                self.in_flight = False  # the text shown has arrived: nothing older follows
            if not (carries_on or (self.in_flight and self.seen.startswith(text))):
                self.base = self.seen  # emptied: what is typed from now on is added
        self.seen = text
        return text if self.base is None else self.base + text


@dataclass
class Autosaved:
    """One autosaved field's binding: its record's draft key and what is held back."""

    field: ft.TextField
    draft_key: str
    label: str
    held: str | None = None  # text not saved to the record (kept as a local draft)
    reason: str = ""  # "cpr", "typing" (a date that may grow into a CPR number), "refused"
    accepted: set[str] = dc_field(default_factory=set)  # numbers the consultant chose to keep
    reports: Continuation = dc_field(default_factory=Continuation)  # what the browser reported
    checked: str = ""  # the last text checked: where the caret stands comes from it
    finish: Callable[[], None] = lambda: None  # ends the typing (see :meth:`retire`)
    recorded: str = ""  # what the record holds, as far as this field knows
    settled: str = ""  # what the record holds while the CPR warning holds a text back
    enter: Callable[[str], None] = lambda _: None  # puts a text in as if typed (see :func:`autosave`)
    on_show: Callable[[], None] = lambda: None  # registers the field with its screen again

    @property
    def retired(self) -> bool:
        """Another record is on show in the field's place (see :meth:`retire`)."""
        return self.reports.retired

    def retire(self, retired: bool = True) -> None:
        """Mark the field as no longer on show (another record is drawn in its place), or
        as shown again (registered with the screen again). Events may still reach a
        retired field: keystrokes typed before the browser drew the next record
        (:class:`Continuation` says what they mean).
        Leaving the record ends the typing: a number that was held back while it might
        grow into a CPR number is checked as it stands (saved, or warned about). Shown
        again, what the record holds is what a text held back later leaves it holding.

        Retired, the field holds what the app last handled of it, not its value: Flet puts
        a reported text in the value as it arrives and runs its handler later, in order, so
        the value may already hold words typed after the tap that took the field off
        screen. Their reports follow, and are read as typed since (fourth newcomer trial:
        taken as the field's text, they were offered nowhere and lost)."""
        self.reports.retire(self.reports.seen if retired else self.field.value or "", retired)
        if retired:
            self.finish()
        else:
            self.settled = self.recorded
            # A draft the consultant went on from ("Gå videre") is on show again: it waits
            # for a decision again, and leaving the screen asks about it (trial 4).
            self.on_show()

    def continued(self, text: str) -> str:
        """The record's text after the browser reported ``text`` for this field (see
        :class:`Continuation`); an emptied field is shown what its record now holds."""
        merged = self.reports.report(text)
        if merged != text:
            self.field.value = merged
        return merged

    @property
    def pending(self) -> bool:
        """Text the consultant has to decide about (not just a date being typed)."""
        return self.held is not None and self.reason in ("cpr", "refused")


def pending_drafts(ctx: Any) -> list[Autosaved]:
    """The autosaved fields of the screens on show whose text waits for a decision."""
    return [a for a in ctx.drafts.values() if a.pending]


def draft_names(drafts: list[Autosaved]) -> str:
    """The fields holding ``drafts``, as the questions about them name them: «A», «B»."""
    return ", ".join(f"«{d.label}»" for d in drafts)


def finish_typing(ctx: Any) -> None:
    """The screen is being left: every field's typing ends (see :meth:`Autosaved.retire`)."""
    for bound in list(ctx.drafts.values()):
        bound.finish()


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
    bound.recorded = bound.settled = field.value or ""  # the record's text, before a draft is put in
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
        bound.recorded = value
        release()
        show(None)
        return True

    def settle(value: str) -> None:
        """The consultant chose what to save from the warning: stored, it is what the
        record goes back to while a later text is held back."""
        if store(value):
            bound.settled = bound.recorded

    def put_back() -> None:
        """The text is held back: the record goes back to what it held before the text
        was typed (nothing of the versions saved on the way, see the module docstring)."""
        if bound.recorded == bound.settled:
            return
        try:
            save(bound.settled)
        except InvalidInput:  # not taken any more (a rule changed): the record keeps what it has
            return
        bound.recorded = bound.settled

    def remove(_: Any) -> None:
        """Show the text without the number for a look. Nothing is saved, and the draft
        stays the text as typed, until "Gem teksten" (a closed tab brings back the
        original and its warning, not the cleaned text saved unseen)."""
        original = bound.held if bound.held is not None else (field.value or "")
        cleaned = remove_cpr_numbers(original)
        field.value = cleaned
        hold(original, "cpr")
        bound.checked = bound.reports.seen = cleaned  # what the browser shows from now on

        def cancel(_: Any) -> None:
            field.value = bound.checked = bound.reports.seen = original
            check(original, len(original))
            ctx.page.update()

        def accept(_: Any) -> None:
            settle(cleaned)
            ctx.page.update()

        show(cleaned_preview(ctx, on_save=accept, on_cancel=cancel))
        ctx.page.update()

    def keep(_: Any) -> None:
        value = bound.held if bound.held is not None else (field.value or "")
        bound.accepted.update(hit.text for hit in find_cpr_numbers(value))
        settle(value)
        ctx.page.update()

    def check(value: str, caret: int) -> None:
        bound.checked = value
        hits = [hit for hit in find_cpr_numbers(value) if hit.text not in bound.accepted]
        if hits:
            hold(value, "cpr")
            put_back()
            show(cpr_warning(ctx, hits, on_remove=remove, on_keep=keep, autosaved=True))
            return
        if cpr_being_typed(value, caret) is not None:
            hold(value, "typing")  # until the next keystroke shows what it is (or leaving)
            show(None)
            return
        store(value)

    def on_change(e: Any) -> None:
        before = bound.checked
        value = bound.continued(event_text(e, field))
        check(value, edit_end(before, value))

    def finish() -> None:
        # The typing ended (the field, the record or the screen was left): a number that
        # did not grow into a CPR number is saved; one that did is warned about.
        if bound.held is not None and bound.reason == "typing":
            value = bound.held
            if [hit for hit in find_cpr_numbers(value) if hit.text not in bound.accepted]:
                check(value, len(value))
            else:
                store(value)

    def enter(value: str) -> None:
        # A text put in by the app for the consultant (e.g. words typed while a card was
        # changing): shown, checked and saved as if typed, the caret at its end.
        field.value = bound.reports.seen = value
        check(value, len(value))

    bound.finish = finish
    bound.enter = enter
    bound.on_show = lambda: ctx.drafts.__setitem__(bound.draft_key, bound)
    field.on_change = on_change
    field.on_blur = lambda _: finish()
    kept = ctx.store.get_state(bound.draft_key)
    if kept:
        field.value = kept
        check(kept, len(kept))
        finish()  # the typing of a draft kept from before has ended
    bound.reports.seen = bound.checked = field.value or ""
    return bound


def cleaned_preview(ctx: Any, *, on_save: Callable[[Any], Any], on_cancel: Callable[[Any], Any]) -> ft.Control:
    """Shown once the number is taken out (under an autosaved field, in the note dialog):
    look, then save the text ("Gem teksten"), or cancel ("Annuller": the text as typed
    comes back, with its warning)."""
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
                content=t("autosave.cancel_remove"),
                on_click=on_cancel,
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
    fields: list[str] | None = None,
) -> ft.Control:
    """The warning shown before a text with a CPR-like number is saved, with its one pair
    of choices: remove the number (and look at the text), or keep it. Nothing else is
    offered beside them (editing the text is the consultant's own third way).

    ``fields``: the labels of a form's fields that hold the numbers (views.privacy_guard);
    the warning names them."""
    t = ctx.t
    numbers = ", ".join(dict.fromkeys(h.text for h in hits))
    if fields:
        quoted = [f"»{f}«" for f in dict.fromkeys(fields)]
        named = quoted[-1] if len(quoted) == 1 else ", ".join(quoted[:-1]) + t("autosave.field_list_and") + quoted[-1]
        message = t("autosave.form_warning", fields=named, numbers=numbers)
    else:
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
