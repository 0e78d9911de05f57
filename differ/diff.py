"""The diff engine: compare two editions section by section, sentence by sentence.

Pipeline (:func:`compare`):

1. **Components** (:func:`_components`). The alignment links every new section to its
   base section(s). Sections linked directly or through a shared base section (a split,
   a merge) form one component; text is paired inside a component only.
2. **Sentence pairing** inside each component (:func:`_pair_within`): identical
   sentences first (an LCS over normalised-sentence hashes, so whitespace, line wrapping,
   hyphenation and quote styles never count), then the rest by an assignment over
   rapidfuzz similarity. Paired sentences whose normalised text differs are ``changed``
   and get a word-level redline from diff-match-patch (semantic cleanup on; its C++ port,
   which gives the Python port's diff, see :func:`_symbol_diff`). diff-match-patch only
   ever sees one sentence pair, never a whole document.
3. **Moves** (:func:`_pair_moves`). Sentences left unpaired anywhere (including in
   dropped and new sections) are matched across components by exact hash, then by
   near-identical text among candidates that share rare words. Such a pair is ``moved``
   (with both sections), not a drop plus an add. A paragraph whose sentences all moved
   to one paragraph is one paragraph move.
4. **Changes** (:func:`_record_changes`), filed under the rows of a
   :class:`_SectionTable` (one per aligned section pair, new section or dropped section).
   What is left unpaired is ``dropped`` / ``added`` (a whole paragraph at once when all
   its sentences are).
5. **Extraction** (:mod:`differ.extract`): the abuse list, statistics (paired through the
   sentence pairing, then by noun phrase within the component) and laws.

Everything the later stages need is in the frozen :class:`Comparison`; ``to_json()``
gives the documented JSON (``differ/schema/comparison.schema.json``).
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

from differ.errors import DifferError
from differ.model import Report, Section
from differ.sentences import single_space, single_spaced

SCHEMA_VERSION = 1
PAIR_PREFILTER = 50.0  # rapidfuzz ratio below which two sentences are never one edited sentence
PAIR_THRESHOLD = 58.0  # mean of ratio and token-set ratio for two sentences to be one edited sentence
MOVE_THRESHOLD = 85.0  # near-identical: a sentence that left one section and reappears in another

# --- normalisation ----------------------------------------------------------------------

_FURNITURE = re.compile(
    r"Country Reports on Human Rights Practices for \d\s?\d\s?\d\s?\d"
    r"|United States Department of State\s*[∙•·]?\s*Bureau of Democracy,? Human Rights,? and Labor",
    re.I,
)
_HYPHEN_BREAK = re.compile(r"-(?<=\w-)\s*(?=\w)")  # "(?<=\w)-…", starting at the hyphen: the engine skips to it


def _straighten(text: str) -> str:
    """Straight quotes and hyphens (chained replaces: much faster than str.translate)."""
    return (text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'").replace("–", "-")
            .replace("—", "-").replace("\u00ad", "").replace("\u00a0", " "))


def _has_furniture(straight: str) -> bool:
    """Whether a straightened text may hold page furniture, as norm_key tests it (_FURNITURE needs one of these)."""
    return "ountry Reports" in straight or "epartment of State" in straight


def norm_key(text: str) -> str:
    """What two sentences must share to be the same: layout, quotes and hyphenation ignored."""
    t = text if text.isascii() else _straighten(text)  # every mark it straightens is non-ASCII
    if _has_furniture(t):
        t = _FURNITURE.sub(" ", t)
    if "-" in t:
        t = _HYPHEN_BREAK.sub("", t)
    return single_space(t)  # (sentences come single-spaced from the parser: then t itself)


def norm_heading(heading: str) -> str:
    return norm_key(heading).lower().rstrip(" :.")


_NOT_WORDING = re.compile(r"[^\w#]+|_")
_NOT_WORDING_ASCII = {c: None for c in range(128) if not (chr(c).isalnum() or chr(c) == "#")}  # the same, as a table
_IN_NUMBER = re.compile(r"[.,](?<=\d[.,])(?=\d)")  # the mark first: the regex engine skips to it


def wording(text: str) -> str:
    """A sentence's words alone: no punctuation, case or spacing. A mark inside a number
    ("3.5", "1,200") is part of the number, so it stays (as ``#``)."""
    t = _IN_NUMBER.sub("#", norm_key(text).lower())
    return t.translate(_NOT_WORDING_ASCII) if t.isascii() else _NOT_WORDING.sub("", t)


def punctuation_only(old: str, new: str) -> bool:
    """Two different sentences that differ only in punctuation, case or spacing."""
    if _letter_counts_differ(old, new):
        return False  # (most edited pairs: a word changed, and with it how often some letter occurs)
    return wording(old) == wording(new)


_COUNTED_LETTERS = "etaoinsrhlcdu"  # the commonest letters of English text first


def _letter_counts_differ(old: str, new: str) -> bool:
    """Whether some common letter occurs a different number of times in ``old`` and ``new``
    (case ignored): then their wordings differ. wording keeps every letter of the text, for
    norm_key removes none (it straightens marks and removes hyphens, spaces and page furniture:
    hence False, no answer, when either holds furniture), and lower-casing the whole text
    lower-cases each character alone (Greek sigma aside: no a-z comes of it). Counting is a
    few scans in C, where wording makes new strings."""
    straight_old = old if old.isascii() else _straighten(old)
    straight_new = new if new.isascii() else _straighten(new)
    if _has_furniture(straight_old) or _has_furniture(straight_new):
        return False
    low_old, low_new = old.lower(), new.lower()
    for letter in _COUNTED_LETTERS:
        if low_old.count(letter) != low_new.count(letter):
            return True
    return False


# --- word-level redline -----------------------------------------------------------------

# A word (or punctuation mark) with the spaces after it: one symbol for diff-match-patch.
_TOKEN = re.compile(r"\w+(?:[’'.,-]\w+)*\s*|[^\w\s]\s*|\s+")
_DIFF_TIMEOUT = 0.5  # seconds; diff-match-patch's deadline (never reached on one sentence pair)
_FIRST_SYMBOL = 0x100
# Up to this many distinct words, the symbols (U+0100 … U+02C1) are all letters and none a
# space, so diff-match-patch's semantic cleanup scores every boundary alike whatever
# character tables the diff runs with: the C++ port (fast-diff-match-patch, ~6× faster)
# then gives exactly the Python port's diff. Past it (a paragraph of about a thousand
# words) the Python port runs, as it always did.
_UNIFORM_SYMBOLS = 0x2C2 - _FIRST_SYMBOL
_MAX_SYMBOLS = 0xD800 - _FIRST_SYMBOL  # code points below the surrogates
_MAX_CHAR = _FIRST_SYMBOL + _MAX_SYMBOLS
_UNIFORM_SYMBOL_CHARS = "".join(map(chr, range(_FIRST_SYMBOL, _FIRST_SYMBOL + _UNIFORM_SYMBOLS)))  # made once
_OP_NAMES = {"=": "equal", "-": "delete", "+": "insert", 0: "equal", -1: "delete", 1: "insert"}  # C++, Python
_dmp = None


def _get_dmp():
    global _dmp
    if _dmp is None:
        from diff_match_patch import diff_match_patch

        _dmp = diff_match_patch()
        _dmp.Diff_Timeout = _DIFF_TIMEOUT
    return _dmp


def _symbol_diff(old: str, new: str, symbols: int) -> list[tuple[str, int]]:
    """diff-match-patch (semantic cleanup on) over two strings of ``symbols`` distinct
    symbols: ``[("equal"|"delete"|"insert", length), …]``."""
    if symbols <= _UNIFORM_SYMBOLS:
        try:
            from fast_diff_match_patch import diff
        except ImportError:  # an environment installed before it was a dependency: the same diff, slower
            pass
        else:
            ops = diff(old, new, timelimit=_DIFF_TIMEOUT, checklines=False, cleanup="Semantic", counts_only=True)
            return [(_OP_NAMES[op], length) for op, length in ops]
    dmp = _get_dmp()
    diffs = dmp.diff_main(old, new, False)
    dmp.diff_cleanupSemantic(diffs)
    return [(_OP_NAMES[op], len(chars)) for op, chars in diffs]


def redline(old: str, new: str) -> list[list[str]]:
    """Word-level ops ``[["equal"|"delete"|"insert", text], …]`` turning ``old`` into ``new``.

    Words are encoded as single characters (diff-match-patch's lines-to-chars trick applied
    to words), diffed, semantically cleaned up, and decoded.
    """
    toks_old = _TOKEN.findall(old)
    toks_new = _TOKEN.findall(new)
    vocab = dict.fromkeys(toks_old + toks_new)
    if len(vocab) > _MAX_SYMBOLS:
        return [["delete", old], ["insert", new]]
    symbols = _UNIFORM_SYMBOL_CHARS if len(vocab) <= _UNIFORM_SYMBOLS else map(chr, range(_FIRST_SYMBOL, _MAX_CHAR))
    table = dict(zip(vocab, symbols))  # (zip stops at the last word)
    diffs = _symbol_diff("".join(map(table.__getitem__, toks_old)), "".join(map(table.__getitem__, toks_new)),
                         len(vocab))
    ops: list[list[str]] = []
    i = j = 0  # words of old and new used so far
    for name, length in diffs:
        if name == "insert":
            text = "".join(toks_new[j:j + length])
            j += length
        else:
            text = "".join(toks_old[i:i + length])
            i += length
            if name == "equal":
                j += length
        if ops and ops[-1][0] == name:
            ops[-1][1] += text
        else:
            ops.append([name, text])
    return ops


# --- result types -------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One changed passage of a section: a sentence or paragraph added, dropped, edited or moved."""

    id: str
    kind: str  # added | dropped | changed | punctuation | moved
    scope: str  # sentence | paragraph | heading
    old_text: str | None
    new_text: str | None
    old_section: tuple[str, ...] | None
    new_section: tuple[str, ...] | None
    old_anchor: str | None = None
    new_anchor: str | None = None
    redline: tuple[tuple[str, str], ...] | None = None
    similarity: float | None = None
    with_section: bool | None = None  # added/dropped: the whole section came or went with it

    def to_json(self) -> dict:
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "scope": self.scope,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "old_section": list(self.old_section) if self.old_section is not None else None,
            "new_section": list(self.new_section) if self.new_section is not None else None,
            "old_anchor": self.old_anchor,
            "new_anchor": self.new_anchor,
        }
        if self.redline is not None:
            out["redline"] = [list(op) for op in self.redline]
        if self.similarity is not None:
            out["similarity"] = self.similarity
        if self.with_section is not None:
            out["with_section"] = self.with_section
        return out


