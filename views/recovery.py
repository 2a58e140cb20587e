"""The recovery screen: shown instead of the app when its database cannot be opened or
upgraded (:class:`storage.db.UnusableDatabase`): damaged, made by a newer version of the
app, or an upgrade that failed and was rolled back.

It says what happened in plain words, that the file is kept untouched and where it is, and
offers the ways to hand it to IT: "Del filen" (a download in the browser, the share sheet
on a tablet, like the app's other files) and a text for an e-mail to copy. The app has no
store here and never writes to the file; the language is the one in the settings (Danish
unless told otherwise), and a button switches to the other.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

import flet as ft

from settings import Settings
from storage import backup
from storage.db import UnusableDatabase, schema_revisions
from views import theme
from views.files import share
from views.i18n import Translator
from views.widgets import banner, big_button, section

LANGUAGES = ("da", "en")


def app_version() -> str:
    """``0.1.0 (skema 0008)``: the installed package's version and its newest schema."""
    try:
        version = metadata.version("feltmappe")
    except metadata.PackageNotFoundError:
        version = "?"
    return f"{version} (schema {schema_revisions()[0]})"


def size_text(t: Translator, size: int) -> str:
    """Bytes in the unit a person reads: ``512 B``, ``48 kB``, ``3,2 MB`` (Danish decimal comma)."""
    if size < 1024:
        text = f"{size} B"
    elif size < 1024 * 1024:
        text = f"{size / 1024:.0f} kB"
    else:
        text = f"{size / 1024 / 1024:.1f} MB"
    return text.replace(".", ",") if t.language == "da" else text


def mail_text(t: Translator, problem: UnusableDatabase, *, name: str) -> str:
    """The e-mail to IT: what happened, the file and its version, the app's version, and
    SQLite's or the upgrade's own words."""
    return t(
        "recovery.mail_text",
        problem=t(f"recovery.kind.{problem.kind}"),
        path=str(problem.path.resolve()),
        revision=problem.revision or t("recovery.revision_unknown"),
        app=app_version(),
        detail=problem.detail,
        name=name,
    )


def recovery_view(page: ft.Page, problem: UnusableDatabase, t: Translator, *, switch: Any) -> ft.View:
    """The screen itself; ``switch`` is called to show it in the other language."""
    path = problem.path.resolve()
    name = backup.for_it_name(path)
    message = ft.Container()

    async def share_file(_: Any) -> None:
        try:
            file_name, data = backup.for_it(path)
        except OSError as error:
            message.content = banner(t("recovery.share_failed", detail=str(error)))
            page.update()
            return
        await share(file_name, data)

    text = mail_text(t, problem, name=name)

    async def copy_text(_: Any) -> None:
        await ft.Clipboard().set(text)
        message.content = banner(t("recovery.copied"), error=False)
        page.update()

    size = path.stat().st_size if path.exists() else 0
    file_lines: list[ft.Control] = [
        ft.Text(t("recovery.where"), size=theme.TEXT),
        ft.Text(str(path), size=theme.TEXT, weight=ft.FontWeight.W_600),
        ft.Text(t("recovery.size", size=size_text(t, size)), size=theme.TEXT - 2),
    ]
    copies = backup.copies(problem.path)
    if copies:
        file_lines += [
            ft.Text(t("recovery.copy_before"), size=theme.TEXT - 2),
            ft.Text(str(copies[0].resolve()), size=theme.TEXT - 2),
        ]
    file_lines += [
        ft.Text(t("recovery.share_help"), size=theme.TEXT - 2, color=ft.Colors.ON_SURFACE_VARIANT),
        ft.Row(
            [
                big_button(t("recovery.share"), icon=ft.Icons.IOS_SHARE, on_click=share_file),
                big_button(t("recovery.copy"), icon=ft.Icons.CONTENT_COPY, on_click=copy_text, primary=False),
            ],
            wrap=True,
            spacing=12,
            run_spacing=8,
        ),
        message,
    ]
    mail = ft.Container(
        ft.Text(text, size=theme.TEXT - 2),
        bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
        border_radius=8,
        padding=theme.GAP,
    )
    return ft.View(
        route="/",
        appbar=ft.AppBar(
            title=ft.Text(t("recovery.title")),
            actions=[
                ft.TextButton(
                    content=t("recovery.other_language"),
                    height=theme.TOUCH,
                    style=theme.button_style(),
                    on_click=switch,
                ),
                ft.Container(width=8),
            ],
        ),
        scroll=ft.ScrollMode.AUTO,
        padding=theme.GAP,
        controls=[
            ft.Container(
                ft.Column(
                    [
                        banner(f"{t(f'recovery.kind.{problem.kind}')} {t('recovery.kept')}"),
                        section(t("recovery.file"), *file_lines),
                        section(t("recovery.mail"), ft.Text(t("recovery.mail_help"), size=theme.TEXT - 2), mail),
                    ],
                    spacing=theme.GAP,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                ),
                width=900,
            )
        ],
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
    )


def start_recovery(page: ft.Page, *, problem: UnusableDatabase, settings: Settings) -> None:
    """Set up the page with the recovery screen (in place of :func:`views.app.start`)."""
    page.title = "Feltmappe"
    page.fonts = theme.FONTS
    page.theme = theme.theme()
    page.theme_mode = ft.ThemeMode.LIGHT
    chosen = {"language": settings.language if settings.language in LANGUAGES else "da"}

    def show() -> None:
        t = Translator(chosen["language"])
        page.views.clear()
        page.views.append(recovery_view(page, problem, t, switch=switch))
        page.update()

    def switch(_: Any) -> None:
        chosen["language"] = "en" if chosen["language"] == "da" else "da"
        show()

    page.on_connect = lambda _e: show()
    show()
