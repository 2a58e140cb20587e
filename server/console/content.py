"""The console's content pages (issue 12 item 2; ../shared/CONSOLE.md "Content packs"):
per team *Indhold* (the current version per language, the history, a new draft, upload
and download as JSON), the draft's editor (cards per phase, the bubble sheet, walk-around
questions, the closing checklist, green categories, accommodations, the recognition
scheme), a preview of a card deck beside the bubble sheet, and the differences from the
published version before *Offentliggør* (again, for an older version: a rollback).

Who may see and change what is ``server.content_admin``'s (the admin API's functions and
role checks; a refusal is the console's 403 page); the checking and storing is
``server.packs``'s. An edit is made on a copy of the draft (``pack_edit``) and saved whole
through ``content_admin.replace_draft``: refused, nothing is kept, and the page shows the
place and the problem beside the form, in the reader's words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from server import content_admin, packs
from server.admin import Missing
from server.console.pack_edit import (
    LEADS,
    SECTIONS,
    Change,
    Section,
    Stale,
    add_item,
    differences,
    items,
    move,
    place_words,
    remove,
    save_item,
    set_bubble_sheet,
    set_hidden,
    set_recognition,
)
from server.console.texts import refusal, texts
from server.content_admin import DraftIn, DraftPut
from server.models import PackVersion, Team

if TYPE_CHECKING:
    from server.console.pages import Visitor

BASE = "/console"
MAX_UPLOAD = 4 * 1024 * 1024
NAME = Annotated[str, Form(max_length=100)]
TEXT = Annotated[str, Form(max_length=5000)]


def _redirect(path: str, done: str = "", anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"{BASE}{path}{'?done=' + done if done else ''}{anchor}", status_code=303)


def refused_words(language: str, detail: str, pack: dict[str, Any]) -> str:
    """A refusal of ``server.packs`` (``"<place>: <problem>"``, or a sentence) in
    ``language``: the place by :func:`pack_edit.place_words`, the problem by the
    language's ``content.problems`` patterns (else as written)."""
    t = texts(language)["content"]
    place, colon, problem = detail.partition(": ")
    if not colon or (" " in place and not re.fullmatch(r"line \d+, column \d+", place)):
        return refusal(language, detail)
    for pattern, words in t["problems"]:
        found = re.fullmatch(pattern, problem)
        if found:
            problem = str(words).format(**found.groupdict())
            break
    return str(t["refused"]).format(place=place_words(place, pack, t["places"]), problem=problem)


def change_line(change: Change, t: dict[str, Any], pack: dict[str, Any]) -> dict[str, str | None]:
    """One :class:`pack_edit.Change` in the words of ``t`` (the language's ``content``
    words): ``{"kind", "text", "before", "after"}``, the text naming the list, the part,
    a phase and who leads by their names in ``pack``; a changed text's old and new
    wording in ``before`` and ``after`` (else None)."""
    values = dict(change.values)
    kind = change.kind
    if "section" in values:
        values["section"] = t["diff_sections"].get(values["section"], values["section"])
    part = values.get("part", "")
    if part:
        values["part"] = (t["other_parts"] if kind == "other" else t["diff_parts"]).get(part, part)
    if part == "lead":
        values = {**values, **{k: t["leads"].get(values[k], values[k]) for k in ("old", "new")}}
    if kind == "reordered" and values.get("phase"):
        kind = "reordered_phase"
        phases = {p.get("id"): p.get("title") for p in pack.get("phases", [])}
        values["phase"] = str(phases.get(values["phase"], values["phase"]))
    return {
        "kind": change.kind,
        "text": str(t["diff"][kind]).format(**values),
        "before": values.get("old"),
        "after": values.get("new"),
    }


