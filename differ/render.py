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
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

COLLAPSE_EQUAL = 320  # unchanged runs longer than this (characters) inside a redline fold up
KEEP_EQUAL = 90  # characters kept visible at each end of a folded run

RELATION_LABELS = {
    "same": "same",
    "renamed": "renamed",
    "moved": "moved",
    "merged": "merged",
    "split": "split",
    "new": "new",
    "dropped": "dropped",
}
KIND_LABELS = {"added": "Added", "dropped": "Dropped", "changed": "Changed", "moved": "Moved"}
KIND_SIGNS = {"added": "+", "dropped": "−", "changed": "±", "moved": "↷"}


# --- jinja ----------------------------------------------------------------------------------


def _bytecode_cache():
    """Compiled templates kept in the user's cache directory: compiling them costs every
    ``differ diff`` about a tenth of a second. Jinja checks each template's source, so a
    changed template is recompiled; an unwritable cache just means no cache."""
    import os
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

    env = jinja2.Environment(
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
    return env


@lru_cache(maxsize=None)
def _asset(name: str):
    """Our own static CSS/JS from the templates directory, inlined verbatim (trusted)."""
    from markupsafe import Markup

    env = _env()
    source, _filename, _uptodate = env.loader.get_source(env, name)
    if name.endswith(".js"):
        assert "</script" not in source.lower()
    return Markup(source)


@lru_cache(maxsize=1)
def _script() -> tuple[str, str]:
    """The page script and its CSP hash: only this exact script may run in a page."""
    import base64
    import hashlib

    js = "\n" + str(_asset("report.js")) + "\n"
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    return js, f"sha256-{digest}"


def _render(template: str, **context) -> str:
    from markupsafe import Markup

    js, script_hash = _script()
    html = _env().get_template(template).render(script=Markup(js), script_hash=script_hash, **context)
    return html if html.endswith("\n") else html + "\n"


# --- shared helpers -------------------------------------------------------------------------


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


def _edition(meta: dict) -> dict:
    fetched = next((meta[k] for k in ("fetched", "fetched_at", "retrieved", "date") if meta.get(k)), None)
    return {
        "year": meta.get("year"),
        "sha256": meta.get("sha256") or "",
        "source": meta.get("source") or "",
        "url": safe_url(meta.get("source_url") or meta.get("url")),
        "url_text": meta.get("source_url") or meta.get("url") or "",
        "fetched": fetched,
        "title": meta.get("title") or "",
    }


def _snippet(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 40 else limit] + " …"


def _loose(heading: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", heading.lower()).split())


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


def redline_segments(ops: Iterable[Sequence[str]] | None, side: str = "both") -> list[dict]:
    """``[["equal"|"insert"|"delete", text], …]`` → template segments for one view.

    ``side``: ``both`` (inline: deletions and insertions), ``old`` (equal + delete) or
    ``new`` (equal + insert).
    """
    out: list[dict] = []
    for op in ops or ():
        if len(op) != 2:
            continue
        kind, text = str(op[0]), str(op[1])
        if kind == "equal":
            out.append(_fold(text))
        elif kind == "delete" and side in ("both", "old"):
            out.append({"op": "delete", "text": text})
        elif kind == "insert" and side in ("both", "new"):
            out.append({"op": "insert", "text": text})
    return out


# --- comparison -----------------------------------------------------------------------------

CARDS = (
    ("sections", "added", "added", "added"),
    ("sections", "dropped", "dropped", "dropped"),
    ("sections", "changed", "changed", "changed"),
    ("sections", "moved", "passages moved", "moved"),
    ("sections", "unchanged", "unchanged", "unchanged"),
    ("abuses", "added", "added", "added"),
    ("abuses", "dropped", "dropped", "dropped"),
    ("statistics", "changed", "changed value", "changed"),
    ("laws", "added", "added", "added"),
    ("laws", "dropped", "dropped", "dropped"),
    ("laws", "changed", "described differently", "changed"),
)


def _summary_cards(data: dict) -> list[dict]:
    summary = data.get("summary") or {}
    sections = data.get("sections") or []
    fallback = {
        "sections": lambda s: sum(1 for x in sections if x.get("status") == s) if s != "moved"
        else sum(1 for x in sections for c in x.get("changes") or () if c.get("kind") == "moved"),
        "abuses": lambda s: sum(1 for x in data.get("abuses") or () if x.get("status") == s),
        "statistics": lambda s: sum(1 for x in data.get("statistics") or () if x.get("status") == s),
        "laws": lambda s: sum(1 for x in data.get("laws") or () if x.get("status") == s),
    }
    cards = []
    for group, key, label, kind in CARDS:
        value = (summary.get(group) or {}).get(key)
        if not isinstance(value, int):
            value = fallback[group](key)
        cards.append({"key": f"{group}.{key}", "label": label, "value": value, "kind": kind, "group": group})
    return cards


def _change_view(c: dict, section_titles: dict[str, str]) -> dict:
    kind = c.get("kind") or "changed"
    ops = c.get("redline")
    old_text, new_text = c.get("old_text"), c.get("new_text")
    view = {
        "id": c.get("id") or "",
        "kind": kind,
        "scope": c.get("scope") or "sentence",
        "label": KIND_LABELS.get(kind, kind.capitalize()),
        "sign": KIND_SIGNS.get(kind, "•"),
        "old_text": old_text,
        "new_text": new_text,
        "inline": None,
        "old_side": None,
        "new_side": None,
        "from": None,
        "similarity": c.get("similarity"),
    }
    if ops:
        view["inline"] = redline_segments(ops, "both")
        view["old_side"] = redline_segments(ops, "old")
        view["new_side"] = redline_segments(ops, "new")
    if kind == "moved":
        anchor = c.get("old_anchor")
        old_section = c.get("old_section") or []
        view["from"] = {"anchor": anchor, "title": old_section[-1] if old_section else section_titles.get(anchor or "", "")}
    return view


def _order_sections(sections: list[dict], base_outline: Sequence[Sequence[str]] | None) -> list[dict]:
    """Sections along the base outline; a new section follows the section before it in the new edition."""
    if base_outline:
        base_index = {tuple(p): i for i, p in enumerate(base_outline)}
    else:
        base_index = {}
        for s in sections:
            for p in [s.get("old_path")] + list(s.get("old_paths") or []):
                if p:
                    base_index.setdefault(tuple(p), len(base_index))
    keyed = []
    prev = -1.0
    for seq, s in enumerate(sections):
        paths = [tuple(p) for p in ([s.get("old_path")] + list(s.get("old_paths") or [])) if p]
        idx = [base_index[p] for p in paths if p in base_index]
        if idx:
            key = (float(idx[0]), 0, seq)
            if s.get("new_path"):  # a dropped section is not a place in the new edition
                prev = float(idx[0])
        else:
            key = (prev, 1, seq)
        keyed.append((key, s))
    keyed.sort(key=lambda x: x[0])
    return [s for _, s in keyed]


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
        for origin in (start, 0):
            for i in range(origin, len(texts)):
                if not text.startswith(texts[i]):
                    continue
                joined, j = texts[i], i + 1
                while len(joined) < len(text) and j < len(texts):
                    joined += " " + texts[j]
                    j += 1
                if joined == text and all(o is None for o in owner[i:j]):
                    return i, j
        return None

    new_pos: dict[str, int] = {}
    for i, t in enumerate(texts):
        new_pos.setdefault(t, i)
    old_flat = [t for para in (old_sents or ()) for t in para]
    old_index: dict[str, int] = {}
    for i, t in enumerate(old_flat):
        old_index.setdefault(t, i)
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
        for x in range(i, j):
            owner[x] = k
        pointer = j
        if c.get("old_text"):
            change_end[c["old_text"]] = j - 1
    for k in dropped:
        text = raw[k].get("old_text") or ""
        first = next((t for t in old_flat if text.startswith(t)), None)
        slot = -1
        if first is not None:
            for prev in reversed(old_flat[: old_index[first]]):
                if prev in new_pos:
                    slot = new_pos[prev]
                    break
                end = next((e for o, e in change_end.items() if o.startswith(prev) or prev in o), None)
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


def comparison_context(data: dict, base_outline: Sequence[Sequence[str]] | None = None,
                       texts: dict | None = None) -> dict:
    """The view model of one comparison page (plain dicts and lists)."""
    sections_in = list(data.get("sections") or [])
    base_outline = base_outline or data.get("old_outline")
    if base_outline and isinstance(base_outline[0], dict):
        base_outline = [o.get("path") or [] for o in base_outline]
    ordered = _order_sections(sections_in, base_outline)

    titles: dict[str, str] = {}
    for s in sections_in:
        if s.get("anchor"):
            titles[s["anchor"]] = s.get("new_heading") or s.get("old_heading") or ""
    change_home: dict[str, dict] = {}
    for s in sections_in:
        for c in s.get("changes") or ():
            if c.get("id"):
                change_home[c["id"]] = {"anchor": s.get("anchor"), "title": titles.get(s.get("anchor") or "", ""),
                                        "kind": c.get("kind"), "text": c.get("old_text") or c.get("new_text") or ""}

    old, new = data.get("old") or {}, data.get("new") or {}
    sections = []
    toc_seen: set[tuple[str, ...]] = set()
    kind_counts = {k: 0 for k in KIND_LABELS}
    for s in ordered:
        changes = [_change_view(c, titles) for c in s.get("changes") or ()]
        for c in changes:
            kind_counts[c["kind"]] = kind_counts.get(c["kind"], 0) + 1
        path = s.get("new_path") or s.get("old_path") or []
        old_path, new_path = s.get("old_path"), s.get("new_path")
        moved_out = []
        for cid in s.get("moved_out") or ():
            home = change_home.get(cid)
            if home:
                moved_out.append({"id": cid, "anchor": home["anchor"], "title": home["title"],
                                  "snippet": _snippet(home["text"])})
        heading = s.get("new_heading") or s.get("old_heading") or ""
        old_heading = s.get("old_heading")
        view = {
            "anchor": s.get("anchor") or "",
            "heading": heading,
            "toc": old_path[-1] if old_path and s.get("relation") != "split" and tuple(old_path) not in toc_seen
            else heading,
            "old_heading": old_heading if old_heading and _loose(old_heading) != _loose(heading) else None,
            "depth": max(0, len(path) - 1),
            "level": s.get("level", 0),
            "status": s.get("status") or "changed",
            "relation": s.get("relation") or ("new" if not old_path else "dropped" if not new_path else "same"),
            "confidence": s.get("confidence"),
            "old_path": _path_label(old_path),
            "new_path": _path_label(new_path),
            "old_depth": max(0, len(old_path) - 1) if old_path else 0,
            "new_depth": max(0, len(new_path) - 1) if new_path else 0,
            "also": [p[-1] for p in (s.get("old_paths") or [])[1:] if p],
            "parent": _path_label((new_path or old_path or [])[:-1]),
            "changes": changes,
            "moved_out": moved_out,
            "counts": {k: sum(1 for c in changes if c["kind"] == k) for k in KIND_LABELS},
        }
        view["meta"] = _section_meta(view, old.get("year"), new.get("year"))
        items = None
        if texts and new_path:
            items = _place_changes(s.get("changes") or [], changes,
                                   (texts.get("old") or {}).get(tuple(old_path)) if old_path else None,
                                   (texts.get("new") or {}).get(tuple(new_path)))
        view["blocks"] = items if items is not None else [{"type": "change", "change": c} for c in changes]
        view["in_place"] = items is not None
        if old_path:
            toc_seen.add(tuple(old_path))
        sections.append(view)

    abuses = [{
        "status": a.get("status") or "",
        "category": a.get("category") or "",
        "old_text": a.get("old_text"),
        "new_text": a.get("new_text"),
        "same": (a.get("old_text") or "").strip() == (a.get("new_text") or "").strip(),
    } for a in data.get("abuses") or ()]
    rank = {"added": 0, "dropped": 1, "kept": 2}
    abuses.sort(key=lambda a: rank.get(a["status"], 3))

    stats = [_stat_view(st, titles) for st in data.get("statistics") or ()]
    laws = [{
        "status": law.get("status") or "",
        "name": law.get("name") or law.get("key") or "",
        "kind": law.get("kind") or "",
        "old_text": law.get("old_text"),
        "new_text": law.get("new_text"),
        "old_mentions": law.get("old_mentions"),
        "new_mentions": law.get("new_mentions"),
    } for law in data.get("laws") or ()]

    country = country_name(data.get("country") or "")
    return {
        "country": country,
        "slug": data.get("country") or "",
        "old": _edition(old),
        "new": _edition(new),
        "title": f"{country}: the {old.get('year')} and {new.get('year')} human rights reports compared",
        "cards": _summary_cards(data),
        "kind_counts": kind_counts,
        "total_changes": sum(kind_counts.values()),
        "sections": sections,
        "abuses": abuses,
        "stats_changed": [s for s in stats if s["status"] == "changed"],
        "stats_other": [s for s in stats if s["status"] != "changed"],
        "stats_counts": {k: sum(1 for s in stats if s["status"] == k) for k in ("changed", "added", "dropped")},
        "laws_main": [law for law in laws if law["status"] in ("added", "dropped", "changed")],
        "laws_kept": [law for law in laws if law["status"] not in ("added", "dropped", "changed")],
    }


def _section_meta(s: dict, old_year, new_year) -> list[str]:
    meta = []
    if s["parent"]:
        meta.append(f"in {s['parent']}")
    if s["status"] == "dropped":
        meta.append(f"{old_year} only: no counterpart in {new_year}")
    elif s["status"] == "added":
        meta.append(f"new in {new_year}")
    if s["old_heading"] and s["status"] != "dropped" and not any(c["scope"] == "heading" for c in s["changes"]):
        meta.append(f"formerly “{s['old_heading']}”")
    if s["relation"] in ("moved", "merged", "split"):
        meta.append(s["relation"])
    if s["also"]:
        meta.append("also takes in " + "; ".join(f"“{h}”" for h in s["also"]))
    if s["status"] != "dropped" and isinstance(s["confidence"], (int, float)):
        meta.append(f"alignment confidence {s['confidence']:.2f}")
    return meta


def _highlight(text: str, value: str) -> list[str]:
    """``[before, value, after]`` around the figure in its sentence (``[text]`` if not found)."""
    if value:
        m = re.search(r"(?<![\w.])" + r"\s+".join(re.escape(w) for w in value.split()) + r"(?!\w)", text)
        if m:
            return [text[:m.start()], m.group(0), text[m.end():]]
    return [text]


def _stat_view(st: dict, titles: dict[str, str]) -> dict:
    old = dict(st["old"]) if st.get("old") else None
    new = dict(st["new"]) if st.get("new") else None
    delta = None
    if old and new and isinstance(old.get("number"), (int, float)) and isinstance(new.get("number"), (int, float)) \
            and old.get("unit") == new.get("unit"):
        d = float(new["number"]) - float(old["number"])
        pct = None if not old["number"] else d / abs(float(old["number"]))
        sign = "+" if d > 0 else "−" if d < 0 else "±"
        delta = {"text": f"{sign}{format_number(abs(d))}", "pct": None if pct is None else f"{sign}{abs(pct) * 100:.0f}%",
                 "dir": "up" if d > 0 else "down" if d < 0 else "flat"}
    anchor = st.get("anchor")
    for side in (old, new):
        if side:
            side["parts"] = _highlight(side.get("text") or "", side.get("value") or "")
    return {
        "id": st.get("id") or "",
        "status": st.get("status") or "",
        "noun": (new or old or {}).get("noun") or "",
        "old": old,
        "new": new,
        "delta": delta,
        "anchor": anchor,
        "section": titles.get(anchor or "", "") or _path_label(st.get("section")),
    }


def render_comparison(data: dict, base_outline: Sequence[Sequence[str]] | None = None,
                      texts: dict | None = None) -> str:
    """The HTML page of one comparison (the dict of :meth:`differ.diff.Comparison.to_json`).

    ``base_outline``: the old edition's section paths in document order, so the table of
    contents and the outline map follow the base outline (else the comparison's order).
    ``texts``: ``{"old"|"new": {section path tuple: [[sentence, …] per paragraph]}}`` (see
    :func:`report_context`), so each section shows its changes in place with the unchanged
    sentences between them folded up (else the changes alone).
    """
    return _render("comparison.html.j2", **comparison_context(data, base_outline, texts))


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

    dots = [{"x": x(k), "y": y(p["number"]), "year": yr, "label": compact_number(float(p["number"])),
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
        "editions": [_edition(e) | {"words": e.get("words"), "sections": e.get("sections")}
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

_CMP_NAME = re.compile(r"^(?P<country>[a-z]+(?:-[a-z]+)*)-(?P<old>\d{4})-(?P<new>\d{4})\.html$")
_TREND_NAME = re.compile(r"^(?P<country>[a-z]+(?:-[a-z]+)*)-trend\.html$")


def index_entries(reports_dir: Path) -> dict:
    """Comparison and trend pages in ``reports_dir`` (with summary counts from their JSON)."""
    comparisons, trends = [], []
    reports_dir = Path(reports_dir)
    names = sorted(p.name for p in reports_dir.iterdir()) if reports_dir.is_dir() else []
    for name in names:
        m = _CMP_NAME.match(name)
        if m:
            entry = {"href": name, "country": country_name(m["country"]), "old": int(m["old"]), "new": int(m["new"]),
                     "summary": None, "json": None}
            sidecar = reports_dir / (name[:-5] + ".json")
            if sidecar.is_file():
                entry["json"] = sidecar.name
                try:
                    summary = json.loads(sidecar.read_text(encoding="utf-8")).get("summary") or {}
                    entry["summary"] = {k: summary.get(k) or {} for k in ("sections", "changes", "abuses", "statistics", "laws")}
                except (OSError, ValueError, AttributeError, RecursionError):  # not ours: list the page alone
                    entry["summary"] = None
            comparisons.append(entry)
            continue
        m = _TREND_NAME.match(name)
        if m:
            sidecar = reports_dir / (name[:-5] + ".json")
            trends.append({"href": name, "country": country_name(m["country"]),
                           "json": sidecar.name if sidecar.is_file() else None})
    comparisons.sort(key=lambda e: (e["country"], e["old"], e["new"]))
    return {"comparisons": comparisons, "trends": trends}


def render_index(entries: dict) -> str:
    return _render("index.html.j2", title="Human rights report comparisons", **entries)


def write_index(reports_dir: Path) -> Path:
    """(Re)write ``reports_dir/index.html`` from the pages found there."""
    from differ.corpus import atomic_write_text

    path = Path(reports_dir) / "index.html"
    atomic_write_text(path, render_index(index_entries(Path(reports_dir))))
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
    return bool(_CMP_NAME.match(path.name) or _TREND_NAME.match(path.name))


def write_comparison_html(data: dict, path: Path, base_outline: Sequence[Sequence[str]] | None = None,
                          texts: dict | None = None) -> Path:
    """Write the comparison page atomically; refresh ``index.html`` beside a standard-named page."""
    from differ.corpus import atomic_write_text

    path = Path(path)
    atomic_write_text(path, render_comparison(data, base_outline, texts))
    if _is_standard_name(path):
        write_index(path.parent)
    return path


def write_comparison_files(corpus, comparison, json_path: Path, html_path: Path | None = None) -> tuple[Path, Path]:
    """Write a comparison's JSON and, beside it (or at ``html_path``), its HTML page."""
    from differ.corpus import atomic_write_text

    data = comparison.to_json()
    json_path = Path(json_path)
    atomic_write_text(json_path, json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    html_path = write_comparison_html(with_provenance(corpus, data), html_path or json_path.with_suffix(".html"),
                                      **report_context(corpus, data["old"]["year"], data["new"]["year"]))
    return json_path, html_path


def write_trend(data: dict, path: Path) -> tuple[Path, Path]:
    """Write the trend page and its JSON (same name, ``.json``) atomically; refresh the index."""
    from differ.corpus import atomic_write_text

    path = Path(path)
    json_path = path.with_suffix(".json")
    atomic_write_text(json_path, json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    atomic_write_text(path, render_trend(data))
    if _is_standard_name(path):
        write_index(path.parent)
    return path, json_path
