"""Notes taken with "Hurtig note" print under their own heading, after the bubble sheet's."""

from __future__ import annotations

from domain.content import ContentPack
from domain.records import QUICK_NOTE, Note
from reports import bubble_sheet_pdf, visit_summary_pdf
from tests.reports import sample
from tests.reports.conftest import text

QUICK = Note(id="q1", field=QUICK_NOTE, text="Ring til Søren om truckkurset i uge 3.", author="Jens Ærø")
SECRET = Note(id="q2", field=QUICK_NOTE, text="INTERN hurtig note", author="Jens Ærø", internal=True)


def test_the_visit_summary_prints_quick_notes_under_their_heading(pack_da: ContentPack) -> None:
    pdf = visit_summary_pdf(sample.visit_data(pack_da, notes=(*sample.NOTES, QUICK, SECRET)))
    content = text(pdf)
    assert "Hurtige noter" in content
    assert "Ring til Søren om truckkurset i uge 3." in content
    assert "INTERN hurtig note" not in content  # internal ones stay on the tablet
    # After the three fields, before the other notes.
    assert content.index("Hurtige noter") < content.index("Øvrige noter")


def test_the_visit_summary_in_english_names_them_too(pack_en: ContentPack) -> None:
    pdf = visit_summary_pdf(sample.visit_data(pack_en, notes=(QUICK,)), language="en")
    assert "Quick notes" in text(pdf)


def test_the_filled_bubble_sheet_prints_quick_notes(pack_da: ContentPack) -> None:
    pdf = bubble_sheet_pdf(pack_da, notes=[*sample.NOTES, QUICK], company=sample.COMPANY, visit_date=sample.VISIT_DATE)
    content = text(pdf)
    assert "Hurtige noter" in content
    assert "Ring til Søren om truckkurset i uge 3." in content
