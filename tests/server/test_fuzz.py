"""Guarantee 8 ("no input makes the server answer 500", and refusals are readable) under
fuzzing: schemathesis generates requests for every operation of the running server's
/openapi.json, valid ones and invalid ones, with a valid token and without; none may get
a 5xx, and every 4xx carries a readable ``detail``. Then inputs a schema-driven fuzzer does
not think of: JSON that Python reads but JSON does not allow (NaN, Infinity), escapes that
are no Unicode text (lone surrogates), NUL characters, and clock stamps in other scripts'
digits. Each is refused with a 4xx or stored and served back unchanged, and pulls keep
working afterwards."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok

from domain.text import nfc, without_control_characters
from tests.server_harness import Server, change

EXAMPLES = 30  # per operation and kind of input


@pytest.fixture(scope="module")
def ole(server: Server) -> requests.Session:
    return server.session()


def readable_refusal(response: requests.Response | Any) -> None:
    if 400 <= response.status_code < 500:
        detail = response.json().get("detail")
        assert isinstance(detail, str) and len(detail.strip()) >= 5, (response.status_code, response.text[:200])


def stamp(digits: str | None = None) -> str:
    return f"{digits or f'{int(time.time() * 1000):013d}'}-0000-fuzz"


# Raw request bodies: json.dumps escapes lone surrogates as "\\ud800" and writes NaN as NaN.
TRICKY: dict[str, Any] = {
    "NaN in a list field": lambda s: change(s.team, "visit", fields={"checklist": {"mødt": float("nan")}}),
    "Infinity in a list field": lambda s: change(s.team, "task", fields={"accommodations": [float("inf")]}),
    "NaN as hours": lambda s: change(s.team, "task", fields={"hours": float("nan")}),
    "a lone surrogate in a text": lambda s: change(s.team, fields={"text": "Travlt \ud800"}),
    "a lone surrogate in a key": lambda s: change(s.team, "visit", fields={"checklist": {"\udfff": True}}),
    "a lone surrogate in a base": lambda s: change(s.team, base={"text": "\udc00"}),
    "a NUL in a text": lambda s: change(s.team, fields={"text": "før\x00efter", "visit_id": "v", "author": "Ole"}),
    "a huge number in a list field": lambda s: change(s.team, "visit", fields={"checklist": {"x": 10**400}}),
}


@pytest.mark.parametrize("case", list(TRICKY))
def test_tricky_json_is_refused_readably_or_kept_intact(server: Server, ole: requests.Session, case: str) -> None:
    pushed = TRICKY[case](server)
    body = json.dumps({"changes": [pushed]}).encode()
    answer = ole.post(
        f"{server.url}/api/v1/sync/push", data=body, headers={"Content-Type": "application/json"}, timeout=10
    )
    assert answer.status_code < 500, answer.text[:300]
    readable_refusal(answer)
    pulled = pull_all(ole, server)
    if answer.status_code == 200 and answer.json()["accepted"]:
        stored = next(c for c in pulled if c["op"] == pushed["op"])
        # Kept as the tablet keeps text (domain.text): a NUL, say, is taken out.
        assert stored["fields"] == as_the_tablet_keeps(pushed["fields"]) and stored["hlc"] == pushed["hlc"]


def as_the_tablet_keeps(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(without_control_characters(value))
    if isinstance(value, dict):
        return {as_the_tablet_keeps(k): as_the_tablet_keeps(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_the_tablet_keeps(v) for v in value]
    return value


def pull_all(session: requests.Session, server: Server) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = 0
    while True:
        page = session.get(f"{server.url}/api/v1/sync/pull", params={"since": cursor}, timeout=30)
        assert page.status_code == 200, "one bad change must not break every later pull"
        out += page.json()["changes"]
        cursor = page.json()["cursor"]
        if not page.json()["more"]:
            return out


def other_digits(zero: int) -> str:
    """Now in Unix ms, written with the digits of another script (they start at ``zero``)."""
    return "".join(chr(zero + int(d)) for d in f"{int(time.time() * 1000):013d}")


@pytest.mark.parametrize(
    "hlc",
    [
        pytest.param(f"{other_digits(0x0660)}-0000-fuzz", id="Arabic-Indic digits"),
        pytest.param(f"{other_digits(0xFF10)}-0000-fuzz", id="fullwidth digits"),
        pytest.param(stamp() + "\n", id="a trailing newline"),
    ],
)
def test_a_stamp_outside_the_contract_format_is_refused(server: Server, ole: requests.Session, hlc: str) -> None:
    """Such a stamp sorts after every real one ("٠" > "9"): taken, it would win every merge."""
    pushed = change(server.team, hlc=hlc)
    answer = ole.post(f"{server.url}/api/v1/sync/push", json={"changes": [pushed]}, timeout=10)
    assert answer.status_code == 422
    readable_refusal(answer)
    assert pushed["op"] not in {c["op"] for c in pull_all(ole, server)}


@pytest.mark.parametrize(
    "fields",
    [
        {"username": "ole\x00", "password": "x" * 8, "device_name": "tablet"},
        {"username": "ole", "password": "korrekt hest batteri", "device_name": "tab\x00let"},
        {"username": "ole\ud800", "password": "x" * 8, "device_name": "tablet"},
        {"username": "ole", "password": "\udfff" * 8, "device_name": "tablet"},
    ],
)
def test_a_login_with_text_the_database_cannot_hold_is_refused_readably(server: Server, fields: dict[str, str]) -> None:
    answer = requests.post(
        f"{server.url}/api/v1/login",
        data=json.dumps(fields).encode(),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert 400 <= answer.status_code < 500, answer.text[:300]
    readable_refusal(answer)


# Last in the module: its failed logins use up the address's login allowance.
def test_no_generated_request_gets_a_server_error(server: Server) -> None:
    token = str(server.login()["token"])
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operations.append(result.ok())
    assert {op.label for op in operations} >= {
        "POST /api/v1/login",
        "POST /api/v1/sync/push",
        "GET /api/v1/sync/pull",
        "PUT /api/v1/blobs/{sha256}",
        "GET /api/v1/blobs/{sha256}",
        "GET /api/v1/content",
        "POST /api/v1/logout",
    }
    # Logging out revokes the token the other operations are fuzzed with: last.
    operations.sort(key=lambda op: op.label == "POST /api/v1/logout")
    session = requests.Session()
    kinds = [
        (GenerationMode.POSITIVE, {"Authorization": f"Bearer {token}"}),
        (GenerationMode.NEGATIVE, {"Authorization": f"Bearer {token}"}),
        (GenerationMode.POSITIVE, None),  # whatever Authorization header, or none
    ]
    unsatisfiable: list[str] = []
    for operation in operations:
        for mode, headers in kinds:
            strategy = operation.as_strategy(generation_mode=mode, headers=headers)

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate, Phase.shrink],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def check(case: Case[Any]) -> None:
                response = case.call(base_url=server.url, session=session, timeout=30)
                case.validate_response(response, checks=[not_a_server_error])
                readable_refusal(response)

            try:
                check()
            except Unsatisfiable:  # nothing of it can be made invalid
                unsatisfiable.append(f"{operation.label} {mode.value}")
    # Routes with no body, no query and only free-text path parts cannot be asked wrongly.
    assert sorted(unsatisfiable) == [
        "DELETE /api/v1/admin/teams/{team_id}/members/{username} negative",
        "GET /api/v1/admin/teams negative",
        "GET /api/v1/admin/users negative",
        "GET /healthz negative",
        "POST /api/v1/admin/devices/{device_id}/revoke negative",
        "POST /api/v1/logout negative",
    ]
    # The server is still well after all that.
    assert requests.get(f"{server.url}/healthz", timeout=10).json() == {"ok": True}
