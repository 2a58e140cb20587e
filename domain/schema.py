"""The synced record types and their fields, shared by the tablet's storage, the sync
protocol and the server (../shared/SYNC.md, "Entity types").

Each field has a kind that says how it is checked and merged (domain/merge.py): "text" is
free text typed by a person (concurrent edits of it are kept as conflicting versions),
"str" a short code, id or date, then "bool", "int", "float" and "json" (lists and
objects, last writer wins as a whole); "map" ({item: value}, merged per item) and
"counter" ({device: count}, summed).
"""

from __future__ import annotations

ENTITY_FIELDS: dict[str, dict[str, str]] = {
    "company": {
        "name": "text",
        "cvr": "str",
        "address": "text",
        "industry": "text",
        "website": "text",
        "contact_name": "text",
        "contact_phone": "text",
        "contact_email": "text",
        "earlier_cooperation": "text",
    },
    "visit": {
        "company_id": "str",
        "date": "str",
        "content_version": "str",
        "megatrend": "str",
        "megatrend_note": "text",
        "partner_name": "text",
        "partner_org": "text",
        "checklist": "map",
        "script_variant": "str",
        "recognition": "map",
        "closing_checklist": "map",
        "cvs_wanted": "int",
        "start_wish": "text",
        "skills_required": "text",
        "accommodations_possible": "text",
        "consultant": "text",
    },
    "card": {
        "visit_id": "str",
        "card_id": "str",
        "asked": "bool",
        "starred": "bool",
        "answer": "text",
        "author": "str",
    },
    "participant": {
        "visit_id": "str",
        "name": "text",
        "organisation": "text",
        "role": "str",
        "phone": "text",
        "email": "text",
    },
    "note": {"visit_id": "str", "field": "str", "text": "text", "author": "str", "internal": "bool"},
    "task": {
        "visit_id": "str",
        "area": "text",
        "title": "text",
        "done_by": "text",
        "hours": "float",
        "level": "int",
        "green": "str",
        "accommodations": "json",
        "accommodation_note": "text",
        "photo": "str",
        "author": "str",
        "position_id": "str",
    },
    "position": {"visit_id": "str", "title": "text", "author": "str"},
    "position_task": {
        "position_id": "str",
        "visit_id": "str",
        "title": "text",
        "hours": "float",
        "other_profile": "bool",
        "task_id": "str",
    },
    "social": {"visit_id": "str", "area_id": "str", "status": "str", "evidence": "text", "author": "str"},
    "opening": {
        "visit_id": "str",
        "company_id": "str",
        "title": "text",
        "task_ids": "json",
        "hours": "float",
        "accommodations": "json",
        "requirements": "text",
        "owner": "text",
        "status": "str",
        "candidates_sent": "counter",
        "author": "str",
        "created": "str",
    },
    "hire": {
        "opening_id": "str",
        "visit_id": "str",
        "kind": "str",
        "start_date": "str",
        "note": "text",
        "author": "str",
    },
    "followup": {
        "visit_id": "str",
        "opening_id": "str",
        "hire_id": "str",
        "kind": "str",
        "title": "text",
        "owner": "text",
        "due": "str",
        "done": "bool",
        "done_note": "text",
        "author": "str",
    },
    # Made by the server when two tablets changed the same text without seeing each
    # other's change: the losing value, kept for a person to resolve.
    "conflict": {
        "entity": "str",
        "record_id": "str",
        "field": "str",
        "value": "text",
        "loser_hlc": "str",
        "winner_hlc": "str",
        "reason": "str",  # concurrent (two unseen edits) or deleted (an edit of a deleted record)
        "resolved": "bool",
    },
}
