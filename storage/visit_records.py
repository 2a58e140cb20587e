"""Repositories for everything recorded during a visit after the cards: participants and
who is writing, notes, spotted tasks, positions, the social profile and the closing.

Every write goes through :meth:`Store.save` / :meth:`Store.save_in`, so each one is
stamped, queued in the outbox and committed before the function returns.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from domain import writers
from domain.contact import clean_email, clean_phone
from domain.errors import InvalidInput
from domain.numbers import parse_whole_number
from domain.records import QUICK_NOTE, Closing, Note, Participant, Position, PositionLine, SocialArea, SpottedTask
from domain.tasks import PARTICIPANT_ROLES, SOCIAL_STATUSES, TaskDraft, parse_hours
from domain.text import clean_line, clean_text
from storage.db import Store, map_items
from storage.models import Note as NoteRow
from storage.models import Participant as ParticipantRow
from storage.models import Position as PositionRow
from storage.models import PositionTask as PositionTaskRow
from storage.models import SocialItem, Visit
from storage.models import Task as TaskRow

SOCIAL_NAMESPACE = uuid.UUID("0b5f6c43-3f57-4a39-9e60-8f6f2a8e7d21")
NOTE_FIELDS = ("recruitment", "retention", "upskilling", "general", QUICK_NOTE)


# Participants and who is writing ---------------------------------------------------


def add_participant(
    store: Store,
    *,
    visit_id: str,
    name: str,
    organisation: str = "",
    role: str = "S",
    phone: str = "",
    email: str = "",
) -> str:
    name = clean_line(name, field="name")
    if not name:
        raise InvalidInput("name", "participant_name_required")
    if role not in PARTICIPANT_ROLES:
        raise InvalidInput("role", "role_unknown")
    fields = {
        "visit_id": visit_id,
        "name": name,
        "organisation": clean_line(organisation, field="organisation"),
        "role": role,
        "phone": clean_phone(phone, field="phone"),
        "email": clean_email(email, field="email"),
    }
    pid = str(uuid.uuid4())
    store.save("participant", pid, fields)
    return pid


def set_participant_contact(store: Store, *, participant_id: str, phone: str, email: str) -> None:
    """How to reach a participant: both checked before either is saved."""
    fields = {"phone": clean_phone(phone, field="phone"), "email": clean_email(email, field="email")}
    store.save("participant", participant_id, fields)


def remove_participant(store: Store, *, participant_id: str) -> None:
    store.save("participant", participant_id, {"_deleted": True})


def participants(store: Store, *, visit_id: str) -> list[Participant]:
    with store.read() as s:
        rows = s.scalars(
            select(ParticipantRow)
            .where(ParticipantRow.visit_id == visit_id, ParticipantRow.deleted.is_(False))
            .order_by(ParticipantRow.hlc)
        )
        return [
            Participant(id=r.id, name=r.name, organisation=r.organisation, role=r.role, phone=r.phone, email=r.email)
            for r in rows
        ]


def roles_by_name(store: Store) -> dict[str, str]:
    """Each participant's role by name, over all visits (the latest record wins): the
    colour of a name on screens that show people of many visits."""
    with store.read() as s:
        rows = s.execute(
            select(ParticipantRow.name, ParticipantRow.role)
            .where(ParticipantRow.deleted.is_(False))
            .order_by(ParticipantRow.hlc)
        )
        return {name: role for name, role in rows}


def writer(store: Store, *, visit_id: str) -> str:
    """Who is writing on this tablet for this visit (a local choice, never synced)."""
    return store.get_state(f"writer:{visit_id}")


def set_writer(store: Store, *, visit_id: str, name: str, confirmed_at: float | None = None) -> None:
    """Choose who writes on this tablet for the visit; ``confirmed_at`` (seconds since the
    epoch) also records when someone on the tablet chose or confirmed it, the clock of
    :data:`domain.writers.ASK_AGAIN_AFTER_S`. Both stay on the tablet, never synced."""
    with store.write() as s:
        store.put_state_in(s, f"writer:{visit_id}", name)
        if confirmed_at is not None:
            store.put_state_in(s, f"writer_confirmed:{visit_id}", repr(float(confirmed_at)))


def current_writer(store: Store, *, visit_id: str) -> str:
    """Whose name goes on what is written now for this visit: the writer chosen on this
    tablet, else the tablet's own consultant (the name under Settings, else the paired
    account's) when they take part in it or the tablet is paired, else "" (nobody; no name
    is made up). The rule is :func:`domain.writers.default_writer`."""
    chosen = writer(store, visit_id=visit_id)
    if chosen:
        return chosen
    me = store.get_state("me_name") or store.get_state("consultant_name")
    names = [p.name for p in participants(store, visit_id=visit_id)]
    paired = bool(store.get_state("token"))
    return writers.default_writer(chosen=chosen, me=me, participant_names=names, paired=paired)


def writer_confirmed_at(store: Store, *, visit_id: str) -> float | None:
    """When the writer of this visit was last chosen or confirmed on this tablet, if ever."""
    value = store.get_state(f"writer_confirmed:{visit_id}")
    try:
        return float(value) if value else None
    except ValueError:
        return None


# Notes -------------------------------------------------------------------------------


def add_note(store: Store, *, visit_id: str, field: str, text: str, author: str, internal: bool = False) -> str:
    if field not in NOTE_FIELDS:
        raise InvalidInput("field", "field_unknown")
    text = clean_text(text, field="text")
    if not text.strip():
        raise InvalidInput("text", "note_empty")
    note_id = str(uuid.uuid4())
    store.save(
        "note",
        note_id,
        {
            "visit_id": visit_id,
            "field": field,
            "text": text,
            "author": clean_line(author, field="author"),
            "internal": internal,
        },
    )
    return note_id


def update_note(store: Store, *, note_id: str, text: str) -> None:
    text = clean_text(text, field="text")
    if not text.strip():
        raise InvalidInput("text", "note_empty")
    store.save("note", note_id, {"text": text})


def delete_note(store: Store, *, note_id: str) -> None:
    store.save("note", note_id, {"_deleted": True})


def notes(store: Store, *, visit_id: str) -> list[Note]:
    with store.read() as s:
        rows = sorted(
            s.scalars(select(NoteRow).where(NoteRow.visit_id == visit_id, NoteRow.deleted.is_(False))), key=_created
        )
        return [Note(id=r.id, field=r.field, text=r.text, author=r.author, internal=r.internal) for r in rows]


# Spotted tasks -----------------------------------------------------------------------


def save_task(
    store: Store,
    *,
    visit_id: str,
    draft: TaskDraft,
    author: str,
    green_ids: Iterable[str],
    accommodation_ids: Iterable[str],
    task_id: str | None = None,
    photo: str | None = None,
) -> str:
    """Record a spotted task (or change one); the area is remembered for the next."""
    fields: dict[str, Any] = draft.validated(green_ids=set(green_ids), accommodation_ids=set(accommodation_ids))
    if photo is not None:
        fields["photo"] = photo
    new = task_id is None
    task_id = task_id or str(uuid.uuid4())
    if new:
        fields.update(visit_id=visit_id, author=clean_line(author, field="author"))
    with store.write() as s:
        store.save_in(s, "task", task_id, fields)
        store.put_state_in(s, f"last_area:{visit_id}", str(fields["area"]))
    return task_id


def delete_task(store: Store, *, task_id: str) -> None:
    store.save("task", task_id, {"_deleted": True})


def last_area(store: Store, *, visit_id: str) -> str:
    return store.get_state(f"last_area:{visit_id}")


def _task(r: TaskRow) -> SpottedTask:
    return SpottedTask(
        id=r.id,
        area=r.area,
        title=r.title,
        done_by=r.done_by,
        hours=r.hours,
        level=r.level,
        green=r.green,
        accommodations=tuple(r.accommodations or ()),
        accommodation_note=r.accommodation_note,
        photo=r.photo,
        author=r.author,
        position_id=r.position_id,
    )


def _created(row: Any) -> str:
    """When a record was made: the stamp of its visit_id, set once at creation (``hlc``
    moves with every edit, which would reorder a list each time something is changed)."""
    return str((row.stamps or {}).get("visit_id", row.hlc))


def tasks(store: Store, *, visit_id: str) -> list[SpottedTask]:
    """The visit's tasks in the order they were recorded."""
    with store.read() as s:
        rows = s.scalars(select(TaskRow).where(TaskRow.visit_id == visit_id, TaskRow.deleted.is_(False)))
        return [_task(r) for r in sorted(rows, key=_created)]


