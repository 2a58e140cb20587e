"""A writer's avatar shows at most two whole characters on one line in a circle of a fixed
size (issue 9 trial: a name starting with an emoji or in Arabic gave initials that wrapped
out of the circle). The initials themselves: tests/domain/test_tasks.py."""

from __future__ import annotations

import flet as ft
import pytest
import regex

from views.participants import avatar

NAMES = {
    "Danish": ("Mette Sørensen", "MS"),
    "emoji first": ("👷\u200d♂️ Jens Nielsen", "👷\u200d♂️N"),
    "emoji with a skin tone": ("👍🏽 Lone", "👍🏽L"),
    "Arabic": ("محمد علي", "مع"),
    "three names": ("Hans Christian Ørsted Jensen", "HJ"),
}


@pytest.mark.parametrize("kind", list(NAMES))
def test_the_avatar_shows_two_whole_characters_on_one_line(kind: str) -> None:
    name, expected = NAMES[kind]
    circle = avatar(name, "S")
    assert isinstance(circle, ft.CircleAvatar) and circle.radius == 22
    text = circle.content
    assert isinstance(text, ft.Text)
    assert text.value == expected and len(regex.findall(r"\X", expected)) <= 2
    assert text.no_wrap and text.max_lines == 1
