"""How the company reaches a consultant or a participant afterwards: a phone number and an
e-mail address, checked lightly (a typo is caught, no format is forced on anyone)."""

from __future__ import annotations

import re

from domain.errors import InvalidInput
from domain.numbers import require_ascii_digits, without_invisible
from domain.text import clean_line

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
PHONE = re.compile(r"\+?[0-9\s().-]+")


def clean_phone(value: str | None, *, field: str) -> str:
    """A phone number as people write it in Denmark ("72 36 00 00", "+45 72360000",
    "7236-0000"): digits 0-9 with spaces (no-break ones too), dashes, dots or brackets, 8 to
    15 digits. Empty is fine. An invisible character pasted inside is dropped; another digit
    than 0-9 ("٧٢") is refused as ``ascii_digits``, anything else as ``contact_phone_format``."""
    value = clean_line(without_invisible(value or ""), field=field)
    require_ascii_digits(value, field=field)
    digits = sum("0" <= c <= "9" for c in value)
    if value and not (PHONE.fullmatch(value) and 8 <= digits <= 15):
        raise InvalidInput(field, "contact_phone_format")
    return value


def clean_email(value: str | None, *, field: str) -> str:
    """An e-mail address: something, an @, and a domain with a dot. Empty is fine."""
    value = clean_line(value, field=field)
    if value and not EMAIL.fullmatch(value):
        raise InvalidInput(field, "email_format")
    return value
