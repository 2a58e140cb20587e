"""The one merge rule (domain/merge.py): its algebra as properties, and the cases people
meet as a table (two consultants ticking different items, counting candidates, text
edited concurrently, text reaching a deleted record, a replay after a restore)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.merge import Merged, counted, counter_problem, counter_total, merge

KINDS = {"text": "text", "ticks": "map", "count": "counter", "n": "int", "_deleted": "bool"}


def stamp(ms: int, device: str = "a") -> str:
    return f"{1_764_000_000_000 + ms:013d}-0000-{device}"


def fold(changes: list[dict[str, Any]], values: dict[str, Any] | None = None) -> Merged:
    state = Merged(values or {}, {}, frozenset(), ())
    losers: list[Any] = []
    for change in changes:
        state = merge(
            state.values,
            state.stamps,
            fields=change["fields"],
            hlc=change["hlc"],
            base=change.get("base", {}),
            kinds=KINDS,
        )
        losers.extend(state.losers)
    return Merged(state.values, state.stamps, state.changed, tuple(losers))


FIELD_VALUE = st.one_of(
    st.tuples(st.just("text"), st.text(alphabet="ab", max_size=2)),
    st.tuples(st.just("n"), st.integers(0, 3)),
    st.tuples(st.just("_deleted"), st.booleans()),
    st.tuples(st.just("ticks"), st.dictionaries(st.sampled_from("xyz"), st.booleans(), min_size=1)),
    st.tuples(st.just("count"), st.dictionaries(st.sampled_from(["a", "b"]), st.integers(0, 5), min_size=1)),
)


@st.composite
def changes(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Changes with distinct stamps (a stamp names one change of one device)."""
    count = draw(st.integers(1, 6))
    ms = draw(st.lists(st.integers(0, 50), min_size=count, max_size=count, unique=True))
    out = []
    for m in ms:
        device = draw(st.sampled_from("abc"))
        fields = dict(draw(st.lists(FIELD_VALUE, min_size=1, max_size=3)))
        base = {k: draw(st.sampled_from([stamp(x) for x in ms])) for k in fields if draw(st.booleans())}
        out.append({"fields": fields, "hlc": stamp(m, device), "base": base})
    return out


@given(changes(), st.randoms())
def test_any_order_gives_the_same_record(batch: list[dict[str, Any]], random: Any) -> None:
    shuffled = list(batch)
    random.shuffle(shuffled)
    one, other = fold(batch), fold(shuffled)
    assert (one.values, one.stamps) == (other.values, other.stamps)


@given(changes())
def test_a_change_merged_twice_counts_once(batch: list[dict[str, Any]]) -> None:
    once = fold(batch)
    twice = fold(batch + batch)
    assert (once.values, once.stamps) == (twice.values, twice.stamps)
    # (Which values are kept aside depends on what the record held when a change came:
    # the server sees each change once, by its op, so it never re-merges one.)


def test_ticks_of_different_items_are_both_kept() -> None:
    merged = fold(
        [
            {"fields": {"ticks": {"x": True}}, "hlc": stamp(1, "a")},
            {"fields": {"ticks": {"y": True}}, "hlc": stamp(2, "b")},
            {"fields": {"ticks": {"x": False}}, "hlc": stamp(3, "b")},
        ]
    )
    assert merged.values["ticks"] == {"x": False, "y": True}
    assert merged.losers == ()


def test_a_whole_field_stamp_from_before_counts_for_its_items() -> None:
    old = merge(
        {"ticks": {"x": True}}, {"ticks": stamp(5)}, fields={"ticks": {"x": False}}, hlc=stamp(3), base={}, kinds=KINDS
    )
    assert old.values["ticks"] == {"x": True}  # older than the whole field: loses
    newer = merge(
        {"ticks": {"x": True}}, {"ticks": stamp(5)}, fields={"ticks": {"y": True}}, hlc=stamp(3), base={}, kinds=KINDS
    )
    assert newer.values["ticks"] == {"x": True, "y": True}  # an item the field never had


