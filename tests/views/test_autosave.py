"""Autosaved text fields: every keystroke to the record it was typed for, and no text
thrown away.

- The CPR guard, keystroke by keystroke: no version with a CPR number (or nine of its ten
  digits) is saved until the consultant has chosen; what is held back stays as a local
  draft (not synced), comes back when the field is drawn again, and leaving asks.
- The binding: a field saves to its own record whatever happened since it was drawn, and
  it saves the text its change event carried, not what the field holds when the handler
  runs (Flet applies a value on arrival and runs the handler later).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import flet as ft
from hypothesis import example, given, settings
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.privacy import MIN_HELD_DIGITS, find_cpr_numbers
from domain.text import clean_text
from storage.db import Store
from views.autosave import Autosaved, autosave, finish_typing, pending_drafts
from views.i18n import Translator


class FakePage:
    def update(self) -> None:
        pass


class FakeContext:
    """What ``autosave`` uses of the app's context: texts, the local store, the registry."""

    def __init__(self, store: Store) -> None:
        self.t = Translator("da")
        self.store = store
        self.page = FakePage()
        self.drafts: dict[str, Autosaved] = {}

    def error_text(self, error: InvalidInput) -> str:
        return self.t(f"error.{error.code}", **error.params)


@dataclass
class Event:
    data: str


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


def buttons(control: Any) -> list[str]:
    return [c.content for c in walk(control) if isinstance(c, ft.Button | ft.OutlinedButton)]


def texts(control: Any) -> str:
    return " ".join(c.value for c in walk(control) if isinstance(c, ft.Text))


def typed_at(field: ft.TextField, before: str, text: str, after: str) -> None:
    """Type ``text`` one keystroke at a time between ``before`` and ``after`` (the caret
    stands after ``before``), as the browser reports it."""
    for n in range(1, len(text) + 1):
        field.value = before + text[:n] + after
        field.on_change(Event(field.value))  # type: ignore[misc]


def typed(field: ft.TextField, text: str, start: str = "") -> None:
    """Type ``text`` one keystroke at a time after ``start``, as the browser reports it."""
    for n in range(1, len(text) + 1):
        field.value = start + text[:n]
        field.on_change(Event(field.value))  # type: ignore[misc]


def setup(
    store: Store, warning: ft.Column | None = None, key: str = "v1:answer"
) -> tuple[ft.TextField, list[str], FakeContext]:
    ctx = FakeContext(store)
    field = ft.TextField(label="Svar")
    saved: list[str] = []
    autosave(
        ctx,
        field,
        lambda v: saved.append(clean_text(v, field="answer", max_length=60)),
        draft=key,
        **({"warning": warning} if warning is not None else {}),
    )
    return field, saved, ctx


def test_ordinary_text_is_saved_on_every_keystroke(store: Store) -> None:
    field, saved, ctx = setup(store)
    typed(field, "Ring 97 12 34 56")
    assert saved[-1] == "Ring 97 12 34 56"
    assert len(saved) == len("Ring 97 12 34 56")
    assert field.error is None
    assert pending_drafts(ctx) == []


def test_a_cpr_number_typed_key_by_key_is_never_saved_but_kept_as_a_local_draft(store: Store) -> None:
    field, saved, ctx = setup(store)
    typed(field, "Per 010190-1234")
    # Not even the birthday: the versions saved on the way hold three of its digits at most,
    # and while the warning holds the text back the record is what it was before it was
    # typed (the field was drawn empty), not the stub "Per 010".
    assert all("0101" not in s for s in saved), saved
    assert "Per 010" in saved
    assert saved[-1] == ""
    assert "CPR-nummer (010190-1234)" in texts(field.error)
    # One clear pair of buttons while the warning shows.
    assert buttons(field.error) == ["Fjern nummeret", "Gem alligevel"]
    # Not thrown away: kept on the tablet as a draft, marked on screen, and asked about.
    assert store.get_state("draft:v1:answer") == "Per 010190-1234"
    assert "ligger som kladde på denne tablet" in texts(field.error)
    assert [d.label for d in pending_drafts(ctx)] == ["Svar"]


