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
(:func:`differ.assign.max_weight_matching`, with a "no counterpart" option worth
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

The work grows with the length of the reports, not its square, even when text repeats
(plain Python: numpy's import would cost more than the aligner takes on a report):
sentences (and, in long outlines, subtrees) repeated word for word are compared once; a
sentence found word for word in the other edition is linked to it without a search; the
others are compared only with sentences that share one of their rarer terms
(:func:`_search_ends`: exact, the common terms alone cannot reach the link threshold). Every section pair is scored while there
are at most :data:`ALL_PAIRS_MAX`; beyond that, candidate pairs only
(:func:`_candidate_pairs`).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
import weakref
from array import array
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import add, getitem, itemgetter, mul
from pathlib import Path
from typing import Any, Iterable

from differ.errors import DifferError
from differ.lazyre import lazy
from differ.model import Report, Section

RELATIONS = ("same", "renamed", "moved", "merged", "split", "new")
OVERRIDES_FILE = "align-overrides.toml"

# --- public data --------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionRef:
    """A section of either edition as the alignment names it."""

    heading: str
    path: tuple[str, ...]
    level: int

    def to_json(self) -> dict:
        return {"heading": self.heading, "path": list(self.path)}


@dataclass(frozen=True)
class SectionMatch:
    """A target section and the base section(s) it continues, how, and how surely."""

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
    """Every target section's match in the base edition, and the base sections dropped."""

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
    """One [[pin]] or [[forbid]] rule of an align-overrides.toml file."""

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
    """The rules of one align-overrides.toml file (none when there is no file)."""

    rules: tuple[OverrideRule, ...] = ()
    source: str = ""

    def __bool__(self) -> bool:
        return bool(self.rules)

    def apply_to(self, base_year: int, target_year: int) -> bool:
        """Whether any rule applies when aligning ``target_year`` to ``base_year``."""
        return any(rule.applies(base_year, target_year) for rule in self.rules)


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
    import tomllib

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

_LETTERING = lazy(r"^\s*(?:section\s+\d+\s*[.:]?|[a-z]\s*[.)]|\d+\s*[.)]|[ivx]+\s*[.)])\s+", re.I)
_SEE = lazy(r"\(?\s*\bsee\s+(?:also\s+)?(?:section|sections)\b[^)]*\)?", re.I)
_HEAD_WORD = lazy(r"[a-z0-9+]+")
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


@functools.lru_cache(maxsize=4096)  # headings recur: under several parents, and edition after edition
def normalize_heading(heading: str) -> str:
    """Heading reduced to comparable words: no lettering, case, punctuation or cross-references."""
    text = unicodedata.normalize("NFKC", heading).replace("’", "'")
    text = _LETTERING.sub("", text)
    text = _SEE.sub(" ", text)
    text = text.lower().replace("&", " and ").replace("-", "").replace("'", "")
    words = [_VARIANTS.get(w, w) for w in _HEAD_WORD.findall(text)]
    words = [w.rstrip("+") for w in words if w.rstrip("+") and w not in _HEAD_STOP]
    return " ".join([_stem(w) for w in words])


_SUFFIXES = ("izations", "ization", "ations", "ation", "izing", "ized", "izes", "ize", "ings", "ing",
             "edly", "ed", "es", "s", "ly")


# The suffixes (and their lengths) by their last letter, in _SUFFIXES order: a word is
# tested only against those it can end with.
_SUFFIXES_BY_LAST: dict[str, tuple[tuple[str, int], ...]] = {}
for _suffix in _SUFFIXES:
    _SUFFIXES_BY_LAST[_suffix[-1]] = _SUFFIXES_BY_LAST.get(_suffix[-1], ()) + ((_suffix, len(_suffix)),)


def _strip_suffix(word: str) -> str:
    """A light suffix stripper: tense and number change between editions ('prohibits' → 'prohibited')."""
    suffixes = _SUFFIXES_BY_LAST.get(word[-1:])
    if suffixes is None:  # most words: no suffix ends with their last letter ('ies' neither)
        return word
    longest = len(word) - 4  # a stem keeps at least four letters
    if longest > 0 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix, size in suffixes:
        if size <= longest and word.endswith(suffix):
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[:-size]
    return word


_stem = functools.lru_cache(maxsize=65536)(_strip_suffix)


def _path_key(path: Iterable[str]) -> tuple[str, ...]:
    return tuple(re.sub(r"[^a-z0-9]+", "", unicodedata.normalize("NFKC", h).lower()) for h in path)


class _Stems(dict):
    """Raw word → its stem, or "" for a stop word or number; a word is stemmed the first
    time it is looked up (a cache: tokenising is the hot loop)."""

    def __missing__(self, raw: str) -> str:
        w = raw.lstrip("0123456789")
        stem = self[raw] = "" if (w in _TEXT_STOP or len(w) < 2) else _strip_suffix(w)
        return stem


_WORDS = _Stems()


# Bytes other than ASCII letters and digits become spaces, capitals lower case: a text's
# words are then its whitespace-separated pieces, each with any leading digits stripped
# ("2016abc" → "abc"): a letter, then letters and digits (tests/test_performance.py
# compares them with that regex's matches in the text folded the plain way).
_WORD_BYTES = bytes(c if (97 <= c <= 122 or 48 <= c <= 57) else c + 32 if 65 <= c <= 90 else 32 for c in range(256))


def _raw_words(text: str) -> list[str]:
    """The text's runs of ASCII letters and digits, read as the tokeniser reads a text:
    compatibility forms (NFKC), lower case, no apostrophes or hyphens (non-ASCII
    characters separate runs). The ASCII steps are done by the byte table: apostrophes
    and hyphens deleted, capitals lowered (for ASCII, all that ``str.lower`` does)."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = text.lower().replace("’", "")  # full case mapping ('İ' → 'i̇'); the apostrophe joins its word
    return text.encode("ascii", "replace").translate(_WORD_BYTES, b"'-").decode("ascii").split()


def _content_tokens_of(texts: list[str]) -> list[tuple[str, ...]]:
    """Stemmed content words of each text (its words, :func:`_raw_words`, less leading digits), stop words out.

    All texts at once: each distinct text is read once, each distinct word stemmed once
    (:class:`_Stems`), and each text's words are looked up in C (``map``/``filter``) rather
    than word by word. A text's list of words lives only while it is read: a long report's
    tens of thousands of lists would all be walked by the garbage collector.
    """
    distinct = list(dict.fromkeys(texts))
    stem_of = _WORDS.__getitem__
    tokens = dict(zip(distinct, [tuple(filter(None, map(stem_of, _raw_words(text)))) for text in distinct]))
    return [tokens[text] for text in texts]


# --- the outline as lists -----------------------------------------------------------------


# _Outline, _Pairs and _Scores never leave this module and nothing compares or prints them:
# plain classes, not dataclasses, whose generated methods cost each process about 0.3 ms a class.


class _Outline:
    """One edition's sections in pre-order, with each one's parent, subtree and sentences.
    (Its cached properties live in the instance's __dict__: no __slots__.)"""

    def __init__(self, sections: list[Section], parent: list[int], end: list[int], sent_start: list[int],
                 sentences: list[str], owner: list[int], norm: list[str], refs: list[SectionRef]):
        self.sections = sections
        self.parent = parent  # index of the parent, -1 for roots
        self.end = end  # subtree of i is sections[i:end[i]] (pre-order)
        self.sent_start = sent_start  # sentences owned by i's subtree are sent_start[i]:sent_start[end[i]]
        self.sentences = sentences
        self.owner = owner
        self.norm = norm
        self.refs = refs

    @property
    def n(self) -> int:
        return len(self.sections)

    @functools.cached_property
    def lineage(self) -> list[tuple[int, ...]]:
        """Each section followed by its ancestors, nearest first."""
        out: list[tuple[int, ...]] = []
        for i, p in enumerate(self.parent):
            out.append((i,) + (out[p] if p >= 0 else ()))
        return out

    @functools.cached_property
    def tokens(self) -> list[tuple[str, ...]]:
        """Each sentence's content words (see :func:`_content_tokens_of`)."""
        return _content_tokens_of(self.sentences)

    @functools.cached_property
    def heading_words(self) -> tuple[list[str], list[str], list[set[str]]]:
        """Each normalised heading's words sorted, its distinct words sorted, and as a set."""
        split = [n.split() for n in self.norm]
        return [" ".join(sorted(w)) for w in split], [" ".join(sorted(set(w))) for w in split], [set(w) for w in split]

    @functools.cached_property
    def sentence_count(self) -> list[int]:
        """Sentences in each section's subtree."""
        return [self.sent_start[self.end[i]] - self.sent_start[i] for i in range(self.n)]


_OUTLINES: dict[int, tuple[weakref.ref, _Outline]] = {}


def _outline(report: Report) -> _Outline:
    """The report as lists, made once per report object (a trend page aligns one report
    with several others); forgotten when the report is."""
    key = id(report)
    held = _OUTLINES.get(key)
    if held is not None and held[0]() is report:
        return held[1]
    outline = _make_outline(report)
    _OUTLINES[key] = (weakref.ref(report, lambda _ref, key=key: _OUTLINES.pop(key, None)), outline)
    return outline


def _make_outline(report: Report) -> _Outline:
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

MAX_TERM_PAIRS = 100_000  # see _sentence_links
LINK_MIN = 0.45  # cosine above which two sentences count as the same sentence carried over
PAIR_MIN = 0.30  # a pair scoring below this is worse than "no counterpart"
PART_MIN = 0.35  # share of a section's sentences that must come from a paired base section to call it split
MERGE_MIN = 0.25  # share of an unpaired base section's sentences that must go into one target to call it merged
CARRY_MIN, MERGE_SENTENCES = 0.6, 2  # a merge needs this many base sentences carried over at this cosine
W_CONTENT, W_HEADING, W_PARENT, W_POSITION = 0.55, 0.25, 0.15, 0.05
W_CHILDREN = W_PARENT  # a section's children vouch for its pair as much as its parent does for theirs
HEADING_FLOOR = 0.35  # heading similarity that unrelated headings reach anyway
LEVEL_PENALTY = 0.03
RESCUE_MIN, RESCUE_CONTENT, RESCUE_HEADING = 0.15, 0.10, 0.20  # leftovers paired as mutual best
RESCUE_STRONG = 0.30  # content that pairs mutual-best leftovers even under unrelated parents
NO_TEXT_CONFIDENCE = 0.8  # most we claim for a pair when one side has no text
SPLIT_CONTENT = 0.08  # least content similarity to call a sub-section split from its parent's counterpart
# Every target section is scored against every base section while that is at most this
# many pairs (a real report has 30-90 sections: under 8,000 pairs). Longer outlines score
# candidate pairs only, so the work grows with the length of the outline, not its square.
ALL_PAIRS_MAX = 40_000
TAIL_PASS_WALK = 8  # see _search: bound the targets' norms in common terms when the walk is this many times their terms
POSITION_WINDOW = 3  # candidates: base sections this close to a target section's place in the outline
HEADING_WORD_PAIRS = 1_024  # candidates: a heading word shared by more pairs of sections than this is no clue
PAIR_STEP_COST = 3  # a product summed in a Python loop costs about this many terms looked up by set operations in C


def _term_counts(tokens: list[tuple[str, ...]], vocab: dict[str, int]) -> list[dict[int, int]]:
    """Each sentence's term counts; terms numbered in ``vocab`` (shared by both editions).

    Sentences repeated word for word share one dict (counted once)."""
    out = []
    same: dict[tuple[str, ...], dict[int, int]] = {}
    for words in tokens:
        counts = same.get(words)
        if counts is None:
            counts = same[words] = {}
            for tok in words:
                i = vocab.get(tok)
                if i is None:
                    i = vocab[tok] = len(vocab)
                counts[i] = counts.get(i, 0) + 1
        out.append(counts)
    return out


def _norm(counts: dict[int, int], idf: list[float], terms: list[int] | None = None) -> float:
    """The L2 norm of the TF-IDF weights, summed in ascending term order (``terms``: the
    counts' terms already sorted)."""
    total = 0.0
    for j in sorted(counts) if terms is None else terms:
        w = counts[j] * idf[j]
        total += w * w
    return math.sqrt(total)


def _unit(counts: dict[int, int], idf: list[float]) -> dict[int, float]:
    """TF-IDF weights over their L2 norm, in ascending term order (the order every sum runs in)."""
    norm = _norm(counts, idf) or 1.0
    return {j: counts[j] * idf[j] / norm for j in sorted(counts)}


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    """Dot product of two sparse vectors, summed in ascending term order."""
    if len(b) < len(a):
        a, b = b, a
    get = b.get
    total = 0.0
    for j, w in a.items():
        x = get(j)
        if x is not None:
            total += w * x
    return total


def _distinct(counts: list[dict[int, int]], idf: list[float]):
    """Distinct sentence vectors: ``(keys, vectors, of, first)`` with each vector's key (its
    term counts), the vector of each sentence, and each vector's first sentence.

    Sentences repeated word for word (boilerplate, annexes) are compared once.
    """
    seen: dict[bytes, int] = {}
    same: dict[int, int] = {}  # id of a counts dict → its vector (sentences repeated word for word share one dict)
    vectors: list[dict[int, float]] = []
    first: list[int] = []
    of: list[int] = []
    sqrt = math.sqrt
    for i, c in enumerate(counts):
        u = same.get(id(c))
        if u is None:
            # The counts as their sorted terms, then those terms' counts, in the bytes of 64-bit
            # integers: equal exactly when the dicts are (half the length is terms), faster
            # to make and hash than a frozenset of (term, count) pairs, and nothing the
            # garbage collector counts (tuples it does, until it has walked them once). The
            # sorted terms are the vector's order too.
            terms = sorted(c)
            term_counts = [*map(c.__getitem__, terms)]
            key = array("q", terms + term_counts).tobytes()  # from a list: faster than from an iterator
            u = seen.setdefault(key, len(vectors))  # one hash of the key
            if u == len(vectors):
                # _unit(c, idf), inline: this runs once per distinct sentence. When every term
                # occurs once (most sentences), 1 * idf[j] is idf[j]: no count to look up.
                weights = [idf[j] for j in terms] if len(terms) == sum(term_counts) else [c[j] * idf[j] for j in terms]
                total = 0.0
                for w in weights:
                    total += w * w
                norm = sqrt(total) or 1.0
                vectors.append({j: w / norm for j, w in zip(terms, weights)})
                first.append(i)
            same[id(c)] = u
        of.append(u)
    return seen, vectors, of, first


def _sentence_links(t_counts, b_counts, idf: list[float], df: list[int]):
    """Every target sentence's most similar base sentence by TF-IDF cosine, and the reverse.

    Returns ``best_b, best_b_w, best_t, best_t_w``: the index (lowest on ties) and cosine
    of the best partner, or ``-1`` and ``0.0`` when none reaches :data:`LINK_MIN` (links
    below it are not used). Each distinct sentence is compared once. A sentence found
    word for word in the other edition is linked to it (nothing is closer); the others
    are compared only with the sentences that share one of their rarer terms (see
    :func:`_search_ends`).
    """
    t_keys, t_vecs, t_of, t_first = _distinct(t_counts, idf)
    b_keys, b_vecs, b_of, b_first = _distinct(b_counts, idf)
    order = sorted(range(len(idf)), key=df.__getitem__)  # rarest first; a stable sort keeps ties by number
    rank = [0] * len(idf)
    for r, j in enumerate(order):
        rank[j] = r
    del order  # freed before the search (as below: what the garbage collector need not walk again)
    best_of_t: list[tuple[int, float]] = [(-1, 0.0)] * len(t_vecs)
    best_of_b: list[tuple[int, float]] = [(-1, 0.0)] * len(b_vecs)
    for key, u in t_keys.items():
        v = b_keys.get(key)
        if v is not None:
            w = _dot(t_vecs[u], b_vecs[v])
            best_of_t[u], best_of_b[v] = (v, w), (u, w)
    del t_keys, b_keys
    # A term so common that it would pair more than MAX_TERM_PAIRS sentences says little
    # about which sentence is which (the idea of max_df in IR) and is not used to find
    # candidates. No term of a real report comes near the bound (the commonest of
    # 2016 × 2023, "government", pairs 18,228); it keeps very long documents linear.
    # A term in d sentences pairs at most (d / 2)² distinct ones across the two editions:
    # when no term's d reaches that bound (any real report), there is nothing to count.
    if 4 * MAX_TERM_PAIRS >= max(df, default=0) ** 2:
        common: set[int] = set()
    else:
        t_df, b_df = _term_df(t_vecs), _term_df(b_vecs)
        common = {j for j, n in t_df.items() if n * b_df.get(j, 0) > MAX_TERM_PAIRS}
        del t_df, b_df

    def better(new: tuple[int, float], old: tuple[int, float]) -> bool:  # higher, or as high and first
        return new[1] > old[1] or (new[1] == old[1] and 0 <= new[0] < old[0])

    # Every sentence against every sentence of the other edition, in one search: a sentence
    # without a twin takes its best partner, and one with a twin is a partner only for the
    # other edition's sentences without one.
    twinned_t = [best[0] >= 0 for best in best_of_t]
    lonely_b = [best[0] < 0 for best in best_of_b]
    for u, v, w in _close_pairs(t_vecs, b_vecs, rank, common):
        if not twinned_t[u] and better((v, w), best_of_t[u]):
            best_of_t[u] = (v, w)
        if lonely_b[v] and better((u, w), best_of_b[v]):
            best_of_b[v] = (u, w)

    def expand(of, best, first):
        index, weight = [], []
        for u in of:
            v, w = best[u]
            index.append(first[v] if v >= 0 else -1)
            weight.append(w)
        return index, weight

    best_b, best_b_w = expand(t_of, best_of_t, b_first)
    best_t, best_t_w = expand(b_of, best_of_b, t_first)
    return best_b, best_b_w, best_t, best_t_w


def _term_df(vectors: list[dict[int, float]]) -> dict[int, int]:
    return Counter(chain.from_iterable(vectors))


def _close_pairs(a: list[dict[int, float]], b: list[dict[int, float]], rank: list[int], skip: set[int]):
    """Every ``(i, j, cosine)`` where the cosine of ``a[i]`` and ``b[j]`` reaches LINK_MIN.

    The shorter list is searched for in the longer one (each search has a fixed cost).
    """
    if not a or not b:
        return []
    if len(a) <= len(b):
        return _search(a, b, rank, skip)
    return [(i, j, w) for j, i, w in _search(b, a, rank, skip)]


def _search(queries: list[dict[int, float]], targets: list[dict[int, float]], rank: list[int],
            skip: set[int]) -> list[tuple[int, int, float]]:
    """``(query, target, cosine)`` for every cosine of at least LINK_MIN, by target within query.

    A target is a candidate when it shares one of the query's rare terms (but those in
    ``skip``) and a close pair when what the rare and the common terms add reaches the
    threshold (see :func:`_search_ends`). Only the rarest of the rare terms find
    candidates: a target sharing none of them cannot reach the threshold. The later rare
    terms' postings only add to the candidates found (AllPairs, Bayardo et al. 2007):
    each candidate's sum runs over the same terms in the same order as if every rare
    term found candidates, so every test below sees the same number.
    """
    threshold = LINK_MIN - 1e-9  # a margin for rounding in the partial sums
    # Rarer terms find candidates while what the terms after them can add reaches this:
    # a little below the threshold, so that rounding in a sum and in the bounds (~1e-15)
    # can never leave out a target that reaches it.
    floor = threshold - 1e-12
    top: dict[int, float] = {}  # each term's largest weight among the targets
    for vec in targets:
        for j, w in vec.items():
            if w > top.get(j, 0.0):
                top[j] = w
    # Common terms may add up to 70% of the threshold: a shorter rare list would send many
    # more candidates through the check below, a longer one walk longer postings.
    limit = 0.7 * threshold
    # Rarest first; tuples, which the garbage collector soon stops counting (lists it never does).
    ordered = [tuple(sorted(vec, key=rank.__getitem__)) for vec in queries]
    # Each query's ends (see _search_ends), found once: the cut, where its rare terms end, says
    # which terms the postings need (a floor above the limit leaves it where it is), and the
    # finding end and the common terms' bound serve the search below unless the tail pass
    # tightens them.
    ends = [_search_ends(vec, terms, rank, top, limit, floor) for vec, terms in zip(queries, ordered)]
    rare_terms = list(chain.from_iterable(map(getitem, ordered, map(slice, map(itemgetter(1), ends)))))
    # Each rare term's targets → their weights, in target order: a dict of numbers only,
    # which the garbage collector does not track (a list it would, and walk at every full
    # collection: a long input has tens of thousands of rare terms). A term no target has
    # keeps the one empty dict (a third of them in a long input), which nothing adds to.
    no_targets: dict[int, float] = {}
    postings: dict[int, dict[int, float]] = dict.fromkeys(rare_terms, no_targets)
    for j in skip:
        postings.pop(j, None)
    for v, vec in enumerate(targets):
        for j, w in vec.items():
            found = postings.get(j)
            if found:
                found[v] = w
            elif found is not None:
                postings[j] = {v: w}
    # When the walk through the postings is long next to the targets themselves, a pass
    # over the targets' terms that bounds their norms in the commoner terms (see
    # _search_ends) pays for itself: it puts more terms on the common side. On the real
    # reports the walk is under 4 times the targets' terms, and the tighter bound would
    # save a tenth of it, less than the pass costs.
    walk = sum(map(len, map(postings.get, rare_terms, repeat(no_targets, len(rare_terms)))))
    del rare_terms
    tail = _tail_norms(targets, rank) if walk > TAIL_PASS_WALK * sum(map(len, targets)) else None
    if tail is not None:  # fewer rare terms find candidates, each already among the postings
        ends = [_search_ends(vec, terms, rank, top, limit, floor, tail) for vec, terms in zip(queries, ordered)]
    out = []
    # Each target's partial sum, in a list: indexing it costs half a dict's get. A sum is
    # positive once a term adds to it (every weight is), so 0.0 says "not a candidate yet";
    # each candidate's entry goes back to 0.0 when its query is done.
    partial = [0.0] * len(targets)
    for u, (vec, terms, (finding, cut, rest)) in enumerate(zip(queries, ordered, ends)):
        candidates = []  # in the order found
        for j in terms[:finding]:
            if j not in skip:
                x = vec[j]
                for v, w in postings[j].items():
                    score = partial[v]
                    if score:
                        partial[v] = score + x * w
                    else:
                        partial[v] = x * w
                        candidates.append(v)
        for j in terms[finding:cut]:
            if j not in skip:
                x = vec[j]
                for v, w in postings[j].items():
                    score = partial[v]
                    if score:
                        partial[v] = score + x * w
        close = []
        need = threshold - rest
        common = terms[cut:]
        for v in candidates:
            score = partial[v]
            partial[v] = 0.0
            if score >= need:
                other = targets[v]
                for j in common:
                    y = other.get(j)
                    if y is not None:
                        score += vec[j] * y
                if score >= threshold:
                    close.append(v)
        for v in sorted(close):
            w = _dot(vec, targets[v])  # exactly, in ascending term order
            if w >= LINK_MIN:
                out.append((u, v, w))
    return out


def _tail_norms(vectors: list[dict[int, float]], rank: list[int]) -> list[float]:
    """For every rank r, the largest norm any of the vectors has in its terms ranked r or later."""
    tail = [0.0] * (len(rank) + 1)  # squared, first for the vectors' own ranks only
    for vec in vectors:
        square = 0.0
        for j in sorted(vec, key=rank.__getitem__, reverse=True):  # commonest first
            w = vec[j]
            square += w * w
            r = rank[j]
            if square > tail[r]:
                tail[r] = square
    # Terms ranked later count too; and a unit vector's norm is at most 1, whatever the rounding.
    return [min(1.0, math.sqrt(square)) for square in accumulate(reversed(tail), max)][::-1]


def _search_ends(vec: dict[int, float], terms: list[int], rank: list[int], top: dict[int, float], limit: float,
                 floor: float, tail: list[float] | None = None) -> tuple[int, int, float]:
    """Where a vector's terms (``terms``, rarest first) stop finding candidates and stop
    being rare, and a bound on what the common terms add: ``(finding, cut, rest)``.

    What a vector's terms from the i-th on add to a cosine is bounded in two ways, the
    smaller counting: by Cauchy-Schwarz (their norm times 1, or times ``tail[r]``, which
    bounds the norm of any other-side vector in its terms ranked r or later: the
    prefix-norm bound of L2AP, Anastasiu and Karypis 2014), and by each term's weight
    times its largest weight on the other side (``top``). The common terms
    ``terms[cut:]`` are the longest tail whose bound ``rest`` stays below ``limit``: so
    a sentence reaching a cosine of ``limit`` or more shares a rare term (prefix
    filtering, Bayardo et al. 2007), and only the sentences holding a rare term need
    comparing. The terms from ``finding`` on add less than ``floor`` (``finding`` is at
    most ``cut`` when ``floor`` is at least ``limit``): a sentence reaching ``floor``
    shares one of the terms before. Both bounds only grow towards the rarer terms.
    """
    sqrt, top_of = math.sqrt, top.get
    square = weighted = rest = 0.0
    finding = cut = len(terms)
    for j in reversed(terms):
        w = vec[j]
        square += w * w
        weighted += w * top_of(j, 0.0)
        bound = sqrt(square) if tail is None else sqrt(square) * tail[rank[j]]
        if weighted < bound:
            bound = weighted
        if bound >= floor:
            break
        finding -= 1
        if cut == finding + 1 and bound < limit:  # still among the common terms
            cut = finding
            rest = bound
    return finding, cut, rest


class _Pairs:
    """The (target, base) section pairs that are scored, ordered by target, then base.

    Every pair for outlines of a real report's size; for very long ones the candidates of
    :func:`_candidate_pairs`. A pair not scored counts as no evidence at all. (Its cached
    properties live in the instance's __dict__: no __slots__.)
    """

    def __init__(self, t: list[int], b: list[int], start: list[int], nb: int, at: dict[int, int] | None):
        self.t = t
        self.b = b
        self.start = start  # pairs of target section t are start[t]:start[t + 1]
        self.nb = nb
        self.at = at  # pair (t, b), as the number t * nb + b → its index; None when every pair is scored

    @classmethod
    def every(cls, nt: int, nb: int) -> "_Pairs":
        return cls([t for t in range(nt) for _ in range(nb)], list(range(nb)) * nt,
                   list(range(0, nt * nb + 1, nb)) if nb else [0] * (nt + 1), nb, None)

    @classmethod
    def of(cls, rows: list[list[int]], nb: int) -> "_Pairs":
        t = [i for i, row in enumerate(rows) for _ in row]
        b = [j for row in rows for j in row]
        start = [0]
        for row in rows:
            start.append(start[-1] + len(row))
        # Numbers, not (t, b) tuples: a long outline has tens of thousands of pairs, and no
        # tuple each means nothing for the garbage collector to count.
        return cls(t, b, start, nb, dict(zip(map(add, map(nb.__mul__, t), b), range(len(t)))))

    def index(self, t: int, b: int) -> int | None:
        """The pair's position in every per-pair list, None if it is not scored."""
        return t * self.nb + b if self.at is None else self.at.get(t * self.nb + b)

    def __len__(self) -> int:
        return len(self.t)

    def row(self, t: int) -> range:
        return range(self.start[t], self.start[t + 1])

    @functools.cached_property
    def columns(self) -> dict[int, list[int]]:
        cols: dict[int, list[int]] = {}
        for k, b in enumerate(self.b):
            cols.setdefault(b, []).append(k)
        return cols

    def column(self, b: int) -> range | list[int]:
        if self.at is None:  # every pair: pair (t, b) is number t * nb + b
            return range(b, len(self.t), self.nb)
        return self.columns.get(b, [])

    def values(self, per_pair: list, ks: range | list[int], but: int = -1) -> list:
        """The values of pairs ``ks`` (a row or a column) but pair ``but``, in order (a range sliced in C)."""
        if isinstance(ks, range):
            out = per_pair[ks.start:ks.stop:ks.step]
            if but in ks:
                del out[ks.index(but)]
            return out
        return [per_pair[k] for k in ks if k != but]


def _candidate_pairs(tgt: _Outline, base: _Outline, links: list[tuple[int, int, float]]) -> _Pairs:
    """Pairs worth scoring in a long outline: sections that share a linked sentence, a
    heading word few other headings use, or a place in the outline; and their parents."""
    nt, nb = tgt.n, base.n
    rows: list[set[int]] = [set() for _ in range(nt)]
    for t, b, _w in links:
        for a in tgt.lineage[t]:
            rows[a].update(base.lineage[b])
    t_words: dict[str, list[int]] = {}
    b_words: dict[str, list[int]] = {}
    for index, outline in ((t_words, tgt), (b_words, base)):
        for i, norm in enumerate(outline.norm):
            for word in set(norm.split()):
                index.setdefault(word, []).append(i)
    for word, ts in t_words.items():
        bs = b_words.get(word)
        if bs and len(ts) * len(bs) <= HEADING_WORD_PAIRS:
            for t in ts:
                rows[t].update(bs)
    for t in range(nt):
        at = round(t / max(1, nt - 1) * (nb - 1))
        rows[t].update(range(max(0, at - POSITION_WINDOW), min(nb, at + POSITION_WINDOW + 1)))
    for t in range(nt - 1, -1, -1):  # children before parents, so parents' rows are complete when read
        pt = tgt.parent[t]
        if pt >= 0:
            rows[pt].update(p for p in (base.parent[b] for b in rows[t]) if p >= 0)
    return _Pairs.of([sorted(r) for r in rows], nb)


def _subtree_link_sums(links: list[tuple[int, int, float]], tgt: _Outline, base: _Outline, pairs: _Pairs,
                       t_div: list[int] | None = None, b_div: list[int] | None = None) -> list[float]:
    """For every scored pair (t, b): the total weight of the links from t's subtree into b's
    subtree, divided by ``t_div[t]`` or ``b_div[b]`` when one is given (a share, divided as
    each sum is made: no second pass over every pair).

    With every pair scored, through 2-D prefix sums over the links' own sections (the
    way these sums were always computed, so that a share that lands on a rounding
    boundary, 87.5%, rounds the same way); for candidate pairs, by walking up the outline.
    """
    if pairs.at is None:
        nb = base.n
        cells: dict[int, dict[int, float]] = {}  # the table's nonzero cells, row by row
        for t, b, w in links:
            row = cells.setdefault(t + 1, {})
            row[b + 1] = row.get(b + 1, 0.0) + w
        # Running sums down, then across. A row without links adds nothing (x + 0.0 is x:
        # all weights are positive), so it is the row above it, the same list.
        down = [0.0] * (nb + 1)
        across = list(accumulate(down))
        table = [across]
        for i in range(1, tgt.n + 1):
            row = cells.get(i)
            if row is not None:
                down = down.copy()
                for j, w in row.items():
                    down[j] += w
                across = list(accumulate(down))
            table.append(across)
        b_end = base.end
        zeros = [0.0] * nb
        out = []
        for t in range(tgt.n):
            top, bottom = table[t], table[tgt.end[t]]
            if bottom is top:  # no link from t's subtree: x - x - y + y is 0.0 (and so is 0.0 / d)
                out += zeros
            elif t_div is not None:
                d = t_div[t]
                out += [(bottom[e] - top[e] - bb + tb) / d for e, bb, tb in zip(b_end, bottom, top)]
            elif b_div is not None:
                out += [(bottom[e] - top[e] - bb + tb) / d for e, bb, tb, d in zip(b_end, bottom, top, b_div)]
            else:
                out += [bottom[e] - top[e] - bb + tb for e, bb, tb in zip(b_end, bottom, top)]  # b = 0 … nb - 1
        return out
    sums = [0.0] * len(pairs)
    at, nb = pairs.at, pairs.nb
    for t, b, w in links:
        b_line = base.lineage[b]
        for a in tgt.lineage[t]:
            for c in b_line:
                k = at.get(a * nb + c)
                if k is not None:
                    sums[k] += w
    if t_div is not None:
        return [x / t_div[t] for x, t in zip(sums, pairs.t)]
    if b_div is not None:
        return [x / b_div[b] for x, b in zip(sums, pairs.b)]
    return sums


def _own_counts(outline: _Outline, counts: list[dict[int, int]]) -> list[dict[int, int]]:
    """Each section's term counts over its own sentences."""
    own: list[dict[int, int]] = [{} for _ in range(outline.n)]
    for c, owner in zip(counts, outline.owner):
        acc = own[owner]
        if not acc:  # the section's first words: a copy (in C) is the sum
            own[owner] = c.copy()
            continue
        for j, k in c.items():
            acc[j] = acc.get(j, 0) + k
    return own


def _subtree_counts(outline: _Outline, own: list[dict[int, int]]) -> list[dict[int, int]]:
    """Each section's term counts over its whole subtree."""
    sub = [dict(c) for c in own]
    for i in range(outline.n - 1, -1, -1):  # pre-order: a section's descendants all come after it
        p = outline.parent[i]
        if p >= 0:
            acc = sub[p]
            if not acc:  # a section without words of its own: its last child's counts, copied in C
                sub[p] = sub[i].copy()
                continue
            for j, k in sub[i].items():
                acc[j] = acc.get(j, 0) + k
    return sub


def _subtree_cosines(pairs: _Pairs, tgt: _Outline, base: _Outline, t_own, b_own, idf: list[float],
                     every_pair: bool) -> list[float]:
    """Cosine of the two subtrees' TF-IDF vectors for every scored pair (from each section's
    own term counts, :func:`_own_counts`)."""
    if not every_pair:
        t_sub, b_sub = _subtree_counts(tgt, t_own), _subtree_counts(base, b_own)
        return _candidate_cosines(pairs, tgt, base, t_own, b_own, t_sub, b_sub, idf)
    # Every pair: the dot products of the sections' own texts (only sections sharing a term
    # meet), summed up both outlines. A section with no text of its own and one child gets
    # exactly its child's sums, so equal subtrees stay exactly equal. The subtrees' norms
    # first: their counts are gone before the postings and rows are made.
    t_norm, b_norm = _subtree_norms(tgt, t_own, idf), _subtree_norms(base, b_own, idf)
    nb = base.n
    b_post = _weights_by_term(b_own, idf)
    b_up = [(b, p) for b in range(nb - 1, 0, -1) if (p := base.parent[b]) >= 0]  # child → parent, last first
    empty: dict[int, float] = {}
    rows = []
    for c in t_own:
        row = [0.0] * nb
        if c:  # a section without text of its own has a row of zeros
            for j, k in c.items():
                x = k * idf[j]
                for b, y in b_post.get(j, empty).items():
                    row[b] += x * y
            for b, p in b_up:
                row[p] += row[b]
        rows.append(row)
    for t in range(tgt.n - 1, 0, -1):
        p = tgt.parent[t]
        if p >= 0:
            rows[p] = [x + y for x, y in zip(rows[p], rows[t])]
    return [x / (tn * bn) for row, tn in zip(rows, t_norm) for x, bn in zip(row, b_norm)]


def _subtree_norms(outline: _Outline, own: list[dict[int, int]], idf: list[float]) -> list[float]:
    """The norm of each section's subtree TF-IDF vector (1.0 for a subtree without words).

    The subtree counts of :func:`_subtree_counts`, each dropped once its norm is read and
    it is added to its parent's (only a few are held at a time), and a section's own
    counts copied only when a child's are added to them (the norm does not depend on the
    order of the terms, or of the additions: they are of integers). A child's counts are
    added in ascending term order (read for its norm): its new terms then form a sorted
    run in the parent's keys, which the parent's own sort merges rather than sorts (a
    third of the subtree norms' time went to sorting terms in no order at all)."""
    sub: list[dict[int, int] | None] = list(own)
    copied = [False] * outline.n  # whether sub[i] is a dict of this function's, free to add to
    norms = [1.0] * outline.n
    parent = outline.parent
    for i in range(outline.n - 1, -1, -1):  # pre-order: a section's descendants all come after it
        c = sub[i]
        sub[i] = None
        if not c:
            continue
        terms = sorted(c)  # (kept for the addition below)
        norms[i] = _norm(c, idf, terms) or 1.0
        p = parent[i]
        if p < 0:
            continue
        acc = sub[p]
        if not acc:  # the parent's first counts: its child's, as they are
            sub[p], copied[p] = c, copied[i]
            continue
        if not copied[p]:
            acc = sub[p] = acc.copy()
            copied[p] = True
        get = acc.get
        for j in terms:
            acc[j] = get(j, 0) + c[j]
    return norms


def _weights_by_term(own: list[dict[int, int]], idf: list[float]) -> dict[int, dict[int, float]]:
    """Each term → the sections whose own text uses it → its TF-IDF weight there, in section
    order. A dict of numbers only, which the garbage collector does not track (a list per term
    it would, and walk at every full collection: a long outline has tens of thousands of terms)."""
    out: dict[int, dict[int, float]] = {}
    for b, c in enumerate(own):
        for j, k in c.items():
            found = out.get(j)
            if found is None:
                out[j] = {b: k * idf[j]}
            else:
                found[b] = k * idf[j]
    return out


def _candidate_cosines(pairs: _Pairs, tgt: _Outline, base: _Outline, t_own, b_own, t_sub, b_sub,
                       idf: list[float]) -> list[float]:
    """Subtree cosines of a long outline's candidate pairs, by whichever way costs less.

    Through the sections' own texts (:func:`_cosines_through_postings`) when few sections
    share each term, as in an outline whose parts each have their own vocabulary; pair by
    pair (:func:`_cosines_pair_by_pair`) when the same terms run through every part, as
    when text repeats. Each way's work is counted before either is taken: the products of
    sections sharing a term, each a step of a Python loop, against the smaller subtree of
    each distinct pair of subtree texts, looked up in the larger one by set operations in C
    (see :data:`PAIR_STEP_COST`).
    """
    # The products: for each term of each target section's own text, the base sections using it.
    b_df = Counter(chain.from_iterable(b_own))
    through_postings = sum(map(b_df.get, chain.from_iterable(t_own), repeat(0)))
    t_same, b_same = _first_equal(t_sub), _first_equal(b_sub)
    nb = base.n  # a distinct pair (t, b) as the number t * nb + b: a set of ints, made in C
    distinct = set(map(add, map(nb.__mul__, map(t_same.__getitem__, pairs.t)), map(b_same.__getitem__, pairs.b)))
    t_len, b_len = list(map(len, t_sub)), list(map(len, b_sub))
    pair_by_pair = sum(map(min, map(t_len.__getitem__, map(nb.__rfloordiv__, distinct)),
                           map(b_len.__getitem__, map(nb.__rmod__, distinct))))
    del b_df, distinct, t_len, b_len  # freed before the sums (the garbage collector need not walk them)
    if PAIR_STEP_COST * through_postings <= pair_by_pair:
        return _cosines_through_postings(pairs, tgt, base, t_own, b_own, t_sub, b_sub, idf)
    return _cosines_pair_by_pair(pairs, base, t_sub, b_sub, idf, t_same, b_same)


def _cosines_through_postings(pairs: _Pairs, tgt: _Outline, base: _Outline, t_own, b_own, t_sub, b_sub,
                              idf: list[float]) -> list[float]:
    """The every-pair computation of :func:`_subtree_cosines` on sparse rows: the dot
    products of the sections' own texts (only sections sharing a term meet), summed up
    the base outline, then up the target outline, each sum in the same order as there,
    so that a candidate pair gets exactly the cosine it would get with every pair scored.
    The work follows the number of sections sharing a term, not the number of pairs."""
    b_post = _weights_by_term(b_own, idf)
    b_parent, b_lineage = base.parent, base.lineage
    empty: dict[int, float] = {}
    rows: list[dict[int, float]] = []
    for c in t_own:
        row: dict[int, float] = {}
        if c:
            get = row.get
            for j, k in c.items():
                x = k * idf[j]
                for b, y in b_post.get(j, empty).items():
                    row[b] = get(b, 0.0) + x * y
            # Children into parents, last section first (a parent comes before its children).
            for b in sorted(set().union(*map(b_lineage.__getitem__, row)), reverse=True):
                p = b_parent[b]
                if p >= 0 and b in row:
                    row[p] = get(p, 0.0) + row[b]
        rows.append(row)
    t_parent = tgt.parent
    for t in range(tgt.n - 1, 0, -1):
        p = t_parent[t]
        if p >= 0 and rows[t]:
            into = rows[p]
            get = into.get
            for b, x in rows[t].items():
                into[b] = get(b, 0.0) + x
    t_norm = [_norm(c, idf) or 1.0 for c in t_sub]
    b_norm = [_norm(c, idf) or 1.0 for c in b_sub]
    return [rows[t].get(b, 0.0) / (t_norm[t] * b_norm[b]) for t, b in zip(pairs.t, pairs.b)]


def _cosines_pair_by_pair(pairs: _Pairs, base: _Outline, t_sub, b_sub, idf: list[float],
                          t_same: list[int] | None = None, b_same: list[int] | None = None) -> list[float]:
    """Subtree cosines a pair at a time, over the terms the two share (found by a set
    intersection and summed in its order: these sums need not match every_pair's).

    Subtrees with the same text (repeated annexes) have equal vectors, in the same term
    order, so their sums are equal too: each distinct pair of texts is summed once
    (``t_same``, ``b_same``: :func:`_first_equal` of the subtrees, if already known)."""
    if t_same is None or b_same is None:
        t_same, b_same = _first_equal(t_sub), _first_equal(b_sub)
    t_vecs = [_unit(c, idf) if t_same[i] == i else None for i, c in enumerate(t_sub)]
    b_vecs = [_unit(c, idf) if b_same[i] == i else None for i, c in enumerate(b_sub)]
    known: dict[int, float] = {}
    out = []
    for t, b in zip(pairs.t, pairs.b):
        key = t_same[t] * base.n + b_same[b]
        cos = known.get(key)
        if cos is None:
            x, y = t_vecs[t_same[t]], b_vecs[b_same[b]]
            shared = x.keys() & y.keys()  # products taken in C, in the set's order both times
            cos = known[key] = sum(map(mul, map(x.__getitem__, shared), map(y.__getitem__, shared)))
        out.append(cos)
    return out


def _first_equal(maps: list[dict]) -> list[int]:
    """For each dict, the index of the first one equal to it with its keys in the same order.

    Dicts are compared in full only with those of the same length and the same first and
    last keys: a long outline's subtrees hold hundreds of thousands of counts in all, and
    most share that with no other (only a section without text of its own and one child
    does, in an outline whose parts each have their own words).
    """
    out = list(range(len(maps)))
    alike: dict[tuple[int, Any, Any], list[int]] = {}
    for i, m in enumerate(maps):
        alike.setdefault((len(m), next(iter(m), None), next(reversed(m), None)), []).append(i)
    for members in alike.values():
        if len(members) > 1:
            first: dict[tuple, int] = {}
            for i in members:  # in order: the first of equal dicts is kept
                m = maps[i]
                # Its keys and its values as two tuples: the same test as its items, without a tuple per item.
                out[i] = first.setdefault((tuple(m), tuple(m.values())), i)
    return out


def _float32(values) -> list[float]:
    """Values rounded to single precision (the headings' scores are kept at that precision)."""
    return array("f", values).tolist()


@functools.cache
def _rapidfuzz():
    """rapidfuzz's ``fuzz`` and ``process`` modules, imported on first use (an import
    statement in :func:`_ratios` would run its import machinery at every call)."""
    from rapidfuzz import fuzz, process

    return fuzz, process


@functools.lru_cache(maxsize=8192)
def _ratios(query: str, choices: tuple[str, ...], scorer: str = "ratio") -> tuple[float, ...]:
    """rapidfuzz's ``scorer`` (a name in rapidfuzz.fuzz) of ``query`` with each choice, in one
    call (kept: headings recur edition after edition). A tuple: kept for the rest of the
    run, and a tuple of numbers is soon left out by the garbage collector (a list never is)."""
    fuzz, process = _rapidfuzz()
    row = [0.0] * len(choices)
    for _choice, score, j in process.extract(query, choices, scorer=getattr(fuzz, scorer), limit=None):
        row[j] = score
    return tuple(row)


def _blend(by_sort: list[float], by_set: list[float]) -> list[float]:
    """The heading similarity of each pair of ratios (in percent), 0.6 / 0.4, minus the floor,
    in [0, 1], computed in single precision. Ratios come from short headings and repeat:
    each distinct pair of them is computed once."""
    pairs = list(map(complex, by_sort, by_set))  # a pair of doubles, exactly, in an object the collector ignores
    distinct = list(dict.fromkeys(pairs))
    c_sort, c_set, floor, span = _float32((0.6, 0.4, HEADING_FLOOR, 1.0 - HEADING_FLOOR))
    xs = _float32([x / 100.0 for x in _float32([z.real for z in distinct])])
    ys = _float32([y / 100.0 for y in _float32([z.imag for z in distinct])])
    raw = _float32([a + b for a, b in zip(_float32([c_sort * x for x in xs]), _float32([c_set * y for y in ys]))])
    # min(1.0, max(0.0, x)), without two calls per pair
    blended = [(x if x < 1.0 else 1.0) if x > 0.0 else 0.0 for x in _float32([x / span for x in _float32([x - floor for x in raw])])]
    return list(map(dict(zip(distinct, blended)).__getitem__, pairs))


def _heading_scores(pairs: _Pairs, tgt: _Outline, base: _Outline, every_pair: bool) -> list[float]:
    """Heading similarity in [0, 1] for every scored pair, with what unrelated headings reach taken off.

    rapidfuzz's token-sort and token-set ratios, blended 0.6 / 0.4 and computed in single
    precision, as the aligner always has, so that confidences stay put. Two shortcuts:
    the token-sort ratio is the plain ratio of the headings' sorted words (that is how
    rapidfuzz computes it), and for headings without a word in common the token-set
    ratio equals, up to rounding that single precision does not keep, the plain ratio of
    their sorted distinct words; only headings that share a word get the real one.
    """
    from rapidfuzz import fuzz

    t_norm, b_norm = tgt.norm, base.norm
    t_sorted, t_distinct, t_words = tgt.heading_words
    b_sorted, b_distinct, b_words = base.heading_words
    if every_pair:
        by_sort: list[float] = []
        by_set: list[float] = []
        sorted_choices, distinct_choices = tuple(b_sorted), tuple(b_distinct)
        for q in t_sorted:
            by_sort.extend(_ratios(q, sorted_choices))
        # Most headings repeat no word: their sorted and their distinct words are the same
        # string, and so are their ratios; only the pairs where a heading repeats one are computed.
        repeating = [b for b, (x, y) in enumerate(zip(b_sorted, b_distinct)) if x != y]
        repeating_choices = tuple(b_distinct[b] for b in repeating)
        nb = base.n
        for t, (q, q_sorted) in enumerate(zip(t_distinct, t_sorted)):
            if q != q_sorted:
                by_set.extend(_ratios(q, distinct_choices))
                continue
            row = by_sort[t * nb:(t + 1) * nb]
            for b, score in zip(repeating, _ratios(q, repeating_choices) if repeating else ()):
                row[b] = score
            by_set.extend(row)
    else:
        by_sort = [fuzz.ratio(t_sorted[t], b_sorted[b]) for t, b in zip(pairs.t, pairs.b)]
        # As with every pair: where neither heading repeats a word, its distinct words are
        # the same strings as its sorted words, and their ratio is the one just computed.
        t_repeats = [x != y for x, y in zip(t_sorted, t_distinct)]
        b_repeats = [x != y for x, y in zip(b_sorted, b_distinct)]
        by_set = [fuzz.ratio(t_distinct[t], b_distinct[b]) if t_repeats[t] or b_repeats[b] else x
                  for t, b, x in zip(pairs.t, pairs.b, by_sort)]
    # Headings without a word in common: their token-set ratio is the ratio of their distinct
    # words (by_set) up to the last bits of a double, which single precision does not keep:
    # its true value, 100 (L - d) / L for lengths L of a few hundred at most, is never that
    # close to a float32 rounding boundary (tests/test_performance.py checks every pair of
    # real headings). Headings that share a word get the real one, a row at a time.
    if every_pair:  # the pairs sharing a word, from the words: pair (t, b) is t * nb + b
        b_with: dict[str, list[int]] = {}
        for b, words in enumerate(b_words):
            for word in words:
                b_with.setdefault(word, []).append(b)
        sharing = {t: sorted({t * nb + b for word in words for b in b_with.get(word, ())})
                   for t, words in enumerate(t_words)}
    else:
        sharing = {}
        for k, (t, b) in enumerate(zip(pairs.t, pairs.b)):
            if not t_words[t].isdisjoint(b_words[b]):
                sharing.setdefault(t, []).append(k)
    for t, ks in sharing.items():
        if ks:
            by_set_row = _ratios(t_norm[t], tuple(b_norm[pairs.b[k]] for k in ks), "token_set_ratio")
            for k, y in zip(ks, by_set_row):
                by_set[k] = y
    # Most pairs are far below the floor; only the rest go through single precision.
    floor = HEADING_FLOOR - 1e-6
    t_text, b_text = [bool(n) for n in t_norm], [bool(n) for n in b_norm]
    tp, bp = pairs.t, pairs.b  # read for the few pairs near the floor only
    near = [k for k, x, y in zip(range(len(pairs)), by_sort, by_set)
            if 0.006 * x + 0.004 * y >= floor and t_text[tp[k]] and b_text[bp[k]]]
    out = [0.0] * len(pairs)
    for k, x in zip(near, _blend([by_sort[k] for k in near], [by_set[k] for k in near])):
        out[k] = x
    return out


class _Scores:
    """The scores of every section pair scored, by pair number."""

    __slots__ = ("pairs", "total", "content", "heading", "from_base", "to_target", "carried", "t_sent", "b_sent")

    def __init__(self, pairs: _Pairs, total: list[float], content: list[float], heading: list[float],
                 from_base: list[float], to_target: list[float], carried: dict[int, list[int]], t_sent: list[int],
                 b_sent: list[int]):
        self.pairs = pairs
        self.total = total  # final pair scores
        self.content = content
        self.heading = heading
        self.from_base = from_base  # share of t's sentences whose closest base sentence lies in b
        self.to_target = to_target  # share of b's sentences whose closest target sentence lies in t
        # Base section → the target sections its sentences are carried into nearly verbatim,
        # once per sentence (see carried_into).
        self.carried = carried
        self.t_sent = t_sent  # sentences in each target subtree
        self.b_sent = b_sent  # sentences in each base subtree

    def carried_into(self, b: int, tgt: _Outline, base: _Outline) -> dict[int, int]:
        """Target section → how many of base section ``b``'s subtree's sentences its own
        subtree carries over nearly verbatim. Counted for the few base sections that ask
        (the unpaired ones, for merges), not for every pair."""
        counts: dict[int, int] = {}
        lineage = tgt.lineage
        for source in range(b, base.end[b]):
            for t in self.carried.get(source, ()):
                for a in lineage[t]:
                    counts[a] = counts.get(a, 0) + 1
        return counts


def _score(tgt: _Outline, base: _Outline) -> _Scores:
    nt, nb = tgt.n, base.n
    # Content: sentence links and subtree TF-IDF cosine, on sparse term counts.
    vocab: dict[str, int] = {}
    t_counts, b_counts = _term_counts(tgt.tokens, vocab), _term_counts(base.tokens, vocab)
    df = list(map(Counter(chain.from_iterable(chain(t_counts, b_counts))).__getitem__, range(len(vocab))))
    n_docs = 1 + len(t_counts) + len(b_counts)
    idf_of = {d: math.log(n_docs / (1 + d)) + 1.0 for d in set(df)}  # most terms share a small df
    idf = list(map(idf_of.__getitem__, df))
    best_b, best_b_w, best_t, best_t_w = _sentence_links(t_counts, b_counts, idf, df)
    t_owner, b_owner = tgt.owner, base.owner
    links_tb = [(t_owner[i], b_owner[best_b[i]], w) for i, w in enumerate(best_b_w) if w >= LINK_MIN]
    links_bt = [(t_owner[best_t[j]], b_owner[j], w) for j, w in enumerate(best_t_w) if w >= LINK_MIN]
    carried: dict[int, list[int]] = {}
    for t, b, w in links_bt:
        if w >= CARRY_MIN:
            carried.setdefault(b, []).append(t)

    every_pair = nt * nb <= ALL_PAIRS_MAX
    pairs = _Pairs.every(nt, nb) if every_pair else _candidate_pairs(tgt, base, links_tb + links_bt)
    tp, bp = pairs.t, pairs.b
    t_cnt, b_cnt = tgt.sentence_count, base.sentence_count
    t_div = [max(n, 1) for n in t_cnt]
    b_div = [max(n, 1) for n in b_cnt]
    from_base = _subtree_link_sums(links_tb, tgt, base, pairs, t_div=t_div)
    to_target = _subtree_link_sums(links_bt, tgt, base, pairs, b_div=b_div)
    t_own, b_own = _own_counts(tgt, t_counts), _own_counts(base, b_counts)
    cos = _subtree_cosines(pairs, tgt, base, t_own, b_own, idf, every_pair)
    # Subtree cosine says "same topic and wording"; the sentence links say "this text was
    # carried over" in each direction (they differ when one side is much longer).
    content = [0.0 if (x := 0.5 * c + 0.35 * (f if f > g else g) + 0.15 * (g if f > g else f)) < 0.0
               else 1.0 if x > 1.0 else x
               for c, f, g in zip(cos, from_base, to_target)]
    heading = _heading_scores(pairs, tgt, base, every_pair)

    # Position and level; content says nothing when one side has no text at all.
    t_place = [t / max(1, nt - 1) for t in range(nt)]
    b_place = [b / max(1, nb - 1) for b in range(nb)]
    t_level = [float(r.level) for r in tgt.refs]
    b_level = [float(r.level) for r in base.refs]
    t_text = [n > 0 for n in t_cnt]
    b_text = [n > 0 for n in b_cnt]
    headings_only = W_HEADING + W_CONTENT
    base_score = [
        (W_CONTENT * c + W_HEADING * h if t_text[t] and b_text[b] else headings_only * h)
        + W_POSITION * (1.0 - (d if (d := 2.0 * abs(t_place[t] - b_place[b])) < 1.0 else 1.0))
        - LEVEL_PENALTY * abs(t_level[t] - b_level[b])
        for t, b, c, h in zip(tp, bp, content, heading)]

    # Parent evidence, two passes: first the parents' own scores, then whether the
    # parents were actually paired by the first assignment.
    t_parent, b_parent = tgt.parent, base.parent
    # The parents' pair, or -1 when both are top-level, -2 when only one is.
    at = pairs.at  # None: every pair is scored, pair (t, b) is number t * nb + b

    def parent_share(pair_score: list[float], k: int) -> float:
        """W_PARENT times the score of the parents' pair ``k``, in [0, 1]."""
        return W_PARENT * (1.0 if k == -1 else 0.0 if k == -2 else 0.0 if (x := pair_score[k]) < 0.0
                           else 1.0 if x > 1.0 else x)

    if at is None:  # a row's parents' pairs depend on its parent alone: one row per parent
        parent_rows = {pt: [(-1 if pb < 0 else -2) if pt < 0 else -2 if pb < 0 else pt * nb + pb for pb in b_parent]
                       for pt in dict.fromkeys(t_parent)}

        def with_parent(pair_score: list[float]) -> list[float]:
            """Each pair's base score plus its parents' share, each parent's row of shares made once."""
            shares = {pt: [parent_share(pair_score, k) for k in row] for pt, row in parent_rows.items()}
            out: list[float] = []
            for t, pt in enumerate(t_parent):
                out += [s + x for s, x in zip(base_score[t * nb:(t + 1) * nb], shares[pt])]
            return out
    else:
        parent_at = [-1 if pt < 0 and pb < 0 else -2 if pt < 0 or pb < 0 else at.get(pt * nb + pb)
                     for pt, pb in zip(map(t_parent.__getitem__, tp), map(b_parent.__getitem__, bp))]

        def with_parent(pair_score: list[float]) -> list[float]:
            """Each pair's base score plus its parents' share."""
            return [s + parent_share(pair_score, k) for s, k in zip(base_score, parent_at)]

    first = with_parent(base_score)
    assigned = _assign(first, pairs)
    # The second pass: the parents' pairs the first assignment chose count 1.0, the others
    # their first score (parent_share clamps it to [0, 1] as it reads it).
    second = first.copy()
    for t, b in assigned.items():
        second[pairs.index(t, b)] = 1.0
    total = with_parent(second)
    for k, share in _children_shares(assigned, tgt, base, pairs).items():
        total[k] += W_CHILDREN * share
    total = [0.0 if x < 0.0 else 1.0 if x > 1.0 else x for x in total]
    return _Scores(pairs=pairs, total=total, content=content, heading=heading, from_base=from_base,
                   to_target=to_target, carried=carried, t_sent=t_cnt, b_sent=b_cnt)


def _children_shares(assigned: dict[int, int], tgt: _Outline, base: _Outline, pairs: _Pairs) -> dict[int, float]:
    """Pair number → the share of the target section's direct children that ``assigned``
    (the first assignment) put directly under the base section.

    A section the new outline made up to group old subsections (the 2024 edition's
    "Section 2. Liberty") has no text of its own, and its subtree's words come from
    several old sections, each nearly as close as the next: where most of its
    subsections came from says which old section it continues.
    """
    t_parent, b_parent = tgt.parent, base.parent
    children = Counter(t_parent)
    votes: Counter[tuple[int, int]] = Counter()
    for t, b in assigned.items():
        if t_parent[t] >= 0 and b_parent[b] >= 0:
            votes[t_parent[t], b_parent[b]] += 1
    shares = {}
    for (t, b), n in votes.items():
        k = pairs.index(t, b)
        if k is not None:
            shares[k] = n / children[t]
    return shares


def _assign(score: list[float], pairs: _Pairs, allowed: list[bool] | None = None) -> dict[int, int]:
    """Global one-to-one assignment maximising the summed score; pairs below PAIR_MIN lose
    (to "no counterpart", worth PAIR_MIN)."""
    from differ.assign import max_weight_matching

    if allowed is None:
        return max_weight_matching((t, b, s - PAIR_MIN) for t, b, s in zip(pairs.t, pairs.b, score) if s >= PAIR_MIN)
    return max_weight_matching((t, b, s - PAIR_MIN) for t, b, s, ok in zip(pairs.t, pairs.b, score, allowed)
                               if ok and s >= PAIR_MIN)


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


def _confidence(sc: _Scores, k: int) -> float:
    """The pair's score, lowered when a rival for either side scores nearly as well."""
    pairs, total = sc.pairs, sc.total
    rivals = pairs.values(total, pairs.row(pairs.t[k]), k) + pairs.values(total, pairs.column(pairs.b[k]), k)
    s = total[k]
    margin = s - max(rivals, default=0.0)
    conf = min(1.0, 0.35 + 0.75 * s) * (0.55 + 0.45 * min(1.0, max(0.0, margin) / 0.25))
    return max(0.0, min(1.0, conf))


def _fmt_pct(x: float) -> str:
    return f"{round(100 * x)}%"


def align_reports(base: Report, target: Report, overrides: Overrides | None = None) -> Alignment:
    """Map every section of ``target`` to its counterpart(s) in ``base``."""
    tgt = _outline(target)
    bas = _outline(base)
    nt, nb = tgt.n, bas.n
    warnings: list[str] = []

    # Overrides: resolve paths, then constrain the assignment.
    pins: dict[int, tuple[list[int], OverrideRule]] = {}
    forbidden: set[tuple[int, int]] = set()
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
            forbidden.update((t, b) for b in bs)
        else:
            pins[t] = (bs, rule)

    sc = _score(tgt, bas)
    pairs = sc.pairs
    pinned_bases = {b for bs, _rule in pins.values() for b in bs}  # a pinned base section is nobody else's pair
    if forbidden or pins:
        allowed = [(t, b) not in forbidden and t not in pins and b not in pinned_bases for t, b in zip(pairs.t, pairs.b)]
        assigned = _assign(sc.total, pairs, allowed)
    else:
        allowed = [True] * len(pairs)
        assigned = _assign(sc.total, pairs)
    rescued = _rescue(sc, assigned, allowed, tgt, bas)
    for t, (bs, _rule) in pins.items():
        if bs:
            assigned[t] = bs[0]
        else:
            assigned.pop(t, None)
    base_owner = {b: t for t, b in assigned.items()}

    # Merges: unpaired base sections whose content went mostly into one target section.
    extra: dict[int, list[int]] = {}
    taken: set[int] = set(assigned.values()) | pinned_bases
    for b in range(nb):
        if b in taken or sc.b_sent[b] == 0:
            continue
        # Enough of b's text, and at least two sentences of it nearly verbatim (one shared
        # boilerplate line such as "See the … Report" is no merge).
        ks = pairs.column(b)
        carried = sc.carried_into(b, tgt, bas)
        col = {t: 0.0 if carried.get(t, 0) < MERGE_SENTENCES or (t, b) in forbidden else share
               for t, share in zip(pairs.values(pairs.t, ks), pairs.values(sc.to_target, ks))}
        if not any(col.values()):
            continue
        # The most specific target section that holds most of b's sentences.
        cands = [t for t, v in col.items() if v >= MERGE_MIN and t in assigned and t not in pins]
        if not cands:
            continue
        t = max(cands, key=lambda t: (col[t] - 0.001 * (tgt.end[t] - t), -t))
        extra.setdefault(t, []).append(b)
        taken.add(b)

    def _forbid_note(t: int) -> str:
        names = ", ".join(f"'{bas.refs[b].heading}'" for b in sorted(b for tt, b in forbidden if tt == t))
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
            k = pairs.index(t, b)
            relation = _relation(t, b, tgt, bas, assigned)
            conf = _confidence(sc, k)
            parts = _evidence(sc, k)
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
        row = pairs.row(t)
        if row:
            candidates = [-1.0 if (t, pairs.b[k]) in forbidden else sc.total[k] for k in row]
            k = row[candidates.index(max(candidates))]
            best, score = pairs.b[k], sc.total[k]
            conf = max(0.0, min(1.0, 1.0 - score))
            why = f"no counterpart (best candidate '{bas.refs[best].heading}' scores {score:.2f})"
        elif nb:
            conf, why = 1.0, "no counterpart (no base section shares its text, heading words or place)"
        else:
            conf, why = 1.0, "no counterpart (empty base)"
        sections.append(SectionMatch(ref, (), "new", conf, why + _forbid_note(t)))

    dropped = tuple(bas.refs[b] for b in range(nb) if b not in taken)
    return Alignment(base.year, target.year, tuple(sections), dropped, tuple(warnings))


def _rescue(sc: _Scores, assigned: dict[int, int], allowed: list[bool], tgt: _Outline, bas: _Outline) -> set[int]:
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
    pairs, total, content, heading = sc.pairs, sc.total, sc.content, sc.heading
    tp, bp = pairs.t, pairs.b
    free_t = [t not in assigned for t in range(tgt.n)]
    free_b = [True] * bas.n
    for b in assigned.values():
        free_b[b] = False
    rescued: set[int] = set()

    def same_parent(t: int, b: int) -> bool:
        pt, pb = tgt.parent[t], bas.parent[b]
        return (pt < 0 and pb < 0) or (pt >= 0 and pb >= 0 and assigned.get(pt) == pb)

    def free(k: int) -> bool:
        return free_t[tp[k]] and free_b[bp[k]] and allowed[k]

    def first_best(ks, measure) -> int:
        """The first of ``ks`` with the highest measure (pairs no longer free count -1)."""
        values = [measure[k] if free(k) else -1.0 for k in ks]
        return ks[values.index(max(values))]

    def weak(k: int) -> bool:
        return content[k] >= RESCUE_CONTENT or heading[k] >= RESCUE_HEADING

    def strong(k: int) -> bool:
        return content[k] >= RESCUE_STRONG

    for measure, evidence, need_parent in ((total, weak, True), (content, strong, False)):
        def ok(k: int) -> bool:
            return free(k) and evidence(k) and total[k] >= RESCUE_MIN

        while True:
            # Only the rows of target sections still free can hold a free pair.
            for t in [t for t in range(tgt.n) if free_t[t] and any(map(ok, pairs.row(t)))]:
                k = first_best(pairs.row(t), measure)
                b = bp[k]
                if not ok(k) or tp[first_best(pairs.column(b), measure)] != t:
                    continue
                if need_parent and not same_parent(t, b):
                    continue
                assigned[t] = b
                rescued.add(t)
                free_t[t] = False
                free_b[b] = False
                break  # and look again: the pair may free others' best choices
            else:
                break  # nothing more to rescue in this pass
    return rescued


def _split_source(t, sc: _Scores, tgt: _Outline, bas: _Outline, assigned, base_owner, forbidden):
    """For an unpaired target section: the paired base section its text was split from, if any.

    Either most of its sentences come from that base section, or the section sits under
    a paired parent and its text resembles the parent's counterpart (or one of its
    paired sub-sections) more than anything else in the base edition.
    """
    if sc.t_sent[t] == 0:
        return None
    pairs = sc.pairs
    row = pairs.row(t)
    bs = pairs.b[row.start:row.stop]
    share = dict(zip(bs, sc.from_base[row.start:row.stop]))
    content = dict(zip(bs, sc.content[row.start:row.stop]))
    for ft, fb in forbidden:  # pairs the override file forbids count as sharing nothing
        if ft == t and fb in share:
            share[fb] = content[fb] = 0.0
    cands = [b for b, v in share.items() if v >= PART_MIN and b in base_owner]
    if cands:
        # The closest in content: a section that holds the text but is much larger scores lower.
        b = max(cands, key=lambda b: (content[b], b))
        other = tgt.refs[base_owner[b]]
        conf = max(0.0, min(1.0, 0.25 + 0.7 * share[b]))
        why = (f"{_fmt_pct(share[b])} of its sentences come from '{bas.refs[b].heading}', "
               f"which is paired with '{other.heading}'")
        return b, conf, why
    pt = tgt.parent[t]
    if pt < 0 or pt not in assigned:
        return None
    pb = assigned[pt]
    best_any = max(content.values(), default=0.0)
    inside = [b for b in range(pb, bas.end[pb]) if b in base_owner and (t, b) not in forbidden]
    if not inside:
        return None
    b = max(inside, key=lambda b: (content.get(b, 0.0), -b))
    score = content.get(b, 0.0)
    if score < SPLIT_CONTENT or score < 0.8 * best_any:
        return None
    conf = max(0.0, min(0.6, 0.2 + score))
    why = (f"its parent is paired with '{bas.refs[pb].heading}', and its text is closest to "
           f"'{bas.refs[b].heading}' (content {score:.2f}), which is paired with '{tgt.refs[base_owner[b]].heading}'")
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


def _evidence(sc: _Scores, k: int) -> list[str]:
    t, b = sc.pairs.t[k], sc.pairs.b[k]
    parts = []
    if sc.t_sent[t] or sc.b_sent[b]:
        parts.append(f"content {sc.content[k]:.2f} ({_fmt_pct(sc.from_base[k])} of sentences carried over)")
    else:
        parts.append("no text on either side")
    parts.append(f"heading {sc.heading[k]:.2f}")
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
