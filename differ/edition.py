"""A whole edition at once: every country's comparison of two editions, and what they add up to.

:func:`compare_edition` compares every country that has both editions in a pool of
worker processes (``workers=1`` runs in this process). Each worker compares one country,
writes its page and JSON exactly as ``differ diff`` does
(:func:`differ.diff.compare_years`, :func:`differ.render.write_comparison_files`) and
returns only the small :func:`country_summary` the cross-country page needs, so memory
stays flat however many countries there are. A country whose report is missing, broken
or unparseable comes back ``failed`` with a one-line reason; the others complete.

:func:`edition_overview` adds the summaries up (per country, per abuse category, per
section of the old outline), and :func:`write_edition_files` writes
``reports/<OLD>-<NEW>.json``, ``.csv`` and ``.html``. Results are sorted by country
before anything is added up or written, so every file is byte-identical whatever the
number of workers and whichever worker finished first.

The summaries read the comparison JSON, using the fields agreed with the findings work
(``summary.size``, ``summary.changes.dropped_with_section``, abuse ``old_items``…) when
they are there and computing the same figures from older fields and the parsed reports
when they are not.
"""

from __future__ import annotations

import os
import re
import statistics as _stats
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from differ.corpus import corpus_countries  # noqa: F401  (part of this module's API)
from differ.errors import DifferError, failure_reason
from differ.names import comparison_stem, edition_stem

OK, FAILED, SKIPPED = "ok", "failed", "skipped"
NO_CATEGORY = "other (not in the taxonomy)"
REASON_LIMIT = 300  # characters of a failure reason: one line in a table
PROVENANCE = ("sha256", "source_url", "final_url", "fetched_at", "last_modified")


# --- running the comparisons ---------------------------------------------------------------------


@dataclass(frozen=True)
class CountryResult:
    """One country of a whole-edition run: ``ok`` with its summary, or ``failed`` / ``skipped`` and why."""

    country: str
    status: str  # ok | failed | skipped (the corpus lacks one of the two editions)
    summary: dict | None = None
    reason: str | None = None
    page_summary: dict | None = None  # the written comparison JSON's own summary, for the index

    @property
    def ok(self) -> bool:
        return self.status == OK


@dataclass(frozen=True)
class EditionRun:
    """Every country's result, sorted by country."""

    old_year: int
    new_year: int
    results: tuple[CountryResult, ...]

    @property
    def compared(self) -> list[CountryResult]:
        return [r for r in self.results if r.status == OK]

    @property
    def failed(self) -> list[CountryResult]:
        return [r for r in self.results if r.status == FAILED]

    @property
    def skipped(self) -> list[CountryResult]:
        return [r for r in self.results if r.status == SKIPPED]

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class _Task:
    corpus_root: str
    country: str
    old_year: int
    new_year: int
    reports_dir: str


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= REASON_LIMIT else line[: REASON_LIMIT - 1] + "…"


def lacks_editions(corpus, old_year: int, new_year: int) -> CountryResult | None:
    """``skipped`` (and which edition is missing) when the country's corpus lacks one of the two
    editions, else None. Reads the manifest only."""
    have = corpus.years()
    missing = [str(y) for y in (old_year, new_year) if y not in have]
    if missing:
        return CountryResult(corpus.country, SKIPPED, reason=f"no {' or '.join(missing)} edition in the corpus")
    return None


def _compare_country(task: _Task) -> CountryResult:
    """Compare one country and write its page (runs in a worker process)."""
    from differ.corpus import Corpus
    from differ.diff import compare_years
    from differ.render import write_comparison_files

    try:
        corpus = Corpus(task.corpus_root, task.country)
        lacking = lacks_editions(corpus, task.old_year, task.new_year)
        if lacking:
            return lacking
        comparison = compare_years(corpus, task.old_year, task.new_year)
        stem = comparison_stem(task.country, task.old_year, task.new_year)
        write_comparison_files(corpus, comparison, Path(task.reports_dir) / f"{stem}.json", index=False)
        data = comparison.to_json()
        summary = country_summary(data, corpus.load(task.old_year), corpus.load(task.new_year))
        return CountryResult(task.country, OK, summary=summary, page_summary=data["summary"])
    except Exception as e:  # a bug on one country's text must not stop the other 194
        return CountryResult(task.country, FAILED, reason=_one_line(failure_reason(e)))


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def country_bytes(corpus_root: str | os.PathLike, country: str, years: Iterable[int] | None = None) -> int:
    """Bytes of a country's files in the corpus (of ``years``' report files only, if given): a
    pool starts the biggest countries first, so no worker is left with a long report at the
    end while the other idles."""
    stems = None if years is None else {str(y) for y in years}
    total = 0
    for path in (Path(corpus_root) / country).glob("*"):
        if stems is None or path.stem in stems:
            try:
                total += path.stat().st_size
            except OSError:
                pass
    return total


