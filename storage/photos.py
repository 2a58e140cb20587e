"""Photos of tasks: downscaled on the tablet, stored by the SHA-256 of their bytes.

A photo is kept as JPEG at most 1600 px on its long side in ``<data>/photos/<sha>.jpg``;
records refer to it by the hash, which is also how it travels as a blob when syncing.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from domain.errors import InvalidInput

LONG_SIDE = 1600
MAX_INPUT = 40 * 1024 * 1024


class PhotoStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, sha: str) -> Path:
        return self.folder / f"{sha}.jpg"

    def add(self, data: bytes) -> str:
        """Downscale and store a picture; returns its SHA-256 (hex)."""
        if len(data) > MAX_INPUT:
            raise InvalidInput("photo", "photo_too_large")
        try:
            with Image.open(io.BytesIO(data)) as opened:
                image = ImageOps.exif_transpose(opened).convert("RGB")
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise InvalidInput("photo", "photo_unreadable") from exc
        image.thumbnail((LONG_SIDE, LONG_SIDE))
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