@dataclass(frozen=True)
class SectionDiff:
    """One section of the comparison: its place in each edition, what became of it, its changes."""

    anchor: str
    old_heading: str | None
    new_heading: str | None
    old_path: tuple[str, ...] | None
    new_path: tuple[str, ...] | None
    level: int
    status: str  # unchanged | changed | added | dropped
    relation: str  # alignment relation (same, renamed, moved, merged, split, new) or "dropped"
    confidence: float
    changes: tuple[Change, ...] = ()
    old_paths: tuple[tuple[str, ...], ...] = ()  # every base section taken in (merges)
    moved_out: tuple[str, ...] = ()  # ids of moved changes whose text left this section

    def to_json(self) -> dict:
        return {
            "anchor": self.anchor,
            "old_heading": self.old_heading,
            "new_heading": self.new_heading,
            "old_path": list(self.old_path) if self.old_path is not None else None,
            "new_path": list(self.new_path) if self.new_path is not None else None,
            "old_paths": [list(p) for p in self.old_paths],
            "level": self.level,
            "status": self.status,
            "relation": self.relation,
            "confidence": round(self.confidence, 3),
            "changes": [c.to_json() for c in self.changes],
            "moved_out": list(self.moved_out),
        }


@dataclass(frozen=True)
class AbuseChange:
    """One entry of the abuse list: the items of each edition it holds and what became of them."""

    id: str  # abNN, document order
    status: str  # kept | added | dropped
    relation: str | None  # same | split | merged for kept; None for added / dropped
    old_items: tuple[str, ...]
    new_items: tuple[str, ...]
    category: str | None
    old_categories: tuple[str, ...] = ()
    new_categories: tuple[str, ...] = ()
    score: float = 0.0
    related: str | None = None  # id of another entry on the same theme (added / dropped)

    @property
    def old_text(self) -> str | None:
        return "; ".join(self.old_items) or None

    @property
    def new_text(self) -> str | None:
        return "; ".join(self.new_items) or None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "relation": self.relation,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "old_items": list(self.old_items),
            "new_items": list(self.new_items),
            "category": self.category,
            "old_categories": list(self.old_categories),
            "new_categories": list(self.new_categories),
            "score": self.score,
            "related": self.related,
        }


@dataclass(frozen=True)
class StatChange:
    """A figure that changed, appeared or went, with its sentence in each edition."""

    id: str
    status: str  # changed | added | dropped
    old: Any  # differ.extract.Statistic | None
    new: Any
    section: tuple[str, ...]
    old_section: tuple[str, ...] | None
    new_section: tuple[str, ...] | None
    anchor: str | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "old": self.old.to_json() if self.old is not None else None,
            "new": self.new.to_json() if self.new is not None else None,
            "section": list(self.section),
            "old_section": list(self.old_section) if self.old_section is not None else None,
            "new_section": list(self.new_section) if self.new_section is not None else None,
            "anchor": self.anchor,
        }


@dataclass(frozen=True)
class LawChange:
    """A law, code or convention the editions mention: added, dropped, described differently or kept."""

    status: str  # added | dropped | changed | kept
    key: str
    name: str
    kind: str
    old_text: str | None
    new_text: str | None
    old_mentions: int = 0
    new_mentions: int = 0
    event: str | None = None  # the verb that made it "added": adopted, signed, enacted, passed, ratified, …

    def to_json(self) -> dict:
        return {
            "status": self.status,
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "old_mentions": self.old_mentions,
            "new_mentions": self.new_mentions,
            "event": self.event,
        }


@dataclass(frozen=True)
class Comparison:
    """Everything one comparison of two editions found (what ``differ diff`` writes as JSON)."""

    country: str
    old: dict
    new: dict
    sections: tuple[SectionDiff, ...]
    abuses: tuple[AbuseChange, ...]
    statistics: tuple[StatChange, ...]
    laws: tuple[LawChange, ...]
    summary: dict = field(default_factory=dict)

    def changes(self) -> Iterable[Change]:
        for s in self.sections:
            yield from s.changes

    def to_json(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "country": self.country,
            "old": dict(self.old),
            "new": dict(self.new),
            "summary": self.summary,
            "sections": [s.to_json() for s in self.sections],
            "abuses": [a.to_json() for a in self.abuses],
            "statistics": [s.to_json() for s in self.statistics],
            "laws": [law.to_json() for law in self.laws],
        }


# --- internals ------------------------------------------------------------------------------

SecPath = tuple[str, ...]


# The helpers below never leave this module and nothing compares or prints them: plain
# classes, not dataclasses, whose generated methods cost each differ process about 0.3 ms a class.


class _Unit:
    """One sentence of one edition."""

    __slots__ = ("side", "index", "section", "para", "sent", "text", "key", "para_size", "partner", "how")

    def __init__(self, side: str, index: int, section: SecPath, para: int, sent: int, text: str, key: str,
                 para_size: int, partner: _Unit | None = None, how: str = ""):
        self.side = side  # "o" | "n"
        self.index = index  # global document order
        self.section = section
        self.para = para  # paragraph index within the section
        self.sent = sent  # sentence index within the paragraph
        self.text = text
        self.key = key
        self.para_size = para_size
        self.partner = partner
        self.how = how  # same | reordered | edited | moved


