"""Every screen and the main dialogs, upright and lying down, read as a screen reader reads
them: Chromium's own accessibility tree (the one VoiceOver, TalkBack and NVDA are given,
built from Flutter's ``flt-semantics`` elements). Every interactive control must have a
name, and a hit area (its semantics element's box) of at least 48 × 48 px; no two controls
of one screen may be told alike; a dialog is announced by its title; the tab of the visit
screen on show is marked current; a choice of one among many is not announced as a checkbox.

A failure names the screen, the orientation and the control. See docs/accessibility.md.
"""

from __future__ import annotations

import io
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, CDPSession
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from domain.tasks import OpeningDraft, TaskDraft
from storage import followups, visit_records
from storage.db import Store
from tests.e2e.conftest import LANDSCAPE, PORTRAIT, AppProcess, Ui, eventually, free_port, nothing_dropped
from tests.e2e.seed import seed_outcomes
from tests.views.test_contrast import SCHEME

pytestmark = pytest.mark.e2e

MIN_TARGET = 48  # px, WCAG 2.5.5 (and Apple's and Google's own minimum)
INTERACTIVE = {
    "button",
    "checkbox",
    "combobox",
    "link",
    "listbox",
    "menuitem",
    "menuitemcheckbox",
    "menuitemradio",
    "option",
    "radio",
    "searchbox",
    "slider",
    "spinbutton",
    "switch",
    "tab",
    "textbox",
    "togglebutton",
    "treeitem",
}

BOX = """function () {
    // This element's box, and whether a scrolling ancestor cuts it: Flutter trims a
    // semantics rect to the visible part of its scroll view, so a chip half scrolled
    // out ends exactly at the scroll view's edge and is measured when it is in view.
    // Only Flutter's semantics tree counts. A text field that took the focus before the
    // tree was switched on (autofocus) is typed into through a bare <input> of Flutter's
    // text editing host until it loses the focus; see docs/accessibility.md.
    if (!this.closest('flt-semantics-host')) return {outside: true};
    const r = this.getBoundingClientRect();
    let cutX = false, cutY = false;
    for (let a = this.parentElement; a && a.tagName === 'FLT-SEMANTICS'; a = a.parentElement) {
        const s = getComputedStyle(a), c = a.getBoundingClientRect();
        if (/scroll|auto|hidden/.test(s.overflowX) && (r.left - c.left < 1 || c.right - r.right < 1)) cutX = true;
        if (/scroll|auto|hidden/.test(s.overflowY) && (r.top - c.top < 1 || c.bottom - r.bottom < 1)) cutY = true;
    }
    // Something to know an unnamed control by: the nearest text around it.
    let near = '';
    for (let a = this; a && !near; a = a.parentElement) {
        for (const s of [a.previousElementSibling, a.nextElementSibling, a.parentElement]) {
            const text = s && (s.getAttribute('aria-label') || s.textContent || '').trim();
            if (text) { near = text.slice(0, 60); break; }
        }
    }
    return {x: r.x, y: r.y, width: r.width, height: r.height, cutX, cutY, near,
            current: this.getAttribute('aria-current') || '',
            hidden: r.width === 0 || r.height === 0};
}"""


@dataclass(frozen=True)
class Control:
    role: str
    name: str
    x: float
    y: float
    width: float
    height: float
    cut_x: bool
    cut_y: bool
    near: str
    current: str = ""  # its aria-current: "true" for the one chosen, "false" for the others

    def __str__(self) -> str:
        what = f"{self.role} {self.name!r}" if self.name else f"{self.role} without a name (near {self.near!r})"
        return f"{what} at ({self.x:.0f}, {self.y:.0f}) {self.width:.0f}×{self.height:.0f} px"


GROUP = "accessibility-walk"  # the page's handles to the nodes one reading resolved
ANSWER_MS = 30_000  # a renderer that does not answer a CDP call in this long has hung


