"""Server settings (pydantic-settings). ``--database`` on the command line wins over
``DATABASE_URL``, which wins over the SQLite file under ``./server-data/``."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE = "sqlite:///./server-data/feltmappe-server.db"


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FELTMAPPE_SERVER_")

    database_url: str = Field(default=DEFAULT_DATABASE, validation_alias="DATABASE_URL")
    """SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db."""

    max_body_bytes: int = 8 * 1024 * 1024
    """Largest request body accepted (a push of 1,000 changes, or one photo)."""

    login_attempts: int = 10
    """Sign-in attempts allowed per username and address within ``login_window_s`` (five
    times as many per address; three times as many per username within a minute)."""

    login_window_s: int = 300

    token_idle_days: int = 90
    """A device token unused this many days ends (the tablet offers to log in again,
    keeping what waits); 0 keeps tokens until revoked."""


def settings_for(database: str | None) -> ServerSettings:
    """Settings with ``--database`` taking precedence when given."""
    settings = ServerSettings()
    return settings.model_copy(update={"database_url": database}) if database else settings
