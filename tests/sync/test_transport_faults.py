"""The transport tells a distrusted certificate and a redirect apart from "offline", and
never follows a redirect: notes, logins and tokens go only to the server the tablet paired
with. Real servers on loopback (tests/sync/loopback.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import trustme

from domain.company import CompanyDraft
from domain.waiting import summarise
from storage import repo
from storage.db import Store
from storage.photos import PhotoStore
from sync import outbox
from sync.client import SyncClient, pair
from sync.errors import CertificateError, Redirected
from sync.runner import SyncRunner
from sync.transport import HttpTransport
from tests.sync.loopback import Loopback, serve
from views.i18n import Translator
from views.sync_words import attempt_result, badge_state

DA, EN = Translator("da"), Translator("en")
NOTE = "Mette har fleksjob 12 timer om ugen"


def paired_to(tmp_path: Path, url: str) -> Store:
    """A tablet that holds a login for ``url`` and a company waiting to be sent."""
    store = Store(tmp_path / "t.db")
    store.set_state("server_url", url)
    store.set_state("token", "the-tablets-secret-token")
    repo.save_company(store, draft=CompanyDraft(name=NOTE))
    return store


@pytest.fixture
def untrusted() -> Iterator[Loopback]:
    """An HTTPS server whose certificate comes from an authority the tablet does not trust."""
    with serve(authority=trustme.CA()) as served:
        yield served


@pytest.fixture
def authority(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> trustme.CA:
    """A test authority the tablet trusts (as requests is told by REQUESTS_CA_BUNDLE)."""
    ca = trustme.CA()
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    return ca


def test_an_untrusted_certificate_is_a_certificate_error(untrusted: Loopback) -> None:
    with pytest.raises(CertificateError) as raised:
        HttpTransport(untrusted.url, token="t").call("GET", "/api/v1/sync/pull", params={"since": 0})
    assert raised.value.code == "certificate"
    assert untrusted.received == []  # the handshake failed: no request, no token went over


def test_the_sheet_says_the_certificate_is_not_trusted_not_offline(untrusted: Loopback, tmp_path: Path) -> None:
    store = paired_to(tmp_path, untrusted.url)
    status = SyncRunner(store, SyncClient(store, PhotoStore(tmp_path / "photos"))).run_once()

    assert (status.state, status.result, status.detail) == ("error", "certificate", untrusted.url)
    now = datetime.now()
    said = attempt_result(DA, status, now=now)
    assert "certifikat" in said and "IT" in said and "Offline" not in said
    assert "certificate" in attempt_result(EN, status, now=now)
    badge = badge_state(DA, status, summarise(outbox.waiting_changes(store)), conflicts=0, now=now)
    assert badge.label.startswith("Certifikatet") and badge.tone == "attention" and badge.icon == "error"
    assert outbox.waiting(store) == 1


def test_a_trusted_certificate_goes_through(authority: trustme.CA) -> None:
    with serve(authority=authority) as trusted:
        answer = HttpTransport(trusted.url, token="t").call("POST", "/api/v1/sync/push", json={"changes": []})
    assert answer["accepted"] == [] and [r.path for r in trusted.received] == ["/api/v1/sync/push"]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_refused_and_nothing_reaches_where_it_points(
    authority: trustme.CA, tmp_path: Path, status: int
) -> None:
    with serve() as elsewhere, serve(authority=authority, redirect=(status, elsewhere.url)) as server:
        store = paired_to(tmp_path, server.url)
        with pytest.raises(Redirected) as raised:
            HttpTransport(server.url, token="t").call("POST", "/api/v1/sync/push", json={"changes": [NOTE]})
        assert raised.value.location == elsewhere.url + "/api/v1/sync/push"

        result = SyncRunner(store, SyncClient(store, PhotoStore(tmp_path / "photos"))).run_once()

        assert elsewhere.received == []  # not the note, not the token, not even a request
        assert [r.method for r in server.received] == ["POST", "POST"]
    assert (result.result, result.detail) == ("redirected", elsewhere.url + "/api/v1/sync/push")
    now = datetime.now()
    assert elsewhere.url in attempt_result(DA, result, now=now)
    assert elsewhere.url in attempt_result(EN, result, now=now)
    assert outbox.waiting(store) == 1  # kept for the right server


def test_pairing_with_a_server_that_redirects_is_refused(authority: trustme.CA, tmp_path: Path) -> None:
    with serve() as elsewhere, serve(authority=authority, redirect=(307, elsewhere.url)) as server:
        with pytest.raises(Redirected):
            pair(Store(tmp_path / "t.db"), server_url=server.url, username="ole", password="hemmelig", device_name="t")
        assert elsewhere.received == []  # the password did not go there
    assert DA("sync.pair_error.redirected", detail="x") != "sync.pair_error.redirected"
