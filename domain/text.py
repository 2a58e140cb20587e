"""Rules for free text typed or pasted on the tablet.

Text is kept as typed, with the exceptions that protect everything downstream (the
database, the search, the PDF reports, the sync payloads):

- it is kept in Unicode's composed form (NFC): "Å" pasted as "A" plus a combining ring
  (U+030A) is stored, searched and printed as the one letter "Å" (:func:`nfc`, applied to
  every value the one write path stores, ``storage.db.Store.save_in``);
- Windows line ends become ``\\n``;
- invisible characters are refused (the screens remove them and say so): control
  characters other than tab and newline, format characters (zero-width space, byte order
  mark, bidi controls, LRM/RLM, soft hyphen ...) and the line and paragraph separators
  U+2028/U+2029. They come from pasted terminal output, web pages and broken documents and
  cannot be seen on screen. A zero-width joiner inside an emoji sequence ("👩‍💻") and the
  tags of a flag emoji are part of the emoji and stay. A no-break space (U+00A0, U+202F) is
  a space: kept in text, trimmed at the ends of a line, and a plain space to the search.
"""

from __future__ import annotations

import unicodedata
from typing import TypeVar

from domain.errors import InvalidInput

MAX_TEXT = 20_000
MAX_LINE = 300
_ALLOWED_CONTROLS = {"\n", "\t"}
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
ZWJ = "\u200d"
_EMOJI_MODIFIERS = frozenset("\ufe0e\ufe0f") | frozenset(map(chr, range(0x1F3FB, 0x1F400)))
"""Variation selectors and skin tones, which sit between an emoji and a joiner."""
_BLACK_FLAG = "\U0001f3f4"
_TAGS = range(0xE0020, 0xE0080)
"""Tag characters: 🏴 followed by tags spells a subdivision flag (England, Scotland, Wales)."""

T = TypeVar("T")


def nfc(value: T) -> T:
    """``value`` in Unicode's composed form (NFC): a string, or every string (keys
    included) in a list, tuple or dict, at any depth; anything else is returned as is.
    Composed and decomposed spellings of a letter ("Å" and "A" + U+030A) look the same but
    compare, search and print differently, so everything stored is composed."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [nfc(item) for item in value]  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(nfc(item) for item in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {nfc(key): nfc(item) for key, item in value.items()}  # type: ignore[return-value]
    return value


def fold(value: str) -> str:
    """``value`` as searches compare it: composed (NFC), case-folded ("Århus" and "ÅRHUS"
    give "århus"), without invisible characters, every kind of space a plain one. Both the
    search term and the stored name it is compared with are folded this way."""
    text = without_control_characters(nfc(value))
    text = "".join(" " if unicodedata.category(ch) == "Zs" else ch for ch in text)
    return unicodedata.normalize("NFC", text.casefold())


def _is_emoji(ch: str) -> bool:
    # Emoji are "other symbols" (So); one newer than this Python's Unicode tables is still
    # unassigned (Cn) to it, in the emoji blocks.
    category = unicodedata.category(ch)
    return category == "So" or (category == "Cn" and 0x1F000 <= ord(ch) <= 0x1FAFF)


def _part_of_emoji(value: str, i: int) -> bool:
    """Whether the format character at ``value[i]`` belongs to an emoji sequence: a joiner
    between two emoji (after the first one's selector or skin tone), or a tag after 🏴."""
    ch = value[i]
    if ch == ZWJ:
        before = i - 1
        while before >= 0 and value[before] in _EMOJI_MODIFIERS:
            before -= 1
        return before >= 0 and i + 1 < len(value) and _is_emoji(value[before]) and _is_emoji(value[i + 1])
    if ord(ch) in _TAGS:
        start = i
        while start > 0 and ord(value[start - 1]) in _TAGS:
            start -= 1
        return start > 0 and value[start - 1] == _BLACK_FLAG
    return False


def control_characters(value: str) -> list[str]:
    """The invisible characters in ``value`` that a text field must not keep, in order:
    control characters other than tab and newline, format characters (zero-width space,
    BOM, bidi controls, LRM/RLM ...) except those inside an emoji sequence, and the line and
    paragraph separators."""
    return [
        ch
        for i, ch in enumerate(value)
        if unicodedata.category(ch) in _INVISIBLE_CATEGORIES
        and ch not in _ALLOWED_CONTROLS
        and not _part_of_emoji(value, i)
    ]


def without_control_characters(value: str) -> str:
    """``value`` with line ends normalised and the characters :func:`control_characters`
    lists removed; what the screens save after telling the consultant they were taken out."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch
        for i, ch in enumerate(value)
        if ch in _ALLOWED_CONTROLS or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES or _part_of_emoji(value, i)
    )


def clean_line(value: str | None, *, field: str) -> str:
    """A short one-line text (a name, a title, an area): trimmed, at most MAX_LINE long."""
    return clean_text(value, field=field, max_length=MAX_LINE, multiline=False)


def clean_text(value: str | None, *, field: str, max_length: int = MAX_TEXT, multiline: bool = True) -> str:
    """Validate free text and return it composed (NFC), line ends normalised, a one-line
    text trimmed (no-break spaces too); raise :class:`InvalidInput` instead of saving a part
    of it: ``single_line``, ``control_chars`` (see :func:`control_characters`; the screens
    remove them with :func:`without_control_characters` and say so) or ``text_too_long``."""
    value = nfc(value or "").replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        value = value.strip()
        if "\n" in value:
            raise InvalidInput(field, "single_line")
    if control_characters(value):
        raise InvalidInput(field, "control_chars")
    if len(value) > max_length:
        raise InvalidInput(field, "text_too_long", length=len(value), limit=max_length)
    return value
