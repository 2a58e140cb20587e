"""Content packs on the server (issue 12 item 1; ../shared/CONSOLE.md "Content packs"),
over real HTTP on SQLite and PostgreSQL: a draft the app's model refuses is refused with
the place and the problem; who may make, change and publish a team's pack (refusals
change nothing and are audited); a published pack reaches every tablet of the team and no
other, with a 304 while it has not changed; rollback; a visit's own version by number; a
new team, and a team of a database made before migration s0006, starts from the built-in
pack."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import text

from server.db import make_engine
from tests.server.test_admin import admin_of, as_user, audit
from tests.server.test_long_history import database, migrate_to
from tests.server.test_stranded import LIMIT_BYTES, send_until_answered
from tests.server_harness import PASSWORD, Server, cli, launch, office_server

ROOT = Path(__file__).resolve().parents[2]
__all__ = ["database"]  # the fixture of test_long_history: a fresh SQLite or PostgreSQL database


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """tests.server_harness.office_server: ole and mette in the first team, eva in the
    other, lars the first team's leader, ida an admin in no team; and lise, the other
    team's leader."""
    for running in office_server(request.param, tmp_path_factory):
        secret = tmp_path_factory.mktemp("lise") / "password.txt"
        secret.write_text(PASSWORD, encoding="utf-8")
        lise = ("--username", "lise", "--password-file", str(secret), "--team", running.other_team)
        cli(running.database, "create-user", *lise, "--role", "leader")  # leads the team she is made in
        yield running


@cache
def built_in(language: str = "da") -> dict[str, Any]:
    return dict(json.loads((ROOT / "assets" / "content" / f"pack.{language}.json").read_text(encoding="utf-8")))


def edited(change: Callable[[dict[str, Any]], object], language: str = "da") -> dict[str, Any]:
    pack = copy.deepcopy(built_in(language))
    change(pack)
    return pack


_SESSIONS: dict[tuple[str, str], requests.Session] = {}


def user(server: Server, username: str) -> requests.Session:
    """``username``'s session (a tablet of theirs), signed in once per server."""
    if username == "ida":
        return admin_of(server)
    if (server.url, username) not in _SESSIONS:
        _SESSIONS[(server.url, username)] = as_user(server, username)
    return _SESSIONS[(server.url, username)]


def draft(server: Server, who: str, pack: Any, *, team: str | None = None, **extra: Any) -> requests.Response:
    body = {"team": team or server.team, "language": "da", "pack": pack, "note": "Nye kort", **extra}
    return user(server, who).post(f"{server.url}/api/v1/admin/content", json=body, timeout=30)


def publish(server: Server, who: str, version: int) -> requests.Response:
    return user(server, who).post(f"{server.url}/api/v1/admin/content/{version}/publish", timeout=30)


def versions(server: Server, team: str) -> list[dict[str, Any]]:
    answer = admin_of(server).get(f"{server.url}/api/v1/admin/content", params={"team": team}, timeout=30)
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def content(server: Server, who: str, etag: str | None = None, **params: str) -> requests.Response:
    headers = {"If-None-Match": etag} if etag else {}
    return user(server, who).get(f"{server.url}/api/v1/content", params=params, headers=headers, timeout=30)


def current(server: Server, team: str, language: str = "da") -> dict[str, Any]:
    return next(v for v in versions(server, team) if v["current"] and v["language"] == language)


# -- a draft is checked with the app's own model -----------------------------------------------

