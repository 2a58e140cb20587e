"""Every text the screens show exists in Danish and English, including every refusal."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from views.i18n import Translator, load_strings

ROOT = Path(__file__).resolve().parents[2]


def test_danish_and_english_have_the_same_keys() -> None:
    assert set(load_strings("da")) == set(load_strings("en"))


def test_every_key_the_views_use_is_translated() -> None:
    keys = set(load_strings("da"))
    used = set()
    for path in (ROOT / "views").glob("*.py"):
        used |= set(re.findall(r'\bt\("([a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    assert used, "no keys found: the pattern no longer matches the views"
    assert used <= keys, sorted(used - keys)


def test_every_refusal_the_domain_can_give_has_a_message_in_both_languages() -> None:
    codes = set()
    for folder in ("domain", "storage"):
        for path in (ROOT / folder).rglob("*.py"):
            codes |= set(re.findall(r'InvalidInput\(\s*[^,]+,\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert {"name_required", "cvr_check_digit", "text_too_long", "control_chars"} <= codes
    for language in ("da", "en"):
        strings = load_strings(language)
        missing = {c for c in codes if f"error.{c}" not in strings}
        assert not missing, (language, missing)


def test_lead_roles_and_tabs_are_translated() -> None:
    for language in ("da", "en"):
        t = Translator(language)
        for key in ("cards.lead.E", "cards.lead.S", "cards.lead.any", "visit.tab.prep", "visit.tab.cards"):
            assert t(key) != key


def test_danish_numbers_and_dates() -> None:
    t = Translator("da")
    assert t.number(20000) == "20.000"
    assert t.date(date(2026, 5, 3)) == "3. maj 2026"
    assert Translator("en").date(date(2026, 5, 3)) == "3 May 2026"
    assert t("error.text_too_long", length=t.number(20001), limit=t.number(20000)).startswith(
        "Teksten er for lang: 20.001 tegn"
    )
