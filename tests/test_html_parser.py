"""The HTML parser, on pages built from the real corpus text (tests/statepages.py)."""

from __future__ import annotations

import pytest

from differ.errors import ParseError
from differ.parse import parse_bytes
from differ.parse.html import parse_html
from statepages import (access_denied_page, archive_page, corpus_report, edition_index, pdf_stub_page,
                        stategov_page)

YEARS = (2016, 2023, 2024)


def outline(report):
    return [(s.level, s.path, tuple((p.text, p.run_in_heading) for p in s.paragraphs)) for s in report.walk()]


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("shape", ["stategov", "archive"])
def test_page_round_trips_the_corpus_report(year, shape):
    report = corpus_report(year)
    page = stategov_page(report) if shape == "stategov" else archive_page(report)
    parsed = parse_bytes(page.encode(), "html", country="kazakhstan", year=year, source="page.html")
    assert outline(parsed) == outline(report)
    assert parsed.title == f"Kazakhstan {year} Human Rights Report"
    assert "Privacy Policy" not in parsed.text and "Related Articles" not in [s.heading for s in parsed.walk()]


def test_levels_come_from_tags_and_text():
    body = """
    <h2>Executive Summary</h2><p>Summary prose that is long enough to be a paragraph of the report.</p>
    <h2>Section 1. Respect for the Integrity of the Person</h2>
    <h3>a. Arbitrary Deprivation of Life</h3><p>One.</p>
    <h4>Prison and Detention Center Conditions</h4>
    <p><strong>Physical Conditions:</strong> Two.</p><p>Three.</p>
    <p><b>Administration</b>: Four.</p>
    <p><span><strong>Independent Monitoring: </strong></span>Five.</p>
    <p><strong>Improvements:</strong></p><p>Six.</p>
    <p><strong>Role of the Police</strong></p><p>Seven with <strong>bold</strong> inside.</p>
    <h2>Section 2. Respect for Civil Liberties</h2><p><strong>b.&nbsp;Freedom of Assembly</strong></p><p>Eight.</p>
    <p><strong>c.</strong> Freedom of Religion</p><p><em><strong>Women:</strong></em> Nine.</p>
    """
    page = stategov_page(corpus_report(2023), body=body)
    r = parse_html(page, country="kazakhstan", year=2023, source="t")
    got = [(s.level, s.heading, [p.text for p in s.paragraphs]) for s in r.walk()]
    assert got == [
        (0, "Executive Summary", ["Summary prose that is long enough to be a paragraph of the report."]),
        (1, "Section 1. Respect for the Integrity of the Person", []),
        (2, "a. Arbitrary Deprivation of Life", ["One."]),
        (3, "Prison and Detention Center Conditions", []),
        (4, "Physical Conditions", ["Two.", "Three."]),
        (4, "Administration", ["Four."]),
        (4, "Independent Monitoring", ["Five."]),
        (4, "Improvements", ["Six."]),
        (3, "Role of the Police", ["Seven with bold inside."]),
        (1, "Section 2. Respect for Civil Liberties", []),
        (2, "b. Freedom of Assembly", ["Eight."]),
        (2, "c. Freedom of Religion", []),
        (4, "Women", ["Nine."]),
    ]
    assert r.find(["Section 1. Respect for the Integrity of the Person", "a. Arbitrary Deprivation of Life",
                   "Prison and Detention Center Conditions", "Physical Conditions"]).paragraphs[0].run_in_heading \
        == "Physical Conditions"


def test_access_denied_page_is_a_clear_error():
    with pytest.raises(ParseError, match=r"^x\.html: access-denied page"):
        parse_html(access_denied_page(), country="kazakhstan", year=2023, source="x.html")


@pytest.mark.parametrize("page", [
    "",
    "   \n",
    "<html><body><div class='app' id='root'></div><script>load()</script></body></html>",
    "<html><body><main><h2>Overview</h2><p>Some prose.</p><p>More prose.</p></main></body></html>",
])
def test_unrecognised_layout_is_an_error_not_an_empty_report(page):
    with pytest.raises(ParseError) as e:
        parse_html(page, country="kazakhstan", year=2023, source="p.html")
    assert "\n" not in str(e.value)
    assert str(e.value).startswith("p.html: ")


