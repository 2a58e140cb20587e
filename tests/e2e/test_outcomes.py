"""The outcomes screen, as a team leader uses it on a Monday morning: the totals next to the
method guide's project figures, the monthly bars with the project's pace as a red line,
the same numbers per consultant and per team, and the table as CSV for a Danish Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from domain.outcomes import OutcomeRow, hires_in_period, in_period, total
from storage import office
from storage.db import Store
from tests.e2e.conftest import AppProcess, Ui, free_port, tablet
from tests.e2e.seed import PLANNED_IN_DAYS, seed_outcomes

pytestmark = pytest.mark.e2e

HEADER = (
    "Virksomheder;Besøg;Sambesøg;Opgaver;Niveau 1;Niveau 2;Niveau 3;Grønne opgaver;Jobåbninger;"
    "Støttet beskæftigelse;Ordinær beskæftigelse;Uddannelse;Grøn: Genbrug af pap og plastik"
)


@dataclass
class Seeded:
    app: AppProcess
    data: Path
    this_year: OutcomeRow  # what "I år" must show, whatever day the test runs


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    data = tmp_path_factory.mktemp("outcomes") / "data"
    seed_outcomes(data)
    store = Store(data / "feltmappe.db")
    try:
        facts = office.outcome_facts(store)
    finally:
        store.close()
    today = date.today()
    this_year = total(
        in_period(facts.visits, "year", today),
        facts.tasks,
        facts.openings,
        hires_in_period(facts.hires, "year", today),
        hire_visits=facts.visits,
    )
    process = AppProcess(data, free_port()).start()
    yield Seeded(process, data, this_year)
    process.stop()


def totals(ui: Ui, title: str) -> dict[str, str]:
    """The totals card as a screen reader reads it: each tile's label, then its number."""
    ui.see(title)
    lines = [line.strip() for line in (ui.page.get_by_text(title).first.text_content() or "").split("\n")]
    return {label: value for label, value in pairwise(lines) if value.isdigit()}


def download(ui: Ui, saved: Path) -> bytes:
    download = ui.make_file("Eksportér CSV")
    download.save_as(saved)
    assert download.suggested_filename == f"resultater-{date.today().isoformat()}.csv"
    return saved.read_bytes()


def scroll_up_to(ui: Ui, chip: str) -> None:
    """Wheel the page until the chip is just under the title bar (for a screenshot of the charts)."""
    box = ui.page.get_by_role("button", name=chip, exact=True).bounding_box()
    assert box is not None
    size = ui.page.viewport_size or {"width": 800, "height": 1280}
    ui.page.mouse.move(size["width"] / 2, size["height"] / 2)
    ui.page.mouse.wheel(0, box["y"] - 80)


