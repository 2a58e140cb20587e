"""No heading is left alone at the bottom of a page: a section heading (with its lead-in
line, such as the one under "Kontakt os") and a card's question always share their page
with the start of what they introduce. Each report is built again and again with a little
more above the heading, so the heading meets the page bottom at every height."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from domain.content import ContentPack
from reports import social_profile_pdf, visit_summary_pdf
from reports.texts import Texts
from tests.reports import sample
from tests.reports.conftest import pages_text

FOOTER = re.compile(r"\s*(Jobcenter Holbæk\s*)?(Side|Page) \d+ (af|of) \d+\s*$")
SWEEP = range(0, 40)


def page_bodies(pdf: bytes) -> list[str]:
    """Each page's text without its footer (the issuer and "Side x af y")."""
    return [FOOTER.sub("", page) for page in pages_text(pdf)]


def orphan_endings(t: Texts, pack: ContentPack) -> list[str]:
    """What may never be the last thing on a page: every heading, a heading with its lead-in
    line, a subheading, and a card's question (it heads its answer)."""
    keys = (
        "visit.company visit.participants visit.busy visit.notes visit.tasks visit.next "
        "visit.openings visit.followups visit.notes_quick social.areas social.recognition consultants"
    )
    headings = [t(key) for key in keys.split()]
    headings += [p.title for p in pack.phases] + [f.title for f in pack.bubble_sheet.fields]
    endings = [*headings, f"{t('consultants')} {t('consultants_intro')}", pack.recognition.title]
    return endings + [c.text for c in pack.cards]


def assert_no_orphan(pdf: bytes, endings: list[str], step: int) -> None:
    for number, body in enumerate(page_bodies(pdf), start=1):
        for ending in endings:
            assert not body.endswith(ending), f"step {step}: page {number} ends with {ending!r}"


def test_kontakt_os_sits_on_the_page_of_the_first_contact_card(pack_da: ContentPack) -> None:
    # The newcomer's case: a few more follow-ups pushed "Kontakt os" and its lead-in line
    # to the bottom of a page and the cards to the next one.
    for step in SWEEP:
        extra = tuple(replace(sample.FOLLOWUPS[0], id=f"x{i}", title=f"Opfølgning {i}") for i in range(step))
        pdf = visit_summary_pdf(sample.visit_data(pack_da, followups=sample.FOLLOWUPS + extra))
        [page] = [p for p in page_bodies(pdf) if "Kontakt os" in p]
        after = page.split("Kontakt os", 1)[1]
        assert "Mette Sørensen" in after and "+45 72 36 00 00" in after, f"step {step}: {after!r}"


@pytest.mark.parametrize("language", ["da", "en"])
def test_no_heading_of_the_visit_summary_ends_a_page(pack_da: ContentPack, pack_en: ContentPack, language: str) -> None:
    pack = pack_da if language == "da" else pack_en
    endings = orphan_endings(Texts(language), pack)
    for step in SWEEP:
        extra = tuple(replace(sample.FOLLOWUPS[0], id=f"x{i}", title=f"Follow-up {i}") for i in range(step))
        data = sample.visit_data(pack, followups=sample.FOLLOWUPS + extra, megatrend_note="Linje\n" * (step % 7))
        assert_no_orphan(visit_summary_pdf(data, language=language), endings, step)


def test_no_heading_of_the_social_profile_ends_a_page(pack_da: ContentPack) -> None:
    endings = orphan_endings(Texts("da"), pack_da)
    base = sample.social_data(pack_da)
    for step in SWEEP:
        first = replace(base.areas[0], evidence=base.areas[0].evidence + "\nmere" * step)
        pdf = social_profile_pdf(replace(base, areas=(first, *base.areas[1:])))
        assert_no_orphan(pdf, endings, step)
