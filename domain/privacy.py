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
from functools import lru_cache

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


MIN_HELD_DIGITS = 4
"""From how many digits a CPR number being typed is held back (see :func:`cpr_being_typed`)."""

_RUN = re.compile(r"[\d-]")
_PREFIX_SHAPE = re.compile(r"\d{1,6}|\d{6}-\d{0,3}|\d{7,9}")


@lru_cache(maxsize=1)
def _date_prefixes() -> frozenset[str]:
    """Every start (1 to 5 digits) of a DDMMYY that :func:`_is_date` accepts."""
    starts: set[str] = set()
    for day in range(1, 32):
        for month in range(1, 13):
            for year in range(100):
                if _is_date(day, month, year):
                    digits = f"{day:02d}{month:02d}{year:02d}"
                    starts.update(digits[:n] for n in range(1, 6))
    return frozenset(starts)


def _could_grow_into_cpr(run: str) -> bool:
    """Whether ``run`` (digits, maybe a dash) is the first part of some CPR number, and not
    a whole one."""
    if not _PREFIX_SHAPE.fullmatch(run):
        return False
    digits = run.replace("-", "")
    if len(digits) < 6:
        return digits in _date_prefixes()
    return _is_date(int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))


def cpr_being_typed(text: str, caret: int | None = None) -> CprHit | None:
    """The start of a CPR number that is being typed at ``caret`` (default: the end of
    ``text``), or None.

    The rule: take the run of digits and dashes that touches ``caret`` (on either side).
    It is a CPR number being typed when it stands on its own (the run is maximal, so no
    digit or dash is next to it), has :data:`MIN_HELD_DIGITS` to 9 digits (a dash, if
    any, after the sixth), and some CPR number starts with it: its first digits can
    still be a real date DDMMYY. A complete number is not "being typed"
    (:func:`find_cpr_numbers` finds it).

    A text with such a run is held back (views.autosave) until what follows shows it is
    no CPR number: a keystroke that ends the run (a space, a letter), one that makes it
    something else (an eleventh digit, a dash in the wrong place), or typing elsewhere.
    So a text saved while a CPR number is typed into it holds at most its first three
    digits (day, and the tens of the month): nothing that tells a birthday. Two- and
    three-digit numbers (a time, a count) are saved as they are typed.

    ``caret``: a position in ``text`` (0..len(text)); raises ValueError outside that.
    """
    end = len(text) if caret is None else caret
    if not 0 <= end <= len(text):
        raise ValueError(f"caret {caret} is outside a text of {len(text)} characters")
    start = end
    while start > 0 and _RUN.match(text[start - 1]):
        start -= 1
    stop = end
    while stop < len(text) and _RUN.match(text[stop]):
        stop += 1
    run = text[start:stop]
    if sum(c.isdigit() for c in run) < MIN_HELD_DIGITS or not _could_grow_into_cpr(run):
        return None
    return CprHit(start, stop, run)


def edit_end(before: str, after: str) -> int:
    """Where the caret stands in ``after`` once the edit that turned ``before`` into it
    was typed: the end of what was inserted (for a deletion, where it was). Found from
    the two texts alone (the browser does not report the caret): the longest common start
    and, of what is left, the longest common end."""
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return len(after) - tail
