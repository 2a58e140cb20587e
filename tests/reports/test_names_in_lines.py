"""A name typed by a user keeps to its place in a line of a PDF, and the text around it keeps
its order (issue 9 trial: the company "Ærø Å-Fisk 🐟 ApS مرحبا" headed the visit summary's
pages "Ærø Å-Fisk 🐟 ApS 1 · مرحبا. december 2026": put in visual order as a whole, the
header line let the date's digits join the Arabic word's right-to-left run).

The kind: every line of every report that puts a user-typed name (company, issuer,
consultant, participant, task, area, note author, opening title) beside other text (a date,
a number, a label, a separator). Each report is made with one name in all those roles and
read back with pypdf (the running lines by where they are drawn on page 1, the body as the
pages' text). For each line the words around the name must be there whole and in order,
and between them the name's letters and digits, in the order pypdf reads the name printed
on its own (:func:`tests.reports.test_header_glyphs.shown`): nothing of the line has
slipped into the name, nothing of the name out of it.

pypdf reads right-to-left text by reversing each run of it together with the spaces and
punctuation that follow it, so separators beside a name (" · ", " – ") may be read on its
other side; the words compared around a name therefore start and end with a letter or a
digit, and the name's own spaces and punctuation are not compared.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from domain.content import ContentPack
from domain.records import FollowUp, JobOpening, Note, Participant, SocialArea, SpottedTask
from reports import Consultant, bubble_sheet_pdf, opening_pdf, social_profile_pdf, visit_summary_pdf
from reports._bidi import side_by_side
from reports._layout import BOTTOM, REGULAR, TOP, one_line
from tests.reports import sample
from tests.reports.test_header_glyphs import bands, shown

TRIAL = "Ærø Å-Fisk 🐟 ApS مرحبا"
"""The company's name in the issue 9 newcomer trial."""

NAME = None
"""Where the name stands in a :class:`Line`."""


@dataclass(frozen=True)
class Line:
    """One kind of line: the words around the name, in reading order, the name as NAME.

    ``where`` is "header" or "footer" (page 1's running lines, read from their start) or
    "body" (the text of all pages between their running lines, the line found by its
    first words)."""

    where: str
    parts: tuple[str | None, ...]


VISIT_DATE = date(2026, 12, 1)
DAY = "1. december 2026"
"""The trial's visit date, as the reports write it."""

LINES: dict[str, dict[str, Line]] = {
    "visit summary": {
        "header: issuer · kind, company · date": Line("header", (NAME, "Besøgsopsummering", NAME, DAY)),
        "footer: issuer, page number": Line("footer", (NAME, "Side 1 af")),
        "title": Line("body", ("Opsummering af besøget hos", NAME, f"Tak for et godt møde den {DAY}")),
        "company table": Line("body", ("Virksomheden Virksomhed", NAME, "CVR-nr")),
        "participants table": Line("body", ("Navn Organisation Rolle", NAME, "Jobcenter Holbæk Jobcentret")),
        "note – author": Line("body", ("Godt møde", NAME, "Opgaver, vi så på rundturen")),
        "area · count · hours": Line("body", ("{last_level}", NAME, "1 opgave · 6 t/uge")),
        "task done by": Line("body", ("Udføres i dag af", NAME, "Grøn opgave")),
        "opening · hours": Line("body", ("Jobåbninger ud fra besøget", NAME, "12 t/uge")),
        "follow-up (aftercare), owner": Line("body", ("4. december 2026", NAME, "efterværn", NAME, "Kontakt os")),
        "consultant card": Line("body", ("noget ændrer sig", NAME, "Jobcenter Holbæk Telefon: 12 34 56 78")),
    },
    "job opening": {
        "header: issuer · kind, company · date": Line("header", (NAME, "Jobåbning til kolleger", NAME, DAY)),
        "footer: issuer, page number": Line("footer", (NAME, "Side 1 af")),
        "title": Line("body", ("Jobåbning", NAME, "Fra besøget hos", NAME, f"den {DAY}")),
        "facts: owner": Line("body", ("Ansvarlig", NAME, "Timer om ugen")),
        "task: area, done by": Line("body", ("Område", NAME, "Udføres i dag af", NAME, "Grøn opgave")),
    },
    "social profile": {
        "header: issuer · kind, company · date": Line("header", (NAME, "Socialt ansvar", NAME, DAY)),
        "footer: issuer, page number": Line("footer", (NAME, "Side 1 af")),
        "title": Line("body", ("Socialt ansvar hos", NAME, "Profilen viser")),
        "evidence written by": Line("body", ("Grøn plan for 2027 Skrevet af", NAME, "{next_area}")),
        "diploma": Line("body", ("tildeles", NAME, "CVR-nr. 12345674")),
    },
    "bubble sheet": {
        "header: issuer · kind, company · date": Line("header", (NAME, "Boblepapir", NAME, DAY)),
        "note – author": Line("body", ("Godt møde", NAME, "Kontakt os")),
        "consultants, one a line": Line("body", ("Kontakt os", NAME, "Jobcenter Holbæk · 12 34 56 78")),
    },
}


