"""Parse stage: a report file in any supported format becomes a :class:`~differ.model.Report`.

One module per source format:
  * :mod:`differ.parse.text` – text extracted from the PDF (2016 layout with blank lines,
    2023/2024 layout without), the embedded corpus
  * :mod:`differ.parse.html` – state.gov pages (2017+) and the 2009–2017 archive site
  * :mod:`differ.parse.pdf`  – PDF files, text extracted with pypdf then parsed as text
"""

from __future__ import annotations

import re
from pathlib import Path

from differ.errors import ParseError
from differ.lazyre import lazy
from differ.model import Report

_TITLE = lazy(r"^\s*(?P<country>.+?)\s+(?P<year>(?:\d\s?){3}\d)\s+Human\s+Rights\s+Report\s*$", re.I)


def sniff_format(data: bytes, name: str = "") -> str:
    """Decide the format from the content first, the file name second."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype", b"<html", b"<?xml")) or b"<html" in lowered or b"<body" in lowered:
        return "html"
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix in (".html", ".htm"):
        return "html"
    return "pdf-text"


def decode_text(data: bytes, source: str = "") -> str:
    if not data.strip():
        raise ParseError(f"{source or 'input'}: file is empty")
    if b"\x00" in data[:4096]:
        raise ParseError(f"{source or 'input'}: file is binary, not report text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(f"{source or 'input'}: file is not UTF-8 text") from None


def parse_bytes(data: bytes, fmt: str | None = None, *, country: str, year: int, source: str = "") -> Report:
    """Parse raw file bytes. ``fmt`` is ``pdf-text``, ``html`` or ``pdf`` (sniffed when None)."""
    fmt = fmt or sniff_format(data, source)
    label = source or f"{country} {year}"
    if fmt == "pdf":
        from differ.parse.pdf import parse_pdf

        report = parse_pdf(data, country=country, year=year, source=label)
    elif fmt == "html":
        from differ.parse.html import parse_html

        report = parse_html(decode_text(data, label), country=country, year=year, source=label)
    elif fmt == "pdf-text":
        from differ.parse.text import parse_text

        report = parse_text(decode_text(data, label), country=country, year=year, source=label)
    else:
        raise ParseError(f"{label}: unknown format {fmt!r}")
    check_report(report, country=country, year=year, source=label)
    return report


def parse_file(path: str | Path, *, country: str, year: int) -> Report:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ParseError(f"{path}: cannot read ({e.strerror})") from None
    return parse_bytes(data, sniff_format(data, path.name), country=country, year=year, source=str(path))


def letters_only(s: str) -> str:
    """Lower-case letters only: how country names are compared ("Kyrgyz Republic" ~ kyrgyz-republic)."""
    return re.sub(r"[^a-z]", "", s.lower())


def check_report(report: Report, *, country: str, year: int, source: str) -> None:
    """Refuse anything that is not this country's report for this year."""
    sections = list(report.walk())
    top = [s for s in sections if s.level == 1]
    paragraphs = sum(len(s.paragraphs) for s in sections)
    if len(top) < 2 or paragraphs < 10:
        raise ParseError(
            f"{source}: not a human rights report (found {len(top)} numbered sections and {paragraphs} paragraphs)"
        )
    m = _TITLE.match(report.title or "")
    if m:
        found_country = m.group("country")
        found_year = int(re.sub(r"\s", "", m.group("year")))
        if letters_only(found_country) != letters_only(country):
            raise ParseError(f"{source}: this is the report for {found_country}, not {country}")
        if found_year != year:
            raise ParseError(f"{source}: this is the {found_year} report, not {year}")
