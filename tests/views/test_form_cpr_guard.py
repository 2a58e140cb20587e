"""The CPR guard at save, over every form that saves its free text with a button.

A table of every such form and field (the walk-around's task form and its edit dialog,
positions and their lines and the area they go to, follow-ups done and added, job
openings, hires, participants and their contact, the board's update dialog, a conflict's
merged text, the company form). Each row is driven
through the real controls, as the browser's events reach them: a CPR-like number typed
into the field, the form's save pressed. Then nothing reaches the store (no change in the
outbox holds the number), and the warning names the field and offers one pair of
buttons, as the cards' warning does: "Fjern nummeret" and "Gem alligevel" (issue 9 item
2; a third "Annuller" made three). "Gem alligevel" stores the text as typed, "Fjern
nummeret" shows the text without the number in the field and stores it on "Gem teksten",
and editing the field takes the warning away with nothing stored (in a dialog, its own
buttons come back).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import flet as ft
import pytest
from sqlalchemy import select

from domain.company import CompanyDraft
from domain.tasks import OpeningDraft, TaskDraft
from domain.visit import VisitSummary
from storage import followups, office, repo, visit_records
from storage.db import Store
from storage.models import OutboxEntry
from tests.views.fake_app import FakePage, app_context
from tests.views.handlers import run_to_end
from tests.views.test_autosave import Event
from views import board, closing, company, participants, positions, sync_ui, walkaround
from views import followups as followup_screen
from views.context import AppContext
from views.i18n import Translator

T = Translator("da")
NUMBER = "010190-1234"
TYPED = f"Per {NUMBER} ringer"
CLEANED = "Per ringer"


@dataclass
class World:
    store: Store
    ctx: AppContext
    page: FakePage
    visit: VisitSummary
    company_id: str
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world(store: Store, tmp_path: Path) -> World:
    ctx = app_context(store, tmp_path)
    page: FakePage = ctx.page  # type: ignore[assignment]
    company_id = repo.save_company(store, draft=CompanyDraft(name="Fynbo Emballage"))
    visit_id = repo.create_visit(store, company_id=company_id, content_version=ctx.pack.version)
    found = repo.get_visit(store, visit_id=visit_id)
    assert found is not None
    return World(store, ctx, page, found[0], company_id)


# Finding and driving the real controls ---------------------------------------------------


def walk(control: Any) -> Iterator[Any]:
    """Every control on show under ``control`` (a hidden one and what it holds left out)."""
    if isinstance(control, ft.Control) and control.visible is False:
        return
    yield control
    for name in ("content", "controls", "actions", "title", "leading", "subtitle", "trailing"):
        child = getattr(control, name, None)
        for c in child if isinstance(child, list) else [child]:
            if isinstance(c, ft.Control):
                yield from walk(c)


def words(control: Any) -> str:
    if isinstance(control, str):
        return control
    value = getattr(control, "value", None)
    return value if isinstance(value, str) else ""


def buttons(root: Any) -> dict[str, Any]:
    """The buttons on show by their words."""
    found = {}
    for c in walk(root):
        if getattr(c, "on_click", None) is not None and words(getattr(c, "content", None)):
            found[words(c.content)] = c
    return found


def text_field(root: Any, label: str) -> ft.TextField:
    return next(c for c in walk(root) if isinstance(c, ft.TextField) and c.label == label)


def texts(root: Any) -> str:
    return " ".join(c.value for c in walk(root) if isinstance(c, ft.Text) and isinstance(c.value, str))


def click(root: Any, label: str) -> None:
    """Tap the button that says ``label`` and run what it does to the end."""
    handler = buttons(root)[label].on_click
    run_to_end(handler(None))


def type_into(field: ft.TextField, text: str) -> None:
    """The browser reports the field's new text (Flet applies it, then runs the handler)."""
    field.value = text
    if field.on_change is not None:
        field.on_change(Event(text))  # type: ignore[misc]


def stored_texts(store: Store) -> list[str]:
    """Every text in a change the tablet saved (the outbox holds each one until it is sent)."""
    out: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    with store.read() as s:
        for entry in s.scalars(select(OutboxEntry)).all():
            collect(entry.fields)
    return out


# The forms -------------------------------------------------------------------------------


def on_screen(controls: list[ft.Control]) -> ft.Control:
    return ft.Column(controls)


def last_dialog(w: World) -> Any:
    return w.page.dialogs[-1]


def walk_task_form(w: World) -> Any:
    return on_screen(walkaround.walkaround_controls(w.ctx, visit=w.visit))


def a_task(w: World) -> Any:
    task_id = visit_records.save_task(
        w.store,
        visit_id=w.visit.id,
        draft=TaskDraft(area="Lager", title="Pakke kasser"),
        author="Ole",
        green_ids=[],
        accommodation_ids=[],
    )
    w.extra["before"] = stored_texts(w.store)
    return next(t for t in visit_records.tasks(w.store, visit_id=w.visit.id) if t.id == task_id)


