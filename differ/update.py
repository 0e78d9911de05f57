"""``differ update``: the yearly cron job.

Probe for editions newer than the newest in the corpus, fetch them, then regenerate what
depends on the corpus: the comparison of every edition with the one before it, the trend
page and ``reports/index.html``. Every output is deterministic and written only when its
bytes change (see :func:`differ.corpus.atomic_write_bytes`), so a run with nothing new
rewrites no file; a lock stops two runs from working on one corpus at once.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from differ.corpus import Corpus
from differ.errors import DifferError
from differ.lock import corpus_lock


@dataclass(frozen=True)
class UpdateResult:
    probed: tuple = ()  # fetch.YearResult for every year probed
    written: tuple[Path, ...] = ()  # report files whose content changed
    errors: tuple[str, ...] = ()  # one line each

    @property
    def fetched_years(self) -> list[int]:
        return [r.year for r in self.probed if r.status == "fetched"]

    @property
    def failed(self) -> list:
        return [r for r in self.probed if r.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.errors

    @property
    def nothing_new(self) -> bool:
        return self.ok and not self.fetched_years and not self.written


def _digest_tree(root: Path) -> dict[Path, str]:
    if not root.is_dir():
        return {}
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.iterdir()) if p.is_file()}


def publish_comparison(corpus: Corpus, old_year: int, new_year: int, reports_dir: Path) -> tuple[Path, Path]:
    """Write ``<country>-<OLD>-<NEW>.json`` and ``.html`` into ``reports_dir``."""
    from differ.diff import compare_years
    from differ.render import write_comparison_files

    json_path = Path(reports_dir) / f"{corpus.country}-{old_year}-{new_year}.json"
    return write_comparison_files(corpus, compare_years(corpus, old_year, new_year), json_path)


def publish_trend(corpus: Corpus, reports_dir: Path, years: list[int] | None = None) -> tuple[Path, Path]:
    from differ.render import write_trend
    from differ.trend import trend_corpus

    return write_trend(trend_corpus(corpus, years), Path(reports_dir) / f"{corpus.country}-trend.html")


def _failure(e: Exception) -> str:
    if isinstance(e, DifferError):
        return str(e)
    return f"internal error ({type(e).__name__}: {e})"


def regenerate(corpus: Corpus, reports_dir: Path, step: Callable[[str], None] | None = None) -> list[str]:
    """Every consecutive comparison, the trend page and the index; returns error lines.

    An edition that cannot be read is reported once and left out (its neighbours are
    compared with each other), and one page that fails does not stop the others."""
    from differ.render import write_index

    errors: list[str] = []
    years = []
    for year in corpus.years():
        try:
            corpus.load(year)  # parsed once here; the comparisons reuse it
            years.append(year)
        except Exception as e:
            errors.append(f"{year}: {_failure(e)}")
    for old, new in zip(years, years[1:]):
        if step:
            step(f"comparing {old} → {new}")
        try:
            publish_comparison(corpus, old, new, reports_dir)
        except Exception as e:
            errors.append(f"{old}→{new}: {_failure(e)}")
    if len(years) >= 2:
        if step:
            step("trend page")
        try:
            publish_trend(corpus, reports_dir, years)
        except Exception as e:
            errors.append(f"trend: {_failure(e)}")
    if Path(reports_dir).is_dir():
        try:
            write_index(Path(reports_dir))
        except Exception as e:
            errors.append(f"index: {_failure(e)}")
    return errors


def run_update(corpus: Corpus, reports_dir: Path, config=None, *, until_year: int | None = None,
               step: Callable[[str], None] | None = None) -> UpdateResult:
    """Fetch editions newer than the corpus's newest (up to ``until_year``, default this
    year), then regenerate the reports. Raises DifferError if another update holds the lock."""
    from differ.fetch import FetchConfig, fetch_years

    reports_dir = Path(reports_dir)
    with corpus_lock(corpus.root, "differ update"):
        years = corpus.years()
        last = until_year or _dt.date.today().year
        first = (max(years) + 1) if years else last
        probe = list(range(first, last + 1))
        before = _digest_tree(reports_dir)
        probed = []
        if probe:
            if step:
                step(f"probing {probe[0]}–{probe[-1]}" if len(probe) > 1 else f"probing {probe[0]}")
            probed = fetch_years(corpus, probe, config or FetchConfig())
        errors = regenerate(corpus, reports_dir, step)
        after = _digest_tree(reports_dir)
        written = tuple(p for p, h in after.items() if before.get(p) != h)
    return UpdateResult(probed=tuple(probed), written=written, errors=tuple(errors))
