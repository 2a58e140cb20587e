"""The conflict screen names every text field a conflict can be about in words, in both
languages ("Felt: tidligere samarbejde", not the column's code), and every reason a
change can be set aside or refused has its sentence."""

from __future__ import annotations

import pytest

from domain.schema import ENTITY_FIELDS
from views.i18n import Translator
from views.sync_ui import field_name

TEXT_FIELDS = sorted({name for fields in ENTITY_FIELDS.values() for name, kind in fields.items() if kind == "text"})


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_text_field_has_a_name_in_words(language: str) -> None:
    t = Translator(language)
    unnamed = [
        name for name in TEXT_FIELDS if name != "value" and t(f"conflict.field_name.{name}").startswith("conflict.")
    ]
    assert unnamed == []
    assert field_name(t, "earlier_cooperation") != "earlier_cooperation"
    assert field_name(t, "from_a_newer_app") == "from_a_newer_app"  # no words: its code


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("reason", ["too_large", "unreadable", "forbidden_team", "team_mismatch", "bad_value"])
def test_every_reason_a_change_is_kept_aside_has_a_sentence(language: str, reason: str) -> None:
    t = Translator(language)
    assert t(f"sync.reason.{reason}") != f"sync.reason.{reason}"
