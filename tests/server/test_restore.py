"""Backup and restore (SYNC.md guarantee 12): `python -m server backup` copies the live
database; `restore`, with the server stopped, puts it back and gives it a new epoch, so a
tablet that synced after the backup is told its cursor is ahead. SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path

import requests

from tests.server_harness import Server, change, cli, launch


def test_a_restored_database_has_a_new_epoch_and_an_old_cursor_is_ahead(server: Server, tmp_path: Path) -> None:
    ole = server.session()
    before = change(server.team)
    assert ole.post(f"{server.url}/api/v1/sync/push", json={"changes": [before]}, timeout=10).ok
    old_epoch = ole.get(f"{server.url}/api/v1/sync/pull", timeout=10).json()["epoch"]
    backup = tmp_path / "feltmappe.backup"

    assert "backup written" in cli(server.database, "backup", "--out", str(backup))  # while the server runs

    for _ in range(3):
        answer = ole.post(f"{server.url}/api/v1/sync/push", json={"changes": [change(server.team)]}, timeout=10)
        assert answer.json()["accepted"]
    cursor = ole.get(f"{server.url}/api/v1/sync/pull", timeout=10).json()["cursor"]
    server.proc.terminate()
    server.proc.wait(10)

    assert "new epoch" in cli(server.database, "restore", str(backup))

    server.url, server.proc = launch(server.database, tmp_path)
    ole = server.session()  # a login made after the backup is gone with it
    ahead = ole.get(f"{server.url}/api/v1/sync/pull", params={"since": cursor}, timeout=10)
    assert ahead.status_code == 409 and ahead.json()["reason"] == "cursor_ahead"
    new_epoch = ahead.json()["epoch"]
    assert new_epoch != old_epoch and uuid.UUID(new_epoch)
    start_over = ole.get(f"{server.url}/api/v1/sync/pull", params={"since": 0}, timeout=10).json()
    assert start_over["epoch"] == new_epoch
    assert [c["op"] for c in start_over["changes"]] == [before["op"]]


def test_a_file_that_is_no_backup_is_refused_and_the_database_kept(server: Server, tmp_path: Path) -> None:
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup at all " * 100)
    try:
        cli(server.database, "restore", str(junk))
    except RuntimeError as error:
        assert "error:" in str(error)
    else:
        raise AssertionError("a junk file was restored")
    assert requests.get(f"{server.url}/healthz", timeout=10).ok
    assert server.session().get(f"{server.url}/api/v1/sync/pull", timeout=10).status_code == 200
