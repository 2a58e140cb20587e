"""A team's new content, from the console to the tablet, in Chromium (issue 12 item 5).

A real server (SQLite) and a real tablet app paired to it as ole, a consultant of
Jobcenter Herning. On the tablet ole prepares visit A and reads its first conversation
card. Lars, who leads the team, makes a new draft in the console, gives that card a new
text and the bubble sheet's recruitment field a new text, previews the deck, reads the
differences and publishes. The tablet syncs ("Synkronisér nu"), and its home screen says
"Nyt indhold fra Jobcenter Herning: version N" (photographed upright and lying down,
docs/screenshots/96-content-notice-{portrait,landscape}.png). A new visit B shows the new
card and the new recruitment text; visit A still shows what it was prepared with.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import LANDSCAPE, AppProcess, Ui, eventually, free_port, tablet
from tests.e2e.syncing import pushed, sync_now, synced_store
from tests.e2e.test_console import done, sign_in
from tests.server.test_content import built_in
from tests.server_harness import PASSWORD, Server

pytestmark = pytest.mark.e2e

TEAM = "Jobcenter Herning"
NEW_CARD = "Hvad er jeres største udfordring med at skaffe folk lige nu?"
NEW_RECRUITMENT = "Vi finder kandidater – også til få timer om ugen. Ring til jobcentret på 9999 1234."


def prepare_visit(ui: Ui, app: AppProcess, company: str) -> str:
    """Start a new visit to a new company from the home screen, as a consultant does;
    returns the visit's id (from the address the app shows)."""
    ui.open(app.url)
    ui.tap("Nyt besøg")
    ui.tap("Ny virksomhed")
    ui.type("Virksomhedens navn *", company)
    ui.tap("Gem og forbered besøget")
    ui.see("Tjekliste før besøget")
    found = re.search(r"/visit/([0-9a-f-]{36})/", ui.page.url)
    assert found, ui.page.url
    return found.group(1)


def first_card(ui: Ui, app: AppProcess, visit: str) -> None:
    """The visit's conversation cards, at the first card."""
    ui.open(f"{app.url}/visit/{visit}/cards")
    ui.see("Kort 1 af ")


def bubble_sheet(ui: Ui, app: AppProcess, visit: str) -> None:
    ui.open(f"{app.url}/visit/{visit}/bubbles")
    ui.see("Boblepapiret")
    ui.see("Rekruttering")


def publish_new_content(browser: Browser, office: Server, old_card: str, old_recruitment: str) -> str:
    """Lars makes a draft, changes the first opening card and the recruitment text, looks
    at the preview and the differences and publishes; returns the version's number."""
    laptop = browser.new_context(viewport=LANDSCAPE, locale="da-DK")
    try:
        lars = laptop.new_page()
        sign_in(lars, office, "lars", PASSWORD, "lars")
        lars.get_by_role("link", name="Indhold", exact=True).click()
        lars.get_by_role("link", name=f"Åbn indholdet for {TEAM}").click()
        lars.get_by_role("button", name="Ny kladde på dansk").click()
        done(lars, "Kladden er lavet. Ret den herunder; tablets ser den først, når du offentliggør den.")
        version = re.search(r"/content/versions/(\d+)", lars.url).group(1)  # type: ignore[union-attr]
        parts = lars.get_by_role("navigation", name="Dele af kladden")

        parts.get_by_role("link", name="Kort", exact=True).click()
        card = lars.get_by_role("region", name="Kort 1", exact=True)
        expect(card.get_by_label("Tekst", exact=True)).to_have_value(old_card)
        card.get_by_label("Tekst", exact=True).fill(NEW_CARD)
        card.get_by_role("button", name="Gem Kort 1").click()
        done(lars, "Ændringen er gemt i kladden.")

        parts.get_by_role("link", name="Boblepapiret").click()
        field = lars.get_by_role("region", name="Feltet »Rekruttering«")
        expect(field.get_by_label("Tekst", exact=True)).to_have_value(old_recruitment)
        field.get_by_label("Tekst", exact=True).fill(NEW_RECRUITMENT)
        lars.get_by_role("button", name="Gem boblepapiret").click()
        done(lars, "Ændringen er gemt i kladden.")

        parts.get_by_role("link", name="Forhåndsvisning").click()
        deck = lars.get_by_role("region", name="Kortene i »Åbning af mødet«")
        expect(deck.get_by_role("listitem").first).to_contain_text(NEW_CARD)
        expect(lars.get_by_role("region", name="Rekruttering")).to_contain_text(NEW_RECRUITMENT)

        parts.get_by_role("link", name="Se ændringer og offentliggør").click()
        expect(lars.get_by_role("heading", name=f"Offentliggør version {version}?")).to_be_visible()
        lines = lars.locator("ul.diff li")
        expect(lines.filter(has_text="Kort opening-01, tekst:")).to_have_text(
            f"Kort opening-01, tekst: Før: {old_card} Nu: {NEW_CARD}"
        )
        expect(lines.filter(has_text="Rekruttering")).to_contain_text(NEW_RECRUITMENT)
        lars.get_by_role("button", name="Ja, offentliggør").click()
        done(lars, "Indholdet er offentliggjort. Teamets tablets får det ved næste synkronisering.")
        return version
    finally:
        laptop.close()


