"""The HTTP service: FastAPI routes for SYNC.md, with errors mapped to readable 4xx in
one place. No input makes it answer 500: a failure it did not foresee is still logged,
but the route handlers validate everything they take."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from server import delivery, service
from server.config import ServerSettings
from server.db import describe_error, make_engine, migrate
from server.limits import BodyLimit, BodyTooLarge
from server.meta import epoch
from server.models import Blob, BlobTeam, Consultant, Device, Membership, Team
from server.security import RateLimiter, new_token, token_hash, verify_password
from sync.protocol import Change, check_text

CONTENT = Path(__file__).resolve().parent.parent / "assets" / "content"
log = logging.getLogger("server")


class ApiError(Exception):
    """An error with its HTTP status and a sentence for the person reading it."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)
    device_name: str = Field(min_length=1, max_length=200)

    @field_validator("username", "password", "device_name")
    @classmethod
    def _storable(cls, value: str) -> str:
        # Text a database column cannot hold (NUL, lone surrogates) is refused here,
        # not left to fail in the database as a 500.
        check_text(value)
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    changes: list[Change] = Field(max_length=1000)


class Caller(BaseModel):
    consultant_id: str
    device_id: str
    teams: set[str]


# The answers' shapes, for /openapi.json (the routes return plain dicts: no second pass
# over a pull's 500 changes).
class Refusal(BaseModel):
    detail: str


class CursorAheadRefusal(BaseModel):
    detail: str
    reason: Literal["cursor_ahead"]
    epoch: str
    server_time: int


class TeamOut(BaseModel):
    id: str
    name: str


class ConsultantOut(BaseModel):
    id: str
    name: str


class LoginAnswer(BaseModel):
    token: str
    device_id: str
    consultant: ConsultantOut
    teams: list[TeamOut]
    server_time: int
    epoch: str


class Rejection(BaseModel):
    op: str
    reason: str
    field: str | None = Field(default=None, description="the field at fault, when one is")
    detail: str | None = Field(default=None, description="the field's rule in words: '<field>: <rule>'")


class PushAnswer(BaseModel):
    accepted: list[str]
    rejected: list[Rejection]
    server_time: int
    epoch: str


class PulledChange(BaseModel):
    op: str
    entity: str
    id: str
    team: str
    hlc: str
    fields: dict[str, Any]
    base: dict[str, str]
    seq: int


class PullAnswer(BaseModel):
    changes: list[PulledChange]
    cursor: int
    more: bool
    server_time: int
    epoch: str
    teams: list[TeamOut]


TOO_LARGE: dict[int | str, dict[str, Any]] = {413: {"model": Refusal, "description": "the body is over the size limit"}}


