"""The README tells the truth: every setting is documented, the two commands are given."""

from __future__ import annotations

from pathlib import Path

from settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_in_the_readme() -> None:
    for name in Settings.model_fields:
        assert f"`FELTMAPPE_{name.upper()}`" in README, f"FELTMAPPE_{name.upper()} is not in the README"


def test_the_readme_gives_the_two_commands_and_ci_runs_the_same() -> None:
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_screenshots_the_readme_shows_exist() -> None:
    for line in README.splitlines():
        for part in line.split("](")[1:]:
            target = part.split(")")[0]
            if target.startswith("docs/"):
                assert (ROOT / target).exists(), target


def test_data_folder_falls_back_to_the_packaged_apps_folder(monkeypatch: object) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    try:
        mp.delenv("FELTMAPPE_DATA_DIR", raising=False)
        mp.setenv("FLET_APP_STORAGE_DATA", "/data/app")
        assert Settings().data_dir == Path("/data/app")
        mp.delenv("FLET_APP_STORAGE_DATA")
        assert Settings().data_dir == Path(".data")
        mp.setenv("FELTMAPPE_DATA_DIR", "/elsewhere")
        assert Settings().data_dir == Path("/elsewhere")
    finally:
        mp.undo()


def test_every_server_setting_is_documented_in_the_readme() -> None:
    from server.config import ServerSettings

    for name, info in ServerSettings.model_fields.items():
        env = str(info.validation_alias) if info.validation_alias else f"FELTMAPPE_SERVER_{name.upper()}"
        assert f"`{env}`" in README, f"{env} is not in the README"


def test_the_server_commands_in_the_readme_exist() -> None:
    from server.__main__ import main

    for command in ("serve", "create-team", "create-user", "revoke-device"):
        assert f"python -m server {command}" in README
        try:
            main([command, "--help"])
        except SystemExit as done:
            assert done.code == 0
