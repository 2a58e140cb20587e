"""Personal-data care: spotting a Danish CPR number in a note before it is saved.

Notes are about companies and tasks, not about citizens. A CPR number is six digits that
form a real date (DDMMYY), an optional dash, and four digits, standing on its own (not part
of a longer number). Phone numbers (8 digits), CVR numbers (8 digits) and written dates
("01-02-2024") do not match; a ten-digit number that starts with a valid date does, which
is why this only warns and lets the person decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CANDIDATE = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})(-?)(\d{4})(?![\d-])")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class CprHit:
    start: int
    end: int
    text: str


def _is_date(day: int, month: int, year: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if month == 2 and day == 29:
        return year % 4 == 0  # the century comes from the serial; 2000 was a leap year
    return day <= _DAYS[month - 1]


def find_cpr_numbers(text: str) -> list[CprHit]:
    """Every stretch of ``text`` that looks like a CPR number."""
    hits = []
    for match in _CANDIDATE.finditer(text):
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if _is_date(day, month, year):
            hits.append(CprHit(match.start(), match.end(), match.group(0)))
    return hits


_ENDING = re.compile(r"['’]?s(?!\w)")  # a genitive written onto the number: "010190-1234s søster"


def remove_cpr_numbers(text: str) -> str:
    """``text`` with every CPR-like number taken out, with a genitive "s" written onto it
    ("010190-1234s søster" -> "søster"), and the space it leaves tidied. The result is
    shown to the consultant for a look before it is saved (views.autosave)."""
    for hit in reversed(find_cpr_numbers(text)):
        ending = _ENDING.match(text, hit.end)
        text = text[: hit.start] + text[ending.end() if ending else hit.end :]
    return re.sub(r"[ \t]{2,}", " ", text).strip()
