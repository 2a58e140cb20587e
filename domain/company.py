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
        out: dict[str, str] = {}
        for f in fields(self):
            raw = getattr(self, f.name)
            if f.name == "earlier_cooperation":
                out[f.name] = clean_text(raw, field=f.name)
            else:
                out[f.name] = clean_line(raw, field=f.name)
        if not out["name"]:
            raise InvalidInput("name", "name_required")
        if out["cvr"]:
            cvr = normalise_cvr(out["cvr"])
            if not re.fullmatch(r"[1-9]\d{7}", cvr):  # CVR numbers never start with 0
                raise InvalidInput("cvr", "cvr_format")
            if not cvr_is_valid(cvr):
                raise InvalidInput("cvr", "cvr_check_digit")
            out["cvr"] = cvr
        if out["contact_email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", out["contact_email"]):
            raise InvalidInput("contact_email", "email_format")
        return out
