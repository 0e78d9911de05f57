"""Extraction: the executive summary's list of abuses, quantitative claims and law references.

Everything here works on plain strings (sentences, paragraphs), so it can be tested
without a parser; :mod:`differ.diff` feeds it the parsed, aligned report.

* Abuses: the summary sentence that lists them ("The most significant human rights
  problems were …", "Other reported abuses included …", "Significant human rights issues
  included credible reports of: …") is split on top-level semicolons; each item gets
  categories from a small taxonomy, and items are matched across years by fuzzy
  similarity plus category overlap.
* Statistics: every figure of a sentence – counts, percentages and shares, money,
  durations, ranges, age limits and legal durations (``threshold``); never years, dates,
  identifiers or cross-references – with the noun phrase it counts, its qualifier ("more
  than") and its scope or period ("in the first eight months of the year"). Two figures
  are one measure only over comparable scopes (:func:`scopes_comparable`).
* Laws: codes, articles, named laws, decrees, conventions, normalised to one key per
  law so the same law in two editions is one entity.

Speed: compiling the ~100 patterns is most of what importing this module costs, so each is
compiled on first use (:mod:`differ.lazyre`; a short report needs a third of them fewer) and
written to compile cheaply (the number words as a trie, one number shared by four kinds of
figure). Before a pattern scans a sentence, a plain ``in`` test on a word it needs skips most
sentences. tests/test_extract_fast.py checks each of these against the plain form.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from rapidfuzz import fuzz

from differ.lazyre import lazy
from differ.sentences import single_space, single_spaced

# --- shared text helpers ---------------------------------------------------------------

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00ad": ""})


def plain(text: str) -> str:
    """Straight quotes and dashes, single spaces: for matching, never for display."""
    if text.isascii():
        return " ".join(text.split())
    return " ".join(text.translate(_QUOTES).split())


# A word character, an apostrophe (straight or curly) or a hyphen: what [\w’'-] says, spelt so
# that re.compile need not build a table of every character for it. A class holding "’" and two
# other lone characters takes one (0.1 ms in each pattern holding it); the class of the others
# and "’" on its own (as "’{1}", which the parser does not fold back into the class) match the
# same one character (tests/test_extract_fast.py checks them on every character). A branch is
# slower to match than a class: for patterns that match little text, where compiling dominates.
_WORD_CHAR = r"(?:[\w'-]|’{1})"
_WORD_CHAR_OR_DOT = r"(?:[\w'.-]|’{1})"  # [\w’'.-]
_LOWER_WORD_CHAR = r"(?:[a-z'-]|’{1})"  # [a-z’'-]
def _letters_ignoring_case(letters: str) -> str:
    """A class of the lower-case ``letters`` for a case-insensitive pattern, spelt so that
    re.compile need not build a table of every character for it: ignoring case, "i" also
    matches "ı" and "s" "ſ", which take a class holding them out of the Latin-1 range (0.1 ms
    in each pattern). On their own "i" and "s" match the same; "{1}" keeps the parser from
    folding them back into the class (tests/test_extract_fast.py checks every character)."""
    return "(?:" + "|".join([f"[{letters.replace('i', '').replace('s', '')}]"]
                            + [f"{c}{{1}}" for c in "is" if c in letters]) + ")"


# A letter in a case-insensitive pattern ([a-z] or [A-Z] there).
_LETTER_IGNORING_CASE = _letters_ignoring_case("abcdefghijklmnopqrstuvwxyz")


def _one_line(pattern: str) -> str:
    """A verbose pattern of this module as one line, to compile without re.X: each line stripped.
    Their only white space outside a class is the indentation and the line breaks, and they hold
    no comment, so the pattern is the same (tests/test_extract_fast.py checks); re.compile then
    reads a tenth fewer characters (0.2 ms less for _STAT, _AGE and _SCOPE)."""
    return "".join(map(str.strip, pattern.splitlines()))


def _for_single_spaced(pattern: str) -> str:
    r"""``pattern`` as it reads single-spaced text (:func:`single_space`: its only white space is
    single spaces) or a part of it, where ``\s`` matches a space alone, so ``\s+`` one space and
    ``\s*`` or ``\s?`` one or none: each is written as the space itself (`` ``, `` ?``; greedy, so
    tried in the same order; in a class, the space). re.compile then makes a literal of it
    rather than a repeated class (about 1 ms less for _STAT, _AGE and _SCOPE, 0.3 for _ARTICLE),
    and the engine matches a literal sooner. For the patterns asked only of a single-spaced
    sentence or a part of one (tests/test_extract_fast.py compares both forms)."""
    assert "\\\\" not in pattern and not any(f"\\s{q}?" in pattern for q in "+*?"), pattern  # (no lazy \s)
    return pattern.replace("\\s+", " ").replace("\\s*", " ?").replace("\\s?", " ?").replace("\\s", " ")


# --- abuses ----------------------------------------------------------------------------

# The sentence openers that introduce the list (2016 and the 2019+ template), every way each
# can be written, in the order a regex of them would try them (an optional part first with it):
# a sentence's words are joined by single spaces before it is searched, so each is a plain
# string, found with str methods (a regex of them cost 0.4 ms to compile; the test compares).
def _abuse_intros() -> tuple[tuple[str, ...], ...]:
    """The openers, one tuple for each kind (by its first words), each as the regex ordered them."""
    nouns = ("problems", "issues", "abuses"), ("abuses", "problems", "issues"), ("issues", "abuses", "problems")
    return (
        tuple(f"The most significant human rights {k} {v}" for k in nouns[0] for v in ("were", "included")),
        tuple(f"Other {r}{h}{k} included" for r in ("reported ", "") for h in ("human rights ", "") for k in nouns[1]),
        tuple(f"{s} human rights {k} {v}{c}" for s in ("Significant", "Serious") for k in nouns[2]
              for v in ("included", "were") for c in (" credible reports of", "")),
        tuple(f"Human rights {k} included{c}" for k in nouns[2] for c in (" credible reports of", "")),
    )


_ABUSE_INTROS = _abuse_intros()
_ABUSE_INTRO_OPENERS = ("The most significant human rights ", "Other ", "Significant human rights ",
                        "Serious human rights ", "Human rights ")  # (what each kind of opener starts with)


def _abuse_intro(text: str) -> tuple[str, str] | None:
    r"""The first abuse-list opener of ``text`` (single-spaced) and the list after it, as
    (intro, body): what ``re.search(intro + r"\s*:?\s*(?P<body>.+)$", text, re.S)`` finds for
    the openers above, a colon and the space around it left out of the body unless the body
    would be empty (then the last of them is the body, as the regex backtracks)."""
    starts = sorted(i for opener in _ABUSE_INTRO_OPENERS for i in _occurrences(text, opener))
    for i in starts:
        for intros in _ABUSE_INTROS:
            for intro in intros:
                if not text.startswith(intro, i):
                    continue
                end = i + len(intro)
                if end == len(text):
                    continue  # no list after it (the regex tries the shorter intros)
                spaced = end + text.startswith(" ", end)
                colon = spaced + text.startswith(":", spaced)
                body = colon + text.startswith(" ", colon)
                if body == len(text):
                    body = colon if body > colon else spaced if colon > spaced else end
                return text[i:end], text[body:]
    return None


def _occurrences(text: str, part: str) -> Iterator[int]:
    i = text.find(part)
    while i >= 0:
        yield i
        i = text.find(part, i + 1)


# category -> pattern; an item may fall in several categories. Order is display order.
TAXONOMY: tuple[tuple[str, str], ...] = (
    ("killings", r"killing|hazing|death\b|deaths\b"),
    ("disappearance", r"disappear"),
    ("torture", r"tortur|cruel inhuman|cruel, inhuman|degrading treatment|detainee and prisoner abuse"),
    ("prison conditions", r"prison conditions|detention conditions"),
    ("arbitrary arrest or detention", r"arbitrary arrest|arbitrary detention|arbitrary or unlawful arrest"
     r"|arbitrary or unlawful detention|arrest and detention|arrest or detention"),
    ("judiciary", r"judicia|due process|fair trial|fair public trial"),
    ("political prisoners", r"political prisoners|political detainees|politically motivated prosecution"
     r"|politically motivated detention"),
    ("transnational repression", r"transnational repression|in another country"),
    ("privacy", r"privacy|interference with private|interference with home|interference with correspondence"
     r"|interference with the private|interference with the home|interference with the correspondence"),
    ("punishment of family members", r"family members for|offenses by a relative"),
    ("expression, press and internet", r"expression|\bpress\b|media|journalist|censorship|libel|speech|internet"),
    # "serious restrictions on internet freedom" is an item of its own in the State Department's
    # lists: dropped beside a kept expression item, it is a category dropped, not one kept
    ("internet freedom", r"internet"),
    ("assembly and association",
     r"assembly|(?<!workers’ freedom of )(?<!workers' freedom of )association|nongovernmental organi|\bNGOs?\b"
     r"|human rights organi"),
    ("religion", r"religio"),
    ("movement", r"movement|leave the country|freedom to travel|exit visa"),
    ("elections and political participation",
     r"election\b|elections\b|choose their government|change their government|political participation|political party"),
    ("corruption", r"corruption"),
    ("violence against women", r"women|gender-based|domestic violence|\brape\b|femicide"),
    ("children", r"(?<!worst forms of )child(?:ren)?\b(?! labor| soldiers)|minors\b"),
    ("child labor", r"child labor"),
    ("trafficking", r"traffick"),
    ("LGBTI", r"lesbian|\bgay\b|LGBT|sexual orientation|gender identity|same-sex"),
    ("disability", r"disabilit"),
    ("HIV/AIDS", r"\bHIV\b|\bAIDS\b"),
    ("worker rights",
     r"worker |worker’ |workers |workers’|workers'|trade union|labor activist|union members|forced labor"
     r"|forced or compulsory labor"),
    ("minorities", r"ethnic minorit|national minorit|indigenous|antisemit|racial"),
    ("refugees", r"refugee|refoulement|asylum"),
    ("child soldiers", r"child soldiers"),
    ("impunity", r"impunity"),
)
_TAXONOMY = tuple((name, lazy(pat, re.I)) for name, pat in TAXONOMY)
# The same patterns in lower case, matched with case against a lower-cased item: the regex
# engine then skips to the letters a pattern starts with, where ignoring case it tries every
# position. The same for text of ASCII and "’" alone (no letter outside a-z, so no other case
# folds: "ſ" would match "s" ignoring case, not once lower-cased). The patterns hold no escape
# that lower-casing changes (\b only); tests/test_extract_fast.py compares the two. A pattern
# of plain words and phrases ("refugee|refoulement|asylum") is tested with ``in``: no regex to
# compile (0.8 ms for the twenty of them), and so is one whose words are between \b
# ("\bhiv\b|\baids\b": found with ``in``, then the characters beside them looked at; 0.3 ms
# for six more). Where a pattern could be spelt so, it is: every text "fair (?:public )?trial"
# matches written out ("fair trial|fair public trial"; a text holding one of the matches of
# "detainee and prisoner (?:torture|abuse)" holds "tortur" or "detainee and prisoner abuse"),
# "deaths?\b" as "death\b|deaths\b"; the test compares them with the patterns as they were.


class _Phrases:
    """Plain words and phrases, one of which a text holds or not, with the ``search`` of a
    pattern; a phrase with \\b before or after it (a word, "\\bpress\\b") only where no word
    character stands beside it there."""

    __slots__ = ("phrases", "words")

    def __init__(self, pattern: str):
        alternatives = pattern.split("|")
        self.phrases = [a for a in alternatives if "\\b" not in a]
        self.words = [(a.removeprefix("\\b").removesuffix("\\b"), a.startswith("\\b"), a.endswith("\\b"))
                      for a in alternatives if "\\b" in a]

    def search(self, text: str) -> bool:
        return any(map(text.__contains__, self.phrases)) or any(
            _stands_alone(text, word, before, after) for word, before, after in self.words if word in text)


def _stands_alone(text: str, word: str, before: bool, after: bool) -> bool:
    """Whether ``word`` (its first and last characters word characters) is in ``text`` with no
    word character right before it (if ``before``) and after it (if ``after``): what \\b says."""
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        if not (before and i and _is_word_character(text[i - 1]) or after and not _word_ends_at(text, end)):
            return True
        i = text.find(word, i + 1)
    return False


def _is_word_character(c: str) -> bool:
    r"""What the regex engine's \w takes (str patterns)."""
    return c.isalnum() or c == "_"


def _word_ends_at(text: str, i: int) -> bool:
    r"""Whether no word character is at ``text[i]`` (a word before it ends there: \b)."""
    return i == len(text) or not _is_word_character(text[i])


def _figure_may_start_at(text: str, i: int) -> bool:
    r"""Whether none of \w / . - stands right before ``text[i]``: the ``(?<![\w/.-])`` a figure of
    _STAT opens with."""
    return i == 0 or not (_is_word_character(text[i - 1]) or text[i - 1] in "/.-")


def _lower_case_pattern(pattern: str):
    """``pattern`` (lower case), as _Phrases when each of its alternatives is a plain word or
    phrase, with \\b before or after it beside a word character at most."""
    for alternative in pattern.split("|"):
        core = alternative.removeprefix("\\b").removesuffix("\\b")
        if not core or any(c in ".^$*+?{}[]\\()" for c in core) or (
                alternative.startswith("\\b") and not _is_word_character(core[0])
                or alternative.endswith("\\b") and not _is_word_character(core[-1])):
            return lazy(pattern)
    return _Phrases(pattern)


_TAXONOMY_LOWER = tuple((name, _lower_case_pattern(pat.lower())) for name, pat in TAXONOMY)
CATEGORIES = tuple(name for name, _ in TAXONOMY)


def categorize(item: str) -> tuple[str, ...]:
    """The taxonomy categories an abuse item falls in (possibly none)."""
    text = " ".join(item.split())
    if text.replace("’", "").isascii():
        low = text.lower()
        return tuple(name for name, pat in _TAXONOMY_LOWER if pat.search(low))
    return tuple(name for name, pat in _TAXONOMY if pat.search(text))


@dataclass(frozen=True)
class AbuseItem:
    """One abuse of an executive summary's list, with the categories its wording falls under."""

    text: str
    categories: tuple[str, ...]
    intro: str  # the sentence opener the item came from


def _split_top_level(text: str, sep: str = ";") -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def split_abuse_items(body: str) -> list[str]:
    """``"a; b; and c."`` → ``["a", "b", "c"]`` (semicolons inside parentheses kept)."""
    body = " ".join(body.split()).removesuffix(".")  # (single spaces: no pattern needed for the rest)
    items = []
    for part in _split_top_level(body):
        part = part.strip().strip(",").strip()
        if part.startswith(("and ", "or ")):
            part = part.split(" ", 1)[1]
        if part:
            items.append(part)
    return items


def abuse_items_from_sentences(sentences: Iterable[str]) -> list[AbuseItem]:
    """Find the abuse-list sentences among ``sentences`` and split them into items."""
    items: list[AbuseItem] = []
    for sentence in sentences:
        if "uman" not in sentence and "included" not in sentence:
            continue  # every opener has "human" or "included": most sentences need no search
        found = _abuse_intro(" ".join(sentence.split()))
        if found is None:
            continue
        intro, body = found
        if body.lstrip().lower().startswith("no "):
            continue  # "… included no credible reports of …": there is no list
        for text in split_abuse_items(body):
            items.append(AbuseItem(text=text, categories=categorize(text), intro=intro))
    return items


def abuse_items(report) -> list[AbuseItem]:
    """The abuse list of a :class:`~differ.model.Report` (from its executive summary).

    Looks in level-0 sections first and falls back to the whole report, so a parser that
    files the summary differently still yields the list.
    """
    sections = [s for s in report.walk() if s.level == 0] or list(report.walk())
    for group in (sections, list(report.walk())):
        items = abuse_items_from_sentences(sent for s in group for p in s.paragraphs for sent in p.sentences)
        if items:
            return items
    return []