def walk_task_editor(w: World) -> Any:
    walkaround._edit_dialog(w.ctx, w.visit, a_task(w), on_done=lambda: None)
    return last_dialog(w)


def positions_screen(w: World) -> Any:
    return on_screen(positions.positions_controls(w.ctx, visit=w.visit))


def position_lines(w: World) -> Any:
    visit_records.add_position(w.store, visit_id=w.visit.id, title="Lagermedarbejder", author="Ole")
    return positions_screen(w)


def area_dialog(w: World) -> Any:
    position_id = visit_records.add_position(w.store, visit_id=w.visit.id, title="Lager", author="Ole")
    line = visit_records.add_position_line(
        w.store, visit_id=w.visit.id, position_id=position_id, title="Folde kasser", hours="5"
    )
    visit_records.mark_position_line(w.store, line_id=line, other_profile=True)

    def convert(area: str) -> list[str]:
        return visit_records.convert_position(
            w.store, visit_id=w.visit.id, position_id=position_id, area=area, author="Ole"
        )

    positions._ask_area(w.ctx, w.visit, position="Lager", count=1, convert=convert, done=lambda _: None)
    return last_dialog(w)


def followup_done(w: World) -> Any:
    followups.add_followup(w.store, visit_id=w.visit.id, title="Ring igen", owner="Ole", due=date.today(), author="Ole")
    [f] = followups.followups(w.store, visit_id=w.visit.id, include_done=True)
    followup_screen._done_dialog(w.ctx, f, lambda: None)
    return last_dialog(w)


def closing_screen(w: World) -> Any:
    a_task(w)  # a job opening is made from the tasks spotted
    root = on_screen(closing.closing_controls(w.ctx, visit=w.visit))
    due = (date.today() + timedelta(days=7)).strftime("%d-%m-%Y")
    type_into(text_field(root, T("closing.followup_due")), due)
    type_into(text_field(root, T("closing.followup_owner")), "Ole")
    box = next(c for c in walk(root) if isinstance(c, ft.Checkbox) and c.semantics_label == "Pakke kasser")
    box.value = True  # the opening is made from this task
    box.on_change(ft.Event("change", box))  # type: ignore[misc]
    return root


def hire_dialog(w: World) -> Any:
    task = a_task(w)
    draft = OpeningDraft(title="Pakkemedhjælper", task_ids=(task.id,), owner="Ole")
    opening_id = followups.create_opening(w.store, visit_id=w.visit.id, draft=draft, author="Ole")
    [opening] = [o for o in followups.openings(w.store, visit_id=w.visit.id) if o.id == opening_id]
    closing._hire_dialog(w.ctx, opening, lambda: None)
    return last_dialog(w)


def people_screen(w: World) -> Any:
    _summary, prep, _ = repo.get_visit(w.store, visit_id=w.visit.id)  # type: ignore[misc]
    return on_screen(participants.participants_controls(w.ctx, visit=w.visit, prep=prep))


def contact_dialog(w: World) -> Any:
    visit_records.add_participant(
        w.store, visit_id=w.visit.id, name="Ole", organisation="", role="S", phone="97 12 34 56"
    )
    root = people_screen(w)
    click(root, T("people.contact"))
    return last_dialog(w)


def board_dialog(w: World) -> Any:
    hire_dialog(w)  # an opening on the board
    w.page.dialogs.clear()
    [opening] = office.board(w.store)
    board._update_dialog(w.ctx, opening, lambda: None, [], {})
    return last_dialog(w)


def conflict_screen(w: World) -> Any:
    """A text two tablets changed at once (made by the server's merge, pulled)."""
    w.store.save(
        "conflict",
        str(uuid.uuid4()),
        {"entity": "company", "record_id": w.company_id, "field": "earlier_cooperation", "value": "Praktik 2024"},
    )
    return sync_ui.conflicts_view(w.ctx)


def company_screen(w: World) -> Any:
    return on_screen(company.company_controls(w.ctx, company_id=w.company_id))


@dataclass(frozen=True)
class Row:
    """One free-text field of a form that saves with a button."""

    form: str
    open: Callable[[World], Any]  # draws the form; returns what holds it (a screen or a dialog)
    field: str  # the field's label key
    save: str  # the save button's words key
    fill: tuple[tuple[str, str], ...] = ()  # other fields a save needs, by label key
    typed: str = TYPED
    cleaned: str = CLEANED
    dialog: bool = False