class _Sentences:
    """Every sentence of one edition in document order, and its sections by path."""

    __slots__ = ("units", "sections")

    def __init__(self, units: list[_Unit], sections: dict[SecPath, Section]):
        self.units = units
        self.sections = sections

    @classmethod
    def of(cls, report: Report, side: str) -> "_Sentences":
        units: list[_Unit] = []
        sections: dict[SecPath, Section] = {}
        for section in report.walk():
            sections.setdefault(section.path, section)
            for pi, para in enumerate(section.paragraphs):
                sents = para.sentences or ((para.text,) if para.text.strip() else ())
                for si, text in enumerate(sents):
                    units.append(_Unit(side, len(units), section.path, pi, si, text, norm_key(text), len(sents)))
        return cls(units, sections)

    def unpaired(self) -> list[_Unit]:
        return [u for u in self.units if u.partner is None]


class _Components:
    """Union-find over ``(side, section path)``: sections linked by the alignment share a root.

    Every union comes first (:func:`_components`); the sentences' roots, looked up once per
    sentence or more, are kept from then on."""

    def __init__(self):
        self.parent: dict = {}
        self._root_of: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra

    def component_of(self, unit: _Unit):
        key = (unit.side, unit.section)
        root = self._root_of.get(key)
        if root is None:
            root = self._root_of[key] = self.find(key)
        return root


def _pair(a: _Unit, b: _Unit, how: str) -> None:
    a.partner, b.partner = b, a
    a.how = b.how = how


def _lcs_exact(old: list[_Unit], new: list[_Unit]) -> None:
    """Pair identical sentences in order (difflib over hashes: cheap and near-linear here)."""
    keys_old, keys_new = [u.key for u in old], [u.key for u in new]
    if keys_old == keys_new:  # an unchanged section: the one matching block is all of it
        for a, b in zip(old, new):
            _pair(a, b, "same")
        return
    shared = set(keys_old).intersection(keys_new)
    if not shared:
        return  # no sentence in both (most components of editions years apart): no pair, in order or not
    at_old = [i for i, key in enumerate(keys_old) if key in shared]
    at_new = [j for j, key in enumerate(keys_new) if key in shared]
    if len(at_old) == len(shared) == len(at_new) and [keys_old[i] for i in at_old] == [keys_new[j] for j in at_new]:
        # Each shared sentence once in either edition, in the same order: SequenceMatcher's
        # matching blocks (the longest run of equal sentences, then the same on either side
        # of it, where every other shared sentence lies) pair each with its one partner. So
        # pair them without it (and without importing difflib, 0.6 ms a process).
        for i, j in zip(at_old, at_new):
            _pair(old[i], new[j], "same")
        return
    from difflib import SequenceMatcher

    sm = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    for block in sm.get_matching_blocks():
        for k in range(block.size):
            _pair(old[block.a + k], new[block.b + k], "same")
    # identical sentences out of order (reordered within the component): still the same
    rest: dict[str, list[_Unit]] = defaultdict(list)
    for u in old:
        if u.partner is None:
            rest[u.key].append(u)
    for u in new:
        if u.partner is None and rest.get(u.key):
            _pair(rest[u.key].pop(0), u, "reordered")


def _similar_pairs(old: list[_Unit], new: list[_Unit], threshold: float) -> list[tuple[_Unit, _Unit, float]]:
    """One-to-one assignment maximising similarity; pairs at or above ``threshold``."""
    if not old or not new:
        return []
    from rapidfuzz import fuzz, process

    from differ.assign import max_weight_matching

    def single(x: float) -> float:  # scores are kept in single precision, as they always were
        return array("f", (x,))[0]

    a = [u.key.lower() for u in old]
    b = [u.key.lower() for u in new]
    # the score: character similarity averaged with word-set similarity, so a sentence that
    # keeps its words in a new order still pairs and two sentences sharing a topic do not
    scores: dict[tuple[int, int], float] = {}
    for i, x in enumerate(a):
        for _choice, ratio, j in process.extract(x, b, scorer=fuzz.ratio, score_cutoff=PAIR_PREFILTER, limit=None):
            score = single(0.5 * single(single(ratio) + single(fuzz.token_set_ratio(x, b[j]))))
            if score >= threshold:
                scores[(i, j)] = score
    if not scores:
        return []
    # small tie-breaker for keeping document order (among rows and columns with a candidate)
    nudge = len({i for i, _ in scores}) > 1 and len({j for _, j in scores}) > 1
    span_o, span_n = max(1, len(old) - 1), max(1, len(new) - 1)
    matched = max_weight_matching(
        (i, j, s - 2.0 * abs(i / span_o - j / span_n) if nudge else s) for (i, j), s in scores.items())
    return [(old[i], new[j], float(scores[(i, j)])) for i, j in sorted(matched.items())]


# A word that may be rare enough to index a sentence by: a run of a-z and 0-9 four long or more
# (as [a-z0-9]{4,} finds them). bytes.translate makes every other byte a space (each byte of a
# non-ASCII character too) and split() yields the runs: cheaper than the regex's findall.
_A_Z_0_9 = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))


def _index_words(low: str) -> set[bytes]:
    """The words of a lower-cased sentence that may index it (as bytes: ASCII, sorting as text would)."""
    return {w for w in low.encode("utf-8", "surrogatepass").translate(_A_Z_0_9).split() if len(w) > 3}


def _move_candidates(old: list[_Unit], new: list[_Unit], threshold: float) -> list[tuple[_Unit, _Unit, float]]:
    """Near-identical pairs among leftovers without an all-pairs comparison.

    Each sentence is indexed by its three rarest words (document frequency over the
    leftovers); near-identical sentences share nearly all words, so they share at least
    one of them. Only those candidates are scored with rapidfuzz, and a sentence that
    recurs word for word (boilerplate repeated across sections) is scored once.
    """
    from rapidfuzz import fuzz

    if not old or not new:
        return []
    # Units with the same key are interchangeable here: each key's first unit, and the
    # others of the keys that recur (no list per key: a long report leaves tens of
    # thousands of sentences here, and a list each is more for the garbage collector).
    first_o: dict[str, int] = {}
    first_n: dict[str, int] = {}
    more_o: dict[str, list[int]] = defaultdict(list)
    more_n: dict[str, list[int]] = defaultdict(list)
    for first, more, units in ((first_o, more_o, old), (first_n, more_n, new)):
        for i, u in enumerate(units):
            if first.setdefault(u.key, i) != i:
                more[u.key].append(i)
    keys_o, keys_n = list(first_o), list(first_n)
    lower_o, lower_n = [k.lower() for k in keys_o], [k.lower() for k in keys_n]
    # Each sentence's index words in alphabetical order, as a tuple: a tuple of strings is
    # soon left out of the garbage collector's counts, a set never is.
    toks_o = [tuple(sorted(ws)) for ws in map(_index_words, lower_o)]
    toks_n = [tuple(sorted(ws)) for ws in map(_index_words, lower_n)]
    # document frequency: sentences (not distinct keys) that use the word
    df = Counter(itertools.chain.from_iterable(toks_o + toks_n))
    for toks, keys, more in ((toks_o, keys_o, more_o), (toks_n, keys_n, more_n)):
        for ts, key in zip(toks, keys):
            if key in more:
                df.update(dict.fromkeys(ts, len(more[key])))

    def sig(ts: tuple[bytes, ...]) -> list[bytes]:
        return sorted(ts, key=df.__getitem__)[:3]  # stable: by frequency, then alphabetically

    # Each index word's sentences as an array of numbers, which the garbage collector does
    # not track (a list per word it would, and walk at every full collection after).
    index: dict[bytes, array] = {}
    for h, ts in enumerate(toks_n):
        for t in sig(ts):
            found = index.get(t)
            if found is None:
                index[t] = array("q", (h,))
            else:
                found.append(h)
    len_n = [len(b) for b in keys_n]
    scored = []
    for g, ts in enumerate(toks_o):
        seen: set[int] = set()
        a = keys_o[g]
        len_a = len(a)
        for t in sig(ts):
            for h in index.get(t, ()):
                if h in seen:
                    continue
                seen.add(h)
                b = keys_n[h]
                if min(len_a, len_n[h]) < 0.7 * max(len_a, len_n[h]):
                    continue
                s = fuzz.ratio(lower_o[g], lower_n[h], score_cutoff=threshold)
                if s >= threshold:
                    scored.extend((s, i, j) for i in (first_o[a], *more_o.get(a, ()))
                                  for j in (first_n[b], *more_n.get(b, ())))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_o: set[int] = set()
    used_n: set[int] = set()
    out = []
    for s, i, j in scored:
        if i in used_o or j in used_n:
            continue
        used_o.add(i)
        used_n.add(j)
        out.append((old[i], new[j], s))
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "section"


