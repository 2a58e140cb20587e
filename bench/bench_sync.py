"""Sync benchmarks against a real server on loopback (SQLite, this machine).

- sync_push_per_s / sync_pull_per_s: 12,000 changes pushed by one tablet (in the rounds
  below), then pulled into a second tablet's local database.
- sync_push_200k_history_per_s: the same pushes against a server already holding 200,000
  records (seeded straight into its database before it starts), measured side by side with
  sync_push_per_s: PUSH_ROUNDS (6) rounds, each pushing PUSH_CHANGES (2,000) changes
  (batches of 500 notes, the same shape on both) to one server and then to the other, the
  order alternating (the second push of a round runs measurably slower on a shared disk,
  so each server goes first equally often); each figure is the median of its rounds.
  sync_push_200k_history_ratio is the second median over the first (target >= 0.8).
- sync_empty_ms_1k / sync_empty_ms_100k: a sync with nothing new (push + pull) when the
  server holds 1,000 and 100,000 changes of history (median of 30).
- sync_client_rss_mb: peak memory of a fresh client process pulling 100,000 changes.
- sync_load_p95_ms / sync_load_errors: 50 simulated tablets syncing at once for
  BENCH_LOAD_S seconds (default 60): each pushes a few changes and pulls, again and
  again; p95 of the request times.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.db import Store  # noqa: E402
from storage.photos import PhotoStore  # noqa: E402
from sync.client import SyncClient, pair  # noqa: E402
from tests.server_harness import PASSWORD, start_server  # noqa: E402

LOAD_S = float(os.environ.get("BENCH_LOAD_S", "60"))


def emit(metric: str, value: float, unit: str) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 2), "unit": unit}), flush=True)


def tablet(folder: Path, url: str, user: str = "ole") -> tuple[Store, SyncClient]:
    store = Store(folder / "t.db")
    pair(store, server_url=url, username=user, password=PASSWORD, device_name=folder.name)
    return store, SyncClient(store, PhotoStore(folder / "photos"))


def make_changes(store: Store, count: int) -> None:
    visit = str(uuid.uuid4())
    with store.write() as s:
        for n in range(count):
            store.save_in(
                s,
                "note",
                str(uuid.uuid4()),
                {"visit_id": visit, "field": "general", "text": f"Note {n}: travlt på lageret", "author": "Ole"},
            )


HISTORY = 200_000


def seed_history(database: str, team: str) -> None:
    """HISTORY notes of ``team`` (records and their changes), written straight into the
    server's SQLite file: seconds, where pushing them over HTTP would take a minute."""
    path = database.removeprefix("sqlite:///")
    stamp_ms = int(time.time() * 1000) - 86_400_000
    visit = str(uuid.uuid4())
    ids = [str(uuid.uuid4()) for _ in range(HISTORY)]
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            'INSERT INTO record (entity, id, team, "values", stamps, created_seq) VALUES (?, ?, ?, ?, ?, ?)',
            (
                (
                    "note",
                    record,
                    team,
                    json.dumps({"visit_id": visit, "text": f"Note {n}", "author": "Ole"}),
                    json.dumps(dict.fromkeys(("visit_id", "text", "author"), f"{stamp_ms + n:013d}-0000-seed")),
                    n + 1,
                )
                for n, record in enumerate(ids)
            ),
        )
        conn.executemany(
            "INSERT INTO change (seq, op, entity, record_id, team, hlc, fields, base, device_id, received_ms) "
            "VALUES (?, ?, 'note', ?, ?, ?, ?, '{}', 'seed', ?)",
            (
                (
                    n + 1,
                    str(uuid.uuid4()),
                    record,
                    team,
                    f"{stamp_ms + n:013d}-0000-seed",
                    json.dumps({"visit_id": visit, "text": f"Note {n}", "author": "Ole"}),
                    stamp_ms,
                )
                for n, record in enumerate(ids)
            ),
        )
        conn.execute("UPDATE counter SET value = ? WHERE name = 'change'", (HISTORY,))
    conn.close()


PUSH_ROUNDS = int(os.environ.get("BENCH_PUSH_ROUNDS", "6"))
PUSH_CHANGES = 2_000


def pushed_per_s(store: Store, client: SyncClient, count: int) -> float:
    """Changes per second of pushing ``count`` new notes (made beforehand, not timed)."""
    make_changes(store, count)
    os.sync()  # what the last round and make_changes wrote reaches the disk before timing
    start = time.perf_counter()
    sent = client.push()
    elapsed = time.perf_counter() - start
    assert sent == count, (sent, count)
    return sent / elapsed


