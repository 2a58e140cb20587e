"""What waits to be sent, counted as a person counts it: records per kind, not outbox rows."""

from __future__ import annotations

from domain.waiting import KINDS, STALE_AFTER_S, WaitingChange, needs_attention, summarise

T0 = 1_764_246_000_000  # a wall time in ms


def stamp(ms: int, counter: int = 0) -> str:
    return f"{ms:013d}-{counter:04x}-dev7"


def test_each_record_counts_once_per_kind_in_the_order_people_read_them() -> None:
    rows = [
        WaitingChange("task", "t1", stamp(T0 + 5)),
        WaitingChange("note", "n1", stamp(T0 + 1)),
        WaitingChange("note", "n1", stamp(T0 + 9)),  # the same note edited again: still one note
        WaitingChange("note", "n2", stamp(T0 + 2)),
        WaitingChange("note", "n3", stamp(T0 + 3)),
        WaitingChange("card", "c1", stamp(T0 + 4)),
    ]
    summary = summarise(rows)
    assert summary.counts == (("note", 3), ("task", 1), ("card", 1))
    assert summary.total == 5
    assert summary.oldest_ms == T0 + 1


def test_a_photo_travelling_with_a_task_is_counted_and_an_unknown_entity_is_another_change() -> None:
    rows = [
        WaitingChange("task", "t1", stamp(T0), photo="ab" * 32),
        WaitingChange("task", "t1", stamp(T0 + 1), photo="ab" * 32),  # the same photo twice
        WaitingChange("task", "t2", stamp(T0 + 2), photo="cd" * 32),
        WaitingChange("note", "n1", stamp(T0 + 3), photo="ef" * 32),  # only tasks carry photos
        WaitingChange("greenhouse", "g1", stamp(T0 + 4)),
        WaitingChange("photo", "p1", stamp(T0 + 5)),  # not an entity: not mistaken for a photo
    ]
    assert summarise(rows).counts == (("note", 1), ("task", 2), ("photo", 2), ("other", 2))
    assert set(KINDS) >= {kind for kind, _ in summarise(rows).counts}


def test_nothing_waiting_and_a_stamp_that_does_not_parse() -> None:
    assert summarise([]).counts == () and summarise([]).total == 0 and summarise([]).oldest_ms is None
    odd = summarise([WaitingChange("note", "n1", "not-a-stamp")])
    assert odd.counts == (("note", 1),) and odd.oldest_ms is None
    assert odd.waited_s(T0) == 0.0


def test_amber_when_the_last_attempt_failed_or_something_waited_too_long() -> None:
    waiting = summarise([WaitingChange("note", "n1", stamp(T0))])
    just_in_time = T0 + STALE_AFTER_S * 1000
    assert not needs_attention(waiting, now_ms=just_in_time, last_attempt_failed=False)
    assert needs_attention(waiting, now_ms=just_in_time + 1000, last_attempt_failed=False)
    assert needs_attention(waiting, now_ms=T0, last_attempt_failed=True)
    assert needs_attention(summarise([]), now_ms=T0, last_attempt_failed=True)
    assert not needs_attention(summarise([]), now_ms=T0 + 10**9, last_attempt_failed=False)
    # A clock stamp ahead of the wall clock (the server's time was folded in) is no wait.
    assert waiting.waited_s(T0 - 60_000) == 0.0
    assert 60 <= STALE_AFTER_S <= 15 * 60  # "a few minutes"