@dataclass(frozen=True)
class AbuseMatch:
    """One entry of the abuse comparison: the items of each edition it holds and what became of them."""

    status: str  # kept | added | dropped
    relation: str | None  # same | split | merged (kept); None for added / dropped
    old: tuple[AbuseItem, ...]  # empty when added; several when merged
    new: tuple[AbuseItem, ...]  # empty when dropped; several when split
    category: str | None
    score: float
    related: int | None = None  # index (in the same list) of another entry on the same theme


def abuse_category(item: AbuseItem) -> str | None:
    """The category an item is filed under, on the comparison page and on the trend page alike:
    its first taxonomy category."""
    return item.categories[0] if item.categories else None


# Words every abuse list uses whatever the abuse: they say how bad, not what.
_ABUSE_FILLER = frozenset(
    """serious significant systematic substantial extensive credible report harsh severe sometimes restriction
    interference freedom government problem lack limit existence presence any including other unjustified
    unreasonable arbitrary unlawful alleged the of on and or by with for against to in a an their its that which who
    as at from into through during especially citizen person individual""".split()
)
_ITEM_WORD = lazy(r"[a-z]+")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return {"children": "child"}.get(word, word)


def _content(item: AbuseItem) -> frozenset[str]:
    """What an item is about: its words minus the filler, crudely stemmed to six letters
    ("judiciary" = "judicial", "prisoners" = "prison")."""
    return _content_of(item.text)


@lru_cache(maxsize=4096)
def _content_of(text: str) -> frozenset[str]:
    words = _ITEM_WORD.findall(plain(text).lower().replace("'s ", " "))
    return frozenset(_singular(w)[:6] for w in words
                     if w not in _ABUSE_FILLER and _singular(w) not in _ABUSE_FILLER and len(w) > 2)


# What is done, in a few broad kinds: "societal discrimination against LGBTI persons" and
# "crimes involving threats of violence targeting LGBTI persons" name the same people, but
# not the same abuse. "infringements on privacy" and "interference with privacy" are one.
_ACTS = {
    "violence": "violence violent threat crime attack assault beating harassment intimidation",
    "discrimination": "discrimination stigma marginalization exclusion",
    "restriction": "restriction restrict interference infringement limit lack problem inability prohibit prohibiting "
                   "prohibitive requirement censorship ban denial obstacle barrier",
}
_ACT_OF = {word: act for act, words in _ACTS.items() for word in words.split()}
# Where an item's own wording ends and a qualifier begins ("…, especially in dealing with …")
_QUALIFIER = lazy(r",?\s+(?:especially|particularly|in particular|notably|such as)\b.*$", re.S)


def _acts(item: AbuseItem) -> frozenset[str]:
    return _acts_of(item.text)


@lru_cache(maxsize=4096)  # (every item is weighed against every item of the other edition)
def _acts_of(text: str) -> frozenset[str]:
    return frozenset(_ACT_OF[w] for w in map(_singular, _ITEM_WORD.findall(_plain_lower(text))) if w in _ACT_OF)


def _wording(a: AbuseItem, b: AbuseItem) -> float:
    return fuzz.token_set_ratio(_plain_lower(a.text), _plain_lower(b.text)) / 100.0


@lru_cache(maxsize=4096)
def _plain_lower(text: str) -> str:
    return plain(text).lower()


def _same_abuse(a: AbuseItem, b: AbuseItem) -> float:
    """How surely two items are the same abuse reworded (0: not the same).

    The same theme is not enough ("restrictions on NGOs" is not "interference with peaceful
    assembly"): the two must be filed under the same category *and* name something in common,
    or be worded nearly alike; and when both say what is done (violence, discrimination, a
    restriction), it must be the same kind of act.
    """
    same_theme = abuse_category(a) == abuse_category(b)
    if not same_theme and a.categories and b.categories:
        return 0.0  # filed under two categories: never the same, however alike the wording (most pairs)
    ca, cb = _content(a), _content(b)
    shared = len(ca & cb)
    wording = _wording(a, b)
    if not ((same_theme and shared) or wording >= 0.9):
        return 0.0
    acts_a, acts_b = _acts(a), _acts(b)
    if acts_a and acts_b and not acts_a & acts_b and wording < 0.9:
        return 0.0  # the same people or freedom, but another abuse of them
    dice = 2 * shared / (len(ca) + len(cb)) if ca or cb else 1.0
    return round(0.5 * dice + 0.5 * wording, 3)


def match_abuses(old: Sequence[AbuseItem], new: Sequence[AbuseItem]) -> list[AbuseMatch]:
    """Match abuse items across editions.

    1. ``same``: a one-to-one assignment over :func:`_same_abuse`, so no item is in two
       kept entries.
    2. ``split`` / ``merged``: an item left over that names part of a kept item's wording that
       its partner does not (2016's "freedoms of expression, press, assembly, religion, and
       association" → 2023's expression item and its assembly-and-association item) joins
       that entry. An item whose words the kept partner already covers ("witting cooperation
       … transnational repression" next to an unchanged "transnational repression …") is new.
    3. The rest is ``added`` / ``dropped``, with ``related`` pointing to an entry on the same
       theme (same category) if there is one.
    """
    from differ.assign import positive_pairs

    scores = [[float(_same_abuse(a, b)) for b in new] for a in old]
    groups: list[tuple[list[int], list[int], float]] = [  # (old indices, new indices, score)
        ([i], [j], scores[i][j]) for i, j in positive_pairs(scores)]
    _attach_parts(groups, old, new)
    taken_old = {i for g in groups for i in g[0]}
    taken_new = {j for g in groups for j in g[1]}
    groups += [([], [j], 0.0) for j in range(len(new)) if j not in taken_new]
    groups += [([i], [], 0.0) for i in range(len(old)) if i not in taken_old]

    def position(group):  # new-edition order; a dropped item just before where it stood in the old list
        olds, news, _ = group
        return (min(news), 0) if news else (min(olds) - 0.5, 1)

    groups.sort(key=position)
    results = []
    for olds, news, score in groups:
        items_old, items_new = tuple(old[i] for i in sorted(olds)), tuple(new[j] for j in sorted(news))
        if olds and news:
            status = "kept"
            relation = "split" if len(news) > 1 else "merged" if len(olds) > 1 else "same"
        else:
            status, relation = ("added", None) if news else ("dropped", None)
        # filed under its earliest item, as the trend page files the row it starts
        lead = (items_old or items_new)[0]
        results.append(AbuseMatch(status, relation, items_old, items_new, abuse_category(lead), score))
    return [replace(m, related=_related(k, results)) for k, m in enumerate(results)]


def _attach_parts(groups: list[tuple[list[int], list[int], float]], old: Sequence[AbuseItem],
                  new: Sequence[AbuseItem]) -> None:
    """Leftover items that carry part of a kept item's wording join its entry (a split or a merge)."""
    taken_old = {i for g in groups for i in g[0]}
    taken_new = {j for g in groups for j in g[1]}
    for side in ("new", "old"):  # new parts make splits, old parts make merges
        while True:
            best = None
            for g in groups:
                olds, news, _ = g
                if len(olds) > 1 and side == "new" or len(news) > 1 and side == "old":
                    continue  # an entry is a split or a merge, never both
                whole = old[olds[0]] if side == "new" else new[news[0]]
                parts = [new[j] for j in news] if side == "new" else [old[i] for i in olds]
                # only the item's own wording divides, not a qualifier ("…, especially in
                # dealing with pervasive corruption" does not make a corruption item a part)
                own = replace(whole, text=_QUALIFIER.sub("", whole.text))
                uncovered = _content(own) - frozenset().union(*(_content(p) for p in parts))
                pool = new if side == "new" else old
                taken = taken_new if side == "new" else taken_old
                for k, item in enumerate(pool):
                    if k in taken or not set(item.categories) & set(whole.categories):
                        continue
                    gain = len(_content(item) & uncovered)
                    if gain and (best is None or gain > best[0]):
                        best = (gain, g, k)
            if best is None:
                break
            _gain, g, k = best
            (g[1] if side == "new" else g[0]).append(k)
            (taken_new if side == "new" else taken_old).add(k)


def _related(k: int, results: Sequence[AbuseMatch]) -> int | None:
    """For an added or dropped entry: an entry holding an item of the other edition in the
    same category (the kept or dropped abuse an added one sits beside), or None."""
    m = results[k]
    if m.status == "kept":
        return None
    item = (m.new or m.old)[0]
    best = None
    for n, other in enumerate(results):
        across = other.old if m.status == "added" else other.new
        if n == k or not across or not set(item.categories) & {c for it in across for c in it.categories}:
            continue
        rank = (other.category == m.category, max(_wording(item, o) for o in across), -n)
        if best is None or rank > best[0]:
            best = (rank, n)
    return best[1] if best else None


# --- statistics ------------------------------------------------------------------------

_WORDNUMS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "one": 1,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_MONTH_NUMBER = {m.lower(): i % 12 + 1 for i, m in enumerate(_MONTHS.split("|")[:12])}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# The number words of _WORDNUMS as a small trie: re.compile's cost grows with the branches of
# a pattern, and _STAT, _AGE and _SCOPE hold fourteen copies of these. Where one word begins
# another (seven: seventeen, seventy) the longer is tried first, as in a longest-first list;
# the second word of "twenty-five" is tried shortest first (``??``), as in _WORDNUMS order.
# Which word matches and what the pattern backtracks to are the same as with plain lists
# (tests/test_extract_fast.py compares them).
_NUMBER_WORDS = (r"(?:(?:six|seven|nine)(?:teen|ty)?|eigh(?:teen|ty|t)|four(?:teen)?|(?:thir|fif)(?:teen|ty)"
                 r"|twenty|forty|one|two|three|five|ten|eleven|twelve|hundred)")
_SECOND_NUMBER_WORDS = (r"(?:(?:six|seven|nine)(?:teen|ty)??|eigh(?:t|teen|ty)|four(?:teen)??|(?:thir|fif)(?:teen|ty)"
                        r"|twenty|forty|one|two|three|five|ten|eleven|twelve)")  # no "hundred"
# "five hundred", "two hundred fifty": hundreds between the two words ("[ -]", not "[- ]": the
# one "(?:[- ]" of _NUM stays the second word's, which _NUM_SECOND_MARKED marks)
_WORDS = rf"{_NUMBER_WORDS}(?:[ -]hundred)?(?:[- ]{_SECOND_NUMBER_WORDS})?"
# A number in digits or words, then a scale ("5 million") or, after words alone, "and a half"
# ("two and a half"; (?<!\d): digits end with a digit, words never do). One scale where the
# digits and the words had one each: _STAT, _AGE and _SCOPE hold fourteen copies of _NUM, and
# re.compile's cost follows their size. At any position only one of the two can match (digits
# start with a digit, words with a letter), so the readings are tried in the same order as with
# a scale after each (tests/test_extract_fast.py compares the two forms).
_NUM = rf"(?:{_DIGITS}|(?i:{_WORDS}))(?:\s+(?:thousand|million|billion|trillion)|(?<!\d)\s+and\s+a\s+half)?"
_DURATION_UNIT = r"(?:years?|months?|weeks?|days?|hours?)(?:’|')?"
_MONEY_CUR = (r"(?:(?:Kazakhstani\s+)?tenge|KZT|rubles?|roubles?|euros?|U\.S\.\s+dollars|dollars|soms?|soums?|manats?"
              r"|somoni|lari|drams?|hryvnias?|yuan|pounds|rupees|dinars?|lei|leva?)")
_YEAR_NUM = r"(?:1[89]\d\d|20\d\d)"
_MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = rf"{_MONTH_NAME}(?:\s+\d{{1,2}})?(?:,?\s+{_YEAR_NUM})?"

_WORD_SCAN = tuple(sorted(_WORDNUMS, key=len, reverse=True)) + ("between", "half", "dozen")
_DIGIT_OR_DOLLAR = lazy(r"[\d$]")
# bytes.translate keeps a-z, marks an ASCII digit or "$" with "#" and makes every other byte a
# space (punctuation and each byte of a non-ASCII character alike): one "#" test finds a digit,
# and .split() yields the text's runs of a-z, a number word being one of them (or a run with a
# "#", which is never one: those texts have a digit). Far cheaper than splitting with a regex.
_A_TO_Z_RUNS = bytes(c if 97 <= c <= 122 else 35 if chr(c) in "0123456789$" else 32 for c in range(256))
_WORD_BYTES = frozenset(w.encode() for w in _WORD_SCAN)
# A candidate start of a figure in the lower-cased sentence (:func:`_candidate_starts`): "$", a
# digit, or a word of _WORD_SCAN followed by no word character, with none of \w / . - before
# it. (The pattern that found them, CANDIDATE_LOW, is the reference in tests/test_extract_fast.py.)
_FRACTION = r"(?:one[- ]half|half|(?:a|one)[- ]third|two[- ]thirds|(?:a|one)[- ]quarter|three[- ]quarters|one[- ]fifth)"
# A figure at a candidate start. A range, a range of hyphenated durations ("five- to
# seven-year"), a percentage, a sum of money, MCI and a duration share their first number
# (``num``), each tail after it an alternative, where each had its own copy of _NUM: the larger
# part of the pattern's compile time. The two ranges and a ratio share their second number too
# (``r2``, no "$" in a range of durations or a ratio: (?(hsep)…), (?(rsep)…)), each its own
# separator before and ending after it, the ending an empty group (``range``, ``hrange``,
# ``ratio``) that closes last. The matches are the same (tests/test_extract_fast.py
# compares the two forms at every position of real and made-up sentences). Between two readings
# of one number ("1,500" and "1", "twenty-five" and "twenty", "5 million" and "5") lies more
# number (",500", "-five", " million"), which no tail begins; the one exception, "seven tenge"
# read as "seven ten", leaves "ge", which no tail begins either. So only one reading of the
# number is ever followed by a tail, and trying the tails in turn for each reading finds what
# trying each tail for all readings found. Only a range may open with "between" or "$": the
# other tails are tried only without them ((?(between)…) and (?(dollar)…)). A ratio is a tail
# too: " out of three" after any number, " in four" after "one" alone (no second word, which
# ``second`` marks, and ending in "one"); it never matches where another tail does (what it
# begins with, " out of", " in", begins none), so it may come right after the ranges. A bare
# count is the last tail, empty (``count``): the number itself, but never read with "and a
# half", which a count does not take ((?<!half): no other reading ends so). It comes after the
# fraction and "dozen", which it would otherwise pre-empt ("one half", "a dozen"), so those come
# first: neither matches where a tail does (what follows their first word, " half", "-third",
# …, begins no tail). A sum in dollars ("$5", no range) never starts where a number does, so it
# may come last.
_NUM_SECOND_MARKED = _NUM.replace("(?:[- ]", "(?:(?P<second>[- ])", 1)  # (the one "(?:[- ]" of _NUM)
_STAT = lazy(_for_single_spaced(_one_line(
    rf"""
    (?<![\w/.-])
    (?:
      (?P<frac>(?i:{_FRACTION}))
      |(?P<dozen>dozen)
      |(?P<between>between\s+)?(?P<num>(?P<dollar>\$)?{_NUM_SECOND_MARKED})(?:
          (?:\s+(?:and|to)\s+|(?<=\d)\s*[-–]\s*(?=\$?\d)|(?(between)(?!)|(?(dollar)(?!)|(?:
              (?P<hsep>-\s+(?:and|to)\s+)
              |(?P<rsep>(?:\s+out\s+of|(?(second)(?!)|(?<=(?i:one)))\s+in)\s+(?:every\s+)?)))))
              (?P<r2>(?(hsep)|(?(rsep)|\$?)){_NUM})
              (?(hsep)-(?P<hunit>{_DURATION_UNIT})(?!\w)(?P<hrange>)
                |(?(rsep)(?P<ratio>)
                  |\s*(?P<runit>percent\b|%|{_MONEY_CUR}\b|MCI\b|{_DURATION_UNIT}(?!\w))?(?P<range>)))
          |(?(between)(?!)|(?(dollar)(?!)|(?:
              (?P<pct>\s*-?\s*(?:percent\b|%))
              |(?P<money>\s+(?P<moneycur>{_MONEY_CUR})\b(?:\s*\((?:US)?\$\s?(?:{_DIGITS}(?:\s+(?:thousand|million|billion))?)\))?)
              |(?P<mci>\s+(?:MCI\b|(?:monthly|minimum)\s+calculation\s+ind(?:ex|ices)\b(?:\s+\(MCI\))?)(?:\s+units\b)?
                  (?:\s*\((?:US)?\$\s?(?:{_DIGITS}(?:\s+(?:thousand|million|billion))?)\))?)
              |(?P<dur>[- ](?P<durunit>{_DURATION_UNIT})(?!\w))
              |(?P<count>(?<!half))))))
      |(?P<usd>(?:US)?\$\s?(?P<usdnum>{_DIGITS}(?:\s+(?:thousand|million|billion|trillion))?))
    )
    (?![\w])
    """)))

