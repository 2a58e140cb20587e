"""Helpers shared by the sync robustness tests (convergence, faults, kills): tablets paired
to the real server cheaply, a snapshot of every synced table to compare tablets by, and a
reader of the server's change log.

A login costs an argon2 verification on the server (about half a second), so a test logs
in a few times up front and pairs each fresh tablet with one of those answers through the
real :func:`sync.client.pair` (only the login request itself is replayed). Every tablet
still has its own local database, device id and clock.
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select

from storage.db import Store, make_engine, migrate
from storage.models import ENTITIES, OutboxEntry
from storage.photos import PhotoStore
from sync.client import SyncClient, pair
from sync.transport import Fetched, HttpTransport, Transport
from tests.server_harness import PASSWORD, Server


class ReplayLogin:
    """A transport that answers the one login request of :func:`pair` with a login answer
    obtained earlier from the real server."""

    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        assert (method, path) == ("POST", "/api/v1/login")
        return self.answer

    def raw(self, method: str, path: str, *, data: bytes | None = None) -> bytes:
        raise AssertionError("only the login is replayed")

    def get_unless(self, path: str, *, etag: str, params: dict[str, Any] | None = None) -> Fetched | None:
        raise AssertionError("only the login is replayed")


class Logins:
    """Real logins made once, handed out round-robin to the tablets of a test."""

    def __init__(self, server: Server, count: int, username: str = "ole") -> None:
        self.answers = [server.login(username, device=f"{username}-tablet-{i}") for i in range(count)]
        for answer in self.answers:
            # Each device's first pull, from 0, as a new tablet makes it: the server then
            # counts its teams as met, and a later tablet on this login that starts further
            # on in the log (to skip earlier examples) is not handed every team's records
            # again as to a consultant just added to a team (guarantee 11).
            requests.get(
                f"{server.url}/api/v1/sync/pull",
                params={"since": 0, "limit": 1},
                headers={"Authorization": f"Bearer {answer['token']}"},
                timeout=30,
            ).raise_for_status()
        self._next = itertools.cycle(self.answers)

    def next(self) -> dict[str, Any]:
        return next(self._next)


_template: list[Path] = []


def empty_database() -> Path:
    """A migrated, never opened local database to copy: the migrations run once per test
    process instead of once per tablet. It holds no rows, so each copy still gets its own
    device id and clock when :class:`Store` first opens it."""
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="feltmappe-template-"))
        atexit.register(shutil.rmtree, folder, True)
        engine = make_engine(folder / "t.db")
        migrate(engine)
        engine.dispose()
        _template.append(folder / "t.db")
    return _template[0]


@dataclass
class Tablet:
    store: Store
    photos: PhotoStore
    client: SyncClient
    token: str

    def close(self) -> None:
        self.store.close()


def make_tablet(
    folder: Path, server: Server, login: dict[str, Any], *, url: str | None = None, transport: Transport | None = None
) -> Tablet:
    """A fresh tablet in ``folder``, paired to the server's team with ``login``; it talks to
    ``url`` (the server itself unless a proxy is named) or through ``transport``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(empty_database(), folder / "t.db")
    store = Store(folder / "t.db")
    photos = PhotoStore(folder / "photos")
    pair(
        store,
        server_url=server.url,
        username="ole",
        password=PASSWORD,
        device_name=folder.name,
        transport=ReplayLogin(login),
    )
    token = str(login["token"])
    link = transport or HttpTransport(url or server.url, token)
    return Tablet(store=store, photos=photos, client=SyncClient(store, photos, link), token=token)


def snapshot(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of every synced table, every column (stamps and ``deleted`` included)."""
    out: dict[str, list[dict[str, Any]]] = {}
    with store.read() as s:
        for name, model in ENTITIES.items():
            columns = [c.key for c in model.__table__.columns]
            rows = s.scalars(select(model).order_by(model.id)).all()
            out[name] = [{c: getattr(row, c) for c in columns} for row in rows]
    return out


def outbox_ops(store: Store) -> set[str]:
    with store.read() as s:
        return set(s.scalars(select(OutboxEntry.op)))


def server_log(server: Server, token: str, since: int = 0) -> tuple[list[dict[str, Any]], int]:
    """The server's change log of the caller's teams after ``since``, read over HTTP."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    out: list[dict[str, Any]] = []
    while True:
        answer = session.get(f"{server.url}/api/v1/sync/pull", params={"since": since, "limit": 500}, timeout=30)
        answer.raise_for_status()
        body = answer.json()
        out += body["changes"]
        since = int(body["cursor"])
        if not body["more"]:
            return out, since


class LogCursor:
    """Where the server's change log ends now, found by reading only what is new since the
    last look. Tablets made for one example start there (their ``pull_cursor``), so they do
    not pull the history of every earlier example."""

    def __init__(self, server: Server, token: str) -> None:
        self.server, self.token, self.since = server, token, 0

    def advance(self) -> int:
        self.since = server_log(self.server, self.token, self.since)[1]
        return self.since
