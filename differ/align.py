"""Align the sections of two editions: which base section does each target section continue?

Headings drift from year to year (renamed, promoted, moved to another section, split,
merged, new, dropped), and short headings repeat under different parents, so heading
text alone cannot pair sections. The aligner scores every (target section, base
section) pair on four kinds of evidence:

* **content** (the main weight, 0.55): every sentence becomes a TF-IDF vector (light
  stemming, stop words out, idf over both editions). Each sentence is linked to its
  most similar sentence in the other edition when the cosine is at least 0.45, and a
  pair of sections is scored, over their whole subtrees, by the share of the target's
  sentences that link into the base section and the share of the base's sentences that
  link into the target (carried-over text), blended with the cosine of the two
  subtrees' TF-IDF vectors (same topic and vocabulary, for rewritten prose);
* **heading** (0.25): rapidfuzz similarity of normalised headings (lettering,
  ``Section N.``, case, punctuation and ``(see section …)`` removed, a few spelling
  variants unified), minus the similarity unrelated headings reach anyway;
* **parent** (0.15): how well the two parents match, and in a second pass whether they
  were actually paired, so a short heading repeated under different parents
  (``Discrimination`` under Women and under LGBTQI+) pairs with the right one;
* **position** (0.05): the relative place in the outline, and a small penalty per level
  of promotion or demotion.

When one side has no text at all (a bare ``d. Discrimination (see section 6)``), the
content weight goes to the heading. Pairs are chosen by one global assignment
(:func:`differ.assign.max_weight_assignment`, with a "no counterpart" option worth
0.30 for every section), not greedy first matches. Leftovers that are each other's
best remaining candidate are then paired if they share content or heading words under
paired parents, or a good part of their content anywhere (renames whose text was
rewritten too). Then every target section is classified:

``same``     paired with a base section of the same normalised heading and parent
``renamed``  paired, same parent, different heading
``moved``    paired, but its parent is not paired with the base section's parent
             (includes promotion and demotion to another parent)
``merged``   paired, and also takes in most of the text of another unpaired base
             section from elsewhere (listed after the pair in ``matches``)
``split``    no pair of its own, but its text comes from a base section that is paired
             with another target section (one base section became several), or it sits
             under a paired parent and its text is closest to the parent's counterpart
``new``      no counterpart

Base sections with no counterpart (neither paired nor taken in) are ``dropped``. A
paired section that absorbed its base pair's own unpaired sub-sections (run-in headings
folded into the parent's text) lists them in ``matches`` but keeps its relation.

Every mapping carries a confidence in [0, 1] (the pair's score, lowered when a rival
pair scores nearly as well, capped for pairs without text or rescued on weak evidence;
1.0 for identical heading and text) and a short reason. An override file pins or
forbids pairs; see :func:`load_overrides` for the format.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from differ.errors import DifferError
from differ.model import Report, Section

RELATIONS = ("same", "renamed", "moved", "merged", "split", "new")
OVERRIDES_FILE = "align-overrides.toml"

# --- public data --------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionRef:
    heading: str
    path: tuple[str, ...]
    level: int

    def to_json(self) -> dict:
        return {"heading": self.heading, "path": list(self.path)}


@dataclass(frozen=True)
class SectionMatch:
    target: SectionRef
    matches: tuple[SectionRef, ...]  # base sections, best first; empty for `new`
    relation: str  # same | renamed | moved | merged | split | new
    confidence: float
    reason: str
    override: bool = False

    @property
    def match(self) -> SectionRef | None:
        return self.matches[0] if self.matches else None

    def to_json(self) -> dict:
        return {
            "heading": self.target.heading,
            "path": list(self.target.path),
            "level": self.target.level,
            "match": self.match.to_json() if self.match else None,
            "matches": [m.to_json() for m in self.matches],
            "relation": self.relation,
            "confidence": round(self.confidence, 3),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Alignment:
    base_year: int
    target_year: int
    sections: tuple[SectionMatch, ...]  # one per target section, pre-order
    dropped: tuple[SectionRef, ...]
    warnings: tuple[str, ...] = ()  # override entries that did not apply, for the CLI to show

    def to_json(self) -> dict:
        return {
            "base": self.base_year,
            "year": self.target_year,
            "sections": [m.to_json() for m in self.sections],
            "dropped": [d.to_json() for d in self.dropped],
        }

    def pairs(self) -> list[tuple[SectionRef, SectionRef]]:
        """One-to-one (target, base) pairs for text diffing: each target's primary match.

        ``split`` sections are left out (their base section is paired with another target).
        """
        return [(m.target, m.matches[0]) for m in self.sections if m.matches and m.relation != "split"]


def base_of(alignment: Alignment) -> dict[tuple[str, ...], SectionMatch]:
    """Target path → its :class:`SectionMatch` (first one if a path repeats)."""
    out: dict[tuple[str, ...], SectionMatch] = {}
    for m in alignment.sections:
        out.setdefault(m.target.path, m)
    return out


# --- overrides ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OverrideRule:
    kind: str  # "pin" | "forbid"
    target: tuple[str, ...]
    matches: tuple[tuple[str, ...], ...]  # pin: base paths (empty = pin as new); forbid: the forbidden ones
    year: int | None = None
    base: int | None = None
    relation: str | None = None
    reason: str | None = None

    def applies(self, base_year: int, target_year: int) -> bool:
        return (self.year is None or self.year == target_year) and (self.base is None or self.base == base_year)


@dataclass(frozen=True)
class Overrides:
    rules: tuple[OverrideRule, ...] = ()
    source: str = ""

    def __bool__(self) -> bool:
        return bool(self.rules)


def _parse_path(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(">")]
    elif isinstance(value, list) and all(isinstance(p, str) for p in value):
        parts = [p.strip() for p in value]
    else:
        raise DifferError(f"{where}: a heading path must be a list of headings or a string 'A > B'")
    if not parts or not all(parts):
        raise DifferError(f"{where}: empty heading in path")
    return tuple(parts)


def _parse_rule(kind: str, i: int, entry: Any, source: str) -> OverrideRule:
    where = f"{source}: [[{kind}]] #{i + 1}"
    if not isinstance(entry, dict):
        raise DifferError(f"{where}: expected a table")
    known = {"target", "match", "matches", "year", "base", "relation", "reason"}
    extra = sorted(set(entry) - known)
    if extra:
        raise DifferError(f"{where}: unknown key {extra[0]!r} (use {', '.join(sorted(known))})")
    if "target" not in entry:
        raise DifferError(f"{where}: 'target' (the target heading path) is required")
    target = _parse_path(entry["target"], where)
    if "match" in entry and "matches" in entry:
        raise DifferError(f"{where}: give 'match' or 'matches', not both")
    if "match" in entry:
        matches = (_parse_path(entry["match"], where),) if entry["match"] not in ([], "") else ()
    elif "matches" in entry:
        if not isinstance(entry["matches"], list):
            raise DifferError(f"{where}: 'matches' must be a list of heading paths")
        matches = tuple(_parse_path(p, where) for p in entry["matches"])
    else:
        raise DifferError(f"{where}: 'match' (a base heading path, or [] for no counterpart) is required")
    if kind == "forbid" and not matches:
        raise DifferError(f"{where}: a forbid rule needs the base path it forbids")
    for key in ("year", "base"):
        if key in entry and (not isinstance(entry[key], int) or isinstance(entry[key], bool)):
            raise DifferError(f"{where}: {key!r} must be a year, e.g. 2023")
    relation = entry.get("relation")
    if relation is not None and (kind != "pin" or relation not in RELATIONS):
        raise DifferError(f"{where}: 'relation' must be one of {', '.join(RELATIONS)} (pin rules only)")
    reason = entry.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise DifferError(f"{where}: 'reason' must be a string")
    return OverrideRule(kind, target, matches, entry.get("year"), entry.get("base"), relation, reason)


def parse_overrides(text: str, source: str = OVERRIDES_FILE) -> Overrides:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise DifferError(f"{source}: invalid TOML ({e})") from None
    extra = sorted(set(data) - {"pin", "forbid"})
    if extra:
        raise DifferError(f"{source}: unknown key {extra[0]!r} (expected [[pin]] and [[forbid]] tables)")
    rules: list[OverrideRule] = []
    for kind in ("pin", "forbid"):
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise DifferError(f"{source}: write [[{kind}]] (an array of tables), not [{kind}]")
        rules.extend(_parse_rule(kind, i, e, source) for i, e in enumerate(entries))
    return Overrides(tuple(rules), source)


def load_overrides(path: str | Path | None) -> Overrides:
    """Read an override file. A missing file means no overrides; bad TOML is a DifferError.

    Format (``corpus/<country>/align-overrides.toml``)::

        # Pin: this target section continues that base section, whatever the scores say.
        [[pin]]
        year = 2024                      # optional: only when aligning the 2024 edition
        base = 2016                      # optional: only against the 2016 edition
        target = ["Section 2. Liberty", "b. Worker Rights"]   # heading path in the target
        match = ["Section 7. Worker Rights"]                  # heading path in the base
        # matches = [[...], [...]]       # several base sections (a merge), best first
        # match = []                     # no counterpart: the section is new
        relation = "moved"               # optional: the relation to report
        reason = "2024 moved Worker Rights under Liberty"     # optional

        # Forbid: never pair these two sections (the aligner picks the next best).
        [[forbid]]
        target = "Section 6. Discrimination and Societal Abuses > Women > Discrimination"
        match = "Section 7. Worker Rights > d. Discrimination with Respect to Employment and Occupation"

    Paths are lists of headings from level 1 down (or one string joined with ``>``),
    compared ignoring case, spacing and punctuation. Overrides win over the scores and
    are reported with ``override`` set and the reason ``override: …``.
    """
    if path is None:
        return Overrides()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Overrides(source=str(path))
    except (OSError, UnicodeDecodeError) as e:
        raise DifferError(f"{path}: cannot read override file ({getattr(e, 'strerror', None) or e})") from None
    return parse_overrides(text, str(path))


# --- normalisation ------------------------------------------------------------------------

_LETTERING = re.compile(r"^\s*(?:section\s+\d+\s*[.:]?|[a-z]\s*[.)]|\d+\s*[.)]|[ivx]+\s*[.)])\s+", re.I)
_SEE = re.compile(r"\(?\s*\bsee\s+(?:also\s+)?(?:section|sections)\b[^)]*\)?", re.I)
_TOKEN = re.compile(r"[a-z][a-z0-9]*")
_HEAD_STOP = frozenset("a an and or of the for to in on with including by from".split())
# Spelling variants the reports use for the same thing over the years.
_VARIANTS = {
    "speech": "expression",
    "lgbti": "lgbtqi",
    "lgbt": "lgbtqi",
    "freedoms": "freedom",
    "antisemitic": "antisemitism",
    "nongovernmental": "nongovernment",
}
_TEXT_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my no nor
    not now of off on once only or other our out over own same she should so some such than that the
    their them then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your year years during reported report
    reports according""".split()
)


