"""Settings of the tablet app, read from the environment (one pydantic-settings class).

Every setting is documented in the README's Configuration table; a test keeps the two in
step.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """The folder a packaged app is given for its data, else ``./.data``."""
    packaged = os.environ.get("FLET_APP_STORAGE_DATA")
    return Path(packaged) if packaged else Path(".data")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FELTMAPPE_")

    data_dir: Path = Field(default_factory=default_data_dir)
    """Where the local database, photos and a custom content pack live."""

    host: str = "127.0.0.1"
    """Address the web app listens on (web mode)."""

    port: int = 8550
    """Port the web app listens on (web mode)."""

    server_url: str = ""
    """Sync server offered when pairing (``make run`` points it at the local demo server)."""

    language: str = ""
    """Start language (da or en) when none was chosen in the app; empty means Danish."""

    @property
    def database_path(self) -> Path:
        return self.data_dir / "feltmappe.db"