# Ages are limits, not counts: "under age 18", "younger than age 18", "between ages seven and 18",
# "children ages 14-16", "the legal minimum age for marriage was 18". "under 16," first: it never
# matches where an age word follows the qualifier, so it may come before the forms with one.
# Then one number (a1) for three forms, each with its own opening and its own ending, where each
# had its own copy of _NUM: after an age word ("age"), a range or "or older"; after nothing or a
# qualifier (q3), "years old" or "-year-old" (the latter takes no qualifier: (?(q3)…)); after a
# named age ("named": "the minimum age for marriage was"), nothing. The openings are tried in
# the order the forms were, each with every reading of the number before the next, so the
# matches are the same (tests/test_extract_fast.py compares them with the plain form).
_AGE_BODY = rf"""
    (?P<q2>(?i:under|younger\s+than|older\s+than)\s+)(?P<a3>\d{{1,2}})(?=\s*[,.;)]|\s+(?:and|or|in|with|without)\b)
    |(?:(?P<q>(?i:under|younger\s+than|older\s+than|over|above|below|before|after|at\s+least|until|from|between)\s+)?
        (?:the\s+)?(?P<age>(?i:ages?|aged))\s+(?:of\s+)?
      |(?P<q3>(?i:under|younger\s+than|older\s+than|over|at\s+least)\s+)?
      |(?P<named>(?i:(?:minimum|maximum|legal|retirement|voting|marriage|marriageable)\s+age)
        (?:\s+(?:for|of)\s+[a-z]+(?:\s+[a-z]+){{0,3}}?)?\s+(?:was|is|were|are|of|at|remained|stood\s+at|to)\s+))
     (?P<a1>{_NUM})
     (?(age)(?:\s*(?:-|–|\s+to\s+|\s+and\s+|\s+through\s+)\s*(?P<a2>{_NUM}))?
             (?P<post>\s+(?:or|and)\s+(?:older|younger|above|below|over|under))?
      |(?(named)|(?:\s+years?\s+(?:of\s+age|old)|(?(q3)(?!)|-years?-old))))
     (?!\w)
    """
# Every match of _AGE_BODY starts with a digit or, in either case, with the first letter of a
# qualifier (under, younger, older, over, above, below, before, after, at least, until, from,
# between), of "the", "age", a number word or a named age (minimum, maximum, marriage, legal,
# retirement, voting). The look-ahead turns every other position away at once, where the
# pattern would try each alternative (two of them a number word) first; the matches are the same.
_AGE_FIRST_LETTERS = "".join(sorted(set("uyoabf" "t" "a" "mlrv") | {w[0] for w in _WORDNUMS}))
# Past the first letter, the first word (as a prefix, "the" in either case): a position starting
# with "a" goes on only at "age", "at", "above" or "after", one with "t" at "the" or a number.
_AGE_FIRST_WORD_LIST = ("under", "younger", "older", "over", "above", "below", "before", "after", "at", "until", "from",
                        "between", "the", "age", "minimum", "maximum", "legal", "retirement", "voting", "marriage",
                        *_WORDNUMS)


def _first_words_ignoring_case(words: Sequence[str]) -> str:
    """A case-ignoring pattern that matches where one of ``words`` begins (for a look-ahead: only
    whether one does counts), the words grouped by their first letter ("a(?:bove|fter|ge|t)"): the
    regex engine tries each alternative of a branch in turn, so a position is turned away after
    one test per first letter rather than one per word. A word another of them begins
    ("seventeen": "seven") is left out: where it begins, so does the shorter one."""
    shortest = sorted(w for w in set(words) if not any(w != v and w.startswith(v) for v in words))
    rests: dict[str, list[str]] = {}
    for word in shortest:
        rests.setdefault(word[0], []).append(word[1:])
    return "(?i:" + "|".join(f"{first}(?:{'|'.join(r)})" for first, r in rests.items()) + ")"


_AGE_FIRST_WORDS = _first_words_ignoring_case(_AGE_FIRST_WORD_LIST)
_AGE = lazy(_for_single_spaced(
    rf"(?=\d|(?i:{_letters_ignoring_case(_AGE_FIRST_LETTERS)}))(?=\d|{_AGE_FIRST_WORDS})(?:{_one_line(_AGE_BODY)})"))

# Scope or period phrases: what a figure covers. Figures inside them ("the first eight
# months", "over three years") frame a count, they are not one.
_PERIOD_NOUN = (r"(?:unrest|events|protests?|riots|demonstrations|elections?|war|conflict|pandemic|crisis|violence"
                r"|crackdown|referendum|campaign|emergency|uprising|clashes)")
# Three pairs of forms share what follows their opening word, where each had its own copy:
# a part of the year ("in the first eight months") and a span ("over three years") their
# number (``pnum``; a span must have one: (?(pnum)…)); "between" and "from" their dates (the
# years of "between 2019 and 2021" not "from": (?(between)…)); "as of" and "since" their date.
# Their openings are groups of their own, so a match says which form it is. A span comes right
# after a part of the year, before the forms it used to follow, and "at the time of" after
# "since": neither matches where any of those does (each needs other words at the same place),
# so the matches are the same (tests/test_extract_fast.py compares them with the plain form).
_SCOPE = lazy(_for_single_spaced(_one_line(
    rf"""
    (?:(?P<partial>(?i:in|during|for|over|within|throughout)\s+the
                   \s+(?i:first|last|past|previous|preceding|second|final)\s+)
      |(?P<span>(?i:over|in|during)\s+(?:the\s+(?:past|last|previous)\s+)?))
        (?:(?P<pnum>{_NUM})\s+)?
        (?(partial)(?P<punit>half|quarter|months?|weeks?|days?)
            (?:\s+of\s+(?:the\s+(?:year|reporting\s+period|current\s+year)|{_YEAR_NUM}|that\s+year|this\s+year))?
          |(?(pnum)(?:years|months|decades)|(?!)))(?!\w)
    |(?P<same>(?i:for|during|in|over)\s+the\s+same\s+period\s+(?:of|in|last)\s+(?:{_YEAR_NUM}|the\s+previous\s+year|last\s+year))
    |(?:(?P<between>(?i:between)\s+)|(?P<fromto>(?i:from)\s+))
        (?:{_DATE}|(?(between){_YEAR_NUM}|(?!)))\s+(?(between)and|(?:to|through|until))\s+
        (?:{_DATE}|(?(between){_YEAR_NUM}|(?!)))(?!\w)
    |(?P<event>(?i:during|amid|after|following|related\s+to|in\s+connection\s+with|connected\s+with)\s+(?:the\s+)?
        (?:(?:[A-Z]{_WORD_CHAR}*|{_YEAR_NUM}|nationwide|mass|violent|peaceful|recent|early|snap|presidential|parliamentary
           |local|national|regional|general|municipal)\s+){{0,4}}{_PERIOD_NOUN}
        (?:\s+(?:of|in)\s+(?:{_DATE}|{_YEAR_NUM}))?(?!\w))
    |(?P<annual>(?i:for|during|in|throughout)\s+the\s+(?:calendar\s+|fiscal\s+|reporting\s+|whole\s+|entire\s+)?year(?!\w)
        |(?<!\w)(?i:annually|per\s+annum|(?:per|a|each|every)\s+year)(?!\w)(?!\s+and\s+a\s+half))
    |(?:(?P<point>(?i:as\s+of|at\s+the\s+end\s+of|by\s+the\s+end\s+of)\s+)|(?P<since>(?i:since)\s+))
        (?:early\s+|mid-|late\s+)?(?:{_DATE}|{_YEAR_NUM}|(?(point)the\s+year|that\s+time))(?!\w)
    |(?P<pointtime>(?i:at\s+the\s+time\s+of\s+the\s+(?:announcement|report|visit|writing)))
    |(?P<yearspan>(?i:in|during|for)\s+{_YEAR_NUM}\s*[-–]\s*(?:{_YEAR_NUM}|\d\d)(?!\w))
    |(?P<year>(?i:in|during|for|throughout)\s+(?:(?:early|mid-|late)\s*)?(?P<ymonth>{_MONTH_NAME}\s+)?{_YEAR_NUM}(?![\w-]))
    |(?P<month>(?i:in|during)\s+(?:(?:early|mid-|late)\s*)?{_MONTH_NAME}(?!\w)(?!\s+\d))
    """)))
# Cross-references and identifiers that look like numbers: "(see sections 3 and 7.a.)",
# "Articles 174 and 274".
_XREF = lazy(_for_single_spaced(
    r"(?=[(AaCcPpSs])"  # (what every alternative starts with: most positions fail here at once)
    r"(?:\(\s*see\s+[^)]*\)|\(\d{1,2}\)"
    r"|\b(?:[Ss]ections?|[Aa]rticles?|[Pp]arts?|[Pp]aragraphs?|[Cc]hapters?|[Cc]lauses?)\s+\d+(?:\.\w+)*\.?"
    r"(?:\s*(?:,|and|or|through|to|-|–)\s*\d+(?:\.\w+)*\.?)*)")
)
_XREF_HINTS = ("(", "ection", "rticle", "art", "aragraph", "hapter", "lause")  # one is in any text _XREF finds
# Where a clause ends, for giving a figure the scope of its own clause.
_CLAUSE_BREAK = lazy(_for_single_spaced(r"[;()]|\s(?:compared\s+(?:with|to)|versus|while|whereas|although|but)\s"))
_CLAUSE_BREAK_HINTS = (";", "(", ")", " compared", " versus", " while", " whereas", " although", " but")

_QUALIFIERS = (
    "more than", "over", "up to", "at least", "about", "approximately", "nearly", "almost", "fewer than",
    "less than", "around", "roughly", "some", "an estimated", "as many as", "no fewer than",
    "no more than", "not more than", "not less than", "at most", "a maximum of", "a minimum of", "in excess of",
    "upwards of", "close to", "under", "below", "above", "just over", "just under",
)
_QUALIFIER_BEFORE = lazy(
    r"(?<![\w'-])(?<!’)(?P<q>" + "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True)) + r")\s+$",
    re.I)
_AGE_QUALIFIER_WORDS = frozenset({"under", "below", "above"})  # for ages only: "under 200 people" is a count

# Words right before a number that make it an identifier, not a quantity ("Article 174").
_ID_WORDS = frozenset(
    """article articles no nos unit section sections part paragraph chapter decree resolution law convention
    protocol page pages item case order clause code colony facility prison camp region number un covid hotline
    line zone""".split()
)
_ID_LIST_BEFORE = lazy(_for_single_spaced(r"\b(?:Articles?|Nos?\.)\s+[\d.,\s]+(?:and|or)\s*$"))
_MONTH_WORDS = frozenset(w.lower() for w in _MONTHS.split("|"))
_TIMEFRAME_WORDS = frozenset("first last past next".split())
# "increased from 15 to 20 days": a change from one value to another, not a range
_CHANGE_VERB = lazy(
    r"\b(?:increas|decreas|rose|rise|rising|fell|fall|grew|grow|drop|declin|reduc|rais|went|chang|extend|shorten"
    r"|cut|jump|climb|lower|amend)\w*", re.I)
_FROM_END = lazy(_for_single_spaced(r"\bfrom\s+$"), re.I)
# a bare number after these is the same measure as the figure before it ("could be reduced to 16")
_INHERIT_UNIT_BEFORE = lazy(_for_single_spaced(
    r"(?:\bcompared\s+(?:with|to)|\bversus|\bvs\.|\b(?:up|down)\s+from"
    r"|\b(?:reduced|lowered|raised|increased|decreased|extended|cut|changed)\s+to)\s*$"), re.I)
_OF_WHICH_AFTER = lazy(_for_single_spaced(r"\s+of\s+(?:which|whom|them)\b"))
_OF_GROUP = lazy(rf"of\s+(?:the|its|their|these|those)\s+(?P<noun>{_LETTER_IGNORING_CASE}{_WORD_CHAR}*"
                 rf"(?:\s+{_WORD_CHAR}+)*)$", re.I)
_RELATIVE_AFTER = lazy(_for_single_spaced(r"\s+(?:before|after|earlier|later|ago)\b"), re.I)
_ADVERBIAL_BEFORE = lazy(_for_single_spaced(r"(?:^|[,;(]\s*|\b(?:and|but|just|only|some)\s+)$"))
_DEFINITE_BEFORE = lazy(_for_single_spaced(r"(?<!\bof\s)\bthe\s+$"), re.I)
# "the three other officers" is a count
_SUBSET_AFTER = lazy(_for_single_spaced(r"\s+(?:other|remaining|additional)\b"), re.I)
_ONE_IDIOM_BEFORE = lazy(_for_single_spaced(r"\b(?:no|any|every|each|which|this|that|the|only)\s+$"), re.I)
_ONE_IDIOM_AFTER = lazy(_for_single_spaced(
    r"\s+(?:of|another|or|and|another’s|another's|exception|side|way|hand|day|time|point|case|"
    rf"by|to|in|for|who|which|that)\b|\s+{_WORD_CHAR}+\s+per\b"), re.I)  # "one inspector per 23,000"
# "69 of its 98 seats", "six of more than 30 applications", "Five of the senate’s 50 seats":
# "of", maybe a determiner, a possessive and a qualifier, then a number (_part_of_after).
_PART_OF_DETERMINERS = ("the", "its", "their", "his", "her", "these", "those", "all")
_PART_OF_QUALIFIERS = (("more", "than"), ("fewer", "than"), ("less", "than"), ("at", "least"), ("about",),
                       ("approximately",), ("nearly",), ("almost",), ("over",), ("some",), ("around",), ("roughly",))
_NUMBER_OF = lazy(_for_single_spaced(
    rf"\bnumber\s+of\s+(?P<noun>{_LETTER_IGNORING_CASE}{_WORD_CHAR}*"
    rf"(?:\s+{_LETTER_IGNORING_CASE}{_WORD_CHAR}*){{0,3}}?)\s+"
    r"(?:to\s+be|was|were|is|are|reached|rose|fell"
    r"|stood|totaled|totalled|increased|decreased|grew|dropped|remained|exceeded|had)\b"), re.I)


class _WordSearch:
    r"""Whether a text holds a match of a case-ignoring pattern ``\b(?:…|…)\b`` whose alternatives
    are words joined by ``\s+``, a word maybe ending in ``\w*`` (then it is a word's start).
    In text whose white space is single spaces, without _ASCII_LOOKALIKES (every sentence of
    the reports), each alternative is its words one space apart in the lower-cased text, found
    with ``in``, the characters beside it looked at; other text is searched with the pattern
    (compiled then: a differ diff does not; a regex of thirty words costs 0.3 ms)."""

    __slots__ = ("regex", "alternatives")

    def __init__(self, pattern: str):
        self.regex = lazy(pattern, re.I)
        body = pattern.removeprefix(r"\b(?:").removesuffix(r")\b")
        self.alternatives = [[(word.removesuffix(r"\w*"), word.endswith(r"\w*"))
                              for word in alternative.split(r"\s+")] for alternative in body.split("|")]

    def search(self, text: str) -> bool:
        if not single_spaced(text) or not _cased_plainly(text):
            return self.regex.search(text) is not None
        low = text.lower()
        for words in self.alternatives:
            first = words[0][0]
            i = low.find(first)
            while i >= 0:
                if (i == 0 or not _is_word_character(text[i - 1])) and _words_from(text, low, i, words):
                    return True
                i = low.find(first, i + 1)
        return False


