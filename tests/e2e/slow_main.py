"""The real app, on a machine that is busy: every event from the browser waits before it
is handled, the way a loaded tablet or a CPU hog beside the app makes it wait.

``FELTMAPPE_TEST_EVENT_DELAY_MS`` (default 150) blocks the app's one event loop for that
long before each event, so what the browser sends next queues up behind it, as it does
on a slow machine. Used by the browser tests of fast typing (tests/e2e/test_fast_typing.py).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flet.messaging.session import Session

import main

DELAY_S = int(os.environ.get("FELTMAPPE_TEST_EVENT_DELAY_MS", "150")) / 1000
_dispatch = Session.dispatch_event


async def slow_dispatch(self: Session, control_id: int, event_name: str, event_data: Any) -> None:
    time.sleep(DELAY_S)  # blocking on purpose: the whole app is slow, not one handler
    await _dispatch(self, control_id, event_name, event_data)


Session.dispatch_event = slow_dispatch  # type: ignore[method-assign]

if __name__ == "__main__":
    main.run()
