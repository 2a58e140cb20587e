"""Fixtures shared by the unit tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.content import ContentPack
from storage.content import load_pack
from storage.db import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh local database in a temporary folder."""
    opened = Store(tmp_path / "x.db")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def pack_da() -> ContentPack:
    return load_pack("da").pack


@pytest.fixture(scope="session")
def pack_en() -> ContentPack:
    return load_pack("en").pack
