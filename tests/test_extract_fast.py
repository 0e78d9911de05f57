"""The fast paths of differ.extract agree with the plain forms they replaced.

Extraction's patterns were rewritten to compile and run faster without matching anything
differently: the number words as a small trie instead of two long lists, one scale after a
number in digits or words, one number shared by every figure of _STAT (and a second one by its
ranges and ratios), by the forms of an age and by a scope's part of the year and span, dates
shared by the scope forms that take them, classes holding "’" spelt so that no big table is
built for them, a lower-case law title read word by word, and cheap ``in`` tests that skip a
regex where it cannot match. Each is compared here with the plain form, on the sentences of the
extraction tests, on real sentences and on made-up runs of tricky tokens.
"""

import ast
import random
import re
from pathlib import Path

import pytest

from differ import extract as X

TESTS = Path(__file__).parent

# --- the plain forms (as differ.extract had them) -------------------------------------------

PLAIN_WORDS = (r"(?:" + "|".join(sorted(X._WORDNUMS, key=len, reverse=True)) + r")(?:[- ]hundred)?(?:[- ](?:"
               + "|".join(k for k in X._WORDNUMS if k != "hundred") + r"))?")
PLAIN_NUM = (rf"(?:(?:{X._DIGITS})(?:\s+(?:thousand|million|billion|trillion))?"  # a scale after each form
             rf"|(?i:{PLAIN_WORDS})(?:\s+(?:thousand|million|billion|trillion)|\s+and\s+a\s+half)?)")
_N, _D, _CUR, _DUR = PLAIN_NUM, X._DIGITS, X._MONEY_CUR, X._DURATION_UNIT
PLAIN_STAT = re.compile(
    rf"""
    (?<![\w/.-])
    (?:
      (?P<range>(?:between\s+)?(?P<r1>\$?{_N})(?:\s+(?:and|to)\s+|(?<=\d)\s*[-–]\s*(?=\$?\d))(?P<r2>\$?{_N})
          \s*(?P<runit>percent\b|%|{_CUR}\b|MCI\b|{_DUR}(?!\w))?)
      |(?P<hrange>(?P<h1>{_N})-\s+(?:and|to)\s+(?P<h2>{_N})-(?P<hunit>{_DUR})(?!\w))
      |(?P<usd>(?:US)?\$\s?(?P<usdnum>{_D}(?:\s+(?:thousand|million|billion|trillion))?))
      |(?P<pct>(?P<pctnum>{_N})\s*-?\s*(?:percent\b|%))
      |(?P<ratio>(?P<ratio1>(?i:one)\s+in|{_N}\s+out\s+of)\s+(?:every\s+)?(?P<rationum>{_N}))
      |(?P<money>(?P<moneynum>{_N})\s+(?P<moneycur>{_CUR})\b(?:\s*\((?:US)?\$\s?(?:{_D}(?:\s+(?:thousand|million|billion))?)\))?)
      |(?P<mci>(?P<mcinum>{_N})\s+(?:MCI\b|(?:monthly|minimum)\s+calculation\s+ind(?:ex|ices)\b(?:\s+\(MCI\))?)(?:\s+units\b)?
          (?:\s*\((?:US)?\$\s?(?:{_D}(?:\s+(?:thousand|million|billion))?)\))?)
      |(?P<dur>(?P<durnum>{_N})[- ](?P<durunit>{_DUR})(?!\w))
      |(?P<frac>(?i:{X._FRACTION}))
      |(?P<dozen>dozen)
      |(?P<count>(?P<countnum>(?:{_D}|(?i:{PLAIN_WORDS}))(?:\s+(?:thousand|million|billion|trillion))?))
    )
    (?![\w])
    """,
    re.X,
)
PLAIN_AGE = re.compile(  # no first-letter look-ahead, "14 years old" and "14-year-old" apart
    rf"""
    (?P<q>(?i:under|younger\s+than|older\s+than|over|above|below|before|after|at\s+least|until|from|between)\s+)?
    (?:the\s+)?(?i:ages?|aged)\s+(?:of\s+)?(?P<a1>{_N})
    (?:\s*(?:-|–|\s+to\s+|\s+and\s+|\s+through\s+)\s*(?P<a2>{_N}))?
    (?P<post>\s+(?:or|and)\s+(?:older|younger|above|below|over|under))?(?!\w)
    |(?P<q2>(?i:under|younger\s+than|older\s+than)\s+)(?P<a3>\d{{1,2}})(?=\s*[,.;)]|\s+(?:and|or|in|with|without)\b)
    |(?P<q3>(?i:under|younger\s+than|older\s+than|over|at\s+least)\s+)?(?P<a4>{_N})\s+years?\s+(?:of\s+age|old)(?!\w)
    |(?P<a5>{_N})-years?-old(?!\w)
    |(?i:(?:minimum|maximum|legal|retirement|voting|marriage|marriageable)\s+age)
     (?:\s+(?:for|of)\s+[a-z]+(?:\s+[a-z]+){{0,3}}?)?\s+(?:was|is|were|are|of|at|remained|stood\s+at|to)\s+(?P<lim>{_N})(?!\w)
    """,
    re.X,
)
_Y, _DT = X._YEAR_NUM, X._DATE
PLAIN_SCOPE = re.compile(  # each form with its own number and dates, as differ.extract had it
    rf"""
    (?P<partial>(?i:in|during|for|over|within|throughout)\s+the\s+(?i:first|last|past|previous|preceding|second|final)
        \s+(?:(?P<pnum>{_N})\s+)?(?P<punit>half|quarter|months?|weeks?|days?)
        (?:\s+of\s+(?:the\s+(?:year|reporting\s+period|current\s+year)|{_Y}|that\s+year|this\s+year))?(?!\w))
    |(?P<same>(?i:for|during|in|over)\s+the\s+same\s+period\s+(?:of|in|last)\s+(?:{_Y}|the\s+previous\s+year|last\s+year))
    |(?P<between>(?i:between)\s+(?:{_DT}|{_Y})\s+and\s+(?:{_DT}|{_Y})(?!\w))
    |(?P<fromto>(?i:from)\s+{_DT}\s+(?:to|through|until)\s+{_DT}(?!\w))
    |(?P<event>(?i:during|amid|after|following|related\s+to|in\s+connection\s+with|connected\s+with)\s+(?:the\s+)?
        (?:(?:[A-Z][\w’'-]*|{_Y}|nationwide|mass|violent|peaceful|recent|early|snap|presidential|parliamentary
           |local|national|regional|general|municipal)\s+){{0,4}}{X._PERIOD_NOUN}
        (?:\s+(?:of|in)\s+(?:{_DT}|{_Y}))?(?!\w))
    |(?P<annual>(?i:for|during|in|throughout)\s+the\s+(?:calendar\s+|fiscal\s+|reporting\s+|whole\s+|entire\s+)?year(?!\w)
        |(?<!\w)(?i:annually|per\s+annum|(?:per|a|each|every)\s+year)(?!\w)(?!\s+and\s+a\s+half))
    |(?P<point>(?i:as\s+of|at\s+the\s+end\s+of|by\s+the\s+end\s+of)\s+(?:early\s+|mid-|late\s+)?(?:{_DT}|{_Y}|the\s+year)(?!\w)
        |(?i:at\s+the\s+time\s+of\s+the\s+(?:announcement|report|visit|writing)))
    |(?P<since>(?i:since)\s+(?:early\s+|mid-|late\s+)?(?:{_DT}|{_Y}|that\s+time)(?!\w))
    |(?P<span>(?i:over|in|during)\s+(?:the\s+(?:past|last|previous)\s+)?(?P<snum>{_N})\s+(?:years|months|decades)(?!\w)
        |(?i:in|during|for)\s+{_Y}\s*[-–]\s*(?:{_Y}|\d\d)(?!\w))
    |(?P<year>(?i:in|during|for|throughout)\s+(?:(?:early|mid-|late)\s*)?(?P<ymonth>{X._MONTH_NAME}\s+)?{_Y}(?![\w-]))
    |(?P<month>(?i:in|during)\s+(?:(?:early|mid-|late)\s*)?{X._MONTH_NAME}(?!\w)(?!\s+\d))
    """,
    re.X,
)
PLAIN_ABUSE_INTRO = re.compile(  # the regex _abuse_intro replaced
    r"(?P<intro>(?:The\s+most\s+significant\s+human\s+rights\s+(?:problems|issues|abuses)\s+(?:were|included)"
    r"|Other\s+(?:reported\s+)?(?:human\s+rights\s+)?(?:abuses|problems|issues)\s+included"
    r"|(?:Significant|Serious)\s+human\s+rights\s+(?:issues|abuses|problems)\s+(?:included|were)"
    r"(?:\s+credible\s+reports\s+of)?"
    r"|Human\s+rights\s+(?:issues|abuses|problems)\s+included(?:\s+credible\s+reports\s+of)?))"
    r"\s*:?\s*(?P<body>.+)$",
    re.S,
)
PLAIN_DESCRIBED_LAW = re.compile(r" codes|laws?,?[”\"]|law (?:further )?\w+ing |(?:separate|new|\d{4}) law\b")
PLAIN_DESCRIBED = re.compile(r"agreement|article|decree|degree|rules|regulations|amendments|legislati|"
                             + PLAIN_DESCRIBED_LAW.pattern)
