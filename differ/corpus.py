"""The corpus on disk: ``<corpus>/<country>/<year>.<txt|html|pdf>`` plus ``manifest.json``.

All I/O for the corpus lives here. Every write is atomic (temp file in the same
directory, then ``os.replace``) so a crash or a full disk never leaves half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from differ.errors import DifferError, UsageError

DEFAULT_COUNTRY = "kazakhstan"
CORPUS_ENV = "DIFFER_CORPUS"
MANIFEST = "manifest.json"
FORMATS = {".txt": "pdf-text", ".html": "html", ".htm": "html", ".pdf": "pdf"}
_SLUG = re.compile(r"[a-z]+(?:-[a-z]+)*")
MIN_YEAR, MAX_YEAR = 1977, 2100  # the reports began in 1977


def validate_slug(country: str) -> str:
    if not isinstance(country, str) or not _SLUG.fullmatch(country):
        raise UsageError(f"invalid country slug {country!r}: use lowercase letters and hyphens, e.g. 'kazakhstan'")
    return country


def validate_year(year: int | str) -> int:
    try:
        value = int(str(year).strip())
    except ValueError:
        raise UsageError(f"invalid year {year!r}: expected a four-digit year") from None
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise UsageError(f"invalid year {year!r}: expected a year between {MIN_YEAR} and {MAX_YEAR}")
    return value


def resolve_corpus_dir(corpus: str | os.PathLike | None = None) -> Path:
    """``--corpus DIR``, else ``$DIFFER_CORPUS``, else ``./corpus``."""
    if corpus:
        return Path(corpus)
    env = os.environ.get(CORPUS_ENV)
    return Path(env) if env else Path("corpus")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never a mix."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise DifferError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise DifferError(f"cannot write {path}: {e.strerror or e}") from None


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


@dataclass(frozen=True)
class Edition:
    """One year's report file as recorded in the manifest."""

    country: str
    year: int
    path: Path
    format: str
    entry: dict[str, Any]


class Corpus:
    """One country's directory in the corpus."""

    def __init__(self, root: str | os.PathLike | None = None, country: str = DEFAULT_COUNTRY):
        self.root = resolve_corpus_dir(root)
        self.country = validate_slug(country)
        self.dir = self.root / self.country
        # A slug is [a-z-]+ so it cannot climb out, but check the resolved path anyway.
        if self.root.resolve() not in self.dir.resolve().parents:
            raise UsageError(f"country directory {self.dir} escapes the corpus {self.root}")

    @property
    def manifest_path(self) -> Path:
        return self.dir / MANIFEST

    # --- manifest -------------------------------------------------------------------

    def load_manifest(self, required: bool = False) -> dict[str, Any]:
        path = self.manifest_path
        if not path.exists():
            if required:
                raise DifferError(f"{path}: manifest is missing")
            return {"country": self.country, "editions": {}}
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise DifferError(f"{path}: manifest is not valid JSON ({e})") from None
        except OSError as e:
            raise DifferError(f"{path}: cannot read manifest ({e.strerror})") from None
        if not isinstance(manifest, dict) or not isinstance(manifest.get("editions"), dict):
            raise DifferError(f"{path}: manifest has no 'editions' object")
        return manifest

    def save_manifest(self, manifest: dict[str, Any]) -> None:
        manifest = dict(manifest)
        manifest["country"] = self.country
        manifest["editions"] = dict(sorted(manifest["editions"].items()))
        atomic_write_text(self.manifest_path, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")

    # --- editions -------------------------------------------------------------------

    def years(self) -> list[int]:
        """Years recorded in the manifest, or found on disk when there is no manifest."""
        if self.manifest_path.exists():
            return sorted(int(y) for y in self.load_manifest()["editions"])
        if not self.dir.is_dir():
            return []
        found = {int(p.stem) for p in self.dir.iterdir() if p.suffix in FORMATS and p.stem.isdigit()}
        return sorted(found)

    def edition(self, year: int | str) -> Edition:
        year = validate_year(year)
        manifest = self.load_manifest()
        entry = manifest["editions"].get(str(year))
        if entry is None:
            path = next((self.dir / f"{year}{ext}" for ext in FORMATS if (self.dir / f"{year}{ext}").exists()), None)
            if path is None or self.manifest_path.exists():
                have = ", ".join(str(y) for y in self.years()) or "none"
                raise UsageError(f"no {year} edition for {self.country} in {self.root} (years in the corpus: {have})")
            entry = {"file": path.name, "format": FORMATS[path.suffix]}
        name = str(entry.get("file", ""))
        path = self.dir / name
        if not name or Path(name).name != name or path.suffix not in FORMATS:
            raise DifferError(f"{self.manifest_path}: bad file name {name!r} for {year}")
        if not path.exists():
            raise DifferError(f"{path}: file for {year} is listed in the manifest but missing")
        return Edition(self.country, year, path, entry.get("format") or FORMATS[path.suffix], entry)

    def read_bytes(self, year: int | str) -> tuple[Edition, bytes]:
        edition = self.edition(year)
        try:
            data = edition.path.read_bytes()
        except OSError as e:
            raise DifferError(f"{edition.path}: cannot read ({e.strerror})") from None
        return edition, data

    def load(self, year: int | str):
        """Parse one year's report into the model."""
        from differ.parse import parse_bytes

        edition, data = self.read_bytes(year)
        return parse_bytes(data, fmt=edition.format, country=self.country, year=edition.year, source=str(edition.path))

    def store(self, year: int, data: bytes, fmt: str, entry: dict[str, Any]) -> Path:
        """Store a validated edition and record it in the manifest (both atomically).

        Replaces any earlier file for the year, including one with another extension.
        """
        year = validate_year(year)
        ext = {"pdf-text": ".txt", "html": ".html", "pdf": ".pdf"}[fmt]
        path = self.dir / f"{year}{ext}"
        manifest = self.load_manifest()
        old = manifest["editions"].get(str(year))
        atomic_write_bytes(path, data)
        record = {"file": path.name, "format": fmt, **entry, "sha256": sha256_bytes(data), "bytes": len(data)}
        manifest["editions"][str(year)] = record
        self.save_manifest(manifest)
        if old and old.get("file") and old["file"] != path.name:
            try:
                (self.dir / Path(old["file"]).name).unlink()
            except OSError:
                pass
        return path