def test_the_draft_comes_back_when_the_field_is_drawn_again(store: Store) -> None:
    field, _saved, _ctx = setup(store)
    typed(field, "Per 010190-1234")
    again, saved, ctx = setup(store)  # the screen drawn anew, or the app restarted
    assert again.value == "Per 010190-1234"
    assert "010190-1234" in texts(again.error)
    assert saved == []
    assert pending_drafts(ctx)


def test_remove_the_number_shows_the_cleaned_text_before_saving_it(store: Store) -> None:
    field, saved, ctx = setup(store)
    typed(field, "Kontakt evt. 010190-1234s søster")
    before = list(saved)
    button(field.error, "Fjern nummeret").on_click(None)
    # A look first: the field shows the text without the number, nothing is saved yet.
    assert field.value == "Kontakt evt. søster"
    assert saved == before
    assert buttons(field.error) == ["Gem teksten", "Annuller"]
    # The draft stays the text as typed: the preview is not saved behind the screen.
    assert store.get_state("draft:v1:answer") == "Kontakt evt. 010190-1234s søster"
    assert [d.label for d in pending_drafts(ctx)] == ["Svar"]
    button(field.error, "Gem teksten").on_click(None)
    assert saved[-1] == "Kontakt evt. søster"
    assert field.error is None
    assert store.get_state("draft:v1:answer") == ""
    assert pending_drafts(ctx) == []


def test_a_preview_left_unsaved_comes_back_as_the_text_as_typed(store: Store) -> None:
    """The tab closed (or the screen redrawn) while the cleaned text showed: nothing was
    saved, and the field comes back with the text as typed and its warning."""
    field, saved, _ctx = setup(store)
    typed(field, "Kontakt evt. 010190-1234s søster")
    button(field.error, "Fjern nummeret").on_click(None)
    again, saved_again, ctx = setup(store)
    assert again.value == "Kontakt evt. 010190-1234s søster"
    assert "010190-1234" in texts(again.error)
    assert saved_again == []
    assert all("0101" not in s for s in saved)
    assert pending_drafts(ctx)


def test_cancel_brings_the_number_back_with_its_warning(store: Store) -> None:
    field, saved, _ctx = setup(store)
    typed(field, "Per 010190-1234 ringer")
    button(field.error, "Fjern nummeret").on_click(None)
    button(field.error, "Annuller").on_click(None)
    assert field.value == "Per 010190-1234 ringer"
    assert "010190-1234" in texts(field.error)
    assert all("010190" not in s for s in saved)


def test_save_anyway_saves_as_typed_and_goes_on_saving(store: Store) -> None:
    field, saved, _ctx = setup(store)
    typed(field, "Ordre 0101901234")
    assert saved[-1] == ""  # held back: the record as it was before the text was typed
    button(field.error, "Gem alligevel").on_click(None)
    assert saved[-1] == "Ordre 0101901234"
    assert field.error is None
    typed(field, " sendt", start="Ordre 0101901234")
    assert saved[-1] == "Ordre 0101901234 sendt"
    assert field.error is None
    # A second, different number warns again, and the record goes back to the text the
    # consultant chose to save ("Gem alligevel"), not to a version typed since.
    typed(field, " og 020202-1234", start="Ordre 0101901234 sendt")
    assert "Ordre 0101901234 sendt og 020" in saved
    assert saved[-1] == "Ordre 0101901234"
    assert "020202-1234" in texts(field.error)


def test_a_held_back_text_puts_back_what_the_record_held_when_its_field_was_last_shown(store: Store) -> None:
    """A card left with an answer and shown again: a number typed then puts the record back
    to that answer, not to what the card held when it was first drawn, nor to the stub."""
    ctx = FakeContext(store)
    field = ft.TextField(label="Svar", value="Familieejet.")
    saved: list[str] = []
    bound = autosave(ctx, field, saved.append, draft="v1:card")
    typed(field, " 40 ansatte.", start="Familieejet.")
    bound.retire()  # the next card
    bound.retire(False)  # and back
    typed(field, " Kontakt 010190-1234", start="Familieejet. 40 ansatte.")
    assert saved[-1] == "Familieejet. 40 ansatte."
    assert store.get_state("draft:v1:card") == "Familieejet. 40 ansatte. Kontakt 010190-1234"