# Tasks instead of positions ----------------------------------------------------------


def add_position(store: Store, *, visit_id: str, title: str, author: str) -> str:
    title = clean_line(title, field="title")
    if not title:
        raise InvalidInput("title", "position_title_required")
    pid = str(uuid.uuid4())
    store.save("position", pid, {"visit_id": visit_id, "title": title, "author": clean_line(author, field="author")})
    return pid


def add_position_line(store: Store, *, visit_id: str, position_id: str, title: str, hours: str | float) -> str:
    title = clean_line(title, field="title")
    if not title:
        raise InvalidInput("title", "task_title_required")
    line_id = str(uuid.uuid4())
    store.save(
        "position_task",
        line_id,
        {
            "position_id": position_id,
            "visit_id": visit_id,
            "title": title,
            "hours": parse_hours(hours, required=True),
            "other_profile": False,
        },
    )
    return line_id


def mark_position_line(store: Store, *, line_id: str, other_profile: bool) -> None:
    store.save("position_task", line_id, {"other_profile": other_profile})


def positions(store: Store, *, visit_id: str) -> list[Position]:
    with store.read() as s:
        heads = s.scalars(
            select(PositionRow)
            .where(PositionRow.visit_id == visit_id, PositionRow.deleted.is_(False))
            .order_by(PositionRow.hlc)
        ).all()
        lines = s.scalars(
            select(PositionTaskRow)
            .where(PositionTaskRow.visit_id == visit_id, PositionTaskRow.deleted.is_(False))
            .order_by(PositionTaskRow.hlc)
        ).all()
    by_position: dict[str, list[PositionLine]] = {}
    for line in lines:
        by_position.setdefault(line.position_id, []).append(
            PositionLine(
                id=line.id, title=line.title, hours=line.hours, other_profile=line.other_profile, task_id=line.task_id
            )
        )
    return [Position(id=h.id, title=h.title, lines=tuple(by_position.get(h.id, ()))) for h in heads]


