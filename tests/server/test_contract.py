"""The guarantees of ../shared/SYNC.md, each tested over HTTP against the real server."""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any

import requests

from tests.server_harness import Server, change, cli


def pull_all(s: requests.Session, url: str, since: int = 0) -> tuple[list[dict[str, Any]], int]:
    out: list[dict[str, Any]] = []
    while True:
        answer = s.get(f"{url}/api/v1/sync/pull", params={"since": since, "limit": 500}, timeout=10).json()
        out += answer["changes"]
        since = answer["cursor"]
        if not answer["more"]:
            return out, since


def test_health_and_login(server: Server) -> None:
    assert requests.get(f"{server.url}/healthz", timeout=5).json() == {"ok": True}
    login = server.login()
    assert len(str(login["token"])) >= 22  # at least 128 bits of randomness
    assert login["teams"] == [{"id": server.team, "name": "Jobcenter Herning"}]
    assert login["consultant"]["name"] == "ole"  # type: ignore[index]
    bad = requests.post(
        f"{server.url}/api/v1/login", json={"username": "ole", "password": "forkert", "device_name": "x"}, timeout=5
    )
    assert bad.status_code == 401 and "wrong username or password" in bad.json()["detail"]


def test_a_pushed_change_is_pulled_by_the_team_with_its_sequence_number(server: Server) -> None:
    ole, mette = server.session("ole"), server.session("mette")
    _, start = pull_all(mette, server.url)
    c = change(server.team)
    answer = ole.post(f"{server.url}/api/v1/sync/push", json={"changes": [c]}, timeout=10).json()
    assert answer["accepted"] == [c["op"]] and answer["rejected"] == []
    assert abs(answer["server_time"] - time.time() * 1000) < 60_000
    pulled, _ = pull_all(mette, server.url, start)
    assert [p["op"] for p in pulled] == [c["op"]]
    assert pulled[0]["fields"] == c["fields"] and pulled[0]["seq"] > start


def test_the_same_change_sent_twice_is_stored_once(server: Server) -> None:
    ole = server.session()
    _, start = pull_all(ole, server.url)
    c = change(server.team)
    for _ in range(2):
        assert ole.post(f"{server.url}/api/v1/sync/push", json={"changes": [c, c]}, timeout=10).json()["accepted"]
    pulled, _ = pull_all(ole, server.url, start)
    assert [p["op"] for p in pulled] == [c["op"]]


def test_another_teams_row_is_rejected_on_its_own_and_never_pulled(server: Server) -> None:
    ole, eva = server.session("ole"), server.session("eva")
    _, eva_start = pull_all(eva, server.url)
    mine, theirs = change(server.team), change(server.other_team)
    answer = ole.post(f"{server.url}/api/v1/sync/push", json={"changes": [theirs, mine]}, timeout=10).json()
    assert answer["accepted"] == [mine["op"]]
    assert answer["rejected"] == [{"op": theirs["op"], "reason": "forbidden_team"}]
    eva_pulled, _ = pull_all(eva, server.url, eva_start)
    assert mine["op"] not in {p["op"] for p in eva_pulled}
    # A record's team never changes: eva cannot take over ole's record by naming her team.
    hijack = change(server.other_team, record=mine["id"])
    answer = eva.post(f"{server.url}/api/v1/sync/push", json={"changes": [hijack]}, timeout=10).json()
    assert answer["rejected"] == [{"op": hijack["op"], "reason": "team_mismatch"}]


def test_unknown_entities_fields_and_skewed_clocks_are_refused_with_a_reason(server: Server) -> None:
    ole = server.session()
    skewed = change(server.team, hlc=f"{int(time.time() * 1000) + 11 * 60 * 1000:013d}-0000-testdev")
    unknown = change(server.team, "spaceship", fields={"name": "x"})
    bad_field = change(server.team, fields={"Colour!": "red"})  # not a field name (unknown ones are kept)
    bad_value = change(server.team, "task", fields={"hours": "many"})
    good = change(server.team)
    answer = ole.post(
        f"{server.url}/api/v1/sync/push", json={"changes": [skewed, unknown, bad_field, bad_value, good]}, timeout=10
    ).json()
    assert answer["accepted"] == [good["op"]]
    assert {r["reason"] for r in answer["rejected"]} == {"clock_skew", "unknown_entity", "unknown_field", "bad_value"}


