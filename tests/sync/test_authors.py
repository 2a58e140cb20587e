"""Who wrote it travels with it (issue 10, newcomer trial): a visit made before pairing, with
no name under Settings and nobody chosen as writer, and then, after pairing, a quick note,
a task, a position, a card answer, a social answer, an opening and a follow-up written on
it the way the screens write them (the author is the visit's current writer). Every record
that carries an author reaches a colleague with one: the paired consultant's name."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from domain.company import CompanyDraft
from domain.records import QUICK_NOTE
from domain.schema import ENTITY_FIELDS
from domain.tasks import OpeningDraft, TaskDraft
from storage import followups, repo, visit_records
from storage.db import Store
from storage.photos import PhotoStore
from sync.client import SyncClient, pair
from sync.transport import HttpTransport
from tests.server_harness import PASSWORD, Server
from tests.sync.support import Logins, ReplayLogin, empty_database, make_tablet, snapshot


def writer(store: Store, visit: str) -> str:
    """What the screens stamp (views.context.AppContext.author)."""
    return visit_records.current_writer(store, visit_id=visit)


def quick_note(store: Store, visit: str) -> None:
    visit_records.add_note(store, visit_id=visit, field=QUICK_NOTE, text="Ring i morgen", author=writer(store, visit))


def task(store: Store, visit: str) -> None:
    draft = TaskDraft(area="Lager", title="Pakning", level=1, hours="3")
    visit_records.save_task(
        store, visit_id=visit, draft=draft, author=writer(store, visit), green_ids=[], accommodation_ids=[]
    )


def position(store: Store, visit: str) -> None:
    visit_records.add_position(store, visit_id=visit, title="Lagerassistent", author=writer(store, visit))


def card_answer(store: Store, visit: str) -> None:
    repo.save_card(store, visit_id=visit, card_id="opening-01", answer="Familieejet, tre skift")


def social(store: Store, visit: str) -> None:
    visit_records.save_social(store, visit_id=visit, area_id="flex", author=writer(store, visit), status="wants")


def opening_and_followup(store: Store, visit: str) -> None:
    draft = TaskDraft(area="Lager", title="Pluk", level=1, hours="2")
    picked = visit_records.save_task(
        store, visit_id=visit, draft=draft, author=writer(store, visit), green_ids=[], accommodation_ids=[]
    )
    opening = followups.create_opening(
        store, visit_id=visit, draft=OpeningDraft(title="Pluk", task_ids=(picked,)), author=writer(store, visit)
    )
    followups.add_followup(
        store,
        visit_id=visit,
        title="Ring om stillingen",
        owner="Karin Holm",
        due=date(2026, 3, 9),
        author=writer(store, visit),
        opening_id=opening,
    )


WRITERS: dict[str, Callable[[Store, str], None]] = {
    "quick_note": quick_note,
    "task": task,
    "position": position,
    "card_answer": card_answer,
    "social": social,
    "opening_and_followup": opening_and_followup,
}
AUTHORED = sorted(entity for entity, fields in ENTITY_FIELDS.items() if "author" in fields)


@pytest.mark.parametrize("participants", [(), ("Karin Holm",)], ids=["nobody", "the company's contact"])
def test_what_is_written_after_pairing_carries_the_paired_consultants_name(
    server: Server, tmp_path: Path, participants: tuple[str, ...]
) -> None:
    ole_login, mette_login = Logins(server, 1, "ole").answers[0], Logins(server, 1, "mette").answers[0]
    folder = tmp_path / "ole"
    folder.mkdir()
    shutil.copyfile(empty_database(), folder / "t.db")
    store = Store(folder / "t.db")
    # Before pairing, no name under Settings: the visit and its people.
    company = repo.save_company(store, draft=CompanyDraft(name="Fjordens Bageri ApS"))
    visit = repo.create_visit(store, company_id=company, content_version="2026.1", on=date(2026, 3, 2))
    for name in participants:
        visit_records.add_participant(store, visit_id=visit, name=name, role="E")
    assert writer(store, visit) == ""  # nobody to name yet: no name is made up
    pair(
        store,
        server_url=server.url,
        username="ole",
        password=PASSWORD,
        device_name="ole",
        transport=ReplayLogin(ole_login),
    )
    consultant = str(ole_login["consultant"]["name"])  # type: ignore[index]
    assert consultant
    assert writer(store, visit) == consultant

    for write in WRITERS.values():
        write(store, visit)
    SyncClient(store, PhotoStore(folder / "photos"), HttpTransport(server.url, str(ole_login["token"]))).sync()
    mette = make_tablet(tmp_path / "mette", server, mette_login)
    mette.client.sync()
    seen = snapshot(mette.store)
    written = {entity: [row for row in seen[entity] if row.get("visit_id") == visit] for entity in AUTHORED}
    assert {e for e, rows in written.items() if rows} >= {"note", "task", "position", "card", "social", "opening"}
    unsigned = {e: [r["id"] for r in rows if not r["author"]] for e, rows in written.items()}
    assert unsigned == {e: [] for e in AUTHORED}
    assert {r["author"] for rows in written.values() for r in rows} == {consultant}
    store.close()
    mette.close()
