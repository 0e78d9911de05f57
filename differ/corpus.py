"""The corpus on disk: ``<corpus>/<country>/<year>.<txt|html|pdf>`` plus ``manifest.json``.

All I/O for the corpus lives here. Every write is atomic (temp file in the same
directory, then ``os.replace``) so a crash or a full disk never leaves half a file.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from differ.errors import DifferError, UsageError
from differ.lazyre import lazy

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


ALL_COUNTRIES = "all"


def corpus_countries(corpus_root: str | os.PathLike) -> list[str]:
    """Every country directory of the corpus, sorted: a valid slug, a real directory inside
    the corpus (a link that leads out of it is not a country), holding a manifest or report files
    named by a year (the rule of :meth:`Corpus.files_on_disk`)."""
    root = Path(corpus_root)
    if not root.is_dir():
        return []
    inside = root.resolve()
    out = []
    for d in sorted(root.iterdir()):
        if not (_SLUG.fullmatch(d.name) and d.is_dir() and d.resolve().parent == inside):
            continue
        if (d / MANIFEST).is_file() or any(p.suffix in FORMATS and _YEAR_KEY.fullmatch(p.stem) for p in d.iterdir()):
            out.append(d.name)
    return out


@dataclass(frozen=True)
class CountrySelection:
    """What ``--country`` names: one slug (``kazakhstan``), a list (``kazakhstan,iceland``) or
    ``all``. For ``all``, ``slugs`` are the countries the corpus holds (``fetch`` reads the
    edition index instead)."""

    corpus_dir: str | None  # --corpus as given (None: $DIFFER_CORPUS or ./corpus)
    slugs: tuple[str, ...]
    everything: bool = False
    listed: bool = False  # named as a comma-separated list

    @property
    def root(self) -> Path:
        return resolve_corpus_dir(self.corpus_dir)

    @property
    def single(self) -> bool:
        """One slug named on its own: every command then behaves exactly as before lists."""
        return not self.everything and not self.listed

    def corpus(self, country: str | None = None) -> "Corpus":
        return Corpus(self.corpus_dir, country or self.slugs[0])

    def corpora(self) -> list["Corpus"]:
        return [self.corpus(c) for c in self.slugs]


def parse_countries(spec: str) -> tuple[tuple[str, ...], bool]:
    """``--country`` → (slugs in the order given, without repeats; whether it is ``all``).
    Every slug is validated, so none can name a path outside the corpus."""
    parts = [p.strip() for p in str(spec).split(",")]
    named = [p for p in parts if p]
    if named == [ALL_COUNTRIES]:
        return (), True
    if ALL_COUNTRIES in named:
        raise UsageError(f"--country {spec}: 'all' stands alone (every country); do not combine it with slugs")
    if not named:
        validate_slug(spec.strip())  # the usual message for an empty slug
    return tuple(dict.fromkeys(validate_slug(p) for p in named)), False


def select_countries(corpus_dir: str | os.PathLike | None, spec: str, *, need_corpus: bool = True) -> CountrySelection:
    """Resolve ``--country`` against the corpus. ``all`` with no country in the corpus is a
    usage error unless ``need_corpus`` is false (``fetch --country all`` reads the edition index)."""
    slugs, everything = parse_countries(spec)
    raw = str(corpus_dir) if corpus_dir else None
    if everything:
        slugs = tuple(corpus_countries(resolve_corpus_dir(raw)))
        if not slugs and need_corpus:
            root = resolve_corpus_dir(raw).resolve()
            why = "no such directory" if not root.is_dir() else "no country directories there"
            raise UsageError(f"--country all: no countries in {root} ({why}); point --corpus or $DIFFER_CORPUS at a "
                             "corpus directory, or fetch some with `differ fetch --years 2023-2024 --country all`")
    selection = CountrySelection(raw, slugs, everything, listed=not everything and "," in str(spec))
    for slug in selection.slugs:
        Corpus(raw, slug)  # refuses a country directory that leads out of the corpus
    return selection


def resolve_corpus_dir(corpus: str | os.PathLike | None = None) -> Path:
    """``--corpus DIR``, else ``$DIFFER_CORPUS``, else ``./corpus``."""
    if corpus:
        return Path(corpus)
    env = os.environ.get(CORPUS_ENV)
    return Path(env) if env else Path("corpus")


def sha256_bytes(data: bytes) -> str:
    import hashlib  # here, not at the top: `differ --help` and `years` never hash

    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --- atomic writes ------------------------------------------------------------------------------
#
# A file is written to a temp file beside it (``.<name>.<8 random>.tmp``, mkstemp's naming),
# fsynced, then renamed over the target. The writer holds an flock on its temp file, so a
# later run can tell a temp file left by a killed writer (no lock) from one being written
# right now (locked) and removes only the former.

# (compiled on first use: only a directory holding a ".tmp" name needs it)
_TEMP_NAME = lazy(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")
_swept: set[str] = set()  # directories this process has cleaned of stale temp files


def _cannot_write(path: Path, e: OSError) -> DifferError:
    return DifferError(f"cannot write {path}: {e.strerror or e}")


def sweep_stale_temp_files(directory: Path) -> list[Path]:
    """Remove temp files of our naming that no live writer holds (left by a killed run)."""
    removed = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        if ".tmp" not in entry.name or not _TEMP_NAME.match(entry.name):
            continue
        try:
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a live writer holds it
            if os.stat(entry.path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


class _Staged:
    """A temp file beside ``path`` holding ``pieces`` (bytes, one after another), written and
    fsynced, not yet renamed."""

    def __init__(self, path: Path, pieces: Sequence[bytes]):
        self.path = path
        directory = str(path.parent.resolve())
        if directory not in _swept:
            _swept.add(directory)
            sweep_stale_temp_files(path.parent)
        while True:
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:  # a filesystem without flock: no lock, and no sweep can take it either
                break
            if os.fstat(fd).st_nlink:  # a sweep may have taken it between mkstemp and flock
                break
            os.close(fd)
        self.fd, self.tmp = fd, tmp
        try:
            # mkstemp makes 0600 files; reports are meant to be served and read by others.
            try:
                mode = path.stat().st_mode & 0o777
            except OSError:
                mode = 0o644
            os.fchmod(fd, mode)
            _write_all(fd, pieces)
            os.fsync(fd)
        except BaseException:
            self.discard()
            raise

    def commit(self) -> None:
        try:
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise
        os.close(self.fd)
        self.fd = -1

    def discard(self) -> None:
        if self.fd >= 0:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            os.close(self.fd)
            self.fd = -1


_BLOCK = 1 << 16  # bytes written, or read and compared, at a time


def _gathered(pieces: Sequence[bytes]) -> Iterator[bytes]:
    """``pieces`` joined into runs of some 64 KB (a piece that large alone, as it is): a page's
    pieces written or compared one by one would be near a thousand calls each."""
    run: list[bytes] = []
    size = 0
    for piece in pieces:
        if len(piece) >= _BLOCK:
            if run:
                yield b"".join(run)
                run, size = [], 0
            yield piece
            continue
        run.append(piece)
        size += len(piece)
        if size >= _BLOCK:
            yield b"".join(run)
            run, size = [], 0
    if run:
        yield b"".join(run)


def _write_all(fd: int, pieces: Sequence[bytes]) -> None:
    for run in _gathered(pieces):
        view = memoryview(run)
        while view:
            view = view[os.write(fd, view):]


def _stage(path: Path, pieces: Sequence[bytes]) -> _Staged:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _Staged(path, pieces)
    except OSError as e:
        raise _cannot_write(path, e) from None


def _write_through(path: Path, pieces: Sequence[bytes], mode: int) -> None:
    """Write into a device or FIFO the user named (``--json /dev/stdout``), never replace it."""
    flags = os.O_WRONLY | os.O_CLOEXEC | (os.O_NONBLOCK if stat.S_ISFIFO(mode) else 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if e.errno == errno.ENXIO:
            raise DifferError(f"cannot write {path}: no process is reading this FIFO") from None
        raise _cannot_write(path, e) from None
    try:
        os.set_blocking(fd, True)
        _write_all(fd, pieces)
    except OSError as e:
        raise _cannot_write(path, e) from None
    finally:
        os.close(fd)


def writable_target(path: Path) -> tuple[Path, int | None]:
    """Where a write to ``path`` goes: a symlink's target, and the mode of an existing file
    (None when there is none). Refuses what no report should ever be written over."""
    path = Path(path)
    try:
        linked = stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        return path, None
    except OSError as e:
        raise _cannot_write(path, e) from None
    try:
        # Through the link: /dev/stdout's, /proc/self/fd/1, names a pipe as "pipe:[…]", which
        # is no path, yet opening the link reaches the pipe (`--json /dev/stdout | jq`).
        mode = os.stat(path).st_mode
    except FileNotFoundError:  # a dangling link: write the file it names, keep the link
        return Path(os.path.realpath(path)), None
    except OSError as e:
        raise _cannot_write(path, e) from None
    if linked and stat.S_ISREG(mode):
        path = Path(os.path.realpath(path))  # write the file the link points at, keep the link
    if stat.S_ISDIR(mode):
        raise DifferError(f"cannot write {path}: it is a directory")
    if not (stat.S_ISREG(mode) or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise DifferError(f"cannot write {path}: not a regular file, a character device or a FIFO; refusing")
    return path, mode


def _holds(path: Path, pieces: Sequence[bytes]) -> bool:
    """Whether the file holds exactly ``pieces`` one after another, read and compared a block
    at a time: a page or JSON of near a megabyte is not read into a second copy of itself
    (fresh memory, page faults)."""
    with open(path, "rb") as f:
        for run in _gathered(pieces):
            # each run, or each 64 KB slice of a larger one, compared as bytes (a memoryview
            # would compare byte by byte: ten times slower)
            for start in range(0, len(run), _BLOCK):
                block = run[start:start + _BLOCK]  # (run itself, not a copy, when it is one block)
                if f.read(len(block)) != block:
                    return False
        return f.read(1) == b""


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never a mix.

    A file that already holds exactly ``data`` is left alone (so re-runs rewrite nothing
    and keep mtimes, which a cron job and rsync rely on). A symlink is followed (the link
    stays); a character device or a FIFO is written into, never renamed over. Returns
    whether it wrote.
    """
    return atomic_write_pieces(path, (data,))


