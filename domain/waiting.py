"""What waits on the tablet to be sent, as a person would count it: records per kind (three
notes, one task), not outbox rows, and how long the oldest has waited.

Pure: the outbox rows come in (:class:`WaitingChange`), a :class:`WaitingSummary` goes out;
the sync badge and its sheet put it into words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

KINDS = (
    "note",
    "task",
    "card",
    "company",
    "visit",
    "opening",
    "followup",
    "hire",
    "participant",
    "photo",
    "position",
    "position_task",
    "social",
    "conflict",
    "other",
)
"""The kinds of record a person is told about, in the order they are listed. A change of an
entity this version does not name is counted as ``other``; a task carrying a photo counts
the photo as well, since the picture travels with it and takes the longest to send."""

STALE_AFTER_S = 5 * 60
"""A change still waiting after this long turns the badge amber.

The runner tries a couple of seconds after each save and every 15 s when idle, and after a
failure tries again within two minutes by itself; so a change older than five minutes has
missed several attempts, which is worth a glance before the consultant leaves the company's
wifi. Shorter would flag the normal gaps of a packing hall's network; longer would let a
morning's notes sit on one tablet unnoticed."""


@dataclass(frozen=True)
class WaitingChange:
    """One row of the outbox, as much of it as counting needs."""

    entity: str
    record_id: str
    stamp: str  # the change's clock stamp: "<13-digit Unix ms>-<counter>-<device>"
    photo: str = ""  # for a task: the photo (its SHA-256) the change carries, if any


@dataclass(frozen=True)
class WaitingSummary:
    counts: tuple[tuple[str, int], ...] = ()  # (kind, records), in KINDS order, none of 0
    oldest_ms: int | None = None  # wall time of the oldest waiting change

    @property
    def total(self) -> int:
        return sum(count for _kind, count in self.counts)

    def waited_s(self, now_ms: int) -> float:
        """How long the oldest change has waited (0 when none waits, or the clock was ahead)."""
        if self.oldest_ms is None:
            return 0.0
        return max(0.0, (now_ms - self.oldest_ms) / 1000)


def kind_of(entity: str) -> str:
    return entity if entity in KINDS and entity not in ("photo", "other") else "other"


def summarise(changes: Iterable[WaitingChange]) -> WaitingSummary:
    """Count each record once, however many of its changes wait (a note typed, then edited)."""
    records: dict[str, set[str]] = {}
    oldest: int | None = None
    for change in changes:
        records.setdefault(kind_of(change.entity), set()).add(change.record_id)
        if change.entity == "task" and change.photo:
            records.setdefault("photo", set()).add(change.photo)
        ms = _stamp_ms(change.stamp)
        if ms is not None and (oldest is None or ms < oldest):
            oldest = ms
    counts = tuple((kind, len(records[kind])) for kind in KINDS if records.get(kind))
    return WaitingSummary(counts=counts, oldest_ms=oldest)


def needs_attention(summary: WaitingSummary, *, now_ms: int, last_attempt_failed: bool) -> bool:
    """Amber on the badge: the last attempt to sync failed, or something has waited too long."""
    return last_attempt_failed or (summary.total > 0 and summary.waited_s(now_ms) > STALE_AFTER_S)


def _stamp_ms(stamp: str) -> int | None:
    head = stamp.split("-", 1)[0]
    return int(head) if len(head) == 13 and head.isascii() and head.isdigit() else None
