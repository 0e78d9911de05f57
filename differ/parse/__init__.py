"""Parse stage: a report file in any supported format becomes a :class:`~differ.model.Report`.

One module per source format:
  * :mod:`differ.parse.text` – text extracted from the PDF (2016 layout with blank lines,
    2023/2024 layout without), the embedded corpus
  * :mod:`differ.parse.html` – state.gov pages (2017+) and the 2009–2017 archive site
  * :mod:`differ.parse.pdf`  – PDF files, text extracted with pypdf then parsed as text

and :mod:`differ.parse.checks` for what every file must be: bounded in size, the report
of the expected country and year, and (for an import) complete.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from differ.errors import ParseError
from differ.model import Report
from differ.parse.checks import (UnconfirmedReport, check_complete, check_identity, check_size,  # noqa: F401
                                 letters_only)  # UnconfirmedReport and letters_only: imported from here


def utf16_encoding(data: bytes) -> str | None:
    """``utf-16`` (with a byte-order mark), ``utf-16-le`` or ``utf-16-be`` (told by where the
    zero bytes of ASCII text fall), else None."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    head = data[:400]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def sniff_format(data: bytes, name: str = "") -> str:
    """Decide the format from the content first, the file name second."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    utf16 = utf16_encoding(data)
    if utf16:
        head = data[:2048].decode(utf16, errors="replace").lstrip("\ufeff \t\r\n").encode("utf-8")
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
    """UTF-8 (a BOM allowed) or UTF-16 text; anything else is an error."""
    label = source or "input"
    if not data.strip():
        raise ParseError(f"{label}: file is empty")
    utf16 = utf16_encoding(data)
    if utf16:
        try:
            return data.decode(utf16).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise ParseError(f"{label}: file looks like UTF-16 text but does not decode as it") from None
    if b"\x00" in data[:4096]:
        raise ParseError(f"{label}: file is binary, not report text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ParseError(f"{label}: file is not UTF-8 text") from None
    # The BOM taken off here, as the utf-8-sig codec would (one, at the start): that codec is a
    # module of its own, which every differ diff imported for it (0.2 ms).
    return text[1:] if text.startswith("\ufeff") else text


def parse_bytes(data: bytes, fmt: str | None = None, *, country: str, year: int, source: str = "",
                strict: bool = False, previous_chars: int | None = None) -> Report:
    """Parse raw file bytes. ``fmt`` is ``pdf-text``, ``html`` or ``pdf`` (sniffed when None).

    ``strict`` is for imports (``add``, ``fetch``) and ``doctor``: the title must confirm
    the country and year, and the report must be complete (see :mod:`differ.parse.checks`;
    ``previous_chars``: the length of the stored copy a re-fetch would replace).
    """
    fmt = fmt or sniff_format(data, source)
    label = source or f"{country} {year}"
    check_size(len(data), fmt, label)
    try:
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
    except RecursionError:  # a backstop: the bounds should refuse such input before it gets here
        raise ParseError(f"{label}: nested too deeply to be a report") from None
    check_report(report, country=country, year=year, source=label)
    if strict:
        first = next((s.heading for s in report.walk()), "")
        check_identity(report.title or "", country=country, year=year, source=label, confirm=True, found=first)
        check_complete(report, data, fmt, label, previous_chars=previous_chars)
    return report


def parse_file(path: str | Path, *, country: str, year: int) -> Report:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ParseError(f"{path}: cannot read ({e.strerror})") from None
    return parse_bytes(data, sniff_format(data, path.name), country=country, year=year, source=str(path))


def check_report(report: Report, *, country: str, year: int, source: str) -> None:
    """Refuse anything that is not this country's report for this year."""
    sections = list(report.walk())
    top = [s for s in sections if s.level == 1]
    paragraphs = sum(len(s.paragraphs) for s in sections)
    if len(top) < 2 or paragraphs < 10:
        raise ParseError(
            f"{source}: not a human rights report (found {len(top)} numbered sections and {paragraphs} paragraphs)"
        )
    check_identity(report.title or "", country=country, year=year, source=source)
