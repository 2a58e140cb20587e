"""The sync badge explains itself, in Chromium with a real server: changes made while the
server is down are counted per kind in the sheet a tap on the badge opens, the badge turns
amber after the failed attempt, "Synkronisér nu" sends everything once the server is back,
and in an upright tablet (800 px) the badge shrinks to an icon and a count so a long
company name keeps its room in the title bar. A change the server refused keeps the badge
amber and is named first in the sheet, never "Alt er sendt", until "Send igen" gets it
through once the office has given the team."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, FloatRect, Locator

from domain.company import CompanyDraft
from storage import conflicts, repo, visit_records
from storage.db import Store
from storage.photos import PhotoStore
from sync.client import SyncClient
from tests.e2e.conftest import ROOT, AppProcess, Ui, eventually, free_port, tablet
from tests.e2e.seed import seed
from tests.e2e.syncing import pushed, synced_store
from tests.server_harness import PASSWORD, Server, cli

pytestmark = pytest.mark.e2e

LONG_NAME = "Vestjyllands Genbrugs- og Emballageindustri ApS"
BADGE = re.compile(r"^(Ikke forbundet|Offline|Synkroniser|Log ind igen|Serveren afviste|Fejl ved)")
AMBER_SHARE = """async (png) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + png;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width; canvas.height = img.height;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    let amber = 0;
    for (let i = 0; i < d.length; i += 4) {
        if (d[i] > 230 && d[i + 1] > 180 && d[i + 1] < 235 && d[i + 2] < 140) amber++;
    }
    return amber / (d.length / 4);
}"""


def amber(ui: Ui, control: Locator) -> bool:
    """Most of the control is painted amber (the badge's "look at me" colour)."""
    box = control.bounding_box()
    if box is None:
        return False
    png = ui.page.screenshot(clip=box)
    share = ui.page.evaluate(AMBER_SHARE, base64.b64encode(png).decode("ascii"))
    return bool(share > 0.4)


DIALOG_NAMES = """() => [...document.querySelectorAll('[role=dialog], [role=alertdialog]')].map(
    (d) => d.getAttribute('aria-label') || d.querySelector('[aria-label]')?.getAttribute('aria-label') || ''
)"""
"""How each open dialog is announced: its own label, else the first label inside it."""


def badge(ui: Ui, name: str | re.Pattern[str] = BADGE) -> Locator:
    return ui.page.get_by_role("button", name=name).first


def stop(server: Server) -> None:
    server.proc.terminate()
    server.proc.wait(10)


def restart(server: Server, tmp: Path) -> None:
    """The same server, on the same port and database, back from its outage."""
    port = server.url.rsplit(":", 1)[1]
    with (tmp / "server-restarted.log").open("wb") as log:
        server.proc = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--database", server.database, "--port", port],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def healthy() -> bool:
        try:
            return requests.get(f"{server.url}/healthz", timeout=1).ok
        except requests.ConnectionError:
            return False

    eventually(healthy, timeout=30)


def server_texts(server: Server) -> str:
    """Every change the server holds for Ole's team, as one text to search."""
    answer = server.session("ole").get(f"{server.url}/api/v1/sync/pull", params={"since": 0, "limit": 500}, timeout=10)
    answer.raise_for_status()
    return str(answer.json()["changes"])


def box(control: Locator) -> FloatRect:
    found = control.bounding_box()
    assert found is not None
    return found


def refuse_one(data: Path, server: Server) -> None:
    """A company filed under a team Ole does not belong to: the server refuses it, and the
    tablet keeps it to show."""
    store = Store(data / "feltmappe.db")
    try:
        own = store.team_id
        store.team_id = server.other_team
        repo.save_company(store, draft=CompanyDraft(name="Esbjerg Havnelogistik A/S"))
        store.team_id = own
        SyncClient(store, PhotoStore(data / "photos")).sync()
        assert [r.reason for r in conflicts.refused_changes(store)] == ["forbidden_team"]
    finally:
        store.close()


def add_note(ui: Ui, text: str) -> None:
    ui.press(ui.page.get_by_role("button", name="Tilføj note ·").first)
    ui.type("Note", text)
    ui.tap("Gem")
    ui.see(text)


def test_the_sheet_counts_what_waits_turns_amber_offline_and_syncs_on_request(
    server: Server, tmp_path: Path, browser: Browser
) -> None:
    data = tmp_path / "a"
    ids = seed(data)
    visit = ids["visit2"]
    store = Store(data / "feltmappe.db")
    repo.save_company(store, company_id=ids["company2"], draft=CompanyDraft(name=LONG_NAME))
    # A co-visit: the writer's name takes its share of the title bar too.
    visit_records.add_participant(store, visit_id=visit, name="Mette Sørensen", organisation="Erhvervsrådet")
    visit_records.set_writer(store, visit_id=visit, name="Mette Sørensen")
    store.close()
    synced_store(data, server, "ole")
    refuse_one(data, server)
    stop(server)  # the server goes down; the tablet goes on
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser) as ui, tablet(browser, "landscape") as wide:
            # Two notes on the bubble sheet and an answer on a card, with no server.
            ui.open(f"{app.url}/visit/{visit}/bubbles")
            add_note(ui, "Travlt i pakkeriet om morgenen")
            add_note(ui, "Vil gerne høre om løntilskud")
            ui.open(f"{app.url}/visit/{visit}/cards")
            ui.see("Kort 1 af 8")
            ui.type("Virksomhedens svar · kort 1 af 8", "Familieejet, 42 ansatte, tre skift")

            # The runner's attempt fails: the badge says so, in amber.
            offline = badge(ui, re.compile(r"^Offline · 3 venter · 1 afvist$"))
            eventually(lambda: offline.count() > 0 and amber(ui, offline))

            # The title keeps its room upright: the badge is an icon and a count.
            title = ui.text(LONG_NAME).first
            title_box, badge_box = box(title), box(offline)
            assert badge_box["width"] <= 100, badge_box
            assert title_box["x"] + title_box["width"] <= badge_box["x"], (title_box, badge_box)
            # Two lines of at least 300 px hold a 50-character name whole, inside the bar.
            assert title_box["width"] >= 300, title_box
            assert title_box["y"] >= 0 and title_box["y"] + title_box["height"] <= 72, title_box
            date_line = box(ui.text("Besøg 22. nov. 2026").first)
            assert date_line["y"] + date_line["height"] <= 72, date_line
            ui.shot("33-visit-long-name")

            # A tap explains it: what waits, per kind, and why it has not gone.
            ui.press(offline)
            ui.see("1 ændring er afvist af serveren og er ikke nået frem til kollegerne. Den er gemt på tabletten.")
            ui.see("2 noter og 1 svar på et samtalekort venter.")
            ui.see("serveren kunne ikke nås")
            ui.see("Alt er gemt på tabletten")
            ui.see("Virksomheden: Esbjerg Havnelogistik A/S")
            ui.see("Posten hører til et team, som du ikke er medlem af på serveren. Bed kontoret om adgang til teamet.")
            ui.shot("32-sync-sheet")
            wide.open(f"{app.url}/visit/{visit}/cards")
            wide.press(badge(wide, re.compile(r"^Offline · 3 venter · 1 afvist$")))  # the full text in landscape
            wide.see("2 noter og 1 svar på et samtalekort venter.")
            wide.shot("32-sync-sheet")

            # The server is back; "Synkronisér nu" sends it all, and the sheet follows.
            restart(server, tmp_path)
            ui.tap("Synkronisér nu")
            # The refused company has not arrived: the sheet does not say all was sent.
            ui.see("Intet andet venter – men det, der står øverst, er ikke sendt.", timeout=60_000)
            ui.see("resten blev sendt og hentet – men 1 ændring er ikke kommet frem")
            assert not ui.sees("Alt er sendt") and not ui.sees("Alt blev sendt og hentet")
            texts = server_texts(server)
            for text in ("Travlt i pakkeriet om morgenen", "Vil gerne høre om løntilskud", "tre skift"):
                assert text in texts
            ui.tap("Luk")
            still = badge(ui, re.compile(r"^Synkroniseret \d\d:\d\d · 1 afvist$"))
            eventually(lambda: still.count() > 0 and amber(ui, still))

            # The office gives Ole the team; "Send igen" sends the company, whole.
            cli(server.database, "add-member", "--username", "ole", "--team", "Jobcenter Esbjerg")
            ui.press(still)
            ui.tap("Send igen")
            ui.see("Alt er sendt – intet venter.", timeout=60_000)
            assert "Esbjerg Havnelogistik A/S" in server_texts(server)
            ui.tap("Luk")
            pushed(ui)
            settled = badge(ui)
            assert not amber(ui, settled)

            # The home screen's title keeps its room too.
            ui.open(app.url)
            home_title, home_badge = box(ui.text("Feltmappe").first), box(badge(ui))
            assert home_title["x"] + home_title["width"] <= home_badge["x"]
            assert home_badge["width"] <= 100
    finally:
        app.stop()


