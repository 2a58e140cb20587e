"""The job centre's console in Chromium, end to end with the real app and a real server
(issue 11 item 7).

IT's admin signs in to the console at laptop size, creates a team, a consultant and a
leader for it (who leads it from the start). The consultant chooses her own password at
her first sign-in, pairs the app from Settings with the new account and writes a note; it
reaches the server. The leader signs in and revokes the tablet from the devices page,
after a confirmation. The app says "Log ind igen" and keeps a second note written
after the revoke; once the consultant logs in again, it reaches the server. The audit page
lists every step. Every console page is photographed at laptop size (1280 x 800) and on a
tablet held upright (800 x 1280) into docs/screenshots/95-console-*.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import LANDSCAPE, PORTRAIT, SHOTS, AppProcess, eventually, free_port, tablet
from tests.e2e.seed import seed
from tests.e2e.test_relogin import ADDRESS, state_of
from tests.e2e.test_sync_badge import add_note, badge
from tests.server_harness import (
    ADMIN_PASSWORD,
    FIRST_PASSWORD,
    PASSWORD,
    Server,
    cli,
    start_server,
)

pytestmark = pytest.mark.e2e

TEAM = "Jobcenter Vejle"
NOTES = ("Værkstedet søger en lærling til foråret", "Ring til mester om praktik i uge 3")


def admin_seed(tmp: Path) -> Callable[[str, str], None]:
    """IT's first admin, ``ida``, made on the server's command line as README says."""

    def made(database: str, team: str) -> None:
        secret = tmp / "admin-password.txt"
        secret.write_text(ADMIN_PASSWORD, encoding="utf-8")
        cli(database, "create-user", "--username", "ida", "--password-file", str(secret), "--role", "admin")

    return made


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Server]:
    """The real server on a SQLite file of its own, with the first admin."""
    running = start_server(f"sqlite:///{tmp_path / 'server.db'}", tmp_path, seed=admin_seed(tmp_path))
    yield running
    running.proc.terminate()
    running.proc.wait(10)


def shoot(page: Page, name: str) -> None:
    """The page as it is, at laptop size and on a tablet held upright; the page is left at
    laptop size."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, suffix in ((LANDSCAPE, "laptop"), (PORTRAIT, "tablet")):
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"95-console-{name}-{suffix}.png"))
    page.set_viewport_size(LANDSCAPE)


def sign_in(page: Page, server: Server, username: str, password: str, shown: str, *, shot: bool = False) -> None:
    """Sign in on the console's form; the top bar then names ``shown`` (the name, or the
    username where there is none)."""
    page.goto(f"{server.url}/console/sign-in")
    expect(page.get_by_role("heading", name="Log ind på konsollen")).to_be_visible()
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    if shot:
        shoot(page, "sign-in")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_text(re.compile(rf"^Logget ind som {re.escape(shown)} \("))).to_be_visible()


def done(page: Page, sentence: str) -> None:
    expect(page.get_by_role("status")).to_have_text(sentence)


def create_person(page: Page, username: str, name: str, role: str) -> None:
    page.get_by_role("link", name="Personer", exact=True).click()
    form = page.get_by_role("region", name="Ny person")
    form.get_by_label("Brugernavn", exact=True).fill(username)
    form.get_by_label("Navn", exact=True).fill(name)
    form.get_by_label("Rolle", exact=True).select_option(label=role)
    form.get_by_label("Adgangskode", exact=True).fill(FIRST_PASSWORD)  # the person replaces it
    form.get_by_label(TEAM).check()
    form.get_by_role("button", name="Opret person").click()
    done(page, "Personen er oprettet.")


def pulled(server: Server, device: requests.Session) -> str:
    """What another device of the team (``device``, signed in) pulls from the server."""
    answer = device.get(f"{server.url}/api/v1/sync/pull", params={"since": 0, "limit": 500}, timeout=10)
    answer.raise_for_status()
    return str(answer.json()["changes"])


