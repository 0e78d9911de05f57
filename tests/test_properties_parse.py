"""Property tests: arbitrary input never crashes a parser; it parses or fails with ParseError."""

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from differ.errors import ParseError
from differ.parse import parse_bytes
from differ.parse.text import parse_text
from differ.sentences import split_sentences

from conftest import CORPUS_DIR

REAL_LINES = (CORPUS_DIR / "kazakhstan" / "2023.txt").read_text().splitlines()
REAL_2016 = (CORPUS_DIR / "kazakhstan" / "2016.txt").read_text().splitlines()

# Lines shaped like the reports (headings, run-ins, furniture, hyphens) mixed with noise.
report_like_line = st.one_of(
    st.sampled_from(REAL_LINES + REAL_2016),
    st.sampled_from(["", " ", "Section 1. Life", "a. Torture", "Women", "Access to Asylum :  text.",
                     " KAZAKHSTAN 3", "http://example.org/x", "self-", "Executive Summary", "b."]),
    st.text(max_size=80),
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(report_like_line, max_size=120))
def test_text_parser_never_crashes(lines):
    text = "\n".join(lines)
    try:
        report = parse_text(text, country="kazakhstan", year=2023)
    except ParseError:
        return
    for section in report.walk():
        assert section.heading.strip() == section.heading
        for p in section.paragraphs:
            assert p.text == " ".join(p.text.split())


@SETTINGS
@given(st.binary(max_size=3000))
def test_any_bytes_parse_or_fail_cleanly(data):
    for fmt in ("pdf-text", "html", "pdf", None):
        try:
            parse_bytes(data, fmt, country="kazakhstan", year=2023, source="fuzz")
        except ParseError:
            pass


@SETTINGS
@given(st.text(max_size=400))
def test_sentences_cover_the_text(text):
    sentences = split_sentences(text)
    assert " ".join(sentences) == " ".join(text.split())
    assert all(s for s in sentences)


@SETTINGS
@given(st.lists(st.sampled_from(REAL_LINES[2:400]), min_size=5, max_size=60, unique=True))
def test_sampled_real_lines_keep_every_character(lines):
    """Whatever the parser makes of real lines, no prose is lost or invented.

    Compared as a multiset of characters, ignoring whitespace and the colons and hyphens
    that heading and line joining legitimately consume.
    """
    text = "Section 1. Life\n" + "\n".join(lines)
    try:
        report = parse_text(text, country="kazakhstan", year=2023)
    except ParseError:
        return
    pieces = []
    for s in report.walk():
        if s.level != 4:  # a run-in heading is counted once, from its paragraph
            pieces.append(s.heading)
        for p in s.paragraphs:
            pieces += [p.run_in_heading or "", p.text]
    out = "".join(pieces)
    strip = lambda t: Counter(re.sub(r"[\s:\-]", "", t))
    assert strip(out) == strip(text)
