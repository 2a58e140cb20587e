"""Keystrokes that reach the form of a walk-around task just saved (typed before the next
task's form was drawn) never change that task: whatever the browser reports for its
hidden form (words typed on at the end, a letter put in mid-title where a tap put the
caret, the start of a CPR number) leaves the task as saved, and the words are offered
under the new form: "Sæt ind i den nye opgave" puts them there (before what was typed
into it since, as they were typed first), "Kassér teksten" throws them away. The offer
is kept in the tablet's local state until the consultant chooses. Driven through the
real controls' handlers, as the browser's events reach them."""

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
        self.ctx = AppContext(page=Page(), store=store, settings=Settings(data_dir=data_dir), packs=packs())  # type: ignore[arg-type]
        company = repo.save_company(store, draft=CompanyDraft(name="Fynbo Emballage"))
        self.visit_id = repo.create_visit(store, company_id=company, content_version=self.ctx.pack.version)
        self.open()

    def open(self) -> None:
        """Draw the screen (again, as after leaving it or a restart)."""
        self.ctx.drafts.clear()
        visit = repo.get_visit(self.store, visit_id=self.visit_id)
        assert visit is not None
        self.screen = ft.Column(walkaround_controls(self.ctx, visit=visit[0]))

    def field(self, label: str) -> ft.TextField:
        """The field ``label`` of the form on show."""
        return next(
            c
            for c in walk(self.screen)
            if isinstance(c, ft.TextField) and c.label == label and all(p.visible for p in parents(self.screen, c))
        )

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
        return next(iter(self.offers()), None)

    def offers(self) -> list[str]:
        return [t for t in self.texts() if t.startswith("Skrevet i »")]

    def titles(self) -> list[str]:
        return [t.title for t in visit_records.tasks(self.store, visit_id=self.visit_id)]


@pytest.fixture
def screen(tmp_path: Path) -> Iterator[Walk]:
    store = Store(tmp_path / "feltmappe.db")
    try:
        yield Walk(store, tmp_path)
    finally:
        store.close()


# What reaches the saved task's title field after "Gem opgave" (the browser's reports,
# each the field's whole text), and the words then offered under the new form.
CASES = [
    pytest.param([f"Pakke kasser{' og tape'[:n]}" for n in range(1, 9)], "og tape", id="words typed on at the end"),
    pytest.param(["PakTke kasser"], "T", id="a letter put in mid-title, where a tap put the caret"),
    pytest.param(["TPakke kasser", "TaPakke kasser"], "Ta", id="typed at the start"),
    pytest.param(["T", "Ta"], "Ta", id="the browser emptied the field"),
    pytest.param(
        [f"Pakke kasser{' ring 0101'[:n]}" for n in range(1, 11)], "ring 0101", id="the start of a CPR number"
    ),
    pytest.param(["Pakke kasser ring 010190-1234"], "ring 010190-1234", id="a whole CPR number"),
    pytest.param(["Pakke kaser"], None, id="a letter taken back: nothing to offer"),
]


def saved_with(screen: Walk, title: str) -> ft.TextField:
    """Type ``title`` into the form on show and save it; the saved task's (hidden) title field."""
    old = screen.title()
    report(old, one_at_a_time(title).reports)
    screen.tap("Gem opgave")
    assert screen.title() is not old  # the next task has a form of its own
    return old


@pytest.mark.parametrize(("reports", "offered"), CASES)
def test_what_reaches_the_saved_tasks_form_never_changes_the_task(
    screen: Walk, reports: list[str], offered: str | None
) -> None:
    old = saved_with(screen, "Pakke kasser")
    report(old, reports)
    assert screen.titles() == ["Pakke kasser"]  # never "PakTke kasser", never a stub of a number
    if offered is None:
        assert screen.offers() == []
        return
    assert screen.offers() == [f"Skrevet i »Pakke kasser«, mens formularen skiftede, og ikke gemt der: »{offered}«"]
    screen.tap("Sæt ind i den nye opgave")
    assert screen.offers() == []
    assert screen.title().value == offered
    assert screen.titles() == ["Pakke kasser"]


