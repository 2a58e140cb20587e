"""The company record: name, CVR number, address, contact, earlier cooperation.

The form is saved with its button ("Gem virksomheden"), all fields at once, so that a
company is never stored half checked. Until then a changed field is kept as a local draft
on the tablet (``draft:company:<id or new>:<field>``, never synced), leaving the screen
asks first (the fields are registered in ``ctx.drafts``, which ``AppContext.go`` asks
about), and the form shows the draft again, marked as not saved, when it is drawn anew.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from views.widgets import banner, big_button, text_field, two_columns

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
    guard = SaveGuard(ctx)  # a CPR-like number in a field is asked about before saving
    unsaved = _keep_drafts(ctx, inputs, company_id=company_id, saved=existing)
    restored = [name for name in FIELDS if unsaved[name].pending]
    if restored:
        fields = ", ".join(t(f"company.{name}") for name in restored)
        button = t("company.save_and_start" if company_id is None else "company.save")
        message.content = banner(t("company.draft_kept", fields=fields, button=button), error=False)

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
        message.content = ft.Container()
        if company_id is None:
            visit_id = ctx.start_visit(saved_id)
            await ctx.go(f"/visit/{visit_id}/prep")
        else:
            ctx.page.update()  # the notice's own update would stop the form's being sent
            ctx.notify(t("company.saved"))

    f = inputs
    return [
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
    pending: bool = False

    def typed(self, text: str) -> None:
        """The field shows ``text`` now: kept as a draft while it differs from the record."""
        changed = text != self.value
        if changed or self.pending:
            self.ctx.store.set_state(self.draft_key, text if changed else "")
        self.pending = changed

    def finish(self) -> None:
        """Leaving the screen ends the typing: nothing to do, the draft is kept as typed."""

    def saved(self, text: str) -> None:
        """The record holds ``text`` now; the draft is gone."""
        self.value = text
        self.typed(text)


def _keep_drafts(
    ctx: AppContext, inputs: dict[str, ft.TextField], *, company_id: str | None, saved: Any
) -> dict[str, _Unsaved]:
    """Register every field of the form as a possible draft in ``ctx.drafts``, and put a
    draft kept from before into its field. Returns the drafts by field name."""
    unsaved: dict[str, _Unsaved] = {}
    for name in FIELDS:
        kept = _Unsaved(
            ctx,
            field=name,
            draft_key=f"{DRAFT_PREFIX}company:{company_id or 'new'}:{name}",
            label=ctx.t(f"company.{name}"),
            value=getattr(saved, name) if saved else "",
        )
        text = ctx.store.get_state(kept.draft_key)
        if text:
            inputs[name].value = text
            kept.typed(text)
        ctx.drafts[kept.draft_key] = kept
        unsaved[name] = kept
    return unsaved


KEYBOARDS = {
    "cvr": ft.KeyboardType.NUMBER,
    "contact_phone": ft.KeyboardType.PHONE,
    "contact_email": ft.KeyboardType.EMAIL,
    "website": ft.KeyboardType.URL,
}
