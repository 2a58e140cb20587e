"""Every text style the views build carries the fonts the theme falls back on.

The theme names DejaVu Sans, Noto Emoji and Noto Sans Arabic as the fallback of its text
styles (views/theme.py), so that the offline web client draws emoji, arrows and Arabic.
A control that sets its own text style (a button's ``ButtonStyle(text_style=...)``, a
field's ``label_style``) replaces the theme's style, fallback and all: in the issue 9
trial 🐟 in a participant's name was an empty box in the who-writes buttons and nowhere
else. So every screen and dialog is drawn here from a tablet whose records hold such
names, and every text style anywhere in its controls must name the fallback, as the
theme's do; and, for what no seeded screen draws, every ``ft.TextStyle(...)`` written in
views/ must pass it.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import flet as ft
import pytest

from domain.records import QUICK_NOTE
from domain.tasks import TaskDraft
from settings import Settings
from storage import followups, office, repo, visit_records
from storage.content import LoadedPack, load_pack
from storage.db import Store
from tests.e2e.seed import seed_outcomes
from views import app, board, closing, sync_ui, theme, visit_shell, walkaround
from views import followups as followup_screen
from views.context import AppContext
from views.quick_note import quick_note_dialog

VIEWS = Path(__file__).resolve().parents[2] / "views"
NAME = "Amira Haddad 🐟"
LONG_NOTE = " ".join(["Ståstol findes i pakkeriet ☕ → plads til en ekstra pause om formiddagen."] * 6)


class FakePage:
    """What the screens use of the page: a width, redraws (nothing to draw) and dialogs."""

    width = 800
    route = "/"

    def __init__(self) -> None:
        self.dialogs: list[Any] = []

    def update(self) -> None:
        pass

    def show_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog)

    def pop_dialog(self) -> None:
        if self.dialogs:
            self.dialogs.pop()

    def run_task(self, handler: Any, *args: Any) -> None:
        pass  # what a screen does once it is on show (scrolling a chip into view)


@functools.cache
def packs() -> dict[str, LoadedPack]:
    return {"da": load_pack("da"), "en": load_pack("en")}


@pytest.fixture(scope="module")
def tablet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppContext, dict[str, str]]]:
    """A tablet with visits, tasks, openings, hires (tests.e2e.seed) and follow-ups (one overdue, one done),
    a position, a long note, and a participant whose name holds an emoji, who writes."""
    data = tmp_path_factory.mktemp("tablet")
    ids = seed_outcomes(data)
    store = Store(data / "feltmappe.db")
    visit = ids["visit2"]
    visit_records.add_participant(store, visit_id=visit, name=NAME, organisation="Jobcenter", role="S")
    visit_records.add_participant(store, visit_id=visit, name="Jens Nielsen", role="S")
    visit_records.set_writer(store, visit_id=visit, name=NAME)
    overdue = followups.add_followup(
        store, visit_id=visit, title="Ring til Lone ☎", owner=NAME, due=date.today() - timedelta(days=3), author=NAME
    )
    done = followups.add_followup(store, visit_id=visit, title="Send CV'er", owner=NAME, due=date.today(), author=NAME)
    followups.complete_followup(store, followup_id=done, note="Sendt ✓")
    ids["overdue"] = overdue
    position = visit_records.add_position(store, visit_id=visit, title="Lagerarbejder", author=NAME)
    visit_records.add_position_line(store, visit_id=visit, position_id=position, title="Pakke", hours="4")
    visit_records.add_note(store, visit_id=visit, field=QUICK_NOTE, text=LONG_NOTE, author=NAME)
    ctx = AppContext(page=FakePage(), store=store, settings=Settings(data_dir=data), packs=packs())  # type: ignore[arg-type]
    yield ctx, ids
    store.close()


# Finding every text style ----------------------------------------------------------------


def styles(thing: Any, where: str = "", seen: set[int] | None = None) -> Iterator[tuple[str, ft.TextStyle]]:
    """Every ``ft.TextStyle`` anywhere under ``thing`` (a control, a style, a list or dict
    of them), with the path of attribute names that leads to it."""
    seen = set() if seen is None else seen
    if id(thing) in seen or isinstance(thing, str | int | float | bool | type(None)) or callable(thing):
        return
    seen.add(id(thing))
    if isinstance(thing, ft.TextStyle):
        yield where, thing
    elif isinstance(thing, list | tuple):
        for n, item in enumerate(thing):
            yield from styles(item, f"{where}[{n}]", seen)
    elif isinstance(thing, dict):
        for key, item in thing.items():
            yield from styles(item, f"{where}[{key}]", seen)
    elif dataclasses.is_dataclass(thing):
        for f in dataclasses.fields(thing):
            if not f.name.startswith(("_", "on_")) and f.name != "data":
                yield from styles(getattr(thing, f.name, None), f"{where}.{type(thing).__name__}.{f.name}", seen)


def without_fallback(root: Any) -> list[str]:
    """Where under ``root`` a text style lacks the theme's fallback fonts, or names a
    family of its own (the theme's styles name none)."""
    return [
        where
        for where, style in styles(root)
        if (style.font_family, style.font_family_fallback) != (None, theme.FALLBACK)
    ]


# The screens and dialogs -------------------------------------------------------------------


def visit_of(ctx: AppContext, ids: dict[str, str]) -> Any:
    found = repo.get_visit(ctx.store, visit_id=ids["visit2"])
    assert found is not None
    return found[0]


def writer_picker(ctx: AppContext, ids: dict[str, str]) -> None:
    visit_shell.writer_dialog(ctx, ids["visit2"], asking=True)


def sync_sheet(ctx: AppContext, ids: dict[str, str]) -> None:
    sync_ui.open_sync_sheet(ctx)


def quick_note(ctx: AppContext, ids: dict[str, str]) -> None:
    async def saved() -> None:
        pass

    quick_note_dialog(ctx, visit_id=ids["visit2"], on_saved=saved)


def task_editor(ctx: AppContext, ids: dict[str, str]) -> None:
    visit = visit_of(ctx, ids)
    visit_records.save_task(
        ctx.store,
        visit_id=visit.id,
        draft=TaskDraft(area="Lager", title="Pakke kasser 📦"),
        author=NAME,
        green_ids=[],
        accommodation_ids=[],
    )
    task = visit_records.tasks(ctx.store, visit_id=visit.id)[-1]
    walkaround._edit_dialog(ctx, visit, task, on_done=lambda: None)


def followup_done(ctx: AppContext, ids: dict[str, str]) -> None:
    shown = followups.followups(ctx.store)
    followup_screen._done_dialog(ctx, next(f for f in shown if f.id == ids["overdue"]), lambda: None)


def board_update(ctx: AppContext, ids: dict[str, str]) -> None:
    openings = office.board(ctx.store)
    board._update_dialog(ctx, openings[0], lambda: None, [NAME], {})


def hire(ctx: AppContext, ids: dict[str, str]) -> None:
    opening = followups.openings(ctx.store, visit_id=ids["visit2"])[0]
    closing._hire_dialog(ctx, opening, lambda: None)


DIALOGS: dict[str, Callable[[AppContext, dict[str, str]], None]] = {
    "who writes": writer_picker,
    "sync sheet": sync_sheet,
    "quick note": quick_note,
    "task editor": task_editor,
    "follow-up done": followup_done,
    "board update": board_update,
    "hire": hire,
}


ROUTE_KINDS = [
    "/",
    "/settings",
    "/followups",
    "/board",
    "/outcomes",
    "/conflicts",
    "/visit/new",
    "/company/new",
    *(f"visit:{tab}" for tab in visit_shell.TABS),
]


@pytest.mark.parametrize("route", ROUTE_KINDS)
def test_every_text_style_on_a_screen_falls_back_on_the_bundled_fonts(
    tablet: tuple[AppContext, dict[str, str]], route: str
) -> None:
    ctx, ids = tablet
    path = f"/visit/{ids['visit2']}/{route.split(':')[1]}" if route.startswith("visit:") else route
    views = app.build_views(ctx, path)
    assert without_fallback(views) == []


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_text_style_in_a_dialog_falls_back_on_the_bundled_fonts(
    tablet: tuple[AppContext, dict[str, str]], name: str
) -> None:
    ctx, ids = tablet
    page: FakePage = ctx.page  # type: ignore[assignment]
    page.dialogs.clear()
    DIALOGS[name](ctx, ids)
    assert page.dialogs, f"{name}: no dialog shown"
    assert without_fallback(page.dialogs) == []


def test_the_who_writes_buttons_are_drawn_with_the_fallback(tablet: tuple[AppContext, dict[str, str]]) -> None:
    """The trial's case, spelt out: the title bar's button and the picker's options."""
    ctx, ids = tablet
    button = visit_shell.writer_button(ctx, visit_of(ctx, ids))
    assert [(s.font_family, s.font_family_fallback) for _w, s in styles(button)] == [(None, theme.FALLBACK)]
    writer_picker(ctx, ids)
    options = [
        c for c in ctx.page.dialogs[-1].content.controls if isinstance(c, ft.FilledButton) and NAME in str(c.content)
    ]
    assert options and all(
        c.style.text_style.font_family_fallback == theme.FALLBACK  # type: ignore[union-attr]
        for c in options
    )


def test_every_text_style_written_in_views_passes_the_fallback() -> None:
    """What no seeded screen draws: each ``ft.TextStyle(...)`` call in views/ passes
    ``font_family_fallback`` (the one helper, :func:`views.theme.text_style`, does)."""
    missing = []
    for source in sorted(VIEWS.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "TextStyle"
                and "font_family_fallback" not in {k.arg for k in node.keywords}
            ):
                missing.append(f"{source.relative_to(VIEWS.parent)}:{node.lineno}")
    assert missing == []
