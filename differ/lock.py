"""A lock so two ``differ update`` (or ``fetch``) runs never work on one corpus at once.

Uses ``fcntl.flock`` on a lock file: the kernel drops the lock when its holder dies, so
a lock left by a killed run is recovered without guessing from PIDs or ages. The holder
removes the file when it is done, so the corpus is left exactly as it was; a taker
checks that the file it locked is still the one at the path (the usual guard against
locking a file another run has just removed). The holder's PID is written into the
file only to name it in the error message.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from differ.errors import DifferError


def _take(path: Path, what: str) -> int:
    for _ in range(10):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise DifferError(f"cannot create lock file {path}: {e.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise DifferError(f"another {what} is running (pid {holder}, lock {path})") from None
        try:
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)  # the holder removed it between our open and our lock: try again
    raise DifferError(f"cannot take the lock {path}")


@contextmanager
def exclusive_lock(path: Path, what: str = "differ update") -> Iterator[None]:
    path = Path(path)
    if not path.parent.is_dir():
        yield  # no corpus directory yet: nothing to protect, and nothing to leave behind
        return
    fd = _take(path, what)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
        os.close(fd)  # closing releases the flock