PLAIN_AGE_HINT = re.compile(r"\b[Aa]ge[sd]?\b|\bold\b|(?:under|younger than|older than)\s+\d")
_WORD_SET = frozenset(X._WORD_SCAN)
PLAIN_XREF = re.compile(
    r"\(\s*see\s+[^)]*\)|\(\d{1,2}\)"
    r"|\b(?:[Ss]ections?|[Aa]rticles?|[Pp]arts?|[Pp]aragraphs?|[Cc]hapters?|[Cc]lauses?)\s+\d+(?:\.\w+)*\.?"
    r"(?:\s*(?:,|and|or|through|to|-|–)\s*\d+(?:\.\w+)*\.?)*"
)
PLAIN_SCOPE_START = re.compile(
    r"(?<![\w’'-])(?:[Ii]n|[Dd]uring|[Ff]or|[Oo]ver|[Ww]ithin|[Tt]hroughout|[Bb]etween|[Ff]rom|[Aa]mid"
    r"|[Aa]fter|[Ff]ollowing|[Rr]elated|[Cc]onnected|[Aa]s|[Aa]t|[Bb]y|[Ss]ince|[Aa]nnually|[Pp]er"
    r"|[Aa]|[Ee]ach|[Ee]very)\b")


# The candidate starts of a figure, as extract_statistics found them before (the look-ahead on
# first letters rejects most positions cheaply): _candidate_starts finds the same.
CANDIDATE_LOW = re.compile(r"(?<![\w/.-])(?:\$|\d|(?=[%s])(?:%s|between|half|dozen)\b)" % (
    "".join(sorted({w[0] for w in X._WORD_SCAN})), X._NUMBER_WORDS))


def plain_may_hold_figure(low: str) -> bool:
    return re.search(r"[\d$]", low) is not None or not _WORD_SET.isdisjoint(re.split(r"[^a-z]+", low))


def may_hold_figure(low: str) -> bool:
    """What extract_statistics's pre-check (_figure_starts_in) says of the lower-cased ``low``:
    whether it has a digit, ``$``, or a number word (or "between", "half", "dozen") standing
    alone between non-letters; without one, nothing can start a figure."""
    return X._figure_starts_in(low) != X._NO_FIGURE


# The figure's first number, in each form's name for it (the shared form has one, ``num``), and
# the outer groups whose spans differ between the forms (the whole figure in the plain form,
# the tail after the number in the shared one): for those, whether they matched.
_FIRST_NUMBER = ("num", "r1", "h1", "pctnum", "moneynum", "mcinum", "durnum", "countnum", "ratio1num")
_TAILS = ("range", "hrange", "pct", "money", "mci", "dur", "count", "ratio")


def stat_reading(m):
    """What a _STAT match says, in terms both forms share: where it is, which alternative
    matched (``lastgroup``, what _read_figure reads), every group's text and span, and the
    first number's whatever its name."""
    if m is None:
        return None
    groups = {name: (m.group(name), m.span(name)) for name in m.re.groupindex
              if name not in ("between", "dollar", "second")}
    ratio1, (start, _end) = groups.pop("ratio1", (None, (-1, -1)))
    if ratio1 is not None:  # the plain form's "one in", "two out of": its number is the shared form's ``num``
        number = re.match(r"(.*?)\s+(?:in|out\s+of)$", ratio1).group(1)
        groups["ratio1num"] = (number, (start, start + len(number)))
    if "hsep" in groups:  # the shared form: a range of durations and a ratio have their second number in r2
        groups["h2"] = groups["rationum"] = (None, (-1, -1))
        if groups.pop("hsep")[0] is not None:
            groups["h2"], groups["r2"] = groups["r2"], (None, (-1, -1))
        if groups.pop("rsep")[0] is not None:
            groups["rationum"], groups["r2"] = groups["r2"], (None, (-1, -1))
    first = [groups.pop(k) for k in _FIRST_NUMBER if k in groups and groups[k][0] is not None]
    for kind in _TAILS:
        groups[kind] = groups[kind][0] is not None
    for k in _FIRST_NUMBER:
        groups.pop(k, None)
    return m.span(), m.lastgroup, sorted(groups.items()), first


def age_reading(m):
    """What an _AGE match says, in terms both forms share: where it is, and every group's text
    and span. The plain form has a number group for each form ("14-year-old"'s is a5, the same
    form's a4 in the shared one); the shared form one number, a1, whose form its opening tells
    (an age word, a named age or neither): it is read as the plain form's a1, lim or a4."""
    if m is None:
        return None
    groups = {name: (m.group(name), m.span(name)) for name in m.re.groupindex}
    if groups.pop("a5", (None,))[0] is not None:
        groups["a4"] = (m.group("a5"), m.span("a5"))
    age, named = groups.pop("age", (None,))[0], groups.pop("named", (None,))[0]
    if "lim" not in groups:  # the shared form
        number = groups.pop("a1")
        groups["a1"], groups["a4"], groups["lim"] = (None, (-1, -1)), (None, (-1, -1)), (None, (-1, -1))
        if number[0] is not None:
            groups["a1" if age is not None else "lim" if named is not None else "a4"] = number
    groups.setdefault("a4", (None, (-1, -1)))
    return m.span(), sorted(groups.items())


PLAIN_LAW_ON_LOWER = re.compile(
    rf"\blaw on (?P<title>(?:the )?[a-z][a-z’'-]+(?: (?!(?:{X._TITLE_STOP})\b)[a-z][a-z’'-]+){{0,7}})")
_SCOPE_FORMS = ("partial", "same", "between", "fromto", "event", "annual", "point", "since", "span", "year", "month")


def scope_reading(m):
    """What a _SCOPE match says, in terms both forms share: where it is, which form matched
    (the shared form's "at the time of" is the plain form's point, its range of years a span),
    and its number ("pnum"; the plain form's span has "snum"), unit and month."""
    if m is None:
        return None
    group = m.groupdict()
    form = next(f for f in _SCOPE_FORMS + ("pointtime", "yearspan") if group.get(f) is not None)
    form = {"pointtime": "point", "yearspan": "span"}.get(form, form)
    number = "snum" if group.get("snum") is not None else "pnum"
    return m.span(), form, [(m.group(g), m.span(g)) for g in (number, "punit", "ymonth")]


