"""A company form's kept draft, brought back: said so, and a way to throw it away.

The form keeps what was typed and not saved as a local draft, on purpose (nothing typed is
lost). Issue 9 trial: a fresh browser tab's "Ny virksomhed" came back filled with a
previous session's abandoned, invalid values, with nothing to say why. Now a banner says
when the draft is from ("Udkast fra kl. 14:05 er hentet frem") only when one was brought
back, and "Kassér udkast" asks first, then empties the form (an existing company's fields
show what is saved) and deletes the draft, so the form opens empty next time. Driven
through the real controls, as the browser's events reach them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import flet as ft
import pytest

from domain.company import CompanyDraft
from storage import repo
from storage.db import Store
from tests.views.fake_app import app_context
from tests.views.handlers import run_to_end
from tests.views.test_autosave import Event
from views.autosave import pending_drafts
from views.company import company_controls
from views.context import AppContext
from views.i18n import Translator

T = Translator("da")
ABANDONED = {
    "company.cvr": "10150818",
    "company.website": "jensens tømrer dk",
    "company.contact_phone": "ring til Lone",
}


@pytest.fixture
def ctx(store: Store, tmp_path: Path) -> AppContext:
    return app_context(store, tmp_path)


def walk(control: Any) -> Iterator[Any]:
    """Every control on show under ``control``."""
    if isinstance(control, ft.Control) and control.visible is False:
        return
    yield control
    for name in ("content", "controls", "actions", "title"):
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
    label = T(key)
    return next(c for c in walk(root) if isinstance(c, ft.TextField) and str(c.label).removesuffix(" *") == label)


def opened(ctx: AppContext, company_id: str | None = None) -> ft.Control:
    """The form drawn, as on opening it in a fresh tab (the router forgets the last screen)."""
    ctx.drafts.clear()
    ctx.page.dialogs.clear()  # type: ignore[attr-defined]
    return ft.Column(company_controls(ctx, company_id=company_id))


def type_into(root: Any, key: str, text: str) -> None:
    target = field(root, key)
    target.value = text
    run_to_end(target.on_change(Event(text)))  # type: ignore[misc]


def tap(root: Any, label: str) -> None:
    run_to_end(buttons(root)[label].on_click(None))


def restored(root: Any) -> bool:
    return "er hentet frem" in texts(root) or T("form_draft.discard") in buttons(root)


def test_a_form_with_no_draft_says_nothing_of_one(ctx: AppContext) -> None:
    root = opened(ctx)
    assert not restored(root)
    for key, value in ABANDONED.items():
        type_into(root, key, value)
    assert not restored(root), "typing is not bringing a draft back"


def test_a_kept_draft_is_brought_back_with_its_time_and_the_fields_it_fills(ctx: AppContext) -> None:
    root = opened(ctx)
    began = datetime.now()
    for key, value in ABANDONED.items():
        type_into(root, key, value)
    ended = datetime.now()

    again = opened(ctx)  # a fresh tab
    for key, value in ABANDONED.items():
        assert field(again, key).value == value
    shown = texts(again)
    assert any(f"Udkast fra kl. {moment:%H:%M} er hentet frem" in shown for moment in (began, ended)), shown
    assert "CVR-nummer, Hjemmeside, Telefon" in shown
    assert T("form_draft.discard") in buttons(again)


@pytest.mark.parametrize("second", [0.0, 0.2, 29.5, 59.4, 59.5, 59.9, 59.999])
def test_the_time_shown_is_the_minute_the_draft_was_typed_in(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch, second: float
) -> None:
    """CI, 30 Nov: typed at 03:27:59.6, the banner said 03:28 (the time was kept rounded to
    the nearest second). Any moment within a minute is shown as that minute."""
    import time

    minute = datetime.now().replace(second=0, microsecond=0).timestamp() - 120
    typed = minute + second
    root = opened(ctx)
    monkeypatch.setattr(time, "time", lambda: typed)
    type_into(root, "company.name", "Fjordens Bageri ApS")
    monkeypatch.undo()
    shown = texts(opened(ctx))
    expected = datetime.fromtimestamp(typed)
    assert f"kl. {expected:%H:%M} er hentet frem" in shown, shown


def test_a_draft_from_another_day_says_the_day(ctx: AppContext, store: Store) -> None:
    root = opened(ctx)
    type_into(root, "company.name", "Fjordens Bageri ApS")
    store.set_state("company_draft_at:new", str(datetime(2026, 11, 22, 14, 5).timestamp()))
    assert "Udkast fra 22. nov. 2026 kl. 14:05 er hentet frem" in texts(opened(ctx))


def test_discarding_asks_first_then_empties_the_form_and_deletes_the_draft(ctx: AppContext) -> None:
    root = opened(ctx)
    for key, value in ABANDONED.items():
        type_into(root, key, value)
    again = opened(ctx)
    tap(again, T("form_draft.discard"))

    # Asked first; "Annuller" keeps everything.
    question = ctx.page.dialogs[-1]  # type: ignore[attr-defined]
    assert question.semantics_label == T("form_draft.discard_title")
    assert T("company.discard_text_new") in texts(question)
    tap(question, T("form_draft.discard_cancel"))
    assert field(again, "company.cvr").value == "10150818"
    assert restored(again)

    tap(again, T("form_draft.discard"))
    question = ctx.page.dialogs[-1]  # type: ignore[attr-defined]
    tap(question, T("form_draft.discard_confirm"))
    for key in ABANDONED:
        assert field(again, key).value == ""
        assert field(again, key).error is None
    assert not restored(again)
    assert pending_drafts(ctx) == [], "leaving asks nothing: no draft waits"
    assert all(ctx.store.get_state(f"draft:company:new:{key.removeprefix('company.')}") == "" for key in ABANDONED)

    # Opened again: an empty form, no banner.
    third = opened(ctx)
    for key in ABANDONED:
        assert field(third, key).value == ""
    assert not restored(third)


def test_an_existing_companys_discarded_draft_shows_what_is_saved(ctx: AppContext, store: Store) -> None:
    company_id = repo.save_company(store, draft=CompanyDraft(name="Fynbo Emballage", industry="Emballage"))
    root = opened(ctx, company_id)
    assert not restored(root)
    type_into(root, "company.industry", "Fisk og skaldyr")
    again = opened(ctx, company_id)
    assert field(again, "company.industry").value == "Fisk og skaldyr"
    assert "Branche" in texts(again) and "er hentet frem" in texts(again)
    tap(again, T("form_draft.discard"))
    tap(ctx.page.dialogs[-1], T("form_draft.discard_confirm"))  # type: ignore[attr-defined]
    assert field(again, "company.industry").value == "Emballage"
    assert field(again, "company.name").value == "Fynbo Emballage"
    assert not restored(opened(ctx, company_id))
    company = repo.get_company(store, company_id=company_id)
    assert company is not None and company.industry == "Emballage"


def test_saving_takes_the_banner_away(ctx: AppContext) -> None:
    root = opened(ctx)
    type_into(root, "company.name", "Fjordens Bageri ApS")
    again = opened(ctx)
    assert restored(again)
    tap(again, T("company.save_and_start"))
    assert not restored(again)
    assert not restored(opened(ctx))
