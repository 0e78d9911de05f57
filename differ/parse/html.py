"""Parser for the report as an HTML page.

Two layouts are recognised:

* **state.gov (2017 onward)**: the report body sits in the page's content area
  (``div.entry-content``, ``article`` or ``main``); section titles are ``<h2>``,
  lettered subsections ``<h3>``, standalone sub-headings ``<h4>`` or a paragraph that is
  all bold (``<p><strong>…</strong></p>``), paragraphs ``<p>``; a run-in heading opens a
  paragraph in bold and ends in a colon (``<p><strong>Physical Conditions:</strong> …``).
* **2009–2017 archive site**: the body is ``div#centerblock``; headings are bold
  paragraphs or h-tags.

Heading levels come from the heading text as much as from the tag (``Section N.`` is
level 1, ``a.`` level 2, ``Executive Summary`` level 0, anything else level 3), so a page
that moved its headings between tags still parses. A page whose layout is not
recognised, or an access-denied / WAF page served with status 200, is a
:class:`~differ.errors.ParseError` with a one-line reason, never an empty report.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype

from differ.errors import ParseError
from differ.lazyre import lazy
from differ.model import Block, Heading, Para, Report, build_report
from differ.parse.checks import check_blocks, check_html_markup, check_identity

_SECTION = lazy(r"^Section\s+\d+\s*\.\s*\S", re.I)
_LETTERED = lazy(r"^[a-z]\.\s+\S")
_SENTENCE_END = lazy(r"[.;!?][\"”’)]*$")
_EXEC_SUMMARY = lazy(r"^executive\s+summary:?$", re.I)

# Title patterns, tried on <title>, <h1> and the first headings of the body.
_T_REPORT = lazy(
    r"^\s*(?P<country>[A-Z][\w’'.,() -]{0,60}?)\s+(?P<year>(?:19|20)\d\d)\s+Human\s+Rights\s+Report\b\W*(?:pdf\W*)?$", re.I
)
_T_EDITION = lazy(
    r"(?P<year>(?:19|20)\d\d)\s+Country\s+Reports?\s+on\s+Human\s+Rights\s+Practices\s*[:|–—-]\s*(?P<country>[^|–—:]+)",
    re.I,
)
_T_FOR_YEAR = lazy(r"Country\s+Reports?\s+on\s+Human\s+Rights\s+Practices\s+for\s+(?P<year>(?:19|20)\d\d)", re.I)
_T_YEAR_FIRST = lazy(r"(?P<year>(?:19|20)\d\d)\s+Country\s+Reports?\s+on\s+Human\s+Rights\s+Practices", re.I)
_NOT_A_NAME = lazy(r"\d|report|practices|human rights|department|bureau|democracy|archive|summary|section", re.I)
_SITE_SUFFIX = lazy(r"\s*[|–—-]\s*(?:United States Department of State|U\.S\. Department of State|state\.gov).*$", re.I)

# Pages that stand in for the report when a CDN or firewall refuses the request.
_BLOCKED = [
    lazy(p, re.I)
    for p in (
        r"^\s*access denied\b",
        r"you don'?t have permission to access",
        r"request unsuccessful\.?\s*incapsula",
        r"attention required!?\s*\|\s*cloudflare",
        r"^\s*just a moment\.\.\.",
        r"the requested url was rejected",
        r"web application firewall",
        r"^\s*403 forbidden\b",
        r"are you a robot|verify you are (?:a )?human",
    )
]

_SKIP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
              "select", "svg", "iframe", "figure", "table"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BOLD_TAGS = {"strong", "b"}
_BLOCK_TAGS = {"p", "li", "blockquote", "dd"} | _HEADING_TAGS
_CONTENT_SELECTORS = (".entry-content", "[class*=report__content]", "section[class*=content]", "article", "main",
                      "[role=main]", "#content")


def _norm(s: str) -> str:
    return " ".join(s.replace("\xa0", " ").replace("\u200b", "").split())


def _text(el: Tag) -> str:
    return _norm(el.get_text(" "))


def _label(source: str, country: str, year: int) -> str:
    return source or f"{country} {year} page"


def _is_blocked(soup: BeautifulSoup) -> str | None:
    """The reason when this is an access-denied / challenge page, else None."""
    title = _norm(soup.title.get_text(" ")) if soup.title else ""
    heads = [_text(h) for h in soup.find_all(["h1", "h2"], limit=3)]
    body = _norm(soup.get_text(" "))[:3000]
    for text in [title, *heads, body]:
        for pat in _BLOCKED:
            if pat.search(text):
                shown = title or (heads[0] if heads else text[:60])
                return f"access-denied page served instead of the report ({shown[:80]!r})"
    return None


def _find_title(soup: BeautifulSoup, root: Tag) -> str:
    """``Country YEAR Human Rights Report`` when the page says which country and year, else
    the raw page heading (which :func:`~differ.parse.check_report` cannot confirm)."""
    page_names: list[str] = []  # where a page names its country: <h1>, og:title, <title>
    page_names += [_text(h) for h in soup.find_all("h1", limit=3)]
    og = soup.find("meta", attrs={"property": "og:title"})
    if og and og.get("content"):
        page_names.append(_norm(str(og["content"])))
    if soup.title:
        page_names.append(_norm(soup.title.get_text(" ")))
    body = [_text(h) for h in root.find_all(["h2", "h3", "p", "div"], limit=12) if len(_text(h)) < 200]
    # the page header around the <h1> (eyebrow, breadcrumbs), then the rest of the page
    near: list[str] = []
    h1 = soup.find("h1")
    if h1 is not None:
        for box in (h1.parent, h1.parent.parent if h1.parent else None):
            if isinstance(box, Tag):
                near += [_text(e) for e in box.find_all(["p", "div", "span", "a", "h2", "li"], limit=20)
                         if len(_text(e)) < 200]
    page = [_text(e) for e in soup.find_all(["p", "span", "a", "li", "h2", "div"], limit=60) if len(_text(e)) < 200]
    candidates = page_names + body + near + page

    for text in candidates:
        m = _T_REPORT.match(_SITE_SUFFIX.sub("", text))
        if m:
            return f"{_norm(m.group('country'))} {m.group('year')} Human Rights Report"
        m = _T_EDITION.search(text)
        if m:
            country = _SITE_SUFFIX.sub("", _norm(m.group("country"))).strip(" .")
            if country and len(country) <= 60 and not _NOT_A_NAME.search(country):  # not "… - U.S. Department of State"
                return f"{country} {m.group('year')} Human Rights Report"
    # The year from "Country Reports on Human Rights Practices for 2016" or "2023 Country
    # Reports on Human Rights Practices", the country from the page's own name.
    year = next((m.group("year") for t in candidates if (m := _T_FOR_YEAR.search(t) or _T_YEAR_FIRST.search(t))), None)
    if year:
        names = [_SITE_SUFFIX.sub("", t).strip() for t in page_names]
        name = next((n for n in names if n and len(n) <= 60 and not _NOT_A_NAME.search(n)), None)
        if name:
            return f"{name} {year} Human Rights Report"
    return page_names[0] if page_names else ""


def _content_root(soup: BeautifulSoup) -> tuple[Tag, str]:
    center = soup.find(id="centerblock")
    if isinstance(center, Tag):
        return center, "archive"
    for selector in _CONTENT_SELECTORS:
        found = soup.select(selector)
        # Take the candidate holding the most "Section N." headings.
        best = max(found, key=_section_count, default=None)
        if best is not None and _section_count(best) >= 1:
            return best, "state.gov"
    body = soup.body or soup
    return body, "state.gov"


def _section_count(el: Tag) -> int:
    return sum(1 for h in el.find_all(list(_HEADING_TAGS | {"p", "strong", "b"})) if _SECTION.match(_text(h)))


def _leading_bold(p: Tag) -> tuple[Tag | None, str]:
    """The bold element that opens a paragraph (if any) and the text of that opening."""
    for child in p.children:
        if isinstance(child, (Comment, Doctype)):
            continue
        if isinstance(child, NavigableString):
            if _norm(str(child)):
                return None, ""
            continue
        if isinstance(child, Tag):
            if child.name in _BOLD_TAGS:
                return child, _text(child)
            # <span><strong>…</strong></span> or <a name=…></a><strong>
            if child.name in ("span", "a", "em", "i", "u", "font") and _text(child) == "":
                continue
            if child.name in ("span", "font", "u", "em", "i"):
                inner, text = _leading_bold(child)
                if inner is not None:
                    return inner, text
            return None, ""
    return None, ""


def _heading_level(text: str, tag: str) -> int:
    if _EXEC_SUMMARY.match(text):
        return 0
    if _SECTION.match(text):
        return 1
    if _LETTERED.match(text):
        return 2
    return 3


def _blocks(root: Tag) -> list[Block]:
    blocks: list[Block] = []

    def visit(el: Tag) -> None:
        for child in el.children:
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in _SKIP_TAGS or child.get("hidden") is not None:
                continue
            if child.get("class") and any(c in ("sr-only", "screen-reader-text", "visually-hidden") for c in child["class"]):
                continue
            if name in _BLOCK_TAGS:
                handle(child)
            else:
                visit(child)

    def handle(el: Tag) -> None:
        text = _text(el)
        if not text:
            return
        name = el.name
        if name in _HEADING_TAGS:
            if name == "h1":
                return  # the page title
            blocks.append(Heading(_heading_level(text, name), text))
            return
        if name == "li" and el.find(list(_BLOCK_TAGS)):
            visit(el)  # a list item that wraps paragraphs
            return
        bold, bold_text = _leading_bold(el)
        if bold is not None and bold_text:
            if bold_text == text:
                # the whole paragraph is bold: a standalone heading (or a run-in heading alone)
                if text.endswith(":") and not _SECTION.match(text) and not _EXEC_SUMMARY.match(text):
                    blocks.append(Heading(4, text[:-1].rstrip()))
                else:
                    blocks.append(Heading(_heading_level(text, "p"), text))
                return
            if (_SECTION.match(text) or _LETTERED.match(text)) and len(text) < 200 and not _SENTENCE_END.search(text):
                # <p><strong>a.</strong> Arbitrary Deprivation of Life</p>: a heading split by markup
                blocks.append(Heading(_heading_level(text, "p"), text))
                return
            rest = text[len(bold_text):].lstrip() if text.startswith(bold_text) else None
            if rest is not None:
                if bold_text.endswith(":"):
                    blocks.append(Para(rest, bold_text[:-1].rstrip()))
                    return
                if rest.startswith(":"):
                    blocks.append(Para(rest[1:].lstrip(), bold_text))
                    return
        blocks.append(Para(text))

    visit(root)
    return blocks


def parse_html(html: str, *, country: str, year: int, source: str = "") -> Report:
    """Parse a state.gov or archive-site report page into the model.

    A title naming another country or year is refused before the body is read; the
    markup and the blocks are bounded (see :mod:`differ.parse.checks`)."""
    label = _label(source, country, year)
    if not html or not html.strip():
        raise ParseError(f"{label}: page is empty")
    check_html_markup(html, label)
    soup = BeautifulSoup(html, "html.parser")
    if soup.find(["html", "body", "p", "div", "h1", "h2"]) is None:
        raise ParseError(f"{label}: not an HTML page")
    blocked = _is_blocked(soup)
    if blocked:
        raise ParseError(f"{label}: {blocked}")
    root, layout = _content_root(soup)
    title = _find_title(soup, root)
    check_identity(title, country=country, year=year, source=label)
    blocks = _blocks(root)
    check_blocks(blocks, label)
    # Drop page furniture that precedes the report body (breadcrumbs, "Download report", a
    # table of contents): the report starts at its first top-level heading, or at the first
    # paragraph of real prose when the executive summary comes without a heading.
    first = next((i for i, b in enumerate(blocks)
                  if (isinstance(b, Heading) and b.level <= 1) or (isinstance(b, Para) and len(b.text) >= 200)), None)
    if first is not None:
        blocks = blocks[first:]
    title_pat = re.compile(re.escape(title), re.I) if title else None
    blocks = [b for b in blocks if not (isinstance(b, Heading) and title_pat and title_pat.fullmatch(b.text))]

    sections = sum(1 for b in blocks if isinstance(b, Heading) and b.level == 1)
    paras = sum(1 for b in blocks if isinstance(b, Para))
    if sections == 0:
        raise ParseError(
            f"{label}: unrecognised page layout ({layout}): no 'Section N.' headings found "
            f"among {paras} paragraphs"
        )
    if paras == 0:
        raise ParseError(f"{label}: unrecognised page layout ({layout}): headings but no paragraphs")
    return build_report(country, year, title, blocks)
