"""The rules a synced value keeps (domain.field_rules), table by table: what is cleaned, what
is refused and with which words, and the conflict records only the merge makes."""

from __future__ import annotations

from typing import Any

import pytest

from domain.field_rules import CONFLICT_CONTENT, FieldRefused, clean_fields, conflict_id, future_field_problem

CLEANED: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = [
    ("company", {"name": "A\u030arhus\u200b"}, {"name": "Århus"}),
    ("company", {"name": "A\u200b\u030arhus"}, {"name": "Århus"}),
    ("note", {"text": "a\r\nb\x00c"}, {"text": "a\nbc"}),
    ("note", {"text": "👩\u200d💻"}, {"text": "👩\u200d💻"}),
    ("visit", {"date": "2026-11-30", "checklist": {"goal": True, "contact": None}}, None),
    ("task", {"level": 3, "hours": 2.5, "accommodations": ["quiet-room"], "photo": ""}, None),
    ("company", {"cvr": "10150817"}, None),
    ("opening", {"created": "", "task_ids": []}, None),
    ("note", {"text": "x", "mood_2027": {"A\u030a": ["A\u030a"]}}, {"text": "x", "mood_2027": {"Å": ["Å"]}}),
    ("note", {"_deleted": True}, None),
]


@pytest.mark.parametrize(("entity", "fields", "kept"), CLEANED)
def test_a_good_value_is_kept_as_the_tablet_keeps_it(
    entity: str, fields: dict[str, Any], kept: dict[str, Any] | None
) -> None:
    assert clean_fields(entity, fields) == (kept if kept is not None else fields)


REFUSED: list[tuple[str, dict[str, Any], str, str]] = [
    ("visit", {"date": "not-a-date"}, "date", "must be a date written YYYY-MM-DD"),
    ("visit", {"date": "2026-02-30"}, "date", "must be a date written YYYY-MM-DD"),
    ("visit", {"date": "20261130"}, "date", "must be a date written YYYY-MM-DD"),
    ("task", {"level": 99}, "level", "must be one of 1, 2, 3"),
    ("task", {"level": True}, "level", "must be one of 1, 2, 3"),
    ("task", {"hours": 81}, "hours", "must be a number from 0 to 80"),
    ("visit", {"cvs_wanted": -1}, "cvs_wanted", "must be a whole number from 0 to 99"),
    ("company", {"cvr": "12345678"}, "cvr", "must be a CVR number: 8 digits whose check digit is right"),
    ("card", {"author": "two\nlines"}, "author", "must be one line of at most 300 characters"),
    ("visit", {"checklist": {"Goal!": True}}, "checklist", "item names must be content ids"),
    ("note", {"text": "x", "Name": "y"}, "Name", "a field name is lowercase snake_case"),
    ("note", {"_deleted": "yes"}, "_deleted", "must be true or false"),
]


@pytest.mark.parametrize(("entity", "fields", "field", "words"), REFUSED)
def test_a_bad_value_is_refused_naming_the_field_and_the_rule(
    entity: str, fields: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(FieldRefused) as refused:
        clean_fields(entity, fields)
    assert refused.value.field == field and refused.value.rule.startswith(words)
    assert str(refused.value) == f"{field}: {refused.value.rule}"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("mood_2027", None),
        ("x" * 64, None),
        ("x" * 65, "at most 64"),
        ("_secret", "snake_case"),
        ("Name", "snake_case"),
        ("a__b", "snake_case"),
        ("team", "uses for itself"),
        ("seq", "uses for itself"),
    ],
)
def test_the_name_of_a_future_field(name: str, problem: str | None) -> None:
    found = future_field_problem(name)
    assert found is None if problem is None else (found is not None and problem in found)


def merged_conflict() -> tuple[str, dict[str, Any]]:
    fields: dict[str, Any] = {
        "entity": "note",
        "record_id": "3b1a0000-0000-4000-8000-000000000000",
        "field": "text",
        "value": "Lager\u200bchef",
        "loser_hlc": "1764246000123-0001-dev7",
        "winner_hlc": "1764246000124-0000-dev3",
        "reason": "concurrent",
        "resolved": False,
    }
    named = conflict_id(entity="note", record_id=fields["record_id"], field="text", loser_hlc=fields["loser_hlc"])
    return str(named), fields


def test_a_conflict_only_the_merge_makes_and_a_tablet_resolves_or_sends_back() -> None:
    record_id, fields = merged_conflict()
    assert clean_fields("conflict", {"resolved": True}, record_id=record_id) == {"resolved": True}
    # Sent back after a restore: the server has it no more, or has it (made before text
    # was cleaned, so kept with the zero-width space).
    assert clean_fields("conflict", fields, record_id=record_id)["value"] == "Lagerchef"
    assert clean_fields("conflict", fields, stored=fields, record_id=record_id)["value"] == "Lagerchef"
    for made_up in (
        {**fields, "value": "andet"},
        {name: fields[name] for name in CONFLICT_CONTENT[:3]},
    ):
        with pytest.raises(FieldRefused, match="made by the server's merge"):
            clean_fields("conflict", made_up, stored=fields if "value" in made_up else None, record_id=record_id)
    with pytest.raises(FieldRefused, match="made by the server's merge"):
        clean_fields("conflict", fields, record_id="3b1a0000-0000-4000-8000-00000000ffff")
