"""Builders for state.gov-shaped test pages and PDFs made from the REAL corpus text.

* :func:`stategov_page` – a 2017+ country page (``div.entry-content``, ``<h2>`` sections,
  ``<h3>`` subsections, bold run-in headings, site header/footer around it)
* :func:`archive_page` – a 2009–2017 archive-site country page (``div#centerblock``,
  headings as bold paragraphs)
* :func:`edition_index`, :func:`archive_year_index`, :func:`archive_region_page`,
  :func:`pdf_stub_page` – the pages the fetcher walks through
* :func:`make_pdf` – a small but real PDF (Helvetica, WinAnsiEncoding) of text lines,
  written by hand so the tests need no PDF library beyond pypdf
* :func:`corpus_pdf` – a PDF of a corpus year's text with page furniture, as the State
  Department lays it out
"""

from __future__ import annotations

import html
import re
import zlib
from functools import lru_cache
from pathlib import Path

from differ.model import Report, Section

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
EDITION = "/reports/{year}-country-reports-on-human-rights-practices/"
ARCHIVE = "/j/drl/rls/hrrpt/"
ARCHIVE_ID = {2016: 265540, 2015: 252969, 2014: 236640}


@lru_cache(maxsize=None)
def corpus_report(year: int, country: str = "kazakhstan") -> Report:
    from differ.corpus import Corpus

    return Corpus(CORPUS, country).load(year)


def corpus_text(year: int, country: str = "kazakhstan") -> str:
    return (CORPUS / country / f"{year}.txt").read_text(encoding="utf-8")


def display_name(slug: str) -> str:
    return " ".join(w.capitalize() for w in slug.split("-"))


def _e(s: str) -> str:
    return html.escape(s, quote=True)


# --- report bodies ------------------------------------------------------------------------


def _section_html(section: Section, *, archive: bool, variant: int) -> list[str]:
    out: list[str] = []
    h = _e(section.heading)
    if section.level == 4:
        paras = list(section.paragraphs)
        if not paras or paras[0].run_in_heading != section.heading:
            out.append(f"<p><strong>{h}:</strong></p>")
        else:
            first = paras.pop(0)
            # vary where the colon sits, as the real pages do
            if variant % 2:
                out.append(f"<p><strong>{h}</strong>: {_e(first.text)}</p>")
            else:
                out.append(f"<p><b>{h}:</b>&nbsp; {_e(first.text)}</p>" if archive
                           else f"<p><strong>{h}:</strong>&nbsp; {_e(first.text)}</p>")
        out += [f"<p>{_e(p.text)}</p>" for p in paras]
    else:
        if archive:
            out.append(f"<p><strong>{h}</strong></p>")
        elif section.level <= 1:
            out.append(f'<h2 id="section-{variant}">{h}</h2>')
        elif section.level == 2:
            out.append(f"<h3>{h}</h3>")
        else:
            out.append(f"<h4>{h}</h4>" if variant % 3 == 0 else f"<p><strong>{h}</strong></p>")
        out += [f"<p>{_e(p.text)}</p>" for p in section.paragraphs]
    for i, child in enumerate(section.children):
        out += _section_html(child, archive=archive, variant=variant + i + 1)
    return out


def report_body(report: Report, *, archive: bool = False) -> str:
    parts: list[str] = []
    for i, section in enumerate(report.sections):
        parts += _section_html(section, archive=archive, variant=i)
    return "\n".join(parts)


# --- state.gov 2017+ ------------------------------------------------------------------------


