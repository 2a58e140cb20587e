"""The phone script says the consultant's name, title and municipality from Settings, and
the company's name; what the app does not know stays a visible placeholder."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.content import ContentPack, ScriptPlaceholders, fill_script

DA = ScriptPlaceholders(name="[dit navn]", title="[din titel]", municipality="[kommune]", company="[virksomhed]")
HELLO = "Hej, du taler med [dit navn], [din titel] fra [kommune] Kommune. Må jeg komme forbi [virksomhed]?"


@pytest.mark.parametrize(
    ("values", "said"),
    [
        (
            {"name": "Jonas Holm", "title": "virksomhedskonsulent", "municipality": "Herning", "company": "Smedjen"},
            "Hej, du taler med Jonas Holm, virksomhedskonsulent fra Herning Kommune. Må jeg komme forbi Smedjen?",
        ),
        # nothing known: every placeholder is left for the consultant to see
        ({}, HELLO),
        (
            {"name": "Jonas Holm", "title": "", "municipality": "  "},
            "Hej, du taler med Jonas Holm, [din titel] fra [kommune] Kommune. Må jeg komme forbi [virksomhed]?",
        ),
        # "Herning Kommune" typed in Settings is not followed by a second "Kommune"
        (
            {"municipality": "Herning Kommune"},
            "Hej, du taler med [dit navn], [din titel] fra Herning Kommune. Må jeg komme forbi [virksomhed]?",
        ),
        (
            {"municipality": "Ringkøbing-Skjern kommune"},
            "Hej, du taler med [dit navn], [din titel] fra Ringkøbing-Skjern Kommune. Må jeg komme forbi [virksomhed]?",
        ),
        # spaces typed around or inside a value are tidied
        (
            {"name": "  Jonas   Holm "},
            "Hej, du taler med Jonas Holm, [din titel] fra [kommune] Kommune. Må jeg komme forbi [virksomhed]?",
        ),
    ],
)
def test_placeholders_are_filled_from_what_the_app_knows(values: dict[str, str], said: str) -> None:
    assert fill_script(HELLO, DA, values) == said


def test_a_pack_without_placeholders_shows_its_script_as_written() -> None:
    assert fill_script(HELLO, None, {"name": "Jonas Holm"}) == HELLO


def test_a_placeholder_used_twice_is_filled_twice() -> None:
    assert fill_script("[dit navn] og [dit navn]", DA, {"name": "Ole"}) == "Ole og Ole"


@given(value=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_a_value_is_said_as_typed(value: str) -> None:
    """Whatever is typed under Settings (brackets, backslashes, regex characters) is said
    as it is, and only the placeholder is replaced."""
    said = fill_script("Jeg hedder [dit navn].", DA, {"name": value})
    tidy = " ".join(value.split())
    assert said == (f"Jeg hedder {tidy}." if tidy else "Jeg hedder [dit navn].")


def test_the_built_in_scripts_use_the_placeholders(pack_da: ContentPack, pack_en: ContentPack) -> None:
    for pack in (pack_da, pack_en):
        marks = pack.phone_script.placeholders
        assert marks is not None
        steps = pack.phone_script.with_news_hook + pack.phone_script.without_news_hook
        text = " ".join(step.text for step in steps)
        for placeholder in (marks.name, marks.title, marks.municipality, marks.company):
            assert placeholder in text
        first = fill_script(
            pack.phone_script.without_news_hook[0].text,
            marks,
            {"name": "Jonas Holm", "title": "jobkonsulent", "municipality": "Herning"},
        )
        assert "Jonas Holm, jobkonsulent" in first
        assert "Herning" in first and "[" not in first