def _where(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    out = ""
    for p in parts:
        out += f"[{p}]" if p.isdigit() else (("." if out else "") + p)
    return out or "request"


def create_app(settings: ServerSettings | None = None, *, engine: Engine | None = None) -> FastAPI:
    settings = settings or ServerSettings()
    engine = engine or make_engine(settings.database_url)
    migrate(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    # Per username, and more loosely per address (a whole office may share one address).
    per_user = RateLimiter(settings.login_attempts, settings.login_window_s)
    per_address = RateLimiter(settings.login_attempts * 5, settings.login_window_s)
    app = FastAPI(title="Feltmappe sync server", version="1.0")
    app.state.engine = engine
    # Counts the body's bytes as a route reads them: 413 before a body is read whole.
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        return JSONResponse(
            {"detail": f"{_where(tuple(first.get('loc', ())))}: {first.get('msg', 'invalid')}"}, status_code=422
        )

    @app.exception_handler(DBAPIError)
    async def _database_error(_: Request, exc: DBAPIError) -> JSONResponse:
        # Logged without the values (a note's text must not end up in a log file).
        log.error("database error: %s", describe_error(exc))
        return JSONResponse({"detail": "the server's database failed on this request; try again later"}, 500)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc, BodyTooLarge):
            # The rest of the body is never read: the connection cannot carry another request.
            return JSONResponse({"detail": exc.detail}, status_code=413, headers=exc.headers)
        return await http_exception_handler(request, exc)

    def db() -> Iterator[Session]:
        with sessions() as s:
            yield s

    def caller(authorization: Annotated[str | None, Header()] = None, s: Session = Depends(db)) -> Caller:
        if not authorization or not authorization.startswith("Bearer "):
            raise ApiError(401, "missing token: send 'Authorization: Bearer <token>' from login")
        device = s.scalars(select(Device).where(Device.token_hash == token_hash(authorization[7:].strip()))).first()
        if device is None or device.revoked_ms is not None:
            raise ApiError(401, "token not valid (unknown or revoked device): log in again")
        teams = set(s.scalars(select(Membership.team_id).where(Membership.consultant_id == device.consultant_id)))
        return Caller(consultant_id=device.consultant_id, device_id=device.id, teams=teams)

    @app.get("/healthz")
    def healthz() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/api/v1/login", response_model=None, responses={200: {"model": LoginAnswer}, **TOO_LARGE})
    def login(body: LoginRequest, request: Request, s: Session = Depends(db)) -> dict[str, Any]:
        address = request.client.host if request.client else "?"
        user_key, address_key = body.username.casefold(), address
        if per_user.blocked(user_key) or per_address.blocked(address_key):
            raise ApiError(429, "too many failed logins: wait a few minutes and try again")
        consultant = s.scalars(select(Consultant).where(Consultant.username == body.username)).first()
        if not verify_password(consultant.password_hash if consultant else None, body.password) or not consultant:
            per_user.fail(user_key)
            per_address.fail(address_key)
            raise ApiError(401, "wrong username or password")
        per_user.clear(user_key)
        token = new_token()
        device = Device(
            id=str(uuid.uuid4()),
            consultant_id=consultant.id,
            name=body.device_name,
            token_hash=token_hash(token),
            created_ms=service.now_ms(),
        )
        s.add(device)
        teams = s.execute(
            select(Team.id, Team.name)
            .join(Membership, Membership.team_id == Team.id)
            .where(Membership.consultant_id == consultant.id)
            .order_by(Team.name)
        ).all()
        s.commit()
        return {
            "token": token,
            "device_id": device.id,
            "consultant": {"id": consultant.id, "name": consultant.name},
            "teams": [{"id": t.id, "name": t.name} for t in teams],
            "server_time": service.now_ms(),
            "epoch": epoch(s),
        }

    @app.post(
        "/api/v1/logout", status_code=204, response_class=Response, responses={204: {"description": "logged out"}}
    )
    def logout(who: Caller = Depends(caller), s: Session = Depends(db)) -> Response:
        """Revoke the calling token (the tablet's "disconnect"); a later call with it is 401."""
        device = s.get(Device, who.device_id)
        if device is not None and device.revoked_ms is None:
            device.revoked_ms = service.now_ms()
            s.commit()
        return Response(status_code=204)

    @app.post("/api/v1/sync/push", response_model=None, responses={200: {"model": PushAnswer}, **TOO_LARGE})
    def push(body: PushRequest, who: Caller = Depends(caller), s: Session = Depends(db)) -> dict[str, Any]:
        result = service.push(s, changes=body.changes, teams=who.teams, device_id=who.device_id)
        s.commit()
        return {
            "accepted": result.accepted,
            "rejected": result.rejected,
            "server_time": service.now_ms(),
            "epoch": epoch(s),
        }

    @app.get(
        "/api/v1/sync/pull",
        response_model=None,
        responses={
            200: {"model": PullAnswer},
            409: {"model": CursorAheadRefusal, "description": "since is beyond the newest seq: start over from 0"},
        },
    )
    def pull(
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=500)] = 500,
        who: Caller = Depends(caller),
        s: Session = Depends(db),
    ) -> dict[str, Any] | JSONResponse:
        try:
            changes, cursor, more = delivery.pull(s, device_id=who.device_id, since=since, limit=limit, teams=who.teams)
        except delivery.CursorAhead as ahead:
            return JSONResponse(
                {"detail": str(ahead), "reason": "cursor_ahead", "epoch": epoch(s), "server_time": service.now_ms()},
                status_code=409,
            )
        return {
            "changes": changes,
            "cursor": cursor,
            "more": more,
            "server_time": service.now_ms(),
            "epoch": epoch(s),
            "teams": delivery.teams_of(s, who.teams),
        }

    @app.put("/api/v1/blobs/{sha256}", status_code=201, responses=TOO_LARGE)
    async def put_blob(
        sha256: Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")],
        request: Request,
        who: Caller = Depends(caller),
        s: Session = Depends(db),
    ) -> dict[str, Any]:
        data = await request.body()  # stops with 413 at the size limit (BodyLimit)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ApiError(400, "the bytes do not hash to the SHA-256 in the path")
        if s.get(Blob, sha256) is None:
            s.add(Blob(sha256=sha256, data=data, size=len(data)))
            s.flush()
        for team in who.teams:
            if s.get(BlobTeam, (sha256, team)) is None:
                s.add(BlobTeam(sha256=sha256, team_id=team))
        s.commit()
        return {"sha256": sha256, "size": len(data)}

    @app.get("/api/v1/blobs/{sha256}")
    def get_blob(
        sha256: Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")],
        who: Caller = Depends(caller),
        s: Session = Depends(db),
    ) -> Response:
        allowed = s.scalars(
            select(BlobTeam.team_id).where(BlobTeam.sha256 == sha256, BlobTeam.team_id.in_(sorted(who.teams) or [""]))
        ).first()
        blob = s.get(Blob, sha256) if allowed else None
        if blob is None:
            raise ApiError(404, "no such blob for your teams")
        return Response(blob.data, media_type="application/octet-stream")

    @app.get("/api/v1/content")
    def content(
        request: Request, language: Annotated[str, Query(pattern="^(da|en)$")] = "da", who: Caller = Depends(caller)
    ) -> Response:
        text = (CONTENT / f"pack.{language}.json").read_text(encoding="utf-8")
        etag = '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(
            json.dumps(json.loads(text), ensure_ascii=False),
            media_type="application/json",
            headers={"ETag": etag},
        )

    return app
