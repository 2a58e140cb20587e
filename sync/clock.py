"""Hybrid logical clock stamps, as ../shared/SYNC.md defines them.

A stamp reads ``<13-digit Unix ms>-<4-digit hex counter>-<device id>`` and stamps compare
as plain strings. The clock never goes backwards: if the wall clock stands still or jumps
back, the counter grows; when the counter is full, the millisecond part moves on by one.
Pure logic, no I/O: the caller persists :attr:`HybridLogicalClock.last`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

# ASCII digits only (``\d`` would take any script's digits, which sort after "9" and so
# would win every merge), and ``\Z``: ``$`` lets a trailing newline through.
STAMP = re.compile(r"^([0-9]{13})-([0-9a-f]{4})-([A-Za-z0-9_]{1,40})\Z")
MAX_COUNTER = 0xFFFF


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


def parse(stamp: str) -> tuple[int, int, str]:
    match = STAMP.match(stamp)
    if match is None:
        raise ValueError(f"not a clock stamp: {stamp!r}")
    return int(match.group(1)), int(match.group(2), 16), match.group(3)


def format_stamp(ms: int, counter: int, device: str) -> str:
    return f"{ms:013d}-{counter:04x}-{device}"


class HybridLogicalClock:
    """Issues strictly increasing stamps for one device."""

    def __init__(self, device: str, *, last: str | None = None, now: Callable[[], int] = wall_ms) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_]{1,40}", device):
            raise ValueError(f"bad device id {device!r}")
        self.device = device
        self._now = now
        self._ms, self._counter = 0, 0
        if last:
            self._ms, self._counter, _ = parse(last)

    @property
    def last(self) -> str:
        return format_stamp(self._ms, self._counter, self.device)

    def tick(self) -> str:
        """A new stamp, greater than every stamp issued or observed before."""
        now = self._now()
        if now > self._ms:
            self._ms, self._counter = now, 0
        elif self._counter < MAX_COUNTER:
            self._counter += 1
        else:
            self._ms, self._counter = self._ms + 1, 0
        return self.last

    def observe(self, stamp: str) -> None:
        """Fold a stamp seen from elsewhere into the clock so the next tick passes it."""
        ms, counter, _ = parse(stamp)
        if (ms, counter) > (self._ms, self._counter):
            self._ms, self._counter = ms, counter

    def observe_server_time(self, server_ms: int) -> None:
        if server_ms > self._ms:
            self._ms, self._counter = server_ms, 0
