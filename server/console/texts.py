"""The console's words: ``server/console/da.json`` (Danish, the default) and ``en.json``.

A page reads its labels from the language's dict. A refusal or a rule the service
functions state (``server.admin``, ``server.accounts``: English sentences, as the admin
API answers them) is shown in the reader's language by :func:`refusal`, which matches the
sentence against the language's ``refusals`` list of ``[pattern, text]`` pairs.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
LANGUAGE_COOKIE = "feltmappe_console_language"


def language_of(cookie: str | None) -> str:
    """``cookie`` when it names a language of LANGUAGES, else Danish."""
    return cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE


@cache
def texts(language: str) -> dict[str, Any]:
    """The nested dict of ``<language>.json`` (KeyError-free for the pages: both files
    have the same keys, a test keeps them so)."""
    return dict(json.loads((HERE / f"{language_of(language)}.json").read_text(encoding="utf-8")))


@cache
def _patterns(language: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), text) for pattern, text in texts(language)["refusals"])


def refusal(language: str, message: str) -> str:
    """``message`` (an English sentence from the service functions) in ``language``: the
    text of the first pattern that matches it whole, its named groups filled in; English,
    or a sentence no pattern knows, comes back as it is with a capital first letter and a
    full stop."""
    for pattern, text in _patterns(language):
        found = pattern.fullmatch(message)
        if found:
            return text.format(**found.groupdict())
    sentence = message[:1].upper() + message[1:]
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."