# --- the sentences ----------------------------------------------------------------------------


def _test_strings() -> list[str]:
    """Every string literal of the extraction tests (their sentences are the tricky cases)."""
    out = set()
    for name in ("test_extract.py", "test_statistics_findings.py", "test_findings_laws.py", "test_findings_abuses.py"):
        for node in ast.walk(ast.parse((TESTS / name).read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and 3 < len(node.value) < 3000:
                out.add(node.value)
    return sorted(out)


_TOKENS = (
    "5", "12", "1,500", "12.5", "2015", "1,000,000", "$", "US$", "$40,000", "seven", "Seven", "SEVENTEEN", "seventy",
    "twenty-five", "twenty five", "twenty-six", "one", "One", "eight", "eighty", "eighteen", "ten", "hundred",
    "sevenpercent", "eightyears", "seventeens", "ſix", "tenge", "Kazakhstani tenge", "KZT", "U.S. dollars", "soums",
    "lei", "percent", "%", "MCI", "monthly calculation indices", "(MCI)", "units", "(US$40,000)", "($500)", "years",
    "year", "year’s", "months", "days’", "hours", "and", "to", "-", "–", "- to", "out of", "in", "every", "a",
    "half", "and a half", "a half", "dozen", "a dozen", "million", "thousand", "billion", "of", "the", "age", "ages",
    "aged", "Age", "Ages", "under", "younger than", "older than", "old", "year-old", "-year-old", "or older", "at least",
    "minimum age for marriage was", "legal age of", "in the first", "months of the year", "during the", "protests",
    "January", "May 5, 2020", "March", "since", "as of", "end of", "over", "per year", "annually", "from", "through",
    "between", "one in", "two thirds", "a third", "three quarters", "half of the", "Article", "section", "Part", "paragraphs", "Chapter", "clause", "(see",
    ")", "(", ",", ".", ";", "/", "law", "laws,", "Part-", "Time", "human rights", "included", "at", "sentenced", "Served", "LAW", "had to", "compared with",
    "but", "while", "ſentenced", "A Year And A Half",
)


_NUMBERS = tuple(t for t in _TOKENS if t[:1].isdigit() or t.lower().strip("ſ") in X._WORDNUMS or "$" in t)


def _token_runs(n: int, seed: int = 14) -> list[str]:
    """Runs of tokens, every other one or so a number, so that the patterns' number-unit
    combinations turn up often."""
    rng = random.Random(seed)
    runs = []
    for _ in range(n):
        parts = [rng.choice(_NUMBERS if rng.random() < 0.4 else _TOKENS) for _ in range(rng.randint(2, 9))]
        seps = [rng.choice((" ", " ", " ", "", "-", ", ")) for _ in parts]
        runs.append("".join(p + s for p, s in zip(parts, seps)).strip())
    return runs


@pytest.fixture(scope="module")
def sentences(corpus) -> list[str]:
    real = [s for year in (2016, 2023) for sec in corpus.load(year).walk() for p in sec.paragraphs
            for s in p.sentences]
    texts = _test_strings() + real + _token_runs(1500)
    return [" ".join(t.split()) for t in texts]


# --- the comparisons ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "seventeen", "seven", "seventy", "sevent", "eightyears", "eighty", "eighteen", "fourteen", "forty", "Twenty-Six",
    "twenty-sixteen", "twenty sixty", "one hundred", "hundred-one", "thirty-eight", "fifty-fifty", "ninety-nine",
    "SIXTEEN", "ſix", "tenge", "one-seventeen", "twelve-", "two-three-four",
    "five hundred", "two hundred fifty", "one-hundred-one", "hundred hundred", "nine hundred-",
])
def test_number_word_trie_matches_like_the_lists(text):
    for suffix in ("", " ", "s", "-year", "teen", "y"):
        s = text + suffix
        trie, plain = re.match(f"(?i:{X._WORDS})", s), re.match(f"(?i:{PLAIN_WORDS})", s)
        assert (trie and trie.span()) == (plain and plain.span()), s
        assert bool(re.fullmatch(f"(?i:{X._WORDS})", s)) == bool(re.fullmatch(f"(?i:{PLAIN_WORDS})", s)), s


def test_figure_patterns_match_like_the_plain_forms(sentences):
    for text in sentences:
        for pos in range(len(text)):
            if pos and text[pos - 1].isalnum():
                continue  # (inside a word every pattern here fails at once)
            assert stat_reading(X._STAT.match(text, pos)) == stat_reading(PLAIN_STAT.match(text, pos)), (text, pos)
            scope = X._SCOPE.match(text, pos)
            assert scope_reading(scope) == scope_reading(PLAIN_SCOPE.match(text, pos)), (text, pos)
            if scope:  # as _scope_class reads a scope found
                phrase = scope.group(0)
                assert scope_reading(X._SCOPE.fullmatch(phrase)) == scope_reading(PLAIN_SCOPE.fullmatch(phrase)), phrase
            assert age_reading(X._AGE.match(text, pos)) == age_reading(PLAIN_AGE.match(text, pos)), (text, pos)


@pytest.mark.parametrize("text", [
    "twenty one in five", "twenty-one in five", "One in every three", "ONE IN TWO", "1 in 5", "one million in two",
    "one and a half in two", "two and a half out of three", "one half in", "twenty-one out of every 40", "one-in-five",
    "between one in five", "$1 in 5", "one in", "forty-one in 100 and one in ten",
    "five- to $7-year", "five- and $seven-year", "$5- to 7-year", "between five- to 7-year", "5 - to 7-years",
    "five-to seven-year", "five- to seven-year-old", "5- to 10-day", "5–10 days", "$5 to $7 million",
    "two out of $3", "one in $5", "one in every 5 percent", "5 out of 10 days", "two out of three- to five-year",
])
def test_ratios_and_ranges_match_like_the_plain_form(text):
    """The shared form reads " in four" only after "one" alone (not "twenty-one", "twenty one"),
    and no "$" before the second number of a range of durations (as before its first)."""
    assert X._NUM_SECOND_MARKED.replace("(?P<second>[- ])", "[- ]") == X._NUM  # the same number, marked
    for pos in range(len(text)):
        assert stat_reading(X._STAT.match(text, pos)) == stat_reading(PLAIN_STAT.match(text, pos)), (text, pos)


@pytest.mark.parametrize("text", [
    "from 2019 to 2021", "from January 2019 to March 2021", "From May 5 through June 2", "between 2019 and 2021",
    "between January and March 2020", "between May 2019 and 2021", "since the year", "as of the year",
    "since that time", "as of that time", "At the end of late 2020", "since mid-March 2021", "at the time of the report",
    "in 2019-2021", "during 2019–20", "during the past three years", "over the last two months of the year",
    "over three decades", "in the first half", "In the past year", "during the Hundred Years War",
    "during Two Years protests", "during the same period of 2019", "in twenty five years", "over the past 1,500 years",
    "during the first 10 days of 2020", "over the past months", "in the last few years", "in connection with the 2020 unrest",
    "from 2019 to March 2021", "from March 2019 to 2021", "from January and March 2021", "between May 2019 to 2021",
    "over months", "during decades",
])
def test_made_up_scopes_match_like_the_plain_form(text):
    for pos in range(len(text)):
        assert scope_reading(X._SCOPE.match(text, pos)) == scope_reading(PLAIN_SCOPE.match(text, pos)), (text, pos)
    assert scope_reading(X._SCOPE.fullmatch(text)) == scope_reading(PLAIN_SCOPE.fullmatch(text)), text