def convert_position(store: Store, *, visit_id: str, position_id: str, area: str, author: str) -> list[str]:
    """Turn the lines marked for another profile into spotted tasks (once each), in the
    area the consultant names: a position's title is not a place on the walk-around."""
    position = next((p for p in positions(store, visit_id=visit_id) if p.id == position_id), None)
    if position is None:
        raise InvalidInput("position_id", "position_unknown")
    area = clean_line(area, field="area")
    if not area:
        raise InvalidInput("area", "area_required")
    made = []
    with store.write() as s:
        for line in position.lines:
            if not line.other_profile or line.task_id:
                continue
            task_id = str(uuid.uuid4())
            store.save_in(
                s,
                "task",
                task_id,
                {
                    "visit_id": visit_id,
                    "area": area,
                    "title": line.title,
                    "hours": line.hours,
                    "level": 1,
                    "author": clean_line(author, field="author"),
                    "position_id": position_id,
                },
            )
            store.save_in(s, "position_task", line.id, {"task_id": task_id})
            made.append(task_id)
    return made


# The social-responsibility profile ---------------------------------------------------


def social_record_id(visit_id: str, area_id: str) -> str:
    return str(uuid.uuid5(SOCIAL_NAMESPACE, f"{visit_id}/{area_id}"))


def save_social(
    store: Store,
    *,
    visit_id: str,
    area_id: str,
    author: str,
    status: str | None = None,
    evidence: str | None = None,
) -> None:
    fields: dict[str, Any] = {"visit_id": visit_id, "area_id": area_id, "author": clean_line(author, field="author")}
    if status is not None:
        if status and status not in SOCIAL_STATUSES:
            raise InvalidInput("status", "status_unknown")
        fields["status"] = status
    if evidence is not None:
        fields["evidence"] = clean_text(evidence, field="evidence")
    store.save("social", social_record_id(visit_id, area_id), fields)


def social_profile(store: Store, *, visit_id: str) -> dict[str, SocialArea]:
    with store.read() as s:
        rows = s.scalars(select(SocialItem).where(SocialItem.visit_id == visit_id, SocialItem.deleted.is_(False)))
        return {
            r.area_id: SocialArea(area_id=r.area_id, status=r.status, evidence=r.evidence, author=r.author)
            for r in rows
        }


def save_recognition(store: Store, *, visit_id: str, met: dict[str, bool]) -> None:
    """Save the criteria the consultant overrides, ``{criterion id: met}``, as a whole: one
    no longer in ``met`` follows its social area again (on every tablet: the store sends
    its removal, Store.save_in)."""
    store.save("visit", visit_id, {"recognition": {str(k): bool(v) for k, v in met.items()}})


def recognition(store: Store, *, visit_id: str) -> dict[str, bool]:
    with store.read() as s:
        visit = s.get(Visit, visit_id)
        return {k: bool(v) for k, v in map_items(visit, "recognition").items()} if visit is not None else {}


# Closing -----------------------------------------------------------------------------


def closing(store: Store, *, visit_id: str) -> Closing:
    with store.read() as s:
        v = s.get(Visit, visit_id)
        if v is None:
            return Closing()
        return Closing(
            cvs_wanted=v.cvs_wanted,
            start_wish=v.start_wish,
            skills_required=v.skills_required,
            accommodations_possible=v.accommodations_possible,
            checklist=map_items(v, "closing_checklist"),
        )


def save_closing(store: Store, *, visit_id: str, **fields: Any) -> None:
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "cvs_wanted":
            clean[key] = parse_whole_number(value, field=key, limit=99)
        elif key == "start_wish":
            clean[key] = clean_line(value, field=key)
        elif key in ("skills_required", "accommodations_possible"):
            clean[key] = clean_text(value, field=key)
        elif key == "closing_checklist":
            clean[key] = {str(k): bool(v) for k, v in dict(value).items()}
        else:
            raise KeyError(key)
    store.save("visit", visit_id, clean)
