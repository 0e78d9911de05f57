"""Telling people when an edition appeared or changed: a digest sent with apprise, and an Atom feed.

* :func:`digest` – one short text for a run: which countries got a new or changed comparison,
  for which edition, the abuses added and dropped, a link to each page. ``None`` when nothing
  is new, so a run with nothing new sends nothing.
* :func:`send_digest` – sends that text to every apprise URL given (``mailto://…``,
  ``slack://…``, ``matrix://…``, ``json://host/path`` for a plain JSON webhook, …).
  apprise knows some hundred services by their URL, so differ needs no code per service.
* :func:`write_feed` – ``reports/feed.xml``, an Atom feed of the comparisons in the reports
  directory (cross-country pages included). Deterministic: an entry's id is made of the
  compared editions' sha256 (so a changed edition is a new entry) and its ``updated`` comes
  from the corpus manifest (fetch time, else Last-Modified), never from the clock.

What is news comes from the comparison JSON files a run wrote
(:func:`news_from_written`), so the caller only passes the paths it wrote and the set of
paths that existed before.
"""

from __future__ import annotations

import email.utils
import json
import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Sequence

from differ.names import COMPARISON_NAME, EDITION_NAME, FEED_NAME, INDEX_NAME

NAMES_IN_DIGEST = 3  # abuse items named per country in a digest; the rest are counted
DETAILED_IN_DIGEST = 12  # countries with a line of their own; any more are listed in one paragraph
FEED_LIMIT = 200  # newest entries kept in the feed
ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class ComparisonNews:
    """One comparison page worth telling people about."""

    country: str | None  # None: a cross-country page
    name: str
    old_year: int
    new_year: int
    status: str  # new | changed (the page existed before with other content)
    page: str  # file name in the reports directory
    abuses_added: tuple[str, ...]
    abuses_dropped: tuple[str, ...]
    abuses_listed: bool  # either edition lists abuses (Iceland's do not)
    ratio: float | None  # new edition's words / old edition's, when known
    sections_removed: int
    entry_id: str  # stable while both editions are unchanged
    updated: str  # RFC 3339, from the manifest


