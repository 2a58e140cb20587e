"""Issue 10, "Nothing stranded", on the server: SYNC.md guarantees 10-12 and the parts of 8
they lean on, over HTTP against the real server (SQLite and PostgreSQL).

- every sync answer carries the database's ``epoch``; a cursor beyond the newest ``seq``
  is 409 ``cursor_ahead`` (12);
- a consultant added to a team gets its records at their devices' next pull, whatever
  their cursor; removed, their devices neither pull nor push its rows (11);
- a field of a known entity the server does not list is kept and served (10);
- a body over the limit is refused with 413 while it is still coming (8);
- logout revokes the token; the database's errors never carry the values bound to them.
"""

from __future__ import annotations

import hashlib
import select
import socket
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from server.db import describe_error, make_engine
from tests.server_harness import PASSWORD, Server, change, cli

LIMIT_BYTES = 8 * 1024 * 1024  # the server's default FELTMAPPE_SERVER_MAX_BODY_BYTES


def push(s: requests.Session, url: str, *changes: dict[str, Any]) -> dict[str, Any]:
    answer = s.post(f"{url}/api/v1/sync/push", json={"changes": list(changes)}, timeout=30)
    assert answer.status_code == 200, answer.text[:300]
    return dict(answer.json())


def pull_all(s: requests.Session, url: str, since: int = 0, limit: int = 500) -> tuple[list[dict[str, Any]], int]:
    """Pull until ``more`` is false, as the tablet does; returns the changes and the cursor."""
    out: list[dict[str, Any]] = []
    for _ in range(10_000):
        answer = s.get(f"{url}/api/v1/sync/pull", params={"since": since, "limit": limit}, timeout=30)
        assert answer.status_code == 200, answer.text[:300]
        body = answer.json()
        assert len(body["changes"]) <= limit
        out += body["changes"]
        since = body["cursor"]
        if not body["more"]:
            return out, since
    raise AssertionError("the pull never ended")


Rebuilt = dict[tuple[str, str], dict[str, tuple[Any, str]]]


def rebuild(changes: list[dict[str, Any]], team: str | None = None) -> Rebuilt:
    """What a tablet holds after merging ``changes`` in order: per field, the value with the
    greatest stamp (the first one on equal stamps)."""
    records: Rebuilt = {}
    for c in changes:
        if team is not None and c["team"] != team:
            continue
        record = records.setdefault((c["entity"], c["id"]), {})
        for name, value in c["fields"].items():
            if name not in record or c["hlc"] > record[name][1]:
                record[name] = (value, c["hlc"])
    return records


def session(server: Server, username: str, device: str = "tablet") -> requests.Session:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {server.login(username, device)['token']}"
    return s


def new_user(server: Server, tmp_path: Path, username: str, *teams: str) -> None:
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    args = [arg for team in teams for arg in ("--team", team)]
    cli(server.database, "create-user", "--username", username, "--password-file", str(password), *args)


# -- epoch and cursor_ahead (12) ------------------------------------------------------------


def test_every_sync_answer_carries_the_same_epoch(server: Server) -> None:
    login = server.login()
    ole = requests.Session()
    ole.headers["Authorization"] = f"Bearer {login['token']}"
    pushed = push(ole, server.url, change(server.team))
    pulled = ole.get(f"{server.url}/api/v1/sync/pull", timeout=10).json()
    epochs = {str(login["epoch"]), pushed["epoch"], pulled["epoch"]}
    assert len(epochs) == 1
    assert uuid.UUID(epochs.pop())


def test_a_pull_beyond_the_newest_seq_is_refused_as_cursor_ahead(server: Server) -> None:
    ole = server.session()
    _, newest = pull_all(ole, server.url)
    assert ole.get(f"{server.url}/api/v1/sync/pull", params={"since": newest}, timeout=10).status_code == 200
    answer = ole.get(f"{server.url}/api/v1/sync/pull", params={"since": newest + 1}, timeout=10)
    assert answer.status_code == 409
    body = answer.json()
    assert body["reason"] == "cursor_ahead"
    assert body["epoch"] == server.login()["epoch"]
    assert "restored" in body["detail"] and "from 0" in body["detail"]


