"""The recovery screen's words: each way the database can be unusable told in Danish and
English, and the e-mail to IT naming the file, its version and what went wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import UnusableDatabase
from views.i18n import Translator, load_strings
from views.recovery import mail_text, size_text


@pytest.mark.parametrize("kind", UnusableDatabase.KINDS)
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_kind_is_told_in_both_languages(kind: str, language: str) -> None:
    assert load_strings(language)[f"recovery.kind.{kind}"]


def test_the_mail_to_it_names_file_problem_and_versions(tmp_path: Path) -> None:
    problem = UnusableDatabase("too_new", tmp_path / "feltmappe.db", "schema revision 0099 is newer", revision="0099")
    text = mail_text(Translator("da"), problem, name="feltmappe.db")
    assert text.startswith("Emne: Feltmappe kan ikke åbne tablettens data")
    assert f"Fil: {(tmp_path / 'feltmappe.db').resolve()}" in text
    assert "Datafilens version: 0099" in text and "Teknisk besked: schema revision 0099 is newer" in text
    assert "Problem: Filen med tablettens data er lavet af en nyere udgave af Feltmappe" in text
    english = mail_text(
        Translator("en"), UnusableDatabase("corrupt", tmp_path / "x.db", "file is not a database"), name="x.db"
    )
    assert "Data file version: unknown" in english and "The file (x.db) is attached." in english


def test_sizes_read_as_a_person_reads_them() -> None:
    da, en = Translator("da"), Translator("en")
    assert [size_text(da, n) for n in (512, 48 * 1024, int(3.2 * 1024 * 1024))] == ["512 B", "48 kB", "3,2 MB"]
    assert size_text(en, int(3.2 * 1024 * 1024)) == "3.2 MB"
