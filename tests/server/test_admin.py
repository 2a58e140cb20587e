"""The admin API of ../shared/CONSOLE.md over real HTTP, on SQLite and PostgreSQL: what each
role may and may not do (a 403 changes nothing and is audited), accounts (usernames
matched case-insensitively, weak passwords refused, a reset forces a new password and
revokes devices, deactivation ends access), devices (last seen, idle tokens end) and the
audit log (append-only, no passwords)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text, update
from sqlalchemy.exc import DBAPIError

from server.db import normalise_url
from server.models import Device
from tests.server_harness import (
    ADMIN_PASSWORD,
    FIRST_PASSWORD,
    PASSWORD,
    Server,
    choose_first_password,
    cli,
    office_server,
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with an admin (ida) and a team leader (lars): tests.server_harness.office_server."""
    yield from office_server(request.param, tmp_path_factory)


def login(server: Server, username: str, password: str = PASSWORD, **extra: Any) -> requests.Response:
    return requests.post(
        f"{server.url}/api/v1/login",
        json={"username": username, "password": password, "device_name": "konsol-test", **extra},
        headers={"X-Forwarded-For": f"10.0.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"},
        timeout=30,
    )


def as_user(server: Server, username: str, password: str = PASSWORD) -> requests.Session:
    answer = login(server, username, password)
    assert answer.status_code == 200, answer.text
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {answer.json()['token']}"
    return s


_ADMINS: dict[str, requests.Session] = {}


def admin_of(server: Server) -> requests.Session:
    """The admin's session on ``server`` (signed in once per server: argon2 takes its time)."""
    if server.url not in _ADMINS:
        _ADMINS[server.url] = as_user(server, "ida", ADMIN_PASSWORD)
    return _ADMINS[server.url]


def uid(server: Server, username: str) -> str:
    users = admin_of(server).get(f"{server.url}/api/v1/admin/users", timeout=30).json()
    return str(next(u["id"] for u in users if u["username"] == username))


def audit(server: Server, **filters: Any) -> list[dict[str, Any]]:
    answer = admin_of(server).get(f"{server.url}/api/v1/admin/audit", params=filters, timeout=30)
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def new_username() -> str:
    return f"k{uuid.uuid4().hex[:8]}"