def _rfc3339(value: str | None) -> datetime | None:
    """A manifest date: ``fetched_at`` (ISO 8601) or ``last_modified`` (an HTTP date)."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def _updated(editions: Sequence[dict], new_year: int) -> str:
    """When the comparison became what it is: the latest fetch (else Last-Modified) of its
    editions; for editions with neither (the embedded corpus), 1 January of the year after the
    newer edition's year, when that edition can first have been published."""
    times = [t for e in editions for t in (_rfc3339(e.get("fetched_at")) or _rfc3339(e.get("last_modified")),) if t]
    when = max(times) if times else datetime(new_year + 1, 1, 1, tzinfo=timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _ratio(summary: dict) -> float | None:
    size = summary.get("size")
    return size.get("ratio") if isinstance(size, dict) else None


def news_from_comparison(data: dict, page: str, status: str = "new") -> ComparisonNews:
    """A country's comparison JSON (``differ diff``) as news."""
    from differ.render import country_name

    old, new = data["old"], data["new"]
    abuses = data.get("abuses") or []
    return ComparisonNews(
        country=data["country"], name=country_name(data["country"]), old_year=old["year"], new_year=new["year"],
        status=status, page=page,
        abuses_added=tuple(a.get("new_text") or "" for a in abuses if a.get("status") == "added"),
        abuses_dropped=tuple(a.get("old_text") or "" for a in abuses if a.get("status") == "dropped"),
        abuses_listed=bool(abuses),
        ratio=_ratio(data.get("summary") or {}),
        sections_removed=int(((data.get("summary") or {}).get("sections") or {}).get("dropped", 0)),
        entry_id=f"urn:differ:comparison:{data['country']}:{old['year']}:{new['year']}:"
                 f"{(old.get('sha256') or '')[:16]}:{(new.get('sha256') or '')[:16]}",
        updated=_updated([old, new], new["year"]),
    )


def news_from_edition(overview: dict, page: str, status: str = "new") -> ComparisonNews:
    """A cross-country JSON (``reports/<OLD>-<NEW>.json``) as news: one entry for the whole edition."""
    from differ.corpus import sha256_bytes

    rows = overview["countries"]
    fingerprint = sha256_bytes("\n".join(
        f"{r['country']}:{r['old'].get('sha256', '')}:{r['new'].get('sha256', '')}" for r in rows).encode())
    old_year, new_year = overview["old_year"], overview["new_year"]
    return ComparisonNews(
        country=None, name=f"All {len(rows)} countries", old_year=old_year, new_year=new_year, status=status,
        page=page, abuses_added=(), abuses_dropped=(), abuses_listed=True, ratio=overview["totals"].get("median_ratio"),
        sections_removed=int(overview["totals"].get("sections_removed", 0)),
        entry_id=f"urn:differ:edition:{old_year}:{new_year}:{fingerprint[:16]}",
        updated=_updated([e for r in rows for e in (r["old"], r["new"])], new_year),
    )


def _read_news(path: Path, status: str) -> ComparisonNews | None:
    """The news of one JSON beside a page, or None for a file that is not one of ours (or unreadable)."""
    html = path.with_suffix(".html").name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if COMPARISON_NAME.match(html):
            return news_from_comparison(data, html, status)
        if EDITION_NAME.match(html):
            return news_from_edition(data, html, status)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return None


def news_from_written(written: Iterable[Path], existed_before: Iterable[Path],
                      known: Iterable[ComparisonNews] = ()) -> list[ComparisonNews]:
    """The comparisons among ``written`` (paths a run changed), ``new`` or ``changed`` by whether
    their JSON was in ``existed_before``. Cross-country pages first, then countries (by country,
    then editions). ``known``: the news already read from the same directory (:func:`feed_news`),
    so that a run reads each JSON once; a JSON not among them is read here."""
    before = {Path(p).resolve() for p in existed_before}
    read = {Path(n.page).with_suffix(".json").name: n for n in known}
    news = []
    for path in sorted({Path(p) for p in written}):
        if path.suffix == ".json":
            status = "changed" if path.resolve() in before else "new"
            item = read.get(path.name)
            item = replace(item, status=status) if item else _read_news(path, status)
            if item:
                news.append(item)
    return sorted(news, key=lambda n: (n.country is not None, n.country or "", n.old_year, n.new_year))


_EDITION_SHA = re.compile(r'"(old|new)":\s*\{[^{}]*?"sha256":\s*"([0-9a-f]{64})"')
_HEAD_BYTES = 16_384  # the editions' metadata comes first in a comparison JSON, well inside this


def compared_editions(reports_dir: Path) -> dict[str, tuple[str, str]]:
    """For every country comparison JSON in ``reports_dir``: the sha256 of its old and new
    edition, read from the top of the file (not the whole 100 MB of a big edition's JSON).
    Taken before a run, it tells a comparison whose editions changed from one rewritten only
    because differ itself changed."""
    out: dict[str, tuple[str, str]] = {}
    reports_dir = Path(reports_dir)
    if not reports_dir.is_dir():
        return out
    for path in sorted(reports_dir.glob("*.json")):
        if not COMPARISON_NAME.match(path.with_suffix(".html").name):
            continue
        try:
            with open(path, "rb") as f:
                head = f.read(_HEAD_BYTES).decode("utf-8", "replace")
        except OSError:
            continue
        found = dict(_EDITION_SHA.findall(head))
        if "old" in found and "new" in found:
            out[path.name] = (found["old"], found["new"])
    return out


def only_new_editions(news: Sequence[ComparisonNews], editions_before: dict[str, tuple[str, str]]
                      ) -> list[ComparisonNews]:
    """The news in which an edition appeared or changed: a country's comparison whose JSON
    compared the same two editions before the run (the page changed because differ did) is
    left out, and so is a cross-country page none of whose countries is left."""
    def same_editions(n: ComparisonNews) -> bool:
        before = editions_before.get(Path(n.page).with_suffix(".json").name)
        return before is not None and n.entry_id.endswith(f":{before[0][:16]}:{before[1][:16]}")

    countries = [n for n in news if n.country and not (n.status == "changed" and same_editions(n))]
    pairs = {(n.old_year, n.new_year) for n in countries}
    editions = [n for n in news if not n.country and (n.status == "new" or (n.old_year, n.new_year) in pairs)]
    return editions + countries


def _link(page: str, base_url: str | None) -> str:
    return f"{base_url.rstrip('/')}/{page}" if base_url else page


def _named(items: Sequence[str]) -> str:
    shown = [f"“{t}”" for t in items[:NAMES_IN_DIGEST]]
    more = len(items) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _describe(n: ComparisonNews) -> str:
    """"Kazakhstan 2023 → 2024: abuses: 0 added, 12 dropped; dropped “…”; 36% of the 2023 length"."""
    what = f"{n.name} {n.old_year} → {n.new_year}" + (" (changed)" if n.status == "changed" else "")
    parts = []
    if n.country is None:
        if n.ratio is not None:
            parts.append(f"median length {n.ratio * 100:.0f}% of {n.old_year}")
        parts.append(f"{n.sections_removed} sections removed")
    elif not n.abuses_listed:
        parts.append("no abuses listed in either edition")
    else:
        parts.append(f"abuses: {len(n.abuses_added)} added, {len(n.abuses_dropped)} dropped")
        if n.abuses_added:
            parts.append(f"added {_named(n.abuses_added)}")
        if n.abuses_dropped:
            parts.append(f"dropped {_named(n.abuses_dropped)}")
        if n.ratio is not None:
            parts.append(f"{n.ratio * 100:.0f}% of the {n.old_year} length")
    return f"{what}: {'; '.join(parts)}"


def _line(n: ComparisonNews, base_url: str | None) -> str:
    return f"- {_describe(n)}. {_link(n.page, base_url)}"


def digest(news: Sequence[ComparisonNews], base_url: str | None = None) -> tuple[str, str] | None:
    """``(title, body)`` of the one message for a run, or None when nothing is new.

    ``base_url``: where the reports directory is published (links are the page file names
    without it). Cross-country pages come first; past a dozen countries the rest are named
    in one paragraph with their counts, so a whole edition still makes a short message."""
    if not news:
        return None
    editions = ", ".join(str(y) for y in sorted({n.new_year for n in news}))
    countries = [n for n in news if n.country]
    title = (f"differ: {len(countries)} {'country' if len(countries) == 1 else 'countries'} with a new or changed "
             f"{editions} comparison" if countries else f"differ: the {editions} cross-country page changed")
    lines = [_line(n, base_url) for n in news if not n.country]
    lines += [_line(n, base_url) for n in countries[:DETAILED_IN_DIGEST]]
    rest = countries[DETAILED_IN_DIGEST:]
    if rest:
        lines.append(f"- and {len(rest)} more (abuses added/dropped): " + ", ".join(
            f"{n.name} +{len(n.abuses_added)}/−{len(n.abuses_dropped)}" for n in rest) + ".")
    return title, "\n".join(lines) + "\n"


# --- sending ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendResult:
    sent: tuple[str, ...] = ()  # URLs (secrets masked) that took the digest
    failed: tuple[tuple[str, str], ...] = ()  # (masked URL, one-line reason)

    @property
    def ok(self) -> bool:
        return not self.failed


def _masked(url: str) -> str:
    """A URL safe to print: scheme and host only (apprise URLs carry tokens and passwords)."""
    m = re.match(r"^([a-z0-9+.-]+)://(?:[^@/]*@)?([^/:?#]*)", url, re.I)
    return f"{m.group(1)}://{m.group(2)}/…" if m else "(not a URL)"


def send_digest(urls: Sequence[str], news: Sequence[ComparisonNews], base_url: str | None = None) -> SendResult:
    """Send :func:`digest` to every URL; nothing at all when there is no news. A URL that
    apprise does not know, or whose service fails, is reported and does not stop the others."""
    message = digest(news, base_url)
    if message is None or not urls:
        return SendResult()
    import logging

    import apprise

    title, body = message
    sent, failed = [], []
    for url in urls:
        notifier = apprise.Apprise(asset=apprise.AppriseAsset(storage_mode="memory"))
        if not notifier.add(url):
            failed.append((_masked(url), "not a notification URL apprise knows"))
            continue
        with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as log:
            ok = notifier.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT)
        if ok:
            sent.append(_masked(url))
        else:
            lines = [line.strip() for line in log.getvalue().splitlines() if line.strip()]
            failed.append((_masked(url), lines[-1] if lines else "the service did not accept the message"))
    return SendResult(tuple(sent), tuple(failed))


