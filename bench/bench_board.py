"""Openings board benchmark: what a team leader waits for when a filter chip is tapped.

``board_filter_2000_ms``: the board of 2,000 job openings (200 companies, 400 visits, about
three tasks to each opening, with the levels, green categories, areas, owners and statuses
real visits give) read from the store (:func:`storage.office.board`: openings, company
names, tasks), the filter's choices counted (:func:`domain.board.choices`, the chips) and
the filter applied (:func:`domain.board.filter_board`: level 1 in one area, then other
filters a team leader taps). The figure is the MEDIAN of 20 taps after a warm-up, in
milliseconds; target < 200 ms.

``outcomes_2000_ms``: the outcomes screen's counting on the same data (the facts read from
the store, then counted per month, per consultant and per team), median of 10; our own
target < 200 ms.

The data is made through the repositories the screens use (companies, visits, tasks,
openings and their status changes), so every record carries its stamps and outbox entry.
Run from the repository root: ``.venv/bin/python bench/bench_board.py``.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.board import BoardFilter, choices, filter_board
from domain.company import CompanyDraft
from domain.outcomes import outcomes
from domain.tasks import OpeningDraft, TaskDraft
from storage import followups, office, repo, visit_records
from storage.content import load_pack
from storage.db import Store

COMPANIES, VISITS, OPENINGS, TAPS = 200, 400, 2_000, 20
CONSULTANTS = ["Jonas Holm", "Mette Sørensen", "Ole Hansen", "Karen Bech", "Per Olsen", "Lise Dam", "Ali Yilmaz"]
AREAS = ["Lager", "Produktion", "Værksted", "Kantine", "Rengøring", "Udearealer", "Kontor", "Pakkeri", "Drivhus"]
VERBS = ["Sortere", "Pakke", "Rengøre", "Reparere", "Registrere", "Feje", "Klargøre", "Sætte op", "Tjekke"]
THINGS = ["pap og plast", "paller", "varer til forsendelse", "maskiner", "affald", "kasser", "planter", "værktøj"]
NAMES = ["Hansens", "Vestjysk", "Æblehaven", "Fjordens", "Grøn", "Møllens", "Skovly", "Havne", "Tømrer"]
KINDS = ["Smedje", "Emballage", "Gartneri", "Bageri", "Transport", "Montage", "Genbrug", "Service"]
STATUSES = ["open"] * 8 + ["candidates_sent"] * 5 + ["filled"] * 4 + ["closed"] * 3


def emit(metric: str, value: float) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": "ms"}), flush=True)


def fill(store: Store) -> None:
    pack = load_pack("da").pack
    green = [c.id for c in pack.green_categories]
    accommodations = [a.id for a in pack.accommodations]
    rng = random.Random(6)
    companies = [
        repo.save_company(
            store,
            draft=CompanyDraft(name=f"{rng.choice(NAMES)} {rng.choice(KINDS)} {n} ApS", industry=rng.choice(KINDS)),
        )
        for n in range(COMPANIES)
    ]
    first_day = date(2024, 1, 1)
    made = 0
    for n in range(VISITS):
        visit = repo.create_visit(
            store,
            company_id=companies[n % COMPANIES],
            content_version=pack.version,
            on=first_day + timedelta(days=rng.randrange(3 * 365)),
            consultant=rng.choice(CONSULTANTS),
        )
        areas = rng.sample(AREAS, 3)
        tasks = [
            visit_records.save_task(
                store,
                visit_id=visit,
                draft=TaskDraft(
                    area=rng.choice(areas),
                    title=f"{rng.choice(VERBS)} {rng.choice(THINGS)}",
                    hours=str(rng.choice([1, 2, 2.5, 3, 4, 6])),
                    level=rng.choice([1, 1, 1, 2, 2, 3]),
                    green=rng.choice(green) if rng.random() < 0.4 else "",
                    accommodations=tuple(rng.sample(accommodations, rng.randrange(3))),
                ),
                author=rng.choice(CONSULTANTS),
                green_ids=green,
                accommodation_ids=accommodations,
            )
            for _ in range(6)
        ]
        for _ in range(OPENINGS // VISITS):
            opening = followups.create_opening(
                store,
                visit_id=visit,
                draft=OpeningDraft(
                    title=f"Medhjælper {made}",
                    task_ids=tuple(rng.sample(tasks, rng.choice([2, 3, 3, 4]))),
                    requirements="Kan løfte op til 15 kg. Mødetid kl. 7.",
                    owner=rng.choice([*CONSULTANTS, ""]),
                ),
                author=rng.choice(CONSULTANTS),
            )
            status = rng.choice(STATUSES)
            if status != "open":
                followups.update_opening(store, opening_id=opening, status=status, candidates_sent=rng.randrange(1, 5))
            made += 1


def main() -> None:
    filters = [
        BoardFilter(level=1, area="Lager"),
        BoardFilter(level=2, green="recycling"),
        BoardFilter(owner="Mette Sørensen"),
        BoardFilter(statuses=frozenset(), area="Værksted"),
    ]
    with tempfile.TemporaryDirectory(prefix="feltmappe-bench-") as tmp:
        store = Store(Path(tmp) / "board.db")
        fill(store)

        def tap(wanted: BoardFilter) -> int:
            everything = office.board(store)
            choices(everything)
            return len(filter_board(everything, wanted))

        assert len(office.board(store)) == OPENINGS
        assert tap(filters[0]) > 0
        samples = []
        for n in range(TAPS):
            start = time.perf_counter()
            tap(filters[n % len(filters)])
            samples.append((time.perf_counter() - start) * 1000)
        emit("board_filter_2000_ms", statistics.median(samples))

        # The outcomes screen on the same team: 400 visits, 2,400 tasks, 2,000 openings,
        # counted per month, per consultant and per team (median of 10 openings of the screen).
        def outcome_screen() -> None:
            facts = office.outcome_facts(store)
            for by in ("month", "consultant", "team"):
                outcomes(facts.visits, facts.tasks, facts.openings, facts.hires, by=by)

        samples = []
        for _ in range(10):
            start = time.perf_counter()
            outcome_screen()
            samples.append((time.perf_counter() - start) * 1000)
        emit("outcomes_2000_ms", statistics.median(samples))
        store.close()


if __name__ == "__main__":
    main()
