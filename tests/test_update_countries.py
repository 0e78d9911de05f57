"""``differ update`` over every country of the corpus, against the local state.gov stand-in,
with ``--notify`` posting to a real webhook receiver on 127.0.0.1 and the Atom feed read back
the way feed readers read it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import without_edition
from differ.cli import cli
from sitedouble import FAST, REAL
from statepages import EDITION

REPORTS_URL = "https://example.org/differ/"


def run(args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output + result.stderr
    return result


def state(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.iterdir()) if p.is_file()}


@pytest.fixture
def corpus_without_uzbekistan_2024(tmp_corpus):
    return without_edition(tmp_corpus, "uzbekistan", 2024)


def update(site, corpus: Path, reports: Path, *extra) -> list[str]:
    return ["update", "--corpus", corpus, "--reports", reports, "--base-url", site.base, "--archive-base-url",
            site.archive, "--until-year", "2025", "--workers", "2", *FAST, *extra]


def test_update_every_country_then_one_digest_for_a_new_edition_and_none_for_nothing_new(
        site, corpus_without_uzbekistan_2024, tmp_path, httpserver, monkeypatch):
    corpus, reports = corpus_without_uzbekistan_2024, tmp_path / "reports"
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    hook = f"json://{httpserver.host}:{httpserver.port}/hook"
    notify = ["--notify", hook, "--reports-url", REPORTS_URL]

    # 1. no 2024 edition for Uzbekistan yet, and no 2025 edition at all
    first = run(update(site, corpus, reports))
    assert first.exit_code == 0, first.output + first.stderr
    assert first.stdout.splitlines()[:2] == [
        f"2024: not published (no 2024 edition index on {site.base} (HTTP 404))",
        f"2025: not published (no 2025 edition index on {site.base} (HTTP 404))"]
    assert sorted(p.name for p in reports.iterdir()) == [
        "2023-2024.csv", "2023-2024.html", "2023-2024.json", "feed.xml", "iceland-2023-2024.html",
        "iceland-2023-2024.json", "iceland-trend.html", "iceland-trend.json", "index.html",
        "kazakhstan-2016-2023.html", "kazakhstan-2016-2023.json", "kazakhstan-2023-2024.html",
        "kazakhstan-2023-2024.json", "kazakhstan-trend.html", "kazakhstan-trend.json"]
    overview = json.loads((reports / "2023-2024.json").read_text())
    assert [c["country"] for c in overview["countries"]] == ["iceland", "kazakhstan"]
    assert overview["skipped"] == [{"country": "uzbekistan", "reason": "no 2024 edition in the corpus"}]
    # the cross-country page is the one `differ diff 2023 2024 --country all` writes, byte for byte
    monkeypatch.chdir(tmp_path)
    assert run(["diff", "2023", "2024", "--country", "all", "--corpus", corpus, "--reports", tmp_path / "diff",
                "--workers", "1"]).exit_code == 0
    for suffix in ("json", "csv", "html"):
        assert (tmp_path / "diff" / f"2023-2024.{suffix}").read_bytes() == (reports / f"2023-2024.{suffix}").read_bytes()
    index = (reports / "index.html").read_text()
    assert index.index('href="2023-2024.html"') < index.index('id="country-iceland"') \
        < index.index('id="country-kazakhstan"')

    # 2. Uzbekistan's 2024 report is published: fetched, compared, one digest
    site.edition(2024, list(REAL), serve=("uzbekistan",))
    site.server.clear_log()
    second = run(update(site, corpus, reports, *notify))
    assert second.exit_code == 0, second.output + second.stderr
    assert "uzbekistan 2024: fetched" in second.stdout
    assert "wrote " + str(reports / "2023-2024.html") in second.stdout
    assert f"notified json://{httpserver.host}/…" in second.stdout
    asked = [r.path for r in site.requests()]
    assert asked.count(EDITION.format(year=2024)) == 1 and asked.count(EDITION.format(year=2025)) == 1
    assert not any("kazakhstan" in p or "iceland" in p for p in asked), asked  # they have 2024: probed 2025 only
    [(request, _)] = httpserver.log
    payload = json.loads(request.get_data(as_text=True))
    assert payload["title"] == "differ: 1 country with a new or changed 2024 comparison"
    body = payload["message"].splitlines()
    assert body[0].startswith("- All 3 countries 2023 → 2024 (changed): median length")
    assert body[0].endswith(f" {REPORTS_URL}2023-2024.html")
    assert body[1].startswith("- Uzbekistan 2023 → 2024: abuses: ")
    assert body[1].endswith(f" {REPORTS_URL}uzbekistan-2023-2024.html") and len(body) == 2

    # 3. nothing new: nothing rewritten, nothing sent
    before = state(reports)
    third = run(update(site, corpus, reports, *notify))
    assert third.exit_code == 0 and third.stdout.splitlines()[-1] == "nothing new"
    assert "wrote" not in third.stdout and state(reports) == before
    assert len(httpserver.log) == 1

    # 4. a page rewritten only because differ changed (simulated: one page edited) is not news
    page = reports / "kazakhstan-2023-2024.json"
    data = json.loads(page.read_text())
    data["summary"]["changes"]["moved"] += 1
    page.write_text(json.dumps(data, indent=2))
    fourth = run(update(site, corpus, reports, *notify))
    assert fourth.exit_code == 0 and f"wrote {page}" in fourth.stdout
    assert len(httpserver.log) == 1

    # the feed: valid Atom, absolute links, one entry per comparison
    import feedparser

    feed = feedparser.parse((reports / "feed.xml").read_bytes())
    assert feed.version == "atom10" and not feed.bozo
    assert sorted(e.link for e in feed.entries) == [REPORTS_URL + name for name in (
        "2023-2024.html", "iceland-2023-2024.html", "kazakhstan-2016-2023.html", "kazakhstan-2023-2024.html",
        "uzbekistan-2023-2024.html")]


def test_one_country_that_cannot_be_regenerated_does_not_stop_the_others(site, tmp_corpus, tmp_path):
    (tmp_corpus / "iceland" / "2024.txt").write_bytes(b"edited by hand")
    reports = tmp_path / "reports"
    result = run(update(site, tmp_corpus, reports, "--quiet"))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("Error: iceland 2024: ") and "sha256" in errors[0]
    overview = json.loads((reports / "2023-2024.json").read_text())
    assert [c["country"] for c in overview["countries"]] == ["kazakhstan", "uzbekistan"]
    assert [f["country"] for f in overview["failed"]] == ["iceland"] and "sha256" in overview["failed"][0]["reason"]
    assert (reports / "kazakhstan-trend.html").is_file() and not (reports / "iceland-2023-2024.html").exists()


def test_notify_urls_apprise_does_not_know_are_refused_before_any_work(tmp_corpus, tmp_path):
    result = run(["update", "--corpus", tmp_corpus, "--reports", tmp_path / "r", "--notify", "nonsense://x"])
    assert result.exit_code == 2 and "not a notification URL apprise knows" in result.stderr
    result = run(["update", "--corpus", tmp_corpus, "--reports", tmp_path / "r", "--reports-url", "ftp://x/"])
    assert result.exit_code == 2 and "--reports-url" in result.stderr
    assert not (tmp_path / "r").exists()


def test_update_in_its_own_process_with_the_pool(site, tmp_corpus, tmp_path):
    """The console entry point starts the worker pool (forkserver) as cron would run it."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    argv = [sys.executable, "-m", "differ", *map(str, update(site, tmp_corpus, tmp_path / "reports", "--quiet"))]
    first = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] == "wrote 14 pages and JSON files of 3 countries (iceland, kazakhstan, uzbekistan)"
    assert (tmp_path / "reports" / "2023-2024.html").is_file() and first.stderr == ""
    second = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert second.returncode == 0 and second.stdout == "" and second.stderr == ""  # --quiet: nothing changed