def normalize_heading(heading: str) -> str:
    """Heading reduced to comparable words: no lettering, case, punctuation or cross-references."""
    text = unicodedata.normalize("NFKC", heading).replace("’", "'")
    text = _LETTERING.sub("", text)
    text = _SEE.sub(" ", text)
    text = text.lower().replace("&", " and ").replace("-", "").replace("'", "")
    words = [_VARIANTS.get(w, w) for w in re.findall(r"[a-z0-9+]+", text)]
    words = [w.rstrip("+") for w in words if w.rstrip("+") and w not in _HEAD_STOP]
    return " ".join(_stem(w) for w in words)


_SUFFIXES = ("izations", "ization", "ations", "ation", "izing", "ized", "izes", "ize", "ings", "ing",
             "edly", "ed", "es", "s", "ly")


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A light suffix stripper: tense and number change between editions ('prohibits' → 'prohibited')."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)]
    return word


def _path_key(path: Iterable[str]) -> tuple[str, ...]:
    return tuple(re.sub(r"[^a-z0-9]+", "", unicodedata.normalize("NFKC", h).lower()) for h in path)


_WORDS: dict[str, str] = {}  # word → its stem, or "" for a stop word (a cache: tokenising is the hot loop)


@functools.lru_cache(maxsize=65536)
def _content_tokens(text: str) -> tuple[str, ...]:
    """Stemmed content words of a sentence (cached: trend pages align one base many times)."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "").replace("'", "").replace("-", "")
    out = []
    cache = _WORDS
    for w in _TOKEN.findall(text):
        s = cache.get(w)
        if s is None:
            s = cache[w] = "" if (w in _TEXT_STOP or len(w) < 2) else _stem(w)
        if s:
            out.append(s)
    return tuple(out)


# --- the outline as arrays ----------------------------------------------------------------


@dataclass
class _Outline:
    sections: list[Section]
    parent: list[int]  # index of the parent, -1 for roots
    end: list[int]  # subtree of i is sections[i:end[i]] (pre-order)
    sent_start: list[int]  # sentences owned by i's subtree are sent_start[i]:sent_start[end[i]]
    sentences: list[str]
    owner: list[int]
    norm: list[str]
    refs: list[SectionRef]

    @property
    def n(self) -> int:
        return len(self.sections)


def _outline(report: Report) -> _Outline:
    sections: list[Section] = []
    parent: list[int] = []
    end: list[int] = []

    def visit(sec: Section, p: int) -> None:
        i = len(sections)
        sections.append(sec)
        parent.append(p)
        end.append(0)
        for child in sec.children:
            visit(child, i)
        end[i] = len(sections)

    for top in report.sections:
        visit(top, -1)
    sentences: list[str] = []
    owner: list[int] = []
    sent_start: list[int] = []
    for i, sec in enumerate(sections):
        sent_start.append(len(sentences))
        for para in sec.paragraphs:
            sents = para.sentences or (para.text,)
            for s in sents:
                if s.strip():
                    sentences.append(s)
                    owner.append(i)
    sent_start.append(len(sentences))
    return _Outline(
        sections=sections,
        parent=parent,
        end=end,
        sent_start=sent_start,
        sentences=sentences,
        owner=owner,
        norm=[normalize_heading(s.heading) for s in sections],
        refs=[SectionRef(s.heading, tuple(s.path), s.level) for s in sections],
    )


# --- scoring ------------------------------------------------------------------------------

MAX_TERM_PAIRS = 100_000  # see _cross; the commonest term of 2016 × 2023 ("government") pairs 18,228
LINK_MIN = 0.45  # cosine above which two sentences count as the same sentence carried over
PAIR_MIN = 0.30  # a pair scoring below this is worse than "no counterpart"
PART_MIN = 0.35  # share of a section's sentences that must come from a paired base section to call it split
MERGE_MIN = 0.25  # share of an unpaired base section's sentences that must go into one target to call it merged
CARRY_MIN, MERGE_SENTENCES = 0.6, 2  # a merge needs this many base sentences carried over at this cosine
W_CONTENT, W_HEADING, W_PARENT, W_POSITION = 0.55, 0.25, 0.15, 0.05
HEADING_FLOOR = 0.35  # heading similarity that unrelated headings reach anyway
LEVEL_PENALTY = 0.03
RESCUE_MIN, RESCUE_CONTENT, RESCUE_HEADING = 0.15, 0.10, 0.20  # leftovers paired as mutual best
RESCUE_STRONG = 0.30  # content that pairs mutual-best leftovers even under unrelated parents
NO_TEXT_CONFIDENCE = 0.8  # most we claim for a pair when one side has no text
SPLIT_CONTENT = 0.08  # least content similarity to call a sub-section split from its parent's counterpart


def _term_entries(sentences: list[str], vocab: dict[str, int]):
    """(sentence, term) pairs, one per token, terms numbered in ``vocab`` (shared by both sides)."""
    import numpy as np

    rows: list[int] = []
    cols: list[int] = []
    for r, sent in enumerate(sentences):
        for tok in _content_tokens(sent):
            i = vocab.get(tok)
            if i is None:
                i = vocab[tok] = len(vocab)
            rows.append(r)
            cols.append(i)
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)


def _weighted(rows, cols, n_rows: int, idf):
    """Sparse TF-IDF rows: duplicates summed, idf-weighted, each row L2-normalised."""
    import numpy as np

    n_terms = len(idf)
    keys, counts = np.unique(rows * n_terms + cols, return_counts=True)
    r, c = keys // n_terms, keys % n_terms
    w = counts * idf[c]
    norms = np.sqrt(np.bincount(r, weights=w * w, minlength=n_rows))
    return r, c, w / np.where(norms > 0, norms, 1.0)[r]


def _cross(a, b, n_b: int, n_terms: int):
    """The non-zero entries of A @ B.T for sparse rows A and B: (rows, cols, sums).

    Sparse on purpose: only terms present on both sides contribute, so the work grows
    with the number of shared postings, not with the product of the two documents'
    sizes (a dense product is quadratic in document length; see benchmarks/).
    """
    import numpy as np

    ra, ca, va = a
    rb, cb, vb = b
    # A term whose postings would pair more than MAX_TERM_PAIRS sentences is so common
    # that it says little about which sentence is which (the idea of max_df in IR); it
    # still counts in the norms. No term of a real report comes near the bound, so it
    # only keeps very long documents from growing quadratically.
    pairs = np.bincount(ca, minlength=n_terms) * np.bincount(cb, minlength=n_terms)
    if pairs.max(initial=0) > MAX_TERM_PAIRS:
        rare = pairs <= MAX_TERM_PAIRS
        keep_a, keep_b = rare[ca], rare[cb]
        ra, ca, va = ra[keep_a], ca[keep_a], va[keep_a]
        rb, cb, vb = rb[keep_b], cb[keep_b], vb[keep_b]
    order = np.argsort(cb, kind="stable")
    rb, cb, vb = rb[order], cb[order], vb[order]
    count_b = np.bincount(cb, minlength=n_terms)
    start_b = np.cumsum(count_b) - count_b
    k = count_b[ca]
    total = int(k.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    rep = np.repeat(np.arange(len(ra)), k)
    idx = np.repeat(start_b[ca], k) + (np.arange(total) - np.repeat(np.cumsum(k) - k, k))
    keys, inverse = np.unique(ra[rep] * n_b + rb[idx], return_inverse=True)
    sums = np.bincount(inverse, weights=va[rep] * vb[idx])
    return keys // n_b, keys % n_b, sums


def _best(primary, secondary, values, n: int):
    """For each primary index the secondary index of its largest value (lowest on ties), and the value."""
    import numpy as np

    best = np.zeros(n, dtype=np.int64)
    best_w = np.zeros(n)
    if len(values):
        order = np.argsort(primary * (int(secondary.max()) + 1) + secondary)  # by primary, then secondary
        p, q, v = primary[order], secondary[order], values[order]
        starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
        group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(p)]))
        top = np.maximum.reduceat(v, starts)
        at_top = np.flatnonzero(v == top[group])
        _, first = np.unique(group[at_top], return_index=True)  # the lowest secondary among the tops
        chosen = at_top[first]
        best[p[chosen]] = q[chosen]
        best_w[p[chosen]] = v[chosen]
    return best, best_w


def _subtree_entries(outline: "_Outline", rows, cols):
    """(section, term) pairs of every sentence in each section's subtree (contiguous ranges)."""
    import numpy as np

    n = outline.n
    start = np.asarray(outline.sent_start[:n], dtype=np.int64)
    stop = np.asarray([outline.sent_start[outline.end[i]] for i in range(n)], dtype=np.int64)
    length = stop - start
    members = int(length.sum())
    if members == 0 or len(rows) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    section = np.repeat(np.arange(n), length)
    sentence = np.repeat(start, length) + (np.arange(members) - np.repeat(np.cumsum(length) - length, length))
    order = np.argsort(rows, kind="stable")
    rows, cols = rows[order], cols[order]
    per_sentence = np.bincount(rows, minlength=len(outline.sentences))
    first = np.cumsum(per_sentence) - per_sentence
    k = per_sentence[sentence]
    total = int(k.sum())
    rep = np.repeat(np.arange(members), k)
    idx = np.repeat(first[sentence], k) + (np.arange(total) - np.repeat(np.cumsum(k) - k, k))
    return section[rep], cols[idx]