def _words_from(text: str, low: str, i: int, words: list[tuple[str, bool]]) -> bool:
    """Whether ``words`` (lower case, each maybe open-ended: \\w*) stand one space apart in
    ``low`` (``text`` lower-cased) from ``i`` on, the last ending where a word does."""
    for k, (word, open_ended) in enumerate(words):
        if k:
            if not low.startswith(" ", i):
                return False
            i += 1
        if not low.startswith(word, i):
            return False
        i += len(word)
        if open_ended:  # (\w* then white space or \b: only where the word ends)
            while i < len(text) and _is_word_character(text[i]):
                i += 1
    return _word_ends_at(text, i)


_LEGAL = _WordSearch(
    r"\b(?:law|laws|legal|legally|legislation|code|punishable|penalt\w*|punishment|prescrib\w*|stipulat\w*"
    r"|provid\w*\s+for|entitled|requir\w*|must|had\s+to|has\s+to|have\s+to|maximum|minimum|not\s+exceed|allow\w*"
    r"|permit\w*|limit\w*|mandatory|exempt|valid|eligible|obliged|statute|could\s+be\s+extended)\b")
_EVENT = _WordSearch(
    r"\b(?:sentenced|sentencing|jailed|placed\s+under|arrested\s+for|detained\s+for|handed|served|serving|upheld"
    r"|ordered|suspended\s+the)\b")
# One of these is in any (single-spaced) text _LEGAL, _EVENT or _UNIT_AND_A_HALF finds.
_LEGAL_WORDS = ("law", "legal", "legislation", "code", "punish", "penalt", "prescrib", "stipulat", "provid", "entitled",
                "requir", "must", "had to", "has to", "have to", "maximum", "minimum", "exceed", "allow", "permit",
                "limit", "mandatory", "exempt", "valid", "eligible", "obliged", "statute", "extended")
_EVENT_WORDS = ("sentenc", "jailed", "placed", "arrested", "detained", "handed", "served", "serving", "upheld",
                "ordered", "suspended")
_AND_A_HALF = (" and a half",)


def _may_contain(text: str, words: tuple[str, ...]) -> bool:
    """False when ``text`` holds none of ``words`` (lower case) in any case: the plain test
    before a case-insensitive pattern that needs one of them. (Only ASCII text is tested:
    elsewhere a character may match a letter only when case is ignored, ſ for s.)"""
    if not text.isascii():
        return True
    low = text.lower()
    return any(map(low.__contains__, words))


def _finds(pattern: _WordSearch, words: tuple[str, ...], text: str) -> bool:
    """``pattern.search(text)`` for a case-insensitive pattern that needs one of ``words``."""
    return _may_contain(text, words) and pattern.search(text)


_LEGAL_QUALIFIERS = frozenset({"up to", "at least", "no more than", "not more than", "a maximum of", "at most",
                               "a minimum of", "no fewer than", "not less than"})
_YEAR = lazy(r"^(?:1[89]\d\d|20\d\d)(?:s)?$")
_STOP = frozenset(
    """was were is are had has have be been being in during and or that which who whom by from to for on at with
    while according since between as per after before than under because when including remained did do does
    could would should may might will can not also reportedly allegedly took came made gave went fell rose lost won
    held left got ran met sent saw fled sought brought told said became began found kept spent grew wrote
    stood led it they he she we due within if unless prior later ago""".split()
)
_NOUN_WORD = lazy(r"[\w’'-]+")
_TREND_NOUNS = frozenset("drop increase decrease rise fall reduction growth decline jump".split())


def parse_number(text: str) -> float | None:
    """``"12.96 million"`` → 12960000.0, ``"seven and a half"`` → 7.5, ``"twenty-five"`` → 25."""
    if text.isdecimal():  # digits alone ("2016", "96"), most numbers: what the steps below come to
        value = float(text)
        return value if math.isfinite(value) else None
    # "US$5 million" and "$5": the currency sign goes (not every "us": "thousand" has one)
    t = text.lower().strip().removeprefix("us$").replace("$", "").strip()
    fraction = _FRACTIONS.get(t.replace("-", " "))
    if fraction is not None:
        return fraction
    if t.endswith("dozen"):
        return 12.0
    half = 0.0
    if t.endswith("and a half"):
        half, t = 0.5, t[: -len("and a half")].strip()
    scale = 1.0
    parts = t.split()
    if len(parts) > 1 and parts[-1] in _SCALES:
        scale, t = _SCALES[parts[-1]], " ".join(parts[:-1])
    try:
        value = float(t.replace(",", "")) * scale + half
        return value if math.isfinite(value) else None  # too large for a float: the text stays the figure
    except ValueError:
        pass
    total = 0.0
    for w in t.replace("-", " ").split(" "):
        if w not in _WORDNUMS:
            return None
        total = (total or 1) * 100 if w == "hundred" else total + _WORDNUMS[w]  # "hundred" alone is 100
    return total * scale + half


_FRACTIONS = {"half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "two thirds": 2 / 3,
              "a quarter": 0.25, "one quarter": 0.25, "three quarters": 0.75, "one fifth": 0.2}


@dataclass(frozen=True)
class Statistic:
    """One quantitative claim of a sentence: the figure as written, its value, unit, kind and subject."""

    value: str  # as written with its qualifier ("more than 750", "12.96 million ($40,000)", "eight–10")
    number: float | None  # numeric value (range: the upper bound)
    unit: str  # count | percent | fraction | age | tenge | USD | MCI | years | months | weeks | days | hours | …
    kind: str  # count | percent | money | duration | range | threshold
    noun: str  # the noun phrase the number counts
    sentence: str
    start: int
    end: int
    qualifier: str | None = None  # "more than", "up to", "about", "under", … (also the start of ``value``)
    scope: str | None = None  # the period or scope phrase it covers ("in the first eight months of the year")

    def to_json(self) -> dict:
        return {"value": self.value, "number": self.number, "unit": self.unit, "kind": self.kind,
                "noun": self.noun, "text": self.sentence, "qualifier": self.qualifier, "scope": self.scope}


_PAREN_AHEAD = lazy(_for_single_spaced(r"\s*(?:\([^)]*\))?"))
_OF_AHEAD = lazy(_for_single_spaced(r"\s*(?:of\s+)?"))  # "30 percent of detainees": the noun comes after "of"


def _noun_after(text: str, pos: int, max_words: int = 6) -> str:
    """The words a number counts: up to the first verb-like word, punctuation or number."""
    rest = text[_PAREN_AHEAD.match(text, pos).end():]
    words: list[str] = []
    of_used = False
    for w in rest.split(None, max_words):  # each turn takes a word or stops: max_words turns at most
        clean = w.rstrip(".,;:)”\"")
        low = clean.lower()
        if low in _WORDNUMS or not clean.isalpha() and (  # (letters alone pass the two tests below)
                not clean or not _NOUN_WORD.fullmatch(clean) or any(map(str.isdigit, clean))):
            break
        if low in _STOP and not (low == "in" and words and words[-1].lower() in _TREND_NOUNS) \
                and not (low == "and" and words):
            break  # ("early and forced marriages" goes on; a figure after "and" stops it below)
        if low == "of":
            if of_used:
                break
            of_used = True
        words.append(clean)
        if w != clean or len(words) >= max_words:
            break
    while words and words[-1].lower() in ("of", "the", "a", "an", "its", "their", "his", "her", "in", "and"):
        words.pop()
    if len(words) == 1 and words[0].lower().endswith("ed"):
        return ""  # "219 registered in …": a verb, the subject is elsewhere
    return " ".join(words)


_LEAD_IN = frozenset(
    """by up to of for at least more than nearly approximately about over under a an the with from was were
    is are be been had has have some almost around only total no not could would may might must should will can
    or and possibly reportedly in on into during""".split()
)


def _number_of_noun(text: str, pos: int) -> str | None:
    """What the last "number of …" before ``pos`` counts ("the number of complaints was"), if any."""
    if "number" not in text.lower():
        return None  # most sentences: the pattern is slow to try at every position
    m = None
    for m in _NUMBER_OF.finditer(text, 0, pos):
        pass
    return None if m is None else m.group("noun")


def _noun_before(text: str, pos: int, n: int = 3) -> str:
    """When nothing follows the figure, what precedes it: "fines of up to" → "fines"."""
    counted = _number_of_noun(text, pos)
    if counted is not None:
        return counted  # "the number of civilian deaths to be higher, possibly up to 260"
    words = re.findall(r"[\w’'-]+", text[max(0, pos - 80):pos])
    if pos > 80 and words:
        words = words[1:]  # the first one may be cut
    while words and words[-1].lower() in _LEAD_IN:
        words.pop()
    out = []
    for w in reversed(words[-n:]):
        if w.lower() in _LEAD_IN or any(ch.isdigit() for ch in w):
            break
        out.insert(0, w)
    return " ".join(out)


# Currencies other than tenge and dollars, singular: "soums" and "soum" are one unit, so a
# range "from 5,000 to 10,000 soums" and an amount "8,000 soums" can be the same claim.
_CURRENCY_WORDS = frozenset("ruble rouble euro som soum manat somoni lari dram hryvnia yuan pound rupee dinar lei lev "
                            "leva".split())
_MONEY_UNITS = frozenset({"tenge", "USD", "MCI"}) | _CURRENCY_WORDS


def _unit_of(token: str) -> str:
    t = " ".join(token.lower().split())
    if t in ("percent", "%"):
        return "percent"
    if "tenge" in t or t == "kzt":
        return "tenge"
    if t.startswith("mci"):
        return "MCI"
    if "dollar" in t:
        return "USD"
    for u in ("year", "month", "week", "day", "hour"):
        if t.startswith(u):
            return u + "s"
    if t.rstrip("s") in _CURRENCY_WORDS:
        return t.rstrip("s")
    return t or "count"


def _candidate_starts(low: str, kind: int) -> list[int]:
    """Positions where a statistic may start in the lower-cased sentence ``low`` (a candidate
    start, as defined above _STAT): digits, ``$`` and number words at a word start. ``kind``:
    what :func:`_figure_starts_in` found."""
    # The digits and "$" by a pattern that opens with their character set, which the regex
    # engine skips ahead to; the number words by str.find (one pattern for all, a look-behind
    # tried at every position, cost several times as much, and 0.3 ms a process to compile).
    digits = [m.start() for m in _DIGIT_START.finditer(low)]
    if kind != _NUMBER_WORD:
        return digits
    words = _number_word_starts(low)
    return sorted(digits + words) if digits else words


# What may start a figure in a sentence (_figure_starts_in): nothing, digits or "$" only, or a number word.
_NO_FIGURE, _DIGIT_ONLY, _NUMBER_WORD = 0, 1, 2
# The candidate starts but the number words: a digit or "$" with none of \w / . - before it (the
# look-behind, two characters wide, reaches the one before the digit).
_DIGIT_START = lazy(r"[\d$](?<![\w/.-].)")


def _number_word_starts(low: str) -> list[int]:
    """The candidate starts of number words (and "between", "half", "dozen") in ``low``, in
    order: where one stands with no word character, "/", "." or "-" before it and no word
    character after it. Each is then a whole run of a-z (the characters around it are not a-z),
    so only the words among the runs are looked for."""
    runs = low.encode("utf-8", "surrogatepass").translate(_A_TO_Z_RUNS).replace(b"#", b" ").split()
    starts = []
    for found in _WORD_BYTES.intersection(runs):
        word = found.decode()
        i = low.find(word)
        while i >= 0:
            if _figure_may_start_at(low, i) and _word_ends_at(low, i + len(word)):
                starts.append(i)
            i = low.find(word, i + 1)
    starts.sort()  # (no two words start at one position: each is the whole run there)
    return starts


def _figure_starts_in(low: str) -> int:
    """What can start a figure in the lower-cased ``low`` (_NO_FIGURE, _DIGIT_ONLY, _NUMBER_WORD):
    a digit or ``$``; a number word (or "between", "half", "dozen") standing alone between
    non-letters. A number word at a candidate start is a whole run of a-z, "$" or a digit
    beside it or not: the runs are split at both, so that each word is seen."""
    runs = low.encode("utf-8", "surrogatepass").translate(_A_TO_Z_RUNS)
    digits = b"#" in runs or (not low.isascii() and _DIGIT_OR_DOLLAR.search(low) is not None)
    words = runs.replace(b"#", b" ").split() if digits else runs.split()
    if not _WORD_BYTES.isdisjoint(words):
        return _NUMBER_WORD
    return _DIGIT_ONLY if digits else _NO_FIGURE  # (an ASCII text has no other digits)


def _last_word(before: str) -> str:
    tail = before.rstrip()
    i = max(tail.rfind(" "), tail.rfind("("))
    return tail[i + 1:].rstrip(".").lower()


def _is_identifier(before: str, word: str) -> bool:
    """Whether the figure after ``before`` (whose last word is ``word``) is an identifier."""
    if before.rstrip(" ").endswith(("/", "#", "№", "-")):
        return True
    if word in _ID_WORDS:
        return True
    return (word in ("and", "or") and ("Article" in before or "No" in before)  # (one is in what _ID_LIST_BEFORE finds)
            and _ID_LIST_BEFORE.search(before) is not None)


# What may follow a number that makes it a date or an ordinal, asked of every figure and found
# after hardly any: tested with str methods, where two patterns cost 0.2 ms to compile. The
# regex classes are these methods: \s what str.isspace takes, \d str.isdecimal, and a word
# character (for \b) str.isalnum or "_" (tests/test_extract_fast.py compares them).
_MONTH_FORMS = tuple(_MONTHS.split("|"))
_ORDINAL_ENDINGS = ("st", "nd", "rd", "th")


def _date_or_ordinal_after(after: str) -> bool:
    r"""Whether ``after`` (what follows a number) opens with a month ("14 July"), a comma and a
    year ("May 21, 2015") or an ordinal's ending ("1st"): what ``re.match`` of
    ``rf"\s*(?:{_MONTHS})\b|,\s*\d{{4}}"`` or of ``r"(?:st|nd|rd|th)\b"`` finds."""
    first = after[:1]
    if first == ",":
        i = _past_spaces(after, 1)
        year = after[i:i + 4]
        return len(year) == 4 and year.isdecimal()
    if not first.isspace():  # (most: a letter or punctuation right after the number)
        return (after.startswith(_ORDINAL_ENDINGS) and _word_ends_at(after, 2)
                or after.startswith(_MONTH_FORMS) and _month_at(after, 0))
    i = _past_spaces(after, 1)
    return after.startswith(_MONTH_FORMS, i) and _month_at(after, i)


def _month_at(text: str, i: int) -> bool:
    """Whether a month name or abbreviation stands at ``text[i]``, a word of its own."""
    return any(text.startswith(month, i) and _word_ends_at(text, i + len(month)) for month in _MONTH_FORMS)


def _past_spaces(text: str, i: int) -> int:
    """Where the white space at ``text[i]`` ends: ``i`` when there is none (no copy of the rest,
    as lstrip would make)."""
    while i < len(text) and text[i].isspace():
        i += 1
    return i


class _Fig:
    """A figure while its sentence is being read (frozen into a :class:`Statistic` at the end).
    (A plain class: it never leaves this module and nothing compares or prints it, and a
    dataclass's generated methods cost each process about 0.3 ms.)"""

    __slots__ = ("start", "end", "core", "number", "unit", "kind", "noun", "qualifier", "inherit", "before",
                 "part_of_next")

    def __init__(self, start: int, end: int, core: str, number: float | None, unit: str, kind: str, noun: str,
                 qualifier: str | None = None, inherit: bool = False, before: str = "", part_of_next: bool = False):
        self.start = start
        self.end = end
        self.core = core  # the number as written, normalised ("eight–10", "12.96 million ($40,000)")
        self.number = number
        self.unit = unit
        self.kind = kind
        self.noun = noun
        self.qualifier = qualifier
        self.inherit = inherit  # takes the subject of the figure before it ("of which 236", "compared with 315")
        self.before = before  # the text just before it
        self.part_of_next = part_of_next  # "69 of its 98 seats": counts what the next figure counts