# -- logout ------------------------------------------------------------------------------------


def test_logout_revokes_the_calling_token_only(server: Server) -> None:
    leaving, staying = session(server, "ole", "leaving"), session(server, "ole", "staying")
    answer = leaving.post(f"{server.url}/api/v1/logout", timeout=10)
    assert answer.status_code == 204 and answer.content == b""
    refused = leaving.get(f"{server.url}/api/v1/sync/pull", timeout=10)
    assert refused.status_code == 401 and "log in again" in refused.json()["detail"]
    assert leaving.post(f"{server.url}/api/v1/logout", timeout=10).status_code == 401
    assert staying.get(f"{server.url}/api/v1/sync/pull", timeout=10).status_code == 200


# -- unknown fields (10) -----------------------------------------------------------------------

UNKNOWN_VALUES: list[Any] = [
    "en tekst fra en nyere tablet",
    42,
    -3.5,
    True,
    None,
    ["a", 1, {"b": [False]}],
    {"nested": {"deep": ["x" * 100]}, "n": 7},
    "æ" * 19_990,  # 19,992 characters as JSON
]


@pytest.mark.parametrize("value", UNKNOWN_VALUES, ids=lambda v: type(v).__name__ + str(len(str(v))))
def test_a_field_the_server_does_not_know_is_kept_and_served(server: Server, value: Any) -> None:
    ole, mette = server.session("ole"), server.session("mette")
    _, start = pull_all(mette, server.url)
    c = change(server.team, fields={"text": "Kendt felt", "visit_id": "v", "author": "Ole", "mood_2027": value})
    assert push(ole, server.url, c)["accepted"] == [c["op"]]
    pulled, _ = pull_all(mette, server.url, start)
    assert [p["fields"] for p in pulled if p["op"] == c["op"]] == [c["fields"]]
    # A later value of it wins as any field does.
    later = change(server.team, record=c["id"], fields={"mood_2027": "senere"})
    assert push(ole, server.url, later)["accepted"] == [later["op"]]
    pulled, _ = pull_all(mette, server.url, start)
    assert rebuild(pulled)[("note", c["id"])]["mood_2027"][0] == "senere"


def test_unknown_fields_too_large_or_oddly_named_and_unknown_entities_are_refused(server: Server) -> None:
    ole = server.session()
    too_large = change(server.team, fields={"mood_2027": "æ" * 20_000})  # 20,002 characters as JSON
    odd_name = change(server.team, fields={"Mood Of Tomorrow!": "x"})
    unknown_entity = change(server.team, "spaceship", fields={"name": "x"})
    good = change(server.team, fields={"mood_2027": {"ok": True}})
    answer = push(ole, server.url, too_large, odd_name, unknown_entity, good)
    assert answer["accepted"] == [good["op"]]
    assert {r["op"]: r["reason"] for r in answer["rejected"]} == {
        too_large["op"]: "bad_value",
        odd_name["op"]: "unknown_field",
        unknown_entity["op"]: "unknown_entity",
    }


# -- membership (11) ---------------------------------------------------------------------------


