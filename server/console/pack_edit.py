"""The console's content editor on a pack as data (issue 12 item 2): the edits its forms
make to a draft (a card's text, its place in the phase, hiding it; the bubble sheet; the
lists of questions, checklist lines, categories and criteria), the differences between two
versions as readable changes, and a refusal's place in the reader's words.

Pure functions over the pack's JSON dict: every edit returns a new dict and never changes
the one it was given, so a refused draft leaves nothing half-saved; the checking itself is
``server.packs.check`` (the app's model). No I/O, no HTTP.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

Pack = dict[str, Any]


@dataclass(frozen=True)
class Section:
    """A list of the pack the console edits item by item: ``name`` in the URL and the
    words, ``path`` to the list in the pack, the text ``fields`` of an item (the first
    one required, the others left out when empty), ``prefix`` of the ids it makes."""

    name: str
    path: tuple[str, ...]
    fields: tuple[str, ...]
    prefix: str


SECTIONS = {
    s.name: s
    for s in (
        Section("cards", ("cards",), ("text", "hint"), ""),
        Section("walk", ("walkaround_questions",), ("text", "hint"), "walk"),
        Section("closing", ("closing_checklist",), ("text", "hint"), "close"),
        Section("green", ("green_categories",), ("title", "text"), "green"),
        Section("accommodations", ("accommodations",), ("title", "text"), "accommodation"),
        Section("criteria", ("recognition", "criteria"), ("text", "hint"), "crit"),
    )
}
LEADS = ("any", "E", "S")
BUBBLE_PARTS = ("title", "text", "info_url")


class Stale(Exception):
    """The form was made from an older state of the draft (the item at that place is no
    longer the one the page showed): nothing is changed, the page is to be reloaded."""


def items(pack: Pack, section: Section) -> list[dict[str, Any]]:
    """The list ``section`` names in ``pack`` ([] when the pack has none)."""
    found: Any = pack
    for key in section.path:
        found = found.get(key, {} if key != section.path[-1] else []) if isinstance(found, dict) else []
    return found if isinstance(found, list) else []


def _copy(pack: Pack, section: Section) -> tuple[Pack, list[dict[str, Any]]]:
    out = copy.deepcopy(pack)
    holder: Any = out
    for key in section.path[:-1]:
        holder = holder.setdefault(key, {})
    listed = holder.setdefault(section.path[-1], [])
    return out, listed


def _at(listed: list[dict[str, Any]], index: int, item_id: str) -> dict[str, Any]:
    if not 0 <= index < len(listed) or listed[index].get("id") != item_id:
        raise Stale(item_id)
    return listed[index]


def _fill(item: dict[str, Any], section: Section, values: dict[str, str]) -> None:
    for number, name in enumerate(section.fields):
        value = values.get(name, "").replace("\r\n", "\n")
        if number == 0 or value.strip():
            item[name] = value  # a blank first field is kept, for the model to refuse by its place
        else:
            item.pop(name, None)


def save_item(
    pack: Pack, section: Section, *, index: int, item_id: str, values: dict[str, str], lead: str | None = None
) -> Pack:
    """``pack`` with the item at ``index`` (whose id must be ``item_id``, else
    :class:`Stale`) given ``values`` (by the section's field names) and, for a card,
    ``lead`` ("any", "E" or "S"; None: kept)."""
    out, listed = _copy(pack, section)
    item = _at(listed, index, item_id)
    _fill(item, section, values)
    if lead is not None:
        item["lead"] = lead
    return out


def new_id(taken: set[str], prefix: str) -> str:
    """The first of ``<prefix>-01``, ``<prefix>-02``, … not in ``taken``."""
    number = 1
    while f"{prefix}-{number:02d}" in taken:
        number += 1
    return f"{prefix}-{number:02d}"


def add_item(
    pack: Pack, section: Section, *, values: dict[str, str], phase: str | None = None, lead: str | None = None
) -> tuple[Pack, str]:
    """``pack`` with a new item of ``values`` at the end of the section (a card: at the end
    of ``phase``'s cards, its ``lead`` given), and the new item's id."""
    out, listed = _copy(pack, section)
    taken = {str(i.get("id")) for i in listed}
    item: dict[str, Any] = {"id": new_id(taken, phase if section.name == "cards" and phase else section.prefix)}
    if section.name == "cards":
        item["phase"] = phase or ""
        _fill(item, section, values)
        item["lead"] = lead or "any"
        last = max((n for n, c in enumerate(listed) if c.get("phase") == phase), default=len(listed) - 1)
        listed.insert(last + 1, item)
    else:
        _fill(item, section, values)
        listed.append(item)
    return out, str(item["id"])


def move(pack: Pack, section: Section, *, index: int, item_id: str, step: int) -> Pack:
    """``pack`` with the item at ``index`` moved one place up (``step`` -1) or down (+1)
    among its own (a card among its phase's cards); at either end it stays."""
    out, listed = _copy(pack, section)
    item = _at(listed, index, item_id)
    peers = [n for n, other in enumerate(listed) if section.name != "cards" or other.get("phase") == item.get("phase")]
    place = peers.index(index) + step
    if 0 <= place < len(peers):
        other = peers[place]
        listed[index], listed[other] = listed[other], listed[index]
    return out


def set_hidden(pack: Pack, *, index: int, item_id: str, hidden: bool) -> Pack:
    """``pack`` with the card at ``index`` hidden (left out of new visits' decks) or shown."""
    out, listed = _copy(pack, SECTIONS["cards"])
    card = _at(listed, index, item_id)
    if hidden:
        card["hidden"] = True
    else:
        card.pop("hidden", None)
    return out


def remove(pack: Pack, section: Section, *, index: int, item_id: str) -> Pack:
    """``pack`` without the item at ``index`` (not for cards: they are hidden instead)."""
    out, listed = _copy(pack, section)
    _at(listed, index, item_id)
    del listed[index]
    return out


def set_bubble_sheet(pack: Pack, values: dict[str, str]) -> Pack:
    """``pack`` with the bubble sheet's ``title``, ``intro`` and, for each of its fields
    by id, ``<id>.title``, ``<id>.text`` and ``<id>.info_url`` (the QR code's link) from
    ``values``; a key not given is kept."""
    out = copy.deepcopy(pack)
    sheet = out.setdefault("bubble_sheet", {})
    for key in ("title", "intro"):
        if key in values:
            sheet[key] = values[key].replace("\r\n", "\n")
    for bubble in sheet.get("fields", []):
        for part in BUBBLE_PARTS:
            given = values.get(f"{bubble.get('id')}.{part}")
            if given is not None:
                bubble[part] = given.strip() if part == "info_url" else given.replace("\r\n", "\n")
    return out


def set_recognition(pack: Pack, *, title: str, text: str, min_met: str) -> Pack:
    """``pack`` with the recognition scheme's title, text and threshold (``min_met``: a
    whole number as typed; anything else is left for the model to refuse)."""
    out = copy.deepcopy(pack)
    scheme = out.setdefault("recognition", {})
    scheme["title"] = title.replace("\r\n", "\n")
    scheme["text"] = text.replace("\r\n", "\n")
    written = min_met.strip()
    scheme["min_met"] = int(written) if written.isascii() and written.isdigit() else written
    return out


# --- What changed --------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One readable line of a diff: ``kind`` names its sentence in the console's words
    (``content.diff.<kind>``), ``values`` fill it in (``section`` a key of
    ``content.sections``, ``part`` one of ``content.parts``)."""

    kind: str
    values: dict[str, str] = field(default_factory=dict)


CARD_PARTS = ("text", "hint", "lead", "phase")
OTHER_KEYS = (
    "title",
    "phone_script",
    "preparation_checklist",
    "megatrends",
    "phases",
    "requirement_levels",
    "social_areas",
    "aftercare",
    "covisit_playbook",
)


SHORT = 600
"""A text in a diff line is cut after this many characters (a card's text is rarely
longer; the line stays readable for one that is)."""


def _short(value: object) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _listed(old: list[dict[str, Any]], new: list[dict[str, Any]], section: Section) -> list[Change]:
    before = {str(i.get("id")): i for i in old}
    after = {str(i.get("id")): i for i in new}
    name = section.name
    shown = "title" if "title" in section.fields else "text"
    changes: list[Change] = []
    for item_id, item in after.items():
        if item_id not in before:
            changes.append(Change("added", {"section": name, "id": item_id, "text": _short(item.get(shown))}))
    for item_id, item in before.items():
        if item_id not in after:
            changes.append(Change("removed", {"section": name, "id": item_id, "text": _short(item.get(shown))}))
    parts = CARD_PARTS if name == "cards" else section.fields
    for item_id, item in after.items():
        was = before.get(item_id)
        if was is None:
            continue
        for part in parts:
            if was.get(part) != item.get(part) and not (
                part == "lead" and {was.get(part), item.get(part)} <= {None, "any"}
            ):
                changes.append(
                    Change(
                        "changed",
                        {
                            "section": name,
                            "id": item_id,
                            "part": part,
                            "old": _short(was.get(part)) or "–",
                            "new": _short(item.get(part)) or "–",
                        },
                    )
                )
        if name == "cards" and bool(was.get("hidden")) != bool(item.get("hidden")):
            kind = "hidden" if item.get("hidden") else "unhidden"
            changes.append(Change(kind, {"section": name, "id": item_id, "text": _short(item.get("text"))}))
    groups = sorted({str(i.get("phase")) for i in new}) if name == "cards" else [""]
    for group in groups:

        def order(listed: list[dict[str, Any]], group: str = group) -> list[str]:
            return [
                str(i.get("id"))
                for i in listed
                if str(i.get("id")) in before and str(i.get("id")) in after and (not group or i.get("phase") == group)
            ]

        if order(old) != order(new):
            changes.append(Change("reordered", {"section": name, "phase": group}))
    return changes


def differences(old: Pack, new: Pack) -> list[Change]:
    """What ``new`` changes of ``old`` (two packs), as readable lines: cards and the
    other lists added, removed, changed (part by part, old and new text), hidden, shown
    again and reordered; the bubble sheet's and the recognition scheme's texts; and a line
    for each other part of the pack that differs. [] when they are the same."""
    changes: list[Change] = []
    for section in SECTIONS.values():
        changes += _listed(items(old, section), items(new, section), section)
    sheet_old, sheet_new = old.get("bubble_sheet", {}), new.get("bubble_sheet", {})
    for key in ("title", "intro"):
        if sheet_old.get(key) != sheet_new.get(key):
            changes.append(
                Change(
                    "bubble_sheet", {"part": key, "old": _short(sheet_old.get(key)), "new": _short(sheet_new.get(key))}
                )
            )
    fields_old = {f.get("id"): f for f in sheet_old.get("fields", [])}
    for bubble in sheet_new.get("fields", []):
        was = fields_old.get(bubble.get("id"), {})
        for part in BUBBLE_PARTS:
            if was.get(part) != bubble.get(part):
                changes.append(
                    Change(
                        "bubble",
                        {
                            "field": _short(bubble.get("title") or bubble.get("id")),
                            "part": part,
                            "old": _short(was.get(part)) or "–",
                            "new": _short(bubble.get(part)) or "–",
                        },
                    )
                )
    scheme_old, scheme_new = old.get("recognition", {}), new.get("recognition", {})
    for key in ("title", "text", "min_met"):
        if scheme_old.get(key) != scheme_new.get(key):
            changes.append(
                Change(
                    "recognition", {"part": key, "old": _short(scheme_old.get(key)), "new": _short(scheme_new.get(key))}
                )
            )
    for key in OTHER_KEYS:
        if old.get(key) != new.get(key):
            changes.append(Change("other", {"part": key}))
    return changes


# --- A refusal's place ---------------------------------------------------------------

_STEP = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")


def place_words(place: str, pack: Pack, words: dict[str, str]) -> str:
    """A place in the pack (``cards[3].text``, as ``server.packs.check`` names it) in the
    reader's words: each step by ``words`` (a key's name, ``"cards": "Kort"``), an index
    counted from 1 and an item's id added (``Kort 4 (opening-04), tekst``; a phase's
    title: ``Fase 7 (Afrunding)``); an unknown step as written."""
    if place.startswith("line "):
        found = re.fullmatch(r"line (\d+), column (\d+)", place)
        return (
            words.get("line", "line {line}, column {column}").format(line=found[1], column=found[2]) if found else place
        )
    out: list[str] = []
    here: Any = pack
    for step in place.split("."):
        found = _STEP.fullmatch(step)
        if found is None:
            out.append(step)
            here = None
            continue
        key, index = found[1], found[2]
        here = here.get(key) if isinstance(here, dict) else None
        name = words.get(key, key)
        if index is None:
            out.append(name)
            continue
        item = here[int(index)] if isinstance(here, list) and int(index) < len(here) else None
        shown_as = "title" if key == "phases" else "id"  # a phase is known by its title, the rest by id
        known = f" ({item[shown_as]})" if isinstance(item, dict) and isinstance(item.get(shown_as), str) else ""
        out.append(f"{name} {int(index) + 1}{known}")
        here = item
    return ", ".join(out)
