"""The team's job openings board: what each opening holds, and which ones a filter shows.

Pure: the storage layer hands over :class:`BoardOpening` rows, the screen hands over a
:class:`BoardFilter`, and :func:`filter_board` answers in the order a team leader reads a
board on a Monday morning: the openings that still need work first, the oldest first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from domain.records import JobOpening
from domain.tasks import OPENING_STATUSES

ACTIVE = frozenset({"open", "candidates_sent"})
"""The statuses the board shows by default: openings someone still works on."""


@dataclass(frozen=True, kw_only=True)
class BoardTask:
    title: str
    area: str = ""
    hours: float = 0.0
    level: int = 1
    green: str = ""


@dataclass(frozen=True, kw_only=True)
class BoardOpening(JobOpening):
    """An opening as the board shows it: with its company's name, its tasks and its date."""

    company_name: str = ""
    tasks: tuple[BoardTask, ...] = ()
    created: date | None = None

    @property
    def level(self) -> int:
        """The opening asks what its most demanding task asks (1 when it has no tasks)."""
        return max((t.level for t in self.tasks), default=1)

    @property
    def greens(self) -> frozenset[str]:
        return frozenset(t.green for t in self.tasks if t.green)

    @property
    def areas(self) -> frozenset[str]:
        return frozenset(t.area for t in self.tasks if t.area)

    def age_days(self, today: date) -> int | None:
        return None if self.created is None else max(0, (today - self.created).days)


@dataclass(frozen=True, kw_only=True)
class BoardFilter:
    """Empty fields show everything; ``statuses`` empty means every status."""

    statuses: frozenset[str] = ACTIVE
    level: int | None = None
    green: str = ""
    area: str = ""
    company_id: str = ""
    owner: str = ""
    unowned: bool = False  # only openings nobody has taken yet

    def shows(self, opening: BoardOpening) -> bool:
        return (
            (not self.statuses or opening.status in self.statuses)
            and (self.level is None or opening.level == self.level)
            and (not self.green or self.green in opening.greens)
            and (not self.area or self.area in opening.areas)
            and (not self.company_id or opening.company_id == self.company_id)
            and (not self.owner or opening.owner == self.owner)
            and (not self.unowned or not opening.owner)
        )


_STATUS_ORDER = {status: i for i, status in enumerate(OPENING_STATUSES)}


def _order(opening: BoardOpening) -> tuple[int, str, str, str]:
    created = opening.created.isoformat() if opening.created else "9999-12-31"
    return (_STATUS_ORDER.get(opening.status, len(_STATUS_ORDER)), created, opening.company_name.casefold(), opening.id)


def filter_board(openings: Iterable[BoardOpening], wanted: BoardFilter) -> list[BoardOpening]:
    """The openings the filter shows: by status (open first), then oldest first."""
    return sorted((o for o in openings if wanted.shows(o)), key=_order)


@dataclass(frozen=True, kw_only=True)
class BoardChoices:
    """What the filter can be set to, from the openings on the board."""

    areas: tuple[str, ...] = ()
    greens: tuple[str, ...] = ()
    companies: tuple[tuple[str, str], ...] = ()  # (id, name), by name
    owners: tuple[str, ...] = ()
    statuses: dict[str, int] = field(default_factory=dict)  # how many openings have each status
    unowned: int = 0  # how many openings still need work and have no owner


def choices(openings: Iterable[BoardOpening]) -> BoardChoices:
    areas: set[str] = set()
    greens: set[str] = set()
    companies: dict[str, str] = {}
    owners: set[str] = set()
    statuses: Counter[str] = Counter()
    unowned = 0
    for o in openings:
        areas |= o.areas
        greens |= o.greens
        companies[o.company_id] = o.company_name
        if o.owner:
            owners.add(o.owner)
        elif o.status in ACTIVE:
            unowned += 1
        statuses[o.status] += 1
    return BoardChoices(
        areas=tuple(sorted(areas, key=str.casefold)),
        greens=tuple(sorted(greens)),
        companies=tuple(sorted(companies.items(), key=lambda item: (item[1].casefold(), item[0]))),
        owners=tuple(sorted(owners, key=str.casefold)),
        statuses={status: statuses[status] for status in OPENING_STATUSES},
        unowned=unowned,
    )
