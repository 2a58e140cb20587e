"""The walk-around's task list filter by green category: one category (or all) is shown at a
time, so each filter is a choice of one among many (a button marked current, as the
accessibility walk checks on other screens), not a checkbox a screen reader offers to tick."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import flet as ft
import pytest

from domain.company import CompanyDraft
from domain.tasks import TaskDraft
from settings import Settings
from storage import repo, visit_records
from storage.db import Store
from tests.views.handlers import run_to_end
from tests.views.test_autosave import walk
from tests.views.test_card_strays import Page
from tests.views.test_emptied_field import packs
from views.context import AppContext
from views.walkaround import walkaround_controls
from views.widgets import OneChoice


@pytest.fixture
def screen(tmp_path: Path) -> Iterator[ft.Column]:
    store = Store(tmp_path / "feltmappe.db")
    ctx = AppContext(page=Page(), store=store, settings=Settings(data_dir=tmp_path), packs=packs())  # type: ignore[arg-type]
    company = repo.save_company(store, draft=CompanyDraft(name="Fynbo Emballage"))
    visit_id = repo.create_visit(store, company_id=company, content_version=ctx.pack.version)
    greens = [c.id for c in ctx.pack.green_categories]
    for title, green in (("Folde papkasser", "recycling"), ("Reparere paller", "repair"), ("Truckkørsel", "")):
        visit_records.save_task(
            store,
            visit_id=visit_id,
            draft=TaskDraft(area="Lager", title=title, hours="3", level=1, green=green),
            author="Ole",
            green_ids=greens,
            accommodation_ids=[],
        )
    visit = repo.get_visit(store, visit_id=visit_id)
    assert visit is not None
    try:
        yield ft.Column(walkaround_controls(ctx, visit=visit[0]))
    finally:
        store.close()


def filters(screen: ft.Column) -> dict[str, Any]:
    """The category filters by label, whatever kind of control draws them."""
    found = {}
    for c in walk(screen):
        label = getattr(c, "label", None)
        text = label.value if isinstance(label, ft.Text) else label
        if isinstance(text, str) and (text.startswith("Alle kategorier") or text.endswith("(1)")):
            found[text] = c
    return found


def task_titles(screen: ft.Column) -> set[str]:
    titles = {"Folde papkasser", "Reparere paller", "Truckkørsel"}
    return {c.value for c in walk(screen) if isinstance(c, ft.Text) and c.value in titles}


def test_the_category_filters_are_a_choice_of_one_not_checkboxes(screen: ft.Column) -> None:
    chips = filters(screen)
    assert set(chips) == {"Alle kategorier", "Genbrug af pap og plastik (1)", "Reparation og genbrug (1)"}
    assert all(isinstance(c, OneChoice) for c in chips.values()), {k: type(v).__name__ for k, v in chips.items()}
    assert [k for k, c in chips.items() if c.selected] == ["Alle kategorier"]
    run_to_end(chips["Genbrug af pap og plastik (1)"]._tapped(None))
    assert task_titles(screen) == {"Folde papkasser"}
    chips = filters(screen)
    assert [k for k, c in chips.items() if c.selected] == ["Genbrug af pap og plastik (1)"]
    run_to_end(chips["Alle kategorier"]._tapped(None))
    assert task_titles(screen) == {"Folde papkasser", "Reparere paller", "Truckkørsel"}
