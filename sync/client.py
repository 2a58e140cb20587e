"""The sync client: push the outbox, pull in batches, photos as blobs, pairing.

One phase per method, each safe to interrupt at any point:
- push: the oldest waiting changes are marked in flight, sent, and removed from the
  outbox only once the server accepted them; a refused one moves to the rejected list.
  A push cut off mid-way is simply sent again: the server stores each ``op`` once.
- pull: each batch (at most 500) is applied and its cursor saved in the same local
  transaction, so a pull resumes exactly where the last committed batch ended.
- photos: blobs referenced by local tasks go up before the changes that name them, and
  missing ones come down after a pull.
- content: each team's content pack per language, asked with ``If-None-Match`` (a 304
  when unchanged), and the versions visits from other tablets name (``sync.content``).
- start over: when the server's database was restored (its ``epoch`` changed, or the
  cursor is ahead of it), pull from 0 and send the current state of everything again.

Nothing is stranded by a refusal (guarantee 9): ``clock_skew`` is stamped again and sent,
``unknown_entity`` waits in the outbox for a server that knows it, anything else is kept
in the refused list that the sync sheet shows. A change refused because the consultant was
not in the record's team (``forbidden_team``) goes out again, its record whole, as soon as
a pull lists that team among the consultant's again, and with the record's next edit.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update

from storage.db import Store
from storage.models import ENTITIES, LocalState, OutboxEntry, RejectedChange, Task
from storage.photos import PhotoStore
from sync import outbox
from sync.content import ContentSync
from sync.errors import NoTeam, NotPaired, ServerRefused, ServerRestored, SyncError, Unauthorized, WrongTeam
from sync.transport import HttpTransport, Transport, check_server_url

BATCH = 500
BATCH_BYTES = 4 * 1024 * 1024  # a push stays well under the server's 8 MiB body limit
PHOTO_RETRY_S = 3600.0  # how long a photo the server lacks is not asked for again
# Refusals that leave the change in the outbox: it is stamped again (clock_skew) or held
# until a server that knows its record type takes it (unknown_entity).
KEPT_IN_OUTBOX = frozenset({"clock_skew", "unknown_entity"})
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Pairing:
    server_url: str
    consultant: str
    device_id: str
    teams: list[dict[str, str]]
    username: str = ""  # the account it logged in with ("" when paired by an older version)


def pairing(store: Store) -> Pairing | None:
    url, token = store.get_state("server_url"), store.get_state("token")
    if not url or not token:
        return None
    return Pairing(
        server_url=url,
        consultant=store.get_state("consultant_name"),
        device_id=store.get_state("server_device_id"),
        teams=json.loads(store.get_state("teams", "[]")),
        username=store.get_state("username"),
    )


def pair(
    store: Store,
    *,
    server_url: str,
    username: str,
    password: str,
    device_name: str,
    team: str | None = None,
    new_password: str | None = None,
    transport: Transport | None = None,
) -> Pairing:
    """Log in, keep the token (never the password), and move the records made before
    pairing into the chosen team (the first of the consultant's teams if none is named).

    Storing the login and moving the records are one local transaction: a failure or a
    killed app half-way leaves the tablet unpaired with every record where it was, never
    paired with its earlier records in a team the server refuses (``forbidden_team``).
    Blocks for as long as the login takes (up to the transport's timeouts, 35 s): call it
    off the UI's loop.

    Raises InsecureServer (not HTTPS), Offline (no answer; CertificateError when the TLS
    certificate is not trusted), Unauthorized (wrong username or password), ServerRefused
    (another 4xx/5xx; reason ``password_change_required`` after a reset by the office:
    call again with ``new_password``; ``password_too_short``/``password_too_common`` for a
    new password the server refuses; ``account_deactivated``), NoTeam (the account has no
    team), WrongTeam (``team`` is not one of the account's).
    """
    url, answer, teams = _log_in(
        server_url,
        username=username,
        password=password,
        device_name=device_name,
        new_password=new_password,
        transport=transport,
    )
    chosen = team or teams[0]["id"]
    if chosen not in {t["id"] for t in teams}:
        raise WrongTeam("that team is not one of the account's teams")
    with store.write() as s:
        _keep_login(store, s, url, answer, teams, username=username)
        store.move_to_team_in(s, chosen)
    return Pairing(url, str(answer["consultant"]["name"]), str(answer["device_id"]), teams)


def log_in_again(
    store: Store,
    *,
    server_url: str,
    username: str,
    password: str,
    device_name: str,
    new_password: str | None = None,
    transport: Transport | None = None,
) -> Pairing:
    """The server no longer takes the tablet's token (device revoked, password changed,
    server restored): log in again. Only the login is replaced (the server address, which
    may be new, the token, the device id, the account's name and teams); the outbox, the
    pull cursor and the tablet's team stay as they are, so everything that waited goes out
    with the next sync. A :class:`SyncClient` picks the new login up without a restart.

    Raises as :func:`pair`; NotPaired when the tablet is not paired (use :func:`pair`);
    WrongTeam when the account is not a member of the tablet's team (its records must not
    change team).
    """
    if pairing(store) is None:
        raise NotPaired("the tablet is not paired: connect it instead")
    url, answer, teams = _log_in(
        server_url,
        username=username,
        password=password,
        device_name=device_name,
        new_password=new_password,
        transport=transport,
    )
    if store.team_id not in {t["id"] for t in teams}:
        raise WrongTeam("the account is not a member of this tablet's team")
    with store.write() as s:
        _keep_login(store, s, url, answer, teams, username=username)
    return Pairing(url, str(answer["consultant"]["name"]), str(answer["device_id"]), teams)


def _log_in(
    server_url: str,
    *,
    username: str,
    password: str,
    device_name: str,
    new_password: str | None = None,
    transport: Transport | None,
) -> tuple[str, dict[str, Any], list[dict[str, str]]]:
    """``POST /api/v1/login``: the checked server URL, the answer, and the account's teams."""
    url = check_server_url(server_url)
    link = transport or HttpTransport(url)
    body = {"username": username, "password": password, "device_name": device_name}
    if new_password:
        body["new_password"] = new_password
    answer = link.call("POST", "/api/v1/login", json=body)
    teams = [{"id": str(t["id"]), "name": str(t["name"])} for t in answer["teams"]]
    if not teams:
        raise NoTeam("the account belongs to no team")
    return url, answer, teams


def _keep_login(
    store: Store, s: Any, url: str, answer: dict[str, Any], teams: list[dict[str, str]], *, username: str
) -> None:
    store.clock.observe_server_time(int(answer.get("server_time", 0)))  # saved with this transaction
    for key, value in (
        ("server_url", url),
        ("username", username.strip()),  # filled in again when the server asks to log in again
        ("token", str(answer["token"])),
        ("server_device_id", str(answer["device_id"])),
        ("consultant_name", str(answer["consultant"]["name"])),
        ("teams", json.dumps(teams)),
    ):
        store.put_state_in(s, key, value)


def change_password(store: Store, *, old: str, new: str, transport: Transport | None = None) -> None:
    """The consultant changes their own password on the server (``POST /api/v1/password``,
    CONSOLE.md) with the tablet's login; the tablet's token stays valid. Blocks up to the
    transport's timeouts: call it off the UI's loop.

    Raises NotPaired, Offline, Unauthorized (the token was refused: log in again) and
    ServerRefused 422 with reason ``password_wrong``, ``password_same``,
    ``password_too_short`` or ``password_too_common``."""
    paired = pairing(store)
    if paired is None:
        raise NotPaired("the tablet is not paired")
    link = transport or HttpTransport(paired.server_url, store.get_state("token"))
    link.call("POST", "/api/v1/password", json={"old": old, "new": new})


def unpair(store: Store, *, transport: Transport | None = None) -> bool:
    """Disconnect ("Afbryd"): ask the server to revoke the token (``POST /api/v1/logout``),
    then forget the server here. The records stay on the tablet.

    Refused (NotPaired) while changes wait to be sent: they would never reach the server.
    The way out is to sync first, or to log in again when the server refused the login.
    The server's answer does not stop a disconnect: an older server without logout (404),
    no network, a token already refused: the tablet forgets the login all the same.
    Returns True when the server confirmed the token no longer works, False when it may
    still (the office can revoke the device). Blocks up to the transport's timeouts.
    """
    if outbox.waiting(store):
        raise NotPaired("changes are waiting to be sent")
    url, token = store.get_state("server_url"), store.get_state("token")
    revoked = False
    if url and token:
        try:
            (transport or HttpTransport(url, token)).raw("POST", "/api/v1/logout")
            revoked = True
        except Unauthorized:
            revoked = True  # the server no longer took it anyway
        except SyncError:
            revoked = False
    with store.write() as s:
        # A save may have come in while the server was asked: keep the guard's promise.
        if s.scalar(select(func.count()).select_from(OutboxEntry)):
            raise NotPaired("changes are waiting to be sent")
        for key in (
            "server_url",
            "token",
            "server_device_id",
            "consultant_name",
            "username",
            "teams",
            "pull_cursor",
            "server_epoch",
        ):
            store.put_state_in(s, key, "")
        # New records go to a local team again: the next pairing moves only those into its
        # team, and the records of the team just left keep the team they belong to.
        local = str(uuid.uuid4())
        store.put_state_in(s, "local_team", local)
    store.team_id = local
    return revoked


class SyncClient:
    def __init__(
        self, store: Store, photos: PhotoStore, transport: Transport | None = None, *, language: str = "da"
    ) -> None:
        """``language``: the app's start language (Settings), for the content check until
        one is chosen in the app."""
        self.store = store
        self.photos = photos
        self._given = transport  # a test's transport is used as it is
        self._transport: Transport | None = None
        self._login = ("", "")
        # The server epoch this tablet knows, read once per login (see _check_epoch).
        self._epoch: tuple[tuple[str, str], str] | None = None
        self._held_retried = False
        self._taken_back = 0  # refused changes the last pull put back in the outbox
        self.content = ContentSync(store, default_language=language)

    @property
    def transport(self) -> Transport:
        if self._given is not None:
            return self._given
        url, token = self.store.get_state("server_url"), self.store.get_state("token")
        if not url or not token:
            raise NotPaired("not paired with a server")
        if self._transport is None or self._login != (url, token):
            # A new login (after the server refused the old token) takes effect at once.
            self._transport = HttpTransport(url, token)
            self._login = (url, token)
        return self._transport

    def sync(self, progress: Progress | None = None) -> tuple[int, int]:
        """Push, then pull, then the content packs (``sync.content``; never holds back the
        push or the pull); returns (changes sent, changes received from other devices).

        When the server's database is another generation than the one this tablet synced
        with (its ``epoch`` changed, or a pull's cursor is ahead of it: a backup was
        restored), the tablet starts over (:meth:`start_over`) and syncs again at once."""
        if not self._held_retried:
            # Changes held because the server did not know their record type: the server
            # may have been upgraded since the app last started.
            self._release_held()
            self._held_retried = True
        try:
            sent = self.push(progress)
            received = self.pull(progress)
        except ServerRestored:
            self.start_over()
            sent = self.push(progress)
            received = self.pull(progress)
        if self._taken_back:
            # Refused before for the team, which the server lists as the consultant's again.
            self._taken_back = 0
            sent += self.push(progress)
        # The teams' content packs, after push and pull so that nothing waits for them;
        # a pack that cannot be had is logged and tried at the next sync.
        self.content.run(self.transport, pulled=received)
        self.fetch_photos()
        return sent, received

    def start_over(self) -> int:
        """After a restore: pull from 0, and queue the current state of every record the
        tablet holds (and each photo) to be sent again (guarantee 12). Returns how many
        changes were queued."""
        teams = {t["id"] for t in json.loads(self.store.get_state("teams", "[]") or "[]")} | {self.store.team_id}
        with self.store.write() as s:
            self.store.put_state_in(s, "pull_cursor", "0")
            s.execute(
                delete(LocalState).where(LocalState.key.like("blob_sent:%") | LocalState.key.like("blob_missing:%"))
            )
        self._release_held()
        return self.store.queue_everything_again(teams)

    def _release_held(self) -> None:
        with self.store.write() as s:
            s.execute(update(OutboxEntry).where(OutboxEntry.held != "").values(held=""))

    def _check_epoch(self, answer: dict[str, Any]) -> None:
        """Remember the server's epoch; raise ServerRestored when it is not the one known."""
        epoch = str(answer.get("epoch") or "")
        if not epoch:
            return  # an older server that does not say
        # Read from the tablet's state once, not at every batch; again after a new login
        # (pairing, unpairing and logging in again change the token; the transport that
        # made this call has just read it).
        if self._epoch is None or self._epoch[0] != self._login:
            self._epoch = (self._login, self.store.get_state("server_epoch"))
        known = self._epoch[1]
        if known == epoch:
            return
        self.store.set_state("server_epoch", epoch)
        self._epoch = (self._login, epoch)
        if known:
            raise ServerRestored(f"the server's database changed generation ({known} -> {epoch})")

    def _batch(self, s: Any) -> list[OutboxEntry]:
        """The oldest waiting changes, at most BATCH of them and at most BATCH_BYTES as JSON
        (at least one, whatever its size: the server says if it is too large)."""
        entries = s.scalars(
            select(OutboxEntry).where(OutboxEntry.held == "").order_by(OutboxEntry.seq).limit(BATCH)
        ).all()
        size, out = 0, list[OutboxEntry]()
        for e in entries:
            size += len(json.dumps(e.fields, ensure_ascii=False)) + 300
            if out and size > BATCH_BYTES:
                break
            out.append(e)
        return out

    def push(self, progress: Progress | None = None) -> int:
        """Send the outbox oldest first, in batches; returns how many changes the server
        accepted. A change refused for ``clock_skew`` is stamped again from the corrected
        clock and sent again; one refused because the server does not know its record type
        stays, held, to be tried after a restart; any other refusal is kept and shown. A
        batch the server refuses as a whole (413, 422) is split until the change at fault
        is found and set aside as refused: one bad change never blocks the rest."""
        sent = 0
        restamps = 0
        limit: int | None = None
        self._edited_since_refused()
        while True:
            with self.store.write() as s:
                entries = self._batch(s)
                if limit is not None:
                    entries = entries[:limit]
                if not entries:
                    return sent
                s.execute(
                    update(OutboxEntry).where(OutboxEntry.seq.in_([e.seq for e in entries])).values(in_flight=True)
                )
                changes = [_as_change(e) for e in entries]
            self._upload_photos(changes)
            try:
                answer = self.transport.call("POST", "/api/v1/sync/push", json={"changes": changes})
            except ServerRefused as refused:
                if refused.status not in (413, 422):
                    raise
                if len(changes) > 1:
                    limit = max(1, len(changes) // 2)
                    continue
                self._set_aside(changes[0], "too_large" if refused.status == 413 else "unreadable")
                limit = None
                continue
            split, limit = limit is not None, None
            self.store.clock.observe_server_time(int(answer.get("server_time", 0)))
            self._check_epoch(answer)
            rejected = {r["op"]: str(r["reason"]) for r in answer.get("rejected", [])}
            accepted = set(answer.get("accepted", []))
            skewed = [c for c in changes if rejected.get(c["op"]) == "clock_skew"]
            with self.store.write() as s:
                for c in changes:
                    reason = rejected.get(c["op"])
                    if reason == "unknown_entity":
                        s.execute(update(OutboxEntry).where(OutboxEntry.op == c["op"]).values(held=reason))
                    elif reason is not None and reason != "clock_skew":
                        s.merge(_rejected(c, reason))
                done = accepted | {op for op, reason in rejected.items() if reason not in KEPT_IN_OUTBOX}
                if done:
                    s.execute(delete(OutboxEntry).where(OutboxEntry.op.in_(sorted(done))))
                s.execute(update(OutboxEntry).where(OutboxEntry.in_flight.is_(True)).values(in_flight=False))
            if skewed and restamps < 3:
                restamps += 1
                self._restamp(skewed)
            sent += len(accepted)
            if progress:
                progress("push", sent)
            if len(changes) < BATCH and not skewed and not split:
                return sent
            if skewed and restamps >= 3:
                return sent

    def _edited_since_refused(self) -> None:
        """A record refused for its team and edited since goes out whole ahead of the edit,
        so a colleague never receives the edit alone (a company with the new address and
        no name): the server either takes both now or refuses both again."""
        with self.store.read() as s:
            edited = set(
                s.execute(
                    select(RejectedChange.entity, RejectedChange.record_id)
                    .join(
                        OutboxEntry,
                        (OutboxEntry.entity == RejectedChange.entity)
                        & (OutboxEntry.record_id == RejectedChange.record_id),
                    )
                    .where(RejectedChange.reason.in_(sorted(outbox.ACCESS_REFUSALS)))
                    .distinct()
                ).all()
            )
        if edited:
            outbox.send_again(self.store, reasons=outbox.ACCESS_REFUSALS, records=edited)

    def _restamp(self, changes: list[dict[str, Any]]) -> None:
        """Stamp changes the server refused as ``clock_skew`` again, from the clock corrected
        by the server's time, and in the local records too, so the value and its stamp stay
        one. The change keeps its place in the outbox and goes out again."""
        with self.store.write() as s:
            for c in changes:
                entry = s.scalars(select(OutboxEntry).where(OutboxEntry.op == c["op"])).first()
                if entry is None:
                    continue
                stamp = self.store.clock.tick()
                model = ENTITIES.get(entry.entity)
                row = s.get(model, entry.record_id) if model is not None else None
                if row is not None:
                    row.stamps = {k: (stamp if v == entry.hlc else v) for k, v in (row.stamps or {}).items()}
                    row.hlc = max(row.stamps.values(), default=stamp)
                entry.op, entry.hlc = str(uuid.uuid4()), stamp

    def _set_aside(self, change: dict[str, Any], reason: str) -> None:
        with self.store.write() as s:
            s.merge(_rejected(change, reason))
            s.execute(delete(OutboxEntry).where(OutboxEntry.op == change["op"]))

    def pull(self, progress: Progress | None = None) -> int:
        """Apply what the server has since the cursor; returns how many of those changes came
        from other devices (this tablet's own changes come back too, and count as nothing new).
        Raises ServerRestored when the server's epoch changed or the cursor is ahead of it."""
        received = news = 0
        own = f"-{self.store.device_id}"
        listed: set[str] | None = None
        while True:
            since = int(self.store.get_state("pull_cursor", "0") or 0)
            try:
                answer = self.transport.call("GET", "/api/v1/sync/pull", params={"since": since, "limit": BATCH})
            except ServerRefused as refused:
                if refused.status == 409 and refused.reason == "cursor_ahead":
                    raise ServerRestored(refused.detail) from refused
                raise
            self._check_epoch(answer)
            with self.store.write() as s:
                rows = _prefetch(s, answer["changes"])
                for change in answer["changes"]:
                    self.store.apply_remote_in(s, change, rows)
                self.store.put_state_in(s, "pull_cursor", str(int(answer["cursor"])))
                teams = answer.get("teams")
                if isinstance(teams, list):
                    # The consultant's teams as the server has them now (added to or
                    # removed from one since the login). None at all is an answer too:
                    # the records stay, the tablet says so, and what it writes meanwhile
                    # is refused, kept and shown until the office gives a team again.
                    fresh = [{"id": str(t["id"]), "name": str(t["name"])} for t in teams]
                    self.store.put_state_in(s, "teams", json.dumps(fresh))
                    listed = {t["id"] for t in fresh}
                self.store.clock.observe_server_time(int(answer.get("server_time", 0)))
            received += len(answer["changes"])
            news += sum(1 for change in answer["changes"] if not str(change.get("hlc", "")).endswith(own))
            if progress:
                progress("pull", received)
            if not answer["more"]:
                if listed is not None:
                    self._taken_back += outbox.send_again(self.store, reasons=outbox.ACCESS_REFUSALS, teams=listed)
                return news

    def _upload_photos(self, changes: list[dict[str, Any]]) -> None:
        named = {c["fields"].get("photo") for c in changes if c["entity"] == "task"}
        shas = sorted(sha for sha in named if sha and isinstance(sha, str))
        sent = self._blob_states("blob_sent:", shas)
        for sha in shas:
            if sha in sent:
                continue
            data = self.photos.read(sha)
            if data is None:
                continue  # made on another tablet and not here: nothing to send
            self.transport.raw("PUT", f"/api/v1/blobs/{sha}", data=data)
            self.store.set_state(f"blob_sent:{sha}", "1")

    def fetch_photos(self, limit: int = 50) -> int:
        """Bring down photos named by tasks but not on this tablet yet. A photo the server
        does not have (its tablet has not sent it yet) is asked for again only after
        PHOTO_RETRY_S, not at every sync."""
        with self.store.read() as s:
            shas = set(s.scalars(select(Task.photo).where(Task.photo != "", Task.deleted.is_(False))))
        fetched = 0
        now = time.time()
        absent = sorted(sha for sha in shas if not self.photos.path(sha).exists())
        missing = self._blob_states("blob_missing:", absent)
        for sha in absent:
            if fetched >= limit:
                break
            missing_since = missing.get(sha)
            if missing_since and now - float(missing_since) < PHOTO_RETRY_S:
                continue
            try:
                data = self.transport.raw("GET", f"/api/v1/blobs/{sha}")
            except ServerRefused as refused:
                if refused.status == 404:
                    self.store.set_state(f"blob_missing:{sha}", str(now))
                continue
            except SyncError:
                continue
            if hashlib.sha256(data).hexdigest() == sha:
                self.photos.put_verified(sha, data)
                self.store.set_state(f"blob_sent:{sha}", "1")
                fetched += 1
        return fetched

    def _blob_states(self, prefix: str, shas: list[str]) -> dict[str, str]:
        """The tablet's state under ``prefix + sha`` for each of ``shas`` that has one,
        by sha, in one query (``blob_sent:`` or ``blob_missing:``)."""
        found: dict[str, str] = {}
        with self.store.read() as s:
            for start in range(0, len(shas), BATCH):  # well under SQLite's limit of bound values
                keys = [prefix + sha for sha in shas[start : start + BATCH]]
                rows = s.execute(select(LocalState.key, LocalState.value).where(LocalState.key.in_(keys)))
                found.update((key.removeprefix(prefix), value) for key, value in rows if value)
        return found


def _as_change(e: OutboxEntry) -> dict[str, Any]:
    return {
        "op": e.op,
        "entity": e.entity,
        "id": e.record_id,
        "team": e.team,
        "hlc": e.hlc,
        "fields": e.fields,
        "base": e.base,
    }


def _rejected(change: dict[str, Any], reason: str) -> RejectedChange:
    return RejectedChange(
        op=change["op"],
        entity=change["entity"],
        record_id=change["id"],
        fields=change["fields"],
        reason=reason,
        hlc=change["hlc"],
    )


def _prefetch(s: Any, changes: list[dict[str, Any]]) -> dict[tuple[str, str], Any]:
    """Load the batch's records with one query per type, so applying each change does
    not ask the database once per change."""
    by_entity: dict[str, set[str]] = {}
    for change in changes:
        by_entity.setdefault(change["entity"], set()).add(change["id"])
    rows: dict[tuple[str, str], Any] = {}
    for entity, ids in by_entity.items():
        model = ENTITIES.get(entity)
        if model is not None:
            for row in s.scalars(select(model).where(model.id.in_(sorted(ids)))):
                rows[(entity, row.id)] = row
    return rows