def test_pdf_stub_and_index_pages_are_not_reports():
    with pytest.raises(ParseError, match="unrecognised page layout"):
        parse_html(pdf_stub_page(2024, "kazakhstan", "/x.pdf"), country="kazakhstan", year=2024, source="s")
    with pytest.raises(ParseError, match="unrecognised page layout"):
        parse_html(edition_index("https://www.state.gov", 2023, ["kazakhstan", "kenya"]),
                   country="kazakhstan", year=2023, source="s")


def test_wrong_country_and_wrong_year_are_refused():
    page = stategov_page(corpus_report(2023), country_name="Uzbekistan")
    with pytest.raises(ParseError, match="report for Uzbekistan, not kazakhstan"):
        parse_bytes(page.encode(), "html", country="kazakhstan", year=2023, source="s")
    page = archive_page(corpus_report(2016), year=2015)
    with pytest.raises(ParseError, match="2015 report, not 2016"):
        parse_bytes(page.encode(), "html", country="kazakhstan", year=2016, source="s")


def test_headings_are_never_lost_into_paragraphs():
    r = parse_html(stategov_page(corpus_report(2016)), country="kazakhstan", year=2016, source="s")
    assert sum(1 for s in r.walk() if s.level == 1) == 7
    assert not any(p.text.startswith("Section ") for p in (pp for s in r.walk() for pp in s.paragraphs))


def test_blocks_before_the_report_are_dropped_but_leading_prose_is_kept():
    body = ("<p>Download the report</p><p>" + "Prose that opens the report without a heading. " * 6 + "</p>"
            "<h2>Section 1. Life</h2><p>a</p><p>b</p><h2>Section 2. Liberty</h2><p>c</p>")
    r = parse_html(stategov_page(corpus_report(2024), body=body), country="kazakhstan", year=2024, source="s")
    assert [s.heading for s in r.sections] == ["Executive Summary", "Section 1. Life", "Section 2. Liberty"]
    assert "Download" not in r.text


def test_table_of_contents_and_headingless_summary():
    """A TOC (links to every section) before the body; the summary without a heading, with a
    short paragraph after its first long one."""
    toc = "".join(f'<li><a href="#s{i}">Section {i}. Part {i}</a></li>' for i in (1, 2))
    long = "The Republic of Kazakhstan has a government system dominated by the president. " * 4
    body = (f'<ul class="report-toc">{toc}</ul><p>Download</p><p>{long}</p>'
            "<p>Civilian authorities maintained effective control over the security forces.</p>"
            '<h2 id="s1">Section 1. Part 1</h2><p>a</p><h2 id="s2">Section 2. Part 2</h2><p>b</p>')
    r = parse_html(stategov_page(corpus_report(2016), body=body), country="kazakhstan", year=2016, source="s")
    assert [(s.heading, len(s.paragraphs)) for s in r.sections] == [
        ("Executive Summary", 2), ("Section 1. Part 1", 1), ("Section 2. Part 2", 1)]
    assert r.sections[0].paragraphs[1].text.startswith("Civilian authorities")


@pytest.mark.parametrize("head,expected", [
    ("<title>Kazakhstan - United States Department of State</title></head><body><main>"
     "<p class='eyebrow'>2022 Country Reports on Human Rights Practices</p><h1>Kazakhstan</h1>",
     "Kazakhstan 2022 Human Rights Report"),
    ("<title>Kazakhstan</title></head><body><main><h1>Kazakhstan 2022 Human Rights Report</h1>",
     "Kazakhstan 2022 Human Rights Report"),
    ("<title>2022 Country Reports on Human Rights Practices: Kyrgyzstan - United States Department of State</title>"
     "</head><body><main>", "Kyrgyzstan 2022 Human Rights Report"),
    ("<title>Some page</title></head><body><main><h1>Some page</h1>", "Some page"),
])
def test_title_variants(head, expected):
    body = "<h2>Section 1. Life</h2><p>a</p><h2>Section 2. Liberty</h2><p>b</p>"
    page = f"<html><head>{head}<div class='entry-content'>{body}</div></main></body></html>"
    country = "kyrgyzstan" if expected.startswith("Kyrgyzstan") else "kazakhstan"  # another country's is refused
    assert parse_html(page, country=country, year=2022, source="s").title == expected
