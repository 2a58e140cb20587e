"""The sync client against the real server over HTTP: tablets of one team end up with
the same data, records made before pairing join the team, refusals are kept, photos
travel, and concurrent text is kept as a conflict on every tablet."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select, update

from domain.company import CompanyDraft
from domain.tasks import TaskDraft
from storage import repo, visit_records
from storage.db import Store
from storage.models import Company, Conflict, OutboxEntry, RejectedChange
from storage.photos import PhotoStore
from sync import outbox
from sync.client import SyncClient, pair, unpair
from sync.errors import InsecureServer, NotPaired
from tests.server_harness import PASSWORD, Server


class Tablet:
    def __init__(self, folder: Path, server: Server, username: str = "ole", *, paired: bool = True) -> None:
        self.store = Store(folder / "t.db")
        self.photos = PhotoStore(folder / "photos")
        self.client = SyncClient(self.store, self.photos)
        if paired:
            self.pair(server, username)

    def pair(self, server: Server, username: str = "ole") -> None:
        pair(self.store, server_url=server.url, username=username, password=PASSWORD, device_name="tablet")
        self.client = SyncClient(self.store, self.photos)

    def snapshot(self) -> dict[str, object]:
        return {
            "companies": sorted(repo.find_companies(self.store, limit=1000)),
            "visits": sorted((v.id, v.company_name, v.cards_asked) for v in repo.list_visits(self.store, limit=1000)),
        }


@pytest.fixture
def two(server: Server, tmp_path: Path) -> tuple[Tablet, Tablet]:
    return Tablet(tmp_path / "a", server, "ole"), Tablet(tmp_path / "b", server, "mette")


def test_a_company_made_on_one_tablet_reaches_the_other(two: tuple[Tablet, Tablet]) -> None:
    a, b = two
    b.client.sync()
    company = repo.save_company(a.store, draft=CompanyDraft(name="Æblehaven Gartneri I/S", cvr="10150817"))
    visit = repo.create_visit(a.store, company_id=company, content_version="2026.1")
    repo.save_card(a.store, visit_id=visit, card_id="opening-01", answer="Travlt")
    sent, _ = a.client.sync()
    assert sent == 3 and outbox.waiting(a.store) == 0
    b.client.sync()
    assert repo.get_company(b.store, company_id=company) == repo.get_company(a.store, company_id=company)
    assert repo.card_states(b.store, visit_id=visit)["opening-01"].answer == "Travlt"
    b.client.sync()  # nothing new: nothing changes
    assert outbox.waiting(b.store) == 0


def test_records_made_before_pairing_join_the_chosen_team(server: Server, tmp_path: Path) -> None:
    a = Tablet(tmp_path / "a", server, paired=False)
    local_team = a.store.team_id
    company = repo.save_company(a.store, draft=CompanyDraft(name="Før Parring ApS"))
    a.pair(server)
    assert a.store.team_id == server.team != local_team
    with a.store.read() as s:
        assert set(s.scalars(select(OutboxEntry.team))) == {server.team}
    a.client.sync()
    b = Tablet(tmp_path / "b", server, "mette")
    b.client.sync()
    assert repo.get_company(b.store, company_id=company) is not None


def test_unpairing_is_refused_while_changes_wait(two: tuple[Tablet, Tablet]) -> None:
    a, _ = two
    repo.save_company(a.store, draft=CompanyDraft(name="Venter ApS"))
    with pytest.raises(NotPaired):
        unpair(a.store)
    a.client.sync()
    unpair(a.store)
    assert a.store.get_state("token") == ""


def test_a_plain_http_server_other_than_localhost_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.db")
    with pytest.raises(InsecureServer):
        pair(store, server_url="http://sync.example.dk", username="u", password="p", device_name="d")
    assert store.get_state("token") == ""


def test_a_refused_change_is_kept_and_the_rest_sent(two: tuple[Tablet, Tablet], server: Server) -> None:
    a, _ = two
    repo.save_company(a.store, draft=CompanyDraft(name="God ApS"))
    # A record of another team (as a bug or a tampered tablet might make): refused, and
    # not sent again while the consultant is not in that team.
    a.store.save("company", "00000000-0000-4000-8000-000000000001", {"name": "Forkert team"})
    with a.store.write() as s:
        s.execute(
            update(OutboxEntry)
            .where(OutboxEntry.record_id == "00000000-0000-4000-8000-000000000001")
            .values(team=server.other_team)
        )
        s.execute(
            update(Company).where(Company.id == "00000000-0000-4000-8000-000000000001").values(team=server.other_team)
        )
    a.client.sync()
    assert outbox.waiting(a.store) == 0
    with a.store.read() as s:
        kept = s.scalars(select(RejectedChange)).all()
    assert [(k.reason, k.fields["name"]) for k in kept] == [("forbidden_team", "Forkert team")]


def test_photos_go_up_with_their_task_and_come_down_on_the_other_tablet(two: tuple[Tablet, Tablet]) -> None:
    a, b = two
    company = repo.save_company(a.store, draft=CompanyDraft(name="Foto ApS"))
    visit = repo.create_visit(a.store, company_id=company, content_version="x")
    picture = io.BytesIO()
    Image.new("RGB", (2400, 1200), (200, 80, 40)).save(picture, format="PNG")
    sha = a.photos.add(picture.getvalue())
    visit_records.save_task(
        a.store,
        visit_id=visit,
        draft=TaskDraft(area="Lager", title="Pap til genbrug"),
        author="Ole",
        green_ids=[],
        accommodation_ids=[],
        photo=sha,
    )
    a.client.sync()
    b.client.sync()
    assert b.photos.read(sha) == a.photos.read(sha)


def test_concurrent_text_edits_end_identical_with_the_loser_kept_as_a_conflict(two: tuple[Tablet, Tablet]) -> None:
    a, b = two
    company = repo.save_company(a.store, draft=CompanyDraft(name="Konflikt ApS"))
    a.client.sync()
    b.client.sync()
    repo.save_company(a.store, company_id=company, draft=CompanyDraft(name="Konflikt ApS", earlier_cooperation="A"))
    repo.save_company(b.store, company_id=company, draft=CompanyDraft(name="Konflikt ApS", earlier_cooperation="B"))
    for tablet in (a, b, a):
        tablet.client.sync()
    assert repo.get_company(a.store, company_id=company) == repo.get_company(b.store, company_id=company)
    for tablet in (a, b):
        with tablet.store.read() as s:
            conflicts = s.scalars(select(Conflict)).all()
        assert len(conflicts) == 1
        winner = repo.get_company(tablet.store, company_id=company)
        assert winner is not None
        assert {conflicts[0].value, winner.earlier_cooperation} == {"A", "B"}
