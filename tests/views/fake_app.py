"""A page and an app context for unit tests of screens: what the screens use of Flet's
page (redraws, tasks, routes, dialogs) without a browser, and the content packs loaded
once per test run."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from settings import Settings
from storage.content import LoadedPack, load_pack
from storage.db import Store
from views.context import AppContext


class FakePage:
    """What the screens use of the page: redraws (nothing to draw), tasks (a focus, a
    scroll: none here), the route and the dialogs on show (``dialogs``, last on top)."""

    width = 800  # an upright tablet, for screens that lay themselves out by it

    def __init__(self) -> None:
        self.dialogs: list[Any] = []
        self.route = "/"

    def update(self, *_: Any) -> None:
        pass

    def run_task(self, handler: Any, *args: Any) -> None:
        pass

    async def push_route(self, route: str) -> None:
        self.route = route

    def show_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog)

    def pop_dialog(self) -> None:
        if self.dialogs:
            self.dialogs.pop()


@functools.cache
def packs() -> dict[str, LoadedPack]:
    """The built-in content packs, Danish and English, loaded once."""
    return {"da": load_pack("da"), "en": load_pack("en")}


def app_context(store: Store, data_dir: Path) -> AppContext:
    """The app as started on ``store`` with its data folder ``data_dir`` (a new context is
    a restart), on a :class:`FakePage`."""
    return AppContext(page=FakePage(), store=store, settings=Settings(data_dir=data_dir), packs=packs())  # type: ignore[arg-type]
