"""Keystrokes that reach the form of a walk-around task just saved (typed before the next
task's form was drawn) belong to that task, unless they hold a CPR-like number, or the
start of one being typed, that the task did not hold. Then the task keeps what was saved
(no stub of the number on the way), and the words are offered under the new form: "Sæt
ind i den nye opgave" puts them there, where the save button's CPR question comes first.
Driven through the real controls' handlers, as the browser's events reach them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import flet as ft
import pytest

from domain.company import CompanyDraft
from settings import Settings
from storage import repo, visit_records
from storage.db import Store
from tests.views.handlers import run_to_end
from tests.views.test_autosave import walk
from tests.views.test_card_strays import Page
from tests.views.test_emptied_field import one_at_a_time, packs, parents, report
from views.context import AppContext
from views.walkaround import walkaround_controls


class Walk:
    def __init__(self, store: Store, data_dir: Path) -> None:
        self.store = store
        ctx = AppContext(page=Page(), store=store, settings=Settings(data_dir=data_dir), packs=packs())  # type: ignore[arg-type]
        company = repo.save_company(store, draft=CompanyDraft(name="Fynbo Emballage"))
        self.visit_id = repo.create_visit(store, company_id=company, content_version=ctx.pack.version)
        visit = repo.get_visit(store, visit_id=self.visit_id)
        assert visit is not None
        self.screen = ft.Column(walkaround_controls(ctx, visit=visit[0]))

    def title(self) -> ft.TextField:
        """The title field on show."""
        return next(
            c
            for c in walk(self.screen)
            if isinstance(c, ft.TextField) and c.label == "Opgave" and all(p.visible for p in parents(self.screen, c))
        )

    def tap(self, label: str) -> None:
        button = next(
            c
            for c in walk(self.screen)
            if isinstance(c, ft.Button | ft.TextButton) and c.content == label and c.visible
        )
        run_to_end(button.on_click(None))  # type: ignore[misc]

    def texts(self) -> list[str]:
        return [str(c.value) for c in walk(self.screen) if isinstance(c, ft.Text)]

    def offer(self) -> str | None:
        return next((t for t in self.texts() if t.startswith("Skrevet i den gemte opgave")), None)

    def titles(self) -> list[str]:
        return [t.title for t in visit_records.tasks(self.store, visit_id=self.visit_id)]


@pytest.fixture
def screen(tmp_path: Path) -> Iterator[Walk]:
    store = Store(tmp_path / "feltmappe.db")
    try:
        yield Walk(store, tmp_path)
    finally:
        store.close()


# What reaches the saved task's title field after "Gem opgave" (one key at a time), and
# what the task then holds and what is offered under the new form.
CASES = [
    pytest.param(" og tape", "Pakke kasser og tape", None, id="plain words: the saved task's"),
    pytest.param(" ring 0101", "Pakke kasser", "ring 0101", id="the start of a CPR number being typed"),
    pytest.param(" ring 010190-1234", "Pakke kasser", "ring 010190-1234", id="a whole CPR number"),
]


@pytest.mark.parametrize(("typed", "task", "offered"), CASES)
def test_a_number_typed_into_the_saved_tasks_form_is_offered_not_saved(
    screen: Walk, typed: str, task: str, offered: str | None
) -> None:
    old = screen.title()
    report(old, one_at_a_time("Pakke kasser").reports)
    screen.tap("Gem opgave")
    assert screen.title() is not old  # the next task has a form of its own
    report(old, ["Pakke kasser" + typed[:n] for n in range(1, len(typed) + 1)])
    assert screen.titles() == [task]  # never a stub such as "Pakke kasser ring 010"
    if offered is None:
        assert screen.offer() is None
        return
    assert screen.offer() == (
        "Skrevet i den gemte opgave, mens formularen skiftede, og ikke gemt der, "
        f"fordi det ligner et CPR-nummer: »{offered}«"
    )
    screen.tap("Sæt ind i den nye opgave")
    assert screen.offer() is None
    assert screen.title().value == offered
    assert screen.titles() == ["Pakke kasser"]


def test_the_offer_can_be_discarded(screen: Walk) -> None:
    old = screen.title()
    report(old, one_at_a_time("Pakke kasser").reports)
    screen.tap("Gem opgave")
    report(old, ["Pakke kasser 010190-1234"])
    assert screen.offer() is not None
    screen.tap("Kassér teksten")
    assert screen.offer() is None
    assert screen.title().value == ""
    assert screen.titles() == ["Pakke kasser"]
