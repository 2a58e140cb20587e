"""`python -m server backup` and `restore` as an IT department uses them, through the real
command line (a subprocess), on SQLite and PostgreSQL: one readable line on an error and an
exit status that says what happened (0 done, 1 failed or refused, 3 refused because a server
runs on the database), no file replaced without ``--force``, no folder made unasked, no
restore under a running server, and a copy kept of the database a restore replaces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from server.backup import restoring
from tests.server_harness import ROOT, Server, change, free_port, launch

SERVER_RUNS = 3


def run(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server", *args, "--database", database],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line_error(done: subprocess.CompletedProcess[str], status: int = 1) -> str:
    """The error a command printed: one line on stderr starting 'error: ', no traceback."""
    assert done.returncode == status, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    return lines[0]


def texts(server: Server) -> set[str]:
    ole = server.session()
    body = ole.get(f"{server.url}/api/v1/sync/pull", params={"limit": 500}, timeout=30).json()
    return {c["fields"].get("text") for c in body["changes"] if c["entity"] == "note"}


def push(server: Server, text: str) -> None:
    answer = server.session().post(
        f"{server.url}/api/v1/sync/push", json={"changes": [change(server.team, fields={"text": text})]}, timeout=30
    )
    assert answer.json()["accepted"]


def stop(server: Server) -> None:
    server.proc.terminate()
    server.proc.wait(10)


def start(server: Server, tmp_path: Path) -> None:
    server.url, server.proc = launch(server.database, tmp_path)


# -- backup --------------------------------------------------------------------------------


def test_a_backup_that_cannot_be_written_says_so_in_one_line(server: Server) -> None:
    line = one_line_error(run(server.database, "backup", "--out", "/proc/b.db"))
    assert "/proc/b.db" in line


def test_a_backup_does_not_make_a_missing_folder(server: Server, tmp_path: Path) -> None:
    out = tmp_path / "not" / "there" / "b.backup"
    line = one_line_error(run(server.database, "backup", "--out", str(out)))
    assert str(out.parent) in line and "does not exist" in line
    assert not (tmp_path / "not").exists()


def test_a_backup_replaces_a_file_only_with_force(server: Server, tmp_path: Path) -> None:
    out = tmp_path / "b.backup"
    out.write_bytes(b"last week's backup")
    line = one_line_error(run(server.database, "backup", "--out", str(out)))
    assert str(out) in line and "--force" in line
    assert out.read_bytes() == b"last week's backup"

    done = run(server.database, "backup", "--out", str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert "backup written" in done.stdout and out.read_bytes() != b"last week's backup"


# -- restore -------------------------------------------------------------------------------


def test_a_restore_is_refused_while_the_server_runs_and_changes_nothing(server: Server, tmp_path: Path) -> None:
    backup = tmp_path / "b.backup"
    assert run(server.database, "backup", "--out", str(backup)).returncode == 0
    push(server, "Efter backuppen, server kører")
    line = one_line_error(run(server.database, "restore", str(backup)), SERVER_RUNS)
    assert "server" in line and "stop" in line
    assert "Efter backuppen, server kører" in texts(server)
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name]


def test_a_restore_keeps_a_copy_of_the_database_it_replaces(server: Server, tmp_path: Path) -> None:
    backup = tmp_path / "b.backup"
    push(server, "Før backuppen")
    assert run(server.database, "backup", "--out", str(backup)).returncode == 0
    push(server, "Efter backuppen")
    stop(server)
    try:
        done = run(server.database, "restore", str(backup))
        assert done.returncode == 0, done.stderr
        # A backup is one file, and reading it back leaves nothing beside it (no -wal, -shm).
        assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(("-wal", "-shm", "-journal"))]
        [copy] = [p for p in tmp_path.iterdir() if "before-restore" in p.name]
        assert str(copy) in done.stdout
        start(server, tmp_path)
        assert "Efter backuppen" not in texts(server) and "Før backuppen" in texts(server)
        stop(server)

        # The copy is a backup like any other: restoring it brings back what was replaced.
        kept = tmp_path / "kept-by-hand.backup"
        done = run(server.database, "restore", str(copy), "--keep-copy", str(kept))
        assert done.returncode == 0, done.stderr
        assert kept.exists() and str(kept) in done.stdout
    finally:
        start(server, tmp_path)
    assert {"Før backuppen", "Efter backuppen"} <= texts(server)


@pytest.mark.parametrize("what", ["missing", "junk"])
def test_a_restore_of_no_backup_says_so_in_one_line(server: Server, tmp_path: Path, what: str) -> None:
    stop(server)
    try:
        file = tmp_path / f"{what}.backup"
        if what == "junk":
            file.write_bytes(b"not a backup at all " * 100)
        line = one_line_error(run(server.database, "restore", str(file)))
        assert str(file) in line
        assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name]
    finally:
        start(server, tmp_path)
    assert requests.get(f"{server.url}/healthz", timeout=10).ok


def test_a_server_does_not_start_while_a_restore_holds_the_database(server: Server, tmp_path: Path) -> None:
    stop(server)
    try:
        with restoring(server.database):
            done = subprocess.run(
                [sys.executable, "-m", "server", "serve", "--database", server.database, "--port", str(free_port())],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=60,
            )
        line = one_line_error(done)
        assert "restore" in line and "under way" in line
    finally:
        start(server, tmp_path)
    assert requests.get(f"{server.url}/healthz", timeout=10).ok
