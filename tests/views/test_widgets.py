"""Long notes fold: the first lines with "Vis mere", and all of it with "Vis mindre"."""

from __future__ import annotations

import flet as ft
from hypothesis import given
from hypothesis import strategies as st

from views.widgets import FOLD_CHARS, folded, folding_text

LONG = " ".join(["Ståstol findes i pakkeriet, og der er plads til en ekstra pause om formiddagen."] * 6)


def test_a_short_note_is_shown_whole() -> None:
    assert folded("Ståstol findes i pakkeriet.") is None
    assert folded("x" * FOLD_CHARS) is None
    assert folded("en\nto\ntre\nfire\nfem") is None  # one line more than the fold is not worth a button
    control = folding_text("Ståstol findes.", more="Vis mere", less="Vis mindre")
    assert isinstance(control, ft.Text) and control.value == "Ståstol findes."


def test_a_long_note_shows_its_start_cut_at_a_word() -> None:
    start = folded(LONG)
    assert start is not None and start.endswith(" …")
    assert len(start) <= FOLD_CHARS + 2
    assert LONG.startswith(start[:-2])
    assert LONG[len(start) - 2] in " ,."  # the cut falls between words


def test_many_short_lines_fold_after_four() -> None:
    assert folded("1\n2\n3\n4\n5\n6\n7") == "1\n2\n3\n4 …"


@given(st.text(max_size=800))
def test_a_folded_note_is_the_start_of_the_note(text: str) -> None:
    start = folded(text)
    if start is not None:
        assert text.startswith(start[: -len(" …")])
        assert len(start) < len(text) + 2


def test_the_button_unfolds_and_folds_again() -> None:
    control = folding_text(LONG, more="Vis mere", less="Vis mindre")
    assert isinstance(control, ft.Column)
    body, toggle = control.controls
    assert isinstance(body, ft.Text) and isinstance(toggle, ft.TextButton)
    assert body.value == folded(LONG) and toggle.content == "Vis mere"
    toggle.on_click(None)  # type: ignore[misc]
    assert (body.value, toggle.content) == (LONG, "Vis mindre")
    toggle.on_click(None)  # type: ignore[misc]
    assert (body.value, toggle.content) == (folded(LONG), "Vis mere")
    assert (toggle.height or 0) >= 48
