"""Command line of the server.

    python -m server serve --database URL --host 127.0.0.1 --port 8765
    python -m server create-team --database URL --name NAME
    python -m server create-user --database URL --username U --password-file FILE --team T [--team T2]
    python -m server revoke-device --database URL --device DEVICE_ID
    python -m server add-member --database URL --username U --team T [--leader]
    python -m server remove-member --database URL --username U --team T
    python -m server backup --database URL --out FILE [--force]
    python -m server restore --database URL FILE [--keep-copy COPY]   (with the server stopped)

``--database`` falls back to ``DATABASE_URL``, then to a SQLite file under ./server-data/.
Exit status: 0 done; 1 failed or refused (one line on stderr says why); 2 the command line
is wrong; 3 ``restore`` refused because a server process runs on the database.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import uuid
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from server.backup import BackupError, ServerRunning, backup, restore, serving
from server.config import settings_for
from server.db import make_engine, migrate
from server.delivery import forget_deliveries
from server.models import Consultant, Device, Membership, Team
from server.security import hash_password
from server.service import now_ms


class CliError(Exception):
    """A command that cannot be done as asked; the message says why."""


FAILED = 1
SERVER_RUNS = 3


def _session(database: str | None) -> Session:
    settings = settings_for(database)
    engine = make_engine(settings.database_url)
    migrate(engine)
    return Session(engine)


def create_team(database: str | None, name: str) -> str:
    name = name.strip()
    if not name:
        raise CliError("a team needs a name")
    with _session(database) as s:
        if s.scalars(select(Team).where(Team.name == name)).first() is not None:
            raise CliError(f"a team named {name!r} exists already")
        team = Team(id=str(uuid.uuid4()), name=name)
        s.add(team)
        s.commit()
        return team.id


def create_user(database: str | None, username: str, password_file: Path, teams: list[str], name: str = "") -> str:
    password = password_file.read_text(encoding="utf-8").rstrip("\r\n")
    if len(password) < 8:
        raise CliError("the password must have at least 8 characters")
    with _session(database) as s:
        found = []
        for ref in teams:
            team = s.scalars(select(Team).where(or_(Team.id == ref, Team.name == ref))).first()
            if team is None:
                raise CliError(f"no team with id or name {ref!r}")
            found.append(team)
        if s.scalars(select(Consultant).where(Consultant.username == username)).first() is not None:
            raise CliError(f"the username {username!r} is taken")
        consultant = Consultant(
            id=str(uuid.uuid4()), username=username, name=name or username, password_hash=hash_password(password)
        )
        s.add(consultant)
        s.flush()
        for team in found:
            s.add(Membership(consultant_id=consultant.id, team_id=team.id))
        s.commit()
        return consultant.id


def revoke_device(database: str | None, device_id: str) -> None:
    with _session(database) as s:
        device = s.get(Device, device_id)
        if device is None:
            raise CliError(f"no device {device_id!r}")
        device.revoked_ms = now_ms()
        s.commit()


def _find(s: Session, username: str, team_ref: str) -> tuple[Consultant, Team]:
    consultant = s.scalars(select(Consultant).where(Consultant.username == username)).first()
    if consultant is None:
        raise CliError(f"no consultant with username {username!r}")
    team = s.scalars(select(Team).where(or_(Team.id == team_ref, Team.name == team_ref))).first()
    if team is None:
        raise CliError(f"no team with id or name {team_ref!r}")
    return consultant, team


def add_member(database: str | None, username: str, team_ref: str, leader: bool = False) -> str:
    """Put a consultant in a team (or change their leader flag). Their devices are given the
    team's records at their next pull, whatever their cursor. Returns a sentence saying so."""
    with _session(database) as s:
        consultant, team = _find(s, username, team_ref)
        membership = s.get(Membership, (consultant.id, team.id))
        if membership is not None:
            membership.leader = leader
            s.commit()
            return f"{username} was in {team.name} already; leader: {'yes' if leader else 'no'}"
        s.add(Membership(consultant_id=consultant.id, team_id=team.id, leader=leader))
        forget_deliveries(s, consultant_id=consultant.id, team_id=team.id)
        s.commit()
        return f"{username} added to {team.name}{' as leader' if leader else ''}"


