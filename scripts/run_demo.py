"""`make run`: a local demo sync server beside the app, the app already paired with it.

Starts `python -m server serve` on SQLite (./server-data/demo.db, port 8765), creates the
demo team and account if they are missing, pairs the app's local database with it (once),
prints the credentials, then serves the app as `python main.py` does.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.__main__ import CliError, create_team, create_user  # noqa: E402
from settings import Settings  # noqa: E402
from storage.db import Store  # noqa: E402
from sync.client import pair, pairing  # noqa: E402

DATABASE = f"sqlite:///{ROOT / 'server-data' / 'demo.db'}"
PORT = int(os.environ.get("FELTMAPPE_DEMO_PORT", "8765"))
URL = f"http://127.0.0.1:{PORT}"
TEAM, USER, PASSWORD = "Demo-team", "demo", "demo kaffekop tirsdag"


def ensure_account() -> None:
    with contextlib.suppress(CliError):  # made on an earlier run
        create_team(DATABASE, TEAM)
    secret = ROOT / "server-data" / "demo-password.txt"
    secret.write_text(PASSWORD, encoding="utf-8")
    with contextlib.suppress(CliError):
        create_user(DATABASE, USER, secret, [TEAM], name="Demo Konsulent")


def main() -> None:
    (ROOT / "server-data").mkdir(exist_ok=True)
    ensure_account()
    server = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--database", DATABASE, "--port", str(PORT)], cwd=ROOT
    )
    try:
        for _ in range(100):
            try:
                if requests.get(f"{URL}/healthz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        settings = Settings()
        store = Store(settings.database_path)
        if pairing(store) is None:
            pair(store, server_url=URL, username=USER, password=PASSWORD, device_name="Demo-tablet")
        store.close()
        print(f"Demo sync server: {URL}  (user {USER!r}, password {PASSWORD!r}, team {TEAM!r})", flush=True)
        os.environ.setdefault("FELTMAPPE_SERVER_URL", URL)
        from main import run

        run()
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