def atomic_write_pieces(path: Path, pieces: Sequence[bytes]) -> bool:
    """:func:`atomic_write_bytes` of the bytes ``pieces`` make one after another, never joined
    into one: a page or JSON of near a megabyte made whole would be fresh memory the process
    pays for in page faults (about 0.7 ms a page)."""
    path, mode = writable_target(Path(path))
    if mode is not None and not stat.S_ISREG(mode):
        _write_through(path, pieces, mode)
        return True
    try:
        if mode is not None and path.stat().st_size == sum(map(len, pieces)) and _holds(path, pieces):
            return False
    except OSError:
        pass
    staged = _stage(path, pieces)
    try:
        staged.commit()
    except OSError as e:
        raise _cannot_write(path, e) from None
    return True


def atomic_write_text(path: Path, text: str) -> bool:
    return atomic_write_bytes(path, text.encode("utf-8"))


def json_text(data: Any) -> str:
    """Standard JSON (no NaN or Infinity, which browsers' ``JSON.parse`` rejects), indented."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


_YEAR_KEY = re.compile(r"[0-9]{4}")
_ENTRY_TYPES = {"file": str, "format": str, "sha256": str, "bytes": int}


def _entry_problem(key: Any, entry: Any) -> str | None:
    """Why a manifest's edition entry is unusable, or None."""
    if not isinstance(key, str) or not _YEAR_KEY.fullmatch(key) or not MIN_YEAR <= int(key) <= MAX_YEAR:
        return f"not a year between {MIN_YEAR} and {MAX_YEAR} written with four digits, e.g. '2023'"
    if not isinstance(entry, dict):
        return "entry is not an object"
    for field, kind in _ENTRY_TYPES.items():
        value = entry.get(field)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            return f"'{field}' must be a {'string' if kind is str else 'number'}, not {json.dumps(value)[:40]}"
    if entry.get("format") is not None and entry["format"] not in FORMATS.values():
        return f"unknown format {entry['format']!r} (expected one of {', '.join(sorted(set(FORMATS.values())))})"
    return None


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
        self.root_given = bool(root)  # named on the command line (else $DIFFER_CORPUS or ./corpus)
        self.country = validate_slug(country)
        self.dir = self.root / self.country
        # A slug is [a-z-]+ so it cannot climb out, but check the resolved path anyway.
        if self.root.resolve() not in self.dir.resolve().parents:
            raise UsageError(f"country directory {self.dir} escapes the corpus {self.root}")

    @property
    def manifest_path(self) -> Path:
        return self.dir / MANIFEST

    def writing(self, what: str = "differ command"):
        """The corpus lock (all countries of this corpus directory), for a writer."""
        from differ.lock import corpus_lock

        return corpus_lock(self.root, what)

    def add_command(self, path: Path | str, year: int) -> str:
        """The ``differ add`` command that records ``path`` as this country's ``year``."""
        parts = ["differ add", str(path), "--year", str(year)]
        if self.country != DEFAULT_COUNTRY:
            parts += ["--country", self.country]
        if self.root_given:
            parts += ["--corpus", str(self.root)]
        return " ".join(parts)

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
        except RecursionError:
            raise DifferError(f"{path}: manifest is not a manifest (nested too deeply)") from None
        except OSError as e:
            raise DifferError(f"{path}: cannot read manifest ({e.strerror})") from None
        if not isinstance(manifest, dict) or not isinstance(manifest.get("editions"), dict):
            raise DifferError(f"{path}: manifest has no 'editions' object")
        for key, entry in manifest["editions"].items():
            problem = _entry_problem(key, entry)
            if problem:
                raise DifferError(f"{path}: edition {key!r}: {problem}")
        return manifest

    def save_manifest(self, manifest: dict[str, Any]) -> None:
        atomic_write_text(self.manifest_path, self._manifest_text(manifest))

    def _manifest_text(self, manifest: dict[str, Any]) -> str:
        manifest = dict(manifest)
        manifest["country"] = self.country
        manifest["editions"] = dict(sorted(manifest["editions"].items()))
        return json_text(manifest)

    # --- editions -------------------------------------------------------------------

    def files_on_disk(self) -> dict[int, Path]:
        """Report files in the country directory, by year (whatever the manifest says)."""
        if not self.dir.is_dir():
            return {}
        return {int(p.stem): p for p in sorted(self.dir.iterdir())
                if p.suffix in FORMATS and _YEAR_KEY.fullmatch(p.stem)}

    def _manifest_or_explain(self) -> dict[str, Any]:
        """The manifest; a directory of report files without one is an error, not an empty corpus."""
        if not self.manifest_path.exists() and self.files_on_disk():
            names = ", ".join(p.name for p in self.files_on_disk().values())
            raise DifferError(
                f"{self.manifest_path}: manifest is missing though {names} are present; "
                f"record them with `differ add FILE --year YEAR`"
            )
        return self.load_manifest()

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
        return edition, self._edition_bytes(edition, verify)

    def _edition_bytes(self, edition: Edition, verify: bool = True) -> bytes:
        try:
            data = edition.path.read_bytes()
        except OSError as e:
            raise DifferError(f"{edition.path}: cannot read ({e.strerror})") from None
        expected = edition.entry.get("sha256")
        if verify and expected and sha256_bytes(data) != expected:
            raise DifferError(
                f"{edition.path}: sha256 does not match the manifest: the file changed after it was recorded "
                f"(if you changed it on purpose, record it again: {self.add_command(edition.path, edition.year)} --force)"
            )
        return data

    def load(self, year: int | str):
        """Parse one year's report into the model.

        Parsed reports are kept per (year, sha256) on this Corpus object: a command that
        needs the same edition twice (diff, then the page's section texts) parses it once.
        Asked again while neither the manifest nor the report file has changed since they
        were read (the same inode, size, modification and change times), the report is returned
        without reading and hashing the file again (a diff asks for each edition three times).
        """
        from differ.parse import parse_bytes

        loaded = self.__dict__.setdefault("_loaded", {})
        year = validate_year(year)
        if year in loaded:
            identities, path, report = loaded[year]
            if identities == (_file_identity(self.manifest_path), _file_identity(path)):
                return report
        # (identities taken before reading: a file changed while read is read again next time)
        manifest_identity = _file_identity(self.manifest_path)
        edition = self.edition(year)
        file_identity = _file_identity(edition.path)
        data = self._edition_bytes(edition)
        # checked against the manifest's sha256 when there is one
        key = (edition.year, edition.entry.get("sha256") or sha256_bytes(data))
        cache = self.__dict__.setdefault("_parsed", {})
        if key not in cache:
            cache[key] = parse_bytes(data, fmt=edition.format, country=self.country, year=edition.year,
                                     source=str(edition.path))
        if manifest_identity is not None and file_identity is not None:
            loaded[year] = ((manifest_identity, file_identity), edition.path, cache[key])
        return cache[key]

    def store(self, year: int, data: bytes, fmt: str, entry: dict[str, Any]) -> Path:
        """Store a validated edition and record it in the manifest, under the corpus lock.

        Both files are written to temp files first and only then renamed into place, so a
        full disk leaves the corpus as it was; should the manifest's rename still fail, the
        report's is undone. Replaces any earlier file for the year, including one with
        another extension.
        """
        year = validate_year(year)
        path = self.dir / f"{year}{EXTENSIONS[fmt]}"
        with self.writing():
            manifest = self.load_manifest()
            old = manifest["editions"].get(str(year))
            for target in (path, self.manifest_path):
                _refuse_non_regular(target)
            record = {"file": path.name, "format": fmt, **entry, "sha256": sha256_bytes(data), "bytes": len(data)}
            manifest["editions"][str(year)] = record
            report = _stage(path, (data,))
            try:
                listing = _stage(self.manifest_path, (self._manifest_text(manifest).encode("utf-8"),))
            except BaseException:
                report.discard()
                raise
            _commit_pair(report, listing)
        if old and old.get("file") and old["file"] != path.name:
            try:
                (self.dir / Path(old["file"]).name).unlink()
            except OSError:
                pass
        return path