def test_a_new_member_gets_the_teams_records_at_the_next_pull_whatever_the_cursor(
    server: Server, tmp_path: Path
) -> None:
    new_user(server, tmp_path, "karl", server.team)
    karl_a, karl_b = session(server, "karl", "karl-a"), session(server, "karl", "karl-b")
    eva = server.session("eva")
    # The other team's history: 40 records, some changed twice, one deleted, one with a
    # field this server does not know; and a conflict record.
    theirs = [
        change(server.other_team, fields={"text": f"Note {n}", "visit_id": "v", "author": "Eva"}) for n in range(40)
    ]
    push(eva, server.url, *theirs)
    push(eva, server.url, change(server.other_team, record=theirs[3]["id"], fields={"text": "Note 3, rettet"}))
    push(eva, server.url, change(server.other_team, record=theirs[5]["id"], fields={"_deleted": True}))
    push(eva, server.url, change(server.other_team, record=theirs[7]["id"], fields={"mood_2027": {"x": 1}}))
    seen = {"text": theirs[9]["hlc"]}
    a = change(server.other_team, record=theirs[9]["id"], fields={"text": "Eva A"}, base=seen)
    b = change(server.other_team, record=theirs[9]["id"], fields={"text": "Eva B"}, base=seen)
    push(eva, server.url, a)
    push(eva, server.url, b)
    # Karl's devices are far ahead of all that in the log, with their own team's changes.
    push(karl_a, server.url, *[change(server.team) for _ in range(30)])
    _, cursor_a = pull_all(karl_a, server.url)
    _, cursor_b = pull_all(karl_b, server.url)
    before = karl_a.get(f"{server.url}/api/v1/sync/pull", params={"since": cursor_a}, timeout=10).json()
    assert [t["id"] for t in before["teams"]] == [server.team]

    assert "added" in cli(server.database, "add-member", "--username", "karl", "--team", "Jobcenter Esbjerg")

    expected = rebuild(pull_all(eva, server.url)[0], server.other_team)
    assert len(expected) > 40  # the notes and the conflict record
    for device, cursor, limit in ((karl_a, cursor_a, 7), (karl_b, cursor_b, 500)):
        pulled, new_cursor = pull_all(device, server.url, cursor, limit)
        assert new_cursor >= cursor
        assert rebuild(pulled, server.other_team) == expected
        # Delivered once: the next pull is the change log again, and has nothing new.
        again = device.get(f"{server.url}/api/v1/sync/pull", params={"since": new_cursor}, timeout=10).json()
        assert again["changes"] == [] and again["more"] is False
        assert sorted(t["name"] for t in again["teams"]) == ["Jobcenter Esbjerg", "Jobcenter Herning"]
    # From now on the team's changes come the ordinary way.
    news = change(server.other_team, fields={"text": "Ny note", "visit_id": "v", "author": "Eva"})
    push(eva, server.url, news)
    assert news["op"] in {p["op"] for p in pull_all(karl_b, server.url, new_cursor)[0]}
    mine = change(server.other_team, fields={"text": "Karls note", "visit_id": "v", "author": "Karl"})
    assert push(karl_a, server.url, mine)["accepted"] == [mine["op"]]


def test_a_removed_member_neither_pulls_nor_pushes_the_teams_rows(server: Server, tmp_path: Path) -> None:
    new_user(server, tmp_path, "lise", server.team, server.other_team)
    lise, eva = session(server, "lise", "lise-tablet"), server.session("eva")
    _, cursor = pull_all(lise, server.url)

    assert "removed" in cli(server.database, "remove-member", "--username", "lise", "--team", server.other_team)

    theirs = change(server.other_team, fields={"text": "Efter Lise", "visit_id": "v", "author": "Eva"})
    push(eva, server.url, theirs)
    pulled, cursor = pull_all(lise, server.url, cursor)
    assert theirs["op"] not in {p["op"] for p in pulled}
    hers, own_team = change(server.other_team), change(server.team)
    answer = push(lise, server.url, hers, own_team)
    assert answer["accepted"] == [own_team["op"]]
    assert answer["rejected"] == [{"op": hers["op"], "reason": "forbidden_team"}]
    last = lise.get(f"{server.url}/api/v1/sync/pull", params={"since": cursor}, timeout=10).json()
    assert [t["id"] for t in last["teams"]] == [server.team]
    # Added back, she gets what she missed meanwhile.
    cli(server.database, "add-member", "--username", "lise", "--team", server.other_team, "--leader")
    pulled, _ = pull_all(lise, server.url, cursor)
    assert rebuild(pulled)[("note", theirs["id"])]["text"][0] == "Efter Lise"