def make_user(
    server: Server, *, role: str = "consultant", team: str | None = None, signs_in: bool = True
) -> tuple[str, str]:
    """A new account made by the admin through the API with FIRST_PASSWORD; (username, id).
    ``signs_in``: its owner has signed in once and chosen PASSWORD (CONSOLE.md: an account
    someone else made asks for a new password at the first sign-in)."""
    name = new_username()
    answer = admin_of(server).post(
        f"{server.url}/api/v1/admin/users",
        json={
            "username": name,
            "name": "Ny Kollega",
            "role": role,
            "password": FIRST_PASSWORD,
            "teams": [team or server.team],
        },
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    if signs_in:
        choose_first_password(server.url, name)
    return name, answer.json()["id"]


# --- Roles: what each may and may not do -------------------------------------------------


@dataclass(frozen=True)
class Ask:
    """One request of the role matrix: ``path`` and ``body`` may name ``{team}``,
    ``{other_team}``, ``{herning_user}`` (a consultant in the leader's team),
    ``{esbjerg_user}`` (one outside it) and ``{esbjerg_name}`` (their username)."""

    method: str
    path: str
    body: dict[str, Any] | None
    allowed: frozenset[str]


def _ask(method: str, path: str, body: dict[str, Any] | None, *roles: str) -> Ask:
    return Ask(method, path, body, frozenset(roles))


MATRIX = [
    _ask("GET", "/api/v1/admin/teams", None, "admin", "leader"),
    _ask("POST", "/api/v1/admin/teams", {"name": "Team {new}"}, "admin"),
    # A leader may not pull someone of another team into theirs (then reset their password).
    _ask("POST", "/api/v1/admin/teams/{team}/members", {"username": "{esbjerg_name}"}, "admin"),
    _ask("POST", "/api/v1/admin/teams/{other_team}/members", {"username": "mette"}, "admin"),
    _ask("POST", "/api/v1/admin/teams/{team}/members", {"username": "mette", "leader": True}, "admin"),
    _ask("GET", "/api/v1/admin/users", None, "admin", "leader"),
    _ask(
        "POST",
        "/api/v1/admin/users",
        {"username": "{new}", "password": PASSWORD, "teams": ["{team}"]},
        "admin",
        "leader",
    ),
    _ask(
        "POST", "/api/v1/admin/users", {"username": "{new}", "password": PASSWORD, "teams": ["{other_team}"]}, "admin"
    ),
    _ask(
        "POST",
        "/api/v1/admin/users",
        {"username": "{new}", "password": PASSWORD, "role": "admin", "teams": []},
        "admin",
    ),
    _ask("PATCH", "/api/v1/admin/users/{herning_user}", {"name": "Omdøbt"}, "admin", "leader"),
    _ask("PATCH", "/api/v1/admin/users/{herning_user}", {"role": "leader"}, "admin"),
    _ask("PATCH", "/api/v1/admin/users/{esbjerg_user}", {"name": "Omdøbt"}, "admin"),
    _ask(
        "POST", "/api/v1/admin/users/{herning_user}/password", {"password": "grøn tekop over broen"}, "admin", "leader"
    ),
    _ask("POST", "/api/v1/admin/users/{esbjerg_user}/password", {"password": "grøn tekop over broen"}, "admin"),
    _ask("GET", "/api/v1/admin/devices", None, "admin", "leader", "consultant"),  # a consultant: their own
    _ask("GET", "/api/v1/admin/devices?user={esbjerg_user}", None, "admin"),
    _ask("GET", "/api/v1/admin/audit", None, "admin", "leader"),
    _ask("DELETE", "/api/v1/admin/teams/{other_team}/members/eva", None, "admin"),
]


@pytest.mark.parametrize("role", ["admin", "leader", "consultant"])
@pytest.mark.parametrize("ask", MATRIX, ids=lambda a: f"{a.method} {a.path} {sorted((a.body or {}).items())}"[:90])
def test_each_role_may_do_what_console_md_says_and_a_refusal_is_audited_and_changes_nothing(
    server: Server, role: str, ask: Ask
) -> None:
    caller = {"admin": ("ida", ADMIN_PASSWORD), "leader": ("lars", PASSWORD)}.get(role)
    if caller is None:
        caller = (make_user(server)[0], PASSWORD)
    herning_user = make_user(server, signs_in=False)[1]
    esbjerg_name, esbjerg_user = make_user(server, team=server.other_team, signs_in=False)
    if "/members/eva" in ask.path and ask.method == "DELETE":
        # Put a fresh consultant in Esbjerg to be taken out, so eva stays for other tests.
        name = make_user(server, team=server.other_team, signs_in=False)[0]
        ask = Ask(ask.method, ask.path.replace("eva", name), ask.body, ask.allowed)

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return value.format(
                team=server.team,
                other_team=server.other_team,
                herning_user=herning_user,
                esbjerg_user=esbjerg_user,
                esbjerg_name=esbjerg_name,
                new=new_username(),
            )
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    admin = admin_of(server)
    before = (
        admin.get(f"{server.url}/api/v1/admin/teams", timeout=30).json(),
        admin.get(f"{server.url}/api/v1/admin/users", timeout=30).json(),
    )
    session = as_user(server, *caller)
    path = fill(ask.path)
    answer = session.request(ask.method, f"{server.url}{path}", json=fill(ask.body), timeout=30)
    if role in ask.allowed:
        assert answer.status_code < 300, answer.text
        return
    assert answer.status_code == 403, answer.text
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and len(detail) > 15  # a sentence, not a code
    after = (
        admin.get(f"{server.url}/api/v1/admin/teams", timeout=30).json(),
        admin.get(f"{server.url}/api/v1/admin/users", timeout=30).json(),
    )
    assert after == before
    refused = audit(server, actor=caller[0], action="forbidden")
    assert refused and refused[0]["target"] == f"{ask.method} {path.split('?')[0]}"
    assert refused[0]["detail"] == detail


def test_a_leader_sees_only_the_teams_and_people_they_lead(server: Server) -> None:
    lars = as_user(server, "lars")
    teams = lars.get(f"{server.url}/api/v1/admin/teams", timeout=30).json()
    assert [t["id"] for t in teams] == [server.team]
    users = {u["username"] for u in lars.get(f"{server.url}/api/v1/admin/users", timeout=30).json()}
    assert {"ole", "mette", "lars"} <= users
    assert "eva" not in users and "ida" not in users
    assert all(e["actor"] != "eva" for e in lars.get(f"{server.url}/api/v1/admin/audit", timeout=30).json())


# --- Accounts ------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["OLE", " ole ", "Ole", "oLe"])
def test_a_username_signs_in_whatever_its_case_and_surrounding_spaces(server: Server, typed: str) -> None:
    assert login(server, typed).status_code == 200


@pytest.mark.parametrize("username", ["Ole", "OLE", " ole", "ole "])
def test_a_username_differing_only_in_case_or_spaces_is_taken(server: Server, tmp_path: Path, username: str) -> None:
    secret = tmp_path / "p.txt"
    secret.write_text("et helt andet kodeord", encoding="utf-8")
    with pytest.raises(RuntimeError, match="is taken"):
        cli(
            server.database,
            "create-user",
            "--username",
            username,
            "--password-file",
            str(secret),
            "--team",
            server.team,
        )


def test_a_decomposed_username_is_the_same_account(server: Server, tmp_path: Path) -> None:
    secret = tmp_path / "p.txt"
    secret.write_text(PASSWORD, encoding="utf-8")
    cli(
        server.database,
        "create-user",
        "--username",
        "andr\u00e9",
        "--password-file",
        str(secret),
        "--team",
        server.team,
    )
    assert login(server, "ANDRE\u0301").status_code == 200  # typed with a combining accent
    with pytest.raises(RuntimeError, match="is taken"):
        cli(
            server.database,
            "create-user",
            "--username",
            "andre\u0301",
            "--password-file",
            str(secret),
            "--team",
            server.team,
        )


WEAK = [
    ("short", "kort kode", "at least 12"),
    ("common", "password1234", "common"),
    ("keyboard run", "qwertyuiopå1", "common"),
    ("repeat", "aaaaaaaaaaaa", "common"),
    ("the username", "{username}{username}", "common"),
    ("a date and a pattern", "01012000xxxx", "common"),
    ("a sequence", "abcdefghijkl", "common"),
    ("a common phrase", "iloveyou1234", "common"),
    ("a Danish word and a year", "Sommer2025!!", "common word"),
    ("a Danish word and a year, no symbol", "Velkommen2026", "common word"),
    ("the job centre and a year", "Jobcenter2026", "common word"),
    ("the username and a year", "{username}2026!!", "common word"),
    ("a word of the team's name", "Herning2026!!", "common word"),
]


@pytest.mark.parametrize(("kind", "password", "said"), WEAK, ids=[w[0] for w in WEAK])
def test_a_weak_password_is_refused_with_the_reason(server: Server, kind: str, password: str, said: str) -> None:
    username = new_username()
    answer = as_user(server, "ida", ADMIN_PASSWORD).post(
        f"{server.url}/api/v1/admin/users",
        json={"username": username, "password": password.format(username=username), "teams": [server.team]},
        timeout=30,
    )
    assert answer.status_code == 422, answer.text
    assert said in answer.json()["detail"]
    assert login(server, username, password.format(username=username)).status_code == 401


@pytest.mark.parametrize("maker", ["admin", "leader"])
def test_an_account_made_by_an_admin_or_a_leader_chooses_its_own_password_at_first_sign_in(
    server: Server, maker: str
) -> None:
    """Trial: an account made through the admin API or the console kept the password its
    maker chose and knows; it is the same situation as a reset."""
    session = admin_of(server) if maker == "admin" else as_user(server, "lars")
    name = new_username()
    made = session.post(
        f"{server.url}/api/v1/admin/users",
        json={"username": name, "password": FIRST_PASSWORD, "teams": [server.team]},
        timeout=30,
    )
    assert made.status_code == 201, made.text
    asked = login(server, name, FIRST_PASSWORD)
    assert asked.status_code == 403 and asked.json()["reason"] == "password_change_required"
    assert login(server, name, FIRST_PASSWORD, new_password=FIRST_PASSWORD).status_code == 422
    assert login(server, name, FIRST_PASSWORD, new_password=PASSWORD).status_code == 200
    assert login(server, name, PASSWORD).status_code == 200
    assert login(server, name, FIRST_PASSWORD).status_code == 401


def test_an_account_made_on_the_command_line_signs_in_with_its_password(server: Server, tmp_path: Path) -> None:
    """The operator making the first admin or their own account chose the password."""
    name = new_username()
    secret = tmp_path / "p.txt"
    secret.write_text(PASSWORD, encoding="utf-8")
    cli(server.database, "create-user", "--username", name, "--password-file", str(secret), "--team", server.team)
    assert login(server, name).status_code == 200


@pytest.mark.parametrize("role", ["consultant", "leader"])
def test_a_consultant_or_a_leader_without_a_team_is_refused_the_same_way_everywhere(
    server: Server, tmp_path: Path, role: str
) -> None:
    """Trial: the command line refused a consultant without a team, the admin API and the
    console made one. An admin may have none (the role matrix makes one)."""
    name = new_username()
    body = {"username": name, "password": FIRST_PASSWORD, "role": role, "teams": []}
    answer = admin_of(server).post(f"{server.url}/api/v1/admin/users", json=body, timeout=30)
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert "at least one team" in detail
    if role == "consultant":  # a leader asking for someone in no team is told the same rule
        by_leader = as_user(server, "lars").post(f"{server.url}/api/v1/admin/users", json=body, timeout=30)
        assert by_leader.status_code == 422 and by_leader.json()["detail"] == detail
    secret = tmp_path / "p.txt"
    secret.write_text(PASSWORD, encoding="utf-8")
    with pytest.raises(RuntimeError) as refused:
        cli(server.database, "create-user", "--username", name, "--password-file", str(secret), "--role", role)
    assert refused.value.args[0].strip() == f"error: {detail}"
    assert name not in {u["username"] for u in admin_of(server).get(f"{server.url}/api/v1/admin/users").json()}


def test_a_reset_asks_for_a_new_password_at_next_sign_in_and_revokes_the_devices(server: Server) -> None:
    name, user_id = make_user(server)
    tablet = as_user(server, name)
    assert tablet.get(f"{server.url}/api/v1/sync/pull", timeout=30).status_code == 200
    lars = as_user(server, "lars")
    temporary = "midlertidig kode til dig"
    assert (
        lars.post(
            f"{server.url}/api/v1/admin/users/{user_id}/password", json={"password": temporary}, timeout=30
        ).status_code
        == 204
    )
    assert tablet.get(f"{server.url}/api/v1/sync/pull", timeout=30).status_code == 401
    asked = login(server, name, temporary)
    assert asked.status_code == 403 and asked.json()["reason"] == "password_change_required"
    assert login(server, name, temporary, new_password="kort").status_code == 422
    assert login(server, name, temporary, new_password="mit eget nye kodeord").status_code == 200
    assert login(server, name, "mit eget nye kodeord").status_code == 200
    actions = [e["action"] for e in audit(server, target=f"user:{name}")]
    assert "password_reset" in actions and "password_change" in actions


def test_a_consultant_changes_their_own_password(server: Server) -> None:
    name, _ = make_user(server)
    own = as_user(server, name)
    wrong = own.post(f"{server.url}/api/v1/password", json={"old": "forkert kode!!", "new": "ny og lang kode"})
    assert wrong.status_code == 422 and "wrong" in wrong.json()["detail"]
    weak = own.post(f"{server.url}/api/v1/password", json={"old": PASSWORD, "new": "password1234"})
    assert weak.status_code == 422
    assert (
        own.post(f"{server.url}/api/v1/password", json={"old": PASSWORD, "new": "ny og lang kode"}).status_code == 204
    )
    assert login(server, name).status_code == 401
    assert login(server, name, "ny og lang kode").status_code == 200


def test_deactivating_ends_every_device_and_refuses_sign_in(server: Server) -> None:
    name, user_id = make_user(server)
    tablets = [as_user(server, name) for _ in range(2)]
    admin = as_user(server, "ida", ADMIN_PASSWORD)
    answer = admin.patch(f"{server.url}/api/v1/admin/users/{user_id}", json={"active": False}, timeout=30)
    assert answer.status_code == 200 and answer.json()["active"] is False
    for tablet in tablets:
        assert tablet.get(f"{server.url}/api/v1/sync/pull", timeout=30).status_code == 401
    refused = login(server, name)
    assert refused.status_code == 403 and "deactivated" in refused.json()["detail"]
    devices = admin.get(f"{server.url}/api/v1/admin/devices", params={"user": user_id}, timeout=30).json()
    assert devices and all(d["revoked_ms"] for d in devices)


def test_the_cli_deactivates_in_one_step_and_every_change_is_audited_as_cli(server: Server, tmp_path: Path) -> None:
    name, _ = make_user(server)
    tablet = as_user(server, name)
    said = cli(server.database, "deactivate-user", "--username", name.upper())
    assert "deactivated" in said
    assert tablet.get(f"{server.url}/api/v1/sync/pull", timeout=30).status_code == 401
    entries = audit(server, target=f"user:{name}", actor="cli")
    assert [e["action"] for e in entries][:1] == ["user_deactivate"]
    listed = cli(server.database, "list-users")
    assert listed  # the last line; the whole list is checked below
    secret = tmp_path / "p.txt"
    secret.write_text("en ny lang adgangskode", encoding="utf-8")
    cli(server.database, "set-password", "--username", name, "--password-file", str(secret))
    assert audit(server, target=f"user:{name}", action="password_reset")[0]["actor"] == "cli"


# --- Devices -------------------------------------------------------------------------------


def test_a_device_is_seen_when_it_syncs_and_a_consultant_sees_and_revokes_only_their_own(server: Server) -> None:
    name, user_id = make_user(server)
    tablet = as_user(server, name)
    assert tablet.get(f"{server.url}/api/v1/sync/pull", timeout=30).status_code == 200
    own = tablet.get(f"{server.url}/api/v1/admin/devices", timeout=30).json()
    assert len(own) == 1 and own[0]["user"] == user_id and own[0]["last_seen_ms"] >= own[0]["created_ms"]
    others = tablet.get(f"{server.url}/api/v1/admin/devices", params={"user": uid(server, "eva")}, timeout=30)
    assert others.status_code == 403
    second = as_user(server, name)
    second_id = [
        d for d in tablet.get(f"{server.url}/api/v1/admin/devices", timeout=30).json() if d["id"] != own[0]["id"]
    ]
    assert tablet.post(f"{server.url}/api/v1/admin/devices/{second_id[0]['id']}/revoke", timeout=30).status_code == 204
    assert second.get(f"{server.url}/api/v1/sync/pull", timeout=30).status_code == 401
    used = audit(server, action="revoked_token_used", target=f"device:{second_id[0]['id']}")
    assert used and used[0]["actor"] == name


def test_a_token_unused_for_the_idle_days_ends_and_says_log_in_again(server: Server) -> None:
    name, _ = make_user(server)
    answer = login(server, name)
    device_id = answer.json()["device_id"]
    tablet = requests.Session()
    tablet.headers["Authorization"] = f"Bearer {answer.json()['token']}"
    engine = create_engine(normalise_url(server.database))
    with engine.begin() as conn:  # as if the tablet had lain in a drawer for 91 days
        ninety_one_days_ago = int(answer.json()["server_time"]) - 91 * 24 * 3600 * 1000
        conn.execute(
            update(Device)
            .where(Device.id == device_id)
            .values(last_seen_ms=ninety_one_days_ago, created_ms=ninety_one_days_ago)
        )
    engine.dispose()
    ended = tablet.get(f"{server.url}/api/v1/sync/pull", timeout=30)
    assert ended.status_code == 401 and "log in again" in ended.json()["detail"]
    assert audit(server, target=f"device:{device_id}", action="device_revoke")[0]["actor"] == "server"


# --- The audit log -------------------------------------------------------------------------


def test_the_audit_log_is_append_only_and_holds_no_password(server: Server) -> None:
    name, _ = make_user(server)
    login(server, name, "forkert kodeord her")
    login(server, name)
    entries = audit(server, actor=name)
    assert {"sign_in", "sign_in_failed"} <= {e["action"] for e in entries}
    everything = audit(server, limit=10_000)
    assert not any(PASSWORD in str(e) or ADMIN_PASSWORD in str(e) or "forkert kodeord" in str(e) for e in everything)
    engine = create_engine(normalise_url(server.database))
    try:
        statements = ["UPDATE audit SET actor = 'someone else'", "DELETE FROM audit"]
        if server.database.startswith("postgresql"):
            statements.append("TRUNCATE audit")  # SQLite has no TRUNCATE (its DELETE is refused)
        for statement in statements:
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        engine.dispose()
    assert len(audit(server, limit=10_000)) >= len(everything)


def test_the_audit_filters_by_person_action_target_and_dates(server: Server) -> None:
    name, _ = make_user(server)
    login(server, name, "forkert kodeord her")
    mine = audit(server, actor=name)
    assert mine and all(e["actor"] == name for e in mine)
    at = mine[0]["at_ms"]
    assert audit(server, actor=name, since_ms=at + 1) == []
    assert audit(server, actor=name, until_ms=at) == [e for e in mine if e["at_ms"] < at]
    assert all(e["action"] == "sign_in_failed" for e in audit(server, action="sign_in_failed"))
    assert [e["at_ms"] for e in mine] == sorted((e["at_ms"] for e in mine), reverse=True)


# The admin API table of ../shared/CONSOLE.md (issue 11's part of it), as written there.
CONSOLE_MD_ROUTES = [
    ("get", "/api/v1/admin/teams"),
    ("post", "/api/v1/admin/teams"),
    ("post", "/api/v1/admin/teams/{id}/members"),
    ("delete", "/api/v1/admin/teams/{id}/members/{username}"),
    ("get", "/api/v1/admin/users"),
    ("post", "/api/v1/admin/users"),
    ("patch", "/api/v1/admin/users/{id}"),
    ("post", "/api/v1/admin/users/{id}/password"),
    ("post", "/api/v1/password"),
    ("get", "/api/v1/admin/devices"),
    ("post", "/api/v1/admin/devices/{id}/revoke"),
    ("get", "/api/v1/admin/audit"),
]


def test_openapi_json_lists_every_route_of_the_console_md_table(server: Server) -> None:
    schema = requests.get(f"{server.url}/openapi.json", timeout=30).json()
    # Path parameters are named for what they hold here ({team_id}); CONSOLE.md says {id}.
    served = {
        (method, "/".join("{id}" if p.startswith("{") and p != "{username}" else p for p in path.split("/")))
        for path, item in schema["paths"].items()
        for method in item
    }
    assert [route for route in CONSOLE_MD_ROUTES if route not in served] == []
    audit_params = {p["name"] for p in schema["paths"]["/api/v1/admin/audit"]["get"]["parameters"]}
    assert {"actor", "action", "target", "since_ms", "until_ms", "limit"} <= audit_params


NUL = "ole\x00"
NUL_REQUESTS = [
    ("GET", "/api/v1/admin/devices", {"user": NUL}, None),
    ("GET", "/api/v1/admin/audit", {"actor": NUL, "target": NUL, "action": NUL}, None),
    ("PATCH", "/api/v1/admin/users/" + NUL, None, {"name": "Ny"}),
    ("POST", "/api/v1/admin/users/" + NUL + "/password", None, {"password": "en lang og god kode"}),
    ("POST", "/api/v1/admin/devices/" + NUL + "/revoke", None, None),
    ("POST", "/api/v1/admin/teams", None, {"name": NUL}),
    ("POST", "/api/v1/admin/teams/" + NUL + "/members", None, {"username": NUL}),
    ("DELETE", "/api/v1/admin/teams/" + NUL + "/members/" + NUL, None, None),
    ("POST", "/api/v1/admin/users", None, {"username": NUL, "name": NUL, "password": "en lang og god kode"}),
]


@pytest.mark.parametrize(
    ("method", "path", "params", "body"), NUL_REQUESTS, ids=[f"{m} {p}" for m, p, _, _ in NUL_REQUESTS]
)
def test_a_nul_character_anywhere_in_a_request_is_a_readable_4xx_never_a_500(
    server: Server, method: str, path: str, params: dict[str, str] | None, body: dict[str, str] | None
) -> None:
    """PostgreSQL cannot hold or look up text with a NUL character; in a path, a query or a
    JSON body it is answered with a sentence (the fuzz test found GET devices?user=…\\x00)."""
    answer = admin_of(server).request(method, f"{server.url}{path}", params=params, json=body, timeout=30)
    assert 400 <= answer.status_code < 500, answer.text
    assert len(answer.json()["detail"]) > 15


def test_a_nul_character_in_a_console_form_or_address_gets_a_page_in_danish(server: Server) -> None:
    browser = requests.Session()
    form = browser.get(f"{server.url}/console/sign-in", timeout=30).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    assert csrf is not None
    signed = browser.post(
        f"{server.url}/console/sign-in",
        data={"username": "ida", "password": ADMIN_PASSWORD, "csrf": csrf.group(1)},
        timeout=30,
    )
    assert signed.status_code == 200
    for path in ("/console/people/" + NUL, "/console/audit?actor=" + NUL, "/console/devices?user=" + NUL):
        answer = browser.get(f"{server.url}{path}", timeout=30)
        assert 400 <= answer.status_code < 500, (path, answer.status_code)
        assert "<h1>" in answer.text
    teams = browser.get(f"{server.url}/console/teams", timeout=30).text
    token = re.search(r'name="csrf" value="([^"]+)"', teams)
    assert token is not None
    made = browser.post(f"{server.url}/console/teams", data={"name": "Team\x00", "csrf": token.group(1)}, timeout=30)
    assert made.status_code == 422 and "NUL-tegn" in made.text
    assert "Team\x00" not in browser.get(f"{server.url}/console/teams", timeout=30).text


# --- From the newcomer trial ---------------------------------------------------------------


def test_a_leader_cannot_pull_someone_from_another_team_and_take_over_their_account(server: Server) -> None:
    """Trial: a leader added a consultant of another team to their own, reset the
    password and signed in as them (their other team's data with it)."""
    admin = admin_of(server)
    lars = as_user(server, "lars")
    outsider, outsider_id = make_user(server, team=server.other_team)
    both, both_id = make_user(server, team=server.other_team)
    assert admin.post(f"{server.url}/api/v1/admin/teams/{server.team}/members", json={"username": both}).ok
    refusals = []
    for name in (outsider, "findes-ikke-" + new_username()):  # and no way to learn who exists
        answer = lars.post(f"{server.url}/api/v1/admin/teams/{server.team}/members", json={"username": name})
        assert answer.status_code == 403
        refusals.append(answer.json()["detail"])
    assert refusals[0] == refusals[1]
    for user_id in (outsider_id, both_id):  # one in Esbjerg only, one in Esbjerg and Herning
        reset = lars.post(
            f"{server.url}/api/v1/admin/users/{user_id}/password", json={"password": "overtaget konto nu"}
        )
        assert reset.status_code == 403
        off = lars.patch(f"{server.url}/api/v1/admin/users/{user_id}", json={"active": False})
        assert off.status_code == 403
    assert login(server, both).status_code == 200  # untouched


def test_wrong_current_passwords_are_audited_and_stop_after_ten(server: Server) -> None:
    """Trial: changing one's own password was an unlimited, unlogged way to guess it."""
    name, _ = make_user(server)
    own = as_user(server, name)
    for n in range(10):
        wrong = own.post(
            f"{server.url}/api/v1/password", json={"old": f"gæt nummer {n} her", "new": "ny lang kode her"}
        )
        assert wrong.status_code == 422 and wrong.json()["reason"] == "password_wrong"
    stopped = own.post(f"{server.url}/api/v1/password", json={"old": PASSWORD, "new": "ny lang kode her"})
    assert stopped.status_code == 422 and stopped.json()["reason"] == "password_throttled"
    assert len(audit(server, target=f"user:{name}", action="password_change_failed")) == 10
    assert login(server, name).status_code == 200  # the password is unchanged


def test_a_persons_entries_are_found_whatever_case_they_typed_or_are_searched_by(server: Server) -> None:
    """Trial: failed sign-ins were filed under what was typed (" SØREN "), and the person
    filter matched exactly."""
    name, _ = make_user(server)
    login(server, f"  {name.upper()} ", "forkert kodeord her")
    for search in (name, name.upper(), f" {name} "):
        found = audit(server, actor=search, action="sign_in_failed")
        assert [e["actor"] for e in found] == [name]


@pytest.mark.parametrize(("first", "second"), [("Nord", "nord"), ("Øst", "øST"), ("Syd", "SYD")])
def test_team_names_differing_only_in_case_are_one_team(server: Server, first: str, second: str) -> None:
    """Trial: "Nord" and "nord" could both exist, and --team NORD was no team."""
    suffix = new_username()
    made = admin_of(server).post(f"{server.url}/api/v1/admin/teams", json={"name": f"{first} {suffix}"})
    assert made.status_code == 201
    again = admin_of(server).post(f"{server.url}/api/v1/admin/teams", json={"name": f"  {second} {suffix} "})
    assert again.status_code == 422 and "exists already" in again.json()["detail"]
    said = cli(server.database, "add-member", "--username", "mette", "--team", f"{second.upper()} {suffix.upper()}")
    assert "added to" in said


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Team Nord", "  Team  Nord "),
        ("Team Nord", "Team\tNord"),
        ("  Team   Syd ", "Team Syd"),  # the first is stored with its spaces collapsed
        ("Team Øst", "Team\u00a0\u00a0Øst"),  # no-break spaces
    ],
)
def test_team_names_differing_only_in_spaces_are_one_team(server: Server, first: str, second: str) -> None:
    """Second trial: "  Team  Nord " was created beside "Team Nord", both shown as "Team
    Nord". A team's name is stored and matched with runs of whitespace as one space."""
    suffix = new_username()
    boss = admin_of(server)
    made = boss.post(f"{server.url}/api/v1/admin/teams", json={"name": f"{first} {suffix}"})
    assert made.status_code == 201
    shown = " ".join(f"{first} {suffix}".split())
    assert [t["name"] for t in boss.get(f"{server.url}/api/v1/admin/teams").json() if suffix in t["name"]] == [shown]
    again = boss.post(f"{server.url}/api/v1/admin/teams", json={"name": f"{second} {suffix}"})
    assert again.status_code == 422 and "exists already" in again.json()["detail"]
    said = cli(server.database, "add-member", "--username", "mette", "--team", f"{second}  {suffix}")
    assert "added to" in said
