"""The closing's new job opening keeps what was typed and not saved as a local draft.

Issue 9 trial: text typed into "Krav og opgavebeskrivelse" (and the other fields of the
new opening) was dropped when the consultant left the screen or closed the tab, and the
leave question did not know about it. Now each field's unsaved text is kept in the
tablet's own state (``draft:<visit>:opening:new:<field>``, never synced), leaving asks,
the form brings it back when drawn again (a fresh tab, a restart: a new AppContext on the
same database) with a banner that says so and "Kassér udkast", and making the opening
deletes the draft. Driven through the real controls, as the browser's events reach them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import flet as ft
import pytest
from sqlalchemy import select

from domain.company import CompanyDraft
from domain.tasks import TaskDraft
from storage import followups, repo, visit_records
from storage.content import load_pack
from storage.db import Store
from storage.models import OutboxEntry
from tests.views.fake_app import app_context
from tests.views.handlers import run_to_end
from tests.views.test_autosave import Event
from views import closing
from views.autosave import pending_drafts
from views.context import AppContext
from views.i18n import Translator

T = Translator("da")
FIELDS = {
    "closing.opening_title": "Pakkemedhjælper",
    "closing.opening_hours": "20",
    "closing.opening_owner": "Lone Holm",
    "closing.opening_requirements": "Kan løfte 15 kg, gerne truckcertifikat",
}


def a_tablet(store: Store, tmp_path: Path) -> AppContext:
    """The app as started on this tablet's database (a restart: a new context)."""
    return app_context(store, tmp_path)


@pytest.fixture
def visit_id(store: Store) -> str:
    company_id = repo.save_company(store, draft=CompanyDraft(name="Fynbo Emballage"))
    visit = repo.create_visit(store, company_id=company_id, content_version=load_pack("da").pack.version)
    visit_records.save_task(
        store,
        visit_id=visit,
        draft=TaskDraft(area="Lager", title="Pakke kasser", hours=20),
        author="Ole",
        green_ids=[],
        accommodation_ids=[],
    )
    return visit


def walk(control: Any) -> Iterator[Any]:
    if isinstance(control, ft.Control) and control.visible is False:
        return
    yield control
    for name in ("content", "controls", "actions", "title", "leading", "subtitle", "trailing"):
        child = getattr(control, name, None)
        for c in child if isinstance(child, list) else [child]:
            if isinstance(c, ft.Control):
                yield from walk(c)


def texts(root: Any) -> str:
    return " ".join(c.value for c in walk(root) if isinstance(c, ft.Text) and isinstance(c.value, str))


def buttons(root: Any) -> dict[str, Any]:
    return {
        c.content: c
        for c in walk(root)
        if getattr(c, "on_click", None) is not None and isinstance(getattr(c, "content", None), str)
    }


def field(root: Any, key: str) -> ft.TextField:
    return next(c for c in walk(root) if isinstance(c, ft.TextField) and c.label == T(key))


def drawn(ctx: AppContext, visit_id: str) -> ft.Control:
    """The closing screen drawn, as the router draws it (drafts of the screen before forgotten)."""
    ctx.drafts.clear()
    found = repo.get_visit(ctx.store, visit_id=visit_id)
    assert found is not None
    return ft.Column(closing.closing_controls(ctx, visit=found[0]))


def type_into(root: Any, key: str, text: str) -> None:
    target = field(root, key)
    target.value = text
    assert target.on_change is not None
    run_to_end(target.on_change(Event(text)))  # type: ignore[misc]


def tap(root: Any, label: str) -> None:
    run_to_end(buttons(root)[label].on_click(None))


def synced_texts(store: Store) -> list[str]:
    with store.read() as s:
        return [str(entry.fields) for entry in s.scalars(select(OutboxEntry)).all()]


@pytest.mark.parametrize("key", list(FIELDS), ids=[T(k) for k in FIELDS])
def test_each_fields_text_is_kept_asked_about_and_brought_back_after_a_restart(
    key: str, store: Store, tmp_path: Path, visit_id: str
) -> None:
    ctx = a_tablet(store, tmp_path)
    root = drawn(ctx, visit_id)
    assert pending_drafts(ctx) == [], "the form as drawn (its suggested owner too) is no draft"
    before = synced_texts(store)
    type_into(root, key, FIELDS[key])

    # Leaving asks, naming the field.
    assert [d.label for d in pending_drafts(ctx)] == [T(key)]
    assert ctx.confirm_leaving(lambda: None) is False
    assert T(key) in texts(ctx.page.dialogs[-1])  # type: ignore[attr-defined]
    assert synced_texts(store) == before, "a draft is local: nothing is queued for sync"

    # A restart (a closed tab, the app started again): the text is back, and said to be.
    again = drawn(a_tablet(store, tmp_path), visit_id)
    assert field(again, key).value == FIELDS[key]
    assert "er hentet frem" in texts(again) and T(key) in texts(again)
    assert T("form_draft.discard") in buttons(again)


def test_making_the_opening_takes_the_draft_away(store: Store, tmp_path: Path, visit_id: str) -> None:
    ctx = a_tablet(store, tmp_path)
    root = drawn(ctx, visit_id)
    for key, text in FIELDS.items():
        type_into(root, key, text)
    ctx = a_tablet(store, tmp_path)
    again = drawn(ctx, visit_id)
    box = next(c for c in walk(again) if isinstance(c, ft.Checkbox) and c.semantics_label == "Pakke kasser")
    box.value = True  # the opening is made from this task
    box.on_change(ft.Event("change", box))  # type: ignore[misc]
    tap(again, T("closing.opening_create"))
    [opening] = followups.openings(store, visit_id=visit_id)
    assert opening.requirements == FIELDS["closing.opening_requirements"]
    assert opening.owner == "Lone Holm"
    assert "er hentet frem" not in texts(again)
    assert pending_drafts(ctx) == []

    third = drawn(a_tablet(store, tmp_path), visit_id)
    assert field(third, "closing.opening_requirements").value == ""
    assert field(third, "closing.opening_title").value == ""
    assert "er hentet frem" not in texts(third)
    assert store.get_state(f"draft:{visit_id}:opening:new:requirements") == ""


def test_discarding_asks_then_empties_the_form_and_deletes_the_draft(
    store: Store, tmp_path: Path, visit_id: str
) -> None:
    ctx = a_tablet(store, tmp_path)
    root = drawn(ctx, visit_id)
    suggested = field(root, "closing.opening_owner").value
    for key, text in FIELDS.items():
        type_into(root, key, text)
    ctx = a_tablet(store, tmp_path)
    again = drawn(ctx, visit_id)
    tap(again, T("form_draft.discard"))
    question = ctx.page.dialogs[-1]  # type: ignore[attr-defined]
    assert T("closing.opening_discard_text") in texts(question)
    tap(question, T("form_draft.discard_cancel"))
    assert field(again, "closing.opening_requirements").value == FIELDS["closing.opening_requirements"]

    tap(again, T("form_draft.discard"))
    tap(ctx.page.dialogs[-1], T("form_draft.discard_confirm"))  # type: ignore[attr-defined]
    assert field(again, "closing.opening_requirements").value == ""
    assert field(again, "closing.opening_owner").value == suggested
    assert pending_drafts(ctx) == []
    assert "er hentet frem" not in texts(drawn(a_tablet(store, tmp_path), visit_id))
