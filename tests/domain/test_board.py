"""The openings board: which openings a filter shows, in which order, and what it can be set to."""

from __future__ import annotations

from datetime import date

import pytest

from domain.board import ACTIVE, BoardFilter, BoardOpening, BoardTask, choices, filter_board
from domain.tasks import OPENING_STATUSES

SORT = BoardTask(title="Sortere pap", area="Lager", hours=4, level=1, green="recycling")
REPAIR = BoardTask(title="Reparere paller", area="Værksted", hours=3, level=3, green="repair")
ENERGY = BoardTask(title="Registrere energiforbrug", area="Produktion", hours=2.5, level=2)


def opening(
    oid: str,
    *,
    company: str = "c1",
    name: str = "Hansens Smedje ApS",
    tasks: tuple[BoardTask, ...] = (SORT,),
    status: str = "open",
    owner: str = "",
    created: date | None = date(2026, 11, 1),
) -> BoardOpening:
    return BoardOpening(
        id=oid,
        visit_id=f"v-{oid}",
        company_id=company,
        company_name=name,
        title=f"Job {oid}",
        tasks=tasks,
        status=status,
        owner=owner,
        created=created,
    )


BOARD = [
    opening("a", tasks=(SORT,), owner="Jonas Holm", created=date(2026, 11, 10)),
    opening("b", tasks=(SORT, REPAIR), status="candidates_sent", owner="Mette Sørensen", created=date(2026, 10, 1)),
    opening("c", company="c2", name="Æblehaven Gartneri I/S", tasks=(ENERGY,), created=date(2026, 9, 1)),
    opening(
        "d", company="c2", name="Æblehaven Gartneri I/S", tasks=(ENERGY, SORT), status="filled", owner="Jonas Holm"
    ),
    opening("e", company="c3", name="Vestjysk Emballage A/S", tasks=(REPAIR,), status="closed", created=None),
]


def ids(found: list[BoardOpening]) -> list[str]:
    return [o.id for o in found]


def test_the_default_filter_shows_what_someone_still_works_on() -> None:
    assert BoardFilter().statuses == ACTIVE == {"open", "candidates_sent"}
    assert set(ids(filter_board(BOARD, BoardFilter()))) == {"a", "b", "c"}


def test_no_statuses_means_every_status() -> None:
    assert set(ids(filter_board(BOARD, BoardFilter(statuses=frozenset())))) == {"a", "b", "c", "d", "e"}
    assert ids(filter_board(BOARD, BoardFilter(statuses=frozenset({"filled"})))) == ["d"]


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (BoardFilter(statuses=frozenset(), level=1), {"a"}),
        (BoardFilter(statuses=frozenset(), level=2), {"c", "d"}),
        (BoardFilter(statuses=frozenset(), level=3), {"b", "e"}),
        (BoardFilter(statuses=frozenset(), green="recycling"), {"a", "b", "d"}),
        (BoardFilter(statuses=frozenset(), green="repair"), {"b", "e"}),
        (BoardFilter(statuses=frozenset(), area="Produktion"), {"c", "d"}),
        (BoardFilter(statuses=frozenset(), area="Lager"), {"a", "b", "d"}),
        (BoardFilter(statuses=frozenset(), company_id="c2"), {"c", "d"}),
        (BoardFilter(statuses=frozenset(), owner="Jonas Holm"), {"a", "d"}),
        (BoardFilter(statuses=frozenset(), unowned=True), {"c", "e"}),
        (BoardFilter(unowned=True), {"c"}),
        (BoardFilter(level=1, area="Lager"), {"a"}),
        (BoardFilter(green="repair", owner="Mette Sørensen"), {"b"}),
        (BoardFilter(area="Kontor"), set()),
    ],
)
def test_filter_by_each_field(wanted: BoardFilter, expected: set[str]) -> None:
    assert set(ids(filter_board(BOARD, wanted))) == expected


def test_the_level_is_the_most_demanding_tasks_level() -> None:
    assert opening("x", tasks=(SORT, REPAIR, ENERGY)).level == 3
    assert opening("x", tasks=(SORT, ENERGY)).level == 2
    assert opening("x", tasks=()).level == 1


def test_greens_and_areas_come_from_the_tasks() -> None:
    both = opening("x", tasks=(SORT, ENERGY))
    assert both.greens == {"recycling"}
    assert both.areas == {"Lager", "Produktion"}


def test_age_in_days() -> None:
    today = date(2026, 11, 20)
    assert opening("x", created=date(2026, 11, 10)).age_days(today) == 10
    assert opening("x", created=date(2026, 11, 25)).age_days(today) == 0  # a clock ahead never gives a minus
    assert opening("x", created=None).age_days(today) is None


def test_order_status_first_then_oldest_first() -> None:
    everything = filter_board(reversed(BOARD), BoardFilter(statuses=frozenset()))
    # open: c (September) before a (November); then candidates sent, filled, closed
    assert ids(everything) == ["c", "a", "b", "d", "e"]
    assert [o.status for o in everything] == ["open", "open", "candidates_sent", "filled", "closed"]


def test_same_day_sorts_by_company_then_id_and_undated_last() -> None:
    day = date(2026, 11, 1)
    board = [
        opening("z", name="Æblehaven", created=day),
        opening("y", name="anders & co", created=day),
        opening("w", name="Bager Bo", created=None),
        opening("x", name="anders & co", created=day),
    ]
    assert ids(filter_board(board, BoardFilter())) == ["x", "y", "z", "w"]


def test_choices_from_the_openings_on_the_board() -> None:
    found = choices(BOARD)
    assert found.areas == ("Lager", "Produktion", "Værksted")
    assert found.greens == ("recycling", "repair")
    assert found.companies == (
        ("c1", "Hansens Smedje ApS"),
        ("c3", "Vestjysk Emballage A/S"),
        ("c2", "Æblehaven Gartneri I/S"),
    )
    assert found.owners == ("Jonas Holm", "Mette Sørensen")
    assert found.unowned == 1  # "c"; "e" has no owner either, but it is closed
    assert found.statuses == {"open": 2, "candidates_sent": 1, "filled": 1, "closed": 1}
    assert tuple(found.statuses) == OPENING_STATUSES


def test_choices_of_an_empty_board() -> None:
    found = choices([])
    assert found.areas == found.greens == found.owners == ()
    assert found.companies == ()
    assert found.statuses == dict.fromkeys(OPENING_STATUSES, 0)