def _cost(task: _Task) -> int:
    return country_bytes(task.corpus_root, task.country, (task.old_year, task.new_year))


# Imported once by the pool's server, so no worker pays for them (differ's own modules import
# these lazily to keep `differ --help` fast).
_PRELOAD = ["rapidfuzz.fuzz", "rapidfuzz.process", "fast_diff_match_patch", "diff_match_patch", "jinja2", "markupsafe",
            "differ.edition", "differ.diff", "differ.align", "differ.extract", "differ.render", "differ.parse.text",
            "differ.trend", "differ.update"]


def _pool_context():
    """forkserver where there is one: workers fork from a clean server that has imported the
    diff engine once (plain fork from a parent with threads, e.g. under a test server, can deadlock)."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover - not POSIX
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    return ctx


def compare_edition(corpus_root: str | os.PathLike, countries: Sequence[str], old_year: int, new_year: int,
                    reports_dir: str | os.PathLike, *, workers: int | None = None,
                    progress: Callable[[CountryResult], None] | None = None) -> EditionRun:
    """Compare ``old_year`` with ``new_year`` for every country in ``countries``, in parallel.

    Writes ``<country>-<OLD>-<NEW>.json`` and ``.html`` into ``reports_dir`` for each
    country compared (not ``index.html``: see :func:`publish_edition`). ``progress`` is
    called with each :class:`CountryResult` as it arrives (in completion order); the
    returned run is sorted by country.
    """
    from differ.corpus import validate_slug, validate_year

    old_year, new_year = validate_year(old_year), validate_year(new_year)
    if old_year >= new_year:
        from differ.errors import UsageError

        raise UsageError(f"OLD ({old_year}) must be an earlier edition than NEW ({new_year})")
    reports_dir = Path(reports_dir)
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DifferError(f"cannot create {reports_dir}: {e.strerror or e}") from None
    tasks = [_Task(str(corpus_root), validate_slug(c), old_year, new_year, str(reports_dir))
             for c in sorted(set(countries))]
    workers = max(1, min(workers or default_workers(), len(tasks)))
    results = list(_run_tasks(tasks, workers, progress))
    results.sort(key=lambda r: r.country)
    return EditionRun(old_year, new_year, tuple(results))


def _run_tasks(tasks: list, workers: int, progress, work: Callable = None, cost: Callable = None,
               died: Callable = None) -> Iterable:
    """``work(task)`` for every task, in this process (``workers=1``) or in a pool, yielding each
    result as it arrives (largest ``cost`` first). A worker that dies is ``died(task, reason)``.
    Defaults: one country's comparison (:func:`_compare_country`)."""
    work = work or _compare_country
    cost = cost or _cost
    died = died or (lambda task, why: CountryResult(task.country, FAILED, reason=why))

    def report(result):
        if progress:
            progress(result)
        return result

    if workers == 1:
        for task in tasks:
            yield report(work(task))
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    why = "the worker process died (out of memory, killed, or could not start)"
    done: set[str] = set()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
            try:
                futures = {pool.submit(work, t): t for t in sorted(tasks, key=cost, reverse=True)}
                for future in as_completed(futures):
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        result = died(futures[future], why)
                    done.add(result.country)
                    yield report(result)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    except BrokenProcessPool:  # the pool broke before every task was handed out
        for task in tasks:
            if task.country not in done:
                yield report(died(task, why))


# --- for the terminal ------------------------------------------------------------------------------


