"""What the largest editions differ accepts cost to compare: time and peak memory of
``differ diff`` on two editions just inside the bounds of :mod:`differ.parse.checks`.

The 2016 and 2023 Kazakhstan texts are each repeated until the next copy would cross a
bound (1,000,000 characters, 1,000 headings, 10,000 paragraphs), added with ``differ add``
(so they pass every check an import makes), then compared in a fresh process, measured
with ``run.run_once`` (``os.wait4``: that process's own CPU time and peak RSS).
Usage: ``python benchmarks/bounds.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from differ.parse import parse_bytes  # noqa: E402
from differ.parse.checks import MAX_HEADINGS, MAX_PARAGRAPHS, MAX_TEXT_CHARS  # noqa: E402
from run import run_once  # noqa: E402  (benchmarks/ is this script's directory, first on sys.path)


def repeated(year: int) -> tuple[str, int, int, int]:
    """The year's text repeated as often as the bounds allow (title once, at the top)."""
    text = (ROOT / "corpus" / "kazakhstan" / f"{year}.txt").read_text(encoding="utf-8")
    one = parse_bytes(text.encode(), "pdf-text", country="kazakhstan", year=year)
    heads = sum(1 for _ in one.walk())
    paras = sum(len(s.paragraphs) for s in one.walk())
    title = f"Kazakhstan {year} Human Rights Report"
    body = text.replace(title, "", 1)
    n = min(MAX_TEXT_CHARS // len(text), MAX_HEADINGS // heads, MAX_PARAGRAPHS // paras)
    return title + "\n" + body * n, n, heads * n, paras * n


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for year in (2016, 2023):
            text, n, heads, paras = repeated(year)
            path = tmp / f"{year}.txt"
            path.write_text(text, encoding="utf-8")
            subprocess.run([sys.executable, "-m", "differ", "add", str(path), "--year", str(year), "--corpus",
                            str(tmp / "corpus")], check=True, env=env, capture_output=True)
            print(f"{year}: {n} copies, {len(text):,} characters, {heads:,} headings, {paras:,} paragraphs")
        # the diff's own figures: getrusage(RUSAGE_CHILDREN) would give the adds' peak RSS if higher
        wall, cpu, rss, _ = run_once([sys.executable, "-m", "differ", "diff", "2016", "2023", "--corpus",
                                      str(tmp / "corpus"), "--json", str(tmp / "c.json")], env, cwd=tmp)
        data = json.loads((tmp / "c.json").read_text())
        print(f"differ diff 2016 2023 at the bounds: {wall:.1f} s wall, {cpu:.1f} s CPU, "
              f"peak RSS {rss:.0f} MiB, {len(data['sections'])} sections compared")


if __name__ == "__main__":
    main()