def controls(cdp: CDPSession) -> list[Control]:
    """The interactive controls of the accessibility tree as Chromium computed it."""
    try:
        return _controls(cdp)
    finally:
        # Each resolved node is a handle the page keeps until it is released: thousands of
        # them over a walk made the renderer crawl and at last stop answering (CI hung).
        cdp.send("Runtime.releaseObjectGroup", {"objectGroup": GROUP}, timeout=ANSWER_MS)


def _controls(cdp: CDPSession) -> list[Control]:
    found = []
    elements: set[int] = set()
    for node in cdp.send("Accessibility.getFullAXTree", timeout=ANSWER_MS)["nodes"]:
        role = str(node.get("role", {}).get("value", "")).lower()
        if node.get("ignored") or role not in INTERACTIVE or node.get("backendDOMNodeId", 0) in elements | {0}:
            continue
        elements.add(node["backendDOMNodeId"])  # Chromium may list an element twice
        try:
            handle = cdp.send(
                "DOM.resolveNode", {"backendNodeId": node["backendDOMNodeId"], "objectGroup": GROUP}, timeout=ANSWER_MS
            )
            box = cdp.send(
                "Runtime.callFunctionOn",
                {"objectId": handle["object"]["objectId"], "functionDeclaration": BOX, "returnByValue": True},
                timeout=ANSWER_MS,
            )["result"]["value"]
        except PlaywrightTimeout:
            raise
        except Exception:  # the node went away between the two calls: the screen changed
            continue
        if box.get("outside") or box["hidden"]:
            continue
        name = str(node.get("name", {}).get("value", "")).strip()
        found.append(
            Control(
                role,
                name,
                box["x"],
                box["y"],
                box["width"],
                box["height"],
                box["cutX"],
                box["cutY"],
                box["near"],
                box["current"],
            )
        )
    return found


DEFAULT_DIALOG_NAMES = {"Underretning", "Dialogboks", "Alert", "Dialog"}
"""What Flutter calls a dialog or a sheet it was given no name for (Danish and English)."""

AXNode = dict[str, Any]


def dialogs(cdp: CDPSession) -> list[tuple[str, str]]:
    """Each open dialog or sheet as a screen reader announces it: ``(how, name)``.

    An AlertDialog is a node of role ``alertdialog`` (or ``dialog``) whose first named node
    inside is its label, which Flutter focuses when it opens (``how`` is "label"). A
    BottomSheet is a node named only "Dialogboks" (Flutter gives no way to name it); it is
    announced well when the first thing in it, after Flutter's own drag handle, is a
    heading: then ``how`` is "heading", else "unnamed"."""
    nodes = [n for n in cdp.send("Accessibility.getFullAXTree", timeout=ANSWER_MS)["nodes"] if not n.get("ignored")]
    by_id = {n["nodeId"]: n for n in nodes}

    def role(n: AXNode) -> str:
        return str(n.get("role", {}).get("value", "")).lower()

    def name(n: AXNode) -> str:
        return str(n.get("name", {}).get("value", "")).strip()

    def inside(n: AXNode) -> Iterator[AXNode]:
        for child in n.get("childIds", []):
            if child in by_id:
                yield by_id[child]
                yield from inside(by_id[child])

    found = []
    for n in nodes:
        if role(n) in ("dialog", "alertdialog") and name(n) not in DEFAULT_DIALOG_NAMES:
            text = ("statictext", "inlinetextbox")
            found.append(
                ("label", name(n) or next((name(c) for c in inside(n) if name(c) and role(c) not in text), ""))
            )
        elif name(n) in DEFAULT_DIALOG_NAMES:
            skipped = ("statictext", "inlinetextbox", "button", "generic")  # the drag handle, wrappers
            first = next((c for c in inside(n) if name(c) and role(c) not in skipped), None)
            if first is not None and role(first) == "heading":
                found.append(("heading", name(first)))
            else:
                found.append(("unnamed", name(n)))
    return found