def _run_table(run: EditionRun) -> str:
    """One line per country of a whole-edition run: how much of the old length is left,
    sections removed, abuses added and dropped, figures changed, laws added and dropped; a
    failed or skipped country's line says why."""
    rows = [("COUNTRY", "NEW/OLD WORDS", "SECTIONS REMOVED", "ABUSES +/−", "FIGURES CHANGED", "LAWS +/−")]
    notes = []
    for r in run.results:
        s = r.summary
        if not r.ok or not s:
            notes.append((r.country, f"{r.status}: {r.reason or ''}".rstrip(": ")))
            continue
        ratio = s["size"]["ratio"]
        rows.append((r.country, f"{ratio * 100:.0f}%" if ratio is not None else "–", str(len(s["sections"]["removed"])),
                     f"+{len(s['abuses']['added'])}/−{len(s['abuses']['dropped'])}", str(s["statistics"]["changed"]),
                     f"+{len(s['laws']['added'])}/−{len(s['laws']['dropped'])}"))
    width = max(len(row[0]) for row in rows + [(c, "") for c, _ in notes])
    widths = [width] + [max(len(row[i]) for row in rows) for i in range(1, len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines += [f"{country.ljust(width)}  {note}" for country, note in notes]
    return "\n".join(lines)


def _run_totals(run: EditionRun) -> str:
    """"3 countries compared (median length 36% of 2023), 1 failed, 1 skipped"."""
    ratios = [r.summary["size"]["ratio"] for r in run.compared if r.summary and r.summary["size"]["ratio"] is not None]
    median = f" (median length {_stats.median(ratios) * 100:.0f}% of {run.old_year})" if ratios else ""
    parts = [f"{len(run.compared)} {'country' if len(run.compared) == 1 else 'countries'} compared{median}"]
    parts += [f"{len(rs)} {what}" for what, rs in (("failed", run.failed), ("skipped", run.skipped)) if rs]
    return ", ".join(parts)


def format_run(run: EditionRun) -> str:
    """What ``differ diff OLD NEW --country all`` prints: a line per country, then the totals."""
    return _run_table(run) + "\n" + _run_totals(run)


# --- one country's summary -------------------------------------------------------------------------

_TITLE_TAIL = re.compile(r"\s+(?:\d\s?){3}\d\s+Human\s+Rights\s+Report\s*$", re.I)
_NONE_LISTED = re.compile(r"\bno\s+(?:credible\s+)?reports?\s+of\s+(?:any\s+)?significant\s+human\s+rights\s+abuses", re.I)
_SECTION_NO = re.compile(r"^\s*section\s+\d+\s*[.:]?\s*", re.I)
_LETTER = re.compile(r"^\s*[a-z]\s*[.)]\s+")
_SEE = re.compile(r"\(\s*see\s+section[^)]*\)", re.I)


def topic_key(path: Sequence[str]) -> str:
    """One key for a section across countries: numbering, lettering, "(see section 6)", case,
    spacing and punctuation ignored, so "Section 6. Discrimination and Societal Abuses > Women"
    and a report's "g. S tateless Persons" (a PDF extraction split) meet their counterparts."""
    parts = []
    for heading in path:
        h = _LETTER.sub("", _SECTION_NO.sub("", _SEE.sub(" ", heading)))
        parts.append(re.sub(r"[^0-9a-z]+", "", h.lower()) or re.sub(r"\s+", "", heading.lower()))
    return " > ".join(parts)


def _size(summary: dict, old_report, new_report) -> dict:
    from differ.diff import body_words, size_summary

    size = summary.get("size")
    if isinstance(size, dict) and isinstance(size.get("old_words"), int):
        return {"old_words": size["old_words"], "new_words": size["new_words"], "ratio": size["ratio"]}
    return size_summary(body_words(old_report), body_words(new_report))


def _country_name(report, slug: str) -> str:
    title = _TITLE_TAIL.sub("", report.title or "").strip()
    if title and re.sub(r"[^a-z]", "", title.lower()) == slug.replace("-", ""):
        return title
    from differ.render import country_name

    return country_name(slug)


def _none_listed(report) -> str | None:
    """The executive summary's sentence saying it lists no abuses ("There were no credible
    reports of significant human rights abuses."), if it has one."""
    for section in report.sections[:1]:
        for para in section.paragraphs:
            for sentence in para.sentences or (para.text,):
                if _NONE_LISTED.search(sentence):
                    return " ".join(sentence.split())
    return None


def _with_section(change: dict, section: dict, kind: str) -> bool:
    """``with_section`` from the findings work; before it, the section's status says the same."""
    flag = change.get("with_section")
    if isinstance(flag, bool):
        return flag
    return section.get("status") == kind


def _text_changes(sections: list[dict], changes_summary: dict) -> dict:
    dropped_with = dropped_within = words_with = added_with = 0
    for s in sections:
        for c in s.get("changes") or ():
            if c.get("kind") == "dropped":
                if _with_section(c, s, "dropped"):
                    dropped_with += 1
                    words_with += len((c.get("old_text") or "").split())
                else:
                    dropped_within += 1
            elif c.get("kind") == "added" and _with_section(c, s, "added"):
                added_with += 1
    return {
        "dropped": changes_summary.get("dropped", dropped_with + dropped_within),
        "dropped_with_section": changes_summary.get("dropped_with_section", dropped_with),
        "dropped_within_section": changes_summary.get("dropped_within_section", dropped_within),
        "words_dropped_with_section": words_with,
        "added": changes_summary.get("added", 0),
        "added_with_section": changes_summary.get("added_with_section", added_with),
        "changed": changes_summary.get("changed", 0),
        "moved": changes_summary.get("moved", 0),
    }


def _items(entry: dict, side: str) -> list[str]:
    items = entry.get(f"{side}_items")
    if isinstance(items, list):
        return [str(x) for x in items]
    text = entry.get(f"{side}_text")
    return [text] if text else []


def _abuses(abuses: list[dict], old_report, new_report) -> tuple[dict, dict]:
    """Counts and names of the abuse list, and the categories each edition lists."""
    old_items = {t for a in abuses for t in _items(a, "old")}
    new_items = {t for a in abuses for t in _items(a, "new")}
    cats = {"old": set(), "new": set()}
    for a in abuses:
        for side in ("old", "new"):
            if _items(a, side):
                # every category of the side's items ("serious restrictions on internet freedom"
                # is internet freedom as well as expression), the filed one where none is given
                cats[side].update(a.get(f"{side}_categories") or [a.get("category") or NO_CATEGORY])
    view = {
        "old": len(old_items),
        "new": len(new_items),
        "kept": sum(1 for a in abuses if a.get("status") == "kept"),
        "added": [a.get("new_text") or "" for a in abuses if a.get("status") == "added"],
        "dropped": [a.get("old_text") or "" for a in abuses if a.get("status") == "dropped"],
        "none_listed": {"old": None if old_items else _none_listed(old_report),
                        "new": None if new_items else _none_listed(new_report)},
    }
    categories = {"old": sorted(cats["old"]), "new": sorted(cats["new"]),
                  "dropped": sorted(cats["old"] - cats["new"]), "added": sorted(cats["new"] - cats["old"])}
    return view, categories


def _kept_shares(sections: list[dict], old_report) -> dict[tuple[str, ...], float | None]:
    """For each old section, the share of its words (subsections included) that are still in the
    new edition: in place, moved, or left standing in a reworded sentence, i.e. everything but
    its ``dropped`` text and the words its rewordings struck (an executive summary whose list of
    abuses lost 11 of its 19 items is reworded, not kept whole). It tells a section whose whole
    text went from one the aligner pinned to a new section by a sentence or two ("Women" →
    "Coercion in Population Control" for one line on coerced abortion)."""
    own: dict[tuple[str, ...], int] = {}
    for sec in old_report.walk():
        own[sec.path] = own.get(sec.path, 0) + sum(len(p.text.split()) for p in sec.paragraphs)
    dropped: dict[tuple[str, ...], int] = defaultdict(int)
    for s in sections:
        for c in s.get("changes") or ():
            if c.get("kind") == "dropped" and c.get("old_section"):
                dropped[tuple(c["old_section"])] += len((c.get("old_text") or "").split())
            elif c.get("kind") == "changed" and c.get("old_section") and c.get("redline"):
                dropped[tuple(c["old_section"])] += sum(len(text.split()) for op, text in c["redline"] if op == "delete")
    shares = {}
    for path in own:
        under = [p for p in own if p[:len(path)] == path]
        total = sum(own[p] for p in under)
        gone = sum(dropped.get(p, 0) for p in under)
        shares[path] = round(max(0.0, 1 - gone / total), 3) if total else None
    return shares


def _outline(sections: list[dict], old_report) -> dict:
    """The old outline as topic keys, which of them the new edition dropped or added, and how
    much of each one's text it kept."""
    labels: dict[str, str] = {}
    kept: dict[str, float | None] = {}
    shares = _kept_shares(sections, old_report)
    for s in old_report.walk():
        key = topic_key(s.path)
        if key not in labels:
            labels[key] = " > ".join(s.path)
            kept[key] = shares[s.path]
    dropped, added = {}, {}
    for s in sections:
        if s.get("status") == "dropped" and s.get("old_path"):
            dropped.setdefault(topic_key(s["old_path"]), s.get("anchor"))
        elif s.get("status") == "added" and s.get("new_path"):
            key = topic_key(s["new_path"])
            added.setdefault(key, s.get("anchor"))
            labels.setdefault(key, " > ".join(s["new_path"]))
    return {"old": list(kept), "labels": labels, "kept": kept, "dropped": dropped, "added": added}


def _removed(sections: list[dict], old_report) -> list[dict]:
    """Sections of the old edition with no counterpart in the new one, in the old outline's order."""
    position = {s.path: i for i, s in enumerate(old_report.walk())}
    removed = [s for s in sections if s.get("status") == "dropped" and s.get("old_path")]
    removed.sort(key=lambda s: position.get(tuple(s["old_path"]), len(position)))
    return [{"heading": s.get("old_heading") or "", "path": list(s["old_path"]), "anchor": s.get("anchor")}
            for s in removed]


def country_summary(data: dict, old_report, new_report) -> dict:
    """What the cross-country page needs from one comparison (``data``: its JSON), and no more.

    ``old_report`` / ``new_report``: the parsed editions, for the word counts and the "no
    abuses listed" sentence when the comparison JSON does not carry them.
    """
    country = data["country"]
    old_year, new_year = data["old"]["year"], data["new"]["year"]
    stem = comparison_stem(country, old_year, new_year)
    summary = data.get("summary") or {}
    sections = list(data.get("sections") or [])
    abuses, categories = _abuses(list(data.get("abuses") or []), old_report, new_report)
    laws = list(data.get("laws") or [])
    stats = summary.get("statistics") or {}
    return {
        "country": country,
        "name": _country_name(new_report, country),
        "page": f"{stem}.html",
        "json": f"{stem}.json",
        "old": {"year": old_year, **{k: data["old"][k] for k in PROVENANCE if data["old"].get(k)}},
        "new": {"year": new_year, **{k: data["new"][k] for k in PROVENANCE if data["new"].get(k)}},
        "size": _size(summary, old_report, new_report),
        "sections": {
            "old": sum(1 for _ in old_report.walk()),
            "new": sum(1 for _ in new_report.walk()),
            "removed": _removed(sections, old_report),
            "added": [{"heading": s.get("new_heading") or "", "path": list(s["new_path"]), "anchor": s.get("anchor")}
                      for s in sections if s.get("status") == "added" and s.get("new_path")],
        },
        "text": _text_changes(sections, summary.get("changes") or {}),
        "abuses": abuses,
        "abuse_categories": categories,
        "statistics": {k: int(stats.get(k, 0)) for k in ("changed", "added", "dropped")},
        "laws": {
            "added": [law.get("name") or "" for law in laws if law.get("status") == "added"],
            "dropped": [law.get("name") or "" for law in laws if law.get("status") == "dropped"],
            "changed": sum(1 for law in laws if law.get("status") == "changed"),
        },
        "outline": _outline(sections, old_report),
    }


# --- adding up -------------------------------------------------------------------------------------


def _ranked_label(counter: Counter) -> str:
    """The spelling most countries use (ties: the first in sort order)."""
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _abuse_topics(rows: list[dict]) -> list[dict]:
    by_cat: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"old": [], "new": []})
    for r in rows:
        for side in ("old", "new"):
            for cat in r["abuse_categories"][side]:
                by_cat[cat][side].append(r["country"])
    topics = []
    for cat in sorted(by_cat, key=lambda c: (c == NO_CATEGORY, c.lower())):
        old, new = by_cat[cat]["old"], by_cat[cat]["new"]
        topics.append({
            "category": cat,
            "old": len(old),
            "new": len(new),
            "dropped_in": [{"country": c, "anchor": "abuses"} for c in old if c not in new],
            "added_in": [{"country": c, "anchor": "abuses"} for c in new if c not in old],
        })
    return topics