def _subtree_sums(pairs_t, pairs_b, weights, tgt: _Outline, base: _Outline):
    """L[t, b] = total weight of links from t's subtree into b's subtree (2-D prefix sums)."""
    import numpy as np

    owned = np.zeros((tgt.n + 1, base.n + 1))
    np.add.at(owned, (np.asarray(pairs_t, dtype=int) + 1, np.asarray(pairs_b, dtype=int) + 1), weights)
    P = owned.cumsum(0).cumsum(1)  # P[i, j] = sum over sections < i, < j
    t0 = np.arange(tgt.n)
    t1 = np.asarray(tgt.end)
    b0 = np.arange(base.n)
    b1 = np.asarray(base.end)
    return P[np.ix_(t1, b1)] - P[np.ix_(t0, b1)] - P[np.ix_(t1, b0)] + P[np.ix_(t0, b0)]


@dataclass
class _Scores:
    total: Any  # final pair scores (nt x nb)
    content: Any
    heading: Any
    from_base: Any  # share of t's sentences whose closest base sentence lies in b
    to_target: Any  # share of b's sentences whose closest target sentence lies in t
    carried: Any  # b's sentences carried over nearly verbatim into t (a count)
    t_sent: Any  # sentences in each target subtree
    b_sent: Any  # sentences in each base subtree