# --- compare: the pipeline ------------------------------------------------------------------


def compare(old: Report, new: Report, *, old_meta: dict | None = None, new_meta: dict | None = None,
            alignment=None) -> Comparison:
    """Compare two editions (``old`` is the earlier one). Returns a :class:`Comparison`."""
    if alignment is None:
        from differ.align import align_reports

        alignment = align_reports(old, new)
    olds, news = _Sentences.of(old, "o"), _Sentences.of(new, "n")
    components = _components(alignment, olds, news)  # 1
    _pair_within(components, olds, news)  # 2: same, reordered, edited
    _pair_moves(olds.unpaired(), news.unpaired())  # 3: moved
    table = _SectionTable.build(alignment, olds, news)
    stat_pairs = _record_changes(table, olds, news)  # 4: every change, ids in a fixed order
    sections = tuple(row.freeze() for row in table.rows)
    statistics = _statistics(stat_pairs, olds.unpaired(), news.unpaired(), components.component_of,
                             table.anchor_of)  # 5: extraction
    abuses, laws = _abuses(old, new), _laws(old, new)
    return Comparison(
        country=new.country, old=_meta(old, old_meta), new=_meta(new, new_meta), sections=sections,
        abuses=abuses, statistics=statistics, laws=laws,
        summary=_summary(sections, abuses, statistics, laws, body_words(old), body_words(new)),
    )


def _meta(report: Report, meta: dict | None) -> dict:
    out = dict(meta or {"year": report.year})
    out.setdefault("year", report.year)
    return out


def _components(alignment, olds: _Sentences, news: _Sentences) -> _Components:
    """Sections linked directly or through a shared base section (a split, a merge) are one component."""
    components = _Components()
    for path in olds.sections:
        components.find(("o", path))
    for path in news.sections:
        components.find(("n", path))
    for m in alignment.sections:
        for ref in m.matches:
            if ref.path in olds.sections and m.target.path in news.sections:
                components.union(("n", m.target.path), ("o", ref.path))
    return components


def _pair_within(components: _Components, olds: _Sentences, news: _Sentences) -> None:
    """Inside each component: identical sentences in order, then reordered, then edited."""
    comp_old: dict[Any, list[_Unit]] = defaultdict(list)
    comp_new: dict[Any, list[_Unit]] = defaultdict(list)
    for u in olds.units:
        comp_old[components.component_of(u)].append(u)
    for u in news.units:
        comp_new[components.component_of(u)].append(u)
    for root, olist in comp_old.items():
        nlist = comp_new.get(root)
        if not nlist:
            continue
        _lcs_exact(olist, nlist)
        lo = [u for u in olist if u.partner is None]
        ln = [u for u in nlist if u.partner is None]
        for a, b, _s in _similar_pairs(lo, ln, PAIR_THRESHOLD):
            _pair(a, b, "edited")


def _pair_moves(lone_old: list[_Unit], lone_new: list[_Unit]) -> None:
    """Across components: the same sentence, then near-identical ones, are ``moved``."""
    # Each key's earliest old sentence not yet paired, and after each old sentence the next
    # with its key (a list through lone_old: no list per key for the garbage collector).
    earliest: dict[str, int] = {}
    latest: dict[str, int] = {}
    after = [-1] * len(lone_old)
    for i, u in enumerate(lone_old):
        last = latest.get(u.key)
        if last is None:
            earliest[u.key] = i
        else:
            after[last] = i
        latest[u.key] = i
    del latest
    for u in lone_new:
        i = earliest.get(u.key, -1)
        if i >= 0:
            _pair(lone_old[i], u, "moved")
            earliest[u.key] = after[i]
    lo = [u for u in lone_old if u.partner is None]
    ln = [u for u in lone_new if u.partner is None]
    for a, b, _s in _move_candidates(lo, ln, MOVE_THRESHOLD):
        _pair(a, b, "moved")


class _Row:
    """One entry of the section list while changes are collected; frozen into a SectionDiff."""

    __slots__ = ("old_path", "new_path", "old_heading", "new_heading", "level", "relation", "confidence", "old_paths",
                 "anchor", "changes", "moved_out")

    def __init__(self, old_path: SecPath | None, new_path: SecPath | None, old_heading: str | None,
                 new_heading: str | None, level: int, relation: str, confidence: float = 1.0,
                 old_paths: tuple[SecPath, ...] = ()):
        self.old_path = old_path
        self.new_path = new_path
        self.old_heading = old_heading
        self.new_heading = new_heading
        self.level = level
        self.relation = relation
        self.confidence = confidence
        self.old_paths = old_paths
        self.anchor = ""
        self.changes: list[tuple[float, Change]] = []  # (position, change)
        self.moved_out: list[str] = []

    @property
    def status(self) -> str:
        if self.new_path is None:
            return "dropped"
        if self.old_path is None:
            return "added"
        return "changed" if self.changes or self.moved_out else "unchanged"

    def freeze(self) -> SectionDiff:
        return SectionDiff(
            anchor=self.anchor, old_heading=self.old_heading, new_heading=self.new_heading, old_path=self.old_path,
            new_path=self.new_path, level=self.level, status=self.status, relation=self.relation,
            confidence=self.confidence, changes=tuple(c for _, c in sorted(self.changes, key=lambda x: x[0])),
            old_paths=self.old_paths, moved_out=tuple(self.moved_out),
        )


class _SectionTable:
    """The section list in output order, and which row each section of either edition belongs to."""

    __slots__ = ("rows", "of_new", "of_old")

    def __init__(self, rows: list[_Row], of_new: dict[SecPath, _Row], of_old: dict[SecPath, _Row]):
        self.rows = rows
        self.of_new = of_new
        self.of_old = of_old

    @classmethod
    def build(cls, alignment, olds: _Sentences, news: _Sentences) -> "_SectionTable":
        rows: list[_Row] = []
        of_new: dict[SecPath, _Row] = {}
        for m in alignment.sections:
            if m.target.path not in news.sections or m.target.path in of_new:
                continue
            refs = [r for r in m.matches if r.path in olds.sections]
            primary = refs[0] if refs else None
            row = _Row(primary.path if primary else None, m.target.path, primary.heading if primary else None,
                       m.target.heading, m.target.level, m.relation, float(m.confidence),
                       tuple(r.path for r in refs))
            rows.append(row)
            of_new[m.target.path] = row
        for path, sec in news.sections.items():  # sections the alignment forgot are new
            if path not in of_new:
                row = _Row(None, path, None, sec.heading, sec.level, "new")
                rows.append(row)
                of_new[path] = row
        # an old section belongs to the row that took it as primary, else to any that took it in
        of_old: dict[SecPath, _Row] = {}
        for row in rows:
            if row.old_path is not None:
                of_old.setdefault(row.old_path, row)
        for row in rows:
            for p in row.old_paths:
                of_old.setdefault(p, row)
        new_order = {p: i for i, p in enumerate(news.sections)}
        rows.sort(key=lambda r: new_order[r.new_path])
        # dropped old sections: after the row of the nearest earlier mapped old section
        position = {id(r): i for i, r in enumerate(rows)}
        placed = [(float(i), r) for i, r in enumerate(rows)]
        last_pos = -1.0
        for k, (path, sec) in enumerate(olds.sections.items()):
            if path in of_old:
                last_pos = float(position.get(id(of_old[path]), last_pos))
                continue
            row = _Row(path, None, sec.heading, None, sec.level, "dropped", old_paths=(path,))
            of_old[path] = row
            placed.append((last_pos + 0.5 + k * 1e-6, row))
        placed.sort(key=lambda x: x[0])
        rows = [r for _, r in placed]
        for i, row in enumerate(rows):
            row.anchor = f"sec-{i + 1:03d}-{_slug((row.new_path or row.old_path)[-1])}"
        return cls(rows, of_new, of_old)

    def anchor_new(self, path: SecPath) -> str | None:
        return self.of_new[path].anchor if path in self.of_new else None

    def anchor_old(self, path: SecPath) -> str | None:
        return self.of_old[path].anchor if path in self.of_old else None

    def anchor_of(self, new_section: SecPath | None, old_section: SecPath | None) -> str | None:
        """The row of the new section if there is one, else of the old one."""
        if new_section is not None and new_section in self.of_new:
            return self.of_new[new_section].anchor
        if old_section is not None and old_section in self.of_old:
            return self.of_old[old_section].anchor
        return None


