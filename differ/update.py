"""``differ update``: the cron job.

Probe for editions newer than the newest in the corpus, fetch them, then regenerate what
depends on the corpus: the comparison of every edition with the one before it, the trend
page, the cross-country pages, ``reports/feed.xml`` and ``reports/index.html``. Every
output is deterministic and written only when its bytes change (see
:func:`differ.corpus.atomic_write_bytes`), so a run with nothing new rewrites no file; a
lock stops two runs from working on one corpus at once.

* :func:`run_update` – one country, as ``differ update --country kazakhstan`` always did:
  each year is probed on its own (the country page, then the edition index).
* :func:`update_countries` – many countries (``differ update``, or a ``--country`` list):
  each new edition's index page is read once and the countries it lists are fetched, then
  every country is regenerated in a pool of worker processes (:func:`refresh_country`), and
  each pair of consecutive editions that several countries share gets its cross-country
  page, the same bytes ``differ diff OLD NEW --country all`` writes.

What a run tells (:attr:`UpdateResult.news`, sent by ``--notify``) are the comparisons in
which an edition appeared or changed: a page rewritten only because differ changed is not news.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from differ.corpus import Corpus
from differ.errors import DifferError, failure_reason
from differ.lock import corpus_lock
from differ.names import comparison_stem, trend_stem


@dataclass(frozen=True)
class UpdateResult:
    probed: tuple = ()  # fetch.YearResult for every year probed (with its country, for many)
    written: tuple[Path, ...] = ()  # report files whose content changed
    errors: tuple[str, ...] = ()  # one line each
    news: tuple = ()  # notify.ComparisonNews: comparisons in which an edition appeared or changed

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
    from differ.corpus import sha256_file

    if not root.is_dir():
        return {}
    return {p: sha256_file(p) for p in sorted(root.iterdir()) if p.is_file()}


def publish_trend(corpus: Corpus, reports_dir: Path, years: list[int] | None = None,
                  index: bool = True, *, alignments=None) -> tuple[Path, Path]:
    from differ.render import write_trend
    from differ.trend import trend_corpus

    return write_trend(trend_corpus(corpus, years, alignments=alignments),
                       Path(reports_dir) / f"{trend_stem(corpus.country)}.html", index=index)


# --- one country -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryRefresh:
    """What regenerating one country's pages came to."""

    country: str
    errors: tuple[str, ...]  # one line each, without the country: "2024: …", "2016→2023: …", "trend: …"
    # every pair of consecutive editions: compared (with its cross-country summary) or failed, and why
    pairs: tuple[tuple[int, int, object], ...] = ()  # (old, new, edition.CountryResult)
    # the comparisons written: JSON file name → the comparison's summary, for the index
    summaries: tuple[tuple[str, dict], ...] = ()


def refresh_country(corpus: Corpus, reports_dir: Path, step: Callable[[str], None] | None = None, *,
                    summaries: bool = False, workers: int | None = None) -> CountryRefresh:
    """Every consecutive comparison and the trend page of one country (not the index).

    An edition that cannot be read is reported once and left out (its neighbours are
    compared with each other), and one page that fails does not stop the others. With
    ``summaries``, each comparison's :func:`differ.edition.country_summary` comes back for
    the cross-country pages. Work is done once: each edition is parsed once, and each pair
    of editions aligned once for its comparison and the trend page (:func:`align_pairs`,
    with up to ``workers`` processes, default two)."""
    from differ.diff import compare_years
    from differ.edition import FAILED, OK, CountryResult, _one_line, country_summary
    from differ.render import write_comparison_files

    country = corpus.country
    try:
        every_year = corpus.years()
    except DifferError as e:
        return CountryRefresh(country, (str(e),))
    errors: list[str] = []
    years, unreadable = [], {}
    for year in every_year:
        try:
            corpus.load(year)  # parsed once here; the comparisons reuse it
            years.append(year)
        except Exception as e:
            errors.append(f"{year}: {failure_reason(e)}")
            unreadable[year] = failure_reason(e)
    aligned, trend_alignments = _alignments(corpus, years, step, workers)
    trend = None
    if len(years) >= 2:  # the trend page, beside the comparisons on a second core where there is one
        trend = _Background(workers, publish_trend, corpus, reports_dir, years, index=False,
                            alignments=trend_alignments)
    pairs, written = [], []
    for old, new in zip(years, years[1:]):
        if step:
            step(f"comparing {old} → {new}")
        try:
            comparison = compare_years(corpus, old, new, alignment=aligned.get((old, new, True)))
            json_path = Path(reports_dir) / f"{comparison_stem(country, old, new)}.json"
            write_comparison_files(corpus, comparison, json_path, index=False)
            written.append((json_path.name, comparison.summary))
            summary = country_summary(comparison.to_json(), corpus.load(old), corpus.load(new)) if summaries else None
            pairs.append((old, new, CountryResult(country, OK, summary=summary)))
        except Exception as e:
            errors.append(f"{old}→{new}: {failure_reason(e)}")
            pairs.append((old, new, CountryResult(country, FAILED, reason=_one_line(failure_reason(e)))))
    for old, new in zip(every_year, every_year[1:]):  # the pairs an unreadable edition left out
        bad = next((y for y in (old, new) if y in unreadable), None)
        if bad is not None:
            pairs.append((old, new, CountryResult(country, FAILED, reason=_one_line(unreadable[bad]))))
    if trend is not None:
        if step:
            step("trend page")
        try:
            trend.result()
        except Exception as e:
            errors.append(f"trend: {failure_reason(e)}")
    return CountryRefresh(country, tuple(errors), tuple(pairs), tuple(written))