def _qualifier(text: str, start: int) -> tuple[str | None, int]:
    """The qualifier ending in the 24 characters before ``start`` ("more than 750") in the
    single-spaced ``text`` (its white space single spaces), and where it starts."""
    window = max(0, start - 24)
    if _cased_plainly(text[max(window, start - 1 - _LONGEST_QUALIFIER):start]):  # (where a match lies)
        return _qualifier_ending(text, window, start)
    m = _QUALIFIER_BEFORE.search(text, window, start)
    if m is None:
        return None, start
    return m.group("q"), m.start()


_QUALIFIERS_LONGEST_FIRST = tuple(sorted(_QUALIFIERS, key=len, reverse=True))  # as _QUALIFIER_BEFORE tries them
_LONGEST_QUALIFIER = len(_QUALIFIERS_LONGEST_FIRST[0])


def _qualifier_ending(text: str, window: int, start: int) -> tuple[str | None, int]:
    """``_QUALIFIER_BEFORE.search(text, window, start)`` without the regex, for single-spaced text
    cased plainly where a match would lie (the qualifier and its space before ``start``): a
    qualifier, then the one space before ``start``. The leftmost match is the longest qualifier
    the text ends with, starting in the window and not inside a word (the character before it,
    in the window or not, none of \\w ' - ’)."""
    if start - window < 2 or text[start - 1] != " ":
        return None, start
    head = text[window:start - 1].lower()
    if not head.endswith(_QUALIFIERS_LONGEST_FIRST):
        return None, start  # (most figures: one test in C for all the qualifiers)
    for q in _QUALIFIERS_LONGEST_FIRST:
        if head.endswith(q):
            begin = start - 1 - len(q)
            if begin == 0 or not (_is_word_character(text[begin - 1]) or text[begin - 1] in "'-’"):
                return text[begin:start - 1], begin
    return None, start


def _ends_with_qualifier(before: str) -> bool:
    """``_QUALIFIER_BEFORE.search(before)`` for ``before``, single-spaced: a match ends it (with
    the one space after its qualifier), so it starts no earlier than the longest qualifier and
    a space before the end; without the regex where the text from there is cased plainly."""
    window = max(0, len(before) - 1 - _LONGEST_QUALIFIER)
    if _cased_plainly(before[window:]):
        return _qualifier_ending(before, window, len(before))[0] is not None
    return _QUALIFIER_BEFORE.search(before) is not None


# The characters beyond ASCII the regex engine, ignoring case, takes for an ASCII letter: İ and ı
# for i, ſ for s, the Kelvin sign for k (every one of the 1,114,112 code points tried).
_ASCII_LOOKALIKES = ("İ", "ı", "ſ", "\u212a")


def _cased_plainly(text: str) -> bool:
    """Whether ``text`` holds none of _ASCII_LOOKALIKES: then a pattern of ASCII letters, spaces
    and marks ignoring case matches in it where its lower-cased form matches the pattern
    lower-cased (lower() keeps every other character's length and makes no ASCII letter)."""
    return text.isascii() or not any(map(text.__contains__, _ASCII_LOOKALIKES))


_SCOPE_HINTS = ("19", "20", "year", "month", "week", "day", "half", "quarter", "decade", "annu", "since", "as of",
                "end of", "time of", "period", "january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december", "unrest", "event", "protest", "riot", "demonstration",
                "election", "war", "conflict", "pandemic", "crisis", "violence", "crackdown", "referendum", "campaign",
                "emergency", "uprising", "clashes")


# (the look-ahead holds the words' first letters: a word start with another fails at once; the
# words sharing a first letter are one alternative, so each letter is tried once: no two of the
# words can both match with the \b after them, so their order does not matter)
_SCOPE_START = lazy(r"(?<![\w'-])(?<!’)(?=[AaBbCcDdEeFfIiOoPpRrSsTtWw])"
                    r"(?:[Ii]n|[Aa](?:s|t|mid|fter|nnually|)|[Ff](?:or|rom|ollowing)|[Bb](?:y|etween)|[Dd]uring"
                    r"|[Oo]ver|[Ww]ithin|[Tt]hroughout|[Rr]elated|[Cc]onnected|[Ss]ince|[Pp]er|[Ee](?:ach|very))\b")


def _scope_spans(text: str, low: str) -> list[tuple[int, int, str]]:
    """Scope phrases of ``text`` (``low``: it lower-cased) as (start, end, phrase)."""
    out: list[tuple[int, int, str]] = []
    if not any(map(low.__contains__, _SCOPE_HINTS)):
        return out  # no period word: the full pattern is slow to try
    end = 0
    for trigger in _SCOPE_START.finditer(text):  # trying the whole pattern only where one can start
        if trigger.start() < end:
            continue
        m = _SCOPE.match(text, trigger.start())
        if m is None:
            continue
        end = m.end()
        phrase = m.group(0)
        if m.start() == 0:
            phrase = phrase[:1].lower() + phrase[1:]  # "Over three years, …" → "over three years"
        out.append((m.start(), m.end(), phrase))
    return out


# Whether a sentence may state an age: "age(s/d)" or "old" as words, or "under", "younger than"
# or "older than" before a digit. Every alternative opens with a letter ("\bage" is "a" with no
# word character before it), so the regex engine skips to those letters, where a pattern
# opening with \b has it try every position. Only whether it finds one counts
# (tests/test_extract_fast.py compares it with the plain form of the same test).
_AGE_HINT_AT = lazy(_for_single_spaced(
    r"A(?<!\wA)ge[sd]?\b|a(?<!\wa)ge[sd]?\b|o(?<!\wo)ld\b|under\s+\d|younger than\s+\d|older than\s+\d"))
_AGE_HINT_WORDS = ("age", "Age", "old", "under", "younger than")  # one is in any text _AGE_HINT_AT finds


def _age_figures(text: str) -> list[_Fig]:
    figs: list[_Fig] = []
    if not any(map(text.__contains__, _AGE_HINT_WORDS)) or _AGE_HINT_AT.search(text) is None:
        return figs  # most sentences: the full pattern is slow to try at every position
    for m in _AGE.finditer(text):
        if m.group("a3") or not (m.group("age") or m.group("named")):  # "under 16,", "14 years old"
            q = (m.group("q2") or m.group("q3") or "").strip()
            num = m.group("a3") or m.group("a1")
            figs.append(_Fig(m.start(), m.end(), " ".join(m.group(0).split()), parse_number(num), "age", "threshold",
                             "age", " ".join(q.lower().split()) or None))
            continue
        if m.group("named"):
            num = m.group("a1")
            figs.append(_Fig(m.start("a1"), m.end(), num, parse_number(num), "age", "threshold",
                             " ".join(text[m.start():m.start("a1")].split()[:-1]).lower() or "age"))
            continue
        q = (m.group("q") or "").strip()
        a1, a2 = m.group("a1"), m.group("a2")
        if _YEAR.match(a1.replace(",", "x")):
            continue
        if a2 is not None:
            figs.append(_Fig(m.start(), m.end(), f"{a1}–{a2}", parse_number(a2), "age", "threshold", "age",
                             None))
        else:
            value = " ".join(text[m.start():m.end()].split())
            figs.append(_Fig(m.start(), m.end(), value, parse_number(a1), "age", "threshold", "age",
                             " ".join(q.lower().split()) or None))
    return figs


_UNIT_AND_A_HALF = lazy(_for_single_spaced(r"\b(?:a|one)\s+(?P<unit>year|month|week|day|hour)\s+and\s+a\s+half\b"),
                        re.I)


def _unit_and_a_half(text: str) -> list[_Fig]:
    """"up to a year and a half": 1.5 years (no digit or number word to start from)."""
    if not _may_contain(text, _AND_A_HALF):
        return []
    return [_Fig(m.start(), m.end(), m.group(0), 1.5, _unit_of(m.group("unit")), "duration",
                 _noun_after(text, m.end()) or _noun_before(text, m.start())) for m in _UNIT_AND_A_HALF.finditer(text)]


def _spans_overlap(spans, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e, *_ in spans)


def _text_before(text: str, start: int) -> str:
    """Up to 60 characters before ``start``, from a word start (the look-back patterns are anchored at the end)."""
    before = text[max(0, start - 60):start]
    if start > 60:
        before = before[before.find(" ") + 1:]
    return before


# A year at a candidate start followed by punctuation, the end, or a space and a word no tail of
# _STAT begins with ("in 2015,", "the 2015 law"): there _STAT can match only the year as a count,
# which _read_figure turns away. (A decimal or a thousands group would need a digit next; a range,
# percentage, sum, MCI, duration, scale or "out of" a space or hyphen and one of the words below,
# in the same case as in _STAT, or a hyphen or a second space.) Tested with str methods
# (_plain_year_at), where a pattern of them cost 0.3 ms to compile: the words _STAT's tails open
# with, each a word of its own (\b; a currency of _MONEY_CUR and a duration of _DURATION_UNIT,
# whose "’" or "'" is no word character, with or without its "s"), and the beginnings.
_TAIL_WORDS = ("and", "to", "out", "percent", "MCI", "tenge", "KZT", "ruble", "rubles", "rouble", "roubles", "euro",
               "euros", "dollars", "som", "soms", "soum", "soums", "manat", "manats", "somoni", "lari", "dram", "drams",
               "hryvnia", "hryvnias", "yuan", "pounds", "rupees", "dinar", "dinars", "lei", "lev", "leva",
               "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours")
_TAIL_TWO_WORDS = (("Kazakhstani", "tenge"), ("U.S.", "dollars"))  # (white space between them)
_TAIL_BEGINNINGS = ("-", "–", "%", "monthly", "minimum", "thousand", "million", "billion", "trillion")


def _plain_year_at(text: str, pos: int) -> bool:
    r"""Whether a plain year stands at ``pos``: what ``re.match`` of ``(?<![\w/.-])(?:1[89]|20)\d\d``
    then ``[,;:)]``, ``\.(?!\d)``, the end or a space not before a tail of _STAT finds."""
    if not _figure_may_start_at(text, pos):
        return False
    year = text[pos:pos + 4]
    if len(year) < 4 or year[:2] not in ("18", "19", "20") or not year[2:].isdecimal():
        return False
    end = pos + 4
    if end == len(text) or text[end] in ",;:)":
        return True
    if text[end] == ".":
        return not text[end + 1:end + 2].isdecimal()
    if text[end] != " ":
        return False
    k = end + 1
    if text[k:k + 1].isspace() or text.startswith(_TAIL_BEGINNINGS, k):
        return False
    if any(text.startswith(word, k) and _word_ends_at(text, k + len(word)) for word in _TAIL_WORDS):
        return False
    for first, second in _TAIL_TWO_WORDS:
        if text.startswith(first, k):
            j = _past_spaces(text, k + len(first))
            if j > k + len(first) and text.startswith(second, j) and _word_ends_at(text, j + len(second)):
                return False
    return True


def _part_of_after(after: str) -> bool:
    r"""Whether ``after`` (what follows a number) says what it is part of ("69 of its 98 seats"):
    what a pattern found (tests/test_extract_fast.py keeps it), with str methods (it cost 0.35 ms
    to compile, and is asked of most counts): white space, "of" and white space, then maybe a determiner,
    a possessive ("senate’s") and a qualifier, each with the white space after it, where a digit,
    "$" or a number word (of its own, \b; ignoring case) begins. Every way of taking or leaving
    each is tried, as the regex backtracks."""
    i = _past_spaces(after, 0)
    i = _words_and_spaces(after, i, ("of",)) if i else -1
    if i < 0:
        return False
    ends = [i, *(j for j in (_words_and_spaces(after, i, (d,)) for d in _PART_OF_DETERMINERS) if j >= 0)]
    ends += [j for j in map(_possessive_end, (after,) * len(ends), ends) if j >= 0]
    ends += [j for end in list(ends) for q in _PART_OF_QUALIFIERS if (j := _words_and_spaces(after, end, q)) >= 0]
    return any(_number_starts_at(after, end) for end in ends)


def _words_and_spaces(text: str, i: int, words: tuple[str, ...]) -> int:
    """Where ``words`` each followed by white space end in ``text`` from ``i`` on, or -1."""
    for word in words:
        if not text.startswith(word, i):
            return -1
        j = _past_spaces(text, i + len(word))
        if j == i + len(word):
            return -1
        i = j
    return i


def _possessive_end(text: str, i: int) -> int:
    r"""Where ``[\w-]+['’]s\s+`` ends in ``text`` from ``i`` on ("senate’s "), or -1. (The run of
    word characters and hyphens can only end before the mark.)"""
    j = i
    while j < len(text) and (_is_word_character(text[j]) or text[j] == "-"):
        j += 1
    if j == i or text[j:j + 1] not in ("'", "’") or text[j + 1:j + 2] != "s":
        return -1
    end = _past_spaces(text, j + 2)
    return end if end > j + 2 else -1


def _number_starts_at(text: str, i: int) -> bool:
    """Whether a digit, "$" or a number word of its own (ignoring case) begins at ``text[i]``."""
    first = text[i:i + 1]
    if first == "$" or first.isdecimal():
        return True
    head = text[i:i + 10]  # (the longest number word and the character after it)
    if not _cased_plainly(head):
        return _PART_OF_NUMBER.match(text, i) is not None
    low = head.lower()
    return any(low.startswith(w) and _word_ends_at(text, i + len(w)) for w in _WORDNUMS)


_PART_OF_NUMBER = lazy(r"(?i:%s)\b" % _NUMBER_WORDS)


def _never_a_figure_at(text: str, pos: int) -> bool:
    """Whether _read_figure makes no figure of the candidate at ``pos``, whatever _STAT matches
    there: an identifier ("Article 5"), a day after a month name ("May 21") or a plain year."""
    before = _text_before(text, pos)
    last = _last_word(before)
    if _is_identifier(before, last):
        return True
    return text[pos].isdigit() and (last in _MONTH_WORDS or _plain_year_at(text, pos))


