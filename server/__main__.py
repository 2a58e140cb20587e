"""Command line of the server.

    python -m server serve --database URL --host 127.0.0.1 --port 8765
    python -m server create-team --database URL --name NAME
    python -m server create-user --database URL --username U --password-file FILE --team T [--team T2]
        [--name NAME] [--role admin|leader|consultant]
    python -m server set-password --database URL --username U --password-file FILE
    python -m server deactivate-user --database URL --username U
    python -m server list-users --database URL
    python -m server list-devices --database URL [--username U]
    python -m server revoke-device --database URL --device DEVICE_ID
    python -m server add-member --database URL --username U --team T [--leader]
    python -m server remove-member --database URL --username U --team T
    python -m server backup --database URL --out FILE [--force]
    python -m server restore --database URL FILE [--keep-copy COPY]   (with the server stopped)

Every change is written to the audit log with actor ``cli``. ``--database`` falls back to
``DATABASE_URL``, then to a SQLite file under ./server-data/.
Exit status: 0 done; 1 failed or refused (one line on stderr says why); 2 the command line
is wrong; 3 ``restore`` refused because a server process runs on the database.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from server import accounts
from server.accounts import CLI_ACTOR, AccountError
from server.backup import BackupError, ServerRunning, backup, restore, serving
from server.config import settings_for
from server.db import make_engine, migrate
from server.models import Consultant, Device, Membership, Team


class CliError(Exception):
    """A command that cannot be done as asked; the message says why."""


FAILED = 1
SERVER_RUNS = 3


def _session(database: str | None) -> Session:
    settings = settings_for(database)
    engine = make_engine(settings.database_url)
    migrate(engine)
    return Session(engine)


def _team(s: Session, ref: str) -> Team:
    team = accounts.find_team(s, ref)
    if team is None:
        raise CliError(f"no team with id or name {ref!r}")
    return team


def _user(s: Session, username: str) -> Consultant:
    user = accounts.find_user(s, username)
    if user is None:
        raise CliError(f"no account with username {username!r}")
    return user


def _password(password_file: Path) -> str:
    """The password in ``password_file`` (UTF-8; a line end after it is dropped). Raises
    CliError with a sentence when it cannot be read: "cannot read the password file F: no
    such file" (or "it is a folder", "permission denied", "it is not UTF-8 text")."""
    try:
        return password_file.read_text(encoding="utf-8").rstrip("\r\n")
    except FileNotFoundError:
        why = "no such file"
    except IsADirectoryError:
        why = "it is a folder"
    except PermissionError:
        why = "permission denied"
    except UnicodeDecodeError:
        why = "it is not UTF-8 text"
    except OSError as error:
        why = (error.strerror or str(error)).lower()
    raise CliError(f"cannot read the password file {password_file}: {why}")


def create_team(database: str | None, name: str) -> str:
    """A new team; returns its id. Raises CliError if the name is empty or taken."""
    with _session(database) as s:
        try:
            team = accounts.create_team(s, name, CLI_ACTOR)
        except AccountError as error:
            raise CliError(str(error)) from error
        s.commit()
        return team.id


def create_user(
    database: str | None,
    username: str,
    password_file: Path,
    teams: list[str],
    name: str = "",
    role: str = "consultant",
) -> str:
    """A new account in ``teams`` (ids or names; a ``leader`` leads them); returns its id.
    The operator chose the password (the first admin, or their own account), so it is not
    asked to be changed at the first sign-in. Raises CliError for an unreadable password
    file, an unknown team, a taken username (compared trimmed, NFC, case-folded), a
    consultant or leader in no team, or a weak password."""
    password = _password(password_file)
    with _session(database) as s:
        found = tuple(_team(s, ref) for ref in teams)
        try:
            user = accounts.create_user(
                s,
                username=username,
                password=password,
                actor=CLI_ACTOR,
                name=name,
                role=role,
                teams=found,
                must_change_password=False,
            )
        except AccountError as error:
            raise CliError(str(error)) from error
        s.commit()
        return user.id


def revoke_device(database: str | None, device_id: str) -> None:
    with _session(database) as s:
        device = s.get(Device, device_id)
        if device is None:
            raise CliError(f"no device {device_id!r}")
        accounts.revoke_device(s, device, actor=CLI_ACTOR)
        s.commit()


def add_member(database: str | None, username: str, team_ref: str, leader: bool = False) -> str:
    """Put a consultant in a team (or change their leader flag). Their devices are given the
    team's records at their next pull, whatever their cursor. Returns a sentence saying so."""
    with _session(database) as s:
        said = accounts.add_member(s, _user(s, username), _team(s, team_ref), actor=CLI_ACTOR, leader=leader)
        s.commit()
        return said


def remove_member(database: str | None, username: str, team_ref: str) -> str:
    """Take a consultant out of a team: from their next request their devices neither pull
    nor push its rows. Returns a sentence saying so."""
    with _session(database) as s:
        try:
            said = accounts.remove_member(s, _user(s, username), _team(s, team_ref), actor=CLI_ACTOR)
        except AccountError as error:
            raise CliError(str(error)) from error
        s.commit()
        return said