def test_lower_case_law_titles_found_word_by_word_as_by_the_look_ahead(sentences):
    odd = ["law on the wasn’t rule", "law on x", "law on the", "law on theory of was", "law on a b c d e f g h i j k",
           "the law on domestic violence which was", "law on foo_bar was", "law on fooBar baz", "law on mass media2 was",
           "law on the the the", "law on ab-cd’s that", "the law on law on courts", "law on wasé due", "law on was",
           "law on due was’ fine", "law on due-process rights and the", "Law on x", "law on  two spaces", "law on é"]
    for text in sentences + odd:
        assert list(X._laws_on_lower(text)) == [m.span() for m in PLAIN_LAW_ON_LOWER.finditer(text)], text


# The classes holding "’" as the patterns had them, and the spellings that replace them.
_SPELT_CLASSES = {X._WORD_CHAR: "[\\w’'-]", X._WORD_CHAR_OR_DOT: "[\\w’'.-]", X._LOWER_WORD_CHAR: "[a-z’'-]",
                  X._LETTER_IGNORING_CASE: "[a-z]", X._letters_ignoring_case(X._AGE_FIRST_LETTERS): f"[{X._AGE_FIRST_LETTERS}]",
                  "(?<![\\w'-])(?<!’)": "(?<![\\w’'-])"}


@pytest.mark.parametrize("flags", [0, re.I])
def test_spelt_out_classes_match_the_same_characters(flags):
    every = "".join(map(chr, range(0x110000)))
    for spelt, cls in list(_SPELT_CLASSES.items())[:-1]:  # (the last a pair of look-behinds)
        assert re.findall(spelt, every, flags) == re.findall(cls, every, flags), cls
        assert re.findall(spelt + "+", every, flags) == re.findall(cls + "+", every, flags), cls


@pytest.mark.parametrize("name", ["_QUALIFIER_BEFORE", "_OF_GROUP", "_ONE_IDIOM_AFTER", "_NUMBER_OF", "_SCOPE_START",
                                  "_LAW_NAMED", "_INSTRUMENT", "_UN_COMMITTEE", "_ACT", "_ARTICLE", "_AGE"])
def test_patterns_with_spelt_out_classes_match_as_with_the_classes(sentences, name):
    fast = getattr(X, name)
    pattern = fast.pattern
    for spelt, cls in _SPELT_CLASSES.items():
        pattern = pattern.replace(spelt, cls)
    assert pattern != fast.pattern and "’{1}" not in pattern
    plain = re.compile(pattern, fast.flags)
    odd = ["the Law On Women’s Rights’ Protection", "O’Brien’s Act of 2020 ’s", "Committee against Torture’s ’x",
           "at least 5", "over’ 5", "’nearly 5", "x-over 5", "The Convention on the Rights of the Child’s 3 ’No.",
           "One other’s per year", "number of women’s rights defenders was", "of the detainees’ cases",
           "Number of İnmates ıs was", "the number of ſtaff was", "of the \u212aGB", "Article 5 of the Code of Criminal Procedure",
           "Articles 3 and 4 of the code on İmmigration ſervices", "ſix years old", "İN under 12, AGES 9-10"]
    for text in sentences + odd:
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
            (m.span(), m.groups()) for m in plain.finditer(text)], text


def test_a_figure_match_names_its_alternative_last(sentences):
    """_read_figure reads which alternative of _STAT matched from ``lastgroup``: the outer
    group (for a range, a percentage, money, MCI, a duration, a ratio and a count the one after
    the shared number, empty for both ranges and a count)."""
    outer = ("range", "hrange", "ratio", "usd", "pct", "money", "mci", "dur", "frac", "dozen", "count")
    for text in sentences:
        for pos in range(len(text)):
            m = X._STAT.match(text, pos)
            if m is not None:
                assert m.lastgroup == next(g for g in outer if m.group(g) is not None), (text, pos)


def _qualifier_texts(n: int, seed: int = 5) -> list[str]:
    """Runs of qualifier words, joined by spaces, hyphens or nothing, before a number."""
    rng = random.Random(seed)
    words = ("more", "than", "no", "up", "to", "at", "least", "some", "x", "Over", "UNDER", "nearly", "about", "a",
             "maximum", "of", "just", "over", "-", "'", "_", "5", "an", "estimated", "In", "excess", "(", ",",
             "’", "“", "é", "ſome", "at leaſt", "ın", "İn", "\u212aey", "almoſt")  # (ſ, ı, İ, K: letters ignoring case)
    texts = []
    for _ in range(n):
        parts = [rng.choice(words) for _ in range(rng.randint(0, 7))]
        texts.append(" ".join(("".join(p + rng.choice((" ", " ", "", "-")) for p in parts) + " 750 people").split()))
    return texts


def test_qualifier_found_without_the_regex_as_with_it(sentences):
    """_qualifier and _ends_with_qualifier find, in single-spaced text, what _QUALIFIER_BEFORE
    finds (without it where the text a match would lie in holds no letter that only ignoring
    case makes ASCII: "’", "“" or "é" before a qualifier or in its window alike)."""
    for text in sentences + _qualifier_texts(20000):
        for start in range(1, len(text)):
            if text[start - 1] == " " or start % 7 == 0:
                m = X._QUALIFIER_BEFORE.search(text, max(0, start - 24), start)
                expected = (None, start) if m is None else (m.group("q"), m.start())
                assert X._qualifier(text, start) == expected, (text, start)
                before = X._text_before(text, start)
                assert X._ends_with_qualifier(before) == (X._QUALIFIER_BEFORE.search(before) is not None), before


