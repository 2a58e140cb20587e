"""Repositories: what the screens read and write, in the domain's words.

Each function takes the :class:`~storage.db.Store` and keyword-only arguments, validates
with the domain rules before anything is written, and returns domain objects, so the
views never see SQLAlchemy.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select

from domain.company import CompanyDraft
from domain.errors import InvalidInput
from domain.text import MAX_LINE, clean_line, clean_text, fold
from domain.visit import CardState, Preparation, VisitSummary
from storage import visit_records
from storage.db import Store, map_items
from storage.models import CardAnswer, Company, Visit

CARD_NAMESPACE = uuid.UUID("6f1c2b1e-9d0a-4c54-8f0e-3b7a1f7f0c11")


def save_company(store: Store, *, draft: CompanyDraft, company_id: str | None = None) -> str:
    """Create or update a company; raises InvalidInput and saves nothing if a field is bad."""
    fields = draft.validated()
    return store.save("company", company_id or str(uuid.uuid4()), dict(fields))


def get_company(store: Store, *, company_id: str) -> CompanyDraft | None:
    with store.read() as s:
        row = s.get(Company, company_id)
        if row is None or row.deleted:
            return None
        return CompanyDraft(
            name=row.name,
            cvr=row.cvr,
            address=row.address,
            industry=row.industry,
            website=row.website,
            contact_name=row.contact_name,
            contact_phone=row.contact_phone,
            contact_email=row.contact_email,
            earlier_cooperation=row.earlier_cooperation,
        )


def find_companies(store: Store, *, search: str = "", limit: int = 20) -> list[tuple[str, str]]:
    """(id, name) of companies whose name contains ``search``, by name."""
    with store.read() as s:
        query = select(Company.id, Company.name).where(Company.deleted.is_(False))
        if fold(search).strip():
            query = query.where(Company.name_folded.contains(fold(search).strip(), autoescape=True))
        rows = s.execute(query.order_by(Company.name_folded).limit(limit)).all()
        return [(r.id, r.name) for r in rows]


def create_visit(
    store: Store, *, company_id: str, content_version: str, on: date | None = None, consultant: str = ""
) -> str:
    """A visit to the company; ``consultant`` is who makes it (counted for them in outcomes)."""
    visit_id = str(uuid.uuid4())
    with store.read() as s:
        if s.get(Company, company_id) is None:
            raise InvalidInput("company_id", "unknown_company")
    store.save(
        "visit",
        visit_id,
        {
            "company_id": company_id,
            "date": (on or date.today()).isoformat(),
            "content_version": content_version,
            "consultant": clean_line(consultant, field="consultant"),
        },
    )
    return visit_id


def list_visits(store: Store, *, search: str = "", limit: int = 50, offset: int = 0) -> list[VisitSummary]:
    """Visits, newest first, optionally only those whose company name contains ``search``."""
    asked = (
        select(func.count())
        .where(CardAnswer.visit_id == Visit.id, CardAnswer.asked.is_(True))
        .correlate(Visit)
        .scalar_subquery()
    )
    query = (
        select(Visit.id, Visit.company_id, Visit.date, Company.name, asked.label("asked"))
        .join(Company, Company.id == Visit.company_id)
        .where(Visit.deleted.is_(False))
    )
    if fold(search).strip():
        query = query.where(Company.name_folded.contains(fold(search).strip(), autoescape=True))
    query = query.order_by(Visit.date.desc(), Visit.hlc.desc()).limit(limit).offset(offset)
    with store.read() as s:
        return [
            VisitSummary(
                id=r.id,
                company_id=r.company_id,
                company_name=r.name,
                date=date.fromisoformat(r.date),
                cards_asked=r.asked,
            )
            for r in s.execute(query)
        ]


def content_version(store: Store, *, visit_id: str) -> str:
    """The content-pack version the visit was prepared with ("" for no such visit)."""
    with store.read() as s:
        visit = s.get(Visit, visit_id)
        return visit.content_version if visit is not None else ""


def get_visit(store: Store, *, visit_id: str) -> tuple[VisitSummary, Preparation, str] | None:
    """The visit's list row, its preparation and the content-pack version it uses."""
    with store.read() as s:
        visit = s.get(Visit, visit_id)
        if visit is None or visit.deleted:
            return None
        company = s.get(Company, visit.company_id)
        summary = VisitSummary(
            id=visit.id,
            company_id=visit.company_id,
            company_name=company.name if company is not None else "",
            date=date.fromisoformat(visit.date),
            cards_asked=0,
        )
        prep = Preparation(
            checklist=map_items(visit, "checklist"),
            megatrend=visit.megatrend,
            megatrend_note=visit.megatrend_note,
            partner_name=visit.partner_name,
            partner_org=visit.partner_org,
            script_variant=visit.script_variant,
        )
        return summary, prep, visit.content_version


PREPARATION_TEXT = {"megatrend_note": None, "partner_name": MAX_LINE, "partner_org": MAX_LINE}


def save_preparation(store: Store, *, visit_id: str, **fields: Any) -> None:
    """Save some preparation fields of a visit (checklist, megatrend, partner, script)."""
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        if key in PREPARATION_TEXT:
            limit = PREPARATION_TEXT[key]
            clean[key] = (
                clean_text(value, field=key)
                if limit is None
                else clean_text(value, field=key, max_length=limit, multiline=False)
            )
        elif key == "checklist":
            clean[key] = {str(k): bool(v) for k, v in dict(value).items()}
        elif key in ("megatrend", "script_variant"):
            clean[key] = str(value)
        else:
            raise KeyError(key)
    store.save("visit", visit_id, clean)


def card_record_id(visit_id: str, card_id: str) -> str:
    return str(uuid.uuid5(CARD_NAMESPACE, f"{visit_id}/{card_id}"))


def card_states(store: Store, *, visit_id: str) -> dict[str, CardState]:
    with store.read() as s:
        rows = s.scalars(select(CardAnswer).where(CardAnswer.visit_id == visit_id, CardAnswer.deleted.is_(False)))
        return {
            r.card_id: CardState(card_id=r.card_id, asked=r.asked, starred=r.starred, answer=r.answer, author=r.author)
            for r in rows
        }


def save_card(
    store: Store,
    *,
    visit_id: str,
    card_id: str,
    asked: bool | None = None,
    starred: bool | None = None,
    answer: str | None = None,
    author: str | None = None,
) -> None:
    """Mark a card asked or starred, or save the company's answer to it.

    An answer carries who wrote it, as notes and tasks do: ``author`` when given, else the
    visit's writer on this tablet (:func:`storage.visit_records.current_writer`); a star or
    the "asked" mark leaves the author as it was. Raises InvalidInput for a bad text."""
    fields: dict[str, Any] = {"visit_id": visit_id, "card_id": card_id}
    if asked is not None:
        fields["asked"] = asked
    if starred is not None:
        fields["starred"] = starred
    if answer is not None:
        fields["answer"] = clean_text(answer, field="answer")
        if fields["answer"].strip() and asked is None:
            fields["asked"] = True
    if author is None and answer is not None:
        author = visit_records.current_writer(store, visit_id=visit_id) or None
    if author is not None:
        fields["author"] = clean_line(author, field="author")
    store.save("card", card_record_id(visit_id, card_id), fields)
