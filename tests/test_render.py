"""HTML rendering without a browser: escaping, self-containment, determinism, the CLI files."""

from __future__ import annotations

import copy
import json
import re

import pytest
from click.testing import CliRunner

from differ.cli import cli
from differ.render import (
    index_entries,
    redline_segments,
    render_comparison,
    render_index,
    render_trend,
    safe_url,
)

PLANT = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def tiny_comparison() -> dict:
    """A hand-made comparison in the documented JSON shape (no diff engine involved)."""
    return {
        "schema_version": 1,
        "country": "kazakhstan",
        "old": {"year": 2016, "sha256": "a" * 64, "source": "test old", "source_url": "https://example.org/2016.pdf"},
        "new": {"year": 2023, "sha256": "b" * 64, "source": "test new", "source_url": "javascript:alert(1)"},
        "summary": {
            "sections": {"added": 1, "dropped": 1, "changed": 1, "unchanged": 1, "moved": 1},
            "changes": {"added": 1, "dropped": 1, "changed": 1, "moved": 1},
            "abuses": {"added": 1, "dropped": 0, "kept": 1},
            "statistics": {"changed": 1, "added": 0, "dropped": 0},
            "laws": {"added": 1, "dropped": 0, "changed": 0, "kept": 0},
        },
        "sections": [
            {"anchor": "sec-001-a", "old_heading": "A", "new_heading": "A", "old_path": ["A"], "new_path": ["A"],
             "old_paths": [["A"]], "level": 1, "status": "changed", "relation": "same", "confidence": 0.9,
             "moved_out": ["c0004"],
             "changes": [
                 {"id": "c0001", "kind": "changed", "scope": "sentence", "old_text": "There were 10 cases.",
                  "new_text": "There were 12 cases " + PLANT, "old_section": ["A"], "new_section": ["A"],
                  "old_anchor": "sec-001-a", "new_anchor": "sec-001-a",
                  "redline": [["equal", "There were "], ["delete", "10"], ["insert", "12"], ["equal", " cases"],
                              ["insert", " " + PLANT], ["equal", "."]]},
                 {"id": "c0002", "kind": "dropped", "scope": "sentence", "old_text": "Old <b>bold</b> claim.",
                  "new_text": None, "old_section": ["A"], "new_section": ["A"], "old_anchor": "sec-001-a",
                  "new_anchor": "sec-001-a"},
             ]},
            {"anchor": "sec-002-b", "old_heading": "B", "new_heading": None, "old_path": ["B"], "new_path": None,
             "old_paths": [["B"]], "level": 1, "status": "dropped", "relation": "dropped", "confidence": 1.0,
             "moved_out": [], "changes": []},
            {"anchor": "sec-003-c", "old_heading": None, "new_heading": "C " + PLANT, "old_path": None,
             "new_path": ["C " + PLANT], "old_paths": [], "level": 1, "status": "added", "relation": "new",
             "confidence": 0.8, "moved_out": [],
             "changes": [
                 {"id": "c0003", "kind": "added", "scope": "paragraph", "old_text": None, "new_text": "New text.",
                  "old_section": None, "new_section": ["C"], "old_anchor": None, "new_anchor": "sec-003-c"},
                 {"id": "c0004", "kind": "moved", "scope": "sentence", "old_text": "Moved.", "new_text": "Moved.",
                  "old_section": ["A"], "new_section": ["C"], "old_anchor": "sec-001-a", "new_anchor": "sec-003-c"},
             ]},
            {"anchor": "sec-004-d", "old_heading": "D", "new_heading": "D", "old_path": ["D"], "new_path": ["D"],
             "old_paths": [["D"]], "level": 1, "status": "unchanged", "relation": "same", "confidence": 1.0,
             "moved_out": [], "changes": []},
        ],
        "abuses": [
            {"status": "added", "old_text": None, "new_text": "abuse " + PLANT, "category": "torture"},
            {"status": "kept", "old_text": "same", "new_text": "same", "category": None},
        ],
        "statistics": [
            {"id": "st0001", "status": "changed", "section": ["A"], "anchor": "sec-001-a",
             "old": {"value": "10", "number": 10.0, "unit": "count", "kind": "count", "noun": "cases",
                     "text": "There were 10 cases."},
             "new": {"value": "12", "number": 12.0, "unit": "count", "kind": "count", "noun": "cases " + PLANT,
                     "text": "There were 12 cases."}},
        ],
        "laws": [{"status": "added", "key": "x", "name": "Law " + PLANT, "kind": "law", "old_text": None,
                  "new_text": "The Law " + PLANT + " passed.", "old_mentions": 0, "new_mentions": 1}],
    }


def test_report_text_is_escaped_never_markup():
    html = render_comparison(tiny_comparison())
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    # exactly one script element: ours
    assert len(re.findall(r"<script\b", html)) == 1


