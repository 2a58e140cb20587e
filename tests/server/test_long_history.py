"""A push costs the same against a long history (issue 10 item 11), and the change that
made it so (migration s0003: a team's records delivered in the order they were made, by
``ix_record_team_created``) keeps every delivery whole, on SQLite and PostgreSQL.

- a delivery of a team's records under way when the server is upgraded goes on after it
  with nothing missed, and records made after the upgrade are delivered too;
- a push's inserts land at random places only in the two keys it must look up by: every
  other index of ``record`` and ``change`` grows at its end (new records, new seqs), so the
  pages a push writes do not grow with the history.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Table, text

from server.db import MIGRATIONS, make_engine
from server.models import Change, Record
from tests.server.test_stranded import new_user, pull_all, push, rebuild, session
from tests.server_harness import PG_ENV, change, cli, database_urls, fresh_postgres_database, launch, start_server


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = database_urls(tmp_path)[request.param]
    if not url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL cluster to test against (.ci/run starts one)")
    yield fresh_postgres_database(url) if request.param == "postgresql" else url


def migrate_to(database: str, revision: str) -> None:
    engine = make_engine(database)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            if revision == "head":
                command.upgrade(cfg, revision)
            else:
                command.downgrade(cfg, revision)
    finally:
        engine.dispose()


def test_a_delivery_under_way_when_the_server_is_upgraded_goes_on_with_nothing_missed(
    database: str, tmp_path: Path
) -> None:
    server = start_server(database, tmp_path)
    try:
        new_user(server, tmp_path, "karl", server.team)
        karl, eva = session(server, "karl", "karl-tablet"), server.session("eva")
        push(
            eva,
            server.url,
            *[
                change(server.other_team, fields={"text": f"Note {n}", "visit_id": "v", "author": "Eva"})
                for n in range(30)
            ],
        )
        push(karl, server.url, change(server.team))
        _, cursor = pull_all(karl, server.url)
        cli(database, "add-member", "--username", "karl", "--team", "Jobcenter Esbjerg")
        first = karl.get(f"{server.url}/api/v1/sync/pull", params={"since": cursor, "limit": 7}, timeout=10).json()
        assert len(first["changes"]) == 7 and first["more"] is True  # the team's records, under way
    finally:
        server.proc.terminate()
        server.proc.wait(10)

    # The server as it was before s0003, its delivery under way as that version left it:
    # the team's first 7 records by (entity, id) given. Then upgraded, as an installed server is.
    migrate_to(database, "s0002")
    engine = make_engine(database)
    try:
        with engine.begin() as conn:
            keys = conn.execute(
                text("SELECT entity, id FROM record WHERE team = :t ORDER BY entity, id"), {"t": server.other_team}
            ).all()
            given = {(k.entity, k.id) for k in keys[:7]}
            conn.execute(
                text("UPDATE device_team SET pending = true, after_entity = :e, after_id = :i WHERE team_id = :t"),
                {"e": keys[6].entity, "i": keys[6].id, "t": server.other_team},
            )
    finally:
        engine.dispose()
    migrate_to(database, "head")
    url, proc = launch(database, tmp_path)
    try:
        later = [
            change(server.other_team, fields={"text": f"Ny note {n}", "visit_id": "v", "author": "Eva"})
            for n in range(5)
        ]
        push(eva, url, *later)
        rest, _ = pull_all(karl, url, cursor, 7)
        expected = rebuild(pull_all(eva, url)[0], server.other_team)
        assert len(expected) == 35
        delivered = rebuild(rest, server.other_team)
        assert delivered == {key: fields for key, fields in expected.items() if key in delivered}
        assert expected.keys() - delivered.keys() <= given  # nothing missed
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_push_writes_at_random_places_only_in_the_keys_it_looks_up_by() -> None:
    """Record ids and ops are random UUIDs: an index led by one takes each new row on its
    own page once the history is longer than a batch, and that page is written (SQLite's
    WAL, PostgreSQL's full-page writes). The record's primary key and the change's op are
    what a push must look up by; every other index must grow at its end."""
    random_keys = {("record", ("entity", "id")), ("change", ("op",))}
    growing = {"seq", "created_seq"}
    for model in (Record, Change):
        table = model.__table__
        assert isinstance(table, Table)
        keys = [tuple(c.name for c in table.primary_key.columns)]
        keys += [tuple(c.name for c in index.columns) for index in table.indexes]
        keys += [tuple(c.name for c in u.columns) for u in table.constraints if hasattr(u, "columns")]
        for key in set(keys):
            if (table.name, key) in random_keys or not key:
                continue
            leading = [name for name in key if name != "team"]  # one range per team
            assert leading and leading[0] in growing, f"{table.name} {key} takes new rows at random places"