def test_published_content_reaches_new_visits_and_an_older_visit_keeps_its_own(
    office: Server, tmp_path: Path, browser: Browser
) -> None:
    pack = built_in("da")
    old_card = next(c for c in pack["cards"] if c["phase"] == "opening")["text"]
    old_recruitment = pack["bubble_sheet"]["fields"][0]["text"]
    data = tmp_path / "tablet"
    synced_store(data, office, "ole")  # paired as ole; the team's first version is the built-in pack
    app = AppProcess(data, free_port()).start()
    try:
        with tablet(browser) as ui:
            # 1. Visit A, prepared before: its first card and bubble sheet as they are.
            visit_a = prepare_visit(ui, app, "Ahlgrens Maskinfabrik A/S")
            first_card(ui, app, visit_a)
            ui.see(old_card)
            assert not ui.sees(NEW_CARD)
            bubble_sheet(ui, app, visit_a)
            ui.see(old_recruitment)

            # 2. The leader changes the card and the recruitment text and publishes.
            version = publish_new_content(browser, office, old_card, old_recruitment)

            # 3. The tablet syncs as a consultant would; home then names the new content.
            notice = f"Nyt indhold fra {TEAM}: version {version}"
            ui.open(app.url)
            ui.see("Nyt besøg")
            assert not ui.sees(notice)
            pushed(ui)  # visit A has reached the server; no sync is under way
            sync_now(ui)
            eventually(lambda: ui.sees(notice))  # on the screen as it is, not only when drawn anew
            ui.shot("96-content-notice")
            with tablet(browser, "landscape") as lying:
                lying.open(app.url)
                lying.see(notice)
                lying.shot("96-content-notice")

            # 4. A new visit B has the new card and the new recruitment text.
            visit_b = prepare_visit(ui, app, "Brdr. Bech Transport ApS")
            first_card(ui, app, visit_b)
            ui.see(NEW_CARD)
            assert not ui.sees(old_card)
            bubble_sheet(ui, app, visit_b)
            ui.see(NEW_RECRUITMENT)
            assert not ui.sees(old_recruitment)

            # 5. Visit A keeps the card and the bubble sheet it was prepared with.
            first_card(ui, app, visit_a)
            ui.see(old_card)
            assert not ui.sees(NEW_CARD)
            bubble_sheet(ui, app, visit_a)
            ui.see(old_recruitment)
            assert not ui.sees(NEW_RECRUITMENT)

            # OK closes the notice for good.
            ui.open(app.url)
            ui.see(notice)
            ui.tap("OK")
            eventually(lambda: not ui.sees(notice))
            ui.open(app.url)
            ui.see("Nyt besøg")
            assert not ui.sees(notice)
    finally:
        app.stop()
