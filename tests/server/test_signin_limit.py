"""The sign-in rate limit of ../shared/CONSOLE.md over real HTTP, with two server processes
on one database (SQLite and PostgreSQL): attempts are counted in the database before the
password is checked, so a parallel burst is judged as it comes, guesses spread over two
processes add up, a restart forgets nothing, and the lock-out is per username and address
(the consultant at their own address still signs in while a guesser is locked out)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, select, update

from server.db import normalise_url
from server.models import Audit, LoginAttempt
from tests.server_harness import PASSWORD, Server, database_urls, fresh_postgres_database, launch, start_server

LIMIT = 10  # FELTMAPPE_SERVER_LOGIN_ATTEMPTS' default
TRUST_PROXY = ("--forwarded-allow-ips", "127.0.0.1")


@pytest.fixture(params=["sqlite", "postgresql"])
def two(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Server, str]]:
    """A server and the URL of a second server process on the same database."""
    url = database_urls(tmp_path)[request.param]
    if not url:
        pytest.skip("FELTMAPPE_TEST_POSTGRES is not set: no PostgreSQL cluster to test against (.ci/run starts one)")
    if request.param == "postgresql":
        url = fresh_postgres_database(url)
    first = start_server(url, tmp_path, serve_args=TRUST_PROXY)
    second_url, second = launch(url, tmp_path, TRUST_PROXY)
    yield first, second_url
    for proc in (first.proc, second):
        proc.terminate()
        proc.wait(10)


def attempt(url: str, password: str, address: str = "10.1.1.1", username: str = "ole") -> int:
    return requests.post(
        f"{url}/api/v1/login",
        json={"username": username, "password": password, "device_name": "gæt"},
        headers={"X-Forwarded-For": address},
        timeout=60,
    ).status_code


def test_guesses_spread_over_two_processes_add_up_and_survive_a_restart(
    two: tuple[Server, str], tmp_path: Path
) -> None:
    server, second = two
    answers = [attempt(server.url if n % 2 else second, f"forkert gæt nr {n}") for n in range(LIMIT)]
    assert answers == [401] * LIMIT
    assert attempt(server.url, PASSWORD) == 429
    assert attempt(second, PASSWORD) == 429
    # A restart of both processes forgets nothing.
    server.proc.terminate()
    server.proc.wait(10)
    again, proc = launch(server.database, tmp_path, TRUST_PROXY)
    server.proc = proc
    assert attempt(again, PASSWORD) == 429


def test_a_parallel_burst_is_counted_before_any_password_is_checked(two: tuple[Server, str]) -> None:
    server, second = two
    guesses = [f"forkert gæt nr {n}" for n in range(30)]
    with ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(pool.map(lambda n: attempt(server.url if n % 2 else second, guesses[n]), range(len(guesses))))
    assert answers.count(401) <= LIMIT  # at most LIMIT guesses were judged at all
    assert answers.count(429) >= len(guesses) - LIMIT
    assert set(answers) <= {401, 429}


def test_a_guesser_cannot_lock_the_consultant_out_of_their_own_address(two: tuple[Server, str]) -> None:
    server, second = two
    for n in range(LIMIT + 3):
        attempt(second, f"forkert gæt nr {n}", address="203.0.113.7")
    assert attempt(server.url, PASSWORD, address="203.0.113.7") == 429
    # The consultant, at the job centre's address, signs in as usual.
    assert attempt(server.url, PASSWORD, address="192.0.2.10") == 200


def test_the_refusals_and_failures_are_in_the_audit_log(two: tuple[Server, str], tmp_path: Path) -> None:
    server, _ = two
    for n in range(LIMIT + 1):
        attempt(server.url, f"forkert gæt nr {n}", address="198.51.100.9")
    secret = tmp_path / "admin.txt"
    secret.write_text("blå hylde vindue fyrtårn", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "server", "create-user", "--username", "ida", "--password-file", str(secret),
         "--role", "admin", "--database", server.database],
        check=True, capture_output=True, cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    token = requests.post(
        f"{server.url}/api/v1/login",
        json={"username": "ida", "password": "blå hylde vindue fyrtårn", "device_name": "pc"},
        timeout=60,
    ).json()["token"]
    entries = requests.get(
        f"{server.url}/api/v1/admin/audit",
        params={"actor": "ole"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    ).json()
    actions = [e["action"] for e in entries]
    assert actions.count("sign_in_failed") == LIMIT and actions.count("sign_in_throttled") == 1
    assert {e["address"] for e in entries} == {"198.51.100.9"}  # the client's, not the proxy's


def test_a_guesser_at_one_address_cannot_hold_a_consultant_out_for_as_long_as_they_guess(
    two: tuple[Server, str],
) -> None:
    """Trial: 30 guesses every 50 s from one address kept the consultant (the right
    password, another address) out for as long as it went on: refused guesses still
    counted under the username's ceiling, and so did the consultant's own retries."""
    server, second = two
    for n in range(LIMIT * 5):  # far past every limit of that address
        attempt(second, f"forkert gæt nr {n}", address="203.0.113.99")
    for _ in range(3):  # the consultant's retries change nothing either
        assert attempt(server.url, PASSWORD, address="192.0.2.44") == 200


def audited(database: str, action: str) -> list[tuple[str, str]]:
    """(actor, address) of every audit entry of ``action``, oldest first."""
    engine = create_engine(normalise_url(database))
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Audit.actor, Audit.address).where(Audit.action == action).order_by(Audit.id))
            return [(r.actor, r.address) for r in rows]
    finally:
        engine.dispose()


def test_a_burst_of_refused_guesses_is_audited_once_per_lock_out(two: tuple[Server, str]) -> None:
    """Trial: every refused sign-in (429) wrote an audit entry, so a burst of 1,000 guesses
    wrote 1,000. A lock-out is written once per username and address while it lasts;
    every attempt whose password was checked still has its own entry."""
    server, second = two
    for n in range(LIMIT + 40):
        attempt(server.url if n % 2 else second, f"forkert gæt nr {n}", address="198.51.100.20")
    for n in range(LIMIT + 5):  # another address meets its own lock-out
        attempt(server.url, f"forkert gæt nr {n}", address="198.51.100.21")
    assert attempt(second, PASSWORD, address="198.51.100.21") == 429
    assert audited(server.database, "sign_in_throttled") == [("ole", "198.51.100.20"), ("ole", "198.51.100.21")]
    assert len(audited(server.database, "sign_in_failed")) == 2 * LIMIT


def pass_time(database: str, seconds: int) -> None:
    """Let ``seconds`` pass for the rate limit: every counted attempt is made that much older."""
    engine = create_engine(normalise_url(database))
    try:
        with engine.begin() as conn:
            conn.execute(update(LoginAttempt).values(at_ms=LoginAttempt.at_ms - seconds * 1000))
    finally:
        engine.dispose()


def test_the_consultants_retries_during_a_ceiling_lock_out_do_not_lock_out_their_own_address(
    two: tuple[Server, str],
) -> None:
    """Trial: 31 wrong guesses for one username from 31 addresses met the username's
    ceiling; the consultant's 12 right tries from their own address were refused (429) and
    were still counted under their username-and-address and address limits, so after the
    ceiling ended their own address stayed refused while another address got through."""
    server, second = two
    for n in range(LIMIT * 3 + 1):
        attempt(server.url if n % 2 else second, f"forkert gæt nr {n}", address=f"198.18.0.{n + 1}")
    own = "192.0.2.77"
    assert [attempt(server.url, PASSWORD, address=own) for _ in range(LIMIT + 2)] == [429] * (LIMIT + 2)
    pass_time(server.database, 70)  # the ceiling (a minute) is over; the other windows are not
    assert attempt(second, PASSWORD, address=own) == 200
    assert attempt(server.url, PASSWORD, address="192.0.2.78") == 200