def _score(tgt: _Outline, base: _Outline) -> _Scores:
    import numpy as np
    from rapidfuzz import fuzz, process

    nt, nb = tgt.n, base.n
    # Content: sentence links and subtree TF-IDF cosine, all on sparse term entries.
    vocab: dict[str, int] = {}
    t_rows, t_cols = _term_entries(tgt.sentences, vocab)
    b_rows, b_cols = _term_entries(base.sentences, vocab)
    n_terms = max(1, len(vocab))
    n_ts, n_bs = len(tgt.sentences), len(base.sentences)
    df = np.bincount(np.unique(t_rows * n_terms + t_cols) % n_terms, minlength=n_terms) + \
        np.bincount(np.unique(b_rows * n_terms + b_cols) % n_terms, minlength=n_terms)
    idf = np.log((1 + n_ts + n_bs) / (1 + df)) + 1.0
    tgt_owner, base_owner = np.asarray(tgt.owner, dtype=np.int64), np.asarray(base.owner, dtype=np.int64)
    if n_ts and n_bs:
        r, c, v = _cross(_weighted(t_rows, t_cols, n_ts, idf), _weighted(b_rows, b_cols, n_bs, idf), n_bs, n_terms)
        best_b, best_b_w = _best(r, c, v, n_ts)
        best_t, best_t_w = _best(c, r, v, n_bs)
        keep = best_b_w >= LINK_MIN
        L_tb = _subtree_sums(tgt_owner[keep], base_owner[best_b[keep]], best_b_w[keep], tgt, base)
        keep = best_t_w >= LINK_MIN
        L_bt = _subtree_sums(tgt_owner[best_t[keep]], base_owner[keep], best_t_w[keep], tgt, base)
        keep = best_t_w >= CARRY_MIN
        carried = _subtree_sums(tgt_owner[best_t[keep]], base_owner[keep], np.ones(int(keep.sum())), tgt, base)
    else:
        L_tb = L_bt = carried = np.zeros((nt, nb))
    t_cnt = np.asarray([tgt.sent_start[tgt.end[i]] - tgt.sent_start[i] for i in range(nt)], dtype=float)
    b_cnt = np.asarray([base.sent_start[base.end[j]] - base.sent_start[j] for j in range(nb)], dtype=float)
    from_base = L_tb / np.maximum(t_cnt, 1)[:, None]
    to_target = L_bt / np.maximum(b_cnt, 1)[None, :]

    # Subtree TF-IDF vectors: the summed term counts of the subtree's sentences, idf-weighted.
    cos = np.zeros((nt, nb))
    if nt and nb:
        t_sub = _weighted(*_subtree_entries(tgt, t_rows, t_cols), nt, idf)
        b_sub = _weighted(*_subtree_entries(base, b_rows, b_cols), nb, idf)
        r, c, v = _cross(t_sub, b_sub, nb, n_terms)
        cos[r, c] = v
    # Subtree cosine says "same topic and wording"; the sentence links say "this text was
    # carried over" in each direction (they differ when one side is much longer).
    hi, lo = np.maximum(from_base, to_target), np.minimum(from_base, to_target)
    content = np.clip(0.5 * cos + 0.35 * hi + 0.15 * lo, 0.0, 1.0)
    # Content says nothing when one side has no text at all (a bare "see section 6").
    known = (t_cnt[:, None] > 0) & (b_cnt[None, :] > 0)

    # Headings, with the similarity two unrelated headings reach anyway taken off.
    if nt and nb:
        h_sort = process.cdist(tgt.norm, base.norm, scorer=fuzz.token_sort_ratio, workers=-1) / 100.0
        h_set = process.cdist(tgt.norm, base.norm, scorer=fuzz.token_set_ratio, workers=-1) / 100.0
        raw = 0.6 * h_sort + 0.4 * h_set
        empty = np.array([not s for s in tgt.norm])[:, None] | np.array([not s for s in base.norm])[None, :]
        heading = np.where(empty, 0.0, np.clip((raw - HEADING_FLOOR) / (1.0 - HEADING_FLOOR), 0.0, 1.0))
    else:
        heading = np.zeros((nt, nb))

    # Position and level.
    rt = np.arange(nt) / max(1, nt - 1)
    rb = np.arange(nb) / max(1, nb - 1)
    position = 1.0 - np.minimum(1.0, 2.0 * np.abs(rt[:, None] - rb[None, :]))
    lt = np.array([r.level for r in tgt.refs], dtype=float)
    lb = np.array([r.level for r in base.refs], dtype=float)
    level_pen = LEVEL_PENALTY * np.abs(lt[:, None] - lb[None, :])

    wc = np.where(known, W_CONTENT, 0.0)
    wh = np.where(known, W_HEADING, W_HEADING + W_CONTENT)
    base_score = wc * content + wh * heading + W_POSITION * position - level_pen
    pw = W_PARENT

    # Parent evidence, two passes: first the parents' own scores, then whether the
    # parents were actually paired by the first assignment.
    pt = np.asarray(tgt.parent)
    pb = np.asarray(base.parent)
    both_root = (pt[:, None] < 0) & (pb[None, :] < 0)
    one_root = (pt[:, None] < 0) ^ (pb[None, :] < 0)
    def parent_term(pair_score):
        ps = pair_score[np.maximum(pt, 0)][:, np.maximum(pb, 0)]
        ps = np.where(both_root, 1.0, np.where(one_root, 0.0, np.clip(ps, 0, 1)))
        return ps

    first = base_score + pw * parent_term(base_score)
    assigned = _assign(first)
    paired = np.zeros((nt, nb))
    for t, b in assigned.items():
        paired[t, b] = 1.0
    second = np.maximum(paired, np.clip(first, 0, 1))
    total = base_score + pw * parent_term(second)
    return _Scores(total=np.clip(total, 0.0, 1.0), content=content, heading=heading,
                   from_base=from_base, to_target=to_target, carried=carried, t_sent=t_cnt, b_sent=b_cnt)


