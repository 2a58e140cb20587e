"""The recognition scheme: how many criteria are met, and when a company qualifies."""

from __future__ import annotations

import pytest

from domain.content import ContentPack
from domain.tasks import recognition_progress

CRITERIA = ["a", "b", "c", "d", "e", "f"]


@pytest.mark.parametrize(
    ("met", "count", "qualifies"),
    [
        ({}, 0, False),
        ({"a": True}, 1, False),
        ({"a": True, "b": False}, 1, False),  # ticked and unticked again
        ({"a": True, "f": True}, 2, True),  # exactly the threshold
        ({k: True for k in CRITERIA}, 6, True),
    ],
)
def test_progress_counts_the_ticked_criteria(met: dict[str, bool], count: int, qualifies: bool) -> None:
    progress = recognition_progress(met, CRITERIA, 2)
    assert (progress.met, progress.total, progress.needed) == (count, 6, 2)
    assert progress.qualifies is qualifies


def test_criteria_not_in_the_scheme_do_not_count() -> None:
    """A pack that dropped a criterion leaves old ticks behind; they must not qualify a company."""
    progress = recognition_progress({"a": True, "old-criterion": True, "another": True}, CRITERIA, 2)
    assert progress.met == 1
    assert not progress.qualifies


def test_a_higher_threshold() -> None:
    met = {"a": True, "b": True, "c": True}
    assert not recognition_progress(met, CRITERIA, 4).qualifies
    assert recognition_progress({**met, "d": True}, CRITERIA, 4).qualifies


def test_the_built_in_scheme_has_six_criteria_and_needs_two(pack_da: ContentPack, pack_en: ContentPack) -> None:
    for pack in (pack_da, pack_en):
        ids = [c.id for c in pack.recognition.criteria]
        assert len(ids) == 6
        assert pack.recognition.min_met == 2
        one = recognition_progress({ids[0]: True}, ids, pack.recognition.min_met)
        assert (one.met, one.qualifies) == (1, False)
        two = recognition_progress({ids[0]: True, ids[3]: True}, ids, pack.recognition.min_met)
        assert (two.met, two.qualifies) == (2, True)
    assert [c.id for c in pack_da.recognition.criteria] == [c.id for c in pack_en.recognition.criteria]
