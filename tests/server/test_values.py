"""What the server keeps of a pushed value (SYNC.md guarantees 8 and 10), over HTTP against
the real server, SQLite and PostgreSQL.

- Text is kept the way the tablet keeps it (domain.text): composed (NFC), ``\\n`` line ends,
  no zero-width spaces, NULs or other invisible characters (an emoji's joiner stays).
- Every known field of every record type holds what the domain allows; a change that breaks
  a rule is refused on its own as ``bad_value`` naming the field and the rule, and nothing of
  it is stored, while the rest of the batch is accepted.
- A conflict record is made by the server's merge: a tablet may mark one resolved, or send
  one back as the server made it (after a restore), never make one.
- A field the server does not know yet is kept only under a name the documented rule allows
  (lowercase snake_case, not a reserved name, at most 64 characters).
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from domain.company import CVR_WEIGHTS
from domain.field_rules import CONTENT_ID, RULES, Rule, conflict_id
from domain.schema import ENTITY_FIELDS
from domain.text import MAX_TEXT, control_characters, nfc, without_control_characters
from tests.server_harness import CLOCK, Server, change


def push(s: requests.Session, url: str, changes: list[dict[str, Any]]) -> dict[str, Any]:
    answer = s.post(f"{url}/api/v1/sync/push", json={"changes": changes}, timeout=60)
    assert answer.status_code == 200, answer.text[:300]
    return dict(answer.json())


def pulled_since(s: requests.Session, url: str, since: int) -> tuple[dict[str, dict[str, Any]], int]:
    """Every change after ``since`` by its op, and the new cursor."""
    out: dict[str, dict[str, Any]] = {}
    while True:
        body = s.get(f"{url}/api/v1/sync/pull", params={"since": since, "limit": 500}, timeout=60).json()
        out.update({c["op"]: c for c in body["changes"]})
        since = body["cursor"]
        if not body["more"]:
            return out, since


def cursor(s: requests.Session, url: str) -> int:
    return pulled_since(s, url, 0)[1]


def tablet_text(value: str) -> str:
    """What the tablet keeps of a typed or pasted text: its screens take out the invisible
    characters (domain.text), and what it saves is composed (Store.save_in)."""
    return nfc(without_control_characters(value))


# -- values by rule -------------------------------------------------------------------------

ODD_TEXT = st.sampled_from(
    [
        "A\u030arhus",  # Å decomposed
        "A\u200b\u030arhus",  # Å decomposed, a zero-width space between its parts
        "Lager\u200bchef",  # zero-width space
        "nul\x00byte",
        "bell\x07 and escape\x1b[0m",
        "\ufeffBOM first",
        "\u202eright to left",
        "line\u2028separator",
        "windows\r\nline\rends",
        "no-break\u00a0space",
        "🧑\u200d🔧 joined",
        "tab\tand\nnewline",
    ]
)
ANY_TEXT = st.one_of(ODD_TEXT, st.text(st.characters(codec="utf-8"), max_size=40))
LINE_TEXT = st.one_of(
    ODD_TEXT.filter(lambda v: "\n" not in tablet_text(v) and "\t" not in v),
    st.text(st.characters(codec="utf-8", blacklist_characters="\n\r\t"), max_size=40),
)
CONTENT_IDS = st.from_regex(CONTENT_ID, fullmatch=True)
RECORD_IDS = st.uuids().map(str)
STAMPS = st.builds(lambda: CLOCK.tick())


def _cvr(first7: list[int]) -> str | None:
    rest = -sum(d * w for d, w in zip(first7, CVR_WEIGHTS, strict=False)) % 11
    return None if rest == 10 else "".join(map(str, first7)) + str(rest)


CVRS = (
    st.lists(st.integers(0, 9), min_size=7, max_size=7)
    .filter(lambda ds: ds[0] != 0)
    .map(_cvr)
    .filter(lambda v: v is not None)
)


def good_values(rule: Rule) -> st.SearchStrategy[Any]:
    """Values a tablet may send for a field of ``rule``."""
    kind = rule.kind
    found: st.SearchStrategy[Any]
    if kind == "text":
        found = ANY_TEXT
    elif kind == "line":
        found = LINE_TEXT.filter(lambda v: len(tablet_text(v)) <= rule.limit)
    elif kind == "record_id":
        found = RECORD_IDS
    elif kind == "content_id":
        found = CONTENT_IDS
    elif kind == "choice":
        found = st.sampled_from(rule.choices)
    elif kind == "date":
        found = st.dates().map(lambda d: d.isoformat())
    elif kind == "int":
        found = st.integers(int(rule.low), int(rule.high))
    elif kind == "float":
        found = st.one_of(st.floats(rule.low, rule.high), st.integers(int(rule.low), int(rule.high)))
    elif kind == "bool":
        found = st.booleans()
    elif kind == "content_ids":
        found = st.lists(CONTENT_IDS, max_size=4)
    elif kind == "record_ids":
        found = st.lists(RECORD_IDS, max_size=4)
    elif kind == "ticks":
        found = st.dictionaries(CONTENT_IDS, st.one_of(st.booleans(), st.none()), max_size=4)
    elif kind == "cvr":
        found = CVRS
    elif kind == "sha256":
        found = st.binary(max_size=8).map(lambda b: hashlib.sha256(b).hexdigest())
    elif kind == "stamp":
        found = STAMPS
    elif kind == "field_name":
        found = st.sampled_from(["text", "name", "answer", "evidence"])
    elif kind == "counter":
        found = st.dictionaries(st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True), st.integers(0, 50), max_size=3)
    else:
        raise AssertionError(f"no values for the rule kind {kind!r}")
    return st.one_of(found, st.just("")) if rule.optional else found


BAD: dict[str, list[Any]] = {
    "text": [42, None, ["a list"], "x" * (MAX_TEXT + 1)],
    "line": ["two\nlines", "x" * 301, 7],
    "record_id": ["not an id!", "x" * 37, 7],
    "content_id": ["Not An Id", "ålborg", 3],
    "choice": [99, "x", True, None],
    "date": ["not-a-date", "2026-02-30", "20261130", "2026-1-5", 20261130],
    "int": [-1, 100, "3", True, 2.5],
    "float": [-0.5, 80.5, "4", False],
    "bool": ["yes", 1, None],
    "content_ids": [["Not ok"], "a", [1]],
    "record_ids": [["has space"], "a"],
    "ticks": [{"Not Ok": True}, {"a": "yes"}, []],
    "cvr": ["12345678", "abc", "0" * 8, 12345678],
    "sha256": ["xyz", "A" * 64],
    "stamp": ["yesterday", 5],
    "field_name": ["Not a field!", 5],
}


def bad_values(rule: Rule) -> st.SearchStrategy[Any]:
    values = BAD[rule.kind]
    if rule.kind == "line" and rule.limit < 300:
        values = [*values, "x" * (rule.limit + 1)]
    return st.sampled_from([v for v in values if not (rule.optional and v == "")])


def tablet_kept(value: Any) -> Any:
    """What a tablet keeps of a value: its text as domain.text keeps it, at any depth."""
    if isinstance(value, str):
        return tablet_text(value)
    if isinstance(value, list):
        return [tablet_kept(v) for v in value]
    if isinstance(value, dict):
        return {tablet_kept(k): tablet_kept(v) for k, v in value.items()}
    return value


FIELDS = [(entity, name) for entity, fields in ENTITY_FIELDS.items() for name in fields]


def test_every_known_field_has_a_rule() -> None:
    assert [(e, n) for e, n in FIELDS if n not in RULES.get(e, {})] == []
    assert {e: set(r) for e, r in RULES.items()} == {e: set(f) for e, f in ENTITY_FIELDS.items()}


def whole_conflict(team: str, name: str, value: Any) -> dict[str, Any]:
    """A conflict record as the server's merge makes it, with ``value`` in ``name``."""
    fields: dict[str, Any] = {
        "entity": "note",
        "record_id": str(uuid.uuid4()),
        "field": "text",
        "value": "Den tabte tekst",
        "loser_hlc": CLOCK.tick(),
        "winner_hlc": CLOCK.tick(),
        "reason": "concurrent",
        "resolved": False,
        name: value,
    }
    named = conflict_id(
        entity=str(tablet_kept(fields["entity"])),
        record_id=str(fields["record_id"]),
        field=str(fields["field"]),
        loser_hlc=str(fields["loser_hlc"]),
    )
    return change(team, "conflict", record=str(named), fields=fields)


