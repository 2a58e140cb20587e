"""'Make PDF': the visit summary and each job opening as PDF files, saved in the data
folder and offered to open or share (in web mode: a download). Works offline."""

from __future__ import annotations

from typing import Any

import flet as ft

from domain.records import JobOpening
from domain.visit import VisitSummary
from reports import (
    CompanyInfo,
    Consultant,
    OpeningReportData,
    SocialReportData,
    VisitReportData,
    bubble_sheet_pdf,
    card_answers,
    opening_pdf,
    social_profile_pdf,
)
from reports import visit_summary_pdf as render_visit
from storage import followups, repo, visit_records
from storage.photos import PhotoStore
from views import theme
from views.autosave import draft_names, pending_drafts
from views.context import AppContext
from views.files import file_button, slug
from views.social import recognition_met
from views.widgets import banner, section


def _company(ctx: AppContext, visit: VisitSummary) -> CompanyInfo:
    return repo.get_company(ctx.store, company_id=visit.company_id) or CompanyInfo(name=visit.company_name)


def _consultants(ctx: AppContext, visit: VisitSummary) -> tuple[Consultant, ...]:
    """The visit's consultants (job centre and business council) as "Kontakt os" lists them;
    this tablet's consultant also with the job title given under Settings."""
    people = visit_records.participants(ctx.store, visit_id=visit.id)
    me, title = ctx.store.get_state("me_name"), ctx.store.get_state("me_title")
    return tuple(
        Consultant(
            name=p.name,
            organisation=p.organisation,
            title=title if me and p.name == me else "",
            phone=p.phone,
            email=p.email,
        )
        for p in people
        if p.role in ("S", "E")
    )


def _photos(ctx: AppContext, shas: set[str]) -> dict[str, bytes]:
    store = PhotoStore(ctx.settings.data_dir / "photos")
    found = {sha: store.read(sha) for sha in shas if sha}
    return {sha: data for sha, data in found.items() if data is not None}


def visit_summary_pdf(ctx: AppContext, visit: VisitSummary) -> bytes:
    found = repo.get_visit(ctx.store, visit_id=visit.id)
    prep = found[1] if found else None
    tasks = tuple(visit_records.tasks(ctx.store, visit_id=visit.id))
    data = VisitReportData(
        pack=ctx.pack_of(visit),
        company=_company(ctx, visit),
        visit_date=visit.date,
        participants=tuple(visit_records.participants(ctx.store, visit_id=visit.id)),
        consultants=_consultants(ctx, visit),
        megatrend=prep.megatrend if prep else "",
        megatrend_note=prep.megatrend_note if prep else "",
        card_answers=card_answers(ctx.pack_of(visit), repo.card_states(ctx.store, visit_id=visit.id).values()),
        notes=tuple(visit_records.notes(ctx.store, visit_id=visit.id)),
        tasks=tasks,
        photos=_photos(ctx, {t.photo for t in tasks}),
        closing=visit_records.closing(ctx.store, visit_id=visit.id),
        openings=tuple(followups.openings(ctx.store, visit_id=visit.id)),
        followups=tuple(followups.followups(ctx.store, visit_id=visit.id, include_done=True)),
        issuer=ctx.store.get_state("me_org"),
    )
    return render_visit(data, language=ctx.language)


def job_opening_pdf(ctx: AppContext, visit: VisitSummary, opening: JobOpening) -> bytes:
    tasks = tuple(visit_records.tasks(ctx.store, visit_id=visit.id))
    data = OpeningReportData(
        pack=ctx.pack_of(visit),
        opening=opening,
        company=_company(ctx, visit),
        visit_date=visit.date,
        tasks=tasks,
        photos=_photos(ctx, {t.photo for t in tasks if t.id in opening.task_ids}),
        followups=tuple(f for f in followups.followups(ctx.store, visit_id=visit.id) if f.opening_id == opening.id),
        consultants=_consultants(ctx, visit),
    )
    return opening_pdf(data, language=ctx.language)


def bubble_pdf(ctx: AppContext, visit: VisitSummary, *, blank: bool = False) -> bytes:
    """The bubble sheet: blank for the next meeting, or with this visit's notes."""
    return bubble_sheet_pdf(
        ctx.pack_of(visit),
        None if blank else visit_records.notes(ctx.store, visit_id=visit.id),
        company=None if blank else _company(ctx, visit),
        visit_date=None if blank else visit.date,
        consultants=_consultants(ctx, visit),
        language=ctx.language,
        issuer=ctx.store.get_state("me_org"),
    )


def social_pdf(ctx: AppContext, visit: VisitSummary) -> bytes:
    """The social-responsibility profile, with the diploma page when the company qualifies."""
    data = SocialReportData(
        pack=ctx.pack_of(visit),
        company=_company(ctx, visit),
        visit_date=visit.date,
        areas=tuple(visit_records.social_profile(ctx.store, visit_id=visit.id).values()),
        recognition_met=recognition_met(ctx, visit.id),  # as the screen shows them
        consultants=_consultants(ctx, visit),
        issuer=ctx.store.get_state("me_org"),
    )
    return social_profile_pdf(data, language=ctx.language)


def pdf_section(ctx: AppContext, *, visit: VisitSummary) -> ft.Control:
    t = ctx.t

    def button(label: str, name: str, render: Any) -> ft.Control:
        return file_button(
            ctx,
            label,
            icon=ft.Icons.PICTURE_AS_PDF,
            folder="reports",
            name=lambda: name,
            make=render,
            note=drafts_left_out,
        )

    def drafts_left_out() -> str:
        """A text held back as a draft (a CPR-like number in it) is not in the visit's
        records, so not in the PDF: say so, naming the fields (issue 9, fourth trial)."""
        waiting = pending_drafts(ctx)
        return t("pdf.drafts_left_out", fields=draft_names(waiting)) if waiting else ""

    stem = f"{slug(visit.company_name, fallback='visit')}-{visit.date.isoformat()}"
    buttons = [button(t("pdf.visit"), f"{t('pdf.visit_file')}-{stem}.pdf", lambda: visit_summary_pdf(ctx, visit))]
    for label, prefix, render in (
        ("pdf.bubbles", "pdf.bubbles_file", lambda: bubble_pdf(ctx, visit)),
        ("pdf.bubbles_blank", "pdf.bubbles_blank_file", lambda: bubble_pdf(ctx, visit, blank=True)),
        ("pdf.social", "pdf.social_file", lambda: social_pdf(ctx, visit)),
    ):
        buttons.append(button(t(label), f"{t(prefix)}-{stem}.pdf", render))
    for opening in followups.openings(ctx.store, visit_id=visit.id):
        buttons.append(
            button(
                t("pdf.opening", title=opening.title),
                f"{t('pdf.opening_file')}-{slug(opening.title)}-{stem}.pdf",
                lambda o=opening: job_opening_pdf(ctx, visit, o),
            )
        )
    # "Kontakt os" is how the company reaches the consultants: say when it will carry no
    # way to (Settings' phone and e-mail go only on the visits started after them).
    reachable = any(c.phone.strip() or c.email.strip() for c in _consultants(ctx, visit))
    hint = [] if reachable else [banner(t("pdf.no_contact"), error=False)]
    return section(
        t("pdf.title"), ft.Text(t("pdf.help"), size=theme.TEXT - 2), *hint, ft.Row(buttons, wrap=True, spacing=8)
    )
