"""Opening the local database and the one write path every synced record goes through.

SQLite in WAL mode with ``synchronous=FULL``: a save returns only after its commit is on
disk, so neither a killed app nor a dead battery loses it. Every write of a synced record
stamps each changed field with the hybrid logical clock and appends the change to the
outbox in the same transaction. One writer at a time: writes take a lock, readers never
wait for it.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from domain.clock import HybridLogicalClock
from domain.errors import InvalidInput
from domain.field_rules import is_future_field
from domain.merge import DELETED, MAP_KINDS, as_map, counter_problem, item_stamp_key, merge
from domain.schema import ENTITY_FIELDS
from domain.text import fold, nfc
from storage import backup
from storage.models import ENTITIES, LOCAL_ONLY_COLUMNS, HeldChange, LocalState, OutboxEntry, Synced

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    return engine


def migrate(engine: Engine, revision: str = "head", *, migrations: Path = MIGRATIONS) -> None:
    """Bring the schema to ``revision`` with the Alembic migrations (a folder with ``env.py``
    and ``versions/``), all of them in one transaction: when one fails, whatever raised it
    propagates and the database is exactly as it was before, schema and data.

    pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so DDL ran outside one
    and a failed migration left half a schema behind. On this connection the driver is put
    in autocommit mode and the transaction is begun by hand, SQLAlchemy's recipe for
    transactional DDL on SQLite ("Serializable isolation / Savepoints / Transactional DDL");
    ``BEGIN IMMEDIATE`` takes the write lock before the current revision is read.
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    with engine.connect() as conn:
        driver = conn.connection.dbapi_connection
        assert driver is not None
        implicit = driver.isolation_level  # type: ignore[attr-defined]
        driver.isolation_level = None  # type: ignore[attr-defined]
        event.listen(conn, "begin", _begin_immediate)
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        finally:
            event.remove(conn, "begin", _begin_immediate)
            driver.isolation_level = implicit  # type: ignore[attr-defined]