def test_malformed_oversized_and_unauthorised_requests_get_a_readable_4xx_and_store_nothing(server: Server) -> None:
    ole = server.session()
    _, start = pull_all(ole, server.url)
    push = f"{server.url}/api/v1/sync/push"
    no_op = change(server.team)
    del no_op["op"]
    cases = [
        ole.post(push, data="not json", headers={"Content-Type": "application/json"}, timeout=10),
        ole.post(push, json=[], timeout=10),
        ole.post(push, json={"changes": [no_op]}, timeout=10),
        ole.post(push, json={"changes": [{**change(server.team), "op": "not-a-uuid"}]}, timeout=10),
        ole.post(push, json={"changes": [{**change(server.team), "team": "herning"}]}, timeout=10),
        ole.post(push, json={"changes": [{**change(server.team), "id": 7}]}, timeout=10),
        ole.post(push, json={"changes": [change(server.team) for _ in range(1001)]}, timeout=30),
        ole.post(push, data=b"{" + b" " * (9 * 1024 * 1024) + b"}", timeout=30),
        requests.post(push, json={"changes": [change(server.team)]}, timeout=10),
        requests.post(push, json={"changes": [change(server.team)]}, headers={"Authorization": "Bearer x"}, timeout=10),
        requests.get(f"{server.url}/api/v1/sync/pull", timeout=10),
        ole.get(f"{server.url}/api/v1/sync/pull", params={"since": -1}, timeout=10),
        ole.get(f"{server.url}/api/v1/sync/pull", params={"limit": 100000}, timeout=10),
    ]
    for answer in cases:
        assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:200])
        detail = answer.json()["detail"]
        assert isinstance(detail, str) and len(detail) > 5
    pulled, _ = pull_all(ole, server.url, start)
    assert pulled == []


def test_a_revoked_device_is_refused(server: Server) -> None:
    login = server.login(device="tablet to revoke")
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {login['token']}"
    assert s.get(f"{server.url}/api/v1/sync/pull", timeout=10).status_code == 200
    cli(server.database, "revoke-device", "--device", str(login["device_id"]))
    refused = s.get(f"{server.url}/api/v1/sync/pull", timeout=10)
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]


def test_concurrent_text_keeps_the_losing_value_as_a_conflict_that_can_be_resolved(server: Server) -> None:
    ole, mette = server.session("ole"), server.session("mette")
    record = str(uuid.uuid4())
    first = change(server.team, record=record, fields={"text": "Mangler folk", "visit_id": "v", "author": "Ole"})
    assert ole.post(f"{server.url}/api/v1/sync/push", json={"changes": [first]}, timeout=10).json()["accepted"]
    _, start = pull_all(mette, server.url)  # mette's own cursor (a device new to a cursor gets the records)
    # Both tablets saw the first version and edited it without seeing each other.
    seen = {"text": first["hlc"]}
    a = change(server.team, record=record, fields={"text": "Mangler tre folk til pakning"}, base=seen)
    b = change(server.team, record=record, fields={"text": "Mangler folk om morgenen"}, base=seen)
    for s, c in ((ole, a), (mette, b)):
        assert s.post(f"{server.url}/api/v1/sync/push", json={"changes": [c]}, timeout=10).json()["accepted"]
    pulled, _ = pull_all(mette, server.url, start)
    conflicts = [p for p in pulled if p["entity"] == "conflict"]
    assert len(conflicts) == 1
    kept = conflicts[0]["fields"]
    assert kept["record_id"] == record and kept["field"] == "text" and kept["resolved"] is False
    assert kept["value"] == "Mangler tre folk til pakning"  # a is older: b wins, a is kept
    assert kept["loser_hlc"] == a["hlc"] and kept["winner_hlc"] == b["hlc"]
    # A person resolves it: a new value based on the winner, and the conflict marked resolved.
    merged = change(
        server.team, record=record, fields={"text": "Mangler tre folk om morgenen"}, base={"text": b["hlc"]}
    )
    resolved = change(server.team, "conflict", record=conflicts[0]["id"], fields={"resolved": True})
    answer = ole.post(f"{server.url}/api/v1/sync/push", json={"changes": [merged, resolved]}, timeout=10).json()
    assert len(answer["accepted"]) == 2
    later, _ = pull_all(mette, server.url, start)
    assert [p for p in later if p["entity"] == "conflict" and p["fields"].get("resolved") is True]
    assert not [p for p in later[len(pulled) :] if p["entity"] == "conflict" and p["fields"].get("resolved") is False]


