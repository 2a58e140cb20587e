"""Files the app makes (PDFs, CSV exports): kept in the data folder, then offered with
"Åbn" and "Del" in a small dialog that names the file but never a folder. In web mode both
are a download (the browser opens a PDF from its download list); on a tablet "Del" is the
system's share/save sheet; in a desktop window "Åbn" opens the file in its usual program
and "Del" is a save dialog. Works offline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import flet as ft
from slugify import slugify

from views import theme
from views.context import AppContext
from views.widgets import banner, close_dialog, dialog

DANISH_LETTERS = [["Æ", "Ae"], ["Ø", "Oe"], ["Å", "Aa"], ["æ", "ae"], ["ø", "oe"], ["å", "aa"]]
"""Spelt out the Danish way (Ærø -> aeroe), not stripped to the base letter (aro)."""
APOSTROPHES = [["'", ""], ["’", ""]]
"""Søren's -> soerens, not soeren-s."""


def slug(text: str, *, fallback: str = "fil") -> str:
    """A file-name part from any text: lower-case ASCII words joined by hyphens, Danish
    letters spelt out, at most 50 characters cut at a word; ``fallback`` when nothing is left."""
    made = slugify(text, replacements=DANISH_LETTERS + APOSTROPHES, max_length=50, word_boundary=True)
    return made or fallback


def keep(ctx: AppContext, folder: str, name: str, data: bytes) -> Path:
    """Write the file under the data folder (``reports/`` or ``exports/``) and return its path."""
    where = ctx.settings.data_dir / folder
    where.mkdir(parents=True, exist_ok=True)
    path = where / name
    path.write_bytes(data)
    return path


async def share(name: str, data: bytes) -> None:
    """The system's way to hand a file on: a download in the browser, the share/save sheet
    on a tablet, a save dialog on a desktop."""
    await ft.FilePicker().save_file(file_name=name, src_bytes=data)


async def open_file(ctx: AppContext, path: Path, data: bytes) -> None:
    """Open the file in its usual program. A browser or a tablet app cannot reach the
    tablet's files by path, so there it is handed over like :func:`share`."""
    page = ctx.page
    if page.web or page.platform is None or page.platform.is_mobile():
        await share(path.name, data)
    else:
        await ft.UrlLauncher().launch_url(path.resolve().as_uri())


async def offer(ctx: AppContext, *, folder: str, name: str, data: bytes, note: str = "") -> Path:
    """Keep the file, then say so ("PDF'en er gemt") with "Åbn" and "Del"; ``note``, when
    given, is said under it (what the file leaves out)."""
    t = ctx.t
    path = keep(ctx, folder, name, data)
    kind = "pdf" if name.lower().endswith(".pdf") else "csv"

    async def opened(_: Any) -> None:
        close_dialog(ctx.page)
        await open_file(ctx, path, data)

    async def shared(_: Any) -> None:
        close_dialog(ctx.page)
        await share(name, data)

    style = theme.button_style()
    ctx.page.show_dialog(
        dialog(
            title=t(f"files.saved_{kind}"),
            content=ft.Column(
                [
                    ft.Text(name, size=theme.TEXT - 2),
                    ft.Text(t(f"files.saved_{kind}_help"), size=theme.TEXT - 2),
                    *([banner(note, error=False)] if note else []),
                ],
                tight=True,
                spacing=8,
            ),
            actions=[
                ft.TextButton(
                    content=t("files.close"), height=theme.TOUCH, style=style, on_click=lambda _: close_dialog(ctx.page)
                ),
                ft.OutlinedButton(
                    content=t("files.share"), icon=ft.Icons.SHARE, height=theme.TOUCH, style=style, on_click=shared
                ),
                ft.FilledButton(
                    content=t("files.open"), icon=ft.Icons.OPEN_IN_NEW, height=theme.TOUCH, style=style, on_click=opened
                ),
            ],
        )
    )
    return path


def file_button(
    ctx: AppContext,
    label: str,
    *,
    icon: ft.IconData,
    folder: str,
    name: Callable[[], str],
    make: Callable[[], bytes],
    note: Callable[[], str] = lambda: "",
) -> ft.Control:
    """A button that makes the file when tapped (never before) and offers it, with what
    ``note`` says at that moment (see :func:`offer`)."""

    async def tapped(_: Any) -> None:
        await offer(ctx, folder=folder, name=name(), data=make(), note=note())

    return ft.FilledTonalButton(
        content=label, icon=icon, height=theme.TOUCH, style=theme.button_style(), on_click=tapped
    )


def csv_button(ctx: AppContext, label: str, *, stem: str, make: Callable[[], bytes]) -> ft.Control:
    """'Export CSV': a file for a Danish Excel, named with today's date."""
    return file_button(
        ctx,
        label,
        icon=ft.Icons.TABLE_VIEW,
        folder="exports",
        name=lambda: f"{slug(stem)}-{date.today().isoformat()}.csv",
        make=make,
    )
