"""HTML reports: pure functions from the comparison / trend JSON to one self-contained page.

Every page is a single file: CSS and JS inline, no fonts, images or scripts from
anywhere else, so it opens offline, can be mailed or archived, and prints. Pages are
rendered with Jinja2 with autoescape on: the report text is untrusted input and only
our own CSS/JS is ever marked safe. Output is byte-identical for the same input (no
timestamps, no random ids), so a cron job can tell "nothing changed" from a diff.

* :func:`render_comparison` – ``differ diff OLD NEW`` (``reports/<country>-<OLD>-<NEW>.html``)
* :func:`render_trend` – ``differ trend`` (``reports/<country>-trend.html``)
* :func:`render_index` – ``reports/index.html``
"""

from __future__ import annotations

import json
import math
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from differ.names import COMPARISON_NAME, EDITION_NAME, INDEX_NAME, TREND_NAME

COLLAPSE_EQUAL = 320  # unchanged runs longer than this (characters) inside a redline fold up
KEEP_EQUAL = 90  # characters kept visible at each end of a folded run


# --- jinja ----------------------------------------------------------------------------------


def _bytecode_cache():
    """Compiled templates kept in the user's cache directory: compiling them costs every
    ``differ diff`` about a tenth of a second. Jinja checks each template's source, so a
    changed template is recompiled; an unwritable cache just means no cache."""
    import tempfile

    import jinja2

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    directory = os.path.join(base, "differ", "jinja")
    try:
        os.makedirs(directory, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(directory)


@lru_cache(maxsize=1)
def _env():
    import jinja2

    class Environment(jinja2.Environment):
        def getattr(self, obj, attribute):
            # The views are plain dicts: `s.op` looks the key up first. Jinja's own order
            # (attribute, then key) raises and catches an AttributeError per lookup, the
            # largest cost of rendering a comparison page.
            if type(obj) is dict and attribute in obj:
                return obj[attribute]
            return super().getattr(obj, attribute)

    env = Environment(
        loader=jinja2.PackageLoader("differ", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["num"] = format_number
    env.filters["pct"] = lambda x: "–" if x is None else f"{x * 100:.0f}%"
    env.filters["short_sha"] = lambda s: (s or "")[:12]
    env.globals["asset"] = _asset
    env.filters["sign"] = status_sign
    env.filters["redline"] = redline_html
    env.globals["status_badge"] = _status_badge
    env.globals["section"] = section_html
    env.globals["stat_rows"] = _in_pieces(stat_rows_html)
    env.globals["law_rows"] = _in_pieces(law_rows_html)
    env.globals["back"] = back_html
    env.globals["toc_rows"] = _in_pieces(toc_rows_html)
    env.globals["outline_rows"] = _in_pieces(outline_rows_html)
    env.globals["abuse_rows"] = _in_pieces(abuse_rows_html)
    return env


# A sign beside each status word, so that colour is only a hint.
STATUS_SIGNS = {"added": "+", "new": "+", "dropped": "−", "removed": "−", "changed": "±", "moved": "↷", "kept": "=",
                "unchanged": "=", "same": "=", "renamed": "✎", "merged": "⇉", "split": "⇇", "punctuation": "·"}


def status_sign(status: str, default: str = "•") -> str:
    """The sign shown with a status (a filter: a page shows one per change, and a filter is a
    plain call where a method call from a template goes through the context)."""
    return STATUS_SIGNS.get(status, default)


@lru_cache(maxsize=None)
def _status_badge(status: str):
    """The macros' status badge, rendered once per status: a comparison page shows hundreds
    (every section, figure and law has one), and a macro call each cost more than the row."""
    return _env().get_template("macros.html.j2").module.status_badge(status)


@lru_cache(maxsize=None)
def _asset(name: str):
    """Our own static CSS/JS from the templates directory, inlined verbatim (trusted)."""
    from markupsafe import Markup

    env = _env()
    source, _filename, _uptodate = env.loader.get_source(env, name)
    if name.endswith(".js"):
        assert "</script" not in source.lower()
    return Markup(source)


@lru_cache(maxsize=None)
def _script(name: str = "report.js") -> tuple[str, str]:
    """The page script and its CSP hash: only this exact script may run in a page. (Base64 by
    binascii, which base64.b64encode calls: the base64 module costs a page about 0.7 ms to import.)"""
    import binascii
    import hashlib

    js = "\n" + str(_asset(name)) + "\n"
    digest = binascii.b2a_base64(hashlib.sha256(js.encode("utf-8")).digest(), newline=False).decode("ascii")
    return js, f"sha256-{digest}"


def _page_template(template: str, script_name: str, context: dict):
    """A page's template and its context with the page script and the script's CSP hash."""
    from markupsafe import Markup

    js, script_hash = _script(script_name)
    return _env().get_template(template), {"script": Markup(js), "script_hash": script_hash, **context}


def _render(template: str, script_name: str = "report.js", **context) -> str:
    """A page of its template; every page ends with a newline (base.html.j2 keeps its own, so a
    page need not be copied whole to add one)."""
    page_template, context = _page_template(template, script_name, context)
    html = page_template.render(context)
    return html if html.endswith("\n") else html + "\n"


def _render_pieces(template: str, script_name: str = "report.js", **context) -> list[bytes]:
    """:func:`_render`'s page as UTF-8 in pieces, each encoded as the template yields it, for
    :func:`differ.corpus.atomic_write_pieces`. (A comparison page is near a million characters,
    two bytes each in a str once one of them is a curly quote: made whole, as a str or as bytes,
    it would be fresh memory the process pays for in page faults, about 1.5 ms and 0.7 ms.)"""
    page_template, context = _page_template(template, script_name, context)
    pieces = [piece.encode("utf-8") for piece in page_template.generate(context)]
    last = next((piece for piece in reversed(pieces) if piece), b"")
    if not last.endswith(b"\n"):
        pieces.append(b"\n")
    return pieces


# --- shared helpers -------------------------------------------------------------------------


def _h(value: Any) -> str:
    """``{{ value }}`` in an autoescaping template (markupsafe.escape) as a str: the same
    five replacements, without a Markup object per value (markup itself comes back as it is)."""
    if type(value) is not str:
        if type(value) is int:  # digits and a sign: nothing to replace (counts, years, depths)
            return str(value)
        if hasattr(value, "__html__"):
            return value.__html__()
        value = str(value)
    # Report text seldom holds any of the five (it writes curly quotes): five membership tests
    # cost half what five replace calls do, which each scan the text just the same.
    if "&" in value or "<" in value or ">" in value or "'" in value or '"' in value:
        return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;")
                .replace('"', "&#34;"))
    return value


def format_number(x: float | int | None) -> str:
    if x is None:
        return "–"
    if isinstance(x, float) and not math.isfinite(x):
        return "–"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def country_name(slug: str) -> str:
    return " ".join(w.capitalize() for w in str(slug).split("-"))


_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.I)


def safe_url(url: Any) -> str | None:
    """Only plain http(s) URLs become links: a manifest is data, not trusted markup."""
    return url if isinstance(url, str) and _SAFE_URL.match(url) else None


def _edition(meta: dict, slug: str = "") -> dict:
    """One edition's provenance for the footer: a link to where it is published (the
    manifest's, else the State Department's URL pattern), its sha256 and fetch date."""
    fetched = next((meta[k] for k in ("fetched_at", "fetched", "retrieved", "date") if meta.get(k)), None)
    url = safe_url(meta.get("source_url") or meta.get("url")) or _published_url(slug, meta.get("year"))
    return {
        "year": meta.get("year"),
        "sha256": meta.get("sha256") or "",
        "source": meta.get("source") or "",
        "url": url,
        "fetched": fetched,
        "title": meta.get("title") or "",
    }


def _snippet(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 40 else limit] + " …"


_PUNCTUATION = re.compile(r"[^\w\s]")


@lru_cache(maxsize=1024)
def _loose(heading: str) -> str:
    """A heading compared loosely: lower case, punctuation and runs of spaces as one space.
    (Kept: a page asks it of each heading on every path above a section, ~550 times for ~120
    headings.)"""
    return " ".join(_PUNCTUATION.sub(" ", heading.lower()).split())


def _path_label(path: Sequence[str] | None) -> str:
    return " › ".join(path) if path else ""


# --- redlines -------------------------------------------------------------------------------


def _fold(text: str) -> dict:
    """An unchanged run: shown whole, or folded to its two ends when long."""
    if len(text) <= COLLAPSE_EQUAL:
        return {"op": "equal", "text": text}
    head_end = text.rfind(" ", 0, KEEP_EQUAL)
    head_end = head_end if head_end > 0 else KEEP_EQUAL
    tail_start = text.find(" ", len(text) - KEEP_EQUAL)
    tail_start = tail_start if tail_start > 0 else len(text) - KEEP_EQUAL
    middle = text[head_end:tail_start]
    return {"op": "fold", "head": text[:head_end], "middle": middle, "tail": text[tail_start:],
            "words": len(middle.split())}


def redline_segments(ops: Iterable[Sequence[str]] | None, side: str = "both", fold: bool = True) -> list[dict]:
    """``[["equal"|"insert"|"delete", text], …]`` → template segments for one view.

    ``side``: ``both`` (inline: deletions and insertions), ``old`` (equal + delete) or
    ``new`` (equal + insert). ``fold``: long unchanged runs fold up (else shown whole).
    """
    out: list[dict] = []
    for op in ops or ():
        if len(op) != 2:
            continue
        kind, text = str(op[0]), str(op[1])
        if kind == "equal":
            out.append(_fold(text) if fold else {"op": "equal", "text": text})
        elif kind == "delete" and side in ("both", "old"):
            out.append({"op": "delete", "text": text})
        elif kind == "insert" and side in ("both", "new"):
            out.append({"op": "insert", "text": text})
    return out


_FOLD_HTML = ('{head}<span class="fold"><button type="button" class="fold-btn" aria-expanded="false" '
              'title="Show the unchanged text">… {words} unchanged words …</button>'
              '<span class="fold-body">{middle}</span></span>{tail}')


def _fold_html(fold: dict) -> str:
    return _FOLD_HTML.format(head=_h(fold["head"]), words=fold["words"], middle=_h(fold["middle"]),
                             tail=_h(fold["tail"]))


def redline_html(segments: Iterable[dict]):
    """Segments of :func:`redline_segments` as the page's HTML (the ``redline`` filter): text
    escaped, deletions in ``<del>``, insertions in ``<ins>``, a fold as a button over its
    middle. Built here rather than by a macro: redlines are the page's innermost loop (over
    a thousand segments in a comparison), where a template spends most on each expression."""
    from markupsafe import Markup

    html = []
    for s in segments:
        op = s["op"]
        if op == "equal":
            html.append(_h(s["text"]))
        elif op == "fold":
            html.append(_fold_html(s))
        elif op == "delete":
            html.append(f"<del>{_h(s['text'])}</del>")
        else:
            html.append(f"<ins>{_h(s['text'])}</ins>")
    return Markup("".join(html))


def redline_ops_html(ops: Iterable[Sequence[str]] | None, fold: bool = True) -> str:
    """``redline_html(redline_segments(ops, "both", fold))`` written straight from the ops: a
    change or a sentence pair on the page keeps its redline as the comparison holds it, not as
    a dict per segment (over a thousand in a comparison, each made to be read once)."""
    html = []
    for op in ops or ():
        if len(op) != 2:
            continue
        kind, text = str(op[0]), str(op[1])
        if kind == "equal":
            html.append(_fold_html(_fold(text)) if fold and len(text) > COLLAPSE_EQUAL else _h(text))
        elif kind == "delete":
            html.append(f"<del>{_h(text)}</del>")
        elif kind == "insert":
            html.append(f"<ins>{_h(text)}</ins>")
    return "".join(html)


# --- the page's most repeated rows, written here -------------------------------------------
#
# A comparison page has hundreds of changes, figures and laws. Written by macros, each row
# cost more in jinja's machinery (a lookup per field, a Markup made by escape() per value, a
# macro call) than in its text, so these functions write them: the HTML the macros wrote, byte
# for byte (tests/test_render.py renders the former macros beside them). Values are escaped
# as a template escapes them (_h).


class _Written:
    """HTML written here, which a template inserts as it is: jinja's escape() makes the one
    Markup of it. (A Markup made here would be copied again there, and the page's sections are
    near a megabyte: each copy a fresh allocation the process pays for in page faults.)"""

    __slots__ = ("html",)

    def __init__(self, html: str):
        self.html = html

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


@lru_cache(maxsize=None)
def _change_tags(kind: str, filter_key: str, scope: str, label: str) -> tuple[str, str]:
    """A change's opening tags before and after its id: a page has hundreds of changes but a
    handful of kinds, filters, scopes and labels, so these are written once each."""
    k, f = _h(kind), _h(filter_key)
    return (f'<article class="chg k-{k} f-{f} sc-{_h(scope)}" id="',
            f'" data-kind="{k}" data-f="{f}" tabindex="-1">\n<div class="chg-h"><span class="tag k-{k}"><span '
            f'aria-hidden="true">{_h(status_sign(kind))}</span> {_h(label)}</span>')


def _change_html(c: dict, old_year: Any) -> str:
    """One change of a section (a view of :func:`_change_view`) as its ``<article>``."""
    before_id, after_id = _change_tags(c["kind"], c["filter"], c["scope"], c["label"])
    html = [before_id, _h(c["id"]), after_id]
    moved_from = c["from"]
    if moved_from:
        html.append(f' <span class="from">from {_h(old_year)} “<a href="#{_h(moved_from["anchor"])}">'
                    f'{_h(moved_from["title"])}</a>”</span>')
    html.append("</div>\n")
    if c["inline"] is not None:
        html.append(f'<div class="v-inline"><p class="rl">{redline_ops_html(c["inline"])}</p></div>\n')
    elif c["kind"] == "added":
        html.append(f'<div class="body"><p><ins class="blk">{_h(c["new_text"])}</ins></p></div>\n')
    elif c["kind"] == "dropped":
        html.append(f'<div class="body"><p><del class="blk">{_h(c["old_text"])}</del></p></div>\n')
    else:
        html.append(f'<div class="body"><p>{_h(c["new_text"] or c["old_text"])}</p></div>\n')
    html.append("</article>\n")
    return "".join(html)


def section_body_html(s: dict, old_year: Any) -> str:
    """A section's text on the page: its changes in place, the unchanged sentences between them
    folded, and what moved out of it."""
    html = []
    if s["fold"] == "unchanged":
        html.extend(f'<p class="plain">{_h(p)}</p>' for it in s["blocks"] if it["type"] == "same"
                    for p in it["paragraphs"])
    else:
        for it in s["blocks"]:
            if it["type"] == "same":
                count = it["count"]
                paragraphs = "".join(f"<p>{_h(p)}</p>" for p in it["paragraphs"])
                html.append(f'<details class="same"><summary><span aria-hidden="true">⋯</span> {_h(count)} unchanged '
                            f'sentence{"s" if count != 1 else ""}</summary>{paragraphs}</details>\n')
            else:
                html.append(_change_html(it["change"], old_year))
    html.extend(f'<p class="moved-out"><span aria-hidden="true">↷</span> Moved from here to <a href="#{_h(m["id"])}">'
                f'{_h(m["title"])}</a>: <q>{_h(m["snippet"])}</q></p>\n' for m in s["moved_out"])
    return "".join(html)


def _section_html(s: dict, old_year: Any) -> str:
    """One section of the page (a view of :func:`_section_view`): its heading and notes, folded
    when unchanged or removed, then its text (:func:`section_body_html`)."""
    status, depth, fold = _h(s["status"]), _h(s["depth"]), s["fold"]
    classes = (" grp" if s["group"] else "") + (f" fold-{_h(fold)}" if fold else "")
    html = [f'<section class="sec st-{status} d{depth}{classes}" id="{_h(s["anchor"])}" data-status="{status}" '
            f'data-depth="{depth}">\n']
    meta = " · ".join(map(_h, s["meta"]))
    if fold:
        sign = ('<span class="sign-removed" aria-label="removed">−</span>' if fold == "removed"
                else _status_badge("unchanged"))
        if fold == "removed":
            n = len(s["changes"])
            note = f'{n} passage{"s" if n != 1 else ""} removed' if n else "heading only"
        elif s["in_place"]:
            n = sum(it["count"] for it in s["blocks"] if it["type"] == "same")
            note = f'{_h(n)} sentence{"s" if n != 1 else ""}, word for word as in {_h(old_year)}'
        else:
            note = "no changes"
        html.append(f'<details class="sec-fold">\n<summary><h3 class="sec-h">{sign} {_h(s["heading"])}</h3>\n'
                    f'<span class="fold-note">{note}</span>')
        if meta:
            html.append(f'<span class="fold-note fold-meta"> · {meta}</span>')
        html.append(f'</summary>\n{section_body_html(s, old_year)}\n</details>\n')
    else:
        badge = "" if s["group"] else f"{_status_badge(s['status'])} "
        html.append(f'<h3 class="sec-h">{badge}{_h(s["heading"])}</h3>\n')
        if meta:
            html.append(f'<p class="sec-meta">{meta}</p>')
        if not (s["group"] or s["changes"] or s["moved_out"] or s["in_place"]):
            html.append('<p class="muted nochg">No changes of its own.</p>')
        html.append(f"{section_body_html(s, old_year)}\n")
    html.append("</section>\n")
    return "".join(html)


def section_html(section: dict, old_year: Any) -> _Written:
    """One of the page's sections ("Section by section" and the removed ones; ``section`` in
    the template, which loops over them: each section a piece of the page, so the sections,
    near a megabyte, are never joined into one string before the page is encoded)."""
    return _Written(_section_html(section, old_year))


def back_html(item: dict):
    """The link from a piece of evidence back to its key finding (or to the findings, past
    the listed ones): ``back`` in the template, and in the rows written here."""
    from markupsafe import Markup

    target = _h(f"kf-{item['id']}") if item["finding"] else "findings"
    return Markup(f'<a class="back" href="#{target}" title="Back to the key findings">↑</a>')


def _sentence_pair_html(pair: dict | None, old_parts: Sequence[str] | None, new_parts: Sequence[str] | None,
                        old_year_html: str, new_year_html: str) -> str:
    """A sentence in two editions: one redline when they read as one edited sentence
    (``pair`` from :func:`_sentence_pair`), else each side whole with its figure marked
    (``parts``: ``[before, figure, after]`` or ``[text]``). The years come escaped (once per
    batch of rows, not per row)."""
    if pair:
        years = f"{old_year_html} {'=' if pair['identical'] else '→'} {new_year_html}"
        return f'<p class="rl"><span class="yr">{years}</span> {redline_ops_html(pair["inline"], fold=False)}</p>'
    html = []
    for parts, year_html in ((old_parts, old_year_html), (new_parts, new_year_html)):
        if parts:
            text = (f"{_h(parts[0])}<mark>{_h(parts[1])}</mark>{_h(parts[2])}" if len(parts) == 3
                    else _h(parts[0]))
            html.append(f'<p><span class="yr">{year_html}</span> {text}</p>')
    return "".join(html)


def _figure_cell(side: dict | None) -> str:
    if not side:
        return "–"
    unit = "" if side["unit"] == "count" else f' <span class="unit">{_h(side["unit"])}</span>'
    return f"{_h(side['value'])}{unit}"


def stat_rows_html(rows: Sequence[dict], old_year: Any, new_year: Any) -> _Written:
    """Rows of the statistics tables (views of :func:`_stat_view`): the figure, its values and
    change, then a row with its sentence in both editions."""
    html = []
    old_year, new_year = _h(old_year), _h(new_year)
    for s in rows:
        status = _h(s["status"])
        back = f" {back_html(s)}" if s["status"] == "changed" else ""
        what = _h(s["noun"] or "–")
        if s["scope"]:
            what += f' <span class="muted">({_h(s["scope"])})</span>'
        elif s["side_scopes"]:
            scopes = " → ".join(_h(side["scope"] or "–") for side in (s["old"], s["new"]) if side)
            what += f' <span class="muted">({scopes})</span>'
        if s["section"]:
            where = (f'<a href="#{_h(s["anchor"])}">{_h(s["section"])}</a>' if s["anchor"] else _h(s["section"]))
            what += f'<br><span class="in">in {where}</span>'
        delta = s["delta"]
        if delta:
            change = f'<span class="delta d-{_h(delta["dir"])}">{_h(delta["text"])}</span>'
            if delta["pct"]:
                change += f' <span class="muted pct">({_h(delta["pct"])})</span>'
        else:
            change = "–"
        pair = _sentence_pair_html(s["pair"], s["old"]["parts"] if s["old"] else None,
                                   s["new"]["parts"] if s["new"] else None, old_year, new_year)
        html.append(f'<tr class="row-{status}" id="{_h(s["id"])}">\n<td>{_status_badge(s["status"])}{back}</td>\n'
                    f'<td data-label="What">{what}</td>\n'
                    f'<td class="num" data-label="{old_year}">{_figure_cell(s["old"])}</td>\n'
                    f'<td class="num" data-label="{new_year}">{_figure_cell(s["new"])}</td>\n'
                    f'<td class="num" data-label="Change">{change}</td>\n</tr>\n'
                    f'<tr class="sents-row row-{status}"><td colspan="5" class="sents">{pair}</td></tr>\n')
    return _Written("".join(html))


def law_rows_html(rows: Sequence[dict], old_year: Any, new_year: Any) -> _Written:
    """Rows of the laws tables (views of :func:`_law_views`): the law, its mentions, then a row
    with its sentence in both editions."""
    html = []
    old_year, new_year = _h(old_year), _h(new_year)
    for law in rows:
        status = _h(law["status"])
        back = f" {back_html(law)}" if law["status"] in ("added", "dropped", "changed") else ""
        event = f", {_h(law['event'])}" if law["event"] else ""
        mentions = " → ".join("–" if n is None else _h(n) for n in (law["old_mentions"], law["new_mentions"]))
        pair = _sentence_pair_html(law["pair"], [law["old_text"]] if law["old_text"] else None,
                                   [law["new_text"]] if law["new_text"] else None, old_year, new_year)
        html.append(f'<tr class="row-{status}" id="{_h(law["id"])}">\n<td>{_status_badge(law["status"])}{back}</td>\n'
                    f'<td data-label="Law"><strong>{_h(law["name"])}</strong> <span class="muted">{_h(law["kind"])}'
                    f'{event}</span></td>\n<td class="num" data-label="Mentions">{mentions}</td>\n</tr>\n'
                    f'<tr class="sents-row row-{status}"><td colspan="3" class="sents">{pair}</td></tr>\n')
    return _Written("".join(html))


ROWS_PER_PIECE = 32  # table rows written as one piece of a page (see _in_pieces)


def _in_pieces(write_rows):
    """A row writer as the templates call it: a table's rows written ``ROWS_PER_PIECE`` at a
    time, each batch a piece of the page (the writers write each row on its own, so the pieces
    hold the rows the whole table would). A whole table of a few hundred figures would be one
    string of over 250,000 characters, two bytes each once one is a curly quote, copied into
    markup and encoded as it is: text that large is mapped fresh from the system each time
    (about 150 more page faults a comparison) where a batch reuses freed memory."""
    def pieces(rows: Sequence[dict], *args) -> list[_Written]:
        return [write_rows(rows[i:i + ROWS_PER_PIECE], *args) for i in range(0, len(rows), ROWS_PER_PIECE)]

    return pieces


def toc_rows_html(outline: Sequence[dict]) -> _Written:
    """The contents' list of sections (views of :func:`_section_view`), one ``<li>`` each."""
    html = []
    for s in outline:
        group = s["group"]
        mark = "" if group else f'<span class="mark" aria-hidden="true">{_h(status_sign(s["status"], "·"))}</span>'
        html.append(f'<li class="d{_h(s["depth"])} st-{_h(s["status"])}{" grp" if group else ""}"><a href="#'
                    f'{_h(s["anchor"])}">{mark}{_h(s["heading"])}</a></li>\n')
    return _Written("".join(html))


def _confidence_html(value: float | None) -> str:
    """An alignment confidence as a bar and its number (nothing when unknown)."""
    if value is None:
        return ""
    return (f'<span class="conf" title="alignment confidence {value:.2f}"><span class="conf-bar" style="width: '
            f'{value * 100:.0f}%"></span></span> <span class="conf-n">{value:.2f}</span>')


def outline_rows_html(outline: Sequence[dict]) -> _Written:
    """Rows of the outline map: each new section, how it relates to the old one, how sure."""
    html = []
    for s in outline:
        heading = _h(s["heading"])
        if s["status"] == "added":
            heading = f"<ins>{heading}</ins>"
        if s["old_path"]:
            old = _h(s["old_label"])
            if s["also"]:
                old += f'<br><span class="muted">also takes in: {"; ".join(map(_h, s["also"]))}</span>'
        else:
            old = '<span class="muted">—</span>'
        html.append(f'<tr class="rel-{_h(s["relation"])} st-{_h(s["status"])}">\n<td class="nd d{_h(s["depth"])}">'
                    f'<a href="#{_h(s["anchor"])}">{heading}</a></td>\n<td>{_status_badge(s["relation"])}</td>\n'
                    f'<td>{_confidence_html(s["confidence"])}</td>\n<td class="od">{old}</td>\n</tr>\n')
    return _Written("".join(html))


def _abuse_items_html(items: Sequence[str], tag: str | None) -> str:
    if not items:
        return '<span class="muted">not listed</span>'
    if tag:
        return "".join(f"<p><{tag}>{_h(t)}</{tag}></p>" for t in items)
    return "".join(f"<p>{_h(t)}</p>" for t in items)


def abuse_rows_html(abuses: Sequence[dict], old_year: Any, new_year: Any) -> _Written:
    """Rows of the abuses table (views of :func:`_abuse_views`): the item in each edition."""
    html = []
    for a in abuses:
        status = a["status"]
        notes = f' <span class="muted">{_h(a["relation"])}</span>' if a["relation"] in ("split", "merged") else ""
        if status != "kept":
            notes += f" {back_html(a)}"
        if status == "kept" and a["same"]:
            new = '<span class="muted">same wording</span>'
        elif a.get("redline"):
            new = f'<p class="rl">{redline_ops_html(a["redline"], fold=False)}</p>'
        else:
            new = _abuse_items_html(a["new_items"], "ins" if status == "added" else None)
        related = a["related"]
        if related:
            new += (f'<p class="rel">related to “<a href="#{_h(related["id"])}">{_h(related["text"])}</a>” '
                    f'({_h(related["status"])})</p>')
        html.append(f'<tr class="row-{_h(status)}" id="{_h(a["id"])}">\n<td>{_status_badge(status)}{notes}</td>\n'
                    f'<td data-label="Category">{_h(a["category"] or "–")}</td>\n'
                    f'<td data-label="{_h(old_year)}">'
                    f'{_abuse_items_html(a["old_items"], "del" if status == "dropped" else None)}</td>\n'
                    f'<td data-label="{_h(new_year)}">{new}</td>\n</tr>\n')
    return _Written("".join(html))


# --- comparison: changes and sections -------------------------------------------------------

# What each filter shows: one key per kind of change a reader tells apart. (short label for
# the toolbar menu, label for the counts, label on the change itself)
FILTERS = {
    "changed": ("reworded", "sentences reworded", "Reworded"),
    "heading": ("headings renamed", "headings renamed", "Renamed heading"),
    "punctuation": ("punctuation only", "punctuation or case only", "Punctuation only"),
    "added-within": ("added", "added to a section that was already there", "Added"),
    "added-with": ("added with a new section", "added with a new section", "Added with the section"),
    "dropped-within": ("deleted", "deleted from a section that remains", "Deleted"),
    "dropped-with": ("removed with their section", "removed with their section", "Removed with the section"),
    "moved": ("moved", "moved to another place", "Moved"),
}
SECTION_COUNTS = (("changed", "changed"), ("added", "new"), ("dropped", "removed"),
                  ("unchanged", "unchanged"))
# Items per findings list before "and N more", so the findings stay on a laptop's first screen
# (abuse lists are the headline: a long one goes into two columns rather than being cut).
FINDINGS_CAPS = {"abuses": 16, "stats": 8, "laws": 3, "laws_changed": 4}
RESTRUCTURED_RATIO = 0.7  # a new edition under 70% of the old one's words is "much shorter"
REMAPPED_SHARE = 0.4  # … and an outline where 40% of the old sections were dropped or moved is "remapped"
MIN_REDLINE_SIMILARITY = 0.4  # two sentences sharing less than this are shown apart, not as one redline


def _with_section(c: dict, section: dict) -> bool:
    """Did the text come or go with its whole section? (the JSON's ``with_section``, else the
    section's own status: text of a dropped section went with it)."""
    flag = c.get("with_section")
    if isinstance(flag, bool):
        return flag
    return section["status"] == ("dropped" if c["kind"] == "dropped" else "added")


def _filter_key(c: dict, section: dict) -> str:
    kind = c["kind"]
    if kind in ("added", "dropped"):
        return f"{kind}-{'with' if _with_section(c, section) else 'within'}"
    if kind == "changed" and c.get("scope") == "heading":
        return "heading"
    return kind if kind in FILTERS else "changed"


def _change_view(c: dict, section: dict, titles: dict[str, str]) -> dict:
    kind = c["kind"]
    key = _filter_key(c, section)
    scope = c.get("scope") or "sentence"
    ops = c.get("redline")
    view = {
        "id": c.get("id") or "",
        "kind": kind,
        "filter": key,
        "scope": scope,
        "label": FILTERS[key][2] + ("" if key == "heading" else f" {scope}"),
        "old_text": c.get("old_text"),
        "new_text": c.get("new_text"),
        "inline": None,
        "from": None,
        "similarity": c.get("similarity"),
    }
    if ops:  # written by redline_ops_html (the side-by-side columns are made from it in the browser: report.js)
        view["inline"] = ops
    if kind == "moved":
        anchor = c.get("old_anchor")
        old_section = c.get("old_section") or []
        view["from"] = {"anchor": anchor, "title": old_section[-1] if old_section else titles.get(anchor or "", "")}
    return view


def _same_path(a: Sequence[str] | None, b: Sequence[str] | None) -> bool:
    return [_loose(x) for x in a or ()] == [_loose(x) for x in b or ()]


def _section_view(s: dict, titles: dict[str, str], change_home: dict[str, dict], texts: dict | None) -> dict:
    """One section entry as the page shows it (meta lines and grouping are added later)."""
    old_path, new_path = s.get("old_path"), s.get("new_path")
    heading = s.get("new_heading") or s.get("old_heading") or ""
    changes = [_change_view(c, s, titles) for c in s["changes"]]
    moved_out = [{"id": cid, "title": change_home[cid]["title"], "snippet": _snippet(change_home[cid]["text"])}
                 for cid in s.get("moved_out") or () if cid in change_home]
    blocks = None
    if texts and new_path:
        blocks = _place_changes(s["changes"], changes,
                                (texts.get("old") or {}).get(tuple(old_path)) if old_path else None,
                                (texts.get("new") or {}).get(tuple(new_path)))
    old_heading = s.get("old_heading")
    path = new_path or old_path or []
    return {
        "anchor": s["anchor"],
        "heading": heading,
        "old_heading": old_heading if old_heading and _loose(old_heading) != _loose(heading) else None,
        "status": s["status"],
        "relation": s["relation"],
        "confidence": s.get("confidence"),
        "old_path": list(old_path or []),
        "new_path": list(new_path or []),
        "old_label": _path_label(old_path),
        "depth": max(0, len(path) - 1),
        "level": s.get("level", 0),
        "old_paths": [list(p) for p in s.get("old_paths") or () if p],
        "also": [p[-1] for p in (s.get("old_paths") or [])[1:] if p],
        "changes": changes,
        "moved_out": moved_out,
        "blocks": blocks if blocks is not None else [{"type": "change", "change": c} for c in changes],
        "in_place": blocks is not None,
        "group": False,
        "fold": None,
        "sources": [],
        "meta": [],
    }


def _is_group(view: dict, following: Sequence[dict], texts: dict | None) -> bool:
    """A heading with no text of its own that heads the sections after it (2024's
    "Section 1. Life"): shown as a group, not as an empty added or changed section."""
    if view["level"] == 0 or any(c["scope"] != "heading" for c in view["changes"]):
        return False
    if not following or following[0]["new_path"][: len(view["new_path"])] != view["new_path"] \
            or len(following[0]["new_path"]) <= len(view["new_path"]):
        return False
    own = (texts or {}).get("new") or {}
    if own:
        return not own.get(tuple(view["new_path"]))
    return view["status"] != "unchanged"


def _group_sources(group: dict, following: Sequence[dict]) -> list[str]:
    """The old edition's top-level sections whose text went into the group's sections."""
    depth = len(group["new_path"])
    sources: list[str] = []
    for v in following:
        if v["new_path"][:depth] != group["new_path"] or len(v["new_path"]) <= depth:
            break
        if v["old_path"] and v["old_path"][0] not in sources:
            sources.append(v["old_path"][0])
    return sources


def _outline_meta(v: dict, old_year, new_year) -> list[str]:
    meta = []
    if v["group"]:
        meta.append(f"new heading in {new_year}; no text of its own" if v["status"] == "added"
                    else "a heading over the sections below; no text of its own")
        if v["sources"]:
            meta.append(f"its sections take text from {old_year}’s " + "; ".join(f"“{h}”" for h in v["sources"]))
        return meta
    if v["status"] == "added":
        meta.append(f"new in {new_year}")
    elif v["old_path"] and not _same_path(v["old_path"][:-1], v["new_path"][:-1]):
        meta.append(f"in {old_year}: “{v['old_label']}”")
    elif v["old_heading"] and not any(c["scope"] == "heading" for c in v["changes"]):
        meta.append(f"formerly “{v['old_heading']}”")
    if v["relation"] in ("moved", "merged", "split") and v["status"] != "added":
        meta.append(v["relation"])
    if v["also"]:
        meta.append("also takes in " + "; ".join(f"“{h}”" for h in v["also"]))
    if isinstance(v["confidence"], (int, float)) and v["confidence"] < 0.5:
        meta.append(f"uncertain match (alignment confidence {v['confidence']:.2f})")
    return meta


def _section_titles(data: dict) -> dict[str, str]:
    """Each section's heading by its anchor (the new edition's heading where there is one)."""
    return {s["anchor"]: s.get("new_heading") or s.get("old_heading") or "" for s in data["sections"]}


def _section_views(data: dict, base_outline: Sequence[Sequence[str]] | None, texts: dict | None,
                   titles: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """The new edition's sections in its own order (headings without text as groups), and the
    old edition's sections with no counterpart (removed), in the old edition's order."""
    sections_in = data["sections"]
    moved_out = {cid for s in sections_in for cid in s.get("moved_out") or ()}  # the changes pointed back to
    change_home = {c["id"]: {"title": titles[s["anchor"]], "text": c.get("old_text") or c.get("new_text") or ""}
                   for s in sections_in for c in s["changes"] if c.get("id") in moved_out}
    views = [_section_view(s, titles, change_home, texts) for s in sections_in]
    old_year, new_year = data["old"].get("year"), data["new"].get("year")

    outline = [v for v in views if v["new_path"]]
    for i, v in enumerate(outline):
        v["group"] = _is_group(v, outline[i + 1:], texts)
        if v["group"]:
            v["sources"] = _group_sources(v, outline[i + 1:])
        elif v["status"] == "unchanged":
            v["fold"] = "unchanged"
        v["meta"] = _outline_meta(v, old_year, new_year)

    removed = [v for v in views if not v["new_path"]]
    base_index = {tuple(p): i for i, p in enumerate(base_outline or ())}
    removed.sort(key=lambda v: base_index.get(tuple(v["old_path"]), len(base_index)))  # stable: JSON order otherwise
    gone = {tuple(v["old_path"]) for v in removed}
    for v in removed:
        v["fold"] = "removed"
        v["depth"] = max(0, len(v["old_path"]) - 1)
        parent = v["old_path"][:-1]
        if parent and tuple(parent) not in gone:
            v["meta"].append(f"was under “{parent[-1]}”")
    return outline, removed


def _place_changes(raw: Sequence[dict], views: Sequence[dict], old_sents: Sequence[Sequence[str]] | None,
                   new_sents: Sequence[Sequence[str]] | None) -> list[dict] | None:
    """The section as the reader meets it: changes in place, unchanged sentences in between as
    collapsed runs. ``*_sents``: the section's own paragraphs as sentence lists (old and new
    edition). ``None`` when a change cannot be placed (the page then lists the changes alone).
    """
    if not new_sents:
        return None
    slots = [(pi, sent) for pi, para in enumerate(new_sents) for sent in para]
    texts = [t for _, t in slots]
    owner: list[int | None] = [None] * len(slots)  # slot -> index of the change covering it
    after: dict[int, list[int]] = {}  # slot (-1: before all) -> dropped changes placed after it
    heads: list[int] = []
    pointer = 0

    def find(text: str, start: int) -> tuple[int, int] | None:
        if start < len(texts) and texts[start] == text and owner[start] is None:  # most often: the next sentence
            return start, start + 1  # (the first the search below would try, and find)
        for origin in (start, 0):
            for i in range(origin, len(texts)):
                if not text.startswith(texts[i]):
                    continue
                joined, j = texts[i], i + 1
                while len(joined) < len(text) and j < len(texts):
                    joined += " " + texts[j]
                    j += 1
                if joined == text and owner[i:j].count(None) == j - i:  # no slot taken yet
                    return i, j
        return None

    new_pos = dict(zip(reversed(texts), range(len(texts) - 1, -1, -1)))  # each text's first slot
    old_flat = [t for para in (old_sents or ()) for t in para]
    old_index = dict(zip(reversed(old_flat), range(len(old_flat) - 1, -1, -1)))  # each text's first place
    change_end: dict[str, int] = {}  # old text of a placed change -> its last slot

    dropped: list[int] = []
    for k, c in enumerate(raw):
        if c.get("scope") == "heading":
            heads.append(k)
            continue
        text = c.get("new_text")
        if not text:
            dropped.append(k)
            continue
        hit = find(text, pointer)
        if hit is None:
            return None
        i, j = hit
        owner[i:j] = [k] * (j - i)
        pointer = j
        if c.get("old_text"):
            change_end[c["old_text"]] = j - 1
    slot_after: dict[str, int | None] = {}  # old sentence -> the slot it sits at (or in), if any

    def placed_at(prev: str) -> int | None:
        if prev not in slot_after:  # (a run of dropped sentences walks back over the same ones)
            slot_after[prev] = new_pos[prev] if prev in new_pos else next(
                (e for o, e in change_end.items() if prev in o), None)
        return slot_after[prev]

    for k in dropped:
        text = raw[k].get("old_text") or ""
        first = next((t for t in old_flat if text.startswith(t)), None)
        slot = -1
        if first is not None:
            for prev in reversed(old_flat[: old_index[first]]):
                end = placed_at(prev)
                if end is not None:
                    slot = end
                    break
        after.setdefault(slot, []).append(k)

    items: list[dict] = [{"type": "change", "change": views[k]} for k in heads]
    run: list[tuple[int, str]] = []

    def flush():
        if run:
            paras: list[list[str]] = []
            last = None
            for pi, t in run:
                if pi != last:
                    paras.append([])
                    last = pi
                paras[-1].append(t)
            items.append({"type": "same", "count": len(run), "paragraphs": [" ".join(p) for p in paras]})
            run.clear()

    for k in after.get(-1, ()):
        items.append({"type": "change", "change": views[k]})
    done: set[int] = set()
    for i, (pi, t) in enumerate(slots):
        k = owner[i]
        if k is None:
            run.append((pi, t))
        elif k not in done:
            flush()
            items.append({"type": "change", "change": views[k]})
            done.add(k)
        if i in after:
            flush()
            items.extend({"type": "change", "change": views[x]} for x in after[i])
    flush()
    if sum(1 for it in items if it["type"] == "change") != len(raw):
        return None
    return items



_WORD_CHAR = re.compile(r"\w")
_SPACES = re.compile(r"\s+")


def _highlight(text: str, value: str) -> list[str]:
    """``[before, value, after]`` around the figure in its sentence (``[text]`` if not found):
    its first occurrence as whole words, any run of spaces between them. Found with str.find
    rather than a regex built per figure: compiling a few hundred of those cost more than
    the rest of the statistics rows."""
    words = value.split()
    start = text.find(words[0]) if words else -1
    while start >= 0:
        end = _whole_words_end(text, start, words)
        if end is not None:
            return [text[:start], text[start:end], text[end:]]
        start = text.find(words[0], start + 1)
    return [text]


def _whole_words_end(text: str, start: int, words: list[str]) -> int | None:
    """Where ``words`` end if they stand at ``start`` as whole words (nothing word-like or a
    dot just before, nothing word-like just after), with spaces between them; else None."""
    if start > 0 and (text[start - 1] == "." or _WORD_CHAR.match(text, start - 1)):
        return None
    pos = start + len(words[0])
    for word in words[1:]:
        gap = _SPACES.match(text, pos)
        if not gap or not text.startswith(word, gap.end()):
            return None
        pos = gap.end() + len(word)
    return None if _WORD_CHAR.match(text, pos) else pos



# --- comparison: abuses, statistics, laws ---------------------------------------------------


def _abuse_views(abuses: Sequence[dict]) -> list[dict]:
    """Abuse items, newly listed first; ``related`` resolved to the item it points at."""
    views = []
    for i, a in enumerate(abuses):
        old_items = a.get("old_items")
        new_items = a.get("new_items")
        views.append({
            "id": a.get("id") or f"ab{i + 1:02d}",  # the findings work numbers them abNN in document order too
            "status": a["status"],
            "category": a.get("category") or "",
            "relation": a.get("relation"),
            "old_items": list(old_items) if old_items is not None else [a["old_text"]] if a.get("old_text") else [],
            "new_items": list(new_items) if new_items is not None else [a["new_text"]] if a.get("new_text") else [],
            "text": a.get("new_text") or a.get("old_text") or "",
            "same": (a.get("old_text") or "").strip() == (a.get("new_text") or "").strip(),
            "redline": None,  # a kept item reworded: its words cut and added, when it reads as one edit
            "related_id": a.get("related"),
            "related": None,
            "finding": False,  # set when the key findings list it
        })
    for v in views:
        # "arbitrary or unlawful killings, including extrajudicial killings" → "arbitrary or
        # unlawful killings": listed in both, but what the list says of it was cut
        if v["status"] == "kept" and not v["same"] and len(v["old_items"]) == len(v["new_items"]) == 1:
            pair = _sentence_pair(v["old_items"][0], v["new_items"][0])
            v["redline"] = pair and pair["inline"]
    by_id = {v["id"]: v for v in views}
    for v in views:
        other = by_id.get(v["related_id"] or "")
        if other is not None and other is not v:
            v["related"] = {"id": other["id"], "text": _nearest_item(v["text"], other), "status": other["status"]}
    rank = {"added": 0, "dropped": 1, "kept": 2}
    views.sort(key=lambda v: rank.get(v["status"], 3))
    return views


def _nearest_item(text: str, entry: dict) -> str:
    """The item of a (possibly split or merged) abuse entry closest in wording to ``text``:
    "related to" names one item, not every part of a split."""
    from rapidfuzz import fuzz

    items = entry["new_items"] + entry["old_items"] or [entry["text"]]
    return max(items, key=lambda item: fuzz.token_set_ratio(text.lower(), item.lower()))


def _change_redlines(sections: Sequence[dict]) -> dict[tuple[str, str], list]:
    """The redlines the comparison already holds, by (old text, new text): a changed figure's or
    law's sentence is often an edited sentence of a section, redlined by the diff already."""
    return {(c["old_text"], c["new_text"]): ops for s in sections for c in s["changes"] if (ops := c.get("redline"))}


def _sentence_pair(old_text: str | None, new_text: str | None,
                   redlines: dict[tuple[str, str], list] | None = None) -> dict | None:
    """Two versions of a sentence as one word-level redline, or ``None`` when they have too
    little in common to read as one edited sentence (then both are shown whole). ``redlines``:
    those already made (:func:`_change_redlines`), each what :func:`differ.diff.redline` makes."""
    if not old_text or not new_text:
        return None
    ops = (redlines or {}).get((old_text, new_text))
    if ops is None:
        from differ.diff import redline

        ops = redline(old_text, new_text)
    same = sum(len(t) for op, t in ops if op == "equal")
    if same < MIN_REDLINE_SIMILARITY * max(len(old_text), len(new_text)):
        return None
    # ("inline": the ops, which _sentence_pair_html writes unfolded)
    return {"inline": ops, "identical": all(op == "equal" for op, _ in ops)}


# "who labored in hazardous conditions" after a figure's noun: a relative clause opened by a
# verb, up to punctuation, a number or five words
_RELATIVE_CLAUSE = re.compile(r" (?:who|that|which) (?:[a-z]+ed|were|was|are|is|had|have|has)\b(?: [a-z’'-]+){0,4}")
_CLAUSE_TAIL = frozenset("a an the of in on at to for by with from against and or while during".split())


def _figure_label(noun: str, text: str) -> str:
    """What a figure counts, as the page names it: its noun, and the relative clause right after
    it in the sentence, which says which ones ("1.6 million workers who labored in hazardous
    conditions" counts no workforce: "workers" alone read as one)."""
    at = text.find(noun) if noun else -1
    m = _RELATIVE_CLAUSE.match(text, at + len(noun)) if at >= 0 else None
    if m is None:
        return noun
    words = m.group(0).split()
    while words[-1] in _CLAUSE_TAIL:
        words.pop()
    return f"{noun} {' '.join(words)}"


def _stat_view(st: dict, titles: dict[str, str], redlines: dict[tuple[str, str], list] | None = None) -> dict:
    old = dict(st["old"]) if st.get("old") else None
    new = dict(st["new"]) if st.get("new") else None
    delta = None
    # A range's number is its upper bound: "300–400 → 500" is not "+100 (+25%)", so a range
    # gets no difference, only its two values.
    if old and new and isinstance(old.get("number"), (int, float)) and isinstance(new.get("number"), (int, float)) \
            and old.get("unit") == new.get("unit") and "range" not in (old.get("kind"), new.get("kind")):
        d = float(new["number"]) - float(old["number"])
        pct = None if not old["number"] else d / abs(float(old["number"]))
        sign = "+" if d > 0 else "−" if d < 0 else "±"
        delta = {"text": f"{sign}{format_number(abs(d))}", "pct": None if pct is None else f"{sign}{abs(pct) * 100:.0f}%",
                 "dir": "up" if d > 0 else "down" if d < 0 else "flat"}
    for side in (old, new):
        if side:
            side["parts"] = _highlight(side.get("text") or "", side.get("value") or "")
    anchor = st.get("anchor")
    either = new or old or {}
    # the side whose noun names something ("more than 1.16 million of the country's workforce"
    # names a part of something: "citizens of the country's workforce" is the figure's name)
    named = old if old and new and (new.get("noun") or "").startswith("of ") and old.get("noun") \
        and not old["noun"].startswith("of ") else either
    scopes = [side.get("scope") for side in (old, new) if side]
    same_scope = len(set(scopes)) == 1
    return {
        "id": st.get("id") or "",
        "status": st["status"],
        "noun": _figure_label(named.get("noun") or "", named.get("text") or ""),
        "scope": scopes[0] if same_scope else None,  # one period for both figures …
        "side_scopes": not same_scope,  # … or each figure its own ("in 2022" → "in 2023")
        "old": old,
        "new": new,
        "delta": delta,
        "pair": _sentence_pair(old and old.get("text"), new and new.get("text"), redlines),
        "anchor": anchor,
        "section": titles.get(anchor or "", "") or _path_label(st.get("section")),
        "finding": False,
    }


def _law_views(laws: Sequence[dict], redlines: dict[tuple[str, str], list] | None = None) -> list[dict]:
    views, seen = [], set()
    for law in laws:
        base = "law-" + (_slug(law.get("key") or law.get("name") or "") or "x")
        anchor, n = base, 1
        while anchor in seen:
            n += 1
            anchor = f"{base}-{n}"
        seen.add(anchor)
        views.append({
            "id": anchor,
            "status": law["status"],
            "name": law.get("name") or law.get("key") or "",
            "kind": law.get("kind") or "",
            "event": law.get("event"),
            "old_text": law.get("old_text"),
            "new_text": law.get("new_text"),
            "old_mentions": law.get("old_mentions"),
            "new_mentions": law.get("new_mentions"),
            "pair": (_sentence_pair(law.get("old_text"), law.get("new_text"), redlines) if law["status"] == "changed"
                     else None),
            "finding": False,
        })
    return views


def _slug(text: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())[:48]


# --- comparison: counts, size, findings -----------------------------------------------------


def _counts(data: dict, sections: Sequence[dict]) -> dict:
    """The counts at the top, each saying what it counts and which filter it turns on.
    Numbers come from the JSON summary where it has them, else from the sections."""
    summary = data.get("summary") or {}
    by_filter = {k: 0 for k in FILTERS}
    for v in sections:
        for c in v["changes"]:
            by_filter[c["filter"]] += 1
    by_status = {st: sum(1 for v in sections if v["status"] == st) for st, _ in SECTION_COUNTS}

    def pick(group: str, key: str, fallback: int) -> int:
        value = (summary.get(group) or {}).get(key)
        return value if isinstance(value, int) else fallback

    section_counts = [{"key": f"sections.{st}", "n": pick("sections", st, by_status[st]), "label": label,
                       "show": f"sec:{st}"} for st, label in SECTION_COUNTS]
    summary_key = {"added-within": "added_within_section", "added-with": "added_with_section",
                   "dropped-within": "dropped_within_section", "dropped-with": "dropped_with_section",
                   "punctuation": "punctuation", "moved": "moved"}
    passages = []
    for key, (_short, label, _tag) in FILTERS.items():
        n = pick("changes", summary_key[key], by_filter[key]) if key in summary_key else by_filter[key]
        if n:
            passages.append({"key": f"changes.{summary_key[key]}" if key in summary_key else "", "n": n,
                             "label": label, "show": key})
    return {"sections": section_counts, "passages": passages, "by_filter": by_filter,
            "total": sum(by_filter.values())}


def _words(paragraphs: dict) -> int:
    return sum(len(s.split()) for paras in paragraphs.values() for p in paras for s in p)


def _size(data: dict, texts: dict | None) -> dict | None:
    """Words in each edition (the JSON's ``summary.size``, else counted from the section texts)."""
    size = (data.get("summary") or {}).get("size")
    if isinstance(size, dict) and isinstance(size.get("old_words"), int) and isinstance(size.get("new_words"), int):
        old_words, new_words = size["old_words"], size["new_words"]
    elif texts and texts.get("old") and texts.get("new"):
        old_words, new_words = _words(texts["old"]), _words(texts["new"])
    else:
        return None
    if not old_words:
        return None
    ratio = new_words / old_words
    return {"old_words": old_words, "new_words": new_words, "pct": round(ratio * 100), "ratio": ratio}


def _restructured(outline: Sequence[dict], removed: Sequence[dict], size: dict | None) -> dict | None:
    """Numbers for the banner over an edition that was cut hard or had its outline remapped."""
    old_sections = {tuple(p) for v in (*outline, *removed) for p in (v["old_path"], *v["old_paths"]) if p}
    moved = sum(1 for v in outline if v["relation"] in ("moved", "split", "merged"))
    shorter = size is not None and size["ratio"] < RESTRUCTURED_RATIO
    if not old_sections or not (shorter or (moved + len(removed)) / len(old_sections) >= REMAPPED_SHARE):
        return None
    return {
        "shorter": shorter,
        "removed": len(removed),
        "moved": moved,
        "old_sections": len(old_sections),
        "tops": [v["heading"] for v in outline if len(v["new_path"]) == 1 and v["level"] >= 1],
    }


_NO_ABUSES = re.compile(r"\bno (?:credible )?reports? of (?:any )?significant human rights abuses\b", re.I)


def _no_abuse_sentence(paragraphs: dict | None) -> str | None:
    """The executive summary's own sentence saying there were no significant abuses, if it has one."""
    for path, paras in (paragraphs or {}).items():
        if path and _loose(path[0]) == "executive summary":
            for sentence in (s for p in paras for s in p):
                if _NO_ABUSES.search(sentence):
                    return sentence
    return None


def _findings(abuses: list[dict], stats: list[dict], laws: list[dict], texts: dict | None) -> dict:
    """What the page answers first: abuses newly listed and no longer listed, figures that
    changed, laws added and dropped."""
    notes = {side: _no_abuse_sentence((texts or {}).get(side)) for side in ("old", "new")}
    lists = {
        "abuses_added": ([a for a in abuses if a["status"] == "added"], FINDINGS_CAPS["abuses"]),
        "abuses_dropped": ([a for a in abuses if a["status"] == "dropped"], FINDINGS_CAPS["abuses"]),
        "stats": ([s for s in stats if s["status"] == "changed"], FINDINGS_CAPS["stats"]),
        "laws_added": ([law for law in laws if law["status"] == "added"], FINDINGS_CAPS["laws"]),
        "laws_dropped": ([law for law in laws if law["status"] == "dropped"], FINDINGS_CAPS["laws"]),
        "laws_changed": ([law for law in laws if law["status"] == "changed"], FINDINGS_CAPS["laws_changed"]),
    }
    for items, cap in lists.values():  # the evidence of a listed finding links back to it
        for item in items[:cap]:
            item["finding"] = True
    return {
        **{name: items for name, (items, _cap) in lists.items()},
        "caps": FINDINGS_CAPS,
        "abuses_kept": sum(1 for a in abuses if a["status"] == "kept"),
        "abuses_reworded": sum(1 for a in abuses if a["status"] == "kept" and not a["same"]),
        "abuses_none": not abuses,
        "abuse_notes": notes,
    }


def _published_url(slug: str, year: Any) -> str | None:
    """Where the State Department publishes an edition (used when the manifest has no link)."""
    from differ.names import published_url

    if not slug or not isinstance(year, int):
        return None
    return published_url(slug, year)


def comparison_context(data: dict, base_outline: Sequence[Sequence[str]] | None = None,
                       texts: dict | None = None) -> dict:
    """The view model of one comparison page (plain dicts and lists)."""
    titles = _section_titles(data)
    outline, removed = _section_views(data, base_outline, texts, titles)
    sections = [*outline, *removed]
    abuses = _abuse_views(data["abuses"])
    redlines = _change_redlines(data["sections"])
    stats = [_stat_view(st, titles, redlines) for st in data["statistics"]]
    laws = _law_views(data["laws"], redlines)
    size = _size(data, texts)
    slug = data.get("country") or ""
    country = country_name(slug)
    old, new = data["old"], data["new"]
    return {
        "country": country,
        "slug": slug,
        "old": _edition(old, slug),
        "new": _edition(new, slug),
        "title": f"{country}: what changed between the {old.get('year')} and {new.get('year')} human rights reports",
        "findings": _findings(abuses, stats, laws, texts),
        "size": size,
        "restructured": _restructured(outline, removed, size),
        "counts": _counts(data, sections),
        "filters": FILTERS,
        "outline": outline,
        "removed": removed,
        "removed_passages": sum(len(v["changes"]) for v in removed),
        # removed sections a passage of which reappears elsewhere: not "removed with all their text"
        "removed_moved_out": sum(1 for v in removed if v["moved_out"]),
        "abuses": abuses,
        "stats_changed": [s for s in stats if s["status"] == "changed"],
        "stats_other": [s for s in stats if s["status"] != "changed"],
        "stats_counts": {k: sum(1 for s in stats if s["status"] == k) for k in ("changed", "added", "dropped")},
        "laws_main": [law for law in laws if law["status"] in ("added", "dropped", "changed")],
        "laws_kept": [law for law in laws if law["status"] not in ("added", "dropped", "changed")],
    }


def render_comparison(data: dict, base_outline: Sequence[Sequence[str]] | None = None,
                      texts: dict | None = None) -> str:
    """The HTML page of one comparison (the dict of :meth:`differ.diff.Comparison.to_json`).

    ``base_outline``: the old edition's section paths in document order, so the sections the
    new edition removed are listed in the old edition's order (else the comparison's order).
    ``texts``: ``{"old"|"new": {section path tuple: [[sentence, …] per paragraph]}}`` (see
    :func:`report_context`), so each section shows its changes in place with the unchanged
    sentences between them folded up (else the changes alone), headings with no text of their
    own are recognised as groups, and the editions' lengths can be counted.
    """
    return _render("comparison.html.j2", **comparison_context(data, base_outline, texts))


def comparison_page_pieces(data: dict, base_outline: Sequence[Sequence[str]] | None = None,
                           texts: dict | None = None) -> list[bytes]:
    """:func:`render_comparison` encoded as UTF-8, in the pieces it is made of (see
    :func:`_render_pieces`)."""
    return _render_pieces("comparison.html.j2", **comparison_context(data, base_outline, texts))


# --- trend ----------------------------------------------------------------------------------


def compact_number(x: float) -> str:
    """Short chart labels: 1,250 · 12.5K · 1.69M."""
    ax = abs(x)
    if ax >= 1e9:
        return f"{x / 1e9:.3g}B"
    if ax >= 1e6:
        return f"{x / 1e6:.3g}M"
    if ax >= 1e5:
        return f"{x / 1e3:.3g}K"
    return format_number(round(x, 2))


def _chart_label(point: dict) -> str:
    """A dot's label: the number, short ("1.2K"); a range as written without its qualifier
    ("300–400"), since its number, where the dot sits, is only its upper bound."""
    if point.get("kind") == "range" and point.get("value"):
        value, qualifier = point["value"], point.get("qualifier") or ""
        # (the qualifier as the sentence cased it: "Approximately 30,000–40,000" opens one)
        return (value[len(qualifier):] if value[:len(qualifier)].lower() == qualifier.lower() else value).strip()
    return compact_number(float(point["number"]))


def _chart(points: Sequence[dict | None], years: Sequence[int], width: int = 280, height: int = 120) -> dict:
    """Coordinates of one small line chart (inline SVG, computed here, drawn by the template).

    Editions are evenly spaced (the corpus may skip years; the axis names each edition).
    """
    pad_l, pad_r, pad_t, pad_b = 24, 24, 18, 22
    have = [(k, yr, p) for k, (yr, p) in enumerate(zip(years, points)) if p and isinstance(p.get("number"), (int, float))]
    top = max(p["number"] for _, _, p in have) if have else 1.0
    top = top if top > 0 else 1.0
    n = max(1, len(years) - 1)

    def x(k):
        return round(pad_l + (width - pad_l - pad_r) * k / n, 1)

    def y(v):
        return round(height - pad_b - (height - pad_t - pad_b) * (v / top), 1)

    dots = [{"x": x(k), "y": y(p["number"]), "year": yr, "label": _chart_label(p),
             "value": p.get("value") or format_number(p["number"])} for k, yr, p in have]
    return {
        "width": width,
        "height": height,
        "line": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "dots": dots,
        "axis_y": height - pad_b,
        "ticks": [{"x": x(k), "year": yr} for k, yr in enumerate(years)],
    }


def _heat(churn: float | None) -> str:
    if churn is None:
        return "n"
    return str(min(4, int(churn * 5)))  # 0..4, CSS classes h0..h4


def trend_context(data: dict) -> dict:
    years = list(data.get("years") or [])
    country = country_name(data.get("country") or "")
    abuses = []
    for row in data.get("abuses") or ():
        cells = []
        for year, texts in zip(years, row.get("items") or ()):
            cells.append({"year": year, "texts": list(texts or ())})
        abuses.append({"category": row.get("category") or "uncategorised", "cells": cells})

    charts, flat = [], []
    for s in data.get("statistics") or ():
        points = s.get("points") or []
        item = {"noun": s.get("noun") or "", "unit": s.get("unit") or "", "changed": bool(s.get("changed")),
                "points": [{"year": yr, **p} if p else None for yr, p in zip(years, points)]}
        if item["changed"]:
            item["chart"] = _chart(points, years)
            charts.append(item)
        else:
            flat.append(item)

    rows_in = (data.get("sections") or {}).get("rows") or []
    max_words = max((c.get("words") or 0 for r in rows_in for c in r.get("cells") or ()), default=1) or 1
    rows = []
    for r in rows_in:
        cells = []
        for year, c in zip(years, r.get("cells") or ()):
            words = c.get("words") or 0
            cells.append({"year": year, "words": words, "mapped": c.get("mapped", 1), "churn": c.get("churn"), "heat": _heat(c.get("churn")),
                          "bar": round(100 * words / max_words, 1), "sections": c.get("sections") or [],
                          "sentences": c.get("sentences") or 0, "new": c.get("new") or 0})
        rows.append({"heading": r.get("heading") or "", "depth": max(0, len(r.get("path") or []) - 1),
                     "level": r.get("level", 0), "cells": cells, "extra": not r.get("path")})

    lineage = data.get("lineage") or {}
    lin_sections = []
    for s in lineage.get("sections") or ():
        paragraphs = []
        for p in s.get("paragraphs") or ():
            sents, prev = [], None
            for sent in p:
                first = sent.get("first")
                sents.append({"text": sent.get("text") or "", "first": first, "mark": first != prev})
                prev = first
            paragraphs.append(sents)
        lin_sections.append({"heading": s.get("heading") or "", "level": s.get("level", 0),
                             "depth": max(0, len(s.get("path") or []) - 1), "paragraphs": paragraphs})
    counts = lineage.get("counts") or {}
    total = sum(counts.values()) or 1
    legend = [{"year": y, "index": i, "count": counts.get(str(y), 0), "share": counts.get(str(y), 0) / total}
              for i, y in enumerate(years)]
    return {
        "country": country,
        "slug": data.get("country") or "",
        "title": f"{country}: human rights reports {years[0]}–{years[-1]}" if years else country,
        "years": years,
        "year_index": {y: i for i, y in enumerate(years)},
        "base": data.get("base"),
        "editions": [_edition(e, data.get("country") or "") | {"words": e.get("words"), "sections": e.get("sections")}
                     for e in data.get("editions") or ()],
        "abuses": abuses,
        "charts": charts,
        "flat_series": flat,
        "heat_rows": rows,
        "lineage": {"year": lineage.get("year"), "sections": lin_sections, "legend": legend,
                    "sentences": lineage.get("sentences", 0)},
    }


def render_trend(data: dict) -> str:
    """The HTML trend page (the dict of :func:`differ.trend.compute_trend`)."""
    return _render("trend.html.j2", **trend_context(data))


# --- index ----------------------------------------------------------------------------------

# file names: differ.names owns the scheme


def index_entries(reports_dir: Path, summaries: dict[str, dict] | None = None) -> dict:
    """Comparison and trend pages in ``reports_dir`` (with summary counts from their JSON).

    ``summaries`` maps a comparison JSON's file name to its ``summary``, for pages the
    caller has just written: their JSON is not read back.
    """
    comparisons, trends, editions = [], [], []
    reports_dir = Path(reports_dir)
    summaries = summaries or {}
    names = sorted(p.name for p in reports_dir.iterdir()) if reports_dir.is_dir() else []
    for name in names:
        m = EDITION_NAME.match(name)
        if m:  # a whole edition's cross-country page
            editions.append({"href": name, "old": int(m["old"]), "new": int(m["new"])})
            continue
        m = COMPARISON_NAME.match(name)
        if m:
            entry = {"href": name, "country": country_name(m["country"]), "slug": m["country"], "old": int(m["old"]),
                     "new": int(m["new"]), "summary": None, "json": None}
            sidecar = reports_dir / (name[:-5] + ".json")
            if sidecar.is_file():
                entry["json"] = sidecar.name
                try:
                    summary = summaries.get(sidecar.name)
                    if summary is None:
                        summary = json.loads(sidecar.read_text(encoding="utf-8")).get("summary") or {}
                    entry["summary"] = {k: summary.get(k) or {} for k in ("sections", "changes", "abuses", "statistics", "laws")}
                except (OSError, ValueError, AttributeError, RecursionError):  # not ours: list the page alone
                    entry["summary"] = None
            comparisons.append(entry)
            continue
        m = TREND_NAME.match(name)
        if m:
            sidecar = reports_dir / (name[:-5] + ".json")
            trends.append({"href": name, "country": country_name(m["country"]), "slug": m["country"],
                           "json": sidecar.name if sidecar.is_file() else None})
    comparisons.sort(key=lambda e: (e["country"], e["old"], e["new"]))
    editions.sort(key=lambda e: (-e["new"], -e["old"]))
    return {"comparisons": comparisons, "trends": trends, "editions": editions,
            "countries": _by_country(comparisons, trends)}


def _by_country(comparisons: list[dict], trends: list[dict]) -> list[dict]:
    """The index's groups: each country with its comparisons (oldest first) and its trend page."""
    groups: dict[str, dict] = {}
    for e in comparisons + trends:
        groups.setdefault(e["slug"], {"country": e["country"], "slug": e["slug"], "comparisons": [], "trend": None})
    for c in comparisons:
        groups[c["slug"]]["comparisons"].append(c)
    for t in trends:
        groups[t["slug"]]["trend"] = t
    return sorted(groups.values(), key=lambda g: g["country"])


def render_index(entries: dict) -> str:
    return _render("index.html.j2", title="Human rights report comparisons", **entries)


def write_index(reports_dir: Path, summaries: dict[str, dict] | None = None) -> Path:
    """(Re)write ``reports_dir/index.html`` from the pages found there (see :func:`index_entries`)."""
    from differ.corpus import atomic_write_text

    path = Path(reports_dir) / INDEX_NAME
    atomic_write_text(path, render_index(index_entries(Path(reports_dir), summaries)))
    return path


# --- writing --------------------------------------------------------------------------------


def section_texts(report) -> dict[tuple[str, ...], list[list[str]]]:
    """Section path → its own paragraphs as sentence lists (as the diff engine splits them)."""
    out: dict[tuple[str, ...], list[list[str]]] = {}
    for sec in report.walk():
        paras = [list(p.sentences or ((p.text,) if p.text.strip() else ())) for p in sec.paragraphs]
        out.setdefault(sec.path, [p for p in paras if p])
    return out


def report_context(corpus, old_year, new_year) -> dict:
    """``base_outline`` and ``texts`` for :func:`render_comparison`, read from the corpus."""
    from differ.errors import DifferError

    try:
        old, new = corpus.load(old_year), corpus.load(new_year)
    except DifferError:  # the page still renders, from the comparison alone
        return {}
    return {"base_outline": [list(s.path) for s in old.walk()],
            "texts": {"old": section_texts(old), "new": section_texts(new)}}


PROVENANCE_KEYS = ("source_url", "fetched_at", "last_modified", "final_url")


def with_provenance(corpus, data: dict) -> dict:
    """The comparison with each edition's fetch details from the corpus manifest filled in
    where the comparison JSON does not carry them (display only; the JSON is not changed)."""
    from differ.errors import DifferError

    try:
        editions = corpus.load_manifest().get("editions") or {}
    except DifferError:  # provenance is a nicety; the page renders without it
        return data
    out = dict(data)
    for side in ("old", "new"):
        meta = dict(out.get(side) or {})
        entry = editions.get(str(meta.get("year"))) or {}
        for key in PROVENANCE_KEYS:
            if entry.get(key) and not meta.get(key):
                meta[key] = entry[key]
        out[side] = meta
    return out


def _is_standard_name(path: Path) -> bool:
    return bool(COMPARISON_NAME.match(path.name) or TREND_NAME.match(path.name))


def write_comparison_html(data: dict, path: Path, base_outline: Sequence[Sequence[str]] | None = None,
                          texts: dict | None = None, index: bool = True) -> Path:
    """Write the comparison page atomically; refresh ``index.html`` beside a standard-named page
    (``index=False``: the caller writes it once after many pages)."""
    from differ.corpus import atomic_write_pieces

    path = Path(path)
    atomic_write_pieces(path, comparison_page_pieces(data, base_outline, texts))
    if index and _is_standard_name(path):
        write_index(path.parent, {path.with_suffix(".json").name: data.get("summary") or {}})
    return path


PRETTY_ENV = "DIFFER_PRETTY_JSON"  # "1": indent the JSON files (what --pretty sets, for worker processes too)


def json_text(data: Any, pretty: bool | None = None) -> str:
    """JSON as differ writes it to files: compact by default (the C encoder, about three times
    faster than indenting, which falls back to pure Python), indented by two with ``pretty``
    (default: ``$DIFFER_PRETTY_JSON`` is ``1``). Never ASCII-escaped; NaN and infinity are
    refused, as JSON has no such numbers."""
    if _pretty(pretty):
        from differ.corpus import json_text as indented

        return indented(data)
    return _compact_json(data) + "\n"


def json_pieces(data: Any, pretty: bool | None = None) -> list[bytes]:
    """:func:`json_text` encoded as UTF-8, in pieces, for :func:`differ.corpus.atomic_write_pieces`. Compact JSON
    is made a piece at a time: each top-level value, and each item of a top-level list (a
    comparison's sections, statistics, …), encoded on its own. JSON is made of its parts' JSON,
    so the bytes are the same; but no text of the whole document is ever made (near a million
    characters, two bytes each once one is a curly quote, and the encoder's own pieces
    besides): fresh memory the process would pay for in page faults, about 3 ms."""
    if _pretty(pretty):
        return [json_text(data, True).encode("utf-8")]
    if type(data) is not dict or not all(type(key) is str for key in data):
        return [_compact_json(data).encode("utf-8"), b"\n"]
    pieces = []
    for key, value in data.items():
        pieces.append(b"," if pieces else b"{")
        pieces.append(_compact_json(key).encode("utf-8") + b":")
        if type(value) is list and value:
            for i, item in enumerate(value):
                pieces.append(b"," if i else b"[")
                pieces.append(_compact_json(item).encode("utf-8"))
            pieces.append(b"]")
        else:
            pieces.append(_compact_json(value).encode("utf-8"))
    pieces.append(b"}\n" if pieces else b"{}\n")
    return pieces


def _pretty(pretty: bool | None) -> bool:
    return os.environ.get(PRETTY_ENV) == "1" if pretty is None else pretty


# check_circular off: what differ writes is a tree of dicts and lists made for the file, never
# cyclic, and tracking every container to prove it costs a tenth of the encoding. One encoder for
# every call (json.dumps with options makes one per call: json_pieces calls it ~500 times a page).
_COMPACT_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"), check_circular=False)


def _compact_json(data: Any) -> str:
    return _COMPACT_ENCODER.encode(data)


def write_comparison_files(corpus, comparison, json_path: Path, html_path: Path | None = None,
                           index: bool = True, *, pretty: bool | None = None) -> tuple[Path, Path]:
    """Write a comparison's JSON and, beside it (or at ``html_path``), its HTML page (and
    refresh ``index.html`` unless ``index=False``); ``pretty`` as for :func:`json_text`."""
    from differ.corpus import atomic_write_pieces

    data = comparison.to_json()
    json_path = Path(json_path)
    atomic_write_pieces(json_path, json_pieces(data, pretty))
    html_path = write_comparison_html(with_provenance(corpus, data), html_path or json_path.with_suffix(".html"),
                                      index=index, **report_context(corpus, data["old"]["year"], data["new"]["year"]))
    return json_path, html_path


def write_trend(data: dict, path: Path, index: bool = True, *, pretty: bool | None = None) -> tuple[Path, Path]:
    """Write the trend page and its JSON (same name, ``.json``) atomically; refresh the index
    (``index=False``: the caller writes it once after many pages); ``pretty`` as for :func:`json_text`."""
    from differ.corpus import atomic_write_text

    path = Path(path)
    json_path = path.with_suffix(".json")
    atomic_write_text(json_path, json_text(data, pretty))
    atomic_write_text(path, render_trend(data))
    if index and _is_standard_name(path):
        write_index(path.parent)
    return path, json_path
