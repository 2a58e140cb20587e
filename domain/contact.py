"""How the company reaches a consultant or a participant afterwards: a phone number and an
e-mail address, checked lightly (a typo is caught, no format is forced on anyone)."""

from __future__ import annotations

import re

from domain.errors import InvalidInput
from domain.text import clean_line

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
PHONE = re.compile(r"\+?[\d\s().-]+")


def clean_phone(value: str | None, *, field: str) -> str:
    """A phone number as people write it in Denmark ("72 36 00 00", "+45 72360000",
    "7236-0000"): digits with spaces, dashes, dots or brackets, 8 to 15 digits. Empty is fine."""
    value = clean_line(value, field=field)
    digits = sum(c.isdigit() for c in value)
    if value and not (PHONE.fullmatch(value) and 8 <= digits <= 15):
        raise InvalidInput(field, "contact_phone_format")
    return value


def clean_email(value: str | None, *, field: str) -> str:
    """An e-mail address: something, an @, and a domain with a dot. Empty is fine."""
    value = clean_line(value, field=field)
    if value and not EMAIL.fullmatch(value):
        raise InvalidInput(field, "email_format")
    return value
