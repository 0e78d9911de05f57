"""The cross-country page of a whole edition (``reports/<OLD>-<NEW>.html``).

A pure function from :func:`differ.edition.edition_overview`'s data to one self-contained
page, with the same rules as the comparison page (:mod:`differ.render`): Jinja2 with
autoescape (country names, headings and abuse items are report text), CSS and a small
script inline, the script allowed by its CSP hash and nothing else, no network, and
byte-identical output for the same data. The chart is inline SVG computed here.
"""

from __future__ import annotations

import re
from typing import Sequence

from differ.edition import NO_CATEGORY

RATIO_STEP = 0.1  # width of a bar of the length-ratio chart
RATIO_CAP = 1.5  # the last bar takes every ratio from here up
TOP_DROPPED = 10  # topics in each "most often dropped" list


def _ratio_chart(rows: Sequence[dict], width: int = 720, height: int = 220) -> dict:
    """Bars of how many countries' new report is 0–10%, 10–20%, … of the old one's length."""
    n_bins = int(round(RATIO_CAP / RATIO_STEP)) + 1
    top_ratio = max((r["size"]["ratio"] for r in rows), default=0.0)
    # Always reach past 100% (the "same length" line); beyond that only as far as the data goes.
    used = max(int(round(1.0 / RATIO_STEP)) + 1, min(n_bins, int(top_ratio / RATIO_STEP) + 1))
    bins: list[list[str]] = [[] for _ in range(used)]
    for r in rows:
        bins[min(used - 1, int(r["size"]["ratio"] / RATIO_STEP + 1e-9))].append(r["name"])
    pad_l, pad_r, pad_t, pad_b = 34, 10, 18, 40
    peak = max((len(b) for b in bins), default=0) or 1
    bar_w = (width - pad_l - pad_r) / used
    bars = []
    for i, names in enumerate(bins):
        lo = i * RATIO_STEP
        label = f"≥{lo * 100:.0f}%" if i == n_bins - 1 else f"{lo * 100:.0f}–{(lo + RATIO_STEP) * 100:.0f}%"
        h = (height - pad_t - pad_b) * len(names) / peak
        bars.append({"x": round(pad_l + i * bar_w + 2, 1), "w": round(bar_w - 4, 1), "y": round(height - pad_b - h, 1),
                     "h": round(h, 1), "n": len(names), "label": label, "cx": round(pad_l + (i + .5) * bar_w, 1),
                     "names": ", ".join(names)})
    same_x = round(pad_l + (1.0 / RATIO_STEP) * bar_w, 1)
    return {"width": width, "height": height, "bars": bars, "axis_y": height - pad_b, "pad_l": pad_l,
            "same_x": same_x, "peak": peak, "top_y": pad_t}


def _short_parent(parts: Sequence[str], limit: int = 48) -> str:
    """ "Section 1 › c. Torture and Other Cruel, Inhuman, or …": where a topic sits, briefly."""
    out = []
    for part in parts:
        m = re.match(r"(Section\s+\d+)\b", part, re.I)
        out.append(m.group(1) if m else part if len(part) <= limit else part[:limit].rsplit(" ", 1)[0] + " …")
    return " › ".join(out)


def _top_dropped(topics: Sequence[dict], label_key: str) -> tuple[list[dict], int]:
    """The topics dropped in the most countries, and how many more were dropped in as many
    countries as the last one shown (a list cut in the middle of a tie says so).

    A section that went wherever its parent section went is its parent's news, not a
    finding of its own: only the outermost is listed."""
    dropped = [t for t in topics if t["dropped_in"] and t.get("category") != NO_CATEGORY]

    def countries(t: dict) -> set[str]:
        return {d["country"] if isinstance(d, dict) else d for d in t["dropped_in"]}

    where = {t.get("key", t[label_key]): countries(t) for t in dropped}

    def with_parent(t: dict) -> bool:
        parts = t.get("key", t[label_key]).split(" > ")
        return any(where.get(" > ".join(parts[:k]), set()) >= countries(t) for k in range(1, len(parts)))

    # ties: the more widely listed first, then in the order given (outline order for sections)
    ranked = sorted((t for t in dropped if not with_parent(t)), key=lambda t: (-len(t["dropped_in"]), -t["old"]))
    shown = ranked[:TOP_DROPPED]
    more = sum(1 for t in ranked[TOP_DROPPED:] if len(t["dropped_in"]) == len(shown[-1]["dropped_in"]))
    out = []
    for t in shown:
        parts = t[label_key].split(" > ")
        out.append({"label": t[label_key], "heading": parts[-1], "parent": _short_parent(parts[:-1]),
                    "dropped": len(t["dropped_in"]), "old": t["old"],
                    "share": round(100 * len(t["dropped_in"]) / t["old"], 1) if t["old"] else 0.0})
    return out, more


