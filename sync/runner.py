"""Background sync: a thread that syncs whenever the server can be reached, never on the
UI's time. It wakes on a timer, soon after a local save, and on "sync now"; after a
failure it waits longer each time (5 s, 10 s, ... up to 2 minutes) and tries again by
itself. Listeners get a :class:`SyncStatus` after every step, for the badge.

The thread never dies of a fault: an exception that is not a :class:`SyncError` (a bug, a
full disk, a locked database) is logged with its traceback, told on the badge as
``unexpected`` and retried with the same back-off as any other failure."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from storage.db import Store
from sync import outbox
from sync.client import SyncClient, pairing
from sync.errors import CertificateError, NotPaired, Offline, Redirected, ServerRefused, SyncError, Unauthorized

log = logging.getLogger(__name__)

IDLE_S = 15.0
AFTER_SAVE_S = 2.0
BACKOFF = (5.0, 10.0, 20.0, 40.0, 80.0, 120.0)


@dataclass(frozen=True)
class SyncStatus:
    state: str = "unpaired"  # unpaired | offline | syncing | synced | error
    waiting: int = 0
    last_synced: datetime | None = None
    phase: str = ""  # push | pull while syncing
    done: int = 0
    error: str = ""  # a code: unauthorized, refused, certificate, redirected, error, unexpected
    detail: str = ""
    attempted: datetime | None = None  # when the last attempt ended
    result: str = ""  # how it ended: "" (none yet), ok, or one of :data:`RESULTS`

    @property
    def failed(self) -> bool:
        """The last attempt did not get through (kept while the next one runs)."""
        return self.result not in ("", "ok")


RESULTS = ("offline", "unauthorized", "refused", "certificate", "redirected", "error", "unexpected")
"""How a failed attempt ended: no answer; the login refused; the server refused (4xx/5xx);
the server's TLS certificate not trusted; the server pointed elsewhere (a redirect, not
followed); another sync error; an exception that is no sync error at all (a bug)."""

Listener = Callable[[SyncStatus], None]


class SyncRunner:
    def __init__(self, store: Store, client: SyncClient, *, idle_s: float = IDLE_S) -> None:
        self.store = store
        self.client = client
        self.idle_s = idle_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._listeners: list[Listener] = []
        self._failures = 0
        self._soon = 0.0
        self.news = 0  # changes from other devices brought in since start: screens compare it
        self.status = SyncStatus(state="unpaired" if pairing(store) is None else "offline", waiting=self._waiting())
        self._thread = threading.Thread(target=self._loop, name="sync", daemon=True)

    def start(self) -> SyncRunner:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def listen(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unlisten(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def sync_now(self) -> None:
        self._failures = 0
        self._wake.set()

    def logged_in(self) -> None:
        """The consultant logged in again: the old login's refusal no longer stands; sync now."""
        self._set(replace(self.status, result="", error="", detail=""))
        self.sync_now()

    def saved(self) -> None:
        """A local save happened: update the count now and sync in a moment."""
        self._set(replace(self.status, waiting=self._waiting()))
        self._soon = time.monotonic() + AFTER_SAVE_S
        self._wake.set()

    def _waiting(self) -> int:
        return outbox.waiting(self.store)

    def _set(self, status: SyncStatus) -> None:
        self.status = status
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:  # a closed page must not stop syncing
                self.unlisten(listener)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception as error:  # run_once reports its own faults; this is the last line
                log.exception("the sync loop caught a fault outside a sync step")
                self._failures += 1
                detail = f"{type(error).__name__}: {error}"
                self._set(replace(self.status, state="error", result="unexpected", error="unexpected", detail=detail))
            delay = self.idle_s if self._failures == 0 else BACKOFF[min(self._failures, len(BACKOFF)) - 1]
            self._wake.wait(delay)
            self._wake.clear()
            pause = self._soon - time.monotonic()
            if pause > 0 and self._failures == 0:
                self._stop.wait(pause)

    def run_once(self) -> SyncStatus:
        """One attempt: push, then pull. Returns the status it ended with (also told to the
        listeners); raises nothing a sync step raises."""
        paired = pairing(self.store)
        if paired is None:
            self._set(SyncStatus(state="unpaired", waiting=self._waiting()))
            return self.status
        self._set(replace(self.status, state="syncing", phase="push", done=0, error="", detail=""))

        def progress(phase: str, done: int) -> None:
            self._set(replace(self.status, phase=phase, done=done))

        try:
            _sent, received = self.client.sync(progress)
            self.news += received
        except CertificateError:
            self._failed(state="error", result="certificate", detail=paired.server_url)
        except Offline:
            self._failed(state="offline", result="offline")
        except Redirected as error:
            self._failed(state="error", result="redirected", detail=error.location)
        except (Unauthorized, NotPaired) as error:
            self._failed(state="error", result="unauthorized", detail=str(error))
        except ServerRefused as error:
            self._failed(state="error", result="refused", detail=error.detail)
        except SyncError as error:
            self._failed(state="error", result="error", detail=str(error))
        except Exception as error:  # a fault of our own must not end syncing for good
            log.exception("unexpected fault in a sync step; trying again after the back-off")
            self._failed(state="error", result="unexpected", detail=f"{type(error).__name__}: {error}")
        else:
            self._failures = 0
            now = datetime.now()
            self._set(SyncStatus(state="synced", waiting=self._waiting(), last_synced=now, attempted=now, result="ok"))
        return self.status

    def _failed(self, *, state: str, result: str, detail: str = "") -> None:
        self._failures += 1
        error = "" if state == "offline" else result
        self._set(
            replace(
                self.status,
                state=state,
                error=error,
                detail=detail,
                phase="",
                waiting=self._waiting(),
                attempted=datetime.now(),
                result=result,
            )
        )
