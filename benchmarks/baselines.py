"""Other ways to compare the same two texts, timed in the same run as differ.

Each returns nothing useful: only its run time matters, reported as a ratio to differ's
own time so the figures survive a noisy machine.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import time
from pathlib import Path


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def difflib_htmldiff(old: str, new: str) -> float:
    """Python's side-by-side HTML table, line level."""
    return _timed(lambda: difflib.HtmlDiff().make_file(old.splitlines(), new.splitlines()))


def difflib_words(old: str, new: str) -> float:
    """A bare word-level SequenceMatcher pass over the two whole texts."""

    def run():
        matcher = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
        matcher.get_opcodes()

    return _timed(run)


def redlines_markdown(old: str, new: str) -> float | None:
    try:
        from redlines import Redlines
    except ImportError:
        return None
    return _timed(lambda: Redlines(old, new).output_markdown)


def git_word_diff(old_path: Path, new_path: Path) -> float | None:
    if not shutil.which("git"):
        return None
    cmd = ["git", "diff", "--no-index", "--word-diff", "--no-color", str(old_path), str(new_path)]
    return _timed(lambda: subprocess.run(cmd, capture_output=True, check=False))