def _read_figure(m, text: str, after_a_figure: bool) -> list[_Fig]:
    """The figure(s) one match of :data:`_STAT` stands for (none for a year, date or identifier).
    ``after_a_figure``: the sentence has a figure before this one (a bare number may take its subject)."""
    start, end = m.span()
    alternative = m.lastgroup  # the outer alternative of _STAT that matched (for a range, hrange,
    # pct, money, mci, dur and count the tail after the shared number: each group closes after the ones inside it)
    if alternative == "count" and _YEAR.match(m.group("num")):
        return []  # a year, as below, whatever comes before it
    before = _text_before(text, start)
    after = text[end:]
    last = _last_word(before)
    if _is_identifier(before, last):
        return []
    if (last in _MONTH_WORDS and text[start].isdigit()) or _date_or_ordinal_after(after):
        return []  # "July 14", "14 July", "1st"
    if alternative == "range":
        r1, r2 = m.group("num"), m.group("r2")
        if _YEAR.match(r1.replace(",", "x")) or _YEAR.match(r2.replace(",", "x")):
            return []  # (a month after it, as after any figure, returned [] above: _date_or_ordinal_after)
        runit = m.group("runit") or ""
        if not runit and not any(map(str.isdigit, r1 + r2)) and not re.match(r"\s*[a-z]", after):
            return []
        unit = _unit_of(runit) if runit else ("USD" if "$" in r1 + r2 else "count")
        skip = _OF_AHEAD.match(after).end() if unit == "percent" else 0
        noun = _noun_after(text, end + skip) or _noun_before(text, start)
        n1, n2 = parse_number(r1), parse_number(r2)
        if (_FROM_END.search(before) and " and " not in m.group(0) and _CHANGE_VERB.search(text, 0, start)) or (
                n1 is not None and n2 is not None and n1 > n2):
            # "increased from 15 to 20 days’ arrest": the old and the new value, each a figure (and
            # "rates of 2 and 1.5 times, respectively" is two figures, not a range)
            kind = "duration" if unit in ("years", "months", "weeks", "days", "hours") else (
                "percent" if unit == "percent" else "money" if unit in _MONEY_UNITS else "count")
            return [_Fig(m.start("num"), m.end("num"), r1.strip(), parse_number(r1), unit, kind, noun),
                    _Fig(m.start("r2"), end, r2.strip(), parse_number(r2), unit, kind, noun)]
        return [_Fig(start, end, f"{r1.strip()}–{r2.strip()}", parse_number(r2), unit, "range", noun)]
    if alternative == "hrange":
        h1, h2 = m.group("num"), m.group("r2")
        return [_Fig(start, end, f"{h1}–{h2}", parse_number(h2), _unit_of(m.group("hunit")), "range",
                     _noun_after(text, end) or _noun_before(text, start))]
    if alternative == "ratio":  # "one in four families", "two out of three schoolchildren"
        k, n = parse_number(m.group("num").split()[0]), parse_number(m.group("r2"))
        share = k / n if k is not None and n else None
        return [_Fig(start, end, m.group(0), share, "fraction", "percent", _noun_after(text, end))]
    if alternative == "usd":
        num = m.group("usdnum")
        return [_Fig(start, end, "$" + num, parse_number(num), "USD", "money",
                     _noun_after(text, end) or _noun_before(text, start))]
    if alternative == "pct":
        num = m.group("num")
        noun = _noun_after(text, end + _OF_AHEAD.match(after).end()) or _noun_before(text, start)
        return [_Fig(start, end, num, parse_number(num), "percent", "percent", noun)]
    if alternative == "money":
        num = m.group("num")  # a dollar conversion "($40,000)" is part of the claim, not of its value
        currency = " ".join(m.group("moneycur").lower().split())
        unit = _unit_of(currency)
        return [_Fig(start, end, num, parse_number(num), unit, "money", _noun_after(text, end) or _noun_before(text, start))]
    if alternative == "mci":
        num = m.group("num")
        return [_Fig(start, end, num, parse_number(num), "MCI", "money", _noun_after(text, end) or _noun_before(text, start))]
    if alternative == "dur":
        num = m.group("num")
        if last in _TIMEFRAME_WORDS and re.match(r"\s+of\b", after):
            return []  # "the first six months of …" frames a period, it claims nothing
        if _RELATIVE_AFTER.match(after) and _ADVERBIAL_BEFORE.search(before) and not _finds(_LEGAL, _LEGAL_WORDS, text):
            return []  # "one month before the deadline", "two days later": a date, not a figure
        noun = _noun_after(text, end) or _noun_before(text, start)
        return [_Fig(start, end, num, parse_number(num), _unit_of(m.group("durunit")), "duration", noun)]
    if alternative == "frac":
        frac = m.group("frac")
        if not re.match(r"\s+(?:of\s+)?(?:the|an?|its|their|all|them)\b", after) and not _ends_with_qualifier(before):
            return []  # "and a half", "half-brother"
        return [_Fig(start, end, frac, parse_number(frac), "fraction", "percent",
                     _noun_after(text, end + _OF_AHEAD.match(after).end()))]
    if alternative == "dozen":
        article = re.search(r"\b(?:a|one)\s+$", before, re.I)
        noun = _noun_after(text, end)
        if article is None or not noun:
            return []  # "dozens of": no number
        start -= len(article.group(0))
        return [_Fig(start, end, text[start:end], 12.0, "count", "count", noun)]
    num = m.group("num")  # a count
    low = num.lower()
    if low == "one" and re.match(r"-time\s+[a-z]", after):  # "a one-time strike": a limit of one
        return [_Fig(start, end + 5, "one-time", 1.0, "count", "count", _noun_after(text, end + 5))]
    if after.startswith(("-", "–")):
        return []  # a compound ("three-step", "two-thirds"); (a year returned [] at the top)
    part_of = _part_of_after(after)
    if low == "hundred" or (low == "one" and not part_of and (_ONE_IDIOM_BEFORE.search(before)
                                                              or _ONE_IDIOM_AFTER.match(after))):
        return []  # "one of the largest", "no one", "one another"
    if not num[0].isdigit() and _DEFINITE_BEFORE.search(before) and not _SUBSET_AFTER.match(after):
        return []  # "the two parties": a group named before, not a new count
    of_which = _OF_WHICH_AFTER.match(after) is not None
    noun = _noun_after(text, end)
    inherit = of_which or (not noun and after_a_figure)
    if not noun and not (inherit or part_of):
        named_before = _ends_with_qualifier(before) or _number_of_noun(text, start) is not None
        noun = _noun_before(text, start) if named_before else ""
        if not noun:
            return []  # a bare number ("one of", "two.") counts nothing we can name
    if not part_of and not of_which and re.match(r"(?:of|percent)\b", noun.lower()) \
            and not any(ch.isdigit() for ch in num):
        group = None if low == "one" else _OF_GROUP.match(noun)
        if group is None:
            return []  # "two of the …", "one of the largest …": too vague to be a statistic
        noun = group.group("noun")  # "seven of the former officers" counts former officers
    if noun.lower().startswith("of ") and (part_of or of_which):
        noun = ""
    return [_Fig(start, end, num, parse_number(num), "count", "count", noun, inherit=inherit and not noun,
                 part_of_next=part_of, before=before)]


def _clause_of(breaks: list[int], pos: int) -> int:
    return sum(1 for b in breaks if b <= pos)


def _assign_scopes(figs: list[_Fig], scopes: list[tuple[int, int, str]], text: str) -> list[str | None]:
    """Each figure's scope: one of its own right after it, else the one its clause ends with, else
    the nearest before it in its clause, else the one the sentence opens with."""
    if not scopes:
        return [None] * len(figs)
    breaks = ([m.start() for m in _CLAUSE_BREAK.finditer(text)] if any(map(text.__contains__, _CLAUSE_BREAK_HINTS))
              else [])
    opening = next((s for s in scopes if s[0] <= 2), None)
    out = []
    for k, f in enumerate(figs):
        clause = _clause_of(breaks, f.start)
        same = [s for s in scopes if _clause_of(breaks, s[0]) == clause]
        nxt = next((g.start for g in figs[k + 1:] if _clause_of(breaks, g.start) == clause), len(text))
        after = [s for s in same if s[0] >= f.end]
        own = [s for s in after if s[0] < nxt]
        earlier = [s for s in same if s[1] <= f.start]
        pick = (own or after or earlier[-1:] or ([opening] if opening else [None]))[0]
        out.append(pick[2] if pick else None)
    return out


def extract_statistics(sentence: str) -> list[Statistic]:
    """Every quantitative claim in one sentence, with its qualifier and scope; years, dates,
    cross-references and identifiers excluded."""
    low = sentence.lower()
    kind = _figure_starts_in(low)
    if kind == _NO_FIGURE:
        # Most sentences: no digit, "$" or number word. Spacing does not change that (the words
        # are the runs of a-z between any other characters), so it is asked before normalising.
        return []
    text = single_space(sentence)
    if text is not sentence:
        low = text.lower()
    starts = _candidate_starts(low, kind)
    if not starts:
        return []
    lone_figures = _age_figures(text) + (_unit_and_a_half(text) if "half" in text else [])
    if not lone_figures and all(_never_a_figure_at(text, pos) for pos in starts):
        return []  # dates, years and identifiers alone ("On May 21, 2015, …"): no figure, whatever is blocked
    scopes = _scope_spans(text, low)
    xrefs = [m.span() for m in _XREF.finditer(text)] if any(map(text.__contains__, _XREF_HINTS)) else []
    blocked: list[tuple[int, int]] = xrefs + [(s, e) for s, e, _ in scopes]
    figs = [f for f in lone_figures if not _spans_overlap(blocked, f.start, f.end)]
    blocked += [(f.start, f.end) for f in figs]
    last_end = 0
    first_start = min([f.start for f in figs], default=len(text))  # of the figures so far
    for pos in starts:
        if pos < last_end or blocked and _spans_overlap(blocked, pos, pos + 1):
            continue
        m = _STAT.match(text, pos)
        if not m or blocked and _spans_overlap(blocked, m.start(), m.end()):
            continue
        last_end = m.end()
        found = _read_figure(m, text, first_start < pos)
        if found:
            figs += found
            first_start = min(first_start, *(f.start for f in found))
    figs.sort(key=lambda f: f.start)
    _resolve_subjects(figs)
    legal = None
    stats = []
    for f, scope in zip(figs, _assign_scopes(figs, scopes, text)):
        if f.unit == "age":
            qualifier, start = f.qualifier, f.start
            value = f.core
        else:
            qualifier, start = _qualifier(text, f.start)
            if qualifier and qualifier.lower() in _AGE_QUALIFIER_WORDS:
                qualifier, start = None, f.start
            value = f"{text[start:f.start]}{f.core}" if qualifier else f.core
            qualifier = qualifier.lower() if qualifier else None
        kind = f.kind
        if kind == "duration":
            if legal is None:
                event = _finds(_EVENT, _EVENT_WORDS, text)
                legal = not event and _finds(_LEGAL, _LEGAL_WORDS, text)
            if legal or (qualifier in _LEGAL_QUALIFIERS and not event):
                kind = "threshold"  # a legal limit ("imprisonment of up to 75 days"), not a sentence served
        stats.append(Statistic(value, f.number, f.unit, kind, f.noun, text, start, f.end, qualifier, scope))
    return stats


def _resolve_subjects(figs: list[_Fig]) -> None:
    """Bare figures take the subject of a neighbour: "69 of its 98 seats" counts seats, "of which
    236" and "compared with 315" count what the figure before them counts."""
    for k in range(len(figs) - 2, -1, -1):
        f = figs[k]
        if f.part_of_next and not f.noun:
            f.noun = figs[k + 1].noun
    for k, f in enumerate(figs):
        if f.inherit and k > 0:
            prev = figs[k - 1]
            if not f.noun:
                f.noun = _subject(prev.noun)
            if f.unit == "count" and prev.unit not in ("count", "fraction") and _INHERIT_UNIT_BEFORE.search(
                    f.before):
                f.unit, f.kind = prev.unit, prev.kind  # "reduced to 16" after "the minimum age … was 18"
    figs[:] = [f for f in figs if f.noun or f.kind != "count"]  # "Two of the three (…)": counts nothing named


def _subject(noun: str) -> str:
    """"drop in registered torture complaints" → "registered torture complaints"."""
    words = noun.split()
    if len(words) > 2 and words[0].lower() in _TREND_NOUNS and words[1].lower() == "in":
        return " ".join(words[2:])
    return noun


# --- comparing figures -------------------------------------------------------------------

_APPROX_MONTHS = {"half": 6.0, "quarter": 3.0}
_SCOPE_STOP = frozenset("in during for over the of a an and amid after following related to connection with "
                        "connected throughout within".split())


@lru_cache(maxsize=1024)
def _scope_class(scope: str | None) -> tuple:
    """``("annual",)``, ``("point",)``, ``("partial", months)``, ``("same period",)``,
    ``("event", words)``, ``("span", words)`` or ``("any",)`` for no scope."""
    if not scope:
        return ("any",)
    m = _SCOPE.fullmatch(scope)  # every alternative opens with a case-insensitive word
    if m is None:
        return ("span", scope.lower())
    if m.group("annual"):
        return ("annual",)
    if m.group("year"):
        return ("point",) if m.group("ymonth") else ("annual",)
    if m.group("point") or m.group("pointtime") or m.group("month"):
        return ("point",)
    if m.group("partial"):
        unit = m.group("punit").lower().rstrip("s")
        n = parse_number(m.group("pnum")) if m.group("pnum") else 1.0
        months = _APPROX_MONTHS.get(unit) or (n if unit == "month" else n / 4.35 if unit == "week" else n / 30.4)
        return ("partial", months)
    if m.group("same"):
        return ("same period",)  # the period of another figure of its sentence: comparable with no other
    if m.group("between") or m.group("fromto"):
        dates = re.findall(rf"({_MONTH_NAME})(?:\s+(\d{{1,2}}))?", scope)
        if len(dates) == 2:
            (m1, d1), (m2, d2) = dates
            months = _MONTH_NUMBER[m2.lower()] - _MONTH_NUMBER[m1.lower()] + (int(d2 or 30) - int(d1 or 1)) / 30.4
            return ("partial", round(months, 1))
    words = frozenset(w for w in re.findall(r"[\w’'-]+", scope.lower()) if w not in _SCOPE_STOP)
    return ("event" if m.group("event") else "span", words)


def scopes_comparable(a: str | None, b: str | None) -> bool:
    """Whether two figures' scopes cover comparable periods: a full year, a point in time or
    no stated scope are comparable with each other; a part of the year only with the same
    part; an event or a span of years only with the same one."""
    ca, cb = _scope_class(a), _scope_class(b)
    yearly = {"any", "annual", "point"}
    if ca[0] in yearly and cb[0] in yearly:
        return True
    if ca[0] != cb[0]:
        return False
    if ca[0] == "same period":
        return True  # both "for the same period of …": the same sentence, reworded
    if ca[0] == "partial":
        return abs(ca[1] - cb[1]) < 0.5
    shared = ca[1] & cb[1]
    return len(shared) >= 0.5 * max(len(ca[1]), len(cb[1]))


# kinds that may be the same claim written differently (a count becomes a range, a legal
# duration is read as a term)
_KIND_GROUPS = (frozenset({"count", "range"}), frozenset({"duration", "threshold", "range"}),
                frozenset({"percent", "range"}), frozenset({"money", "range"}))


def kinds_compatible(a: Statistic, b: Statistic) -> bool:
    if a.unit != b.unit:
        return False
    return a.kind == b.kind or any(a.kind in g and b.kind in g for g in _KIND_GROUPS)


def same_value(a: Statistic, b: Statistic) -> bool:
    if a.number is not None and b.number is not None and kinds_compatible(a, b):
        if abs(a.number - b.number) >= 1e-9:
            return False
        return (a.kind != "range" and b.kind != "range") or _core(a) == _core(b)
    return _core(a) == _core(b) and a.unit == b.unit


def _core(s: Statistic) -> str:
    value = plain(s.value).lower()
    if s.qualifier and value.startswith(s.qualifier):
        value = value[len(s.qualifier):].strip()
    return value


def stat_similarity(a: Statistic, b: Statistic) -> float:
    """0–1: how likely two statistics are the same claim (same kind/unit, similar noun, comparable scope)."""
    if not kinds_compatible(a, b) or not scopes_comparable(a.scope, b.scope):
        return 0.0
    if a.noun and b.noun:
        return fuzz.token_set_ratio(a.noun.lower(), b.noun.lower()) / 100.0
    # no noun phrase on one side or both: in a paired sentence the same kind and unit is
    # still good evidence ("… to 14 years in prison" → "… to 16 years in prison")
    return 0.6 if not a.noun and not b.noun else 0.45


def match_statistics(old: Sequence[Statistic], new: Sequence[Statistic], threshold: float = 0.5
                     ) -> list[tuple[int, int, float]]:
    """One-to-one pairs ``(i, j, score)`` between two lists of statistics."""
    if not old or not new:
        return []
    cands = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            s = stat_similarity(a, b)
            if s > 0:
                # prefer the same position in the sentence order and the same value
                s += 0.05 * (1.0 - abs(i / max(1, len(old)) - j / max(1, len(new))))
                s += 0.1 * same_value(a, b)
            if s >= threshold:
                cands.append((s, i, j))
    # greedy by score: a sentence holds a handful of figures, an assignment solver is overkill
    cands.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_i: set[int] = set()
    used_j: set[int] = set()
    out = []
    for s, i, j in cands:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            out.append((i, j, s))
    return sorted(out)


# --- laws ------------------------------------------------------------------------------

