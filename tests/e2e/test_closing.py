"""The social-responsibility profile, the closing of a visit, job openings, hires with
their aftercare, and the list of follow-ups across visits, driven in Chromium."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from domain.followup import format_day
from domain.tasks import TaskDraft
from storage import followups, visit_records
from storage.content import load_pack
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, free_port, tablet
from tests.e2e.seed import seed
from views.i18n import Translator

pytestmark = pytest.mark.e2e

WRITER = "Jonas Holm"
DA = Translator("da")


def seed_closing(data_dir: Path) -> dict[str, str]:
    """The seeded tablet, plus a writer and two tasks spotted on the newest visit's walk-around."""
    ids = seed(data_dir)
    pack = load_pack("da").pack
    green = [c.id for c in pack.green_categories]
    accommodations = [a.id for a in pack.accommodations]
    store = Store(data_dir / "feltmappe.db")
    try:
        visit = ids["visit2"]
        visit_records.add_participant(store, visit_id=visit, name=WRITER, organisation="Jobcenter Herning", role="S")
        visit_records.set_writer(store, visit_id=visit, name=WRITER)
        store.set_state("me_name", WRITER)
        for key, draft in (
            (
                "task0",
                TaskDraft(
                    area="Lager",
                    title="Sortere pap og plast",
                    hours="4",
                    green="recycling",
                    accommodations=("split", "breaks"),
                ),
            ),
            (
                "task1",
                TaskDraft(area="Produktion", title="Registrere energiforbrug", hours="2,5", accommodations=("quiet",)),
            ),
        ):
            ids[key] = visit_records.save_task(
                store, visit_id=visit, draft=draft, author=WRITER, green_ids=green, accommodation_ids=accommodations
            )
    finally:
        store.close()
    return ids


def scroll_to_end(ui: Ui) -> None:
    """Wheel-scroll to the bottom of the screen, where the job openings are."""
    size = ui.page.viewport_size or {"width": 800, "height": 1280}
    ui.page.mouse.move(size["width"] / 2, size["height"] / 2)
    for _step in range(10):
        ui.page.mouse.wheel(0, 1000)
        time.sleep(0.1)
    time.sleep(0.5)


def show_checklist(ui: Ui) -> None:
    """Wheel-scroll the closing checklist's last follow-up line into view."""
    line = ui.page.get_by_role("checkbox", name="Dato for næste kontakt er aftalt", exact=True)
    size = ui.page.viewport_size or {"width": 800, "height": 1280}
    ui.page.mouse.move(size["width"] / 2, size["height"] / 2)
    box = line.bounding_box()
    if box is not None:
        ui.page.mouse.wheel(0, box["y"] - size["height"] / 2)
        time.sleep(0.5)


def type_nth(ui: Ui, label: str, index: int, text: str) -> None:
    """Type into the ``index``-th of several fields with the same label."""
    ui.press(ui.page.get_by_role("textbox", name=label).nth(index))
    ui.page.wait_for_function(
        "(label) => { const e = document.activeElement;"
        " return e && ['INPUT', 'TEXTAREA'].includes(e.tagName)"
        " && (e.getAttribute('aria-label') || '').includes(label); }",  # a social area's field adds its area
        arg=label,
    )
    time.sleep(0.2)
    ui.page.keyboard.press("Control+a")
    ui.page.keyboard.insert_text(text)
    time.sleep(0.5)


