"""Who takes part in a visit, and the co-visit playbook at hand as cards."""

from __future__ import annotations

from typing import Any

import flet as ft

from domain.errors import InvalidInput
from domain.records import Participant
from domain.tasks import initials
from domain.visit import Preparation, VisitSummary
from domain.writers import TEXT_ON_COLOUR, writer_colour
from storage import visit_records
from views import theme
from views.context import AppContext
from views.privacy_guard import SaveGuard
from views.widgets import (
    banner,
    big_button,
    close_dialog,
    dialog,
    dialog_actions,
    icon_button,
    named,
    section,
    text_field,
    two_columns,
)


def avatar(name: str, role: str = "other") -> ft.Control:
    """A participant's initials in a circle, in their own colour (a shade of their role's:
    warm for the job centre, green for the business council; see domain.writers).
    At most two whole characters (an emoji, a letter with its accent), on one line: they
    never wrap out of the circle."""
    return ft.CircleAvatar(
        content=ft.Text(
            initials(name),
            size=theme.TEXT - 2,
            weight=ft.FontWeight.BOLD,
            color=TEXT_ON_COLOUR,
            no_wrap=True,
            max_lines=1,
            text_align=ft.TextAlign.CENTER,
        ),
        bgcolor=writer_colour(name, role),
        radius=22,
    )