_CODE_NAMES = (
    r"criminal[- ]procedur(?:e|al)|criminal[- ]executive|criminal|administrative(?:[- ]offenses?)?|administrative[- ]procedur(?:e|al)"
    r"|civil[- ]procedur(?:e|al)|civil|labor|penal|land|tax|entrepreneur(?:ial)?|election|electoral|family|"
    r"social|budget|health|water|environmental|customs"
)
_CODE = lazy(
    rf"\b(?P<name>{_CODE_NAMES})\s+code\b"
    rf"|\bCode\s+(?:of|on)\s+(?P<name2>Criminal\s+Procedure|Civil\s+Procedure|Administrative\s+(?:Offenses|Procedure)"
    rf"|Administrative\s+Violations|Criminal\s+Execution)\b",
    re.I,
)
_ARTICLE = lazy(_for_single_spaced(
    r"\b(?:its\s+)?Articles?\s+(?P<nums>\d+(?:[-.]\d+)?(?:\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)\d+(?:[-.]\d+)?)*)"
    r"(?:\s*(?:\(\d+\)|,?\s+part\s+\d+))?"
    rf"(?:\s+of\s+the\s+(?:(?:new|\d{{4}})\s+)?(?P<code>(?:{_CODE_NAMES})\s+code"
    rf"|Code\s+(?:of|on)\s+{_LETTER_IGNORING_CASE}\w+(?:\s+{_LETTER_IGNORING_CASE}\w+)?|constitution))?"),
    re.I,
)
_DECREE = lazy(_for_single_spaced(
    r"\b(?:(?:presidential|government)\s+)?[Dd]ecree\s+(?:No\.?|Number|#)\s*(?P<num>\d+)"), re.I)
_LAW_NAMED = lazy(_for_single_spaced(
    r"\b[Ll]aw\s+(?:on\s+)?[“\"](?P<quoted>[^”\"]{3,120})[”\"]"
    rf"|\b(?:Law|law)\s+(?P<on>on|On|of|Of)\s+(?P<title>(?:the\s+)?[A-Z]{_WORD_CHAR}*(?:\s+(?:[A-Z]{_WORD_CHAR}*|of|the|and|for|in|on|to|against|with))*)")
)
# "the law on domestic violence": a lower-case title, up to the first clause word or verb
_TITLE_STOP = (
    "which|that|who|was|were|is|are|had|has|have|or|but|in|by|as|the|a|an|with|from|to|on|at|since|because|when|"
    "while|after|before|did|does|do|could|would|should|may|might|must|will|can|not|also|still|stated|states|"
    "provided|provides|prohibited|prohibits|required|requires|allowed|allows|established|criminalized|gave|set|"
    "permitted|mandated|obliged|defined|specified|included|granted|stipulated|contained|remained|came|went|"
    "entered|took|passed|adopted|signed|enacted|ratified|applied|introduced|imposed|restricted|limited|banned|"
    "regulated|governed|says|said|made|took|lacked|lacks|contradicted|violated|protected|guaranteed|"
    "recognized|treated|considered|classified"
)
# Its first word by a regex, the next seven at most one by one, up to the first that is a stop
# word: whose run of word characters is one (what a look-ahead (?!(?:which|that|…)\b) says).
# A regex holding the hundred stop words costs each process 0.7 ms to compile.
_LAW_ON_LOWER = lazy(rf"\blaw on (?:the )?[a-z]{_LOWER_WORD_CHAR}+")
_TITLE_WORD_AFTER = lazy(rf" [a-z]{_LOWER_WORD_CHAR}+")
_WORD_RUN = lazy(r"\w+")
_TITLE_STOP_WORDS = frozenset(_TITLE_STOP.split("|"))


def _laws_on_lower(text: str) -> Iterator[tuple[int, int]]:
    """Where "law on <a lower-case title>" stands in ``text``, as (start, end), left to right."""
    pos = 0
    while (m := _LAW_ON_LOWER.search(text, pos)) is not None:
        end = m.end()
        for _ in range(7):
            word = _TITLE_WORD_AFTER.match(text, end)
            if word is None or _WORD_RUN.match(text, end + 1).group() in _TITLE_STOP_WORDS:
                break
            end = word.end()
        yield m.start(), end
        pos = end
# "trade union law": the topic right before the word "law(s)", which _generic_laws finds
_LAW_GENERIC_BEFORE = lazy(_for_single_spaced(
    r"\b(?P<topic>trade union|mass media|media|religion|religious|NGO|elections?|electoral|citizenship|refugee|"
    r"extremism|counterterrorism|foreign agents?|national security|political part(?:y|ies))\s+$"),
    re.I,
)
_LAW_WORD = lazy(r"\s*laws?\b", re.I)
_TOPICS = {"religious": "religion", "elections": "election", "electoral": "election", "mass media": "media",
           "foreign agent": "foreign agents", "political parties": "political party"}


def _generic_laws(text: str, low: str):
    """``trade union law``-style mentions: find each ``law`` and look at the words before it."""
    out = []
    i = low.find(" law")
    while i >= 0:
        j = i + 4
        if low.startswith("s", j):
            j += 1
        if j >= len(low) or not low[j].isalpha():
            m = _LAW_GENERIC_BEFORE.search(text, max(0, i - 20), i + 1)  # (no topic is longer)
            if m:
                out.append(m)
        i = low.find(" law", i + 4)
    return out


# Conventions, protocols, treaties and covenants: the capitalised name around the word.
_INSTRUMENT = lazy(_for_single_spaced(
    rf"(?P<pre>(?:(?:[A-Z0-9]{_WORD_CHAR_OR_DOT}*|of|on|and|the)\s+){{0,6}})(?P<word>Convention|Protocol|Treaty|Covenant)"
    r"(?P<post>(?:\s+(?:No\.\s*\d+|on|against|Relating\s+to|relating\s+to|for|concerning|to\s+the)"
    rf"(?:\s+(?:[A-Z]{_WORD_CHAR}*|of|the|and|in|on|to|for|within|against|all|their)){{1,12}})?)")
)
_INSTRUMENT_KIND = {"Convention": "convention", "Covenant": "convention", "Protocol": "protocol", "Treaty": "treaty"}
# "the 1951 convention" (lower case) is the refugee convention, as everyone writes it
_YEAR_CONVENTION = lazy(_for_single_spaced(r"\b1951\s+(?:[Rr]efugee\s+)?convention\b"))
_REFUGEE_CONVENTION = "1951 Convention Relating to the Status of Refugees"
# A UN treaty body is named after its convention: "the UN Committee on the Elimination of
# Discrimination against Women … its obligations under the UN convention"
_UN_CONVENTION = lazy(_for_single_spaced(r"\b(?:UN|U\.N\.)\s+convention\b"))
_UN_COMMITTEE = lazy(_for_single_spaced(
    rf"\bCommittee\s+(?P<prep>on|against)\s+(?P<what>(?:the\s+)?[A-Z]{_WORD_CHAR}*"
    rf"(?:\s+(?:[A-Z]{_WORD_CHAR}*|of|the|and|against|all|in))*)"))
_TRAILING_FUNC = lazy(r"(?:\s+(?:of|the|and|for|in|on|to|against|with|within|all|their))+$")
_LEADING_NOISE = lazy(r"^(?:(?:the|The|of|on|and|under|Under|UN|U\.N\.|ILO’s|ILO's|ILO|its|Its|[A-Z]\w*’s|[A-Z]\w*'s)\s+)+")
_CONSTITUTION = lazy(_for_single_spaced(
    r"\b(?:(?:\d{4}\s+)?(?P<amend>constitutional\s+amendments?|amendments?\s+to\s+the\s+constitution)"
    r"|(?P<const>constitution))\b"),
    re.I,
)

# The verb that says a law was made during the year: before the name ("the country adopted a
# new mass media law") or after it ("a trade union law passed and entered into force",
# "the Entrepreneur Code (adopted in October 2015)"). Not "adopted amendments to the law".
_EVENT_BEFORE = lazy(_for_single_spaced(
    r"\b(?P<verb>adopted|signed|enacted|passed|ratified)\s+(?:(?:a|an|the|its|their|new|revised|two|"
    r"[\w.-]+’s|[\w.-]+'s)\s+){0,4}$")
)
_EVENT_AFTER = lazy(_for_single_spaced(
    r"^[\s,(]*(?:(?:which|that)\s+)?(?:(?:was|were|had\s+been|has\s+been)\s+)?(?:(?:officially|formally|finally)\s+)?"
    r"(?P<verb>adopted|signed|enacted|passed|ratified|entered\s+into\s+force|came\s+into\s+(?:force|effect)"
    r"|went\s+into\s+effect|took\s+effect)\b")
)
EVENTS = ("adopted", "signed", "enacted", "passed", "ratified", "entered into force")


def _event(text: str, start: int, end: int) -> str | None:
    """The event verb of the law named at ``text[start:end]``, or None."""
    m = _EVENT_BEFORE.search(text, max(0, start - 60), start) or _EVENT_AFTER.match(text[end:end + 60])
    if not m:
        return None
    verb = " ".join(m.group("verb").split())
    return verb if verb in EVENTS else "entered into force"


@dataclass(frozen=True)
class LawMention:
    """One mention of a law, code, decree or convention in a sentence."""

    key: str  # normalised identity, e.g. "criminal code article 174"
    name: str  # display name, e.g. "Criminal Code, Article 174"
    kind: str  # code | article | law | decree | convention | protocol | treaty | constitution | amendment
    surface: str  # as written
    sentence: str
    event: str | None = None  # adopted | signed | enacted | passed | ratified | entered into force


def _code_key(raw: str) -> tuple[str, str]:
    t = " ".join(raw.lower().replace("-", " ").split())
    t = re.sub(r"^code (?:of|on) ", "", t)
    t = t.removesuffix(" code")
    t = re.sub(r"procedural", "procedure", t)
    said = t  # "penal code" is the criminal code, but is shown as the report names it
    t = {
        "administrative offenses": "administrative", "administrative offense": "administrative",
        "administrative violations": "administrative", "penal": "criminal", "entrepreneurial": "entrepreneur",
        "electoral": "election", "criminal execution": "criminal executive",
    }.get(t, t)
    if t == "constitution":
        return "constitution", "Constitution"
    return f"{t} code", f"{(said if said == 'penal' else t).title()} Code"


def extract_laws(sentence: str, context_code: str | None = None) -> list[LawMention]:
    """Law references in one sentence. ``context_code`` is the code last named earlier in
    the paragraph, used for a bare ``Article N``."""
    text = single_space(sentence)
    if "- " in text:  # (the only white space left is a single space)
        text = _HYPHEN_GAP.sub("-", text)  # "Part- Time" broken at a line end
    found = _extract_laws(text, context_code)
    # each key in its canonical spelling (most are already: then the mention itself)
    return [m if (key := _canon(m.key)) == m.key else LawMention(key, m.name, m.kind, m.surface, m.sentence, m.event)
            for m in found]


_HYPHEN_GAP = lazy(r"(?<=\w)-\s+(?=\w)")
_WORD_HYPHEN = lazy(r"(?<![0-9])-|-(?![0-9])")  # "Part-Time" = "parttime"; "2024-26" stays


@lru_cache(maxsize=4096)
def _canon(key: str) -> str:
    """One spelling per law: straight quotes, no hyphens, single spaces, lower case;
    "law on (the) prevention of X" is the law on X; "X law" is the law on X."""
    key = " ".join(_WORD_HYPHEN.sub("", plain(key).lower()).split())
    return _LAW_ON_PREFIX.sub("law on ", key)


_LAW_ON_PREFIX = lazy(r"^law on (?:the )?(?:prevention of )?")


def law_identity(key: str) -> str:
    """What two law keys must share to be one law: the title words in the singular
    ("law on trade unions" = "trade union law", "law on elections" = "Election Law")."""
    if not key.startswith("law "):
        return key
    return " ".join(_singular(w) if w.isalpha() and len(w) > 4 and not w.endswith(("us", "is")) else w
                    for w in key.split())


def _extract_laws(text: str, context_code: str | None) -> list[LawMention]:
    out: list[LawMention] = []
    low = text.lower()
    has_code, has_article, has_const = "code" in low, "article" in low, "constitution" in low
    has_decree, has_law = "decree" in low, "law" in low
    has_instrument = "onvention" in low or "Protocol" in text or "Treaty" in text or "Covenant" in text or "1951" in text
    # chained "in" tests: far cheaper than one regex over the alternatives
    described = ("agreement" in low or "degree" in low or "rules" in low or "regulations" in low
                 or "amendment" in low or "legislati" in low or has_decree or has_article
                 or (has_code or has_law) and _DESCRIBED_LAW_AT.search(low) is not None)
    described = described or " Act" in text  # a statute by its title ("… Survivors Today (JUST) Act")
    if not (has_code or has_article or has_decree or has_law or has_instrument or has_const or described):
        return out

    def mention_at(key, name, kind, start, end):
        return LawMention(key, name, kind, text[start:end], text, _event(text, start, end))

    def mention(key, name, kind, m):  # m: a match in text
        return mention_at(key, name, kind, m.start(), m.end())

    codes = [(m, _code_key(m.group("name") or m.group("name2"))) for m in _CODE.finditer(text)] if has_code else []
    articles = list(_ARTICLE.finditer(text)) if has_article else []
    # "Article 120 of the Penal Code" names the article, not the code a second time (as
    # "Article 5 of the constitution" is no mention of the constitution below)
    within = [(a.start("code"), a.end("code")) for a in articles if a.group("code")]
    for m, (key, name) in codes:
        if not any(s <= m.start() and m.end() <= e for s, e in within):
            out.append(mention(key, name, "code", m))
    distinct = {k for _m, (k, _n) in codes}
    for m in articles:
        before = [c for c in codes if c[0].end() <= m.start()]
        if m.group("code"):
            ckey, cname = _code_key(m.group("code"))
        elif before:  # the nearest code named before the article in the sentence
            ckey, cname = before[-1][1]
        elif len(distinct) == 1:
            ckey, cname = codes[0][1]
        elif context_code:
            ckey, cname = _code_key(context_code)
        else:
            ckey, cname = "", ""
        for num in re.findall(r"\d+(?:[-.]\d+)?", m.group("nums")):
            key = f"{ckey} article {num}".strip()
            name = f"{cname}, Article {num}" if cname else f"Article {num}"
            out.append(LawMention(key, name, "article", m.group(0), text))
    for m in _CONSTITUTION.finditer(text) if has_const else ():
        if m.group("amend"):
            out.append(mention("constitutional amendments", "Constitutional amendments", "amendment", m))
        elif not re.search(r"\b(?:Article|Articles)\s+[\d.,\sand]+of\s+the\s+$", text[max(0, m.start() - 40):m.start()]):
            out.append(mention("constitution", "Constitution", "constitution", m))
    for m in _DECREE.finditer(text) if has_decree else ():
        out.append(mention(f"decree no. {m.group('num')}", f"Decree No. {m.group('num')}", "decree", m))
    has_named = has_law and ("law on" in low or "law of" in low or "law “" in low or 'law "' in low)
    for m in _LAW_NAMED.finditer(text) if has_named else ():
        if m.group("quoted"):
            title = plain(m.group("quoted")).strip(" ,.")
            title = re.sub(r"^[Oo]n\s+", "", title)
            out.append(mention(f"law on {title.lower()}", f"Law “On {title}”", "law", m))
        else:
            title = _TRAILING_FUNC.sub("", m.group("title"))
            title = re.sub(r"^the\s+", "", title)
            if not title or not title[0].isupper():
                continue
            title = re.sub(r"\s+of\s+\d{4}$", "", title)
            prep = m.group("on").lower()
            out.append(mention(f"law {prep} {title.lower()}", f"Law {prep.capitalize()} {title}", "law", m))
    for start, end in _laws_on_lower(text) if has_named else ():
        title = _TRAILING_FUNC.sub("", text[start + len("law on "):end]).removeprefix("the ")
        if title:
            out.append(mention_at(f"law on {title}", f"Law on {title}", "law", start, end))
    for m in _generic_laws(text, low) if has_law else ():
        topic = m.group("topic").lower()
        topic = _TOPICS.get(topic, topic)
        display = {"ngo": "NGO"}.get(topic, topic)
        end = _LAW_WORD.match(text, m.end()).end()  # the topic match stops before "law"
        out.append(mention_at(f"law on {topic}", f"{display[:1].upper()}{display[1:]} law", "law", m.start(), end))
    if has_instrument:
        out += _instruments(text)
    if described:
        out += _described(text, low, context_code)
    return out


# --- instruments known by what they do rather than by a title ------------------------------

