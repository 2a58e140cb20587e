"""Guarantees 1 and 2 over a bad network: two tablets sync through a fault-injecting TCP
proxy in front of the real server, which in turn delays every chunk, cuts answers off
half-way (after the server has done the work), cuts requests off half-way, swallows
requests or answers so that the client's read timeout must fire, and closes its port.
The tablets keep editing and keep trying; once the network is good again they converge,
the server holds every change they made exactly once, and nothing came back twice."""

from __future__ import annotations

import contextlib
import io
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image

import sync.transport
from domain.company import CompanyDraft
from domain.tasks import TaskDraft
from storage import repo, visit_records
from sync import outbox
from sync.errors import SyncError
from sync.transport import HttpTransport
from tests.server_harness import Server
from tests.sync.support import LogCursor, Logins, Tablet, make_tablet, outbox_ops, server_log, snapshot

# A fault applies to the chunks that pass while it is switched on.
PASS = "pass"
LATENCY = "latency"  # every chunk waits 50-200 ms, both ways
CUT_ANSWER = "cut_answer"  # part of the server's answer, then a reset: the server did the work
CUT_REQUEST = "cut_request"  # part of the request reaches the server, then a reset
BLACK_HOLE = "black_hole"  # requests vanish: no answer ever, the read timeout must fire
LOST_ANSWER = "lost_answer"  # the server does the work, its answer vanishes: timeout again
REFUSED = "refused"  # the port is closed


class FaultyProxy:
    """A TCP proxy on 127.0.0.1 in front of the server, with a switchable fault."""

    def __init__(self, upstream_port: int, seed: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.mode = PASS
        self.rng = random.Random(seed)
        self.port = 0
        self._lock = threading.Lock()
        self._live: set[socket.socket] = set()
        self._listening: threading.Event | None = None
        self._acceptor: threading.Thread | None = None
        self._listen()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set(self, mode: str) -> None:
        """Switch the fault; connections open until now are dropped, as when a network
        changes under a tablet."""
        if mode == REFUSED and self.mode != REFUSED:
            self._stop_listening()
        elif mode != REFUSED and self.mode == REFUSED:
            self._listen()
        self.mode = mode
        self.drop_all()

    def close(self) -> None:
        self._stop_listening()
        self.drop_all()

    def drop_all(self) -> None:
        with self._lock:
            live, self._live = list(self._live), set()
        for s in live:
            _close(s)

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))  # the same port again after a "refused" spell
        listener.listen(32)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listening = threading.Event()
        self._listening.set()
        self._acceptor = threading.Thread(target=self._accept, args=(listener, self._listening), daemon=True)
        self._acceptor.start()

    def _stop_listening(self) -> None:
        if self._listening is not None and self._acceptor is not None:
            self._listening.clear()
            self._acceptor.join()  # it notices within 50 ms and closes the port
            self._listening = self._acceptor = None

    def _accept(self, listener: socket.socket, listening: threading.Event) -> None:
        with listener:
            while listening.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                client.settimeout(None)
                threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            _close(client)
            return
        upstream.settimeout(None)
        with self._lock:
            self._live |= {client, upstream}
        threading.Thread(target=self._pipe, args=(client, upstream, client, True), daemon=True).start()
        self._pipe(upstream, client, client, False)

    def _pipe(self, src: socket.socket, dst: socket.socket, client: socket.socket, up: bool) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                mode = self.mode
                if mode == LATENCY:
                    time.sleep(self.rng.uniform(0.05, 0.2))
                elif (mode == BLACK_HOLE and up) or (mode == LOST_ANSWER and not up):
                    continue
                elif ((mode == CUT_REQUEST and up) or (mode == CUT_ANSWER and not up)) and self.rng.random() < 0.5:
                    dst.sendall(data[: self.rng.randrange(len(data))])
                    # An RST, not a polite close: the connection "dropped".
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._live -= {src, dst}
            _close(src)
            _close(dst)


def _close(s: socket.socket) -> None:
    """Shut down first: that wakes the thread reading from the socket (close alone does not)."""
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        s.close()


@pytest.fixture
def proxy(server: Server) -> Iterator[FaultyProxy]:
    port = urlsplit(server.url).port
    assert port is not None
    running = FaultyProxy(port, seed=20260302)
    yield running
    running.close()


class CountingTransport(HttpTransport):
    """The real transport, counting how often each change is sent."""

    def __init__(self, base_url: str, token: str, sent: Counter[str]) -> None:
        super().__init__(base_url, token)
        self.sent = sent

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        if path == "/api/v1/sync/push":
            self.sent.update(str(c["op"]) for c in json["changes"])
        return super().call(method, path, json=json, data=data, params=params)


