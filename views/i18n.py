"""Translations of the user interface: flat JSON files in ``assets/i18n/<language>/``,
one per part of the app, merged when loaded (a key may appear in only one file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

I18N = Path(__file__).resolve().parent.parent / "assets" / "i18n"
MONTHS = {
    "da": ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def load_strings(language: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((I18N / language).glob("*.json")):
        part: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        twice = set(part) & set(merged)
        if twice:
            raise ValueError(f"{path}: keys already defined in another file: {sorted(twice)}")
        merged.update(part)
    return merged


class Translator:
    """``t("key", name=...)`` gives the text in the chosen language, Danish as fallback."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._strings = load_strings(language)
        self._fallback = self._strings if language == "da" else load_strings("da")

    def __call__(self, key: str, **params: Any) -> str:
        text = self._strings.get(key) or self._fallback.get(key) or key
        return text.format(**params) if params else text

    def number(self, value: int) -> str:
        text = f"{value:,}"
        return text.replace(",", ".") if self.language == "da" else text

    def date(self, value: Any) -> str:
        month = MONTHS[self.language][value.month - 1]
        if self.language == "da":
            return f"{value.day}. {month} {value.year}"
        return f"{value.day} {month} {value.year}"
