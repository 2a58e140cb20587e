"""Start-up benchmark: from `python main.py` to the first screen drawn in Chromium.

Each run starts a fresh app process on an empty data folder and a fresh browser context
(no cache), waits for the server to answer, loads the page and stops the clock when the
visits list's "Nyt besøg" button is on screen. Prints ``startup_first_screen_s`` (median
of the runs) and ``startup_first_screen_max_s`` as JSON lines.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from tests.e2e.conftest import CHROMIUM, FLAGS, PORTRAIT, AppProcess, free_port

RUNS = 5


def one_run(browser: object) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        app = AppProcess(Path(tmp) / "data", free_port())
        started = time.perf_counter()
        app.start()  # returns once the web server answers
        context = browser.new_context(viewport=PORTRAIT)  # type: ignore[attr-defined]
        page = context.new_page()
        try:
            page.goto(app.url)
            page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
            page.locator("flt-semantics-placeholder").dispatch_event("click")
            page.get_by_role("button", name="Nyt besøg").wait_for(timeout=60_000)
            return time.perf_counter() - started
        finally:
            context.close()
            app.stop()


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        one_run(browser)  # warm the disk cache once, as a tablet that has run before
        times = [one_run(browser) for _ in range(RUNS)]
        browser.close()
    print(json.dumps({"metric": "startup_first_screen_s", "value": round(statistics.median(times), 2), "unit": "s"}))
    print(json.dumps({"metric": "startup_first_screen_max_s", "value": round(max(times), 2), "unit": "s"}))


if __name__ == "__main__":
    main()