def _record_changes(table: _SectionTable, olds: _Sentences, news: _Sentences) -> list[tuple[_Unit, _Unit]]:
    """File every change under its row. Ids run renames, moves, edits, additions, drops.

    Returns the sentence pairs whose text differs (moved or edited): only there can a
    statistic change.
    """
    ids = (f"c{n:04d}" for n in itertools.count(1))
    _heading_changes(table, ids)
    stat_pairs = _moved_changes(table, news, ids)
    stat_pairs += _edited_changes(table, news, ids)
    _lone_changes(table, olds, news, ids)
    return stat_pairs


def _ops(old: str, new: str) -> tuple[tuple[str, str], ...]:
    return tuple(tuple(op) for op in redline(old, new))


def _heading_changes(table: _SectionTable, ids: Iterator[str]) -> None:
    for row in table.rows:
        if row.old_heading is not None and row.new_heading is not None:
            if norm_heading(row.old_heading) != norm_heading(row.new_heading):
                row.changes.append((-1.0, Change(
                    next(ids), "changed", "heading", row.old_heading, row.new_heading, row.old_path, row.new_path,
                    table.anchor_old(row.old_path), row.anchor, _ops(row.old_heading, row.new_heading),
                )))


def _moved_changes(table: _SectionTable, news: _Sentences, ids: Iterator[str]) -> list[tuple[_Unit, _Unit]]:
    """Moved sentences, a whole paragraph at once when all of it moved to one paragraph."""
    stat_pairs: list[tuple[_Unit, _Unit]] = []
    groups: dict[tuple, list[_Unit]] = defaultdict(list)
    for u in news.units:
        if u.partner is not None and u.how in ("moved", "reordered"):
            p = u.partner
            groups[(p.section, p.para, u.section, u.para)].append(u)
    for (osec, _opara, nsec, _npara), group in groups.items():
        group.sort(key=lambda u: u.index)
        whole = (len(group) == group[0].para_size == group[0].partner.para_size)
        if group[0].how == "reordered":
            # identical text out of order inside one aligned pair: only a whole paragraph that
            # changed place within its section is worth reporting (as a move inside the section)
            if not (whole and table.of_old.get(osec) is table.of_new[nsec]):
                continue
        for item in ([group] if whole else [[u] for u in group]):
            old_text = " ".join(u.partner.text for u in item)
            new_text = " ".join(u.text for u in item)
            differs = any(u.key != u.partner.key for u in item)
            cid = next(ids)
            table.of_new[nsec].changes.append((float(item[0].index), Change(
                cid, "moved", "paragraph" if whole else "sentence", old_text, new_text, osec, nsec,
                table.anchor_old(osec), table.anchor_new(nsec), _ops(old_text, new_text) if differs else None,
            )))
            source = table.of_old.get(osec)
            if source is not None and source is not table.of_new[nsec]:
                source.moved_out.append(cid)
            stat_pairs += [(u.partner, u) for u in item if u.key != u.partner.key]
    return stat_pairs


def _edited_changes(table: _SectionTable, news: _Sentences, ids: Iterator[str]) -> list[tuple[_Unit, _Unit]]:
    from rapidfuzz import fuzz

    stat_pairs: list[tuple[_Unit, _Unit]] = []
    for u in news.units:
        if u.partner is None or u.how != "edited" or u.key == u.partner.key:
            continue
        kind = "punctuation" if punctuation_only(u.partner.key, u.key) else "changed"
        table.of_new[u.section].changes.append((float(u.index), Change(
            next(ids), kind, "sentence", u.partner.text, u.text, u.partner.section, u.section,
            table.anchor_old(u.partner.section), table.anchor_new(u.section), _ops(u.partner.text, u.text),
            round(fuzz.ratio(u.partner.key, u.key) / 100.0, 3),
        )))
        stat_pairs.append((u.partner, u))
    return stat_pairs


def _paragraph_groups(units: list[_Unit]) -> list[list[_Unit]]:
    """Unpaired sentences grouped: a whole paragraph at once when all its sentences are unpaired."""
    groups: dict[tuple, list[_Unit]] = defaultdict(list)
    for u in units:
        groups[(u.section, u.para)].append(u)
    out = []
    for g in groups.values():
        if len(g) == g[0].para_size and len(g) > 1:
            out.append(g)
        else:
            out.extend([u] for u in g)
    return out


def _lone_changes(table: _SectionTable, olds: _Sentences, news: _Sentences, ids: Iterator[str]) -> None:
    """What is left is added or dropped."""
    # a dropped sentence sorts after the new partner of its nearest earlier paired sentence
    last_new = -1.0
    o_pos: dict[int, float] = {}
    for u in olds.units:
        if u.partner is None:
            o_pos[u.index] = last_new + 0.5 + u.index * 1e-7
        elif u.how != "moved":
            last_new = float(u.partner.index)
    for g in _paragraph_groups(news.unpaired()):
        row = table.of_new[g[0].section]
        row.changes.append((float(g[0].index), Change(
            next(ids), "added", "paragraph" if len(g) > 1 else "sentence", None, " ".join(u.text for u in g),
            None, g[0].section, None, row.anchor, with_section=row.old_path is None,
        )))
    for g in _paragraph_groups(olds.unpaired()):
        row = table.of_old[g[0].section]
        row.changes.append((o_pos[g[0].index], Change(
            next(ids), "dropped", "paragraph" if len(g) > 1 else "sentence", " ".join(u.text for u in g), None,
            g[0].section, row.new_path, row.anchor, row.anchor if row.new_path else None,
            with_section=row.new_path is None,
        )))


def _abuses(old: Report, new: Report) -> tuple[AbuseChange, ...]:
    from differ.extract import abuse_items, match_abuses

    def categories(items) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for it in items for c in it.categories))

    def ident(k: int | None) -> str | None:
        return None if k is None else f"ab{k + 1:02d}"

    return tuple(
        AbuseChange(ident(k), m.status, m.relation, tuple(i.text for i in m.old), tuple(i.text for i in m.new),
                    m.category, categories(m.old), categories(m.new), m.score, ident(m.related))
        for k, m in enumerate(match_abuses(abuse_items(old), abuse_items(new)))
    )


