"""Guarantees 1 and 2 when the app dies: the sync runs in a separate process that is
killed with SIGKILL at some point while it pushes or pulls (the server already holds a
few thousand changes, so a new tablet's pull takes several batches), then the app starts
again and syncs. Nothing is lost and nothing is stored twice: the outbox empties, the
server has each of the tablet's changes exactly once, and the tablet ends with the same
data as another tablet that synced normally."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from storage import visit_records
from storage.db import Store
from storage.models import RejectedChange
from storage.photos import PhotoStore
from sync import outbox
from sync.client import SyncClient
from tests.server_harness import Server
from tests.sync.support import LogCursor, Logins, Tablet, make_tablet, outbox_ops, server_log, snapshot

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED = 1500  # changes already on the server: a new tablet's pull takes four batches or more
PREPARED = 700  # changes waiting on the tablet when the app starts: two push batches

# The app's sync in its own process, saying after each step how far it got.
CHILD = """
import sys
from pathlib import Path

from storage import visit_records
from storage.db import Store
from storage.photos import PhotoStore
from sync.client import SyncClient

path, mode = Path(sys.argv[1]), sys.argv[2]
store = Store(path)
client = SyncClient(store, PhotoStore(path.parent / "photos"))


def progress(phase, done):
    print(phase, done, flush=True)


if mode == "sync":
    print("start", flush=True)
    client.sync(progress)
else:  # a consultant writing notes, the app syncing after each one
    visit = sys.argv[3]
    for i in range(100_000):
        visit_records.add_note(store, visit_id=visit, field="general", text=f"note {i}", author="Ole")
        print("saved", i, flush=True)
        client.sync(progress)
print("done", flush=True)
"""


class Team:
    """The server with its history, a tablet that syncs normally to compare with, and the
    logins the killed tablets pair with."""

    def __init__(self, server: Server, folder: Path) -> None:
        self.server = server
        self.folder = folder
        self.logins = Logins(server, 3)
        self.log = LogCursor(server, str(self.logins.answers[0]["token"]))
        seeder = make_tablet(folder / "seeder", server, self.logins.next())
        with seeder.store.write() as s:
            for i in range(SEED):
                seeder.store.save_in(
                    s,
                    "note",
                    str(uuid.uuid4()),
                    {"visit_id": str(uuid.uuid4()), "field": "general", "text": f"Seed {i}", "author": "Eva"},
                )
        seeder.client.sync()
        seeder.close()
        self.observer = make_tablet(folder / "observer", server, self.logins.next())
        self.runs = 0

    def tablet(self) -> tuple[Tablet, Path]:
        self.runs += 1
        folder = self.folder / f"run{self.runs}"
        return make_tablet(folder, self.server, self.logins.next()), folder / "t.db"


@pytest.fixture(scope="module")
def team(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    made = Team(server, tmp_path_factory.mktemp("kill"))
    yield made
    made.observer.close()


def run_and_kill(args: list[str], trigger: str, delay: float) -> list[str]:
    """Start the app's sync; SIGKILL it ``delay`` seconds after it prints ``trigger``.
    Returns what it printed."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(120, child.kill)
    watchdog.start()
    lines: list[str] = []
    try:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line.strip())
            if lines[-1] == trigger:
                time.sleep(delay)
                child.send_signal(signal.SIGKILL)
                break
    finally:
        watchdog.cancel()
        rest, err = child.communicate()
    lines += [line.strip() for line in rest.splitlines()]  # printed before the kill landed
    assert child.returncode == -signal.SIGKILL, (lines[-3:], err)
    assert "done" not in lines, "the sync ended before the kill: nothing was interrupted"
    return lines


def restart(path: Path) -> Store:
    """The app starts again on the same files and syncs until it is done."""
    store = Store(path)
    with store.read() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    SyncClient(store, PhotoStore(path.parent / "photos")).sync()
    return store


def check_after_restart(team: Team, store: Store, start: int, ops: set[str] | None = None) -> list[dict[str, Any]]:
    """The outbox is empty, nothing was refused, the server has each change of the run
    exactly once, and the tablet's data is what a normally synced tablet has."""
    assert outbox.waiting(store) == 0
    with store.read() as s:
        assert s.scalars(select(RejectedChange)).all() == []
    log, _ = server_log(team.server, str(team.logins.answers[0]["token"]), start)
    counted = Counter(str(c["op"]) for c in log)
    assert [op for op, n in counted.items() if n > 1] == []
    if ops is not None:
        assert set(counted) == ops
    per_record = Counter(str(c["id"]) for c in log)
    assert [r for r, n in per_record.items() if n > 1] == [], "a record got the same change twice"
    team.observer.client.sync()
    assert snapshot(store) == snapshot(team.observer.store)
    return log


# (the line after which the kill comes, and a delay drawn up to this many seconds)
KILL_POINTS = {
    "early in the first push batch": ("start", 0.0),
    "somewhere in the push": ("start", 0.25),
    "in the second push batch": ("push 500", 0.03),
    "as the pull starts": (f"push {PREPARED}", 0.03),
    "in the pull": ("pull 500", 0.1),
    "late in the pull": ("pull 1500", 0.1),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_sync_killed_anywhere_loses_nothing_and_stores_nothing_twice(team: Team, point: str) -> None:
    trigger, most = KILL_POINTS[point]
    start = team.log.advance()
    tablet, path = team.tablet()
    visit = str(uuid.uuid4())
    for first in range(0, PREPARED, 100):  # saved on the tablet before the app syncs
        with tablet.store.write() as s:
            for i in range(first, first + 100):
                tablet.store.save_in(
                    s,
                    "note",
                    str(uuid.uuid4()),
                    {"visit_id": visit, "field": "general", "text": f"Note {i}", "author": "Ole"},
                )
    made = outbox_ops(tablet.store)
    assert len(made) == PREPARED
    tablet.close()

    delay = random.Random(point).uniform(0, most)
    run_and_kill([str(path), "sync"], trigger, delay)

    store = restart(path)
    try:
        check_after_restart(team, store, start, made)
        assert len(visit_records.notes(store, visit_id=visit)) == PREPARED
    finally:
        store.close()


@pytest.mark.parametrize("saved", [2, 15])
def test_an_app_killed_while_writing_and_syncing_loses_nothing_and_stores_nothing_twice(team: Team, saved: int) -> None:
    start = team.log.advance()
    tablet, path = team.tablet()
    tablet.close()
    visit = str(uuid.uuid4())
    lines = run_and_kill([str(path), "write", visit], f"saved {saved}", random.Random(saved).uniform(0, 0.3))
    last = max(int(line.split()[1]) for line in lines if line.startswith("saved"))

    store = restart(path)
    try:
        log = check_after_restart(team, store, start)
        numbers = sorted(int(str(c["fields"]["text"]).split()[1]) for c in log if c["entity"] == "note")
        # Every note reported saved is on the server once; at most the one under way more.
        assert numbers in (list(range(last + 1)), list(range(last + 2)))
        assert len(visit_records.notes(store, visit_id=visit)) == len(numbers)
    finally:
        store.close()
