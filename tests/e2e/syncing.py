"""Helpers for browser tests with several app instances on one real server."""

from __future__ import annotations

import re
from pathlib import Path

from storage.db import Store
from storage.photos import PhotoStore
from sync.client import SyncClient, pair
from tests.e2e.conftest import Ui, eventually
from tests.server_harness import PASSWORD, Server

SETTLED = re.compile(r"^Synkroniseret \d\d:\d\d$")  # synced, nothing waiting, no conflicts


def synced_store(data: Path, server: Server, user: str) -> None:
    """Pair the data folder with the server as ``user`` and sync once, before the app starts."""
    store = Store(data / "feltmappe.db")
    try:
        pair(store, server_url=server.url, username=user, password=PASSWORD, device_name=user)
        SyncClient(store, PhotoStore(data / "photos")).sync()
    finally:
        store.close()


def pushed(ui: Ui) -> None:
    """Wait until the badge says synced with nothing left waiting: the server has it all."""
    badge = ui.page.get_by_role("button", name=SETTLED)
    eventually(lambda: badge.count() > 0)


def sync_now(ui: Ui) -> None:
    """Tap the badge and "Synkronisér nu" in its sheet, then close the sheet, if the badge
    says synced; otherwise a sync is already under way."""
    badge = ui.page.get_by_role("button", name=re.compile(r"^Synkroniseret"))
    if badge.count() > 0:
        ui.press(badge.first)
        ui.tap("Synkronisér nu")
        ui.tap("Luk")
