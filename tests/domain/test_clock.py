"""Hybrid logical clock stamps as ../shared/SYNC.md defines them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.clock import LEEWAY_MS, MAX_COUNTER, HybridLogicalClock, format_stamp, parse

# SYNC.md: `<13-digit Unix ms>-<4-digit hex counter>-<device id>`, compared as strings.
STAMP_FORMAT = re.compile(r"^\d{13}-[0-9a-f]{4}-[A-Za-z0-9_]+$")

T0 = 1_764_246_000_123


class FakeWall:
    """A wall clock the test sets by hand."""

    def __init__(self, ms: int = T0) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def clock_at(ms: int = T0, device: str = "dev7", last: str | None = None) -> tuple[HybridLogicalClock, FakeWall]:
    wall = FakeWall(ms)
    return HybridLogicalClock(device, last=last, now=wall), wall


def test_stamp_format() -> None:
    clock, _ = clock_at()
    stamp = clock.tick()
    assert STAMP_FORMAT.match(stamp)
    assert stamp == "1764246000123-0000-dev7"
    assert parse(stamp) == (T0, 0, "dev7")


def test_real_wall_clock_stamps_have_the_format() -> None:
    clock = HybridLogicalClock("a1b2c3d4e5f6")
    stamps = [clock.tick() for _ in range(100)]
    assert all(STAMP_FORMAT.match(s) for s in stamps)
    assert stamps == sorted(set(stamps))


def test_small_values_are_zero_padded() -> None:
    assert format_stamp(5, 10, "d") == "0000000000005-000a-d"
    assert STAMP_FORMAT.match(format_stamp(5, 10, "d"))


@pytest.mark.parametrize("device", ["", "dev-7", "dév", "a b", "x" * 41])
def test_bad_device_ids_are_refused(device: str) -> None:
    with pytest.raises(ValueError):
        HybridLogicalClock(device)


@pytest.mark.parametrize("stamp", ["", "176424600012-0000-d", "1764246000123-00000-d", "1764246000123-ABCD-d", "x"])
def test_parse_refuses_what_is_not_a_stamp(stamp: str) -> None:
    with pytest.raises(ValueError):
        parse(stamp)


def test_same_millisecond_grows_the_counter() -> None:
    clock, _ = clock_at()
    assert [clock.tick() for _ in range(3)] == [
        "1764246000123-0000-dev7",
        "1764246000123-0001-dev7",
        "1764246000123-0002-dev7",
    ]


def test_wall_clock_moving_on_resets_the_counter() -> None:
    clock, wall = clock_at()
    clock.tick()
    clock.tick()
    wall.ms += 1
    assert clock.tick() == f"{T0 + 1}-0000-dev7"


def test_strictly_increasing_when_the_wall_clock_goes_backwards() -> None:
    clock, wall = clock_at()
    stamps = [clock.tick()]
    wall.ms -= 60_000  # the tablet's clock was set back a minute
    stamps += [clock.tick() for _ in range(5)]
    wall.ms = T0 + 1
    stamps.append(clock.tick())
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert stamps[1] == f"{T0}-0001-dev7"  # still in the latest millisecond seen


def test_counter_overflow_moves_the_millisecond_on() -> None:
    clock, _ = clock_at(last=format_stamp(T0, MAX_COUNTER - 1, "dev7"))
    assert clock.tick() == f"{T0}-ffff-dev7"
    assert clock.tick() == f"{T0 + 1}-0000-dev7"
    assert clock.tick() == f"{T0 + 1}-0001-dev7"


def test_counter_overflow_by_ticking() -> None:
    clock, _ = clock_at()
    stamps = [clock.tick() for _ in range(MAX_COUNTER + 3)]
    assert stamps[MAX_COUNTER] == f"{T0}-ffff-dev7"
    assert stamps[MAX_COUNTER + 1] == f"{T0 + 1}-0000-dev7"
    assert all(a < b for a, b in itertools.pairwise(stamps))


def test_observing_a_remote_stamp_makes_the_next_tick_greater() -> None:
    clock, _ = clock_at()
    clock.tick()
    remote = f"{T0 + 5_000}-0007-zzzz"  # another tablet whose clock is 5 s ahead
    clock.observe(remote)
    stamp = clock.tick()
    assert stamp > remote
    assert stamp == f"{T0 + 5_000}-0008-dev7"


def test_observing_an_equal_stamp_from_a_greater_device_id() -> None:
    clock, _ = clock_at()
    mine = clock.tick()
    remote = mine.replace("dev7", "zzzzzz")
    assert remote > mine
    clock.observe(remote)
    assert clock.tick() > remote


def test_observing_a_greater_counter_in_the_same_millisecond() -> None:
    clock, _ = clock_at()
    clock.tick()
    remote = f"{T0}-0007-other"
    clock.observe(remote)
    assert clock.tick() == f"{T0}-0008-dev7"


def test_observing_a_full_counter() -> None:
    clock, _ = clock_at()
    remote = format_stamp(T0 + 10, MAX_COUNTER, "other")
    clock.observe(remote)
    stamp = clock.tick()
    assert stamp > remote
    assert stamp == f"{T0 + 11}-0000-dev7"


def test_observing_an_older_stamp_changes_nothing() -> None:
    clock, _ = clock_at()
    clock.tick()
    before = clock.last
    clock.observe(f"{T0 - 1}-ffff-other")
    assert clock.last == before


def test_server_time_ahead_is_folded_in() -> None:
    clock, _ = clock_at()
    clock.tick()
    clock.observe_server_time(T0 + 2_000)
    assert clock.tick() == f"{T0 + 2_000}-0001-dev7"
    clock.observe_server_time(T0)  # behind: ignored
    assert clock.tick() == f"{T0 + 2_000}-0002-dev7"


def test_restarting_from_the_last_stamp_continues_after_it() -> None:
    clock, wall = clock_at()
    for _ in range(3):
        clock.tick()
    saved = clock.last
    wall.ms -= 10_000
    reopened = HybridLogicalClock("dev7", last=saved, now=wall)
    assert reopened.tick() > saved


def test_stamps_compare_as_strings_like_their_numbers() -> None:
    ordered = [
        format_stamp(999_999_999_999, 0, "z"),  # 12-digit ms, zero-padded to 13
        format_stamp(T0, 0, "zz"),
        format_stamp(T0, 9, "a"),
        format_stamp(T0, 10, "a"),  # 000a > 0009
        format_stamp(T0, 0xFF, "a"),
        format_stamp(T0, 0x100, "a"),
        format_stamp(T0, MAX_COUNTER, "a"),
        format_stamp(T0 + 1, 0, "a"),
    ]
    assert sorted(ordered) == ordered


# Mostly values close together, so equal milliseconds and full counters really happen.
ms_values = st.one_of(
    st.integers(min_value=T0 - 3, max_value=T0 + 3),
    st.integers(min_value=0, max_value=9_999_999_000_000),
)
counters = st.one_of(
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=MAX_COUNTER - 2, max_value=MAX_COUNTER),
    st.integers(min_value=0, max_value=MAX_COUNTER),
)
devices = st.from_regex(r"[A-Za-z0-9_]{1,40}", fullmatch=True)


@given(st.tuples(ms_values, counters, devices), st.tuples(ms_values, counters, devices))
def test_string_order_is_numeric_order(a: tuple[int, int, str], b: tuple[int, int, str]) -> None:
    sa, sb = format_stamp(*a), format_stamp(*b)
    if a[:2] != b[:2]:
        assert (sa < sb) == (a[:2] < b[:2])


Step = tuple[str, int, int, str]

steps = st.one_of(
    st.tuples(st.just("tick"), ms_values, st.just(0), st.just("")),
    st.tuples(st.just("observe"), ms_values, counters, devices),
    st.tuples(st.just("server"), ms_values, st.just(0), st.just("")),
)


@given(st.lists(steps, min_size=1, max_size=200), ms_values)
def test_any_ticks_and_observes_give_increasing_stamps_never_far_ahead(script: list[Step], start: int) -> None:
    """Every stamp is greater than every stamp issued or seen that lies in the past of the
    corrected clock, increases strictly unless the clock had run beyond the leeway (then it
    is pulled back to the corrected time; an edit still passes the value it replaces, see
    tick_after), and is never more than the leeway ahead of the corrected time: the server
    (which allows ten minutes) never refuses it as clock skew."""
    wall = FakeWall(start)
    now: Callable[[], int] = wall
    clock = HybridLogicalClock("dev7", now=now)
    issued: list[str] = []
    seen: list[str] = []
    for kind, ms, counter, device in script:
        if kind == "tick":
            wall.ms = ms
            physical = clock.physical_ms()
            pulled_back = parse(clock.last)[0] > physical + LEEWAY_MS
            stamp = clock.tick()
            assert STAMP_FORMAT.match(stamp)
            assert parse(stamp)[0] <= max(physical, 0) + LEEWAY_MS + 1
            if issued and not pulled_back:
                assert stamp > issued[-1]
            assert all(stamp > earlier for earlier in issued + seen if parse(earlier)[0] < physical)
            issued.append(stamp)
        elif kind == "observe":
            remote = format_stamp(ms, counter, device)
            clock.observe(remote)
            seen.append(remote)
        else:
            clock.observe_server_time(ms)


FIFTEEN_MINUTES = 15 * 60 * 1000


def test_a_clock_fifteen_minutes_fast_is_corrected_by_the_server() -> None:
    wall = FakeWall(T0 + FIFTEEN_MINUTES)  # the tablet's clock is fast
    clock = HybridLogicalClock("dev7", now=wall)
    ahead = clock.tick()
    clock.observe_server_time(T0)  # the server's answer says what time it is
    again = clock.tick()
    assert parse(ahead)[0] == T0 + FIFTEEN_MINUTES
    assert parse(again)[0] <= T0 + LEEWAY_MS  # the server will take it
    wall.ms += 1_000
    assert parse(clock.tick())[0] == T0 + 1_000  # from now on the corrected time


def test_a_persisted_clock_that_ran_ahead_is_pulled_back_after_the_device_clock_is_fixed() -> None:
    ran_ahead = format_stamp(T0 + FIFTEEN_MINUTES, 3, "dev7")  # stamps made while the clock was fast
    clock = HybridLogicalClock("dev7", last=ran_ahead, now=FakeWall(T0))
    assert parse(clock.tick())[0] == T0


def test_an_edit_of_a_value_stamped_far_ahead_still_wins_over_it() -> None:
    clock = HybridLogicalClock("dev7", now=FakeWall(T0))
    far = format_stamp(T0 + FIFTEEN_MINUTES, 5, "other")
    assert clock.tick_after(far) > far
    near = format_stamp(T0 + 1_000, 0, "other")
    assert clock.tick_after(near) > near


def test_a_device_clock_within_two_seconds_of_the_server_is_kept_as_it_is() -> None:
    wall = FakeWall(T0)
    clock = HybridLogicalClock("dev7", now=wall)
    clock.observe_server_time(T0 - 40)  # the server's time, read before the answer travelled
    assert clock.offset_ms == 0
    clock.observe_server_time(T0 - FIFTEEN_MINUTES)
    assert clock.offset_ms == -FIFTEEN_MINUTES
