"""Photos of tasks: downscaled on the tablet and stored under the SHA-256 of the JPEG."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image

from domain.errors import InvalidInput
from storage.photos import LONG_SIDE, MAX_INPUT, PhotoStore


def png(width: int, height: int, colour: tuple[int, int, int] = (30, 120, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def test_a_big_photo_becomes_a_jpeg_of_at_most_1600_px(tmp_path: Path) -> None:
    photos = PhotoStore(tmp_path / "photos")
    sha = photos.add(png(4000, 3000))
    stored = photos.read(sha)
    assert stored is not None
    assert hashlib.sha256(stored).hexdigest() == sha
    assert photos.path(sha) == tmp_path / "photos" / f"{sha}.jpg"
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (LONG_SIDE, 1200)


def test_a_portrait_photo_keeps_its_shape(tmp_path: Path) -> None:
    photos = PhotoStore(tmp_path / "photos")
    stored = photos.read(photos.add(png(900, 2400)))
    assert stored is not None
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (600, LONG_SIDE)


def test_a_small_photo_is_not_enlarged(tmp_path: Path) -> None:
    photos = PhotoStore(tmp_path / "photos")
    stored = photos.read(photos.add(png(320, 200)))
    assert stored is not None
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (320, 200)


def test_the_same_picture_is_stored_once_under_the_same_sha(tmp_path: Path) -> None:
    photos = PhotoStore(tmp_path / "photos")
    picture = png(2000, 1000)
    first, second = photos.add(picture), photos.add(picture)
    assert first == second
    assert [p.name for p in (tmp_path / "photos").iterdir()] == [f"{first}.jpg"]
    assert photos.add(png(2000, 1000, colour=(200, 40, 40))) != first


@pytest.mark.parametrize("garbage", [b"", b"not a picture at all", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40])
def test_garbage_is_refused_and_nothing_is_stored(tmp_path: Path, garbage: bytes) -> None:
    photos = PhotoStore(tmp_path / "photos")
    with pytest.raises(InvalidInput) as refused:
        photos.add(garbage)
    assert (refused.value.field, refused.value.code) == ("photo", "photo_unreadable")
    assert not (tmp_path / "photos").exists()


def test_a_photo_that_is_not_there_reads_as_none(tmp_path: Path) -> None:
    assert PhotoStore(tmp_path / "photos").read("0" * 64) is None


def test_a_file_over_40_mb_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        PhotoStore(tmp_path / "photos").add(b"\x00" * (MAX_INPUT + 1))
    assert refused.value.code == "photo_too_large"
