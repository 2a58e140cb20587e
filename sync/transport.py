"""All network I/O of the sync client goes through :class:`Transport`, so the client can
be driven over real HTTP (requests) or anything else that answers the same way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from sync.errors import CertificateError, InsecureServer, Offline, Redirected, ServerRefused, Unauthorized

TIMEOUT = (5.0, 30.0)  # connect, read


class Transport(Protocol):
    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any: ...

    def raw(self, method: str, path: str, *, data: bytes | None = None) -> bytes: ...

    def get_unless(self, path: str, *, etag: str, params: dict[str, Any] | None = None) -> Fetched | None: ...


@dataclass(frozen=True)
class Fetched:
    """A body fetched with :meth:`Transport.get_unless`: its text (UTF-8) and its ETag,
    without quotes or ``W/`` ("" when the server gave none)."""

    text: str
    etag: str


def check_server_url(url: str) -> str:
    """The URL without a trailing slash; refuse plain HTTP except to this machine."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InsecureServer(f"not a server address: {url!r}")
    if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        raise InsecureServer("the server must use HTTPS (plain HTTP only to localhost)")
    return url.strip().rstrip("/")


class HttpTransport:
    """requests with timeouts; maps failures onto the sync error tree. Redirects are never
    followed (a 3xx raises :class:`Redirected`): requests would send the body again, and the
    token with it when the host stays the same, to wherever the answer points, plain HTTP
    included."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = check_server_url(base_url)
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def _send(self, method: str, path: str, *, not_modified: bool = False, **kwargs: Any) -> requests.Response:
        """One request; ``not_modified``: a 304 is an answer, not a redirect."""
        try:
            answer = self.session.request(
                method, self.base_url + path, timeout=TIMEOUT, allow_redirects=False, **kwargs
            )
        except requests.exceptions.SSLError as exc:
            raise CertificateError(str(exc)) from exc
        except requests.RequestException as exc:
            raise Offline(str(exc)) from exc
        if not_modified and answer.status_code == 304:
            return answer
        if answer.is_redirect or 300 <= answer.status_code < 400:
            raise Redirected(answer.status_code, answer.headers.get("Location", ""))
        if answer.status_code == 401:
            raise Unauthorized(_detail(answer))
        if answer.status_code >= 400:
            raise ServerRefused(answer.status_code, _detail(answer), _reason(answer))
        return answer

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        answer = self._send(method, path, json=json, data=data, params=params)
        if answer.status_code == 204:  # done, nothing to say (a password changed)
            return None
        try:
            return answer.json()
        except ValueError as exc:
            raise Offline(f"an answer that is not JSON from {path}") from exc

    def raw(self, method: str, path: str, *, data: bytes | None = None) -> bytes:
        return self._send(method, path, data=data).content

    def get_unless(self, path: str, *, etag: str, params: dict[str, Any] | None = None) -> Fetched | None:
        """``GET path`` with ``If-None-Match: "<etag>"`` (none when ``etag`` is ""): None
        when the server answers 304 (what the tablet holds is still current), else the
        body and its ETag. Raises as :meth:`call`."""
        headers = {"If-None-Match": f'"{etag}"'} if etag else {}
        answer = self._send("GET", path, not_modified=True, params=params, headers=headers)
        if answer.status_code == 304:
            return None
        tag = answer.headers.get("ETag", "").strip().removeprefix("W/").strip('"')
        return Fetched(answer.content.decode("utf-8", errors="replace"), tag)


def _detail(answer: requests.Response) -> str:
    try:
        detail = answer.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    return str(detail or answer.reason or answer.status_code)


def _reason(answer: requests.Response) -> str:
    try:
        reason = answer.json().get("reason")
    except (ValueError, AttributeError):
        reason = None
    return str(reason or "")
