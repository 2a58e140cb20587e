"""Content pack benchmark against a real server on loopback (SQLite, this machine).

- content_sync_304_ms: what a sync adds when the team's pack has not changed: the content
  phase of a sync (:meth:`sync.content.ContentSync.run`, as ``SyncClient.sync`` runs it
  after push and pull: one ``If-None-Match`` request per language, each answered 304, and
  one local read), timed on its own ROUNDS times after a warm-up; the median. The tablet's
  team has published a pack of its own, so the tablet holds a stored current version.
  Target < 5 ms.
"""

from __future__ import annotations

import copy
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.db import Store  # noqa: E402
from storage.photos import PhotoStore  # noqa: E402
from sync.client import SyncClient, pair  # noqa: E402
from tests.server_harness import ADMIN_PASSWORD, PASSWORD, office_seed, start_server  # noqa: E402

ROUNDS = 300


def emit(metric: str, value: float, unit: str) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 2), "unit": unit}), flush=True)


def publish_own_pack(url: str, team: str) -> None:
    """The admin publishes a Danish pack of the team's own (one card's text changed)."""
    answer = requests.post(
        f"{url}/api/v1/login",
        json={"username": "ida", "password": ADMIN_PASSWORD, "device_name": "bench"},
        timeout=30,
    )
    answer.raise_for_status()
    admin = requests.Session()
    admin.headers["Authorization"] = f"Bearer {answer.json()['token']}"
    pack = copy.deepcopy(json.loads((ROOT / "assets" / "content" / "pack.da.json").read_text(encoding="utf-8")))
    pack["cards"][0]["text"] = "Hvad fylder mest hos jer lige nu?"
    made = admin.post(
        f"{url}/api/v1/admin/content",
        json={"team": team, "language": "da", "pack": pack, "note": "bench"},
        timeout=30,
    )
    made.raise_for_status()
    admin.post(f"{url}/api/v1/admin/content/{made.json()['version']}/publish", timeout=30).raise_for_status()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        server = start_server(f"sqlite:///{tmp / 'server.db'}", tmp, seed=office_seed(tmp))
        try:
            publish_own_pack(server.url, server.team)
            store = Store(tmp / "tablet" / "t.db")
            pair(store, server_url=server.url, username="ole", password=PASSWORD, device_name="bench")
            client = SyncClient(store, PhotoStore(tmp / "tablet" / "photos"))
            client.sync()  # receives the team's packs
            assert client.content.run(client.transport, pulled=0) == 0
            times = []
            for _ in range(ROUNDS):
                start = time.perf_counter()
                received = client.content.run(client.transport, pulled=0)
                times.append((time.perf_counter() - start) * 1000)
                assert received == 0
            emit("content_sync_304_ms", statistics.median(times), "ms")
            store.close()
        finally:
            server.proc.terminate()
            server.proc.wait(10)


if __name__ == "__main__":
    main()
