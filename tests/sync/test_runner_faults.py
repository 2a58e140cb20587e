"""The background sync thread survives its own faults: an exception nobody expected is
logged, told on the badge and its sheet in plain words, and the next attempt goes ahead."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import pytest

from domain.company import CompanyDraft
from domain.waiting import summarise
from storage import repo
from storage.db import Store
from storage.photos import PhotoStore
from sync import outbox
from sync.client import Progress, SyncClient, pair
from sync.runner import SyncRunner
from tests.e2e.conftest import eventually
from tests.server_harness import PASSWORD, Server
from views.i18n import Translator
from views.sync_words import attempt_result, badge_state


class StumblesOnce(SyncClient):
    """The real client, whose first sync step raises what no one planned for."""

    def __init__(self, store: Store, photos: PhotoStore) -> None:
        super().__init__(store, photos)
        self.stumbles = 1

    def sync(self, progress: Progress | None = None) -> tuple[int, int]:
        if self.stumbles:
            self.stumbles -= 1
            raise RuntimeError("dict changed size during iteration")
        return super().sync(progress)


@pytest.fixture
def tablet(server: Server, tmp_path: Path) -> Store:
    store = Store(tmp_path / "t.db")
    pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="t")
    repo.save_company(store, draft=CompanyDraft(name="Venter ApS"))
    return store


def test_an_unexpected_exception_is_reported_and_the_next_attempt_syncs(
    tablet: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    runner = SyncRunner(tablet, StumblesOnce(tablet, PhotoStore(tmp_path / "photos")))

    with caplog.at_level(logging.ERROR, logger="sync.runner"):
        failed = runner.run_once()
    assert (failed.state, failed.result, failed.failed) == ("error", "unexpected", True)
    assert "RuntimeError: dict changed size during iteration" in failed.detail
    assert "dict changed size during iteration" in caplog.text and "Traceback" in caplog.text

    now = datetime.now()
    for t, words in ((Translator("da"), "Der skete en uventet fejl"), (Translator("en"), "Something unexpected")):
        assert attempt_result(t, failed, now=now).startswith(words)
        badge = badge_state(t, failed, summarise(outbox.waiting_changes(tablet)), conflicts=0, now=now)
        assert (badge.icon, badge.tone) == ("error", "attention")
    assert outbox.waiting(tablet) == 1  # nothing lost

    done = runner.run_once()
    assert (done.state, done.result) == ("synced", "ok") and outbox.waiting(tablet) == 0


def test_the_sync_thread_lives_on_after_an_unexpected_exception(tablet: Store, tmp_path: Path) -> None:
    runner = SyncRunner(tablet, StumblesOnce(tablet, PhotoStore(tmp_path / "photos"))).start()
    try:
        eventually(lambda: runner.status.result == "unexpected", timeout=20)
        runner.sync_now()  # or wait for the back-off; the thread must still be there to hear it
        eventually(lambda: runner.status.result == "ok", timeout=20)
        assert runner._thread.is_alive()
        assert outbox.waiting(tablet) == 0
    finally:
        runner.stop()
