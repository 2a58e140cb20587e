"""CSV that opens correctly in a Danish Excel: UTF-8 with a byte-order mark, semicolons
between fields, dates as dd-mm-åååå and decimal commas. Pure: rows in, bytes out.

Text that Excel would read as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) gets an apostrophe in front, so a note typed on a tablet can never
run as a formula on the office laptop. Numbers keep their sign: ``-3`` stays ``-3``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell starts when a spreadsheet would take it for a formula (CSV injection)."""


def safe_text(text: str) -> str:
    """The text as a spreadsheet shows it, never as a formula it runs."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def danish_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        return "0" if text == "-0" else text
    if isinstance(value, int):
        return str(value)
    return safe_text(str(value))


def danish_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The rows as CSV bytes for Excel set up for Denmark."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([safe_text(str(name)) for name in header])
    for row in rows:
        writer.writerow([danish_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")
