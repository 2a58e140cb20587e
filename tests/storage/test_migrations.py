"""Upgrading a tablet's database keeps its data, and the migrations match the models."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from domain.company import CompanyDraft
from domain.visit import Preparation
from storage import repo
from storage.db import MIGRATIONS, Store, make_engine, migrate
from storage.models import Base, OutboxEntry

_cfg = Config()
_cfg.set_main_option("script_location", str(MIGRATIONS))
HEAD = ScriptDirectory.from_config(_cfg).get_current_head()

TEAM = "9e2f0c3a-1b4d-4e5f-8a6b-7c8d9e0f1a2b"
COMPANY = "3b1a2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
VISIT = "7f6c1d2e-3a4b-4c5d-9e6f-7a8b9c0d1e2f"
OP = "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a"
STAMP = "1764246000123-0002-olddev"
COMPANY_FIELDS = [
    "name",
    "cvr",
    "address",
    "industry",
    "website",
    "contact_name",
    "contact_phone",
    "contact_email",
    "earlier_cooperation",
]


def database_at_first_migration(path: Path) -> None:
    """A database as the first release left it, with a company, a visit and a pending change."""
    engine = make_engine(path)
    migrate(engine, "0001")
    stamps = json.dumps(dict.fromkeys(COMPANY_FIELDS, STAMP))
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO local_state (key, value) VALUES (:k, :v)"),
            [
                {"k": "device_id", "v": "olddev"},
                {"k": "local_team", "v": TEAM},
                {"k": "clock", "v": STAMP},
                {"k": "language", "v": "en"},
            ],
        )
        conn.execute(
            text(
                "INSERT INTO company (id, team, hlc, stamps, deleted, name, cvr, address, name_folded) "
                "VALUES (:id, :team, :hlc, :stamps, 0, 'Æblehaven ApS', '10150817', 'Frugtvej 3', 'æblehaven aps')"
            ),
            {"id": COMPANY, "team": TEAM, "hlc": STAMP, "stamps": stamps},
        )
        conn.execute(
            text(
                "INSERT INTO visit (id, team, hlc, stamps, deleted, company_id, date, content_version) "
                "VALUES (:id, :team, :hlc, :stamps, 0, :company, '2025-12-01', '2025.4')"
            ),
            {
                "id": VISIT,
                "team": TEAM,
                "hlc": STAMP,
                "stamps": json.dumps({"company_id": STAMP, "date": STAMP, "content_version": STAMP}),
                "company": COMPANY,
            },
        )
        conn.execute(
            text(
                "INSERT INTO outbox (op, entity, record_id, team, hlc, fields, base) "
                "VALUES (:op, 'company', :id, :team, :hlc, :fields, '{}')"
            ),
            {
                "op": OP,
                "id": COMPANY,
                "team": TEAM,
                "hlc": STAMP,
                "fields": json.dumps({"name": "Æblehaven ApS", "cvr": "10150817"}, ensure_ascii=False),
            },
        )
    engine.dispose()


def differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), Base.metadata))


def test_first_migration_makes_only_the_first_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    database_at_first_migration(path)
    engine = make_engine(path)
    tables = set(inspect(engine).get_table_names())
    columns = {c["name"] for c in inspect(engine).get_columns("visit")}
    engine.dispose()
    assert {"local_state", "outbox", "company", "visit"} <= tables
    assert "card" not in tables
    assert "megatrend" not in columns


def test_upgrade_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    database_at_first_migration(path)
    store = Store(path)  # upgrades to the newest schema

    assert (store.device_id, store.team_id) == ("olddev", TEAM)
    assert store.get_state("language") == "en"
    assert store.clock.last == STAMP

    company = repo.get_company(store, company_id=COMPANY)
    assert company is not None
    assert (company.name, company.cvr, company.address, company.contact_email) == (
        "Æblehaven ApS",
        "10150817",
        "Frugtvej 3",
        "",
    )
    assert [n for _, n in repo.find_companies(store, search="ÆBLE")] == ["Æblehaven ApS"]

    [row] = repo.list_visits(store)
    assert (row.id, row.company_name, row.date, row.cards_asked) == (VISIT, "Æblehaven ApS", date(2025, 12, 1), 0)

    found = repo.get_visit(store, visit_id=VISIT)
    assert found is not None
    _, prep, version = found
    assert version == "2025.4"
    assert prep == Preparation()  # the new columns hold their defaults
    assert prep.script_variant == "without_news_hook"
    assert prep.checklist == {}

    with store.read() as s:
        [pending] = s.query(OutboxEntry).all()
        assert (pending.op, pending.entity, pending.record_id, pending.team, pending.hlc) == (
            OP,
            "company",
            COMPANY,
            TEAM,
            STAMP,
        )
        assert pending.fields == {"name": "Æblehaven ApS", "cvr": "10150817"}
        assert pending.base == {}
        assert pending.in_flight is False
    store.close()


def test_upgraded_database_takes_new_writes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    database_at_first_migration(path)
    store = Store(path)
    repo.save_preparation(store, visit_id=VISIT, megatrend="green", checklist={"cvr": True})
    repo.save_card(store, visit_id=VISIT, card_id="opening-01", answer="Ja")
    repo.save_company(
        store, draft=CompanyDraft(name="Æblehaven A/S", cvr="10150817", address="Frugtvej 3"), company_id=COMPANY
    )
    with store.read() as s:
        changes = s.query(OutboxEntry).order_by(OutboxEntry.seq).all()
    assert [c.entity for c in changes] == ["company", "visit", "card", "company"]
    assert all(c.hlc > STAMP for c in changes[1:])
    assert changes[1].base == {}  # the new columns had no stamp yet
    assert changes[-1].fields == {"name": "Æblehaven A/S"}
    assert changes[-1].base == {"name": STAMP}
    assert repo.list_visits(store)[0].cards_asked == 1
    store.close()

    reopened = Store(path)  # a second open finds nothing to migrate
    assert repo.card_states(reopened, visit_id=VISIT)["opening-01"].answer == "Ja"
    reopened.close()


def test_schema_is_at_the_newest_revision(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    database_at_first_migration(path)
    Store(path).close()
    engine = make_engine(path)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == HEAD
    engine.dispose()


def test_migrations_match_the_models_when_fresh(tmp_path: Path) -> None:
    store = Store(tmp_path / "fresh.db")
    assert differences(store.engine) == []
    store.close()


def test_migrations_match_the_models_after_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    database_at_first_migration(path)
    Store(path).close()
    engine = make_engine(path)
    assert differences(engine) == []
    engine.dispose()


def test_openings_made_before_0005_take_their_visits_date_as_created(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    database_at_first_migration(path)
    engine = make_engine(path)
    migrate(engine, "0004")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO opening (id, team, hlc, stamps, deleted, visit_id, company_id, title, task_ids, "
                "hours, accommodations, requirements, owner, status, candidates_sent, author) VALUES "
                "('op-1', :team, :hlc, '{}', 0, :visit, :company, 'Pakning', '[]', 6, '[]', '', '', 'open', 0, '')"
            ),
            {"team": TEAM, "hlc": STAMP, "visit": VISIT, "company": COMPANY},
        )
    engine.dispose()
    store = Store(path)
    with store.read() as s:
        created, consultant = s.execute(
            text("SELECT opening.created, visit.consultant FROM opening JOIN visit ON visit.id = opening.visit_id")
        ).one()
    store.close()
    assert (created, consultant) == ("2025-12-01", "")
