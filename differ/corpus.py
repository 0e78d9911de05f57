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


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never a mix.

    A file that already holds exactly ``data`` is left alone (so re-runs rewrite nothing
    and keep mtimes, which a cron job and rsync rely on). Returns whether it wrote.
    """
    path = Path(path)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise DifferError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        # mkstemp makes 0600 files; reports are meant to be served and read by others.
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o644
        os.fchmod(fd, mode)
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
    return True


def atomic_write_text(path: Path, text: str) -> bool:
    return atomic_write_bytes(path, text.encode("utf-8"))


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

    def files_on_disk(self) -> dict[int, Path]:
        """Report files in the country directory, by year (whatever the manifest says)."""
        if not self.dir.is_dir():
            return {}
        return {int(p.stem): p for p in sorted(self.dir.iterdir()) if p.suffix in FORMATS and p.stem.isdigit()}

    def _manifest_or_explain(self) -> dict[str, Any]:
        """The manifest; a directory of report files without one is an error, not an empty corpus."""
        if not self.manifest_path.exists() and self.files_on_disk():
            names = ", ".join(p.name for p in self.files_on_disk().values())
            raise DifferError(
                f"{self.manifest_path}: manifest is missing though {names} are present; "
                f"record them with `differ add FILE --year YEAR`"
            )
        manifest = self.load_manifest()
        for key in manifest["editions"]:
            if not (isinstance(key, str) and key.isdigit() and isinstance(manifest["editions"][key], dict)):
                raise DifferError(f"{self.manifest_path}: bad edition entry {key!r}")
        return manifest

    def years(self) -> list[int]:
        """Years recorded in the manifest."""
        return sorted(int(y) for y in self._manifest_or_explain()["editions"])

    def edition(self, year: int | str) -> Edition:
        year = validate_year(year)
        manifest = self._manifest_or_explain()
        entry = manifest["editions"].get(str(year))
        if entry is None:
            have = ", ".join(str(y) for y in sorted(int(y) for y in manifest["editions"])) or "none"
            raise UsageError(f"no {year} edition for {self.country} in {self.root} (years in the corpus: {have})")
        name = str(entry.get("file", ""))
        path = self.dir / name
        if not name or Path(name).name != name or path.suffix not in FORMATS:
            raise DifferError(f"{self.manifest_path}: bad file name {name!r} for {year}")
        if not path.exists():
            raise DifferError(f"{path}: file for {year} is listed in the manifest but missing")
        return Edition(self.country, year, path, entry.get("format") or FORMATS[path.suffix], entry)

    def read_bytes(self, year: int | str, verify: bool = True) -> tuple[Edition, bytes]:
        """The edition's bytes, checked against the sha256 the manifest recorded."""
        edition = self.edition(year)
        try:
            data = edition.path.read_bytes()
        except OSError as e:
            raise DifferError(f"{edition.path}: cannot read ({e.strerror})") from None
        expected = edition.entry.get("sha256")
        if verify and expected and sha256_bytes(data) != expected:
            raise DifferError(
                f"{edition.path}: sha256 does not match the manifest (file changed after it was recorded; "
                f"see `differ doctor`)"
            )
        return edition, data

    def load(self, year: int | str):
        """Parse one year's report into the model.

        Parsed reports are kept per (year, sha256) on this Corpus object: a command that
        needs the same edition twice (diff, then the page's section texts) parses it once.
        """
        from differ.parse import parse_bytes

        edition, data = self.read_bytes(year)
        key = (edition.year, sha256_bytes(data))
        cache = self.__dict__.setdefault("_parsed", {})
        if key not in cache:
            cache[key] = parse_bytes(data, fmt=edition.format, country=self.country, year=edition.year,
                                     source=str(edition.path))
        return cache[key]

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


@dataclass(frozen=True)
class EditionCheck:
    year: int
    file: str
    ok: bool
    message: str


def check_corpus(corpus: Corpus) -> list[EditionCheck]:
    """Verify every edition against the manifest: file present, sha256, parses as the report.

    Also reports report files on disk that the manifest does not know. Raises for a
    manifest that is missing or unreadable (nothing else can be checked then).
    """
    from differ.parse import parse_bytes

    results: list[EditionCheck] = []
    manifest = corpus._manifest_or_explain()
    if not corpus.manifest_path.exists():
        raise DifferError(f"{corpus.manifest_path}: manifest is missing")
    for year in corpus.years():
        name = str(manifest["editions"][str(year)].get("file", "?"))
        try:
            edition, data = corpus.read_bytes(year)
            report = parse_bytes(data, edition.format, country=corpus.country, year=year, source=str(edition.path))
        except DifferError as e:
            results.append(EditionCheck(year, name, False, str(e)))
            continue
        n = sum(1 for _ in report.walk())
        results.append(EditionCheck(year, name, True, f"sha256 matches, parses: {n} sections"))
    listed = {str(e.get("file")) for e in manifest["editions"].values()}
    for year, path in corpus.files_on_disk().items():
        if path.name not in listed:
            results.append(EditionCheck(year, path.name, False, f"{path}: not recorded in the manifest"))
    return sorted(results, key=lambda r: (r.year, r.file))
