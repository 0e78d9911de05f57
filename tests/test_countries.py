"""Many countries in one corpus: ``--country`` lists and ``all`` on every command, a whole
edition fetched from the local state.gov stand-in (a real HTTP server on 127.0.0.1), and
``diff --country all``. ``update`` over many countries is in tests/test_update_countries.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from differ.cli import cli
from differ.corpus import Corpus, parse_countries, select_countries
from differ.errors import UsageError
from differ.fetch import country_slug
from sitedouble import FAST, REGIONS, edition_pdf
from statepages import (ARCHIVE, ARCHIVE_ID, EDITION, access_denied_page, archive_page, archive_region_page,
                        archive_year_index, corpus_report, stategov_page)

ROOT = Path(__file__).resolve().parent.parent
GOOD = ["iceland", "kazakhstan", "uzbekistan"]
DENIED, MISSING = "kosovo", "kenya"  # a report that is an access-denied page; one that 404s


def run(args) -> "CliRunner.Result":
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output + result.stderr
    return result


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def table(stdout: str) -> dict[tuple[str, str], str]:
    """(country, year) → the row of fetch's table."""
    rows = {}
    for line in stdout.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 3 and parts[1].isdigit():
            rows[(parts[0], parts[1])] = line
    return rows


# --- --country: one slug, a list, all -----------------------------------------------------------------


def test_country_lists_are_parsed_and_every_slug_validated():
    assert parse_countries("kazakhstan") == (("kazakhstan",), False)
    assert parse_countries(" iceland, kazakhstan,iceland ,") == (("iceland", "kazakhstan"), False)
    assert parse_countries("all") == ((), True)
    for bad in ("all,iceland", "iceland,../etc", "Iceland", ",", ""):
        with pytest.raises(UsageError):
            parse_countries(bad)
    every = select_countries(ROOT / "corpus", "all")
    assert every.slugs == ("iceland", "kazakhstan", "uzbekistan") and every.everything and not every.single
    assert select_countries(ROOT / "corpus", "kazakhstan").single
    assert not select_countries(ROOT / "corpus", "kazakhstan,").single


def test_no_country_escapes_the_corpus(tmp_corpus, tmp_path):
    outside = tmp_path / "elsewhere"
    shutil.copytree(tmp_corpus / "iceland", outside)
    (tmp_corpus / "evil").symlink_to(outside, target_is_directory=True)
    # `all` leaves a link out of the corpus out; naming it is refused
    assert select_countries(tmp_corpus, "all").slugs == ("iceland", "kazakhstan", "uzbekistan")
    for spec in ("evil", "iceland,evil"):
        result = run(["years", "--corpus", tmp_corpus, "--country", spec])
        assert result.exit_code == 2 and "escapes the corpus" in result.stderr
    result = run(["years", "--corpus", tmp_corpus, "--country", "iceland,../etc"])
    assert result.exit_code == 2 and "invalid country slug '../etc'" in result.stderr


def test_add_takes_one_country_and_says_so():
    for spec in ("kazakhstan,iceland", "all"):
        result = run(["add", ROOT / "corpus" / "iceland" / "2023.txt", "--year", "2023", "--country", spec,
                      "--corpus", ROOT / "corpus"])
        assert result.exit_code == 2 and result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line.startswith(f"Error: --country {spec}: add stores one file")


