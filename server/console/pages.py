"""The console's pages at ``/console/`` (../shared/CONSOLE.md): server-rendered Jinja2
templates (``server/templates/console/``) and plain HTML forms, Danish first.

Who may do what is decided by ``server.admin`` (the functions the admin API calls), so a
page and the API refuse the same things: a :class:`Forbidden` rolls the request back, is
audited by the server's ``db`` dependency and shown as a 403 page with the sentence in the
reader's language. Every form that changes something carries the session's CSRF token
(403 without it); the sign-in form carries one bound to a cookie of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import Depends, FastAPI, Form, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine, select
from sqlalchemy.exc import DataError, DBAPIError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.export import danish_csv
from server import accounts, admin, audit
from server.accounts import AccountError, change_own_password
from server.admin import Forbidden, Missing, Principal, Unstorable, UserIn, UserPatch, refuse_nul
from server.console import sessions
from server.console.content import content_pages
from server.console.texts import LANGUAGE_COOKIE, LANGUAGES, detail, language_of, refusal, texts
from server.models import Consultant, Device, Membership
from server.security import Limit
from server.service import now_ms

SERVER = Path(__file__).resolve().parent.parent
TEMPLATES = Jinja2Templates(directory=SERVER / "templates" / "console")
BASE = "/console"
LOCAL = ZoneInfo("Europe/Copenhagen")
STALE_MS = 30 * 24 * 3600 * 1000
AUDIT_PAGE = 200
ROLE_NAMES = ("admin", "leader", "consultant")
ROLES = ", ".join(ROLE_NAMES)
AUDIT_CSV_MAX = 100_000
CSRF_REFUSED = "the form was not sent from this console page or is too old: reload the page and try again"
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
}


class _Stop(Exception):
    """Ends a request early with ``response`` (a redirect to the sign-in page)."""

    def __init__(self, response: Response) -> None:
        super().__init__("stop")
        self.response = response


@dataclass(frozen=True)
class Visitor:
    """A signed-in person on a console page: who they are (the same :class:`Principal`
    the admin API uses), their session's CSRF token and their language."""

    who: Principal
    name: str
    must_change_password: bool
    csrf: str
    language: str

    @property
    def t(self) -> dict[str, Any]:
        return texts(self.language)


def _address(request: Request) -> str:
    # As server.app.address_of: the client's own behind a proxy trusted with --forwarded-allow-ips.
    return request.client.host if request.client else "?"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _language(request: Request) -> str:
    return language_of(request.cookies.get(LANGUAGE_COOKIE))


def local_time(ms: int | None) -> str:
    """Unix milliseconds as Copenhagen time ``dd-mm-åååå tt:mm`` ("" for None)."""
    if ms is None:
        return ""
    return datetime.fromtimestamp(ms / 1000, LOCAL).strftime("%d-%m-%Y %H:%M")


def day_start_ms(day: date) -> int:
    """Midnight at the start of ``day`` in Copenhagen, in Unix milliseconds."""
    return int(datetime.combine(day, time(0), LOCAL).timestamp() * 1000)


def _redirect(path: str, **query: str) -> RedirectResponse:
    return RedirectResponse(BASE + path + (("?" + urlencode(query)) if query else ""), status_code=303)


def _render(
    request: Request, template: str, context: dict[str, Any], *, language: str, status_code: int = 200
) -> HTMLResponse:
    t = texts(language)
    done = request.query_params.get("done", "")
    page = {
        "t": t,
        "lang": language,
        "base": BASE,
        "when": local_time,
        "here": request.url.path + (("?" + request.url.query) if request.url.query else ""),
        "done": t["done"].get(done, ""),
        "visitor": None,
        "error": "",
        **context,
    }
    return TEMPLATES.TemplateResponse(request, template, page, status_code=status_code, headers=HEADERS)


