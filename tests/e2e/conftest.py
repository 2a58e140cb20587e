"""Fixtures that start the real app in web mode and drive it in Debian's Chromium.

Flutter draws to a canvas; its accessibility tree appears after a click on the hidden
``flt-semantics-placeholder`` element, and then Playwright finds controls by role and
text, as a screen reader would.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Download, Locator, Page, ViewportSize, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.seed import seed_one_writer
from tests.server_harness import Server, free_port, office_seed, start_server

__all__ = ["free_port"]

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PORTRAIT: ViewportSize = {"width": 800, "height": 1280}
LANDSCAPE: ViewportSize = {"width": 1280, "height": 800}
VIEWPORTS = {"portrait": PORTRAIT, "landscape": LANDSCAPE}


def eventually(check: Callable[[], bool], timeout: float = 60.0) -> None:
    """Wait until ``check`` holds: what the app does in the background (saving, syncing)
    has happened."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("it did not happen in time")
        time.sleep(0.2)


# The logs of the apps a test started: none may say a coroutine was never awaited (work
# handed to a page whose browser tab had closed, silently dropped).
_APP_LOGS: list[Path] = []


class AppProcess:
    """``python main.py`` in web mode with its own data folder and port."""

    def __init__(
        self, data_dir: Path, port: int, *, script: Path | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.data_dir = data_dir
        self.port = port
        self.script = script or ROOT / "main.py"  # tests/e2e/slow_main.py: the app on a busy machine
        self.extra_env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data_dir.parent / f"app-{port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AppProcess:
        env = dict(os.environ)
        env.update(FELTMAPPE_DATA_DIR=str(self.data_dir), FELTMAPPE_PORT=str(self.port), FELTMAPPE_HOST="127.0.0.1")
        env.update(self.extra_env)
        env.pop("FLET_APP_STORAGE_DATA", None)
        env.pop("FLET_DISPLAY_URL_PREFIX", None)
        _APP_LOGS.append(self.log)
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, str(self.script)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("app did not answer within 60 s")

    def kill(self) -> None:
        """SIGKILL: what a dead battery or a killed app does; nothing gets to clean up."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A Chromium of its own per test file (about a second to start): one for the whole
    run (an hour) left late files' pages slow to settle — in the CI-like run of 1 Dec
    two sync tests timed out finding a card's field, twice each, and passed alone."""
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """The real sync server on loopback, on a SQLite file of its own."""
    running = start_server(f"sqlite:///{tmp_path / 'server.db'}", tmp_path)
    yield running
    running.proc.terminate()
    running.proc.wait(10)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Server]:
    """The real server on a SQLite file of its own, seeded as an office
    (tests.server_harness.office_seed: lars leads Jobcenter Herning, ole is a consultant)."""
    running = start_server(f"sqlite:///{tmp_path / 'server.db'}", tmp_path, seed=office_seed(tmp_path))
    yield running
    running.proc.terminate()
    running.proc.wait(10)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[AppProcess]:
    process = AppProcess(tmp_path / "data", free_port()).start()
    yield process
    process.stop()


@pytest.fixture
def visit_app(tmp_path: Path) -> Iterator[tuple[AppProcess, str]]:
    """The app on a tablet whose newest visit has one participant, its writer
    (tests.e2e.seed.seed_one_writer); yields the app and that visit's id."""
    data = tmp_path / "data"
    visit = seed_one_writer(data)
    process = AppProcess(data, free_port()).start()
    yield process, visit
    process.stop()


# Every page a test drives, so a failing test leaves a screenshot of each (two tablets).
_OPEN_UIS: list[Ui] = []
# The browser contexts of tablets a failure left open, closed after its screenshots are taken.
_FAILED_TABLETS: list[BrowserContext] = []


