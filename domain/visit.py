"""A visit and the state of its conversation cards, as the screens need them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.content import Card


@dataclass(frozen=True, kw_only=True)
class VisitSummary:
    """One row of the visits list."""

    id: str
    company_id: str
    company_name: str
    date: date
    cards_asked: int


@dataclass(frozen=True, kw_only=True)
class CardState:
    """What was done with one conversation card during one visit."""

    card_id: str
    asked: bool = False
    starred: bool = False
    answer: str = ""
    author: str = ""


@dataclass(frozen=True, kw_only=True)
class Preparation:
    """The preparation of a visit: checklist, megatrend angle, co-visit partner."""

    checklist: dict[str, bool] = field(default_factory=dict)
    megatrend: str = ""
    megatrend_note: str = ""
    partner_name: str = ""
    partner_org: str = ""
    script_variant: str = "without_news_hook"


@dataclass(frozen=True)
class PhaseProgress:
    asked: int
    total: int

    @property
    def done(self) -> bool:
        return self.total > 0 and self.asked == self.total


def order_for_reopening(cards: list[Card], states: dict[str, CardState]) -> list[Card]:
    """Starred cards first, each group in the pack's order (the sort is stable)."""
    return sorted(cards, key=lambda c: not states.get(c.id, CardState(card_id=c.id)).starred)


def phase_progress(cards: list[Card], states: dict[str, CardState]) -> PhaseProgress:
    asked = sum(1 for c in cards if (s := states.get(c.id)) is not None and s.asked)
    return PhaseProgress(asked=asked, total=len(cards))
