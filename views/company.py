"""The company record: name, CVR number, address, contact, earlier cooperation.

The form is saved with its button ("Gem virksomheden"), all fields at once, so that a
company is never stored half checked. Until then a changed field is kept as a local draft
on the tablet (views.form_draft: ``draft:company:<id or new>:<field>``, never synced, its
time under ``company_draft_at:<id or new>``); leaving the screen asks first, and the form
shows the draft again when it is drawn anew, with a banner that says so and offers
"Kassér udkast" (issue 9 trial: a fresh tab's "Ny virksomhed" came back filled with a
previous session's abandoned values, with nothing to say why or to clear them).
"""

from __future__ import annotations

from typing import Any

import flet as ft

from domain.company import CompanyDraft
from domain.errors import InvalidInput
from domain.text import without_control_characters
from storage import repo
from views import theme
from views.context import AppContext
from views.form_draft import FormDraft
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
    restored_slot = ft.Container()  # the banner of a draft brought back, until saved or discarded
    guard = SaveGuard(ctx)  # a CPR-like number in a field is asked about before saving

    def discarded() -> None:
        message.content, restored_slot.content = ft.Container(), ft.Container()
        guard.panel.controls = []

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

    def recheck(name: str) -> None:
        """A field showing a problem is checked again at every change, and its message
        goes as soon as it is right (a field without one is left alone while typed)."""
        if inputs[name].error is None:
            return
        problem = draft().problem(name)
        inputs[name].error = ctx.error_text(problem) if problem is not None else None
        show([p for p in draft().problems() if inputs[p.field].error is not None])

    unsaved = FormDraft(
        ctx,
        inputs,
        key=f"company:{company_id or 'new'}",
        time_key=f"company_draft_at:{company_id or 'new'}",
        labels={name: t(f"company.{name}") for name in FIELDS},
        saved={name: getattr(existing, name) for name in FIELDS} if existing else {},
        then=recheck,
    )
    if unsaved.restored:
        restored_slot.content = unsaved.banner(
            button=t("company.save_and_start" if company_id is None else "company.save"),
            discard_text=t("company.discard_text_new" if company_id is None else "company.discard_text"),
            on_discarded=discarded,
        )

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
        unsaved.saved()
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


KEYBOARDS = {
    "cvr": ft.KeyboardType.NUMBER,
    "contact_phone": ft.KeyboardType.PHONE,
    "contact_email": ft.KeyboardType.EMAIL,
    "website": ft.KeyboardType.URL,
}