def _assign(score, allowed=None) -> dict[int, int]:
    """Global one-to-one assignment maximising the summed score; pairs below PAIR_MIN lose."""
    import numpy as np

    from differ.assign import max_weight_assignment

    nt, nb = score.shape
    if nt == 0 or nb == 0:
        return {}
    s = np.where(allowed, score, -1e6) if allowed is not None else score
    dummy = np.full((nt, nt), -1e6)
    np.fill_diagonal(dummy, PAIR_MIN)
    rows, cols = max_weight_assignment(np.hstack([s, dummy]))
    return {int(r): int(c) for r, c in zip(rows, cols) if c < nb and s[r, c] >= PAIR_MIN}


# --- alignment ----------------------------------------------------------------------------


def _resolve(path: tuple[str, ...], outline: _Outline) -> int | None:
    key = _path_key(path)
    for i, ref in enumerate(outline.refs):
        if _path_key(ref.path) == key:
            return i
    return None


def _is_ancestor(outline: _Outline, a: int, d: int) -> bool:
    """True when section ``a`` contains section ``d`` (or is it)."""
    return a <= d < outline.end[a]


def _confidence(score, i: int, j: int) -> float:
    """The pair's score, lowered when a rival for either side scores nearly as well."""
    import numpy as np

    s = float(score[i, j])
    row = np.delete(score[i], j)
    col = np.delete(score[:, j], i)
    rival = max(float(row.max()) if row.size else 0.0, float(col.max()) if col.size else 0.0)
    margin = s - rival
    conf = min(1.0, 0.35 + 0.75 * s) * (0.55 + 0.45 * min(1.0, max(0.0, margin) / 0.25))
    return max(0.0, min(1.0, conf))