# Words without which a paragraph names no law (a cheap filter before the patterns; "law",
# the one most paragraphs that pass have, first). With " act" (lower-cased): may_name_a_law.
LAW_HINTS = ("law", "code", "article", "decree", "convention", "constitution", "protocol", "treaty", "covenant", "1951",
             "agreement", "degree", "rules", "regulations", "amendments", "legislation", "legislative", " act")
_LAW_WORDS = tuple(h for h in LAW_HINTS if h != " act")


def may_name_a_law(paragraph: str) -> bool:
    """Whether a paragraph may name a law: it holds one of LAW_HINTS, its " act" only where an
    "Act" is written too (a statute's title, " Act", is all _extract_laws reads in " act", and
    in that case: "activists" and "action" alone name none)."""
    low = paragraph.lower()
    return any(map(low.__contains__, _LAW_WORDS)) or " act" in low and "Act" in paragraph
# What the described instruments need and a plain ``in`` test cannot find (_extract_laws
# tests the other words, "agreement", "article", "decree", …, with ``in``): " codes", "law"
# or "laws" before a quote mark, "law …ing", or "separate", "new" or a year before "law".
# Every alternative opens with a letter ("c" or "l"), so the regex engine skips to those
# rather than trying each alternative at every position; only whether it finds one counts
# (tests/test_extract_fast.py compares it with the plain form of the same test).
_DESCRIBED_LAW_AT = lazy(r"codes(?<= codes)|law(?:s?,?[”\"]| (?:further )?\w+ing |\b(?:(?<=separate law)|(?<=new law)|(?<=\d{4} law)))")
_PHRASE_WORD = lazy(r"[\w’'-]+")
_PHRASE_STOP = frozenset(_TITLE_STOP.split("|")) | {"so", "not", "under", "among", "including", "although", "though",
                                                      "included", "introduced", "could", "because"}
_PHRASE_TRIM = frozenset("of the and for in on to with a an during by at from or".split())
_MID_PHRASE = _PHRASE_STOP - {"the", "on", "to", "a", "an", "with", "from", "at", "in", "by"}  # "on the exchange of …"
_WHAT_A_LAW_DOES = _MID_PHRASE | {"from"}  # "criminalizing domestic violence", not "… from the first offense"


def _phrase(text: str, start: int, max_words: int = 6, stop: frozenset[str] = _PHRASE_STOP) -> str:
    """The words from ``start`` up to punctuation, a clause word or a verb (at most ``max_words``)."""
    words: list[str] = []
    pos = start
    while len(words) < max_words:
        m = _PHRASE_WORD.match(text, pos)
        if not m or (words and m.group(0).lower() in stop):
            break
        words.append(m.group(0))
        pos = m.end()
        if not text.startswith(" ", pos):
            break
        pos += 1
    while words and words[-1].lower() in _PHRASE_TRIM:
        words.pop()
    return " ".join(words)


_AGREEMENT = lazy(_for_single_spaced(
    r"\b(?:an?|the)\s+(?:(?:general|bilateral|intergovernmental)\s+)?agreement\s+(?=(?:with|on|for)\s)"),
    re.I)
_ARTICLES_ON = lazy(_for_single_spaced(r"\barticles?\s+(?:on|for)\s+"), re.I)
_QUOTED = lazy(r'[“"]([^”"]{3,120})[”"]')
_DECREE_DESCRIBED = lazy(_for_single_spaced(
    r"\b(?P<verb>issued|signed|adopted)\s+(?:a|an|the)\s+(?:new\s+)?(?:presidential\s+)?(?:decree|degree)\s+"
    r"(?:to\s+establish|establishing|creating|to\s+create)\s+"))
_RULES = lazy(_for_single_spaced(
    r"\b(?P<verb>implemented|adopted|introduced|issued|amended|signed|approved)\s+(?:the\s+|new\s+)*"
    r"(?P<what>rules|regulations)\s+(?=(?:on|for|permitting|governing|regarding)\s)"
    r"|\bnew\s+(?P<what2>\w+\s+(?:rules|regulations))\s+(?=(?:introduced|adopted|issued)\s+by\b)"))
_LAW_DOING = lazy(_for_single_spaced(
    r"\b(?:a|the)\s+(?:new\s+)?(?P<word>law|legislation)\s+(?:further\s+)?(?=(?:restricting|extending|regulating|"
    r"establishing|criminalizing|requiring|prohibiting|allowing|banning|making|granting|limiting|governing|"
    r"introducing|affecting)\s)"
    r"|\b(?P<verb>signed|adopted|passed|enacted)\s+(?:into\s+law\s+)?(?:new\s+)?(?P<word2>legislation)\s+"
    r"(?:\w+ly\s+)?(?=\w+ing\s)"))  # "signed into law legislation explicitly criminalizing …"
# "A 2021 law established criminal liability for …", "a separate law, which criminalized …":
# a particular law told by its year or by "separate"/"new" and by what it did ("The law
# prohibited …" alone is the country's law in general, not one law).
_LAW_DID = lazy(_for_single_spaced(
    r"\b[Aa]n?\s+(?P<which>(?:(?:separate|new|\d{4})\s+)+)law,?\s+(?:(?:which|that)\s+)?(?:\w+ly\s+)?"
    r"(?P<did>established|criminalized|prohibited|banned|required|introduced|imposed|restricted|granted|allowed)\s+"))
_DOING = {"established": "establishing", "criminalized": "criminalizing", "prohibited": "prohibiting",
          "banned": "banning", "required": "requiring", "introduced": "introducing", "imposed": "imposing",
          "restricted": "restricting", "granted": "granting", "allowed": "allowing"}
# "the Justice for Uncompensated Survivors Today (JUST) Act": a statute by its title
_ACT = lazy(_for_single_spaced(
    rf"[A-Z]{_WORD_CHAR}*(?:\s+(?:[A-Z]{_WORD_CHAR}*|of|for|the|and|on|to|in|\([A-Z]{{2,}}\)))+\s+Act\b"))
_LEGISLATIVE_CHANGE = lazy(_for_single_spaced(r"\ba\s+legislative\s+(?:change|amendment)\s+(?=\w+ing\s)"), re.I)
_AMENDMENTS = lazy(_for_single_spaced(
    r"\b(?:(?P<verb>adopted|passed|approved|signed|introduced|enacted)\s+)?(?:new\s+)?amendments\s+"
    r"(?:to\s+(?:the\s+)?(?P<object>\S)|(?:in\s+\w+(?:\s+\d{4})?\s+)?(?:which|that)\s+(?P<clause>\S))"))
_NAMED_LAWS = lazy(_for_single_spaced(r'[“"](?P<title>[^”"]{3,60}?)\s+laws?,?[”"]'))
_CODES_PAIR = lazy(_for_single_spaced(rf"\b(?P<a>{_CODE_NAMES})\s+and\s+(?P<b>{_CODE_NAMES})\s+codes\b"), re.I)
_VERB_EVENT = {"adopted": "adopted", "signed": "signed", "passed": "passed", "enacted": "enacted",
               "approved": "adopted", "issued": "signed", "introduced": "adopted", "amended": "adopted",
               "implemented": None}


def _described(text: str, low: str, context_code: str | None) -> list[LawMention]:
    """Instruments a report identifies by what they are or do: "an agreement with China",
    "articles on “propaganda of terrorism”", "a decree establishing …", "regulations on internet
    access", "a law extending …", "amendments to the law on …", "the criminal and civil codes"."""
    out: list[LawMention] = []

    def add(key, name, kind, start, end, verb=None):  # the key made canonical by extract_laws
        event = _VERB_EVENT.get(verb) if verb else None
        out.append(LawMention(key, name, kind, text[start:end], text, event or _event(text, start, end)))

    for m in _AGREEMENT.finditer(text) if "agreement" in low else ():
        what = _phrase(text, m.end(), 8, stop=_MID_PHRASE)
        if len(what.split()) >= 2:
            general = "general " if "general" in m.group(0).lower() else ""
            add(f"{general}agreement {what}", f"{general.capitalize() or 'A'}{'greement' if not general else 'agreement'} {what}",
                "treaty", m.start(), m.end() + len(what))
    for m in _ARTICLES_ON.finditer(text) if "article" in low else ():
        rest = text[m.end():m.end() + 200]
        quoted = [q.strip(" ,.") for q in _QUOTED.findall(rest.split(". ")[0])] if rest[:1] in "“\"" else []
        topics = quoted or [_phrase(part, 0, 8, stop=_MID_PHRASE) for part in re.split(r"\s+and\s+on\s+", rest.split(".")[0])]
        code, cname = _code_key(context_code) if context_code else ("criminal code", "Criminal Code")
        for topic in filter(None, topics):
            add(f"{code} article on {topic.lower()}", f"{cname} article on “{topic}”", "article", m.start(), m.end())
    for m in _DECREE_DESCRIBED.finditer(text) if "decree" in low or "degree" in low else ():
        what = _phrase(text, m.end(), 8, stop=_MID_PHRASE)
        if what:
            add(f"decree establishing {what}", f"Decree establishing {what}", "decree", m.start(), m.end() + len(what),
                m.group("verb"))
    for m in _RULES.finditer(text) if "rules" in low or "regulations" in low else ():
        if m.group("what"):
            what = f"{m.group('what')} {_phrase(text, m.end(), 6, stop=_MID_PHRASE)}"
        else:
            what = m.group("what2")
        add(what, what[:1].upper() + what[1:], "decree", m.start(), m.end(), m.group("verb"))
    for m in _LAW_DOING.finditer(text) if "law " in low or "legislation" in low else ():
        word = m.group("word") or m.group("word2")
        what = _phrase(text, m.end(), 6, stop=_WHAT_A_LAW_DOES)
        add(f"{word.lower()} {what}", f"{word.capitalize()} {what}", "law", m.start(), m.end() + len(what),
            m.group("verb"))
    for m in _LAW_DID.finditer(text) if _may_tell_a_law_apart(text) else ():
        what = _phrase(text, m.end(), 6, stop=_WHAT_A_LAW_DOES)
        if what:
            year = " ".join(w for w in m.group("which").split() if w.isdigit())
            law = f"{year} law" if year else "law"
            doing = _DOING[m.group("did")]
            add(f"{law} {doing} {what}", f"{law[:1].upper()}{law[1:]} {doing} {what}", "law", m.start(),
                m.end() + len(what))
    for m in _ACT.finditer(text) if "Act" in text else ():
        title = re.split(r"[’']s\s+", m.group(0))[-1].removeprefix("The ").removeprefix("the ")
        if len(title.split()) >= 3:  # at least two words before "Act"
            add(title.lower(), title, "law", m.end() - len(title), m.end())
    for m in _LEGISLATIVE_CHANGE.finditer(text) if "legislative" in low else ():
        what = _phrase(text, m.end(), 6, stop=_MID_PHRASE)
        add(f"legislative change {what}", f"Legislative change {what}", "amendment", m.start(), m.end() + len(what))
    for m in _AMENDMENTS.finditer(text) if "amendments" in low else ():
        if m.group("object"):
            what = _phrase(text, m.start("object"), 8, stop=_PHRASE_STOP - {"on"})
            if what.lower().startswith("constitution"):
                continue  # constitutional amendments, above
            key = f"amendments to {law_identity(_canon(what))}"
            name = f"Amendments to the {what}" if what.startswith(("law", "Law")) else f"Amendments to {what}"
        elif m.group("verb"):  # "passed new amendments in February which eased …"; not "through amendments that …"
            what = _phrase(text, m.start("clause"), 8, stop=frozenset())
            key, name = f"amendments that {what}", f"Amendments that {what}"
        else:
            continue
        if what:
            add(key, name, "amendment", m.start(), m.end(), m.group("verb"))
    for m in _NAMED_LAWS.finditer(text) if "laws," in low or "laws”" in low or "law,”" in low or 'law"' in low else ():
        title = m.group("title")
        add(f"{title} laws", f"{title} laws", "law", m.start(), m.end())
    for m in _CODES_PAIR.finditer(text) if " codes" in low else ():
        for group in ("a", "b"):
            key, name = _code_key(m.group(group))
            add(key, name, "code", m.start(group), m.end())
    return out


def _may_tell_a_law_apart(text: str) -> bool:
    """Whether the single-spaced ``text`` may hold what _LAW_DID finds ("A 2021 law established
    …", "a separate law, which criminalized …"): "a" or "an", then "separate", "new" or a
    four-digit year (one or more), "law", and one of the verbs of what it did. Most sentences
    naming a law hold none, and the pattern is slow to try at every position."""
    if not any(map(text.__contains__, _DOING)):
        return False
    i = text.find(" law")
    while i >= 0:
        end = i  # the words before "law", one by one back to one that tells no law apart
        while end > 0:
            space = text.rfind(" ", 0, end)
            word = text[space + 1:end]
            if word not in ("separate", "new") and not (len(word) == 4 and word.isdecimal()):  # (\d{4})
                break
            end = space
        if 0 < end < i and _ends_with_article(text, end):
            return True
        i = text.find(" law", i + 1)
    return False


def _ends_with_article(text: str, end: int) -> bool:
    """Whether "a" or "an" (or "A", "An") ends ``text[:end]`` as a word (no \\w just before it)."""
    for article in ("a", "an", "A", "An"):
        start = end - len(article)
        if start >= 0 and text.startswith(article, start) and (start == 0 or not _is_word_character(text[start - 1])):
            return True
    return False


def _instruments(text: str) -> list[LawMention]:
    """Conventions, protocols, treaties and covenants named in a sentence."""
    out: list[LawMention] = []
    for m in _INSTRUMENT.finditer(text):
        pre = _LEADING_NOISE.sub("", m.group("pre").strip() + " ").strip()
        # only keep the capitalised run right before the word
        keep: list[str] = []
        for w in reversed(pre.split()):
            if w[:1].isupper() or w[:1].isdigit() or (keep and w in ("of", "on", "and")):
                keep.insert(0, w)
            else:
                break
        while keep and keep[0] in ("of", "on", "and", "The", "Under", "Contrary"):
            keep.pop(0)
        post = _TRAILING_FUNC.sub("", m.group("post") or "")
        word = m.group("word")
        name = " ".join(keep + [word]) + post
        if name == word:
            continue
        kind = _INSTRUMENT_KIND[word]
        if kind == "protocol" and not post and re.search(r"\bits\s+(?:\S+\s+){0,2}$", text[:m.start("word")]):
            # "the 1951 Convention … and its 1967 Protocol": the protocol to that convention
            parent = next((p for p in reversed(out) if p.kind == "convention"), None)
            if parent is not None:
                name = f"{name} to the {parent.name}"
        key = re.sub(r"^(?:un|ilo|ilo's|u\.n\.)\s+", "", plain(name).lower())
        if re.fullmatch(r"1951 (?:refugee )?convention", key):
            name, key = _REFUGEE_CONVENTION, _REFUGEE_CONVENTION.lower()
        out.append(LawMention(key, name, kind, m.group(0), text, _event(text, m.start(), m.end())))
    for m in _UN_CONVENTION.finditer(text):  # "the UN convention" of the UN committee named before it
        committee = None
        for committee in _UN_COMMITTEE.finditer(text, 0, m.start()):
            pass
        if committee is not None:
            name = f"Convention {committee.group('prep')} {_TRAILING_FUNC.sub('', committee.group('what'))}"
            out.append(LawMention(plain(name).lower(), name, "convention", m.group(0), text))
    for m in _YEAR_CONVENTION.finditer(text):  # lower-case "1951 convention"
        if not any(o.kind == "convention" and o.surface.find("1951") >= 0 and m.group(0) in o.surface for o in out):
            out.append(LawMention(_REFUGEE_CONVENTION.lower(), _REFUGEE_CONVENTION, "convention", m.group(0), text,
                                  _event(text, m.start(), m.end())))
    return out


def extract_laws_paragraph(sentences: Sequence[str]) -> list[LawMention]:
    """Law references in a paragraph's sentences, resolving bare articles to the last code named."""
    out: list[LawMention] = []
    context: str | None = None
    for sentence in sentences:
        found = extract_laws(sentence, context_code=context)
        if not found:
            continue  # (most sentences)
        out.extend(found)
        codes = [f for f in found if f.kind == "code" and f.key != "constitution"]
        if codes:
            context = codes[-1].key
    return out
