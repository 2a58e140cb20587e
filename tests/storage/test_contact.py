"""A participant's phone and e-mail: checked lightly, saved and synced like every field,
and added to the participants of databases made before they existed (migration 0006)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from domain.errors import InvalidInput
from storage import visit_records
from storage.db import Store, make_engine, migrate
from storage.models import OutboxEntry
from tests.storage.test_migrations import STAMP, TEAM, VISIT, database_at_first_migration

VISIT_ID = "7f6c1d2e-3a4b-4c5d-9e6f-7a8b9c0d1e2f"


def test_a_participant_keeps_phone_and_email_and_sends_them(store: Store) -> None:
    pid = visit_records.add_participant(
        store,
        visit_id=VISIT_ID,
        name="Mette Sørensen",
        organisation="Jobcenter Holbæk",
        role="S",
        phone=" +45 72 36 00 00 ",
        email="mette@holbaek.example.dk",
    )
    [person] = visit_records.participants(store, visit_id=VISIT_ID)
    assert (person.phone, person.email) == ("+45 72 36 00 00", "mette@holbaek.example.dk")
    with store.read() as s:
        [change] = s.query(OutboxEntry).filter(OutboxEntry.record_id == pid).all()
    assert change.fields["phone"] == "+45 72 36 00 00" and change.fields["email"] == "mette@holbaek.example.dk"


def test_contact_can_be_added_later(store: Store) -> None:
    pid = visit_records.add_participant(store, visit_id=VISIT_ID, name="Jens Ærø", role="E")
    assert visit_records.participants(store, visit_id=VISIT_ID)[0].phone == ""
    visit_records.set_participant_contact(store, participant_id=pid, phone="59 48 00 00", email="jens@erhverv.dk")
    [person] = visit_records.participants(store, visit_id=VISIT_ID)
    assert (person.phone, person.email) == ("59 48 00 00", "jens@erhverv.dk")


@pytest.mark.parametrize(
    ("phone", "email", "field", "code"),
    [
        ("ring til Mette", "", "phone", "contact_phone_format"),
        ("1234", "", "phone", "contact_phone_format"),
        ("", "mette.holbaek.dk", "email", "email_format"),
        ("", "mette@holbaek", "email", "email_format"),
    ],
)
def test_a_mistyped_phone_or_email_is_refused_and_nothing_saved(
    store: Store, phone: str, email: str, field: str, code: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        visit_records.add_participant(store, visit_id=VISIT_ID, name="Mette", phone=phone, email=email)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert visit_records.participants(store, visit_id=VISIT_ID) == []


def test_participants_from_before_0006_get_empty_phone_and_email(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    database_at_first_migration(path)
    engine = make_engine(path)
    migrate(engine, "0005")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO participant (id, team, hlc, stamps, deleted, visit_id, name, organisation, role) "
                "VALUES ('p-1', :team, :hlc, '{}', 0, :visit, 'Ole Hansen', 'Jobcenter Herning', 'S')"
            ),
            {"team": TEAM, "hlc": STAMP, "visit": VISIT},
        )
    engine.dispose()
    store = Store(path)
    try:
        [person] = visit_records.participants(store, visit_id=VISIT)
    finally:
        store.close()
    assert (person.name, person.phone, person.email) == ("Ole Hansen", "", "")