def _fmt_pct(x: float) -> str:
    return f"{round(100 * x)}%"


def align_reports(base: Report, target: Report, overrides: Overrides | None = None) -> Alignment:
    """Map every section of ``target`` to its counterpart(s) in ``base``."""
    import numpy as np

    tgt = _outline(target)
    bas = _outline(base)
    nt, nb = tgt.n, bas.n
    warnings: list[str] = []

    # Overrides: resolve paths, then constrain the assignment.
    pins: dict[int, tuple[list[int], OverrideRule]] = {}
    forbidden = np.zeros((nt, nb), dtype=bool)
    for rule in (overrides.rules if overrides else ()):
        if not rule.applies(base.year, target.year):
            continue
        t = _resolve(rule.target, tgt)
        label = " > ".join(rule.target)
        if t is None:
            warnings.append(f"override {rule.kind} ignored: no section {label!r} in {target.year}")
            continue
        bs = []
        for mp in rule.matches:
            b = _resolve(mp, bas)
            if b is None:
                warnings.append(f"override {rule.kind} ignored: no section {' > '.join(mp)!r} in {base.year}")
                bs = None
                break
            bs.append(b)
        if bs is None:
            continue
        if rule.kind == "forbid":
            forbidden[t, bs] = True
        else:
            pins[t] = (bs, rule)

    if nt and nb:
        sc = _score(tgt, bas)
        total = sc.total
    else:
        z = np.zeros((nt, nb))
        sc = _Scores(z, z, z, z, z, z, np.zeros(nt), np.zeros(nb))
        total = z

    allowed = ~forbidden
    for t, (bs, _rule) in pins.items():
        allowed[t, :] = False
        for b in bs:  # a pinned base section is nobody else's pair
            allowed[:, b] = False
    pinned_scores = total.copy()
    assigned = _assign(pinned_scores, allowed) if nt and nb else {}
    rescued = _rescue(sc, assigned, allowed, tgt, bas) if nt and nb else set()
    for t, (bs, _rule) in pins.items():
        if bs:
            assigned[t] = bs[0]
        else:
            assigned.pop(t, None)
    base_owner = {b: t for t, b in assigned.items()}

    # Merges: unpaired base sections whose content went mostly into one target section.
    extra: dict[int, list[int]] = {}
    taken: set[int] = set(assigned.values())
    for t, (bs, _rule) in pins.items():
        taken.update(bs)
    for b in range(nb):
        if b in taken or sc.b_sent[b] == 0:
            continue
        # Enough of b's text, and at least two sentences of it nearly verbatim (one shared
        # boilerplate line such as "See the … Report" is no merge).
        col = np.where(forbidden[:, b] | (sc.carried[:, b] < MERGE_SENTENCES), 0.0, sc.to_target[:, b])
        if not col.any():
            continue
        # The most specific target section that holds most of b's sentences.
        cands = [t for t in range(nt) if col[t] >= MERGE_MIN and t in assigned and t not in pins]
        if not cands:
            continue
        t = max(cands, key=lambda t: (col[t] - 0.001 * (tgt.end[t] - t), -t))
        extra.setdefault(t, []).append(b)
        taken.add(b)

    def _forbid_note(t: int) -> str:
        names = ", ".join(f"'{bas.refs[b].heading}'" for b in np.flatnonzero(forbidden[t]))
        return f"; override: pairing with {names} forbidden" if names else ""

    sections: list[SectionMatch] = []
    for t in range(nt):
        ref = tgt.refs[t]
        if t in pins:
            bs, rule = pins[t]
            matches = tuple(bas.refs[b] for b in bs)
            if rule.relation:
                relation = rule.relation
            elif not bs:
                relation = "new"
            elif len(bs) > 1:
                relation = "merged"
            else:
                relation = _relation(t, bs[0], tgt, bas, assigned)
            why = f"override: {rule.reason}" if rule.reason else "override: pinned in the override file"
            sections.append(SectionMatch(ref, matches, relation, 1.0, why, override=True))
            continue
        if t in assigned:
            b = assigned[t]
            relation = _relation(t, b, tgt, bas, assigned)
            conf = _confidence(total, t, b)
            parts = _evidence(sc, t, b)
            if sc.t_sent[t] == 0 or sc.b_sent[b] == 0:
                conf = min(conf, NO_TEXT_CONFIDENCE)  # heading and outline only
            if t in rescued:
                conf = min(conf, 0.5)
                parts.append("weak evidence, but each is the other's best remaining candidate")
            if relation == "moved":
                pb = bas.parent[b]
                parts.append(f"moved from under '{bas.refs[pb].heading}'" if pb >= 0 else "was a top-level section")
            if tgt.norm[t] == bas.norm[b] and tgt.sections[t].full_text == bas.sections[b].full_text:
                conf = 1.0
                parts = ["identical heading and text"] + parts[2:]
            more = extra.get(t, [])
            matches = (bas.refs[b],) + tuple(bas.refs[x] for x in more)
            if more:
                outside = [x for x in more if not _is_ancestor(bas, b, x)]
                names = ", ".join(f"'{bas.refs[x].heading}'" for x in more)
                if outside:
                    relation = "merged"
                    parts.append(f"also takes in {names}")
                else:
                    parts.append(f"absorbs base sub-heading(s) {names}")
            sections.append(SectionMatch(ref, matches, relation, conf, "; ".join(parts) + _forbid_note(t)))
            continue
        # Split: content taken from a base section that is paired elsewhere.
        split = _split_source(t, sc, tgt, bas, assigned, base_owner, forbidden)
        if split is not None:
            b, conf, why = split
            sections.append(SectionMatch(ref, (bas.refs[b],), "split", conf, why + _forbid_note(t)))
            continue
        candidates = np.where(forbidden[t], -1.0, total[t]) if nb else total[t]
        best = int(np.argmax(candidates)) if nb else -1
        if best >= 0:
            conf = max(0.0, min(1.0, 1.0 - float(total[t, best])))
            why = f"no counterpart (best candidate '{bas.refs[best].heading}' scores {total[t, best]:.2f})"
        else:
            conf, why = 1.0, "no counterpart (empty base)"
        sections.append(SectionMatch(ref, (), "new", conf, why + _forbid_note(t)))

    dropped = tuple(bas.refs[b] for b in range(nb) if b not in taken)
    return Alignment(base.year, target.year, tuple(sections), dropped, tuple(warnings))


