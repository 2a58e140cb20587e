"""The console's words: ``server/console/da.json`` (Danish, the default) and ``en.json``.

A page reads its labels from the language's dict. A refusal or a rule the service
functions state (``server.admin``, ``server.accounts``: English sentences, as the admin
API answers them) is shown in the reader's language by :func:`refusal`, which matches the
sentence against the language's ``refusals`` list of ``[pattern, text]`` pairs. An audit
entry's ``detail`` is stored as the code wrote it (``devices_revoked=2``, a refusal's
English sentence: the API and the CSV keep it so) and shown on the page by
:func:`detail`, through the ``details`` list and then the ``refusals``.
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
def _patterns(language: str, kind: str = "refusals") -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), text) for pattern, text in texts(language)[kind])


def _translated(language: str, message: str, kind: str) -> str | None:
    roles = texts(language)["roles"]  # a role's key in a detail is shown as its name
    for pattern, text in _patterns(language, kind):
        found = pattern.fullmatch(message)
        if found:
            groups = found.groupdict()
            if kind == "details":
                groups = {k: roles.get(v, v) for k, v in groups.items()}
            return str(text).format(**groups)
    return None


def refusal(language: str, message: str) -> str:
    """``message`` (an English sentence from the service functions) in ``language``: the
    text of the first pattern that matches it whole, its named groups filled in; English,
    or a sentence no pattern knows, comes back as it is with a capital first letter and a
    full stop."""
    known = _translated(language, message, "refusals")
    if known is not None:
        return known
    sentence = message[:1].upper() + message[1:]
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def detail(language: str, stored: str) -> str:
    """An audit entry's stored ``detail`` in ``language``: by the first ``details`` pattern
    that matches it whole (``devices_revoked=2`` is "2 enheder lukket" in Danish), else as
    a refusal (:func:`refusal`'s patterns, for a 403's sentence), else as stored (a team's
    name, say). "" stays ""."""
    if not stored:
        return ""
    for kind in ("details", "refusals"):
        known = _translated(language, stored, kind)
        if known is not None:
            return known
    return stored
