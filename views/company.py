"""The company record: name, CVR number, address, contact, earlier cooperation.

The form is saved with its button ("Gem virksomheden"), all fields at once, so that a
company is never stored half checked. Until then a changed field is kept as a local draft
on the tablet (``draft:company:<id or new>:<field>``, never synced), leaving the screen
asks first (the fields are registered in ``ctx.drafts``, which ``AppContext.go`` asks
about), and the form shows the draft again, marked as not saved, when it is drawn anew.

A draft brought back says so, with the time it was typed ("Udkast fra kl. 14:05 er hentet
frem", ``company_draft_at:<id or new>`` in local state), and offers "Kassér udkast": asked
first, it empties the form (an existing company's fields show what is saved) and deletes
the draft (issue 9 trial: a fresh tab's "Ny virksomhed" came back filled with a previous
session's abandoned values, with nothing to say why or to clear them).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import flet as ft

from domain.company import CompanyDraft
from domain.errors import InvalidInput
from domain.text import without_control_characters
from storage import repo
from views import theme
from views.autosave import DRAFT_PREFIX, event_text
from views.context import AppContext
from views.privacy_guard import SaveGuard
from views.sync_ui import sync_badge
from views.sync_words import when
from views.widgets import banner, big_button, close_dialog, dialog, dialog_actions, text_field, two_columns

FIELDS = (
    "name",
    "cvr",
    "address",
    "industry",
    "website",
    "contact_name",
    "contact_phone",
    "contact_email",
    "earlier_cooperation",
)


def company_form(ctx: AppContext) -> ft.View:
    """A new company; saving it starts a visit to it."""
    return ft.View(
        route="/company/new",
        appbar=ft.AppBar(title=ft.Text(ctx.t("company.title_new")), actions=[sync_badge(ctx), ft.Container(width=8)]),
        padding=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=company_controls(ctx, company_id=None),
    )


def company_controls(ctx: AppContext, *, company_id: str | None) -> list[ft.Control]:
    """The form; a new company is saved and a visit to it started, an existing one updated."""
    t = ctx.t
    existing = repo.get_company(ctx.store, company_id=company_id) if company_id else None
    inputs: dict[str, ft.TextField] = {}
    for name in FIELDS:
        inputs[name] = text_field(
            t(f"company.{name}") + (" *" if name == "name" else ""),
            value=getattr(existing, name) if existing else "",
            multiline=name == "earlier_cooperation",
            keyboard_type=KEYBOARDS.get(name, ft.KeyboardType.TEXT),
            helper=t("company.cvr_help") if name == "cvr" else None,
        )
    message = ft.Container()
    restored_slot = ft.Container()  # the banner of a draft brought back, until saved or discarded
    time_key = f"company_draft_at:{company_id or 'new'}"
    guard = SaveGuard(ctx)  # a CPR-like number in a field is asked about before saving
    unsaved = _keep_drafts(ctx, inputs, company_id=company_id, saved=existing, time_key=time_key)
    restored = [name for name in FIELDS if unsaved[name].pending]

    def discard(_: Any) -> None:
        """The draft thrown away: the form shows what the record holds (nothing, for a new
        company), and nothing of the draft is kept on the tablet."""
        close_dialog(ctx.page)
        for name in FIELDS:
            inputs[name].value = unsaved[name].value
            inputs[name].error = None
            unsaved[name].discard()
        ctx.store.set_state(time_key, "")
        message.content, restored_slot.content = ft.Container(), ft.Container()
        guard.panel.controls = []
        ctx.page.update()  # the event came from the dialog, and the notice's update would skip the form
        ctx.notify(t("company.draft_discarded"))

    def ask_discard(_: Any) -> None:
        ctx.page.show_dialog(
            dialog(
                modal=True,
                title=t("company.discard_title"),
                title_size=theme.TEXT_LARGE - 2,
                content=ft.Text(
                    t("company.discard_text_new" if company_id is None else "company.discard_text"), size=theme.TEXT
                ),
                actions=dialog_actions(
                    ctx.page,
                    cancel=t("company.discard_cancel"),
                    confirm=t("company.discard_confirm"),
                    on_confirm=discard,
                    icon=ft.Icons.DELETE_OUTLINE,
                ),
            )
        )

    if restored:
        fields = ", ".join(t(f"company.{name}") for name in restored)
        button = t("company.save_and_start" if company_id is None else "company.save")
        words = _restored_words(ctx, _typed_at(ctx, time_key), fields=fields, button=button)
        restored_slot.content = _restored_banner(ctx, words, ask_discard)

    def draft() -> CompanyDraft:
        return CompanyDraft(**{name: inputs[name].value or "" for name in FIELDS})

    def show(problems: list[InvalidInput]) -> None:
        """Every problem under its field, and how many there are at the top."""
        for problem in problems:
            field = inputs[problem.field]
            if problem.code == "control_chars":
                field.value = without_control_characters(field.value or "")
            field.error = ctx.error_text(problem)
        if not problems:
            message.content = ft.Container()
        elif len(problems) == 1:
            message.content = banner(t("company.not_saved", problem=ctx.error_text(problems[0])))
        else:
            message.content = banner(t("company.not_saved_many", count=len(problems)))

    def recheck(name: str) -> Any:
        """A field showing a problem is checked again at every change, and its message
        goes as soon as it is right (a field without one is left alone while typed)."""

        def handler(e: Any) -> None:
            unsaved[name].typed(event_text(e, inputs[name]))
            if inputs[name].error is None:
                return
            problem = draft().problem(name)
            inputs[name].error = ctx.error_text(problem) if problem is not None else None
            show([p for p in draft().problems() if inputs[p.field].error is not None])

        return handler

    for name in FIELDS:
        inputs[name].on_change = recheck(name)

    async def save(_: Any) -> None:
        for field in inputs.values():
            field.error = None
        problems = draft().problems()
        show(problems)
        if problems or not guard.allows(list(inputs.values()), retry=lambda: save(None)):
            return
        try:
            saved_id = repo.save_company(ctx.store, draft=draft(), company_id=company_id)
        except InvalidInput as error:
            show([error])
            return
        for kept in unsaved.values():
            kept.saved(inputs[kept.field].value or "")
        ctx.store.set_state(time_key, "")
        message.content, restored_slot.content = ft.Container(), ft.Container()
        if company_id is None:
            visit_id = ctx.start_visit(saved_id)
            await ctx.go(f"/visit/{visit_id}/prep")
        else:
            ctx.page.update()  # the notice's own update would stop the form's being sent
            ctx.notify(t("company.saved"))

    f = inputs
    return [
        restored_slot,
        message,
        two_columns(f["name"], f["cvr"], f["address"], f["industry"], f["website"], f["contact_name"]),
        two_columns(f["contact_phone"], f["contact_email"]),
        f["earlier_cooperation"],
        guard.panel,
        big_button(
            t("company.save_and_start") if company_id is None else t("company.save"),
            icon=ft.Icons.SAVE,
            on_click=save,
        ),
    ]


def _typed_at(ctx: AppContext, time_key: str) -> datetime | None:
    """When the form's draft was last typed in (local time), or None when not known (a
    draft kept by an older version of the app)."""
    try:
        return datetime.fromtimestamp(float(ctx.store.get_state(time_key)))
    except (ValueError, OverflowError, OSError):
        return None


def _restored_words(ctx: AppContext, typed_at: datetime | None, *, fields: str, button: str) -> str:
    """What the banner over a form with a draft brought back says: when it was typed (if
    known: a draft kept by an older version has no time), which fields it fills, and which
    button saves it."""
    if typed_at is None:
        return ctx.t("company.draft_restored_untimed", fields=fields, button=button)
    moment = when(ctx.t, typed_at, now=datetime.now())
    return ctx.t("company.draft_restored", when=moment, fields=fields, button=button)


def _restored_banner(ctx: AppContext, words: str, on_discard: Any) -> ft.Control:
    """The banner over a form with a draft brought back, with "Kassér udkast"."""
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
                            content=ctx.t("company.discard_draft"),
                            icon=ft.Icons.DELETE_OUTLINE,
                            height=theme.TOUCH,
                            style=theme.button_style(),
                            on_click=on_discard,
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


@dataclass
class _Unsaved:
    """One company field's text as typed but not saved (the shape that
    ``views.autosave.pending_drafts``, ``finish_typing`` and ``AppContext.confirm_leaving``
    read: ``pending``, ``draft_key``, ``label``, ``finish``), kept in the tablet's local state under ``draft_key``."""

    ctx: AppContext
    field: str
    draft_key: str
    label: str
    value: str  # what the company record holds
    time_key: str  # when the form's draft was last typed in (Unix seconds; one for the form)
    pending: bool = False

    def typed(self, text: str) -> None:
        """The field shows ``text`` now: kept as a draft while it differs from the record."""
        changed = text != self.value
        if changed or self.pending:
            self.ctx.store.set_state(self.draft_key, text if changed else "")
        if changed:
            self.ctx.store.set_state(self.time_key, f"{time.time():.0f}")
        self.pending = changed

    def discard(self) -> None:
        """The draft thrown away: nothing of it stays on the tablet."""
        self.ctx.store.set_state(self.draft_key, "")
        self.pending = False

    def finish(self) -> None:
        """Leaving the screen ends the typing: nothing to do, the draft is kept as typed."""

    def saved(self, text: str) -> None:
        """The record holds ``text`` now; the draft is gone."""
        self.value = text
        self.typed(text)


def _keep_drafts(
    ctx: AppContext, inputs: dict[str, ft.TextField], *, company_id: str | None, saved: Any, time_key: str
) -> dict[str, _Unsaved]:
    """Register every field of the form as a possible draft in ``ctx.drafts``, and put a
    draft kept from before into its field (its time, under ``time_key``, stays the time it
    was typed). Returns the drafts by field name."""
    unsaved: dict[str, _Unsaved] = {}
    for name in FIELDS:
        kept = _Unsaved(
            ctx,
            field=name,
            draft_key=f"{DRAFT_PREFIX}company:{company_id or 'new'}:{name}",
            label=ctx.t(f"company.{name}"),
            value=getattr(saved, name) if saved else "",
            time_key=time_key,
        )
        text = ctx.store.get_state(kept.draft_key)
        if text:
            inputs[name].value = text
            kept.pending = text != kept.value
        ctx.drafts[kept.draft_key] = kept
        unsaved[name] = kept
    return unsaved


KEYBOARDS = {
    "cvr": ft.KeyboardType.NUMBER,
    "contact_phone": ft.KeyboardType.PHONE,
    "contact_email": ft.KeyboardType.EMAIL,
    "website": ft.KeyboardType.URL,
}