def make(report: str, pack: ContentPack, name: str) -> bytes:
    """``report`` with ``name`` in every role that prints a user-typed name."""
    company = replace(sample.COMPANY, name=name)
    consultants = (Consultant(name=name, organisation="Jobcenter Holbæk", phone="12 34 56 78"),)
    task = SpottedTask(id="t1", area=name, title=name, done_by=name, hours=6, level=1, green="recycling")
    note = (Note(id="n1", field="general", text="Godt møde", author=name),)
    if report == "visit summary":
        return visit_summary_pdf(
            sample.visit_data(
                pack,
                company=company,
                visit_date=VISIT_DATE,
                issuer=name,
                participants=(Participant(id="p1", name=name, organisation="Jobcenter Holbæk", role="S"),),
                consultants=consultants,
                card_answers=(),
                notes=note,
                tasks=(task,),
                photos={},
                closing=None,
                openings=(JobOpening(id="o1", visit_id="v1", company_id="c1", title=name, hours=12),),
                followups=(
                    FollowUp(id="f1", visit_id="v1", title=name, owner=name, due=date(2026, 12, 4), kind="aftercare"),
                ),
            )
        )
    if report == "job opening":
        opening = JobOpening(id="o1", visit_id="v1", company_id="c1", title=name, task_ids=("t1",), owner=name)
        return opening_pdf(
            replace(
                sample.opening_data(pack),
                opening=opening,
                company=company,
                visit_date=VISIT_DATE,
                issuer=name,
                tasks=(task,),
                photos={},
                followups=(),
                consultants=consultants,
            )
        )
    if report == "social profile":
        first = pack.social_areas[0].id
        areas = (SocialArea(area_id=first, status="already", evidence="Grøn plan for 2027", author=name),)
        social = sample.social_data(pack)
        return social_profile_pdf(
            replace(social, company=company, visit_date=VISIT_DATE, issuer=name, areas=areas, consultants=consultants)
        )
    return bubble_sheet_pdf(pack, note, company=company, visit_date=VISIT_DATE, consultants=consultants, issuer=name)


def body(pdf: bytes) -> str:
    """The text of every page between its header and its footer, as pypdf reads it, white
    space as one space."""
    pieces: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)

        def visit(piece: str, ctm: list[float], tm: list[float], _font: object, _size: object) -> None:
            y = tm[4] * ctm[1] + tm[5] * ctm[3] + ctm[5]
            if BOTTOM <= y <= height - TOP:  # noqa: B023  # called while its page is read
                pieces.append(piece)

        page.extract_text(visitor_text=visit)
        pieces.append("\n")
    return " ".join("".join(pieces).split())


