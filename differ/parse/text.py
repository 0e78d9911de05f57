"""Parser for text extracted from the report PDFs.

Two layouts occur and are told apart by the text itself:

* **blank-line layout** (the State Department PDF's own text layer, e.g. 2016):
  paragraphs separated by blank lines, page furniture left in (``KAZAKHSTAN 16``, the
  running footer), a leading space on the first line of each page, footnote URLs on
  lines of their own.
* **packed layout** (pypdf output in the Human Rights First archive, 2023/2024): no
  blank lines at all, furniture already stripped. Paragraph boundaries are recovered
  from the text: a line that ends a sentence *and* leaves room for the next line's first
  word (estimated with Times-like glyph widths) ends its paragraph.

Both layouts then share heading recognition (wrapped headings, run-in headings with
stray spaces before the colon) and line joining (end-of-line hyphens).
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from typing import Callable

from differ.errors import ParseError
from differ.lazyre import lazy
from differ.model import Block, Heading, Para, Report, build_report
from differ.parse.checks import check_blocks, check_identity, check_text_length
from differ.sentences import CLOSERS

# --- line classes -----------------------------------------------------------------------

# A line that is not report text, in one pattern (one match per line instead of five):
# a footnote URL on its own line (one ending in "." is the tail of a sentence, not furniture),
# the running footer's two lines, a page number, or a page header (" KAZAKHSTAN 16"; its
# name must be the report's country, checked after the match). The header's class
# [A-Z ,.'’()-] is spelt as one of the others or "’" ("{1}" keeps the parser from folding it
# back into the class), and _LETTERED's [A-Z“"] likewise: a class holding a character beyond
# Latin-1 in more than two runs makes re.compile build a table of every character (0.05 ms
# each; tests/test_parse_text.py checks them against the classes).
_FURNITURE = lazy(r"""^\s*(?:
      (?:https?://|www\.)\S*[^.\s]\s*$
    | Country\ Reports\ on\ Human\ Rights\ Practices\ for\s+(?:\d\s?){3}\d\s*$
    | United\ States\ Department\ of\ State\b.*Bureau\ of\ Democracy
    | (?:Page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*$
    | (?P<header>(?-i:[A-Z](?:[A-Z ,.'()-]|’{1})+))\s+\d{1,3}\s*$
)""", re.I | re.X)
_REPORT_TITLE = lazy(r"^\s*(.+?\s(?:\d\s?){3}\d\s+Human\s+Rights\s+Report)\s*[.:]?\s*$", re.I)

_EXEC_SUMMARY = lazy(r"^executive summary$", re.I)
_SECTION = lazy(r"^Section\s+\d+\s*\.\s*\S")
_LETTERED = lazy(r'^([a-z])\.\s+(?:[A-Z"]|“{1})')

_SPACES = lazy(r"\s+")
_LETTERS = lazy(r"[A-Za-z]+")
_HEADING_WORD = lazy(r"[A-Za-z’'+/-]+")
_SENTENCE_PUNCTUATION = lazy(r"[.;!?]\s|[.;!?]$")
_RUN_IN = lazy(r"^([A-Z][^:]{1,110}?)\s?:(?:\s+|$)")  # "Heading Words :  body"
_HYPHENATED_END = lazy(r"([A-Za-z]+)-$")

# Words allowed in lower case inside a title-cased heading.
_SMALL_WORDS = frozenset(
    """a an and as at by for from in into of on or the to with without within before after
    against among between including towards toward under upon via vs not nor but its
    their other""".split()
)
# Share of the body text width at which a heading of each level wraps (bold, larger face),
# measured on the 2023/2024 PDFs: e.g. "Section 6. Discrimination and Societal Abuses" does
# not wrap before "Women", "Section 5. Governmental Posture Towards" does before "International".
_HEADING_CAPACITY = {0: 0.8, 1: 0.731, 2: 0.8, 3: 0.8}

# Approximate Times glyph widths (1/1000 em): good enough to tell a wrapped line from
# one that ended its paragraph, which character counts cannot do with a proportional font.
_GLYPH = dict(zip("abcdefghijklmnopqrstuvwxyz", [444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778,
                                                 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444]))
_GLYPH.update(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
                                                 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611]))
_GLYPH.update({c: 500 for c in "0123456789"})
_GLYPH.update({" ": 250, ".": 250, ",": 250, ";": 278, ":": 278, "'": 180, '"': 408, "(": 333, ")": 333,
               "-": 333, "’": 333, "‘": 333, "“": 444, "”": 444, "$": 500, "%": 833, "/": 278})


_AVERAGE_GLYPH = 125  # 500 / 4: any character not in the table


# Each latin-1 byte's width / 4, as a bytes.translate table (a lookup per byte in C: ~10x
# faster than str.translate with a dict). The few glyphs above latin-1 (curly quotes) are
# counted apart; every other character encodes as "?", an average glyph like itself.
_BYTE_WIDTHS = bytes(_GLYPH[chr(b)] // 4 if chr(b) in _GLYPH else _AVERAGE_GLYPH for b in range(256))
_WIDE_CHAR_EXTRA = {c: w // 4 - _AVERAGE_GLYPH for c, w in _GLYPH.items() if ord(c) > 255}


def _byte_sum(data: bytes) -> int:
    """``sum(data)`` without a Python int per byte: zlib.adler32's low half is 1 + the bytes' sum
    modulo 65521, which is the sum itself for up to 256 bytes (at most 256 × 255 = 65280)."""
    if len(data) <= 256:
        return (zlib.adler32(data) & 0xFFFF) - 1
    return sum((zlib.adler32(data[i:i + 256]) & 0xFFFF) - 1 for i in range(0, len(data), 256))


_WIDE_CHARS = tuple(_WIDE_CHAR_EXTRA.items())


def _width(s: str) -> int:
    """The width of ``s`` in 1/1000 em. (Not cached: each line's is found once, in _Reader.widths,
    and a cache would cost more than the sum it saves.)"""
    quarter_widths = _byte_sum(s.encode("latin-1", "replace").translate(_BYTE_WIDTHS))
    if not s.isascii():
        for c, extra in _WIDE_CHARS:
            if c in s:
                quarter_widths += extra * s.count(c)
    return 4 * quarter_widths


class _Lines:
    """The lines of content, line i's facts at index i of three lists (an object per line
    cost more to make than the rest of reading the line)."""

    __slots__ = ("text", "page_start", "gap_before")

    def __init__(self):
        self.text: list[str] = []  # whitespace-normalised
        self.page_start: list[bool] = []  # had a leading space: first line of a PDF page
        self.gap_before: list[str] = []  # "" none, "blank" paragraph gap, "page" gap that held furniture

    def __len__(self) -> int:
        return len(self.text)


# What a furniture line can start with, after white space: a URL's "http" or "www", "Country",
# "United", "Page" (in either case), a page number's digit or a capital (a page header).
_FURNITURE_STARTS = frozenset("hHwWcCuUpPABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _is_furniture(line: str, country_upper: str) -> bool:
    first = line[0]
    if not (first in _FURNITURE_STARTS or first.isdecimal() or first.isspace()):
        return False  # most lines: a body line going on in lower case, a quote, a bracket
    m = _FURNITURE.match(line)
    if not m:
        return False
    header = m.group("header")
    return header is None or header.replace(" ", "") == country_upper.replace(" ", "")


def _read_lines(text: str, country: str) -> tuple[str, _Lines, bool]:
    """Strip furniture and URL lines; return (title, content lines, blank-line layout?)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    country_upper = country.replace("-", " ").upper()
    blank_count = 0
    title = ""
    lines = _Lines()
    texts, page_starts, gaps = lines.text, lines.page_start, lines.gap_before
    gap = ""
    for line in raw:
        if not line or line.isspace():
            blank_count += 1
            gap = gap or "blank"
            continue
        if _is_furniture(line, country_upper):
            gap = "page"
            continue
        cleaned = " ".join(line.split())  # white space normalised
        if not title and len(texts) < 5:  # the title is near the top
            m = _REPORT_TITLE.match(cleaned)
            if m:
                title = _SPACES.sub(" ", m.group(1))
                gap = ""
                continue
        texts.append(cleaned)
        page_starts.append(line[0] == " ")
        gaps.append(gap)
        gap = ""
    blank_layout = blank_count > 0.05 * max(1, len(raw))
    return title, lines, blank_layout


def read_title(text: str, country: str) -> tuple[str, str]:
    """(the title line near the top, or "", the first line of content) of a report text."""
    title, lines, _ = _read_lines("\n".join(text.split("\n", 40)[:40]), country)
    return title, lines.text[0] if lines else ""


# --- heading tests ------------------------------------------------------------------------


def _is_title_case(s: str, max_words: int = 16) -> bool:
    """Heading-like: every significant word capitalised, no sentence punctuation."""
    s = s.strip()
    if not s or not (s[0].isupper() or s[0] in "“\""):
        return False
    # Most lines asked are prose, with a plain lower-case word among their first few: one that
    # is not a small word rules the line out below whatever comes before it, found here without
    # the patterns. (Every test below can only say no, so any sure no may come first.)
    for word in s.split(" ", 4)[1:4]:
        if word.islower() and word.isalpha() and word.isascii() and word not in _SMALL_WORDS:
            return False
    if _SENTENCE_PUNCTUATION.search(s) or ":" in s:
        return False
    # Word by word, stopping at the first that rules it out: a prose line has a lower-case
    # word near its start, and most lines are prose.
    count = 0
    for m in _HEADING_WORD.finditer(s):
        count += 1
        if count > max_words:
            return False
        core = m.group().strip("’'-/")
        if core and core[0].islower() and core.lower() not in _SMALL_WORDS:
            return False
    return count > 0


def _run_in(text: str) -> tuple[str, str] | None:
    """Split ``Heading Words :  body`` into (heading, body) when the prefix is a heading."""
    if ":" not in text:
        return None  # (most lines; the pattern would try up to 110 characters first)
    m = _RUN_IN.match(text)
    if not m:
        return None
    head = m.group(1).strip()
    if not _is_title_case(head, max_words=14):
        return None
    last = _LETTERS.findall(head)[-1].lower()
    if last in _SMALL_WORDS:
        return None
    return head, text[m.end():].strip()


def _structural_level(text: str) -> int | None:
    # Each pattern only where what it needs is there (most lines are prose and have none): the
    # 17 characters of "executive summary" (and a final newline, which $ passes over), "Section"
    # first, a "." second.
    if len(text) <= 18 and _EXEC_SUMMARY.match(text):
        return 0
    if text.startswith("Section") and _SECTION.match(text):
        return 1
    if text[1:2] == "." and _LETTERED.match(text):
        return 2
    return None


def _ends_sentence(text: str) -> bool:
    """Ends in . ! or ?, closing quotes and brackets aside."""
    return text.rstrip(CLOSERS).endswith((".", "!", "?"))


def _ends_incomplete(text: str) -> bool:
    """A heading line that cannot be the end of its heading."""
    if text.endswith((",", "-", "–", "—", "&", "/")):
        return True
    words = _LETTERS.findall(text)
    return bool(words) and words[-1].lower() in _SMALL_WORDS


# --- joining lines ------------------------------------------------------------------------


def _join(parts: list[str], count: Callable[[str], int]) -> str:
    """Join wrapped lines; a line-end hyphen is kept for real compounds, dropped for split words."""
    joined = " ".join(parts)
    if "- " not in joined and (not parts or parts[0]):
        # No line but the last ends in "-" (it would leave "- " in the joined text): the loop
        # below would only put a space between lines. (An empty first line it would drop.)
        return joined
    out = ""
    for part in parts:
        if not out:
            out = part
            continue
        m = out.endswith("-") and _HYPHENATED_END.search(out[-60:])
        if m and part[:1].isalpha():
            nxt = _LETTERS.match(part)
            left, right = m.group(1).lower(), (nxt.group(0).lower() if nxt else "")
            hyphenated, closed = f"{left}-{right}", left + right
            # PDF text keeps only real hyphens, so keep it unless the closed form is attested.
            if part[:1].islower() and count(closed) > count(hyphenated):
                out = out[:-1] + part
            else:
                out += part
        else:
            out += " " + part
    return out


# --- the parser ---------------------------------------------------------------------------


_SCANS_BEFORE_COUNTING = 200
# A maximal run of letters and hyphens: a "whole word" as vocab() scans for one.
_WORD_RUN = lazy(r"(?:[^\W\d_]|-)+")


class _Document:
    """A document's text, lower-cased, for counting whole words in it (``_Reader.vocab``).

    Lower-casing a text with curly quotes (two bytes a character) and searching it costs
    milliseconds; its UTF-8 bytes lower-case and search many times faster. The two count
    alike for an ASCII word: besides "İ" and the Kelvin sign, no non-ASCII character lower-cases
    to ASCII (so an ASCII word's occurrences are the same, ASCII in both), and every other
    keeps whether it is a letter (so the whole-word test on its neighbours is the same).
    tests/test_parse_text.py checks both facts on every character and the counts on texts.
    """

    def __init__(self, text: str):
        self.text = text
        self._lower: str | None = None
        self._utf8: bytes | None = None
        if "\u0130" not in text and "\u212a" not in text:
            self._utf8 = text.encode("utf-8", "surrogatepass").lower()  # (ASCII letters only)

    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    def count_word(self, word: str) -> int:
        """Occurrences of ``word`` in the lower-cased text, not inside a longer word or compound."""
        if self._utf8 is not None and word.isascii():
            return _count_whole_word(self._utf8, word.encode(), _letter_or_hyphen_bytes)
        return _count_whole_word(self.lower(), word, _letter_or_hyphen)


def _letter_or_hyphen(text: str, start: int, end: int) -> bool:
    char = text[start:end]
    return char.isalpha() or char == "-"


def _letter_or_hyphen_bytes(data: bytes, start: int, end: int) -> bool:
    """Whether the character whose UTF-8 bytes include ``data[start:end]`` is a letter or "-"."""
    byte = data[start]
    if byte < 0x80:
        return 97 <= byte <= 122 or 65 <= byte <= 90 or byte == 45
    while start > 0 and 0x80 <= data[start] < 0xC0:  # back to the character's first byte
        start -= 1
    end = start + 1
    while end < len(data) and 0x80 <= data[end] < 0xC0:
        end += 1
    return data[start:end].decode("utf-8", "surrogatepass").isalpha()


def _count_whole_word(text, word, letter_or_hyphen) -> int:
    count, at = 0, text.find(word)
    while at >= 0:  # whole words only: not inside a longer word or compound
        end = at + len(word)
        if (at == 0 or not letter_or_hyphen(text, at - 1, at)) and \
                (end == len(text) or not letter_or_hyphen(text, end, end + 1)):
            count += 1
        at = text.find(word, end)
    return count


class _Reader:
    def __init__(self, lines: _Lines, blank_layout: bool):
        self.text, self.page_start, self.gap_before = texts, page_starts, gaps = (
            lines.text, lines.page_start, lines.gap_before)
        self.blank_layout = blank_layout
        self.widths = [_width(text) for text in texts]
        widths = sorted(w for w, text in zip(self.widths, texts) if len(text) > 20)
        # Lines wrap near the 90th percentile width; a paragraph's last line leaves room.
        self.full = widths[int(0.9 * (len(widths) - 1))] if widths else 0
        # What the loop asks of a line more than once (as itself and as the next line's predecessor),
        # found once per line.
        self.ends_sentence = [_ends_sentence(text) for text in texts]
        self.hard_break = [i == 0 or blank_layout and gap == "blank" for i, gap in enumerate(gaps)]
        # Whether a block may start at line i whatever the parse found before it (a hard break, or
        # the line before ended a sentence or a lead-in ":"); else only right after a heading.
        self.text_ended = [hard or self.ends_sentence[i - 1] or texts[i - 1].endswith(":")
                           for i, hard in enumerate(self.hard_break)]
        self._title_case: dict[int, bool] = {}
        self._vocab: _Document | None = None
        self._asked = 0
        self._counts: Counter | None = None
        self.blocks: list[Block] = []
        self.last_letter = ""

    def vocab(self, word: str) -> int:
        """How often ``word`` (lower case) occurs in the document; asked only at line-end hyphens.

        A real report asks a few dozen times, each a scan of the text; a crafted one with
        thousands of line-end hyphens would make that quadratic, so past that point every
        word is counted once instead.
        """
        if self._vocab is None:
            self._vocab = _Document("\n".join(self.text))
        self._asked += 1
        if self._asked > _SCANS_BEFORE_COUNTING:
            if self._counts is None:
                self._counts = Counter(_WORD_RUN.findall(self._vocab.lower()))
            return self._counts[word]
        return self._vocab.count_word(word)

    def _title_cased(self, i: int) -> bool:
        """Whether line i is title-cased, found once: the two-line run-in test and the sub-heading
        test both ask it of most lines where a block may start."""
        known = self._title_case.get(i)
        if known is None:
            known = self._title_case[i] = _is_title_case(self.text[i])
        return known

    def _gap_before(self, i: int) -> bool:
        return self.blank_layout and bool(self.gap_before[i])

    def _soft_break_before(self, i: int) -> bool:
        """Does line i start a new paragraph though no blank line says so?"""
        if i == 0:
            return True
        cur = self.text[i]
        if not self.ends_sentence[i - 1] or not (cur[:1].isupper() or cur[:1].isdigit() or cur[:1] in "“\"("):
            return False
        if self.blank_layout and not (self.page_start[i] or self.gap_before[i]):
            return False  # within a blank-line paragraph only a page start can hide a break
        first_word = cur.split(None, 1)[0]
        return self.widths[i - 1] + _GLYPH[" "] + _width(first_word) <= self.full

    def _prev_was_heading(self, i: int) -> bool:
        return self._consumed == i and bool(self.blocks) and isinstance(self.blocks[-1], Heading)

    def _heading_end(self, i: int, level: int) -> int:
        """Index after the last line of a (possibly wrapped) heading starting at line i."""
        j = i + 1
        texts = self.text
        parts = [texts[i]]
        while j < len(texts) and j - i < 4:
            text = texts[j]
            if self.blank_layout:
                if self.gap_before[j] or self.page_start[j]:
                    break
                parts.append(text)
                j += 1
                continue
            if _structural_level(text) is not None or _run_in(text) or _ends_sentence(text):
                break
            prev = parts[-1]
            if not (_ends_incomplete(prev) or text[:1].islower()):
                # Headings are set in a bold face that wraps earlier than body text: the
                # next line continues the heading only if its first word could not fit.
                first = text.split(None, 1)[0]
                width_before = self.widths[j - 1]  # (prev's: the lines taken so far are i … j - 1)
                if width_before + _GLYPH[" "] + _width(first) <= _HEADING_CAPACITY.get(level, 0.8) * self.full:
                    break
                if not _is_title_case(text):
                    break
            parts.append(text)
            j += 1
        return j

    def _standalone_heading(self, i: int) -> int | None:
        """End index if a level-3 sub-heading starts at line i, else None."""
        if self.ends_sentence[i] or not self._title_cased(i):
            return None
        end = self._heading_end(i, 3)
        heading = _join(self.text[i:end], self.vocab)
        if not _is_title_case(heading, max_words=24) or _ends_incomplete(heading):
            return None
        if end >= len(self.text):
            return None
        if self.blank_layout:
            return end if self.gap_before[end] or self.page_start[end] else None
        # A heading is followed by the start of a paragraph or another heading.
        nxt = self.text[end]
        if not (nxt[:1].isupper() or nxt[:1] in "“\"("):
            return None
        if self.widths[i] > 0.9 * self.full and end == i + 1:
            return None  # a full-width line is prose that happens to be capitalised
        return end

    def _wrapped_run_in(self, i: int) -> tuple[str, str] | None:
        """``Participation of … Vulnerable`` / ``Groups:  No law…``: a run-in heading over two lines."""
        if self.blank_layout or i + 1 >= len(self.text):
            return None
        first, second = self.text[i], self.text[i + 1]
        if self.ends_sentence[i] or not self._title_cased(i):
            return None
        if not (_ends_incomplete(first) or self.widths[i] > 0.75 * self.full):
            return None
        split = _run_in(second)
        if not split or not _is_title_case(first + " " + split[0], max_words=24):
            return None
        return _join([first, split[0]], self.vocab), split[1]

    def parse(self) -> list[Block]:
        texts = self.text
        i = 0
        self._consumed = 0
        para: list[str] = []
        run_in: str | None = None

        def flush():
            nonlocal para, run_in
            if para or run_in:
                self.blocks.append(Para(_join(para, self.vocab).strip(), run_in))
            para, run_in = [], None

        while i < len(texts):
            text = texts[i]
            # a block may start here when the text before it reached an end
            starts = self.text_ended[i] or self._prev_was_heading(i)
            if starts:
                level = _structural_level(text)
                if level == 2 and not self._next_letter_ok(text):
                    level = None
                if level is not None:
                    flush()
                    end = self._heading_end(i, level)
                    heading = _join(texts[i:end], self.vocab)
                    if level == 1:
                        self.last_letter = ""
                    elif level == 2:
                        self.last_letter = text[0]
                    self.blocks.append(Heading(level, heading))
                    i = self._consumed = end
                    continue
                wrapped = self._wrapped_run_in(i)
                if wrapped:
                    flush()
                    run_in, rest = wrapped
                    para = [rest] if rest else []
                    i += 2
                    continue
                end = self._standalone_heading(i)
                if end is not None:
                    flush()
                    self.blocks.append(Heading(3, _join(texts[i:end], self.vocab)))
                    i = self._consumed = end
                    continue
            new_para = self.hard_break[i] or (para and self._soft_break_before(i)) or (starts and _run_in(text))
            if new_para or not para and run_in is None:
                flush()
                split = _run_in(text)
                if split:
                    run_in, rest = split
                    para = [rest] if rest else []
                else:
                    para = [text]
            else:
                para.append(text)
            # Every test above needs the text before a line to have ended (a block start, a hard or
            # soft break): the lines up to the next such line continue this paragraph.
            following = self._next_text_ended(i + 1)
            para.extend(texts[i + 1:following])
            i = following
        flush()
        return [b for b in self.blocks if not isinstance(b, Para) or b.text or b.run_in_heading]

    def _next_text_ended(self, i: int) -> int:
        """The first line from i on where the text before had ended (or the end)."""
        try:
            return self.text_ended.index(True, i)
        except ValueError:
            return len(self.text_ended)

    def _next_letter_ok(self, text: str) -> bool:
        """Lettered subsections come in order (a, b, c …); anything else is prose."""
        letter = text[0]
        expected = chr(ord(self.last_letter) + 1) if self.last_letter else "a"
        return letter == expected or (self.last_letter and letter > self.last_letter and ord(letter) - ord(expected) <= 1)


def parse_text(text: str, *, country: str, year: int, source: str = "") -> Report:
    """Parse report text. A title naming another country or year is refused before the body
    is parsed; the text and its blocks are bounded (see :mod:`differ.parse.checks`)."""
    label = source or "input"
    check_text_length(len(text), label)
    title, lines, blank_layout = _read_lines(text, country)
    if not lines:
        raise ParseError(f"{label}: no report text found")
    check_identity(title, country=country, year=year, source=label)
    blocks = _Reader(lines, blank_layout).parse()
    check_blocks(blocks, label)
    if not any(isinstance(b, Heading) and b.level == 1 for b in blocks):
        raise ParseError(f"{label}: not a human rights report (no 'Section N.' headings found)")
    return build_report(country, year, title, blocks)
