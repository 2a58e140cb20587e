"""Log in again, lose nothing: in Chromium, with the real app and a real server.

A tablet paired from Settings writes two notes while the server is down; the office
revokes the device. The badge says "Log ind igen", its sheet leads straight to the login
form (first under Settings), "Afbryd" is refused with the way out, a wrong password is
told as such, and the right one sends both notes: another device pulls them from the
server, and the badge turns green; with nothing waiting, "Afbryd" then revokes the token.

Connecting to a server that does not answer shows "Forbinder …" while the screen stays
alive, and then says the server could not be reached.
"""

from __future__ import annotations

import base64
import re
import socket
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Locator

from tests.e2e.conftest import AppProcess, Ui, eventually, free_port, tablet
from tests.e2e.seed import seed
from tests.e2e.syncing import SETTLED
from tests.e2e.test_accessibility import problems, settle
from tests.e2e.test_sync_badge import add_note, amber, badge, restart, stop
from tests.server_harness import PASSWORD, Server, cli

pytestmark = pytest.mark.e2e

ADDRESS = "Serverens adresse (https://…)"
NOTES = ("Lageret mangler en truckfører", "Spørg om praktik i januar")
GREEN_SHARE = """async (png) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + png;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width; canvas.height = img.height;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    let green = 0;
    for (let i = 0; i < d.length; i += 4) {
        if (d[i + 1] > 200 && d[i + 1] - d[i] > 15 && d[i + 1] - d[i + 2] > 15) green++;
    }
    return green / (d.length / 4);
}"""


def green(ui: Ui, control: Locator) -> bool:
    """Most of the control is painted green (the badge's "all sent" colour)."""
    box = control.bounding_box()
    if box is None:
        return False
    share = ui.page.evaluate(GREEN_SHARE, base64.b64encode(ui.page.screenshot(clip=box)).decode("ascii"))
    return bool(share > 0.4)


def state_of(data: Path, key: str) -> str:
    """A fact the tablet keeps (its device id, its token), read from its database as the
    app runs."""
    with sqlite3.connect(f"file:{data / 'feltmappe.db'}?mode=ro", uri=True) as db:
        row = db.execute("SELECT value FROM local_state WHERE key = ?", (key,)).fetchone()
    return str(row[0])


def pulled_by_another_device(server: Server) -> str:
    """What Mette's tablet of the same team pulls from the server, over HTTP."""
    answer = server.session("mette").get(f"{server.url}/api/v1/sync/pull", params={"since": 0, "limit": 500})
    answer.raise_for_status()
    return str(answer.json()["changes"])


