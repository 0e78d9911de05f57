"""What a file must be before differ accepts it as a report: bounded, the right one, complete.

* **Bounds** – far above any real report and far below harm. The largest real reports
  are about 120 KB of text with under 100 headings and a few hundred paragraphs (the
  comparison of two costs well under a second); a crafted edition with 100,000
  headings made the diff ask for 75 GiB. Bytes are checked before parsing, text length
  before the full parse, headings and paragraphs before the report model is built.
* **Identity** – the title line (``Kazakhstan 2023 Human Rights Report``) names the
  country and year. A title naming another is always refused; an import (``add``,
  ``fetch``) also refuses a report whose title it cannot find, and checks it before the
  full parse.
* **Completeness** – for imports and ``doctor``: an HTML page closes (``</html>``), a
  PDF has its ``%%EOF`` (:mod:`differ.parse.pdf`), the outline reaches the worker-rights
  section (every edition has one: Section 6 or 7 up to 2023, 2.b from 2024), a text's
  last paragraph ends a sentence, and a re-fetched copy is not less than half as long
  as the stored one.
"""

from __future__ import annotations

import re
from typing import Iterable

from differ.errors import ParseError
from differ.lazyre import lazy

MAX_BYTES = {"pdf-text": 4 * 1024 * 1024, "html": 5 * 1024 * 1024, "pdf": 20 * 1024 * 1024}
MAX_TEXT_CHARS = 1_000_000
MAX_HEADINGS = 1_000
MAX_PARAGRAPHS = 10_000
MAX_PDF_PAGES = 1_000
MAX_HTML_NESTING = 400  # the parser walks the tree recursively; real pages nest under 40 deep
MAX_HTML_TAGS = 30_000  # elements; BeautifulSoup takes about a second per 10,000, real pages have a few thousand

_FORMAT_NAMES = {"pdf-text": "text", "html": "HTML", "pdf": "PDF"}

_TITLE = lazy(
    r"^\s*(?P<country>.+?)\s+(?P<year>(?:\d\s?){3}\d)\s+Human\s+Rights\s+Report\s*[.:]?\s*$", re.I)
_WORKER_RIGHTS = lazy(r"\bworkers?['’]?\s+rights\b", re.I)
_ENDS_SENTENCE = lazy(r"""[.!?]["”’)\]]*$""")


class UnconfirmedReport(ParseError):
    """The file does not say which country's report for which year it is."""


def format_size(n: int | None) -> str:
    if n is None:
        return "-"
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def letters_only(s: str) -> str:
    """Lower-case letters only: how country names are compared ("Kyrgyz Republic" ~ kyrgyz-republic)."""
    return re.sub(r"[^a-z]", "", s.lower())


# --- bounds -----------------------------------------------------------------------------------


def check_size(size: int, fmt: str, source: str) -> None:
    cap = MAX_BYTES.get(fmt)
    if cap is not None and size > cap:
        raise ParseError(f"{source}: {format_size(size)} of {_FORMAT_NAMES.get(fmt, fmt)}, more than the "
                         f"{format_size(cap)} a report can be (real reports are under 1 MB)")


def check_text_length(chars: int, source: str) -> None:
    if chars > MAX_TEXT_CHARS:
        raise ParseError(f"{source}: {chars:,} characters of text, more than the {MAX_TEXT_CHARS:,} a report "
                         "can have (real reports have under 150,000)")


def check_counts(headings: int, paragraphs: int, source: str) -> None:
    if headings > MAX_HEADINGS:
        raise ParseError(f"{source}: {headings:,} headings, more than the {MAX_HEADINGS:,} a report can have "
                         "(real reports have under 100)")
    if paragraphs > MAX_PARAGRAPHS:
        raise ParseError(f"{source}: {paragraphs:,} paragraphs, more than the {MAX_PARAGRAPHS:,} a report can "
                         "have (real reports have a few hundred)")


def check_blocks(blocks: Iterable, source: str) -> None:
    """Bounds on parsed blocks (:class:`~differ.model.Heading` / ``Para``), before the model is built."""
    from differ.model import Heading

    headings = paragraphs = chars = 0
    for b in blocks:
        if isinstance(b, Heading):
            headings += 1
            chars += len(b.text)
        else:
            paragraphs += 1
            chars += len(b.text)
    check_counts(headings, paragraphs, source)
    check_text_length(chars, source)