def _site_chrome(title: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<script>window.dataLayer = window.dataLayer || [];</script>
<style>.site-header {{ background: #205493; }}</style>
</head>
<body class="report-template-default single single-report">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header class="site-header">
<nav class="site-nav"><ul>
<li><a href="/">Home</a></li><li><a href="/policy-issues/">Policy Issues</a></li>
<li><a href="/countries-areas/">Countries &amp; Areas</a></li><li><a href="/bureaus-offices/">Bureaus</a></li>
</ul></nav>
<p class="site-header__tagline">U.S. Department of State</p>
</header>
{main}
<footer class="site-footer">
<p>The Office of Website Management, Bureau of Global Public Affairs, manages this site as a portal for
international information from the U.S. Department of State. External links to other Internet sites should
not be construed as an endorsement of the views or privacy policies contained therein.</p>
<ul><li><a href="/privacy-policy/">Privacy Policy</a></li><li><a href="/accessibility-statement/">Accessibility</a></li></ul>
</footer>
</body>
</html>
"""


def stategov_page(report: Report, *, year: int | None = None, country_name: str | None = None,
                  pdf_url: str | None = None, body: str | None = None) -> str:
    """A 2017+ state.gov country page holding the whole report."""
    year = year or report.year
    name = country_name or display_name(report.country)
    link = (f'<p class="report__download"><a href="{_e(pdf_url)}">{_e(name.upper())} {year} HUMAN RIGHTS REPORT'
            f" (PDF)</a></p>") if pdf_url else ""
    main = f"""<main id="content" class="site-main">
<div class="featured-content__header">
<p class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="{EDITION.format(year=year)}">{year} Country Reports on Human Rights Practices</a> &rsaquo; {_e(name)}</p>
<h1 class="featured-content__headline">{year} Country Reports on Human Rights Practices: {_e(name)}</h1>
</div>
<div class="report__meta"><p>Bureau of Democracy, Human Rights, and Labor</p>{link}</div>
<div class="entry-content">
{body if body is not None else report_body(report)}
</div>
<aside class="related"><h2>Related Articles</h2><p><a href="/reports/">More reports</a></p></aside>
</main>"""
    return _site_chrome(f"{name} - United States Department of State", main)


def pdf_stub_page(year: int, country: str, pdf_url: str) -> str:
    """A 2017+ country page that only links the report PDF (as the newest editions do)."""
    name = display_name(country)
    main = f"""<main id="content" class="site-main">
<div class="featured-content__header">
<h1 class="featured-content__headline">{year} Country Reports on Human Rights Practices: {_e(name)}</h1>
</div>
<div class="entry-content">
<p>Bureau of Democracy, Human Rights, and Labor</p>
<p><a href="{_e(pdf_url)}" class="pdf-link">{_e(name.upper())}-{year}-HUMAN-RIGHTS-REPORT</a></p>
</div>
</main>"""
    return _site_chrome(f"{name} - United States Department of State", main)


def edition_index(base_url: str, year: int, countries: list[str], *, trailing_slash: bool = False) -> str:
    """The edition index: links to every country page (some without the trailing slash)."""
    edition = EDITION.format(year=year)
    items = []
    for i, slug in enumerate(countries):
        href = f"{base_url}{edition}{slug}" + ("/" if trailing_slash and i % 2 == 0 else "")
        items.append(f'<li class="report-list__item"><a href="{_e(href)}">{_e(display_name(slug))}</a></li>')
    main = f"""<main id="content"><h1>{year} Country Reports on Human Rights Practices</h1>
<div class="entry-content"><p>The annual Country Reports on Human Rights Practices cover internationally
recognized individual, civil, political, and worker rights.</p>
<ul class="report-list">{''.join(items)}</ul></div></main>"""
    return _site_chrome(f"{year} Country Reports on Human Rights Practices - United States Department of State", main)


def access_denied_page() -> str:
    return """<HTML><HEAD>
<TITLE>Access Denied</TITLE>
</HEAD><BODY>
<H1>Access Denied</H1>

You don't have permission to access "http&#58;&#47;&#47;www&#46;state&#46;gov&#47;reports&#47;" on this server.<P>
Reference&#32;&#35;18&#46;6f3c1302&#46;1700000000&#46;1a2b3c4d
<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;6f3c1302
</BODY>
</HTML>
"""


# --- the 2009–2017 archive site ---------------------------------------------------------------


def _archive_chrome(title: str, center: str) -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{_e(title)}</title></head>
<body>
<div id="page-wrapper">
<div id="header"><a href="/index.htm"><img src="/images/dos-seal.gif" alt="U.S. Department of State" /></a>
<p class="notice">This is an archive of information published between 2009 and 2017.</p></div>
<div id="leftnav"><ul><li><a href="/j/drl/index.htm">Democracy, Human Rights, and Labor</a></li>
<li><a href="{ARCHIVE}">Human Rights Reports</a></li></ul></div>
<div id="centerblock">
{center}
</div>
<div id="footer"><p>The Office of Website Management, Bureau of Public Affairs, manages this site as a portal
for information from the U.S. State Department.</p></div>
</div>
</body>
</html>
"""


def archive_page(report: Report, *, year: int | None = None, country_name: str | None = None) -> str:
    year = year or report.year
    name = country_name or display_name(report.country)
    center = f"""<h2 id="pagetitle">{_e(name)}</h2>
<div class="tagline">Bureau of Democracy, Human Rights and Labor</div>
<p class="subtitle">Country Reports on Human Rights Practices for {year}</p>
<p><a href="{ARCHIVE}{year}/index.htm">Report Home Page</a> | <a href="#">Printer friendly version</a></p>
{report_body(report, archive=True)}"""
    return _archive_chrome(name, center)


def archive_year_index(year: int, regions: dict[str, str]) -> str:
    links = "".join(f'<li><a href="{ARCHIVE}{year}/{code}/index.htm">{_e(name)}</a></li>' for code, name in regions.items())
    center = f"""<h2 id="pagetitle">Country Reports on Human Rights Practices for {year}</h2>
<p>Bureau of Democracy, Human Rights and Labor</p>
<ul>{links}</ul>"""
    return _archive_chrome(f"{year} Country Reports on Human Rights Practices", center)


def archive_top_index(years: list[int]) -> str:
    links = "".join(f'<li><a href="{ARCHIVE}{y}/index.htm">{y} Human Rights Report</a></li>' for y in years)
    return _archive_chrome("Human Rights Reports", f'<h2 id="pagetitle">Human Rights Reports</h2><ul>{links}</ul>')


def archive_region_page(year: int, code: str, region: str, countries: dict[str, int]) -> str:
    links = "".join(f'<li><a href="{ARCHIVE}{year}/{code}/{num}.htm">{_e(name)}</a></li>' for name, num in countries.items())
    center = f"""<h2 id="pagetitle">{_e(region)}</h2>
<p class="subtitle">Country Reports on Human Rights Practices for {year}</p>
<ul>{links}</ul>"""
    return _archive_chrome(region, center)


# --- PDF ------------------------------------------------------------------------------------

_PAGE_W, _PAGE_H, _LEADING, _FONT_SIZE = 612, 792, 13, 11


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    out = bytearray(b"(")
    for b in raw:
        if b in (0x28, 0x29, 0x5C):
            out += b"\\" + bytes([b])
        elif 32 <= b < 127:
            out.append(b)
        else:
            out += b"\\%03o" % b
    out += b")"
    return bytes(out)


def make_pdf(pages: list[list[str]], *, compress: bool = True) -> bytes:
    """A real PDF: one page per list of lines, Helvetica in WinAnsiEncoding.

    An empty string is a blank line (drawn as one space so extracted text keeps it).
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = add(b"")  # filled in below
    page_ids = []
    for lines in pages:
        ops = [b"BT", b"/F1 %d Tf" % _FONT_SIZE, b"%d TL" % _LEADING, b"56 %d Td" % (_PAGE_H - 60)]
        for line in lines:
            ops.append(_pdf_string(line if line else " ") + b" Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        if compress:
            data = zlib.compress(stream)
            content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        else:
            content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (pages_id, _PAGE_W, _PAGE_H, font, content)
        ))
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info = add(b"<< /Producer (differ test suite) >>")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, info, xref)
    return bytes(out)


def corpus_pdf(year: int, country: str = "kazakhstan", *, lines_per_page: int = 46,
               country_name: str | None = None) -> bytes:
    """The corpus text of one year laid out as the State Department PDF: title, running
    header ``KAZAKHSTAN 2``, footer with the report name and the bureau, on every page."""
    text = corpus_text(year, country)
    lines = [l.rstrip("\n") for l in text.splitlines()]
    if country_name:
        lines = [re.sub(display_name(country), country_name, l, count=1, flags=re.I) if i < 3 else l
                 for i, l in enumerate(lines)]
    upper = (country_name or display_name(country)).upper()
    blank_layout = sum(1 for l in lines if not l.strip()) > 0.05 * len(lines)
    pages = []
    for n, start in enumerate(range(0, len(lines), lines_per_page), start=1):
        body = lines[start:start + lines_per_page]
        if blank_layout:
            # the State Department's own text layer: its furniture is already in the text
            pages.append(body)
            continue
        # the archived extraction stripped the furniture: put it back on every page
        head = [f"{upper} {n}"] if n > 1 else []
        foot = [f"Country Reports on Human Rights Practices for {year}",
                "United States Department of State \u2022 Bureau of Democracy, Human Rights and Labor"]
        pages.append(head + body + foot)
    return make_pdf(pages)


# --- a tiny report --------------------------------------------------------------------------------

TINY_OUTLINE = {
    "Executive Summary": ["{name} has a strong presidency.", "Significant human rights issues included torture."],
    "Section 1. Respect for the Integrity of the Person": [],
    "a. Arbitrary Deprivation of Life": ["There were no reports of killings.", "Police detained 12 activists."],
    "Section 2. Respect for Civil Liberties": [],
    "a. Freedom of Expression": ["The law provides for free speech.", "The government restricted it in practice."],
    "Section 7. Worker Rights": [],
    "a. Freedom of Association": ["Workers may form unions.", "Strikes are rarely legal.",
                                  "Inspectors found 40 violations.", "Fines were small."],
}


def tiny_report_text(year: int, country: str = "kazakhstan", *, title: str | None = None) -> str:
    """The smallest text the parser accepts as a complete report (blank-line layout), under 1 KB."""
    name = display_name(country)
    lines = [title if title is not None else f"{name} {year} Human Rights Report", ""]
    for heading, paragraphs in TINY_OUTLINE.items():
        lines += [heading, ""]
        for p in paragraphs:
            lines += [p.format(name=name), ""]
    return "\n".join(lines)