def _statistics(pairs, lone_old, lone_new, component_of, anchor_of) -> tuple[StatChange, ...]:
    """Statistics that changed, appeared or disappeared.

    ``pairs`` are (old, new) sentence pairs that were edited or moved, ``lone_old`` /
    ``lone_new`` the unpaired sentences, ``component_of(unit)`` the alignment component of a
    sentence's section and ``anchor_of(new_section, old_section)`` the section anchor.

    Unchanged sentences cannot change a statistic, so only edited/moved pairs and unpaired
    sentences are scanned. Within a sentence pair statistics pair by kind, unit, scope and
    noun phrase. Of the figures left over, the same value for the same subject (sentences
    sharing rare words) is the same figure wherever it went, never an addition plus a
    removal; then figures pair as ``changed`` within the same component when noun phrase,
    scope and sentence agree, so a reworded sentence with a new figure still reads as
    ``changed``. Figures whose scopes differ (complaints during the January 2022 unrest,
    complaints for calendar 2023) are never a pair.
    """
    from differ.extract import extract_statistics, match_statistics, same_value

    cache: dict[str, list] = {}

    def stats(u: _Unit):
        if u.text not in cache:
            cache[u.text] = extract_statistics(u.text)
        return cache[u.text]

    out: list[tuple[float, str, Any, Any, _Unit | None, _Unit | None]] = []
    left_old: list[tuple[_Unit, Any]] = []
    left_new: list[tuple[_Unit, Any]] = []
    for a, b in pairs:
        sa, sb = stats(a), stats(b)
        # a reworded sentence that now quotes someone else: its figures are not the old ones
        matched = match_statistics(sa, sb) if sa and sb and not _sources_conflict(a.text, b.text) else []
        # "more than 750 safety inspections" → "2,366 inspections": a wider measure, not a new value
        matched = [(i, j, x) for i, j, x in matched if same_value(sa[i], sb[j])
                   or not _narrower(sa[i].noun, sb[j].noun, b.key) and not _narrower(sb[j].noun, sa[i].noun, a.key)]
        mi = {i for i, _, _ in matched}
        mj = {j for _, j, _ in matched}
        for i, j, _ in matched:
            if not same_value(sa[i], sb[j]):
                out.append((float(b.index), "changed", sa[i], sb[j], a, b))
        left_old += [(a, s) for i, s in enumerate(sa) if i not in mi]
        left_new += [(b, s) for j, s in enumerate(sb) if j not in mj]
    left_old += [(u, s) for u in lone_old for s in stats(u)]
    left_new += [(u, s) for u in lone_new for s in stats(u)]

    context = _SentenceContext([u for u, _s in left_old + left_new])
    used_o: set[int] = set()
    used_n: set[int] = set()
    for k, j in _same_figures(left_old, left_new, component_of, context):
        used_o.add(k)
        used_n.add(j)
    for k, j in _changed_figures(left_old, left_new, used_o, used_n, component_of, context):
        used_o.add(k)
        used_n.add(j)
        (ua, sa), (ub, sb) = left_old[k], left_new[j]
        out.append((float(ub.index), "changed", sa, sb, ua, ub))
    for k, (u, s) in enumerate(left_old):
        if k not in used_o:
            out.append((-1.0 + u.index * 1e-6, "dropped", s, None, u, None))
    for j, (u, s) in enumerate(left_new):
        if j not in used_n:
            out.append((float(u.index), "added", None, s, None, u))
    out.sort(key=lambda x: (x[0] if x[0] >= 0 else 1e9 + x[0] * 1e6))
    result = []
    for n, (_pos, status, so, sn, uo, un) in enumerate(out, 1):
        new_sec = un.section if un else None
        old_sec = uo.section if uo else None
        result.append(StatChange(f"st{n:04d}", status, so, sn, new_sec or old_sec, old_sec, new_sec,
                                 anchor_of(new_sec, old_sec)))
    return tuple(result)


class _SentenceContext:
    """How much two sentences share, weighting rare words: "ombudsman" counts, "year" does not."""

    def __init__(self, units: Sequence[_Unit]):
        import math

        self._words: dict[int, set[str]] = {}
        for u in {id(u): u for u in units}.values():
            self.words(u)
        df = Counter(itertools.chain.from_iterable(self._words.values()))  # (counted in C)
        n_docs = len(self._words) + 1
        self._idf = {w: math.log(n_docs / d) + 0.1 for w, d in df.items()}
        self._default = math.log(n_docs) + 0.1

    def words(self, u: _Unit) -> set[str]:
        w = self._words.get(id(u))
        if w is None:
            w = self._words[id(u)] = set(_CONTENT_WORD.findall(u.key.lower())) - _CONTEXT_STOP
        return w

    def similarity(self, ua: _Unit, ub: _Unit) -> float:
        import math

        a, b = self.words(ua), self.words(ub)
        if not a or not b:
            return 0.0
        idf = self._idf.get
        shared = sum(idf(w, self._default) for w in a & b)
        return shared / math.sqrt(sum(idf(w, self._default) for w in a) * sum(idf(w, self._default) for w in b))


SAME_FIGURE_CONTEXT = 0.2  # sentence overlap for one value in both editions to be the same figure (same component)
SAME_FIGURE_CONTEXT_ELSEWHERE = 0.35  # … when it moved to a section of another component
CHANGED_FIGURE_CONTEXT = 0.2  # sentence overlap for two values of one noun phrase to be one changed figure
CHANGED_TERM_CONTEXT = 0.12  # … for two terms or limits (days, years, money) of the very same noun


def _bare(noun: str) -> str:
    return re.sub(r"^(?:(?:of|the|a|an)\s+)+", "", noun.lower())


def _assign_pairs(groups, score, words_old, words_new) -> list[tuple[int, int]]:
    """One-to-one pairs maximising ``score(k, j)`` inside each group of (old indices, new indices).

    ``score`` must be zero for two figures whose sentences share no word (``words_old(k)``,
    ``words_new(j)``): both scores here need a sentence overlap. Only the pairs sharing a word
    are scored, the rest are zeros: a common value ("two", "10 days") recurs in hundreds of
    sentences of a long report, and scoring every pair of them grew with the square of its length.
    """
    from differ.assign import positive_pairs

    out = []
    for ks, js in groups:
        if not js:
            continue  # (no pair: every row empty)
        columns: dict[str, list[int]] = defaultdict(list)  # a word → the group's new figures whose sentence has it
        for y, j in enumerate(js):
            for w in words_new(j):
                columns[w].append(y)
        # the figures sharing a word with an old sentence, found once for all its figures
        # (keyed by its word set's id, the set kept beside them so that no other takes that id)
        sharing: dict[int, tuple[Any, list[int]]] = {}
        scores = []
        for k in ks:
            words = words_old(k)
            found = sharing.get(id(words))
            if found is None:
                found = sharing[id(words)] = (words, sorted({y for w in words for y in columns.get(w, ())}))
            row = [0.0] * len(js)
            for y in found[1]:
                row[y] = float(score(k, js[y]))
            scores.append(row)
        out += [(ks[x], js[y]) for x, y in positive_pairs(scores)]
    return out


def _same_figures(left_old, left_new, component_of, context) -> list[tuple[int, int]]:
    """Leftover figures with the same value for the same subject in both editions."""
    from rapidfuzz import fuzz

    from differ.extract import same_value, scopes_comparable

    by_number_old: dict[Any, list[int]] = defaultdict(list)
    by_number_new: dict[Any, list[int]] = defaultdict(list)
    for k, (_u, s) in enumerate(left_old):
        by_number_old[(s.number, s.unit)].append(k)
    for j, (_u, s) in enumerate(left_new):
        by_number_new[(s.number, s.unit)].append(j)

    def score(k: int, j: int) -> float:
        (ua, sa), (ub, sb) = left_old[k], left_new[j]
        if not same_value(sa, sb) or not scopes_comparable(sa.scope, sb.scope):
            return 0.0
        near = component_of(ua) == component_of(ub)
        ctx = context.similarity(ua, ub)
        if sa.noun and sb.noun and fuzz.token_set_ratio(sa.noun.lower(), sb.noun.lower()) < 50 and ctx < 0.5:
            return 0.0
        if ctx < (SAME_FIGURE_CONTEXT if near else SAME_FIGURE_CONTEXT_ELSEWHERE) or _sources_conflict(ua.text, ub.text):
            return 0.0
        return ctx + 0.2 * near

    groups = [(ks, by_number_new.get(key, [])) for key, ks in by_number_old.items() if key[0] is not None]
    return _assign_pairs(groups, score, lambda k: context.words(left_old[k][0]), lambda j: context.words(left_new[j][0]))