def test_only_the_four_letters_beyond_ascii_match_one_ignoring_case():
    """_cased_plainly's list: the characters beyond ASCII that a pattern of ASCII letters matches
    ignoring case, as a class and as literals, and those whose lower case is not one character
    beyond ASCII."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    as_class, as_literals = re.compile(f"[{letters}]", re.I), re.compile("|".join(letters), re.I)
    others = [chr(c) for c in range(128, 0x110000)]
    assert {c for c in others if as_class.fullmatch(c) or as_literals.fullmatch(c)} == set(X._ASCII_LOOKALIKES)
    assert {c for c in others if len(c.lower()) != 1 or c.lower().isascii()} <= set(X._ASCII_LOOKALIKES)


def test_taxonomy_in_lower_case_finds_what_ignoring_case_finds(sentences):
    texts = [t for t in sentences if t.replace("’", "").isascii()]
    for text in texts + [t.upper() for t in texts[:3000]] + [t.title() for t in texts[:3000]]:
        ignoring_case = tuple(name for name, pat in X._TAXONOMY if pat.search(text))
        assert tuple(name for name, pat in X._TAXONOMY_LOWER if pat.search(text.lower())) == ignoring_case, text


def test_age_first_letters_turn_away_no_match(sentences):
    """_AGE finds what its pattern finds without the look-ahead, scanning whole sentences
    (positions inside words too) and odd letters that fold to ASCII ones."""
    odd = ["ſix years old", "\u212aids aged 5", "İN under 12, AGES 9-10", "thunder 9; 7-year-old",
           "children under 5-year-old and at least twenty-five-year-old, over 14 years old"]
    for text in sentences + odd:
        assert list(map(age_reading, X._AGE.finditer(text))) == list(map(age_reading, PLAIN_AGE.finditer(text))), text


@pytest.mark.parametrize("fast, plain", [(X._XREF, PLAIN_XREF), (X._SCOPE_START, PLAIN_SCOPE_START)],
                         ids=["xref", "scope start"])
def test_first_letter_look_aheads_turn_away_no_match(sentences, fast, plain):
    for text in sentences:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_cheap_tests_never_skip_a_match(sentences):
    for text in sentences:
        low = text.lower()
        assert may_hold_figure(low) == plain_may_hold_figure(low), text
        if not any(map(text.__contains__, X._XREF_HINTS)):
            assert X._XREF.search(text) is None, text
        if not any(map(text.__contains__, X._AGE_HINT_WORDS)):
            assert PLAIN_AGE_HINT.search(text) is None, text
        assert (X._AGE_HINT_AT.search(text) is None) == (PLAIN_AGE_HINT.search(text) is None), text
        for pattern, words in ((X._LEGAL, X._LEGAL_WORDS), (X._EVENT, X._EVENT_WORDS),
                               (X._UNIT_AND_A_HALF, X._AND_A_HALF)):
            if not X._may_contain(text, words):
                assert not pattern.search(text), (pattern, text)
        if "number" not in low:
            assert X._NUMBER_OF.search(text) is None, text
        if not any(map(text.__contains__, X._CLAUSE_BREAK_HINTS)):
            assert X._CLAUSE_BREAK.search(text) is None, text
        if "- " not in text:
            assert X._HYPHEN_GAP.search(text) is None, text
        if "Article" not in text and "No" not in text:
            assert X._ID_LIST_BEFORE.search(text) is None, text
        if "uman" not in text and "included" not in text:
            assert PLAIN_ABUSE_INTRO.search(text) is None, text
        plain_words = ("agreement", "article", "decree", "degree", "rules", "regulations", "amendment", "legislati")
        if not any(w in low for w in plain_words):
            assert (PLAIN_DESCRIBED_LAW.search(low) is None) == (PLAIN_DESCRIBED.search(low) is None), text
        assert (X._DESCRIBED_LAW_AT.search(low) is None) == (PLAIN_DESCRIBED_LAW.search(low) is None), text
        i = low.find(" law")
        while i >= 0:  # a topic before "law" lies within 20 characters, as within 40
            near, far = (X._LAW_GENERIC_BEFORE.search(text, max(0, i - k), i + 1) for k in (20, 40))
            assert (near and near.span()) == (far and far.span()), text
            i = low.find(" law", i + 4)


_DATES_AFTER = [" May 5", ",2015", ", 2015", ",\t2015", ", ٢٠١٥", "  June", "\u2003July", " Mayday", " Sept.", ", 201",
                ",2015x", "May", ",", "", " ", " Mar ", " Dec", " National Plan", ", as", " \n Jan"]


PLAIN_DATE_AFTER = re.compile(rf"^\s*(?:{X._MONTHS})\b|^,\s*\d{{4}}")
PLAIN_ORDINAL_ENDING = re.compile(r"^(?:st|nd|rd|th)\b")


_LAWS_TOLD_APART = ["A 2021 law established a fund.", "(a new law, which criminalized torture,", "an 2021 2022 law required",
                    "the new law established", "Thea new law banned it", "a separate new law that later restricted it",
                    "a ٢٠٢١ law granted", "A new law “On Online Platforms” regarding", "a new law, which restricted x",
                    "An separate law quietly imposed fees", "a 12021 law allowed", "a new  law allowed", "a newlaw allowed"]


def test_laws_told_apart_only_where_the_pattern_may_find_one(sentences):
    """_may_tell_a_law_apart turns away no single-spaced sentence in which _LAW_DID finds a law."""
    texts = [" ".join(t.split()) + " it" for t in _LAWS_TOLD_APART]
    for text in sentences + texts:
        if not X._may_tell_a_law_apart(text):
            assert X._LAW_DID.search(text) is None, text
    assert sum(X._LAW_DID.search(t) is not None for t in texts) >= 6


def test_a_word_broken_at_a_line_end_is_joined_before_laws_are_read():
    broken, whole = (X.extract_laws(f"The Law “On Part-{gap}Time Employment” was adopted.") for gap in (" ", ""))
    assert [m.key for m in broken] == [m.key for m in whole] == ["law on parttime employment"]
    assert broken[0].name == "Law “On Part-Time Employment”"


@pytest.mark.parametrize("low", [
    "no figure here.", "someone saw it", "five5", "ten-year", "it was ten.", "a half-brother", "between them",
    "٣ people", "² squared", "i̇ki", "\u212aelvin", "one\udcff", "dozens", "\u00a0seven\u2003", "x$", "", "no #1", "#ten#",
])
def test_figure_precheck_on_odd_characters(low):
    assert may_hold_figure(low) == plain_may_hold_figure(low)


@pytest.mark.parametrize("digits", ["0", "7", "96", "2016", "0012", "٣", "١٢", "9" * 400, "1" * 309])
def test_digits_alone_parse_as_through_the_general_steps(digits):
    """parse_number's shortcut for digits alone gives what its general steps give ("us" and "$"
    stripped, no fraction, scale or half: the float, or None past a float's range)."""
    value = float(digits)
    assert X.parse_number(digits) == (value if value != float("inf") else None)
    assert X.parse_number(digits + " ") == X.parse_number(digits)  # (the general steps, stripped)


def test_figure_precheck_before_spacing_is_normalised(sentences):
    """extract_statistics asks _figure_starts_in of the sentence as given, before normalising its
    white space: the same statistics as for the normalised sentence, whatever the spacing."""
    import random

    rng = random.Random(17)
    gaps = ["  ", "\t", "\n", "\u00a0", "\u2003", " \r\n "]
    for text in sentences[::3]:
        messy = "".join(w + rng.choice(gaps + [" "] * 6) for w in text.split(" "))
        messy = rng.choice(["", " ", "\u00a0"]) + messy
        assert X.extract_statistics(messy) == X.extract_statistics(text), messy


@pytest.mark.parametrize("extra", [[], ["$five", "five$", "$5 and 6", "x$ten", "9five", "five9", "ａ٣", "/5", "-5", ".5",
                                        "5.5", "(5)", "\u00a0٣", "one\udcff2", "“twenty-one”", "a-ten"],
                                   ["ten", "ten ten", "tenten ten", "someone one", "_ten ten_", "x-ten", "/ten", ".ten",
                                    "(ten)", "tén ten", "ten٣", "٣ten", "ten²", "²ten", "ſix six", "i̇ki one",
                                    "one\udcff", "\udcffone", "seventeen seven seventy", "twenty-five", "a.half half",
                                    "half/dozen", "between-between", "$ten 5 ten", "ten, 5 and one", "ᵗen ten",
                                    "twenty-twenty", "eight eighty eighteen eightieth", "one-one one_one one1one"]])
def test_digit_candidates_where_no_number_word_can_start_a_figure(sentences, extra):
    """Where _figure_starts_in finds no number word, the digits-and-"$" pattern finds what
    CANDIDATE_LOW finds; where it finds neither, CANDIDATE_LOW finds nothing. Where it finds
    one, those and the number words found by str.find are what CANDIDATE_LOW finds."""
    for text in sentences + extra:
        low = text.lower()
        kind = X._figure_starts_in(low)
        full = [m.start() for m in CANDIDATE_LOW.finditer(low)]
        if kind == X._NO_FIGURE:
            assert full == [], text
        if kind != X._NUMBER_WORD:
            assert [m.start() for m in X._DIGIT_START.finditer(low)] == full, text
        assert X._candidate_starts(low, kind) == full, text


def _plain_same_abuse(a, b) -> float:
    """_same_abuse as it was: the wording weighed before the categories are asked."""
    ca, cb = X._content(a), X._content(b)
    shared = len(ca & cb)
    wording = X._wording(a, b)
    same_theme = X.abuse_category(a) == X.abuse_category(b)
    if not ((same_theme and shared) or (wording >= 0.9 and (same_theme or not (a.categories and b.categories)))):
        return 0.0
    acts_a, acts_b = X._acts(a), X._acts(b)
    if acts_a and acts_b and not acts_a & acts_b and wording < 0.9:
        return 0.0
    dice = 2 * shared / (len(ca) + len(cb)) if ca or cb else 1.0
    return round(0.5 * dice + 0.5 * wording, 3)


