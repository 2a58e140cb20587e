"""Every screen in both tablet orientations, with a screenshot of each in docs/screenshots/;
the language switch; and bad input at the screen (pasted control characters, too long text,
a broken content pack)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from domain.company import CompanyDraft
from storage import repo
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, free_port, tablet
from tests.e2e.seed import seed

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppProcess, dict[str, str]]]:
    data = tmp_path_factory.mktemp("seeded") / "data"
    ids = seed(data)
    process = AppProcess(data, free_port()).start()
    yield process, ids
    process.stop()


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_every_screen_in_both_orientations(
    browser: Browser, seeded: tuple[AppProcess, dict[str, str]], orientation: str
) -> None:
    app, ids = seeded
    visit = ids["visit2"]
    screens = [
        ("/", "01-visits", "Vestjysk Emballage A/S"),
        ("/visit/new", "02-new-visit", "Ny virksomhed"),
        ("/company/new", "03-company-new", "Virksomhedens navn"),
        (f"/visit/{visit}/prep", "04-preparation", "2 af 8 klaret"),
        (f"/visit/{visit}/cards", "05-cards", "Åbning af mødet 2/8"),
        (f"/visit/{visit}/company", "06-company", "Tidligere samarbejde med jobcentret"),
        ("/settings", "07-settings", "venter på at blive synkroniseret: 10"),
    ]
    with tablet(browser, orientation) as ui:
        for route, name, expected in screens:
            ui.open(app.url + route)
            ui.see(expected)
            ui.shot(name)
        # The visits list: newest first.
        ui.open(app.url)
        ui.see("Vestjysk Emballage A/S")
        rows = ui.page.get_by_text("samtalekort stillet").all_inner_texts()
        order = [next(n for n in ("Vestjysk", "Æblehaven", "Hansens") if n in row) for row in rows]
        assert order == ["Vestjysk", "Æblehaven", "Hansens"]


def test_search_finds_visits_by_company_name(browser: Browser, seeded: tuple[AppProcess, dict[str, str]]) -> None:
    app, _ids = seeded
    with tablet(browser) as ui:
        ui.open(app.url)
        ui.see("Hansens Smedje ApS")
        ui.type("Søg på virksomhedens navn", "ÆBLE")
        ui.see("Æblehaven Gartneri I/S")
        assert not ui.sees("Hansens Smedje ApS")
        ui.type("Søg på virksomhedens navn", "findes ikke")
        ui.see("Ingen besøg hos en virksomhed med det navn.")


def test_english_can_be_chosen_and_is_remembered(app: AppProcess, ui: Ui) -> None:
    ui.open(app.url + "/settings")
    ui.see("Sprog")
    ui.tap("English", role="radio")
    ui.see("Language")
    ui.open(app.url)
    ui.see("New visit")
    ui.see("No visits yet")
    ui.tap("New visit")
    ui.see("New company")


def test_pasted_control_characters_and_too_long_text_are_refused(tmp_path: Path, ui: Ui) -> None:
    ids = seed(tmp_path / "data")
    app = AppProcess(tmp_path / "data", free_port()).start()
    try:
        ui.open(f"{app.url}/visit/{ids['visit0']}/cards")
        ui.see("Kort 1 af 8")
        ui.type("Virksomhedens svar · kort 1 af 8", "Ordre")
        ui.page.keyboard.insert_text(" fra\x07 kunden\x1b[0m")  # what a paste from a terminal brings
        ui.see("usynlige styretegn")
        assert ui.field_value("Virksomhedens svar · kort 1 af 8") == "Ordre fra kunden[0m"

        ui.page.keyboard.insert_text("x" * 20_000)
        ui.see("Teksten er for lang")
        ui.see("højst 20.000")
    finally:
        app.stop()
    # Nothing half-saved: the stored answer is the last one that was allowed.
    from storage import repo
    from storage.db import Store

    store = Store(tmp_path / "data" / "feltmappe.db")
    try:
        answer = repo.card_states(store, visit_id=ids["visit0"])["opening-01"].answer
        assert answer == "Ordre fra kunden[0m"
    finally:
        store.close()


def test_a_broken_content_pack_is_named_and_the_built_in_pack_used(tmp_path: Path, ui: Ui) -> None:
    content = tmp_path / "data" / "content"
    content.mkdir(parents=True)
    (content / "pack.da.json").write_text('{"version": "x", "language": "da", "title": }', encoding="utf-8")
    app = AppProcess(tmp_path / "data", free_port()).start()
    try:
        ui.open(app.url)
        ui.see("Kommunens indholdspakke kunne ikke bruges")
        ui.see("pack.da.json")
        ui.see("line 1, column")
        ui.open(app.url + "/settings")
        ui.see("version 2026.1")
    finally:
        app.stop()


def test_cards_can_be_swiped_through(browser: Browser, seeded: tuple[AppProcess, dict[str, str]]) -> None:
    app, ids = seeded
    with tablet(browser, "landscape") as ui:
        ui.open(f"{app.url}/visit/{ids['visit1']}/cards")
        ui.see("Kort 1 af 8")

        box = ui.text("Kort 1 af 8").first.bounding_box()
        assert box is not None
        x, y = box["x"] + 450, box["y"] + 80  # on the card's question (the answer has the right half)

        def swipe(dx: int) -> None:
            ui.page.mouse.move(x, y)
            ui.page.mouse.down()
            ui.page.mouse.move(x + dx, y + 5, steps=12)
            ui.page.mouse.up()

        swipe(-400)
        ui.see("Kort 2 af 8")
        swipe(-400)
        ui.see("Kort 3 af 8")
        swipe(400)
        ui.see("Kort 2 af 8")
        ui.press(ui.text("Afrunding 0/8").first)
        ui.see("Kort 1 af 8")


def test_a_reload_shows_what_came_in_since_the_screen_was_drawn(tmp_path: Path, ui: Ui) -> None:
    """A browser reload re-attaches to the same Flet session; the screen is drawn again from
    the store, so a visit saved meanwhile (here by another process, as a sync would) shows."""
    data = tmp_path / "data"
    seed(data)
    app = AppProcess(data, free_port()).start()
    try:
        ui.open(app.url)
        ui.see("Hansens Smedje ApS")
        assert not ui.sees("Fjordens Bageri ApS")
        store = Store(data / "feltmappe.db")
        try:
            company = repo.save_company(store, draft=CompanyDraft(name="Fjordens Bageri ApS"))
            repo.create_visit(store, company_id=company, content_version="2026.1")
        finally:
            store.close()
        ui.page.reload()  # the same tab: its sessionStorage keeps the session
        ui.page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
        ui.page.locator("flt-semantics-placeholder").dispatch_event("click")
        ui.see("Fjordens Bageri ApS")
    finally:
        app.stop()
