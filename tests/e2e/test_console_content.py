"""The console's content pages in Chromium (issue 12 item 2): a team leader makes a draft
of her team's pack, edits a card and hides another, changes the bubble sheet's
recruitment text, looks at the preview and the differences, and publishes; a tablet of
the team is then served the new pack. The content page, the card editor, the bubble
sheet's form, the preview and the differences are photographed at laptop size (1280 x
800) and on a tablet held upright into docs/screenshots/95-console-content*.
"""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import Browser, Dialog, Locator, Page, expect

from tests.e2e.conftest import LANDSCAPE, eventually
from tests.e2e.test_console import done, sign_in
from tests.e2e.test_console import shoot as shoot_page
from tests.server.test_content import built_in
from tests.server_harness import PASSWORD, Server

pytestmark = pytest.mark.e2e

TEAM = "Jobcenter Herning"
NEW_CARD = "Hvad ville gøre den største forskel for jer det næste halve år?"
NEW_RECRUITMENT = "Vi finder kandidater – også til få timer om ugen. Ring til jobcentret på 9999 1234."


def shoot(page: Page, name: str, *, at: Locator | None = None) -> None:
    """tests.e2e.test_console.shoot, with ``at`` scrolled to the top of the window first
    (the part of a long page the picture is about)."""
    if at is not None:
        at.evaluate("(e) => e.scrollIntoView({block: 'start'})")
    shoot_page(page, name)


def test_a_leader_edits_previews_compares_and_publishes_her_teams_cards(office: Server, browser: Browser) -> None:
    old = built_in("da")
    opening = [c for c in old["cards"] if c["phase"] == "opening"]
    laptop = browser.new_context(viewport=LANDSCAPE, locale="da-DK")
    try:
        lars = laptop.new_page()
        sign_in(lars, office, "lars", PASSWORD, "lars")

        # 1. Her team's content: what tablets have now, and the history.
        lars.get_by_role("link", name="Indhold", exact=True).click()
        lars.get_by_role("link", name=f"Åbn indholdet for {TEAM}").click()
        expect(lars.get_by_role("heading", name=f"Indhold: {TEAM}")).to_be_visible()
        expect(lars.get_by_role("region", name="Offentliggjort nu")).to_contain_text("Dansk: version")

        # 2. A draft: a card's new text, another card hidden.
        lars.get_by_role("button", name="Ny kladde på dansk").click()
        done(lars, "Kladden er lavet. Ret den herunder; tablets ser den først, når du offentliggør den.")
        version = re.search(r"/content/versions/(\d+)", lars.url).group(1)  # type: ignore[union-attr]
        parts = lars.get_by_role("navigation", name="Dele af kladden")
        parts.get_by_role("link", name="Kort", exact=True).click()
        second = lars.get_by_role("region", name="Kort 2", exact=True)
        second.get_by_label("Tekst", exact=True).fill(NEW_CARD)
        second.get_by_role("button", name="Gem Kort 2").click()
        done(lars, "Ændringen er gemt i kladden.")
        expect(lars.get_by_role("region", name="Kort 2", exact=True).get_by_label("Tekst", exact=True)).to_have_value(
            NEW_CARD
        )
        lars.get_by_role("button", name="Skjul Kort 3").click()
        done(lars, "Kortet er skjult i kladden.")
        third = lars.get_by_role("region", name="Kort 3", exact=True)
        expect(third).to_contain_text("Skjult – kommer ikke med i nye besøg")
        # Typing in one card and pressing another card's button asks before the typing is lost.
        first = lars.get_by_role("region", name="Kort 1", exact=True)
        first.get_by_label("Tekst", exact=True).fill(opening[0]["text"])
        asked: list[str] = []

        def answer_no(dialog: Dialog) -> None:
            asked.append(dialog.message)
            dialog.dismiss()

        lars.once("dialog", answer_no)
        lars.get_by_role("button", name="Skjul Kort 4").click()
        eventually(lambda: bool(asked))
        assert asked == ["Du har skrevet i et andet felt, som ikke er gemt endnu. Gå videre uden at gemme det?"]
        expect(lars.get_by_role("button", name="Skjul Kort 4")).to_be_visible()  # not hidden: the answer was no
        first.get_by_role("button", name="Gem Kort 1").click()
        done(lars, "Ændringen er gemt i kladden.")
        shoot(lars, "content-cards", at=lars.get_by_role("navigation", name="Fase"))

        # 3. The bubble sheet's recruitment text.
        parts.get_by_role("link", name="Boblepapiret").click()
        field = lars.get_by_role("region", name="Feltet »Rekruttering«")
        field.get_by_label("Tekst", exact=True).fill(NEW_RECRUITMENT)
        lars.get_by_role("button", name="Gem boblepapiret").click()
        done(lars, "Ændringen er gemt i kladden.")
        shoot(lars, "content-bubbles", at=lars.get_by_role("region", name="Boblepapiret", exact=True))

        # 4. The preview: the deck as the tablet shows it, beside the bubble sheet.
        parts.get_by_role("link", name="Forhåndsvisning").click()
        deck = lars.get_by_role("region", name="Kortene i »Åbning af mødet«")
        shown = len(opening) - 1  # the hidden card is left out
        expect(deck.get_by_role("listitem")).to_have_count(shown)
        expect(deck.get_by_role("listitem").nth(1)).to_contain_text(f"Kort 2 af {shown}")
        expect(deck.get_by_role("listitem").nth(1)).to_contain_text(NEW_CARD)
        expect(deck).not_to_contain_text(opening[2]["text"])
        expect(lars.get_by_role("region", name="Rekruttering")).to_contain_text(NEW_RECRUITMENT)
        shoot(lars, "content-preview", at=lars.get_by_label("Fase"))

        # 5. The differences, in sentences, and publishing after a confirmation.
        parts.get_by_role("link", name="Se ændringer og offentliggør").click()
        expect(lars.get_by_role("heading", name=f"Offentliggør version {version}?")).to_be_visible()
        lines = lars.locator("ul.diff li")
        expect(lines.filter(has_text="Kort opening-02, tekst:")).to_have_text(
            f"Kort opening-02, tekst: Før: {opening[1]['text']} Nu: {NEW_CARD}"
        )
        expect(lines.filter(has_text="skjult")).to_have_text(f"Kort: skjult »{opening[2]['text']}« (opening-03)")
        expect(lines.filter(has_text="Rekruttering")).to_contain_text(NEW_RECRUITMENT)
        shoot(lars, "content-diff")
        lars.get_by_role("button", name="Ja, offentliggør").click()
        done(lars, "Indholdet er offentliggjort. Teamets tablets får det ved næste synkronisering.")
        expect(lars.get_by_role("row", name=re.compile(rf"^{version} · Dansk offentliggjort nu"))).to_be_visible()
        shoot(lars, "content")

        # 6. A tablet of the team is served the new pack.
        served = office.session("ole").get(f"{office.url}/api/v1/content", params={"language": "da"}, timeout=30)
        served.raise_for_status()
        pack = served.json()
        assert pack["version"] == version
        assert next(c for c in pack["cards"] if c["id"] == "opening-02")["text"] == NEW_CARD
        assert next(c for c in pack["cards"] if c["id"] == "opening-03")["hidden"] is True
        assert pack["bubble_sheet"]["fields"][0]["text"] == NEW_RECRUITMENT
        assert requests.get(f"{office.url}/healthz", timeout=10).ok
    finally:
        laptop.close()