def problems(found: list[Control]) -> list[str]:
    """An unnamed or small control, and two controls told alike (the same role and name):
    a screen reader user hears "Gem, knap" twice and cannot tell which is which."""
    out = []
    seen: dict[tuple[str, str], int] = {}
    for c in found:
        if c.name:
            seen[(c.role, c.name)] = seen.get((c.role, c.name), 0) + 1
        if not c.name:
            out.append(f"no name: {c}")
        small_w = c.width < MIN_TARGET - 0.5 and not c.cut_x
        small_h = c.height < MIN_TARGET - 0.5 and not c.cut_y
        if small_w or small_h:
            out.append(f"smaller than {MIN_TARGET}×{MIN_TARGET}: {c}")
    for (role, name), n in seen.items():
        if n > 1:
            places = ", ".join(f"({c.x:.0f}, {c.y:.0f})" for c in found if (c.role, c.name) == (role, name))
            out.append(f"{n} controls told alike: {role} {name!r} at {places}")
    return out


CONSULTANT = "Jens Nielsen"
WHO_WRITES = "Hvem skriver nu?"
INTERNAL = "Intern – ikke til virksomheden"  # the note dialogs' checkbox
ASKED = "Besøget er åbnet på ny"  # the question a visit asks when opened in a new session


def seed_everything(data: Path) -> dict[str, str]:
    """:func:`seed_outcomes`, plus what the remaining screens show: two writers, a note in
    each bubble, a position with its lines, answers on the social areas, an opening still
    looking for people and an open conflict."""
    ids = seed_outcomes(data)
    visit = ids["visit2"]
    store = Store(data / "feltmappe.db")
    try:
        visit_records.add_participant(
            store, visit_id=visit, name=CONSULTANT, organisation="Jobcenter Herning", role="S"
        )
        visit_records.add_participant(
            store, visit_id=visit, name="Mette Sørensen", organisation="Erhvervsrådet", role="E"
        )
        visit_records.set_writer(store, visit_id=visit, name=CONSULTANT)
        for field, text in (
            ("recruitment", "Mangler to til pakning om morgenen."),
            ("retention", "En truckfører er sygemeldt med ryggen."),
            ("upskilling", "Truckcertifikat til to lagerfolk."),
        ):
            visit_records.add_note(store, visit_id=visit, field=field, text=text, author=CONSULTANT)
        position = visit_records.add_position(store, visit_id=visit, title="Lagerarbejder", author=CONSULTANT)
        visit_records.add_position_line(store, visit_id=visit, position_id=position, title="Pakke ordrer", hours="20")
        visit_records.add_position_line(store, visit_id=visit, position_id=position, title="Køre truck", hours="17")
        visit_records.save_social(
            store, visit_id=visit, area_id="disability", author=CONSULTANT, status="already", evidence="En i fleksjob."
        )
        visit_records.save_social(store, visit_id=visit, area_id="retention", author=CONSULTANT, status="wants")
        task = visit_records.save_task(
            store,
            visit_id=ids["visit0"],
            draft=TaskDraft(area="Værksted", title="Slibe emner", hours="10", level=1),
            author=CONSULTANT,
            green_ids=[],
            accommodation_ids=[],
        )
        followups.create_opening(
            store,
            visit_id=ids["visit0"],
            draft=OpeningDraft(title="Værkstedsmedhjælper", task_ids=(task,)),
            author=CONSULTANT,
        )
        store.save(
            "conflict",
            str(uuid.uuid4()),
            {
                "entity": "company",
                "record_id": ids["company2"],
                "field": "earlier_cooperation",
                "value": "Har haft to i løntilskud i 2024.",
                "loser_hlc": "",
                "winner_hlc": "",
                "resolved": False,
            },
        )
    finally:
        store.close()
    return ids


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppProcess, dict[str, str]]]:
    data = tmp_path_factory.mktemp("a11y") / "data"
    ids = seed_everything(data)
    process = AppProcess(data, free_port()).start()
    yield process, ids
    process.stop()
    nothing_dropped(process.log)  # the walk closes a tab per screen while the app syncs on


