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
- ``counter`` (candidates sent to a job opening) is a map of device id → that device's
  own count, merged per item like a map; the number a person sees is the sum
  (:func:`counter_total`). Each device changes only its own entry, so 2 and then one more
  from each of two tablets is 4 (a state-based PN-counter; Shapiro et al., "A
  comprehensive study of Convergent and Commutative Replicated Data Types", 2011).
- ``text`` (free text a person typed) keeps the value that lost as a conflicting version
  (:class:`Loser`) when the edit did not see the value it replaced (its ``base`` stamp
  differs), and when it reaches a record deleted by an edit it had not seen.

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


def counter_total(value: Any) -> int:
    """The number a counter field stands for: the sum of every device's count."""
    return sum(v for v in as_map("counter", value).values() if isinstance(v, int) and not isinstance(v, bool))


def counted(value: Any, device: str, total: int) -> dict[str, int]:
    """A counter set to ``total`` by ``device``: only that device's own entry changes (by
    the difference), so what other devices counted meanwhile still adds up."""
    current = {k: v for k, v in as_map("counter", value).items() if isinstance(v, int) and not isinstance(v, bool)}
    others = sum(v for k, v in current.items() if k != device)
    return {**current, device: total - others}


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


def _merge_items(values: dict[str, Any], stamps: dict[str, str], name: str, kind: str, value: Any, hlc: str) -> bool:
    current = as_map(kind, values.get(name))
    legacy = stamps.get(name)  # a whole-field stamp from before items had their own
    moved = False
    for item, item_value in as_map(kind, value).items():
        key = item_stamp_key(name, item)
        stamp = stamps.get(key) or (legacy if item in current else None)
        if stamp is not None and stamp >= hlc:
            continue
        if current.get(item) != item_value or item not in current:
            moved = True
        current[item] = item_value
        stamps[key] = hlc
    values[name] = current
    return moved