def companion(entity: str, name: str) -> dict[str, Any]:
    """A good value of another field of ``entity``, so a refused change is not all bad."""
    for other, rule in RULES[entity].items():
        if other != name and rule.kind in ("text", "bool"):
            return {other: "godt" if rule.kind == "text" else True}
    return {}


@settings(
    max_examples=25,
    deadline=None,
    # No shrinking: an example is one push of every field (its draws are labelled by field),
    # and shrinking a batch of 230 changes over HTTP takes minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_every_known_field_keeps_a_good_value_as_the_tablet_would_and_refuses_a_bad_one(
    server: Server, data: st.DataObject
) -> None:
    ole = requests.Session()
    ole.headers["Authorization"] = f"Bearer {server.login()['token']}"
    start = cursor(ole, server.url)
    good: dict[str, tuple[str, str, Any]] = {}
    bad: dict[str, tuple[str, str]] = {}
    batch: list[dict[str, Any]] = []
    for entity, name in FIELDS:
        rule = RULES[entity][name]
        value = data.draw(good_values(rule), label=f"{entity}.{name}")
        wrong = data.draw(bad_values(rule), label=f"bad {entity}.{name}") if rule.kind != "counter" else None
        if entity == "conflict":
            ok = whole_conflict(server.team, name, value)
        else:
            ok = change(server.team, entity, fields={name: value})
        good[ok["op"]] = (entity, name, value)
        batch.append(ok)
        if rule.kind == "counter":
            continue  # its limits are another test's
        if entity == "conflict":
            refused = whole_conflict(server.team, name, wrong)
        else:
            refused = change(server.team, entity, fields={**companion(entity, name), name: wrong})
        bad[refused["op"]] = (entity, name)
        batch.append(refused)
    answer = push(ole, server.url, batch)

    assert sorted(answer["accepted"]) == sorted(good)
    reasons = {r["op"]: (r["reason"], r.get("field")) for r in answer["rejected"]}
    assert reasons == {op: ("bad_value", name) for op, (_, name) in bad.items()}
    assert all(r["detail"].startswith(f"{r['field']}: ") for r in answer["rejected"])
    pulled, _ = pulled_since(ole, server.url, start)
    assert not set(bad) & set(pulled)  # nothing of a refused change is stored
    refused_ids = {c["id"] for c in batch if c["op"] in bad}
    assert not {c["id"] for c in pulled.values()} & refused_ids
    for op, (entity, name, value) in good.items():
        kept = pulled[op]["fields"][name]
        assert kept == tablet_kept(value), (entity, name)
        if isinstance(kept, str):
            assert unicodedata.is_normalized("NFC", kept) and not control_characters(kept), (entity, name)


