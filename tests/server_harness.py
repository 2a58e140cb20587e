"""Harness: a real server on loopback for each test module: `python -m server serve` in a
subprocess, on SQLite and, when FELTMAPPE_TEST_POSTGRES is set (.ci/run sets it), on a
throwaway PostgreSQL database. Tests speak HTTP to it with requests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from domain.clock import HybridLogicalClock

ROOT = Path(__file__).resolve().parents[1]
PG_ENV = "FELTMAPPE_TEST_POSTGRES"
PASSWORD = "korrekt hest batteri"
ADMIN_PASSWORD = "blå hylde vindue fyrtårn"
# The password an admin or a leader gives an account they make; its owner replaces it at
# the first sign-in (CONSOLE.md: someone else knows it), see choose_first_password.
FIRST_PASSWORD = "første kode fra kontoret"
CLOCK = HybridLogicalClock("harness")  # the stamps of the changes tests write by hand


def change(
    team: str,
    entity: str = "note",
    *,
    record: str | None = None,
    fields: dict[str, Any] | None = None,
    base: dict[str, Any] | None = None,
    hlc: str | None = None,
    op: str | None = None,
) -> dict[str, Any]:
    """One change as a tablet pushes it (SYNC.md): ``{"op", "entity", "id", "team", "hlc",
    "fields", "base"}``, ready for a push body's ``changes`` or for ``Store.apply_remote_in``.

    A new op and a new record id unless ``op``/``record`` are given; stamped now by
    :data:`CLOCK` unless ``hlc`` is given; ``fields`` default to a note's (text, a visit id,
    author) and are sent as given otherwise, under any name, so a test can send what the
    server must refuse; ``base`` (field -> stamp the edit saw) defaults to none. Nothing is
    checked here."""
    if fields is None:
        fields = {"text": "Travlt på lageret", "visit_id": str(uuid.uuid4()), "author": "Ole"}
    return {
        "op": str(uuid.uuid4()) if op is None else op,
        "entity": entity,
        "id": str(uuid.uuid4()) if record is None else record,
        "team": team,
        "hlc": CLOCK.tick() if hlc is None else hlc,
        "fields": fields,
        "base": {} if base is None else base,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_urls(tmp: Path) -> dict[str, str]:
    return {"sqlite": f"sqlite:///{tmp / 'server.db'}", "postgresql": os.environ.get(PG_ENV, "")}


def fresh_postgres_database(base_url: str) -> str:
    """A new empty database in the test cluster, so every module starts clean."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = base_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base_url.rsplit("/", 1)[0] + f"/{name}"


def cli(database: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "server", *args, "--database", database],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return done.stdout.strip().splitlines()[-1]


@dataclass
class Server:
    url: str
    database: str
    team: str
    other_team: str
    proc: subprocess.Popen[bytes]

    def login(self, username: str = "ole", device: str = "tablet") -> dict[str, object]:
        answer = requests.post(
            f"{self.url}/api/v1/login",
            json={"username": username, "password": PASSWORD, "device_name": device},
            timeout=10,
        )
        answer.raise_for_status()
        return dict(answer.json())

    def session(self, username: str = "ole") -> requests.Session:
        s = requests.Session()
        s.headers["Authorization"] = f"Bearer {self.login(username)['token']}"
        return s


def choose_first_password(url: str, username: str, *, first: str = FIRST_PASSWORD, chosen: str = PASSWORD) -> None:
    """The first sign-in of an account an admin or a leader made with ``first``: the person
    signs in to the console at ``url`` and chooses ``chosen``, as the console asks before
    anything else (no device is made). Raises AssertionError when a step is refused."""
    browser = requests.Session()
    browser.headers["X-Forwarded-For"] = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"

    def csrf(path: str) -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', browser.get(f"{url}/console{path}", timeout=30).text)
        assert found, f"no form on /console{path}"
        return found.group(1)

    signed = browser.post(
        f"{url}/console/sign-in",
        data={"username": username, "password": first, "csrf": csrf("/sign-in")},
        allow_redirects=False,
        timeout=30,
    )
    assert signed.status_code == 303 and signed.headers["location"].endswith("/password"), signed.text
    changed = browser.post(
        f"{url}/console/password",
        data={"current": first, "new": chosen, "repeat": chosen, "csrf": csrf("/password")},
        allow_redirects=False,
        timeout=30,
    )
    assert changed.status_code == 303, changed.text


