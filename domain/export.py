"""CSV that opens correctly in a Danish Excel: UTF-8 with a byte-order mark, semicolons
between fields, dates as dd-mm-åååå and decimal commas. Pure: rows in, bytes out."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime


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
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return str(value)


def danish_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The rows as CSV bytes for Excel set up for Denmark."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([danish_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")
