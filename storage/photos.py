"""Photos of tasks: downscaled on the tablet, stored by the SHA-256 of their bytes.

A photo is kept as JPEG at most 1600 px on its long side in ``<data>/photos/<sha>.jpg``;
records refer to it by the hash, which is also how it travels as a blob when syncing.

Phones take pictures of up to 200 megapixels; decoded whole, one is 800 MB in memory.
A JPEG is therefore decoded at a reduced size (``Image.draft``: 1/2, 1/4 or 1/8, still at
least twice the size kept) and then scaled down with ``reducing_gap``. What would still
need more than :data:`DECODE_BUDGET` pixels at once (a PNG has no reduced decoding; a
progressive JPEG is held whole by libjpeg while it is decoded) is refused before it is
decoded, as is a file over :data:`MAX_INPUT` bytes. Pillow's
decompression-bomb guard stays the hard stop: past :data:`MAX_PIXELS` it refuses the
header before anything is decoded. Every refusal is an :class:`InvalidInput` the screen
shows in words; nothing of a refused photo is stored.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import os
import warnings
from pathlib import Path

from PIL import Image, ImageOps

from domain.errors import InvalidInput

LONG_SIDE = 1600
MAX_INPUT = 40 * 1024 * 1024
MAX_PIXELS = 2**28
"""≈ 268 megapixels: larger than any camera's picture, so only a made-up file is refused by
Pillow's guard (Image.MAX_IMAGE_PIXELS, which warns above half of it and refuses above it)."""
DECODE_BUDGET = 50_000_000
"""The most pixels decoded at once (≈ 200 MB at Pillow's four bytes a pixel): a 48-megapixel
picture in any format, a 200-megapixel JPEG decoded at a quarter of its size."""
_GAP = 2  # decode at least twice the size kept, so downscaling stays sharp

log = logging.getLogger(__name__)

if Image.MAX_IMAGE_PIXELS is not None and 2 * Image.MAX_IMAGE_PIXELS < MAX_PIXELS:
    # Pillow's default refuses above 179 megapixels, a 200-megapixel phone picture among
    # them; memory is kept in bounds by DECODE_BUDGET instead.
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS // 2


class _TooLarge(Exception):
    def __init__(self, megapixels: int) -> None:
        super().__init__(f"{megapixels} megapixels to decode")
        self.megapixels = megapixels


def _decoded_small(data: bytes) -> Image.Image:
    """The picture in ``data`` as RGB, at most LONG_SIDE on its long side and turned the way
    the camera held it, decoded within DECODE_BUDGET pixels. Raises :class:`_TooLarge`, or
    whatever Pillow raises for a file it cannot read (Image.DecompressionBombError past
    MAX_PIXELS)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # DECODE_BUDGET decides
        opened = Image.open(io.BytesIO(data))
    with opened:
        width, height = opened.size
        scale = min(1.0, LONG_SIDE / max(width, height, 1))
        if opened.format == "JPEG" and opened.info.get("progressive") and width * height > DECODE_BUDGET:
            # libjpeg keeps every coefficient of a progressive picture while it decodes it,
            # however small the draft: 600 MB and more for a 200-megapixel one.
            raise _TooLarge(round(width * height / 1_000_000))
        opened.draft("RGB", (math.ceil(width * scale * _GAP), math.ceil(height * scale * _GAP)))  # JPEG only
        if opened.size[0] * opened.size[1] > DECODE_BUDGET:
            raise _TooLarge(round(width * height / 1_000_000))
        opened.thumbnail((LONG_SIDE, LONG_SIDE), reducing_gap=float(_GAP))
        return ImageOps.exif_transpose(opened).convert("RGB")


class PhotoStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, sha: str) -> Path:
        return self.folder / f"{sha}.jpg"

    def add(self, data: bytes) -> str:
        """Downscale and store a picture (the bytes of a file in any format Pillow reads);
        returns the SHA-256 (hex) of the JPEG kept. Raises :class:`InvalidInput` for the
        field ``photo`` and stores nothing: ``photo_too_large`` (over MAX_INPUT bytes),
        ``photo_too_many_pixels`` (more than DECODE_BUDGET pixels to decode; ``megapixels``
        gives the picture's size), ``photo_over_pixel_limit`` (past MAX_PIXELS, Pillow's
        guard; ``limit`` in megapixels) or ``photo_unreadable``."""
        if len(data) > MAX_INPUT:
            raise InvalidInput("photo", "photo_too_large")
        try:
            image = _decoded_small(data)
        except _TooLarge as exc:
            raise InvalidInput("photo", "photo_too_many_pixels", megapixels=exc.megapixels) from exc
        except Image.DecompressionBombError as exc:
            raise InvalidInput("photo", "photo_over_pixel_limit", limit=MAX_PIXELS // 1_000_000) from exc
        except Exception as exc:  # a decoder meeting a broken file raises almost anything
            log.info("photo refused: %s: %s", type(exc).__name__, exc)
            raise InvalidInput("photo", "photo_unreadable") from exc
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=85)
        jpeg = out.getvalue()
        sha = hashlib.sha256(jpeg).hexdigest()
        self.put_verified(sha, jpeg)
        return sha

    def put_verified(self, sha: str, data: bytes) -> None:
        """Keep bytes already known to hash to ``sha`` (downscaled here or fetched)."""
        target = self.path(sha)
        if target.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        with partial.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        partial.replace(target)  # a kill mid-write never leaves half a photo under its name

    def read(self, sha: str) -> bytes | None:
        path = self.path(sha)
        return path.read_bytes() if path.exists() else None