def test_a_login_the_server_no_longer_takes_is_mended_from_the_sheet(
    server: Server, tmp_path: Path, browser: Browser
) -> None:
    data = tmp_path / "a"
    visit = seed(data)["visit2"]
    synced_store(data, server, "ole")
    store = Store(data / "feltmappe.db")
    device = store.get_state("server_device_id")
    store.close()
    cli(server.database, "revoke-device", "--device", device)  # e.g. the office ended the token
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser) as ui:
            ui.open(f"{app.url}/visit/{visit}/bubbles")
            add_note(ui, "Skrevet efter udløbet login")
            login = badge(ui, re.compile(r"^Log ind igen · 1 venter$"))
            eventually(lambda: login.count() > 0 and amber(ui, login))

            ui.press(login)
            ui.see("Serveren kender ikke længere tablettens login")
            ui.see("1 note venter.")
            ui.tap("Log ind igen")  # the sheet's way to Settings
            ui.see("Serveren har afvist tablettens login.")
            ui.type("Brugernavn", "ole")
            ui.type("Adgangskode", PASSWORD)
            ui.tap("Log ind igen")
            pushed(ui)
            assert "Skrevet efter udløbet login" in server_texts(server)
    finally:
        app.stop()


def test_drafts_kept_on_the_tablet_are_named_in_the_sheet_never_all_sent(
    server: Server, tmp_path: Path, browser: Browser
) -> None:
    """Issue 9 trial: the sheet said "Alt er sendt" while answers held back by the CPR
    guard waited on the tablet as local drafts (never synced). It says how many texts wait
    as drafts and where, and the sheet is announced by its title, not as "Dialogboks"."""
    data = tmp_path / "a"
    ids = seed(data)
    synced_store(data, server, "ole")
    store = Store(data / "feltmappe.db")
    # Two answers kept back by the CPR warning in an earlier session, and a name in Settings.
    store.set_state(f"draft:{ids['visit2']}:card:open-1", "Kontakt evt. 010190-1234s søster")
    store.set_state(f"draft:{ids['visit2']}:card:open-2", "Ring på 0101901234")
    store.set_state("draft:settings:me_name", "Ole 010190-1234")
    store.close()
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser) as ui, tablet(browser, "landscape") as wide:
            for each in (ui, wide):
                each.open(f"{app.url}/visit/{ids['visit2']}/cards")
                synced = badge(each, re.compile(r"^Synkroniseret"))
                eventually(lambda each=each, synced=synced: synced.count() > 0)  # type: ignore[misc]
                each.press(synced)
                each.see("3 tekster venter på denne tablet som kladder. De er ikke sendt")
                each.see("Samtalekort hos Vestjysk Emballage A/S")
                each.see("og Indstillinger.")
                each.see("Intet andet venter – men det, der står øverst, er ikke sendt.")
                assert not each.sees("Alt er sendt") and not each.sees("Alt blev sendt og hentet")
                # Announced by its title, not by its kind: the dialog's label, which Flutter
                # focuses when it opens (as tests/e2e/test_accessibility.py reads dialogs).
                assert each.page.evaluate(DIALOG_NAMES) == ["Synkronisering"]
                assert each.page.locator('[aria-label="Dialogboks"]').count() == 0
                each.shot("32-sync-sheet-drafts")
    finally:
        app.stop()
