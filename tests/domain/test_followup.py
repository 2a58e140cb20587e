"""Aftercare dates across month ends and leap years; how follow-ups are grouped by due date;
dates as typed in Denmark."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.content import AftercareStep, ContentPack
from domain.errors import InvalidInput
from domain.followup import add_months, aftercare_plan, bucket, due_date, format_day, parse_day

RHYTHM = [
    AftercareStep(id="aftercare-4w", title="4 uger", weeks=4),
    AftercareStep(id="aftercare-12w", title="12 uger", weeks=12),
    AftercareStep(id="aftercare-6m", title="6 måneder", months=6),
]

# -- adding months -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),  # no 31 February: the last day of February
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # into a leap-year February
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 30), 6, date(2028, 2, 29)),
        (date(2027, 8, 29), 6, date(2028, 2, 29)),
        (date(2027, 8, 28), 6, date(2028, 2, 28)),
        (date(2027, 3, 31), 1, date(2027, 4, 30)),
        (date(2027, 1, 15), 1, date(2027, 2, 15)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),  # over the year end
        (date(2026, 7, 1), 6, date(2027, 1, 1)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # a leap day a year later
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2027, 5, 31), 0, date(2027, 5, 31)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_the_month(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(min_value=0, max_value=120))
def test_add_months_lands_in_the_right_month_never_later_in_it_than_the_start_day(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day
    if result.day < start.day:  # only when the month is too short
        assert (result + timedelta(days=1)).month != result.month


# -- the aftercare rhythm ------------------------------------------------------------------


def test_weeks_are_exact_and_months_follow_the_calendar() -> None:
    plan = aftercare_plan(date(2027, 8, 31), RHYTHM)
    assert [p.step_id for p in plan] == ["aftercare-4w", "aftercare-12w", "aftercare-6m"]
    assert [p.due for p in plan] == [date(2027, 9, 28), date(2027, 11, 23), date(2028, 2, 29)]
    assert [p.title for p in plan] == ["4 uger", "12 uger", "6 måneder"]


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 8, 31), (date(2026, 9, 28), date(2026, 11, 23), date(2027, 2, 28))),
        (date(2027, 1, 31), (date(2027, 2, 28), date(2027, 4, 25), date(2027, 7, 31))),
        (date(2027, 12, 20), (date(2028, 1, 17), date(2028, 3, 13), date(2028, 6, 20))),  # over the year end
        (date(2028, 2, 29), (date(2028, 3, 28), date(2028, 5, 23), date(2028, 8, 29))),  # starts on a leap day
    ],
)
def test_aftercare_dates(start: date, expected: tuple[date, date, date]) -> None:
    assert tuple(p.due for p in aftercare_plan(start, RHYTHM)) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_four_and_twelve_weeks_are_28_and_84_days(start: date) -> None:
    assert due_date(start, RHYTHM[0]) - start == timedelta(days=28)
    assert due_date(start, RHYTHM[1]) - start == timedelta(days=84)
    assert due_date(start, RHYTHM[0]).weekday() == start.weekday()


def test_the_built_in_rhythm_is_about_4_weeks_12_weeks_and_6_months(pack_da: ContentPack) -> None:
    plan = aftercare_plan(date(2027, 1, 31), list(pack_da.aftercare))
    assert [p.due for p in plan] == [date(2027, 2, 28), date(2027, 4, 25), date(2027, 7, 31)]


# -- grouping by due date ------------------------------------------------------------------

WEDNESDAY = date(2026, 12, 2)
SUNDAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("due", "today", "expected"),
    [
        (WEDNESDAY - timedelta(days=1), WEDNESDAY, "overdue"),
        (date(2025, 1, 1), WEDNESDAY, "overdue"),
        (WEDNESDAY, WEDNESDAY, "this_week"),  # due today is not overdue yet
        (SUNDAY, WEDNESDAY, "this_week"),  # the week ends on Sunday
        (SUNDAY + timedelta(days=1), WEDNESDAY, "later"),  # next Monday
        (date(2027, 6, 1), WEDNESDAY, "later"),
        # On a Sunday, this week is only today; Monday is already next week.
        (SUNDAY, SUNDAY, "this_week"),
        (SUNDAY + timedelta(days=1), SUNDAY, "later"),
        (SUNDAY - timedelta(days=1), SUNDAY, "overdue"),
        # On a Monday the whole week to Sunday counts.
        (date(2026, 12, 13), date(2026, 12, 7), "this_week"),
        (date(2026, 12, 14), date(2026, 12, 7), "later"),
        # Across the year end: Thursday 31 December 2026, the week ends Sunday 3 January.
        (date(2027, 1, 3), date(2026, 12, 31), "this_week"),
        (date(2027, 1, 4), date(2026, 12, 31), "later"),
    ],
)
def test_bucket(due: date, today: date, expected: str) -> None:
    assert bucket(due, today) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(min_value=-30, max_value=30))
def test_bucket_is_overdue_exactly_before_today_and_this_week_at_most_6_days_ahead(today: date, offset: int) -> None:
    due = today + timedelta(days=offset)
    group = bucket(due, today)
    if offset < 0:
        assert group == "overdue"
    elif offset > 6:
        assert group == "later"
    else:
        assert group in ("this_week", "later")
        assert (group == "this_week") == (due.isocalendar()[:2] == today.isocalendar()[:2])


# -- dates as typed ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("31-08-2027", date(2027, 8, 31)),
        ("1-2-2027", date(2027, 2, 1)),
        (" 29.02.2028 ", date(2028, 2, 29)),
        ("05/01/2027", date(2027, 1, 5)),
    ],
)
def test_a_typed_date(typed: str, expected: date) -> None:
    assert parse_day(typed) == expected


@pytest.mark.parametrize("typed", ["", "i morgen", "2027-08-31", "31-08-27", "31-08", "31-08-2027-1", "3l-08-2027"])
def test_a_date_in_the_wrong_form_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_day(typed, field="start")
    assert (caught.value.field, caught.value.code) == ("start", "date_format")


@pytest.mark.parametrize("typed", ["29-02-2027", "31-04-2027", "00-01-2027", "12-13-2027", "32-01-2027"])
def test_a_date_that_does_not_exist_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_day(typed)
    assert (caught.value.field, caught.value.code) == ("due", "date_invalid")


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_format_and_parse_agree(day: date) -> None:
    assert parse_day(format_day(day)) == day
    assert format_day(date(2027, 1, 5)) == "05-01-2027"
