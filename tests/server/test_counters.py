"""A counter's value is never negative on the server (issue 10), over HTTP against the real
server (SQLite and PostgreSQL): a change whose count is below 0 (``-5`` from an older
tablet, ``{"dev": -3}``) is refused on its own with a reason a person can read, nothing of
it is stored, and the rest of the batch is accepted."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests

from tests.server.test_stranded import pull_all, push
from tests.server_harness import Server, change


@pytest.mark.parametrize("value", [-5, {"dev": -3}, {"dev": 2, "-dev": -1}])
def test_a_negative_count_is_refused_in_words_and_not_stored(server: Server, value: Any) -> None:
    ole = requests.Session()
    ole.headers["Authorization"] = f"Bearer {server.login()['token']}"
    _, start = pull_all(ole, server.url)
    opening = str(uuid.uuid4())
    bad = change(server.team, "opening", record=opening, fields={"candidates_sent": value})
    good = change(
        server.team, "opening", record=opening, fields={"title": "Pakker", "candidates_sent": {"dev": 2, "-dev": 1}}
    )
    answer = push(ole, server.url, bad, good)

    assert answer["accepted"] == [good["op"]]
    [refused] = answer["rejected"]
    assert (refused["op"], refused["reason"], refused.get("field")) == (bad["op"], "bad_value", "candidates_sent")
    assert "0 or more" in refused["detail"]
    pulled, _ = pull_all(ole, server.url, since=start)
    assert [c["op"] for c in pulled] == [good["op"]]