def in_view(ui: Ui, control: Locator) -> bool:
    """On screen as it is, without scrolling."""
    box = control.bounding_box()
    size = ui.page.viewport_size
    return box is not None and size is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def test_a_revoked_tablet_logs_in_again_and_every_waiting_note_arrives(
    server: Server, tmp_path: Path, browser: Browser
) -> None:
    data = tmp_path / "a"
    visit = seed(data)["visit2"]
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser) as ui, tablet(browser, "landscape") as wide:
            # Paired from Settings, as a consultant does it.
            ui.open(f"{app.url}/settings")
            ui.type(ADDRESS, server.url)
            ui.type("Brugernavn", "ole")
            ui.type("Adgangskode", PASSWORD)
            ui.tap("Forbind")
            ui.see("som ole")

            # Two notes while the server is down; meanwhile the office revokes the device.
            stop(server)
            ui.open(f"{app.url}/visit/{visit}/bubbles")
            for note in NOTES:
                add_note(ui, note)
            cli(server.database, "revoke-device", "--device", state_of(data, "server_device_id"))
            restart(server, tmp_path)

            login = badge(ui, re.compile(r"^Log ind igen · 2 venter$"))
            eventually(lambda: login.count() > 0 and amber(ui, login))
            ui.press(login)
            ui.see("Serveren kender ikke længere tablettens login")
            ui.see("2 noter venter.")
            ui.tap("Log ind igen")  # the sheet's button: straight to the form

            # The form is the first thing under Settings, no scrolling needed.
            ui.see("Serveren har afvist tablettens login.")
            username = ui.page.get_by_role("textbox", name="Brugernavn")
            username.wait_for(state="attached")
            assert in_view(ui, username)
            assert ui.page.get_by_role("textbox", name=ADDRESS).count() == 1  # a new address can be given
            ui.shot("34-login-again")
            wide.open(f"{app.url}/settings")
            wide.see("Serveren har afvist tablettens login.")
            assert in_view(wide, wide.page.get_by_role("button", name="Log ind igen", exact=True).first)
            wide.shot("34-login-again")
            for page in (ui, wide):  # named, and 48 px or more
                found = settle(page.page.context.new_cdp_session(page.page))
                assert {"Brugernavn", "Log ind igen", "Vis adgangskoden"} <= {c.name for c in found}
                assert problems(found) == [], page.orientation

            # Disconnecting would lose the notes: refused, with the way out.
            ui.tap("Afbryd forbindelsen")
            ui.see("Forbindelsen kan ikke afbrydes, mens 2 noter venter på at blive sendt")
            ui.see("log ind igen ovenfor")

            # The account is filled in: only the password is asked for. A wrong password is
            # told as such, and nothing is lost.
            assert ui.field_value("Brugernavn") == "ole"
            ui.type("Adgangskode", "forkert kode")
            ui.tap("Log ind igen")
            ui.see("Forkert brugernavn eller adgangskode.")
            assert ui.sees("Log ind igen · 2 venter")

            ui.type("Adgangskode", PASSWORD)
            ui.tap("Log ind igen")
            settled = badge(ui, SETTLED)
            eventually(lambda: settled.count() > 0 and green(ui, settled))
            assert not ui.sees("Serveren har afvist tablettens login.")
            texts = pulled_by_another_device(server)
            for note in NOTES:
                assert note in texts

            # Nothing waits now: "Afbryd" goes through, and the server no longer takes the token.
            token = state_of(data, "token")
            ui.tap("Afbryd forbindelsen")
            ui.see("Forbindelsen er afbrudt, og serveren tager ikke længere imod tablettens login.")
            ui.see("Ikke forbundet")
            answer = requests.get(
                f"{server.url}/api/v1/sync/pull", params={"since": 0}, headers={"Authorization": f"Bearer {token}"}
            )
            assert answer.status_code == 401
    finally:
        app.stop()


class SilentServer:
    """Takes connections and answers nothing, like a server that hangs, until released:
    then it drops them, as a failing network would."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.held: list[socket.socket] = []
        self.called = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(conn)
            self.called.set()

    def release(self) -> None:
        self.listener.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.release()


def test_connecting_to_a_server_that_hangs_keeps_the_screen_alive(
    app: AppProcess, ui: Ui, silent: SilentServer
) -> None:
    ui.open(f"{app.url}/settings")
    ui.type(ADDRESS, silent.url)
    ui.type("Brugernavn", "ole")
    ui.type("Adgangskode", PASSWORD)
    ui.tap("Forbind")
    ui.see("Forbinder …")
    assert silent.called.wait(30)

    # The screen answers while the login waits: a field takes what is typed, and the
    # button cannot be tapped a second time.
    ui.type("Dit navn", "Ole Hansen")
    assert ui.field_value("Dit navn") == "Ole Hansen"
    assert ui.page.get_by_role("button", name="Forbind", exact=True).first.is_disabled()

    silent.release()  # the network gives up
    ui.see("Serveren kunne ikke nås. Tjek adressen og netværket, og prøv igen.")
    ui.text("Forbinder …").first.wait_for(state="detached")
    assert not ui.page.get_by_role("button", name="Forbind", exact=True).first.is_disabled()
    assert ui.sees("Ikke forbundet")
