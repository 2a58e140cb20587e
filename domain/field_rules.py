"""What a synced field's value must be, whoever sends it, and what name a field this
version does not know yet may have (../shared/SYNC.md, guarantees 8 and 10).

The server checks every pushed change with :func:`clean_fields` before the merge sees it:
text is kept the way the tablet keeps it (:mod:`domain.text`: composed, NFC; Windows line
ends as ``\\n``; invisible characters such as a zero-width space, a NUL or a bidi control
taken out, an emoji's joiner excepted), and each known field must hold what the domain
allows (a date is a real ISO date, a task's level 1, 2 or 3, a CVR number passes its
check digit ...). A change that breaks a rule raises :class:`FieldRefused` naming the
field and the rule in words; the server refuses that change alone and stores nothing of
it.

A field of a known record type that this version does not list is a *future field*
(guarantee 10). Its name must pass :func:`future_field_problem`: lowercase snake_case
(``mood_2027``), starting with a letter, at most 64 characters, and none of the names a
change or a stored record uses for itself (``op``, ``id``, ``team``, ``hlc`` ...). The same
rule is used by the server when it accepts one and by the tablet when it keeps one it
pulled.

Conflict records are made by the merge on the server, never by a tablet: a pushed
``conflict`` change may mark one resolved (or deleted), and may carry the rest only when it
sends back a conflict exactly as the server made it (a tablet does that after a restore,
guarantee 12), which :func:`conflict_id` lets the server tell.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.clock import STAMP
from domain.company import CVR, cvr_is_valid
from domain.followup import HIRE_KINDS
from domain.merge import DELETED, counter_problem
from domain.schema import ENTITY_FIELDS
from domain.tasks import LEVELS, MAX_HOURS, OPENING_STATUSES, PARTICIPANT_ROLES, SOCIAL_STATUSES
from domain.text import MAX_LINE, MAX_TEXT, nfc, without_control_characters

MAX_FIELD_NAME = 64
FUTURE_FIELD_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
"""Lowercase snake_case: a letter first, then letters, digits and single underscores."""
RESERVED_NAMES = frozenset({"op", "entity", "id", "team", "hlc", "fields", "base", "seq", "stamps", "deleted"})
"""The names a change's envelope and a stored record use for themselves."""

