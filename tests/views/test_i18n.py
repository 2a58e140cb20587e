"""Every text the screens show exists in Danish and English, including every refusal."""

from __future__ import annotations

import re
import unicodedata
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


# One wording per action: the word a button uses for it in Danish and in English. A key
# whose text is one of these words (in either language) must use the pair as it stands, so
# "Annullér" beside "Annuller", or "Fortryd" for Cancel (it is Undo), cannot creep in.
ACTIONS = {
    "add": ("Tilføj", "Add"),
    "cancel": ("Annuller", "Cancel"),
    "choose": ("Vælg", "Choose"),
    "close": ("Luk", "Close"),
    "delete": ("Slet", "Delete"),
    "next": ("Næste", "Next"),
    "open": ("Åbn", "Open"),
    "previous": ("Forrige", "Previous"),
    "remove": ("Fjern", "Remove"),
    "save": ("Gem", "Save"),
    "share": ("Del", "Share"),
    "undo": ("Fortryd", "Undo"),
}
NOT_ACTIONS = {"closing.status.open"}  # "Åben"/"Open": a job opening's status, not a button
SAME_LETTERS_OTHER_WORD = {"én"}  # "én" (one) is not "en" (a) with an accent


def misworded(da: dict[str, str], en: dict[str, str]) -> list[str]:
    """Keys that name one of :data:`ACTIONS` in one language but not in the other."""
    wrong = []
    for key in sorted(set(da) - NOT_ACTIONS):
        for action, (dansk, english) in ACTIONS.items():
            if (da[key] == dansk) != (en[key] == english):
                wrong.append(f"{key}: {da[key]!r} / {en[key]!r}, but {action} is {dansk!r} / {english!r}")
    return wrong


def respelled(texts: dict[str, str]) -> dict[str, list[str]]:
    """Words written two ways (with and without an acute accent), by how they read."""
    words: dict[str, set[str]] = {}
    for text in texts.values():
        for word in re.findall(r"\w+", text.lower()):
            if word not in SAME_LETTERS_OTHER_WORD:
                plain = unicodedata.normalize("NFC", unicodedata.normalize("NFD", word).replace("\u0301", ""))
                words.setdefault(plain, set()).add(word)
    return {plain: sorted(ws) for plain, ws in words.items() if len(ws) > 1}


def test_one_wording_per_action() -> None:
    wrong = misworded(load_strings("da"), load_strings("en"))
    assert not wrong, "\n".join(wrong)


def test_one_spelling_per_word() -> None:
    for language in ("da", "en"):
        assert not respelled(load_strings(language)), language


def test_the_checks_catch_what_the_app_had() -> None:
    """Two spellings of Cancel, and Undo's word on a Cancel button, are both caught."""
    da = {"a.cancel": "Annuller", "b.cancel": "Annullér", "c.cancel": "Fortryd", "d.undo": "Fortryd"}
    en = {"a.cancel": "Cancel", "b.cancel": "Cancel", "c.cancel": "Cancel", "d.undo": "Undo"}
    assert [line.split(":")[0] for line in misworded(da, en)] == ["b.cancel", "c.cancel", "c.cancel"]
    assert respelled(da) == {"annuller": ["annuller", "annullér"]}
    assert respelled({"x": "Gem én note", "y": "en note"}) == {}
