"""Records the storage and sync tests start from, made through the app's one write path
(the repositories), as a consultant's screens make them."""

from __future__ import annotations

from datetime import date

from domain.company import CompanyDraft
from domain.tasks import OpeningDraft, TaskDraft
from storage import followups, repo, visit_records
from storage.db import Store


def visit_with_task(store: Store, company_name: str) -> tuple[str, str]:
    """A company named ``company_name``, a visit to it on 2 March 2026 and one spotted task
    (Lager, Pakning, level 1, 3 hours, by Ole); returns (visit id, task id)."""
    company = repo.save_company(store, draft=CompanyDraft(name=company_name))
    visit = repo.create_visit(store, company_id=company, content_version="2026.1", on=date(2026, 3, 2))
    task = visit_records.save_task(
        store,
        visit_id=visit,
        draft=TaskDraft(area="Lager", title="Pakning", level=1, hours="3"),
        author="Ole",
        green_ids=[],
        accommodation_ids=[],
    )
    return visit, task


def visit_with_opening(store: Store, company_name: str = "Kandidater ApS") -> tuple[str, str]:
    """:func:`visit_with_task` and a job opening "Pakker" for its task, by Ole, no candidates
    sent yet; returns (visit id, opening id)."""
    visit, task = visit_with_task(store, company_name)
    draft = OpeningDraft(title="Pakker", task_ids=(task,))
    return visit, followups.create_opening(store, visit_id=visit, draft=draft, author="Ole")
