import pytest

from differ import sentences
from differ.sentences import split_sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.S. government objected.  Officials left.", ["The U.S. government objected.", "Officials left."]),
        ("Under Decree No. 757 the fine rose.  It was paid.", ["Under Decree No. 757 the fine rose.", "It was paid."]),
        (
            "The fine was 12.96 million tenge ($40,000).  He paid it.",
            ["The fine was 12.96 million tenge ($40,000).", "He paid it."],
        ),
        ("See Art. 174 of the code.  It applies.", ["See Art. 174 of the code.", "It applies."]),
        ("Activist A.B. Jones and J. Smith spoke.  Police came.", ["Activist A.B. Jones and J. Smith spoke.", "Police came."]),
        ("He said, “This is over.”  The court agreed.", ["He said, “This is over.”", "The court agreed."]),
        (
            "Detention (see section 2.a.) was common.  Lawyers objected.",
            ["Detention (see section 2.a.) was common.", "Lawyers objected."],
        ),
        ("Arrests rose (see section 1.d.).  Police denied it.", ["Arrests rose (see section 1.d.).", "Police denied it."]),
        ("Complaints rose to 138.  In 2022 there were 110.", ["Complaints rose to 138.", "In 2022 there were 110."]),
        ("Wrapped\nline  with   spaces.", ["Wrapped line with spaces."]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_real_paragraph_sentences_rejoin_to_paragraph(corpus):
    report = corpus.load(2023)
    for section in report.walk():
        for p in section.paragraphs:
            assert " ".join(p.sentences) == p.text


def test_period_boundaries_as_any_boundary_in_text_without_other_stops(corpus):
    """Without "!" or "?", the boundary pattern opening with "." finds what the general one finds."""
    import random

    from differ.sentences import _BOUNDARY, _PERIOD_BOUNDARY

    texts = [p.text for year in (2016, 2023) for s in corpus.load(year).walk() for p in s.paragraphs]
    rng = random.Random(2)
    pieces = ["No.", " 757", "U.S.", " ", "  ", "\n", ".", "..", "”", ")", "(", "“", "A", "b", "’", "]", "[", "x"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(5000)]
    for text in texts:
        if "!" not in text and "?" not in text:
            spans = [(m.span(), m.groups()) for m in _PERIOD_BOUNDARY.finditer(text)]
            assert spans == [(m.span(), m.groups()) for m in _BOUNDARY.finditer(text)], text


def _plain_token_start(text_before: str) -> int:
    end = len(text_before.rstrip("\"”’)]").rstrip(".!?"))
    start = end
    while start > 0 and (text_before[start - 1].isalnum() or text_before[start - 1] in ".$’'-_"):
        start -= 1
    return start


def test_abbreviation_token_found_by_strip_as_by_the_loop(monkeypatch):
    """_is_abbreviation reads the same token whether it strips (ASCII text) or walks back."""
    import random

    from differ import sentences

    seen = []
    monkeypatch.setattr(sentences, "ABBREVIATIONS", type("Spy", (), {
        "__contains__": lambda self, word: seen.append(word) or False})())
    rng = random.Random(5)
    pieces = ["No", "u.s", ".", "$", "-", "'", "_", "9", " ", "(", "x", "é", "’", "”", ")", "!", "Art", "A.B", "\t"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) + rng.choice([".", ".”", "!)", ""])
        seen.clear()
        sentences._is_abbreviation(text)
        end = len(text.rstrip("\"”’)]").rstrip(".!?"))
        word = text[_plain_token_start(text):end].lower()
        assert seen == ([word] if word else []), text


def _plain_split_sentences(text: str) -> list[str]:
    """split_sentences as it was before its loop skipped the depth count in text without "("
    and asked _is_abbreviation once per boundary: the reference for the test below."""
    from differ.sentences import _BOUNDARY, _PERIOD_BOUNDARY, _is_abbreviation

    text = " ".join(text.split())
    if not text:
        return []
    sentences, start, depth, last_scan = [], 0, 0, 0
    boundaries = _BOUNDARY if "!" in text or "?" in text else _PERIOD_BOUNDARY
    for m in boundaries.finditer(text):
        end = m.end()
        depth = max(0, depth + text.count("(", last_scan, m.start()) - text.count(")", last_scan, m.start()))
        token = m.group(0)
        depth_after = max(0, depth - token.count(")"))
        last_scan = end
        opener, first = m.group(1), m.group(2)
        ends = (depth_after == 0 and (first.isupper() or first.isdigit() or opener != "")
                and not (token.startswith(".") and _is_abbreviation(text[max(0, end - 40):end])))
        if ends and first.isdigit() and _is_abbreviation(text[max(0, end - 40):end]):
            ends = False
        depth = depth_after
        if ends:
            sentences.append(text[start:end].strip())
            start = end
    tail = text[start:].strip()
    return sentences + [tail] if tail else sentences


def test_split_sentences_as_the_plain_loop(corpus):
    """The loop's shortcuts (no depth count without "(", one abbreviation test) split every real
    paragraph and made-up runs of stops, brackets, quotes, capitals and digits the same."""
    import random

    texts = [p.text for year in (2016, 2023) for s in corpus.load(year).walk() for p in s.paragraphs]
    rng = random.Random(7)
    pieces = ["No.", " 757", "U.S.", " ", "  ", ".", "!", "?", "”", ")", "(", "“", "A", "b", "’", "]", "[", "x",
              " (see 2.a.)", " Art.", " 5", " J.", " Smith", "’s", ". The", ".) He", " (a", "))", " “Quote.”"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(20000)]
    for text in texts:
        assert split_sentences(text) == _plain_split_sentences(text), text


def test_initials_precheck_as_the_pattern_alone():
    """_is_abbreviation asks _INITIALS only of a one-letter word or one with a "." second: every
    other word it would not match."""
    import random

    from differ.sentences import _INITIALS, ABBREVIATIONS, _is_abbreviation

    rng = random.Random(3)
    letters = ["a", "b", "z", ".", "A", "é", "1", "-", "’", "$", "_", "s"]
    for _ in range(30000):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(1, 14)))
        text = "He met " + word + "."
        start = len(text[:-1]) - len(text[:-1].rstrip(".!?"))  # (what _is_abbreviation strips)
        token = text[:len(text) - 1 - start].rsplit(" ", 1)[-1].lower()
        expected = bool(token) and (token in ABBREVIATIONS or len(token) <= 12 and bool(_INITIALS.fullmatch(token)))
        assert _is_abbreviation(text) == expected, text


