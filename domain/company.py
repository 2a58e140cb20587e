"""A company the consultants visit, and the rules its record must follow."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from domain.errors import InvalidInput
from domain.numbers import require_ascii_digits, without_invisible
from domain.text import clean_line, clean_text

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
NUMBERS = ("cvr", "contact_phone")
"""Fields that hold a number: written with the digits 0-9 (``ascii_digits`` otherwise)."""


CVR = re.compile(r"[1-9][0-9]{7}")
"""Eight digits 0-9, never starting with 0."""


def cvr_is_valid(cvr: str) -> bool:
    """True for an 8-digit Danish CVR number (digits 0-9) whose modulus-11 check holds."""
    if not CVR.fullmatch(cvr):
        return False
    return sum(int(d) * w for d, w in zip(cvr, CVR_WEIGHTS, strict=True)) % 11 == 0


def normalise_cvr(value: str) -> str:
    """Accept the ways a CVR number is written ("DK 12 34 56 78", "12.34.56.78", pasted
    with no-break spaces or a zero-width space between the digits) and keep the digits."""
    value = without_invisible(value).strip()
    if value.upper().startswith("DK"):
        value = value[2:]
    return re.sub(r"[\s.-]", "", value)  # \s: every kind of space, no-break ones too


@dataclass(frozen=True, kw_only=True)
class CompanyDraft:
    """What the company form holds; :meth:`validated` returns the cleaned record."""

    name: str
    cvr: str = ""
    address: str = ""
    industry: str = ""
    website: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    earlier_cooperation: str = ""

    def validated(self) -> dict[str, str]:
        """All fields cleaned; raises :class:`InvalidInput` for the first bad one."""
        found = self.problems()
        if found:
            raise found[0]
        return {f.name: self._cleaned(f.name) for f in fields(self)}

    def problems(self) -> list[InvalidInput]:
        """Every field that breaks a rule, one problem each, in the form's order: the form
        shows them all at once rather than one per tap on "save"."""
        return [found for f in fields(self) if (found := self.problem(f.name)) is not None]

    def problem(self, name: str) -> InvalidInput | None:
        """What is wrong with one field, or ``None``: the form clears a field's message
        as soon as this says it is right."""
        try:
            self._cleaned(name)
        except InvalidInput as error:
            return error
        return None

    def _cleaned(self, name: str) -> str:
        raw = getattr(self, name)
        if name in NUMBERS:
            raw = without_invisible(raw)  # a zero-width space pasted inside a number is nothing
        value = clean_text(raw, field=name) if name == "earlier_cooperation" else clean_line(raw, field=name)
        if name == "name" and not value:
            raise InvalidInput("name", "name_required")
        if not value:
            return value
        if name in NUMBERS:
            require_ascii_digits(value, field=name)
        if name == "cvr":
            cvr = normalise_cvr(value)
            if not CVR.fullmatch(cvr):  # CVR numbers never start with 0
                raise InvalidInput("cvr", "cvr_format")
            if not cvr_is_valid(cvr):
                raise InvalidInput("cvr", "cvr_check_digit")
            return cvr
        if name == "contact_email" and not EMAIL.fullmatch(value):
            raise InvalidInput("contact_email", "email_format")
        if name == "website" and not WEBSITE.fullmatch(value):
            raise InvalidInput("website", "website_format")
        if name == "contact_phone" and not phone_is_valid(value):
            raise InvalidInput("contact_phone", "phone_format")
        return value


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
WEBSITE = re.compile(r"(https?://)?([\w-]+\.)+[^\W\d_]{2,}(:\d{1,5})?([/?#]\S*)?", re.IGNORECASE)
"""A web address as people write it: "firma.dk", "www.firma.dk/om-os", "https://firma.dk"."""


def phone_is_valid(value: str) -> bool:
    """A phone number as written in Denmark ("97 12 34 56", "+45 97123456", "9712-3456"):
    phone characters only (digits 0-9, spaces of any kind), and 8 to 15 digits."""
    digits = sum("0" <= c <= "9" for c in value)
    return bool(re.fullmatch(r"[+0-9\s().-]+", value)) and value.count("+") <= 1 and 8 <= digits <= 15
