"""Rules for free text typed or pasted on the tablet.

Text is kept as typed, with two exceptions that protect everything downstream (the
database, the PDF reports, the sync payloads): Windows line ends become ``\n``, and
control characters other than tab and newline are refused, since they come from pasted
terminal output or broken documents and are invisible on screen.
"""

from __future__ import annotations

import unicodedata

from domain.errors import InvalidInput

MAX_TEXT = 20_000
MAX_LINE = 300
_ALLOWED_CONTROLS = {"\n", "\t"}


def control_characters(value: str) -> list[str]:
    """The control characters in ``value`` that a text field must not keep."""
    return [ch for ch in value if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS]


def without_control_characters(value: str) -> str:
    """``value`` with line ends normalised and forbidden control characters removed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in _ALLOWED_CONTROLS or unicodedata.category(ch) != "Cc")


def clean_line(value: str | None, *, field: str) -> str:
    """A short one-line text (a name, a title, an area): trimmed, at most MAX_LINE long."""
    return clean_text(value, field=field, max_length=MAX_LINE, multiline=False)


def clean_text(value: str | None, *, field: str, max_length: int = MAX_TEXT, multiline: bool = True) -> str:
    """Validate free text; raise :class:`InvalidInput` instead of saving a part of it."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        value = value.strip()
        if "\n" in value:
            raise InvalidInput(field, "single_line")
    if control_characters(value):
        raise InvalidInput(field, "control_chars")
    if len(value) > max_length:
        raise InvalidInput(field, "text_too_long", length=len(value), limit=max_length)
    return value