def test_abuse_items_filed_apart_score_as_before_without_their_wording(corpus):
    """_same_abuse turns away two items filed under different categories before weighing
    their wording: the scores are the ones the full test gives, items of real abuse lists
    and made-up ones (alike in wording, filed apart or under no category) alike."""
    real = [it for year in (2016, 2023, 2024) for it in X.abuse_items(corpus.load(year))]
    texts = ["torture and cruel treatment by police", "Torture and cruel treatment by police.",
             "restrictions on peaceful assembly", "serious restrictions on free expression and the media",
             "trafficking in persons", "forced labor"]
    made = [X.AbuseItem(t, cats, "") for t in texts
            for cats in ((), ("torture",), ("expression",), ("torture", "expression"), ("expression", "torture"))]
    items = real + made
    for a in items:
        for b in items:
            assert X._same_abuse(a, b) == _plain_same_abuse(a, b), (a, b)


@pytest.mark.parametrize("extra", [[], [
    "In 2015, 5 people.", "in 2015.5 percent", "2015,000 tenge", "in 2015.", "(2015)", "2015;", "2015: 7", "May 5-6 days",
    "May 5 percent", "July 14, 2015", "2015", "the 1951 convention", "by 2020-21", "from 2019 to 2020", "2015. 5",
    "June 3.5%", "in 2015 tenge", "2015 years", "2015 year-old", "2015 and 2016", "2015 to 2016", "2015 out of 3000",
    "2015 million", "2015 percent", "2015 %", "2015 - 16", "2015 – 16", "2015  tenge", "2015 Kazakhstani tenge",
    "2015 monthly calculation indices", "2015 MCI", "2015 minimum calculation index", "2015 criminal code",
    "2015 Tenge", "2015 days’", "2015 hours'", "2015 andrew", "Article 2015 percent", "No. 5 million", "No. 5 and 6",
    "section 3-5 days", "#5 percent", "May 2015 and 2016", "2015 U.S. dollars", "2015 dollars", "2015 todo",
    "2015 -percent", "2015 - percent", "2015 -%"]])
def test_candidates_the_early_exit_passes_make_no_figure(sentences, extra):
    """extract_statistics returns at once when no candidate start can make a figure: an
    identifier, a day after a month name or a plain year. At each such start, whatever _STAT
    matches, _read_figure makes no figure (with a figure before it or not)."""
    seen = 0
    for text in sentences + extra:
        low = text.lower()
        for pos in X._candidate_starts(low, X._figure_starts_in(low)):
            if X._never_a_figure_at(text, pos):
                seen += 1
                m = X._STAT.match(text, pos)
                assert m is None or X._read_figure(m, text, False) == X._read_figure(m, text, True) == [], (text, pos)
    assert seen > 100


def test_paragraphs_turned_away_for_their_act_alone_name_no_law(corpus):
    """may_name_a_law passes no paragraph that the plain hint test (" act" lower-cased among
    the words) turns away, and what it turns away that the plain test passed names no law."""
    from differ.corpus import Corpus
    from differ.model import make_paragraph

    editions = [(corpus, year) for year in (2016, 2023, 2024)]
    editions += [(Corpus(corpus.root, name), year) for name in ("uzbekistan", "iceland") for year in (2023, 2024)]
    real = [p.text for c, year in editions for sec in c.load(year).walk() for p in sec.paragraphs]
    made = ["Activists met.", "activists met; the action failed.", "The Justice Act passed. Activists met.",
            "activists\nAct of Parliament for Justice passed.", "ACT NOW, activists said.", "an act of the Justice Act",
            "Our act:\tThe Survivors Today (JUST) Act was signed.", "the  Act", " act", "Act", "exact acts"]
    turned_away = 0
    for text in real + made:
        plain = any(h in text.lower() for h in X.LAW_HINTS)
        assert plain or not X.may_name_a_law(text), text
        if plain and not X.may_name_a_law(text):
            turned_away += 1
            assert X.extract_laws_paragraph(make_paragraph(text).sentences) == [], text
    assert turned_away > 5


def test_date_or_ordinal_after_a_figure_found_as_by_the_patterns(sentences):
    """_date_or_ordinal_after, with str methods, says what the patterns it replaced match:
    after every digit, space and comma of the sentences and _DATES_AFTER, and on made-up
    openings with odd spaces, digits and word characters."""
    afters = [text[pos:] for text in sentences + _DATES_AFTER for pos in range(len(text))
              if pos == 0 or text[pos] in " ," or text[pos - 1].isdigit()]
    opens = ["", " ", "  ", "\u2003", "\t\n", ",", ", ", ",\u00a0", ",  ", "x", "-"]
    words = ["May", "may", "Sept", "Sep", "September", "Jun", "June", "Ju", "Dec", "Decem", "MAY", "st", "nd", "rd",
             "th", "sts", "Th", "2015", "٢٠١٥", "20²5", "201", "20 15", "12345"]
    ends = ["", " ", ".", ",", "_", "é", "5", "²", "’", "s", "-", "ſ"]
    afters += [o + w + e for o in opens for w in words for e in ends]
    for after in afters:
        plain = PLAIN_DATE_AFTER.match(after) or PLAIN_ORDINAL_ENDING.match(after)
        assert X._date_or_ordinal_after(after) == bool(plain), after


def test_verbose_patterns_on_one_line_parse_as_before():
    """_STAT, _AGE's body and _SCOPE are written verbose and compiled as one line (_one_line):
    the regex parser makes the same tree of both (re.DEBUG prints it), so they match the same."""
    import contextlib
    import io

    source = (TESTS.parent / "differ" / "extract.py").read_text()
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
             and getattr(node.func, "id", None) == "_one_line"]
    verbose = [eval(compile(ast.Expression(call.args[0]), "extract.py", "eval"), vars(X)) for call in calls]
    assert len(verbose) == 3

    def tree(pattern, flags):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            re.compile(pattern, flags | re.DEBUG)
        return out.getvalue()

    for pattern in verbose:
        assert tree(X._one_line(pattern), 0) == tree(pattern, re.X)
    assert X._one_line(" a\n   [ ] b\n c ") == "a[ ] bc"  # (inner white space stays: none may be there)



def _patterns_for_single_spaced_text() -> dict[str, tuple[object, str]]:
    """Each pattern of differ.extract made by _for_single_spaced, with the pattern it was made from."""
    source = (TESTS.parent / "differ" / "extract.py").read_text()
    out = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and node.value.args:
            inner = node.value.args[0]
            if isinstance(inner, ast.Call) and getattr(inner.func, "id", None) == "_for_single_spaced":
                name = node.targets[0].id
                out[name] = (getattr(X, name), eval(compile(ast.Expression(inner.args[0]), "extract.py", "eval"), vars(X)))
    return out


_FOR_SINGLE_SPACED = _patterns_for_single_spaced_text()