def content_pages(
    app: FastAPI,
    *,
    db: Callable[..., Iterator[Session]],
    visitor: Callable[..., Visitor],
    checked: Callable[..., Visitor],
    render: Callable[..., HTMLResponse],
) -> None:
    """Add the content pages to the console ``app``; ``visitor``, ``checked`` and
    ``render`` are the console's own (a signed-in person; one whose form carries the CSRF
    token; a template rendered with the page's frame)."""

    def version_row(s: Session, v: Visitor, version: int) -> PackVersion:
        return content_admin.version_of(s, v.who, version)  # the admin API's own role check

    def team_name(s: Session, team_id: str) -> str:
        team = s.get(Team, team_id)
        return team.name if team is not None else team_id

    def published_pack(s: Session, team_id: str, language: str) -> tuple[str, dict[str, Any]]:
        served = packs.current(s, teams=[team_id], language=language, team=team_id)
        return served.version, dict(json.loads(packs.body_of(s, served)))

    # --- The team's page -------------------------------------------------------------

    @app.get("/content", response_class=HTMLResponse)
    def get_content(request: Request, s: Session = Depends(db)) -> Response:
        v = visitor(request, s)
        listed = content_admin.list_versions(s, v.who, None)
        teams = [
            {
                "id": team_id,
                "name": team_name(s, team_id),
                "current": [r for r in listed if r["team"] == team_id and r["current"]],
                "drafts": sum(1 for r in listed if r["team"] == team_id and r["status"] == "draft"),
            }
            for team_id in sorted({r["team"] for r in listed}, key=lambda i: team_name(s, i).casefold())
        ]
        return render(request, "content.html", {"visitor": v, "teams": teams}, language=v.language)

    def team_page(
        request: Request, s: Session, v: Visitor, team_id: str, *, error: str = "", status_code: int = 200
    ) -> Response:
        listed = content_admin.list_versions(s, v.who, team_id)
        return render(
            request,
            "content_team.html",
            {
                "visitor": v,
                "team": {"id": team_id, "name": team_name(s, team_id)},
                "versions": listed,
                "current": {r["language"]: r for r in listed if r["current"]},
                "drafts": [r for r in listed if r["status"] == "draft"],
                "languages": packs.LANGUAGES,
                "error": error,
            },
            language=v.language,
            status_code=status_code,
        )

    @app.get("/content/teams/{team_id}", response_class=HTMLResponse)
    def get_team(request: Request, team_id: str, s: Session = Depends(db)) -> Response:
        v = visitor(request, s)
        return team_page(request, s, v, team_id)

    @app.post("/content/teams/{team_id}/drafts", response_class=HTMLResponse)
    def post_new_draft(
        request: Request,
        team_id: str,
        language: Annotated[str, Form(max_length=2)] = "da",
        csrf: NAME = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        if language not in packs.LANGUAGES:
            raise Missing(f"no language {language!r}")
        content_admin.list_versions(s, v.who, team_id)  # the team's role check first
        version, pack = published_pack(s, team_id, language)
        note = v.t["content"]["draft_note"].format(version=version)
        body = DraftIn.model_validate({"team": team_id, "language": language, "pack": pack, "note": note})
        row = content_admin.create_draft(s, v.who, body)
        s.commit()
        return _redirect(f"/content/versions/{row.version}", "draft_made")

    @app.post("/content/teams/{team_id}/upload", response_class=HTMLResponse)
    def post_upload(
        request: Request,
        team_id: str,
        file: Annotated[UploadFile, File()],
        language: Annotated[str, Form(max_length=2)] = "da",
        note: Annotated[str, Form(max_length=content_admin.MAX_NOTE)] = "",
        csrf: NAME = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        content_admin.list_versions(s, v.who, team_id)
        if language not in packs.LANGUAGES:
            raise Missing(f"no language {language!r}")
        raw = file.file.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            return team_page(request, s, v, team_id, error=v.t["content"]["upload_too_large"], status_code=413)
        pack: Any = None
        try:
            pack = json.loads(raw.decode("utf-8-sig"))
            body = DraftIn.model_validate({"team": team_id, "language": language, "pack": pack, "note": note})
            row = content_admin.create_draft(s, v.who, body)
        except UnicodeDecodeError:
            return team_page(request, s, v, team_id, error=v.t["content"]["upload_not_text"], status_code=422)
        except json.JSONDecodeError as bad:
            detail = f"line {bad.lineno}, column {bad.colno}: not valid JSON ({bad.msg})"
            return team_page(request, s, v, team_id, error=refused_words(v.language, detail, {}), status_code=422)
        except packs.Refused as bad:
            s.rollback()
            shown = refused_words(v.language, bad.detail, pack if isinstance(pack, dict) else {})
            return team_page(request, s, v, team_id, error=shown, status_code=bad.status)
        s.commit()
        return _redirect(f"/content/versions/{row.version}", "uploaded")

    @app.get("/content/versions/{version}/download")
    def get_download(request: Request, version: content_admin.Version, s: Session = Depends(db)) -> Response:
        v = visitor(request, s)
        row = version_row(s, v, version)
        name = f"feltmappe-indhold-{row.language}-version-{row.version}.json"
        return Response(
            json.dumps(json.loads(row.body), ensure_ascii=False, indent=2) + "\n",
            media_type="application/json; charset=utf-8",
            headers={
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
                "Content-Disposition": f'attachment; filename="{name}"',
            },
        )

    # --- The draft's editor --------------------------------------------------------------

    def editor(
        request: Request,
        s: Session,
        v: Visitor,
        version: int,
        template: str,
        context: dict[str, Any],
        *,
        error: str = "",
        status_code: int = 200,
    ) -> Response:
        row = version_row(s, v, version)
        pack = json.loads(row.body)
        draft = row.published_at_ms is None
        return render(
            request,
            template,
            {
                "visitor": v,
                "row": row,
                "draft": draft,
                "current": packs.is_current(s, row),
                "team": {"id": row.team_id, "name": team_name(s, row.team_id)},
                "pack": pack,
                "phases": pack.get("phases", []),
                "sections": SECTIONS,
                "error_at": "",
                "typed": {},
                "form_error": "",
                **context,
                "error": error,
            },
            language=v.language,
            status_code=status_code,
        )

    @app.get("/content/versions/{version}", response_class=HTMLResponse)
    def get_version(request: Request, version: content_admin.Version, s: Session = Depends(db)) -> Response:
        v = visitor(request, s)
        return editor(request, s, v, version, "content_draft.html", {})

    def section_of(name: str) -> Section:
        if name not in SECTIONS:
            raise Missing(f"no part {name!r} of a content pack")
        return SECTIONS[name]

    def section_page(
        request: Request,
        s: Session,
        v: Visitor,
        version: int,
        section: Section,
        phase: str = "",
        **context: Any,
    ) -> Response:
        row = version_row(s, v, version)
        pack = json.loads(row.body)
        listed = items(pack, section)
        if section.name == "cards":
            phases = [p.get("id") for p in pack.get("phases", [])]
            phase = phase if phase in phases else (phases[0] if phases else "")
        shown = [(n, i) for n, i in enumerate(listed) if section.name != "cards" or i.get("phase") == phase]
        return editor(
            request,
            s,
            v,
            version,
            "content_section.html",
            {"section": section, "phase": phase, "shown": shown, "leads": LEADS, **context},
            status_code=422 if context.get("form_error") else 200,
        )

    @app.get("/content/versions/{version}/edit/{name}", response_class=HTMLResponse)
    def get_section(
        request: Request,
        version: content_admin.Version,
        name: str,
        phase: Annotated[str, Query(max_length=64)] = "",
        s: Session = Depends(db),
    ) -> Response:
        v = visitor(request, s)
        return section_page(request, s, v, version, section_of(name), phase)

    def save(s: Session, v: Visitor, version: int, pack: dict[str, Any]) -> str:
        """Store ``pack`` as the draft's (committed), or "" ; else roll back and return the
        refusal in the reader's words."""
        try:
            content_admin.replace_draft(s, v.who, version, DraftPut(pack=pack))
        except packs.Refused as refused:
            s.rollback()
            return refused_words(v.language, refused.detail, pack)
        s.commit()
        return ""

    @app.post("/content/versions/{version}/edit/{name}/add", response_class=HTMLResponse)
    def post_add(
        request: Request,
        version: content_admin.Version,
        name: str,
        text: TEXT = "",
        hint: TEXT = "",
        title: TEXT = "",
        lead: Annotated[str, Form(max_length=3)] = "any",
        phase: Annotated[str, Form(max_length=64)] = "",
        csrf: NAME = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        section = section_of(name)
        row = version_row(s, v, version)
        values = {"text": text, "hint": hint, "title": title}
        pack, item_id = add_item(
            json.loads(row.body), section, values=values, phase=phase or None, lead=lead if lead in LEADS else "any"
        )
        problem = save(s, v, version, pack)
        if problem:
            typed = {**values, "lead": lead}
            return section_page(request, s, v, version, section, phase, error_at="add", form_error=problem, typed=typed)
        query = f"?phase={phase}&done=content_added" if section.name == "cards" else "?done=content_added"
        return RedirectResponse(f"{BASE}/content/versions/{version}/edit/{name}{query}#item-{item_id}", 303)

    @app.post("/content/versions/{version}/edit/{name}/{index}", response_class=HTMLResponse)
    def post_item(
        request: Request,
        version: content_admin.Version,
        name: str,
        index: int,
        item_id: Annotated[str, Form(alias="id", max_length=64)] = "",
        action: Annotated[str, Form(max_length=10)] = "save",
        text: TEXT = "",
        hint: TEXT = "",
        title: TEXT = "",
        lead: Annotated[str, Form(max_length=3)] = "",
        phase: Annotated[str, Form(max_length=64)] = "",
        csrf: NAME = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        section = section_of(name)
        row = version_row(s, v, version)
        pack = json.loads(row.body)
        values = {"text": text, "hint": hint, "title": title}
        try:
            if action == "save":
                changed = save_item(
                    pack, section, index=index, item_id=item_id, values=values, lead=lead if lead in LEADS else None
                )
            elif action in ("up", "down"):
                changed = move(pack, section, index=index, item_id=item_id, step=-1 if action == "up" else 1)
            elif action in ("hide", "show") and section.name == "cards":
                changed = set_hidden(pack, index=index, item_id=item_id, hidden=action == "hide")
            elif action == "remove" and section.name != "cards":
                changed = remove(pack, section, index=index, item_id=item_id)
            else:
                raise Missing(f"no action {action!r}")
        except Stale:
            return section_page(request, s, v, version, section, phase, form_error=v.t["content"]["stale"])
        problem = save(s, v, version, changed)
        if problem:
            typed = {**values, "lead": lead} if action == "save" else {}
            return section_page(
                request, s, v, version, section, phase, error_at=f"item-{item_id}", form_error=problem, typed=typed
            )
        done = {"hide": "content_hidden", "show": "content_shown", "remove": "content_removed"}.get(
            action, "content_saved"
        )
        query = f"?phase={phase}&done={done}" if section.name == "cards" else f"?done={done}"
        anchor = "" if action == "remove" else f"#item-{item_id}"
        return RedirectResponse(f"{BASE}/content/versions/{version}/edit/{name}{query}{anchor}", 303)

    @app.post("/content/versions/{version}/recognition", response_class=HTMLResponse)
    def post_recognition(
        request: Request,
        version: content_admin.Version,
        title: TEXT = "",
        text: TEXT = "",
        min_met: Annotated[str, Form(max_length=10)] = "",
        csrf: NAME = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        row = version_row(s, v, version)
        problem = save(s, v, version, set_recognition(json.loads(row.body), title=title, text=text, min_met=min_met))
        if problem:
            typed = {"title": title, "text": text, "min_met": min_met}
            return section_page(
                request, s, v, version, SECTIONS["criteria"], error_at="scheme", form_error=problem, scheme=typed
            )
        return _redirect(f"/content/versions/{version}/edit/criteria", "content_saved")

    @app.get("/content/versions/{version}/bubbles", response_class=HTMLResponse)
    def get_bubbles(request: Request, version: content_admin.Version, s: Session = Depends(db)) -> Response:
        v = visitor(request, s)
        return editor(request, s, v, version, "content_bubbles.html", {})

    def bubble_form(
        title: Annotated[str | None, Form(max_length=5000)] = None,
        intro: Annotated[str | None, Form(max_length=5000)] = None,
        recruitment_title: Annotated[str | None, Form(alias="recruitment.title", max_length=5000)] = None,
        recruitment_text: Annotated[str | None, Form(alias="recruitment.text", max_length=5000)] = None,
        recruitment_url: Annotated[str | None, Form(alias="recruitment.info_url", max_length=5000)] = None,
        retention_title: Annotated[str | None, Form(alias="retention.title", max_length=5000)] = None,
        retention_text: Annotated[str | None, Form(alias="retention.text", max_length=5000)] = None,
        retention_url: Annotated[str | None, Form(alias="retention.info_url", max_length=5000)] = None,
        upskilling_title: Annotated[str | None, Form(alias="upskilling.title", max_length=5000)] = None,
        upskilling_text: Annotated[str | None, Form(alias="upskilling.text", max_length=5000)] = None,
        upskilling_url: Annotated[str | None, Form(alias="upskilling.info_url", max_length=5000)] = None,
    ) -> dict[str, str]:
        """The bubble sheet's form: ``title``, ``intro`` and ``<field>.<part>``, those sent."""
        sent = {
            "title": title,
            "intro": intro,
            "recruitment.title": recruitment_title,
            "recruitment.text": recruitment_text,
            "recruitment.info_url": recruitment_url,
            "retention.title": retention_title,
            "retention.text": retention_text,
            "retention.info_url": retention_url,
            "upskilling.title": upskilling_title,
            "upskilling.text": upskilling_text,
            "upskilling.info_url": upskilling_url,
        }
        return {k: v for k, v in sent.items() if v is not None}

    @app.post("/content/versions/{version}/bubbles", response_class=HTMLResponse)
    def post_bubbles(
        request: Request,
        version: content_admin.Version,
        values: dict[str, str] = Depends(bubble_form),
        csrf: NAME = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        row = version_row(s, v, version)
        changed = set_bubble_sheet(json.loads(row.body), values)
        problem = save(s, v, version, changed)
        if problem:
            return editor(
                request,
                s,
                v,
                version,
                "content_bubbles.html",
                {"pack": changed, "form_error": problem, "error_at": "bubbles"},
                status_code=422,
            )
        return _redirect(f"/content/versions/{version}/bubbles", "content_saved")

    @app.post("/content/versions/{version}/note", response_class=HTMLResponse)
    def post_note(
        request: Request,
        version: content_admin.Version,
        note: Annotated[str, Form(max_length=content_admin.MAX_NOTE)] = "",
        csrf: NAME = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        row = version_row(s, v, version)
        content_admin.replace_draft(s, v.who, version, DraftPut(pack=json.loads(row.body), note=note))
        s.commit()
        return _redirect(f"/content/versions/{version}", "content_saved")

    # --- Preview, differences, publishing ------------------------------------------------

    @app.get("/content/versions/{version}/preview", response_class=HTMLResponse)
    def get_preview(
        request: Request,
        version: content_admin.Version,
        phase: Annotated[str, Query(max_length=64)] = "",
        s: Session = Depends(db),
    ) -> Response:
        v = visitor(request, s)
        row = version_row(s, v, version)
        pack = json.loads(row.body)
        phases = pack.get("phases", [])
        chosen = next((p for p in phases if p.get("id") == phase), phases[0] if phases else {})
        deck = [c for c in pack.get("cards", []) if c.get("phase") == chosen.get("id") and not c.get("hidden")]
        return editor(request, s, v, version, "content_preview.html", {"phase": chosen, "deck": deck})

    @app.get("/content/versions/{version}/publish", response_class=HTMLResponse)
    def get_publish(request: Request, version: content_admin.Version, s: Session = Depends(db)) -> Response:
        v = visitor(request, s)
        row = version_row(s, v, version)
        published, old = published_pack(s, row.team_id, row.language)
        new = json.loads(row.body)
        lines = [change_line(c, v.t["content"], new) for c in differences(old, new)]
        return editor(request, s, v, version, "content_publish.html", {"lines": lines, "published_version": published})

    @app.post("/content/versions/{version}/publish", response_class=HTMLResponse)
    def post_publish(
        request: Request, version: content_admin.Version, csrf: NAME = "", s: Session = Depends(db)
    ) -> Response:
        v = checked(request, s, csrf)
        row = version_row(s, v, version)
        content_admin.publish(s, v.who, version)
        s.commit()
        return _redirect(f"/content/teams/{row.team_id}", "content_published")