def set_password(database: str | None, username: str, password_file: Path) -> str:
    """Reset an account's password: they choose a new one at their next sign-in, and their
    devices are revoked. Returns a sentence saying so."""
    with _session(database) as s:
        user = _user(s, username)
        try:
            revoked = accounts.reset_password(s, user, _password(password_file), actor=CLI_ACTOR)
        except AccountError as error:
            raise CliError(str(error)) from error
        s.commit()
        return f"password of {user.username} reset; {revoked} device(s) revoked; a new one is asked at next sign-in"


def deactivate_user(database: str | None, username: str) -> str:
    """End a departing person's access in one step: sign-ins refused, every device revoked."""
    with _session(database) as s:
        user = _user(s, username)
        accounts.update_user(s, user, actor=CLI_ACTOR, active=False)
        s.commit()
        return f"{user.username} deactivated; every device of theirs is revoked"


def list_users(database: str | None) -> list[str]:
    """One line per account: username, role, active or not, name, teams (a * marks leading)."""
    with _session(database) as s:
        teams = {t.id: t.name for t in s.scalars(select(Team))}
        lines = []
        for user in s.scalars(select(Consultant).order_by(Consultant.username_key)):
            memberships = s.scalars(select(Membership).where(Membership.consultant_id == user.id)).all()
            names = sorted(teams[m.team_id] + ("*" if m.leader else "") for m in memberships)
            state = "active" if user.active else "deactivated"
            lines.append(f"{user.username}\t{user.role}\t{state}\t{user.name}\t{', '.join(names)}")
        return lines


def list_devices(database: str | None, username: str | None = None) -> list[str]:
    """One line per device (of ``username`` if given): id, owner, name, created, last seen,
    revoked (UTC times, marked so)."""
    with _session(database) as s:
        q = select(Device, Consultant.username).join(Consultant, Consultant.id == Device.consultant_id)
        if username:
            q = q.where(Device.consultant_id == _user(s, username).id)
        lines = []
        for device, owner in s.execute(q.order_by(Consultant.username_key, Device.created_ms)).all():
            lines.append(
                f"{device.id}\t{owner}\t{device.name}\tcreated {_when(device.created_ms)}"
                f"\tlast seen {_when(device.last_seen_ms)}\trevoked {_when(device.revoked_ms)}"
            )
        return lines


def _when(ms: int | None) -> str:
    return "-" if ms is None else datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m server", description="The Feltmappe sync server")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP service (applies migrations first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="addresses of reverse proxies trusted to give the client's address (X-Forwarded-For), "
        "comma-separated; the rate limit and the audit log then see the consultant's address",
    )
    team = commands.add_parser("create-team", help="create a team; prints its id on the last line")
    team.add_argument("--name", required=True)
    user = commands.add_parser("create-user", help="create an account (a consultant, a team leader or an admin)")
    user.add_argument("--username", required=True)
    user.add_argument("--name", default="", help="the person's full name (default: the username)")
    user.add_argument(
        "--password-file", required=True, type=Path, help="a file holding the password (12 characters or more)"
    )
    user.add_argument(
        "--team",
        action="append",
        default=[],
        help="a team's id or name; repeat for more (an admin may have none; a leader leads them)",
    )
    user.add_argument("--role", choices=accounts.ROLES, default="consultant")
    password = commands.add_parser(
        "set-password", help="reset an account's password: a new one is asked at next sign-in; devices revoked"
    )
    password.add_argument("--username", required=True)
    password.add_argument("--password-file", required=True, type=Path)
    deactivate = commands.add_parser(
        "deactivate-user", help="end a departing person's access: sign-ins refused, every device revoked"
    )
    deactivate.add_argument("--username", required=True)
    users = commands.add_parser("list-users", help="list the accounts: username, role, state, name, teams")
    devices = commands.add_parser("list-devices", help="list the paired devices, with last seen and revoked")
    devices.add_argument("--username", default=None, help="only this person's devices")
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
    for sub in (serve, team, user, password, deactivate, users, devices, revoke, add, remove, dump, load):
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
                uvicorn.run(
                    create_app(settings),
                    host=args.host,
                    port=args.port,
                    log_level="warning",
                    proxy_headers=args.forwarded_allow_ips is not None,
                    forwarded_allow_ips=args.forwarded_allow_ips,
                )
        elif args.command == "create-team":
            print(create_team(args.database, args.name))
        elif args.command == "create-user":
            print(create_user(args.database, args.username, args.password_file, args.team, args.name, args.role))
        elif args.command == "set-password":
            print(set_password(args.database, args.username, args.password_file))
        elif args.command == "deactivate-user":
            print(deactivate_user(args.database, args.username))
        elif args.command == "list-users":
            print("\n".join(list_users(args.database)))
        elif args.command == "list-devices":
            print("\n".join(list_devices(args.database, args.username)))
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
