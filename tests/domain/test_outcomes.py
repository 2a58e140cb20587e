"""Outcome counts for the team's board, and CSV for a Danish Excel."""

from __future__ import annotations

import csv
import io
from datetime import date

from domain.export import danish_csv
from domain.outcomes import REFERENCE, HireFact, OpeningFact, TaskFact, VisitFact, outcomes

VISITS = [
    VisitFact(visit_id="v1", company_id="c1", on=date(2026, 1, 5), consultant="Ole", team="Herning", covisit=True),
    VisitFact(visit_id="v2", company_id="c1", on=date(2026, 1, 20), consultant="Mette", team="Herning"),
    VisitFact(visit_id="v3", company_id="c2", on=date(2026, 2, 2), consultant="Ole", team="Herning"),
]
TASKS = [
    TaskFact(visit_id="v1", level=1, green="recycling"),
    TaskFact(visit_id="v1", level=2),
    TaskFact(visit_id="v3", level=1, green="recycling"),
    TaskFact(visit_id="v3", level=3, green="repair"),
    TaskFact(visit_id="unknown", level=1),
]
OPENINGS = [OpeningFact(visit_id="v1"), OpeningFact(visit_id="v3")]
HIRES = [
    HireFact(visit_id="v1", kind="supported", start=date(2026, 3, 1)),
    HireFact(visit_id="v3", kind="education", start=date(2026, 8, 1)),
    HireFact(visit_id="v3", kind="ordinary", start=date(2026, 4, 1)),
]


def test_counts_per_month() -> None:
    january, february = outcomes(VISITS, TASKS, OPENINGS, HIRES, by="month")
    assert (january.key, january.companies, january.visits, january.covisits) == ("2026-01", 1, 2, 1)
    assert january.tasks == 2 and january.tasks_by_level == {1: 1, 2: 1, 3: 0}
    assert january.tasks_by_green == {"recycling": 1} and january.openings == 1
    assert january.hires == {"supported": 1, "ordinary": 0, "education": 0}
    assert february.tasks_by_green == {"recycling": 1, "repair": 1}
    assert february.hires == {"supported": 0, "ordinary": 1, "education": 1}


def test_counts_per_consultant_and_team_add_up_to_the_same_totals() -> None:
    by_consultant = {r.key: r for r in outcomes(VISITS, TASKS, OPENINGS, HIRES, by="consultant")}
    assert by_consultant["Ole"].visits == 2 and by_consultant["Ole"].companies == 2
    assert by_consultant["Mette"].tasks == 0
    (team,) = outcomes(VISITS, TASKS, OPENINGS, HIRES, by="team")
    assert team.companies == 2 and team.visits == 3 and team.tasks == 4 and team.openings == 2
    assert sum(team.hires.values()) == 3


def test_the_guides_project_figures_are_the_reference() -> None:
    assert REFERENCE["supported"] == 273 and REFERENCE["ordinary"] == 115 and REFERENCE["education"] == 33
    assert REFERENCE["companies"] == 1000


def test_csv_for_a_danish_excel() -> None:
    data = danish_csv(
        ["Virksomhed", "Dato", "Timer", "Åben", "Note"],
        [["Æblehaven; I/S", date(2026, 11, 27), 2.5, True, 'Sagde "ja"\nog gik']],
    )
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Virksomhed;Dato;Timer;Åben;Note"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ["Æblehaven; I/S", "27-11-2026", "2,5", "ja", 'Sagde "ja"\nog gik']
