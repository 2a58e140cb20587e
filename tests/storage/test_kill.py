"""Durability: an answer reported saved survives the app being killed a moment later."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from domain.company import CompanyDraft
from storage import repo
from storage.db import Store
from storage.models import CardAnswer, OutboxEntry

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

REPO_ROOT = Path(__file__).resolve().parents[2]

# Saves answers one by one and says so after each save has returned.
CHILD = """
import sys
from pathlib import Path

from storage import repo
from storage.db import Store

path, visit_id, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
store = Store(path)
for i in range(100_000):
    if mode == "cards":
        repo.save_card(store, visit_id=visit_id, card_id=f"card-{i:05d}", answer=f"Svar {i}: æøå ÆØÅ")
    else:  # typing into one card, one save per keystroke
        repo.save_card(store, visit_id=visit_id, card_id="typing", answer="Svar " + "x" * i)
    print(f"saved {i}", flush=True)
"""


def prepare(path: Path) -> str:
    store = Store(path)
    company_id = repo.save_company(store, draft=CompanyDraft(name="Æblehaven ApS", cvr="10150817"))
    visit_id = repo.create_visit(store, company_id=company_id, content_version="2026.1", on=date(2026, 1, 5))
    store.close()
    return visit_id


def run_and_kill(path: Path, visit_id: str, mode: str, kill_after: int) -> int:
    """Start the saving app, SIGKILL it right after it reports save ``kill_after``."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), visit_id, mode],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(120, child.kill)
    watchdog.start()
    last = -1
    try:
        assert child.stdout is not None
        for line in child.stdout:
            last = int(line.removeprefix("saved "))
            if last >= kill_after:
                child.send_signal(signal.SIGKILL)
                break
    finally:
        watchdog.cancel()
        _, err = child.communicate()
    assert child.returncode == -signal.SIGKILL, err
    assert last >= kill_after, err
    return last


def check_consistent(store: Store) -> None:
    """Every stored answer has its change in the outbox, and the file is whole."""
    with store.read() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        cards = {c.id: c for c in s.scalars(select(CardAnswer))}
        queued: dict[str, dict[str, object]] = {}
        for change in s.scalars(select(OutboxEntry).where(OutboxEntry.entity == "card").order_by(OutboxEntry.seq)):
            queued.setdefault(change.record_id, {}).update(change.fields)
    assert set(queued) == set(cards)
    for record_id, card in cards.items():
        assert queued[record_id]["answer"] == card.answer
        assert queued[record_id]["card_id"] == card.card_id
        assert card.hlc == card.stamps["answer"]


@pytest.mark.parametrize("kill_after", [0, 25, 150])
def test_answers_reported_saved_survive_a_kill(tmp_path: Path, kill_after: int) -> None:
    path = tmp_path / "x.db"
    visit_id = prepare(path)
    last = run_and_kill(path, visit_id, "cards", kill_after)

    store = Store(path)
    states = repo.card_states(store, visit_id=visit_id)
    # Every save reported before the kill is there, and the saves the app made after it
    # (it runs on until the signal lands: on a busy machine several) are there whole, in
    # order: nothing half-written, no gap.
    assert len(states) >= last + 1
    for i in range(len(states)):
        assert states[f"card-{i:05d}"].answer == f"Svar {i}: æøå ÆØÅ"
        assert states[f"card-{i:05d}"].asked is True
    check_consistent(store)
    assert repo.list_visits(store)[0].cards_asked == len(states)

    # The reopened app carries on with later stamps.
    with store.read() as s:
        greatest = max(c.hlc for c in s.scalars(select(CardAnswer)))
    repo.save_card(store, visit_id=visit_id, card_id="after", answer="efter genstart")
    assert store.clock.last > greatest
    store.close()


@pytest.mark.parametrize("kill_after", [10, 80])
def test_typing_reported_saved_survives_a_kill(tmp_path: Path, kill_after: int) -> None:
    path = tmp_path / "x.db"
    visit_id = prepare(path)
    last = run_and_kill(path, visit_id, "typing", kill_after)

    store = Store(path)
    answer = repo.card_states(store, visit_id=visit_id)["typing"].answer
    assert answer.startswith("Svar ")
    assert answer == "Svar " + "x" * (len(answer) - len("Svar "))  # whole: one keystroke's save
    assert len(answer) - len("Svar ") >= last  # at least what was reported saved
    check_consistent(store)
    with store.read() as s:
        pending = list(s.scalars(select(OutboxEntry).where(OutboxEntry.entity == "card")))
    assert len(pending) == 2  # the card's creation, and every keystroke after it folded into one
    store.close()