KNOWN_FIELD_NAME = re.compile(r"_?[a-z][a-z0-9_]*")
"""A field the schema lists, or ``_deleted``: what a conflict record may name."""
CONTENT_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
"""An id of the content pack (a card, a checklist item, a category): domain.content.Id."""
RECORD_ID = re.compile(r"[A-Za-z0-9-]{1,36}")
"""A reference to another record: its UUID (36 characters of hex digits and dashes)."""
SHA256 = re.compile(r"[0-9a-f]{64}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_ITEMS = 1000
CONFLICT_NAMESPACE = uuid.UUID("5d0c3a57-52a1-4d5b-8f55-1f0c6b4f8a90")
CONFLICT_CONTENT = ("entity", "record_id", "field", "value", "loser_hlc", "winner_hlc", "reason")
"""The fields of a conflict record that the merge writes; a tablet only marks ``resolved``."""


class FieldRefused(ValueError):
    """A pushed change's ``field`` breaks its rule; ``rule`` says which, in words (English,
    for the person reading the server's answer; it never repeats the value)."""

    def __init__(self, field: str, rule: str) -> None:
        super().__init__(f"{field}: {rule}")
        self.field = field
        self.rule = rule


@dataclass(frozen=True)
class Rule:
    """One field's rule. ``kind``: text (free text), line (one line, at most ``limit``
    characters), record_id, content_id, choice (one of ``choices``), date, int and float
    (from ``low`` to ``high``), bool, content_ids and record_ids (lists), ticks ({content id:
    true, false or null}), cvr, sha256, stamp, field_name, counter (checked by its kind
    only). ``optional``: the empty string is allowed too."""

    kind: str
    choices: tuple[Any, ...] = ()
    low: float = 0
    high: float = 0
    limit: int = MAX_LINE
    optional: bool = False


TEXT = Rule("text")
LINE = Rule("line")
REF = Rule("record_id", optional=True)
BOOL = Rule("bool")
HOURS = Rule("float", low=0, high=MAX_HOURS)
TICKS = Rule("ticks")

RULES: dict[str, dict[str, Rule]] = {
    "company": {
        "name": TEXT,
        "cvr": Rule("cvr", optional=True),
        "address": TEXT,
        "industry": TEXT,
        "website": TEXT,
        "contact_name": TEXT,
        "contact_phone": TEXT,
        "contact_email": TEXT,
        "earlier_cooperation": TEXT,
    },
    "visit": {
        "company_id": REF,
        "date": Rule("date"),
        "content_version": Rule("line", limit=40),
        "megatrend": Rule("choice", choices=("green", "esg", "digital", "other"), optional=True),
        "megatrend_note": TEXT,
        "partner_name": TEXT,
        "partner_org": TEXT,
        "checklist": TICKS,
        "script_variant": Rule("choice", choices=("with_news_hook", "without_news_hook")),
        "recognition": TICKS,
        "closing_checklist": TICKS,
        "cvs_wanted": Rule("int", low=0, high=99),
        "start_wish": TEXT,
        "skills_required": TEXT,
        "accommodations_possible": TEXT,
        "consultant": TEXT,
    },
    "card": {
        "visit_id": REF,
        "card_id": Rule("content_id"),
        "asked": BOOL,
        "starred": BOOL,
        "answer": TEXT,
        "author": LINE,
    },
    "participant": {
        "visit_id": REF,
        "name": TEXT,
        "organisation": TEXT,
        "role": Rule("choice", choices=PARTICIPANT_ROLES),
        "phone": TEXT,
        "email": TEXT,
    },
    "note": {"visit_id": REF, "field": Rule("content_id"), "text": TEXT, "author": LINE, "internal": BOOL},
    "task": {
        "visit_id": REF,
        "area": TEXT,
        "title": TEXT,
        "done_by": TEXT,
        "hours": HOURS,
        "level": Rule("choice", choices=LEVELS),
        "green": Rule("content_id", optional=True),
        "accommodations": Rule("content_ids"),
        "accommodation_note": TEXT,
        "photo": Rule("sha256", optional=True),
        "author": LINE,
        "position_id": REF,
    },
    "position": {"visit_id": REF, "title": TEXT, "author": LINE},
    "position_task": {
        "position_id": REF,
        "visit_id": REF,
        "title": TEXT,
        "hours": HOURS,
        "other_profile": BOOL,
        "task_id": REF,
    },
    "social": {
        "visit_id": REF,
        "area_id": Rule("content_id"),
        "status": Rule("choice", choices=SOCIAL_STATUSES, optional=True),
        "evidence": TEXT,
        "author": LINE,
    },
    "opening": {
        "visit_id": REF,
        "company_id": REF,
        "title": TEXT,
        "task_ids": Rule("record_ids"),
        "hours": HOURS,
        "accommodations": Rule("content_ids"),
        "requirements": TEXT,
        "owner": TEXT,
        "status": Rule("choice", choices=OPENING_STATUSES),
        "candidates_sent": Rule("counter"),
        "author": LINE,
        "created": Rule("date", optional=True),
    },
    "hire": {
        "opening_id": REF,
        "visit_id": REF,
        "kind": Rule("choice", choices=HIRE_KINDS),
        "start_date": Rule("date"),
        "note": TEXT,
        "author": LINE,
    },
    "followup": {
        "visit_id": REF,
        "opening_id": REF,
        "hire_id": REF,
        "kind": Rule("choice", choices=("followup", "aftercare")),
        "title": TEXT,
        "owner": TEXT,
        "due": Rule("date"),
        "done": BOOL,
        "done_note": TEXT,
        "author": LINE,
    },
    "conflict": {
        "entity": Rule("choice", choices=tuple(sorted(set(ENTITY_FIELDS) - {"conflict"}))),
        "record_id": Rule("record_id"),
        "field": Rule("field_name"),
        "value": TEXT,
        "loser_hlc": Rule("stamp"),
        "winner_hlc": Rule("stamp"),
        "reason": Rule("choice", choices=("concurrent", "deleted")),
        "resolved": BOOL,
    },
}


def future_field_problem(name: str) -> str | None:
    """Why ``name`` cannot be the name of a field this version does not know, in words, or
    None when it can: lowercase snake_case starting with a letter, at most 64 characters,
    not one of :data:`RESERVED_NAMES`."""
    if len(name) > MAX_FIELD_NAME:
        return f"a field name has at most {MAX_FIELD_NAME} characters"
    if not FUTURE_FIELD_NAME.fullmatch(name):
        return "a field name is lowercase snake_case: a letter first, then a-z, 0-9 and single underscores"
    if name in RESERVED_NAMES:
        return "a field name must not be one a change or a record uses for itself (op, id, team, hlc ...)"
    return None


def is_future_field(name: str) -> bool:
    """Whether ``name`` may name a field this version does not know (:func:`future_field_problem`)."""
    return future_field_problem(name) is None


def conflict_id(*, entity: str, record_id: str, field: str, loser_hlc: str) -> uuid.UUID:
    """The id the merge gives the conflict record that keeps ``field`` of a record at the
    stamp ``loser_hlc``: the same losing value is one conflict however often it arrives."""
    return uuid.uuid5(CONFLICT_NAMESPACE, f"{entity}/{record_id}/{field}/{loser_hlc}")


def clean_text_value(value: str) -> str:
    """Free text the way the tablet keeps it: composed (NFC), ``\\n`` line ends, without the
    invisible characters :func:`domain.text.control_characters` lists."""
    # Fast path (every push passes here): text that is printable but for its newlines and
    # tabs has no carriage return and nothing invisible, so there is nothing to take out.
    if not value.replace("\n", "").replace("\t", "").isprintable():
        value = without_control_characters(value)
    # Composed last, as the tablet saves what its screens cleaned (Store.save_in): "A", a
    # zero-width space and a combining ring become "Å", not "A" and a ring.
    if not unicodedata.is_normalized("NFC", value):
        value = nfc(value)
    return value


def clean_value(rule: Rule, field: str, value: Any) -> Any:
    """``value`` of ``field`` cleaned by ``rule`` (strings as :func:`clean_text_value`; map
    keys and list items too). Raises :class:`FieldRefused` when it breaks the rule."""
    if isinstance(value, str):
        value = clean_text_value(value)
    kind = rule.kind
    if kind == "bool":
        if not isinstance(value, bool):
            raise FieldRefused(field, "must be true or false")
        return value
    if kind in ("int", "float"):
        number_ok = isinstance(value, int) or (kind == "float" and isinstance(value, float))
        if isinstance(value, bool) or not number_ok or not rule.low <= value <= rule.high:
            whole = "a whole number" if kind == "int" else "a number"
            raise FieldRefused(field, f"must be {whole} from {rule.low:g} to {rule.high:g}")
        return value
    if kind == "choice":
        allowed = rule.choices + (("",) if rule.optional else ())
        if isinstance(value, bool) or value not in allowed:
            listed = ", ".join(repr(c) for c in allowed)
            raise FieldRefused(field, f"must be one of {listed}")
        return value
    if kind == "counter":
        # Its shape is checked with its kind (server.service); a count is never below 0.
        problem = counter_problem(value)
        if problem is not None:
            raise FieldRefused(field, problem)
        return value
    if kind in ("content_ids", "record_ids"):
        pattern = CONTENT_ID if kind == "content_ids" else RECORD_ID
        if not isinstance(value, list) or len(value) > MAX_ITEMS:
            raise FieldRefused(field, f"must be a list of at most {MAX_ITEMS} ids")
        items = [clean_text_value(v) if isinstance(v, str) else v for v in value]
        if not all(isinstance(v, str) and pattern.fullmatch(v) for v in items):
            raise FieldRefused(field, f"must be a list of ids ({_ID_WORDS[kind]})")
        return items
    if kind == "ticks":
        if not isinstance(value, dict) or len(value) > MAX_ITEMS:
            raise FieldRefused(field, f"must be an object of at most {MAX_ITEMS} items")
        ticks = {clean_text_value(k): v for k, v in value.items()}
        if not all(CONTENT_ID.fullmatch(k) for k in ticks):
            raise FieldRefused(field, f"item names must be content ids ({_ID_WORDS['content_ids']})")
        if not all(v is None or isinstance(v, bool) for v in ticks.values()):
            raise FieldRefused(field, "each item must be true, false or null")
        return ticks
    if not isinstance(value, str):
        raise FieldRefused(field, "must be a string")
    if rule.optional and value == "":
        return value
    if kind == "text":
        if len(value) > MAX_TEXT:
            raise FieldRefused(field, f"has at most {MAX_TEXT} characters")
    elif kind == "line":
        if "\n" in value or "\t" in value or len(value) > rule.limit:
            raise FieldRefused(field, f"must be one line of at most {rule.limit} characters")
    elif kind == "date":
        if not _is_date(value):
            raise FieldRefused(field, "must be a date written YYYY-MM-DD")
    elif kind == "cvr":
        if not CVR.fullmatch(value) or not cvr_is_valid(value):
            raise FieldRefused(field, "must be a CVR number: 8 digits whose check digit is right")
    elif kind in ("record_id", "content_id"):
        pattern = RECORD_ID if kind == "record_id" else CONTENT_ID
        if not pattern.fullmatch(value):
            raise FieldRefused(field, f"must be an id ({_ID_WORDS[kind + 's']})")
    elif kind == "sha256":
        if not SHA256.fullmatch(value):
            raise FieldRefused(field, "must be a photo's SHA-256 in 64 lowercase hex digits")
    elif kind == "stamp":
        if not STAMP.match(value):
            raise FieldRefused(field, "must be a clock stamp <13-digit Unix ms>-<4-digit hex counter>-<device id>")
    elif kind == "field_name" and (len(value) > MAX_FIELD_NAME or not KNOWN_FIELD_NAME.fullmatch(value)):
        raise FieldRefused(field, "must be a field name")
    return value


_ID_WORDS = {
    "content_ids": "a-z and 0-9 first, then a-z, 0-9, _ and -, at most 64",
    "record_ids": "a record's UUID: letters, digits and -, at most 36",
}


def _is_date(value: str) -> bool:
    if not ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def clean_fields(
    entity: str, fields: Mapping[str, Any], *, stored: Mapping[str, Any] | None = None, record_id: str = ""
) -> dict[str, Any]:
    """A pushed change's ``fields`` of a known ``entity``, each known one cleaned by its rule
    (:func:`clean_value`); ``_deleted`` must be true or false; a future field keeps its value
    with its strings composed (its kind is not known here). For a conflict record,
    ``stored`` is what the server holds of it (None: nothing) and ``record_id`` its id.
    Raises :class:`FieldRefused` for the first field that breaks a rule, or whose name
    breaks :func:`future_field_problem`."""
    rules = RULES.get(entity, {})
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == DELETED:
            if not isinstance(value, bool):
                raise FieldRefused(name, "must be true or false")
            out[name] = value
        elif name in rules:
            out[name] = clean_value(rules[name], name, value)
        elif name in ENTITY_FIELDS.get(entity, {}):
            out[name] = value  # a field of the schema without a rule of its own
        else:
            problem = future_field_problem(name)
            if problem is not None:
                raise FieldRefused(name, problem)
            out[name] = nfc(value)
    if entity == "conflict":
        _check_conflict(out, stored, record_id)
    return out


def _check_conflict(fields: Mapping[str, Any], stored: Mapping[str, Any] | None, record_id: str) -> None:
    content = [name for name in CONFLICT_CONTENT if name in fields]
    if not content:
        return
    made_by_merge = "conflicts are made by the server's merge; a tablet may only mark one resolved"
    if stored is not None:
        for name in content:
            kept = stored.get(name)
            # Compared as cleaned: a conflict kept before text was cleaned comes back cleaned.
            if fields[name] != (clean_text_value(kept) if isinstance(kept, str) else kept):
                raise FieldRefused(name, made_by_merge)
        return
    if len(content) < len(CONFLICT_CONTENT):
        raise FieldRefused(next(n for n in CONFLICT_CONTENT if n not in fields), made_by_merge)
    named = conflict_id(
        entity=fields["entity"], record_id=fields["record_id"], field=fields["field"], loser_hlc=fields["loser_hlc"]
    )
    if str(named) != record_id:
        raise FieldRefused("record_id", made_by_merge)
