"""Visit benchmarks: opening a big visit, and adding a task to it.

``open_large_visit_ms``: everything a visit's screens read when it is opened (the visit,
participants, notes, tasks, cards, social profile, closing, openings, follow-ups) for a
visit with 300 tasks and 500 notes, median of 20 opens after a warm-up.
``add_task_p99_ms``: p99 of 300 more tasks recorded on that visit through the same
repository the walk-around screen uses (validation, stamps, outbox, commit to disk).
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Sized
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.company import CompanyDraft
from domain.tasks import TaskDraft
from storage import followups, repo, visit_records
from storage.content import load_pack
from storage.db import Store

TASKS, NOTES, OPENS, ADDS = 300, 500, 20, 300
FIELDS = ("recruitment", "retention", "upskilling", "general")


def emit(metric: str, value: float) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": "ms"}), flush=True)


def open_visit(store: Store, visit_id: str) -> int:
    found = repo.get_visit(store, visit_id=visit_id)
    assert found is not None
    loaded: list[Sized] = [
        visit_records.participants(store, visit_id=visit_id),
        visit_records.notes(store, visit_id=visit_id),
        visit_records.tasks(store, visit_id=visit_id),
        list(repo.card_states(store, visit_id=visit_id)),
        list(visit_records.social_profile(store, visit_id=visit_id)),
        [visit_records.closing(store, visit_id=visit_id)],
        followups.openings(store, visit_id=visit_id),
        followups.followups(store, visit_id=visit_id),
    ]
    return sum(len(part) for part in loaded)


def main() -> None:
    pack = load_pack("da").pack
    green = [c.id for c in pack.green_categories]
    accommodations = [a.id for a in pack.accommodations]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        company = repo.save_company(store, draft=CompanyDraft(name="Stor Virksomhed A/S"))
        visit = repo.create_visit(store, company_id=company, content_version=pack.version)
        visit_records.add_participant(store, visit_id=visit, name="Mette Sørensen", role="E")
        visit_records.add_participant(store, visit_id=visit, name="Ole Hansen", role="S")

        def draft(n: int) -> TaskDraft:
            return TaskDraft(
                area=f"Hal {n % 12}",
                title=f"Opgave nummer {n}: sortering af pap og plast ved station {n % 7}",
                done_by="Faglært operatør",
                hours=str(1 + n % 6),
                level=1 + n % 3,
                green=green[n % len(green)] if n % 2 else "",
                accommodations=tuple(accommodations[: n % 4]),
            )

        for n in range(TASKS):
            visit_records.save_task(
                store,
                visit_id=visit,
                draft=draft(n),
                author="Ole Hansen",
                green_ids=green,
                accommodation_ids=accommodations,
            )
        for n in range(NOTES):
            visit_records.add_note(
                store,
                visit_id=visit,
                field=FIELDS[n % 4],
                text=f"Note {n}: virksomheden fortæller om travlhed i produktionen og mangel på hænder. " * 3,
                author="Mette Sørensen" if n % 2 else "Ole Hansen",
            )

        assert open_visit(store, visit) >= TASKS + NOTES
        times = []
        for _ in range(OPENS):
            start = time.perf_counter()
            open_visit(store, visit)
            times.append((time.perf_counter() - start) * 1000)
        emit("open_large_visit_ms", statistics.median(times))

        adds = []
        for n in range(TASKS, TASKS + ADDS):
            start = time.perf_counter()
            visit_records.save_task(
                store,
                visit_id=visit,
                draft=draft(n),
                author="Ole Hansen",
                green_ids=green,
                accommodation_ids=accommodations,
            )
            adds.append((time.perf_counter() - start) * 1000)
        ordered = sorted(adds)
        emit("add_task_p99_ms", ordered[math.ceil(0.99 * len(ordered)) - 1])
        store.close()


if __name__ == "__main__":
    main()