@pytest.mark.parametrize(
    ("start", "increments", "total"),
    [
        (2, [("a", 1), ("b", 1)], 4),  # the example: 2, then one more from each of two tablets
        (0, [("a", 1), ("a", 2), ("b", 1)], 3),  # a's second count replaces its first
        (3, [], 3),
        (1, [("-a", 1)], 0),  # a correction: what a took away
    ],
)
def test_counters_add_up_what_every_device_counted(start: int, increments: list[tuple[str, int]], total: int) -> None:
    merged = fold(
        [{"fields": {"count": {device: n}}, "hlc": stamp(i + 1, device)} for i, (device, n) in enumerate(increments)],
        values={"count": start},
    )
    assert counter_total(merged.values["count"]) == total


def test_concurrent_text_keeps_the_loser() -> None:
    merged = fold(
        [
            {"fields": {"text": "base"}, "hlc": stamp(1)},
            {"fields": {"text": "from a"}, "hlc": stamp(2, "a"), "base": {"text": stamp(1)}},
            {"fields": {"text": "from b"}, "hlc": stamp(3, "b"), "base": {"text": stamp(1)}},
        ]
    )
    assert merged.values["text"] == "from b"
    assert [(x.value, x.reason) for x in merged.losers] == [("from a", "concurrent")]


def test_an_edit_that_saw_the_value_is_no_conflict() -> None:
    merged = fold(
        [
            {"fields": {"text": "first"}, "hlc": stamp(1)},
            {"fields": {"text": "second"}, "hlc": stamp(2, "b"), "base": {"text": stamp(1)}},
        ]
    )
    assert merged.losers == ()


def test_text_reaching_a_deleted_record_is_kept() -> None:
    merged = fold(
        [
            {"fields": {"text": "note"}, "hlc": stamp(1)},
            {"fields": {"_deleted": True}, "hlc": stamp(2, "a")},
            {"fields": {"text": "note, edited"}, "hlc": stamp(3, "b"), "base": {"text": stamp(1)}},
        ]
    )
    assert [(x.value, x.reason, x.winner_hlc) for x in merged.losers] == [("note, edited", "deleted", stamp(2, "a"))]
    assert merged.values["_deleted"] is True


def test_restoring_a_deleted_record_with_its_text_is_no_conflict() -> None:
    merged = fold(
        [
            {"fields": {"text": "note"}, "hlc": stamp(1)},
            {"fields": {"_deleted": True}, "hlc": stamp(2, "a")},
            {"fields": {"_deleted": False, "text": "back"}, "hlc": stamp(3, "b"), "base": {"text": stamp(1)}},
        ]
    )
    assert merged.losers == ()
    assert merged.values == {"text": "back", "_deleted": False}


@pytest.mark.parametrize(
    ("server_stamp", "replay_stamp", "winner", "losers"),
    [
        (1, 2, "replayed", []),  # the server lost the newer value in a restore: it wins, silently
        (3, 2, "on server", ["replayed"]),  # a newer value arrived meanwhile: the replay is kept aside
        (2, 2, "on server", []),  # the same stamp: the value it already has
    ],
)
def test_a_replay_after_a_restore(server_stamp: int, replay_stamp: int, winner: str, losers: list[str]) -> None:
    merged = merge(
        {"text": "on server"},
        {"text": stamp(server_stamp, "b")},
        fields={"text": "replayed"},
        hlc=stamp(replay_stamp, "b" if server_stamp == replay_stamp else "a"),
        base={"text": stamp(replay_stamp, "b" if server_stamp == replay_stamp else "a")},
        kinds=KINDS,
    )
    assert merged.values["text"] == winner
    assert [x.value for x in merged.losers] == losers


def test_a_field_the_rule_does_not_know_merges_plain() -> None:
    merged = fold([{"fields": {"weather": "rain"}, "hlc": stamp(2)}, {"fields": {"weather": "sun"}, "hlc": stamp(1)}])
    assert merged.values["weather"] == "rain"


# -- a deletion that did not see an edit (issue 10, "nothing stranded") ------------------