def push_side_by_side(tmp: Path, plain: tuple[Store, SyncClient]) -> tuple[float, float]:
    """Median changes/s of PUSH_ROUNDS pushes of PUSH_CHANGES to the server of ``plain``
    (1,000 records) and to one holding HISTORY records, interleaved, order alternating, so
    both figures see the same machine load. The history server is warmed up as the plain
    one was: its tablet pushes 1,000 changes first."""
    server = start_server(f"sqlite:///{tmp / 'history.db'}", tmp, seed=seed_history)
    try:
        history = tablet(tmp / "h", server.url, "ole")
        make_changes(history[0], 1_000)
        history[1].push()
        rates: dict[str, list[float]] = {"plain": [], "history": []}
        for round_ in range(PUSH_ROUNDS):
            order = ("plain", "history") if round_ % 2 == 0 else ("history", "plain")
            for name in order:
                store, client = plain if name == "plain" else history
                rates[name].append(pushed_per_s(store, client, PUSH_CHANGES))
        return statistics.median(rates["plain"]), statistics.median(rates["history"])
    finally:
        server.proc.terminate()
        server.proc.wait(10)


def empty_sync_ms(client: SyncClient) -> float:
    client.sync()
    times = []
    for _ in range(30):
        start = time.perf_counter()
        client.sync()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


RSS_SCRIPT = """
import resource, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from storage.db import Store
from storage.photos import PhotoStore
from sync.client import SyncClient, pair
folder = Path(sys.argv[2])
store = Store(folder / "t.db")
pair(store, server_url=sys.argv[3], username="mette", password=sys.argv[4], device_name="rss")
received = SyncClient(store, PhotoStore(folder / "photos")).pull()
print(received, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def load(url: str, tokens: list[str], team: str, seconds: float) -> tuple[float, int, int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def tablet_loop(token: str) -> None:
        nonlocal errors
        s = requests.Session()
        s.headers["Authorization"] = f"Bearer {token}"
        cursor = 0
        while time.monotonic() < stop:
            now = time.time_ns() // 1_000_000
            changes = [
                {
                    "op": str(uuid.uuid4()),
                    "entity": "note",
                    "id": str(uuid.uuid4()),
                    "team": team,
                    "hlc": f"{now:013d}-{n:04x}-load",
                    "fields": {"text": "kort note", "visit_id": "v", "author": "x"},
                    "base": {},
                }
                for n in range(3)
            ]
            for method, path, kwargs in (
                ("POST", "/api/v1/sync/push", {"json": {"changes": changes}}),
                ("GET", "/api/v1/sync/pull", {"params": {"since": cursor, "limit": 500}}),
            ):
                start = time.perf_counter()
                try:
                    answer = s.request(method, url + path, timeout=30, **kwargs)
                    ok = answer.status_code == 200
                    if ok and method == "GET":
                        cursor = answer.json()["cursor"]
                except requests.RequestException:
                    ok = False
                with lock:
                    latencies.append((time.perf_counter() - start) * 1000)
                    errors += 0 if ok else 1
            time.sleep(1.0)  # a tablet syncs now and then, not in a tight loop

    threads = [threading.Thread(target=tablet_loop, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return latencies[int(0.95 * (len(latencies) - 1))], errors, len(latencies)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        server = start_server(f"sqlite:///{tmp / 'server.db'}", tmp)
        try:
            a_store, a = tablet(tmp / "a", server.url, "ole")
            make_changes(a_store, 1_000)
            a.push()
            _b_store, b = tablet(tmp / "b", server.url, "mette")
            emit("sync_empty_ms_1k", empty_sync_ms(b), "ms")

            plain_per_s, history_per_s = push_side_by_side(tmp, (a_store, a))
            emit("sync_push_per_s", plain_per_s, "changes/s")
            emit("sync_push_200k_history_per_s", history_per_s, "changes/s")
            emit("sync_push_200k_history_ratio", history_per_s / plain_per_s, "ratio")
            start = time.perf_counter()
            received = b.pull()
            emit("sync_pull_per_s", received / (time.perf_counter() - start), "changes/s")

            for _ in range(9):
                make_changes(a_store, 10_000)
                a.push()
            b.pull()
            emit("sync_empty_ms_100k", empty_sync_ms(b), "ms")

            done = subprocess.run(
                [sys.executable, "-c", RSS_SCRIPT, str(ROOT), str(tmp / "rss"), server.url, PASSWORD],
                capture_output=True,
                text=True,
                check=True,
            )
            count, rss = done.stdout.split()
            assert int(count) >= 100_000, count
            emit("sync_client_rss_mb", float(rss), "MB")

        finally:
            server.proc.terminate()
            server.proc.wait(10)
        # The load test on a server of its own, whose tablets are up to date when it starts
        # (as tablets in the field are), not on the 100,000 changes pushed above.
        server = start_server(f"sqlite:///{tmp / 'load.db'}", tmp)
        try:
            tokens = [str(server.login("ole", device=f"load-{n}")["token"]) for n in range(50)]
            p95, errors, requests_made = load(server.url, tokens, server.team, LOAD_S)
            emit("sync_load_p95_ms", p95, "ms")
            emit("sync_load_errors", errors, "requests")
            emit("sync_load_requests", requests_made, "requests")
        finally:
            server.proc.terminate()
            server.proc.wait(10)


if __name__ == "__main__":
    main()
