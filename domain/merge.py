"""The merge rule of ../shared/SYNC.md: one pure function, used by the server when it folds
a pushed change into its record and by the tablet when it folds a pulled one into its row.

A record is a pair of dicts: ``values`` (field → value, the deletion flag as ``_deleted``)
and ``stamps`` (field → the hybrid logical clock stamp of that value). Stamps compare as
strings. Per field, the value with the greatest stamp wins (last writer wins per field).
Three kinds of field merge finer, because people change them together:

- ``map`` (a checklist's ticks, the recognition criteria: ``{item: value}``) merges per
  item. Each item has its own stamp, kept as ``"<field>.<item>"`` in ``stamps``; a change
  carries only the items it changed. Two consultants ticking different items offline
  both keep their ticks.
- ``counter`` (candidates sent to a job opening) is a map of device id → what that device
  added, and ``-<device id>`` → what it took away, merged per item like a map; every
  entry is 0 or more, and the number a person sees is the difference, never below 0
  (:func:`counter_total`). Each device changes only its own entries, so 2 and then one
  more from each of two tablets is 4 (a state-based PN-counter; Shapiro et al., "A
  comprehensive study of Convergent and Commutative Replicated Data Types", 2011).
- ``text`` (free text a person typed) keeps the value that lost as a conflicting version
  (:class:`Loser`) when the edit did not see the value it replaced (its ``base`` stamp
  differs), and when it reaches a record deleted by an edit it had not seen. A deletion
  carries the stamps of the values it saw as its ``base``; a text newer than what it saw
  is kept the same way, so an edit and a deletion that did not see each other keep the
  text whichever of the two arrives first.

A *replay* is a value a tablet sends again after the server was restored (guarantee 12):
its ``base`` names its own stamp. It wins silently over an older value; when it loses to a
newer one and differs, it is kept as a conflicting version, as an unseen edit would be.
Merging is idempotent, commutative and associative for the values and stamps (property
tests in tests/domain/test_merge.py); which changes make conflicts depends on the order
they arrive in, which is why only the server makes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DELETED = "_deleted"
MAP_KINDS = frozenset({"map", "counter"})
LEGACY_COUNT = "_"  # a counter's value from before it counted per device


@dataclass(frozen=True)
class Loser:
    """A text value that lost and is kept for a person: ``reason`` is ``"concurrent"`` (two
    edits that did not see each other) or ``"deleted"`` (an edit that reached a record
    deleted elsewhere)."""

    field: str
    value: Any
    loser_hlc: str
    winner_hlc: str
    reason: str


@dataclass(frozen=True)
class Merged:
    values: dict[str, Any]
    stamps: dict[str, str]
    changed: frozenset[str]  # fields whose value changed
    losers: tuple[Loser, ...]


def item_stamp_key(field: str, item: str) -> str:
    """The ``stamps`` key of one item of a map or counter field."""
    return f"{field}.{item}"


def as_map(kind: str, value: Any) -> dict[str, Any]:
    """A map or counter field's value as a dict: a counter from before counting per device
    (a plain number) becomes one entry; anything else that is not a dict is empty."""
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    if kind == "counter" and isinstance(value, int) and not isinstance(value, bool):
        return {LEGACY_COUNT: value}
    return {}


def taken_away_key(device: str) -> str:
    """The counter entry in which ``device`` keeps what it took away (a count of at least 0)."""
    return f"-{device}"


def _raw_total(value: Any) -> int:
    counts = as_map("counter", value)
    return sum(-v if k.startswith("-") else v for k, v in counts.items() if _is_count(v))


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def counter_total(value: Any) -> int:
    """The number a counter field stands for, never below 0: what every device added, less
    what every device took away (``-<device>`` entries). Two tablets taking away the same
    candidates at once would make it negative; it shows 0, and counting on starts there."""
    return max(0, _raw_total(value))


def counter_problem(value: Any) -> str | None:
    """Why ``value`` cannot be a counter's value (a change's items, or the whole counter),
    in words; None when it can. A count is a whole number of at least 0 (``{device:
    added, "-" + device: taken away}``, or a plain count from an older tablet): a negative
    one is refused, as the board would show it ("Kandidater sendt: -3")."""
    counts = list(value.values()) if isinstance(value, dict) else [value]
    if not all(_is_count(v) for v in counts):
        return "counts must be whole numbers"
    if any(v < 0 for v in counts):
        return "counts must be 0 or more"
    return None


def counted(value: Any, device: str, total: int) -> dict[str, int]:
    """The entries of ``device`` that set a counter to ``total`` (at least 0). Only its own
    entries change, and only upwards: what it adds goes to its ``device`` entry, what it
    takes away to its ``-<device>`` entry. So what other devices counted meanwhile still
    adds up, no entry is negative, and the merge may keep the larger of two values of an
    entry (:func:`merge`): a change that carries an entry lower than one already counted
    (another tablet's, or a stale copy) takes nothing away."""
    current = {k: v for k, v in as_map("counter", value).items() if _is_count(v)}
    taken = taken_away_key(device)
    delta = max(total, 0) - _raw_total(current)
    if delta >= 0:
        return {device: current.get(device, 0) + delta}
    return {taken: current.get(taken, 0) - delta}


def merge(
    values: Mapping[str, Any],
    stamps: Mapping[str, str],
    *,
    fields: Mapping[str, Any],
    hlc: str,
    base: Mapping[str, str],
    kinds: Mapping[str, str],
) -> Merged:
    """Fold one change (``fields`` stamped ``hlc``, with the ``base`` stamps of the values it
    replaced) into a record. ``kinds`` maps field → kind (``text``, ``map``, ``counter``, or
    any other for plain last-writer-wins; a field it does not list merges plain, so fields
    of a newer app version are kept). Returns new dicts; the inputs are not changed."""
    out_values, out_stamps = dict(values), dict(stamps)
    changed: set[str] = set()
    losers: list[Loser] = []
    deleted_by = out_stamps.get(DELETED) if out_values.get(DELETED) is True and DELETED not in fields else None
    losers.extend(_unseen_by_deletion(out_values, out_stamps, fields=fields, hlc=hlc, base=base, kinds=kinds))
    for name, value in fields.items():
        kind = kinds.get(name, "")
        if kind in MAP_KINDS:
            if _merge_items(out_values, out_stamps, name, kind, value, hlc):
                changed.add(name)
            continue
        current = out_stamps.get(name)
        if current == hlc:
            continue  # this very value, seen before
        replay = base.get(name) == hlc
        incoming_wins = current is None or hlc > current
        if kind == "text" and value != out_values.get(name):
            if deleted_by is not None and value and not (replay and hlc < deleted_by):
                losers.append(Loser(name, value, hlc, deleted_by, "deleted"))
            elif current is not None and base.get(name) != current and not (replay and incoming_wins):
                loser_value, loser_hlc, winner_hlc = (
                    (out_values.get(name), current, hlc) if incoming_wins else (value, hlc, current)
                )
                if loser_value:  # an empty text that lost keeps nothing worth a person's time
                    losers.append(Loser(name, loser_value, loser_hlc, winner_hlc, "concurrent"))
        if incoming_wins:
            if out_values.get(name) != value or name not in out_values:
                changed.add(name)
            out_values[name], out_stamps[name] = value, hlc
    return Merged(out_values, out_stamps, frozenset(changed), tuple(losers))


def _unseen_by_deletion(
    values: Mapping[str, Any],
    stamps: Mapping[str, str],
    *,
    fields: Mapping[str, Any],
    hlc: str,
    base: Mapping[str, str],
    kinds: Mapping[str, str],
) -> list[Loser]:
    """The texts a deletion did not see: when ``fields`` deletes a record that was not
    deleted, and the deletion wins, each non-empty text field whose stamp is newer than the
    one the deletion saw (its ``base``) is kept as a ``deleted`` loser, as the same edit
    would be had it arrived after the deletion. A deletion with no ``base`` (an older app)
    or whose ``base`` names its own stamp (a replay) is taken to have seen everything."""
    if fields.get(DELETED) is not True or values.get(DELETED) is True or not base or base.get(DELETED) == hlc:
        return []
    if stamps.get(DELETED) is not None and stamps[DELETED] >= hlc:
        return []  # a later restore wins: nothing is deleted
    return [
        Loser(name, values[name], stamps[name], hlc, "deleted")
        for name, kind in kinds.items()
        if kind == "text"
        and name not in fields
        and values.get(name)
        and name in stamps
        and stamps[name] > base.get(name, "")
    ]


def _merge_items(values: dict[str, Any], stamps: dict[str, str], name: str, kind: str, value: Any, hlc: str) -> bool:
    current = as_map(kind, values.get(name))
    legacy = stamps.get(name)  # a whole-field stamp from before items had their own
    moved = False
    for item, item_value in as_map(kind, value).items():
        key = item_stamp_key(name, item)
        stamp = stamps.get(key) or (legacy if item in current else None)
        if kind == "counter" and _is_count(item_value) and _is_count(current.get(item)):
            # A counter's entries only grow (:func:`counted`): the larger value is kept,
            # whatever the order, so no change can count another device's work away.
            if item_value > current[item]:
                current[item] = item_value
                moved = True
            stamps[key] = max(stamp or "", hlc)
            continue
        if stamp is not None and stamp >= hlc:
            continue
        if current.get(item) != item_value or item not in current:
            moved = True
        current[item] = item_value
        stamps[key] = hlc
    values[name] = current
    return moved
