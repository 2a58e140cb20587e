"""Texts kept on this tablet as local drafts: the tablet's own state ``draft:<key>``
(never synced), written by the app's autosaved fields and forms for a text the record
does not take yet (a CPR-like number waiting for a decision, a text the record refuses, a
form not saved yet). Read here so the sync sheet can say what has not been sent and where
it lies."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from storage.db import Store
from storage.models import Company, LocalState, Visit

DRAFT_PREFIX = "draft:"


@dataclass(frozen=True)
class LocalDraft:
    """One waiting draft: its ``key`` without the ``draft:`` prefix ("<visit id>:card:<card
    id>", "settings:me_name", "company:<id or new>:<field>") and the name of the company
    whose visit or record it belongs to ("" for Settings, a new company, or a record no
    longer on the tablet)."""

    key: str
    company: str


def local_drafts(store: Store) -> list[LocalDraft]:
    """Every draft holding text (an emptied one is no draft), ordered by key."""
    with store.read() as s:
        rows = s.execute(
            select(LocalState.key)
            .where(LocalState.key.startswith(DRAFT_PREFIX, autoescape=True), LocalState.value != "")
            .order_by(LocalState.key)
        ).scalars()
        drafts = []
        for full in rows:
            key = full[len(DRAFT_PREFIX) :]
            head, _, rest = key.partition(":")
            company_id = ""
            if head == "company":
                company_id = rest.partition(":")[0]
            elif head != "settings":
                visit = s.get(Visit, head)
                company_id = visit.company_id if visit is not None else ""
            company = s.get(Company, company_id) if company_id else None
            drafts.append(LocalDraft(key=key, company=company.name if company is not None else ""))
        return drafts
