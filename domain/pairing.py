"""The pairing and login form, checked before anything is sent: the server's address, the
username, the password and the tablet's name, each with its own problem, so the consultant
reads which field to mend in their own language instead of the server's refusal.

The limits are the server's (``server.app.LoginRequest``): a value it would refuse with a
422 is refused here first.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from domain.errors import InvalidInput

MAX_USERNAME = 100
MAX_PASSWORD = 1000
MAX_DEVICE_NAME = 200


def login_problems(
    *, server_url: str, username: str, password: str, device_name: str | None = None
) -> list[InvalidInput]:
    """Every problem of the form at once, in the form's order, as
    :class:`~domain.errors.InvalidInput` (``field`` is the argument's name; ``code`` one of
    ``server_url_required``, ``server_url_scheme``, ``username_required``,
    ``password_required``, ``device_name_required``, ``login_too_long`` with ``limit``). An empty
    list: send it. ``device_name`` None: the form has no such field (logging in again).
    Whether plain http is allowed (localhost only) is the sync client's to say."""
    found: list[InvalidInput] = []
    url = server_url.strip()
    if not url:
        found.append(InvalidInput("server_url", "server_url_required"))
    else:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            found.append(InvalidInput("server_url", "server_url_scheme"))
    for field, value, limit in (
        ("username", username, MAX_USERNAME),
        ("password", password, MAX_PASSWORD),
        ("device_name", device_name, MAX_DEVICE_NAME),
    ):
        if value is None:
            continue
        if not value.strip():
            found.append(InvalidInput(field, f"{field}_required"))
        elif len(value) > limit:
            found.append(InvalidInput(field, "login_too_long", limit=limit))
    return found