class Work:
    """What the two tablets do, and every change they ever queued."""

    def __init__(self, tablets: list[Tablet], visit: str, company: str, seed: int) -> None:
        self.tablets, self.visit, self.company = tablets, visit, company
        self.rng = random.Random(seed)
        self.ops: set[str] = set()
        self.notes_added = 0
        self.photo = ""
        self.failures: Counter[str] = Counter()

    def edit(self, tablet: Tablet) -> None:
        """One change such as a consultant makes, or two."""
        store, n = tablet.store, self.rng.randrange(1000)
        choice = self.rng.randrange(4)
        if choice == 0:
            visit_records.add_note(store, visit_id=self.visit, field="general", text=f"Note {n}", author="Ole")
            self.notes_added += 1
        elif choice == 1:
            repo.save_card(store, visit_id=self.visit, card_id=f"card-{n % 5}", answer=f"Svar {n}")
        elif choice == 2:
            current = repo.get_company(store, company_id=self.company)
            assert current is not None
            repo.save_company(
                store,
                company_id=self.company,
                draft=CompanyDraft(name=current.name, earlier_cooperation=f"Samarbejde {n}"),
            )
        else:
            notes = visit_records.notes(store, visit_id=self.visit)
            if notes:
                visit_records.update_note(store, note_id=self.rng.choice(notes).id, text=f"Rettet {n}")

    def sync(self, tablet: Tablet) -> bool:
        """One sync attempt; every change queued so far is remembered first (the outbox
        only ever loses a change by the server accepting it, inside a sync)."""
        self.ops |= outbox_ops(tablet.store)
        try:
            tablet.client.sync()
        except SyncError as error:
            self.failures[type(error).__name__] += 1
            return False
        return True

    def sync_until_it_works(self, tablet: Tablet) -> None:
        for _ in range(10):
            if self.sync(tablet):
                return
        raise AssertionError("the sync did not recover once the network was good again")


def picture(seed: int) -> bytes:
    rng = random.Random(seed)
    image = Image.new("RGB", (160, 120))
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(160 * 120)])
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# (fault, sync attempts per tablet while it lasts); the timeouts cost 2 s an attempt.
FAULTS = [(LATENCY, 2), (CUT_ANSWER, 5), (CUT_REQUEST, 5), (BLACK_HOLE, 1), (LOST_ANSWER, 1), (REFUSED, 2)]


def test_syncing_through_a_faulty_network_loses_nothing_and_stores_nothing_twice(
    server: Server, proxy: FaultyProxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync.transport, "TIMEOUT", (1.0, 2.0))
    logins = Logins(server, 3)
    start = LogCursor(server, str(logins.answers[0]["token"])).advance()
    sent: Counter[str] = Counter()
    a, b, late = (
        make_tablet(tmp_path / n, server, login, transport=CountingTransport(proxy.url, str(login["token"]), sent))
        for n, login in (("a", logins.next()), ("b", logins.next()), ("late", logins.next()))
    )
    for tablet in (a, b, late):
        tablet.store.set_state("pull_cursor", str(start))
    company = repo.save_company(a.store, draft=CompanyDraft(name="Æblehaven ApS", cvr="10150817"))
    visit = repo.create_visit(a.store, company_id=company, content_version="2026.1", on=date(2026, 3, 2))
    work = Work([a, b], visit, company, seed=7)
    work.sync_until_it_works(a)
    work.sync_until_it_works(b)
    work.photo = a.photos.add(picture(1))
    visit_records.save_task(
        a.store,
        visit_id=visit,
        draft=TaskDraft(area="Lager", title="Pap til genbrug"),
        author="Ole",
        green_ids=[],
        accommodation_ids=[],
        photo=work.photo,
    )

    for fault, attempts in FAULTS:
        proxy.set(fault)
        for _ in range(attempts):
            for tablet in (a, b):
                for _ in range(work.rng.randrange(1, 4)):
                    work.edit(tablet)
                work.sync(tablet)
        proxy.set(PASS)
        for tablet in (a, b):
            work.edit(tablet)
            work.sync_until_it_works(tablet)

    for _ in range(2):
        for tablet in (a, b):
            work.sync_until_it_works(tablet)
    work.sync_until_it_works(late)

    # The faults happened (sync attempts failed, and changes the server had taken were sent
    # again because their answer was lost), and were got over.
    assert work.failures["Offline"] >= 10, work.failures
    assert set(work.failures) == {"Offline"}, work.failures
    assert max(sent.values()) > 1
    # Converged: the same rows everywhere, as the tablet that pulls it all at the end has.
    expected = snapshot(a.store)
    for tablet in (a, b, late):
        assert outbox.waiting(tablet.store) == 0
        assert snapshot(tablet.store) == expected
    assert len(visit_records.notes(late.store, visit_id=visit)) == work.notes_added
    assert b.photos.read(work.photo) == a.photos.read(work.photo) is not None
    # Each change the tablets made is on the server exactly once, and nothing else is.
    log, _ = server_log(server, a.token, start)
    made = Counter(str(c["op"]) for c in log if c["entity"] != "conflict")
    assert set(made) == work.ops
    assert sum(made.values()) == len(work.ops), [op for op, n in made.items() if n > 1]
    for tablet in (a, b, late):
        tablet.close()