def test_the_words_go_before_what_was_typed_into_the_new_form_since(screen: Walk) -> None:
    """The issue 9 trial: "Gem opgave", a tap mid-title and "Task B" typed at once: the "T"
    reached the saved task's title ("TasTk A"), the rest the new form. The saved task keeps
    "Task A"; put in, the new task reads "Task B"."""
    old = saved_with(screen, "Task A")
    report(old, ["TasTk A"])
    report(screen.title(), one_at_a_time("ask B").reports)
    assert screen.titles() == ["Task A"]
    screen.tap("Sæt ind i den nye opgave")
    assert screen.title().value == "Task B"
    screen.tap("Gem opgave")
    assert sorted(screen.titles()) == ["Task A", "Task B"]


def test_words_in_several_fields_go_back_each_to_its_own(screen: Walk) -> None:
    screen.field("Område / station").value = "Lager"
    report(screen.field("Område / station"), ["Lager"])
    old_area = screen.field("Område / station")
    old = saved_with(screen, "Pakke kasser")
    report(old_area, ["Lager 2"])
    report(old, ["Pakke kasser x"])
    (offer,) = screen.offers()
    assert "2" in offer and "x" in offer
    screen.tap("Sæt ind i den nye opgave")
    assert screen.field("Område / station").value == "Lager 2"
    assert screen.title().value == "x"
    tasks = visit_records.tasks(screen.store, visit_id=screen.visit_id)
    assert [(t.area, t.title) for t in tasks] == [("Lager", "Pakke kasser")]


def test_the_offer_outlives_leaving_the_screen_and_can_be_discarded(screen: Walk) -> None:
    old = saved_with(screen, "Pakke kasser")
    report(old, ["Pakke kasser 010190-1234"])
    screen.open()  # the consultant went to another tab and came back (or the app restarted)
    assert screen.offers() == ["Skrevet i »Pakke kasser«, mens formularen skiftede, og ikke gemt der: »010190-1234«"]
    screen.tap("Kassér teksten")
    assert screen.offers() == []
    screen.open()
    assert screen.offers() == []
    assert screen.title().value == ""
    assert screen.titles() == ["Pakke kasser"]


def test_an_offer_not_chosen_is_kept_when_the_next_task_is_saved(screen: Walk) -> None:
    """Nothing is thrown away unseen: saving the next task keeps the offer made for it,
    and the words typed into that task's form after its save are an offer of their own."""
    first = saved_with(screen, "Pakke kasser")
    report(first, ["Pakke kasser alfa"])
    second = saved_with(screen, "Sortere pap")
    report(second, ["Sortere pap bravo"])
    assert screen.offers() == [
        "Skrevet i »Pakke kasser«, mens formularen skiftede, og ikke gemt der: »alfa«",
        "Skrevet i »Sortere pap«, mens formularen skiftede, og ikke gemt der: »bravo«",
    ]
    report(first, ["Pakke kasser alfa!"])  # an old form gone from the screen changes nothing
    assert sorted(screen.titles()) == ["Pakke kasser", "Sortere pap"]


@pytest.mark.parametrize("after", ["X", " og tape", "Pakke kasser"])
def test_words_that_reach_the_app_before_the_save_is_handled_are_offered_not_saved(screen: Walk, after: str) -> None:
    """Fourth newcomer trial: the "X" typed right after "Gem opgave" became part of the task
    just saved ("gc4X"). Flet puts a reported text in the field's value as it arrives and
    runs handlers later, in order: when the tap is handled the value already holds what was
    typed after it. The task is saved with what was typed before the tap; the rest is
    offered under the new form."""
    old = screen.title()
    report(old, one_at_a_time("gc4").reports)
    old.value = "gc4" + after  # applied on arrival; its reports wait behind the tap
    screen.tap("Gem opgave")
    report(old, [f"gc4{after[:n]}" for n in range(1, len(after) + 1)])
    assert screen.titles() == ["gc4"]
    assert screen.offers() == [f"Skrevet i »gc4«, mens formularen skiftede, og ikke gemt der: »{after.strip()}«"]