def test_text_is_kept_composed_and_without_invisible_characters(server: Server) -> None:
    ole = server.session()
    start = cursor(ole, server.url)
    sent = {
        "name": "A\u030arhus Lager\u200b\u200bservice\x00",
        "earlier_cooperation": "F\u00f8rste linje\r\nAnden\u2028linje \u202e\ufeff👩\u200d💻",
    }
    c = change(server.team, "company", fields=sent)
    assert push(ole, server.url, [c])["accepted"] == [c["op"]]
    kept = pulled_since(ole, server.url, start)[0][c["op"]]["fields"]
    assert kept == {"name": "Århus Lagerservice", "earlier_cooperation": "Første linje\nAndenlinje 👩\u200d💻"}


@pytest.mark.parametrize(
    ("entity", "fields"),
    [
        ("visit", {"date": "not-a-date"}),
        ("task", {"title": "Pakke varer", "level": 99}),
        ("hire", {"kind": "ordinary", "start_date": "2026-13-01"}),
        ("company", {"name": "Firma", "cvr": "12345678"}),
        ("opening", {"status": "maybe"}),
    ],
    ids=["date", "level", "start_date", "cvr", "status"],
)
def test_a_bad_value_refuses_its_change_alone_and_stores_nothing_of_it(
    server: Server, entity: str, fields: dict[str, Any]
) -> None:
    ole = server.session()
    start = cursor(ole, server.url)
    bad = change(server.team, entity, fields=fields)
    fine = change(server.team, "note", fields={"text": "Travlt på lageret"})
    answer = push(ole, server.url, [bad, fine])
    assert answer["accepted"] == [fine["op"]]
    [refusal] = answer["rejected"]
    assert refusal["op"] == bad["op"] and refusal["reason"] == "bad_value"
    assert refusal["field"] in fields and refusal["detail"].startswith(refusal["field"] + ": ")
    pulled, _ = pulled_since(ole, server.url, start)
    assert bad["id"] not in {c["id"] for c in pulled.values()}