def test_only_http_links_from_the_manifest():
    html = render_comparison(tiny_comparison())
    assert 'href="https://example.org/2016.pdf"' in html
    assert 'href="javascript:' not in html
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://www.state.gov/x.pdf") == "https://www.state.gov/x.pdf"
    assert safe_url('https://x.org/"onmouseover=1') is None


def test_self_contained_page():
    html = render_comparison(tiny_comparison())
    assert "<link" not in html
    assert not re.search(r"<[^>]*\ssrc=", html)
    assert "@import" not in html and "url(" not in html
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp


def test_summary_cards_carry_the_json_counts():
    data = tiny_comparison()
    html = render_comparison(data)
    cards = dict(re.findall(r'data-summary="([\w.]+)"><span class="card-n">(\d+)</span>', html))
    assert len(cards) == 11
    for key, value in cards.items():
        group, name = key.split(".")
        assert int(value) == data["summary"][group][name], key


def test_ins_del_and_change_markup():
    html = render_comparison(tiny_comparison())
    assert "<del>10</del><ins>12</ins>" in html
    assert 'id="c0001" data-kind="changed" tabindex="-1"' in html
    assert '<del class="blk">Old &lt;b&gt;bold&lt;/b&gt; claim.</del>' in html
    # moved text links back to where it came from, and the source section links on to it
    assert 'from 2016 “<a href="#sec-001-a">A</a>”' in html
    assert 'Moved from here to <a href="#c0004">' in html
    # statistics: old → new with the delta
    assert "+2" in html and "(+20%)" in html


def test_deterministic_output():
    data = tiny_comparison()
    assert render_comparison(data) == render_comparison(copy.deepcopy(data))


def test_base_outline_orders_sections():
    data = tiny_comparison()
    html = render_comparison(data, base_outline=[["D"], ["B"], ["A"]])
    assert html.index('id="sec-004-d"') < html.index('id="sec-002-b"') < html.index('id="sec-001-a"')
    # the new section C follows its predecessor in the new edition (A)
    assert html.index('id="sec-001-a"') < html.index('id="sec-003-c"')


def test_long_unchanged_runs_fold():
    long = "word " * 200
    segs = redline_segments([["equal", long], ["insert", "new"]], "both")
    assert segs[0]["op"] == "fold" and segs[0]["words"] > 100
    assert segs[0]["head"] + segs[0]["middle"] + segs[0]["tail"] == long
    assert redline_segments([["equal", "a"], ["delete", "b"], ["insert", "c"]], "old") == [
        {"op": "equal", "text": "a"}, {"op": "delete", "text": "b"}]
    assert redline_segments([["equal", "a"], ["delete", "b"], ["insert", "c"]], "new") == [
        {"op": "equal", "text": "a"}, {"op": "insert", "text": "c"}]


def test_trend_page_escapes_and_draws():
    data = {
        "country": "kazakhstan", "years": [2016, 2023], "base": 2016,
        "editions": [{"year": 2016, "sha256": "a"}, {"year": 2023, "sha256": "b"}],
        "abuses": [{"category": "torture", "items": [["torture " + PLANT], []]}],
        "statistics": [{"noun": "cases " + PLANT, "unit": "count", "changed": True,
                        "points": [{"value": "10", "number": 10.0, "unit": "count", "noun": "cases", "text": "t1",
                                    "section": ["A"]},
                                   {"value": "12", "number": 12.0, "unit": "count", "noun": "cases", "text": "t2",
                                    "section": ["A"]}]}],
        "sections": {"rows": [{"heading": "A", "path": ["A"], "level": 1,
                               "cells": [{"words": 10, "sentences": 2, "new": 0, "churn": None, "sections": []},
                                         {"words": 12, "sentences": 2, "new": 1, "churn": 0.5, "sections": []}]}]},
        "lineage": {"year": 2023, "sentences": 1, "counts": {"2016": 0, "2023": 1},
                    "sections": [{"heading": "A", "path": ["A"], "level": 1,
                                  "paragraphs": [[{"text": "S " + PLANT, "first": 2023}]]}]},
    }
    html = render_trend(data)
    assert "<script>window.__pwned" not in html and len(re.findall(r"<script\b", html)) == 1
    assert html.count("<svg") == 1 and "<polyline" in html
    assert render_trend(copy.deepcopy(data)) == html


# --- the real corpus through the CLI ---------------------------------------------------------


@pytest.fixture(scope="module")
def reports(tmp_path_factory, corpus):
    """Run the CLI once per module: both comparisons and the trend, in a scratch directory."""
    cwd = tmp_path_factory.mktemp("cli")
    runner = CliRunner()
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        for args in (["diff", "2016", "2023"], ["diff", "2023", "2024"], ["trend"]):
            result = runner.invoke(cli, [*args, "--corpus", str(corpus.root)])
            assert result.exit_code == 0, result.output
    finally:
        os.chdir(old)
    return cwd / "reports"