def _merged_order(outlines: Sequence[Sequence[str]]) -> list[str]:
    """One order for the topics of many outlines: the longest outline first, then each topic
    another outline adds goes right after the topic it follows there."""
    merged: list[str] = []
    seen: set[str] = set()
    for outline in sorted(outlines, key=len, reverse=True):
        at = 0
        for key in outline:
            if key in seen:
                at = merged.index(key) + 1
                continue
            merged.insert(at, key)
            seen.add(key)
            at += 1
    return merged


def _section_topics(outlines: dict[str, dict]) -> list[dict]:
    """Each section of the old outlines (and each section new in the new edition), across countries."""
    labels: dict[str, Counter] = defaultdict(Counter)
    old_in: dict[str, list[str]] = defaultdict(list)
    dropped_in: dict[str, list[dict]] = defaultdict(list)
    added_in: dict[str, list[dict]] = defaultdict(list)
    kept: dict[str, list[float]] = defaultdict(list)
    for country, o in sorted(outlines.items()):
        for key in o["old"]:
            old_in[key].append(country)
            labels[key][o["labels"][key]] += 1
            if o["kept"].get(key) is not None:
                kept[key].append(o["kept"][key])
        in_old = set(o["old"])
        for key, anchor in sorted(o["dropped"].items()):
            if key in in_old:
                dropped_in[key].append({"country": country, "anchor": anchor})
        for key, anchor in sorted(o["added"].items()):
            added_in[key].append({"country": country, "anchor": anchor})
            labels[key][o["labels"][key]] += 1
    order = _merged_order([o["old"] for _, o in sorted(outlines.items())])
    order += _merged_order([list(o["added"]) for _, o in sorted(outlines.items())])
    topics = []
    for key in dict.fromkeys(order):
        dropped = {d["country"] for d in dropped_in[key]}
        added = {d["country"] for d in added_in[key]}
        label = _ranked_label(labels[key])
        topics.append({
            "key": key,
            "label": label,
            "depth": label.count(" > "),
            "old": len(old_in[key]),
            "new": len({c for c in old_in[key] if c not in dropped} | added),
            "text_kept": round(_stats.median(kept[key]), 3) if kept[key] else None,
            "dropped_in": dropped_in[key],
            "added_in": added_in[key],
        })
    return topics