def test_a_warning_column_from_the_caller_holds_the_warning(store: Store) -> None:
    column = ft.Column()
    field, saved, _ctx = setup(store, column)
    typed(field, "010190-1234")
    assert field.error is None
    assert "CPR-nummer" in texts(column)
    button(column, "Fjern nummeret").on_click(None)
    button(column, "Gem teksten").on_click(None)
    assert column.controls == []
    assert field.value == ""
    assert saved[-1] == ""


def test_a_number_that_may_grow_into_a_cpr_number_waits_for_what_follows(store: Store) -> None:
    field, saved, ctx = setup(store)
    typed(field, "Start 010125")
    assert saved[-1] == "Start 010"
    typed(field, " kl. 8", start="Start 010125")
    assert saved[-1] == "Start 010125 kl. 8"
    typed(field, " eller 020225", start="Start 010125 kl. 8")
    assert saved[-1] == "Start 010125 kl. 8 eller 020"
    field.on_blur(None)  # type: ignore[misc]
    assert saved[-1] == "Start 010125 kl. 8 eller 020225"
    # Leaving the screen (or the record) ends the typing too.
    typed(field, " 2012", start="Start 010125 kl. 8 eller 020225")
    assert saved[-1] == "Start 010125 kl. 8 eller 020225 201"
    finish_typing(ctx)
    assert saved[-1] == "Start 010125 kl. 8 eller 020225 2012"
    # Numbers that cannot start a CPR number are saved as they are typed.
    typed(field, "Tlf 97 12 34 56, kl. 1430, 8000 Aarhus, år 2024")
    assert saved[-1] == "Tlf 97 12 34 56, kl. 1430, 8000 Aarhus, år 2024"


def test_a_number_typed_before_the_caret_is_held_too(store: Store) -> None:
    field, saved, _ctx = setup(store)
    typed(field, "Ring til  i morgen")
    typed_at(field, "Ring til ", "120185-1234", " i morgen")
    assert all("1201" not in s for s in saved), saved
    assert "CPR-nummer (120185-1234)" in texts(field.error)


def test_deleting_the_last_digit_of_a_number_does_not_save_the_rest(store: Store) -> None:
    field, saved, _ctx = setup(store)
    typed(field, "Per 010190-1234")
    field.value = "Per 010190-123"
    field.on_change(Event(field.value))  # type: ignore[misc]
    assert all("0101" not in s for s in saved), saved


def test_a_refused_text_is_kept_as_a_draft_with_the_reason(store: Store) -> None:
    field, saved, ctx = setup(store)
    long = "x" * 61
    field.on_change(Event(long))  # type: ignore[misc]
    assert saved == []
    assert store.get_state("draft:v1:answer") == long
    assert field.error == ctx.t("error.text_too_long", length=61, limit=60) + " " + ctx.t("autosave.draft_marker")
    field.on_change(Event("x" * 59))  # type: ignore[misc]
    assert saved == ["x" * 59]
    assert store.get_state("draft:v1:answer") == ""


def test_control_characters_are_still_removed_with_a_message(store: Store) -> None:
    field, saved, _ctx = setup(store)
    field.on_change(Event("Navn\x07"))  # type: ignore[misc]
    assert saved[-1] == "Navn"
    assert field.value == "Navn"
    assert field.error == Translator("da")("error.control_chars")


def test_the_text_the_event_carried_is_saved_not_what_the_field_holds_by_then(store: Store) -> None:
    """Flet applies "abcdef" on arrival while the handler for "abc" still waits."""
    field, saved, _ctx = setup(store)
    field.value = "abcdef"
    field.on_change(Event("abc"))  # type: ignore[misc]
    assert saved == ["abc"]


# The CPR guard, as a kind: a CPR number typed one keystroke at a time, anywhere in any
# text. The rule (domain.privacy.cpr_being_typed): no version saved on the way holds more
# than its first three digits, and the whole number is never saved before a choice.

