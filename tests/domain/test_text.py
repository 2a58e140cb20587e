"""Free text: kept as typed, within 20,000 characters, without invisible control characters."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.text import MAX_TEXT, clean_line, clean_text, control_characters, fold, nfc, without_control_characters


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


@example("a\u030a\u200b")
@given(st.text())
def test_removing_control_characters_always_gives_savable_text(text: str) -> None:
    # The screens rely on this: after a control_chars refusal they save the cleaned text.
    cleaned = without_control_characters(text)
    assert control_characters(cleaned) == []
    assert clean_text(cleaned, field="note", max_length=len(nfc(cleaned))) == nfc(cleaned)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cf", "Cs", "Zl", "Zp"]) | st.sampled_from("\n\t")))
def test_text_without_invisible_characters_is_kept_as_typed_in_composed_form(text: str) -> None:
    if len(nfc(text)) <= MAX_TEXT:
        assert clean_text(text, field="note") == unicodedata.normalize("NFC", text)


# Composed form (NFC) --------------------------------------------------------------------

DECOMPOSED_AARHUS = "A\u030arhus"  # "Å" as "A" and a combining ring, as some programs paste it


def test_a_decomposed_letter_is_kept_composed() -> None:
    assert clean_text(DECOMPOSED_AARHUS, field="note") == "Århus"
    assert clean_line(f"  {DECOMPOSED_AARHUS} Havn ", field="name") == "Århus Havn"
    assert len(clean_text("a\u030a" * 20_000, field="note")) == 20_000  # counted as composed


def test_nfc_reaches_every_string_in_lists_and_dicts() -> None:
    value = {"o\u0308": ["A\u030a", 3, {"x": ("e\u0301", None, True)}], "n": 2.5}
    assert nfc(value) == {"ö": ["Å", 3, {"x": ("é", None, True)}], "n": 2.5}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in (*_strings(key), *_strings(item))]
    return []


@given(json_values)
def test_nfc_leaves_no_decomposed_string_and_changes_nothing_else(value: object) -> None:
    composed = nfc(value)
    assert all(unicodedata.is_normalized("NFC", s) for s in _strings(composed))
    assert nfc(composed) == composed
    decomposed_first = nfc(json_roundtrip_nfd(value))
    assert decomposed_first == composed or _has_colliding_keys(value)


def json_roundtrip_nfd(value: object) -> object:
    """``value`` with every string in its decomposed form (NFD)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFD", value)
    if isinstance(value, list):
        return [json_roundtrip_nfd(item) for item in value]
    if isinstance(value, dict):
        return {json_roundtrip_nfd(key): json_roundtrip_nfd(item) for key, item in value.items()}
    return value


def _has_colliding_keys(value: object) -> bool:
    # Two keys that differ only in their form become one key; nothing to compare then.
    if isinstance(value, dict):
        keys = [unicodedata.normalize("NFC", k) for k in value]
        return len(set(keys)) < len(keys) or any(_has_colliding_keys(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_colliding_keys(v) for v in value)
    return False


# Searching --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["århus", "Århus", "ÅRHUS", DECOMPOSED_AARHUS, "A\u030aRHUS", "\u200bÅrhus", "Å\u200brhus"]
)
def test_every_spelling_of_a_name_folds_alike(typed: str) -> None:
    assert fold(typed) == "århus"


def test_a_no_break_space_folds_to_a_space() -> None:
    assert fold("Ærø\u00a0A/S") == fold("Ærø\u202fa/s") == fold("ærø a/s") == "ærø a/s"


@given(st.text())
def test_folding_ignores_the_form_and_is_idempotent(text: str) -> None:
    assert fold(unicodedata.normalize("NFD", text)) == fold(text) == fold(unicodedata.normalize("NFC", text))
    assert fold(fold(text)) == fold(text)
    assert unicodedata.is_normalized("NFC", fold(text))
    assert control_characters(fold(text)) == []


# Invisible format characters ---------------------------------------------------------------

INVISIBLE = {
    "zero-width space": "\u200b",
    "byte order mark": "\ufeff",
    "left-to-right embedding": "\u202a",
    "right-to-left embedding": "\u202b",
    "pop directional formatting": "\u202c",
    "left-to-right override": "\u202d",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "right-to-left isolate": "\u2067",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "soft hyphen": "\u00ad",
    "word joiner": "\u2060",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner between letters": "\u200d",
    "arabic letter mark": "\u061c",
}


@pytest.mark.parametrize("invisible", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_format_character_is_refused_and_removed_like_a_control_character(invisible: str) -> None:
    pasted = f"Bager{invisible}iet på{invisible} torvet"
    with pytest.raises(InvalidInput) as caught:
        clean_text(pasted, field="note")
    assert (caught.value.field, caught.value.code) == ("note", "control_chars")  # the screens' usual notice
    assert control_characters(pasted) == [invisible, invisible]
    assert without_control_characters(pasted) == "Bageriet på torvet"
    with pytest.raises(InvalidInput):
        clean_line(f"O{invisible}le", field="author")


EMOJI_SEQUENCES = {
    "technologist": "👩‍💻",
    "family": "👨‍👩‍👧‍👦",
    "rainbow flag (selector before the joiner)": "🏳️‍🌈",
    "skin tone before the joiner": "👩🏽‍💻",
    "man construction worker": "👷‍♂️",
    "heart on fire": "❤️‍🔥",
    "flag of England (tags)": "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
}


@pytest.mark.parametrize("emoji", EMOJI_SEQUENCES.values(), ids=EMOJI_SEQUENCES.keys())
def test_a_joiner_inside_an_emoji_sequence_stays(emoji: str) -> None:
    text = f"Ny kollega {emoji} i lageret"
    assert control_characters(text) == []
    assert clean_text(text, field="note") == text
    assert without_control_characters(text) == text


def test_a_joiner_or_tag_outside_an_emoji_is_removed() -> None:
    assert without_control_characters("a\u200db 👩\u200d x\u200d💻 \U000e0067") == "ab 👩 x💻 "


emoji_chars = st.sampled_from(["👩", "👨", "👧", "💻", "🔥", "❤", "♂", "🌈", "🦺", "🧑"])
modifiers = st.sampled_from(["", "\ufe0f", "🏽", "🏻"])


@given(st.lists(st.tuples(emoji_chars, modifiers), min_size=2, max_size=6), st.text())
def test_any_emoji_zwj_sequence_survives_cleaning(parts: list[tuple[str, str]], around: str) -> None:
    sequence = "\u200d".join(e + m for e, m in parts)
    cleaned_around = without_control_characters(around)
    text = f"{cleaned_around} {sequence} {cleaned_around}"
    assert without_control_characters(text) == text


# No-break spaces ---------------------------------------------------------------------------


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"])
def test_a_no_break_space_is_a_space(space: str) -> None:
    assert clean_line(f"{space}Ole Hansen{space}", field="author") == "Ole Hansen"
    assert clean_text(f"12{space}500 kr.", field="note") == f"12{space}500 kr."
    assert control_characters(space) == []