def console_app(*, db: Callable[..., Iterator[Session]], engine: Engine, limits: tuple[Limit, ...]) -> FastAPI:
    """The console as an app to mount at ``/console`` in the server (``server.app``).

    ``db`` is the server's session dependency (it audits a :class:`Forbidden` raised
    through it); ``engine`` and ``limits`` are the sign-in limit's (``attempt_signin``),
    shared with ``/api/v1/login``."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, dependencies=[Depends(refuse_nul)])
    app.mount("/static", StaticFiles(directory=SERVER / "static"), name="static")

    @app.exception_handler(_Stop)
    async def _stopped(_: Request, exc: _Stop) -> Response:
        return exc.response

    def refusal_page(request: Request, heading: str, sentence: str, status_code: int) -> HTMLResponse:
        language = _language(request)
        visitor = getattr(request.state, "visitor", None)
        return _render(
            request,
            "refused.html",
            {
                "visitor": visitor,
                "heading": texts(language)["refused"][heading],
                "sentence": refusal(language, sentence),
            },
            language=language,
            status_code=status_code,
        )

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> HTMLResponse:
        return refusal_page(request, "heading", exc.detail, 403)

    @app.exception_handler(Unstorable)
    async def _unstorable(request: Request, _: Unstorable) -> HTMLResponse:
        return refusal_page(request, "error_heading", texts(_language(request))["refused"]["unstorable"], 422)

    @app.exception_handler(Missing)
    async def _missing(request: Request, exc: Missing) -> HTMLResponse:
        return refusal_page(request, "missing_heading", exc.detail, 404)

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> HTMLResponse:
        language = _language(request)
        if isinstance(exc, DataError):  # text with a NUL character (PostgreSQL), a number out of range
            return refusal_page(request, "error_heading", texts(language)["refused"]["unstorable"], 422)
        return refusal_page(request, "error_heading", texts(language)["refused"]["database"], 500)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> HTMLResponse:
        first = exc.errors()[0] if exc.errors() else {}
        field = str(next((p for p in reversed(first.get("loc", ())) if isinstance(p, str)), "?"))
        sentence = texts(_language(request))["refused"]["invalid"].format(field=field)
        return refusal_page(request, "error_heading", sentence, 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        t = texts(_language(request))["refused"]
        if exc.status_code == 404:
            return refusal_page(request, "missing_heading", t["no_page"], 404)
        return refusal_page(request, "error_heading", t["bad_request"], exc.status_code)

    def visitor(request: Request, s: Session, *, may_wait_on_password: bool = False) -> Visitor:
        """The signed-in person of this request, or a stop: to the sign-in page (no
        session, idled out, deactivated) or to the new-password page (after a reset)."""
        row, idled = sessions.find(s, request.cookies.get(sessions.COOKIE))
        user = s.get(Consultant, row.consultant_id) if row is not None else None
        if row is None or user is None or not user.active:
            if row is not None:
                s.delete(row)
            s.commit()
            stop = _redirect("/sign-in", **({"ended": "idle"} if idled else {}))
            stop.delete_cookie(sessions.COOKIE, path=BASE)
            raise _Stop(stop)
        s.commit()
        who = Principal.of(s, user, _address(request))
        request.state.principal = who  # named in the audit entry of a refusal
        found = Visitor(who, user.name, user.must_change_password, row.csrf, _language(request))
        request.state.visitor = found
        if user.must_change_password and not may_wait_on_password:
            raise _Stop(_redirect("/password"))
        return found

    def checked(request: Request, s: Session, csrf: str, **kwargs: Any) -> Visitor:
        """:func:`visitor` for a form that changes something: 403 (audited) unless it
        carries the session's CSRF token."""
        found = visitor(request, s, **kwargs)
        if not sessions.same_token(csrf, found.csrf):
            raise Forbidden(CSRF_REFUSED)
        return found

    def form_error(s: Session, error: AccountError, language: str) -> str:
        s.rollback()
        return refusal(language, str(error))

    def home(v: Visitor) -> str:
        return "/" if v.who.role in ("admin", "leader") else "/devices"

    # --- Signing in and out ------------------------------------------------------------

    def sign_in_page(
        request: Request, *, message: str = "", error: str = "", username: str = "", status_code: int = 200
    ) -> HTMLResponse:
        language = _language(request)
        token = request.cookies.get(sessions.SIGNIN_COOKIE) or sessions.new_token()
        page = _render(
            request,
            "sign_in.html",
            {"csrf": token, "message": message, "error": error, "username": username},
            language=language,
            status_code=status_code,
        )
        page.set_cookie(
            sessions.SIGNIN_COOKIE, token, path=BASE, httponly=True, samesite="strict", secure=_secure(request)
        )
        return page

    @app.get("/sign-in", response_class=HTMLResponse)
    def get_sign_in(request: Request, s: Session = Depends(db)) -> Response:
        row, _ = sessions.find(s, request.cookies.get(sessions.COOKIE))
        if row is not None:
            s.commit()
            return _redirect("/")
        t = texts(_language(request))
        ended = request.query_params.get("ended")
        message = t["sign_in"]["ended_idle"] if ended == "idle" else t["sign_in"]["signed_out"] if ended else ""
        return sign_in_page(request, message=message)

    @app.post("/sign-in", response_class=HTMLResponse)
    def post_sign_in(
        request: Request,
        username: Annotated[str, Form(max_length=100)] = "",
        password: Annotated[str, Form(max_length=1000)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        s: Session = Depends(db),
    ) -> Response:
        t = texts(_language(request))["sign_in"]
        if not sessions.same_token(csrf, request.cookies.get(sessions.SIGNIN_COOKIE)):
            return sign_in_page(request, error=t["form_expired"], username=username, status_code=403)
        address = _address(request)
        try:
            user = accounts.sign_in(
                s, engine, limits, username=username, password=password, address=address, target="console"
            )
        except accounts.SignInRefused as refused:
            error, status = {"throttled": ("throttled", 429), "wrong": ("wrong", 401)}.get(
                refused.reason, ("deactivated", 403)
            )
            return sign_in_page(request, error=t[error], username=username, status_code=status)
        session_id = sessions.start(s, consultant_id=user.id)
        audit.record(s, actor=user.username, action=audit.SIGN_IN, target="console", address=address)
        s.commit()
        answer = _redirect("/password" if user.must_change_password else "/")
        answer.set_cookie(
            sessions.COOKIE, session_id, path=BASE, httponly=True, samesite="strict", secure=_secure(request)
        )
        answer.delete_cookie(sessions.SIGNIN_COOKIE, path=BASE)
        return answer

    @app.post("/sign-out")
    def post_sign_out(
        request: Request, csrf: Annotated[str, Form(max_length=100)] = "", s: Session = Depends(db)
    ) -> Response:
        v = checked(request, s, csrf, may_wait_on_password=True)
        sessions.end(s, request.cookies.get(sessions.COOKIE))
        audit.record(s, actor=v.who.username, action=audit.SIGN_OUT, target="console", address=v.who.address)
        s.commit()
        answer = _redirect("/sign-in", ended="signed_out")
        answer.delete_cookie(sessions.COOKIE, path=BASE)
        return answer

    @app.get("/language/{language}")
    def get_language(request: Request, language: str, next: str = "/console/") -> Response:
        """Switch the console's language (a cookie) and go back to the page it came from."""
        back = next if next.startswith(BASE + "/") and not next.startswith("//") else BASE + "/"
        answer = RedirectResponse(back, status_code=303)
        if language in LANGUAGES:
            answer.set_cookie(
                LANGUAGE_COOKIE,
                language,
                path=BASE,
                max_age=365 * 24 * 3600,
                samesite="strict",
                httponly=True,
                secure=_secure(request),
            )
        return answer

    # --- Overview ------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    def get_overview(request: Request, s: Session = Depends(db)) -> Response:
        v = visitor(request, s)
        if v.who.role not in ("admin", "leader"):
            return _redirect(home(v))
        teams = admin.list_teams(s, v.who)
        people = admin.list_users(s, v.who)
        names = {p["id"]: p["username"] for p in people}
        now = now_ms()
        stale = [
            {**d, "person": names.get(d["user"], "?")}
            for d in admin.list_devices(s, v.who, None)
            if d["revoked_ms"] is None and now - (d["last_seen_ms"] or d["created_ms"]) > STALE_MS
        ]
        failed = admin.audit_entries(
            s,
            v.who,
            actor=None,
            action=audit.SIGN_IN_FAILED,
            target=None,
            since_ms=day_start_ms(datetime.now(LOCAL).date()),
            until_ms=None,
            limit=10_000,
        )
        return _render(
            request,
            "overview.html",
            {
                "visitor": v,
                "teams": teams,
                "active": sum(1 for p in people if p["active"]),
                "inactive": sum(1 for p in people if not p["active"]),
                "stale": stale,
                "failed": failed,
            },
            language=v.language,
        )

    # --- Teams and members -----------------------------------------------------------------

    def teams_page(request: Request, s: Session, v: Visitor, *, error: str = "", status_code: int = 200) -> Response:
        teams = admin.list_teams(s, v.who)
        leaders = {
            (c, t)
            for c, t in s.execute(
                select(Membership.consultant_id, Membership.team_id).where(
                    Membership.leader.is_(True), Membership.team_id.in_([t["id"] for t in teams] or [""])
                )
            ).all()
        }
        for team in teams:
            for member in team["members"]:
                member["leader"] = (member["id"], team["id"]) in leaders
        return _render(
            request,
            "teams.html",
            {"visitor": v, "teams": teams, "people": admin.list_users(s, v.who), "error": error},
            language=v.language,
            status_code=status_code,
        )

    @app.get("/teams", response_class=HTMLResponse)
    def get_teams(request: Request, s: Session = Depends(db)) -> Response:
        return teams_page(request, s, visitor(request, s))

    @app.post("/teams", response_class=HTMLResponse)
    def post_team(
        request: Request,
        name: Annotated[str, Form(max_length=200)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        try:
            admin.create_team(s, v.who, name)
        except AccountError as error:
            return teams_page(request, s, v, error=form_error(s, error, v.language), status_code=422)
        s.commit()
        return _redirect("/teams", done="team_created")

    @app.post("/teams/{team_id}/members", response_class=HTMLResponse)
    def post_member(
        request: Request,
        team_id: str,
        username: Annotated[str, Form(max_length=100)] = "",
        leader: Annotated[str, Form(max_length=10)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        try:
            admin.add_member(s, v.who, team_id, username, leader == "1")
        except AccountError as error:
            return teams_page(request, s, v, error=form_error(s, error, v.language), status_code=422)
        s.commit()
        return _redirect("/teams", done="member_added")

    @app.post("/teams/{team_id}/leader", response_class=HTMLResponse)
    def post_leader(
        request: Request,
        team_id: str,
        username: Annotated[str, Form(max_length=100)] = "",
        leader: Annotated[str, Form(max_length=10)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        if not v.who.is_admin:
            raise Forbidden("only an administrator may make someone a team leader")
        try:
            admin.add_member(s, v.who, team_id, username, leader == "1")
        except AccountError as error:
            return teams_page(request, s, v, error=form_error(s, error, v.language), status_code=422)
        s.commit()
        return _redirect("/teams", done="leader_changed")

    @app.post("/teams/{team_id}/members/remove", response_class=HTMLResponse)
    def post_remove_member(
        request: Request,
        team_id: str,
        username: Annotated[str, Form(max_length=100)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        try:
            admin.remove_member(s, v.who, team_id, username)
        except AccountError as error:
            return teams_page(request, s, v, error=form_error(s, error, v.language), status_code=422)
        s.commit()
        return _redirect("/teams", done="member_removed")

    # --- People --------------------------------------------------------------------------

    def people_page(
        request: Request, s: Session, v: Visitor, *, error: str = "", form: dict[str, Any] | None = None
    ) -> Response:
        people = admin.list_users(s, v.who)
        teams = admin.list_teams(s, v.who)
        team_names = {t["id"]: t["name"] for t in teams}
        for person in people:
            person["team_names"] = [team_names[t] for t in person["teams"] if t in team_names]
        return _render(
            request,
            "people.html",
            {"visitor": v, "people": people, "teams": teams, "error": error, "form": form or {}},
            language=v.language,
            status_code=422 if error else 200,
        )

    @app.get("/people", response_class=HTMLResponse)
    def get_people(request: Request, s: Session = Depends(db)) -> Response:
        return people_page(request, s, visitor(request, s))

    @app.post("/people", response_class=HTMLResponse)
    def post_person(
        request: Request,
        username: Annotated[str, Form(max_length=100)] = "",
        name: Annotated[str, Form(max_length=200)] = "",
        role: Annotated[str, Form(max_length=16)] = "consultant",
        password: Annotated[str, Form(max_length=1000)] = "",
        teams: Annotated[list[str] | None, Form(max_length=100)] = None,
        csrf: Annotated[str, Form(max_length=100)] = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        teams = teams or []
        form = {"username": username, "name": name, "role": role, "teams": teams}
        if role not in ROLE_NAMES:
            return people_page(
                request, s, v, error=refusal(v.language, f"unknown role {role!r}: one of {ROLES}"), form=form
            )
        try:
            user = admin.create_user(
                s,
                v.who,
                UserIn.model_validate(
                    {
                        "username": username or " ",
                        "name": name,
                        "role": role,
                        "password": password or " ",
                        "teams": teams,
                    }
                ),
            )
        except AccountError as error:
            return people_page(request, s, v, error=form_error(s, error, v.language), form=form)
        s.commit()
        return RedirectResponse(f"{BASE}/people/{user.id}?done=user_created", status_code=303)

    def person_to_manage(s: Session, v: Visitor, user_id: str) -> Consultant:
        v.who.require_manager()
        user = s.get(Consultant, user_id)
        if user is None:
            raise Missing(f"no user {user_id!r}")
        v.who.require_may_manage_user(s, user, "you may only change the people of the teams you lead")
        return user

    def person_page(request: Request, s: Session, v: Visitor, user: Consultant, *, error: str = "") -> Response:
        return _render(
            request,
            "person.html",
            {"visitor": v, "person": admin.user_answer(s, user), "error": error},
            language=v.language,
            status_code=422 if error else 200,
        )

    @app.get("/people/{user_id}", response_class=HTMLResponse)
    def get_person(request: Request, user_id: str, s: Session = Depends(db)) -> Response:
        v = visitor(request, s)
        return person_page(request, s, v, person_to_manage(s, v, user_id))

    @app.post("/people/{user_id}", response_class=HTMLResponse)
    def post_person_details(
        request: Request,
        user_id: str,
        name: Annotated[str, Form(max_length=200)] = "",
        role: Annotated[str, Form(max_length=16)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        user = person_to_manage(s, v, user_id)
        try:
            if role and role not in ROLE_NAMES:
                raise AccountError(f"unknown role {role!r}: one of {ROLES}")
            admin.update_user(
                s,
                v.who,
                user_id,
                UserPatch.model_construct(name=name, role=role or None, active=None),  # a blank name is refused
            )
        except AccountError as error:
            return person_page(request, s, v, user, error=form_error(s, error, v.language))
        s.commit()
        return RedirectResponse(f"{BASE}/people/{user_id}?done=user_saved", status_code=303)

    @app.post("/people/{user_id}/password", response_class=HTMLResponse)
    def post_person_password(
        request: Request,
        user_id: str,
        password: Annotated[str, Form(max_length=1000)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        user = person_to_manage(s, v, user_id)
        try:
            admin.reset_password(s, v.who, user_id, password)
        except AccountError as error:
            return person_page(request, s, v, user, error=form_error(s, error, v.language))
        s.commit()
        return RedirectResponse(f"{BASE}/people/{user_id}?done=password_reset", status_code=303)

    @app.post("/people/{user_id}/active", response_class=HTMLResponse)
    def post_person_active(
        request: Request,
        user_id: str,
        active: Annotated[str, Form(max_length=10)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        if active not in ("0", "1"):  # only the page's two buttons: never a guess
            return refusal_page(request, "error_heading", v.t["refused"]["invalid"].format(field="active"), 422)
        admin.update_user(s, v.who, user_id, UserPatch(active=active == "1"))  # ends their sessions too
        s.commit()
        done = "activated" if active == "1" else "deactivated"
        return RedirectResponse(f"{BASE}/people/{user_id}?done={done}", status_code=303)

    # --- Devices -------------------------------------------------------------------------

    @app.get("/devices", response_class=HTMLResponse)
    def get_devices(
        request: Request, user: Annotated[str, Query(max_length=36)] = "", s: Session = Depends(db)
    ) -> Response:
        v = visitor(request, s)
        manager = v.who.role in ("admin", "leader")
        people = admin.list_users(s, v.who) if manager else []
        names = {p["id"]: p["username"] for p in people} | {v.who.user_id: v.who.username}
        devices = admin.list_devices(s, v.who, user or None)
        for device in devices:
            device["person"] = names.get(device["user"], "?")
        return _render(
            request,
            "devices.html",
            {"visitor": v, "devices": devices, "people": people, "manager": manager, "chosen": user},
            language=v.language,
        )

    def device_to_revoke(s: Session, v: Visitor, device_id: str) -> tuple[Device, str]:
        device = s.get(Device, device_id)
        if device is None:
            raise Missing(f"no device {device_id!r}")
        owner = s.get(Consultant, device.consultant_id)
        if device.consultant_id != v.who.user_id:
            refusal = "you may only revoke your own devices and those of the teams you lead"
            if owner is None:
                raise Forbidden(refusal)
            v.who.require_may_manage_user(s, owner, refusal)
        return device, owner.username if owner else "?"

    @app.get("/devices/{device_id}/revoke", response_class=HTMLResponse)
    def get_revoke(request: Request, device_id: str, s: Session = Depends(db)) -> Response:
        v = visitor(request, s)
        device, person = device_to_revoke(s, v, device_id)
        return _render(request, "revoke.html", {"visitor": v, "device": device, "person": person}, language=v.language)

    @app.post("/devices/{device_id}/revoke", response_class=HTMLResponse)
    def post_revoke(
        request: Request,
        device_id: str,
        csrf: Annotated[str, Form(max_length=100)] = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf)
        device = s.get(Device, device_id)
        admin.revoke_device(s, v.who, device_id)
        s.commit()
        owner = device.consultant_id if device is not None and device.consultant_id != v.who.user_id else ""
        return _redirect("/devices", done="device_revoked", **({"user": owner} if owner else {}))

    # --- Audit log -----------------------------------------------------------------------

    @dataclass(frozen=True)
    class AuditFilter:
        actor: str
        action: str
        target: str
        since: str
        until: str

        def problem(self, t: dict[str, str]) -> str:
            """What is wrong with the filter, in the page's words ("" when nothing): a date
            not written yyyy-mm-dd, an action not in the list."""
            if any(d and _date_ms(d, 0) is None for d in (self.since, self.until)):
                return t["bad_date"]
            if self.action and self.action not in audit.ACTIONS:
                return t["bad_action"]
            return ""

        def query(self, teams: dict[str, str]) -> dict[str, Any]:
            """The filters as ``admin.audit_entries`` takes them. A target without a kind is
            a team's name (``teams``: name case-folded -> id) or else a username."""
            target = self.target.strip()
            if target and ":" not in target:
                team = teams.get(target.casefold())
                target = f"team:{team}" if team else f"user:{target}"
            return {
                "actor": self.actor.strip() or None,
                "action": self.action if self.action in audit.ACTIONS else None,
                "target": target or None,
                "since_ms": _date_ms(self.since, 0),
                "until_ms": _date_ms(self.until, 1),
            }

    def audit_filter(
        actor: Annotated[str, Query(max_length=100)] = "",
        action: Annotated[str, Query(max_length=64)] = "",
        target: Annotated[str, Query(max_length=200)] = "",
        since: Annotated[str, Query(max_length=10)] = "",
        until: Annotated[str, Query(max_length=10)] = "",
    ) -> AuditFilter:
        return AuditFilter(actor, action, target, since, until)

    @app.get("/audit", response_class=HTMLResponse)
    def get_audit(request: Request, f: AuditFilter = Depends(audit_filter), s: Session = Depends(db)) -> Response:
        v = visitor(request, s)
        problem = f.problem(v.t["audit"])
        team_names = {t["id"]: t["name"] for t in admin.list_teams(s, v.who)}
        entries = admin.audit_entries(s, v.who, **f.query(_team_ids(team_names)), limit=AUDIT_PAGE)
        return _render(
            request,
            "audit.html",
            {
                "visitor": v,
                "entries": [
                    {
                        **e,
                        "shown_target": _shown_target(e["target"], team_names),
                        "shown_detail": detail(v.language, e["detail"]),
                    }
                    for e in entries
                ],
                "filter": f,
                "actions": audit.ACTIONS,
                "page_size": AUDIT_PAGE,
                "csv_query": urlencode(
                    {k: getattr(f, k) for k in ("actor", "action", "target", "since", "until") if getattr(f, k)}
                ),
                "error": problem,
            },
            language=v.language,
        )

    @app.get("/audit.csv")
    def get_audit_csv(request: Request, f: AuditFilter = Depends(audit_filter), s: Session = Depends(db)) -> Response:
        v = visitor(request, s)
        problem = f.problem(v.t["audit"])
        if problem:  # never the whole log for a filter the page refused
            return refusal_page(request, "error_heading", problem, 422)
        team_names = {t["id"]: t["name"] for t in admin.list_teams(s, v.who)}
        entries = admin.audit_entries(s, v.who, **f.query(_team_ids(team_names)), limit=AUDIT_CSV_MAX)
        t = v.t["audit"]
        header = [t["at"], t["person"], t["action"], t["target"], t["address"], t["detail"]]
        rows = (
            [
                datetime.fromtimestamp(e["at_ms"] / 1000, LOCAL).strftime("%d-%m-%Y %H:%M:%S"),
                e["actor"],
                v.t["actions"].get(e["action"], e["action"]),
                _shown_target(e["target"], team_names),
                e["address"],
                detail(v.language, e["detail"]),
            ]
            for e in entries
        )
        name = f"feltmappe-{t['file']}-{datetime.now(LOCAL).strftime('%Y%m%d-%H%M')}.csv"
        return Response(
            danish_csv(header, rows),
            media_type="text/csv; charset=utf-8",
            headers={**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'},
        )

    # --- Own password --------------------------------------------------------------------

    def password_page(request: Request, v: Visitor, *, error: str = "", status_code: int = 200) -> Response:
        return _render(
            request,
            "password.html",
            {"visitor": v, "forced": v.must_change_password, "error": error},
            language=v.language,
            status_code=status_code,
        )

    @app.get("/password", response_class=HTMLResponse)
    def get_password(request: Request, s: Session = Depends(db)) -> Response:
        return password_page(request, visitor(request, s, may_wait_on_password=True))

    @app.post("/password", response_class=HTMLResponse)
    def post_password(
        request: Request,
        current: Annotated[str, Form(max_length=1000)] = "",
        new: Annotated[str, Form(max_length=1000)] = "",
        repeat: Annotated[str, Form(max_length=1000)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
        s: Session = Depends(db),
    ) -> Response:
        v = checked(request, s, csrf, may_wait_on_password=True)
        if new != repeat:
            return password_page(request, v, error=v.t["password"]["mismatch"], status_code=422)
        try:
            user = s.get(Consultant, v.who.user_id)
            if user is None:
                raise Missing("your account no longer exists")
            change_own_password(s, user, current, new, actor=v.who.actor)
        except AccountError as error:
            return password_page(request, v, error=form_error(s, error, v.language), status_code=422)
        s.commit()
        return _redirect(home(v), done="password_changed")

    content_pages(app, db=db, visitor=visitor, checked=checked, render=_render)

    for route in app.routes:  # a link checker's or a monitor's HEAD gets the page's headers, not 405
        if isinstance(route, APIRoute) and route.methods and "GET" in route.methods:
            route.methods.add("HEAD")
    return app


def _date_ms(text: str, days_after: int) -> int | None:
    """``åååå-mm-dd`` as the Copenhagen midnight that starts it (``days_after`` days
    later); None for an empty or unreadable date."""
    try:
        return day_start_ms(date.fromisoformat(text) + timedelta(days=days_after)) if text else None
    except ValueError:
        return None


def _team_ids(team_names: dict[str, str]) -> dict[str, str]:
    return {name.casefold(): team_id for team_id, name in team_names.items()}


def _shown_target(target: str, team_names: dict[str, str]) -> str:
    """``team:<id>`` as ``team: <name>`` for the teams in ``team_names`` (id -> name)."""
    kind, _, ref = target.partition(":")
    return f"team: {team_names[ref]}" if kind == "team" and ref in team_names else target
