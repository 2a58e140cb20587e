"""Free text: kept as typed, within 20,000 characters, without invisible control characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.text import MAX_TEXT, clean_text, control_characters, without_control_characters


def test_the_limit_is_20000() -> None:
    assert MAX_TEXT == 20_000


def test_exactly_20000_characters_are_accepted() -> None:
    text = "æ" * 20_000
    assert clean_text(text, field="answer") == text


def test_20001_characters_are_refused_with_length_and_limit() -> None:
    with pytest.raises(InvalidInput) as caught:
        clean_text("a" * 20_001, field="answer")
    error = caught.value
    assert error.field == "answer"
    assert error.code == "text_too_long"
    assert error.params == {"length": 20_001, "limit": 20_000}


def test_a_long_paste_is_refused_whole_not_cut() -> None:
    with pytest.raises(InvalidInput) as caught:
        clean_text("ord " * 10_000, field="note")
    assert caught.value.params["length"] == 40_000


def test_line_ends_are_normalised_before_counting() -> None:
    assert clean_text("a\r\nb\rc\nd", field="note") == "a\nb\nc\nd"
    # 30,000 characters as pasted, 20,000 once "\r\n" has become "\n": accepted.
    assert clean_text("x\r\n" * 10_000, field="note") == "x\n" * 10_000


def test_newline_and_tab_are_kept() -> None:
    text = "Punkter:\n\t- løn\n\t- timer\n"
    assert clean_text(text, field="note") == text
    assert control_characters(text) == []


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x08", "\x1b[31m", "\x7f", "\x0b", "\x0c", "\x85"])
def test_control_characters_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        clean_text(f"før{bad}efter", field="note")
    assert caught.value.code == "control_chars"
    assert caught.value.field == "note"


def test_control_characters_lists_only_forbidden_ones() -> None:
    assert control_characters("a\tb\nc\x00d\x1b") == ["\x00", "\x1b"]


def test_without_control_characters_removes_them_and_keeps_the_rest() -> None:
    pasted = "Status:\x1b[0m ok\x00\r\n\tnæste\rlinje\x07"
    assert without_control_characters(pasted) == "Status:[0m ok\n\tnæste\nlinje"


def test_danish_letters_are_kept() -> None:
    text = "Æblehaven på Ærø – søren@æøå.dk, ÆØÅ æøå"
    assert clean_text(text, field="note") == text
    assert without_control_characters(text) == text


def test_none_is_empty_text() -> None:
    assert clean_text(None, field="note") == ""


def test_single_line_is_stripped_and_refuses_newlines() -> None:
    assert clean_text("  Ole  ", field="author", multiline=False) == "Ole"
    with pytest.raises(InvalidInput) as caught:
        clean_text("Ole\nHansen", field="author", multiline=False)
    assert caught.value.code == "single_line"


@given(st.text())
def test_removing_control_characters_always_gives_savable_text(text: str) -> None:
    # The screens rely on this: after a control_chars refusal they save the cleaned text.
    cleaned = without_control_characters(text)
    assert control_characters(cleaned) == []
    assert clean_text(cleaned, field="note", max_length=len(cleaned)) == cleaned


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"]) | st.sampled_from("\n\t")))
def test_text_without_control_characters_is_kept_as_typed(text: str) -> None:
    if len(text) <= MAX_TEXT:
        assert clean_text(text, field="note") == text
