"""Storage benchmarks: answer saves while typing, and the visits list of a busy tablet.

Run from the repository root: ``.venv/bin/python bench/bench_storage.py``. Prints one JSON
line per figure, e.g. ``{"metric": "save_answer_p99_ms", "value": 3.2, "unit": "ms"}``.
"""

from __future__ import annotations

import json
import math
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.company import CompanyDraft
from storage import repo
from storage.db import Store

SAVES = 1_000
COMPANIES = 1_000
VISITS = 5_000
LIST_RUNS = 20
SEARCH = "æble"

WORDS = ["Æble", "Bager", "Fjord", "Grøn", "Havn", "Ø-", "Skov", "Smed", "Vind", "Tømrer", "Lys", "Mølle"]
KINDS = ["haven", "huset", "værket", "gården", "service", "transport", "montage", "design"]
FORMS = ["ApS", "A/S", "I/S", "IVS", ""]


def emit(metric: str, value: float) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": "ms"}), flush=True)


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[math.ceil(0.99 * len(ordered)) - 1]


def bench_answer_saves(store: Store) -> float:
    """p99 wall time of one answer save (record, stamps and outbox, committed to disk)."""
    visit_id = repo.create_visit(
        store,
        company_id=repo.save_company(store, draft=CompanyDraft(name="Bench ApS")),
        content_version="bench",
    )
    cards = [f"card-{n}" for n in range(5)]
    typed = dict.fromkeys(cards, "")
    samples: list[float] = []
    for i in range(SAVES):
        card = cards[i % len(cards)]
        typed[card] += random.choice("abcdefghijklmnopqrstuvwxyzæøå ")
        starred = None if i % 10 else bool(i % 20)  # now and then a second field: a new outbox entry
        start = time.perf_counter()
        repo.save_card(store, visit_id=visit_id, card_id=card, answer=typed[card], starred=starred)
        samples.append((time.perf_counter() - start) * 1000)
    return p99(samples)


def fill(store: Store) -> None:
    """1,000 companies, 5,000 visits over three years, answers on about half the visits."""
    rng = random.Random(7)
    first_day = date(2023, 1, 1)
    with store.write() as s:
        companies: list[str] = []
        for n in range(COMPANIES):
            company_id = str(uuid.uuid4())
            name = f"{rng.choice(WORDS)}{rng.choice(KINDS)} {rng.choice(FORMS)} {n}".strip()
            store.save_in(s, "company", company_id, {"name": name, "address": f"Vej {n}, 5000 Odense"})
            companies.append(company_id)
        for n in range(VISITS):
            visit_id = str(uuid.uuid4())
            on = first_day + timedelta(days=rng.randrange(3 * 365))
            fields = {"company_id": rng.choice(companies), "date": on.isoformat(), "content_version": "2026.1"}
            store.save_in(s, "visit", visit_id, fields)
            for card in range(rng.choice([0, 0, 2, 4, 8])):
                card_id = f"opening-{card:02d}"
                store.save_in(
                    s,
                    "card",
                    repo.card_record_id(visit_id, card_id),
                    {"visit_id": visit_id, "card_id": card_id, "asked": True, "answer": f"Svar {n}/{card}"},
                )


def median_ms(run: Callable[[], object]) -> float:
    run()  # warm-up: page cache, statement cache
    samples = []
    for _ in range(LIST_RUNS):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    random.seed(1)
    with tempfile.TemporaryDirectory(prefix="feltmappe-bench-") as tmp:
        store = Store(Path(tmp) / "saves.db")
        emit("save_answer_p99_ms", bench_answer_saves(store))
        store.close()

        store = Store(Path(tmp) / "list.db")
        fill(store)
        first_page = repo.list_visits(store, limit=50)
        found = repo.list_visits(store, search=SEARCH, limit=50)
        assert len(first_page) == 50 and len(found) == 50, (len(first_page), len(found))
        emit("visit_list_first_page_ms", median_ms(lambda: repo.list_visits(store, limit=50)))
        emit("visit_list_search_ms", median_ms(lambda: repo.list_visits(store, search=SEARCH, limit=50)))
        store.close()


if __name__ == "__main__":
    main()
