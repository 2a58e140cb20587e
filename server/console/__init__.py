"""The job centre's console at ``/console/`` (../shared/CONSOLE.md): pages for IT and team
leaders, served by the sync server itself (``console_app``, mounted by ``server.app``)."""

from server.console.pages import console_app

__all__ = ["console_app"]