def _alignments(corpus: Corpus, years: list[int], step, workers: int | None):
    """The alignments the comparisons (override file applied) and the trend page (without
    it; see differ.trend.compute_trend: each edition with the one before it and with the
    first) need, each made once: ``(by (base, target, with overrides?), the trend's
    (base, target) → alignment)``. Nothing when the override file is unreadable: each
    comparison then reports it, and the trend page aligns for itself."""
    from differ.align import OVERRIDES_FILE, load_overrides

    try:
        overrides = load_overrides(corpus.dir / OVERRIDES_FILE)
    except DifferError:
        return {}, None
    consecutive = list(zip(years, years[1:]))
    jobs = [(old, new, True) for old, new in consecutive]
    jobs += [(old, new, False) for old, new in consecutive if overrides.apply_to(old, new)]
    jobs += [(years[0], year, False) for year in years[2:]]
    if step and len(jobs) > 1:
        step(f"aligning {len(jobs)} pairs of editions")
    try:
        aligned = align_pairs(corpus, jobs, overrides, workers=workers)
    except Exception:  # each comparison then aligns for itself, and says what went wrong
        return {}, None
    trend = {(b, t): a for (b, t, with_overrides), a in aligned.items()
             if not with_overrides or not overrides.apply_to(b, t)}
    return aligned, trend


# What forked worker processes need, inherited rather than sent: set just before they start.
_SHARED: tuple = ()


def _forked_pool(workers: int | None, jobs: int = 1):
    """A pool of up to ``workers`` processes (default two) forked from this one, so they
    inherit what it has parsed and computed; None where that is not worth it or not safe:
    one core, too few jobs, no fork, or other threads running here (forking a process
    that runs threads can deadlock the child)."""
    import multiprocessing
    import threading

    from differ.edition import default_workers

    workers = min(2, default_workers()) if workers is None else workers
    if workers < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(min(workers, jobs), mp_context=multiprocessing.get_context("fork"))


def _align_job(job: tuple[int, int, bool]):
    from differ.align import align_reports

    corpus, overrides = _SHARED
    base, target, with_overrides = job
    return align_reports(corpus.load(base), corpus.load(target), overrides if with_overrides else None)