def test_cli_writes_html_beside_json_and_index(reports):
    names = sorted(p.name for p in reports.iterdir())
    for stem in ("kazakhstan-2016-2023", "kazakhstan-2023-2024", "kazakhstan-trend"):
        assert f"{stem}.html" in names and f"{stem}.json" in names
    index = (reports / "index.html").read_text(encoding="utf-8")
    for href in ("kazakhstan-2016-2023.html", "kazakhstan-2023-2024.html", "kazakhstan-trend.html"):
        assert f'href="{href}"' in index


def test_real_page_size_and_counts(reports):
    page = reports / "kazakhstan-2016-2023.html"
    assert page.stat().st_size < 2_000_000
    data = json.loads((reports / "kazakhstan-2016-2023.json").read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8")
    n_changes = sum(len(s["changes"]) for s in data["sections"])
    assert html.count('class="chg ') == n_changes
    assert html.count('<section class="sec ') == len(data["sections"])


def test_rerun_is_byte_identical(reports, corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for args in (["diff", "2023", "2024"], ["trend", "--years", "2016-2024"]):
        assert runner.invoke(cli, [*args, "--corpus", str(corpus.root)]).exit_code == 0
    for name in ("kazakhstan-2023-2024.html", "kazakhstan-trend.html", "kazakhstan-trend.json"):
        assert (tmp_path / "reports" / name).read_bytes() == (reports / name).read_bytes(), name


def test_output_option_and_errors(corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    out = tmp_path / "elsewhere" / "page.html"
    r = runner.invoke(cli, ["trend", "--years", "2023,2024", "-o", str(out), "--corpus", str(corpus.root)])
    assert r.exit_code == 0, r.output
    assert out.is_file() and out.with_suffix(".json").is_file()
    assert not (out.parent / "index.html").exists()  # a custom name does not touch an index
    r = runner.invoke(cli, ["trend", "--years", "2019", "--corpus", str(corpus.root)])
    assert r.exit_code == 2 and "Error: --years: no 2019 edition" in r.output and "Traceback" not in r.output
    r = runner.invoke(cli, ["index", "--reports", str(tmp_path / "nope")])
    assert r.exit_code == 2 and r.output.count("\n") == 1


def test_index_lists_pages(tmp_path):
    (tmp_path / "kazakhstan-2016-2023.html").write_text("x")
    (tmp_path / "kazakhstan-2016-2023.json").write_text(json.dumps({"summary": {"sections": {"added": 7}}}))
    (tmp_path / "kazakhstan-trend.html").write_text("x")
    (tmp_path / "notes.html").write_text("x")
    entries = index_entries(tmp_path)
    assert [c["href"] for c in entries["comparisons"]] == ["kazakhstan-2016-2023.html"]
    assert entries["comparisons"][0]["summary"]["sections"]["added"] == 7
    assert [t["href"] for t in entries["trends"]] == ["kazakhstan-trend.html"]
    html = render_index(entries)
    assert "notes.html" not in html and "2016 → 2023" in html


def test_provenance_from_the_manifest(tmp_corpus):
    from differ.corpus import Corpus
    from differ.render import with_provenance

    corpus = Corpus(tmp_corpus, "kazakhstan")
    manifest = corpus.load_manifest()
    manifest["editions"]["2016"]["fetched_at"] = "2025-01-02T03:04:05Z"
    corpus.save_manifest(manifest)
    data = tiny_comparison()
    page = with_provenance(corpus, data)
    assert page["old"]["fetched_at"] == "2025-01-02T03:04:05Z" and "fetched_at" not in data["old"]
    assert page["new"]["source_url"] == "javascript:alert(1)"  # the comparison's own value wins
    assert "2025-01-02T03:04:05Z" in render_comparison(page)


def test_changes_placed_among_unchanged_sentences():
    from differ.render import _place_changes

    new = [["S1.", "S2 new.", "S3."], ["S4.", "S5."]]
    old = [["S1.", "S2 old.", "Gone.", "S3."], ["S4.", "S5."]]
    raw = [
        {"id": "h", "kind": "changed", "scope": "heading", "old_text": "H", "new_text": "H2"},
        {"id": "a", "kind": "changed", "scope": "sentence", "old_text": "S2 old.", "new_text": "S2 new."},
        {"id": "b", "kind": "dropped", "scope": "sentence", "old_text": "Gone.", "new_text": None},
    ]
    views = [{"id": c["id"]} for c in raw]
    blocks = _place_changes(raw, views, old, new)
    shape = [(b["type"], b.get("count") or b["change"]["id"]) for b in blocks]
    assert shape == [("change", "h"), ("same", 1), ("change", "a"), ("change", "b"), ("same", 3)]
    assert blocks[-1]["paragraphs"] == ["S3.", "S4. S5."]
    # a change whose text is not in the section: no placement, the page lists changes alone
    assert _place_changes([{"id": "x", "kind": "added", "new_text": "Elsewhere."}], [{}], old, new) is None