TITLE = (("walk.title", "Folde kasser"),)
ROWS = [
    *(Row("walk-around task", walk_task_form, f, "walk.save", TITLE) for f in ("walk.area", "walk.done_by")),
    Row("walk-around task", walk_task_form, "walk.title", "walk.save"),
    Row("walk-around task", walk_task_form, "walk.accommodation_note", "walk.save", TITLE),
    Row("walk-around task, changed", walk_task_editor, "walk.title", "walk.save_changes", dialog=True),
    Row("walk-around task, changed", walk_task_editor, "walk.accommodation_note", "walk.save_changes", dialog=True),
    Row("position", positions_screen, "walk.positions.new", "walk.positions.add"),
    Row(
        "position line",
        position_lines,
        "walk.positions.line_title",
        "walk.positions.add_line",
        (("walk.positions.line_hours", "5"),),
    ),
    Row("positions to the walk-around", area_dialog, "walk.area", "walk.positions.area_confirm", dialog=True),
    Row("follow-up done", followup_done, "followups.done_note", "followups.confirm_done", dialog=True),
    Row("follow-up", closing_screen, "closing.followup_what", "closing.followup_add"),
    Row(
        "follow-up",
        closing_screen,
        "closing.followup_owner",
        "closing.followup_add",
        (("closing.followup_what", "Ring igen"),),
    ),
    *(
        Row("job opening", closing_screen, f, "closing.opening_create", (("closing.opening_title", "Pakker"),))
        for f in ("closing.opening_owner", "closing.opening_requirements")
    ),
    Row("job opening", closing_screen, "closing.opening_title", "closing.opening_create"),
    Row("hire", hire_dialog, "closing.hire_owner", "closing.hire_save", dialog=True),
    Row("participant", people_screen, "people.name", "people.add_button"),
    Row("participant", people_screen, "people.organisation", "people.add_button", (("people.name", "Ole"),)),
    Row(
        "participant",
        people_screen,
        "people.phone",
        "people.add_button",
        (("people.name", "Ole"),),
        typed=NUMBER,
        cleaned="",
    ),
    Row(
        "participant's contact",
        contact_dialog,
        "people.phone",
        "people.contact_save",
        typed=NUMBER,
        cleaned="",
        dialog=True,
    ),
    Row("job board", board_dialog, "board.owner_field", "board.save", dialog=True),
    Row("conflict", conflict_screen, "conflict.merge", "conflict.save_merge"),
    *(
        Row("company", company_screen, f, "company.save")
        for f in ("company.address", "company.industry", "company.contact_name", "company.earlier_cooperation")
    ),
]


def label(key: str) -> str:
    return T(key)


def drawn(row: Row, w: World) -> tuple[Any, ft.TextField, list[str]]:
    """The form of ``row`` drawn, its other fields filled in, the number typed into its
    field and save pressed; the form's holder, the field, and the texts stored before
    save was pressed."""
    root = row.open(w)
    for key, value in row.fill:
        type_into(text_field(root, label(key)), value)
    target = next(
        c
        for c in walk(root)
        if isinstance(c, ft.TextField) and str(c.label or "").removesuffix(" *") == label(row.field)
    )
    type_into(target, row.typed)
    before = stored_texts(w.store)
    w.extra["buttons"] = set(buttons(root))
    click(root, label(row.save))
    return root, target, before


def no_number_stored(w: World) -> bool:
    return all(NUMBER not in text for text in stored_texts(w.store))


ids = [f"{r.form}: {T(r.field)}" for r in ROWS]


@pytest.mark.parametrize("row", ROWS, ids=ids)
def test_a_cpr_number_stops_the_save_and_save_anyway_stores_it_as_typed(row: Row, world: World) -> None:
    root, field, before = drawn(row, world)
    assert no_number_stored(world)
    assert stored_texts(world.store) == before, "nothing at all is saved before the choice"
    warning = texts(root)
    assert f"CPR-nummer ({NUMBER})" in warning
    assert f"»{field.label}«" in warning, "the warning names the field"
    shown = buttons(root)
    assert set(shown) - world.extra["buttons"] == {"Fjern nummeret", "Gem alligevel"}, "one pair of buttons"
    if row.dialog:  # one set of choices at a time: the dialog's own buttons are hidden
        assert label(row.save) not in shown and "Annuller" not in shown
    assert field.value == row.typed
    click(root, "Gem alligevel")
    assert row.typed in stored_texts(world.store)
    assert "CPR-nummer" not in texts(root)


@pytest.mark.parametrize("row", ROWS, ids=ids)
def test_remove_the_number_shows_the_cleaned_text_then_stores_it(row: Row, world: World) -> None:
    root, field, before = drawn(row, world)
    click(root, "Fjern nummeret")
    assert field.value == row.cleaned, "a look at the text without the number first"
    assert stored_texts(world.store) == before
    assert {"Gem teksten", "Annuller"} <= set(buttons(root))
    click(root, "Gem teksten")
    assert no_number_stored(world)
    if row.cleaned:
        assert row.cleaned in stored_texts(world.store)
    else:
        assert stored_texts(world.store) != before


@pytest.mark.parametrize("row", ROWS, ids=ids)
def test_editing_the_field_takes_the_warning_away_and_stores_nothing(row: Row, world: World) -> None:
    root, field, _before = drawn(row, world)
    edited = row.typed + " i morgen"
    type_into(field, edited)
    assert field.value == edited
    assert "CPR-nummer" not in texts(root)
    assert "Fjern nummeret" not in buttons(root)
    assert label(row.save) in buttons(root), "the form's own save is back"
    assert no_number_stored(world)
    # Saving again asks again: nothing was chosen.
    click(root, label(row.save))
    assert "CPR-nummer" in texts(root)
    assert no_number_stored(world)
