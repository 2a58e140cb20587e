"""The home screen says once that new content came from the team (issue 12): "Nyt indhold
fra Team Herning: version 7", until the consultant closes it; not again on the next tablet
session or redraw after that, and not at all when nothing new came."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import flet as ft
import pytest

from storage.content import bundled, content_notice, receive
from storage.db import Store
from tests.views.fake_app import app_context
from tests.views.handlers import run_to_end
from tests.views.test_cpr_draft_stub import texts, walk
from views.context import AppContext
from views.sync_ui import refresh_badges
from views.visits import home

NOTICE = "Nyt indhold fra Team Herning: version 7"


@pytest.fixture
def ctx(store: Store, tmp_path: Path) -> AppContext:
    return app_context(store, tmp_path)


def version_7(ctx: AppContext) -> None:
    data: dict[str, Any] = copy.deepcopy(json.loads(bundled("da").model_dump_json()))
    data["version"] = "7"
    data["cards"][0]["text"] = "Hvordan måler I jeres ESG-indsats?"
    receive(
        ctx.store,
        body=json.dumps(data, ensure_ascii=False),
        etag="e7",
        team=ctx.store.team_id,
        current=True,
        team_name="Team Herning",
    )


def drawn(ctx: AppContext) -> ft.View:
    return home(ctx)


def test_no_notice_without_new_content(ctx: AppContext) -> None:
    assert "Nyt indhold" not in texts(ft.Column(drawn(ctx).controls))


def test_the_notice_shows_until_closed_then_never_again(ctx: AppContext) -> None:
    version_7(ctx)
    first = ft.Column(drawn(ctx).controls)
    assert NOTICE in texts(first)
    assert NOTICE in texts(ft.Column(drawn(ctx).controls)), "a redraw before it was closed still shows it"
    close = next(c for c in walk(first) if getattr(c, "content", None) == ctx.t("content.notice_close"))
    run_to_end(close.on_click(None))
    assert content_notice(ctx.store) is None
    assert NOTICE not in texts(ft.Column(drawn(ctx).controls))
    later = app_context(ctx.store, ctx.settings.data_dir)  # the tablet started again
    assert NOTICE not in texts(ft.Column(home(later).controls))


def test_a_sync_bringing_new_content_shows_the_notice_on_the_home_screen_on_show(ctx: AppContext) -> None:
    """The consultant is on the home screen and taps "Synkronisér nu": the notice comes
    when the sync is done, on the screen as it is (found by the browser test
    tests/e2e/test_content_publish.py: it showed only when home was drawn anew)."""
    shown = drawn(ctx)
    assert NOTICE not in texts(ft.Column(shown.controls))
    version_7(ctx)  # what the sync's content phase does
    refresh_badges(ctx)  # what the app does on every sync status
    assert NOTICE in texts(ft.Column(shown.controls))
    refresh_badges(ctx)  # the next status: the notice once, not twice
    assert texts(ft.Column(shown.controls)).count(NOTICE) == 1


def test_a_pack_in_the_other_language_is_not_announced_on_a_tablet_in_english(ctx: AppContext) -> None:
    """Trial: an English tablet said "New content from Team Nord: version 8", a Danish
    pack its new visits do not use (they take the English one)."""
    ctx.set_language("en")
    version_7(ctx)  # Danish
    assert "version 7" not in texts(ft.Column(drawn(ctx).controls))
    ctx.set_language("da")
    assert NOTICE in texts(ft.Column(drawn(ctx).controls))
