"""The console's content pages (issue 12 item 2) over real HTTP, on SQLite and PostgreSQL:
a team leader makes a draft, edits a card and the bubble sheet's recruitment text, hides
and moves cards, sees the differences in words, publishes, and a tablet of the team is
served the new pack; a refused draft shows the place and the problem in Danish beside the
form and keeps nothing; a consultant and a leader of another team are refused; a whole
pack goes out and back in as JSON; an older version is published again (rollback). And
the editor's pure parts (``server.console.pack_edit``) table by table."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
import requests

from server import packs
from server.console.content import change_line, refused_words
from server.console.pack_edit import SECTIONS, Stale, differences, move, place_words, set_hidden
from server.console.texts import texts
from tests.server.test_console import alerts, audit_rows, csrf_of, heading, page, signed_in
from tests.server.test_content import built_in
from tests.server_harness import PASSWORD, Server, cli, office_server

NEW_CARD = "Hvad ville gøre den største forskel for jer det næste halve år?"
NEW_RECRUITMENT = "Vi finder kandidater – også til få timer om ugen. Ring til os på 9999 1234."


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """tests.server_harness.office_server (lars leads the first team, ole and mette are in
    it, ida is an admin) and lise, the other team's leader."""
    for running in office_server(request.param, tmp_path_factory):
        secret = tmp_path_factory.mktemp("lise") / "password.txt"
        secret.write_text(PASSWORD, encoding="utf-8")
        lise = ("--username", "lise", "--password-file", str(secret), "--team", running.other_team)
        cli(running.database, "create-user", *lise, "--role", "leader")
        yield running


# --- A person at the console -------------------------------------------------------------


def post(browser: requests.Session, server: Server, path: str, form: dict[str, str], *, on: str) -> requests.Response:
    """Send a form of the page ``on`` (its CSRF token included), following the redirect."""
    token = csrf_of(page(browser, server, on).text)
    return browser.post(f"{server.url}/console{path}", data={**form, "csrf": token}, timeout=30)


def new_draft(browser: requests.Session, server: Server, team: str) -> int:
    answer = post(browser, server, f"/content/teams/{team}/drafts", {"language": "da"}, on=f"/content/teams/{team}")
    assert answer.status_code == 200, answer.text
    found = re.search(r"/content/versions/(\d+)\?done=draft_made$", answer.url)
    assert found, answer.url
    assert "Kladden er lavet." in answer.text
    return int(found.group(1))


def item_index(html: str, card_id: str) -> int:
    """The place of the item ``card_id`` in its list, as its form on the page says."""
    found = re.search(
        rf'action="/console/content/versions/\d+/edit/\w+/(\d+)">\s*<input type="hidden" name="csrf" value="[^"]+">\s*'
        rf'<input type="hidden" name="id" value="{re.escape(card_id)}">',
        html,
    )
    assert found, f"no form for {card_id}"
    return int(found.group(1))


def card_action(
    browser: requests.Session, server: Server, version: int, card_id: str, phase: str, **form: str
) -> requests.Response:
    on = f"/content/versions/{version}/edit/cards?phase={phase}"
    index = item_index(page(browser, server, on).text, card_id)
    return post(
        browser,
        server,
        f"/content/versions/{version}/edit/cards/{index}",
        {"id": card_id, "phase": phase, **form},
        on=on,
    )