class Ui:
    """A consultant's hands: find by what is written on screen, tap, type, look."""

    def __init__(self, page: Page, orientation: str = "portrait") -> None:
        self.page = page
        self.orientation = orientation
        if os.environ.get("FELTMAPPE_E2E_CONSOLE"):  # a debugging aid: the page's console and navigations
            log = Path(os.environ["FELTMAPPE_E2E_CONSOLE"])

            def write(line: str) -> None:
                with log.open("a") as out:
                    out.write(f"{time.time():.2f} {line}\n")

            page.on("console", lambda m: write(f"console {m.type}: {m.text}"))
            page.on("framenavigated", lambda f: write(f"navigated {f.url}"))

    def open(self, url: str) -> Ui:
        """Open the app at ``url`` as a new visit to it. Flet keeps its session id in the
        tab's sessionStorage and a reload re-attaches to the old session, whose screen
        arrives first and is redrawn a moment later; tests start a session of their own
        (a reload keeping the session is tested on its own, in test_screens.py)."""
        if self.page.url.startswith("http"):
            self.page.evaluate("() => window.sessionStorage.clear()")
        self.page.goto(url)
        self.page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
        self.page.locator("flt-semantics-placeholder").dispatch_event("click")
        self.page.locator("flt-semantics").first.wait_for(state="attached", timeout=30_000)
        return self

    def press(self, target: Locator) -> None:
        """Scroll the control into view with the mouse wheel, as Flutter expects, then tap.

        Letting Playwright scroll the DOM instead moves the accessibility layer but not
        Flutter's canvas, and the tap lands on whatever is drawn at that spot.
        """
        target.wait_for(state="attached")
        size = self.page.viewport_size or {"width": 800, "height": 1280}
        last_top = None
        for _step in range(30):
            box = target.bounding_box()
            if box is None or box["y"] == last_top:  # fixed bars and list ends do not move
                break
            last_top = box["y"]
            top, bottom = box["y"], box["y"] + box["height"]
            if top >= 90 and bottom <= size["height"] - 110:
                break
            self.page.mouse.move(size["width"] / 2, size["height"] / 2)
            self.page.mouse.wheel(0, max(-400, min(400, top - size["height"] / 3)))
            time.sleep(0.25)
        target.click()

    def tap(self, name: str, role: str = "button") -> None:
        self.press(self.page.get_by_role(role, name=name, exact=True).first)  # type: ignore[arg-type]

    def type(self, label: str, text: str) -> None:
        """Tap the field, select what is there and type over it, as a person would.

        Right after a screen appears, Flutter may still be wiring its editing element
        and drop the keystrokes; then the field is tapped again and the text typed anew.
        """
        shown: str | None = None
        for _attempt in range(3):
            self.press(self.page.get_by_role("textbox", name=label))
            try:
                self.wait_for_focus(label, timeout_ms=10_000)
            except PlaywrightTimeoutError:
                continue  # the tap did not give the field the focus: tap again, as a person would
            time.sleep(0.2)
            self.page.keyboard.press("Control+a")
            # One input event, like a paste or a dictation: no key events that could
            # toggle a checkbox if Flutter moved the focus in between.
            self.page.keyboard.insert_text(text)
            time.sleep(0.4)  # let the change reach the app before the next tap
            shown = self.field_value(label)
            if shown == text:
                return
        raise AssertionError(f"could not type into {label!r}: it shows {shown!r}, not {text!r}")

    def wait_for_focus(self, label: str, timeout_ms: float = 30_000) -> None:
        """Wait until the browser's editing element is the text field labelled ``label``.
        Its accessible name may carry the hint under the label on a second line ("Dato
        (dd-mm-åååå)\\nfx 15-01-2027"): the first line is compared. Raises Playwright's
        TimeoutError after ``timeout_ms`` milliseconds."""
        self.page.wait_for_function(
            "(label) => { const e = document.activeElement;"
            " return !!e && ['INPUT', 'TEXTAREA'].includes(e.tagName)"
            " && (e.getAttribute('aria-label') || '').split('\\n')[0] === label; }",
            arg=label,
            timeout=timeout_ms,
        )

    def field_value(self, label: str) -> str:
        """What a text field shows. Flutter fills the DOM input only while it has focus,
        and right after a screen appears it may drop the first tap: tap until it has it,
        and read until two reads agree."""
        read = (
            "(label) => { const e = document.activeElement;"
            " return e && ['INPUT', 'TEXTAREA'].includes(e.tagName)"
            " && (e.getAttribute('aria-label') || '').split('\\n')[0] === label ? e.value : null; }"
        )
        for _attempt in range(4):
            self.press(self.page.get_by_role("textbox", name=label))
            last: str | None = None
            deadline = time.monotonic() + 2.5
            while time.monotonic() < deadline:
                value = self.page.evaluate(read, label)
                if value is not None and value == last:
                    return str(value)
                last = value
                time.sleep(0.2)
        raise AssertionError(f"text field {label!r} did not take focus")

    def answer_who_writes(self, name: str | None = None) -> None:
        """Answer the question a visit asks when it is opened in a new session (a browser
        tab, the app started again, two hours later): tap ``name``, or confirm the one
        marked as writing now."""
        self.see("Besøget er åbnet på ny")
        if name is None:
            choice = self.page.get_by_role("button", name=re.compile(r"– skriver nu$"))
        else:
            choice = self.page.get_by_role("button", name=re.compile(rf"· {re.escape(name)}\b"))
        self.press(choice.first)
        self.text("Besøget er åbnet på ny").first.wait_for(state="detached")
        if name is not None:  # another writer: the screen is drawn again with their name
            self.see(f"· {name}")

    def text(self, text: str) -> Locator:
        # Flutter puts most text in aria-label attributes, some in text nodes.
        quoted = text.replace("\\", "\\\\").replace('"', '\\"')
        return self.page.locator(f'[aria-label*="{quoted}"]').or_(self.page.get_by_text(text))

    def see(self, text: str, timeout: float = 15_000) -> None:
        self.text(text).first.wait_for(state="attached", timeout=timeout)

    def sees(self, text: str) -> bool:
        return self.text(text).count() > 0

    def make_file(self, button: str, *, take: str = "Del") -> Download:
        """Tap a button that makes a PDF or a CSV file, see the app say the file is saved,
        and take it with "Del" (or "Åbn"): in the browser, either is a download."""
        self.tap(button)
        saved = self.text("er gemt")  # "PDF'en er gemt", "CSV-filen er gemt"
        saved.first.wait_for(state="attached")
        with self.page.expect_download() as info:
            self.tap(take)
        saved.first.wait_for(state="detached")
        return info.value

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        time.sleep(1.0)  # painting lags the accessibility tree
        self.page.screenshot(path=str(SHOTS / f"{name}-{self.orientation}.png"))


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the group
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser test failing once is run once more (pytest-rerunfailures) and fails the
    run only if it fails again: on a loaded two-core machine Flutter's web client now and
    then drops a tap or paints late. Each first failure is still reported in the summary
    (``R``) with its screenshots, so a test that fails for real cannot hide.

    The browser tests are one group for pytest-xdist (``make test PARALLEL="-n 2 --dist
    loadgroup"``): one worker drives Chromium, one test at a time, while the other runs the
    rest of the suite."""
    for item in items:
        if item.get_closest_marker("e2e") is not None:
            item.add_marker(pytest.mark.flaky(reruns=1))
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(autouse=True)
def _forget_pages() -> Iterator[None]:
    _OPEN_UIS.clear()
    _APP_LOGS.clear()
    yield
    _OPEN_UIS.clear()
    failed, _FAILED_TABLETS[:] = list(_FAILED_TABLETS), []
    for context in failed:
        context.close()
    logs, _APP_LOGS[:] = list(_APP_LOGS), []
    for log in logs:
        nothing_dropped(log)


def nothing_dropped(log: Path) -> None:
    """The app's log says no coroutine was made and never awaited."""
    text = log.read_text(errors="replace") if log.exists() else ""
    assert "was never awaited" not in text, f"{log}: a coroutine was dropped:\n{text[-3000:]}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call" and report.failed:
        folder = Path(os.environ.get("TMPDIR", "/tmp"))
        for n, ui in enumerate(_OPEN_UIS):
            path = folder / f"e2e-failure-{item.name}-{n}.png"
            try:  # a page that hangs or is closed must not stop the run: the failure is reported anyway
                ui.page.screenshot(path=str(path), timeout=10_000)
            except Exception as error:
                report.sections.append((f"screenshot {n}", f"not taken: {error}"))
            else:
                report.sections.append((f"screenshot {n}", str(path)))
    return report


@contextmanager
def tablet(browser: Browser, orientation: str = "portrait", **options: Any) -> Iterator[Ui]:
    """A tablet held ``orientation`` ("portrait", 800 x 1280, or "landscape", 1280 x 800):
    a browser context of its own, with ``options`` for ``Browser.new_context``
    (``accept_downloads=True``, say), and a :class:`Ui` on its one page whose screenshots
    are named for the orientation. The context is closed at the end; after a failure, once
    the failure's screenshot of the page is taken (pytest_runtest_makereport). Raises
    KeyError for another orientation."""
    context = browser.new_context(viewport=VIEWPORTS[orientation], **options)
    try:
        yield Ui(context.new_page(), orientation)
    except BaseException:
        _FAILED_TABLETS.append(context)
        raise
    context.close()


@pytest.fixture
def ui(browser: Browser) -> Iterator[Ui]:
    """A tablet held upright."""
    with tablet(browser) as upright:
        yield upright
