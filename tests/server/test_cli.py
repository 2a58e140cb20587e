"""``python -m server`` for accounts (../shared/CONSOLE.md's command line), run as an
operator runs it, on SQLite and PostgreSQL (newcomer trial, issue 11): ``create-user
--role leader --team T`` makes the person T's leader, audited; a password file that
cannot be read is said in a sentence, with no traceback and a non-zero exit status."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from server.db import normalise_url
from server.models import Audit
from tests.server_harness import PASSWORD, ROOT, Server, cli


def run(server: Server, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server", *args, "--database", server.database],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def audited(server: Server, target: str) -> list[tuple[str, str, str]]:
    """(actor, action, detail) of the audit entries about ``target``, oldest first."""
    engine = create_engine(normalise_url(server.database))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(Audit.actor, Audit.action, Audit.detail).where(Audit.target == target).order_by(Audit.id)
            ).all()
            return [(r.actor, r.action, r.detail) for r in rows]
    finally:
        engine.dispose()


def test_create_user_with_the_leader_role_and_a_team_makes_them_its_leader(server: Server, tmp_path: Path) -> None:
    """Trial: --role leader --team T made a leader of no team (the leader flag unset)."""
    name = f"l{uuid.uuid4().hex[:8]}"
    secret = tmp_path / "p.txt"
    secret.write_text(PASSWORD, encoding="utf-8")
    cli(server.database, "create-user", "--username", name, "--password-file", str(secret), "--role", "leader",
        "--team", "Jobcenter Herning")  # fmt: skip
    listed = {line.split("\t")[0]: line.split("\t") for line in run(server, "list-users").stdout.splitlines()}
    assert listed[name][1] == "leader" and listed[name][4] == "Jobcenter Herning*"  # * marks leading
    assert ("cli", "member_add", f"user={name} leader=True") in audited(server, f"team:{server.team}")


def _missing(tmp: Path) -> Path:
    return tmp / "findes-ikke.txt"


def _folder(tmp: Path) -> Path:
    return tmp


def _not_utf8(tmp: Path) -> Path:
    path = tmp / "latin1.txt"
    path.write_bytes("blåbærgrød på bordet".encode("latin-1"))
    return path


def _unreadable(tmp: Path) -> Path:
    path = tmp / "hemmelig.txt"
    path.write_text(PASSWORD, encoding="utf-8")
    path.chmod(0)
    return path


BAD_FILES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("missing", _missing, "no such file"),
    ("a folder", _folder, "it is a folder"),
    ("not UTF-8", _not_utf8, "it is not UTF-8 text"),
    ("unreadable", _unreadable, "permission denied"),
]


@pytest.mark.parametrize("command", ["create-user", "set-password"])
@pytest.mark.parametrize(("kind", "make", "why"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_password_file_that_cannot_be_read_is_said_in_a_sentence(
    server: Server, tmp_path: Path, command: str, kind: str, make: Callable[[Path], Path], why: str
) -> None:
    """Trial: a missing file printed "[Errno 2] No such file or directory: ..."."""
    if kind == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = make(tmp_path)
    team = ("--team", server.team) if command == "create-user" else ()
    username = f"k{uuid.uuid4().hex[:8]}" if command == "create-user" else "mette"
    done = run(server, command, "--username", username, "--password-file", str(path), *team)
    assert done.returncode == 1
    assert done.stderr == f"error: cannot read the password file {path}: {why}\n"
    assert "Traceback" not in done.stderr and "Errno" not in done.stderr
