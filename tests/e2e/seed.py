"""A tablet with some history, written straight into the local database before start."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from domain.company import CompanyDraft
from storage import repo
from storage.db import Store

COMPANIES = [
    ("Hansens Smedje ApS", "Metal og maskiner"),
    ("Æblehaven Gartneri I/S", "Gartneri"),
    ("Vestjysk Emballage A/S", "Emballage og logistik"),
]


def seed(data_dir: Path) -> dict[str, str]:
    """Three companies with a visit each; the newest visit is prepared and half-answered."""
    store = Store(data_dir / "feltmappe.db")
    ids: dict[str, str] = {}
    try:
        for n, (name, industry) in enumerate(COMPANIES):
            company_id = repo.save_company(
                store,
                draft=CompanyDraft(
                    name=name,
                    industry=industry,
                    address=f"Industrivej {n + 1}, 7400 Herning",
                    contact_name="Lone Mikkelsen",
                    contact_phone="97 12 34 56",
                    earlier_cooperation="Har haft en medarbejder i løntilskud i 2024.",
                ),
            )
            ids[f"company{n}"] = company_id
            ids[f"visit{n}"] = repo.create_visit(
                store, company_id=company_id, content_version="2026.1", on=date(2026, 11, 20) + timedelta(days=n)
            )
        visit = ids["visit2"]
        repo.save_preparation(
            store,
            visit_id=visit,
            checklist={"prep-earlier-cooperation": True, "prep-website": True},
            megatrend="green",
            megatrend_note="Har lige fået en stor ordre på genanvendelig emballage.",
            partner_name="Mette Sørensen",
            partner_org="Erhvervsrådet Herning & Ikast-Brande",
        )
        repo.save_card(store, visit_id=visit, card_id="opening-01", answer="Familieejet, 42 ansatte, to skift.")
        repo.save_card(store, visit_id=visit, card_id="opening-02", asked=True, starred=True)
        repo.save_card(store, visit_id=visit, card_id="concerns-01", answer="Mangler hænder til pakning om morgenen.")
    finally:
        store.close()
    return ids