def align_pairs(corpus: Corpus, jobs: list[tuple[int, int, bool]], overrides=None, *,
                workers: int | None = None) -> dict[tuple[int, int, bool], object]:
    """Align each ``(base year, target year, with the override file?)``, in forked worker
    processes where there are cores for them (see :func:`_forked_pool`), else here."""
    global _SHARED
    _SHARED = (corpus, overrides)
    try:
        pool = _forked_pool(workers, len(jobs)) if len(jobs) >= 4 else None
        if pool is None:
            return {job: _align_job(job) for job in jobs}
        with pool:
            return dict(zip(jobs, pool.map(_align_job, jobs, chunksize=max(1, len(jobs) // 8))))
    finally:
        _SHARED = ()


def _run_shared():
    fn, args, kwargs = _SHARED
    return fn(*args, **kwargs)


class _Background:
    """``fn(*args, **kwargs)`` in a forked process while this one goes on (or here, now,
    where there is no second core); :meth:`result` returns its value or raises its error."""

    def __init__(self, workers: int | None, fn, *args, **kwargs):
        global _SHARED
        self._pool = _forked_pool(workers)
        if self._pool is None:
            try:
                self._value, self._error = fn(*args, **kwargs), None
            except Exception as e:
                self._value, self._error = None, e
            return
        _SHARED = (fn, args, kwargs)
        try:
            self._future = self._pool.submit(_run_shared)  # forks now: the child sees _SHARED
        finally:
            _SHARED = ()

    def result(self):
        if self._pool is None:
            if self._error is not None:
                raise self._error
            return self._value
        with self._pool:
            return self._future.result()


def regenerate(corpus: Corpus, reports_dir: Path, step: Callable[[str], None] | None = None) -> list[str]:
    """Every consecutive comparison, the trend page and the index; returns error lines."""
    refreshed = refresh_country(corpus, reports_dir, step)
    return list(refreshed.errors) + _write_index(reports_dir, dict(refreshed.summaries))


def _write_index(reports_dir: Path, summaries: dict[str, dict] | None = None) -> list[str]:
    """The index, written once at the end of a run (``summaries``: those of the comparisons
    just written, whose JSON need not be read back)."""
    from differ.render import write_index

    if not Path(reports_dir).is_dir():
        return []
    try:
        write_index(Path(reports_dir), summaries)
    except Exception as e:
        return [f"index: {failure_reason(e)}"]
    return []


# --- what a run wrote, and what of it is news ------------------------------------------------------


@dataclass
class _Before:
    """The reports directory before a run: file digests, and the editions each comparison compared."""

    digests: dict[Path, str]
    editions: dict[str, tuple[str, str]]

    @classmethod
    def take(cls, reports_dir: Path) -> "_Before":
        from differ.notify import compared_editions

        return cls(_digest_tree(reports_dir), compared_editions(reports_dir))


def _feed_and_news(reports_dir: Path, before: _Before, base_url: str | None,
                   errors: list[str]) -> tuple[tuple[Path, ...], tuple]:
    """Write ``feed.xml``; then (the files the run changed, the news among them). Each
    comparison's JSON is read once, for both."""
    from differ.notify import feed_news, news_from_written, only_new_editions, write_feed

    reports_dir = Path(reports_dir)
    every: list = []
    if reports_dir.is_dir():
        try:
            every = feed_news(reports_dir)
            write_feed(reports_dir, base_url, news=every)
        except Exception as e:
            errors.append(f"feed: {failure_reason(e)}")
    after = _digest_tree(Path(reports_dir))
    written = tuple(p for p, h in after.items() if before.digests.get(p) != h)
    news = only_new_editions(news_from_written(written, before.digests, known=every), before.editions)
    return written, tuple(news)


def run_update(corpus: Corpus, reports_dir: Path, config=None, *, until_year: int | None = None,
               step: Callable[[str], None] | None = None, base_url: str | None = None) -> UpdateResult:
    """Fetch editions newer than the corpus's newest (up to ``until_year``, default this
    year), then regenerate the reports. Raises DifferError if another update holds the lock.

    ``base_url``: where the reports directory is published, for absolute links in the feed."""
    from differ.fetch import FetchConfig, fetch_years

    reports_dir = Path(reports_dir)
    with corpus_lock(corpus.root, "differ update"):
        years = corpus.years()
        last = until_year or _dt.date.today().year
        first = (max(years) + 1) if years else last
        probe = list(range(first, last + 1))
        before = _Before.take(reports_dir)
        probed = []
        if probe:
            if step:
                step(f"probing {probe[0]}–{probe[-1]}" if len(probe) > 1 else f"probing {probe[0]}")
            probed = fetch_years(corpus, probe, config or FetchConfig())
        errors = regenerate(corpus, reports_dir, step)
        written, news = _feed_and_news(reports_dir, before, base_url, errors)
    return UpdateResult(probed=tuple(probed), written=written, errors=tuple(errors), news=news)


# --- many countries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RefreshTask:
    corpus_root: str
    country: str
    reports_dir: str
    in_pool: bool = True  # run by a pool of one worker per core (the countries are its parallelism)


def _refresh_task(task: _RefreshTask) -> CountryRefresh:
    """One country's pages, in a worker process."""
    try:  # one country per worker already: its alignments are made here, not in more workers
        return refresh_country(Corpus(task.corpus_root, task.country), Path(task.reports_dir), summaries=True,
                               workers=1 if task.in_pool else None)
    except Exception as e:  # a bug on one country must not stop the others
        return CountryRefresh(task.country, (failure_reason(e),))


def _country_bytes(task: _RefreshTask) -> int:
    from differ.edition import country_bytes

    return country_bytes(task.corpus_root, task.country)


def refresh_countries(corpus_root: str | os.PathLike, countries: Sequence[str], reports_dir: Path, *,
                      workers: int | None = None, progress: Callable[[CountryRefresh], None] | None = None
                      ) -> list[CountryRefresh]:
    """:func:`refresh_country` for every country in a pool of workers, sorted by country."""
    from differ.edition import _run_tasks, default_workers

    workers = max(1, min(workers or default_workers(), len(set(countries)) or 1))
    tasks = [_RefreshTask(str(corpus_root), c, str(reports_dir), workers > 1) for c in sorted(set(countries))]
    if not tasks:
        return []
    died = lambda task, why: CountryRefresh(task.country, (why,))  # noqa: E731
    results = list(_run_tasks(tasks, workers, progress, work=_refresh_task, cost=_country_bytes, died=died))
    return sorted(results, key=lambda r: r.country)


def _shared_pairs(refreshed: list[CountryRefresh]) -> dict[tuple[int, int], list]:
    """Each pair of consecutive editions that two or more countries have, with their results."""
    by_pair: dict[tuple[int, int], list] = defaultdict(list)
    for r in refreshed:
        for old, new, result in r.pairs:
            by_pair[(old, new)].append(result)
    return {pair: results for pair, results in sorted(by_pair.items()) if len(results) >= 2}


def publish_cross_country(corpus_root: str | os.PathLike, countries: Sequence[str], refreshed: list[CountryRefresh],
                          reports_dir: Path, *, workers: int | None = None) -> list[str]:
    """The cross-country page of every pair of consecutive editions several countries share,
    over every country of ``countries``, exactly as ``differ diff OLD NEW --country …`` writes
    it: the countries compared above, the ones that hold both editions without them being
    consecutive compared now, the others skipped. Returns error lines."""
    from differ.edition import EditionRun, compare_edition, lacks_editions, write_edition_files

    errors = []
    for (old, new), results in _shared_pairs(refreshed).items():
        have = {r.country for r in results}
        holders = []
        try:
            for country in countries:
                if country in have:
                    continue
                try:
                    lacking = lacks_editions(Corpus(corpus_root, country), old, new)
                except DifferError:
                    lacking = None  # its comparison will say why
                if lacking:
                    results = results + [lacking]
                else:
                    holders.append(country)
            if holders:  # both editions, not consecutive ones (2016 and 2024 beside 2023)
                results = results + list(compare_edition(corpus_root, holders, old, new, reports_dir,
                                                         workers=workers).results)
            run = EditionRun(old, new, tuple(sorted(results, key=lambda r: r.country)))
            write_edition_files(run, reports_dir)
        except Exception as e:
            errors.append(f"{old}→{new} cross-country page: {failure_reason(e)}")
    return errors


def _years_to_probe(corpus_root, countries: Sequence[str], until_year: int | None,
                    errors: list[str]) -> tuple[dict[int, list[str]], list[str]]:
    """Year → the countries to probe it for (each country: the years after its newest edition);
    and the countries whose manifest can be read at all."""
    last = until_year or _dt.date.today().year
    wanted: dict[int, list[str]] = defaultdict(list)
    readable = []
    for country in countries:
        try:
            years = Corpus(corpus_root, country).years()
        except DifferError as e:
            errors.append(f"{country}: {e}")
            continue
        readable.append(country)
        for year in range((max(years) + 1) if years else last, last + 1):
            wanted[year].append(country)
    return dict(wanted), readable


Stage = Callable[[str, int], "Callable[[], None] | None"]


def update_countries(corpus_root: str | os.PathLike, countries: Sequence[str], reports_dir: Path, config=None, *,
                     until_year: int | None = None, workers: int | None = None, base_url: str | None = None,
                     stage: Stage | None = None) -> UpdateResult:
    """``differ update`` over many countries, under the corpus lock.

    Fetches each country's editions newer than its newest (each edition's index page read
    once), regenerates every country in a pool of ``workers`` processes, writes the
    cross-country pages, ``feed.xml`` and the index. ``stage(label, total)`` is told when
    fetching and regenerating start and may return a function called once per item done
    (for a progress bar). Error lines name the country."""
    from differ.fetch import EditionFetcher, FetchConfig, sort_results

    reports_dir = Path(reports_dir)
    errors: list[str] = []
    with corpus_lock(corpus_root, "differ update"):
        before = _Before.take(reports_dir)
        wanted, readable = _years_to_probe(corpus_root, countries, until_year, errors)
        with EditionFetcher(corpus_root, config or FetchConfig()) as fetcher:
            jobs, decided = fetcher.plan(wanted, by_index=True)
            tick = stage("Fetching", len(jobs)) if stage else None
            fetched = fetcher.run_all(jobs, progress=(lambda r: tick()) if tick else None)
        probed = sort_results(decided + fetched)
        tick = stage("Regenerating", len(readable)) if stage else None
        if readable:
            reports_dir.mkdir(parents=True, exist_ok=True)
        refreshed = refresh_countries(corpus_root, readable, reports_dir, workers=workers,
                                      progress=(lambda r: tick()) if tick else None)
        if stage:
            stage("", 0)
        errors += [f"{r.country} {line}" if line[:1].isdigit() or line.startswith("trend") else f"{r.country}: {line}"
                   for r in refreshed for line in r.errors]
        errors += publish_cross_country(corpus_root, readable, refreshed, reports_dir, workers=workers)
        errors += _write_index(reports_dir, {name: summary for r in refreshed for name, summary in r.summaries})
        written, news = _feed_and_news(reports_dir, before, base_url, errors)
    return UpdateResult(probed=tuple(probed), written=written, errors=tuple(errors), news=news)