def test_a_sync_with_nothing_new_is_one_small_request(server: Server) -> None:
    ole = server.session()
    _, cursor = pull_all(ole, server.url)
    answer = ole.get(f"{server.url}/api/v1/sync/pull", params={"since": cursor}, timeout=10)
    assert answer.json()["changes"] == [] and answer.json()["more"] is False
    assert len(answer.content) < 200


def test_pull_comes_in_batches_that_resume_at_the_cursor(server: Server) -> None:
    ole = server.session()
    _, start = pull_all(ole, server.url)
    batch = [change(server.team) for _ in range(25)]
    ole.post(f"{server.url}/api/v1/sync/push", json={"changes": batch}, timeout=10)
    seen, since = [], start
    while True:
        answer = ole.get(f"{server.url}/api/v1/sync/pull", params={"since": since, "limit": 10}, timeout=10).json()
        assert len(answer["changes"]) <= 10
        seen += [p["op"] for p in answer["changes"]]
        since = answer["cursor"]
        if not answer["more"]:
            break
    assert seen == [c["op"] for c in batch]


def test_nothing_is_skipped_when_pushes_commit_concurrently(server: Server) -> None:
    """Guarantee 4: several pushers at once, and a puller that syncs all the time."""
    puller = server.session("mette")
    _, cursor = pull_all(puller, server.url)
    pushed: list[str] = []
    lock = threading.Lock()
    errors: list[str] = []

    def pusher(n: int) -> None:
        s = server.session("ole")
        for _ in range(15):
            batch = [change(server.team) for _ in range(4)]
            answer = s.post(f"{server.url}/api/v1/sync/push", json={"changes": batch}, timeout=30)
            if answer.status_code != 200:
                errors.append(answer.text)
                return
            with lock:
                pushed.extend(answer.json()["accepted"])

    seen: list[str] = []
    threads = [threading.Thread(target=pusher, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        batch, cursor = pull_all(puller, server.url, cursor)
        seen += [p["op"] for p in batch]
    batch, cursor = pull_all(puller, server.url, cursor)
    seen += [p["op"] for p in batch]
    assert not errors
    assert len(seen) == len(set(seen)), "a change was pulled twice"
    assert set(pushed) <= set(seen), f"{len(set(pushed) - set(seen))} changes were skipped"


def test_photos_go_up_and_down_as_blobs(server: Server) -> None:
    import hashlib

    ole, mette, eva = server.session("ole"), server.session("mette"), server.session("eva")
    data = b"\xff\xd8 a tiny jpeg " + uuid.uuid4().bytes
    sha = hashlib.sha256(data).hexdigest()
    assert ole.put(f"{server.url}/api/v1/blobs/{sha}", data=data, timeout=10).status_code == 201
    assert mette.get(f"{server.url}/api/v1/blobs/{sha}", timeout=10).content == data
    assert eva.get(f"{server.url}/api/v1/blobs/{sha}", timeout=10).status_code == 404
    wrong = ole.put(f"{server.url}/api/v1/blobs/{'0' * 64}", data=data, timeout=10)
    assert wrong.status_code == 400 and "hash" in wrong.json()["detail"]


def test_the_content_pack_is_served_with_an_etag(server: Server) -> None:
    ole = server.session()
    first = ole.get(f"{server.url}/api/v1/content", timeout=10)
    assert first.status_code == 200 and json.loads(first.content)["language"] == "da"
    again = ole.get(f"{server.url}/api/v1/content", headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
    assert again.status_code == 304


def test_logins_are_rate_limited_per_username(server: Server) -> None:
    login = f"{server.url}/api/v1/login"
    statuses = [
        requests.post(login, json={"username": "mette", "password": "gæt", "device_name": "x"}, timeout=10).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [401] * 10 and statuses[10] == 429
    refused = requests.post(
        login, json={"username": "mette", "password": "korrekt hest batteri", "device_name": "x"}, timeout=10
    )
    assert refused.status_code == 429 and "try again" in refused.json()["detail"]