def unknown_urls(urls: Sequence[str]) -> list[str]:
    """The URLs (secrets masked) that apprise does not know as a notification service."""
    if not urls:
        return []
    import apprise

    notifier = apprise.Apprise(asset=apprise.AppriseAsset(storage_mode="memory"))
    return [_masked(url) for url in urls if not notifier.add(url)]


# --- the Atom feed ---------------------------------------------------------------------------------


def feed_news(reports_dir: Path) -> list[ComparisonNews]:
    """Every comparison and cross-country page in ``reports_dir`` with its JSON."""
    reports_dir = Path(reports_dir)
    if not reports_dir.is_dir():
        return []
    items = (_read_news(p, "new") for p in sorted(reports_dir.glob("*.json")))
    return [n for n in items if n and (reports_dir / n.page).is_file()]


def atom_feed(news: Sequence[ComparisonNews], base_url: str | None = None, limit: int = FEED_LIMIT) -> str:
    """The Atom document (RFC 4287) for ``news``: newest first, at most ``limit`` entries."""
    import xml.etree.ElementTree as ET

    entries = sorted(news, key=lambda n: (n.updated, n.entry_id), reverse=True)[:limit]
    ET.register_namespace("", ATOM_NS)

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", f"urn:differ:feed:{base_url.rstrip('/')}" if base_url else "urn:differ:feed")
    sub(feed, "title", "differ: changes in the Country Reports on Human Rights Practices")
    sub(feed, "subtitle", "New and changed year-to-year comparisons, one entry per pair of editions")
    sub(feed, "updated", entries[0].updated if entries else "1970-01-01T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", "differ")
    sub(feed, "generator", "differ")
    sub(feed, "link", rel="alternate", type="text/html", href=_link(INDEX_NAME, base_url))
    if base_url:
        sub(feed, "link", rel="self", type="application/atom+xml", href=_link(FEED_NAME, base_url))
    for n in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", n.entry_id)
        sub(entry, "title", f"{n.name}: {n.old_year} → {n.new_year}")
        sub(entry, "updated", n.updated)
        sub(entry, "link", rel="alternate", type="text/html", href=_link(n.page, base_url))
        sub(entry, "summary", _describe(n) + ".", type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def write_feed(reports_dir: Path, base_url: str | None = None, limit: int = FEED_LIMIT,
               news: Sequence[ComparisonNews] | None = None) -> Path | None:
    """(Re)write ``reports_dir/feed.xml`` from the comparisons there (left alone when unchanged);
    None, and no file, when there are none and never was a feed: no feed of nothing.
    ``news``: :func:`feed_news` of the directory, when the caller has already read it."""
    from differ.corpus import atomic_write_text

    path = Path(reports_dir) / FEED_NAME
    entries = feed_news(reports_dir) if news is None else news
    if not entries and not path.exists():
        return None
    atomic_write_text(path, atom_feed(entries, base_url, limit))
    return path
