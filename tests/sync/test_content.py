"""Content packs reach the tablets (issue 12 item 3), against the real server: a pack a
team's leader publishes is current on every tablet of the team after one sync each and on
no other team's; an unchanged pack costs a 304 and writes nothing; a broken pack is not
taken and the sync goes on; a visit prepared on another tablet brings its version along;
the notice comes once; a refused login during the content check keeps its usual
handling. Packs are made and published with the admin API by the admin ``ida``."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy import text as sql

from domain.company import CompanyDraft
from server.db import make_engine
from storage import content, repo
from storage.content import ContentNotice, bundled, content_notice, current_pack, pack_version
from storage.db import Store
from storage.models import LocalState, ReceivedPack
from sync.errors import Unauthorized
from sync.transport import Fetched, HttpTransport
from tests.server.test_admin import admin_of
from tests.server_harness import Server, cli, office_server
from tests.sync.support import Logins, Tablet, make_tablet, outbox_ops

BUILT_IN = json.loads((content.BUILT_IN / "pack.da.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """ole and mette in Jobcenter Herning, eva in Jobcenter Esbjerg, ida an admin."""
    yield from office_server(request.param, tmp_path_factory)


def publish(server: Server, card_text: str, *, team: str | None = None) -> str:
    """A new Danish pack for ``team`` (Herning's by default), its first card saying
    ``card_text``, published by the admin; returns its version."""
    pack = copy.deepcopy(BUILT_IN)
    pack["cards"][0]["text"] = card_text
    admin = admin_of(server)
    made = admin.post(
        f"{server.url}/api/v1/admin/content",
        json={"team": team or server.team, "language": "da", "pack": pack, "note": card_text},
        timeout=30,
    )
    assert made.status_code == 201, made.text
    version = str(made.json()["version"])
    done = admin.post(f"{server.url}/api/v1/admin/content/{version}/publish", timeout=30)
    assert done.status_code == 204, done.text
    return version


def tablets(server: Server, folder: Path, *users: str) -> list[Tablet]:
    """A fresh tablet for each of ``users``, synced once (each team's starting pack)."""
    out = []
    for n, user in enumerate(users):
        tablet = make_tablet(folder / f"{user}-{n}", server, Logins(server, 1, user).answers[0])
        tablet.client.sync()
        out.append(tablet)
    return out


def first_card(store: Store) -> str:
    return current_pack(store, store.team_id, "da").cards[0].text


def content_state(store: Store) -> tuple[list[tuple[Any, ...]], list[tuple[str, str]]]:
    """Every stored version and every content entry of the tablet's state."""
    with store.read() as s:
        packs = [tuple(r) for r in s.execute(select(ReceivedPack.__table__).order_by(ReceivedPack.version))]
        state = s.execute(
            select(LocalState.key, LocalState.value).where(LocalState.key.like("content%")).order_by(LocalState.key)
        ).all()
    return packs, [(k, v) for k, v in state]


class Recording(HttpTransport):
    """The real transport, noting what each content request was answered (304 or 200)."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(url, token)
        self.answers: list[int] = []

    def get_unless(self, path: str, *, etag: str, params: dict[str, Any] | None = None) -> Fetched | None:
        fetched = super().get_unless(path, etag=etag, params=params)
        self.answers.append(304 if fetched is None else 200)
        return fetched


def test_a_published_pack_is_current_on_both_tablets_of_the_team_after_one_sync_and_not_elsewhere(
    server: Server, tmp_path: Path
) -> None:
    one, two, esbjerg = tablets(server, tmp_path, "ole", "mette", "eva")
    for tablet in (one, two, esbjerg):
        assert first_card(tablet.store) == bundled("da").cards[0].text
        assert content_notice(tablet.store) is None  # the version every team starts from: nothing new

    version = publish(server, "Hvad er jeres største udfordring lige nu?")
    for tablet in (one, two):
        tablet.client.sync()
        pack = current_pack(tablet.store, tablet.store.team_id, "da")
        assert (pack.version, pack.cards[0].text) == (version, "Hvad er jeres største udfordring lige nu?")
        assert content_notice(tablet.store) == ContentNotice(server.team, "Jobcenter Herning", version, "da")

    esbjerg.client.sync()
    assert first_card(esbjerg.store) == bundled("da").cards[0].text
    assert version not in content.stored_versions(esbjerg.store)
    assert content_notice(esbjerg.store) is None


def test_an_unchanged_pack_costs_one_304_and_writes_nothing(server: Server, tmp_path: Path) -> None:
    [tablet] = tablets(server, tmp_path, "ole")
    publish(server, "Fortæl om jeres lager")
    tablet.client.sync()
    before = content_state(tablet.store)
    link = Recording(server.url, tablet.token)
    tablet.client.content.check_teams(link)
    assert link.answers == [304], "one request: the tablet's own team, the language in use"
    assert content_state(tablet.store) == before

    writes: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.lstrip().upper().startswith("SELECT"):
            writes.append(statement)

    event.listen(tablet.store.engine, "before_cursor_execute", record)
    try:
        assert tablet.client.content.check_teams(link) == 0
    finally:
        event.remove(tablet.store.engine, "before_cursor_execute", record)
    assert writes == []
    tablet.client.sync()  # a whole sync: the same
    assert content_state(tablet.store) == before


def test_switching_language_brings_that_languages_pack_at_the_next_sync(server: Server, tmp_path: Path) -> None:
    [tablet] = tablets(server, tmp_path, "ole")
    publish(server, "Fortæl om jeres lager")
    tablet.client.sync()
    link = Recording(server.url, tablet.token)
    tablet.store.set_state("language", "en")  # the consultant chose English under Settings
    tablet.client.content.check_teams(link)
    assert link.answers == [200], "the English pack asked for, not the Danish one again"
    tablet.client.content.check_teams(link)
    assert link.answers == [200, 304]


def test_a_broken_pack_is_not_taken_and_the_sync_goes_on(
    server: Server, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    [tablet] = tablets(server, tmp_path, "ole")
    good = publish(server, "Det gode kort")
    tablet.client.sync()
    # A version the server holds but this app's model refuses (as a newer server's pack
    # could be): written into the server's database, published after the good one.
    broken = copy.deepcopy(BUILT_IN)
    broken["cards"][0]["phase"] = "ukendt"
    engine = make_engine(server.database)
    with engine.begin() as conn:
        latest = conn.execute(sql("SELECT max(published_at_ms) FROM content_pack")).scalar_one()
        conn.execute(
            sql(
                "INSERT INTO content_pack (team_id, language, note, by, at_ms, published_at_ms, body, etag) "
                "VALUES (:team, 'da', '', 'ida', :at, :at, :body, 'broken00000000000000000000000000')"
            ),
            {"team": server.team, "at": latest + 1, "body": json.dumps({**broken, "version": "999999"})},
        )
    engine.dispose()
    company = repo.save_company(tablet.store, draft=CompanyDraft(name="Trods Alt ApS"))
    with caplog.at_level(logging.WARNING, logger="sync.content"):
        assert tablet.client.sync() == (1, 0)  # pushed all the same, nothing raised
    assert "cards[0].phase: unknown phase 'ukendt'" in caplog.text
    assert outbox_ops(tablet.store) == set()
    assert repo.get_company(tablet.store, company_id=company) is not None
    assert current_pack(tablet.store, tablet.store.team_id, "da").version == good
    assert "999999" not in content.stored_versions(tablet.store)

    mended = publish(server, "Rettet igen")
    tablet.client.sync()
    assert current_pack(tablet.store, tablet.store.team_id, "da").version == mended


def test_a_visit_prepared_on_another_tablet_brings_its_version_along(server: Server, tmp_path: Path) -> None:
    [first] = tablets(server, tmp_path / "a", "ole")
    old = publish(server, "Kortet fra version et")
    first.client.sync()
    pack = current_pack(first.store, first.store.team_id, "da")
    company = repo.save_company(first.store, draft=CompanyDraft(name="Versionsgården ApS"))
    visit = repo.create_visit(first.store, company_id=company, content_version=pack.version)
    first.client.sync()
    new = publish(server, "Kortet fra version to")

    [second] = tablets(server, tmp_path / "b", "mette")  # its first sync: the visit and both versions
    assert current_pack(second.store, second.store.team_id, "da").version == new
    kept = pack_version(second.store, old, "da")
    assert kept is not None and kept.cards[0].text == "Kortet fra version et"
    assert repo.get_visit(second.store, visit_id=visit) is not None
    notice = content_notice(second.store)
    assert notice is not None and notice.version == new  # the visit's version is not announced


def test_the_notice_comes_once(server: Server, tmp_path: Path) -> None:
    [tablet] = tablets(server, tmp_path, "ole")
    content.clear_content_notice(tablet.store)
    version = publish(server, "Meddelelse en gang")
    tablet.client.sync()
    assert content_notice(tablet.store) == ContentNotice(server.team, "Jobcenter Herning", version, "da")
    content.clear_content_notice(tablet.store)
    tablet.client.sync()
    assert content_notice(tablet.store) is None


def test_killed_between_keeping_and_making_current_leaves_nothing_half(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [tablet] = tablets(server, tmp_path, "ole")
    before = current_pack(tablet.store, tablet.store.team_id, "da").version
    version = publish(server, "Halvt gemt?")

    def killed(*_: Any, **__: Any) -> None:
        raise RuntimeError("killed between keeping the version and making it current")

    with monkeypatch.context() as patched:
        patched.setattr(content, "_make_current_in", killed)
        tablet.client.sync()  # the content step fails; the sync does not
    assert version not in content.stored_versions(tablet.store)
    assert current_pack(tablet.store, tablet.store.team_id, "da").version == before
    with tablet.store.read() as s:
        assert s.scalar(select(func.count()).select_from(ReceivedPack).where(ReceivedPack.version == version)) == 0
    tablet.client.sync()  # the next sync takes it whole
    assert current_pack(tablet.store, tablet.store.team_id, "da").version == version


def test_a_refused_login_during_the_content_check_keeps_what_waits(server: Server, tmp_path: Path) -> None:
    login = Logins(server, 1, "ole").answers[0]
    tablet = make_tablet(tmp_path / "t", server, login)
    tablet.client.sync()
    repo.save_company(tablet.store, draft=CompanyDraft(name="Venter ApS"))
    waiting, cursor = outbox_ops(tablet.store), tablet.store.get_state("pull_cursor")
    cli(server.database, "revoke-device", "--device", str(login["device_id"]))
    with pytest.raises(Unauthorized):
        tablet.client.content.run(tablet.client.transport, pulled=0)
    assert outbox_ops(tablet.store) == waiting and tablet.store.get_state("pull_cursor") == cursor
