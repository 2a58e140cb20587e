"""Forms that help: the company form shows every problem at once and clears each as it is
put right; a follow-up dated in the past asks first; the closing checklist ticks what the
form already answers; the phone script says the consultant's name, title and municipality;
long notes fold with "Vis mere"."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from domain.followup import format_day
from domain.tasks import OpeningDraft
from storage import followups, visit_records
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, eventually, free_port, tablet
from tests.e2e.test_closing import WRITER, scroll_to_end, seed_closing
from views.i18n import Translator

pytestmark = pytest.mark.e2e

DA = Translator("da")
ORIENTATIONS = ["portrait", "landscape"]
LONG_NOTE = (
    "Lone fortalte, at pakkeriet om morgenen mangler to par hænder fra klokken seks, fordi ordrerne "
    "fra webshoppen lander om natten. De har prøvet med vikarer, men oplæringen tager en uge hver gang. "
    "Hun vil gerne se på en fast ordning med en eller to personer i fleksjob, og hun nævnte selv, at "
    "arbejdet kan deles op i korte vagter. SLUTNINGEN: ring tirsdag."
)


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_the_company_form_shows_every_problem_and_clears_each_when_right(
    app: AppProcess, browser: Browser, orientation: str
) -> None:
    with tablet(browser, orientation) as ui:
        ui.open(f"{app.url}/company/new")
        ui.see("Virksomhedens navn *")
        ui.type("CVR-nummer", "10150818")
        ui.type("Hjemmeside", "jensens tømrer dk")
        ui.type("Telefon", "ring til Lone")
        ui.type("E-mail", "lone@jensens")
        ui.tap("Gem og forbered besøget")
        # All five at once, each under its field, and how many at the top.
        ui.see("Intet er gemt: ret de 5 markerede felter.")
        for problem in (
            "Skriv virksomhedens navn.",
            "kontrolcifferet passer ikke",
            "Hjemmesiden ser forkert ud",
            "Skriv telefonnummeret med cifre",
            "E-mailadressen ser forkert ud.",
        ):
            ui.see(problem)
        ui.page.mouse.wheel(0, -5000)
        ui.shot("08-company-all-problems")

        # Each message goes as soon as its field is right, without tapping "Gem".
        ui.type("CVR-nummer", "10150817")
        ui.text("kontrolcifferet passer ikke").first.wait_for(state="detached")
        ui.see("Intet er gemt: ret de 4 markerede felter.")
        ui.type("Virksomhedens navn *", "Jensens Tømrer & Snedker ApS")
        ui.text("Skriv virksomhedens navn.").first.wait_for(state="detached")
        ui.type("Hjemmeside", "jensens-tomrer.dk")
        ui.type("Telefon", "97 12 34 56")
        ui.see("Intet er gemt: E-mailadressen ser forkert ud.")
        assert not ui.sees("Hjemmesiden ser forkert ud") and not ui.sees("Skriv telefonnummeret med cifre")
        ui.type("E-mail", "lone@jensens-tomrer.dk")
        ui.text("Intet er gemt").first.wait_for(state="detached")
        ui.tap("Gem og forbered besøget")
        ui.see("Tjekliste før besøget")


def kept_draft(app: AppProcess, field: str) -> str:
    """The new-company form's draft of ``field``, kept on the tablet."""
    store = Store(app.data_dir / "feltmappe.db")
    try:
        return store.get_state(f"draft:company:new:{field}")
    finally:
        store.close()


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_a_new_company_draft_brought_back_into_a_fresh_tab_says_so_and_can_be_discarded(
    app: AppProcess, browser: Browser, orientation: str
) -> None:
    """Issue 9 trial: a fresh tab's "Ny virksomhed" came back filled with a previous
    session's abandoned, invalid values, with nothing to say why. The draft is still kept
    (nothing typed is lost), but a banner says when it is from, and "Kassér udkast" asks,
    then empties the form and deletes the draft: the next tab opens an empty form."""
    with tablet(browser, orientation) as abandoned:  # a tab typed into, then closed as it was
        abandoned.open(f"{app.url}/company/new")
        abandoned.see("Virksomhedens navn *")
        assert not abandoned.sees("er hentet frem")  # nothing was brought back
        abandoned.type("CVR-nummer", "10150818")
        abandoned.type("Hjemmeside", "jensens tømrer dk")
        eventually(lambda: kept_draft(app, "website") == "jensens tømrer dk", 20)

    with tablet(browser, orientation) as ui:
        ui.open(f"{app.url}/company/new")  # a fresh tab
        ui.see("er hentet frem: CVR-nummer, Hjemmeside")
        ui.see("Udkast fra kl. ")
        assert ui.field_value("CVR-nummer") == "10150818"
        ui.page.mouse.wheel(0, -5000)
        ui.shot("92-company-draft-restored")
        ui.tap("Kassér udkast")
        ui.see("Kassér udkastet?")  # asked first
        ui.tap("Annuller")
        ui.text("Kassér udkastet?").first.wait_for(state="detached")
        assert ui.field_value("Hjemmeside") == "jensens tømrer dk"
        ui.tap("Kassér udkast")
        ui.see("Felterne tømmes")
        ui.shot("92-company-draft-discard-asks")
        ui.tap("Kassér")
        ui.text("er hentet frem").first.wait_for(state="detached")
        assert ui.field_value("CVR-nummer") == "" and ui.field_value("Hjemmeside") == ""
        eventually(lambda: kept_draft(app, "cvr") == kept_draft(app, "website") == "", 20)

    with tablet(browser, orientation) as again:
        again.open(f"{app.url}/company/new")
        again.see("Virksomhedens navn *")
        assert again.field_value("CVR-nummer") == ""
        assert not again.sees("er hentet frem")


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_a_past_follow_up_date_asks_and_the_checklist_ticks_what_the_form_answers(
    tmp_path: Path, browser: Browser, orientation: str
) -> None:
    data = tmp_path / "data"
    visit = seed_closing(data)["visit2"]
    app = AppProcess(data, free_port()).start()
    yesterday = date.today() - timedelta(days=1)
    try:
        with tablet(browser, orientation) as ui:
            ui.open(f"{app.url}/visit/{visit}/closing")
            ui.see("0 af 8 klaret")
            # How many CVs and which skills, typed in the form, tick their checklist lines.
            ui.type("Antal CV'er, virksomheden ønsker", "2")
            ui.see("Besvaret under »Virksomhedens ønsker«: 2")
            ui.type("Kompetencer, der skal være på plads", "Truckcertifikat")
            ui.see("Besvaret under »Virksomhedens ønsker«: Truckcertifikat")
            ui.see("2 af 8 klaret")
            cvs = ui.page.get_by_role("checkbox", name="Hvor mange CV'er ønsker virksomheden?", exact=True)
            eventually(lambda: cvs.get_attribute("aria-checked") == "true")
            ui.page.mouse.wheel(0, -5000)
            ui.shot("21-closing-checklist-answered")
            # The consultant may still take a tick off; the line says what the form holds.
            ui.press(cvs)
            ui.see("Fravalgt af dig – ellers besvaret under »Virksomhedens ønsker«")
            ui.see("1 af 8 klaret")

            # A follow-up dated yesterday asks first; "Annuller" saves nothing.
            ui.type("Hvad skal følges op?", "Send to CV'er")
            ui.type("Dato (dd-mm-åååå)", format_day(yesterday))
            ui.tap("Tilføj opfølgning")
            ui.see("Datoen er overskredet – gem alligevel?")
            ui.see(f"{DA.date(yesterday)} er før i dag")
            ui.shot("21-closing-past-date")
            ui.tap(DA("closing.cancel"))
            ui.text("Datoen er overskredet").first.wait_for(state="detached")
            ui.see("Ingen opfølgninger aftalt endnu.")
            ui.tap("Tilføj opfølgning")
            ui.tap("Gem alligevel")
            ui.see(f"Senest {DA.date(yesterday)} · {WRITER}")
            # A date ahead is saved at once.
            ui.type("Hvad skal følges op?", "Ring om startdato")
            ui.type("Dato (dd-mm-åååå)", format_day(date.today() + timedelta(days=7)))
            ui.tap("Tilføj opfølgning")
            ui.see(f"Senest {DA.date(date.today() + timedelta(days=7))} · {WRITER}")
            assert not ui.sees("Datoen er overskredet")
    finally:
        app.stop()
    store = Store(data / "feltmappe.db")
    try:
        closing = visit_records.closing(store, visit_id=visit)
        assert closing.cvs_wanted == 2 and closing.checklist == {"close-cvs": False}
        assert sorted(f.title for f in followups.followups(store, visit_id=visit)) == [
            "Ring om startdato",
            "Send to CV'er",
        ]
    finally:
        store.close()


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_the_phone_script_says_who_is_calling(tmp_path: Path, browser: Browser, orientation: str) -> None:
    data = tmp_path / "data"
    visit = seed_closing(data)["visit2"]
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser, orientation) as ui:
            # Without a title and a municipality under Settings, their placeholders stay in sight.
            ui.open(f"{app.url}/visit/{visit}/prep")
            ui.see(f"Hej, du taler med {WRITER}, [din titel] fra [kommune] Kommune.")
            ui.see("Skriv dit navn, din titel og din kommune under Indstillinger")
            store = Store(data / "feltmappe.db")
            try:
                store.set_state("me_title", "virksomhedskonsulent")
                store.set_state("me_municipality", "Herning Kommune")
            finally:
                store.close()
            ui.open(f"{app.url}/visit/{visit}/prep")
            ui.see(f"Hej, du taler med {WRITER}, virksomhedskonsulent fra Herning Kommune. Har du to minutter?")
            assert not ui.sees("under Indstillinger")
            ui.tap("Med nyhed")
            ui.tap("Næste trin")
            ui.tap("Næste trin")
            ui.tap("Næste trin")
            ui.see("høre mere om Vestjysk Emballage A/S og jeres planer?")  # the company is named too
            ui.tap("Forrige trin")
            ui.tap("Forrige trin")
            ui.tap("Forrige trin")
            ui.see(f"Hej, du taler med {WRITER}, virksomhedskonsulent fra Herning Kommune.")
            ui.shot("04-preparation-script-filled")
    finally:
        app.stop()


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_long_notes_fold_with_vis_mere(tmp_path: Path, browser: Browser, orientation: str) -> None:
    data = tmp_path / "data"
    ids = seed_closing(data)
    visit = ids["visit2"]
    store = Store(data / "feltmappe.db")
    try:
        visit_records.add_note(store, visit_id=visit, field="recruitment", text=LONG_NOTE, author=WRITER)
        visit_records.add_note(store, visit_id=visit, field="recruitment", text="Kort note.", author=WRITER)
        followups.create_opening(
            store,
            visit_id=visit,
            draft=OpeningDraft(title="Morgenhjælp i pakkeriet", task_ids=(ids["task0"],), requirements=LONG_NOTE),
            author=WRITER,
        )
    finally:
        store.close()
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser, orientation) as ui:
            ui.open(f"{app.url}/visit/{visit}/bubbles")
            ui.see("Lone fortalte, at pakkeriet")
            ui.see("Kort note.")
            assert not ui.sees("SLUTNINGEN")  # folded: the start, and a button for the rest
            assert ui.page.get_by_role("button", name="Vis mere", exact=True).count() == 1  # not on the short one
            ui.shot("13-bubbles-long-note")
            ui.tap("Vis mere")
            ui.see("SLUTNINGEN: ring tirsdag.")
            assert not ui.sees("Ret note")  # the button unfolds; it does not open the note
            ui.tap("Vis mindre")
            ui.text("SLUTNINGEN").first.wait_for(state="detached")

            # The same on the closing tab, for an opening's requirements.
            ui.open(f"{app.url}/visit/{visit}/closing")
            scroll_to_end(ui)
            ui.see("Morgenhjælp i pakkeriet")
            assert not ui.sees("SLUTNINGEN")
            ui.tap("Vis mere")
            ui.see("SLUTNINGEN: ring tirsdag.")
            ui.shot("23-closing-long-requirements")
    finally:
        app.stop()


# Every one-line field of the forms a consultant fills in with a keyboard, and what is
# typed into it key by key (a browser's url input drops spaces typed into it, so
# "firma dk" became "firmadk" without a word; the validator is the one to say it is wrong).
TYPED_AS_IS = [
    ("/company/new", "Hjemmeside"),
    ("/company/new", "E-mail"),
    ("/company/new", "Telefon"),
    ("/company/new", "CVR-nummer"),
    ("/settings", "Serverens adresse (https://…)"),
]


@pytest.mark.parametrize(("route", "label"), TYPED_AS_IS)
def test_a_field_keeps_every_key_typed_into_it(app: AppProcess, ui: Ui, route: str, label: str) -> None:
    ui.open(app.url + route)
    field = ui.page.get_by_role("textbox", name=label)
    ui.press(field)
    ui.wait_for_focus(label)
    ui.page.keyboard.type("firma dk 2", delay=30)
    eventually(lambda: ui.field_value(label) == "firma dk 2", timeout=15)