EXTENSIONS = {"pdf-text": ".txt", "html": ".html", "pdf": ".pdf"}


def _file_identity(path: Path) -> tuple[int, int, int, int] | None:
    """What tells a file changed without reading it: (inode, size, modification and change
    times in ns); None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _refuse_non_regular(path: Path) -> None:
    """Corpus files are regular files: never write through a link or a device planted there."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as e:
        raise _cannot_write(path, e) from None
    if not stat.S_ISREG(mode):
        raise DifferError(f"cannot write {path}: not a regular file (a link or a device in the corpus); refusing")


def _commit_pair(first: _Staged, second: _Staged) -> None:
    """Rename two staged files into place; if the second rename fails, undo the first."""
    backup = None
    try:
        if first.path.exists():
            backup = first.path.with_name(f".{first.path.name}.{os.urandom(4).hex()}.tmp")
            os.link(first.path, backup)  # the old file, to put back (a stale one is swept later)
        first.commit()
    except OSError as e:
        second.discard()
        first.discard()
        _unlink_quietly(backup)
        raise _cannot_write(first.path, e) from None
    try:
        second.commit()
    except OSError as e:
        try:
            if backup is not None:
                os.replace(backup, first.path)
                backup = None
            else:
                os.unlink(first.path)
        except OSError:
            pass
        raise _cannot_write(second.path, e) from None
    finally:
        _unlink_quietly(backup)


def _unlink_quietly(path: Path | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except OSError:
            pass