# -- 413 while the body is still coming (8) -----------------------------------------------------


def send_until_answered(url: str, head: str, chunked: bool) -> tuple[int, bool]:
    """Send ``head`` and then a body that never ends (64 KiB at a time, up to four times the
    limit); returns the status of the answer and whether it came while still sending."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    try:
        sock.sendall(head.encode())
        piece = b"x" * 65536
        framed = b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece
        answered_early = False
        for _ in range(4 * LIMIT_BYTES // len(piece)):
            if select.select([sock], [], [], 0)[0]:
                answered_early = True
                break
            try:
                sock.sendall(framed)
            except OSError:  # the server closed the connection after answering
                answered_early = True
                break
        received = b""
        deadline = time.monotonic() + 10
        while b"\r\n" not in received and time.monotonic() < deadline:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        assert received.startswith(b"HTTP/1.1 "), received[:200]
        return int(received.split()[1]), answered_early
    finally:
        sock.close()


@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "content-length"])
@pytest.mark.parametrize("route", ["POST /api/v1/sync/push", "PUT /api/v1/blobs/{sha}", "POST /api/v1/login"])
def test_a_body_over_the_limit_is_refused_with_413_before_it_has_been_read_whole(
    server: Server, route: str, chunked: bool
) -> None:
    token = str(server.login()["token"])
    method, path = route.split()
    path = path.replace("{sha}", hashlib.sha256(b"x").hexdigest())
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {100 * LIMIT_BYTES}"
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: {urlsplit(server.url).netloc}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\n{framing}\r\n\r\n"
    )
    status, answered_early = send_until_answered(server.url, head, chunked)
    assert status == 413
    assert answered_early, "the server answered only when the client stopped sending"
    assert server.session().get(f"{server.url}/api/v1/sync/pull", timeout=10).status_code == 200


# -- the database's errors carry no values -------------------------------------------------------


def test_a_failing_statement_does_not_show_its_values(server: Server) -> None:
    secret = f"Hemmeligt holdnavn {uuid.uuid4()}"
    engine = make_engine(server.database)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO team (id, name) VALUES (:id, :name)"), {"id": "t-1", "name": secret})
        with pytest.raises(IntegrityError) as failed, engine.begin() as conn:
            conn.execute(text("INSERT INTO team (id, name) VALUES (:id, :name)"), {"id": "t-2", "name": secret})
        logged = describe_error(failed.value)  # what the server logs of it
        assert "INSERT INTO team" in logged and "Hemmeligt" not in logged
        assert "SQL parameters hidden" in str(failed.value)
    finally:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM team WHERE id = 't-1'"))
        engine.dispose()


# -- the schema says so -------------------------------------------------------------------------


def test_openapi_documents_the_new_answers(server: Server) -> None:
    spec = requests.get(f"{server.url}/openapi.json", timeout=10).json()
    paths = spec["paths"]
    assert "204" in paths["/api/v1/logout"]["post"]["responses"]
    assert "409" in paths["/api/v1/sync/pull"]["get"]["responses"]
    for path, method in (("/api/v1/sync/push", "post"), ("/api/v1/blobs/{sha256}", "put"), ("/api/v1/login", "post")):
        assert "413" in paths[path][method]["responses"], path
    schemas = spec["components"]["schemas"]
    assert {"reason", "epoch", "detail"} <= set(schemas["CursorAheadRefusal"]["properties"])
    assert {"epoch", "teams", "cursor", "more"} <= set(schemas["PullAnswer"]["properties"])
    assert "epoch" in schemas["PushAnswer"]["properties"] and "epoch" in schemas["LoginAnswer"]["properties"]


def test_the_server_migrations_match_its_models(server: Server) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from server.models import Base

    engine = make_engine(server.database)
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        engine.dispose()
