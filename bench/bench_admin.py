"""Admin benchmarks against a real server on loopback (SQLite, this machine).

- audit_query_1m_ms: the audit page's filtered query, one person and one month, newest
  200 first, over HTTP (``GET /api/v1/admin/audit``), on an audit log of 1,000,000
  entries (400 people over two years, 8 actions); median of 30. Target < 100 ms
  (issue 11).
- admin_users_1k_ms: ``GET /api/v1/admin/users`` with 1,000 accounts and 3,000 devices;
  median of 20.
- console_people_page_ms: the console's people page (``/console/people``, HTML) for an
  admin signed in, with the same 1,000 accounts and 3,000 devices; median of 20. Target
  < 300 ms (issue 11).
- console_audit_page_ms: the console's audit page filtered to one person and one month on
  the 1,000,000 entries; median of 20.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.accounts import username_key  # noqa: E402
from server.security import hash_password  # noqa: E402
from tests.server_harness import PASSWORD, cli, start_server  # noqa: E402

ENTRIES = 1_000_000
PEOPLE = 400
DAY_MS = 24 * 3600 * 1000
ACTIONS = ("sign_in", "sign_in_failed", "password_change", "device_revoke", "member_add", "user_update", "forbidden")


def emit(metric: str, value: float, unit: str) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 2), "unit": unit}), flush=True)


def fill(database: Path, now_ms: int) -> None:
    """1,000,000 audit entries, 1,000 accounts and 3,000 devices, straight into SQLite."""
    rng = random.Random(7)
    conn = sqlite3.connect(database)
    start = now_ms - 730 * DAY_MS
    rows = (
        (
            start + rng.randrange(730 * DAY_MS),
            f"person{rng.randrange(PEOPLE)}",
            rng.choice(ACTIONS),
            f"device:{uuid.UUID(int=rng.getrandbits(128))}",
            f"10.0.{rng.randrange(256)}.{rng.randrange(256)}",
            "",
        )
        for _ in range(ENTRIES)
    )
    conn.executemany(
        "INSERT INTO audit (at_ms, actor, action, target, address, detail) VALUES (?, ?, ?, ?, ?, ?)", rows
    )
    password = hash_password(PASSWORD)
    team = conn.execute("SELECT id FROM team ORDER BY name LIMIT 1").fetchone()[0]
    for n in range(1000):
        user = str(uuid.uuid4())
        name = f"konsulent{n:04d}"
        conn.execute(
            "INSERT INTO consultant (id, username, username_key, name, password_hash, role, active, "
            "must_change_password) VALUES (?, ?, ?, ?, ?, 'consultant', 1, 0)",
            (user, name, username_key(name), f"Konsulent {n}", password),
        )
        conn.execute("INSERT INTO membership (consultant_id, team_id, leader) VALUES (?, ?, 0)", (user, team))
        for d in range(3):
            conn.execute(
                "INSERT INTO device (id, consultant_id, name, token_hash, created_ms, last_seen_ms) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (str(uuid.uuid4()), user, f"iPad {d}", uuid.uuid4().hex * 2, now_ms - DAY_MS, now_ms),
            )
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        database = tmp / "server.db"
        url = f"sqlite:///{database}"
        now_ms = time.time_ns() // 1_000_000

        def seed(db: str, _team: str) -> None:
            secret = tmp / "admin.txt"
            secret.write_text("blå hylde vindue fyrtårn", encoding="utf-8")
            cli(db, "create-user", "--username", "ida", "--password-file", str(secret), "--role", "admin")
            fill(database, now_ms)

        server = start_server(url, tmp, seed=seed)
        try:
            token = requests.post(
                f"{server.url}/api/v1/login",
                json={"username": "ida", "password": "blå hylde vindue fyrtårn", "device_name": "bench"},
                timeout=60,
            ).json()["token"]
            admin = requests.Session()
            admin.headers["Authorization"] = f"Bearer {token}"
            times = []
            rng = random.Random(3)
            for _ in range(30):
                month_start = now_ms - rng.randrange(700) * DAY_MS
                params: dict[str, str | int] = {
                    "actor": f"person{rng.randrange(PEOPLE)}",
                    "since_ms": month_start,
                    "until_ms": month_start + 30 * DAY_MS,
                    "limit": 200,
                }
                began = time.perf_counter()
                answer = admin.get(f"{server.url}/api/v1/admin/audit", params=params, timeout=60)
                times.append((time.perf_counter() - began) * 1000)
                assert answer.status_code == 200 and answer.json(), answer.text
            emit("audit_query_1m_ms", statistics.median(times), "ms")
            times = []
            for _ in range(20):
                began = time.perf_counter()
                answer = admin.get(f"{server.url}/api/v1/admin/users", timeout=60)
                times.append((time.perf_counter() - began) * 1000)
                assert len(answer.json()) >= 1000
            emit("admin_users_1k_ms", statistics.median(times), "ms")
            browser = requests.Session()
            form = browser.get(f"{server.url}/console/sign-in", timeout=60).text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form)
            assert csrf is not None
            signed = browser.post(
                f"{server.url}/console/sign-in",
                data={"username": "ida", "password": "blå hylde vindue fyrtårn", "csrf": csrf.group(1)},
                timeout=60,
            )
            assert signed.status_code == 200, signed.text
            times = []
            for _ in range(20):
                began = time.perf_counter()
                answer = browser.get(f"{server.url}/console/people", timeout=60)
                times.append((time.perf_counter() - began) * 1000)
                assert answer.status_code == 200 and "konsulent0999" in answer.text
            emit("console_people_page_ms", statistics.median(times), "ms")
            times = []
            for _ in range(20):
                month_start = now_ms - rng.randrange(700) * DAY_MS
                since = time.strftime("%Y-%m-%d", time.gmtime(month_start / 1000))
                until = time.strftime("%Y-%m-%d", time.gmtime(month_start / 1000 + 30 * 86400))
                params = {"actor": f"person{rng.randrange(PEOPLE)}", "since": since, "until": until}
                began = time.perf_counter()
                answer = browser.get(f"{server.url}/console/audit", params=params, timeout=60)
                times.append((time.perf_counter() - began) * 1000)
                assert answer.status_code == 200
            emit("console_audit_page_ms", statistics.median(times), "ms")
        finally:
            server.proc.terminate()
            server.proc.wait(10)


if __name__ == "__main__":
    main()
