"""The content pack: the built-in decks, and clear errors for a broken custom pack."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from domain.content import BUBBLE_FIELD_IDS, MEGATREND_IDS, PHASE_IDS, ContentPack, ContentPackError, parse_pack
from storage.content import BUILT_IN, LANGUAGES, load_pack, read_pack


def built_in_raw(language: str = "da") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((BUILT_IN / f"pack.{language}.json").read_text(encoding="utf-8"))
    return data


def ids_by_place(value: Any, place: str = "") -> dict[str, list[Any]]:
    """Every list of things with an id (or a level) in the pack, by where it is."""
    out: dict[str, list[Any]] = {}
    if isinstance(value, dict):
        for key, inner in value.items():
            out.update(ids_by_place(inner, f"{place}.{key}" if place else key))
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        key = "id" if "id" in value[0] else "level" if "level" in value[0] else None
        if key is not None:
            out[place] = [v.get(key) for v in value]
        for index, inner in enumerate(value):
            out.update(ids_by_place(inner, f"{place}[{index}]"))
    return out


def broken(tmp_path: Path, change: Any, *, name: str = "pack.da.json") -> ContentPackError:
    data = built_in_raw()
    change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(ContentPackError) as caught:
        read_pack(path)
    assert str(path) in str(caught.value)
    return caught.value


# -- the built-in packs ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_built_in_pack_loads(language: str) -> None:
    loaded = load_pack(language)
    assert loaded.error is None
    assert loaded.source == BUILT_IN / f"pack.{language}.json"
    assert loaded.pack.language == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_built_in_pack_has_the_decks_a_visit_needs(language: str) -> None:
    pack = load_pack(language).pack
    assert len(pack.cards) >= 40
    assert [p.id for p in pack.phases] == list(PHASE_IDS)
    assert set(PHASE_IDS) == {"opening", "concerns", "esg", "social", "tasks", "expectations", "closing"}
    assert len({c.phase for c in pack.cards}) >= 7
    for phase in PHASE_IDS:
        assert pack.cards_in(phase), f"phase {phase} has no cards"
        assert pack.phase(phase).title


@pytest.mark.parametrize("language", LANGUAGES)
def test_built_in_pack_has_the_schemes_and_sheets(language: str) -> None:
    pack = load_pack(language).pack
    assert len(pack.green_categories) == 8
    assert len(pack.social_areas) == 8
    assert [r.level for r in pack.requirement_levels] == [1, 2, 3]
    assert len(pack.recognition.criteria) == 6
    assert pack.recognition.min_met == 2
    assert [(a.weeks, a.months) for a in pack.aftercare] == [(4, None), (12, None), (None, 6)]
    assert [m.id for m in pack.megatrends] == list(MEGATREND_IDS) == ["green", "esg", "digital", "other"]
    assert [f.id for f in pack.bubble_sheet.fields] == list(BUBBLE_FIELD_IDS)
    for bubble in pack.bubble_sheet.fields:
        assert re.fullmatch(r"https://\S+", bubble.info_url)
    assert pack.phone_script.with_news_hook
    assert pack.phone_script.without_news_hook
    assert pack.preparation_checklist
    assert pack.closing_checklist
    assert pack.covisit_playbook
    assert {c.lead for c in pack.cards} <= {"E", "S", "any"}


def test_danish_and_english_packs_have_the_same_ids() -> None:
    da, en = built_in_raw("da"), built_in_raw("en")
    da_ids, en_ids = ids_by_place(da), ids_by_place(en)
    assert da_ids == en_ids
    for place in [
        "cards",
        "phases",
        "preparation_checklist",
        "closing_checklist",
        "walkaround_questions",
        "green_categories",
        "social_areas",
        "accommodations",
        "megatrends",
        "aftercare",
        "covisit_playbook",
        "recognition.criteria",
        "requirement_levels",
        "bubble_sheet.fields",
        "phone_script.with_news_hook",
        "phone_script.without_news_hook",
    ]:
        assert da_ids[place], place
    assert da["version"] == en["version"]


def test_danish_and_english_cards_agree_on_phase_and_lead(pack_da: ContentPack, pack_en: ContentPack) -> None:
    assert [(c.id, c.phase, c.lead) for c in pack_da.cards] == [(c.id, c.phase, c.lead) for c in pack_en.cards]
    assert [(a.id, a.weeks, a.months) for a in pack_da.aftercare] == [
        (a.id, a.weeks, a.months) for a in pack_en.aftercare
    ]
    assert pack_da.recognition.min_met == pack_en.recognition.min_met


def test_card_lookup(pack_da: ContentPack) -> None:
    first = pack_da.cards[0]
    assert pack_da.card(first.id) == first
    assert pack_da.card("no-such-card") is None


# -- broken packs -----------------------------------------------------------------------


def test_invalid_json_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "pack.da.json"
    path.write_text('{\n  "version": "1",\n  "language": "da",,\n}\n', encoding="utf-8")
    with pytest.raises(ContentPackError) as caught:
        read_pack(path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 3, column 20" in message  # the second comma
    assert "not valid JSON" in message


def test_parse_pack_names_the_file_it_was_given() -> None:
    with pytest.raises(ContentPackError) as caught:
        parse_pack("[1, 2", file="kommune/pack.da.json")
    assert caught.value.file == "kommune/pack.da.json"
    assert str(caught.value).startswith("kommune/pack.da.json: line 1, column 6: ")


def test_card_with_unknown_phase(tmp_path: Path) -> None:
    error = broken(tmp_path, lambda d: d["cards"][3].update(phase="snak"))
    assert error.place == "cards[3].phase"
    assert "unknown phase 'snak'" in error.problem
    assert "cards[3].phase: unknown phase 'snak'" in str(error)


def test_card_with_bad_lead(tmp_path: Path) -> None:
    error = broken(tmp_path, lambda d: d["cards"][3].update(lead="X"))
    assert error.place == "cards[3].lead"
    assert "'E', 'S' or 'any'" in error.problem
    assert "cards[3].lead" in str(error)


def test_missing_key(tmp_path: Path) -> None:
    error = broken(tmp_path, lambda d: d["cards"][5].pop("text"))
    assert error.place == "cards[5].text"
    assert "required" in error.problem.lower()
    top = broken(tmp_path, lambda d: d.pop("recognition"))
    assert top.place == "recognition"
    assert "required" in top.problem.lower()


@pytest.mark.parametrize("blank", ["", " ", "\n\t  "])
def test_a_blank_text_is_refused_as_missing(tmp_path: Path, blank: str) -> None:
    """Issue 12: a card of spaces only is as good as none; the pack says where."""
    error = broken(tmp_path, lambda d: d["cards"][2].update(text=blank))
    assert (error.place, error.problem) == ("cards[2].text", "the text is missing (empty or only spaces)")
    question = broken(tmp_path, lambda d: d["megatrends"][0]["questions"].__setitem__(0, blank))
    assert question.place == "megatrends[0].questions[0]"


def test_unknown_key_is_refused(tmp_path: Path) -> None:
    error = broken(tmp_path, lambda d: d["phases"][0].update(titel="typo"))
    assert error.place == "phases[0].titel"


def test_min_met_larger_than_the_criteria(tmp_path: Path) -> None:
    error = broken(tmp_path, lambda d: d["recognition"].update(min_met=7))
    assert error.place == "recognition"
    assert "min_met (7)" in error.problem
    assert "criteria (6)" in error.problem


def test_duplicate_card_id(tmp_path: Path) -> None:
    error = broken(tmp_path, lambda d: d["cards"][4].update(id=d["cards"][2]["id"]))
    assert error.place == "cards[4]"
    assert "used twice" in error.problem


def test_aftercare_needs_exactly_one_offset(tmp_path: Path) -> None:
    error = broken(tmp_path, lambda d: d["aftercare"][1].update(months=3))
    assert error.place == "aftercare[1]"
    assert "exactly one of 'weeks' or 'months'" in error.problem


def test_bubble_link_must_be_https(tmp_path: Path) -> None:
    error = broken(tmp_path, lambda d: d["bubble_sheet"]["fields"][2].update(info_url="http://star.dk/"))
    assert error.place == "bubble_sheet.fields[2].info_url"


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "pack.da.json"
    path.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(ContentPackError) as caught:
        read_pack(path)
    assert caught.value.place == "(file)"
    assert str(path) in str(caught.value)


# -- a municipality's own pack ----------------------------------------------------------


def test_broken_override_falls_back_to_the_built_in_pack(tmp_path: Path) -> None:
    custom = tmp_path / "pack.da.json"
    custom.write_text('{"version": "x"', encoding="utf-8")
    loaded = load_pack("da", override_dir=tmp_path)
    assert loaded.source == BUILT_IN / "pack.da.json"
    assert loaded.pack == load_pack("da").pack
    assert loaded.error is not None
    assert loaded.error.file == str(custom)
    assert re.search(r"line \d+, column \d+", str(loaded.error))


def test_override_with_a_broken_card_falls_back_and_names_the_card(tmp_path: Path) -> None:
    data = built_in_raw("en")
    data["cards"][3]["lead"] = "both"
    (tmp_path / "pack.en.json").write_text(json.dumps(data), encoding="utf-8")
    loaded = load_pack("en", override_dir=tmp_path)
    assert loaded.pack.language == "en"
    assert loaded.source == BUILT_IN / "pack.en.json"
    assert loaded.error is not None
    assert "cards[3].lead" in str(loaded.error)


def test_valid_override_is_used(tmp_path: Path) -> None:
    data = copy.deepcopy(built_in_raw("da"))
    data["version"] = "kommune-7"
    data["cards"][0]["text"] = "Vores egen første kortspørgsmål"
    custom = tmp_path / "pack.da.json"
    custom.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loaded = load_pack("da", override_dir=tmp_path)
    assert loaded.error is None
    assert loaded.source == custom
    assert loaded.pack.version == "kommune-7"
    assert loaded.pack.cards[0].text == "Vores egen første kortspørgsmål"
    # The other language is untouched.
    assert load_pack("en", override_dir=tmp_path).source == BUILT_IN / "pack.en.json"


def test_missing_override_dir_uses_the_built_in_pack(tmp_path: Path) -> None:
    loaded = load_pack("da", override_dir=tmp_path / "nowhere")
    assert loaded.error is None
    assert loaded.source == BUILT_IN / "pack.da.json"