def _removed_view(removed: Sequence[dict], page: str) -> list[dict]:
    """Removed sections, each shown once: the outermost removed section, with how many of its
    subsections went with it."""
    paths = {tuple(r["path"]) for r in removed}
    out: list[dict] = []
    for r in removed:
        path = tuple(r["path"])
        if any(path[:k] in paths for k in range(1, len(path))):
            continue
        subs = sum(1 for p in paths if len(p) > len(path) and p[:len(path)] == path)
        out.append({"heading": r["heading"], "href": f"{page}#{r['anchor']}" if r.get("anchor") else page,
                    "subsections": subs})
    return out


def _country_view(r: dict) -> dict:
    ab = r["abuses"]
    return {
        "country": r["country"],
        "name": r["name"],
        "page": r["page"],
        "json": r["json"],
        "old_words": r["size"]["old_words"],
        "new_words": r["size"]["new_words"],
        "ratio": r["size"]["ratio"],
        "ratio_bar": round(min(100.0, 100 * r["size"]["ratio"] / RATIO_CAP), 1),
        "removed": _removed_view(r["sections"]["removed"], r["page"]),
        "removed_n": len(r["sections"]["removed"]),
        "removed_words": r["text"]["words_dropped_with_section"],
        "removed_passages": r["text"]["dropped_with_section"],
        "abuses_old": ab["old"],
        "abuses_new": ab["new"],
        "abuses_added": ab["added"],
        "abuses_dropped": ab["dropped"],
        "none_listed": ab["none_listed"],
        "categories_dropped": r["abuse_categories"]["dropped"],
        "stats_changed": r["statistics"]["changed"],
        "laws_added": r["laws"]["added"],
        "laws_dropped": r["laws"]["dropped"],
        "fewer": ab["new"] < ab["old"],
    }


def _links(entries: Sequence[dict], pages: dict[str, tuple[str, str]]) -> list[dict]:
    out = []
    for e in entries:
        name, page = pages.get(e["country"], (e["country"], None))
        href = (f"{page}#{e['anchor']}" if e.get("anchor") else page) if page else None
        out.append({"name": name, "href": href})
    return out


def edition_context(overview: dict) -> dict:
    """The view model of the cross-country page (plain dicts and lists)."""
    old, new = overview["old_year"], overview["new_year"]
    rows = overview["countries"]
    pages = {r["country"]: (r["name"], r["page"]) for r in rows}
    abuse_topics = [{**t, "dropped": _links(t["dropped_in"], pages), "added": _links(t["added_in"], pages)}
                    for t in overview["topics"]["abuses"]]
    section_topics = []
    for t in overview["topics"]["sections"]:
        parts = t["label"].split(" > ")
        section_topics.append({**t, "heading": parts[-1], "parent": _short_parent(parts[:-1], 32),
                               "dropped": _links(t["dropped_in"], pages), "added": _links(t["added_in"], pages)})
    return {
        "title": f"{old} → {new}: what the edition changed in {_compared(rows)}",
        "old": old,
        "new": new,
        "totals": overview["totals"],
        "countries": [_country_view(r) for r in rows],
        "failed": overview["failed"],
        "skipped": overview["skipped"],
        "abuse_topics": abuse_topics,
        "section_topics": section_topics,
        "chart": _ratio_chart(rows),
        "top_abuses": _top_dropped(overview["topics"]["abuses"], "category"),
        "top_sections": _top_dropped(overview["topics"]["sections"], "label"),  # (list, how many more tie)
    }


def _compared(rows: list[dict]) -> str:
    """The countries the page covers, for its title: by name when they are few, else their
    number (a corpus may hold some of an edition's ~195 reports, and a total is quoted)."""
    names = [r["name"] for r in rows]
    if 0 < len(names) <= 4:
        return (f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0])
    return f"{len(names)} countries"


def render_edition(overview: dict) -> str:
    """The HTML page of a whole edition (the dict of :func:`differ.edition.edition_overview`)."""
    from differ.render import _render

    return _render("edition.html.j2", script_name="edition.js", **edition_context(overview))
