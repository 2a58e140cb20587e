"""The CPR guard at save, in the browser: the walk-around's task form, upright and lying
down. A note on accommodations holding a CPR-like number is not saved when "Gem opgave" is
tapped; the warning names the field and offers one pair of buttons, "Fjern nummeret" and
"Gem alligevel" (issue 9 item 2: no third "Annuller"); editing the note takes the warning
away with nothing saved; "Fjern nummeret" shows the note without the number, and "Gem
teksten" saves the task so."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from domain.tasks import OpeningDraft
from storage import followups, visit_records
from storage.db import Store
from tests.e2e.conftest import AppProcess, eventually, free_port, tablet
from tests.e2e.test_closing import WRITER, seed_closing
from tests.e2e.test_walkaround import bring_into_view, seed_with_writers

pytestmark = pytest.mark.e2e

NOTE = "Note om tilpasning"


def task_titles(data: Path, visit: str) -> list[str]:
    store = Store(data / "feltmappe.db")
    try:
        return [t.title for t in visit_records.tasks(store, visit_id=visit)]
    finally:
        store.close()


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_a_cpr_number_in_the_task_form_is_asked_about_before_saving(
    tmp_path: Path, browser: Browser, orientation: str
) -> None:
    data = tmp_path / "data"
    visit = seed_with_writers(data)
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser, orientation) as ui:
            ui.open(f"{app.url}/visit/{visit}/walk")
            ui.answer_who_writes()
            ui.see("Ingen opgaver endnu. Skriv den første ovenfor.")
            ui.type("Område / station", "Pakkeri")
            ui.type("Opgave", "Folde papkasser")
            ui.type(NOTE, "Per 010190-1234 bruger ståstol")
            ui.tap("Gem opgave")

            # Nothing saved: the warning names the field and offers the choices.
            ui.see("»Note om tilpasning« ser ud til at indeholde et CPR-nummer (010190-1234)")
            for choice in ("Fjern nummeret", "Gem alligevel"):
                assert ui.page.get_by_role("button", name=choice, exact=True).count() == 1, choice
            assert ui.page.get_by_role("button", name="Annuller", exact=True).count() == 0, "one pair"
            assert task_titles(data, visit) == []
            assert not ui.sees("Gemt: Folde papkasser")
            bring_into_view(ui, ui.text("ser ud til at indeholde et CPR-nummer").first)
            ui.shot("79-cpr-form")

            # Editing the note: the warning goes, still nothing saved.
            ui.type(NOTE, "Per 010190-1234 bruger ståstol ved bordet")
            ui.text("ser ud til at indeholde et CPR-nummer").first.wait_for(state="detached")
            assert ui.field_value(NOTE) == "Per 010190-1234 bruger ståstol ved bordet"
            assert task_titles(data, visit) == []

            # "Fjern nummeret": a look at the note without it, then "Gem teksten".
            ui.tap("Gem opgave")
            ui.tap("Fjern nummeret")
            ui.see("Sådan ser teksten ud uden nummeret")
            assert ui.field_value(NOTE) == "Per bruger ståstol ved bordet"
            assert task_titles(data, visit) == []
            ui.tap("Gem teksten")
            ui.see("Gemt: Folde papkasser")
            eventually(lambda: task_titles(data, visit) == ["Folde papkasser"])
            store = Store(data / "feltmappe.db")
            try:
                [task] = visit_records.tasks(store, visit_id=visit)
            finally:
                store.close()
            assert task.accommodation_note == "Per bruger ståstol ved bordet"
            ui.see("Per bruger ståstol ved bordet")
    finally:
        app.stop()


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_a_cpr_warning_in_a_dialog_shows_one_pair_and_an_edit_brings_the_dialogs_buttons_back(
    tmp_path: Path, browser: Browser, orientation: str
) -> None:
    """The hire dialog: the warning's pair instead of the dialog's buttons; editing the
    field (which had no change handler of its own) takes the warning away and brings
    "Gem ansættelse" and "Annuller" back; "Annuller" closes it with nothing saved."""
    data = tmp_path / "data"
    ids = seed_closing(data)
    visit = ids["visit2"]
    store = Store(data / "feltmappe.db")
    try:
        draft = OpeningDraft(title="Pakkemedhjælper", task_ids=(ids["task0"],), owner=WRITER)
        opening = followups.create_opening(store, visit_id=visit, draft=draft, author=WRITER)
    finally:
        store.close()
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser, orientation) as ui:
            ui.open(f"{app.url}/visit/{visit}/closing")
            ui.tap("Registrér ansættelse")
            ui.see("Hvilken slags?")
            ui.tap("Støttet beskæftigelse", role="radio")
            ui.type("Hvem står for efterværnet?", "Per 010190-1234")
            ui.tap("Gem ansættelse")
            ui.see("»Hvem står for efterværnet?« ser ud til at indeholde et CPR-nummer (010190-1234)")
            for choice, count in (("Fjern nummeret", 1), ("Gem alligevel", 1), ("Gem ansættelse", 0), ("Annuller", 0)):
                assert ui.page.get_by_role("button", name=choice, exact=True).count() == count, choice
            ui.shot("79-cpr-dialog")

            ui.type("Hvem står for efterværnet?", "Per Holm")
            ui.text("ser ud til at indeholde et CPR-nummer").first.wait_for(state="detached")
            ui.see("Gem ansættelse")
            ui.tap("Annuller")
            ui.text("Hvilken slags?").first.wait_for(state="detached")
            store = Store(data / "feltmappe.db")
            try:
                assert followups.hires(store, opening_id=opening) == []
            finally:
                store.close()
    finally:
        app.stop()