def open_dialog(button: str, *, role: str = "button", nth: int = 0) -> Callable[[Ui], None]:
    def act(ui: Ui) -> None:
        ui.press(ui.page.get_by_role(role, name=re.compile(button)).nth(nth))  # type: ignore[arg-type]

    return act


def scroll_to(text: str) -> Callable[[Ui], None]:
    """Wheel the screen down until ``text`` is near its top: the walk measures what is in
    view (Flutter leaves what is scrolled out of view out of the tree)."""

    def act(ui: Ui) -> None:
        size = ui.page.viewport_size or {"width": 800, "height": 1280}
        ui.page.mouse.move(size["width"] / 2, size["height"] / 2)
        last = None
        for _step in range(30):
            found = ui.text(text)
            box = found.first.bounding_box() if found.count() else None
            if box is not None and (100 <= box["y"] <= 260 or box["y"] == last):
                return
            last = box["y"] if box is not None else None
            ui.page.mouse.wheel(0, 400 if box is None else max(-400, min(400, box["y"] - 180)))
            time.sleep(0.3)

    return act


@dataclass(frozen=True)
class Screen:
    name: str
    route: str
    expected: str  # on screen once it is drawn
    act: Callable[[Ui], None] | None = None  # what opens a dialog or sheet on it
    after: str = ""  # on screen once the dialog is open
    shot: str = ""  # a screenshot in docs/screenshots/ under this name
    title: str = ""  # the dialog (or sheet) is announced by a name that starts with this
    tab: str = ""  # the visit's tab that must be marked current
    one_of_many: tuple[str, ...] = ()  # names (regular expressions) of choices of one among many


TABS = {
    "prep": "Forberedelse",
    "cards": "Samtalekort",
    "bubbles": "Boblepapir",
    "walk": "Rundtur",
    "positions": "Stillinger",
    "social": "Socialt ansvar",
    "closing": "Afrunding",
    "people": "Deltagere",
    "company": "Virksomhed",
}