def _rescue(sc: _Scores, assigned: dict[int, int], allowed, tgt: _Outline, bas: _Outline) -> set[int]:
    """Pair leftovers that are each other's best remaining candidate on real evidence.

    The global threshold keeps weak pairs out, but across a gap of several editions a
    renamed section's text is often rewritten too. Two passes over what is left:

    1. under parents that are paired with each other, a target and a base section that
       prefer each other (by score) to every other leftover and share some content or
       heading words;
    2. anywhere in the outline, a pair that prefer each other by content alone and share
       a good part of it (a short section carried over into a new grouping).

    Structure alone (same parent, same place) is never enough.
    """
    import numpy as np

    total = sc.total
    nt, nb = total.shape
    free_t = np.array([t not in assigned for t in range(nt)])
    free_b = np.ones(nb, dtype=bool)
    free_b[list(assigned.values())] = False
    weak = (sc.content >= RESCUE_CONTENT) | (sc.heading >= RESCUE_HEADING)
    strong = sc.content >= RESCUE_STRONG
    rescued: set[int] = set()

    def same_parent(t: int, b: int) -> bool:
        pt, pb = tgt.parent[t], bas.parent[b]
        return (pt < 0 and pb < 0) or (pt >= 0 and pb >= 0 and assigned.get(pt) == pb)

    for measure, evidence, need_parent in ((total, weak, True), (sc.content, strong, False)):
        changed = True
        while changed:
            changed = False
            free = free_t[:, None] & free_b[None, :] & allowed
            ok = free & evidence & (total >= RESCUE_MIN)
            if not ok.any():
                break
            masked = np.where(free, measure, -1.0)
            for t in np.flatnonzero(ok.any(axis=1)):
                b = int(np.argmax(masked[t]))
                if not ok[t, b] or int(np.argmax(masked[:, b])) != t:
                    continue
                if need_parent and not same_parent(int(t), b):
                    continue
                assigned[int(t)] = b
                rescued.add(int(t))
                free_t[t] = False
                free_b[b] = False
                changed = True
                break
    return rescued


