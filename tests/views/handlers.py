"""Running a screen's handler to its end in a unit test, as the page's event loop would."""

from __future__ import annotations

import asyncio
import inspect
import threading
from typing import Any

NEEDS_A_PAGE = "must be added to the page first"  # Flet: focusing a field drawn on no page


def run_to_end(result: Any) -> None:
    """Await ``result`` (what a handler returned) when it is awaitable. It runs in a thread
    of its own, with a fresh event loop and no context left by earlier tests (a loop or a
    Flet page another test left in this thread made ``asyncio.run`` refuse, and the test
    used to swallow that refusal with the focus error). Only Flet's "must be added to the
    page first" (focusing the next field needs a browser) ends the handler quietly; any
    other error is raised here.

    Raises: whatever the handler raised, except that one; TimeoutError after 60 s.
    """
    if not inspect.isawaitable(result):
        return
    failed: list[BaseException] = []

    async def whole() -> None:
        await result

    def run() -> None:
        try:
            asyncio.run(whole())
        except RuntimeError as error:
            if NEEDS_A_PAGE not in str(error):
                failed.append(error)
        except BaseException as error:  # handed to the test's own thread
            failed.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():
        raise TimeoutError("the handler did not finish within 60 s")
    if failed:
        raise failed[0]
