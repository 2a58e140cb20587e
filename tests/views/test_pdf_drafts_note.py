"""A PDF made while a field of the screen holds a draft says the draft is not in it.

Issue 9, fourth trial: a closing field held a text back (a CPR-like number in it), the
consultant made the visit summary, and the PDF silently lacked that text. The dialog that
offers the file now names each field whose text waits as a draft and is left out, for
every PDF button of the Closing tab; with no draft it says nothing of one.
"""

from __future__ import annotations

import flet as ft
import pytest

from tests.views.test_cpr_draft_stub import TYPED, World, tap, texts, type_keys, world  # noqa: F401
from tests.views.test_cpr_draft_stub import fields as fields_labelled
from views.autosave import pending_drafts
from views.closing import closing_controls
from views.i18n import Translator
from views.pdf_actions import pdf_section

T = Translator("da")
BUTTONS = [T("pdf.visit"), T("pdf.bubbles"), T("pdf.social")]


def closing_tab(w: World) -> ft.Control:
    """The Closing tab as the app draws it: the PDF buttons over the closing form."""
    return ft.Column([pdf_section(w.ctx, visit=w.visit), *closing_controls(w.ctx, visit=w.visit)])


def offered(w: World) -> str:
    """The words of the dialog on top, that offers the file just made."""
    assert w.page.dialogs, "no dialog offers the file"
    return texts(w.page.dialogs[-1])


@pytest.mark.parametrize("button", BUTTONS)
def test_a_pdf_made_while_a_field_holds_a_draft_says_it_is_left_out(world: World, button: str) -> None:  # noqa: F811
    root = closing_tab(world)
    label = T("closing.start")
    type_keys(fields_labelled(root, label)[0], TYPED, "")
    assert pending_drafts(world.ctx), "the CPR warning holds the text back as a draft"
    tap(root, button)
    words = offered(world)
    assert T("pdf.drafts_left_out", fields=f"«{label}»") in words, words


@pytest.mark.parametrize("button", BUTTONS)
def test_a_pdf_made_with_no_draft_says_nothing_of_one(world: World, button: str) -> None:  # noqa: F811
    root = closing_tab(world)
    type_keys(fields_labelled(root, T("closing.start"))[0], "Om to uger", "")
    assert not pending_drafts(world.ctx)
    tap(root, button)
    words = offered(world)
    assert "kladde" not in words, words
