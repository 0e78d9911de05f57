"""The corpus lock: one writer at a time for a whole corpus directory (every country in it).

Every command that writes the corpus (``add``, ``fetch``, ``update``) holds it while it
reads and rewrites a manifest, so two writers never lose each other's entries. It is
``fcntl.flock`` on ``<corpus>/.differ.lock``: the kernel drops the lock when its holder
dies, so a lock left by a killed run is recovered without guessing from PIDs or ages.
The holder removes the file when it is done, so the corpus is left exactly as it was; a
taker checks that the file it locked is still the one at the path (the usual guard
against locking a file another run has just removed). The holder writes its PID and
command into the file only to name them in another writer's error message.

A second writer waits a little (``$DIFFER_LOCK_WAIT`` seconds, default 10) for the lock,
then fails with one line naming the holder. The lock is re-entrant within a process:
``fetch`` holds it for the whole run and :meth:`Corpus.store` takes it again per edition.
"""

from __future__ import annotations

import fcntl
import math
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from differ.errors import DifferError

LOCK_NAME = ".differ.lock"
LOCK_WAIT_ENV = "DIFFER_LOCK_WAIT"
DEFAULT_WAIT = 10.0  # seconds: an `add` finishes in well under a second; an update can take minutes
_POLL = 0.1

_held: dict[str, int] = {}  # lock files this process holds → nesting depth


def lock_wait() -> float:
    """How long a writer waits for the lock: ``$DIFFER_LOCK_WAIT`` or the default."""
    raw = os.environ.get(LOCK_WAIT_ENV, "").strip()
    if not raw:
        return DEFAULT_WAIT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not math.isfinite(value) or value < 0:
        raise DifferError(f"${LOCK_WAIT_ENV}={raw!r}: expected a number of seconds (0 or more)", exit_code=2)
    return value


def _holder(fd: int, path: Path) -> str:
    """"another differ update is running (pid 123, lock …)" from what the holder wrote."""
    words = os.pread(fd, 200, 0).decode("ascii", "replace").split()
    what = " ".join(words[1:]) or "differ command"
    pid = f"pid {words[0]}, " if words else ""
    return f"another {what} is running ({pid}lock {path})"


def _take(path: Path, wait: float) -> int:
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as e:
            raise DifferError(f"cannot create lock file {path}: {e.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = _holder(fd, path)
                os.close(fd)
                raise DifferError(f"{holder}; try again when it has finished") from None
            os.close(fd)
            time.sleep(_POLL)
            continue
        try:
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)  # the holder removed it between our open and our lock: try again


@contextmanager
def corpus_lock(root: str | os.PathLike, what: str = "differ command", wait: float | None = None) -> Iterator[None]:
    """Hold the lock of the corpus directory ``root`` (created if missing, removed again if
    it is still empty afterwards)."""
    root = Path(root)
    key = os.path.realpath(root / LOCK_NAME)
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    created = not root.exists()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DifferError(f"cannot create the corpus directory {root}: {e.strerror or e}") from None
    path = root / LOCK_NAME
    fd = _take(path, lock_wait() if wait is None else wait)
    _held[key] = 1
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {what}\n".encode("ascii", "replace"), 0)
        yield
    finally:
        del _held[key]
        try:
            os.unlink(path)
        except OSError:
            pass
        os.close(fd)  # closing releases the flock
        if created:
            try:
                root.rmdir()  # only succeeds if nothing was written
            except OSError:
                pass
