"""A pack text's "[...]" placeholder ("[tidligere samarbejde]", "[opgave]") is for the
consultant to fill in aloud; it never reaches a printed report. The sentence that holds
it is left out, and the rest of the card's question is printed with its answer."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.content import ContentPack
from domain.visit import CardState
from reports import card_answers, visit_summary_pdf
from reports.data import without_placeholders
from tests.reports import sample
from tests.reports.conftest import text
from tests.reports.test_contacts import all_reports

PLACEHOLDER = re.compile(r"\[[^\]]*\]")


def cards_with_placeholders(pack: ContentPack) -> list[str]:
    return [card.id for card in pack.cards if PLACEHOLDER.search(card.text)]


@pytest.mark.parametrize("language", ["da", "en"])
def test_an_answered_card_with_a_placeholder_prints_without_it(
    pack_da: ContentPack, pack_en: ContentPack, language: str
) -> None:
    pack = pack_da if language == "da" else pack_en
    ids = cards_with_placeholders(pack)
    assert ids, "the packs have such cards (opening-06, tasks-03, tasks-08)"
    for card_id in ids:
        answer = f"Svaret på {card_id}"
        states = [CardState(card_id=card_id, asked=True, answer=answer)]
        pdf = visit_summary_pdf(sample.visit_data(pack, card_answers=card_answers(pack, states)), language=language)
        content = text(pdf)
        assert answer in content
        assert not PLACEHOLDER.search(content), (card_id, PLACEHOLDER.findall(content))
        [question] = card_answers(pack, states)
        assert question.question and question.question in content, card_id  # the rest of the question stays


@pytest.mark.parametrize("language", ["da", "en"])
def test_no_report_prints_a_placeholder_with_every_card_answered(
    pack_da: ContentPack, pack_en: ContentPack, language: str
) -> None:
    pack = pack_da if language == "da" else pack_en
    states = [CardState(card_id=c.id, asked=True, answer="Ja.") for c in pack.cards]
    full = visit_summary_pdf(sample.visit_data(pack, card_answers=card_answers(pack, states)), language=language)
    for report, pdf in {**all_reports(pack), "visit summary, every card": full}.items():
        found = PLACEHOLDER.findall(text(pdf))
        assert not found, (report, found)


SENTENCE = st.text(alphabet="abcæøå ,", min_size=1, max_size=30).map(lambda s: s.strip(" ,") or "ord")


@given(st.lists(st.tuples(SENTENCE, st.booleans(), st.sampled_from(".?!")), min_size=1, max_size=6))
def test_only_the_sentences_with_a_placeholder_are_left_out(parts: list[tuple[str, bool, str]]) -> None:
    text_in = " ".join(f"{words} [{words}]{end}" if marked else f"{words}{end}" for words, marked, end in parts)
    kept = " ".join(f"{words}{end}" for words, marked, end in parts if not marked)
    assert without_placeholders(text_in) == kept