def screens(visit: str) -> list[Screen]:
    v = f"/visit/{visit}"
    return [
        Screen("visits", "/", "Vestjysk Emballage A/S", shot="70-a11y-visits"),
        Screen("new visit", "/visit/new", "Ny virksomhed"),
        Screen("new company", "/company/new", "Virksomhedens navn"),
        Screen("preparation", f"{v}/prep", "2 af 8 klaret", shot="71-a11y-preparation", tab=TABS["prep"]),
        Screen("cards", f"{v}/cards", "Kort 1 af 8", shot="72-a11y-cards", tab=TABS["cards"]),
        Screen("bubbles", f"{v}/bubbles", "Truckcertifikat til to lagerfolk.", tab=TABS["bubbles"]),
        Screen(
            "walk-around",
            f"{v}/walk",
            "Folde papkasser",
            tab=TABS["walk"],
            one_of_many=("^Genbrug af pap og plastik$", "^Mindre madspild$"),
            shot="85-a11y-walkaround",
        ),
        Screen("positions", f"{v}/positions", "Lagerarbejder", tab=TABS["positions"]),
        Screen("social", f"{v}/social", "Job til mennesker med handicap", tab=TABS["social"]),
        Screen(
            "social areas",
            f"{v}/social",
            "Job til mennesker med handicap",
            scroll_to("Socialt ansvar – de otte områder"),
            "Gør det allerede: ",
            shot="86-a11y-social",
        ),
        Screen("closing", f"{v}/closing", "Lagermedhjælper", tab=TABS["closing"]),
        Screen("people", f"{v}/people", "Mette Sørensen", tab=TABS["people"]),
        Screen("company", f"{v}/company", "Tidligere samarbejde med jobcentret", tab=TABS["company"]),
        Screen("follow-ups", "/followups", "Opfølgning", shot="73-a11y-followups", one_of_many=(r"^Alle \(\d+\)$",)),
        Screen("board", "/board", "Værkstedsmedhjælper", one_of_many=(r"^Aktive \(\d+\)$",), shot="87-a11y-board"),
        Screen(
            "outcomes",
            "/outcomes",
            "Resultater",
            one_of_many=("^Hele perioden$", "^I år$", "^Pr. måned$", "^Pr. konsulent$"),
        ),
        Screen("settings", "/settings", "Sprog", shot="74-a11y-settings"),
        Screen("settings, language", "/settings", "Sprog", scroll_to("Sprog"), "English", shot="89-a11y-language"),
        Screen("conflicts", "/conflicts", "Har haft to i løntilskud i 2024."),
        Screen(
            "bubble note dialog",
            f"{v}/bubbles",
            "Boblepapiret",
            open_dialog("^Tilføj note · "),
            "Ny note ·",
            shot="75-a11y-note-dialog",
            title="Ny note · ",
        ),
        Screen("writer picker", f"{v}/cards", "Kort 1 af 8", open_dialog("^Skriver: "), WHO_WRITES, title=WHO_WRITES),
        Screen(
            "quick note dialog",
            f"{v}/walk",
            "Folde papkasser",
            open_dialog("^Hurtig note$"),
            "Intern – ikke til virksomheden",
            title="Hurtig note",
        ),
        Screen(
            "hire dialog",
            f"{v}/closing",
            "Lagermedhjælper",
            open_dialog("^Registrér ansættelse$"),
            "Hvilken slags?",
            shot="84-a11y-hire-dialog",
            title="Registrér ansættelse: ",
        ),
        Screen(
            "opening dialog",
            "/board",
            "Værkstedsmedhjælper",
            open_dialog("^Opdatér »Værkstedsmedhjælper«$"),
            "Kandidater sendt",
            title="Opdatér »Værkstedsmedhjælper«",
        ),
        Screen(
            "sync sheet",
            "/",
            "Vestjysk Emballage A/S",
            open_dialog(" venter"),
            "Endnu ikke sendt",
            title="Synkronisering",
            shot="88-a11y-sync-sheet",
        ),
    ]


def announced(found: list[tuple[str, str]], title: str) -> list[str]:
    """What is wrong with how the open dialogs are announced (:func:`dialogs`): one told
    only by its kind, and, when ``title`` is given, none announced by it."""
    out = [
        f"a dialog announced only as {name!r}"
        for how, name in found
        if how == "unnamed" or not name or name in DEFAULT_DIALOG_NAMES
    ]
    if title and not any(name.startswith(title) for _how, name in found):
        out.append(f"no dialog announced as {title!r}…, only {found}")
    return out


def marked(seen: list[Control], screen: Screen) -> list[str]:
    """The visit's own tab is the one marked current, and each choice of one among many is
    a button told chosen or not (``aria-current``) or a radio, never a checkbox."""
    out = []
    if screen.tab:
        current = [c.name for c in seen if c.current == "true" and c.name in TABS.values()]
        if current != [screen.tab]:
            out.append(f"the tabs marked current are {current}, not [{screen.tab!r}]")
    for pattern in screen.one_of_many:
        matching = [c for c in seen if re.search(pattern, c.name)]
        if not matching:
            out.append(f"no choice named {pattern!r}")
        for c in matching:
            if not (c.role == "radio" or (c.role == "button" and c.current in ("true", "false"))):
                out.append(f"a choice of one among many told as a {c.role} (aria-current {c.current!r}): {c}")
    return out


