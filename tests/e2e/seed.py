"""A tablet with some history, written straight into the local database before start."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from domain.company import CompanyDraft
from domain.tasks import OpeningDraft, TaskDraft
from storage import followups, repo, visit_records
from storage.content import load_pack
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


PLANNED_IN_DAYS = 40


def seed_one_writer(data_dir: Path) -> str:
    """:func:`seed`, with Jens Nielsen the one participant and writer of the newest visit
    (one participant: opening the visit does not ask who writes). Returns that visit's id."""
    visit = seed(data_dir)["visit2"]
    store = Store(data_dir / "feltmappe.db")
    try:
        visit_records.add_participant(store, visit_id=visit, name="Jens Nielsen", role="S")
        visit_records.set_writer(store, visit_id=visit, name="Jens Nielsen")
    finally:
        store.close()
    return visit


def seed_outcomes(data_dir: Path) -> dict[str, str]:
    """:func:`seed`, plus a team name, three older visits by two named consultants (one a
    co-visit with the business council, one from last year), tasks on every level with
    green categories, two openings, a hire of each kind and a hire that starts in
    :data:`PLANNED_IN_DAYS` days."""
    ids = seed(data_dir)
    pack = load_pack("da").pack
    greens = [c.id for c in pack.green_categories]
    accommodations = [a.id for a in pack.accommodations]
    store = Store(data_dir / "feltmappe.db")
    try:
        store.set_state("teams", json.dumps([{"id": store.team_id, "name": "Jobcenter Herning"}]))
        ids["september"] = repo.create_visit(
            store, company_id=ids["company0"], content_version="2026.1", on=date(2026, 9, 10), consultant="Ole Hansen"
        )
        ids["october"] = october = repo.create_visit(
            store,
            company_id=ids["company1"],
            content_version="2026.1",
            on=date(2026, 10, 5),
            consultant="Mette Sørensen",
        )
        visit_records.add_participant(store, visit_id=october, name="Mette Sørensen", role="S")
        visit_records.add_participant(store, visit_id=october, name="Jens Brun", organisation="Erhvervsrådet", role="E")
        ids["last_year"] = repo.create_visit(
            store, company_id=ids["company2"], content_version="2025.1", on=date(2025, 6, 2), consultant="Ole Hansen"
        )

        def task(visit_id: str, title: str, level: int, green: str = "") -> str:
            return visit_records.save_task(
                store,
                visit_id=visit_id,
                draft=TaskDraft(area="Lager", title=title, hours="3", level=level, green=green),
                author="Ole Hansen",
                green_ids=greens,
                accommodation_ids=accommodations,
            )

        newest = ids["visit2"]
        packing = [
            task(newest, "Folde papkasser", 1, "recycling"),
            task(newest, "Reparere paller", 2, "repair"),
            task(newest, "Truckkørsel", 3),
        ]
        sorting = [task(october, "Sortere plastfolie", 1, "recycling")]
        task(ids["last_year"], "Feje gården", 1)
        first = followups.create_opening(
            store, visit_id=newest, draft=OpeningDraft(title="Lagermedhjælper", task_ids=tuple(packing)), author="Ole"
        )
        second = followups.create_opening(
            store,
            visit_id=october,
            draft=OpeningDraft(title="Grøn medhjælper", task_ids=tuple(sorting)),
            author="Mette",
        )
        for opening, kind in ((first, "supported"), (first, "ordinary"), (second, "education")):
            followups.record_hire(
                store,
                opening_id=opening,
                kind=kind,
                start=date(2026, 11, 2),
                owner="Ole Hansen",
                author="Ole Hansen",
                rhythm=pack.aftercare,
            )
        # Agreed, but the job starts after today: planned, not yet counted.
        followups.record_hire(
            store,
            opening_id=second,
            kind="supported",
            start=date.today() + timedelta(days=PLANNED_IN_DAYS),
            owner="Mette Sørensen",
            author="Mette Sørensen",
            rhythm=pack.aftercare,
        )
    finally:
        store.close()
    return ids