def remove_member(database: str | None, username: str, team_ref: str) -> str:
    """Take a consultant out of a team: from their next request their devices neither pull
    nor push its rows. Returns a sentence saying so."""
    with _session(database) as s:
        consultant, team = _find(s, username, team_ref)
        membership = s.get(Membership, (consultant.id, team.id))
        if membership is None:
            raise CliError(f"{username} is not in {team.name}")
        s.delete(membership)
        forget_deliveries(s, consultant_id=consultant.id, team_id=team.id)
        s.commit()
        return f"{username} removed from {team.name}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m server", description="The Feltmappe sync server")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP service (applies migrations first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    team = commands.add_parser("create-team", help="create a team; prints its id on the last line")
    team.add_argument("--name", required=True)
    user = commands.add_parser("create-user", help="create a consultant account in one or more teams")
    user.add_argument("--username", required=True)
    user.add_argument("--name", default="", help="the consultant's full name (default: the username)")
    user.add_argument("--password-file", required=True, type=Path)
    user.add_argument("--team", action="append", required=True, help="a team's id or name; repeat for more")
    revoke = commands.add_parser("revoke-device", help="end a paired tablet's access")
    revoke.add_argument("--device", required=True)
    add = commands.add_parser(
        "add-member", help="put a consultant in a team; their tablets get the team's records at their next sync"
    )
    add.add_argument("--username", required=True)
    add.add_argument("--team", required=True, help="the team's id or name")
    add.add_argument("--leader", action="store_true", help="mark them as the team's leader")
    remove = commands.add_parser(
        "remove-member", help="take a consultant out of a team; their tablets stop syncing its rows at once"
    )
    remove.add_argument("--username", required=True)
    remove.add_argument("--team", required=True, help="the team's id or name")
    dump = commands.add_parser(
        "backup",
        help="write a consistent copy of the database (the server may keep running)",
        description="SQLite: SQLite's online backup API; PostgreSQL: pg_dump --format=custom. "
        "The server may keep running meanwhile.",
    )
    dump.add_argument("--out", required=True, type=Path, help="the backup file to write (its folder must exist)")
    dump.add_argument("--force", action="store_true", help="replace FILE if it exists")
    load = commands.add_parser(
        "restore",
        help="replace the database with a backup and give it a new epoch; STOP THE SERVER FIRST",
        description="Replaces the whole database with FILE (made by 'backup') and gives it a new epoch, so "
        "every tablet notices and sends again what the backup lacks. Refused (exit status 3) while a "
        "server process runs on the database: stop it first, start it again afterwards. The database "
        "it replaces is first written to a copy beside FILE (<name>.before-restore-<UTC time>), "
        "which restores like any backup.",
    )
    load.add_argument("file", type=Path, help="a file made by 'python -m server backup'")
    load.add_argument(
        "--keep-copy",
        type=Path,
        default=None,
        help="where to keep the database it replaces (default: beside FILE, <name>.before-restore-<UTC time>)",
    )
    for sub in (serve, team, user, revoke, add, remove, dump, load):
        sub.add_argument("--database", default=None, help="SQLAlchemy URL (default: $DATABASE_URL or ./server-data)")
    args = parser.parse_args(argv)
    try:
        if args.command == "serve":
            import uvicorn

            from server.app import create_app

            settings = settings_for(args.database)
            # Held while it runs: a restore is refused meanwhile (server.backup.serving).
            with serving(settings.database_url):
                print(f"Feltmappe server on http://{args.host}:{args.port}", flush=True)
                uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning")
        elif args.command == "create-team":
            print(create_team(args.database, args.name))
        elif args.command == "create-user":
            print(create_user(args.database, args.username, args.password_file, args.team, args.name))
        elif args.command == "revoke-device":
            revoke_device(args.database, args.device)
            print(f"device {args.device} revoked")
        elif args.command == "add-member":
            print(add_member(args.database, args.username, args.team, args.leader))
        elif args.command == "remove-member":
            print(remove_member(args.database, args.username, args.team))
        elif args.command == "backup":
            backup(settings_for(args.database).database_url, args.out, force=args.force)
            print(f"backup written to {args.out}")
        elif args.command == "restore":
            new_epoch, copy = restore(settings_for(args.database).database_url, args.file, keep_copy=args.keep_copy)
            kept = f"the database it replaced is kept in {copy}" if copy else "there was no database to keep"
            print(f"restored from {args.file}; {kept}; the database's new epoch is {new_epoch}")
    except ServerRunning as error:
        print(f"error: {error}", file=sys.stderr)
        return SERVER_RUNS
    except (CliError, BackupError, OSError, sqlite3.Error) as error:
        print(f"error: {_one_line(str(error))}", file=sys.stderr)
        return FAILED
    except SQLAlchemyError as error:
        # The database's own first line, never the values bound to the statement.
        print(f"error: the database failed: {_one_line(str(getattr(error, 'orig', None) or error))}", file=sys.stderr)
        return FAILED
    return 0


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.strip().splitlines() if line.strip())


if __name__ == "__main__":
    sys.exit(main())