@pytest.mark.parametrize("name", sorted(_FOR_SINGLE_SPACED))
def test_patterns_for_single_spaced_text_match_as_with_white_space_classes(sentences, name):
    """The patterns asked only of single-spaced text (or a part of it) are written for it
    (_for_single_spaced: a space for \\s and \\s+, " ?" for \\s* and \\s?): on every sentence
    (single-spaced) and made-up text with odd white space made single-spaced, each matches as its
    form with the white space classes, with the same groups: _AGE (asked with finditer) at every
    position, the others wherever no letter or digit is before (where they are asked: at a
    candidate start, after a figure, from a word's start), and search and finditer find the same."""
    fast, pattern = _FOR_SINGLE_SPACED[name]
    assert fast.pattern == X._for_single_spaced(pattern) and "\\s" in pattern
    classes = re.compile(pattern, fast.flags)
    made_up = ["under \t 16 ,and \u00a0 14 years \n old", "between  five\u2003and 7 percent", "in the\nfirst  eight months",
               "for the  same period of\t2019", "two\u00a0million tenge ( US$ 5 )", "minimum  age for  marriage was\n18",
               "Articles \t 5 , and 6  or 7 (2) of the  new\nCriminal  Procedure code", "a 2019  law, which  newly banned x",
               "adopted\tamendments  in May 2020 that x", "the criminal  and\ncivil codes", "Law\u00a0On the  Media of",
               "implemented  new\trules on x", ", which  was\nofficially adopted", "the  number of\tdetained  people was 5",
               "one  inspector\u00a0per 23,000", "issued new  visa\nrules introduced by x", "a year  and a\thalf",
               "5  of\twhich", "the  ", "(see  section\n2.a.)", "Articles 5,\t6  and ", "an\tagreement  with x",
               "the  UN\nconvention", "the 1951  Refugee\tConvention", "x  Act\nof 2020 Act"]

    def reading(m):
        return m and (m.span(), m.groups())

    every_position = name == "_AGE"
    for text in sentences + [X.single_space(t) for t in made_up]:
        for pos in range(len(text)):
            if every_position or not pos or not text[pos - 1].isalnum():
                assert reading(fast.match(text, pos)) == reading(classes.match(text, pos)), (text, pos)
        assert list(map(reading, fast.finditer(text))) == list(map(reading, classes.finditer(text))), text
        assert reading(fast.search(text)) == reading(classes.search(text)), text


def test_for_single_spaced_refuses_a_lazy_white_space_class():
    assert {"_STAT", "_AGE", "_SCOPE", "_ARTICLE", "_LAW_NAMED", "_RULES", "_EVENT_AFTER", "_XREF"} <= set(_FOR_SINGLE_SPACED)
    with pytest.raises(AssertionError):
        X._for_single_spaced(r"a\s+?b")
    assert re.fullmatch(X._for_single_spaced(r"a\s*b\s+c\s?d"), "ab c d")


def test_first_words_grouped_by_letter_begin_where_a_word_does(sentences):
    """_AGE's look-ahead on its first word, the words grouped by first letter
    (_first_words_ignoring_case), passes where the words as _AGE listed them did: at every
    position of every sentence and of made-up text with letters that fold to ASCII ones."""
    words = X._AGE_FIRST_WORD_LIST
    grouped = re.compile(X._AGE_FIRST_WORDS)
    plain = re.compile(r"(?i:under|younger|older|over|above|below|before|after|at|until|from|between|the|age|minimum"
                       rf"|maximum|legal|retirement|voting|marriage|{X._NUMBER_WORDS})")  # (as _AGE had it)
    odd = ["ſix ſeven", "\u212aids", "İN UNDER", "ıt Age", "TWENTY-ONE", "seventeen", "sev", "o", "ab"]
    for text in sentences + odd + [w.upper() for w in words] + [w[:-1] for w in words]:
        for pos in range(len(text)):
            assert (grouped.match(text, pos) is None) == (plain.match(text, pos) is None), (text, pos)
    assert X._first_words_ignoring_case(["ab", "abc", "b", "ac"]) == "(?i:a(?:b|c)|b(?:))"