def _begin_immediate(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


class UnusableDatabase(Exception):
    """The database file cannot be opened or upgraded; it is left exactly as it was.

    ``kind``: ``corrupt`` (not an SQLite database, or damaged), ``too_new`` (made by a newer
    version of the app: a schema revision this one does not know) or ``migration_failed``
    (the upgrade to this version's schema failed and was rolled back). ``path`` is the file,
    ``revision`` its schema revision when it could be read, ``detail`` what SQLite or the
    migration said.
    """

    KINDS = ("corrupt", "too_new", "migration_failed")

    def __init__(self, kind: str, path: Path, detail: str, *, revision: str | None = None) -> None:
        super().__init__(f"{path}: {kind}: {detail}")
        self.kind = kind
        self.path = path
        self.detail = detail
        self.revision = revision


def schema_revisions(migrations: Path = MIGRATIONS) -> tuple[str, set[str]]:
    """The newest schema revision this app's migrations make, and every revision they know."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    assert head is not None
    return head, {rev.revision for rev in script.walk_revisions()}


def stored_revision(path: Path) -> str | None:
    """The schema revision of the database file at ``path``, read without changing it
    (read-only, after SQLite's ``quick_check`` of every page); None for a missing or empty
    file (a new database).

    Raises :class:`UnusableDatabase` (``corrupt``) when the file is not an SQLite database,
    is damaged, or holds tables but no revision.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            # Every page is read once (a few tenths of a second for 100 MB): a damaged file is
            # found at start, not halfway through a visit, and is never written to.
            [(verdict,)] = conn.execute("PRAGMA quick_check(1)").fetchall()
            if verdict != "ok":
                raise UnusableDatabase("corrupt", path, str(verdict))
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables:
                if tables:
                    raise UnusableDatabase("corrupt", path, "tables without a schema revision")
                return None
            found = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error as exc:
        raise UnusableDatabase("corrupt", path, str(exc)) from exc
    return str(found[0][0]) if found else None


def open_database(path: Path) -> Engine:
    """An engine on the database at ``path``, brought to this app's newest schema.

    A database behind it is first copied (:func:`storage.backup.copy_before_upgrade`), then
    upgraded in one transaction. Raises :class:`UnusableDatabase` when the file is not a
    database, is newer than this app, or the copy or the upgrade failed; in each case the
    file is left as it was.
    """
    head, known = schema_revisions()
    revision = stored_revision(path)
    if revision is not None and revision not in known:
        raise UnusableDatabase("too_new", path, f"schema revision {revision} is newer than {head}", revision=revision)
    engine = make_engine(path)
    try:
        if revision is not None and revision != head:
            backup.copy_before_upgrade(path, revision)
        if revision != head:  # at head, a start takes no write lock
            migrate(engine)
    except Exception as exc:
        engine.dispose()
        raise UnusableDatabase("migration_failed", path, f"{type(exc).__name__}: {exc}", revision=revision) from exc
    return engine


class Store:
    """The local database of one tablet installation."""

    def __init__(self, path: Path, *, known_fields: dict[str, list[str]] | None = None) -> None:
        """Open (and create, or upgrade) the database at ``path``.

        ``known_fields`` (entity → fields) is what this version of the app understands of
        pulled changes; by default every synced column of its models. Tests pass less to
        play an older version (what it does not know is held, see :meth:`apply_held`).

        Raises :class:`UnusableDatabase` when it cannot be used (not a database, a newer
        schema than this app knows, an upgrade or first read that failed); the file is then
        as it was, and the app shows its recovery screen instead of starting.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.engine = open_database(path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = threading.Lock()
        self.change_listeners: list[Callable[[], None]] = []
        try:
            with self._sessions.begin() as s:
                self.device_id = self._state(s, "device_id", lambda: uuid.uuid4().hex[:12])
                self.team_id = self._state(s, "local_team", lambda: str(uuid.uuid4()))
                last = self._state(s, "clock", lambda: "")
        except DBAPIError as exc:
            self.engine.dispose()
            raise UnusableDatabase("corrupt", path, str(exc.orig)) from exc
        # The correction learnt from the server is not carried over a restart: the device
        # clock may have been set right meanwhile, and the old correction would then stamp
        # every edit as far off as the clock had been (tests/storage/test_clock_restart.py).
        # The next server answer corrects it again; the last stamp keeps the order.
        self.clock = HybridLogicalClock(self.device_id, last=last or None)
        self.known_fields = known_fields or {name: synced_fields(model) for name, model in ENTITIES.items()}
        self.apply_held()

    @staticmethod
    def _state(s: Session, key: str, default: Any) -> str:
        row = s.get(LocalState, key)
        if row is None:
            row = LocalState(key=key, value=default())
            s.add(row)
        return row.value

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction; committed (to disk) when the block ends without error.
        If it queued changes for the server, the change listeners hear of it afterwards."""
        with self._write_lock:
            with self._sessions.begin() as s:
                s.info["queued"] = False
                yield s
                s.merge(LocalState(key="clock", value=self.clock.last))
            queued = s.info.get("queued", False)
        if queued:
            for listener in list(self.change_listeners):
                listener()

    def get_state(self, key: str, default: str = "") -> str:
        with self.read() as s:
            row = s.get(LocalState, key)
            return row.value if row is not None else default

    def set_state(self, key: str, value: str) -> None:
        with self.write() as s:
            self.put_state_in(s, key, value)

    @staticmethod
    def put_state_in(s: Session, key: str, value: str) -> None:
        s.merge(LocalState(key=key, value=value))

    def save(self, entity: str, record_id: str, fields: dict[str, Any]) -> str:
        """Write ``fields`` of one record and queue the change; returns the record id."""
        with self.write() as s:
            self.save_in(s, entity, record_id, fields)
        return record_id

    def save_in(self, s: Session, entity: str, record_id: str, fields: dict[str, Any]) -> None:
        """:meth:`save` inside an open write transaction (several records, one commit).

        A map field's value is the whole map (``{item: value}``): only the items that
        changed are sent, and an item it no longer holds is sent as a tombstone (None); read
        map fields with :func:`map_items`, which leaves tombstones out. A counter's value is
        the whole ``{device: count}`` (:func:`domain.merge.counted`); raises
        :class:`~domain.errors.InvalidInput` (``count_below_zero``) when a count in it is
        negative or not a whole number, and nothing is saved."""
        fields = nfc(fields)  # every text stored composed: "A" + U+030A is kept as "Å"
        model = ENTITIES[entity]
        unknown = set(fields) - set(synced_fields(model)) - {"_deleted"}
        if unknown:
            raise KeyError(f"{entity} has no field(s) {sorted(unknown)}")
        row = s.get(model, record_id)
        if row is None:
            row = model(id=record_id, team=self.team_id, stamps={}, deleted=False)
            for column in synced_fields(model):
                default = model.__table__.c[column].default
                arg = getattr(default, "arg", None)
                # SQLAlchemy wraps a default factory (dict, list) to take an execution context.
                setattr(row, column, arg(None) if callable(arg) else arg)
            s.add(row)
        kinds = ENTITY_FIELDS[entity]
        changed: dict[str, Any] = {}
        for key, value in fields.items():
            kind = kinds.get(key, "")
            if kind == "counter" and counter_problem(value) is not None:
                raise InvalidInput(key, "count_below_zero")  # never below 0 (domain/merge.py)
            if kind in MAP_KINDS:
                # A map or counter sends only the items that changed, each merged on its own.
                current = as_map(kind, getattr(row, key))
                wanted = as_map(kind, value)
                if kind == "map":
                    # ``value`` is the whole map: an item it no longer holds is removed, sent
                    # as a tombstone (None) so that every tablet drops it (map_items hides it).
                    wanted = {**{i: None for i, v in current.items() if v is not None}, **wanted}
                items = {i: v for i, v in wanted.items() if current.get(i) != v or i not in current}
                if items:
                    changed[key] = items
            elif _current(row, key) != value or key not in row.stamps:
                changed[key] = value
        if not changed:
            return
        base = {k: row.stamps[k] for k in changed if k in row.stamps and kinds.get(k) not in MAP_KINDS}
        if changed.get(DELETED) is True:
            # A deletion carries the stamps of every value it saw, so that a text edited
            # elsewhere that it did not see is kept as a conflict (domain/merge.py),
            # whichever of the two reaches the server first.
            base.update({k: v for k, v in row.stamps.items() if "." not in k and kinds.get(k) not in MAP_KINDS})
        # Greater than the stamps of the values it replaces, even when they came from a
        # clock that ran ahead: an edit must win over what the person saw.
        stamp = self.clock.tick_after(max(base.values())) if base else self.clock.tick()
        stamps = dict(row.stamps)
        for key, value in changed.items():
            kind = kinds.get(key, "")
            if key == DELETED:
                row.deleted = bool(value)
                stamps[key] = stamp
            elif kind in MAP_KINDS:
                setattr(row, key, {**as_map(kind, getattr(row, key)), **value})
                stamps.update({item_stamp_key(key, item): stamp for item in value})
            else:
                setattr(row, key, value)
                stamps[key] = stamp
        row.stamps = stamps
        row.hlc = stamp
        if entity == "company" and "name" in changed:
            row.name_folded = fold(str(changed["name"]))  # type: ignore[attr-defined]
        self._queue(s, entity, row, changed, base, stamp)
        s.info["queued"] = True

    def _queue(
        self, s: Session, entity: str, row: Synced, changed: dict[str, Any], base: dict[str, str], stamp: str
    ) -> None:
        # While typing, each keystroke saves: fold it into the record's last unsent
        # change of the same fields instead of queueing one change per keystroke. Only
        # while the values replaced are that change's own: once a pulled value came in
        # between, the unsent one lost to it and must still go out (with its own base)
        # for the server to keep it as the conflicting version.
        last = s.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.entity == entity, OutboxEntry.record_id == row.id)
            .order_by(OutboxEntry.seq.desc())
            .limit(1)
        ).first()
        kinds = ENTITY_FIELDS[entity]
        if (
            last is not None
            and not last.in_flight
            and not last.held
            and set(last.fields) == set(changed)
            and all(kinds.get(k) in MAP_KINDS or base.get(k) == last.hlc for k in changed)
        ):
            # A map's items add up: ticking x and then y sends both.
            last.fields = {k: {**last.fields[k], **v} if kinds.get(k) in MAP_KINDS else v for k, v in changed.items()}
            last.hlc = stamp
            return
        s.add(
            OutboxEntry(
                op=str(uuid.uuid4()),
                entity=entity,
                record_id=row.id,
                team=row.team,
                hlc=stamp,
                fields=dict(changed),
                base=base,
                in_flight=False,
            )
        )

    def apply_remote_in(
        self, s: Session, change: dict[str, Any], rows: dict[tuple[str, str], Synced] | None = None
    ) -> bool:
        """Fold a change pulled from the server into the local record with the one merge
        rule (:func:`domain.merge.merge`; the server makes the conflicting versions, so its
        losers are not kept here). Nothing is queued. What this version of the app does not
        understand (a record type or a field of a newer version) is kept in ``held_change``
        and applied after an upgrade (:meth:`apply_held`). Returns False when nothing of the
        change could be applied yet."""
        entity = str(change["entity"])
        model = ENTITIES.get(entity)
        known = self.known_fields.get(entity)
        hlc = str(change["hlc"])
        base = dict(change.get("base") or {})
        fields = dict(change["fields"])
        understood = {k: v for k, v in fields.items() if known is not None and (k in known or k == DELETED)}
        # What this version does not understand is held only under a name a newer version
        # may give a field (domain.field_rules, the rule the server keeps too).
        rest = {k: v for k, v in fields.items() if k not in understood and (k == DELETED or is_future_field(k))}
        if rest:
            # Held once per value: the same change may come twice (a new member's first
            # pull, a start over after a restore).
            for h in s.scalars(
                select(HeldChange).where(HeldChange.entity == entity, HeldChange.record_id == str(change["id"]))
            ):
                rest = {k: v for k, v in rest.items() if not (k in h.fields and h.hlc >= hlc)}
        if rest:
            s.add(
                HeldChange(
                    entity=entity,
                    record_id=str(change["id"]),
                    team=str(change["team"]),
                    hlc=hlc,
                    fields=rest,
                    base={k: v for k, v in base.items() if k in rest},
                )
            )
        if model is None or not understood:
            return False
        self.clock.observe(hlc)
        key = (entity, str(change["id"]))
        # ``rows``: the batch's records loaded beforehand; a record missing there is new.
        row = rows.get(key) if rows is not None else s.get(model, change["id"])
        if row is None:
            row = model(id=change["id"], team=change["team"], stamps={}, deleted=False, hlc=hlc)
            for column in synced_fields(model):
                arg = getattr(model.__table__.c[column].default, "arg", None)
                setattr(row, column, arg(None) if callable(arg) else arg)
            s.add(row)
            if rows is not None:
                rows[key] = row
        values = {k: _current(row, k) for k in understood}
        merged = merge(values, row.stamps or {}, fields=understood, hlc=hlc, base=base, kinds=ENTITY_FIELDS[entity])
        for name in merged.changed:
            if name == DELETED:
                row.deleted = bool(merged.values[name])
            else:
                setattr(row, name, merged.values[name])
                if entity == "company" and name == "name":
                    row.name_folded = fold(str(merged.values[name]))  # type: ignore[attr-defined]
        row.stamps = merged.stamps
        row.hlc = max(row.hlc or "", hlc)
        return True

    def apply_held(self) -> int:
        """Apply what was pulled before this version of the app understood it (after an
        upgrade that knows the field or record type); what it still does not understand
        stays held. Returns how many held changes were applied, wholly or in part.

        Read first: a start with nothing held, or nothing this version understands yet,
        writes nothing and takes no write lock."""
        with self.read() as s:
            held_now = s.execute(select(HeldChange.entity, HeldChange.fields)).all()
        if not any(self._understood(entity, fields) for entity, fields in held_now):
            return 0
        with self.write() as s:
            held = s.scalars(select(HeldChange).order_by(HeldChange.seq)).all()
            applied = 0
            for h in held:
                if not self._understood(h.entity, h.fields):
                    continue
                s.delete(h)
                s.flush()
                change = {
                    "entity": h.entity,
                    "id": h.record_id,
                    "team": h.team,
                    "hlc": h.hlc,
                    "fields": h.fields,
                    "base": h.base,
                }
                applied += int(self.apply_remote_in(s, change))
            return applied

    def _understood(self, entity: str, fields: dict[str, Any]) -> bool:
        """Whether this version of the app knows at least one of a held change's fields."""
        known = self.known_fields.get(entity)
        return known is not None and bool(set(fields) & (set(known) | {DELETED}))

    def queue_everything_again(self, teams: set[str]) -> int:
        """Queue the current state of every record of ``teams`` (and what is held for a newer
        version) to be sent again, with the stamps it has: after the server was restored from
        a backup it regains what it lost (guarantee 12). Each value goes out with ``base``
        naming its own stamp, a *replay* (domain/merge.py): the server takes it if it is
        newer than what it has, and keeps it aside as a conflicting version if it is older
        and differs. Returns how many changes were queued."""
        queued = 0
        with self.write() as s:
            for entity, model in ENTITIES.items():
                for row in s.scalars(select(model).where(model.team.in_(sorted(teams)))):
                    for entry in _replays(entity, row):
                        s.add(entry)
                        queued += 1
            for h in s.scalars(select(HeldChange).where(HeldChange.team.in_(sorted(teams)))):
                s.add(_replay(h.entity, h.record_id, h.team, h.hlc, dict(h.fields)))
                queued += 1
            s.info["queued"] = queued > 0
        return queued

    def queue_records_again_in(self, s: Session, records: Iterable[tuple[str, str]]) -> int:
        """Queue the current state of each record named ``(entity, id)`` to be sent again
        whole (every field with the stamp it has, as :meth:`queue_everything_again` does),
        ahead of the record's changes still waiting and not in flight, which move behind it:
        a record the server refused before reaches colleagues whole, never as the one field
        edited since. A record not on this tablet queues nothing. Returns how many changes
        were queued."""
        queued = 0
        for entity, record_id in sorted(set(records)):
            model = ENTITIES.get(entity)
            row = s.get(model, record_id) if model is not None else None
            if row is None:
                continue
            later = s.scalars(
                select(OutboxEntry)
                .where(
                    OutboxEntry.entity == entity,
                    OutboxEntry.record_id == record_id,
                    OutboxEntry.in_flight.is_(False),
                )
                .order_by(OutboxEntry.seq)
            ).all()
            moved = [
                OutboxEntry(
                    op=e.op,
                    entity=e.entity,
                    record_id=e.record_id,
                    team=e.team,
                    hlc=e.hlc,
                    fields=e.fields,
                    base=e.base,
                    in_flight=False,
                    held=e.held,
                )
                for e in later
            ]
            for e in later:
                s.delete(e)
            s.flush()
            again = _replays(entity, row)
            for entry in [*again, *moved]:
                s.add(entry)
                s.flush()  # one at a time: the outbox is sent in the order of its seq
            queued += len(again)
        s.info["queued"] = s.info.get("queued", False) or queued > 0
        return queued

    def move_to_team(self, team: str) -> int:
        """Give every record made before pairing (in the local team) to ``team``, with
        their waiting changes, in one transaction; returns how many records moved."""
        with self.write() as s:
            return self.move_to_team_in(s, team)

    def move_to_team_in(self, s: Session, team: str) -> int:
        """:meth:`move_to_team` inside an open write transaction, so pairing stores its
        login and moves the records in one commit. ``team`` becomes :attr:`team_id` only
        once that transaction commits; rolled back, the tablet stays in its old team.
        Returns how many records moved."""
        old = self.team_id
        moved = 0
        for model in ENTITIES.values():
            moved += int(
                s.execute(update(model).where(model.team == old).values(team=team)).rowcount or 0  # type: ignore[attr-defined]
            )
        s.execute(update(OutboxEntry).where(OutboxEntry.team == old).values(team=team))
        self.put_state_in(s, "local_team", team)
        event.listen(s, "after_commit", lambda _s: setattr(self, "team_id", team), once=True)
        return moved