def rows_of(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_totals_with_the_project_figures_per_month_consultant_team_and_csv(
    seeded: Seeded, ui: Ui, tmp_path: Path
) -> None:
    ui.open(seeded.app.url)
    ui.tap("Resultater")
    shown = totals(ui, "I alt – hele perioden")
    assert shown["Virksomheder besøgt"] == "3"  # six visits to three companies
    assert shown["Besøg"] == "6" and shown["Sambesøg"] == "2"
    assert shown["Opgaver spottet"] == "5" and shown["Jobåbninger"] == "2"
    assert shown["Ansættelser i alt"] == "3"  # the hire that starts later is not counted yet ...
    assert shown["Støttet beskæftigelse"] == shown["Ordinær beskæftigelse"] == shown["Uddannelse"] == "1"
    # ... but shown as planned, with its start date.
    ui.see("Planlagte ansættelser: 1")
    start = date.today() + timedelta(days=PLANNED_IN_DAYS)
    month = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
    ui.see(f"Støttet beskæftigelse – planlagt, starter {start.day}. {month[start.month - 1]} {start.year}")
    # The guide's figures next to the team's, and the line explained in words.
    for figure in ("Projektet: over 1.000", "Projektet: 273", "Projektet: 115", "Projektet: 33", "33 % af besøgene"):
        ui.see(figure)
    ui.see("Til sammenligning – projektet bag metodeguiden, 2023–2025: over 1.000 virksomheder besøgt")
    ui.see("Rød linje: projektets tempo 2023–2025 – over 1.000 virksomheder på 36 måneder, ca. 28 om måneden.")
    ui.see("421 ansættelser og uddannelsesstarter på 36 måneder, ca. 12 om måneden")
    ui.see("ca. 28")  # the line's own label
    # Tasks by level and green category, with the content pack's names.
    ui.see("1 · Almindelig oplæring")
    ui.see("Genbrug af pap og plastik")
    ui.see("Opgaver uden grøn kategori: 2")
    ui.see("Virksomheder besøgt pr. måned")
    ui.see("Ansættelser pr. måned")
    ui.shot("55-outcomes")
    scroll_up_to(ui, "Pr. måned")
    ui.shot("57-outcomes-months")

    # Both charts show every month; the table only the months with visits.
    months = {m: ui.page.get_by_text(m, exact=True).count() for m in ("jun. 2025", "jul. 2025", "nov. 2026")}
    assert months == {"jun. 2025": 3, "jul. 2025": 2, "nov. 2026": 3}
    raw = download(ui, tmp_path / "months.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM a Danish Excel needs for æøå
    header, *rows = rows_of(raw)
    assert ";".join(header).startswith("Måned;" + HEADER)
    assert [r[0] for r in rows] == ["jun. 2025", "sep. 2026", "okt. 2026", "nov. 2026"]
    # Every hire started in November: it counts there, not in the month of its visit.
    assert rows[-1][:13] == ["nov. 2026", "3", "3", "1", "3", "1", "1", "1", "2", "1", "1", "1", "1"]
    assert b"\r\nokt. 2026;1;1;1;1;1;0;0;1;1;0;0;0;1;" in raw
    assert sorted(p.name for p in (seeded.data / "exports").iterdir()) == [f"resultater-{date.today().isoformat()}.csv"]

    # Chips and the export button are big enough for a finger.
    for name, role in (("I år", "button"), ("Pr. team", "button"), ("Eksportér CSV", "button")):
        box = ui.page.get_by_role(role, name=name, exact=True).bounding_box()  # type: ignore[arg-type]
        assert box is not None and box["height"] >= 48, (name, box)

    # This year only: the visit from last year drops out of the totals.
    ui.tap("I år")
    year = totals(ui, "I alt – i år")
    assert year["Besøg"] == str(seeded.this_year.visits)
    assert year["Opgaver spottet"] == str(seeded.this_year.tasks)
    ui.tap("Hele perioden")
    ui.see("I alt – hele perioden")

    # Per consultant: names, and "(ukendt)" for visits nobody was named on.
    ui.tap("Pr. konsulent")
    ui.see("Virksomheder besøgt pr. konsulent")
    ui.see("Ansættelser pr. konsulent")
    ui.see("Projektets tempo (2023–2025: ca. 28 om måneden) vises som rød linje under »Pr. måned«.")
    for name in ("Ole Hansen", "Mette Sørensen", "(ukendt)"):
        ui.see(name)
    scroll_up_to(ui, "Pr. konsulent")
    ui.shot("56-outcomes-consultant")
    header, *rows = rows_of(download(ui, tmp_path / "consultants.csv"))
    assert ";".join(header).startswith("Konsulent;" + HEADER)
    assert [r[:3] for r in rows] == [["Mette Sørensen", "1", "1"], ["Ole Hansen", "2", "2"], ["(ukendt)", "3", "3"]]
    assert rows[0][10:13] == ["0", "0", "1"]  # Mette's visit led to a start of education

    # Per team: the team's name from pairing.
    ui.tap("Pr. team")
    ui.see("Virksomheder besøgt pr. team")
    ui.see("Jobcenter Herning")


def test_outcomes_in_landscape(browser: Browser, seeded: Seeded) -> None:
    with tablet(browser, "landscape") as ui:
        ui.open(seeded.app.url + "/outcomes")
        assert totals(ui, "I alt – hele perioden")["Virksomheder besøgt"] == "3"
        ui.see("Rød linje: projektets tempo 2023–2025")
        ui.shot("55-outcomes")
        scroll_up_to(ui, "Pr. måned")
        ui.shot("57-outcomes-months")
        ui.tap("Pr. konsulent")
        ui.see("Ole Hansen")
        scroll_up_to(ui, "Pr. konsulent")
        ui.shot("56-outcomes-consultant")