def test_abuse_list_openers_found_as_by_the_regex(sentences):
    """_abuse_intro finds the opener and the list the regex it replaced found, in every sentence
    (its words joined by single spaces, as the sentences searched are) and in made-up ones:
    every form of every opener, inside words, twice, with a colon, spaces or nothing after it."""
    rng = random.Random(9)
    forms = [s for intros in X._ABUSE_INTROS for s in intros] + ["Other reported human rights", "Serious human rights"]
    before = ["", "x", "Also, ", "An", "The most significant human rights problems were Other abuses included "]
    after = ["", ":", " :", ": ", " : ", " x", ": x", ":x", " no credible reports", " credible reports of", ":: y",
             " credible reports of:", " credible reports of: a; b."]
    made_up = [b + f + a for b in before for f in forms for a in after]
    made_up += [" ".join(rng.choice(forms + after + before) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    for text in sentences + made_up:
        text = " ".join(text.split())
        m = PLAIN_ABUSE_INTRO.search(text)
        assert X._abuse_intro(text) == (m and (m.group("intro"), m.group("body"))), text


PLAIN_TAXONOMY = {  # the taxonomy patterns written out as phrases, as they were
    "torture": r"tortur|cruel,? inhuman|degrading treatment|detainee and prisoner (?:torture|abuse)",
    "prison conditions": r"(?:prison|detention)(?: and (?:prison|detention))? conditions",
    "arbitrary arrest or detention": r"arbitrary (?:or unlawful )?(?:arrest|detention)|arrest (?:and|or) detention",
    "judiciary": r"judicia|due process|fair (?:public )?trial",
    "political prisoners": r"political prisoners|political detainees|politically motivated (?:prosecution|detention)",
    "privacy": r"privacy|interference with (?:the )?(?:private|home|correspondence)",
    "worker rights": r"workers?’? |workers’|workers'|trade union|labor activist|union members|forced (?:or compulsory )?labor",
}


def _spellings(pattern: str) -> list[str]:
    """Every text a pattern of plain characters, (?:…) groups, alternatives and "?" after a
    character or a group matches."""
    def alternatives(i):
        found, i = sequence(i)
        while pattern.startswith("|", i):
            more, i = sequence(i + 1)
            found += more
        return found, i

    def sequence(i):
        found = [""]
        while i < len(pattern) and pattern[i] not in "|)":
            if pattern.startswith("(?:", i):
                item, i = alternatives(i + 3)
                assert pattern[i] == ")"
                i += 1
            else:
                assert pattern[i] not in "\\()[]?*+.{}^$", pattern
                item, i = [pattern[i]], i + 1
            if pattern.startswith("?", i):
                item, i = item + [""], i + 1
            found = [head + tail for head in found for tail in item]
        return found, i

    found, end = alternatives(0)
    assert end == len(pattern)
    return found


def test_taxonomy_phrases_find_what_the_patterns_found(sentences):
    """The taxonomy's patterns written out as phrases find what they found: a text holds one
    of the phrases just when it holds one of the texts the pattern matched, since each of
    those holds a phrase and each phrase holds one of them (ignoring case too: they are plain
    text). And so on every sentence."""
    taxonomy = dict(X.TAXONOMY)
    assert sorted(_spellings("a(?:b|c)?d|e?")) == ["", "abd", "acd", "ad", "e"]
    for name, plain in PLAIN_TAXONOMY.items():
        phrases, matched = taxonomy[name].split("|"), _spellings(plain)
        assert not any(c in "\\()[]?*+.{}^$" for c in taxonomy[name]), name  # (plain phrases)
        assert all(any(p in m for p in phrases) for m in matched), name
        assert all(any(m in p for m in matched) for p in phrases), name
        for text in sentences:
            assert bool(re.search(taxonomy[name], text, re.I)) == bool(re.search(plain, text, re.I)), (name, text)


def test_taxonomy_words_between_word_boundaries_found_as_by_the_patterns(sentences):
    """A taxonomy pattern with words between \\b, tested as phrases (_Phrases), finds what the
    pattern finds in lower-cased text: every sentence and made-up words with every kind of
    neighbour; "deaths?\\b" and "elections?\\b" written as two words each find what they found."""
    plain = {"killings": r"killing|hazing|deaths?\b",
             "elections and political participation": r"elections?\b|choose their government"
             r"|change their government|political participation|political party"}
    taxonomy = dict(X.TAXONOMY)
    around = ["", " ", "x", "_", "1", "é", "’", "-", "/", ".", "s", "ſ", "\u00b2"]
    words = ["press", "rape", "gay", "hiv", "aids", "death", "deaths", "election", "elections", "hiv/aids"]
    made_up = [a + w + b for a in around for w in words for b in around] + ["press press", "xpress press", "deathss"]
    texts = [t.lower() for t in sentences] + made_up
    for name, pattern in X._TAXONOMY_LOWER:
        if isinstance(pattern, X._Phrases) and pattern.words:
            regex = re.compile(taxonomy[name].lower())
            for text in texts:
                assert pattern.search(text) == bool(regex.search(text)), (name, text)
    for name, before in plain.items():
        for text in texts + [t.upper() for t in made_up]:
            assert bool(re.search(taxonomy[name], text, re.I)) == bool(re.search(before, text, re.I)), (name, text)
    for other in (r"a-\b|x", r"\b-a", r"a\bb", r"\b", r"a|\b(?:b)"):  # (\b beside no word character, or inside)
        assert not isinstance(X._lower_case_pattern(other), X._Phrases), other


def test_word_searches_find_what_their_patterns_find(sentences):
    """_LEGAL and _EVENT, read as words in lower case (_WordSearch), find what their patterns
    find: in every sentence, and in made-up runs of their words and parts of them, cased every
    way, beside word characters or not, with odd spaces or folding letters (the pattern's turn)."""
    rng = random.Random(8)
    for search in (X._LEGAL, X._EVENT):
        words = [w for alternative in search.alternatives for w, _ in alternative]
        parts = words + [w[:-1] for w in words] + [w + "s" for w in words] + [
            "provides", "providing", "for", "x", "_", "1", "é", "-", ",", "’", "ſ", "  ", "\u00a0", "\n", "LAW", "Must"]
        made_up = [rng.choice(("", " ")).join(rng.choice(parts) for _ in range(rng.randint(1, 5))) for _ in range(20000)]
        made_up += [t.upper() for t in made_up[:3000]] + [t.title() for t in made_up[:3000]]
        for text in sentences + made_up:
            assert search.search(text) == (search.regex.search(text) is not None), text


PLAIN_YEAR = re.compile(  # what _plain_year_at replaced
    rf"(?<![\w/.-])(?:1[89]|20)\d\d(?:[,;:)]|\.(?!\d)|\Z| (?![-–\s]|(?:and|to|out)\b|percent\b|%"
    rf"|{X._MONEY_CUR}\b|MCI\b|monthly|minimum|{X._DURATION_UNIT}(?!\w)|thousand|million|billion|trillion))")


def test_plain_year_found_as_by_the_pattern(sentences):
    """_plain_year_at says what the pattern it replaced matched: at every digit of the sentences,
    and after made-up years, every tail word and currency, cut, lengthened or followed by a word
    character, a quote or punctuation."""
    currencies = [c.replace("\0", ".") for c in _spellings(X._MONEY_CUR.replace(r"\s+", " ").replace(r"\.", "\0"))]
    durations = _spellings(X._DURATION_UNIT)
    words = [*currencies, *durations, *X._TAIL_WORDS, *X._TAIL_BEGINNINGS, "Kazakhstani  tenge", "U.S.dollars",
             "Kazakhstani\u00a0tenge", "Kazakhstani", "U.S.", "Tenge", "YEARS", "anda", "law", "²", "5", ""]
    variants = [w + e for w in words for e in ("", "s", "a", "x", "_", "’", "'", ".", " ", "é", "1")] + [
        w[:-1] for w in words if w] + [s + w for s in ("\u00a0", "\n", " ", "\u2003") for w in words]
    years = ["2015", "1899", "1800", "2099", "2115", "1799", "20١٥", "2015²", "x2015", "/2015", "-2015", "(2015", "201"]
    seps = ["", " ", "  ", ",", ";", ":", ")", ".", ".5", "-", "–", "\u00a0", "\n", "’", "5"]
    made_up = [y + s + v for y in years for s in seps for v in variants]
    for text in sentences + made_up:
        for pos in range(len(text)):
            if text[pos].isdigit():
                assert X._plain_year_at(text, pos) == (PLAIN_YEAR.match(text, pos) is not None), (text, pos)


PLAIN_PART_OF_AFTER = re.compile(  # what _part_of_after replaced
    r"\s+of\s+(?:(?:the|its|their|his|her|these|those|all)\s+)?(?:[\w-]+['’]s\s+)?"
    r"(?:(?:more|fewer|less)\s+than\s+|at\s+least\s+|(?:about|approximately|nearly|almost|over|some|around|roughly)\s+)?"
    r"(?=[\d$]|(?i:%s)\b)" % X._NUMBER_WORDS)


def test_part_of_what_follows_found_as_by_the_pattern(sentences):
    """_part_of_after says what the pattern it replaced found: after every position of the
    sentences that follows a digit or a word, and after made-up runs of its words, possessives,
    qualifiers and numbers, spaced and cased every way."""
    assert sorted(_spellings(X._NUMBER_WORDS)) == sorted(X._WORDNUMS)
    rng = random.Random(11)
    parts = [" of", "of", " ", "  ", "\u00a0", "\n", "the", "its", "their", "his", "her", "these", "those", "all", "The",
             "senate’s", "women's", "co-op’s", "x’s", "’s", "’", "s", "more", "than", "fewer", "less", "at", "least",
             "about", "approximately", "nearly", "almost", "over", "some", "around", "roughly", "About",
             "5", "$", "٣", "²", "seven", "Seventeen", "SEVENTY", "sevens", "ſix", "\u212aen", "hundred", "one_", "x", "-"]
    made_up = ["".join(rng.choice(parts) + rng.choice(("", " ", " ", "  ")) for _ in range(rng.randint(1, 8)))
               for _ in range(30000)]
    dets = ["", "the ", "its ", "their ", "his ", "her ", "these ", "those ", "all ", "thes "]
    quals = ["", "more than ", "fewer than ", "less than ", "at least ", "about ", "approximately ", "nearly ",
             "almost ", "over ", "some ", "around ", "roughly ", "more  than ", "at  least", "most than "]
    made_up += [" of " + d + p + q + n for d in dets for p in ("", "senate’s ", "x's ", "’s ") for q in quals
                for n in ("5", "$", "seven", "Seventeen", "seventeenth", "x", "٣")]
    afters = [t[pos:] for t in sentences for pos in range(1, len(t)) if t[pos - 1].isalnum() and not t[pos].isalnum()]
    for after in afters + made_up + [" " + m for m in made_up]:
        assert X._part_of_after(after) == (PLAIN_PART_OF_AFTER.match(after) is not None), after


def _plain_split_abuse_items(body: str) -> list[str]:
    """split_abuse_items as it was, with two patterns."""
    body = " ".join(body.split()).rstrip()
    body = re.sub(r"[.]\s*$", "", body)
    items = []
    for part in X._split_top_level(body):
        part = part.strip().strip(",").strip()
        part = re.sub(r"^(?:and|or)\s+", "", part)
        if part:
            items.append(part)
    return items


def test_abuse_items_split_as_with_the_patterns(sentences):
    """split_abuse_items, single-spacing the list first and then with str methods, splits what
    the patterns split: every sentence and made-up lists of odd items, conjunctions and ends."""
    rng = random.Random(12)
    parts = ["and", "or", "andrew", "oregon", "x", ";", ",", ".", ". ", " ", "  ", "\n", "\u00a0", "(a; b)", "and\u00a0y",
             "or;", "torture", "and;", "..", ", and", " or "]
    made_up = ["".join(rng.choice(parts) + rng.choice(("", " ")) for _ in range(rng.randint(0, 9))) for _ in range(20000)]
    for body in sentences + made_up:
        assert X.split_abuse_items(body) == _plain_split_abuse_items(body), body