def diff_lines(html: str) -> list[str]:
    """The differences as the reader sees them, each line's whitespace made single."""
    found = re.findall(r'<li class="diff-\w+">(.*?)</li>', html, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", li)).split()) for li in found]


def draft_pack(server: Server, version: int) -> dict[str, Any]:
    admin = requests.Session()
    token = requests.post(
        f"{server.url}/api/v1/login",
        json={"username": "lars", "password": PASSWORD, "device_name": "laptop"},
        timeout=30,
    ).json()["token"]
    admin.headers["Authorization"] = f"Bearer {token}"
    answer = admin.get(f"{server.url}/api/v1/admin/content/{version}", timeout=30)
    assert answer.status_code == 200, answer.text
    return dict(answer.json()["pack"])


def tablet_pack(server: Server, username: str = "ole") -> dict[str, Any]:
    answer = server.session(username).get(f"{server.url}/api/v1/content", params={"language": "da"}, timeout=30)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


# --- Over HTTP -------------------------------------------------------------------------


def test_a_leader_edits_a_card_and_the_recruitment_text_sees_the_changes_publishes_and_tablets_get_it(
    server: Server,
) -> None:
    lars = signed_in(server, "lars")
    overview = page(lars, server, "/content")
    assert overview.status_code == 200 and heading(overview.text) == "Indhold"
    assert "Jobcenter Herning" in overview.text and "Jobcenter Esbjerg" not in overview.text
    team = page(lars, server, f"/content/teams/{server.team}")
    assert "Dansk: version" in unescape(team.text) and "det indbyggede indhold" in team.text

    version = new_draft(lars, server, server.team)
    old = built_in("da")
    cards = {c["id"]: c for c in old["cards"]}
    edited = card_action(
        lars, server, version, "opening-02", "opening", action="save", text=NEW_CARD, hint="", lead="S"
    )
    assert edited.status_code == 200 and "Ændringen er gemt i kladden." in edited.text
    assert NEW_CARD in edited.text
    hidden = card_action(lars, server, version, "opening-03", "opening", action="hide")
    assert "Kortet er skjult i kladden." in hidden.text and "Skjult – kommer ikke med i nye besøg" in hidden.text
    card_action(lars, server, version, "opening-05", "opening", action="up")

    bubbles = post(
        lars,
        server,
        f"/content/versions/{version}/bubbles",
        {"recruitment.text": NEW_RECRUITMENT},
        on=f"/content/versions/{version}/bubbles",
    )
    assert bubbles.status_code == 200 and NEW_RECRUITMENT in unescape(bubbles.text)

    preview = page(lars, server, f"/content/versions/{version}/preview?phase=opening")
    shown = unescape(preview.text)
    assert NEW_CARD in shown and NEW_RECRUITMENT in shown
    assert cards["opening-03"]["text"] not in shown  # hidden: not in a new visit's deck
    deck = len([c for c in old["cards"] if c["phase"] == "opening"]) - 1
    assert f"Kort 1 af {deck}" in shown and f"Kort {deck} af {deck}" in shown

    publish_page = page(lars, server, f"/content/versions/{version}/publish")
    assert heading(publish_page.text) == f"Kladde: version {version} (dansk)"
    lines = diff_lines(publish_page.text)
    assert f"Kort opening-02, tekst: Før: {cards['opening-02']['text']} Nu: {NEW_CARD}" in lines
    assert f"Kort opening-02, hjælpetekst: Før: {cards['opening-02']['hint']} Nu: –" in lines
    assert "Kort opening-02, hvem leder: Før: Begge Nu: Jobcentret (S)" in lines
    assert f"Kort: skjult »{cards['opening-03']['text']}« (opening-03)" in lines
    assert "Kort: ny rækkefølge i fasen »Åbning af mødet«" in lines
    recruitment = old["bubble_sheet"]["fields"][0]
    assert f"Boblepapiret, feltet »Rekruttering«, tekst: Før: {recruitment['text']} Nu: {NEW_RECRUITMENT}" in lines
    assert len(lines) == 6, lines

    done = post(lars, server, f"/content/versions/{version}/publish", {}, on=f"/content/versions/{version}/publish")
    assert done.status_code == 200 and done.url.endswith(f"/content/teams/{server.team}?done=content_published")
    assert "Indholdet er offentliggjort." in done.text
    assert re.search(rf'<tr class="current">\s*<td class="time">{version} · Dansk</td>', done.text)

    served = tablet_pack(server, "ole")
    assert served["version"] == str(version)
    by_id = {c["id"]: c for c in served["cards"]}
    assert by_id["opening-02"]["text"] == NEW_CARD and "hint" not in by_id["opening-02"]
    assert by_id["opening-03"]["hidden"] is True
    opening = [c["id"] for c in served["cards"] if c["phase"] == "opening"]
    assert opening.index("opening-05") < opening.index("opening-04")
    assert served["bubble_sheet"]["fields"][0]["text"] == NEW_RECRUITMENT
    assert tablet_pack(server, "eva")["version"] != str(version)  # the other team's tablets: not theirs
    assert [r.action for r in audit_rows(server, actor="lars", action="content_publish")] == ["content_publish"]


def test_an_older_version_is_published_again_from_the_history(server: Server) -> None:
    lars = signed_in(server, "lars")
    newer = new_draft(lars, server, server.team)
    post(lars, server, f"/content/versions/{newer}/publish", {}, on=f"/content/versions/{newer}/publish")
    team = page(lars, server, f"/content/teams/{server.team}").text
    before = tablet_pack(server)["version"]
    assert before == str(newer)
    older = re.findall(
        r'href="/console/content/versions/(\d+)/publish" aria-label="Offentliggør version \d+ igen', team
    )
    assert older, "the history offers no older version to publish again"
    version = int(older[-1])  # the oldest: the built-in pack the team started from
    confirm = page(lars, server, f"/content/versions/{version}/publish")
    assert "Teamets tablets går tilbage til version" in unescape(confirm.text)
    post(lars, server, f"/content/versions/{version}/publish", {}, on=f"/content/versions/{version}/publish")
    assert tablet_pack(server)["version"] == str(version) != before


def test_a_refused_draft_shows_the_place_and_the_problem_beside_the_form_and_keeps_nothing(server: Server) -> None:
    lars = signed_in(server, "lars")
    version = new_draft(lars, server, server.team)
    before = draft_pack(server, version)

    blank = card_action(lars, server, version, "opening-02", "opening", action="save", text="   ", hint="Et tip")
    assert blank.status_code == 422
    assert alerts(blank.text) == [
        "Ikke gemt – Kort 2 (opening-02), tekst: teksten mangler (den er tom eller kun mellemrum)."
    ]
    assert re.search(r'id="item-opening-02".*?role="alert".*?id="text-opening-02"', blank.text, re.S), "not beside it"
    assert "Et tip</textarea>" in blank.text  # what was typed stays in the form

    url = post(
        lars,
        server,
        f"/content/versions/{version}/bubbles",
        {"recruitment.text": "Ny tekst", "recruitment.info_url": "www.jobnet.dk"},
        on=f"/content/versions/{version}/bubbles",
    )
    assert url.status_code == 422
    assert alerts(url.text) == [
        "Ikke gemt – Boblepapiret, felt 1 (recruitment), QR-link: "
        "skal være et link, der begynder med https://, uden mellemrum."
    ]
    scheme = post(
        lars,
        server,
        f"/content/versions/{version}/recognition",
        {"title": "ESG-bevis", "text": "To af seks", "min_met": "9"},
        on=f"/content/versions/{version}/edit/criteria",
    )
    assert scheme.status_code == 422
    criteria = len(before["recognition"]["criteria"])
    assert alerts(scheme.text) == [
        f"Ikke gemt – Anerkendelsen: 9 skal være opfyldt, men der er kun {criteria} kriterier."
    ]
    assert draft_pack(server, version) == before  # nothing half-saved
    assert not audit_rows(server, actor="lars", action="content_replace") or all(
        f"version={version} " not in r.detail for r in audit_rows(server, actor="lars", action="content_replace")
    )


def test_a_consultant_and_a_leader_of_another_team_are_refused(server: Server) -> None:
    lars = signed_in(server, "lars")
    version = new_draft(lars, server, server.team)
    current = tablet_pack(server)["version"]

    ole = signed_in(server, "ole")
    for path in ("/content", f"/content/teams/{server.team}", f"/content/versions/{version}"):
        refused = page(ole, server, path)
        assert refused.status_code == 403, path
        assert "Det må kun en administrator eller en teamleder." in unescape(refused.text)

    lise = signed_in(server, "lise")
    mine = page(lise, server, "/content").text
    assert "Jobcenter Esbjerg" in mine and "Jobcenter Herning" not in mine
    for path in (f"/content/teams/{server.team}", f"/content/versions/{version}/edit/cards"):
        refused = page(lise, server, path)
        assert refused.status_code == 403, path
        assert "Du kan kun se og ændre indholdspakkerne for de teams, du er leder af." in unescape(refused.text)
    token = csrf_of(page(lise, server, "/content").text)
    publish = lise.post(f"{server.url}/console/content/versions/{version}/publish", data={"csrf": token}, timeout=30)
    assert publish.status_code == 403
    hide = lise.post(
        f"{server.url}/console/content/versions/{version}/edit/cards/0",
        data={"csrf": token, "id": "opening-01", "action": "hide"},
        timeout=30,
    )
    assert hide.status_code == 403
    assert tablet_pack(server)["version"] == current
    assert "hidden" not in draft_pack(server, version)["cards"][0]
    assert any(
        r.target == "console" or "content packs" in r.detail
        for r in audit_rows(server, actor="lise", action="forbidden")
    )


def test_a_pack_goes_out_and_back_in_as_json(server: Server) -> None:
    lars = signed_in(server, "lars")
    team = page(lars, server, f"/content/teams/{server.team}").text
    current = re.search(r'<tr class="current">\s*<td class="time">(\d+) · Dansk</td>', team)
    assert current, "no current Danish version in the history"
    out = page(lars, server, f"/content/versions/{current.group(1)}/download")
    assert out.status_code == 200 and out.headers["content-type"].startswith("application/json")
    assert "attachment" in out.headers["content-disposition"]
    pack = out.json()
    pack["cards"][0]["text"] = "Fortæl om jeres værksted."

    def upload(content: bytes) -> requests.Response:
        token = csrf_of(page(lars, server, f"/content/teams/{server.team}").text)
        return lars.post(
            f"{server.url}/console/content/teams/{server.team}/upload",
            data={"csrf": token, "language": "da", "note": "Fra fil"},
            files={"file": ("pakke.json", content, "application/json")},
            timeout=30,
        )

    uploaded = upload(json.dumps(pack, ensure_ascii=False).encode())
    assert uploaded.status_code == 200 and "Filen er indlæst som en ny kladde." in uploaded.text
    version = int(re.search(r"/content/versions/(\d+)", uploaded.url).group(1))  # type: ignore[union-attr]
    back = page(lars, server, f"/content/versions/{version}/download").json()
    assert back == {**pack, "version": str(version)}

    broken = upload(b'{"cards": [}')
    assert broken.status_code == 422
    assert alerts(broken.text) == ["Ikke gemt – Linje 1, kolonne 12: filen er ikke gyldig JSON (Expecting value)."]
    assert alerts(upload(b"\xff\xfe{}").text) == [
        "Filen er ikke en tekstfil (UTF-8). Vælg en .json-fil, fx en, der er hentet her."
    ]
    assert alerts(upload(b"[1, 2]").text) == [
        "Ikke gemt – Pakken: filen skal være én hel indholdspakke (et JSON-objekt som pack.da.json)."
    ]
    astray = copy.deepcopy(pack)
    astray["cards"][3]["phase"] = "nowhere"
    refused = upload(json.dumps(astray).encode())
    assert refused.status_code == 422
    assert alerts(refused.text) == [
        f"Ikke gemt – Kort 4 ({astray['cards'][3]['id']}), fase: fasen »nowhere« findes ikke."
    ]


# --- The editor's pure parts -----------------------------------------------------------


def test_a_card_moves_among_its_own_phase_and_stays_at_either_end() -> None:
    pack = built_in("da")
    cards = SECTIONS["cards"]
    ids = [c["id"] for c in pack["cards"]]
    first_concern = ids.index("concerns-01")
    moved = move(pack, cards, index=first_concern, item_id="concerns-01", step=-1)
    assert moved == pack  # the first of its phase: not into the phase before
    down = move(pack, cards, index=first_concern, item_id="concerns-01", step=1)
    assert [c["id"] for c in down["cards"]][first_concern : first_concern + 2] == ["concerns-02", "concerns-01"]
    assert pack["cards"][first_concern]["id"] == "concerns-01"  # the given pack is untouched
    with pytest.raises(Stale):
        move(pack, cards, index=first_concern, item_id="opening-01", step=1)


def saying(line: dict[str, str | None]) -> tuple[str, ...]:
    """A changed text's two wordings as the page shows them under its line."""
    return () if line["before"] is None else ("Før:", str(line["before"]), "Nu:", str(line["after"]))


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            lambda p: p["cards"].pop(0),
            "Kort: fjernet »Jeg kender ikke jeres virksomhed så godt endnu. "
            "Vil du fortælle, hvordan I arbejder?« (opening-01)",
        ),
        (
            lambda p: p["green_categories"].append({"id": "green-01", "title": "Cykelværksted"}),
            "Grønne kategorier: tilføjet »Cykelværksted« (green-01)",
        ),
        (lambda p: p["accommodations"].reverse(), "Hensyn: ny rækkefølge"),
        (
            lambda p: p["recognition"].update(min_met=3),
            "Anerkendelsen, antal, der skal være opfyldt: Før: 2 Nu: 3",
        ),
        (
            lambda p: p["bubble_sheet"].update(title="Boblerne"),
            "Boblepapiret, titel: Før: Boblepapiret Nu: Boblerne",
        ),
        (lambda p: p["phone_script"]["with_news_hook"].pop(), "Ændret i filen: telefonmanuskriptet"),
    ],
)
def test_differences_read_as_sentences(change: Any, line: str) -> None:
    old = built_in("da")
    new = copy.deepcopy(old)
    change(new)
    t = texts("da")["content"]
    said = [change_line(c, t, new) for c in differences(old, new)]
    assert [" ".join(str(part) for part in (s["text"], *saying(s)) if part) for s in said] == [line]
    assert differences(old, copy.deepcopy(old)) == []