# -- conflicts are made by the merge ----------------------------------------------------------


def test_a_tablet_cannot_make_a_conflict_but_can_resolve_one_and_send_one_back(server: Server) -> None:
    ole = server.session()
    start = cursor(ole, server.url)
    made_up = whole_conflict(server.team, "value", "Jeg fandt på det")
    made_up["id"] = str(uuid.uuid4())  # not the id the merge gives it
    partial = change(server.team, "conflict", fields={"value": "kun en værdi", "resolved": False})
    # Two concurrent edits of one note make a real conflict on the server.
    note = change(server.team, "note", fields={"text": "Første"})
    push(ole, server.url, [note])
    a = change(server.team, "note", record=note["id"], fields={"text": "A"})
    b = change(server.team, "note", record=note["id"], fields={"text": "B"})
    a["base"] = b["base"] = {"text": note["hlc"]}
    push(ole, server.url, [a, b])
    pulled, _ = pulled_since(ole, server.url, start)
    [real] = [c for c in pulled.values() if c["entity"] == "conflict"]

    resolve = change(server.team, "conflict", record=real["id"], fields={"resolved": True})
    sent_back = {**real, "op": str(uuid.uuid4())}
    sent_back.pop("seq")
    sent_back["base"] = {k: real["hlc"] for k in real["fields"]}
    altered = {**sent_back, "op": str(uuid.uuid4()), "fields": {**real["fields"], "value": "ændret"}}
    answer = push(ole, server.url, [made_up, partial, resolve, sent_back, altered])
    assert sorted(answer["accepted"]) == sorted([resolve["op"], sent_back["op"]])
    assert {r["op"]: r["reason"] for r in answer["rejected"]} == {
        made_up["op"]: "bad_value",
        partial["op"]: "bad_value",
        altered["op"]: "bad_value",
    }
    assert all("made by the server" in r["detail"] for r in answer["rejected"])


# -- names of fields the server does not know yet (10) ------------------------------------------

FUTURE_NAMES = [
    ("mood_2027", True),
    ("a", True),
    ("x" * 64, True),
    ("pronouns", True),
    ("v2_score", True),
    ("x" * 65, False),
    ("Name", False),
    ("_secret", False),
    ("trailing_", False),
    ("double__underscore", False),
    ("2fast", False),
    ("with-dash", False),
    ("with space", False),
    ("ñame", False),
    ("team", False),
    ("id", False),
    ("hlc", False),
    ("op", False),
    ("seq", False),
    ("entity", False),
    ("base", False),
    ("fields", False),
    ("stamps", False),
    ("deleted", False),
]


@pytest.mark.parametrize(("name", "allowed"), FUTURE_NAMES, ids=[n[:20] for n, _ in FUTURE_NAMES])
def test_a_field_the_server_does_not_know_is_kept_only_under_an_allowed_name(
    server: Server, name: str, allowed: bool
) -> None:
    ole = server.session()
    c = change(server.team, "note", fields={"text": "Kendt felt", name: "ny værdi"})
    answer = push(ole, server.url, [c])
    if allowed:
        assert answer["accepted"] == [c["op"]]
    else:
        assert answer["rejected"] == [
            {"op": c["op"], "reason": "unknown_field", "field": name, "detail": answer["rejected"][0]["detail"]}
        ]
        assert answer["rejected"][0]["detail"].startswith(f"{name}: a field name")
