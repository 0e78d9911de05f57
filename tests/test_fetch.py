"""``differ fetch`` against a real HTTP server on 127.0.0.1 (pytest-httpserver) serving
state.gov-shaped pages built from the real corpus text. No test touches the internet and
nothing mocks ``requests``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug import Request, Response

from differ.cli import cli
from differ.corpus import Corpus
from differ.fetch import FAILED, FETCHED, NOT_PUBLISHED, FetchConfig, fetch_years, parse_years
from differ.errors import UsageError
from statepages import (ARCHIVE, ARCHIVE_ID, EDITION, access_denied_page, corpus_report, edition_index,
                        pdf_stub_page, stategov_page)

from sitedouble import COUNTRY, PDF_2023, PDF_2024, direct


def run(args: list[str]):
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def outline(report):
    return [(s.level, s.path, tuple((p.text, p.run_in_heading) for p in s.paragraphs)) for s in report.walk()]


# --- the clean path ------------------------------------------------------------------------------


def test_clean_fetch_of_three_years_then_skip_then_304(site, tmp_path, monkeypatch):
    site.all_years()
    corpus = tmp_path / "corpus"
    result = run(site.args("2015-2024", corpus))
    assert result.exit_code == 0, result.output + result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert set(rows) == {str(y) for y in range(2015, 2025)}
    for y in ("2016", "2023", "2024"):
        assert " fetched " in rows[y], rows[y]
    for y in ("2015", "2017", "2018", "2019", "2020", "2021", "2022"):
        assert " not published " in rows[y], rows[y]
    assert "Fetching" in result.stderr  # the progress bar goes to stderr

    c = Corpus(corpus, COUNTRY)
    assert c.years() == [2016, 2023, 2024]
    assert c.edition(2016).format == "html" and c.edition(2023).format == "html" and c.edition(2024).format == "pdf"
    for year in (2016, 2023, 2024):
        assert outline(c.load(year)) == outline(corpus_report(year))
    manifest = json.loads((corpus / COUNTRY / "manifest.json").read_text())
    e23 = manifest["editions"]["2023"]
    assert e23["source_url"] == e23["final_url"] == site.base + direct(2023)
    assert e23["etag"] == '"v2023"' and e23["last_modified"].endswith("GMT")
    assert e23["content_type"].startswith("text/html") and e23["fetched_at"].endswith("Z")
    assert e23["pdf_url"] == site.base + PDF_2023
    assert e23["bytes"] == len(site.pages["2023"])
    e24 = manifest["editions"]["2024"]
    assert e24["final_url"] == site.base + PDF_2024 and e24["page_url"] == site.base + direct(2024, slash=False)
    assert e24["content_type"] == "application/pdf"
    assert manifest["editions"]["2016"]["final_url"].endswith(f"/archive{ARCHIVE}2016/sca/{ARCHIVE_ID[2016]}.htm")
    agents = {r.headers.get("User-Agent") for r in site.requests()}
    assert len(agents) == 1 and agents.pop().startswith("differ/")

    # a re-run skips what is there, without a single request
    site.server.clear_log()
    before = snapshot(corpus)
    result = run(site.args("2016,2023-2024", corpus))
    assert result.exit_code == 0 and result.stdout.count(" skipped ") == 3
    assert site.requests() == [] and snapshot(corpus) == before

    # --force asks conditionally; an unchanged report costs a 304 and no body, and no parse
    # of the stored copy (its length matters only to a new copy: 2024's page, asked for
    # without a condition because the stored copy is its PDF, is checked as a report first)
    parsed = []
    real_load = Corpus.load
    monkeypatch.setattr(Corpus, "load", lambda self, year: parsed.append(year) or real_load(self, year))
    result = run(site.args("2016,2023-2024", corpus, "--force"))
    monkeypatch.undo()
    assert parsed == [2024]
    assert result.exit_code == 0, result.output
    assert result.stdout.count(" unchanged ") == 3, result.stdout
    assert all(" - " not in line for line in result.stdout.splitlines()[1:])  # sizes from the manifest
    assert snapshot(corpus) == before
    documents = [r for r in site.requests() if r.headers.get("If-None-Match")]
    assert {r.headers["If-None-Match"] for r in documents} == {'"a2016"', '"v2023"', '"p2024"'}
    answered = [resp.status_code for req, resp in site.server.log if req.headers.get("If-None-Match")]
    assert answered == [304, 304, 304]


def test_force_repairs_a_damaged_copy_instead_of_asking_for_304(site, tmp_path):
    site.year_2023()
    corpus = tmp_path / "c"
    assert run(site.args("2023", corpus)).exit_code == 0
    stored = corpus / COUNTRY / "2023.html"
    good = stored.read_bytes()
    stored.write_bytes(good.replace(b"Kazakhstan", b"Kazakstan", 1))
    site.server.clear_log()
    result = run(site.args("2023", corpus, "--force"))
    assert result.exit_code == 0 and " fetched " in result.stdout, result.output
    assert stored.read_bytes() == good
    assert [r.headers.get("If-None-Match") for r in site.requests()] == [None]


def test_same_bytes_without_validators_is_unchanged(site, tmp_path):
    """A server without ETag/Last-Modified: --force downloads, finds the same bytes, stores nothing new."""
    site.serve(direct(2023), site.pages["2023"], last_modified=None)
    corpus = tmp_path / "c"
    assert run(site.args("2023", corpus)).exit_code == 0
    before = snapshot(corpus)
    result = run(site.args("2023", corpus, "--force"))
    assert result.exit_code == 0 and " unchanged " in result.stdout, result.output
    assert snapshot(corpus) == before


def test_python_api_returns_year_results(site, tmp_path):
    site.year_2024()
    corpus = Corpus(tmp_path / "c", COUNTRY)
    seen = []
    results = fetch_years(corpus, [2024, 2022], FetchConfig(base_url=site.base, delay=0, backoff_factor=0),
                          progress=seen.append)
    assert [r.status for r in results] == [FETCHED, NOT_PUBLISHED] and seen == results
    r = results[0]
    assert r.year == 2024 and r.format == "pdf" and r.path == corpus.dir / "2024.pdf"
    assert r.bytes == len(site.pages["2024pdf"]) and r.url == site.base + PDF_2024 and r.ok


def test_index_link_without_slash_and_redirected_direct_url(site, tmp_path):
    """The direct URL redirects (to the index, as state.gov does for a moved page)."""
    site.status(direct(2023), 301, {"Location": EDITION.format(year=2023)}, oneshot=False)
    site.serve(EDITION.format(year=2023), edition_index(site.base, 2023, ["kazakhstan", "kyrgyzstan"]))
    site.serve(direct(2023, slash=False), site.pages["2023"])
    result = run(site.args("2023", tmp_path / "c"))
    assert result.exit_code == 0 and " fetched " in result.stdout, result.output


def test_redirect_to_an_extra_host_is_followed_only_when_configured(site, tmp_path):
    """www.state.gov sends older editions to its archive hosts (2017-2021.state.gov …), which
    the default configuration allows; here "localhost" plays that archive host."""
    port = site.server.port
    other = f"http://localhost:{port}{direct(2023)}"
    page = site.pages["2023"]

    def handler(request: Request) -> Response:  # the same path, by host name
        if request.host.startswith("localhost"):
            return Response(page, status=200, headers={"Content-Type": "text/html"})
        return Response(status=302, headers={"Location": other})

    site.server.expect_request(direct(2023)).respond_with_handler(handler)
    refused = fetch_years(Corpus(tmp_path / "a", COUNTRY), [2023], FetchConfig(base_url=site.base, delay=0))
    assert refused[0].status == FAILED and "redirects to another host (localhost)" in refused[0].reason
    config = FetchConfig(base_url=site.base, delay=0, extra_hosts=(f"localhost:{port}",))
    assert FetchConfig().hosts >= {"2017-2021.state.gov:443", "2021-2025.state.gov:443"}
    assert not any("state.gov" in h for h in config.hosts - {"2009-2017.state.gov:443"})
    results = fetch_years(Corpus(tmp_path / "b", COUNTRY), [2023], config)
    assert results[0].status == FETCHED, results[0].reason
    assert results[0].url == other


def test_polite_delay_between_requests(site, tmp_path):
    site.year_2024()
    start = time.monotonic()
    fetch_years(Corpus(tmp_path / "c", COUNTRY), [2024], FetchConfig(base_url=site.base, delay=0.15))
    elapsed = time.monotonic() - start
    assert len(site.requests()) == 4  # direct 404, index, page, PDF: three pauses
    assert elapsed >= 3 * 0.15 - 0.01


# --- retries --------------------------------------------------------------------------------------


def test_429_with_retry_after_then_success(site, tmp_path):
    site.year_2023()
    site.status(direct(2023), 429, {"Retry-After": "1"})
    start = time.monotonic()
    result = run(site.args("2023", tmp_path / "c"))
    assert result.exit_code == 0 and " fetched " in result.stdout, result.output
    assert time.monotonic() - start >= 0.95
    assert [resp.status_code for _r, resp in site.server.log][:2] == [429, 200]


def test_503_twice_then_success(site, tmp_path):
    site.year_2023()
    site.status(direct(2023), 503)
    site.status(direct(2023), 503)
    result = run(site.args("2023", tmp_path / "c"))
    assert result.exit_code == 0 and " fetched " in result.stdout, result.output
    assert [resp.status_code for _r, resp in site.server.log][:3] == [503, 503, 200]


def _reset_mid_body(data: bytes):
    def handler(request: Request) -> Response:
        def body():
            yield data[: len(data) // 3]
            raise ConnectionResetError("test: connection reset mid-body")

        return Response(body(), status=200, headers={"Content-Type": "text/html", "Content-Length": str(len(data))})

    return handler


def test_connection_reset_mid_body_once_is_retried(site, tmp_path):
    site.server.expect_oneshot_request(direct(2023)).respond_with_handler(_reset_mid_body(site.pages["2023"]))
    site.year_2023()
    result = run(site.args("2023", tmp_path / "c"))
    assert result.exit_code == 0 and " fetched " in result.stdout, result.output


# --- failures: the corpus stays byte-identical, one line names the year and the reason -------------


def assert_failed(result, corpus: Path, before: dict, year: int, *reason: str) -> str:
    assert result.exit_code == 1, result.output + result.stderr
    assert snapshot(corpus) == before
    errors = [l for l in result.stderr.splitlines() if l.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith(f"Error: {year}: "), result.stderr
    row = next(l for l in result.stdout.splitlines() if l.startswith(str(year)))
    assert " failed " in row
    for r in reason:
        assert r in errors[0], errors[0]
    return errors[0]


@pytest.fixture
def real_corpus(tmp_corpus):
    """A copy of the real corpus; failures re-fetch its 2023 or 2024 edition with --force."""
    return tmp_corpus


def test_connection_reset_mid_body_every_time(site, real_corpus):
    site.server.expect_request(direct(2023)).respond_with_handler(_reset_mid_body(site.pages["2023"]))
    before = snapshot(real_corpus)
    result = run(site.args("2023", real_corpus, "--force"))
    assert_failed(result, real_corpus, before, 2023, "connection lost while downloading", "retries used")


def test_503_forever_fails_after_the_retries(site, real_corpus):
    site.status(direct(2023), 503, oneshot=False)
    before = snapshot(real_corpus)
    result = run(site.args("2023", real_corpus, "--force"))
    assert_failed(result, real_corpus, before, 2023, "HTTP 503", "after 3 retries")


def test_truncated_pdf(site, real_corpus):
    site.year_2024()
    pdf = site.pages["2024pdf"]
    site.server.clear_all_handlers()
    site.serve(EDITION.format(year=2024), edition_index(site.base, 2024, ["kazakhstan"]))
    site.serve(direct(2024, slash=False), pdf_stub_page(2024, COUNTRY, site.base + PDF_2024))
    site.serve(PDF_2024, pdf[: len(pdf) * 2 // 3], "application/pdf")
    before = snapshot(real_corpus)
    result = run(site.args("2024", real_corpus, "--force"))
    assert_failed(result, real_corpus, before, 2024, "PDF is truncated")


def test_access_denied_html_with_200(site, real_corpus):
    site.serve(direct(2023), access_denied_page())
    before = snapshot(real_corpus)
    result = run(site.args("2023", real_corpus, "--force"))
    assert_failed(result, real_corpus, before, 2023, "access-denied page")


def test_access_denied_html_where_the_pdf_was_expected(site, real_corpus):
    site.serve(direct(2024), pdf_stub_page(2024, COUNTRY, site.base + PDF_2024))
    site.serve(PDF_2024, access_denied_page(), "application/pdf")
    before = snapshot(real_corpus)
    result = run(site.args("2024", real_corpus, "--force"))
    assert_failed(result, real_corpus, before, 2024, "not a PDF", "access-denied")


def test_empty_200_body(site, real_corpus):
    site.serve(direct(2023), b"")
    before = snapshot(real_corpus)
    result = run(site.args("2023", real_corpus, "--force"))
    assert_failed(result, real_corpus, before, 2023, "empty body")


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_50_mb_body(site, real_corpus, declared):
    chunk = b"<p>" + b"x" * (1024 * 1024 - 3)

    def handler(request: Request) -> Response:
        headers = {"Content-Type": "text/html"}
        if declared:
            headers["Content-Length"] = str(50 * len(chunk))
        return Response((chunk for _ in range(50)), status=200, headers=headers)

    site.server.expect_request(direct(2023)).respond_with_handler(handler)
    before = snapshot(real_corpus)
    result = run(site.args("2023", real_corpus, "--force"))  # the default 20 MB cap
    assert_failed(result, real_corpus, before, 2023, "20.0 MB size cap")


def test_partial_content_is_not_a_report(site, real_corpus):
    site.status(direct(2023), 206, {"Content-Type": "text/html", "Content-Range": "bytes 0-99/5000"},
                body=site.pages["2023"][:100], oneshot=False)
    before = snapshot(real_corpus)
    result = run(site.args("2023", real_corpus, "--force"))
    assert_failed(result, real_corpus, before, 2023, "HTTP 206")


def test_redirect_to_a_foreign_host_is_refused(site, real_corpus):
    site.status(direct(2023), 302, {"Location": "http://evil.example.net/kazakhstan.html"}, oneshot=False)
    before = snapshot(real_corpus)
    result = run(site.args("2023", real_corpus, "--force"))
    assert_failed(result, real_corpus, before, 2023, "redirects to another host (evil.example.net); refused")
    assert all(r.host.startswith("127.0.0.1") for r in site.requests())


def test_pdf_link_to_a_foreign_host_is_refused(site, real_corpus):
    site.serve(direct(2024), pdf_stub_page(2024, COUNTRY, "https://evil.example.net" + PDF_2024))
    before = snapshot(real_corpus)
    result = run(site.args("2024", real_corpus, "--force"))
    assert_failed(result, real_corpus, before, 2024, "evil.example.net is not a configured host")


def test_wrong_country_report(site, real_corpus):
    site.serve(direct(2023), site.pages["2023uz"])
    before = snapshot(real_corpus)
    result = run(site.args("2023", real_corpus, "--force"))
    assert_failed(result, real_corpus, before, 2023, "report for Uzbekistan, not kazakhstan")


def test_wrong_year_report(site, real_corpus):
    site.serve(direct(2023), stategov_page(corpus_report(2024)))
    before = snapshot(real_corpus)
    result = run(site.args("2023", real_corpus, "--force"))
    assert_failed(result, real_corpus, before, 2023, "2024 report, not 2023")


def test_page_that_does_not_say_whose_report_it_is(site, real_corpus):
    page = stategov_page(corpus_report(2023)).replace(
        "2023 Country Reports on Human Rights Practices: Kazakhstan", "Report").replace(
        "Kazakhstan - United States Department of State", "Report")
    site.serve(direct(2023), page)
    before = snapshot(real_corpus)
    result = run(site.args("2023", real_corpus, "--force"))
    assert_failed(result, real_corpus, before, 2023, "cannot confirm this is the kazakhstan 2023 report")


def test_one_failed_year_does_not_stop_the_others(site, tmp_path):
    site.year_2024()
    site.serve(direct(2023), access_denied_page())
    corpus = tmp_path / "c"
    result = run(site.args("2023-2024", corpus))
    assert result.exit_code == 1
    assert Corpus(corpus, COUNTRY).years() == [2024]
    assert "Error: 2023: " in result.stderr and "2024" not in result.stderr.split("Error:", 1)[1]


def test_a_bug_in_one_year_is_named_and_does_not_stop_the_others(site, tmp_path, monkeypatch):
    """A bug (not a DifferError) while fetching one year or reading one index is that item's
    failure, worded as every other command words one: "internal error (Type: message)"."""
    from differ.fetch import EditionFetcher, Fetcher

    site.year_2023()
    site.year_2024()
    discover = Fetcher._discover_stategov

    def broken_for_2023(self, year, *args):
        if year == 2023:
            raise KeyError("edition")
        return discover(self, year, *args)

    monkeypatch.setattr(Fetcher, "_discover_stategov", broken_for_2023)
    corpus = Corpus(tmp_path / "c", COUNTRY)
    results = fetch_years(corpus, [2023, 2024], FetchConfig(base_url=site.base, delay=0, backoff_factor=0))
    assert [r.status for r in results] == [FAILED, FETCHED]
    assert results[0].reason == "internal error (KeyError: 'edition')"

    monkeypatch.setattr(EditionFetcher, "_list_stategov", lambda self, year: 1 / 0)
    with EditionFetcher(tmp_path / "all", FetchConfig(base_url=site.base, delay=0, backoff_factor=0)) as fetcher:
        listing = fetcher.listing(2024)
    assert listing.status == FAILED
    assert listing.reason == "internal error reading the 2024 index (ZeroDivisionError: division by zero)"


# --- arguments ------------------------------------------------------------------------------------


@pytest.mark.parametrize("args,message", [
    (["--years", "2030-2010"], "runs backwards"),
    (["--years", "20x5"], "not a year"),
    (["--years", "1900"], "between"),
    (["--years", "2023", "--country", "Kazakhstan"], "invalid country slug"),
    (["--years", "2023", "--country", "../../etc"], "invalid country slug"),
    (["--years", "2023", "--country", "kazakh/stan"], "invalid country slug"),
    (["--years", "2023", "--base-url", "file:///etc/passwd"], "expected an http(s) URL"),
    (["--years", "2023", "--archive-base-url", "ftp://example.org"], "expected an http(s) URL"),
])
def test_bad_arguments_exit_2(tmp_path, args, message):
    result = CliRunner().invoke(cli, ["fetch", "--corpus", str(tmp_path / "c"), *args], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "c").exists()


def test_parse_years():
    assert parse_years("2015-2017") == [2015, 2016, 2017]
    assert parse_years("2023, 2016,2015-2016") == [2015, 2016, 2023]
    with pytest.raises(UsageError):
        parse_years("2024-2023")


def test_real_process_no_traceback(site, tmp_path):
    """The installed command, in its own process: one line per failure, exit 1."""
    site.serve(direct(2023), b"")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run([sys.executable, "-m", "differ", *site.args("2023", tmp_path / "c")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert [l for l in proc.stderr.splitlines() if l.startswith("Error:")] == [
        f"Error: 2023: {site.base}{direct(2023)} answered 200 with an empty body"]
