"""Files the app makes (PDFs, CSV exports): kept in the data folder and offered to open or
share. In web mode the offer is a download; on a tablet the system's save/share sheet; on
a desktop a save dialog. Works offline."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import flet as ft

from views import theme
from views.context import AppContext


def slug(text: str, *, fallback: str = "fil") -> str:
    """A file-name part from any text: lower-case ASCII, Danish letters spelt out."""
    plain = unicodedata.normalize("NFKD", text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))
    return re.sub(r"[^a-z0-9]+", "-", plain.encode("ascii", "ignore").decode().lower()).strip("-")[:50] or fallback


def keep(ctx: AppContext, folder: str, name: str, data: bytes) -> Path:
    """Write the file under the data folder (``reports/`` or ``exports/``) and return its path."""
    where = ctx.settings.data_dir / folder
    where.mkdir(parents=True, exist_ok=True)
    path = where / name
    path.write_bytes(data)
    return path


async def offer(ctx: AppContext, *, folder: str, name: str, data: bytes, saved: str = "files.saved") -> Path:
    """Keep the file, offer it to the user, and say where it is (``saved``: a text key)."""
    path = keep(ctx, folder, name, data)
    await ft.FilePicker().save_file(file_name=name, src_bytes=data)
    ctx.notify(ctx.t(saved, path=str(path)))
    ctx.page.update()
    return path


def file_button(
    ctx: AppContext,
    label: str,
    *,
    icon: ft.IconData,
    folder: str,
    name: Callable[[], str],
    make: Callable[[], bytes],
    saved: str = "files.saved",
) -> ft.Control:
    """A button that makes the file when tapped (never before) and offers it."""

    async def tapped(_: Any) -> None:
        await offer(ctx, folder=folder, name=name(), data=make(), saved=saved)

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
        name=lambda: f"{stem}-{date.today().isoformat()}.csv",
        make=make,
    )
