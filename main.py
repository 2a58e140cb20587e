"""Feltmappe: the one wiring point. Settings -> local database -> content pack -> views.

A database the app cannot open or upgrade starts the recovery screen instead
(:mod:`views.recovery`): the file is left untouched, and nothing else starts (no sync).

``python main.py`` serves the app in web mode (no CDN, works offline) at
http://127.0.0.1:8550; ``flet run main.py`` opens it as a desktop window.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import flet as ft

from settings import Settings
from storage.content import LANGUAGES, LoadedPack, load_pack
from storage.db import Store, UnusableDatabase
from storage.photos import PhotoStore
from sync.client import SyncClient
from sync.runner import SyncRunner
from views.app import start
from views.recovery import start_recovery

ASSETS = Path(__file__).resolve().parent / "assets"


def make_main(settings: Settings) -> tuple[Callable[[ft.Page], None], Store | None]:
    """The page function to serve, and the store it works on (None: the recovery screen)."""
    try:
        store = Store(settings.database_path)
    except UnusableDatabase as error:
        logging.getLogger("feltmappe").error("the database cannot be used, showing the recovery screen: %s", error)
        problem = error  # the name after "as" is gone once the block ends

        def recovery(page: ft.Page) -> None:
            start_recovery(page, problem=problem, settings=settings)

        return recovery, None
    packs: dict[str, LoadedPack] = {
        lang: load_pack(lang, override_dir=settings.data_dir / "content") for lang in LANGUAGES
    }
    client = SyncClient(store, PhotoStore(settings.data_dir / "photos"), language=settings.language or "da")
    runner = SyncRunner(store, client).start()
    store.change_listeners.append(runner.saved)

    def main(page: ft.Page) -> None:
        start(page, store=store, settings=settings, packs=packs, runner=runner)

    return main, store


def run() -> None:
    settings = Settings()
    main, _store = make_main(settings)
    # `flet run` and packaged apps start their own client and tell us so through the
    # environment; a plain `python main.py` serves the web app.
    web = "FLET_DISPLAY_URL_PREFIX" not in os.environ and "FLET_APP_STORAGE_DATA" not in os.environ
    if web:
        print(f"Feltmappe: http://{settings.host}:{settings.port}  (data: {settings.data_dir.resolve()})", flush=True)
    ft.run(
        main,
        host=settings.host,
        port=settings.port,
        view=ft.AppView.WEB_BROWSER if web else ft.AppView.FLET_APP,
        assets_dir=str(ASSETS),
        no_cdn=True,
    )


if __name__ == "__main__":
    run()
