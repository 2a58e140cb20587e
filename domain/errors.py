"""Errors the domain raises when input breaks a rule.

``InvalidInput`` carries a machine ``code`` (``name_required``, ``cvr_check_digit``, ...)
and the ``field`` it concerns; the views turn the code into a sentence in the user's
language from the translation files, so no user-facing text lives here.
"""

from __future__ import annotations

from typing import Any


class InvalidInput(ValueError):
    """One field's value breaks a rule; nothing was saved."""

    def __init__(self, field: str, code: str, **params: Any) -> None:
        super().__init__(f"{field}: {code} {params}" if params else f"{field}: {code}")
        self.field = field
        self.code = code
        self.params = params
