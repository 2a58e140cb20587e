"""The admin API of ../shared/CONSOLE.md under ``/api/v1/admin/``, and ``/api/v1/password``.

Who may do what is decided here, by :class:`Principal`, in one place for the API and the
console: an ``admin`` everything; a ``leader`` the people, devices and audit of the teams
they lead (``membership.leader``), never roles, admins or other teams; a ``consultant``
their own password and devices. A request outside one's role is answered 403 with a
sentence, changes nothing, and is itself audited (action ``forbidden``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import accounts, audit
from server.accounts import AccountError, Actor
from server.answers import NO_TOKEN, Responses, refused
from server.models import Consultant, Device, Membership, Team

Role = Literal["admin", "leader", "consultant"]


# A leader's refusal for a person of their team who is in another team too.
ALSO_IN_ANOTHER_TEAM = "this person is also in a team you do not lead; only an administrator may change them"


class Forbidden(Exception):
    """Outside the caller's role: 403 with ``detail``, audited."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Missing(Exception):
    """No such team, user or device (among those the caller may see): 404."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Unstorable(Exception):
    """Text with a NUL character in a request's address, query or body: no database column
    can hold it (PostgreSQL refuses it outright), so it is refused at the door, the same on
    SQLite and PostgreSQL: 422."""


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    return False


async def refuse_nul(request: Request) -> None:
    """A dependency for the admin API and the console: raise :class:`Unstorable` when the
    path, a query value, a form value or a JSON body holds a NUL character. The body is
    read once (Starlette keeps it for the route)."""
    if (
        "\x00" in request.url.path
        or "%00" in request.url.path
        or any(_holds_nul(v) for v in request.query_params.values())
    ):
        raise Unstorable
    kind = request.headers.get("content-type", "")
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            if any(_holds_nul(v) for v in form.values() if isinstance(v, str)):
                raise Unstorable
        elif kind.startswith("application/json"):
            try:
                body = await request.json()
            except ValueError:
                return  # the route answers an unreadable body itself
            if _holds_nul(body):
                raise Unstorable


@dataclass(frozen=True)
class Principal:
    """The signed-in person: their account, role, the teams they belong to and lead."""

    user_id: str
    username: str
    role: str
    teams: frozenset[str]
    leads: frozenset[str]
    address: str = ""

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.address)

    @classmethod
    def of(cls, s: Session, user: Consultant, address: str = "") -> Principal:
        rows = s.execute(select(Membership.team_id, Membership.leader).where(Membership.consultant_id == user.id)).all()
        leads = frozenset(t for t, leader in rows if leader) if user.role in ("leader", "admin") else frozenset()
        return cls(user.id, user.username, user.role, frozenset(t for t, _ in rows), leads, address)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def require_manager(self) -> None:
        """Admins and leaders only (Forbidden otherwise)."""
        if self.role not in ("admin", "leader"):
            raise Forbidden("only an administrator or a team leader may do this")

    def may_manage_team(self, team_id: str) -> bool:
        return self.is_admin or team_id in self.leads

    def may_manage_user(self, s: Session, user: Consultant) -> bool:
        """Admins everyone; a leader the non-admins whose every team is one they lead (a
        person also in another team is that team's, and its leader's, too: resetting their
        password or deactivating them would reach into it)."""
        if self.is_admin:
            return True
        if self.role != "leader" or user.role == "admin":
            return False
        theirs = set(s.scalars(select(Membership.team_id).where(Membership.consultant_id == user.id)))
        return bool(theirs) and theirs <= self.leads

    def require_may_manage_user(self, s: Session, user: Consultant, otherwise: str) -> None:
        """Raise Forbidden unless :meth:`may_manage_user`: for a leader and a person of a
        team they lead who is also in another, :data:`ALSO_IN_ANOTHER_TEAM` (the real
        reason), else ``otherwise``."""
        if self.may_manage_user(s, user):
            return
        if self.role == "leader" and user.role != "admin":
            theirs = set(s.scalars(select(Membership.team_id).where(Membership.consultant_id == user.id)))
            if theirs & self.leads:
                raise Forbidden(ALSO_IN_ANOTHER_TEAM)
        raise Forbidden(otherwise)

    def visible_user_ids(self, s: Session) -> set[str] | None:
        """The accounts a leader may see (members of the teams they lead); None: all."""
        if self.is_admin:
            return None
        if not self.leads:
            return {self.user_id}
        return set(s.scalars(select(Membership.consultant_id).where(Membership.team_id.in_(sorted(self.leads))))) | {
            self.user_id
        }


class TeamIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)


class MemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=100)
    leader: bool = False


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=100)
    name: str = Field(default="", max_length=200)
    role: Role = "consultant"
    password: str = Field(min_length=1, max_length=1000)
    teams: list[str] = Field(default_factory=list, max_length=100)


class UserPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    active: bool | None = None


class PasswordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: str = Field(min_length=1, max_length=1000)


class OwnPasswordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    old: str = Field(min_length=1, max_length=1000)
    new: str = Field(min_length=1, max_length=1000)


ADMIN_REFUSALS: Responses = {
    **NO_TOKEN,
    403: refused("outside the caller's role or teams; changes nothing, audited"),
    404: refused("no such team, user or device (or not the caller's to see)"),
    422: refused("refused: the detail says the rule (a weak password, a taken name)"),
}
"""The refusals every admin route may answer, for /openapi.json (CONSOLE.md)."""


class MemberOut(BaseModel):
    id: str
    username: str
    name: str
    role: str


class TeamOut(BaseModel):
    id: str
    name: str
    members: list[MemberOut]


class UserOut(BaseModel):
    id: str
    username: str
    name: str
    role: str
    active: bool
    teams: list[str]


class DeviceOut(BaseModel):
    id: str
    name: str
    user: str
    created_ms: int
    last_seen_ms: int | None
    revoked_ms: int | None


class AuditOut(BaseModel):
    at_ms: int
    actor: str
    action: str
    target: str
    address: str
    detail: str


def user_answer(s: Session, user: Consultant) -> dict[str, Any]:
    teams = sorted(s.scalars(select(Membership.team_id).where(Membership.consultant_id == user.id)))
    return {
        "id": user.id,
        "username": user.username,
        "name": user.name,
        "role": user.role,
        "active": user.active,
        "teams": teams,
    }


def device_answer(device: Device) -> dict[str, Any]:
    return {
        "id": device.id,
        "name": device.name,
        "user": device.consultant_id,
        "created_ms": device.created_ms,
        "last_seen_ms": device.last_seen_ms,
        "revoked_ms": device.revoked_ms,
    }


def list_teams(s: Session, who: Principal) -> list[dict[str, Any]]:
    """The teams ``who`` may manage, each with its members (name order)."""
    who.require_manager()
    q = select(Team).order_by(Team.name)
    if not who.is_admin:
        q = q.where(Team.id.in_(sorted(who.leads) or [""]))
    out = []
    for team in s.scalars(q):
        members = s.execute(
            select(Consultant.id, Consultant.username, Consultant.name, Consultant.role)
            .join(Membership, Membership.consultant_id == Consultant.id)
            .where(Membership.team_id == team.id)
            .order_by(Consultant.username_key)
        ).all()
        out.append(
            {
                "id": team.id,
                "name": team.name,
                "members": [{"id": m.id, "username": m.username, "name": m.name, "role": m.role} for m in members],
            }
        )
    return out


def list_users(s: Session, who: Principal) -> list[dict[str, Any]]:
    """The accounts ``who`` may manage (a leader: members of the teams they lead)."""
    who.require_manager()
    q = select(Consultant).order_by(Consultant.username_key)
    visible = who.visible_user_ids(s)
    if visible is not None:
        q = q.where(Consultant.id.in_(sorted(visible)))
    memberships: dict[str, list[str]] = {}
    for consultant_id, team_id in s.execute(select(Membership.consultant_id, Membership.team_id)).all():
        memberships.setdefault(consultant_id, []).append(team_id)
    return [
        {
            "id": u.id,
            "username": u.username,
            "name": u.name,
            "role": u.role,
            "active": u.active,
            "teams": sorted(memberships.get(u.id, [])),
        }
        for u in s.scalars(q)
    ]


def list_devices(s: Session, who: Principal, user_id: str | None) -> list[dict[str, Any]]:
    """Devices, newest first: a consultant their own; a leader their members'; an admin all
    (of ``user_id`` when given)."""
    if user_id is None and who.role == "consultant":
        user_id = who.user_id
    if user_id is not None:
        user = s.get(Consultant, user_id)
        if user is None:
            raise Missing(f"no user {user_id!r}")
        if user.id != who.user_id:
            who.require_may_manage_user(s, user, "you may only see your own devices and those of the teams you lead")
        q = select(Device).where(Device.consultant_id == user.id)
    else:
        who.require_manager()
        q = select(Device)
        visible = who.visible_user_ids(s)
        if visible is not None:
            q = q.where(Device.consultant_id.in_(sorted(visible)))
    return [device_answer(d) for d in s.scalars(q.order_by(Device.created_ms.desc()))]


def audit_entries(
    s: Session,
    who: Principal,
    *,
    actor: str | None,
    action: str | None,
    target: str | None,
    since_ms: int | None,
    until_ms: int | None,
    limit: int,
) -> list[dict[str, Any]]:
    """The audit log, newest first; a leader sees the entries made by or about the members
    and teams they lead."""
    who.require_manager()
    if actor:  # the person as their account names them: "OLE" and " ole" find ole's entries
        actor = accounts.audit_name(s, actor)
    if target and target.startswith("user:"):
        target = f"user:{accounts.audit_name(s, target[5:])}"
    within = None
    if not who.is_admin:
        members = who.visible_user_ids(s) or set()
        names = sorted(s.scalars(select(Consultant.username).where(Consultant.id.in_(sorted(members)))))
        within = (names, [f"team:{t}" for t in sorted(who.leads)] + [f"user:{n}" for n in names])
    entries = audit.query(
        s,
        actor=actor,
        action=action,
        target=target,
        since_ms=since_ms,
        until_ms=until_ms,
        limit=limit,
        within=within,
    )
    return [e.answer() for e in entries]


def create_team(s: Session, who: Principal, name: str) -> Team:
    if not who.is_admin:
        raise Forbidden("only an administrator may create a team")
    return accounts.create_team(s, name, who.actor)


def _team_to_manage(s: Session, who: Principal, team_id: str) -> Team:
    who.require_manager()
    team = s.get(Team, team_id)
    if team is None or not (who.is_admin or team_id in who.leads):
        if team is not None:
            raise Forbidden("you may only change the teams you lead")
        raise Missing(f"no team {team_id!r}")
    return team


def add_member(s: Session, who: Principal, team_id: str, username: str, leader: bool) -> None:
    team = _team_to_manage(s, who, team_id)
    if leader and not who.is_admin:
        raise Forbidden("only an administrator may make someone a team leader")
    user = accounts.find_user(s, username)
    if user is None and who.is_admin:
        raise Missing(f"no user {username!r}")
    if user is not None and user.role == "admin" and not who.is_admin:
        raise Forbidden("only an administrator may change an administrator's teams")
    if user is None or not who.may_manage_user(s, user):  # a leader learns no other team's usernames
        # Else a leader could pull anyone into their team and then reset their password.
        raise Forbidden(
            "a team leader may add only people who are in teams they lead; ask an administrator to add someone else"
        )
    accounts.add_member(s, user, team, actor=who.actor, leader=leader)


def remove_member(s: Session, who: Principal, team_id: str, username: str) -> None:
    team = _team_to_manage(s, who, team_id)
    user = accounts.find_user(s, username)
    if user is None:
        raise Missing(f"no user {username!r}")
    if user.role == "admin" and not who.is_admin:
        raise Forbidden("only an administrator may change an administrator's teams")
    accounts.remove_member(s, user, team, actor=who.actor)


def create_user(s: Session, who: Principal, body: UserIn) -> Consultant:
    who.require_manager()
    if not who.is_admin:
        if body.role != "consultant":
            raise Forbidden("a team leader may create consultants only; ask an administrator for other roles")
        if not set(body.teams) <= who.leads:  # no team at all: accounts.check_teams says the rule
            raise Forbidden("a team leader may create accounts only in the teams they lead")
    teams = []
    for ref in body.teams:
        team = s.get(Team, ref) or accounts.find_team(s, ref)
        if team is None:
            raise Missing(f"no team {ref!r}")
        teams.append(team)
    return accounts.create_user(
        s,
        username=body.username,
        password=body.password,
        actor=who.actor,
        name=body.name,
        role=body.role,
        teams=tuple(teams),
    )


def _user_to_manage(s: Session, who: Principal, user_id: str) -> Consultant:
    who.require_manager()
    user = s.get(Consultant, user_id)
    if user is None:
        raise Missing(f"no user {user_id!r}")
    who.require_may_manage_user(s, user, "you may only change the people of the teams you lead")
    return user


def update_user(s: Session, who: Principal, user_id: str, patch: UserPatch) -> Consultant:
    user = _user_to_manage(s, who, user_id)
    if patch.role is not None and patch.role != user.role and not who.is_admin:
        raise Forbidden("only an administrator may change a role")
    if user.id == who.user_id and (patch.active is False or (patch.role and patch.role != user.role)):
        raise Forbidden(
            "you cannot deactivate yourself or change your own role; ask another administrator"
            if who.is_admin
            else "you cannot deactivate yourself; ask an administrator"
        )
    accounts.update_user(s, user, actor=who.actor, name=patch.name, role=patch.role, active=patch.active)
    return user


def reset_password(s: Session, who: Principal, user_id: str, password: str) -> None:
    user = _user_to_manage(s, who, user_id)
    accounts.reset_password(s, user, password, actor=who.actor)


def revoke_device(s: Session, who: Principal, device_id: str) -> None:
    device = s.get(Device, device_id)
    if device is None:
        raise Missing(f"no device {device_id!r}")
    owner = s.get(Consultant, device.consultant_id)
    if device.consultant_id != who.user_id:
        refusal = "you may only revoke your own devices and those of the teams you lead"
        if owner is None:
            raise Forbidden(refusal)
        who.require_may_manage_user(s, owner, refusal)
    accounts.revoke_device(s, device, actor=who.actor)


def admin_router(db: Callable[..., Iterator[Session]], principal: Callable[..., Principal]) -> APIRouter:
    """The routes of CONSOLE.md's admin API table. ``db`` yields a session; ``principal``
    is a dependency giving the signed-in :class:`Principal` (401 otherwise). AccountError
    becomes 422 with its sentence, Forbidden 403 (audited), Missing 404."""
    router = APIRouter(dependencies=[Depends(refuse_nul)], responses=ADMIN_REFUSALS)

    def done(s: Session) -> None:
        s.commit()

    @router.get("/api/v1/admin/teams", response_model=list[TeamOut])
    def get_teams(who: Principal = Depends(principal), s: Session = Depends(db)) -> list[dict[str, Any]]:
        return list_teams(s, who)

    @router.post("/api/v1/admin/teams", status_code=201)
    def post_team(body: TeamIn, who: Principal = Depends(principal), s: Session = Depends(db)) -> dict[str, str]:
        team = create_team(s, who, body.name)
        done(s)
        return {"id": team.id, "name": team.name}

    @router.post("/api/v1/admin/teams/{team_id}/members", status_code=204, response_class=Response)
    def post_member(
        team_id: str, body: MemberIn, who: Principal = Depends(principal), s: Session = Depends(db)
    ) -> Response:
        add_member(s, who, team_id, body.username, body.leader)
        done(s)
        return Response(status_code=204)

    @router.delete("/api/v1/admin/teams/{team_id}/members/{username}", status_code=204, response_class=Response)
    def delete_member(
        team_id: str, username: str, who: Principal = Depends(principal), s: Session = Depends(db)
    ) -> Response:
        remove_member(s, who, team_id, username)
        done(s)
        return Response(status_code=204)

    @router.get("/api/v1/admin/users", response_model=list[UserOut])
    def get_users(who: Principal = Depends(principal), s: Session = Depends(db)) -> list[dict[str, Any]]:
        return list_users(s, who)

    @router.post("/api/v1/admin/users", status_code=201)
    def post_user(body: UserIn, who: Principal = Depends(principal), s: Session = Depends(db)) -> dict[str, str]:
        user = create_user(s, who, body)
        done(s)
        return {"id": user.id}

    @router.patch("/api/v1/admin/users/{user_id}", response_model=UserOut)
    def patch_user(
        user_id: str, body: UserPatch, who: Principal = Depends(principal), s: Session = Depends(db)
    ) -> dict[str, Any]:
        user = update_user(s, who, user_id, body)
        done(s)
        return user_answer(s, user)

    @router.post("/api/v1/admin/users/{user_id}/password", status_code=204, response_class=Response)
    def post_user_password(
        user_id: str, body: PasswordIn, who: Principal = Depends(principal), s: Session = Depends(db)
    ) -> Response:
        reset_password(s, who, user_id, body.password)
        done(s)
        return Response(status_code=204)

    @router.post("/api/v1/password", status_code=204, response_class=Response)
    def post_own_password(
        body: OwnPasswordIn, who: Principal = Depends(principal), s: Session = Depends(db)
    ) -> Response:
        user = s.get(Consultant, who.user_id)
        if user is None:
            raise Missing("your account no longer exists")
        accounts.change_own_password(s, user, body.old, body.new, actor=who.actor)
        done(s)
        return Response(status_code=204)

    @router.get("/api/v1/admin/devices", response_model=list[DeviceOut])
    def get_devices(
        user: Annotated[str | None, Query(max_length=36)] = None,
        who: Principal = Depends(principal),
        s: Session = Depends(db),
    ) -> list[dict[str, Any]]:
        return list_devices(s, who, user)

    @router.post("/api/v1/admin/devices/{device_id}/revoke", status_code=204, response_class=Response)
    def post_revoke(device_id: str, who: Principal = Depends(principal), s: Session = Depends(db)) -> Response:
        revoke_device(s, who, device_id)
        done(s)
        return Response(status_code=204)

    @router.get("/api/v1/admin/audit", response_model=list[AuditOut])
    def get_audit(
        request: Request,
        actor: Annotated[str | None, Query(max_length=100)] = None,
        action: Annotated[str | None, Query(max_length=64)] = None,
        target: Annotated[str | None, Query(max_length=200)] = None,
        since_ms: Annotated[int | None, Query(ge=0, le=2**62)] = None,
        until_ms: Annotated[int | None, Query(ge=0, le=2**62)] = None,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
        who: Principal = Depends(principal),
        s: Session = Depends(db),
    ) -> list[dict[str, Any]]:
        return audit_entries(
            s,
            who,
            actor=actor or None,
            action=action or None,
            target=target or None,
            since_ms=since_ms,
            until_ms=until_ms,
            limit=limit,
        )

    return router


__all__ = ["AccountError", "Forbidden", "Missing", "Principal", "Unstorable", "admin_router", "refuse_nul"]
