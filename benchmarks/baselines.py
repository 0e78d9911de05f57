"""Other ways to compare the same two texts, each a whole process, so that benchmarks/run.py
times them exactly as it times ``differ diff`` (start-up, reading the files, the work):

    python benchmarks/baselines.py sm-off OLD NEW      # word-level SequenceMatcher, autojunk off
    python benchmarks/baselines.py sm-on OLD NEW       # the same with difflib's default autojunk
    python benchmarks/baselines.py sentences OLD NEW   # split into sentences, hash, match the hashes
    python benchmarks/baselines.py htmldiff OLD NEW    # difflib.HtmlDiff side-by-side table, line level
    python benchmarks/baselines.py redlines OLD NEW    # the redlines package (pip install redlines)

Only standard-library imports at the top, so a baseline pays no start-up it does not need.
Each prints the size of its result, so that no work can be skipped.
"""

from __future__ import annotations

import sys


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def sequence_matcher(old: str, new: str, autojunk: bool) -> int:
    """A bare word-level diff: SequenceMatcher over the two whole texts' words."""
    import difflib

    matcher = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=autojunk)
    return len(matcher.get_opcodes())


def sentence_hashes(old: str, new: str) -> int:
    """A floor for any sentence-level tool: split, normalise, hash and match sentences in order."""
    import difflib
    import re

    boundary = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")

    def keys(text: str) -> list[int]:
        return [hash(" ".join(s.split())) for s in boundary.split(" ".join(text.split())) if s]

    matcher = difflib.SequenceMatcher(None, keys(old), keys(new), autojunk=False)
    return len(matcher.get_opcodes())


def html_diff(old: str, new: str) -> int:
    import difflib

    return len(difflib.HtmlDiff().make_file(old.splitlines(), new.splitlines()))


def redlines_markdown(old: str, new: str) -> int:
    from redlines import Redlines

    return len(Redlines(old, new).output_markdown)


BASELINES = {
    "sm-off": lambda a, b: sequence_matcher(a, b, autojunk=False),
    "sm-on": lambda a, b: sequence_matcher(a, b, autojunk=True),
    "sentences": sentence_hashes,
    "htmldiff": html_diff,
    "redlines": redlines_markdown,
}


def available(kind: str) -> bool:
    """Whether a baseline can run here (redlines is an optional package)."""
    if kind != "redlines":
        return kind in BASELINES
    import importlib.util

    return importlib.util.find_spec("redlines") is not None


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in BASELINES:
        print(__doc__, file=sys.stderr)
        return 2
    kind, old, new = argv
    print(BASELINES[kind](_read(old), _read(new)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
