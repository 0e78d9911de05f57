"""Change notifications: a digest sent with apprise to a real local webhook, and the Atom feed."""

from __future__ import annotations

import hashlib
import json
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from differ.notify import (ATOM_NS, DETAILED_IN_DIGEST, atom_feed, digest, feed_news, news_from_comparison,
                           news_from_written, send_digest, write_feed)

ROOT = Path(__file__).resolve().parent.parent
A = f"{{{ATOM_NS}}}"


def _snapshot(directory: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir()) if p.is_file()}


def _publish(corpus: Path, reports: Path) -> tuple[list[Path], list[Path]]:
    """One run as `differ update` will do it: (paths written, paths that existed before)."""
    from differ.edition import corpus_countries, publish_edition

    before = _snapshot(reports) if reports.is_dir() else {}
    publish_edition(corpus, corpus_countries(corpus), 2023, 2024, reports, workers=1)
    after = _snapshot(reports)
    return [p for p, h in after.items() if before.get(p) != h], list(before)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Kazakhstan and Iceland 2023 → 2024 published once into a reports directory."""
    base = tmp_path_factory.mktemp("notify")
    corpus = base / "corpus"
    for country in ("kazakhstan", "iceland"):
        shutil.copytree(ROOT / "corpus" / country, corpus / country)
    reports = base / "reports"
    written, before = _publish(corpus, reports)
    return {"corpus": corpus, "reports": reports, "written": written, "before": before}


def _hook(httpserver, path="/hook", status=200):
    httpserver.expect_request(path, method="POST").respond_with_data("ok", status=status)
    return f"json://{httpserver.host}:{httpserver.port}{path}"


def test_one_digest_after_a_run_with_new_comparisons_none_after_a_run_with_nothing_new(site, httpserver, tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(site["reports"], reports)
    url = _hook(httpserver)
    # the first run's news: everything it wrote is new
    news = news_from_written([reports / p.name for p in site["written"]], [])
    assert [(n.country, n.status) for n in news] == [(None, "new"), ("iceland", "new"), ("kazakhstan", "new")]
    result = send_digest([url], news)
    assert result.ok and len(result.sent) == 1
    [(request, _response)] = httpserver.log
    payload = json.loads(request.get_data(as_text=True))
    assert payload["title"] == "differ: 2 countries with a new or changed 2024 comparison"
    body = payload["message"]
    kz = json.loads((reports / "kazakhstan-2023-2024.json").read_text(encoding="utf-8"))["abuses"]
    added = [a["new_text"] for a in kz if a["status"] == "added"]
    dropped = [a["old_text"] for a in kz if a["status"] == "dropped"]
    assert len(dropped) >= 12  # 12 or 13 by how the matcher reads "serious restrictions on internet freedom"
    assert f"Kazakhstan 2023 → 2024: abuses: {len(added)} added, {len(dropped)} dropped;" in body
    assert f"dropped “{dropped[0]}”; “{dropped[1]}”; “{dropped[2]}”; and {len(dropped) - 3} more" in body
    assert "kazakhstan-2023-2024.html" in body and "2023-2024.html" in body
    assert "Iceland 2023 → 2024: no abuses listed in either edition" in body
    # a second run over the same corpus rewrites nothing, so there is nothing to tell
    written, before = _publish(site["corpus"], reports)
    assert written == [] and news_from_written(written, before) == []
    assert send_digest([url], news_from_written(written, before)).sent == ()
    assert len(httpserver.log) == 1


def test_a_changed_edition_is_news_again(site, tmp_path):
    from differ.corpus import Corpus

    corpus, reports = tmp_path / "corpus", tmp_path / "reports"
    shutil.copytree(site["corpus"], corpus)
    shutil.copytree(site["reports"], reports)
    iceland = Corpus(corpus, "iceland")
    text = (corpus / "iceland" / "2024.txt").read_bytes() + b"\nThe government also published a new report.\n"
    iceland.store(2024, text, "pdf-text", {"source": "corrected", "fetched_at": "2025-08-12T06:00:00Z"})
    written, before = _publish(corpus, reports)
    news = {n.country: n for n in news_from_written(written, before)}
    assert set(news) == {None, "iceland"} and news["iceland"].status == "changed"
    assert news["iceland"].updated == "2025-08-12T06:00:00Z"
    title, body = digest(list(news.values()))
    assert "Iceland 2023 → 2024 (changed)" in body and title.startswith("differ: 1 country ")


def test_a_failing_service_is_reported_and_the_others_still_get_the_digest(site, httpserver):
    news = feed_news(site["reports"])
    good, bad = _hook(httpserver, "/ok"), _hook(httpserver, "/broken", status=500)
    secret = f"json://user:hunter2@{httpserver.host}:{httpserver.port}/broken"
    result = send_digest([bad, good, "nonsense://x", secret], news)
    assert len(result.sent) == 1 and len(result.failed) == 3 and not result.ok
    reasons = dict(result.failed[1:2])
    assert list(reasons.values()) == ["not a notification URL apprise knows"]
    assert all("hunter2" not in url and "\n" not in reason for url, reason in result.failed)
    assert "error=500" in result.failed[0][1] and result.failed[0][0] == f"json://{httpserver.host}/…"
    assert sorted(r.path for r, _ in httpserver.log) == ["/broken", "/broken", "/ok"]


def test_nothing_to_say_sends_nothing(httpserver):
    url = _hook(httpserver)
    assert digest([]) is None
    assert send_digest([url], []).sent == ()
    assert httpserver.log == []


def _comparison(country="testland", old_meta=None, new_meta=None, abuses=()):
    return {"country": country, "old": {"year": 2023, "sha256": "a" * 64, **(old_meta or {})},
            "new": {"year": 2024, "sha256": "b" * 64, **(new_meta or {})},
            "summary": {"sections": {"dropped": 4}, "size": {"ratio": 0.5}}, "abuses": list(abuses)}


def test_dates_come_from_the_manifest_never_the_clock():
    fetched = news_from_comparison(_comparison(new_meta={"fetched_at": "2025-03-01T10:00:00Z"},
                                               old_meta={"fetched_at": "2024-04-01T10:00:00Z"}), "t.html")
    assert fetched.updated == "2025-03-01T10:00:00Z"
    modified = news_from_comparison(_comparison(new_meta={"last_modified": "Tue, 12 Aug 2025 06:00:00 GMT"}), "t.html")
    assert modified.updated == "2025-08-12T06:00:00Z"
    assert news_from_comparison(_comparison(), "t.html").updated == "2025-01-01T00:00:00Z"
    other_edition = news_from_comparison(_comparison(new_meta={"sha256": "c" * 64}), "t.html")
    assert other_edition.entry_id != news_from_comparison(_comparison(), "t.html").entry_id


def test_a_whole_edition_makes_a_short_digest():
    abuses = [{"status": "dropped", "old_text": f"abuse {i}"} for i in range(5)]
    news = [news_from_comparison(_comparison(f"country-{chr(97 + i // 26)}{chr(97 + i % 26)}", abuses=abuses),
                                 "p.html") for i in range(40)]
    title, body = digest(news, base_url="https://example.org/reports/")
    lines = body.splitlines()
    assert title == "differ: 40 countries with a new or changed 2024 comparison"
    assert len(lines) == DETAILED_IN_DIGEST + 1
    assert lines[0].endswith("https://example.org/reports/p.html") and "and 2 more" in lines[0]
    assert lines[-1].startswith("- and 28 more") and "Country Bm +0/−5" in lines[-1]


def test_the_feed_is_well_formed_atom(site):
    import feedparser

    path = write_feed(site["reports"])
    root = ET.parse(path).getroot()
    assert root.tag == A + "feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(A + tag) is not None, tag
    entries = root.findall(A + "entry")
    assert len(entries) == 3
    for entry in entries:
        for tag in ("id", "title", "updated", "summary"):
            assert (entry.findtext(A + tag) or "").strip(), tag
        datetime.strptime(entry.findtext(A + "updated"), "%Y-%m-%dT%H:%M:%SZ")
        href = entry.find(A + "link").get("href")
        assert (site["reports"] / href).is_file()
    assert len({e.findtext(A + "id") for e in entries}) == 3
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.version == "atom10" and not parsed.bozo
    assert [e.title for e in parsed.entries][0] == "All 2 countries: 2023 → 2024"


def test_the_feed_is_byte_identical_and_left_alone_when_nothing_changed(site):
    path = write_feed(site["reports"])
    data, mtime = path.read_bytes(), path.stat().st_mtime_ns
    assert write_feed(site["reports"]).read_bytes() == data and path.stat().st_mtime_ns == mtime
    assert atom_feed(feed_news(site["reports"])) == data.decode("utf-8")


def test_report_text_in_the_feed_is_escaped():
    news = news_from_comparison(_comparison(abuses=[{"status": "dropped", "old_text": "</summary><script>x</script>&"}]),
                                "t.html")
    root = ET.fromstring(atom_feed([news]))
    assert "<script>x</script>&" in root.find(A + "entry").findtext(A + "summary")


def test_news_from_what_the_feed_read_is_the_news_read_again(site):
    """The news of a run's written JSON is the same whether read again or taken from the
    feed's reading of the directory (with its own new/changed status)."""
    written = [site["reports"] / p.name for p in site["written"]]
    every = feed_news(site["reports"])
    existed = [p for p in written if p.suffix == ".json"][:1]
    for before in ([], existed):
        again = news_from_written(written, before)
        assert len(again) == 3 and news_from_written(written, before, known=every) == again
        changed = [n.page for n in again if n.status == "changed"]
        assert changed == [p.with_suffix(".html").name for p in before]


def test_an_update_reads_each_comparison_once_for_its_feed_and_its_news(site, tmp_path, monkeypatch):
    import differ.notify as notify
    from differ.update import _Before, _feed_and_news

    reports = tmp_path / "reports"
    before = _Before.take(reports)  # nothing yet: every page the run writes is news
    shutil.copytree(site["reports"], reports)
    reads: list[str] = []
    real = notify._read_news
    monkeypatch.setattr(notify, "_read_news", lambda path, status: reads.append(path.name) or real(path, status))
    errors: list[str] = []
    written, news = _feed_and_news(reports, before, None, errors)
    assert not errors and (reports / "feed.xml") in written
    assert sorted(n.page for n in news) == sorted(p.with_suffix(".html").name for p in written if p.suffix == ".json")
    assert sorted(reads) == sorted(p.name for p in reports.glob("*.json")) and len(reads) == len(set(reads))
