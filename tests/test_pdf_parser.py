"""The PDF parser on real PDFs the test suite writes (tests/statepages.py:make_pdf)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from differ.cli import cli
from differ.corpus import Corpus
from differ.errors import ParseError
from differ.parse import parse_bytes, sniff_format
from differ.parse.pdf import extract_pdf_text, parse_pdf
from statepages import corpus_pdf, corpus_report, make_pdf, stategov_page


def outline(report):
    return [(s.level, s.path, tuple((p.text, p.run_in_heading) for p in s.paragraphs)) for s in report.walk()]


@pytest.fixture(scope="module")
def pdfs():
    return {y: corpus_pdf(y) for y in (2016, 2023, 2024)}


@pytest.mark.parametrize("year", [2016, 2023, 2024])
def test_pdf_of_the_corpus_text_parses_like_the_text(pdfs, year):
    data = pdfs[year]
    assert sniff_format(data, "x.bin") == "pdf"
    report = parse_bytes(data, "pdf", country="kazakhstan", year=year, source="k.pdf")
    assert outline(report) == outline(corpus_report(year))
    assert report.title.lower() == f"kazakhstan {year} human rights report"


def test_extracted_text_keeps_the_lines():
    data = make_pdf([["First line (with parens) and a back\\slash", "", "Second – “quoted”"], ["Page two"]])
    text = extract_pdf_text(data, "t")
    lines = [l.rstrip() for l in text.splitlines()]
    assert lines[0] == "First line (with parens) and a back\\slash"
    assert "Second – “quoted”" in lines and "Page two" in lines


@pytest.mark.parametrize("cut", [0.5, 0.9, -40, -3])
def test_truncated_pdf_is_an_error(pdfs, cut):
    data = pdfs[2024]
    n = int(len(data) * cut) if isinstance(cut, float) else len(data) + cut
    with pytest.raises(ParseError, match=r"^k\.pdf: PDF is (truncated|corrupt)"):
        parse_pdf(data[:n], country="kazakhstan", year=2024, source="k.pdf")


def test_corrupt_pdf_is_an_error(pdfs):
    data = bytearray(pdfs[2024])
    mid = len(data) // 2
    data[mid:mid + 4000] = b"\x00garbage\xff" * 500
    with pytest.raises(ParseError, match="corrupt|truncated|not a human rights report|no text"):
        parse_bytes(bytes(data), "pdf", country="kazakhstan", year=2024, source="k.pdf")


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"<html><body>Access Denied</body></html>", "not a PDF"),
    (b"%PDF-1.7\n%%EOF\n", "corrupt|no pages"),
])
def test_not_a_pdf(data, reason):
    with pytest.raises(ParseError, match=reason):
        parse_pdf(data, country="kazakhstan", year=2024, source="k.pdf")


def test_pdf_without_text_is_an_error():
    with pytest.raises(ParseError, match="no text layer|no report text"):
        parse_pdf(make_pdf([[]]), country="kazakhstan", year=2024, source="k.pdf")


def test_pdf_of_something_else_is_not_a_report():
    with pytest.raises(ParseError, match="not a human rights report"):
        parse_bytes(make_pdf([["Minutes of the meeting", "Nothing to see here."]]), "pdf",
                    country="kazakhstan", year=2024, source="k.pdf")


def test_add_a_pdf_and_an_html_page_to_a_corpus(tmp_path: Path, pdfs):
    (tmp_path / "k.pdf").write_bytes(pdfs[2024])
    (tmp_path / "k.html").write_text(stategov_page(corpus_report(2023)), encoding="utf-8")
    runner = CliRunner()
    corpus = tmp_path / "corpus"
    r = runner.invoke(cli, ["add", str(tmp_path / "k.pdf"), "--year", "2024", "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["add", str(tmp_path / "k.html"), "--year", "2023", "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    c = Corpus(corpus, "kazakhstan")
    assert c.edition(2024).format == "pdf" and c.edition(2023).format == "html"
    assert outline(c.load(2024)) == outline(corpus_report(2024))
    assert outline(c.load(2023)) == outline(corpus_report(2023))