CARD = built_in()["cards"][3]["id"]
REFUSED = {
    "unknown phase": (
        edited(lambda p: p["cards"][3].update(phase="x")),
        f"cards[3].phase: unknown phase 'x' (card '{CARD}')",
    ),
    "duplicate id": (
        edited(lambda p: p["cards"][4].update(id=CARD)),
        f"cards[4]: the id '{CARD}' is used twice",
    ),
    "blank Danish text": (
        edited(lambda p: p["bubble_sheet"]["fields"][0].update(text="  ")),
        "bubble_sheet.fields[0].text: the text is missing (empty or only spaces)",
    ),
    "missing text": (edited(lambda p: p["cards"][5].pop("text")), "cards[5].text: Field required"),
    "threshold above the criteria": (
        edited(lambda p: p["recognition"].update(min_met=7)),
        "recognition: min_met (7) is larger than the number of criteria (6)",
    ),
    "wrong language": (
        edited(lambda p: p.update(language="en")),
        "language: the pack says 'en', but this draft is for 'da'",
    ),
    "not a JSON object": ([built_in()], "pack: must be a JSON object, the whole pack (as pack.da.json is)"),
    "unknown key": (
        edited(lambda p: p["phases"][0].update(titel="Åbning")),
        "phases[0].titel: Extra inputs are not permitted",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_draft_the_app_would_refuse_is_refused_naming_the_place_and_the_problem(server: Server, case: str) -> None:
    pack, detail = REFUSED[case]
    before = versions(server, server.team)
    answer = draft(server, "lars", pack)
    assert (answer.status_code, answer.json()) == (422, {"detail": detail})
    assert versions(server, server.team) == before
    # The same check when a draft's pack is replaced.
    made = draft(server, "lars", built_in()).json()["version"]
    replaced = user(server, "lars").put(f"{server.url}/api/v1/admin/content/{made}", json={"pack": pack}, timeout=30)
    assert (replaced.status_code, replaced.json()) == (422, {"detail": detail})


def test_a_draft_over_the_body_limit_is_refused_with_413(server: Server) -> None:
    token = str(user(server, "lars").headers["Authorization"])
    head = (
        f"POST /api/v1/admin/content HTTP/1.1\r\nHost: {urlsplit(server.url).netloc}\r\nAuthorization: {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {2 * LIMIT_BYTES}\r\n\r\n"
    )
    assert send_until_answered(server.url, head, chunked=False)[0] == 413


# -- who may ---------------------------------------------------------------------------------

NOT_A_MANAGER = "only an administrator or a team leader may do this"
OTHER_TEAM = "you may only see and change the content packs of the teams you lead"


@pytest.mark.parametrize(
    ("who", "refusal"),
    [("ida", None), ("lars", None), ("lise", OTHER_TEAM), ("ole", NOT_A_MANAGER)],
    ids=["admin", "leader of the team", "leader of another team", "consultant"],
)
def test_admins_and_the_teams_leaders_make_and_publish_its_pack_and_others_are_refused_and_audited(
    server: Server, who: str, refusal: str | None
) -> None:
    made = draft(server, "ida", edited(lambda p: p["cards"][0].update(text="Hvad laver I her?")), note="til test")
    version = made.json()["version"]
    before = versions(server, server.team)
    tries = [
        ("POST /api/v1/admin/content", draft(server, who, built_in(), note="forsøg")),
        (f"POST /api/v1/admin/content/{version}/publish", publish(server, who, version)),
        (
            f"PUT /api/v1/admin/content/{version}",
            user(server, who).put(
                f"{server.url}/api/v1/admin/content/{version}", json={"pack": built_in()}, timeout=30
            ),
        ),
        (
            f"GET /api/v1/admin/content/{version}",
            user(server, who).get(f"{server.url}/api/v1/admin/content/{version}", timeout=30),
        ),
        (
            "GET /api/v1/admin/content",
            user(server, who).get(f"{server.url}/api/v1/admin/content", params={"team": server.team}, timeout=30),
        ),
    ]
    if refusal is not None:
        for target, answer in tries:
            assert (answer.status_code, answer.json()) == (403, {"detail": refusal}), target
        assert versions(server, server.team) == before  # nothing changed
        refused = {(e["target"], e["detail"]) for e in audit(server, action="forbidden", actor=who)}
        assert {(target, refusal) for target, _ in tries} <= refused
        return
    assert [answer.status_code for _, answer in tries] == [201, 204, 409, 200, 200]
    created = tries[0][1].json()["version"]
    entries = {(e["action"], e["target"], e["detail"]) for e in audit(server, actor=who)}
    assert ("content_create", f"team:{server.team}", f"version={created} language=da note=forsøg") in entries
    assert ("content_publish", f"team:{server.team}", f"version={version} language=da note=til test") in entries
    assert current(server, server.team)["version"] == version


def test_a_leader_lists_the_versions_of_the_teams_she_leads_only(server: Server) -> None:
    mine = user(server, "lars").get(f"{server.url}/api/v1/admin/content", timeout=30).json()
    assert mine and {v["team"] for v in mine} == {server.team}
    assert [v["version"] for v in mine] == sorted((v["version"] for v in mine), reverse=True)  # newest first
    assert set(mine[0]) >= {"version", "team", "language", "status", "note", "by", "at_ms"}
    everyone = admin_of(server).get(f"{server.url}/api/v1/admin/content", timeout=30).json()
    assert {v["team"] for v in everyone} >= {server.team, server.other_team}


# -- what the tablets get --------------------------------------------------------------------


def test_a_published_pack_reaches_every_tablet_of_the_team_and_no_other_with_304_while_unchanged(
    server: Server,
) -> None:
    before = {who: content(server, who) for who in ("ole", "mette", "eva")}
    assert all(answer.status_code == 200 for answer in before.values())
    for who in ("ole", "mette", "eva"):
        assert content(server, who, before[who].headers["ETag"]).status_code == 304

    made = draft(server, "lars", edited(lambda p: p["cards"][0].update(text="Fortæl om jeres grønne planer")))
    version = made.json()["version"]
    assert content(server, "ole", before["ole"].headers["ETag"]).status_code == 304  # a draft is not served
    assert publish(server, "lars", version).status_code == 204

    for who in ("ole", "mette"):
        after = content(server, who, before[who].headers["ETag"])
        assert after.status_code == 200 and after.headers["ETag"] != before[who].headers["ETag"]
        pack = json.loads(after.content)
        assert (pack["version"], pack["language"]) == (str(version), "da")
        assert pack["cards"][0]["text"] == "Fortæl om jeres grønne planer"
        assert content(server, who, after.headers["ETag"]).status_code == 304
        # A list of ETags, and the weak form, as a cache may send them.
        assert content(server, who, f'"nej", W/{after.headers["ETag"]}').status_code == 304
    assert content(server, "eva", before["eva"].headers["ETag"]).status_code == 304


def test_publishing_an_older_version_again_rolls_back(server: Server) -> None:
    old = current(server, server.team)
    new = draft(server, "lars", edited(lambda p: p["cards"][1].update(text="Ny tekst"))).json()["version"]
    assert publish(server, "lars", new).status_code == 204
    seen = content(server, "ole")
    assert json.loads(seen.content)["version"] == str(new)
    assert publish(server, "lars", old["version"]).status_code == 204
    back = content(server, "ole", seen.headers["ETag"])
    assert back.status_code == 200 and json.loads(back.content)["version"] == str(old["version"])
    listed = {v["version"]: v for v in versions(server, server.team)}
    assert listed[old["version"]]["current"] and not listed[new]["current"]
    assert listed[new]["status"] == "published"


def test_a_visits_version_is_served_by_number_to_its_team_only(server: Server) -> None:
    shown = draft(server, "lars", edited(lambda p: p["cards"][2].update(text="Kort fra version n")))
    version = shown.json()["version"]
    assert content(server, "ole", version=str(version)).status_code == 404  # a draft: no visit has it
    publish(server, "lars", version)
    later = draft(server, "lars", built_in()).json()["version"]
    publish(server, "lars", later)  # a newer one is current now
    exact = content(server, "mette", version=str(version))
    assert exact.status_code == 200 and json.loads(exact.content)["cards"][2]["text"] == "Kort fra version n"
    assert content(server, "mette", exact.headers["ETag"], version=str(version)).status_code == 304
    assert content(server, "eva", version=str(version)).status_code == 404  # another team's
    assert content(server, "ole", version="999999").status_code == 404
    own = content(server, "ole", version=built_in()["version"])  # a visit prepared before pairing
    assert own.status_code == 200 and json.loads(own.content) == built_in()


def test_a_tablet_names_one_of_its_own_teams_only(server: Server) -> None:
    assert content(server, "ole", team=server.team).status_code == 200
    refused = content(server, "ole", team=server.other_team)
    assert refused.status_code == 403 and "your own teams" in refused.json()["detail"]
    assert any(e["target"] == "GET /api/v1/content" for e in audit(server, action="forbidden", actor="ole"))


def test_a_draft_is_replaced_and_read_back_and_a_published_version_is_not_replaced(server: Server) -> None:
    lars = user(server, "lars")
    version = draft(server, "lars", built_in()).json()["version"]
    changed = edited(lambda p: p["bubble_sheet"]["fields"][0].update(text="Rekruttering, vores ord"))
    put = lars.put(f"{server.url}/api/v1/admin/content/{version}", json={"pack": changed, "note": "boble"}, timeout=30)
    assert put.status_code == 204
    got = lars.get(f"{server.url}/api/v1/admin/content/{version}", timeout=30).json()
    assert (got["status"], got["note"], got["by"], got["current"]) == ("draft", "boble", "lars", False)
    assert got["pack"] == {**changed, "version": str(version)}
    publish(server, "lars", version)
    again = lars.put(f"{server.url}/api/v1/admin/content/{version}", json={"pack": built_in()}, timeout=30)
    assert again.status_code == 409 and "make a new draft" in again.json()["detail"]


# -- where a team starts -----------------------------------------------------------------------


def test_a_new_team_starts_from_the_built_in_pack_and_someone_in_no_team_gets_it_as_it_is(server: Server) -> None:
    made = admin_of(server).post(f"{server.url}/api/v1/admin/teams", json={"name": "Jobcenter Ikast"}, timeout=30)
    team = made.json()["id"]
    listed = versions(server, team)
    assert sorted((v["language"], v["status"], v["by"], v["current"]) for v in listed) == [
        ("da", "published", "built-in", True),
        ("en", "published", "built-in", True),
    ]
    for v in listed:
        got = admin_of(server).get(f"{server.url}/api/v1/admin/content/{v['version']}", timeout=30).json()
        assert got["pack"] == {**built_in(v["language"]), "version": str(v["version"])}
    # ida, an administrator, is in no team: her tablet gets the app's own pack.
    english = content(server, "ida", language="en")
    assert json.loads(english.content) == built_in("en")


def test_a_database_with_teams_made_before_s0006_starts_each_team_from_the_built_in_pack(
    database: str, tmp_path: Path
) -> None:
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD, encoding="utf-8")
    teams = [cli(database, "create-team", "--name", name) for name in ("Nord", "Syd")]
    cli(database, "create-user", "--username", "ole", "--password-file", str(secret), "--team", "Syd")
    migrate_to(database, "s0005")  # as a server installed before content packs left it
    migrate_to(database, "head")
    engine = make_engine(database)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT version, team_id, language, by, published_at_ms, body, etag FROM content_pack")
            ).all()
    finally:
        engine.dispose()
    assert sorted((r.team_id, r.language, r.by) for r in rows) == sorted(
        (t, lang, "built-in") for t in teams for lang in ("da", "en")
    )
    assert len({r.version for r in rows}) == 4 and all(r.published_at_ms for r in rows)
    url, proc = launch(database, tmp_path)
    try:
        ole = requests.Session()
        login = ole.post(
            f"{url}/api/v1/login", json={"username": "ole", "password": PASSWORD, "device_name": "t"}, timeout=30
        )
        ole.headers["Authorization"] = f"Bearer {login.json()['token']}"
        served = ole.get(f"{url}/api/v1/content", params={"language": "da"}, timeout=30)
        mine = next(r for r in rows if (r.team_id, r.language) == (teams[1], "da"))
        assert served.headers["ETag"] == f'"{mine.etag}"'
        assert json.loads(served.content) == {**built_in(), "version": str(mine.version)}
    finally:
        proc.terminate()
        proc.wait(10)