def start_server(
    database: str, tmp: Path, seed: Callable[[str, str], None] | None = None, serve_args: tuple[str, ...] = ()
) -> Server:
    """Teams "Jobcenter Herning" (ole, mette) and "Jobcenter Esbjerg" (eva), then the server
    (``serve_args`` added to its command line). ``seed(database, team)``, when given, fills
    the database before the server starts."""
    team = cli(database, "create-team", "--name", "Jobcenter Herning")
    other = cli(database, "create-team", "--name", "Jobcenter Esbjerg")
    password = tmp / "password.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    cli(database, "create-user", "--username", "ole", "--password-file", str(password), "--team", "Jobcenter Herning")
    cli(database, "create-user", "--username", "eva", "--password-file", str(password), "--team", other)
    cli(database, "create-user", "--username", "mette", "--password-file", str(password), "--team", team)
    if seed is not None:
        seed(database, team)
    url, proc = launch(database, tmp, serve_args)
    return Server(url=url, database=database, team=team, other_team=other, proc=proc)


def launch(database: str, tmp: Path, serve_args: tuple[str, ...] = ()) -> tuple[str, subprocess.Popen[bytes]]:
    """`python -m server serve` (with ``serve_args``) on a free loopback port of an existing
    database; returns its URL and process once /healthz answers."""
    port = free_port()
    log = (tmp / f"server-{port}.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--database", database, "--port", str(port), *serve_args],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/healthz", timeout=1).ok:
                return url, proc
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp(f"server-{request.param}")
    url = database_urls(tmp)[request.param]
    if not url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL cluster to test against (.ci/run starts one)")
    if request.param == "postgresql":
        url = fresh_postgres_database(url)
    running = start_server(url, tmp)
    yield running
    running.proc.terminate()
    running.proc.wait(10)


def office_seed(tmp: Path) -> Callable[[str, str], None]:
    """A seed for :func:`start_server`: the admin ``ida`` (ADMIN_PASSWORD, in no team) and
    ``lars``, leader of the first team (PASSWORD), made with the CLI as IT would."""

    def seed(database: str, team: str) -> None:
        secret = tmp / "admin-password.txt"
        secret.write_text(ADMIN_PASSWORD, encoding="utf-8")
        cli(database, "create-user", "--username", "ida", "--password-file", str(secret), "--role", "admin")
        leader = tmp / "leader-password.txt"
        leader.write_text(PASSWORD, encoding="utf-8")
        cli(database, "create-user", "--username", "lars", "--password-file", str(leader), "--team", team)
        cli(database, "add-member", "--username", "lars", "--team", team, "--leader")

    return seed


def office_server(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """For a module fixture: a server on ``kind`` ("sqlite" or "postgresql"; skipped when no
    PostgreSQL cluster is set) with the teams and consultants of :func:`start_server`, the
    admin and leader of :func:`office_seed`, trusting 127.0.0.1 as a proxy (a test sends
    ``X-Forwarded-For`` to stand for another address); stopped at the end."""
    tmp = tmp_path_factory.mktemp(f"office-{kind}")
    url = database_urls(tmp)[kind]
    if not url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL cluster to test against (.ci/run starts one)")
    if kind == "postgresql":
        url = fresh_postgres_database(url)
    running = start_server(url, tmp, seed=office_seed(tmp), serve_args=("--forwarded-allow-ips", "127.0.0.1"))
    yield running
    running.proc.terminate()
    running.proc.wait(10)