def _totals(rows: list[dict], run: EditionRun) -> dict:
    ratios = [r["size"]["ratio"] for r in rows]
    return {
        "countries": len(run.results),
        "compared": len(rows),
        "failed": len(run.failed),
        "skipped": len(run.skipped),
        "old_words": sum(r["size"]["old_words"] for r in rows),
        "new_words": sum(r["size"]["new_words"] for r in rows),
        "median_ratio": round(_stats.median(ratios), 3) if ratios else None,
        "sections_removed": sum(len(r["sections"]["removed"]) for r in rows),
        "abuses_old": sum(r["abuses"]["old"] for r in rows),
        "abuses_new": sum(r["abuses"]["new"] for r in rows),
        "abuses_added": sum(len(r["abuses"]["added"]) for r in rows),
        "abuses_dropped": sum(len(r["abuses"]["dropped"]) for r in rows),
        "countries_listing_fewer_abuses": sum(1 for r in rows if r["abuses"]["new"] < r["abuses"]["old"]),
        "statistics_changed": sum(r["statistics"]["changed"] for r in rows),
        "laws_added": sum(len(r["laws"]["added"]) for r in rows),
        "laws_dropped": sum(len(r["laws"]["dropped"]) for r in rows),
    }


EDITION_SCHEMA_VERSION = 1


