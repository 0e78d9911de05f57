"""Sentence splitting tuned to the reports' prose.

Hand-written rather than a library (pysbd, nltk punkt) because parsing a whole report
must take well under 100 ms and punkt needs a model download; the rules below cover
what the reports actually contain: ``U.S.``, ``No. 757``, ``Art. 5``, initials,
``$40,000``, ``12.96 million``, quotes that end sentences and ``(see section 2.a.)``.
"""

from __future__ import annotations

from differ.lazyre import lazy

# Tokens that end in a period without ending a sentence (compared lower-cased, without the dot).
ABBREVIATIONS = frozenset(
    """
    no nos art arts para paras vol p pp mr mrs ms dr prof st gen col lt sgt capt maj rev
    jr sr inc ltd co corp vs etc e.g i.e cf al approx jan feb mar apr jun jul aug sep sept
    oct nov dec u.s u.n u.k u.s.s.r e.u d.c fig sec ch
    """.split()
)

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then (looked
# at, not consumed) the spaces and the next sentence's first character, after any opening
# quote or bracket. (Written `[.!?][.!?]*`, not `[.!?]+`: a pattern that opens with a plain
# character set lets the regex engine skip ahead to the next stop, about twice as fast.)
_BOUNDARY = lazy(r"""[.!?][.!?]*["”’)\]]*(?=\s+(["“‘(\[]?)(\S))""")
# The same for text without "!" or "?" (most paragraphs): opening with a plain "." the
# engine skips ahead as fast as a search for one character, not testing a set at each.
_PERIOD_BOUNDARY = lazy(r"""\.[.!?]*["”’)\]]*(?=\s+(["“‘(\[]?)(\S))""")
_INITIALS = lazy(r"(?:[a-z]\.)*[a-z]")


CLOSERS = "\"”’)]"  # closing quotes and brackets, which may follow a sentence's end
_WORD_CHARS = frozenset(".$’'-")


# The characters of a token in ASCII text: in it, a character is alphanumeric or "_" just
# when it is one of these (so rstrip finds the token's start in C).
_ASCII_WORD_CHARS = "".join(c for c in map(chr, range(128)) if c.isalnum() or c == "_") + ".$’'-"


def _is_abbreviation(text_before: str) -> bool:
    """Does the token ending ``text_before`` (before its final punctuation) abbreviate?"""
    end = len(text_before.rstrip(CLOSERS).rstrip(".!?"))
    if text_before.isascii():
        start = len(text_before[:end].rstrip(_ASCII_WORD_CHARS))
    else:
        start = end
        while start > 0 and (text_before[start - 1].isalnum() or text_before[start - 1] in _WORD_CHARS
                             or text_before[start - 1] == "_"):
            start -= 1
    word = text_before[start:end].lower()
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "A.", "N.A.", "U.S" (one letter, or a "." second: most words
    # ending a sentence are neither, and fail here without the pattern)
    return len(word) <= 12 and (len(word) == 1 or word[1] == ".") and bool(_INITIALS.fullmatch(word))


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; whitespace inside sentences is normalised."""
    text = single_space(text)
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    depth = 0  # parenthesis depth: "(see section 2.a.)" never ends a sentence
    last_scan = 0
    nested = "(" in text  # (most paragraphs have none: the depth stays 0, nothing to count)
    boundaries = _BOUNDARY if "!" in text or "?" in text else _PERIOD_BOUNDARY
    for m in boundaries.finditer(text):
        end = m.end()
        if nested:
            stop = m.start()
            # the "(" and ")" before the boundary, then its own ")" (a boundary token holds no "(");
            # one clamp at 0 where there were two: a negative depth clamps to 0 either way
            depth = max(0, depth + text.count("(", last_scan, stop) - text.count(")", last_scan, stop)
                        - m.group(0).count(")"))
            last_scan = end
            if depth:
                continue
        opener, first = m.group(1, 2)
        if first.isdigit():  # "No. 757": an abbreviation followed by a number never ends a sentence
            ends = not _is_abbreviation(text[max(0, end - 40) : end])
        elif first.isupper() or opener:  # "U.S. Government": nor does one ending in "." before a capital
            ends = text[m.start()] != "." or not _is_abbreviation(text[max(0, end - 40) : end])
        else:
            continue
        if ends:
            sentences.append(text[start:end].strip())
            start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def single_space(text: str) -> str:
    """``text`` with its white space normalised: single spaces, none at either end (``text``
    itself, not a copy, when it already is: see :func:`single_spaced`)."""
    return text if single_spaced(text) else " ".join(text.split())


# The white space of ASCII text that str.split() splits at, but for the space: control characters.
_ASCII_OTHER_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"


def single_spaced(text: str) -> bool:
    """Single spaces only, none at either end: ``" ".join(text.split()) == text``. A parsed
    paragraph and its sentences are, and checking costs a tenth of joining the words again.
    In ASCII text (most sentences) the other white space is the nine characters above, each
    looked for by ``in`` (a scan in C as fast as memchr: a third of the time isprintable takes,
    which looks up every character); in other text every whitespace character but the space is
    unprintable, so a printable text's only white space is spaces."""
    if text.isascii():
        if ("\t" in text or "\n" in text or "\r" in text or "\x0b" in text or "\x0c" in text
                or "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text):  # (_ASCII_OTHER_WHITESPACE)
            return False
    elif not text.isprintable():
        return False
    return "  " not in text and not text.startswith(" ") and not text.endswith(" ")