def _changed_figures(left_old, left_new, used_o, used_n, component_of, context) -> list[tuple[int, int]]:
    """Leftover figures of one component that are the same measure with a new value: same unit,
    similar noun phrase, comparable scope, and sentences that share rare words."""
    from rapidfuzz import fuzz

    from differ.extract import kinds_compatible, scopes_comparable

    by_comp_old: dict[Any, list[int]] = defaultdict(list)
    by_comp_new: dict[Any, list[int]] = defaultdict(list)
    for k, (u, _s) in enumerate(left_old):
        if k not in used_o:
            by_comp_old[component_of(u)].append(k)
    for j, (u, _s) in enumerate(left_new):
        if j not in used_n:
            by_comp_new[component_of(u)].append(j)

    def score(k: int, j: int) -> float:
        (ua, sa), (ub, sb) = left_old[k], left_new[j]
        if not kinds_compatible(sa, sb) or not sa.noun or not sb.noun or not scopes_comparable(sa.scope, sb.scope):
            return 0.0
        noun = fuzz.token_sort_ratio(sa.noun.lower(), sb.noun.lower()) / 100.0
        if noun < 0.7 or _narrower(sb.noun, sa.noun, ua.key) or _narrower(sa.noun, sb.noun, ub.key):
            return 0.0
        ctx = context.similarity(ua, ub)
        # a legal term of the same thing ("… years of imprisonment" for rape) may be reworded
        # around it; the same noun and unit is then most of the evidence
        same_term = sa.unit not in ("count", "percent", "fraction") and _bare(sa.noun) == _bare(sb.noun)
        if ctx < (CHANGED_TERM_CONTEXT if same_term else CHANGED_FIGURE_CONTEXT) or _sources_conflict(ua.text, ub.text):
            return 0.0
        return 0.35 * noun + 0.65 * ctx

    return _assign_pairs([(ks, by_comp_new.get(root, [])) for root, ks in by_comp_old.items()], score,
                         lambda k: context.words(left_old[k][0]), lambda j: context.words(left_new[j][0]))


def _narrower(noun: str, other: str, other_sentence: str) -> bool:
    """``noun`` names a subset of what ``other`` names: a word in front of their shared head
    that the other sentence never uses ("volunteer labor inspectors" vs "labor inspectors",
    "safety inspections" vs "inspections"). Only the head phrase counts, not an "of …" part."""
    words = noun.lower().split(" of ")[0].split()
    others = set(other.lower().split(" of ")[0].split())
    shared = [i for i, w in enumerate(words) if w in others]
    if not shared:
        return False
    context = other_sentence.lower()
    return any(w not in others and _CONTENT_WORD.fullmatch(w) and not re.search(rf"\b{re.escape(w)}\b", context)
               for w in words[:shared[-1]])


_CONTENT_WORD = re.compile(r"[a-z][a-z’'-]{3,}")
_CONTEXT_STOP = frozenset(
    """were with that from their have during year years reported received other than this there which they
    been also into more according about after before percent number total some many most""".split()
)
# A capitalised word not opening the text or a sentence: the capital first, then what is before
# it, looked back at (the regex engine skips to a capital, where a look-behind first has it try
# every position). The same matches as (?<![.!?]\s)(?<!^)\b[A-Z][A-Za-z’'-]+ (tests/test_diff.py).
_NAME_WORD = re.compile(r"[A-Z](?<=[\s\S].)(?<!\w.)(?<![.!?]\s.)[A-Za-z’'-]+")
_GENERIC_NAMES = frozenset(
    """Human Rights Kazakhstan Kazakhstani Ministry Office Government National State Republic Department Internal
    Affairs Justice Labor Social Protection Protection General Prosecutor NGO NGOs January February March April May
    June July August September October November December The In On According During As At By For Of""".split()
)


_ROLES = ("ombudsman", "prosecutor", "commissioner")


def _names(text: str) -> set[str]:
    """Who says it: capitalised words inside a sentence (minus the ones every report uses)
    and a few offices often written in lower case ("the human rights ombudsman")."""
    names = {w.removesuffix("’s").removesuffix("'s") for w in _NAME_WORD.findall(text)} - _GENERIC_NAMES
    out = {w.lower() for w in names if w}
    low = text.lower()
    out.update(r for r in _ROLES if r in low)
    return out


def _sources_conflict(a: str, b: str) -> bool:
    """Both sentences name someone, and nobody in common (KIBHR's count is not the ombudsman's)."""
    na, nb = _names(a), _names(b)
    return bool(na and nb and not (na & nb))


def _law_mentions(report: Report) -> dict[str, list]:
    """Every law mention of an edition, by law (spelling variants of one law together)."""
    from differ.extract import extract_laws_paragraph, law_identity, may_name_a_law

    out: dict[str, list] = defaultdict(list)
    for section in report.walk():
        for para in section.paragraphs:
            if not may_name_a_law(para.text):
                continue
            for m in extract_laws_paragraph(para.sentences):
                out[law_identity(m.key)].append(m)
    return out


def _laws(old: Report, new: Report) -> tuple[LawChange, ...]:
    """Each law once: ``kept`` when what the editions say about it is the same (sentence for
    sentence, light rewording allowed), else ``changed``; ``added`` / ``dropped`` when only one
    edition names it.

    A new sentence saying the law was adopted, signed, enacted, passed, ratified or entered
    into force during the year makes it ``added`` with that ``event``, even when the old
    edition named a law on that topic ("On June 19, the country adopted a new mass media law"
    beside the old "Media law prohibited …"). An event dated to an earlier year ("passed
    new amendments in 2023" in the 2024 edition) is not one.
    """
    mo, mn = _law_mentions(old), _law_mentions(new)
    _fold_bare_articles(mo, mn)
    out = []
    for ident in list(mn) + [k for k in mo if k not in mn]:
        a, b = mo.get(ident, []), mn.get(ident, [])
        told = {norm_key(m.sentence) for m in a}
        made = [m for m in b if m.event and norm_key(m.sentence) not in told and _this_year(m.sentence, new.year)]
        out.append(_law_change(a, b, made[0].event if made else None))
    rank = {"changed": 0, "added": 1, "dropped": 2, "kept": 3}
    out.sort(key=lambda x: (rank[x.status], x.event is None, x.name.lower()))  # laws made this year first
    return tuple(out)


_BARE_ARTICLE = re.compile(r"article \S+")


def _fold_bare_articles(*editions: dict[str, list]) -> None:
    """A bare "Article 120" (no code named in its paragraph) is that article of the one code
    the editions cite it from elsewhere ("Article 120 of the Penal Code"): one law, not two.
    Left alone when no code, or more than one, has an article of that number."""
    idents = set().union(*editions)
    for ident in sorted(k for k in idents if _BARE_ARTICLE.fullmatch(k)):
        suffix = f" {ident}"
        owners = {k for k in idents if k.endswith(suffix)}
        if len(owners) == 1:
            owner = owners.pop()
            for mentions in editions:
                if ident in mentions:
                    mentions[owner] = mentions.get(owner, []) + mentions.pop(ident)


_YEAR_IN = re.compile(r"\b(?:19|20)\d\d\b")
SAME_STATEMENT = 85.0  # rapidfuzz ratio at which two sentences about a law say the same thing


def _this_year(sentence: str, year: int) -> bool:
    """No year in the sentence, or one no earlier than the edition's."""
    years = [int(y) for y in _YEAR_IN.findall(sentence)]
    return not years or max(years) >= year


