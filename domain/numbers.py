"""Numbers typed into a field on the tablet (hours, CVs wanted, a CVR or phone number):
written with the digits 0-9.

Python reads many more digits as numbers: Arabic-Indic "١٢", full-width "１２" (from a
Chinese or Japanese keyboard), superscripts. Such a number looks right on screen but is
not what a phone, the CVR register or the job centre's systems read, so a number field
refuses it with ``ascii_digits`` ("Skriv tallet med cifrene 0-9") instead of converting it
unseen. Invisible format characters pasted with a number (a zero-width space from a web
page, a bidi mark) are dropped without a word: the number on screen is the number kept.
A no-break space is a space.
"""

from __future__ import annotations

from domain.errors import InvalidInput
from domain.text import control_characters


def foreign_digits(value: str) -> list[str]:
    """The digits in ``value`` other than 0-9 ("١", "１", "²"), in order."""
    return [ch for ch in value if ch.isdigit() and not ("0" <= ch <= "9")]


def require_ascii_digits(value: str, *, field: str) -> None:
    """Raise :class:`InvalidInput` (``ascii_digits``) for ``field`` when ``value`` has a
    digit other than 0-9."""
    if foreign_digits(value):
        raise InvalidInput(field, "ascii_digits")


def without_invisible(value: str) -> str:
    """``value`` without its invisible characters (zero-width space, BOM, bidi controls,
    other format and control characters; see :func:`domain.text.control_characters`)."""
    invisible = set(control_characters(value)) | {"\n", "\t"}
    return "".join(ch for ch in value if ch not in invisible) if invisible else value


def parse_whole_number(value: str | int | None, *, field: str, limit: int) -> int:
    """A count typed into ``field`` ("3", " 12 "): 0 when empty. Raises
    :class:`InvalidInput` with ``ascii_digits`` (a digit other than 0-9), ``whole_number``
    (anything else but the digits 0-9) or ``number_range`` (over ``limit``, given as
    ``limit``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = without_invisible(str(value or "")).strip()
        require_ascii_digits(text, field=field)
        if text and not (text.isascii() and text.isdigit()):
            raise InvalidInput(field, "whole_number")
        number = int(text or 0)
    if not 0 <= number <= limit:
        raise InvalidInput(field, "number_range", limit=limit)
    return number