def letters(text: str) -> str:
    """The letters, digits and symbols (emoji) of ``text`` in order, Arabic's joined forms
    as the letters typed; spaces and punctuation left out."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c)[0] in "LNS")


def misread(report: str, pack: ContentPack, name: str) -> list[str]:
    """Each line of ``report`` that does not read as its words around ``name``, with what
    was read."""
    pdf = make(report, pack, name)
    page_one = bands(pdf)[0]
    text = body(pdf)
    alone = letters(shown(name))
    # The pack's words before a line: the social area after the first, the levels' last.
    known = {"next_area": pack.social_areas[1].title, "last_level": pack.requirement_levels[-1].title}
    wrong = []
    for kind, line in LINES[report].items():
        read = text if line.where == "body" else page_one[line.where]
        parts = [part if part is NAME else part.format(**known) for part in line.parts]
        pattern = "".join("(.*?)" if part is NAME else re.escape(part) for part in parts)
        found = (re.search if line.where == "body" else re.match)(pattern, read)
        if found is None:
            wrong.append(f"{kind}: the words around the name are not whole and in order in {read!r}")
        elif any(letters(slot) != alone for slot in found.groups()):
            wrong.append(f"{kind}: the name reads {found.groups()} (alone: {alone!r}) in {found.group(0)!r}")
    return wrong


REPORTS = list(LINES)

CASES = {
    "the trial's name": TRIAL,
    "Latin, emoji": "Ærø Å-Fisk 🐟 ApS",
    "Arabic": "مطعم شمس",
    "Arabic, then a number": "مرحبا 12",
    "a number, then Arabic": "12 مرحبا",
    "Arabic, then Latin": "شمس Fisk ApS",
    "Hebrew and digits": "שלום 2026",
    "Arabic, emoji, digit": "شمس 🐟 3",
}


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("case", list(CASES))
def test_a_name_keeps_its_place_in_each_line(pack_da: ContentPack, case: str, report: str) -> None:
    assert misread(report, pack_da, CASES[case]) == []


WORDS = (
    "Ærø",
    "Å-Fisk",
    "ApS",
    "Søn",
    "og",
    "🐟",
    "👍",
    "مرحبا",
    "شمس",
    "مطعم",
    "لا",
    "שלום",
    "חברה",
    "12",
    "2026",
    "7",
)
CHARACTERS = "aÆøåKz" + "مرحباشل" + "שלוםח" + "0179" + "🐟👍" + " -."


def typed_names() -> st.SearchStrategy[str]:
    """Names of Latin, Arabic and Hebrew words, digits and emoji: words with spaces between,
    or characters mixed at random, with at least one letter, digit or emoji."""
    words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
    mixed = st.text(alphabet=CHARACTERS, min_size=1, max_size=14)
    return st.one_of(words, mixed).filter(lambda name: letters(name) != "")


@pytest.mark.parametrize("report", REPORTS)
@settings(max_examples=20, deadline=None)
@given(name=typed_names())
def test_any_mixed_name_keeps_its_place_in_each_line(pack_da: ContentPack, report: str, name: str) -> None:
    assert misread(report, pack_da, name) == [], name


def drawn(text: str) -> str:
    """``text`` as one line handed to reportlab, left to right (fonts left out)."""
    return "".join(run for _font, run in one_line(text, REGULAR))


@settings(max_examples=300)
@given(name=typed_names())
def test_a_line_draws_the_name_as_it_draws_it_alone_and_then_the_date(name: str) -> None:
    """What reportlab is handed for a running line, exactly: the name's characters as the
    name alone is drawn, then the separator and the date as written."""
    assert drawn(side_by_side(name, DAY)) == f"{drawn(name)} · {DAY}"
    assert drawn(side_by_side(DAY, name)) == f"{DAY} · {drawn(name)}"


@pytest.mark.parametrize(
    "typed",
    ["\u2069مرحبا", "مرحبا\u2067", "\u202eمرحبا", "مرحبا\u200f", "\u2068مرحبا\u2069"],
    ids=["pop isolate", "open isolate", "right-to-left override", "right-to-left mark", "already isolated"],
)
def test_a_bidi_control_in_a_name_neither_leaks_nor_prints(typed: str) -> None:
    """The app refuses these in what is typed; a report given one anyway (older data, a
    paste on another tablet) keeps it inside the name, and draws no stand-in for it."""
    line = drawn(side_by_side(typed, DAY))
    assert line == f"{drawn('مرحبا')} · {DAY}"
    assert "[" not in drawn(typed)
