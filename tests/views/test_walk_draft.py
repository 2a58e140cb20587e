"""The walk-around's new-task form keeps what was typed and not saved as a local draft, as
the company form and the new job opening do (views.form_draft).

Newcomer trial (fix-walk, finding A): text typed into the walk-around form ("Pakke fisk i
kasser" in Opgave, "Walk: pak for 010190-1234") and not saved with "Gem opgave" was kept
(back on return, in a new browser too), but nothing said so: no banner, the sync badge
and sheet did not count it among the drafts, and leaving with the back arrow did not ask.
Now each field's unsaved text is a draft (``draft:<visit>:walk:new:<field>``, never
synced): leaving asks and names the field, the badge counts it, the form brings it back
with "Udkast fra kl. … er hentet frem" and "Kassér udkast", and "Gem opgave" ends it.

Finding B: words typed into a just-saved task's form are offered right under the Opgave
field of the new form, where the consultant is looking, not under "Gem opgave".

Driven through the real controls, as the browser's events reach them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import flet as ft
import pytest
from sqlalchemy import select

from domain.company import CompanyDraft
from domain.tasks import TaskDraft
from storage import repo, visit_records
from storage.db import Store
from storage.local_drafts import local_drafts
from storage.models import OutboxEntry
from tests.views.fake_app import app_context
from tests.views.handlers import run_to_end
from tests.views.test_company_draft import buttons, texts, walk
from tests.views.test_emptied_field import one_at_a_time, report
from views.autosave import pending_drafts
from views.context import AppContext
from views.i18n import Translator
from views.sync_ui import current_badge
from views.walkaround import walkaround_controls

T = Translator("da")
TYPED = {
    "walk.title": "Pakke fisk i kasser",
    "walk.done_by": "Ole fra lageret",
    "walk.hours": "4",
    "walk.accommodation_note": "Stol ved bordet",
}


@pytest.fixture
def visit_id(store: Store) -> str:
    company_id = repo.save_company(store, draft=CompanyDraft(name="Fynbo Emballage"))
    return repo.create_visit(store, company_id=company_id, content_version="2026.1")


def field(root: Any, key: str) -> ft.TextField:
    """The field labelled ``T(key)`` of the form on show."""
    return next(c for c in walk(root) if isinstance(c, ft.TextField) and c.label == T(key))


def drawn(ctx: AppContext, visit_id: str) -> ft.Control:
    """The walk-around drawn, as the router draws it (drafts of the screen before forgotten)."""
    ctx.drafts.clear()
    ctx.page.dialogs.clear()  # type: ignore[attr-defined]
    found = repo.get_visit(ctx.store, visit_id=visit_id)
    assert found is not None
    return ft.Column(walkaround_controls(ctx, visit=found[0]))


def type_into(root: Any, key: str, text: str) -> None:
    report(field(root, key), one_at_a_time(text).reports)


def tap(root: Any, label: str) -> None:
    run_to_end(buttons(root)[label].on_click(None))


def restored(root: Any) -> bool:
    return "er hentet frem" in texts(root) or T("form_draft.discard") in buttons(root)


def synced(store: Store) -> list[str]:
    with store.read() as s:
        return [str(entry.fields) for entry in s.scalars(select(OutboxEntry)).all()]


@pytest.mark.parametrize("key", list(TYPED), ids=[T(k) for k in TYPED])
def test_typed_text_is_a_draft_asked_about_counted_and_brought_back(
    key: str, store: Store, tmp_path: Path, visit_id: str
) -> None:
    ctx = app_context(store, tmp_path)
    root = drawn(ctx, visit_id)
    assert pending_drafts(ctx) == [], "the form as drawn is no draft"
    assert not restored(root)
    before = synced(store)
    type_into(root, key, TYPED[key])
    assert not restored(root), "typing is not bringing a draft back"

    # Leaving (the back arrow, a tab, another screen) asks, naming the field.
    assert [d.label for d in pending_drafts(ctx)] == [T(key)]
    assert ctx.confirm_leaving(lambda: None) is False
    assert T(key) in texts(ctx.page.dialogs[-1])  # type: ignore[attr-defined]
    # The badge and the sheet count it among the drafts; nothing of it is queued for sync.
    assert len(local_drafts(store)) == 1
    assert "1 kladde" in current_badge(ctx).label
    assert synced(store) == before

    # A new browser (a new session on the same database): the text is back, and said to be.
    again = drawn(app_context(store, tmp_path), visit_id)
    assert field(again, key).value == TYPED[key]
    assert "er hentet frem" in texts(again) and T(key) in texts(again)
    assert T("form_draft.discard") in buttons(again)


def test_a_cpr_like_number_typed_and_not_saved_is_a_draft_on_this_tablet_only(
    store: Store, tmp_path: Path, visit_id: str
) -> None:
    ctx = app_context(store, tmp_path)
    root = drawn(ctx, visit_id)
    before = synced(store)
    type_into(root, "walk.title", "Walk: pak for 010190-1234")
    assert [d.label for d in pending_drafts(ctx)] == [T("walk.title")]
    assert [d.key for d in local_drafts(store)] == [f"{visit_id}:walk:new:title"]
    assert synced(store) == before
    ctx = app_context(store, tmp_path)
    again = drawn(ctx, visit_id)
    assert field(again, "walk.title").value == "Walk: pak for 010190-1234"
    assert restored(again)
    assert [d.label for d in pending_drafts(ctx)] == [T("walk.title")], "brought back, leaving asks again"


def test_several_fields_are_named_in_the_banner_and_counted_each(store: Store, tmp_path: Path, visit_id: str) -> None:
    ctx = app_context(store, tmp_path)
    root = drawn(ctx, visit_id)
    for key, text in TYPED.items():
        type_into(root, key, text)
    assert len(local_drafts(store)) == len(TYPED)
    assert f"{len(TYPED)} kladder" in current_badge(ctx).label
    again = drawn(app_context(store, tmp_path), visit_id)
    assert ", ".join(T(k) for k in TYPED) in texts(again)


def test_saving_the_task_ends_the_draft(store: Store, tmp_path: Path, visit_id: str) -> None:
    ctx = app_context(store, tmp_path)
    root = drawn(ctx, visit_id)
    type_into(root, "walk.area", "Pakkeri")
    type_into(root, "walk.title", "Pakke fisk i kasser")
    assert len(local_drafts(store)) == 2, "typed and not saved: a draft"
    tap(root, T("walk.save"))
    assert [t.title for t in visit_records.tasks(store, visit_id=visit_id)] == ["Pakke fisk i kasser"]
    assert pending_drafts(ctx) == []
    assert local_drafts(store) == []
    assert ctx.confirm_leaving(lambda: None) is True
    again = drawn(app_context(store, tmp_path), visit_id)
    assert not restored(again)
    assert field(again, "walk.title").value == ""
    assert field(again, "walk.area").value == "Pakkeri", "the area is remembered, and is no draft"


def test_a_draft_brought_back_and_saved_leaves_no_banner(store: Store, tmp_path: Path, visit_id: str) -> None:
    root = drawn(app_context(store, tmp_path), visit_id)
    type_into(root, "walk.title", "Pakke fisk i kasser")
    ctx = app_context(store, tmp_path)
    again = drawn(ctx, visit_id)
    assert restored(again)
    tap(again, T("walk.save"))
    assert [t.title for t in visit_records.tasks(store, visit_id=visit_id)] == ["Pakke fisk i kasser"]
    assert not restored(again)
    assert pending_drafts(ctx) == [] and local_drafts(store) == []


def test_the_area_remembered_from_the_last_task_is_no_draft(store: Store, tmp_path: Path, visit_id: str) -> None:
    visit_records.save_task(
        store,
        visit_id=visit_id,
        draft=TaskDraft(area="Lager", title="Pakke kasser"),
        author="Ole",
        green_ids=[],
        accommodation_ids=[],
    )
    ctx = app_context(store, tmp_path)
    root = drawn(ctx, visit_id)
    assert field(root, "walk.area").value == "Lager"
    assert pending_drafts(ctx) == [] and local_drafts(store) == []
    type_into(root, "walk.area", "Lager 2")
    assert [d.label for d in pending_drafts(ctx)] == [T("walk.area")]


def test_discarding_asks_then_empties_the_form_and_deletes_the_draft(
    store: Store, tmp_path: Path, visit_id: str
) -> None:
    root = drawn(app_context(store, tmp_path), visit_id)
    for key, text in TYPED.items():
        type_into(root, key, text)
    level = next(c for c in walk(root) if isinstance(c, ft.SegmentedButton))
    level.selected = ["3"]
    run_to_end(level.on_change(None))  # type: ignore[misc]

    ctx = app_context(store, tmp_path)
    again = drawn(ctx, visit_id)
    tap(again, T("form_draft.discard"))
    question = ctx.page.dialogs[-1]  # type: ignore[attr-defined]
    assert T("walk.discard_text") in texts(question)
    tap(question, T("form_draft.discard_cancel"))
    assert field(again, "walk.title").value == TYPED["walk.title"]

    tap(again, T("form_draft.discard"))
    tap(ctx.page.dialogs[-1], T("form_draft.discard_confirm"))  # type: ignore[attr-defined]
    for key in TYPED:
        assert field(again, key).value == ""
    assert not restored(again)
    assert pending_drafts(ctx) == [] and local_drafts(store) == []
    third = drawn(app_context(store, tmp_path), visit_id)
    assert not restored(third)
    assert field(third, "walk.title").value == ""
    level = next(c for c in walk(third) if isinstance(c, ft.SegmentedButton))
    assert level.selected == ["1"], "the whole form starts again"
    # Saved after the discard, the task holds nothing of the draft.
    type_into(third, "walk.title", "Sortere pap")
    tap(third, T("walk.save"))
    [task] = visit_records.tasks(store, visit_id=visit_id)
    assert (task.title, task.done_by, task.level, task.accommodation_note) == ("Sortere pap", "", 1, "")


def test_a_draft_kept_by_the_earlier_version_is_brought_back_as_one(
    store: Store, tmp_path: Path, visit_id: str
) -> None:
    """Before this, the form was kept as one JSON under ``walk_draft:<visit>``: a tablet
    updated with such a draft shows it, said to be a draft, and counts it."""
    kept = {"area": "", "title": "Pakke fisk i kasser", "done_by": "", "hours": "", "level": 2, "note": ""}
    store.set_state(f"walk_draft:{visit_id}", json.dumps(kept))
    ctx = app_context(store, tmp_path)
    root = drawn(ctx, visit_id)
    assert field(root, "walk.title").value == "Pakke fisk i kasser"
    assert "er hentet frem" in texts(root)
    assert [d.label for d in pending_drafts(ctx)] == [T("walk.title")]
    assert [d.key for d in local_drafts(store)] == [f"{visit_id}:walk:new:title"]
    level = next(c for c in walk(root) if isinstance(c, ft.SegmentedButton))
    assert level.selected == ["2"]


def test_words_reaching_the_saved_tasks_form_are_offered_not_kept_as_the_new_forms_draft(
    store: Store, tmp_path: Path, visit_id: str
) -> None:
    ctx = app_context(store, tmp_path)
    root = drawn(ctx, visit_id)
    old = field(root, "walk.title")
    type_into(root, "walk.title", "Task A")
    tap(root, T("walk.save"))
    report(old, ["Task A B"])  # reached the saved task's hidden form
    assert "»B«" in texts(root)
    assert pending_drafts(ctx) == [] and local_drafts(store) == []
    tap(root, T("walk.stray_insert"))
    assert field(root, "walk.title").value == "B"
    assert [d.label for d in pending_drafts(ctx)] == [T("walk.title")], "put in, the words are the new form's draft"


def test_the_offer_shows_right_under_the_title_field_above_the_rest_of_the_form(
    store: Store, tmp_path: Path, visit_id: str
) -> None:
    """Finding B: the offer sat under "Gem opgave", below the fold: the consultant, looking
    at the Opgave field they typed into, saw the letters vanish."""
    ctx = app_context(store, tmp_path)
    root = drawn(ctx, visit_id)
    old = field(root, "walk.title")
    type_into(root, "walk.title", "Task A")
    tap(root, T("walk.save"))
    report(old, ["Task A B"])
    order = [
        ("title" if c.label == T("walk.title") else "field")
        if isinstance(c, ft.TextField)
        else "offer"
        if isinstance(c, ft.Text) and str(c.value).startswith("Skrevet i »Task A«")
        else "save"
        if getattr(c, "content", None) == T("walk.save")
        else None
        for c in walk(root)
    ]
    order = [o for o in order if o is not None]
    at = order.index("offer")
    assert order[at - 1] == "title", order
    assert at < order.index("save"), order
