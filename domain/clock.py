"""Hybrid logical clock stamps, as ../shared/SYNC.md defines them.

A stamp reads ``<13-digit Unix ms>-<4-digit hex counter>-<device id>`` and stamps compare
as plain strings. The clock does not go backwards with the wall clock: if it stands still
or jumps back, the counter grows; when the counter is full, the millisecond part moves on
by one. Only a clock that ran beyond the leeway below is pulled back.
Pure logic, no I/O: the caller persists :attr:`HybridLogicalClock.last`. The correction
(:attr:`HybridLogicalClock.offset_ms`) is kept for the life of the process only: after a
restart the device clock may have been set right (storage.db.Store starts from 0).

A tablet's own clock may be wrong. Every server answer carries ``server_time``; the clock
keeps the difference (``offset_ms``) and reads the time as the wall clock plus it. A clock
that ran ahead (stamps issued while the device was fifteen minutes fast, persisted) is
pulled back into line: a new stamp is never more than :data:`LEEWAY_MS` ahead of the
corrected time, under the server's ten minutes (SYNC.md, "Clocks"), so the tablet's
changes are neither refused as ``clock_skew`` again nor win every merge (guarantee 9).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

# ASCII digits only (``\d`` would take any script's digits, which sort after "9" and so
# would win every merge), and ``\Z``: ``$`` lets a trailing newline through.
STAMP = re.compile(r"^([0-9]{13})-([0-9a-f]{4})-([A-Za-z0-9_]{1,40})\Z")
MAX_COUNTER = 0xFFFF
MAX_MS = 10**13 - 1  # stamps keep 13 digits, so that string order stays numeric order
TRUSTED_MS = 2_000  # a device clock this close to the server's is taken as it is
LEEWAY_MS = 9 * 60 * 1000  # under the server's MAX_SKEW of 10 minutes, for the trip there


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

    def __init__(
        self, device: str, *, last: str | None = None, now: Callable[[], int] = wall_ms, offset_ms: int = 0
    ) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_]{1,40}", device):
            raise ValueError(f"bad device id {device!r}")
        self.device = device
        self._now = now
        self.offset_ms = offset_ms  # server time minus this device's wall clock, at the last answer
        self._ms, self._counter = 0, 0
        if last:
            self._ms, self._counter, _ = parse(last)

    def physical_ms(self) -> int:
        """The time as the server would read it: the wall clock corrected by the last offset."""
        return min(max(self._now() + self.offset_ms, 0), MAX_MS)

    @property
    def last(self) -> str:
        return format_stamp(self._ms, self._counter, self.device)

    def tick(self) -> str:
        """A new stamp, greater than every stamp issued or observed before, unless those ran
        more than :data:`LEEWAY_MS` ahead of the corrected time: then the clock is pulled
        back to it (an edit of a value stamped that far ahead uses :meth:`tick_after`)."""
        now = self.physical_ms()
        if self._ms > now + LEEWAY_MS:
            self._ms, self._counter = now, 0
        if now > self._ms:
            self._ms, self._counter = now, 0
        elif self._counter < MAX_COUNTER:
            self._counter += 1
        else:
            self._ms, self._counter = self._ms + 1, 0
        return self.last

    def tick_after(self, stamp: str) -> str:
        """A new stamp greater than ``stamp`` (the value an edit replaces) and than every
        stamp issued before; ``stamp`` is folded in even when it is far ahead, since the
        edit must win over the value the person saw."""
        ms, counter, _ = parse(stamp)
        new = self.tick()
        if parse(new)[:2] <= (ms, counter):
            self._ms, self._counter = ms, counter
            new = self.tick() if ms <= self.physical_ms() + LEEWAY_MS else self._next()
        return new

    def _next(self) -> str:
        if self._counter < MAX_COUNTER:
            self._counter += 1
        else:
            self._ms, self._counter = self._ms + 1, 0
        return self.last

    def observe(self, stamp: str) -> None:
        """Fold a stamp seen from elsewhere into the clock so the next tick passes it (a
        stamp beyond the leeway is not folded: the server refuses such stamps)."""
        ms, counter, _ = parse(stamp)
        if (ms, counter) > (self._ms, self._counter) and ms <= self.physical_ms() + LEEWAY_MS:
            self._ms, self._counter = ms, counter

    def observe_server_time(self, server_ms: int) -> None:
        """Take the server's time (Unix ms) from an answer: it corrects this device's clock
        from now on. An answer without a time (0) changes nothing."""
        if server_ms <= 0:
            return
        offset = server_ms - self._now()
        # Within a couple of seconds the device's own clock is kept: the server's time is
        # read before its answer travels, so the offset itself is off by the trip, and
        # tablets with good clocks would otherwise order each other's edits by network luck.
        self.offset_ms = offset if abs(offset) > TRUSTED_MS else 0
        if server_ms > self._ms:
            self._ms, self._counter = server_ms, 0
