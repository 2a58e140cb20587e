"""Outcome counts for the team's board, and CSV for a Danish Excel."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from domain.export import danish_csv
from domain.outcomes import (
    REFERENCE,
    HireFact,
    OpeningFact,
    OutcomeRow,
    TaskFact,
    VisitFact,
    hires_in_period,
    in_period,
    monthly_pace,
    outcomes,
    period_start,
    planned_hires,
    total,
    with_empty_months,
)

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
    january, february, march, april, august = outcomes(VISITS, TASKS, OPENINGS, HIRES, by="month")
    assert (january.key, january.companies, january.visits, january.covisits) == ("2026-01", 1, 2, 1)
    assert january.tasks == 2 and january.tasks_by_level == {1: 1, 2: 1, 3: 0}
    assert january.tasks_by_green == {"recycling": 1} and january.openings == 1
    assert january.hires == february.hires == {"supported": 0, "ordinary": 0, "education": 0}
    assert february.tasks_by_green == {"recycling": 1, "repair": 1}
    # Hires count in the month they start, which had no visit.
    assert (march.key, march.visits, march.hires["supported"]) == ("2026-03", 0, 1)
    assert (april.key, april.hires["ordinary"]) == ("2026-04", 1)
    assert (august.key, august.hires["education"]) == ("2026-08", 1)


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


def test_the_total_counts_a_company_once_across_months_and_consultants() -> None:
    row = total(VISITS, TASKS, OPENINGS, HIRES)
    by_consultant = outcomes(VISITS, TASKS, OPENINGS, HIRES, by="consultant")
    assert sum(r.companies for r in by_consultant) == 3  # Ole and Mette both visited c1
    assert (row.companies, row.visits, row.covisits, row.tasks, row.openings) == (2, 3, 1, 4, 2)
    assert row.tasks_by_level == {1: 2, 2: 1, 3: 1}
    assert row.tasks_by_green == {"recycling": 2, "repair": 1}
    assert row.hires == {"supported": 1, "ordinary": 1, "education": 1}


def test_the_total_of_nothing_is_zero_everywhere() -> None:
    row = total([])
    assert row.companies == row.visits == row.tasks == row.openings == 0
    assert row.tasks_by_level == {1: 0, 2: 0, 3: 0}
    assert row.hires == {"supported": 0, "ordinary": 0, "education": 0}


def test_the_reference_line_is_the_projects_figure_per_month() -> None:
    assert round(monthly_pace(REFERENCE["companies"]), 1) == 27.8
    assert round(monthly_pace(REFERENCE["supported"]), 1) == 7.6
    assert monthly_pace(12, months=12) == 1


def test_periods_start_at_new_year_or_twelve_months_back() -> None:
    assert period_start("all", date(2026, 11, 27)) is None
    assert period_start("year", date(2026, 11, 27)) == date(2026, 1, 1)
    assert period_start("12m", date(2026, 11, 27)) == date(2025, 12, 1)
    assert period_start("12m", date(2026, 12, 1)) == date(2026, 1, 1)
    assert period_start("12m", date(2026, 1, 31)) == date(2025, 2, 1)
    with pytest.raises(ValueError):
        period_start("week", date(2026, 11, 27))


def test_a_period_counts_its_visits_up_to_today() -> None:
    old = VisitFact(visit_id="v0", company_id="c9", on=date(2025, 6, 1))
    later = VisitFact(visit_id="v9", company_id="c9", on=date(2026, 3, 1))
    visits = [old, *VISITS, later]
    today = date(2026, 2, 10)
    assert [v.visit_id for v in in_period(visits, "year", today)] == ["v1", "v2", "v3"]
    assert len(in_period(visits, "all", today)) == 5
    assert total(in_period(visits, "year", today), TASKS).tasks == 4


def test_empty_months_are_filled_in_so_a_chart_shows_the_gap() -> None:
    rows = [OutcomeRow(key="2025-11", visits=2), OutcomeRow(key="2026-02", visits=1)]
    filled = with_empty_months(rows)
    assert [r.key for r in filled] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert [r.visits for r in filled] == [2, 0, 0, 1]
    assert filled[1].hires == {"supported": 0, "ordinary": 0, "education": 0}
    assert with_empty_months([]) == []


def test_a_chart_of_a_period_runs_from_its_start_to_today() -> None:
    rows = [OutcomeRow(key="2026-03", visits=4)]
    filled = with_empty_months(rows, start=date(2026, 1, 1), end=date(2026, 5, 27))
    assert [r.key for r in filled] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    assert [r.visits for r in filled] == [0, 0, 4, 0, 0]
    assert [r.key for r in with_empty_months(rows, end=date(2026, 2, 1))] == ["2026-03"]
    assert [r.key for r in with_empty_months([], start=date(2026, 11, 1), end=date(2026, 11, 27))] == ["2026-11"]


# -- a hire counts from its start date -------------------------------------------------

LATER = [
    VisitFact(visit_id="v1", company_id="c1", on=date(2026, 1, 5), consultant="Ole", team="Herning"),
    VisitFact(visit_id="v2", company_id="c2", on=date(2025, 11, 20), consultant="Mette", team="Herning"),
]
STARTS = [
    HireFact(visit_id="v1", kind="supported", start=date(2026, 1, 20)),  # started the month of the visit
    HireFact(visit_id="v1", kind="ordinary", start=date(2026, 3, 2)),  # started two months later
    HireFact(visit_id="v2", kind="education", start=date(2026, 2, 1)),  # visit last year, start this year
    HireFact(visit_id="v1", kind="ordinary", start=date(2026, 9, 1)),  # agreed, starts after "today"
]
TODAY = date(2026, 4, 10)


def test_a_hire_counts_in_the_month_it_starts_not_the_month_of_its_visit() -> None:
    counted = hires_in_period(STARTS, "all", TODAY)
    rows = {r.key: r.hires for r in outcomes(LATER, hires=counted, by="month")}
    assert rows["2026-01"] == {"supported": 1, "ordinary": 0, "education": 0}
    assert rows["2026-02"] == {"supported": 0, "ordinary": 0, "education": 1}
    assert rows["2026-03"] == {"supported": 0, "ordinary": 1, "education": 0}
    assert rows["2025-11"] == {"supported": 0, "ordinary": 0, "education": 0}
    assert "2026-09" not in rows  # not started yet: not counted anywhere


def test_a_hire_with_a_future_start_is_planned_not_counted() -> None:
    assert total(LATER, hires=hires_in_period(STARTS, "all", TODAY)).hires == {
        "supported": 1,
        "ordinary": 1,
        "education": 1,
    }
    (later,) = planned_hires(STARTS, TODAY)
    assert (later.kind, later.start) == ("ordinary", date(2026, 9, 1))
    # On its first day it counts, and is no longer planned.
    assert planned_hires(STARTS, date(2026, 9, 1)) == []
    assert sum(total(LATER, hires=hires_in_period(STARTS, "all", date(2026, 9, 1))).hires.values()) == 4


def test_a_period_counts_the_hires_that_started_in_it_whenever_their_visit_was() -> None:
    this_year = hires_in_period(STARTS, "year", TODAY)
    assert sorted(h.start for h in this_year) == [date(2026, 1, 20), date(2026, 2, 1), date(2026, 3, 2)]
    # The visit of last year is outside "this year", but its hire started this year and counts,
    # with its visit's consultant.
    visits = in_period(LATER, "year", TODAY)
    by_consultant = {r.key: r for r in outcomes(visits, hires=this_year, by="consultant", hire_visits=LATER)}
    assert by_consultant["Mette"].hires["education"] == 1 and by_consultant["Mette"].visits == 0
    assert sum(by_consultant["Ole"].hires.values()) == 2
    assert total(visits, hires=this_year, hire_visits=LATER).hires == {"supported": 1, "ordinary": 1, "education": 1}
    # A period that ended before a hire started does not count it: a hire that started in
    # 2025 is outside "this year" and the future one is outside every period.
    early = HireFact(visit_id="v2", kind="supported", start=date(2025, 12, 1))
    assert early not in hires_in_period([*STARTS, early], "year", TODAY)
    assert all(h.start <= TODAY for h in hires_in_period(STARTS, "12m", TODAY))