def edition_overview(run: EditionRun) -> dict:
    """The cross-country data (``reports/<OLD>-<NEW>.json``; see docs/edition.md)."""
    summaries = [r.summary for r in run.results if r.ok and r.summary]
    rows = [{k: v for k, v in s.items() if k != "outline"} for s in summaries]
    return {
        "schema_version": EDITION_SCHEMA_VERSION,
        "old_year": run.old_year,
        "new_year": run.new_year,
        "totals": _totals(rows, run),
        "countries": rows,
        "failed": [{"country": r.country, "reason": r.reason or ""} for r in run.failed],
        "skipped": [{"country": r.country, "reason": r.reason or ""} for r in run.skipped],
        "topics": {
            "abuses": _abuse_topics(rows),
            "sections": _section_topics({s["country"]: s["outline"] for s in summaries}),
        },
    }


CSV_FIELDS = (
    "country", "name", "status", "reason", "old_year", "new_year", "old_words", "new_words", "ratio",
    "sections_old", "sections_new", "sections_removed", "passages_dropped_with_section", "words_dropped_with_section",
    "passages_dropped_within_section", "passages_added", "sentences_changed", "passages_moved",
    "abuses_old", "abuses_new", "abuses_added", "abuses_dropped", "abuse_categories_dropped", "abuse_categories_added",
    "abuses_added_text", "abuses_dropped_text", "statistics_changed", "statistics_added", "statistics_dropped",
    "laws_added", "laws_dropped", "laws_changed", "laws_added_names", "laws_dropped_names", "page",
)


