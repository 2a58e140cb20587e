"""The follow-up list on a Monday morning: mine or the whole team's, one owner's, and the
list as CSV for a Danish Excel, driven in Chromium."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from domain.followup import format_day
from domain.tasks import OpeningDraft, TaskDraft
from storage import followups, visit_records
from storage.content import load_pack
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, free_port, tablet
from tests.e2e.seed import seed

pytestmark = pytest.mark.e2e

ME = "Jonas Holm"
METTE = "Mette Sørensen"
OLE = "Ole Hansen"
PHONE_NOTE = "+45 97 12 34 56 ringer tilbage"  # a phone number Excel would take for a formula


def seed_team(data_dir: Path) -> dict[str, str]:
    """The seeded tablet after a sync: follow-ups of three consultants, one of them done,
    and the aftercare of a hire a month ago."""
    ids = seed(data_dir)
    pack = load_pack("da").pack
    today = date.today()
    store = Store(data_dir / "feltmappe.db")
    try:
        store.set_state("me_name", ME)
        for visit, title, owner, due in (
            ("visit2", "Ring og hør, om CV'erne er modtaget", ME, today - timedelta(days=3)),
            ("visit0", "Send jobbeskrivelsen til Lone", ME, today),
            ("visit1", "Aftal praktikstart", ME, today + timedelta(days=30)),
            ("visit0", "Aftal opstartsmøde", METTE, today - timedelta(days=10)),
            ("visit2", "Send to CV'er", OLE, today),
        ):
            followups.add_followup(store, visit_id=ids[visit], title=title, owner=owner, due=due, author=owner)
        done = followups.add_followup(
            store,
            visit_id=ids["visit1"],
            title="Ring til Lone om praktikken",
            owner=OLE,
            due=today - timedelta(days=5),
            author=OLE,
        )
        followups.complete_followup(store, followup_id=done, note=PHONE_NOTE)
        task = visit_records.save_task(
            store,
            visit_id=ids["visit1"],
            draft=TaskDraft(area="Drivhus", title="Prikle planter", hours="4", green="biodiversity"),
            author=METTE,
            green_ids=[c.id for c in pack.green_categories],
            accommodation_ids=[a.id for a in pack.accommodations],
        )
        opening = followups.create_opening(
            store,
            visit_id=ids["visit1"],
            draft=OpeningDraft(title="Gartnermedhjælper", task_ids=(task,), owner=METTE),
            author=METTE,
        )
        followups.record_hire(
            store,
            opening_id=opening,
            kind="supported",
            start=today - timedelta(days=30),  # its 4-week check-in is two days overdue
            owner=METTE,
            author=METTE,
            rhythm=list(pack.aftercare),
        )
    finally:
        store.close()
    return ids


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Virksomhed;Opfølgning;Type;Ansvarlig;Senest;Klaret;Note"
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_mine_or_the_whole_team_one_owner_and_the_csv(tmp_path: Path, ui: Ui) -> None:
    seed_team(tmp_path / "data")
    app = AppProcess(tmp_path / "data", free_port()).start()
    today = date.today()
    try:
        ui.open(app.url)
        ui.tap("Opfølgning (3 forfaldne)")  # the whole team's overdue ones

        # -- the whole team: every owner, on every row, and a chip for each -----------------
        ui.see("Forfaldne (3)")
        ui.see("Denne uge (2)")
        ui.see("Senere (3)")
        ui.see("Alle (8)")
        ui.see(f"{ME} (3, heraf 1 forfalden)")
        ui.see(f"{METTE} (4, heraf 2 forfaldne)")
        ui.see(f"{OLE} (1)")
        ui.see(f"Ansvarlig: {METTE}")
        ui.see(f"Ansvarlig: {OLE}")
        ui.see("Aftal opstartsmøde")
        overdue = ui.text("Forfaldne (3)").first.get_attribute("aria-label") or ""
        assert overdue.count("Efterværn") == 1  # Mette's 4-week check-in after the hire
        ui.page.mouse.wheel(0, -5000)
        ui.shot("53-followups-team")

        # -- one owner ------------------------------------------------------------------------
        ui.tap(f"{METTE} (4, heraf 2 forfaldne)")
        ui.see("Forfaldne (2)")
        ui.see("Senere (2)")
        ui.text("Ring og hør, om CV'erne er modtaget").first.wait_for(state="detached")
        assert not ui.sees("Denne uge (")
        download = ui.make_file("Eksportér CSV")
        assert download.suggested_filename == f"opfoelgning-{today.isoformat()}.csv"
        mettes = tmp_path / "mette.csv"
        download.save_as(mettes)
        rows = read_csv(mettes)[1:]
        assert len(rows) == 4 and {r[3] for r in rows} == {METTE}
        assert [r[2] for r in rows] == ["Opfølgning", "Efterværn", "Efterværn", "Efterværn"]

        # -- mine: only my own, without an owner on each row -----------------------------------
        ui.tap(f"Mine ({ME})")
        ui.see("Forfaldne (1)")
        ui.see("Denne uge (1)")
        ui.see("Senere (1)")
        ui.text("Aftal opstartsmøde").first.wait_for(state="detached")
        assert not ui.sees("Alle (8)")  # no owner chips
        assert not ui.sees(f"Ansvarlig: {ME}")

        # -- back to the team, with the done ones, as CSV ---------------------------------------
        ui.tap("Hele teamet")
        ui.see("Forfaldne (3)")
        ui.see("Alle (8)")  # the team view starts with every owner again
        ui.tap("Vis klarede", role="switch")
        ui.see("Klarede (1)")
        ui.see(f"{OLE} (2)")
        ui.see(f"Note: {PHONE_NOTE}")
        saved = tmp_path / "team.csv"
        ui.make_file("Eksportér CSV").save_as(saved)
        rows = read_csv(saved)[1:]
        assert len(rows) == 9
        # the order of the list: overdue, this week, later, done
        assert rows[0] == [
            "Hansens Smedje ApS",
            "Aftal opstartsmøde",
            "Opfølgning",
            METTE,
            format_day(today - timedelta(days=10)),  # dd-mm-åååå
            "nej",
            "",
        ]
        assert rows[1][1] == "Ring og hør, om CV'erne er modtaget" and rows[1][4] == format_day(today - timedelta(3))
        assert rows[2][2] == "Efterværn" and rows[2][0] == "Æblehaven Gartneri I/S"
        assert {r[1] for r in rows[3:5]} == {"Send jobbeskrivelsen til Lone", "Send to CV'er"}
        assert rows[-1] == [
            "Æblehaven Gartneri I/S",
            "Ring til Lone om praktikken",
            "Opfølgning",
            OLE,
            format_day(today - timedelta(days=5)),
            "ja",
            "'" + PHONE_NOTE,  # never a formula in Excel
        ]
        raw = saved.read_bytes().decode("utf-8-sig")
        assert raw.splitlines()[1].count(";") == 6
        exports = sorted(p.name for p in (tmp_path / "data" / "exports").iterdir())
        assert exports == [f"opfoelgning-{today.isoformat()}.csv"]  # kept in the data folder too

        # -- the tablet remembers the choice ---------------------------------------------------
        ui.tap(f"Mine ({ME})")
        ui.see("Forfaldne (1)")
        ui.open(f"{app.url}/followups")
        ui.see("Forfaldne (1)")
        assert not ui.sees("Alle (")
        # ... and the home screen's count follows it: my one overdue follow-up, not the team's 3.
        ui.open(app.url)
        ui.see("Opfølgning (1 forfalden)")
    finally:
        app.stop()


def test_the_whole_team_in_landscape(tmp_path: Path, browser: Browser) -> None:
    seed_team(tmp_path / "data")
    app = AppProcess(tmp_path / "data", free_port()).start()
    try:
        with tablet(browser, "landscape") as ui:
            ui.open(f"{app.url}/followups")
            ui.see("Forfaldne (3)")
            ui.see(f"{METTE} (4, heraf 2 forfaldne)")
            ui.see(f"Ansvarlig: {OLE}")
            ui.shot("53-followups-team")
    finally:
        app.stop()
