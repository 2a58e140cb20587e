"""The HTTP service: FastAPI routes for SYNC.md, with errors mapped to readable 4xx in
one place. No input makes it answer 500: a failure it did not foresee is still logged,
but the route handlers validate everything they take."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import DataError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from server import accounts, audit, delivery, packs, service
from server.accounts import AccountError, Actor, NotFound, SignInRefused
from server.admin import Forbidden, Missing, Principal, Unstorable, admin_router
from server.answers import NO_TOKEN, TOO_LARGE, Responses, refused
from server.config import ServerSettings
from server.console import console_app
from server.content_admin import content_router
from server.db import describe_error, make_engine, migrate
from server.limits import BodyLimit, BodyTooLarge
from server.meta import epoch
from server.models import Blob, BlobTeam, Consultant, Device, Membership, Team
from server.security import new_token, signin_limits, token_hash
from sync.protocol import Change, check_text

# Starlette's conditional-request rule (If-None-Match: a list of ETags, W/ forms, "*").
NOT_MODIFIED = StaticFiles(check_dir=False)
LAST_SEEN_STEP_MS = 60_000
UNSTORABLE = (
    "a value in the request cannot be stored or looked up (text with a NUL character, or a number out of range)"
)
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
    new_password: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        description="after a reset by an admin or leader: the new password the person chose (else 403 "
        "with reason password_change_required)",
    )

    @field_validator("username", "password", "device_name", "new_password")
    @classmethod
    def _storable(cls, value: str | None) -> str | None:
        # Text a database column cannot hold (NUL, lone surrogates) is refused here,
        # not left to fail in the database as a 500.
        if value is None:
            return None
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
    username: str = ""
    role: str = "consultant"


# The answers' shapes, for /openapi.json (the routes return plain dicts: no second pass
# over a pull's 500 changes).
class LoginRefusal(BaseModel):
    detail: str
    reason: Literal["account_deactivated", "password_change_required"]


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


LOGIN_REFUSALS: Responses = {
    401: refused("wrong username or password (audited)"),
    403: refused("reason account_deactivated, or password_change_required: send new_password too", LoginRefusal),
    429: refused("too many failed sign-ins for this username and address: wait and retry"),
}
"""What a login may be refused with, for /openapi.json (CONSOLE.md's rate limit and roles)."""


def address_of(request: Request) -> str:
    """The client's address as uvicorn gives it: the consultant's own behind a proxy trusted
    with ``--forwarded-allow-ips``, else the connecting peer."""
    return request.client.host if request.client else "?"


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
    limits = signin_limits(settings.login_attempts, settings.login_window_s)
    idle_ms = settings.token_idle_days * 24 * 3600 * 1000 if settings.token_idle_days > 0 else None
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
        if isinstance(exc, DataError):
            # A value the database cannot hold or look up (PostgreSQL: text with a NUL
            # character; a number out of range), wherever in the request it came.
            return JSONResponse({"detail": UNSTORABLE}, status_code=422)
        # Logged without the values (a note's text must not end up in a log file).
        log.error("database error: %s", describe_error(exc))
        return JSONResponse({"detail": "the server's database failed on this request; try again later"}, 500)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc, BodyTooLarge):
            # The rest of the body is never read: the connection cannot carry another request.
            return JSONResponse({"detail": exc.detail}, status_code=413, headers=exc.headers)
        return await http_exception_handler(request, exc)

    @app.exception_handler(Forbidden)
    async def _forbidden(_: Request, exc: Forbidden) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=403)

    @app.exception_handler(Unstorable)
    async def _unstorable(_: Request, __: Unstorable) -> JSONResponse:
        return JSONResponse({"detail": UNSTORABLE}, status_code=422)

    @app.exception_handler(packs.Refused)
    async def _pack_refused(_: Request, exc: packs.Refused) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)

    @app.exception_handler(Missing)
    async def _missing(_: Request, exc: Missing) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=404)

    @app.exception_handler(AccountError)
    async def _refused(_: Request, exc: AccountError) -> JSONResponse:
        body = {"detail": str(exc), **({"reason": exc.reason} if exc.reason else {})}
        return JSONResponse(body, status_code=404 if isinstance(exc, NotFound) else 422)

    def db(request: Request) -> Iterator[Session]:
        with sessions() as s:
            try:
                yield s
            except Forbidden as refused:
                # Nothing of the request is kept; the refusal itself is audited (CONSOLE.md).
                s.rollback()
                who = getattr(request.state, "principal", None)
                audit.record(
                    s,
                    actor=who.username if who else "?",
                    action=audit.FORBIDDEN,
                    target=f"{request.method} {request.url.path}",
                    address=address_of(request),
                    detail=refused.detail,
                )
                s.commit()
                raise

    def caller(
        request: Request, authorization: Annotated[str | None, Header()] = None, s: Session = Depends(db)
    ) -> Caller:
        if not authorization or not authorization.startswith("Bearer "):
            raise ApiError(401, "missing token: send 'Authorization: Bearer <token>' from login")
        device = s.scalars(select(Device).where(Device.token_hash == token_hash(authorization[7:].strip()))).first()
        if device is None:
            raise ApiError(401, "token not valid (unknown or revoked device): log in again")
        owner = s.get(Consultant, device.consultant_id)
        now = service.now_ms()
        if (
            device.revoked_ms is None
            and idle_ms is not None
            and now - (device.last_seen_ms or device.created_ms) > idle_ms
        ):
            device.revoked_ms = now  # unused too long (FELTMAPPE_SERVER_TOKEN_IDLE_DAYS)
            audit.record(
                s,
                actor=audit.SERVER,
                action=audit.DEVICE_REVOKE,
                target=f"device:{device.id}",
                detail=f"unused for {settings.token_idle_days} days",
            )
            s.commit()
            raise ApiError(401, f"token not used for {settings.token_idle_days} days and ended: log in again")
        if device.revoked_ms is not None or owner is None or not owner.active:
            audit.record(
                s,
                actor=owner.username if owner else "?",
                action=audit.REVOKED_TOKEN_USED,
                target=f"device:{device.id}",
                address=address_of(request),
            )
            s.commit()
            raise ApiError(401, "token not valid (unknown or revoked device): log in again")
        if device.last_seen_ms is None or now - device.last_seen_ms >= LAST_SEEN_STEP_MS:
            # At most one write a minute per device: a sync's requests cost no extra writes.
            s.execute(update(Device).where(Device.id == device.id).values(last_seen_ms=now))
            s.commit()
        teams = set(s.scalars(select(Membership.team_id).where(Membership.consultant_id == device.consultant_id)))
        return Caller(
            consultant_id=device.consultant_id,
            device_id=device.id,
            teams=teams,
            username=owner.username,
            role=owner.role,
        )

    def principal(request: Request, who: Caller = Depends(caller), s: Session = Depends(db)) -> Principal:
        user = s.get(Consultant, who.consultant_id)
        if user is None:
            raise ApiError(401, "token not valid (unknown or revoked device): log in again")
        found = Principal.of(s, user, address_of(request))
        request.state.principal = found
        return found

    app.include_router(admin_router(db, principal))
    app.include_router(content_router(db, principal))
    # The console's pages (CONSOLE.md), HTML for people; same rules and audit as the API.
    app.mount("/console", console_app(db=db, engine=engine, limits=limits))

    @app.get("/healthz")
    def healthz() -> dict[str, bool]:
        return {"ok": True}

    @app.head("/healthz", include_in_schema=False)  # a monitor may ask with HEAD
    def healthz_head() -> Response:
        return Response(status_code=200, media_type="application/json")

    @app.post(
        "/api/v1/login",
        response_model=None,
        responses={200: {"model": LoginAnswer}, **LOGIN_REFUSALS, **TOO_LARGE},
    )
    def login(body: LoginRequest, request: Request, s: Session = Depends(db)) -> dict[str, Any]:
        address = address_of(request)
        try:
            consultant = accounts.sign_in(
                s, engine, limits, username=body.username, password=body.password, address=address
            )
        except SignInRefused as refused:
            if refused.reason == "throttled":
                raise ApiError(429, "too many failed logins: wait a few minutes and try again") from None
            if refused.reason == "wrong":
                raise ApiError(401, "wrong username or password") from None
            return JSONResponse(  # type: ignore[return-value]
                {
                    "detail": "this account has been deactivated: ask your team leader or the job centre's IT",
                    "reason": "account_deactivated",
                },
                status_code=403,
            )
        actor = Actor(consultant.username, address)
        if consultant.must_change_password:
            if body.new_password is None:
                return JSONResponse(  # type: ignore[return-value]
                    {
                        "detail": "your password was set by someone else (a new account or a reset): "
                        "choose your own (new_password) to sign in",
                        "reason": "password_change_required",
                    },
                    status_code=403,
                )
            accounts.change_own_password(s, consultant, body.password, body.new_password, actor=actor)
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
        audit.record(s, actor=consultant.username, action=audit.SIGN_IN, target=f"device:{device.id}", address=address)
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
        "/api/v1/logout",
        status_code=204,
        response_class=Response,
        responses={204: {"description": "logged out"}, **NO_TOKEN},
    )
    def logout(who: Caller = Depends(caller), s: Session = Depends(db)) -> Response:
        """Revoke the calling token (the tablet's "disconnect"); a later call with it is 401."""
        device = s.get(Device, who.device_id)
        if device is not None and device.revoked_ms is None:
            device.revoked_ms = service.now_ms()
            audit.record(s, actor=who.username, action=audit.SIGN_OUT, target=f"device:{device.id}")
            s.commit()
        return Response(status_code=204)

    @app.post("/api/v1/sync/push", response_model=None, responses={200: {"model": PushAnswer}, **NO_TOKEN, **TOO_LARGE})
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
            **NO_TOKEN,
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

    @app.put("/api/v1/blobs/{sha256}", status_code=201, responses={**NO_TOKEN, **TOO_LARGE})
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

    @app.get("/api/v1/blobs/{sha256}", responses=NO_TOKEN)
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

    @app.get(
        "/api/v1/content",
        responses={
            200: {"description": "the pack (JSON), its own version inside, with an ETag"},
            304: {"description": "the pack named in If-None-Match is still the one to use"},
            **NO_TOKEN,
            403: refused("team is not one of the caller's teams (audited)"),
            404: refused("no published version of that number in the caller's teams"),
        },
    )
    def content(
        request: Request,
        language: Annotated[str, Query(pattern="^(da|en)$")] = "da",
        team: Annotated[str | None, Query(max_length=36, description="one of the caller's teams")] = None,
        version: Annotated[
            str | None, Query(max_length=40, description="that version (a visit's), whatever the language")
        ] = None,
        who: Caller = Depends(caller),
        s: Session = Depends(db),
    ) -> Response:
        """The current content pack of the caller's team for ``language`` (SYNC.md,
        CONSOLE.md): ``team``'s, else the first of the caller's teams by name, else (in no
        team) the built-in one; ``version``: that exact published version of one of the
        caller's teams. 304 when ``If-None-Match`` names its ETag: one indexed query and
        no pack read."""
        if version is not None:
            served = packs.exact(s, teams=who.teams, version=version)
            if served is None:
                raise ApiError(404, f"no published content pack version {version!r} in your teams")
        else:
            if team is not None and team not in who.teams:
                request.state.principal = who  # the refusal's audit entry names the caller
                raise Forbidden("you may only fetch the content pack of your own teams")
            served = packs.current(s, teams=who.teams, language=language, team=team)
        etag = f'"{served.etag}"'
        if NOT_MODIFIED.is_not_modified(Headers({"etag": etag}), request.headers):
            return Response(status_code=304, headers={"ETag": etag})
        return Response(packs.body_of(s, served), media_type="application/json", headers={"ETag": etag})

    return app
