"""Loading the content pack: a municipality's own pack if it has one, else the built-in.

The built-in packs live in ``assets/content/pack.<lang>.json``. A pack placed in the data
folder (``<data>/content/pack.<lang>.json``) replaces the built-in one; if it is broken,
the app keeps running on the built-in pack and shows the error, which names the file,
the place in it and the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from domain.content import ContentPack, ContentPackError, parse_pack

BUILT_IN = Path(__file__).resolve().parent.parent / "assets" / "content"
LANGUAGES = ("da", "en")


@dataclass(frozen=True)
class LoadedPack:
    pack: ContentPack
    source: Path
    error: ContentPackError | None = None


def load_pack(language: str, *, override_dir: Path | None = None, built_in_dir: Path = BUILT_IN) -> LoadedPack:
    built_in = built_in_dir / f"pack.{language}.json"
    if override_dir is not None:
        custom = override_dir / f"pack.{language}.json"
        if custom.exists():
            try:
                return LoadedPack(read_pack(custom), custom)
            except ContentPackError as error:
                return LoadedPack(read_pack(built_in), built_in, error)
    return LoadedPack(read_pack(built_in), built_in)


def read_pack(path: Path) -> ContentPack:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentPackError(str(path), "(file)", f"cannot be read ({exc})") from exc
    return parse_pack(text, file=str(path))
