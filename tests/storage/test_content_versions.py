"""Content pack versions on the tablet (issue 12), without a server: the built-in pack from
the first start, a received version kept for the visits that name it, a team's current
one, a municipality's own file keeping its meaning, a broken stored text never used, and
keeping, making current and the notice as one transaction."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from domain.content import ContentPackError
from storage import content
from storage.content import ContentNotice, bundled, content_notice, current_pack, pack_version, receive
from storage.db import Store
from storage.models import ReceivedPack

TEAM = "9e2f0c3a-1b4d-4e5f-8a6b-7c8d9e0f1a2b"
BUILT_IN = json.loads((content.BUILT_IN / "pack.da.json").read_text(encoding="utf-8"))


def served(version: str, *, card_text: str | None = None, **changes: Any) -> str:
    """The body the server sends for ``version``: the built-in Danish pack, numbered, with
    the first card's text changed when ``card_text`` is given."""
    pack = copy.deepcopy(BUILT_IN)
    pack.update(version=version, **changes)
    if card_text is not None:
        pack["cards"][0]["text"] = card_text
    return json.dumps(pack, ensure_ascii=False)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "t.db")


def rows(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(ReceivedPack)) or 0)


def test_a_new_tablet_works_on_the_built_in_pack(store: Store) -> None:
    pack = current_pack(store, store.team_id, "da")
    assert pack.version == "2026.1" and pack == bundled("da")
    assert pack_version(store, "2026.1", "en") == bundled("en")
    assert pack_version(store, "7", "da") is None
    assert content_notice(store) is None


def test_a_received_version_becomes_current_is_kept_and_announced_once(store: Store) -> None:
    receive(store, body=served("7", card_text="Hvad laver I?"), etag="e7", team=TEAM, current=True, team_name="Nord")
    assert current_pack(store, TEAM, "da").cards[0].text == "Hvad laver I?"
    assert current_pack(store, store.team_id, "da") == bundled("da")  # another team's is not the tablet's
    assert content_notice(store) == ContentNotice(TEAM, "Nord", "7", "da")
    content.clear_content_notice(store)
    assert content_notice(store) is None

    receive(store, body=served("9", card_text="Nyt spørgsmål"), etag="e9", team=TEAM, current=True, team_name="Nord")
    assert current_pack(store, TEAM, "da").version == "9"
    seven = pack_version(store, "7", "da")  # a visit prepared on 7 still has its card
    assert seven is not None and seven.cards[0].text == "Hvad laver I?"
    assert content.stored_versions(store) == {"7", "9"}
    assert content.current_etags(store) == {(TEAM, "da"): "e9"}


def test_the_version_every_team_starts_from_is_current_without_a_notice(store: Store) -> None:
    receive(store, body=served("1"), etag="e1", team=TEAM, current=True, team_name="Nord")
    assert current_pack(store, TEAM, "da").version == "1"
    assert content_notice(store) is None


def test_a_municipalitys_own_file_stays_until_the_team_publishes_its_own_pack(store: Store, tmp_path: Path) -> None:
    own = tmp_path / "content"
    own.mkdir()
    (own / "pack.da.json").write_text(served("holstebro-3", card_text="Holstebros kort"), encoding="utf-8")
    assert current_pack(store, TEAM, "da", override_dir=own).version == "holstebro-3"
    receive(store, body=served("1"), etag="e1", team=TEAM, current=True)  # the server's built-in copy
    assert current_pack(store, TEAM, "da", override_dir=own).version == "holstebro-3"
    assert pack_version(store, "holstebro-3", "da", override_dir=own) is not None
    receive(store, body=served("8", card_text="Teamets kort"), etag="e8", team=TEAM, current=True)
    assert current_pack(store, TEAM, "da", override_dir=own).cards[0].text == "Teamets kort"


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("{not json", "line 1, column 2"),
        (served("7", cards=[{**BUILT_IN["cards"][0], "phase": "x"}]), "cards[0].phase"),
        (served("7", language="en"), "language"),
        (served("2026.1", card_text="Anden tekst"), "version"),
    ],
)
def test_a_broken_pack_is_not_stored(store: Store, body: str, place: str) -> None:
    receive(store, body=served("5"), etag="e5", team=TEAM, current=True)
    with pytest.raises(ContentPackError) as refused:
        receive(store, body=body, etag="bad", team=TEAM, language="da", current=True)
    assert refused.value.place.startswith(place)
    assert content.stored_versions(store) == {"5"}
    assert current_pack(store, TEAM, "da").version == "5"


def test_a_broken_stored_text_is_not_used_and_its_etag_not_sent(tmp_path: Path) -> None:
    first = Store(tmp_path / "t.db")
    receive(first, body=served("7", card_text="X"), etag="e7", team=TEAM, current=True)
    with first.write() as s:
        s.execute(text("UPDATE content_pack SET body = '{\"version\": \"7\"' WHERE version = '7'"))
    first.close()
    again = Store(tmp_path / "t.db")  # the app started again: nothing parsed yet
    assert pack_version(again, "7", "da") is None
    assert current_pack(again, TEAM, "da") == bundled("da")
    assert content.current_etags(again) == {}  # the server will send it whole again
    receive(again, body=served("7", card_text="X"), etag="e7", team=TEAM, current=True)
    mended = pack_version(again, "7", "da")
    assert mended is not None and mended.cards[0].text == "X"


def test_keeping_making_current_and_the_notice_are_one_transaction(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    receive(store, body=served("5"), etag="e5", team=TEAM, current=True)

    def killed(*_: Any, **__: Any) -> None:
        raise RuntimeError("killed between keeping the version and making it current")

    monkeypatch.setattr(content, "_make_current_in", killed)
    with pytest.raises(RuntimeError):
        receive(store, body=served("6", card_text="Ny"), etag="e6", team=TEAM, current=True, team_name="Nord")
    assert rows(store) == 1 and content.stored_versions(store) == {"5"}
    assert current_pack(store, TEAM, "da").version == "5"
    assert content_notice(store) is None
