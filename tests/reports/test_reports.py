"""The PDF reports, read back the way a person or a PDF reader would see them."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from domain.content import ContentPack
from domain.records import Note, SpottedTask
from reports import (
    NotQualified,
    bubble_sheet_pdf,
    card_answers,
    diploma_pdf,
    opening_pdf,
    social_profile_pdf,
    visit_summary_pdf,
)
from reports.bubble import ascii_url
from reports.texts import TEXTS, Texts
from tests.reports import sample
from tests.reports.conftest import fonts, pages_text, render_png, text

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DANISH_DATE = re.compile(
    r"\b\d{1,2}\. (januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december) \d{4}\b"
)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def assert_numbered(pdf: bytes, *, language: str = "da", skip_last: bool = False) -> None:
    """Every page says which page it is and how many there are."""
    pages = pages_text(pdf)
    word, of = ("Side", "af") if language == "da" else ("Page", "of")
    for number, page in enumerate(pages[:-1] if skip_last else pages, start=1):
        assert f"{word} {number} {of} {len(pages)}" in page


# -- the visit summary -------------------------------------------------------------------


def test_visit_summary_shows_the_visit_in_danish(pack_da: ContentPack) -> None:
    pdf = visit_summary_pdf(sample.visit_data(pack_da))
    assert pdf.startswith(b"%PDF")
    content = text(pdf)
    for expected in (
        "Opsummering af besøget hos Æblehaven Gartneri I/S",
        "12345674",
        "Søndergårdsvej 14, 4300 Holbæk",
        "Søren Østergård",
        "Erhvervsråd Nordvestsjælland",
        "Jobcentret",
        "Erhvervsrådet",
        "Grøn omstilling",
        "Vil skære ned på madspild og emballage",
        "Hvilke afdelinger eller funktioner har mest travlt lige nu?",
        "Pakkeriet i høstsæsonen (uge 36–42)",
        "Mangler hænder i æblehøsten",
        "Truckcertifikat og AMU-kursus i fødevarehygiejne",
        "Øvrige noter",
        "Mødestabilitet; truckcertifikat er et plus",
        "Sende CV'er på to kandidater til pakkeriet",
        "4. december 2026",
        "12. januar 2027",
        "mette.soerensen@holbaek.example.dk",
        "Tak for et godt møde den 27. november 2026.",
    ):
        assert expected in content, expected
    assert "æ" in content and "ø" in content and "å" in content and "Æ" in content and "Ø" in content
    assert DANISH_DATE.search(content)
    assert_numbered(pdf)


def test_visit_summary_lists_every_task_by_area(pack_da: ContentPack) -> None:
    content = text(visit_summary_pdf(sample.visit_data(pack_da)))
    for task in sample.TASKS:
        assert task.title in content, task.title
    assert "Pakkeriet · 3 opgaver · 11,5 t/uge" in content
    assert "Drivhuse og udendørs · 3 opgaver · 11,5 t/uge" in content
    assert "6 opgaver i 2 områder – i alt 23 t/uge." in content
    assert "3 · Formel uddannelse" in content
    assert "Jobbet kan deles op" in content  # accommodation ids become the pack's words
    assert "Grøn opgave: Genbrug af pap og plastik" in content
    assert content.index("Pakkeriet · 3") < content.index("Drivhuse og udendørs · 3")


def test_internal_notes_never_reach_the_company(pack_da: ContentPack) -> None:
    data = sample.visit_data(pack_da)
    assert any(n.internal for n in data.notes)
    assert sample.INTERNAL not in text(visit_summary_pdf(data))
    filled = bubble_sheet_pdf(pack_da, data.notes, company=sample.COMPANY, visit_date=sample.VISIT_DATE)
    assert sample.INTERNAL not in text(filled)
    assert "INTERN" not in text(filled)


def test_the_photo_is_included_scaled_to_fit(pack_da: ContentPack) -> None:
    with_photo = visit_summary_pdf(sample.visit_data(pack_da))
    without = visit_summary_pdf(sample.visit_data(pack_da, photos={}))
    reader = PdfReader(io.BytesIO(with_photo))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    assert images[0].image is not None
    assert max(images[0].image.size) <= 600  # 800×600 came in; scaled down, not embedded at full size
    assert not [image for page in PdfReader(io.BytesIO(without)).pages for image in page.images]


def test_an_unreadable_photo_is_left_out(pack_da: ContentPack) -> None:
    pdf = visit_summary_pdf(sample.visit_data(pack_da, photos={"photo1": b"not a picture"}))
    assert sample.TASKS[0].title in text(pdf)


def test_fonts_are_embedded_vera(pack_da: ContentPack) -> None:
    data = sample.social_data(pack_da)
    for pdf in (
        visit_summary_pdf(sample.visit_data(pack_da)),
        bubble_sheet_pdf(pack_da),
        opening_pdf(sample.opening_data(pack_da)),
        social_profile_pdf(data),
        diploma_pdf(data),
    ):
        used = fonts(pdf)
        assert used, "no fonts found"
        assert all(used.values()), used
        assert all("BitstreamVera" in name for name in used), used


def test_user_text_is_escaped_not_read_as_markup(pack_da: ContentPack) -> None:
    tricky = "R&D <b>fed</b> & <script>x</script> 5 < 7 > 3 \"citat\" 'enkelt'"
    notes = (Note(id="x", field="general", text=tricky, author="<Ole & Co>"),)
    tasks = (SpottedTask(id="x", area="<Hal & lager>", title="Pak <kasser> & paller", hours=1),)
    content = text(visit_summary_pdf(sample.visit_data(pack_da, notes=notes, tasks=tasks)))
    assert tricky in content
    assert "<Ole & Co>" in content
    assert "Pak <kasser> & paller" in content
    assert "<Hal & lager>" in content


def test_characters_the_font_lacks_do_not_break_the_report(pack_da: ContentPack) -> None:
    notes = (Note(id="x", field="general", text="Kőszegi → Łukasz ✓ 😀 Ærø", author="Ω"),)
    content = text(visit_summary_pdf(sample.visit_data(pack_da, notes=notes)))
    assert "Kőszegi → Łukasz ✓ 😀 Ærø" in content  # ő, → and ✓ from DejaVu Sans, 😀 from Noto Emoji


def test_line_breaks_in_a_note_are_kept(pack_da: ContentPack) -> None:
    notes = (Note(id="x", field="general", text="Første linje\nAnden linje"),)
    pdf = visit_summary_pdf(sample.visit_data(pack_da, notes=notes))
    raw = PdfReader(io.BytesIO(pdf)).pages[0].extract_text() + PdfReader(io.BytesIO(pdf)).pages[1].extract_text()
    assert "Første linje\nAnden linje" in raw


def test_a_visit_with_nothing_recorded_still_makes_a_summary(pack_da: ContentPack) -> None:
    bare = sample.visit_data(
        pack_da,
        participants=(),
        consultants=(),
        megatrend="",
        megatrend_note="",
        card_answers=(),
        notes=(),
        tasks=(),
        closing=None,
        openings=(),
        followups=(),
    )
    content = text(visit_summary_pdf(bare))
    for expected in ("Ingen noter.", "Der blev ikke noteret opgaver på rundturen.", "Ingen opfølgninger aftalt endnu."):
        assert expected in content


def test_a_huge_visit_flows_over_many_pages(pack_da: ContentPack) -> None:
    data = sample.large_visit(pack_da, tasks=300, note_chars=30_000)
    assert len(data.tasks) == 300
    assert sum(len(n.text) for n in data.notes if not n.internal) >= 30_000
    pdf = visit_summary_pdf(data)
    pages = page_count(pdf)
    assert pages > 3
    content = text(pdf)
    for task in data.tasks:
        assert task.title in content, task.title
    assert sample.INTERNAL not in content
    assert f"Side {pages} af {pages}" in pages_text(pdf)[-1]
    assert_numbered(pdf)


def test_card_answers_keep_the_pack_order_and_skip_empty_ones(pack_da: ContentPack) -> None:
    from domain.visit import CardState

    states = [
        CardState(card_id="esg-02", answer="Banken spørger."),
        CardState(card_id="concerns-01", answer="Pakkeriet."),
        CardState(card_id="concerns-02", answer="   "),
        CardState(card_id="unknown-card", answer="Væk."),
    ]
    answers = card_answers(pack_da, states)
    assert [a.answer for a in answers] == ["Pakkeriet.", "Banken spørger."]
    assert answers[0].question == pack_da.card("concerns-01").text  # type: ignore[union-attr]
    assert answers[0].phase == pack_da.phase("concerns").title


# -- the bubble sheet --------------------------------------------------------------------


def test_blank_bubble_sheet_is_one_landscape_page(pack_da: ContentPack) -> None:
    pdf = bubble_sheet_pdf(pack_da)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    content = text(pdf)
    assert pack_da.bubble_sheet.title in content
    for field in pack_da.bubble_sheet.fields:
        assert field.title in content
        assert field.info_url in content.replace(" ", "")  # a long address may wrap
    assert "Virksomhed:" in content and "Dato:" in content
    assert_numbered(pdf)


def test_filled_bubble_sheet_carries_the_notes(pack_da: ContentPack) -> None:
    pdf = bubble_sheet_pdf(
        pack_da,
        sample.NOTES,
        company=sample.COMPANY,
        visit_date=sample.VISIT_DATE,
        consultants=sample.CONSULTANTS,
    )
    content = text(pdf)
    for note in sample.NOTES:
        if not note.internal:
            assert note.text in content, note.text
    assert "Æblehaven Gartneri I/S · 27. november 2026" in content
    assert "mette.soerensen@holbaek.example.dk" in content
    assert page_count(pdf) == 1


def test_a_bubble_sheet_with_many_notes_runs_on(pack_da: ContentPack) -> None:
    notes = tuple(
        Note(id=f"n{i}", field="retention", text=f"Note {i}: {sample.LOREM}", author="Jens Ærø") for i in range(60)
    )
    pdf = bubble_sheet_pdf(pack_da, notes, company=sample.COMPANY, visit_date=sample.VISIT_DATE)
    assert page_count(pdf) > 1
    content = text(pdf)
    assert "Note 0:" in content and "Note 59:" in content
    assert_numbered(pdf)


@pytest.mark.parametrize("filled", [False, True])
def test_bubble_sheet_qr_codes_open_the_configured_pages(
    pack_da: ContentPack, tmp_path: Path, zbar: None, filled: bool
) -> None:
    notes = sample.NOTES if filled else None
    pdf = bubble_sheet_pdf(pack_da, notes, company=sample.COMPANY if filled else None)
    png = render_png(pdf, tmp_path / "sheet.png", dpi=150)
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, timeout=60, check=False
    ).stdout.split()
    assert sorted(decoded) == sorted(f.info_url for f in pack_da.bubble_sheet.fields)


def test_qr_codes_follow_the_pack(pack_da: ContentPack, tmp_path: Path, zbar: None) -> None:
    """A municipality's own pack with its own addresses gets codes for those; letters
    outside ASCII are percent-encoded (and a host put in IDNA), so every scanner reads them alike."""
    fields = [
        f.model_copy(update={"info_url": f"https://kommune.example.dk/{f.id}?sprog=da&side=bælg"})
        for f in pack_da.bubble_sheet.fields
    ]
    pack = pack_da.model_copy(update={"bubble_sheet": pack_da.bubble_sheet.model_copy(update={"fields": fields})})
    png = render_png(bubble_sheet_pdf(pack), tmp_path / "sheet.png", dpi=150)
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, timeout=60, check=False
    ).stdout.split()
    assert sorted(decoded) == sorted(f.info_url.replace("æ", "%C3%A6") for f in fields)
    assert ascii_url("https://æblehaven.dk/side?q=ø") == "https://xn--blehaven-i0a.dk/side?q=%C3%B8"


# -- the job opening ---------------------------------------------------------------------


def test_opening_sheet_has_what_a_colleague_needs(pack_da: ContentPack) -> None:
    pdf = opening_pdf(sample.opening_data(pack_da))
    content = text(pdf)
    for expected in (
        "Jobåbning: Pakkeri- og genbrugsmedhjælper, 12 timer om ugen",
        "Åben",
        "Mette Sørensen",
        "12 t/uge",
        "Jobbet kan deles op",
        "Fleksible pauser",
        "Få eller fleksible timer",
        "Mødestabilitet vigtigere end erfaring",
        "Søren Østergård",
        "+45 21 43 65 87",
        "Sende CV'er på to kandidater til pakkeriet",
        "4. december 2026",
        "Område: Pakkeriet",
    ):
        assert expected in content, expected
    for task in sample.TASKS:
        assert (task.title in content) == (task.id in sample.OPENING.task_ids), task.title
    assert_numbered(pdf)


def test_opening_without_named_tasks_shows_all_given(pack_da: ContentPack) -> None:
    data = sample.opening_data(pack_da)
    data = replace(data, opening=replace(data.opening, task_ids=(), hours=0.0, status="filled"))
    content = text(opening_pdf(data))
    for task in sample.TASKS:
        assert task.title in content
    assert "Besat" in content
    assert "23 t/uge" in content  # hours summed from the tasks when the opening gives none


# -- the social profile and the diploma ----------------------------------------------------


def test_social_profile_lists_the_areas_and_the_progress(pack_da: ContentPack) -> None:
    pdf = social_profile_pdf(sample.social_data(pack_da, met=3))
    content = text(pdf)
    for area in pack_da.social_areas:
        assert area.title in content, area.title
    for label in ("Gør det allerede", "Vil gerne", "Ikke relevant", "Ikke vurderet"):
        assert label in content
    assert "Gør det allerede: 4 af 8 · Vil gerne: 2" in content
    assert "3 af 6 kriterier opfyldt – virksomheden kvalificerer sig (mindst 2)." in content
    for criterion in pack_da.recognition.criteria:
        assert criterion.text in content
    assert "DIPLOM" in pages_text(pdf)[-1]
    assert "Æblehaven Gartneri I/S" in pages_text(pdf)[-1]
    assert_numbered(pdf, skip_last=True)  # the diploma page carries no page number


def test_social_profile_without_enough_criteria_has_no_diploma(pack_da: ContentPack) -> None:
    pdf = social_profile_pdf(sample.social_data(pack_da, met=1))
    content = text(pdf)
    assert "1 af 6 kriterier opfyldt – mangler 1 for at kvalificere sig." in content
    assert "DIPLOM" not in content
    assert_numbered(pdf)


def test_diploma_alone(pack_da: ContentPack) -> None:
    data = sample.social_data(pack_da, met=6)
    pdf = diploma_pdf(data)
    assert page_count(pdf) == 1
    content = text(pdf)
    assert "DIPLOM" in content
    assert pack_da.recognition.title in content
    assert "Æblehaven Gartneri I/S" in content
    assert "Udstedt den 27. november 2026" in content
    assert "Udstedt den 1. december 2026" in text(diploma_pdf(replace(data, issued=date(2026, 12, 1))))
    for criterion in pack_da.recognition.criteria:
        assert criterion.text in content


def test_a_long_company_name_still_fits_the_diploma_on_one_page(pack_da: ContentPack) -> None:
    company = replace(sample.COMPANY, name="Æblehaven Gartneri, Frugtplantage og Mosteri Nordvestsjælland ApS " * 2)
    data = replace(sample.social_data(pack_da, met=6), company=company)
    assert page_count(diploma_pdf(data)) == 1


def test_no_diploma_before_the_company_qualifies(pack_da: ContentPack) -> None:
    with pytest.raises(NotQualified, match="1 af 2"):
        diploma_pdf(sample.social_data(pack_da, met=1))


# -- English ---------------------------------------------------------------------------


def test_english_visit_summary(pack_en: ContentPack) -> None:
    pdf = visit_summary_pdf(sample.visit_data(pack_en), language="en")
    content = text(pdf)
    for heading in (
        "Summary of our visit to Æblehaven Gartneri I/S",
        "The company",
        "Participants",
        "What you told us about the company",
        "Notes from the bubble sheet",
        "Tasks we saw on the walk-around",
        "What we agreed",
        "Contact us",
        "27 November 2026",
        "4 December 2026",
        "Ordinary instruction",
    ):
        assert heading in content, heading
    assert "Side 1 af" not in content and "Opsummering" not in content
    assert_numbered(pdf, language="en")


def test_english_other_reports(pack_en: ContentPack) -> None:
    bubble = text(bubble_sheet_pdf(pack_en, language="en"))
    assert "Recruitment" in bubble and "Company:" in bubble and "Page 1 of 1" in bubble
    opening = text(opening_pdf(sample.opening_data(pack_en), language="en"))
    assert "Job opening:" in opening and "Who follows up – and when" in opening and "Open" in opening
    social = social_profile_pdf(sample.social_data(pack_en), language="en")
    assert "Social responsibility at" in text(social) and "Already does" in text(social)
    assert "DIPLOMA" in text(diploma_pdf(sample.social_data(pack_en), language="en"))
    with pytest.raises(NotQualified, match="cannot have the diploma"):
        diploma_pdf(sample.social_data(pack_en, met=0), language="en")


# -- texts -----------------------------------------------------------------------------


def test_both_languages_have_the_same_texts() -> None:
    assert set(TEXTS["da"]) == set(TEXTS["en"])


def test_dates_and_hours_as_each_language_writes_them() -> None:
    da, en = Texts("da"), Texts("en")
    assert da.day(date(2026, 11, 27)) == "27. november 2026"
    assert da.day(date(2027, 1, 5)) == "5. januar 2027"
    assert en.day(date(2026, 11, 27)) == "27 November 2026"
    assert da.hours(2.5) == "2,5 t/uge" and da.hours(4) == "4 t/uge"
    assert en.hours(2.5) == "2.5 h/week"
    with pytest.raises(ValueError, match="unknown report language"):
        Texts("de")


# -- screenshots for the README -------------------------------------------------------------


def test_first_pages_as_screenshots(pack_da: ContentPack, poppler: None) -> None:
    """Each report's first page, 80 dpi, in docs/screenshots/ (the README shows them)."""
    social = sample.social_data(pack_da)
    reports = {
        "40-report-visit.png": visit_summary_pdf(sample.visit_data(pack_da)),
        "41-report-bubble-sheet.png": bubble_sheet_pdf(
            pack_da,
            sample.NOTES,
            company=sample.COMPANY,
            visit_date=sample.VISIT_DATE,
            consultants=sample.CONSULTANTS,
            issuer="Jobcenter Holbæk",
        ),
        "42-report-opening.png": opening_pdf(sample.opening_data(pack_da)),
        "43-report-social.png": social_profile_pdf(social),
        "44-report-diploma.png": diploma_pdf(social),
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, pdf in reports.items():
        png = render_png(pdf, SCREENSHOTS / name, dpi=80)
        assert png.read_bytes().startswith(b"\x89PNG")


def test_the_font_licence_ships_beside_the_fonts() -> None:
    from reports._layout import FONT_DIR, FONT_LICENCE

    assert "Bitstream" in FONT_LICENCE.read_text(encoding="utf-8")
    for name in ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf"):
        assert (FONT_DIR / name).is_file()
