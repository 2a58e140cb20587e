"""Right-to-left text in the lines reportlab draws: isolating typed pieces, visual order.

reportlab draws characters left to right in the order it is given them and does not
shape, so each line that holds Arabic or Hebrew is handed to it in visual order
(:func:`visual`). The Unicode bidirectional algorithm orders a whole line, and a line
composed of a typed name and the report's own words lets them mix: a company "Ærø ApS
مرحبا" beside the date "1. december 2026" put the date's "1" inside the Arabic run, and a
name that starts with an Arabic letter turned the whole line right to left (issue 9
trial). So every typed piece is put in a line as an isolated run (:func:`isolate`, Unicode
bidi isolation: FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE): the piece is ordered as it
is on its own, the line's direction comes from the report's words, and they keep their
order around it. The isolation marks are not drawn (:data:`CONTROLS`).
"""

from __future__ import annotations

import unicodedata

import arabic_reshaper
from bidi import get_display

FSI, PDI = "\u2068", "\u2069"
CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""The bidirectional formatting characters (marks, embeddings, overrides, isolates): they
order a line and are left out of what is drawn."""

_RIGHT_TO_LEFT = frozenset({"R", "AL", "RLE", "RLO", "RLI"})


def isolate(piece: str) -> str:
    """``piece`` (a name, a date, any text put into a line beside other text) as an isolated
    run of each of its lines: each line stripped of the spaces around it and of any
    bidirectional formatting characters (the app refuses them; a piece must open or close
    nothing beyond itself), then enclosed in FSI … PDI. An empty line stays empty.

    >>> isolate(" Ærø مرحبا ") == "\\u2068Ærø مرحبا\\u2069"
    True
    """
    lines = ("".join(ch for ch in line if ch not in CONTROLS).strip() for line in piece.split("\n"))
    return "\n".join(f"{FSI}{line}{PDI}" if line else "" for line in lines)


def side_by_side(*pieces: str, sep: str = " · ") -> str:
    """The non-blank ``pieces`` in one line, in this order as read, ``sep`` between them and
    each an isolated run (:func:`isolate`): ``side_by_side(company, "1. december 2026")``
    reads "<company> · 1. december 2026" whatever the company's letters."""
    return sep.join(isolate(piece) for piece in pieces if piece.strip())


def plain(text: str) -> str:
    """``text`` without bidirectional formatting characters: a composed line where it is
    not drawn (a PDF's title in its metadata)."""
    return "".join(ch for ch in text if ch not in CONTROLS)


def visual(line: str) -> str:
    """One line of text in the order its characters are drawn from left to right.

    reportlab draws characters in the order given and does not shape: Arabic printed
    reversed and with its letters unjoined. A line holding right-to-left text (Arabic,
    Hebrew) has its Arabic letters replaced by their joined forms (arabic-reshaper's
    presentation forms) and its runs put in visual order by the Unicode bidirectional
    algorithm (python-bidi), the line's direction taken from its first strong letter
    outside isolated runs (:func:`isolate`). A line without right-to-left text is
    returned unchanged. Formatting characters stay in the result (:data:`CONTROLS`: the
    caller leaves them out). ``line`` must hold no line break: the order is per line."""
    if not any(unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT for ch in line):
        return line
    return str(get_display(arabic_reshaper.reshape(line)))