def _replays(entity: str, row: Synced) -> list[OutboxEntry]:
    """The current state of one record as changes to send again, one per stamp, each a
    replay (its ``base`` names its own stamp), oldest first."""
    kinds = ENTITY_FIELDS[entity]
    by_stamp: dict[str, dict[str, Any]] = {}
    for name, stamp in (row.stamps or {}).items():
        field, _, item = name.partition(".")
        if field == DELETED:
            by_stamp.setdefault(stamp, {})[DELETED] = row.deleted
        elif field not in kinds:
            continue
        elif kinds[field] in MAP_KINDS:
            items = as_map(kinds[field], getattr(row, field))
            chosen = [item] if item else [i for i in items if f"{field}.{i}" not in row.stamps]
            for i in chosen:
                if i in items:
                    by_stamp.setdefault(stamp, {}).setdefault(field, {})[i] = items[i]
        elif not item:
            by_stamp.setdefault(stamp, {})[field] = getattr(row, field)
    return [_replay(entity, row.id, row.team, stamp, fields) for stamp, fields in sorted(by_stamp.items())]


def _replay(entity: str, record_id: str, team: str, stamp: str, fields: dict[str, Any]) -> OutboxEntry:
    return OutboxEntry(
        op=str(uuid.uuid4()),
        entity=entity,
        record_id=record_id,
        team=team,
        hlc=stamp,
        fields=fields,
        base={k: stamp for k in fields if k != DELETED},
        in_flight=False,
    )


def synced_fields(model: type[Synced]) -> list[str]:
    """The columns of ``model`` that travel in changes."""
    skip = {"id", "team", "hlc", "stamps", "deleted"} | LOCAL_ONLY_COLUMNS
    return [c.name for c in model.__table__.columns if c.name not in skip]


def _current(row: Synced, key: str) -> Any:
    return row.deleted if key == "_deleted" else getattr(row, key)


def map_items(row: Synced, field: str) -> dict[str, Any]:
    """The items of a map field of ``row`` (``{item: value}``, domain/merge.py) as a person
    sees them: an item removed (kept as a tombstone, None, so that the removal merges per
    item on every tablet) is left out. The one reader of map fields: every repository reads
    them through it."""
    return {k: v for k, v in as_map("map", getattr(row, field)).items() if v is not None}