def _csv_row(r: dict) -> dict:
    size, sec, text, ab, cats, laws = (r["size"], r["sections"], r["text"], r["abuses"], r["abuse_categories"],
                                       r["laws"])
    return {
        "country": r["country"], "name": r["name"], "status": OK, "old_year": r["old"]["year"],
        "new_year": r["new"]["year"], "old_words": size["old_words"], "new_words": size["new_words"],
        "ratio": size["ratio"], "sections_old": sec["old"], "sections_new": sec["new"],
        "sections_removed": len(sec["removed"]), "passages_dropped_with_section": text["dropped_with_section"],
        "words_dropped_with_section": text["words_dropped_with_section"],
        "passages_dropped_within_section": text["dropped_within_section"], "passages_added": text["added"],
        "sentences_changed": text["changed"], "passages_moved": text["moved"],
        "abuses_old": ab["old"], "abuses_new": ab["new"], "abuses_added": len(ab["added"]),
        "abuses_dropped": len(ab["dropped"]), "abuse_categories_dropped": "; ".join(cats["dropped"]),
        "abuse_categories_added": "; ".join(cats["added"]), "abuses_added_text": "; ".join(ab["added"]),
        "abuses_dropped_text": "; ".join(ab["dropped"]), "statistics_changed": r["statistics"]["changed"],
        "statistics_added": r["statistics"]["added"], "statistics_dropped": r["statistics"]["dropped"],
        "laws_added": len(laws["added"]), "laws_dropped": len(laws["dropped"]), "laws_changed": laws["changed"],
        "laws_added_names": "; ".join(laws["added"]), "laws_dropped_names": "; ".join(laws["dropped"]),
        "page": r["page"],
    }


def edition_csv(overview: dict) -> str:
    """One row per country (failed and skipped countries too, with the reason)."""
    from differ.diff import _csv_text

    rows = [_csv_row(r) for r in overview["countries"]]
    for status in (FAILED, SKIPPED):
        rows += [{"country": f["country"], "status": status, "reason": f["reason"],
                  "old_year": overview["old_year"], "new_year": overview["new_year"]} for f in overview[status]]
    return _csv_text(CSV_FIELDS, sorted(rows, key=lambda row: row["country"]))


# --- writing ---------------------------------------------------------------------------------------


def write_edition_files(run: EditionRun, reports_dir: str | os.PathLike) -> list[Path]:
    """Write ``<OLD>-<NEW>.json``, ``.csv`` and ``.html`` (atomically; unchanged files are left alone)."""
    from differ.corpus import atomic_write_text
    from differ.edition_page import render_edition
    from differ.render import json_text

    overview = edition_overview(run)
    base = Path(reports_dir) / edition_stem(run.old_year, run.new_year)
    paths = [base.with_suffix(".json"), base.with_suffix(".csv"), base.with_suffix(".html")]
    atomic_write_text(paths[0], json_text(overview))
    atomic_write_text(paths[1], edition_csv(overview))
    atomic_write_text(paths[2], render_edition(overview))
    return paths


def publish_edition(corpus_root: str | os.PathLike, countries: Sequence[str], old_year: int, new_year: int,
                    reports_dir: str | os.PathLike, *, workers: int | None = None,
                    progress: Callable[[CountryResult], None] | None = None) -> tuple[EditionRun, list[Path]]:
    """The whole job behind ``differ diff OLD NEW --country all``: every country's page, the
    cross-country page, JSON and CSV, and ``index.html`` once at the end."""
    from differ.render import write_index

    run = compare_edition(corpus_root, countries, old_year, new_year, reports_dir, workers=workers,
                          progress=progress)
    paths = write_edition_files(run, reports_dir)
    written = {f"{comparison_stem(r.country, old_year, new_year)}.json": r.page_summary
               for r in run.compared if r.page_summary is not None}  # not read back from their JSON
    paths.append(write_index(Path(reports_dir), written))
    return run, paths