cpr_numbers = st.builds(
    lambda day, serial, dash: f"{day:%d%m%y}{'-' if dash else ''}{serial:04d}",
    st.dates(),
    st.integers(0, 9999),
    st.booleans(),
)
prose = st.text(alphabet=st.sampled_from("abc æøå.,:()\n0123456789-"), max_size=25)


@settings(max_examples=300, deadline=None)
@given(number=cpr_numbers, before=prose, after=prose)
@example(number="010190-1234", before="Kontakt evt. ", after="s søster")
@example(number="1201851234", before="Ring til ", after=" i morgen")
@example(number="300592-1111", before="Borger ", after="")
def test_no_saved_version_holds_more_than_three_digits_of_a_cpr_number_being_typed(
    tmp_path_factory: Any, number: str, before: str, after: str
) -> None:
    # A CPR number stands on its own: no digit or dash right next to it.
    before = before.rstrip("0123456789-") + ("" if not before or before[-1] in " \n" else " ")
    after = ("" if not after or after[0] in " \n" else " ") + after.lstrip("0123456789-")
    store = Store(tmp_path_factory.mktemp("cpr") / "x.db")
    try:
        field, saved, _ctx = setup(store)
        typed(field, before + after)
        already = list(saved)
        typed_at(field, before, number, after)
        *on_the_way, put_back = saved[len(already) :]
        # Once the warning shows, the record holds what it held before the text was typed
        # (the field was drawn empty), not a stub of it.
        assert put_back == ""
        for text in on_the_way:
            assert text.startswith(before) and text.endswith(after), text
            shown = text[len(before) : len(text) - len(after)]
            assert number.startswith(shown), (shown, number)
            assert sum(c.isdigit() for c in shown) < MIN_HELD_DIGITS, (text, number)
        assert find_cpr_numbers(field.value or "")  # and now the warning asks
    finally:
        store.close()


# The binding, as a kind: records shown one after another in fields of their own, with the
# browser's events arriving late (after the screen moved on), in any interleaving.

words = st.text(alphabet="abcdefg hij", min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(
    script=st.lists(
        st.one_of(
            st.tuples(st.just("type"), words),
            st.tuples(st.just("move"), st.integers(min_value=0, max_value=3)),
            st.tuples(st.just("deliver"), st.integers(min_value=0, max_value=5)),
        ),
        max_size=40,
    )
)
def test_every_keystroke_lands_on_the_record_its_field_showed(tmp_path_factory: Any, script: list[Any]) -> None:
    """However the events interleave with moving between records, each record ends with
    exactly the text last typed into its own field, and no record gets another's text."""
    store = Store(tmp_path_factory.mktemp("binding") / "x.db")
    try:
        ctx = FakeContext(store)
        records: dict[int, str] = {}
        fields: dict[int, ft.TextField] = {}
        shown = 0
        in_flight: list[tuple[ft.TextField, str]] = []  # events the app has not handled yet
        typed_in: dict[int, str] = {}

        def field_for(record: int) -> ft.TextField:
            if record not in fields:  # drawn the first time the record is shown
                field = ft.TextField(label=f"kort {record}")

                def save(value: str, record: int = record) -> None:
                    records[record] = value

                autosave(ctx, field, save, draft=f"v:{record}")
                fields[record] = field
            return fields[record]

        # The browser still shows the old field until the app has drawn the new one.
        on_screen = field_for(shown)
        for action, arg in script:
            if action == "type":
                text = (on_screen.value or "") + arg
                on_screen.value = text  # Flet applies the value on arrival...
                in_flight.append((on_screen, text))  # ...and runs the handler later
                typed_in[next(r for r, f in fields.items() if f is on_screen)] = text
            elif action == "move":
                shown = arg
                on_screen = field_for(shown)
            else:
                for field, text in in_flight[: arg + 1]:
                    field.on_change(Event(text))  # type: ignore[misc]
                del in_flight[: arg + 1]
        for field, text in in_flight:
            field.on_change(Event(text))  # type: ignore[misc]
        assert records == typed_in
    finally:
        store.close()