def test_social_profile_closing_openings_hires_and_followups(tmp_path: Path, browser: Browser, ui: Ui) -> None:
    ids = seed_closing(tmp_path / "data")
    visit = ids["visit2"]
    app = AppProcess(tmp_path / "data", free_port()).start()
    today = date.today()
    overdue_day = today - timedelta(days=3)
    try:
        # -- the social-responsibility profile and the recognition scheme ---------------
        ui.open(f"{app.url}/visit/{visit}/social")
        ui.see("Socialt ansvar – de otte områder")
        ui.see("0 af 6 opfyldt – mangler 2")
        ui.press(ui.page.get_by_role("button", name="Gør det allerede").nth(0))
        ui.see("Gør det allerede: 1 af 8 · Vil gerne: 0")
        ui.press(ui.page.get_by_role("button", name="Vil gerne").nth(3))
        ui.see("Gør det allerede: 1 af 8 · Vil gerne: 1")
        ui.see(f"Skrevet af {WRITER}")
        type_nth(ui, "Dokumentation og noter", 0, "To ansatte kom fra et jobcenterforløb i 2025.")
        # "Gør det allerede" for recruitment from the edge meets that criterion: not asked twice.
        ui.see("Opfyldt via: Rekruttering fra kanten af arbejdsmarkedet")
        ui.see("1 af 6 opfyldt – mangler 1")
        ui.press(ui.page.get_by_role("checkbox", name="Har en medarbejder i fleksjob eller løntilskud"))
        ui.see("2 af 6 opfyldt – kvalificerer")
        ui.page.mouse.wheel(0, -5000)
        ui.shot("20-social")

        # Everything is kept: open the screen again.
        ui.open(f"{app.url}/visit/{visit}/social")
        ui.see("2 af 6 opfyldt – kvalificerer")
        ui.see("Gør det allerede: 1 af 8 · Vil gerne: 1")
        checked = ui.page.get_by_role("checkbox", name="Har en medarbejder i fleksjob eller løntilskud", checked=True)
        assert checked.count() == 1

        # -- the closing: wishes, checklist, a follow-up ---------------------------------
        ui.open(f"{app.url}/visit/{visit}/closing")
        ui.see("Virksomhedens ønsker")
        ui.type("Antal CV'er, virksomheden ønsker", "tre")
        ui.see("Skriv et helt tal.")
        ui.type("Antal CV'er, virksomheden ønsker", "3")
        ui.text("Skriv et helt tal.").first.wait_for(state="detached")
        ui.type("Ønsket startdato", "1. februar 2027")
        ui.see("2 af 8 klaret")  # the form answers how many CVs and when
        ui.press(ui.page.get_by_role("checkbox", name="Opsummering af aftalerne er gennemgået med virksomheden"))
        ui.see("3 af 8 klaret")

        ui.type("Hvad skal følges op?", "Ring og hør, om CV'erne er modtaget")
        assert ui.field_value("Hvem følger op?") == WRITER
        ui.tap("+1 uge")
        assert ui.field_value("Dato (dd-mm-åååå)") == format_day(today + timedelta(weeks=1))
        ui.type("Dato (dd-mm-åååå)", "31-02-2027")
        ui.tap("Tilføj opfølgning")
        ui.see("Den dato findes ikke i kalenderen.")
        ui.type("Dato (dd-mm-åååå)", format_day(overdue_day))
        ui.tap("Tilføj opfølgning")
        ui.see("Datoen er overskredet – gem alligevel?")
        ui.tap("Gem alligevel")
        ui.see(f"Senest {DA.date(overdue_day)} · {WRITER}")
        # The follow-up answers who follows up, when, and the next contact's date (issue 9).
        ui.see("5 af 8 klaret")
        ui.see(f"Besvaret under »Hvem følger op – og hvornår?«: Senest {DA.date(overdue_day)} · {WRITER}")
        ui.see(f"Besvaret under »Hvem følger op – og hvornår?«: {DA.date(overdue_day)}")
        for line in ("Hvem følger op, og hvornår?", "Dato for næste kontakt er aftalt"):
            assert ui.page.get_by_role("checkbox", name=line, exact=True, checked=True).count() == 1
        show_checklist(ui)
        ui.shot("21-closing-followup-ticked")
        ui.page.mouse.wheel(0, -5000)
        ui.shot("21-closing")

        # -- a job opening from the two tasks --------------------------------------------
        ui.type("Titel på jobåbningen", "Grøn medhjælper på lageret")
        ui.tap("Opret jobåbning")
        ui.see("Vælg mindst én opgave til jobåbningen.")
        ui.press(ui.page.get_by_role("checkbox", name="Sortere pap og plast"))
        ui.press(ui.page.get_by_role("checkbox", name="Registrere energiforbrug"))
        ui.type("Krav og opgavebeskrivelse", "Kan stå op det meste af dagen.")
        ui.tap("Opret jobåbning")
        ui.see("6,5 timer om ugen")
        ui.see("Ansvarlig: " + WRITER)
        ui.see("Hensyn: Jobbet kan deles op, Fleksible pauser, Roligt arbejdssted")

        # -- a hire, and its aftercare ---------------------------------------------------
        ui.tap("Registrér ansættelse")
        ui.see("Hvilken slags?")
        ui.tap("Støttet beskæftigelse", role="radio")
        ui.type("Startdato (dd-mm-åååå)", "31-08-2027")
        assert ui.field_value("Hvem står for efterværnet?") == WRITER
        ui.shot("22-closing-hire")
        ui.tap("Gem ansættelse")
        ui.see("Ansat: Støttet beskæftigelse fra 31. aug. 2027")
        for due in ("28. sep. 2027", "23. nov. 2027", "29. feb. 2028"):  # 4 weeks, 12 weeks, 6 months (leap year)
            ui.see(f"Senest {due} · {WRITER}")
        scroll_to_end(ui)
        ui.shot("23-closing-opening")

        # -- the follow-ups list, from the home screen ------------------------------------
        ui.open(app.url)
        ui.tap("Opfølgning (1 forfalden)")
        ui.see("Forfaldne (1)")
        ui.see("Senere (3)")
        ui.see("Ring og hør, om CV'erne er modtaget")
        later = ui.text("Senere (3)").first.get_attribute("aria-label") or ""
        assert later.count("Efterværn") == 3  # the three check-ins are marked as aftercare
        ui.see("Vestjysk Emballage A/S")
        ui.see(f"Senest {DA.date(overdue_day)}")
        ui.shot("24-followups")
        ui.press(ui.page.get_by_role("button", name="Markér som klaret · ").first)  # each names its follow-up
        ui.see("Markér opfølgningen som klaret")
        ui.type("Note (hvad blev aftalt?)", "De har fået tre CV'er og ringer selv.")
        ui.shot("25-followups-done-dialog")
        ui.page.get_by_role("button", name="Markér som klaret").last.click()
        ui.see("Forfaldne (0)")
        ui.see("Intet er forfaldent.")
        assert ui.page.get_by_role("button", name="Markér som klaret").count() == 3  # the aftercare left
        ui.tap("Vis klarede", role="switch")
        ui.see("Klarede (1)")
        ui.see("Note: De har fået tre CV'er og ringer selv.")
        ui.tap(f"Mine ({WRITER})")
        ui.see("Senere (3)")
        ui.open(app.url)
        ui.see("Vestjysk Emballage A/S")
        assert ui.page.get_by_role("button", name="Opfølgning", exact=True).count() == 1
    finally:
        app.stop()

    # What the screens saved is in the database, stamped with who wrote it.
    store = Store(tmp_path / "data" / "feltmappe.db")
    try:
        closing = visit_records.closing(store, visit_id=visit)
        assert closing.cvs_wanted == 3
        assert closing.start_wish == "1. februar 2027"
        assert closing.checklist == {"close-summary-agreed": True}  # the rest follows from the form
        profile = visit_records.social_profile(store, visit_id=visit)
        assert profile["recruitment-edge"].status == "already"
        assert profile["recruitment-edge"].evidence == "To ansatte kom fra et jobcenterforløb i 2025."
        assert profile["recruitment-edge"].author == WRITER
        assert profile["retention"].status == "wants"
        (opening,) = followups.openings(store, visit_id=visit)
        assert opening.status == "filled"
        assert set(opening.task_ids) == {ids["task0"], ids["task1"]}
        assert opening.hours == 6.5
        done = [f for f in followups.followups(store, include_done=True) if f.done]
        assert [f.done_note for f in done] == ["De har fået tre CV'er og ringer selv."]
    finally:
        store.close()