def show(ui: Ui, cdp: CDPSession, url: str, route: str, expected: str) -> list[Control]:
    """Open ``route`` as a new tab would and wait for ``expected``. A visit opened in a
    new session first asks who writes: that question's controls are returned (and then
    answered), else an empty list."""
    ui.open(url + route)
    eventually(lambda: ui.sees(expected) or ui.sees(ASKED), timeout=30)
    asked: list[Control] = []
    if ui.sees(ASKED) or (route.startswith("/visit/") and settle(cdp) and ui.sees(ASKED)):
        asked = settle(cdp)
        ui.answer_who_writes()
    ui.see(expected, timeout=30_000)
    return asked


ALIKE_FOR_EVERYONE = {
    "follow-ups": re.compile(r"controls told alike: button '(Åbn besøget|Markér som klaret) · Efter "),
}
"""Controls told alike because their rows are alike on screen too: two hires of the same
kind on the same day at one company get the same aftercare check-ins (same text, company,
date and owner; a hire records no person's name). A sighted consultant cannot tell them
apart either, and it does not matter which one is ticked off first."""


def walk(ui: Ui, cdp: CDPSession, url: str, screen: Screen) -> list[str]:
    """Open the screen (and its dialog) and return what is wrong with its controls."""
    asked = show(ui, cdp, url, screen.route, screen.expected)
    found = [f"{screen.name}, asked who writes: {p}" for p in problems(asked)]
    if screen.act is not None:
        screen.act(ui)
        ui.see(screen.after, timeout=30_000)
    seen = settle(cdp)
    alike_for_everyone = ALIKE_FOR_EVERYONE.get(screen.name)
    found += [
        f"{screen.name}: {p}"
        for p in problems(seen) + announced(dialogs(cdp), screen.title) + marked(seen, screen)
        if alike_for_everyone is None or not alike_for_everyone.search(p)
    ]
    if screen.shot:
        ui.shot(screen.shot)
    return found


def settle(cdp: CDPSession, calm: float = 1.5) -> list[Control]:
    """The controls once the tree has settled: unchanged for ``calm`` seconds, so a page
    sliding in (its controls scaled while it moves) is not measured half-way."""
    reads: list[tuple[float, list[Control]]] = [(time.monotonic(), controls(cdp))]

    def settled() -> bool:
        now, latest = time.monotonic(), controls(cdp)
        if latest != reads[-1][1]:
            reads.clear()
        reads.append((now, latest))
        return now - reads[0][0] >= calm

    eventually(settled, timeout=30)
    return reads[-1][1]


@pytest.mark.timeout(900)  # 25 screens: 2 minutes here, three times that on a slow CI machine
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_every_control_has_a_name_and_a_finger_sized_target(
    browser: Browser, seeded: tuple[AppProcess, dict[str, str]], orientation: str
) -> None:
    app, ids = seeded
    found: list[str] = []
    walked: list[str] = []
    for screen in screens(ids["visit2"]):
        print(f"{orientation}: {screen.name}", flush=True)  # where it was, if it hangs
        # Each screen in a fresh browser context, as a new tab would open it: one page
        # reloaded 25 times kept one renderer busy for two minutes, and in CI (30 Nov) it
        # stopped painting twice, far into the walk (a screenshot timed out).
        context = browser.new_context(viewport=PORTRAIT if orientation == "portrait" else LANDSCAPE)  # type: ignore[arg-type]
        page = context.new_page()
        try:
            found += walk(Ui(page, orientation), context.new_cdp_session(page), app.url, screen)
        except Exception as failure:
            shot = Path(os.environ.get("TMPDIR", "/tmp")) / f"a11y-{orientation}.png"
            try:  # the picture is a help; what went wrong is the failure itself
                page.screenshot(path=str(shot), timeout=5_000)
            except Exception as no_picture:
                failure.add_note(f"no screenshot: {no_picture}")
            raise
        finally:
            context.close()
        walked.append(screen.name)
    assert not found, f"{orientation}, {len(found)} problems:\n" + "\n".join(found)
    assert len(walked) == len(screens(ids["visit2"])) == 25


