"""Autosaved text fields and the CPR guard, keystroke by keystroke: no version with a CPR
number (or nine of its ten digits) is saved until the consultant has chosen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import flet as ft

from domain.errors import InvalidInput
from domain.text import clean_text
from views.bubbles import cpr_being_typed
from views.context import AppContext
from views.i18n import Translator
from views.preparation import autosave


class FakeContext:
    def __init__(self) -> None:
        self.t = Translator("da")

    def error_text(self, error: InvalidInput) -> str:
        return self.t(f"error.{error.code}", **error.params)


def walk(control: Any) -> Iterator[Any]:
    yield control
    for name in ("content", "controls"):
        child = getattr(control, name, None)
        if isinstance(child, list):
            for c in child:
                yield from walk(c)
        elif isinstance(child, ft.Control):
            yield from walk(child)


def button(control: Any, label: str) -> Any:
    return next(c for c in walk(control) if isinstance(c, ft.Button | ft.OutlinedButton) and c.content == label)


def texts(control: Any) -> str:
    return " ".join(c.value for c in walk(control) if isinstance(c, ft.Text))


def typed(field: ft.TextField, text: str, start: str = "") -> None:
    """Type ``text`` one keystroke at a time after ``start``."""
    for n in range(1, len(text) + 1):
        field.value = start + text[:n]
        field.on_change(None)  # type: ignore[misc]


def setup(warning: ft.Column | None = None) -> tuple[ft.TextField, list[str]]:
    field = ft.TextField()
    saved: list[str] = []
    autosave(
        cast(AppContext, FakeContext()),
        field,
        lambda v: saved.append(clean_text(v, field="answer")),
        **({"warning": warning} if warning is not None else {}),
    )
    return field, saved


def test_ordinary_text_is_saved_on_every_keystroke() -> None:
    field, saved = setup()
    typed(field, "Ring 97 12 34 56")
    assert saved[-1] == "Ring 97 12 34 56"
    assert len(saved) == len("Ring 97 12 34 56")
    assert field.error is None


def test_a_cpr_number_typed_key_by_key_is_never_saved() -> None:
    field, saved = setup()
    typed(field, "Per 010190-1234")
    # Not even the birth date: the last version saved stops one digit short of it.
    assert all("010190" not in s for s in saved), saved
    assert saved[-1] == "Per 01019"
    assert field.error is not None
    assert "CPR-nummer (010190-1234)" in texts(field.error)


def test_remove_the_number_saves_the_text_without_it() -> None:
    field, saved = setup()
    typed(field, "Per 010190-1234 ringer")
    assert all("010190" not in s for s in saved)
    button(field.error, "Fjern nummeret").on_click(None)
    assert field.value == "Per ringer"
    assert saved[-1] == "Per ringer"
    assert field.error is None


def test_save_anyway_saves_as_typed_and_goes_on_saving() -> None:
    field, saved = setup()
    typed(field, "Ordre 0101901234")
    assert saved[-1] == "Ordre 01019"
    button(field.error, "Gem alligevel").on_click(None)
    assert saved[-1] == "Ordre 0101901234"
    assert field.error is None
    typed(field, " sendt", start="Ordre 0101901234")
    assert saved[-1] == "Ordre 0101901234 sendt"
    assert field.error is None
    # A second, different number warns again.
    typed(field, " og 020202-1234", start="Ordre 0101901234 sendt")
    assert saved[-1] == "Ordre 0101901234 sendt og 02020"
    assert "020202-1234" in texts(field.error)


def test_a_warning_column_from_the_caller_holds_the_warning() -> None:
    column = ft.Column()
    field, saved = setup(column)
    typed(field, "010190-1234")
    assert field.error is None
    assert "CPR-nummer" in texts(column)
    button(column, "Fjern nummeret").on_click(None)
    assert column.controls == []
    assert field.value == ""
    assert saved[-1] == ""


def test_a_date_at_the_end_waits_for_the_next_keystroke() -> None:
    field, saved = setup()
    typed(field, "Start 010125")
    assert saved[-1] == "Start 01012"
    typed(field, " kl. 8", start="Start 010125")
    assert saved[-1] == "Start 010125 kl. 8"


def test_control_characters_are_still_removed_with_a_message() -> None:
    field, saved = setup()
    field.value = "Navn\x07"
    field.on_change(None)  # type: ignore[misc]
    assert saved[-1] == "Navn"
    assert field.value == "Navn"
    assert field.error == Translator("da")("error.control_chars")


def test_what_counts_as_a_cpr_number_being_typed() -> None:
    assert cpr_being_typed("ring 010190")
    assert cpr_being_typed("ring 010190-")
    assert cpr_being_typed("ring 0101901")
    assert cpr_being_typed("ring 010190-123")
    assert not cpr_being_typed("ring 010190-1234")  # complete: the warning takes over
    assert not cpr_being_typed("ring 320190")  # not a date
    assert not cpr_being_typed("ring 01019")
    assert not cpr_being_typed("ring 010190 ")
    assert not cpr_being_typed("tlf 12345678")