def test_screens_in_landscape(tmp_path: Path, browser: Browser) -> None:
    ids = seed_closing(tmp_path / "data")
    visit = ids["visit2"]
    store = Store(tmp_path / "data" / "feltmappe.db")
    try:
        pack = load_pack("da").pack
        visit_records.save_social(store, visit_id=visit, area_id="recruitment-edge", author=WRITER, status="already")
        visit_records.save_social(
            store, visit_id=visit, area_id="work-environment", author=WRITER, status="wants", evidence="APV fra 2025."
        )
        visit_records.save_recognition(store, visit_id=visit, met={"crit-edge-hire": True, "crit-flexjob": True})
        visit_records.save_closing(store, visit_id=visit, cvs_wanted="2", start_wish="Hurtigst muligt")
        followups.add_followup(
            store,
            visit_id=visit,
            title="Send to CV'er",
            owner=WRITER,
            due=date.today() - timedelta(days=1),
            author=WRITER,
        )
        from domain.tasks import OpeningDraft

        opening = followups.create_opening(
            store,
            visit_id=visit,
            draft=OpeningDraft(title="Grøn medhjælper", task_ids=(ids["task0"], ids["task1"]), owner=WRITER),
            author=WRITER,
        )
        followups.record_hire(
            store,
            opening_id=opening,
            kind="ordinary",
            start=date(2027, 1, 31),
            owner=WRITER,
            author=WRITER,
            rhythm=list(pack.aftercare),
        )
    finally:
        store.close()
    app = AppProcess(tmp_path / "data", free_port()).start()
    try:
        with tablet(browser, "landscape") as ui:
            ui.open(f"{app.url}/visit/{visit}/social")
            ui.see("2 af 6 opfyldt – kvalificerer")
            ui.shot("20-social")
            ui.open(f"{app.url}/visit/{visit}/closing")
            ui.see("Send to CV'er")
            ui.shot("21-closing")
            ui.see("4 af 8 klaret")  # CVs, start, and the follow-up's two lines
            show_checklist(ui)
            ui.shot("21-closing-followup-ticked")
            scroll_to_end(ui)
            ui.see("Senest 31. jul. 2027 · " + WRITER)  # 6 months after 31 January
            ui.shot("23-closing-opening")
            ui.tap("Registrér ansættelse")
            ui.see("Hvilken slags?")
            ui.shot("22-closing-hire")
            ui.open(app.url)
            ui.tap("Opfølgning (1 forfalden)")
            ui.see("Forfaldne (1)")
            ui.shot("24-followups")
            ui.press(ui.page.get_by_role("button", name="Markér som klaret · ").first)  # each names its follow-up
            ui.see("Markér opfølgningen som klaret")
            ui.shot("25-followups-done-dialog")
    finally:
        app.stop()
