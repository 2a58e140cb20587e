"""File names the app gives its PDFs and CSV files: plain ASCII a mail program and a
Windows share take as they are, with the Danish letters spelt out."""

from __future__ import annotations

import pytest

from views.files import slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ærø Å-Fisk ApS", "aeroe-aa-fisk-aps"),
        ("Søren's Smørrebrød", "soerens-smoerrebroed"),
        ("ÆBLEHAVEN GARTNERI I/S", "aeblehaven-gartneri-i-s"),
        ("Grøn medhjælper", "groen-medhjaelper"),
        ("Über Café", "uber-cafe"),
        ("Bager 🥐 & Kaffe ☕", "bager-kaffe"),
        ("Vestjysk Emballage A/S", "vestjysk-emballage-a-s"),
        ("  --  ", "fil"),
        ("👍🎉", "fil"),
        ("", "fil"),
    ],
)
def test_a_name_becomes_a_plain_file_name(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_the_fallback_names_what_had_no_letters() -> None:
    assert slug("🙂", fallback="besoeg") == "besoeg"


def test_a_long_name_is_cut_at_a_word() -> None:
    made = slug("Østjyllands Økologiske Æble- og Pærelaug for Små Producenter og Venner")
    assert len(made) <= 50 and not made.endswith("-")
    assert made.startswith("oestjyllands-oekologiske-aeble-og-paerelaug")