def participants_controls(ctx: AppContext, *, visit: VisitSummary, prep: Preparation) -> list[ft.Control]:
    t = ctx.t
    people = visit_records.participants(ctx.store, visit_id=visit.id)
    writing = ctx.author(visit.id)
    message = ft.Container()
    name = text_field(t("people.name"))
    organisation = text_field(t("people.organisation"))
    phone = text_field(t("people.phone"), keyboard_type=ft.KeyboardType.PHONE)
    email = text_field(t("people.email"), keyboard_type=ft.KeyboardType.EMAIL)
    role = ft.SegmentedButton(
        segments=[
            ft.Segment(value=r, label=ft.Text(t(f"people.role.{r}"), size=theme.TEXT - 2)) for r in ("S", "E", "other")
        ],
        selected=["S"],
        show_selected_icon=False,
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=8, vertical=14)),
    )

    guard = SaveGuard(ctx)  # a CPR-like number in a field is asked about before saving

    async def add(_: Any = None, *, who: str | None = None, org: str | None = None, as_role: str | None = None) -> None:
        if who is None and not guard.allows([name, organisation, phone, email], retry=add):
            return
        person = who if who is not None else name.value or ""
        try:
            visit_records.add_participant(
                ctx.store,
                visit_id=visit.id,
                name=person,
                organisation=org if org is not None else organisation.value or "",
                role=as_role or (role.selected[0] if role.selected else "other"),
                phone="" if who is not None else phone.value or "",
                email="" if who is not None else email.value or "",
            )
        except InvalidInput as error:
            message.content = banner(ctx.error_text(error))
            return
        if not ctx.author(visit.id):
            ctx.choose_writer(visit.id, person.strip())
        await ctx.rebuild()

    def remover(person: Participant) -> Any:
        async def handler(_: Any) -> None:
            visit_records.remove_participant(ctx.store, participant_id=person.id)
            await ctx.rebuild()

        return handler

    def contact_editor(person: Participant) -> Any:
        """A small dialog for the participant's phone and e-mail (for "Kontakt os")."""

        async def handler(_: Any) -> None:
            new_phone = text_field(t("people.phone"), value=person.phone, keyboard_type=ft.KeyboardType.PHONE)
            new_email = text_field(t("people.email"), value=person.email, keyboard_type=ft.KeyboardType.EMAIL)
            guard = SaveGuard(ctx)

            async def save(_: Any) -> None:
                new_phone.error = new_email.error = None
                if not guard.allows([new_phone, new_email], retry=lambda: save(None)):
                    return
                try:
                    visit_records.set_participant_contact(
                        ctx.store, participant_id=person.id, phone=new_phone.value or "", email=new_email.value or ""
                    )
                except InvalidInput as error:
                    target = new_phone if error.field == "phone" else new_email
                    target.error = ctx.error_text(error)
                    ctx.page.update()
                    return
                close_dialog(ctx.page)  # the screen is drawn anew once the dialog has closed

            async def closed(_: Any) -> None:
                # Replacing the views while the dialog is still open would leave it on screen.
                await ctx.rebuild()

            guard.dialog = editing = dialog(
                on_dismiss=closed,
                title=t("people.contact_edit", name=person.name),
                content=ft.Column(
                    [ft.Text(t("people.contact_help"), size=theme.TEXT - 2), new_phone, new_email, guard.panel],
                    tight=True,
                    spacing=12,
                    width=420,
                ),
                actions=dialog_actions(
                    ctx.page,
                    cancel=t("people.contact_cancel"),
                    confirm=t("people.contact_save"),
                    on_confirm=save,
                ),
            )
            ctx.page.show_dialog(editing)

        return handler

    def writer_setter(person: Participant) -> Any:
        async def handler(_: Any) -> None:
            ctx.choose_writer(visit.id, person.name)
            await ctx.rebuild()

        return handler

    rows: list[ft.Control] = []
    for p in people:
        # Name and details take the row's width; the buttons go below them and wrap, so
        # that lying down (half the screen) the details are not squeezed into a narrow
        # column that breaks an e-mail address mid-word.
        rows.append(
            ft.Container(
                content=ft.Column(
                    [
                        ft.Row(
                            [
                                avatar(p.name, p.role),
                                ft.Column(
                                    [
                                        ft.Text(p.name, size=theme.TEXT),
                                        ft.Text(
                                            " · ".join(
                                                x
                                                for x in (p.organisation, t(f"people.role.{p.role}"), p.phone, p.email)
                                                if x
                                            ),
                                            size=theme.TEXT - 3,
                                        ),
                                    ],
                                    spacing=2,
                                    expand=True,
                                ),
                            ],
                            spacing=theme.GAP,
                        ),
                        ft.Row(
                            [
                                ft.Row(
                                    [
                                        ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.PRIMARY),
                                        ft.Text(t("people.writing"), size=theme.TEXT - 2, weight=ft.FontWeight.BOLD),
                                    ],
                                    tight=True,
                                    spacing=4,
                                )
                                if p.name == writing
                                else ft.OutlinedButton(
                                    content=named(t, t("people.make_writer"), p.name),
                                    height=48,
                                    on_click=writer_setter(p),
                                ),
                                ft.OutlinedButton(
                                    content=named(t, t("people.contact"), p.name),
                                    icon=ft.Icons.CONTACT_PHONE_OUTLINED,
                                    height=48,
                                    on_click=contact_editor(p),
                                ),
                                icon_button(
                                    ft.Icons.DELETE_OUTLINE,
                                    t("a11y.named", action=t("people.remove"), what=p.name),
                                    on_click=remover(p),
                                ),
                            ],
                            wrap=True,
                            spacing=8,
                            run_spacing=8,
                            vertical_alignment=ft.CrossAxisAlignment.CENTER,
                        ),
                    ],
                    spacing=8,
                ),
                padding=ft.Padding.symmetric(vertical=8),
            )
        )
    if not rows:
        rows.append(ft.Text(t("people.none"), size=theme.TEXT))

    suggestion: list[ft.Control] = []
    if prep.partner_name and all(p.name != prep.partner_name for p in people):

        async def add_partner(_: Any) -> None:
            await add(who=prep.partner_name, org=prep.partner_org, as_role="E")

        suggestion.append(
            big_button(
                t("people.add_partner", name=prep.partner_name),
                icon=ft.Icons.PERSON_ADD,
                on_click=add_partner,
                primary=False,
            )
        )

    playbook = [
        ft.Container(
            content=ft.Column(
                [
                    ft.Text(card.title, size=theme.TEXT, weight=ft.FontWeight.BOLD),
                    ft.Text(card.text, size=theme.TEXT - 1),
                ],
                spacing=6,
            ),
            bgcolor=ft.Colors.SECONDARY_CONTAINER,
            border_radius=12,
            padding=16,
        )
        for card in ctx.pack_of(visit).covisit_playbook
    ]
    return [
        message,
        two_columns(
            section(t("people.title"), *rows, *suggestion),
            section(
                t("people.add"),
                name,
                organisation,
                phone,
                email,
                role,
                guard.panel,
                big_button(t("people.add_button"), icon=ft.Icons.PERSON_ADD, on_click=add),
            ),
        ),
        section(t("people.playbook"), *playbook),
    ]