def test_a_hidden_card_shown_again_leaves_no_trace_and_places_are_named_with_ids() -> None:
    pack = built_in("da")
    hidden = set_hidden(pack, index=2, item_id=pack["cards"][2]["id"], hidden=True)
    assert set_hidden(hidden, index=2, item_id=pack["cards"][2]["id"], hidden=False) == pack
    words = texts("da")["content"]["places"]
    assert (
        place_words("recognition.criteria[1].text", pack, words) == "Anerkendelsen, kriterium 2 (crit-flexjob), tekst"
    )
    assert refused_words("en", "cards[0].lead: Input should be 'E', 'S' or 'any'", pack) == (
        "Not saved – Card 1 (opening-01), who leads: must be E, S or either."
    )


def test_every_part_of_a_draft_has_its_form_and_a_list_item_is_added_moved_and_deleted(server: Server) -> None:
    lars = signed_in(server, "lars")
    version = new_draft(lars, server, server.team)
    for path, title in (
        ("", "Oversigt"),
        ("/edit/cards?phase=esg", "ESG og S'et i ESG"),
        ("/bubbles", "Gem boblepapiret"),
        ("/edit/walk", "Rundgangsspørgsmål 1"),
        ("/edit/closing", "Afslutningens tjekliste 1"),
        ("/edit/green", "Grønne kategorier 1"),
        ("/edit/accommodations", "Hensyn 1"),
        ("/edit/criteria", "Gem ordningen"),
        ("/preview?phase=closing", "Kortene i »Afrunding«"),
    ):
        shown = page(lars, server, f"/content/versions/{version}{path}")
        assert shown.status_code == 200 and title in unescape(shown.text), path

    on = f"/content/versions/{version}/edit/green"
    added = post(lars, server, f"{on}/add", {"title": "Cykelværksted", "text": ""}, on=on)
    assert added.status_code == 200 and "Tilføjet til kladden." in added.text
    green = draft_pack(server, version)["green_categories"]
    assert green[-1] == {"id": "green-01", "title": "Cykelværksted"}
    last = len(green) - 1
    post(lars, server, f"{on}/{last}", {"id": "green-01", "action": "up"}, on=on)
    assert [c["id"] for c in draft_pack(server, version)["green_categories"]][-2] == "green-01"
    gone = post(lars, server, f"{on}/{last - 1}", {"id": "green-01", "action": "remove"}, on=on)
    assert "Slettet fra kladden." in gone.text
    assert draft_pack(server, version)["green_categories"] == green[:-1]
    stale = post(lars, server, f"{on}/0", {"id": "green-01", "action": "remove"}, on=on)
    assert stale.status_code == 422 and "Kladden er ændret, siden siden blev åbnet" in unescape(stale.text)

    english = page(lars, server, f"/content/versions/{version}/publish")
    assert "Ingen ændringer i forhold til version" in unescape(english.text)
    lars.get(f"{server.url}/console/language/en", timeout=30)
    english = page(lars, server, f"/content/versions/{version}/publish")
    assert heading(english.text) == f"Draft: version {version} (danish)"
    assert "No changes from version" in english.text


def test_hiding_the_last_shown_card_of_a_phase_is_refused_in_words() -> None:
    pack = built_in("da")
    for index, card in enumerate(pack["cards"]):
        if card["phase"] == "closing":
            pack = set_hidden(pack, index=index, item_id=card["id"], hidden=True)
    with pytest.raises(packs.Refused) as refused:
        packs.check(pack, "da")
    closing = next(n for n, p in enumerate(pack["phases"]) if p["id"] == "closing")
    assert refused_words("da", refused.value.detail, pack) == (
        f"Ikke gemt – Fase {closing + 1} (Afrunding): "
        "intet kort vises i fasen – tilføj et, eller vis et skjult kort igen."
    )
