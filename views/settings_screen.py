"""Settings: who the consultant is, the link with the server, the language, and where the
data and the content pack come from. While the server refuses the tablet's login, the link
with its login form comes first (the sync sheet's "Log ind igen" leads here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from domain.contact import clean_email, clean_phone
from domain.text import clean_line
from sync import outbox
from views import theme
from views.autosave import autosave
from views.context import AppContext
from views.pairing import login_refused, pairing_section, password_section
from views.sync_ui import sync_badge
from views.widgets import banner, radio, section, text_field


def settings_view(ctx: AppContext) -> ft.View:
    t = ctx.t

    async def choose(e: Any) -> None:
        ctx.set_language(e.control.value)
        await ctx.rebuild()

    language = ft.RadioGroup(
        value=ctx.language,
        on_change=choose,
        content=ft.Column(
            [radio("da", "Dansk"), radio("en", "English")],
            spacing=0,
        ),
    )
    me_name = text_field(t("settings.me_name"), value=ctx.store.get_state("me_name"))
    me_org = text_field(t("settings.me_org"), value=ctx.store.get_state("me_org"))
    autosave(
        ctx,
        me_name,
        lambda v: ctx.store.set_state("me_name", clean_line(v, field="me_name")),
        draft="settings:me_name",
    )
    autosave(
        ctx,
        me_org,
        lambda v: ctx.store.set_state("me_org", clean_line(v, field="me_org")),
        draft="settings:me_org",
    )
    me_fields: list[ft.Control] = [me_name, me_org]

    def saver(key: str, clean: Callable[..., str]) -> Callable[[str], None]:
        return lambda v: ctx.store.set_state(key, clean(v, field=key))

    # Phone and e-mail go on the visits this consultant starts, and so under "Kontakt os"
    # in the reports; title and municipality fill in the phone script.
    for key, clean, keyboard in (
        ("me_title", clean_line, ft.KeyboardType.TEXT),
        ("me_municipality", clean_line, ft.KeyboardType.TEXT),
        ("me_phone", clean_phone, ft.KeyboardType.PHONE),
        ("me_email", clean_email, ft.KeyboardType.EMAIL),
    ):
        field = text_field(t(f"settings.{key}"), value=ctx.store.get_state(key), keyboard_type=keyboard)
        autosave(ctx, field, saver(key, clean), draft=f"settings:{key}")
        me_fields.append(field)
    loaded, current = ctx.loaded, ctx.pack  # current: what a visit prepared now uses
    about: list[ft.Control] = [
        ft.Text(t("settings.waiting", count=outbox.waiting(ctx.store)), size=theme.TEXT),
        ft.Text(t("settings.pack", title=current.title, version=current.version), size=theme.TEXT),
        # Where it comes from: the team's version from the server, or the file read at start.
        ft.Text(
            t("settings.pack_team")
            if current.version != loaded.pack.version
            else t("settings.pack_source", path=str(loaded.source)),
            size=theme.TEXT - 2,
        ),
        # Plain text, not selectable: Flutter makes selectable text an unnamed text box.
        ft.Text(t("settings.data_dir", path=str(ctx.settings.data_dir.resolve())), size=theme.TEXT - 2),
    ]
    if loaded.error is not None:
        about.insert(0, banner(t("content.broken", error=str(loaded.error))))
    me = section(
        t("settings.me"),
        ft.Text(t("settings.me_help"), size=theme.TEXT - 2),
        *me_fields,
        ft.Text(t("settings.me_contact_help"), size=theme.TEXT - 2),
    )
    link = pairing_section(ctx)
    refused = ctx.runner is not None and login_refused(ctx.runner.status)
    return ft.View(
        route="/settings",
        appbar=ft.AppBar(title=ft.Text(t("settings.title")), actions=[sync_badge(ctx), ft.Container(width=8)]),
        padding=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            *([link, me] if refused else [me, link]),
            *([own] if (own := password_section(ctx)) is not None and not refused else []),
            section(t("settings.language"), language),
            section(t("settings.about"), *about),
        ],
    )
