"""``differ update``, the cron job: end to end through the CLI against the local site double."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug import Response

from conftest import without_edition
from differ.cli import cli
from sitedouble import FAST, PDF_2024, direct
from statepages import EDITION, access_denied_page, edition_index, pdf_stub_page

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def corpus_without_2024(tmp_corpus):
    return without_edition(tmp_corpus, "kazakhstan", 2024)


def args(site, corpus: Path, reports: Path, *extra: str, country: str = "kazakhstan") -> list[str]:
    return ["update", "--corpus", str(corpus), "--reports", str(reports), "--base-url", site.base,
            "--archive-base-url", site.archive, "--until-year", "2025", "--country", country, *FAST, *extra]


def state(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*"))
            if p.is_file()}


def invoke(argv):
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    assert "Traceback" not in result.output + result.stderr
    return result


def test_update_fetches_regenerates_then_nothing_new(site, corpus_without_2024, tmp_path):
    site.year_2024()
    reports = tmp_path / "reports"
    first = invoke(args(site, corpus_without_2024, reports))
    assert first.exit_code == 0, first.output + first.stderr
    assert "2024: fetched" in first.output
    assert "2025: not published" in first.output
    names = sorted(p.name for p in reports.iterdir())
    assert names == ["feed.xml", "index.html", "kazakhstan-2016-2023.html", "kazakhstan-2016-2023.json",
                     "kazakhstan-2023-2024.html", "kazakhstan-2023-2024.json",
                     "kazakhstan-trend.html", "kazakhstan-trend.json"]
    data = json.loads((reports / "kazakhstan-2023-2024.json").read_text())
    assert data["new"]["year"] == 2024 and data["sections"]
    index = (reports / "index.html").read_text()
    assert "kazakhstan-2023-2024.html" in index and "kazakhstan-trend.html" in index

    corpus_before, reports_before = state(corpus_without_2024), state(reports)
    site.server.clear_log()
    second = invoke(args(site, corpus_without_2024, reports))
    assert second.exit_code == 0
    assert "nothing new" in second.output
    assert "wrote" not in second.output
    # nothing rewritten: same bytes and the same modification times
    assert state(corpus_without_2024) == corpus_before
    assert state(reports) == reports_before
    # no report body downloaded: only the probes for 2025, answered 404
    assert all(resp.status_code == 404 for _req, resp in site.server.log), \
        [(req.path, resp.status_code) for req, resp in site.server.log]
    assert {req.path for req, _ in site.server.log} <= {direct(2025), EDITION.format(year=2025)}

    quiet = invoke(args(site, corpus_without_2024, reports, "--quiet"))
    assert quiet.exit_code == 0
    assert quiet.output == "" and quiet.stderr == ""


def test_update_failure_leaves_everything_as_it_was(site, tmp_corpus, tmp_path):
    reports = tmp_path / "reports"
    assert invoke(args(site, tmp_corpus, reports)).exit_code == 0  # 2025 not published: build the reports
    site.serve(direct(2025), access_denied_page())
    corpus_before, reports_before = state(tmp_corpus), state(reports)
    result = invoke(args(site, tmp_corpus, reports, "--quiet"))
    assert result.exit_code == 1
    errors = [l for l in result.stderr.splitlines() if l.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith("Error: 2025: ") and "access-denied" in errors[0]
    assert state(tmp_corpus) == corpus_before
    assert state(reports) == reports_before


def test_stale_lock_from_a_dead_run_is_recovered(site, tmp_corpus, tmp_path):
    (tmp_corpus / ".differ.lock").write_text("999999\n")  # left by a killed run: no flock held
    result = invoke(args(site, tmp_corpus, tmp_path / "reports", "--quiet"))
    assert result.exit_code == 0, result.stderr
    assert not (tmp_corpus / ".differ.lock").exists()


def test_two_updates_at_once(site, corpus_without_2024, tmp_path):
    """The second run finds the first holding the lock and stops with one line; the first finishes."""
    slow = site.pages["2024pdf"]

    def slow_pdf(request):
        time.sleep(2.5)  # keeps the first run inside its lock while the second starts
        return Response(slow, status=200, headers={"Content-Type": "application/pdf"})

    site.serve(EDITION.format(year=2024), edition_index(site.base, 2024, ["kazakhstan"]))
    site.serve(direct(2024, slash=False), pdf_stub_page(2024, "kazakhstan", site.base + PDF_2024))
    site.server.expect_request(PDF_2024).respond_with_handler(slow_pdf)

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    argv = [sys.executable, "-m", "differ", *args(site, corpus_without_2024, tmp_path / "reports")]
    first = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    lock = corpus_without_2024 / ".differ.lock"
    deadline = time.monotonic() + 20
    while not lock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = subprocess.run(argv, capture_output=True, text=True, env={**env, "DIFFER_LOCK_WAIT": "0"}, cwd=tmp_path,
                            timeout=60)
    out1, err1 = first.communicate(timeout=120)
    assert second.returncode == 1
    assert second.stderr.strip().startswith("Error: another differ update is running")
    assert len(second.stderr.strip().splitlines()) == 1
    assert first.returncode == 0, err1
    assert "2024: fetched" in out1
