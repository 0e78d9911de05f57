"""Extraction: the executive summary's list of abuses, quantitative claims and law references.

Everything here works on plain strings (sentences, paragraphs), so it can be tested
without a parser; :mod:`differ.diff` feeds it the parsed, aligned report.

* Abuses: the summary sentence that lists them ("The most significant human rights
  problems were …", "Other reported abuses included …", "Significant human rights issues
  included credible reports of: …") is split on top-level semicolons; each item gets
  categories from a small taxonomy, and items are matched across years by fuzzy
  similarity plus category overlap.
* Statistics: counts, percentages, money, durations, ranges – never years or dates –
  with the noun phrase they count.
* Laws: codes, articles, named laws, decrees, conventions, normalised to one key per
  law so the same law in two editions is one entity.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from rapidfuzz import fuzz

# --- shared text helpers ---------------------------------------------------------------

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00ad": ""})


def plain(text: str) -> str:
    """Straight quotes and dashes, single spaces: for matching, never for display."""
    if text.isascii():
        return " ".join(text.split())
    return " ".join(text.translate(_QUOTES).split())


# --- abuses ----------------------------------------------------------------------------

# The sentence openers that introduce the list (2016 and the 2019+ template).
_ABUSE_INTRO = re.compile(
    r"(?P<intro>(?:The\s+most\s+significant\s+human\s+rights\s+(?:problems|issues|abuses)\s+(?:were|included)"
    r"|Other\s+(?:reported\s+)?(?:human\s+rights\s+)?(?:abuses|problems|issues)\s+included"
    r"|(?:Significant|Serious)\s+human\s+rights\s+(?:issues|abuses|problems)\s+(?:included|were)"
    r"(?:\s+credible\s+reports\s+of)?"
    r"|Human\s+rights\s+(?:issues|abuses|problems)\s+included(?:\s+credible\s+reports\s+of)?))"
    r"\s*:?\s*(?P<body>.+)$",
    re.S,
)

# category -> pattern; an item may fall in several categories. Order is display order.
TAXONOMY: tuple[tuple[str, str], ...] = (
    ("killings", r"killing|hazing|deaths?\b"),
    ("disappearance", r"disappear"),
    ("torture", r"tortur|cruel,? inhuman|degrading treatment|detainee and prisoner (?:torture|abuse)"),
    ("prison conditions", r"(?:prison|detention)(?: and (?:prison|detention))? conditions"),
    ("arbitrary arrest or detention", r"arbitrary (?:or unlawful )?(?:arrest|detention)|arrest (?:and|or) detention"),
    ("judiciary", r"judicia|due process|fair (?:public )?trial"),
    ("political prisoners", r"political prisoners|political detainees|politically motivated (?:prosecution|detention)"),
    ("transnational repression", r"transnational repression|in another country"),
    ("privacy", r"privacy|interference with (?:the )?(?:private|home|correspondence)"),
    ("punishment of family members", r"family members for|offenses by a relative"),
    ("expression, press and internet", r"expression|\bpress\b|media|journalist|censorship|libel|speech|internet"),
    ("assembly and association",
     r"assembly|(?<!workers’ freedom of )(?<!workers' freedom of )association|nongovernmental organi|\bNGOs?\b"),
    ("religion", r"religio"),
    ("movement", r"movement|leave the country|freedom to travel|exit visa"),
    ("elections and political participation",
     r"elections?\b|choose their government|change their government|political participation|political party"),
    ("corruption", r"corruption"),
    ("violence against women", r"women|gender-based|domestic violence|\brape\b|femicide"),
    ("children", r"(?<!worst forms of )child(?:ren)?\b(?! labor| soldiers)|minors\b"),
    ("child labor", r"child labor"),
    ("trafficking", r"traffick"),
    ("LGBTI", r"lesbian|\bgay\b|LGBT|sexual orientation|gender identity"),
    ("disability", r"disabilit"),
    ("HIV/AIDS", r"\bHIV\b|\bAIDS\b"),
    ("worker rights",
     r"workers?’? |workers’|workers'|trade union|labor activist|union members|forced (?:or compulsory )?labor"),
    ("minorities", r"ethnic minorit|national minorit|indigenous|antisemit|racial"),
    ("refugees", r"refugee|refoulement|asylum"),
    ("child soldiers", r"child soldiers"),
    ("impunity", r"impunity"),
)
_TAXONOMY = tuple((name, re.compile(pat, re.I)) for name, pat in TAXONOMY)
CATEGORIES = tuple(name for name, _ in TAXONOMY)


def categorize(item: str) -> tuple[str, ...]:
    """The taxonomy categories an abuse item falls in (possibly none)."""
    text = " ".join(item.split())
    return tuple(name for name, pat in _TAXONOMY if pat.search(text))


@dataclass(frozen=True)
class AbuseItem:
    text: str
    categories: tuple[str, ...]
    intro: str  # the sentence opener the item came from

    @property
    def category(self) -> str | None:
        return self.categories[0] if self.categories else None


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
    body = " ".join(body.split()).rstrip()
    body = re.sub(r"[.]\s*$", "", body)
    items = []
    for part in _split_top_level(body):
        part = part.strip().strip(",").strip()
        part = re.sub(r"^(?:and|or)\s+", "", part)
        if part:
            items.append(part)
    return items


def abuse_items_from_sentences(sentences: Iterable[str]) -> list[AbuseItem]:
    """Find the abuse-list sentences among ``sentences`` and split them into items."""
    items: list[AbuseItem] = []
    for sentence in sentences:
        m = _ABUSE_INTRO.search(" ".join(sentence.split()))
        if not m:
            continue
        intro = " ".join(m.group("intro").split())
        for text in split_abuse_items(m.group("body")):
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
    status: str  # kept | added | dropped
    old: AbuseItem | None
    new: AbuseItem | None
    category: str | None
    score: float


def _abuse_score(a: AbuseItem, b: AbuseItem) -> float:
    text = fuzz.token_set_ratio(plain(a.text).lower(), plain(b.text).lower()) / 100.0
    if a.categories and b.categories:
        sa, sb = set(a.categories), set(b.categories)
        cat = len(sa & sb) / len(sa | sb)
        return 0.5 * text + 0.5 * cat
    return text


def match_abuses(old: Sequence[AbuseItem], new: Sequence[AbuseItem]) -> list[AbuseMatch]:
    """Match abuse items across editions: ``kept`` for the same abuse reworded.

    A one-to-one assignment on fuzzy text similarity plus category overlap first; an
    item left over is still ``kept`` when every one of its categories is covered by the
    other edition's list (one item split in two, or two merged), else ``added`` /
    ``dropped``. Uncategorised items need close wording.
    """
    import numpy as np
    from differ.assign import max_weight_assignment

    results: list[AbuseMatch] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    if old and new:
        scores = np.array([[_abuse_score(a, b) for b in new] for a in old])
        rows, cols = max_weight_assignment(scores)
        for i, j in zip(rows, cols):
            a, b = old[i], new[j]
            shared = set(a.categories) & set(b.categories)
            text = fuzz.token_set_ratio(plain(a.text).lower(), plain(b.text).lower())
            if (shared and scores[i, j] >= 0.35) or text >= 80:
                used_old.add(i)
                used_new.add(j)
                cat = next((c for c in a.categories if c in shared), None) or b.category or a.category
                results.append(AbuseMatch("kept", a, b, cat, round(float(scores[i, j]), 3)))

    def covered(item: AbuseItem, others: Sequence[AbuseItem]) -> AbuseItem | None:
        if not item.categories or not others:
            return None
        have = {c for o in others for c in o.categories}
        if not set(item.categories) <= have:
            return None
        return max(others, key=lambda o: (len(set(o.categories) & set(item.categories)), _abuse_score(item, o)))

    # Leftovers: an item whose every category the other list still covers is a
    # rewording split across (or merged from) several items, not an addition/removal.
    for j, b in enumerate(new):
        if j in used_new:
            continue
        partner = covered(b, old)
        if partner is not None:
            used_old.add(next(i for i, a in enumerate(old) if a is partner))
            results.append(AbuseMatch("kept", partner, b, b.category, round(_abuse_score(partner, b), 3)))
        else:
            results.append(AbuseMatch("added", None, b, b.category, 0.0))
    for i, a in enumerate(old):
        if i in used_old:
            continue
        partner = covered(a, new)
        if partner is not None:
            results.append(AbuseMatch("kept", a, partner, a.category, round(_abuse_score(a, partner), 3)))
        else:
            results.append(AbuseMatch("dropped", a, None, a.category, 0.0))

    order_old = {id(a): i for i, a in enumerate(old)}
    order_new = {id(b): i for i, b in enumerate(new)}

    def key(m: AbuseMatch):
        if m.new is not None:
            return (order_new[id(m.new)], 0)
        return (order_old[id(m.old)] - 0.5, 1)

    results.sort(key=key)
    return results


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

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = r"(?:" + "|".join(sorted(_WORDNUMS, key=len, reverse=True)) + r")(?:[- ](?:" + "|".join(
    k for k in _WORDNUMS if k not in ("hundred",)
) + r"))?"
_NUM = rf"(?:(?:{_DIGITS})(?:\s+(?:thousand|million|billion|trillion))?|(?i:{_WORDS})(?:\s+(?:thousand|million|billion|trillion)|\s+and\s+a\s+half)?)"
_DURATION_UNIT = r"(?:years?|months?|weeks?|days?|hours?)(?:’|')?"
_MONEY_CUR = r"(?:(?:Kazakhstani\s+)?tenge|KZT|rubles?|euros?|U\.S\.\s+dollars|dollars|soms?)"

_NUMBER_WORDS = "|".join(sorted(_WORDNUMS, key=len, reverse=True))
_DIGIT = re.compile(r"\d")
_NON_ALPHA = re.compile(r"[^a-z]+")
_WORD_SCAN = tuple(sorted(_WORDNUMS, key=len, reverse=True)) + ("between",)
_WORD_SET = frozenset(_WORD_SCAN)
_DIGIT_OR_DOLLAR = re.compile(r"[\d$]")
# Run on the lower-cased sentence; the look-ahead on first letters rejects most positions cheaply.
_CANDIDATE_LOW = re.compile(r"(?<![\w/.-])(?:\$|\d|(?=[%s])(?:%s)\b)" % (
    "".join(sorted({w[0] for w in _WORD_SCAN})), "|".join(_WORD_SCAN)))
_DIGIT_START = re.compile(r"(?<![\w/.-])(?:US\$|\$|between\s|\d)")
# Where a statistic can start: a digit, a dollar sign or a number word at a word boundary.
_CANDIDATE = re.compile(rf"(?<![\w/.-])(?:\$|US\$|between\s|\d|(?i:{_NUMBER_WORDS})\b)")
_STAT = re.compile(
    rf"""
    (?<![\w/.-])
    (?:
      (?P<range>(?:between\s+)?(?P<r1>\$?{_NUM})(?:\s+(?:and|to)\s+|(?<=\d)\s*[-–]\s*(?=\$?\d))(?P<r2>\$?{_NUM})
          \s*(?P<runit>percent\b|%|{_MONEY_CUR}\b|MCI\b|{_DURATION_UNIT}(?!\w))?)
      |(?P<usd>(?:US)?\$\s?(?P<usdnum>{_DIGITS}(?:\s+(?:thousand|million|billion|trillion))?))
      |(?P<pct>(?P<pctnum>{_NUM})\s*(?:percent\b|%))
      |(?P<money>(?P<moneynum>{_NUM})\s+{_MONEY_CUR}\b(?:\s*\((?:US)?\$\s?(?P<moneyusd>{_DIGITS}(?:\s+(?:thousand|million|billion))?)\))?)
      |(?P<mci>(?P<mcinum>{_NUM})\s+(?:MCI\b|(?:monthly|minimum)\s+calculation\s+ind(?:ex|ices)\b(?:\s+\(MCI\))?)(?:\s+units\b)?
          (?:\s*\((?:US)?\$\s?(?P<mciusd>{_DIGITS}(?:\s+(?:thousand|million|billion))?)\))?)
      |(?P<dur>(?P<durnum>{_NUM})[- ](?P<durunit>{_DURATION_UNIT})(?!\w))
      |(?P<count>(?P<countnum>{_DIGITS}(?:\s+(?:thousand|million|billion|trillion))?|(?i:{_WORDS})))
    )
    (?![\w])
    """,
    re.X,
)
# Words before a number that make it an identifier, not a quantity.
# Words right before a number that make it an identifier, not a quantity ("Article 174").
_ID_WORDS = frozenset(
    """article articles no nos unit section sections part paragraph chapter decree resolution law convention
    protocol page pages item case order clause code colony facility prison camp region number un covid hotline
    line aged age ages zone""".split()
)
_ID_LIST_BEFORE = re.compile(r"\b(?:Articles?|Nos?\.)\s+[\d.,\s]+(?:and|or)\s*$")
_MONTH_WORDS = frozenset(w.lower() for w in _MONTHS.split("|"))
_TIMEFRAME_WORDS = frozenset("first last past next previous preceding final".split())


def _last_word(before: str) -> str:
    tail = before.rstrip()
    i = max(tail.rfind(" "), tail.rfind("("))
    return tail[i + 1:].rstrip(".").lower()


def _is_identifier(before: str) -> bool:
    if before.rstrip(" ").endswith(("/", "#", "№", "-")):
        return True
    word = _last_word(before)
    if word in _ID_WORDS:
        return True
    return word in ("and", "or") and _ID_LIST_BEFORE.search(before) is not None


_MONTH_AFTER = re.compile(rf"\s*(?:{_MONTHS})\b")
_ID_AFTER_UNIT = re.compile(r"^(?:st|nd|rd|th)\b")
_DATE_AFTER = re.compile(rf"^\s*(?:{_MONTHS})\b|^,\s*\d{{4}}")
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)(?:s)?$")
_STOP = frozenset(
    """was were is are had has have be been being in during and or that which who whom by from to for on at with
    while according since between as per after before than under because when including remained did do does
    could would should may might will can not also reportedly allegedly""".split()
)
_NOUN_WORD = re.compile(r"[\w’'-]+")


def parse_number(text: str) -> float | None:
    """``"12.96 million"`` → 12960000.0, ``"seven and a half"`` → 7.5, ``"twenty-five"`` → 25."""
    t = text.lower().replace("$", "").replace("us", "").strip()
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
    for w in re.split(r"[- ]", t):
        if w not in _WORDNUMS:
            return None
        total = total * 100 if w == "hundred" else total + _WORDNUMS[w]
    return total * scale + half


@dataclass(frozen=True)
class Statistic:
    value: str  # as written, normalised spaces ("12.96 million", "96", "two to seven and a half")
    number: float | None  # numeric value (range: the upper bound)
    unit: str  # count | percent | tenge | USD | MCI | years | months | weeks | days | hours | …
    kind: str  # count | percent | money | duration | range
    noun: str  # the noun phrase the number counts
    sentence: str
    start: int
    end: int

    def to_json(self) -> dict:
        return {"value": self.value, "number": self.number, "unit": self.unit, "kind": self.kind,
                "noun": self.noun, "text": self.sentence}


_PAREN_AHEAD = re.compile(r"\s*(?:\([^)]*\))?")


def _noun_after(text: str, pos: int, max_words: int = 6) -> str:
    """The words a number counts: up to the first verb-like stop word, punctuation or number."""
    rest = text[pos:]
    rest = rest[_PAREN_AHEAD.match(rest).end():]
    words: list[str] = []
    of_used = False
    for w in rest.split():
        clean = w.rstrip(".,;:)”\"")
        low = clean.lower()
        if not clean or not _NOUN_WORD.fullmatch(clean) or any(ch.isdigit() for ch in clean):
            break
        if low in _STOP:
            break
        if low == "of":
            if of_used:
                break
            of_used = True
        words.append(clean)
        if w != clean or len(words) >= max_words:
            break
    while words and words[-1].lower() in ("of", "the", "a", "an", "its", "their", "his", "her"):
        words.pop()
    return " ".join(words)


_LEAD_IN = frozenset(
    """by up to of for at least more than nearly approximately about over under a an the with from was were
    is are be been had has have some almost around only total no not could would may might must should will can
    or and""".split()
)


def _noun_before(text: str, pos: int, n: int = 3) -> str:
    """When nothing follows the figure, what precedes it: "fines of up to" → "fines"."""
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


def _unit_of(token: str) -> str:
    t = token.lower().strip()
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
    return t or "count"


def _candidate_starts(text: str) -> list[int]:
    """Positions where a statistic may start: digits, ``$`` and number words at a word start."""
    low = text.lower()
    if _DIGIT_OR_DOLLAR.search(low) is None and _WORD_SET.isdisjoint(_NON_ALPHA.split(low)):
        return []  # most sentences: no figure at all, skip the slower scan
    return [m.start() for m in _CANDIDATE_LOW.finditer(low)]


def extract_statistics(sentence: str) -> list[Statistic]:
    """Every quantitative claim in one sentence; years, dates and identifiers excluded."""
    text = " ".join(sentence.split())
    stats: list[Statistic] = []
    starts = _candidate_starts(text)
    if not starts:
        return stats
    last_end = 0
    for pos in starts:
        if pos < last_end:
            continue
        m = _STAT.match(text, pos)
        if not m:
            continue
        start, end = m.span()
        last_end = end
        before = text[max(0, start - 60):start]  # the look-back patterns are anchored at the end
        if start > 60:
            before = before[before.find(" ") + 1:]
        after = text[end:]
        last = _last_word(before)
        if _is_identifier(before) and not m.group("range"):
            continue
        if last in _MONTH_WORDS or _DATE_AFTER.match(after):
            continue
        if _ID_AFTER_UNIT.match(after):
            continue
        raw = m.group(0)
        if m.group("range"):
            r1, r2 = m.group("r1"), m.group("r2")
            if _YEAR.match(r1.replace(",", "x")) or _YEAR.match(r2.replace(",", "x")):
                continue
            if last in _MONTH_WORDS or _MONTH_AFTER.match(after):
                continue
            runit = m.group("runit") or ""
            if not runit and not any(ch.isdigit() for ch in r1 + r2) and not re.match(r"\s*[a-z]", after):
                continue
            unit = _unit_of(runit) if runit else ("USD" if "$" in r1 + r2 else "count")
            noun = _noun_after(text, end) if unit != "percent" else _noun_after(text, end + len(re.match(r"\s*(?:of\s+)?", after).group(0)))
            if not noun:
                noun = _noun_before(text, start)
            value = f"{r1.strip()}–{r2.strip()}"
            stats.append(Statistic(value, parse_number(r2), unit, "range", noun, text, start, end))
            continue
        if m.group("usd"):
            num = m.group("usdnum")
            stats.append(Statistic("$" + num, parse_number(num), "USD", "money", _noun_after(text, end) or _noun_before(text, start), text, start, end))
            continue
        if m.group("pct"):
            num = m.group("pctnum")
            skip = re.match(r"\s*(?:of\s+)?", after).group(0)
            noun = _noun_after(text, end + len(skip)) or _noun_before(text, start)
            stats.append(Statistic(num, parse_number(num), "percent", "percent", noun, text, start, end))
            continue
        if m.group("money"):
            num = m.group("moneynum")
            usd = m.group("moneyusd")
            value = num + (f" (${usd})" if usd else "")
            stats.append(Statistic(value, parse_number(num), "tenge" if "tenge" in raw.lower() or "KZT" in raw else _unit_of(raw.split()[-1]), "money",
                                   _noun_after(text, end) or _noun_before(text, start), text, start, end))
            continue
        if m.group("mci"):
            num = m.group("mcinum")
            usd = m.group("mciusd")
            stats.append(Statistic(num + (f" (${usd})" if usd else ""), parse_number(num), "MCI", "money", _noun_after(text, end) or _noun_before(text, start), text, start, end))
            continue
        if m.group("dur"):
            num = m.group("durnum")
            if last in _TIMEFRAME_WORDS:
                continue  # "in the first six months of the year" frames a period, it claims nothing
            unit = _unit_of(m.group("durunit"))
            noun = _noun_after(text, end) or _noun_before(text, start)
            stats.append(Statistic(num, parse_number(num), unit, "duration", noun, text, start, end))
            continue
        num = m.group("countnum")
        if _YEAR.match(num) or after.startswith(("-", "–")):
            continue  # a year, or a compound ("three-step", "two-thirds")
        if num.lower() == "one" or num.lower() in ("hundred",):
            continue
        noun = _noun_after(text, end)
        if not noun:
            continue  # a bare number ("one of", "two.") counts nothing we can name
        if re.match(r"(?:of|percent)\b", noun.lower()) and not any(ch.isdigit() for ch in num):
            continue  # "two of the …": too vague to be a statistic
        stats.append(Statistic(num, parse_number(num), "count", "count", noun, text, start, end))
    return stats


def same_value(a: Statistic, b: Statistic) -> bool:
    if a.number is not None and b.number is not None and a.kind == b.kind and a.unit == b.unit:
        return abs(a.number - b.number) < 1e-9 and plain(a.value).lower() == plain(b.value).lower() or (
            abs(a.number - b.number) < 1e-9 and a.kind != "range"
        )
    return plain(a.value).lower() == plain(b.value).lower() and a.unit == b.unit


def stat_similarity(a: Statistic, b: Statistic) -> float:
    """0–1: how likely two statistics are the same claim (same kind/unit, similar noun)."""
    if a.kind != b.kind and not {a.kind, b.kind} <= {"count", "range"}:
        return 0.0
    if a.unit != b.unit and a.kind != "count":
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
_CODE = re.compile(
    rf"\b(?P<name>{_CODE_NAMES})\s+code\b"
    rf"|\bCode\s+(?:of|on)\s+(?P<name2>Criminal\s+Procedure|Civil\s+Procedure|Administrative\s+(?:Offenses|Procedure)"
    rf"|Administrative\s+Violations|Criminal\s+Execution)\b",
    re.I,
)
_ARTICLE = re.compile(
    r"\b(?:its\s+)?Articles?\s+(?P<nums>\d+(?:[-.]\d+)?(?:\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)\d+(?:[-.]\d+)?)*)"
    r"(?:\s*(?:\(\d+\)|,?\s+part\s+\d+))?"
    rf"(?:\s+of\s+the\s+(?:(?:new|\d{{4}})\s+)?(?P<code>(?:{_CODE_NAMES})\s+code|Code\s+(?:of|on)\s+[A-Z]\w+(?:\s+[A-Z]\w+)?|constitution))?",
    re.I,
)
_DECREE = re.compile(r"\b(?:(?:presidential|government)\s+)?[Dd]ecree\s+(?:No\.?|Number|#)\s*(?P<num>\d+)", re.I)
_LAW_NAMED = re.compile(
    r"\b[Ll]aw\s+(?:on\s+)?[“\"](?P<quoted>[^”\"]{3,120})[”\"]"
    r"|\b(?:Law|law)\s+(?P<on>on|On|of|Of)\s+(?P<title>(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|the|and|for|in|on|to|against|with))*)"
)
# "the law on domestic violence": a lower-case title, up to the first clause word
_LAW_ON_LOWER = re.compile(
    r"\blaw on (?P<title>(?:the )?[a-z][a-z’'-]+(?: (?!(?:which|that|who|was|were|is|are|had|has|or|but|in|by|as|the|a|an|"
    r"with|from|to|on|at|since|because|when|while|after|before)\b)[a-z][a-z’'-]+){0,7})"
)
_LAW_GENERIC = re.compile(
    r"\b(?P<topic>trade union|mass media|media|religion|religious|NGO|elections?|electoral|citizenship|refugee|"
    r"extremism|counterterrorism|foreign agents?|national security|political part(?:y|ies))\s+laws?\b",
    re.I,
)
_LAW_GENERIC_BEFORE = re.compile(_LAW_GENERIC.pattern.replace(r"\s+laws?\b", r"\s+$"), re.I)


def _generic_laws(text: str, low: str):
    """``trade union law``-style mentions: find each ``law`` and look at the words before it."""
    out = []
    i = low.find(" law")
    while i >= 0:
        j = i + 4
        if low.startswith("s", j):
            j += 1
        if j >= len(low) or not low[j].isalpha():
            m = _LAW_GENERIC_BEFORE.search(text, max(0, i - 40), i + 1)
            if m:
                out.append(m)
        i = low.find(" law", i + 4)
    return out


_CONVENTION = re.compile(
    r"(?P<pre>(?:(?:[A-Z0-9][\w’'.-]*|of|on|and|the)\s+){0,6})Convention"
    r"(?P<post>(?:\s+(?:No\.\s*\d+|on|against|Relating\s+to|relating\s+to|for|concerning)"
    r"(?:\s+(?:[A-Z][\w’'-]*|of|the|and|in|on|to|for|within|against|all|their)){1,12})?)"
)
_TRAILING_FUNC = re.compile(r"(?:\s+(?:of|the|and|for|in|on|to|against|with|within|all|their))+$")
_LEADING_NOISE = re.compile(r"^(?:(?:the|The|of|on|and|under|Under|UN|U\.N\.|ILO’s|ILO's|ILO|its|Its|[A-Z]\w*’s|[A-Z]\w*'s)\s+)+")


@dataclass(frozen=True)
class LawMention:
    key: str  # normalised identity, e.g. "criminal code article 174"
    name: str  # display name, e.g. "Criminal Code, Article 174"
    kind: str  # code | article | law | decree | convention
    surface: str  # as written
    sentence: str


def _code_key(raw: str) -> tuple[str, str]:
    t = " ".join(raw.lower().replace("-", " ").split())
    t = re.sub(r"^code (?:of|on) ", "", t)
    t = t.removesuffix(" code")
    t = re.sub(r"procedural", "procedure", t)
    t = {
        "administrative offenses": "administrative", "administrative offense": "administrative",
        "administrative violations": "administrative", "penal": "criminal", "entrepreneurial": "entrepreneur",
        "electoral": "election", "criminal execution": "criminal executive",
    }.get(t, t)
    if t == "constitution":
        return "constitution", "Constitution"
    return f"{t} code", f"{t.title()} Code"


def extract_laws(sentence: str, context_code: str | None = None) -> list[LawMention]:
    """Law references in one sentence. ``context_code`` is the code last named earlier in
    the paragraph, used for a bare ``Article N``."""
    text = _HYPHEN_GAP.sub("-", " ".join(sentence.split()))  # "Part- Time" broken at a line end
    found = _extract_laws(text, context_code)
    return [replace(m, key=_canon(m.key)) for m in found]


_HYPHEN_GAP = re.compile(r"(?<=\w)-\s+(?=\w)")


def _canon(key: str) -> str:
    """One spelling per law: straight quotes, no hyphens, single spaces, lower case;
    "law on (the) prevention of X" is the law on X."""
    key = " ".join(plain(key).lower().replace("-", "").split())
    return re.sub(r"^law on (?:the )?(?:prevention of )?", "law on ", key)


def _extract_laws(text: str, context_code: str | None) -> list[LawMention]:
    out: list[LawMention] = []
    low = text.lower()
    has_code, has_article = "code" in low or "constitution" in low, "article" in low
    has_decree, has_law, has_conv = "decree" in low, "law" in low, "Convention" in text
    if not (has_code or has_article or has_decree or has_law or has_conv):
        return out
    codes = [(m, _code_key(m.group("name") or m.group("name2"))) for m in _CODE.finditer(text)] if has_code else []
    for _m, (key, name) in codes:
        out.append(LawMention(key, name, "code", _m.group(0), text))
    distinct = {k for _m, (k, _n) in codes}
    for m in _ARTICLE.finditer(text) if has_article else ():
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
    for m in _DECREE.finditer(text) if has_decree else ():
        out.append(LawMention(f"decree no. {m.group('num')}", f"Decree No. {m.group('num')}", "decree", m.group(0), text))
    has_named = has_law and ("law on" in low or "law of" in low or "law “" in low or 'law "' in low)
    for m in _LAW_NAMED.finditer(text) if has_named else ():
        if m.group("quoted"):
            title = plain(m.group("quoted")).strip(" ,.")
            title = re.sub(r"^[Oo]n\s+", "", title)
            out.append(LawMention(f"law on {title.lower()}", f"Law “On {title}”", "law", m.group(0), text))
        else:
            title = _TRAILING_FUNC.sub("", m.group("title"))
            title = re.sub(r"^the\s+", "", title)
            if not title or not title[0].isupper():
                continue
            title = re.sub(r"\s+of\s+\d{4}$", "", title)
            prep = m.group("on").lower()
            out.append(LawMention(f"law {prep} {title.lower()}", f"Law {prep.capitalize()} {title}", "law", m.group(0), text))
    for m in _LAW_ON_LOWER.finditer(text) if has_named else ():
        title = _TRAILING_FUNC.sub("", m.group("title")).removeprefix("the ")
        if title:
            out.append(LawMention(f"law on {title}", f"Law on {title}", "law", m.group(0), text))
    for m in _generic_laws(text, low) if has_law else ():
        topic = m.group("topic").lower()
        topic = {"religious": "religion", "elections": "election", "electoral": "election", "mass media": "media",
                 "foreign agent": "foreign agents", "political parties": "political party"}.get(topic, topic)
        display = {"ngo": "NGO"}.get(topic, topic)
        out.append(LawMention(f"{topic} law", f"{display[:1].upper()}{display[1:]} law", "law", m.group(0), text))
    for m in _CONVENTION.finditer(text) if has_conv else ():
        pre = _LEADING_NOISE.sub("", m.group("pre").strip() + " ").strip()
        # only keep the capitalised run right before "Convention"
        pre_words = pre.split()
        keep: list[str] = []
        for w in reversed(pre_words):
            if w[:1].isupper() or w[:1].isdigit() or (keep and w in ("of", "on", "and")):
                keep.insert(0, w)
            else:
                break
        while keep and keep[0] in ("of", "on", "and", "The", "Under", "Contrary"):
            keep.pop(0)
        post = _TRAILING_FUNC.sub("", m.group("post") or "")
        name = " ".join(keep + ["Convention"]) + post
        if name == "Convention":
            continue
        key = re.sub(r"^(?:un|ilo|ilo's|u\.n\.)\s+", "", plain(name).lower())
        out.append(LawMention(key, name, "convention", m.group(0), text))
    return out


def extract_laws_paragraph(sentences: Sequence[str]) -> list[LawMention]:
    """Law references in a paragraph's sentences, resolving bare articles to the last code named."""
    out: list[LawMention] = []
    context: str | None = None
    for sentence in sentences:
        found = extract_laws(sentence, context_code=context)
        out.extend(found)
        codes = [f for f in found if f.kind == "code" and f.key != "constitution"]
        if codes:
            context = codes[-1].key
    return out
