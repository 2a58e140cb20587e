"""CSV for a Danish Excel: cells, and text that must never run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from domain.export import danish_cell, danish_csv, safe_text


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+45 12 34 56 78", "-3", "@SUM(A1)", "\tindrykket", '\r=HYPERLINK("x")', '=HYPERLINK("http://x","klik")'],
)
def test_text_that_excel_would_run_gets_an_apostrophe(text: str) -> None:
    assert danish_cell(text) == "'" + text
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Hansens Smedje", "", "1+1", "a=b", " =ikke først", "'allerede", "Æble-haven"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert danish_cell(text) == text


def test_numbers_keep_their_sign() -> None:
    assert danish_cell(-3) == "-3"
    assert danish_cell(-2.5) == "-2,5"
    assert danish_cell(0.0) == "0"
    assert danish_cell(-0.001) == "0"
    assert danish_cell(6.5) == "6,5"
    assert danish_cell(10.0) == "10"


def test_other_cells() -> None:
    assert danish_cell(None) == ""
    assert danish_cell(True) == "ja" and danish_cell(False) == "nej"
    assert danish_cell(date(2027, 2, 1)) == "01-02-2027"
    assert danish_cell(datetime(2027, 2, 1, 8, 5)) == "01-02-2027 08:05"


def test_a_whole_file_with_a_formula_in_a_note() -> None:
    data = danish_csv(
        ["Virksomhed", "Antal", "Note"],
        [["=cmd|' /C calc'!A0", -3, "-ring først"], ["Æblehaven; I/S", 2, "Sagde:\n=ja"]],
    )
    assert data.startswith(b"\xef\xbb\xbf")
    header, first, second = rows_of(data)
    assert header == ["Virksomhed", "Antal", "Note"]
    assert first == ["'=cmd|' /C calc'!A0", "-3", "'-ring først"]
    assert second == ["Æblehaven; I/S", "2", "Sagde:\n=ja"]  # only the start of a cell counts


def test_the_header_is_guarded_too() -> None:
    (header,) = rows_of(danish_csv(["-kolonne", "Navn"], []))
    assert header == ["'-kolonne", "Navn"]