def test_single_spaced_as_joining_the_words_again(corpus):
    """single_spaced says whether " ".join(text.split()) is the text itself (of printable or ASCII
    text; of other text, no): on every paragraph and sentence, and on made-up text with every
    ASCII character, and white space beyond ASCII, between, before and after words. In ASCII text it looks for the white space str.split()
    splits at by name (_ASCII_OTHER_WHITESPACE), so the list is checked against str.isspace."""
    assert sentences._ASCII_OTHER_WHITESPACE == "".join(c for c in map(chr, range(128)) if c.isspace() and c != " ")
    texts = [t for year in (2016, 2023) for sec in corpus.load(year).walk() for p in sec.paragraphs
             for t in (p.text, *p.sentences)]
    odd = [chr(c) for c in range(128)] + ["\x85", "\xa0", "\u2003", "\u3000", "\u2028", "’", "\x07", "\x7f", "  "]
    for c in odd:
        for shape in ("a{}b", "{}a b", "a b{}", "{}", "a {} b", "a{}{}b", "é{}b", "’ {}b"):
            texts.append(shape.format(c, c))
    for text in texts:
        same = " ".join(text.split()) == text
        if text.isascii() or text.isprintable():
            assert sentences.single_spaced(text) == same, repr(text)
        else:  # (an unprintable character beyond ASCII: the words are joined again, to the same text)
            assert not sentences.single_spaced(text), repr(text)
