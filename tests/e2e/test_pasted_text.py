"""Text as people really give it, in the real app: a company name pasted with a decomposed
"Å" is found by searching "århus" and kept composed; a CVR pasted with no-break and
zero-width spaces is taken as its eight digits; invisible characters pasted into an answer
are removed with the usual notice while an emoji made with a zero-width joiner stays."""

from __future__ import annotations

import pytest

from storage import repo
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui

pytestmark = pytest.mark.e2e

ANSWER = "Virksomhedens svar · kort 1 af 8"


def test_pasted_names_numbers_and_notes(app: AppProcess, ui: Ui) -> None:
    ui.open(app.url)
    ui.see("Ingen besøg endnu")
    ui.tap("Nyt besøg")
    ui.tap("Ny virksomhed")
    ui.type("Virksomhedens navn *", "A\u030arhus Havn ApS")  # "Å" as "A" + a combining ring
    ui.type("CVR-nummer", "10\u00a015\u200b08\u00a017")
    ui.tap("Gem og forbered besøget")
    ui.see("Tjekliste før besøget")

    ui.tap("Samtalekort")
    ui.see("Kort 1 af 8")
    ui.type(ANSWER, "Ordre")
    ui.page.keyboard.insert_text("\u200b fra\u202e kunden\ufeff 👩\u200d💻")  # from a web page
    ui.see("usynlige styretegn")
    assert ui.field_value(ANSWER) == "Ordre fra kunden 👩\u200d💻"

    ui.open(app.url)
    ui.type("Søg på virksomhedens navn", "århus")
    ui.see("Århus Havn ApS")
    ui.type("Søg på virksomhedens navn", "ÅRHUS HAVN")
    ui.see("Århus Havn ApS")
    app.stop()

    store = Store(app.data_dir / "feltmappe.db")
    try:
        ((company_id, name),) = repo.find_companies(store, search="A\u030arhus")
        assert name == "Århus Havn ApS"
        company = repo.get_company(store, company_id=company_id)
        assert company is not None and company.cvr == "10150817"
        (visit,) = repo.list_visits(store, search="århus")
        answers = repo.card_states(store, visit_id=visit.id)
        assert [a.answer for a in answers.values() if a.answer] == ["Ordre fra kunden 👩\u200d💻"]
    finally:
        store.close()
