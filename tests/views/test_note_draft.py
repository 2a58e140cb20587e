"""A note's kept draft is marked when it comes back, and counted among the drafts.

Issue 9, fifth trial: a quick note held back by the CPR guard ("Hurtig: mål 010190-1234 ✅
ok", Gem, the warning, the tab closed) came back in a new tab as plain text with only
"Annuller" and "Gem": no mark that it was a draft, no warning until Gem was tapped again,
and the sync badge and sheet did not count it among the texts kept on the tablet. Each row
(a quick note and a bubble-sheet note; new, and being changed; with and without a number)
is driven through the real controls, and the tab is closed as the browser would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from domain.records import QUICK_NOTE
from storage import visit_records
from storage.local_drafts import local_drafts
from tests.views.test_cpr_draft_stub import World, fields, tap, texts, type_keys, world  # noqa: F401
from views.i18n import Translator
from views.quick_note import note_dialog
from views.sync_words import drafts_sentence

T = Translator("da")
WITH_NUMBER = "Hurtig: mål 010190-1234 ✅ ok"
PLAIN = "Pakke fisk i kasser om fredagen"


async def _nothing() -> None:
    pass


@dataclass
class Row:
    name: str
    field: Callable[[World], str]
    existing: bool  # a note being changed, not a new one


ROWS = [
    Row("quick note", lambda w: QUICK_NOTE, existing=False),
    Row("bubble note", lambda w: w.ctx.pack.bubble_sheet.fields[0].id, existing=False),
    Row("quick note being changed", lambda w: QUICK_NOTE, existing=True),
    Row("bubble note being changed", lambda w: w.ctx.pack.bubble_sheet.fields[0].id, existing=True),
]


def open_dialog(w: World, row: Row) -> object:
    field = row.field(w)
    note = None
    if row.existing:
        note = next(n for n in visit_records.notes(w.store, visit_id=w.visit.id) if n.field == field)
    note_dialog(w.ctx, visit_id=w.visit.id, field=field, title="Note", on_saved=_nothing, note=note)
    return w.page.dialogs[-1]


def closed_tab(w: World) -> None:
    w.ctx.drafts.clear()
    w.page.dialogs.clear()


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
@pytest.mark.parametrize("typed", [WITH_NUMBER, PLAIN], ids=["cpr", "plain"])
def test_a_kept_note_draft_comes_back_marked_and_is_counted(world: World, row: Row, typed: str) -> None:  # noqa: F811
    field = row.field(world)
    if row.existing:
        visit_records.add_note(world.store, visit_id=world.visit.id, field=field, text="Før", author="Ole")
    dialog = open_dialog(world, row)
    type_keys(fields(dialog, T("bubbles.note_label"))[0], typed, "")
    if typed == WITH_NUMBER:
        tap(dialog, T("bubbles.save"))
        assert find_warning(dialog)
    closed_tab(world)

    drafts = [(d.key, d.company) for d in local_drafts(world.store)]
    assert len(drafts) == 1, drafts
    assert f"{T('visit.tab.bubbles')} hos Fynbo Emballage" in drafts_sentence(T, drafts)

    again = open_dialog(world, row)
    assert fields(again, T("bubbles.note_label"))[0].value == typed
    shown = texts(again)
    assert T("quicknote.draft_restored") in shown, shown
    assert find_warning(again) == (typed == WITH_NUMBER), shown


def find_warning(dialog: object) -> bool:
    """The CPR warning's choice is on show (its "Fjern nummeret")."""
    from tests.views.test_cpr_draft_stub import walk

    return any(getattr(c, "content", None) == T("bubbles.cpr.remove") for c in walk(dialog))
