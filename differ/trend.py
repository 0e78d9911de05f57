"""Trends across every edition in the corpus: the data behind ``differ trend``.

Four views, all plain JSON-able dicts (rendered by :func:`differ.render.render_trend`):

* **abuses**: the executive summary's abuse list of every edition, items followed from
  edition to edition with :func:`differ.extract.match_abuses` (an item split in two or
  two merged into one stay one row), one row per abuse, one column per year;
* **statistics**: a number followed across editions where :func:`match_statistics`
  pairs it from one edition to the next inside aligned sections (same unit, similar
  noun), kept when it spans two editions or more;
* **sections**: the base (oldest) outline, and for every edition the words that continue
  each base section (via :func:`differ.align.align_reports` against the base) and the
  churn: the share of those sentences that were not in the previous edition;
* **lineage**: every sentence of the newest edition with the edition it first appeared
  in (the earliest edition holding a sentence at least :data:`SAME_SENTENCE` similar).

Deterministic: the same corpus gives the same dict, key for key.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from differ.model import Report, Section

SAME_SENTENCE = 85.0  # rapidfuzz ratio (0-100) at which two sentences count as the same
SAME_NOUN = 0.7  # differ.extract.match_statistics score for two figures to be about the same thing
SAME_CLAIM = 60.0  # rapidfuzz token-sort ratio of their sentences for two figures to be one series


def _norm(sentence: str) -> str:
    from differ.extract import plain

    return plain(sentence).lower()


def _sentences(section: Section) -> list[str]:
    return [s for p in section.paragraphs for s in p.sentences]


def _words(text: str) -> int:
    return len(text.split())


def _best_scores(queries: Sequence[str], choices: Sequence[str]) -> list[float]:
    """For every query sentence, its best rapidfuzz ratio against ``choices`` (0-100).

    Sentences found verbatim (after normalisation) score 100 without a fuzzy scan; most
    sentences of an edition are carried over from the last, so only the rest go to cdist.
    """
    if not queries:
        return []
    if not choices:
        return [0.0] * len(queries)
    from rapidfuzz import fuzz, process

    normalized = [_norm(q) for q in queries]
    choice_norms = list(dict.fromkeys(_norm(c) for c in choices))
    known = set(choice_norms)
    scores = [100.0 if q in known else None for q in normalized]
    rest = [i for i, v in enumerate(scores) if v is None]
    if rest:
        matrix = process.cdist([normalized[i] for i in rest], choice_norms, scorer=fuzz.ratio, dtype=None,
                               workers=-1)
        for i, v in zip(rest, matrix.max(axis=1)):
            scores[i] = round(float(v), 1)
    return scores


# --- abuses ---------------------------------------------------------------------------------


def abuse_matrix(reports: Sequence[Report]) -> list[dict]:
    """Rows of ``{"category", "items": [[texts of year 0], [texts of year 1], …]}``.

    Items of consecutive editions that :func:`~differ.extract.match_abuses` keeps (the same
    abuse reworded, split or merged) share a row. A row is filed under the category of its
    earliest item, the item a comparison page files that entry under too
    (:func:`~differ.extract.abuse_category`).
    """
    from differ.extract import abuse_category, abuse_items, match_abuses

    per_year = [abuse_items(r) for r in reports]
    # Union-find over (year index, item index): kept matches join rows.
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            # the earlier node stays the root so rows keep first-appearance order
            if rb < ra:
                ra, rb = rb, ra
            parent[rb] = ra

    for y, items in enumerate(per_year):
        for i in range(len(items)):
            find((y, i))
    for y in range(len(per_year) - 1):
        old, new = per_year[y], per_year[y + 1]
        pos_old = {id(a): i for i, a in enumerate(old)}
        pos_new = {id(b): j for j, b in enumerate(new)}
        for m in match_abuses(old, new):
            if m.status == "kept":
                nodes = [(y, pos_old[id(a)]) for a in m.old] + [(y + 1, pos_new[id(b)]) for b in m.new]
                for node in nodes[1:]:
                    union(nodes[0], node)

    rows: dict[tuple[int, int], list[list[str]]] = {}
    for y, items in enumerate(per_year):
        for i, item in enumerate(items):
            rows.setdefault(find((y, i)), [[] for _ in reports])[y].append(item.text)
    return [{"category": abuse_category(per_year[root[0]][root[1]]), "items": rows[root]} for root in sorted(rows)]


# --- statistics -----------------------------------------------------------------------------


def _section_stats(report: Report):
    from differ.extract import extract_statistics

    out = {}
    for sec in report.walk():
        stats = [st for s in _sentences(sec) for st in extract_statistics(s)]
        out[sec.path] = stats
    return out


def statistic_series(reports: Sequence[Report], alignments: Sequence) -> list[dict]:
    """Statistics followed across consecutive editions.

    ``alignments[k]`` aligns ``reports[k + 1]`` against ``reports[k]``.
    """
    from rapidfuzz import fuzz

    from differ.extract import match_statistics

    stats = [_section_stats(r) for r in reports]
    # chain: (year index, path, stat index) -> next (year index, path, stat index)
    nxt: dict[tuple, tuple] = {}
    has_prev: set[tuple] = set()
    for k, alignment in enumerate(alignments):
        for target, base in alignment.pairs():
            old = stats[k].get(base.path, [])
            new = stats[k + 1].get(target.path, [])
            for i, j, score in match_statistics(old, new, threshold=SAME_NOUN):
                a, b = old[i], new[j]
                if a.number is None or b.number is None or a.unit != b.unit or not a.noun or not b.noun:
                    continue
                if fuzz.token_sort_ratio(_norm(a.sentence), _norm(b.sentence)) < SAME_CLAIM:
                    continue  # same kind of number, but the sentences say different things
                    # ("84 seats" won by a party is not "98 seats" designated in parliament)
                key_a, key_b = (k, base.path, i), (k + 1, target.path, j)
                if key_a in nxt or key_b in has_prev:
                    continue
                nxt[key_a] = key_b
                has_prev.add(key_b)
    series = []
    starts = sorted((key for key in nxt if key not in has_prev), key=lambda k: (k[0], _order(reports[k[0]], k[1]), k[2]))
    for key in starts:
        points: list[dict | None] = [None] * len(reports)
        cur = key
        while cur is not None:
            y, path, i = cur
            st = stats[y][path][i]
            points[y] = {"value": st.value, "number": st.number, "unit": st.unit, "noun": st.noun,
                         "kind": st.kind, "qualifier": st.qualifier, "text": st.sentence, "section": list(path)}
            cur = nxt.get(cur)
        last = next(p for p in reversed(points) if p)
        series.append({"noun": last["noun"], "unit": last["unit"], "points": points,
                       "changed": len({p["number"] for p in points if p}) > 1})
    return series


def _order(report: Report, path: tuple[str, ...]) -> int:
    for i, sec in enumerate(report.walk()):
        if sec.path == path:
            return i
    return 1 << 30


# --- section length and churn ---------------------------------------------------------------


def _churn(reports: Sequence[Report]) -> list[dict[tuple[str, ...], tuple[int, int]]]:
    """Per edition, per section path: (sentences, sentences not in the previous edition)."""
    out: list[dict[tuple[str, ...], tuple[int, int]]] = []
    for k, report in enumerate(reports):
        per: dict[tuple[str, ...], tuple[int, int]] = {}
        if k == 0:
            for sec in report.walk():
                n = len(_sentences(sec))
                per[sec.path] = (n, 0)
            out.append(per)
            continue
        prev = [s for sec in reports[k - 1].walk() for s in _sentences(sec)]
        secs = list(report.walk())
        flat = [s for sec in secs for s in _sentences(sec)]
        scores = _best_scores(flat, prev)
        pos = 0
        for sec in secs:
            n = len(_sentences(sec))
            new = sum(1 for v in scores[pos:pos + n] if v < SAME_SENTENCE)
            per[sec.path] = (n, new)
            pos += n
        out.append(per)
    return out


def section_heatmap(reports: Sequence[Report], base_alignments: Sequence) -> dict:
    """Rows along the base outline; ``base_alignments[k]`` aligns ``reports[k]`` to ``reports[0]``
    (``None`` for the base itself)."""
    base = reports[0]
    churn = _churn(reports)
    rows = [{"heading": s.heading, "path": list(s.path), "level": s.level,
             "cells": [{"mapped": 0, "words": 0, "sentences": 0, "new": 0, "sections": []} for _ in reports]}
            for s in base.walk()]
    index = {tuple(r["path"]): i for i, r in enumerate(rows)}
    new_row = {"heading": "(sections with no counterpart in the base)", "path": [], "level": -1,
               "cells": [{"mapped": 0, "words": 0, "sentences": 0, "new": 0, "sections": []} for _ in reports]}
    for k, report in enumerate(reports):
        by_path = {s.path: s for s in report.walk()}
        if k == 0:
            mapping = [(s.path, s.path) for s in report.walk()]
        else:
            mapping = [(m.target.path, m.matches[0].path if m.matches else None) for m in base_alignments[k].sections]
        for tpath, bpath in mapping:
            sec = by_path.get(tpath)
            if sec is None:
                continue
            row = rows[index[bpath]] if bpath in index else new_row
            cell = row["cells"][k]
            n, new = churn[k].get(tpath, (0, 0))
            cell["mapped"] += 1
            cell["words"] += _words(sec.own_text)
            cell["sentences"] += n
            cell["new"] += new
            if k and list(tpath) != row["path"]:
                cell["sections"].append(" › ".join(tpath))
    all_rows = rows + [new_row]
    for row in all_rows:
        for k, cell in enumerate(row["cells"]):
            cell["churn"] = round(cell["new"] / cell["sentences"], 3) if k and cell["sentences"] else None
    return {"rows": all_rows}


# --- sentence lineage -----------------------------------------------------------------------


def sentence_lineage(reports: Sequence[Report]) -> dict:
    """Every sentence of the newest edition with the year it first appeared in."""
    newest = reports[-1]
    secs = list(newest.walk())
    flat = [s for sec in secs for s in _sentences(sec)]
    earlier = [(r.year, [s for sec in r.walk() for s in _sentences(sec)]) for r in reports[:-1]]
    scores = {year: _best_scores(flat, sents) for year, sents in earlier}
    first: list[int] = []
    for i in range(len(flat)):
        year = next((y for y, _ in earlier if scores[y][i] >= SAME_SENTENCE), newest.year)
        first.append(year)
    counts = {str(r.year): 0 for r in reports}
    out_sections = []
    pos = 0
    for sec in secs:
        paragraphs = []
        for p in sec.paragraphs:
            sents = []
            for s in p.sentences:
                sents.append({"text": s, "first": first[pos]})
                counts[str(first[pos])] += 1
                pos += 1
            paragraphs.append(sents)
        out_sections.append({"heading": sec.heading, "path": list(sec.path), "level": sec.level,
                             "paragraphs": paragraphs})
    return {"year": newest.year, "sentences": len(flat), "counts": counts, "sections": out_sections}


# --- everything -----------------------------------------------------------------------------


def _edition_info(corpus, year: int) -> dict:
    entry = corpus.load_manifest()["editions"].get(str(year), {})
    info = {"year": year}
    for key in ("sha256", "source_url", "source", "fetched", "fetched_at", "file", "format"):
        if entry.get(key) is not None:
            info[key] = entry[key]
    return info


def compute_trend(reports: Sequence[Report], editions: Sequence[dict] | None = None,
                  alignments: Mapping[tuple[int, int], Any] | None = None) -> dict:
    """The trend data for ``reports`` (oldest first; the first is the outline base).

    ``alignments`` holds alignments already computed, keyed ``(base year, target year)``
    (as :func:`differ.align.align_reports` gives them without overrides); the others are
    computed here.
    """
    from differ.align import align_reports

    reports = sorted(reports, key=lambda r: r.year)
    if len(reports) < 2:
        from differ.errors import UsageError

        raise UsageError("a trend needs at least two editions")
    years = [r.year for r in reports]
    known = dict(alignments or {})

    def aligned(base: Report, target: Report):
        if (base.year, target.year) not in known:
            known[(base.year, target.year)] = align_reports(base, target)
        return known[(base.year, target.year)]

    consecutive = [aligned(reports[k], reports[k + 1]) for k in range(len(reports) - 1)]
    base_alignments: list = [None] + [aligned(reports[0], reports[k]) for k in range(1, len(reports))]
    infos = list(editions) if editions else [{"year": y} for y in years]
    for info, r in zip(infos, reports):
        info.setdefault("title", r.title)
        info["sections"] = sum(1 for _ in r.walk())
        info["words"] = _words(r.text)
        info["sentences"] = sum(len(_sentences(s)) for s in r.walk())
    return {
        "country": reports[0].country,
        "years": years,
        "base": years[0],
        "editions": infos,
        "abuses": abuse_matrix(reports),
        "statistics": statistic_series(reports, consecutive),
        "sections": section_heatmap(reports, base_alignments),
        "lineage": sentence_lineage(reports),
    }


def select_years(corpus, spec: str | None) -> list[int] | None:
    """``--years``: ``2016,2023-2024``; a range takes the editions the corpus has inside it,
    a single year must be in the corpus. ``None``: every edition."""
    if spec is None:
        return None
    import re

    from differ.errors import UsageError
    from differ.fetch import parse_years

    have = set(corpus.years())
    chosen: set[int] = set()
    for part in spec.split(","):
        years = parse_years(part)
        if re.fullmatch(r"\s*\d{4}\s*", part) and years[0] not in have:
            listed = ", ".join(str(y) for y in sorted(have)) or "none"
            raise UsageError(f"--years: no {years[0]} edition for {corpus.country} (years in the corpus: {listed})")
        chosen.update(y for y in years if y in have)
    return sorted(chosen)


def trend_corpus(corpus, years: Sequence[int] | None = None,
                 alignments: Mapping[tuple[int, int], Any] | None = None) -> dict:
    """Load the editions of a :class:`~differ.corpus.Corpus` (all, or ``years``) and compute the
    trend; ``alignments`` as for :func:`compute_trend`."""
    from differ.corpus import validate_year
    from differ.errors import UsageError

    have = corpus.years()
    chosen = sorted({validate_year(y) for y in years}) if years else have
    missing = [y for y in chosen if y not in have]
    if missing:
        listed = ", ".join(str(y) for y in have) or "none"
        raise UsageError(f"no {missing[0]} edition for {corpus.country} (years in the corpus: {listed})")
    if len(chosen) < 2:
        raise UsageError(f"a trend needs at least two editions; {corpus.country} has {len(chosen)}")
    reports = [corpus.load(y) for y in chosen]
    return compute_trend(reports, [_edition_info(corpus, y) for y in chosen], alignments)