_TOKEN = lazy(r"<!--|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def check_html_markup(html: str, source: str) -> None:
    """Refuse markup with more tags, or nested deeper, than any page, in one linear scan
    before the HTML parser (which takes seconds over 100,000 tags and exhausts Python's
    recursion on deep nesting).

    Counts as Python's ``html.parser`` nests: every tag but the void ones, an unclosed
    ``<p>`` included; comments, scripts and styles are skipped.
    """
    lowered = html.lower()
    depth = pos = tags = 0
    while m := _TOKEN.search(html, pos):
        pos = m.end()
        if m.group(0) == "<!--":
            end = html.find("-->", pos)
            if end < 0:
                return
            pos = end + 3
            continue
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            depth = max(0, depth - 1) if name not in _VOID else depth
            continue
        tags += 1
        if tags > MAX_HTML_TAGS:
            raise ParseError(f"{source}: more than {MAX_HTML_TAGS:,} HTML elements (real report pages have a few "
                             "thousand)")
        if self_closing or name in _VOID:
            continue
        if name in ("script", "style"):
            end = lowered.find(f"</{name}", pos)
            if end < 0:
                return
            pos = end
            continue
        depth += 1
        if depth > MAX_HTML_NESTING:
            raise ParseError(f"{source}: HTML nested more than {MAX_HTML_NESTING} elements deep "
                             "(real report pages nest under 40 deep)")


# --- identity ---------------------------------------------------------------------------------


def title_identity(title: str) -> tuple[str, int] | None:
    """(country as written, year) from ``Kazakhstan 2023 Human Rights Report``, else None."""
    m = _TITLE.match(title or "")
    if not m:
        return None
    return m.group("country").strip(), int(re.sub(r"\s", "", m.group("year")))


def check_identity(title: str, *, country: str, year: int, source: str, confirm: bool = False,
                   found: str = "") -> None:
    """Refuse a title naming another country or year; with ``confirm``, also one with no title."""
    identity = title_identity(title)
    if identity is None:
        if confirm:
            name = " ".join(w.capitalize() for w in country.split("-"))
            shown = " ".join((title or found or "").split())[:80]
            raise UnconfirmedReport(
                f"{source}: cannot confirm this is the {country} {year} report (no title like "
                f"'{name} {year} Human Rights Report' at the top; found {shown!r})")
        return
    found_country, found_year = identity
    if letters_only(found_country) != letters_only(country):
        raise ParseError(f"{source}: this is the report for {found_country}, not {country}")
    if found_year != year:
        raise ParseError(f"{source}: this is the {found_year} report, not {year}")


# --- completeness -----------------------------------------------------------------------------


def _html_closes(data: bytes) -> bool:
    tail = re.sub(rb"(?:<!--.*?-->|\s)+$", b"", data[-65536:], flags=re.S)
    return tail.lower().endswith(b"</html>")


def report_chars(report) -> int:
    """Characters of paragraph text: how long a report is, whatever its markup."""
    return sum(len(p.text) for s in report.walk() for p in s.paragraphs)


def check_complete(report, data: bytes, fmt: str, source: str, *, previous_chars: int | None = None) -> None:
    """Refuse a report that was cut short (see the module docstring for what "complete" means)."""
    sections = list(report.walk())
    paragraphs = [p for s in sections for p in s.paragraphs]
    problem = None
    if fmt == "html" and not _html_closes(data):
        problem = "the page ends before </html>"
    elif not any(_WORKER_RIGHTS.search(s.heading) for s in sections):
        last = sections[-1].heading if sections else "its beginning"
        problem = f"it ends at {last[:60]!r} without the worker-rights section every edition has"
    elif fmt == "pdf-text" and paragraphs and not _ENDS_SENTENCE.search(paragraphs[-1].text.rstrip()):
        problem = f"its last paragraph ends mid-sentence ({paragraphs[-1].text.rstrip()[-40:]!r})"
    elif previous_chars and (chars := report_chars(report)) < previous_chars / 2:
        problem = f"{chars:,} characters of report text against {previous_chars:,} in the stored copy, less than half"
    if problem:
        raise ParseError(f"{source}: report is incomplete: {problem} (cut short?)")