def test_the_walk_sees_what_a_screen_reader_would_be_told(
    browser: Browser, seeded: tuple[AppProcess, dict[str, str]]
) -> None:
    """The walk is not blind: it finds the controls a consultant taps, with their names and
    roles, and it would catch a control with no name or a small target."""
    app, ids = seeded
    context = browser.new_context(viewport=PORTRAIT)  # type: ignore[arg-type]
    page = context.new_page()
    ui = Ui(page)
    cdp = context.new_cdp_session(page)
    try:
        show(ui, cdp, app.url, f"/visit/{ids['visit2']}/cards", "Kort 1 af 8")
        seen = {(c.role, c.name): c for c in settle(cdp)}
        assert ("button", "Næste") in seen
        assert ("textbox", "Virksomhedens svar · kort 1 af 8") in seen
        assert ("switch", "Spørgsmålet er stillet") in seen
        # The phases choose what is shown: buttons (the current one marked), not checkboxes.
        assert ("button", "Åbning af mødet 2/8") in seen
        assert not [name for role, name in seen if role == "checkbox"]
        current = ui.page.locator('flt-semantics[aria-current="true"]', has_text="Åbning af mødet 2/8")
        assert current.count() == 1

        # The colours tests/views/test_contrast.py computes with are the ones on screen.
        def drawn(box: dict[str, float] | None = None) -> str:
            png = ui.page.screenshot(clip=box) if box else ui.page.screenshot()  # type: ignore[arg-type]
            pixels: list[tuple[int, tuple[int, int, int]]] = (
                Image.open(io.BytesIO(png)).convert("RGB").getcolors(1 << 24) or []  # type: ignore[assignment]
            )
            return "#" + "".join(f"{c:02X}" for c in max(pixels)[1])

        eventually(lambda: drawn() == SCHEME["surface"])
        forward = seen[("button", "Næste")]
        button = {"x": forward.x + 8, "y": forward.y + 4, "width": forward.width - 16, "height": forward.height - 8}
        eventually(lambda: drawn(button) == SCHEME["primary"])
        tiny = Control("button", "", 0, 0, 40, 40, False, False, "Indstillinger")
        assert problems([tiny]) == [
            "no name: button without a name (near 'Indstillinger') at (0, 0) 40×40 px",
            "smaller than 48×48: button without a name (near 'Indstillinger') at (0, 0) 40×40 px",
        ]
        half_scrolled_out = Control("button", "Afrunding 0/8", 743, 213, 41, 53, True, False, "")
        assert problems([half_scrolled_out]) == []
        # The visit's own tab is marked current; a choice of one among many is not a checkbox.
        assert seen[("button", "Samtalekort")].current == "true"
        assert seen[("button", "Forberedelse")].current != "true"
        assert marked(list(seen.values()), Screen("cards", "/", "", tab="Samtalekort")) == []
        ticked = Control("checkbox", "I år", 0, 0, 80, 48, False, False, "")
        assert marked([ticked], Screen("outcomes", "/", "", one_of_many=("^I år$",))) == [
            "a choice of one among many told as a checkbox (aria-current ''): checkbox 'I år' at (0, 0) 80×48 px"
        ]
        # Two controls told alike, and a dialog told only by its kind, are caught.
        twice = [Control("button", "Gem", 0, y, 80, 48, False, False, "") for y in (0, 100)]
        assert problems(twice) == ["2 controls told alike: button 'Gem' at (0, 0), (0, 100)"]
        assert announced([("unnamed", "Dialogboks")], "") == ["a dialog announced only as 'Dialogboks'"]
        assert announced([("label", "Underretning")], "") == ["a dialog announced only as 'Underretning'"]
        assert announced([("label", "Ny note · Rekruttering")], "Hurtig note") == [
            "no dialog announced as 'Hurtig note'…, only [('label', 'Ny note · Rekruttering')]"
        ]
        assert announced([("heading", "Synkronisering")], "Synkronisering") == []
    finally:
        context.close()