def _split_source(t, sc: _Scores, tgt: _Outline, bas: _Outline, assigned, base_owner, forbidden):
    """For an unpaired target section: the paired base section its text was split from, if any.

    Either most of its sentences come from that base section, or the section sits under
    a paired parent and its text resembles the parent's counterpart (or one of its
    paired sub-sections) more than anything else in the base edition.
    """
    import numpy as np

    nb = sc.total.shape[1]
    if sc.t_sent[t] == 0:
        return None
    row = np.where(forbidden[t], 0.0, sc.from_base[t])
    cands = [b for b in range(nb) if row[b] >= PART_MIN and b in base_owner]
    if cands:
        # The closest in content: a section that holds the text but is much larger scores lower.
        b = max(cands, key=lambda b: (sc.content[t, b], b))
        other = tgt.refs[base_owner[b]]
        conf = max(0.0, min(1.0, 0.25 + 0.7 * float(row[b])))
        why = (f"{_fmt_pct(row[b])} of its sentences come from '{bas.refs[b].heading}', "
               f"which is paired with '{other.heading}'")
        return b, conf, why
    pt = tgt.parent[t]
    if pt < 0 or pt not in assigned:
        return None
    pb = assigned[pt]
    content = np.where(forbidden[t], 0.0, sc.content[t])
    best_any = float(content.max()) if nb else 0.0
    inside = [b for b in range(pb, bas.end[pb]) if b in base_owner and not forbidden[t, b]]
    if not inside:
        return None
    b = max(inside, key=lambda b: (content[b], -b))
    if content[b] < SPLIT_CONTENT or content[b] < 0.8 * best_any:
        return None
    conf = max(0.0, min(0.6, 0.2 + float(content[b])))
    why = (f"its parent is paired with '{bas.refs[pb].heading}', and its text is closest to "
           f"'{bas.refs[b].heading}' (content {content[b]:.2f}), which is paired with '{tgt.refs[base_owner[b]].heading}'")
    return b, conf, why


def _relation(t: int, b: int, tgt: _Outline, bas: _Outline, assigned: dict[int, int]) -> str:
    pt, pb = tgt.parent[t], bas.parent[b]
    if pt < 0 and pb < 0:
        same_parent = True
    elif pt < 0 or pb < 0:
        same_parent = False
    else:
        same_parent = assigned.get(pt) == pb
        if not same_parent and pt not in assigned:
            # An unpaired parent (a new grouping): judge by the nearest paired ancestor.
            a = pt
            while a >= 0 and a not in assigned:
                a = tgt.parent[a]
            same_parent = a >= 0 and _is_ancestor(bas, assigned[a], b)
    if not same_parent:
        return "moved"
    return "same" if tgt.norm[t] == bas.norm[b] else "renamed"


def _evidence(sc: _Scores, t: int, b: int) -> list[str]:
    parts = []
    if sc.t_sent[t] or sc.b_sent[b]:
        parts.append(f"content {sc.content[t, b]:.2f} ({_fmt_pct(sc.from_base[t, b])} of sentences carried over)")
    else:
        parts.append("no text on either side")
    parts.append(f"heading {sc.heading[t, b]:.2f}")
    return parts


def align_corpus(corpus, year, base_year=2016, overrides: Overrides | None = None) -> Alignment:
    """Load two editions from a :class:`~differ.corpus.Corpus` and align ``year`` to ``base_year``.

    ``overrides`` defaults to the corpus's own override file (none when it is absent).
    """
    if overrides is None:
        overrides = load_overrides(corpus.dir / OVERRIDES_FILE)
    return align_reports(corpus.load(base_year), corpus.load(year), overrides)


# --- text output --------------------------------------------------------------------------


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_alignment(alignment: Alignment, width: int = 46) -> str:
    """The readable table of ``differ align``: target heading → base heading, relation, confidence."""
    counts = {r: 0 for r in RELATIONS}
    for m in alignment.sections:
        counts[m.relation] = counts.get(m.relation, 0) + 1
    summary = ", ".join(f"{n} {r}" for r, n in counts.items() if n)
    ty, by = alignment.target_year, alignment.base_year
    lines = [
        f"{ty} → {by}: {len(alignment.sections)} sections ({summary}); {len(alignment.dropped)} {by} sections dropped",
        "",
        f"{str(ty) + ' heading':<{width}}  {str(by) + ' heading':<{width}}  {'relation':<9} conf",
    ]
    pinned = False
    for m in alignment.sections:
        indent = "  " * max(0, m.target.level - 1) if m.target.level > 1 else ""
        left = _clip(indent + m.target.heading, width)
        right = _clip(m.match.heading, width) if m.match else "—"
        if len(m.matches) > 1:
            right = _clip(f"{m.match.heading} (+{len(m.matches) - 1})", width)
        rel = m.relation + ("*" if m.override else "")
        pinned = pinned or m.override
        lines.append(f"{left:<{width}}  {right:<{width}}  {rel:<9} {m.confidence:.2f}")
    if pinned:
        lines += ["", "* set by the override file"]
    if alignment.dropped:
        lines += ["", f"Dropped from {by} (no counterpart in {ty}; [context] is not dropped):"]
        dropped = {d.path for d in alignment.dropped}
        shown: set[tuple[str, ...]] = set()
        for d in alignment.dropped:
            for depth in range(1, len(d.path) + 1):
                prefix = d.path[:depth]
                if prefix in shown:
                    continue
                shown.add(prefix)
                text = prefix[-1] if prefix in dropped else f"[{prefix[-1]}]"
                lines.append("  " + "  " * (depth - 1) + _clip(text, 2 * width + 10 - 2 * depth))
    return "\n".join(lines)
