"""The content packs of the admin API (../shared/CONSOLE.md "Content packs"), with two
routes of ours the console needs: ``GET`` and ``PUT /api/v1/admin/content/{version}``.

Who may: an ``admin`` every team's packs, a ``leader`` those of the teams they lead, a
``consultant`` none (403 with a sentence, nothing changed, the refusal audited, as every
admin route: :class:`server.admin.Forbidden`). Making, replacing and publishing a version
are audited with its number, team, language and note, never the pack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from server import accounts, audit, packs
from server.admin import ADMIN_REFUSALS, Forbidden, Missing, Principal, refuse_nul
from server.answers import TOO_LARGE, refused
from server.models import PackVersion, Team

OTHER_TEAM = "you may only see and change the content packs of the teams you lead"
MAX_NOTE = 500
Version = Annotated[int, PathParam(ge=1, le=packs.MAX_VERSION, description="a version's number")]


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    team: str = Field(min_length=1, max_length=200, description="the team's id (or name)")
    language: Literal["da", "en"]
    pack: Any = Field(description="the whole pack, as assets/content/pack.da.json; its version is set by the server")
    note: str = Field(default="", max_length=MAX_NOTE, description="what changed, for the history")


class DraftPut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pack: Any = Field(description="the whole pack, replacing the draft's")
    note: str | None = Field(default=None, max_length=MAX_NOTE, description="the draft's note; kept if absent")


class VersionOut(BaseModel):
    version: int
    team: str
    language: Literal["da", "en"]
    status: Literal["draft", "published"]
    note: str
    by: str = Field(description="the author's username, 'cli' or 'built-in'")
    at_ms: int
    published_at_ms: int | None = Field(description="last published (a rollback publishes again); null: a draft")
    current: bool = Field(description="the team's pack of this language now")


class VersionWithPack(VersionOut):
    pack: dict[str, Any]


class Created(BaseModel):
    version: int


def _team(s: Session, who: Principal, ref: str) -> Team:
    who.require_manager()
    team = accounts.find_team(s, ref)
    if team is None:
        raise Missing(f"no team {ref!r}")
    if not who.may_manage_team(team.id):
        raise Forbidden(OTHER_TEAM)
    return team


def version_of(s: Session, who: Principal, version: int) -> PackVersion:
    """The stored pack ``version``, if ``who`` may manage its team (the API's and the
    console's one check). Raises Forbidden (a consultant; another team's) or Missing."""
    who.require_manager()
    row = s.get(PackVersion, version)
    if row is None:
        raise Missing(f"no content pack version {version}")
    if not who.may_manage_team(row.team_id):
        raise Forbidden(OTHER_TEAM)
    return row


def _audit(s: Session, who: Principal, action: str, row: PackVersion) -> None:
    audit.record(
        s,
        actor=who.username,
        action=action,
        target=f"team:{row.team_id}",
        address=who.address,
        detail=f"version={row.version} language={row.language} note={row.note}",
    )


def list_versions(s: Session, who: Principal, team: str | None) -> list[dict[str, Any]]:
    """The versions of ``team`` (id or name), or of every team ``who`` may manage, newest
    first (:func:`server.packs.listing`)."""
    if team is not None:
        return packs.listing(s, [_team(s, who, team).id])
    who.require_manager()
    return packs.listing(s, None if who.is_admin else who.leads)


def create_draft(s: Session, who: Principal, body: DraftIn) -> PackVersion:
    """A new draft (raises :class:`server.packs.Refused` 422 for a pack the app's model
    refuses, Forbidden, Missing); audited ``content_create``."""
    team = _team(s, who, body.team)
    row = packs.create_draft(
        s, team_id=team.id, language=body.language, pack=body.pack, note=body.note, by=who.username
    )
    _audit(s, who, audit.CONTENT_CREATE, row)
    return row


def replace_draft(s: Session, who: Principal, version: int, body: DraftPut) -> None:
    """A draft's pack (and note) replaced (:class:`server.packs.Refused` 409 for a
    published version, 422 for a refused pack); audited ``content_replace``."""
    row = version_of(s, who, version)
    packs.replace_draft(s, row, pack=body.pack, note=body.note)
    _audit(s, who, audit.CONTENT_REPLACE, row)


def publish(s: Session, who: Principal, version: int) -> None:
    """``version`` becomes its team's current pack of its language (again: a rollback);
    audited ``content_publish``."""
    row = version_of(s, who, version)
    packs.publish(s, row)
    _audit(s, who, audit.CONTENT_PUBLISH, row)


def content_router(db: Callable[..., Iterator[Session]], principal: Callable[..., Principal]) -> APIRouter:
    """The content routes of the admin API; ``db`` and ``principal`` as for
    :func:`server.admin.admin_router`. :class:`server.packs.Refused` is answered by the
    app (422 or 409 with its ``detail``)."""
    router = APIRouter(
        dependencies=[Depends(refuse_nul)],
        responses={
            **ADMIN_REFUSALS,
            422: refused("refused: the detail names the place in the pack and the problem (cards[3].phase: ...)"),
        },
    )

    @router.get("/api/v1/admin/content", response_model=list[VersionOut])
    def get_versions(
        team: Annotated[str | None, Query(max_length=200)] = None,
        who: Principal = Depends(principal),
        s: Session = Depends(db),
    ) -> list[dict[str, Any]]:
        return list_versions(s, who, team)

    @router.post("/api/v1/admin/content", status_code=201, response_model=Created, responses=TOO_LARGE)
    def post_draft(body: DraftIn, who: Principal = Depends(principal), s: Session = Depends(db)) -> dict[str, int]:
        row = create_draft(s, who, body)
        s.commit()
        return {"version": row.version}

    @router.get("/api/v1/admin/content/{version}", response_model=VersionWithPack)
    def get_version(version: Version, who: Principal = Depends(principal), s: Session = Depends(db)) -> dict[str, Any]:
        row = version_of(s, who, version)
        return packs.answer(row, packs.is_current(s, row))

    @router.put(
        "/api/v1/admin/content/{version}",
        status_code=204,
        response_class=Response,
        responses={409: refused("the version is published: make a new draft"), **TOO_LARGE},
    )
    def put_draft(
        version: Version, body: DraftPut, who: Principal = Depends(principal), s: Session = Depends(db)
    ) -> Response:
        replace_draft(s, who, version, body)
        s.commit()
        return Response(status_code=204)

    @router.post("/api/v1/admin/content/{version}/publish", status_code=204, response_class=Response)
    def post_publish(version: Version, who: Principal = Depends(principal), s: Session = Depends(db)) -> Response:
        publish(s, who, version)
        s.commit()
        return Response(status_code=204)

    return router