def audit_rows(page: Page) -> list[str]:
    """The audit table's rows as the reader sees them: time, person, action, target, ..."""
    return [
        " | ".join(cell.strip() for cell in row)
        for row in page.locator("table.audit tbody tr").evaluate_all(
            "(rows) => rows.map((r) => [...r.cells].map((c) => c.innerText))"
        )
    ]


def test_an_admin_sets_up_a_team_a_leader_revokes_a_tablet_and_nothing_is_lost(
    office: Server, tmp_path: Path, browser: Browser
) -> None:
    data = tmp_path / "a"
    visit = seed(data)["visit2"]
    app = AppProcess(data, free_port()).start()
    laptop = browser.new_context(viewport=LANDSCAPE, locale="da-DK")
    try:
        # 1. IT's admin signs in and sets up a team, its consultant and its leader.
        it = laptop.new_page()
        sign_in(it, office, "ida", ADMIN_PASSWORD, "ida", shot=True)
        teams = it.get_by_role("region", name="Teams").get_by_role("listitem")
        expect(teams).to_have_text(["Jobcenter Esbjerg – 1 medlem", "Jobcenter Herning – 2 medlemmer"])
        shoot(it, "overview")
        it.get_by_role("link", name="Teams", exact=True).click()
        it.get_by_label("Teamets navn").fill(TEAM)
        it.get_by_role("button", name="Opret team").click()
        done(it, "Teamet er oprettet.")
        create_person(it, "sofie", "Sofie Møller", "konsulent")
        create_person(it, "lars", "Lars Holm", "teamleder")
        shoot(it, "people")
        it.get_by_role("link", name="Teams", exact=True).click()
        team = it.get_by_role("region", name=TEAM)
        expect(team.get_by_role("row", name=re.compile(r"^lars Lars Holm teamleder ja"))).to_be_visible()
        team.scroll_into_view_if_needed()
        shoot(it, "teams")
        it.get_by_role("link", name="Personer", exact=True).click()
        it.get_by_role("link", name="Ret sofie").click()
        expect(it.get_by_role("heading", name="Person: Sofie Møller")).to_be_visible()
        shoot(it, "person")

        # 2. Sofie pairs her tablet from Settings with the password the admin gave her; the
        # tablet asks her to choose her own (the password she typed stays in its field),
        # and she writes a note; it reaches the server.
        with tablet(browser) as ui:
            ui.open(f"{app.url}/settings")
            ui.type(ADDRESS, office.url)
            ui.type("Brugernavn", "sofie")
            ui.type("Adgangskode", FIRST_PASSWORD)
            ui.type("Navn på denne tablet", "Sofies iPad")
            ui.tap("Forbind")
            ui.see("Vælg en ny adgangskode i feltet")
            ui.type("Ny adgangskode", PASSWORD)
            ui.press(ui.page.get_by_role("textbox", name="Adgangskode", exact=True))
            ui.wait_for_focus("Adgangskode")
            typed = ui.page.evaluate("() => document.activeElement.value")
            assert typed == FIRST_PASSWORD, "the right password is not typed twice"
            ui.shot("95-console-first-pairing")
            ui.tap("Forbind")
            ui.see("som Sofie Møller")
            ui.see(f"Nye registreringer tilhører teamet: {TEAM}")
            ui.open(f"{app.url}/visit/{visit}/bubbles")
            device = state_of(data, "server_device_id")
            # The team's other device (what reached the server): the leader's, whose first
            # sign-in chose his own password.
            leaders_laptop = requests.Session()
            first = requests.post(
                f"{office.url}/api/v1/login",
                json={"username": "lars", "password": FIRST_PASSWORD, "new_password": PASSWORD, "device_name": "pc"},
                timeout=30,
            )
            first.raise_for_status()
            leaders_laptop.headers["Authorization"] = f"Bearer {first.json()['token']}"
            add_note(ui, NOTES[0])
            eventually(lambda: NOTES[0] in pulled(office, leaders_laptop))

            # 3. Her leader signs in and revokes the tablet, after a confirmation.
            leader = browser.new_context(viewport=LANDSCAPE, locale="da-DK")
            try:
                lars = leader.new_page()
                sign_in(lars, office, "lars", PASSWORD, "Lars Holm")
                lars.get_by_role("link", name="Enheder", exact=True).click()
                expect(lars.get_by_role("cell", name="Sofies iPad", exact=True)).to_be_visible()
                shoot(lars, "devices")
                lars.get_by_role("link", name="Tilbagekald Sofies iPad (sofie)").click()
                expect(lars.get_by_role("heading", name="Tilbagekald enhed?")).to_be_visible()
                expect(
                    lars.get_by_text("Enheden »Sofies iPad« (sofie) bliver logget ud med det samme.")
                ).to_be_visible()
                shoot(lars, "revoke")
                lars.get_by_role("button", name="Ja, tilbagekald").click()
                done(lars, "Enheden er tilbagekaldt.")
                expect(lars.get_by_role("row", name=re.compile(r"Sofies iPad.*tilbagekaldt"))).to_be_visible()
                lars.get_by_role("link", name="Min adgangskode").click()
                expect(lars.get_by_role("heading", name="Skift adgangskode")).to_be_visible()
                shoot(lars, "password")
            finally:
                leader.close()

            # 4. The app asks to log in again and keeps what is written after the revoke.
            add_note(ui, NOTES[1])
            login = badge(ui, re.compile(r"^Log ind igen · 1 venter$"))
            eventually(lambda: login.count() > 0)
            assert NOTES[1] not in pulled(office, leaders_laptop)
            ui.press(login)
            ui.tap("Log ind igen")
            ui.see("Serveren har afvist tablettens login.")

            # 5. Logged in again, the waiting note reaches the server.
            ui.type("Adgangskode", PASSWORD)
            ui.tap("Log ind igen")
            eventually(lambda: NOTES[1] in pulled(office, leaders_laptop))
            eventually(lambda: not ui.sees("Serveren har afvist tablettens login."))

        # 6. The audit page lists each step.
        it.get_by_role("link", name="Revisionslog").click()
        rows = audit_rows(it)

        def listed(person: str, action: str, *words: str) -> bool:
            """A row by ``person`` of ``action`` whose target or detail has every word."""
            return any(
                row.split(" | ")[1:3] == [person, action] and all(w in row.split(" | ", 3)[3] for w in words)
                for row in rows
            )

        assert listed("ida", "Logget ind", "console")
        assert listed("ida", "Team oprettet", TEAM)
        assert listed("ida", "Person oprettet", "user:sofie", "rolle: konsulent")
        assert listed("ida", "Person oprettet", "user:lars", "rolle: teamleder")
        assert listed("ida", "Medlem tilføjet", TEAM, "sofie")
        assert listed("ida", "Medlem tilføjet", TEAM, "lars, som teamleder")
        assert listed("lars", "Logget ind", "console")
        assert listed("lars", "Enhed tilbagekaldt", f"device:{device}", "sofie")
        assert listed("sofie", "Tilbagekaldt enhed forsøgte at synkronisere", f"device:{device}")
        signed_in = [  # her tablet's sign-ins (her first one, in the console, chose her password)
            i
            for i, row in enumerate(rows)
            if row.split(" | ")[1:3] == ["sofie", "Logget ind"] and "console" not in row.split(" | ")[3]
        ]
        revoked = next(i for i, row in enumerate(rows) if row.split(" | ")[2] == "Enhed tilbagekaldt")
        assert len(signed_in) == 2 and signed_in[0] < revoked < signed_in[1]  # newest first: again, after the revoke
        shoot(it, "audit")

        # The console in English, once.
        it.get_by_role("link", name="English").click()
        expect(it.get_by_role("heading", name="Audit log")).to_be_visible()
        it.get_by_role("link", name="Overview").click()
        expect(it.get_by_role("listitem").filter(has_text="Jobcenter Esbjerg")).to_have_text(
            "Jobcenter Esbjerg – 1 member"
        )
        shoot(it, "english")
        it.get_by_role("link", name="Dansk").click()
        expect(it.get_by_role("heading", name="Overblik")).to_be_visible()
        assert requests.get(f"{office.url}/healthz", timeout=10).ok
    finally:
        laptop.close()
        app.stop()