def test_years_lists_editions_per_country():
    result = run(["years", "--corpus", ROOT / "corpus"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "iceland     2023 2024", "kazakhstan  2016 2023 2024", "uzbekistan  2023 2024",
        "3 countries, 7 editions; countries per edition: 2016 (1), 2023 (3), 2024 (3)"]
    one = run(["years", "--corpus", ROOT / "corpus", "--country", "kazakhstan"])
    assert [line.split()[0] for line in one.stdout.splitlines()] == ["2016", "2023", "2024"]


def test_sections_align_doctor_and_trend_take_lists(tmp_corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(["sections", "2016", "--corpus", tmp_corpus, "--country", "all"])
    assert result.exit_code == 0
    assert result.stdout.startswith("KAZAKHSTAN 2016 HUMAN RIGHTS REPORT (2016)\nEXECUTIVE SUMMARY  [5]")
    assert result.stderr.strip() == "skipped 2 countries without the 2016 edition: iceland, uzbekistan"
    data = json.loads(run(["sections", "2024", "--json", "--corpus", tmp_corpus, "--country", "uzbekistan,iceland"]).stdout)
    assert [d["country"] for d in data] == ["uzbekistan", "iceland"] and all(d["sections"] for d in data)
    none = run(["sections", "2016", "--corpus", tmp_corpus, "--country", "iceland,uzbekistan"])
    assert none.exit_code == 2 and "no 2016 edition for any of iceland, uzbekistan" in none.stderr

    aligned = json.loads(run(["align", "2024", "--base", "2023", "--json", "--corpus", tmp_corpus,
                              "--country", "all"]).stdout)
    assert [a["country"] for a in aligned] == GOOD and all(a["sections"] for a in aligned)

    doctor = run(["doctor", "--corpus", tmp_corpus, "--country", "all"])
    assert doctor.exit_code == 0 and doctor.stdout.splitlines()[-1].endswith("3 countries, 7 edition(s), all ok")
    (tmp_corpus / "iceland" / "2024.txt").write_text("changed")
    doctor = run(["doctor", "--corpus", tmp_corpus, "--country", "all"])
    assert doctor.exit_code == 1 and "kazakhstan  2016  2016.txt   ok" in doctor.stdout
    assert doctor.stderr.strip() == f"Error: iceland: 1 problem(s) in {tmp_corpus / 'iceland'}"

    trend = run(["trend", "--corpus", tmp_corpus, "--country", "kazakhstan,uzbekistan"])
    assert trend.exit_code == 0, trend.stderr
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "index.html", "kazakhstan-trend.html", "kazakhstan-trend.json", "uzbekistan-trend.html",
        "uzbekistan-trend.json"]
    assert run(["trend", "-o", "x.html", "--corpus", tmp_corpus, "--country", "all"]).exit_code == 2


def test_trend_writes_into_the_reports_directory_named(tmp_corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one = run(["trend", "--corpus", tmp_corpus, "--country", "iceland", "--reports", "one"])
    assert one.exit_code == 0, one.stderr
    many = run(["trend", "--corpus", tmp_corpus, "--country", "iceland,uzbekistan", "--reports", "many"])
    assert many.exit_code == 0, many.stderr
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["iceland-trend.html", "iceland-trend.json",
                                                                     "index.html"]
    assert sorted(p.name for p in (tmp_path / "many").iterdir()) == [
        "iceland-trend.html", "iceland-trend.json", "index.html", "uzbekistan-trend.html", "uzbekistan-trend.json"]
    assert not (tmp_path / "reports").exists()


# --- diff --country all -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edition_corpus(tmp_path_factory):
    """The real corpus, a country whose 2024 report is an access-denied page and one with 2023 only."""
    base = tmp_path_factory.mktemp("countries")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    iceland23 = (ROOT / "corpus" / "iceland" / "2023.txt").read_bytes()
    broken = Corpus(corpus, "brokenland")
    broken.store(2023, iceland23.replace(b"Iceland", b"Brokenland"), "pdf-text", {"source": "test"})
    broken.store(2024, access_denied_page().encode(), "html", {"source": "test"})
    Corpus(corpus, "halfland").store(2023, iceland23.replace(b"Iceland", b"Halfland"), "pdf-text", {"source": "test"})
    return corpus


def test_diff_all_compares_every_country_and_one_failure_does_not_stop_the_others(edition_corpus, tmp_path,
                                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(["diff", "2023", "2024", "--country", "all", "--corpus", edition_corpus, "--workers", "2"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["COUNTRY", "NEW/OLD", "WORDS", "SECTIONS", "REMOVED", "ABUSES", "+/−", "FIGURES", "CHANGED",
                                "LAWS", "+/−"]
    rows = {line.split()[0]: line for line in lines[1:6]}
    assert set(rows) == {"brokenland", "halfland", *GOOD}
    kz = json.loads((tmp_path / "reports" / "kazakhstan-2023-2024.json").read_text())
    added = sum(1 for a in kz["abuses"] if a["status"] == "added")
    dropped = sum(1 for a in kz["abuses"] if a["status"] == "dropped")
    assert rows["kazakhstan"].split()[1:4] == ["36%", "51", f"+{added}/−{dropped}"]
    assert rows["iceland"].split()[3] == "+0/−0"
    assert "failed:" in rows["brokenland"] and "Access Denied" in rows["brokenland"]
    assert rows["halfland"].endswith("skipped: no 2024 edition in the corpus")
    assert "3 countries compared (median length 36% of 2023), 1 failed, 1 skipped" in result.stdout
    assert "cross-country page: reports/2023-2024.html" in result.stdout
    [error] = result.stderr.splitlines()[-1:]
    assert error == "Error: 1 of 5 countries failed (the table says why): brokenland"
    names = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert names == ["2023-2024.csv", "2023-2024.html", "2023-2024.json", "iceland-2023-2024.html",
                     "iceland-2023-2024.json", "index.html", "kazakhstan-2023-2024.html", "kazakhstan-2023-2024.json",
                     "uzbekistan-2023-2024.html", "uzbekistan-2023-2024.json"]
    overview = json.loads((tmp_path / "reports" / "2023-2024.json").read_text())
    assert [c["country"] for c in overview["countries"]] == GOOD
    assert [f["country"] for f in overview["failed"]] == ["brokenland"]

    # the same run on one core writes the same bytes
    one = tmp_path / "one"
    assert run(["diff", "2023", "2024", "--country", "all", "--corpus", edition_corpus, "--workers", "1",
                "--reports", one]).exit_code == 1
    assert snapshot(one) == snapshot(tmp_path / "reports")


def test_diff_of_one_country_is_unchanged_and_files_are_refused_for_many(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plain = run(["diff", "2023", "2024", "--corpus", ROOT / "corpus"])
    named = run(["diff", "2023", "2024", "--corpus", ROOT / "corpus", "--country", "kazakhstan"])
    assert plain.exit_code == named.exit_code == 0 and plain.stdout == named.stdout
    assert plain.stdout.startswith("kazakhstan 2023 → 2024\n  sections:")
    assert plain.stdout.endswith("wrote reports/kazakhstan-2023-2024.json\nwrote reports/kazakhstan-2023-2024.html\n")
    for extra in (["--json", "x.json"], ["-o", "x.html"], ["--csv", "out"]):
        result = run(["diff", "2023", "2024", "--corpus", ROOT / "corpus", "--country", "all", *extra])
        assert result.exit_code == 2 and "name one country's files" in result.stderr
    result = run(["diff", "2016", "2023", "--corpus", ROOT / "corpus", "--country", "iceland,uzbekistan"])
    assert result.exit_code == 2 and "none of iceland, uzbekistan has both the 2016 and the 2023 edition" in result.stderr


# --- fetch --country all ----------------------------------------------------------------------------


def serve_edition(site, year: int, listed: list[str]) -> None:
    site.edition(year, listed, serve=tuple(GOOD), denied=(DENIED,))


def report_paths(country: str) -> set[str]:
    return {EDITION.format(year=2023) + country, EDITION.format(year=2024) + country, edition_pdf(country, 2024)}


def test_fetch_a_whole_edition_then_a_rerun_fetches_nothing(site, tmp_path):
    listed = [*GOOD, DENIED, MISSING]
    for year in (2023, 2024):
        serve_edition(site, year, listed)
    corpus = tmp_path / "corpus"
    argv = ["fetch", "--years", "2023-2024", "--country", "all", "--corpus", corpus, "--base-url", site.base,
            "--archive-base-url", site.archive, *FAST]
    result = run(argv)
    assert result.exit_code == 1
    rows = table(result.stdout)
    assert set(rows) == {(c, y) for c in listed for y in ("2023", "2024")}
    for country in GOOD:
        assert " fetched " in rows[(country, "2023")] and " fetched " in rows[(country, "2024")]
        stored = Corpus(corpus, country)
        assert stored.years() == [2023, 2024]
        assert stored.edition(2023).format == "html" and stored.edition(2024).format == "pdf"
        for year in (2023, 2024):
            assert [s.path for s in stored.load(year).walk()] == [s.path for s in corpus_report(year, country).walk()]
    for year in ("2023", "2024"):
        assert " failed " in rows[(DENIED, year)] and "access-denied" in rows[(DENIED, year)]
        assert " failed " in rows[(MISSING, year)] and "HTTP 404" in rows[(MISSING, year)]
    assert Corpus(corpus, DENIED).years() == [] and Corpus(corpus, MISSING).years() == []
    assert "10 reports: 6 fetched, 4 failed" in result.stdout
    assert "Fetching" in result.stderr
    assert result.stderr.splitlines()[-1] == ("Error: 4 of 10 failed (the table says why): "
                                              "kenya 2023, kenya 2024, kosovo 2023, kosovo 2024")
    assert not (corpus / ".differ.lock").exists()

    # a re-run stores nothing and asks for no report of a country it holds: the index pages,
    # and the two that failed, once more
    before = snapshot(corpus)
    site.server.clear_log()
    again = run(argv)
    assert again.exit_code == 1 and "10 reports: 6 skipped, 4 failed" in again.stdout
    assert snapshot(corpus) == before
    asked = [r.path for r in site.requests()]
    assert not set(asked) & set().union(*(report_paths(c) for c in GOOD)), asked
    assert sorted(asked) == sorted([EDITION.format(year=y) for y in (2023, 2024)]
                                   + [EDITION.format(year=y) + c for y in (2023, 2024) for c in (DENIED, MISSING)])


def test_an_interrupted_run_resumes_and_an_unpublished_edition_is_one_row(site, tmp_path):
    serve_edition(site, 2023, GOOD)
    corpus = tmp_path / "corpus"
    base = ["--corpus", corpus, "--base-url", site.base, "--archive-base-url", site.archive, *FAST]
    assert run(["fetch", "--years", "2023", "--country", "kazakhstan", *base]).exit_code == 0  # the run "stopped" here
    site.server.clear_log()
    result = run(["fetch", "--years", "2023,2025", "--country", "all", *base])
    assert result.exit_code == 0, result.output
    rows = table(result.stdout)
    assert " skipped " in rows[("kazakhstan", "2023")]
    assert " fetched " in rows[("iceland", "2023")] and " fetched " in rows[("uzbekistan", "2023")]
    assert " not published " in rows[("all", "2025")]  # no 2025 index: one row for the edition
    assert "3 reports: 2 fetched, 1 skipped; 1 edition without a country list: 1 not published" in result.stdout
    assert EDITION.format(year=2023) + "kazakhstan" not in {r.path for r in site.requests()}


def test_fetch_a_list_of_countries_finds_each_page_on_its_own(site, tmp_path):
    serve_edition(site, 2023, GOOD)
    for country in ("iceland", "uzbekistan"):  # the direct URLs of the two asked for
        site.serve(EDITION.format(year=2023) + country + "/", stategov_page(corpus_report(2023, country)))
    result = run(["fetch", "--years", "2023", "--country", "uzbekistan,iceland", "--corpus", tmp_path / "c",
                  "--base-url", site.base, *FAST])
    assert result.exit_code == 0, result.output
    assert list(table(result.stdout)) == [("iceland", "2023"), ("uzbekistan", "2023")]
    assert EDITION.format(year=2023) not in {r.path for r in site.requests()}  # the index was not needed


def test_fetch_a_whole_archive_edition_year_index_region_pages_country_pages(site, tmp_path):
    a = site.archive_prefix + ARCHIVE
    regions = {"sca": REGIONS["sca"], "eur": REGIONS["eur"]}
    site.serve(f"{a}2016/index.htm", archive_year_index(2016, regions).replace(f'href="{ARCHIVE}', f'href="{a}'))
    listing = {"sca": {"Kazakhstan": ARCHIVE_ID[2016], "Kyrgyz Republic": 7}, "eur": {"Côte d’Ivoire": 8}}
    for code, countries in listing.items():
        site.serve(f"{a}2016/{code}/index.htm",
                   archive_region_page(2016, code, regions[code], countries).replace(f'href="{ARCHIVE}', f'href="{a}'))
    site.serve(f"{a}2016/sca/{ARCHIVE_ID[2016]}.htm", archive_page(corpus_report(2016)))
    result = run(["fetch", "--years", "2016", "--country", "all", "--corpus", tmp_path / "c", "--base-url", site.base,
                  "--archive-base-url", site.archive, *FAST])
    assert result.exit_code == 1
    rows = table(result.stdout)
    assert set(rows) == {("kazakhstan", "2016"), ("kyrgyz-republic", "2016"), ("cote-divoire", "2016")}
    assert " fetched " in rows[("kazakhstan", "2016")]
    assert "HTTP 404" in rows[("kyrgyz-republic", "2016")] and "HTTP 404" in rows[("cote-divoire", "2016")]
    assert Corpus(tmp_path / "c", "kazakhstan").years() == [2016]


def test_country_slugs_from_names():
    assert country_slug("Kyrgyz Republic") == "kyrgyz-republic"
    assert country_slug("Côte d’Ivoire") == "cote-divoire"
    assert country_slug("Congo, Democratic Republic of the") == "congo-democratic-republic-of-the"
    assert country_slug(" 2016 ") is None