def _same_statements(old: list[str], new: list[str]) -> bool:
    """The same number of sentences, each new one a light rewording of an old one."""
    from rapidfuzz import fuzz

    if len(old) != len(new):
        return False
    left = [norm_key(s) for s in old]
    for sentence in map(norm_key, new):
        best = max(range(len(left)), key=lambda i: fuzz.ratio(left[i], sentence), default=None)
        if best is None or fuzz.ratio(left[best], sentence) < SAME_STATEMENT:
            return False
        left.pop(best)
    return True


def _law_change(a: list, b: list, event: str | None) -> LawChange:
    sa = list(dict.fromkeys(m.sentence for m in a))
    sb = list(dict.fromkeys(m.sentence for m in b))
    ref = (b or a)[0]
    if event:
        status = "added"
    elif a and b:
        status = "kept" if _same_statements(sa, sb) else "changed"
    else:
        status = "added" if b else "dropped"
    return LawChange(status, ref.key, ref.name, ref.kind, " ".join(sa) or None, " ".join(sb) or None,
                     len(a), len(b), event)


def body_words(report: Report) -> int:
    """Words of the body text, headings not counted (the definition of ``summary.size``)."""
    texts = [p.text for s in report.walk() for p in s.paragraphs]
    # Parsed paragraphs are single-spaced: then so is their text joined by spaces, and its
    # words are its spaces plus one (one count in C, not one per paragraph). The joined text
    # is single-spaced only when each paragraph is, and none empty (else it has two spaces).
    joined = " ".join(texts)
    if single_spaced(joined):
        return joined.count(" ") + 1 if joined else 0
    return sum(map(_word_count, texts))


def _word_count(text: str) -> int:
    """``len(text.split())``: in single-spaced text (a parsed paragraph), one more than its spaces."""
    if single_spaced(text):
        return text.count(" ") + 1 if text else 0
    return len(text.split())


def size_summary(old_words: int, new_words: int) -> dict:
    """``summary.size``: both editions' words and the new edition's share of the old one's."""
    return {"old_words": old_words, "new_words": new_words,
            "ratio": round(new_words / old_words, 3) if old_words else 0.0}


def _summary(sections, abuses, statistics, laws, old_words: int, new_words: int) -> dict:
    def count(items, attr, values):
        c = {v: 0 for v in values}
        for it in items:
            c[getattr(it, attr)] = c.get(getattr(it, attr), 0) + 1
        return c

    changes = [c for s in sections for c in s.changes]
    sec = count(sections, "status", ("added", "dropped", "changed", "unchanged"))
    sec["moved"] = sum(1 for c in changes if c.kind == "moved")
    by_kind = count(changes, "kind", ("added", "dropped", "changed", "moved", "punctuation"))
    for kind in ("added", "dropped"):
        whole = sum(1 for c in changes if c.kind == kind and c.with_section)
        by_kind[f"{kind}_with_section"], by_kind[f"{kind}_within_section"] = whole, by_kind[kind] - whole
    return {
        "size": size_summary(old_words, new_words),
        "sections": sec,
        "changes": by_kind,
        "abuses": count(abuses, "status", ("added", "dropped", "kept")),
        "statistics": count(statistics, "status", ("changed", "added", "dropped")),
        "laws": count(laws, "status", ("added", "dropped", "changed", "kept")),
    }


# --- corpus-level API ---------------------------------------------------------------------


def edition_meta(corpus, year: int) -> dict:
    edition = corpus.edition(year)
    entry = edition.entry
    sha = entry.get("sha256")
    if not sha:
        from differ.corpus import sha256_file

        sha = sha256_file(edition.path)
    meta = {"year": edition.year, "sha256": sha, "source": entry.get("source") or str(edition.path)}
    # Provenance the fetcher recorded; all from the manifest, so the JSON stays deterministic.
    for key in ("source_url", "final_url", "fetched_at", "last_modified"):
        if entry.get(key):
            meta[key] = entry[key]
    return meta


def compare_years(corpus, old_year, new_year, overrides=None, alignment=None) -> Comparison:
    """Load two editions from ``corpus`` and compare them (``old_year`` < ``new_year``);
    ``alignment``: one already made for this pair (the override file applied), else aligned here."""
    from differ.corpus import validate_year

    oy, ny = validate_year(old_year), validate_year(new_year)
    if oy >= ny:
        from differ.errors import UsageError

        if oy == ny:
            raise UsageError(f"OLD and NEW are the same year ({oy}); pick two different editions")
        raise UsageError(f"OLD ({oy}) must be the earlier edition and NEW ({ny}) the later one")
    old_meta, new_meta = edition_meta(corpus, oy), edition_meta(corpus, ny)
    from differ.align import align_corpus

    if alignment is None:
        alignment = align_corpus(corpus, ny, oy, overrides)  # the corpus's override file unless given
    return compare(corpus.load(oy), corpus.load(ny), old_meta=old_meta, new_meta=new_meta, alignment=alignment)


# --- output helpers -------------------------------------------------------------------------


def format_summary(comparison: Comparison) -> str:
    """A few lines for the terminal."""
    s = comparison.summary
    sec, ch, ab, st, lw = s["sections"], s["changes"], s["abuses"], s["statistics"], s["laws"]
    return "\n".join([
        f"{comparison.country} {comparison.old['year']} → {comparison.new['year']}",
        f"  sections:   {sec['changed']} changed, {sec['added']} added, {sec['dropped']} dropped, "
        f"{sec['unchanged']} unchanged",
        f"  text:       {ch['changed']} changed, {ch['added']} added, {ch['dropped']} dropped, {ch['moved']} moved"
        + (f"; {ch['punctuation']} punctuation-only edit{'s' if ch['punctuation'] != 1 else ''}"
           if ch.get("punctuation") else ""),
        f"  abuses:     {ab['kept']} kept, {ab['added']} added, {ab['dropped']} dropped",
        f"  statistics: {st['changed']} changed, {st['added']} added, {st['dropped']} dropped",
        f"  laws:       {lw['changed']} changed, {lw['added']} added, {lw['dropped']} dropped, {lw['kept']} kept",
    ])


STAT_CSV_FIELDS = ("id", "status", "section", "old_value", "old_unit", "old_noun", "old_text",
                   "new_value", "new_unit", "new_noun", "new_text",
                   "old_kind", "old_qualifier", "old_scope", "new_kind", "new_qualifier", "new_scope")
LAW_CSV_FIELDS = ("status", "name", "kind", "key", "old_mentions", "new_mentions", "old_text", "new_text")


def _csv_text(fields: Sequence[str], rows: Iterable[dict]) -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in fields})
    return buf.getvalue()


def csv_tables(comparison: Comparison) -> dict[str, str]:
    """``{"statistics.csv": …, "laws.csv": …}`` (UTF-8 text, one row per item)."""
    stats = []
    for st in comparison.statistics:
        row = {"id": st.id, "status": st.status, "section": " > ".join(st.section)}
        for side, val in (("old", st.old), ("new", st.new)):
            if val is not None:
                row.update({f"{side}_value": val.value, f"{side}_unit": val.unit, f"{side}_noun": val.noun,
                            f"{side}_text": val.sentence, f"{side}_kind": val.kind,
                            f"{side}_qualifier": val.qualifier, f"{side}_scope": val.scope})
        stats.append(row)
    laws = [law.to_json() for law in comparison.laws]
    return {"statistics.csv": _csv_text(STAT_CSV_FIELDS, stats), "laws.csv": _csv_text(LAW_CSV_FIELDS, laws)}


def write_csv(comparison: Comparison, directory) -> list:
    """Write the statistics and laws tables into ``directory`` (atomically); returns the paths."""
    from pathlib import Path

    from differ.corpus import atomic_write_text
    from differ.names import comparison_stem

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise DifferError(f"{directory}: not a directory")
    stem = comparison_stem(comparison.country, comparison.old["year"], comparison.new["year"])
    paths = []
    for name, text in csv_tables(comparison).items():
        path = directory / f"{stem}-{name}"
        atomic_write_text(path, text)
        paths.append(path)
    return paths
