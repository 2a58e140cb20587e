"""Nothing stranded (SYNC.md guarantees 9 and 10, and the merges of issue 10), with real
tablets (local databases and sync clients) and the real server over HTTP: a clock fifteen
minutes fast, a change of a record type the server does not know, a field an older app
does not know, a batch the server refuses as a whole, checklist ticks and candidate counts
from two tablets, text edited after its record was deleted, a photo the server lacks."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from domain.clock import wall_ms
from domain.company import CompanyDraft
from storage import conflicts, followups, repo, visit_records
from storage.db import Store, synced_fields
from storage.models import ENTITIES, HeldChange, OutboxEntry, RejectedChange
from sync import outbox
from sync.transport import HttpTransport
from tests.server_harness import Server, change
from tests.storage.seed import visit_with_opening, visit_with_task
from tests.sync.support import LogCursor, Logins, Tablet, make_tablet, server_log

FIFTEEN_MINUTES = 15 * 60 * 1000


def pair_of(server: Server, tmp_path: Path, count: int = 2) -> list[Tablet]:
    logins = Logins(server, count)
    start = LogCursor(server, str(logins.answers[0]["token"])).advance()
    tablets = [make_tablet(tmp_path / f"t{i}", server, logins.next()) for i in range(count)]
    for tablet in tablets:
        tablet.store.set_state("pull_cursor", str(start))
    return tablets


def test_a_tablet_fifteen_minutes_fast_gets_its_company_to_colleagues(server: Server, tmp_path: Path) -> None:
    fast, colleague = pair_of(server, tmp_path)
    fast.store.clock._now = lambda: wall_ms() + FIFTEEN_MINUTES  # the device's clock is wrong
    company = repo.save_company(fast.store, draft=CompanyDraft(name="Skæve Ure ApS"))

    fast.client.sync()
    assert outbox.waiting(fast.store) == 0
    with fast.store.read() as s:
        assert s.scalars(select(RejectedChange)).all() == []  # not refused: stamped again and sent
    colleague.client.sync()
    assert repo.get_company(colleague.store, company_id=company) is not None

    # The clock stays in line: the next edit is neither refused nor stamped far ahead.
    repo.save_company(fast.store, company_id=company, draft=CompanyDraft(name="Skæve Ure A/S"))
    fast.client.sync()
    assert outbox.waiting(fast.store) == 0
    colleague.client.sync()
    found = repo.get_company(colleague.store, company_id=company)
    assert found is not None and found.name == "Skæve Ure A/S"
    stamp_ms = int(fast.store.clock.last.split("-")[0])
    assert stamp_ms < wall_ms() + 10 * 60 * 1000


def test_a_clock_that_ran_ahead_while_offline_is_pulled_back_after_a_restart(server: Server, tmp_path: Path) -> None:
    [tablet] = pair_of(server, tmp_path, 1)
    tablet.store.clock._now = lambda: wall_ms() + FIFTEEN_MINUTES
    repo.save_company(tablet.store, draft=CompanyDraft(name="Før"))  # stamped ahead, kept on the tablet
    tablet.store.clock._now = wall_ms  # the clock is fixed; the persisted stamp is still ahead
    repo.save_company(tablet.store, draft=CompanyDraft(name="Efter"))
    tablet.client.sync()
    assert outbox.waiting(tablet.store) == 0
    with tablet.store.read() as s:
        assert s.scalars(select(RejectedChange)).all() == []


def test_a_change_to_a_record_type_the_server_does_not_know_waits_and_blocks_nothing(
    server: Server, tmp_path: Path
) -> None:
    [tablet] = pair_of(server, tmp_path, 1)
    future = str(uuid.uuid4())
    with tablet.store.write() as s:  # made by a newer app version than the server knows
        s.add(
            OutboxEntry(
                op=future,
                entity="weather_report",
                record_id=str(uuid.uuid4()),
                team=tablet.store.team_id,
                hlc=tablet.store.clock.tick(),
                fields={"text": "regn"},
                base={},
                in_flight=False,
            )
        )
    company = repo.save_company(tablet.store, draft=CompanyDraft(name="Bagved ApS"))
    tablet.client.sync()
    assert outbox.waiting(tablet.store) == 1  # the unknown one stays...
    log, _ = server_log(server, tablet.token)
    assert company in {c["id"] for c in log}  # ...and the rest went out
    tablet.client.sync()
    with tablet.store.read() as s:
        [held] = s.scalars(select(OutboxEntry)).all()
        assert (held.op, held.held) == (future, "unknown_entity")


def test_a_field_only_a_newer_app_knows_is_kept_and_shown_after_the_upgrade(server: Server, tmp_path: Path) -> None:
    """An old tablet (it does not know a participant's phone) pulls a participant made by a
    new one: it keeps the phone it cannot show, and shows it once it is upgraded. A field
    neither the server nor any app knows yet is kept by the server and served too."""
    logins = Logins(server, 2)
    start = LogCursor(server, str(logins.answers[0]["token"])).advance()
    new = make_tablet(tmp_path / "new", server, logins.next())
    company = repo.save_company(new.store, draft=CompanyDraft(name="Nyt Og Gammelt ApS"))
    visit = repo.create_visit(new.store, company_id=company, content_version="2026.1", on=date(2026, 3, 2))
    participant = str(uuid.uuid4())
    new.store.save("participant", participant, {"visit_id": visit, "name": "Mette", "phone": "12345678"})
    new.client.sync()
    # A field from a version newer than every app here, pushed as that version would.
    HttpTransport(server.url, new.token).call(
        "POST",
        "/api/v1/sync/push",
        json={
            "changes": [
                change(
                    new.store.team_id,
                    "participant",
                    record=participant,
                    hlc=new.store.clock.tick(),
                    fields={"pronouns": "hun"},
                )
            ]
        },
    )

    old_fields = {name: synced_fields(model) for name, model in ENTITIES.items()}
    old_fields["participant"] = [f for f in old_fields["participant"] if f not in ("phone", "email")]
    old = make_tablet(tmp_path / "old", server, logins.next())
    old.store.close()
    old.store = Store(tmp_path / "old" / "t.db", known_fields=old_fields)
    old.client.store = old.store
    old.store.set_state("pull_cursor", str(start))
    old.client.sync()
    with old.store.read() as s:
        held = {k: v for h in s.scalars(select(HeldChange)) for k, v in h.fields.items()}
    assert held == {"phone": "12345678", "pronouns": "hun"}
    assert [p.phone for p in visit_records.participants(old.store, visit_id=visit)] == [""]

    old.store.close()
    upgraded = Store(tmp_path / "old" / "t.db")  # the app is upgraded: it knows the phone now
    assert [p.phone for p in visit_records.participants(upgraded, visit_id=visit)] == ["12345678"]
    with upgraded.read() as s:
        assert [h.fields for h in s.scalars(select(HeldChange))] == [{"pronouns": "hun"}]
    upgraded.close()


def test_a_batch_refused_as_a_whole_is_split_and_only_the_bad_change_set_aside(server: Server, tmp_path: Path) -> None:
    [tablet] = pair_of(server, tmp_path, 1)
    names = [f"Firma {i}" for i in range(5)]
    ids = [repo.save_company(tablet.store, draft=CompanyDraft(name=name)) for name in names[:2]]
    with tablet.store.write() as s:  # a change the server cannot read (a stamp of an old bug)
        s.add(
            OutboxEntry(
                op=str(uuid.uuid4()),
                entity="company",
                record_id=str(uuid.uuid4()),
                team=tablet.store.team_id,
                hlc="not a stamp",
                fields={"name": "Ødelagt"},
                base={},
                in_flight=False,
            )
        )
    ids += [repo.save_company(tablet.store, draft=CompanyDraft(name=name)) for name in names[2:]]
    tablet.client.sync()
    assert outbox.waiting(tablet.store) == 0
    log, _ = server_log(server, tablet.token)
    assert set(ids) <= {c["id"] for c in log}
    refused = conflicts.refused_changes(tablet.store)
    assert [(r.summary, r.reason) for r in refused] == [("Ødelagt", "unreadable")]


def test_ticks_of_different_items_from_two_tablets_are_both_kept(server: Server, tmp_path: Path) -> None:
    a, b = pair_of(server, tmp_path)
    company = repo.save_company(a.store, draft=CompanyDraft(name="Tjekliste ApS"))
    visit = repo.create_visit(a.store, company_id=company, content_version="2026.1", on=date(2026, 3, 2))
    a.client.sync()
    b.client.sync()
    repo.save_preparation(a.store, visit_id=visit, checklist={"cvr": True})  # both offline...
    repo.save_preparation(b.store, visit_id=visit, checklist={"contact": True})
    visit_records.save_recognition(a.store, visit_id=visit, met={"flexjob": True})
    visit_records.save_recognition(b.store, visit_id=visit, met={"apprentice": True})
    for tablet in (a, b, a):
        tablet.client.sync()
    for tablet in (a, b):
        found = repo.get_visit(tablet.store, visit_id=visit)
        assert found is not None
        assert {k for k, v in found[1].checklist.items() if v} == {"cvr", "contact"}
        assert visit_records.recognition(tablet.store, visit_id=visit) == {"flexjob": True, "apprentice": True}


def test_candidates_sent_from_two_tablets_add_up(server: Server, tmp_path: Path) -> None:
    a, b = pair_of(server, tmp_path)
    visit, opening = visit_with_opening(a.store)
    followups.update_opening(a.store, opening_id=opening, candidates_sent=2)
    a.client.sync()
    b.client.sync()
    for tablet in (a, b):  # one more from each, both offline
        [found] = followups.openings(tablet.store, visit_id=visit)
        followups.update_opening(tablet.store, opening_id=opening, candidates_sent=found.candidates_sent + 1)
    for tablet in (a, b, a):
        tablet.client.sync()
    for tablet in (a, b):
        [found] = followups.openings(tablet.store, visit_id=visit)
        assert found.candidates_sent == 4


def test_text_edited_after_its_note_was_deleted_elsewhere_is_kept_as_a_conflict(server: Server, tmp_path: Path) -> None:
    a, b = pair_of(server, tmp_path)
    company = repo.save_company(a.store, draft=CompanyDraft(name="Slettet ApS"))
    visit = repo.create_visit(a.store, company_id=company, content_version="2026.1", on=date(2026, 3, 2))
    note = visit_records.add_note(a.store, visit_id=visit, field="general", text="Ring til Per", author="Ole")
    a.client.sync()
    b.client.sync()
    visit_records.delete_note(a.store, note_id=note)  # a deletes it...
    visit_records.update_note(b.store, note_id=note, text="Ring til Per om flexjob")  # ...b, offline, adds to it
    for tablet in (a, b, a):
        tablet.client.sync()
    for tablet in (a, b):
        [kept] = conflicts.open_conflicts(tablet.store)
        assert (kept.reason, kept.other) == ("deleted", "Ring til Per om flexjob")
    [kept] = conflicts.open_conflicts(a.store)
    conflicts.resolve(a.store, conflict=kept, value=kept.other)  # "Gendan med denne tekst"
    for tablet in (a, b):
        tablet.client.sync()
        assert [n.text for n in visit_records.notes(tablet.store, visit_id=visit)] == ["Ring til Per om flexjob"]
        assert conflicts.open_conflicts(tablet.store) == []


class CountingTransport(HttpTransport):
    """The real HTTP transport, counting the photo downloads it is asked for."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.photo_gets = 0

    def raw(self, method: str, path: str, *, data: bytes | None = None) -> bytes:
        if method == "GET" and path.startswith("/api/v1/blobs/"):
            self.photo_gets += 1
        return super().raw(method, path, data=data)


def test_a_photo_the_server_lacks_is_not_asked_for_at_every_sync(server: Server, tmp_path: Path) -> None:
    logins = Logins(server, 1)
    start = LogCursor(server, str(logins.answers[0]["token"])).advance()
    link = CountingTransport(server.url, str(logins.answers[0]["token"]))
    tablet = make_tablet(tmp_path / "t", server, logins.answers[0], transport=link)
    tablet.store.set_state("pull_cursor", str(start))
    _visit, task = visit_with_task(tablet.store, "Foto ApS")
    tablet.store.save("task", task, {"photo": "ab" * 32})  # named, but its tablet never sent it
    for _ in range(4):
        tablet.client.sync()
    assert link.photo_gets == 1
