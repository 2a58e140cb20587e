"""A company the consultants visit, and the rules its record must follow."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from domain.errors import InvalidInput
from domain.text import clean_line, clean_text

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def cvr_is_valid(cvr: str) -> bool:
    """True for an 8-digit Danish CVR number whose modulus-11 check holds."""
    if not re.fullmatch(r"[1-9]\d{7}", cvr):
        return False
    return sum(int(d) * w for d, w in zip(cvr, CVR_WEIGHTS, strict=True)) % 11 == 0


def normalise_cvr(value: str) -> str:
    """Accept the ways a CVR number is written ("DK 12 34 56 78") and keep the digits."""
    value = value.strip()
    if value.upper().startswith("DK"):
        value = value[2:]
    return re.sub(r"[\s.-]", "", value)


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
        value = clean_text(raw, field=name) if name == "earlier_cooperation" else clean_line(raw, field=name)
        if name == "name" and not value:
            raise InvalidInput("name", "name_required")
        if not value:
            return value
        if name == "cvr":
            cvr = normalise_cvr(value)
            if not re.fullmatch(r"[1-9]\d{7}", cvr):  # CVR numbers never start with 0
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
    phone characters only, and 8 to 15 digits."""
    digits = sum(c.isdigit() for c in value)
    return bool(re.fullmatch(r"[+\d\s().-]+", value)) and value.count("+") <= 1 and 8 <= digits <= 15