def _edit_and_delete(edit_ms: int, delete_ms: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Text "note" at stamp 1; tablet b edits it, tablet a deletes the record having seen
    only stamp 1 (a deletion carries the stamps it saw as ``base``)."""
    edit = {"fields": {"text": "note, edited"}, "hlc": stamp(edit_ms, "b"), "base": {"text": stamp(1)}}
    delete = {"fields": {"_deleted": True}, "hlc": stamp(delete_ms, "a"), "base": {"text": stamp(1)}}
    return edit, delete


@pytest.mark.parametrize(("edit_ms", "delete_ms"), [(2, 3), (3, 2)])
@pytest.mark.parametrize("edit_first", [True, False])
def test_a_deletion_that_did_not_see_an_edit_keeps_the_text_whichever_arrives_first(
    edit_ms: int, delete_ms: int, edit_first: bool
) -> None:
    edit, delete = _edit_and_delete(edit_ms, delete_ms)
    merged = fold([{"fields": {"text": "note"}, "hlc": stamp(1)}, *((edit, delete) if edit_first else (delete, edit))])
    assert merged.values == {"text": "note, edited", "_deleted": True}
    assert [(x.field, x.value, x.loser_hlc, x.winner_hlc, x.reason) for x in merged.losers] == [
        ("text", "note, edited", stamp(edit_ms, "b"), stamp(delete_ms, "a"), "deleted")
    ]


def test_a_deletion_that_saw_the_text_keeps_nothing_aside() -> None:
    merged = fold(
        [
            {"fields": {"text": "note"}, "hlc": stamp(1)},
            {"fields": {"text": "note, edited"}, "hlc": stamp(2, "b"), "base": {"text": stamp(1)}},
            {"fields": {"_deleted": True}, "hlc": stamp(3, "a"), "base": {"text": stamp(2, "b")}},
        ]
    )
    assert merged.losers == ()
    assert merged.values["_deleted"] is True


def test_a_deletion_without_base_from_an_older_app_keeps_nothing_aside() -> None:
    merged = fold([{"fields": {"text": "note"}, "hlc": stamp(1)}, {"fields": {"_deleted": True}, "hlc": stamp(3, "a")}])
    assert merged.losers == ()


def test_a_deletion_that_loses_to_a_restore_keeps_nothing_aside() -> None:
    merged = fold(
        [
            {"fields": {"text": "note"}, "hlc": stamp(1)},
            {"fields": {"_deleted": False, "text": "back"}, "hlc": stamp(5, "b"), "base": {"text": stamp(1)}},
            {"fields": {"_deleted": True}, "hlc": stamp(3, "a"), "base": {"text": stamp(1)}},
        ]
    )
    assert merged.losers == ()
    assert merged.values == {"text": "back", "_deleted": False}


@st.composite
def edits_and_a_deletion(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Text edits from devices b and c, each made on the first value or on an earlier
    edit, and one deletion by a that saw the text as of the first value or of an earlier
    edit; every stamp distinct, every edit's text its own."""
    count = draw(st.integers(1, 4))
    ms = draw(st.lists(st.integers(2, 60), min_size=count + 1, max_size=count + 1, unique=True))
    *edit_ms, delete_ms = ms
    hlcs = {m: stamp(m, draw(st.sampled_from("bc"))) for m in edit_ms}
    hlcs[1] = stamp(1)
    edits = [
        {
            "fields": {"text": f"edit {i}"},
            "hlc": hlcs[m],
            "base": {"text": hlcs[draw(st.sampled_from([1, *(x for x in edit_ms if x < m)]))]},
        }
        for i, m in enumerate(edit_ms)
    ]
    saw = hlcs[draw(st.sampled_from([1, *(x for x in edit_ms if x < delete_ms)]))]
    return edits, {"fields": {"_deleted": True}, "hlc": stamp(delete_ms, "a"), "base": {"text": saw}}


@given(edits_and_a_deletion(), st.randoms())
def test_the_newest_text_is_never_lost_to_a_deletion_that_did_not_see_it(
    case: tuple[list[dict[str, Any]], dict[str, Any]], random: Any
) -> None:
    edits, delete = case
    arrivals = [*edits, delete]
    random.shuffle(arrivals)
    merged = fold([{"fields": {"text": "note"}, "hlc": stamp(1)}, *arrivals])
    in_order = fold([{"fields": {"text": "note"}, "hlc": stamp(1)}, *edits, delete])
    assert (merged.values, merged.stamps) == (in_order.values, in_order.stamps)
    newest = max(edits, key=lambda e: str(e["hlc"]))
    if newest["hlc"] != delete["base"]["text"]:  # the deletion did not see it: kept aside
        assert ("text", newest["fields"]["text"], newest["hlc"], "deleted") in {
            (x.field, x.value, x.loser_hlc, x.reason) for x in merged.losers
        }


# -- counters never go below 0 (issue 10) ---------------------------------------------------


@pytest.mark.parametrize("value", [-5, {"dev": -3}, {"a": 2, "b": -1}, {"-a": -1}, True, {"a": 1.5}, {"a": "2"}])
def test_a_negative_or_odd_count_is_a_problem(value: Any) -> None:
    assert counter_problem(value)


@pytest.mark.parametrize("value", [0, 7, {}, {"a": 2, "-b": 1}, {"_": 3}])
def test_counts_of_at_least_0_are_no_problem(value: Any) -> None:
    assert counter_problem(value) is None


COUNTS = st.dictionaries(st.sampled_from(["a", "b", "c", "-a", "-b", "_"]), st.integers(-5, 20), max_size=5)


@given(COUNTS)
def test_the_number_shown_is_never_below_0(value: dict[str, int]) -> None:
    assert counter_total(value) >= 0


@given(
    st.dictionaries(st.sampled_from(["a", "b", "c", "-a", "-b", "_"]), st.integers(0, 20), max_size=5),
    st.sampled_from("abc"),
    st.integers(0, 40),
)
def test_a_device_sets_any_count_without_a_negative_entry(value: dict[str, int], device: str, total: int) -> None:
    mine = counted(value, device, total)
    assert counter_problem(mine) is None
    assert counter_total({**value, **mine}) == total
    assert set(mine) <= {device, f"-{device}"}  # only its own entries change


def test_two_tablets_taking_away_at_once_show_0_not_less_and_count_on_from_there() -> None:
    start = {"a": 2}
    from_b = counted(start, "b", 0)  # b saw 2 and took both away...
    from_a = counted(start, "a", 0)  # ...and so did a, offline
    merged = fold(
        [
            {"fields": {"count": start}, "hlc": stamp(1, "a")},
            {"fields": {"count": from_b}, "hlc": stamp(2, "b")},
            {"fields": {"count": from_a}, "hlc": stamp(3, "a")},
        ]
    )
    assert counter_total(merged.values["count"]) == 0
    one_more = counted(merged.values["count"], "a", 1)
    assert counter_problem(one_more) is None
    assert counter_total({**merged.values["count"], **one_more}) == 1


@pytest.mark.parametrize("bob_first", [False, True])
def test_no_change_counts_another_devices_work_away(bob_first: bool) -> None:
    """The issue 10 trial: Bob's tablet pushed ``{alice: 0}`` with a newer stamp and Alice's
    3 candidates were gone (the total went from 4 to 1)."""
    alice = {"fields": {"count": {"alice": 3}}, "hlc": stamp(1, "alice")}
    bob = {"fields": {"count": {"bob": 1}}, "hlc": stamp(2, "bob")}
    forged = {"fields": {"count": {"alice": 0}}, "hlc": stamp(3, "bob")}
    merged = fold([forged, alice, bob] if bob_first else [alice, bob, forged])
    assert counter_total(merged.values["count"]) == 4


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "-a", "-b", "_"]), st.integers(0, 5), st.integers(1, 50)),
        max_size=12,
    ),
    st.randoms(use_true_random=False),
)
def test_a_counter_keeps_the_largest_value_of_each_entry_in_any_order(
    writes: list[tuple[str, int, int]], rnd: Any
) -> None:
    changes = [{"fields": {"count": {entry: n}}, "hlc": stamp(ms, "x")} for entry, n, ms in writes]
    shuffled = list(changes)
    rnd.shuffle(shuffled)
    expected: dict[str, int] = {}
    for entry, n, _ms in writes:
        expected[entry] = max(expected.get(entry, 0), n)
    for order in (changes, shuffled):
        assert fold(order).values.get("count", {}) == expected


@given(st.integers(0, 40), st.lists(st.integers(0, 40), max_size=8))
def test_counting_only_ever_raises_a_devices_own_entries(start: int, totals: list[int]) -> None:
    value: dict[str, int] = {"other": start}
    for total in totals:
        entries = counted(value, "me", total)
        assert all(v >= value.get(k, 0) for k, v in entries.items())
        value = {**value, **entries}
        assert counter_total(value) == max(total, 0) or counter_total(value) == total
