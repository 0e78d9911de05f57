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
from differ.lock import exclusive_lock

LOCK_NAME = ".differ-update.lock"


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


def publish_comparison(corpus: Corpus, old_year: int, new_year: int, reports_dir: Path, *, alignment=None,
                       pretty: bool = False, index: bool = True) -> tuple[Path, dict]:
    """Write ``<country>-<OLD>-<NEW>.json`` and ``.html`` into ``reports_dir``; returns the JSON's
    path and the comparison's summary. ``alignment``: one already made for this pair."""
    from differ.render import write_comparison_files

    comparison = _compare(corpus, old_year, new_year, alignment)
    json_path = Path(reports_dir) / f"{corpus.country}-{old_year}-{new_year}.json"
    write_comparison_files(corpus, comparison, json_path, pretty=pretty, index=index)
    return json_path, comparison.summary


def _compare(corpus: Corpus, old_year: int, new_year: int, alignment=None):
    """The comparison, on a given alignment (the corpus's override file already applied) if any."""
    from differ.diff import compare, compare_years, edition_meta

    if alignment is None:
        return compare_years(corpus, old_year, new_year)
    return compare(corpus.load(old_year), corpus.load(new_year), old_meta=edition_meta(corpus, old_year),
                   new_meta=edition_meta(corpus, new_year), alignment=alignment)


def publish_trend(corpus: Corpus, reports_dir: Path, *, alignments=None, pretty: bool = False,
                  index: bool = True) -> tuple[Path, Path]:
    from differ.render import write_trend
    from differ.trend import trend_corpus

    return write_trend(trend_corpus(corpus, alignments=alignments), Path(reports_dir) / f"{corpus.country}-trend.html",
                       pretty=pretty, index=index)


def regenerate(corpus: Corpus, reports_dir: Path, step: Callable[[str], None] | None = None, *,
               pretty: bool = False) -> list[str]:
    """Every consecutive comparison, the trend page and the index; returns error lines.

    Work is done once: each edition is parsed once (the Corpus keeps it), each pair is
    aligned once for its comparison and the trend page (see :func:`align_pairs`), and
    the index is written once at the end from the summaries in hand.
    """
    from differ.align import OVERRIDES_FILE, load_overrides
    from differ.render import write_index

    errors: list[str] = []
    years = corpus.years()
    reports_dir = Path(reports_dir)
    try:
        overrides = load_overrides(corpus.dir / OVERRIDES_FILE)
    except DifferError:
        overrides = None  # each comparison reports it; the trend page does not use overrides
    readable = []
    for year in years:
        try:
            corpus.load(year)
            readable.append(year)
        except DifferError:
            pass  # reported by the comparisons and the trend page that need it
    consecutive = [(old, new) for old, new in zip(years, years[1:]) if old in readable and new in readable]
    # The trend page aligns every edition with the one before it and with the first (see
    # differ.trend.compute_trend), without overrides; the comparisons' alignments serve
    # it where no override applies.
    jobs = [(old, new, True) for old, new in consecutive if overrides is not None]
    jobs += [(old, new, False) for old, new in consecutive if overrides is None or overrides.apply_to(old, new)]
    if len(readable) == len(years):
        jobs += [(years[0], year, False) for year in years[2:]]
    if step and jobs:
        step(f"aligning {len(jobs)} pairs of editions")
    aligned = align_pairs(corpus, jobs, overrides)
    trend_alignments = {(b, t): a for (b, t, with_overrides), a in aligned.items()
                        if not with_overrides or not overrides.apply_to(b, t)}

    summaries: dict[str, dict] = {}
    for old, new in zip(years, years[1:]):
        if step:
            step(f"comparing {old} → {new}")
        try:
            json_path, summary = publish_comparison(corpus, old, new, reports_dir, alignment=aligned.get((old, new, True)),
                                                    pretty=pretty, index=False)
            summaries[json_path.name] = summary
        except DifferError as e:
            errors.append(f"{old}→{new}: {e}")
    if len(years) >= 2:
        if step:
            step("trend page")
        try:
            publish_trend(corpus, reports_dir, alignments=trend_alignments, pretty=pretty, index=False)
        except DifferError as e:
            errors.append(f"trend: {e}")
    if reports_dir.is_dir():
        write_index(reports_dir, summaries)
    return errors


_SHARED: tuple = ()  # (corpus, overrides) for the worker processes, which inherit it


def _align_job(job: tuple[int, int, bool]):
    from differ.align import align_reports

    corpus, overrides = _SHARED
    base, target, with_overrides = job
    return align_reports(corpus.load(base), corpus.load(target), overrides if with_overrides else None)


def align_pairs(corpus: Corpus, jobs: list[tuple[int, int, bool]], overrides=None) -> dict[tuple[int, int, bool], object]:
    """Align each ``(base year, target year, with the override file?)``; on two cores where
    there are two (the editions are parsed first, so forked workers inherit them)."""
    global _SHARED
    import multiprocessing
    import os

    _SHARED = (corpus, overrides)
    try:
        workers = min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
        if workers > 1 and len(jobs) >= 4 and "fork" in multiprocessing.get_all_start_methods():
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                return dict(zip(jobs, pool.map(_align_job, jobs, chunksize=max(1, len(jobs) // (4 * workers)))))
        return {job: _align_job(job) for job in jobs}
    finally:
        _SHARED = ()


def run_update(corpus: Corpus, reports_dir: Path, config=None, *, until_year: int | None = None,
               step: Callable[[str], None] | None = None, pretty: bool = False) -> UpdateResult:
    """Fetch editions newer than the corpus's newest (up to ``until_year``, default this
    year), then regenerate the reports. Raises DifferError if another update holds the lock."""
    from differ.fetch import FetchConfig, fetch_years

    reports_dir = Path(reports_dir)
    with exclusive_lock(corpus.root / LOCK_NAME):
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
        errors = regenerate(corpus, reports_dir, step, pretty=pretty)
        after = _digest_tree(reports_dir)
        written = tuple(p for p, h in after.items() if before.get(p) != h)
    return UpdateResult(probed=tuple(probed), written=written, errors=tuple(errors))
