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


def _counts(html: str) -> dict[str, int]:
    return {key: int(n) for key, n in re.findall(
        r'data-show="([\w:-]+)"(?: data-summary="[\w.]+")?(?: disabled)?><span class="count-n">(\d+)</span>', html)}


def test_counts_carry_the_json_counts_and_say_what_they_count():
    data = tiny_comparison()
    html = render_comparison(data)
    by_summary = dict(re.findall(r'data-summary="([\w.]+)"(?: disabled)?><span class="count-n">(\d+)</span>', html))
    for key in ("sections.added", "sections.dropped", "sections.changed", "sections.unchanged", "changes.moved"):
        group, name = key.split(".")
        assert int(by_summary[key]) == data["summary"][group][name], key
    counts = _counts(html)
    # the one dropped sentence sits in a section that remains; the added paragraph came with its new section
    assert counts["dropped-within"] == 1 and "dropped-with" not in counts
    assert counts["added-with"] == 1 and "added-within" not in counts
    assert '<span class="count-l">deleted from a section that remains</span>' in html


def test_ins_del_and_change_markup():
    html = render_comparison(tiny_comparison())
    assert "<del>10</del><ins>12</ins>" in html
    assert 'id="c0001" data-kind="changed" data-f="changed" tabindex="-1"' in html
    assert '<del class="blk">Old &lt;b&gt;bold&lt;/b&gt; claim.</del>' in html
    # moved text links back to where it came from, and the source section links on to it
    assert 'from 2016 “<a href="#sec-001-a">A</a>”' in html
    assert 'Moved from here to <a href="#c0004">' in html
    # statistics: old → new with the delta
    assert "+2" in html and "(+20%)" in html


def test_an_abuse_listed_in_both_but_reworded_shows_what_was_cut():
    data = tiny_comparison()
    html = render_comparison(data)
    assert "1 listed in both</a>." in html  # same wording: no "reworded" claimed
    data["abuses"][1].update(old_text="arbitrary or unlawful killings, including extrajudicial killings",
                             new_text="arbitrary or unlawful killings")
    html = render_comparison(data)
    assert "1 listed in both</a>, 1 of them reworded." in html
    assert "killings<del>, including extrajudicial killings</del>" in html


def test_a_law_described_differently_says_how_often_each_edition_names_it():
    # "Constitution" changed from 12 mentions to 3 in the same words is mostly "mentioned less"
    data = tiny_comparison()
    data["laws"].append({"status": "changed", "key": "constitution", "name": "Constitution", "kind": "constitution",
                         "old_text": "The constitution provided for it. The constitution banned it.",
                         "new_text": "The constitution provided for it.", "old_mentions": 12, "new_mentions": 3})
    html = render_comparison(data)
    assert re.search(r'Described differently: <a [^>]*>Constitution</a> <span class="muted">\(12 → 3 mentions\)', html)


def test_a_figure_is_named_with_the_clause_that_says_which_ones():
    # "workers: 1.6 million → 1.69 million" read as the workforce; the sentence counts workers
    # who labored in hazardous conditions
    data = tiny_comparison()
    data["statistics"][0]["old"].update(noun="workers", text="It found 10 workers who labored in hazardous conditions.")
    data["statistics"][0]["new"].update(noun="workers", text="It found 12 workers who labored in hazardous conditions.")
    html = render_comparison(data)
    assert ">workers who labored in hazardous conditions</a>: " in html  # the key finding
    data["statistics"][0]["new"].update(text="It told judges that 12 workers were fired.")  # no clause after "workers"
    assert ">workers</a>: " in render_comparison(data)
    # a part of something ("12 of the workforce") is named as the other edition names the whole
    data["statistics"][0]["new"].update(noun="of the workforce", text="12 of the workforce were idle.")
    assert ">workers who labored in hazardous conditions</a>: " in render_comparison(data)


def test_a_range_gets_no_difference_only_its_two_values():
    # its number is its upper bound: 300–400 → 500 would read "+100 (+25%)"
    data = tiny_comparison()
    data["statistics"][0]["old"].update(value="approximately 300–400", number=400.0, kind="range")
    data["statistics"][0]["new"].update(value="approximately 500", number=500.0)
    html = render_comparison(data)
    assert "approximately 300–400" in html and "approximately 500" in html
    assert "+100" not in html and "25%" not in html


def test_deterministic_output():
    data = tiny_comparison()
    assert render_comparison(data) == render_comparison(copy.deepcopy(data))


def test_sections_in_the_new_order_removed_ones_in_the_old_order():
    data = tiny_comparison()
    data["sections"].insert(0, {**data["sections"][1], "anchor": "sec-000-e", "old_heading": "E", "old_path": ["E"],
                                "old_paths": [["E"]]})
    html = render_comparison(data, base_outline=[["D"], ["B"], ["A"], ["E"]])
    # the new edition's sections keep its order (A, C, D) …
    assert html.index('id="sec-001-a"') < html.index('id="sec-003-c"') < html.index('id="sec-004-d"')
    # … and the removed ones follow, in the old edition's order (B before E), folded to one line
    assert html.index('id="sec-004-d"') < html.index('id="sec-002-b"') < html.index('id="sec-000-e"')
    removed = html[html.index('id="removed"'):]
    assert removed.count('<details class="sec-fold">') == 2
    # the unchanged section is folded too; the changed ones are open
    assert re.search(r'id="sec-004-d"[^>]*>\s*<details class="sec-fold">', html)
    assert not re.search(r'id="sec-001-a"[^>]*>\s*<details', html)


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


def test_a_range_on_a_trend_chart_is_labelled_as_written():
    # the dot sits at the range's upper bound, but "400" is not what the report said
    from differ.render import _chart

    points = [{"value": "approximately 300–400", "number": 400.0, "kind": "range", "qualifier": "approximately"},
              {"value": "approximately 500", "number": 500.0, "kind": "count", "qualifier": "approximately"},
              {"value": "1,250", "number": 1250.0},  # a point of a trend file written before kinds were kept
              {"value": "Approximately 30,000–40,000", "number": 40000.0, "kind": "range", "qualifier": "approximately"}]
    assert [d["label"] for d in _chart(points, [2023, 2024, 2025, 2026])["dots"]] == ["300–400", "500", "1,250",
                                                                                      "30,000–40,000"]


# --- fields the findings work adds to the JSON: used when present, computed when absent ----------


def _texts(old: dict, new: dict) -> dict:
    """``texts`` as report_context builds them, from {path: "S1. S2."} per edition."""
    return {side: {tuple(p.split(" > ")): [t.split("|")] if t else [] for p, t in paras.items()}
            for side, paras in (("old", old), ("new", new))}


def test_dropped_text_split_by_its_section_from_the_json_or_the_section_status():
    data = tiny_comparison()
    removed_sentence = {"id": "c0005", "kind": "dropped", "scope": "sentence", "old_text": "Gone with B.",
                        "new_text": None, "old_section": ["B"], "new_section": None, "old_anchor": "sec-002-b",
                        "new_anchor": None}
    data["sections"][1]["changes"].append(removed_sentence)
    counts = _counts(render_comparison(data))
    assert counts["dropped-with"] == 1 and counts["dropped-within"] == 1  # from the sections' status
    # the JSON's own flag and summary win over the fallback
    data["sections"][0]["changes"][1]["with_section"] = True
    data["summary"]["changes"].update(dropped_with_section=2, dropped_within_section=0)
    html = render_comparison(data)
    assert _counts(html)["dropped-with"] == 2 and "dropped-within" not in _counts(html)
    assert 'data-f="dropped-with"' in html and 'data-f="dropped-within"' not in html


def test_punctuation_only_edits_are_their_own_kind_when_the_json_has_them():
    data = tiny_comparison()
    assert "punctuation" not in _counts(render_comparison(data))
    data["sections"][0]["changes"].append(
        {"id": "c0006", "kind": "punctuation", "scope": "sentence", "old_text": "A, b.", "new_text": "A b.",
         "old_section": ["A"], "new_section": ["A"], "old_anchor": "sec-001-a", "new_anchor": "sec-001-a",
         "redline": [["equal", "A"], ["delete", ","], ["equal", " b."]], "similarity": 0.98})
    data["summary"]["changes"]["punctuation"] = 1
    html = render_comparison(data)
    assert _counts(html)["punctuation"] == 1 and 'data-f="punctuation"' in html
    assert "Punctuation only sentence" in html and 'data-filter="punctuation"' in html


def test_size_line_from_the_summary_else_counted_from_the_texts():
    data = tiny_comparison()
    texts = _texts({"A": "One two three four.|Five six seven eight.", "B": "Nine ten."},
                   {"A": "One two three four.", "C": "New text.", "D": ""})
    html = render_comparison(data, texts=texts)
    assert "2023 is 60% of 2016’s length (10 → 6 words)" in html
    data["summary"]["size"] = {"old_words": 12837, "new_words": 4649, "ratio": 0.362}
    html = render_comparison(data, texts=texts)
    assert "2023 is 36% of 2016’s length (12,837 → 4,649 words)" in html
    assert "was restructured and cut" in html  # much shorter: the banner says so
    del data["summary"]["size"]
    assert "% of 2016’s length" not in render_comparison(data)  # nothing to count from


def test_restructured_banner_only_for_a_remapped_or_much_shorter_edition():
    data = tiny_comparison()
    assert "was restructured" not in render_comparison(data, texts=_texts({"A": "a b c."}, {"A": "a b c d."}))
    for i in range(6):  # most of the old outline gone
        data["sections"].append({**data["sections"][1], "anchor": f"sec-1{i}", "old_path": [f"X{i}"],
                                 "old_paths": [[f"X{i}"]], "old_heading": f"X{i}"})
    html = render_comparison(data)
    assert "The 2023 edition was restructured." in html and "7 of 2016’s 9 sections were removed" in html


def test_abuses_related_to_when_the_json_says_so():
    data = tiny_comparison()
    html = render_comparison(data)
    assert "related to" not in html  # no `related` pointers: no line
    assert 'id="ab01"' in html and 'href="#ab01" id="kf-ab01"' in html  # ids in document order
    data["abuses"][0].update(id="ab07", related="ab09")
    data["abuses"][1].update(id="ab09", status="dropped", new_text=None, old_text="torture in custody")
    html = render_comparison(data)
    assert 'related to “<a href="#ab09">torture in custody</a>”' in html
    assert 'href="#ab07" id="kf-ab07"' in html and 'href="#ab09" id="kf-ab09"' in html


def test_split_abuse_shows_every_item():
    data = tiny_comparison()
    data["abuses"][1].update(relation="split", old_items=["a and b"], new_items=["item a", "item b"],
                             new_text="item a; item b")
    html = render_comparison(data)
    assert "<p>item a</p><p>item b</p>" in html and "split" in html


def test_figures_keep_the_reports_phrase_and_scope():
    data = tiny_comparison()
    stat = data["statistics"][0]
    stat["old"].update(value="more than 750", qualifier="more than", scope="during the January unrest")
    stat["new"].update(value="2,366", number=2366.0, scope="during the January unrest")
    html = render_comparison(data)
    assert "more than 750</span> → <span class=\"fig\">2,366</span>" in html
    assert "during the January unrest" in html
    stat["new"]["scope"] = "in 2023"  # each figure its own period
    html = render_comparison(data)
    assert "more than 750</span> <span class=\"muted\">during the January unrest</span> → " \
           "<span class=\"fig\">2,366</span> <span class=\"muted\">in 2023</span>" in html
    del stat["old"]["scope"], stat["new"]["scope"]
    assert "January unrest" not in render_comparison(data)


def test_law_event_when_present():
    data = tiny_comparison()
    assert "(adopted)" not in render_comparison(data)
    data["laws"][0]["event"] = "adopted"
    assert "(adopted)" in render_comparison(data)


def test_statistics_and_laws_show_both_sentences_in_full_with_a_redline():
    data = tiny_comparison()
    long_old = "The ombudsman reported " + "many details of the case, " * 20 + "and 96 complaints of torture."
    long_new = "The ombudsman reported " + "many details of the case, " * 20 + "and 138 complaints of torture."
    data["statistics"][0]["old"]["text"], data["statistics"][0]["new"]["text"] = long_old, long_new
    data["laws"][0].update(status="changed", old_text=long_old, new_text=long_new.replace("ombudsman", "Ombudsman"))
    html = render_comparison(data)
    assert re.search(r"<del>96 ?</del><ins>138 ?</ins>", html) and re.search(r"<del>ombudsman ?</del><ins>Ombudsman ?", html)
    assert long_old[:-30] in html and "fold-btn" not in html.split('id="statistics"')[1].split('id="sections"')[0]
    # sentences with little in common are shown one above the other, the figure marked
    data["statistics"][0]["old"]["text"] = "There were 10 cases."
    data["statistics"][0]["new"]["text"] = "Elsewhere 12 cases were recorded by another body entirely."
    html = render_comparison(data)
    assert "<mark>12</mark>" in html and "<mark>10</mark>" in html


def test_heading_without_text_is_a_group_not_an_added_section():
    data = tiny_comparison()
    life = {"anchor": "sec-010-life", "old_heading": None, "new_heading": "Section 1. Life", "old_path": None,
            "new_path": ["Section 1. Life"], "old_paths": [], "level": 1, "status": "added", "relation": "new",
            "confidence": 1.0, "moved_out": [], "changes": []}
    killings = {**data["sections"][0], "anchor": "sec-011-k", "new_heading": "a. Killings",
                "new_path": ["Section 1. Life", "a. Killings"], "changes": []}
    data["sections"][:0] = [life, killings]
    for texts in (None, _texts({"A": "x."}, {"Section 1. Life": "", "Section 1. Life > a. Killings": "x."})):
        html = render_comparison(data, texts=texts)
        block = html[html.index('id="sec-010-life"') - 80:html.index('id="sec-011-k"')]
        assert "grp" in block and "b-added" not in block and "No changes" not in block
        assert "no text of its own" in block and "its sections take text from 2016’s “A”" in block


def test_no_abuse_list_reads_sensibly():
    data = tiny_comparison()
    data["abuses"] = []
    data["summary"]["abuses"] = {"added": 0, "dropped": 0, "kept": 0}
    sentence = "There were no credible reports of significant human rights abuses."
    html = render_comparison(data, texts=_texts({"Executive Summary": sentence}, {"Executive Summary": sentence}))
    assert "No significant abuses listed in either edition" in html
    assert f"Neither edition lists any. Both say: “{sentence}”" in html
    assert "Newly listed" not in html


def test_provenance_in_the_footer_with_a_short_sha_and_a_link_for_every_edition():
    data = tiny_comparison()
    html = render_comparison(data)
    footer = html[html.index('<footer class="foot">'):]
    assert "a" * 64 not in html.split('<footer class="foot">')[0]  # not at the top any more
    assert f'<code class="sha" title="{"a" * 64}">{"a" * 12}…</code>' in footer
    assert f'data-copy="{"b" * 64}"' in footer
    assert 'href="https://example.org/2016.pdf"' in footer
    # the 2023 link in the comparison is not http(s): the State Department's published address instead
    assert 'href="https://www.state.gov/reports/2023-country-reports-on-human-rights-practices/kazakhstan/"' in footer


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
    assert page.stat().st_size < 1_000_000
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


def test_changes_placed_where_sentences_repeat_or_come_out_of_order():
    from differ.render import _place_changes

    def shape(raw, new, old=None):
        blocks = _place_changes(raw, [{"id": c["id"]} for c in raw], old, new)
        return blocks and [(b["type"], b.get("count") or b["change"]["id"]) for b in blocks]

    added = [{"id": f"c{i}", "kind": "added", "scope": "sentence", "new_text": t} for i, t in enumerate(
        ["A.", "A.", "B. C.", "C.", "A."])]
    new = [["A.", "A.", "B."], ["C.", "A."]]
    # each "A." takes the next free one; "B. C." runs over a paragraph break (one slot, then the next)
    assert shape(added[:2], new) == [("change", "c0"), ("change", "c1"), ("same", 3)]
    assert shape([added[2], added[0]], new) == [("same", 2), ("change", "c2"), ("change", "c0")]
    # placed after "C.", the first "A." takes the one after it, and the second goes back to the start
    assert shape([added[3], added[0], added[4]], new) == [("change", "c4"), ("same", 2), ("change", "c3"),
                                                          ("change", "c0")]
    assert shape([added[2], added[3]], new) is None  # "C." is taken by "B. C."
    assert shape(added[:2] + [added[4]], new) == [("change", "c0"), ("change", "c1"), ("same", 2), ("change", "c4")]
    assert shape(added[:2] + [added[4], added[4]], new) is None  # a fourth "A." has no place
    dropped = [{"id": "d", "kind": "dropped", "scope": "sentence", "old_text": "Gone."}]
    assert shape([added[3]] + dropped, new, [["A.", "A.", "B.", "C.", "Gone.", "A."]]) == [
        ("same", 3), ("change", "c3"), ("change", "d"), ("same", 1)]
    assert shape(dropped, new, [["Gone.", "A."]]) == [("change", "d"), ("same", 5)]


def test_a_figure_is_highlighted_as_whole_words_where_it_first_stands_alone():
    from differ.render import _highlight

    assert _highlight("Of 1,750 cases, more than\n750 were closed.", "more than 750") == [
        "Of 1,750 cases, ", "more than\n750", " were closed."]
    assert _highlight("In 1.750 and 7500 and 750.", "750") == ["In 1.750 and 7500 and ", "750", "."]
    assert _highlight("No such figure here.", "750") == ["No such figure here."]
    assert _highlight("Nothing to find.", "") == ["Nothing to find."]


def test_status_sign_and_badge_as_the_page_shows_them():
    from differ.render import _status_badge, status_sign

    assert status_sign("moved") == "↷" and status_sign("odd") == "•" and status_sign("odd", "·") == "·"
    assert str(_status_badge("added")) == (
        '<span class="badge b-added"><span class="sign" aria-hidden="true">+</span> added</span>')
    assert "&lt;" in str(_status_badge("<x>"))  # escaped like any template value


def test_redline_html_escapes_and_marks_each_kind_of_segment():
    from differ.render import redline_html

    html = redline_html([{"op": "equal", "text": "a<b "}, {"op": "delete", "text": "x&"}, {"op": "insert", "text": "y"},
                         {"op": "fold", "head": "h ", "middle": "m <m>", "tail": " t", "words": 2}])
    assert str(html) == (
        'a&lt;b <del>x&amp;</del><ins>y</ins>h <span class="fold"><button type="button" class="fold-btn" '
        'aria-expanded="false" title="Show the unchanged text">… 2 unchanged words …</button>'
        '<span class="fold-body">m &lt;m&gt;</span></span> t')
    assert hasattr(html, "__html__")  # markup: the template does not escape it again


def test_redline_ops_html_writes_the_segments_html():
    from differ.render import COLLAPSE_EQUAL, redline_html, redline_ops_html

    words = "word <w> & 'q' " * 40
    runs = [["equal", "a<b "], ["delete", "x&"], ["insert", "y"], ["equal", words],
            ["equal", "w" * (COLLAPSE_EQUAL + 9)],
            ["equal", words[:COLLAPSE_EQUAL]], ["equal", words[:COLLAPSE_EQUAL + 1]], ["odd", "z"], ["equal"],
            ("delete", "’t"), ["insert", 5], ["equal", ""]]
    for n in range(len(runs) + 1):
        for ops in (runs[:n], runs[n:], runs[n:] + runs[:n]):
            assert redline_ops_html(ops) == str(redline_html(redline_segments(ops, "both"))), ops
            assert redline_ops_html(ops, fold=False) == str(redline_html(redline_segments(ops, "both", fold=False)))
    assert redline_ops_html(None) == ""


# The macros and template loops that section_html, section_body_html, stat_rows_html, law_rows_html,
# _sentence_pair_html, toc_rows_html, outline_rows_html and abuse_rows_html replaced, as they were in
# the templates: the functions must write what these wrote.
_FORMER_MACROS = r'''
{% macro back(item) -%}
<a class="back" href="#{{ 'kf-' ~ item.id if item.finding else 'findings' }}" title="Back to the key findings">↑</a>
{%- endmacro %}
{% macro sentence_pair(pair, old_parts, new_parts, old_year, new_year) -%}
{%- if pair and pair.identical -%}
<p class="rl"><span class="yr">{{ old_year }} = {{ new_year }}</span> {{ pair.inline|redline }}</p>
{%- elif pair -%}
<p class="rl"><span class="yr">{{ old_year }} → {{ new_year }}</span> {{ pair.inline|redline }}</p>
{%- else -%}
{%- for parts, year in ((old_parts, old_year), (new_parts, new_year)) if parts -%}
<p><span class="yr">{{ year }}</span> {% if parts|length == 3 %}{{ parts[0] }}<mark>{{ parts[1] }}</mark>{{ parts[2] }}{% else %}{{ parts[0] }}{% endif %}</p>
{%- endfor -%}
{%- endif -%}
{%- endmacro %}
{% macro section_body(s) %}
{% if s.fold == "unchanged" %}
{% for it in s.blocks if it.type == "same" %}{% for p in it.paragraphs %}<p class="plain">{{ p }}</p>{% endfor %}{% endfor %}
{% else %}
{% for it in s.blocks %}
{% if it.type == "same" %}
<details class="same"><summary><span aria-hidden="true">⋯</span> {{ it.count }} unchanged sentence{{ "s" if it.count != 1 }}</summary>{% for p in it.paragraphs %}<p>{{ p }}</p>{% endfor %}</details>
{% else %}
{% set c = it.change %}
<article class="chg k-{{ c.kind }} f-{{ c.filter }} sc-{{ c.scope }}" id="{{ c.id }}" data-kind="{{ c.kind }}" data-f="{{ c.filter }}" tabindex="-1">
<div class="chg-h"><span class="tag k-{{ c.kind }}"><span aria-hidden="true">{{ c.kind|sign }}</span> {{ c.label }}</span>{% if c.from %} <span class="from">from {{ old.year }} “<a href="#{{ c.from.anchor }}">{{ c.from.title }}</a>”</span>{% endif %}</div>
{% if c.inline is not none %}
<div class="v-inline"><p class="rl">{{ c.inline|redline }}</p></div>
{% elif c.kind == "added" %}
<div class="body"><p><ins class="blk">{{ c.new_text }}</ins></p></div>
{% elif c.kind == "dropped" %}
<div class="body"><p><del class="blk">{{ c.old_text }}</del></p></div>
{% else %}
<div class="body"><p>{{ c.new_text or c.old_text }}</p></div>
{% endif %}
</article>
{% endif %}
{% endfor %}
{% endif %}
{% for m in s.moved_out %}
<p class="moved-out"><span aria-hidden="true">↷</span> Moved from here to <a href="#{{ m.id }}">{{ m.title }}</a>: <q>{{ m.snippet }}</q></p>
{% endfor %}
{% endmacro %}
{% macro section_block(s) %}
<section class="sec st-{{ s.status }} d{{ s.depth }}{% if s.group %} grp{% endif %}{% if s.fold %} fold-{{ s.fold }}{% endif %}" id="{{ s.anchor }}" data-status="{{ s.status }}" data-depth="{{ s.depth }}">
{% if s.fold %}
<details class="sec-fold">
<summary><h3 class="sec-h">{% if s.fold == "removed" %}<span class="sign-removed" aria-label="removed">−</span> {{ s.heading }}{% else %}{{ status_badge("unchanged") }} {{ s.heading }}{% endif %}</h3>
<span class="fold-note">{% if s.fold == "removed" %}{% if s.changes %}{{ s.changes|length }} passage{{ "s" if s.changes|length != 1 }} removed{% else %}heading only{% endif %}{% elif s.in_place %}{% set n = s.blocks|selectattr("type", "equalto", "same")|sum(attribute="count") %}{{ n }} sentence{{ "s" if n != 1 }}, word for word as in {{ old.year }}{% else %}no changes{% endif %}</span>{% if s.meta %}<span class="fold-note fold-meta"> · {{ s.meta|join(" · ") }}</span>{% endif %}</summary>
{{ section_body(s) }}
</details>
{% else %}
<h3 class="sec-h">{% if not s.group %}{{ status_badge(s.status) }} {% endif %}{{ s.heading }}</h3>
{% if s.meta %}<p class="sec-meta">{{ s.meta|join(" · ") }}</p>{% endif %}
{% if not s.group and not s.changes and not s.moved_out and not s.in_place %}<p class="muted nochg">No changes of its own.</p>{% endif %}
{{ section_body(s) }}
{% endif %}
</section>
{% endmacro %}
{% macro stat_rows(rows) %}
{% for s in rows %}
<tr class="row-{{ s.status }}" id="{{ s.id }}">
<td>{{ status_badge(s.status) }}{% if s.status == "changed" %} {{ back(s) }}{% endif %}</td>
<td data-label="What">{{ s.noun or "–" }}{% if s.scope %} <span class="muted">({{ s.scope }})</span>{% elif s.side_scopes %} <span class="muted">({% for side in (s.old, s.new) if side %}{{ side.scope or "–" }}{{ " → " if not loop.last }}{% endfor %})</span>{% endif %}{% if s.section %}<br><span class="in">in {% if s.anchor %}<a href="#{{ s.anchor }}">{{ s.section }}</a>{% else %}{{ s.section }}{% endif %}</span>{% endif %}</td>
<td class="num" data-label="{{ old.year }}">{% if s.old %}{{ s.old.value }}{% if s.old.unit != "count" %} <span class="unit">{{ s.old.unit }}</span>{% endif %}{% else %}–{% endif %}</td>
<td class="num" data-label="{{ new.year }}">{% if s.new %}{{ s.new.value }}{% if s.new.unit != "count" %} <span class="unit">{{ s.new.unit }}</span>{% endif %}{% else %}–{% endif %}</td>
<td class="num" data-label="Change">{% if s.delta %}<span class="delta d-{{ s.delta.dir }}">{{ s.delta.text }}</span>{% if s.delta.pct %} <span class="muted pct">({{ s.delta.pct }})</span>{% endif %}{% else %}–{% endif %}</td>
</tr>
<tr class="sents-row row-{{ s.status }}"><td colspan="5" class="sents">{{ sentence_pair(s.pair, s.old.parts if s.old else none, s.new.parts if s.new else none, old.year, new.year) }}</td></tr>
{% endfor %}
{% endmacro %}
{% macro confidence(value) -%}
{%- if value is not none -%}
<span class="conf" title="alignment confidence {{ '%.2f' % value }}"><span class="conf-bar" style="width: {{ '%.0f' % (value * 100) }}%"></span></span> <span class="conf-n">{{ '%.2f' % value }}</span>
{%- endif -%}
{%- endmacro %}
{% macro toc_rows(outline) %}
{% for s in outline %}
<li class="d{{ s.depth }} st-{{ s.status }}{% if s.group %} grp{% endif %}"><a href="#{{ s.anchor }}">{% if not s.group %}<span class="mark" aria-hidden="true">{{ s.status|sign("·") }}</span>{% endif %}{{ s.heading }}</a></li>
{% endfor %}
{% endmacro %}
{% macro outline_rows(outline) %}
{% for s in outline %}
<tr class="rel-{{ s.relation }} st-{{ s.status }}">
<td class="nd d{{ s.depth }}"><a href="#{{ s.anchor }}">{% if s.status == "added" %}<ins>{{ s.heading }}</ins>{% else %}{{ s.heading }}{% endif %}</a></td>
<td>{{ status_badge(s.relation) }}</td>
<td>{{ confidence(s.confidence) }}</td>
<td class="od">{% if s.old_path %}{{ s.old_label }}{% if s.also %}<br><span class="muted">also takes in: {{ s.also|join("; ") }}</span>{% endif %}{% else %}<span class="muted">—</span>{% endif %}</td>
</tr>
{% endfor %}
{% endmacro %}
{% macro abuse_rows(abuses) %}
{% for a in abuses %}
<tr class="row-{{ a.status }}" id="{{ a.id }}">
<td>{{ status_badge(a.status) }}{% if a.relation in ("split", "merged") %} <span class="muted">{{ a.relation }}</span>{% endif %}{% if a.status != "kept" %} {{ back(a) }}{% endif %}</td>
<td data-label="Category">{{ a.category or "–" }}</td>
<td data-label="{{ old.year }}">{% for t in a.old_items %}<p>{% if a.status == "dropped" %}<del>{{ t }}</del>{% else %}{{ t }}{% endif %}</p>{% else %}<span class="muted">not listed</span>{% endfor %}</td>
<td data-label="{{ new.year }}">{% if a.status == "kept" and a.same %}<span class="muted">same wording</span>{% else %}{% for t in a.new_items %}<p>{% if a.status == "added" %}<ins>{{ t }}</ins>{% else %}{{ t }}{% endif %}</p>{% else %}<span class="muted">not listed</span>{% endfor %}{% endif %}
{% if a.related %}<p class="rel">related to “<a href="#{{ a.related.id }}">{{ a.related.text }}</a>” ({{ a.related.status }})</p>{% endif %}</td>
</tr>
{% endfor %}
{% endmacro %}
{% macro law_rows(rows) %}
{% for l in rows %}
<tr class="row-{{ l.status }}" id="{{ l.id }}">
<td>{{ status_badge(l.status) }}{% if l.status in ("added", "dropped", "changed") %} {{ back(l) }}{% endif %}</td>
<td data-label="Law"><strong>{{ l.name }}</strong> <span class="muted">{{ l.kind }}{% if l.event %}, {{ l.event }}{% endif %}</span></td>
<td class="num" data-label="Mentions">{{ l.old_mentions if l.old_mentions is not none else "–" }} → {{ l.new_mentions if l.new_mentions is not none else "–" }}</td>
</tr>
<tr class="sents-row row-{{ l.status }}"><td colspan="3" class="sents">{{ sentence_pair(l.pair, [l.old_text] if l.old_text else none, [l.new_text] if l.new_text else none, old.year, new.year) }}</td></tr>
{% endfor %}
{% endmacro %}
'''


def _former(macro: str, *args, old_year=2016, new_year=2023) -> str:
    from differ.render import _env

    env = _env()
    template = env.from_string(_FORMER_MACROS.lstrip() + "{{ " + macro + "(*args) }}")
    return template.render(args=args, old={"year": old_year}, new={"year": new_year})


_HOSTILE = "a <b>&amp; \"quoted\" 'single' ‘curly’ text"


def test_section_body_html_writes_what_the_macro_wrote():
    from differ.render import section_body_html

    def change(kind, **kw):
        view = {"id": f"c<{kind}>", "kind": kind, "filter": kind, "scope": "sentence", "label": f"Label & {kind}",
                "old_text": _HOSTILE, "new_text": _HOSTILE + " new", "inline": None, "from": None}
        return {**view, **kw}

    inline = [["equal", "x<y "], ["delete", "'a'"], ["insert", '"b"'], ["equal", "long " * 70]]  # ops, as in the JSON
    changes = [change("added"), change("dropped"), change("changed", new_text=None), change("changed"),
               change("odd kind", new_text="", old_text=""), change("changed", inline=inline),
               change("changed", inline=[]),
               change("moved", **{"from": {"anchor": 's-1"', "title": _HOSTILE}}),
               change("moved", **{"from": {"anchor": None, "title": ""}}), change("added", new_text=None)]
    blocks = [{"type": "same", "count": 1, "paragraphs": [_HOSTILE]},
              *({"type": "change", "change": c} for c in changes),
              {"type": "same", "count": 3, "paragraphs": ["one", _HOSTILE]}, {"type": "same", "count": 0, "paragraphs": []}]
    moved_out = [{"id": "c<9>", "title": _HOSTILE, "snippet": _HOSTILE + " …"}]
    # (the macro's changes held their redline as segments)
    segmented = [{**b, "change": {**b["change"], "inline": redline_segments(b["change"]["inline"], "both")}}
                 if b["type"] == "change" and b["change"]["inline"] is not None else b for b in blocks]
    for fold in (None, "unchanged", "removed"):
        for moved in ([], moved_out):
            section = {"fold": fold, "blocks": blocks, "moved_out": moved}
            former = {**section, "blocks": segmented}
            for year in (2016, None, "<y>"):
                assert str(section_body_html(section, year)) == _former("section_body", former, old_year=year)
    assert str(section_body_html({"fold": None, "blocks": [], "moved_out": []}, 2016)) == ""


def test_section_html_writes_what_the_macro_wrote():
    from differ.render import section_html

    change = {"id": "c1", "kind": "added", "filter": "added-within", "scope": "sentence", "label": "Added sentence",
              "old_text": None, "new_text": _HOSTILE, "inline": None, "from": None}
    blocks = [{"type": "same", "count": 2, "paragraphs": ["a", "b"]}, {"type": "change", "change": change},
              {"type": "same", "count": 1, "paragraphs": [_HOSTILE]}]
    sections = []
    for fold in (None, "unchanged", "removed"):
        for group in (False, True):
            for changes, in_place, moved_out in (([], False, []), ([change], True, []), ([change, change], False, []),
                                                 ([], True, []), ([], False, [{"id": "x", "title": "t", "snippet": "s"}])):
                for meta in ([], ["new in 2023"], [_HOSTILE, "moved"]):
                    sections.append({"status": "changed" if changes else "<odd>", "depth": len(sections) % 3,
                                     "group": group, "fold": fold, "anchor": f"s-{len(sections)}<", "heading": _HOSTILE,
                                     "changes": changes, "in_place": in_place, "moved_out": moved_out, "meta": meta,
                                     "blocks": blocks if in_place else blocks[1:2] * len(changes)})
    for year in (2016, "<y>"):
        former = "".join(_former("section_block", s, old_year=year) for s in sections)
        assert "".join(str(section_html(s, year)) for s in sections) == former


def test_statistics_and_laws_rows_write_what_the_macros_wrote():
    from differ.render import law_rows_html, stat_rows_html

    pair = {"inline": [["equal", "a<b "], ["insert", "c&"], ["equal", "long " * 70]], "identical": False}  # ops
    side = {"value": "more than <750>", "unit": "count", "scope": "in 2016", "parts": ["Of ", "750 & more", " cases."]}
    other = {"value": "$1,000", "unit": "USD", "scope": None, "parts": [_HOSTILE]}
    delta = {"dir": "up", "text": "+250", "pct": "+33%"}
    stats = [
        {"id": "st<1>", "status": "changed", "noun": _HOSTILE, "scope": "in 2016", "side_scopes": False, "old": side,
         "new": other, "delta": delta, "pair": pair, "anchor": "s-1", "section": _HOSTILE, "finding": True},
        {"id": "st2", "status": "changed", "noun": "", "scope": None, "side_scopes": True, "old": side, "new": other,
         "delta": {**delta, "pct": None}, "pair": {**pair, "identical": True}, "anchor": None, "section": "Sec",
         "finding": False},
        {"id": "st3", "status": "added", "noun": "cases", "scope": None, "side_scopes": True, "old": None, "new": other,
         "delta": None, "pair": None, "anchor": None, "section": "", "finding": False},
        {"id": "st4", "status": "dropped", "noun": "x", "scope": None, "side_scopes": False, "old": side, "new": None,
         "delta": None, "pair": None, "anchor": "a", "section": "", "finding": False},
    ]
    laws = [
        {"id": "law-a", "status": status, "name": _HOSTILE, "kind": "law", "event": event, "old_text": old_text,
         "new_text": new_text, "old_mentions": old_n, "new_mentions": new_n, "pair": law_pair, "finding": finding}
        for status, event, old_text, new_text, old_n, new_n, law_pair, finding in (
            ("changed", "adopted", _HOSTILE, _HOSTILE + "!", 1, 2, pair, True),
            ("added", None, None, _HOSTILE, None, 3, None, False),
            ("dropped", "", _HOSTILE, None, 0, None, None, True),
            ("kept", None, "same", "same", 2, 2, None, False),
            ("<odd>", None, "", "", 1, 1, None, False))
    ]
    # (the macros' pairs held their redline as segments, unfolded)
    def segmented(rows):
        return [{**r, "pair": r["pair"] and {**r["pair"], "inline": redline_segments(r["pair"]["inline"], "both",
                                                                                       fold=False)}} for r in rows]

    for years in ((2016, 2023), (None, "<y>")):
        assert str(stat_rows_html(stats, *years)) == _former("stat_rows", segmented(stats), old_year=years[0],
                                                             new_year=years[1])
        assert str(law_rows_html(laws, *years)) == _former("law_rows", segmented(laws), old_year=years[0],
                                                           new_year=years[1])
    assert str(stat_rows_html([], 2016, 2023)) == "" and str(law_rows_html([], 2016, 2023)) == ""


def test_contents_outline_map_and_abuse_rows_write_what_the_template_wrote():
    from differ.render import abuse_rows_html, outline_rows_html, toc_rows_html

    outline = [
        {"depth": depth, "status": status, "group": group, "anchor": f"s-{i}<", "heading": _HOSTILE,
         "relation": relation, "confidence": confidence, "old_path": old_path, "old_label": _HOSTILE + " › x",
         "also": also}
        for i, (depth, status, group, relation, confidence, old_path, also) in enumerate((
            (0, "changed", False, "same", 0.934, ["A"], []),
            (1, "added", False, "new", None, [], []),
            (2, "unchanged", True, "merged", 1, ["B", "C"], ["D & <E>", "F"]),
            (0, "<odd>", False, "<rel>", 0.005, ["G"], ["only"]),
            (1, "dropped", True, "moved", 0.5, None, ["ignored"]),
        ))
    ]
    related = {"id": "ab<2>", "text": _HOSTILE, "status": "dropped"}
    abuses = [
        {"id": f"ab<{i}>", "status": status, "relation": relation, "category": category, "old_items": old_items,
         "new_items": new_items, "same": same, "related": rel, "finding": finding}
        for i, (status, relation, category, old_items, new_items, same, rel, finding) in enumerate((
            ("added", None, "torture", [], [_HOSTILE], False, None, True),
            ("dropped", "split", "", [_HOSTILE, "two"], [], False, related, False),
            ("kept", "merged", None, ["same"], ["same"], True, None, False),
            ("kept", None, _HOSTILE, ["a"], ["b", _HOSTILE], False, related, False),
            ("changed", "<odd>", "x", [], [], False, None, True),
        ))
    ]
    assert str(toc_rows_html(outline)) == _former("toc_rows", outline)
    assert str(outline_rows_html(outline)) == _former("outline_rows", outline)
    for years in ((2016, 2023), (None, "<y>")):
        assert str(abuse_rows_html(abuses, *years)) == _former("abuse_rows", abuses, old_year=years[0],
                                                               new_year=years[1])
    assert str(toc_rows_html([])) == str(outline_rows_html([])) == str(abuse_rows_html([], 2016, 2023)) == ""


def test_escaping_as_the_template_escapes():
    from markupsafe import Markup, escape

    from differ.render import _h

    for value in (_HOSTILE, "", "&amp;", "<<>>\"\"''&&", 7, -3, 1.5, None, True, Markup("<b>kept</b>"),
                  "plain ‘curly’ text", *"&<>'\"", "a&", "<a", "a>", "a'", 'a"', "x" * 300 + '"'):
        assert _h(value) == str(escape(value))


def test_figure_and_law_sentences_reuse_the_changes_redlines_as_made_afresh(c16_23, c23_24):
    from differ.diff import redline
    from differ.render import _change_redlines, _law_views, _section_titles, _stat_view

    for comparison in (c16_23, c23_24):
        data = comparison.to_json()
        redlines = _change_redlines(data["sections"])
        assert redlines and all(redline(*texts) == ops for texts, ops in redlines.items())
        titles = _section_titles(data)
        for st in data["statistics"]:
            assert _stat_view(st, titles, redlines) == _stat_view(st, titles)
        assert _law_views(data["laws"], redlines) == _law_views(data["laws"])


def test_a_page_ends_with_one_newline_of_its_own():
    """base.html.j2 keeps the newline after </html>: _render has no page to copy to add one."""
    from pathlib import Path

    from markupsafe import Markup

    from differ.render import _env, _script, comparison_context, index_entries

    js, script_hash = _script()
    for template, context in (("comparison.html.j2", comparison_context(tiny_comparison())),
                              ("index.html.j2", {"title": "t", **index_entries(Path("."))})):
        html = _env().get_template(template).render(script=Markup(js), script_hash=script_hash, **context)
        assert html.endswith("</html>\n") and not html.endswith("\n\n")
    assert render_comparison(tiny_comparison()).endswith("</html>\n")


def test_table_rows_written_in_pieces_make_the_same_page(monkeypatch):
    """The row globals hand the template a table's rows in batches (ROWS_PER_PIECE): however
    they are cut, the page is the same, empty tables and the lines around each table included."""
    data = tiny_comparison()
    data["statistics"] = [{**st, "id": f"st{i}", "status": status} for i, (st, status) in
                          enumerate((st, status) for st in data["statistics"] * 3 for status in ("changed", "added"))]
    data["laws"] = [{**law, "key": f"k{i}", "status": status} for i, (law, status) in
                    enumerate((law, status) for law in data["laws"] * 3 for status in ("added", "kept"))]
    data["abuses"] = [{**a, "id": f"ab{i:02d}"} for i, a in enumerate(data["abuses"] * 3)]
    empty = {**data, "statistics": [], "laws": [], "abuses": [], "sections": []}
    for shape in (data, empty):
        pages = []
        for per_piece in (1, 2, 10_000):
            monkeypatch.setattr("differ.render.ROWS_PER_PIECE", per_piece)
            pages.append(render_comparison(shape))
        assert pages[0] == pages[1] == pages[2]
    page = render_comparison(data)
    # the lines around the tables as the page always had them: statistics and laws rows followed by an
    # empty line, abuses and outline rows not; the contents' list runs on to its "removed" line
    assert [len(gap) for gap in re.findall(r"</tr>(\n+)</tbody>", page)] == [1, 2, 2, 2, 2, 1]
    assert page.count("<tbody>\n<tr") == 6 and "</li>\n<li class=\"d0 st-dropped\"" in page


def test_files_are_written_as_the_text_encoded(monkeypatch):
    """The page and the JSON go to their files encoded piece by piece (no whole-text copy):
    byte for byte the text functions' output as UTF-8, compact and pretty, newline included."""
    from differ.render import _render_pieces, comparison_page_pieces, json_pieces, json_text

    def json_utf8(data, pretty=None):
        return b"".join(json_pieces(data, pretty))

    data = tiny_comparison()
    data["sections"][0]["changes"][0]["new_text"] += " “quoted” — <b>&</b> ’"  # non-ASCII and markup
    page_pieces, data_pieces = comparison_page_pieces(data), json_pieces(data)
    assert len(page_pieces) > 1 and b"".join(page_pieces) == render_comparison(data).encode("utf-8")
    assert len(data_pieces) > 1 and b"".join(data_pieces) == json_text(data).encode("utf-8")
    shapes = [data, {}, [], [1, "’"], {"a": [], "b": [{}], "c": {"d": [1, 2]}, "e": None, "’": ["<’>", 1.5, True]},
              {1: "int key", "s": [1]}, {"s": "x", 2.5: [1]}, "text", 3, None, {"only": []}]
    for shape in shapes:
        for pretty in (False, True, None):
            assert json_utf8(shape, pretty) == json_text(shape, pretty).encode("utf-8"), (shape, pretty)
    for bad in ({"x": [1, float("nan")]}, {"x": float("inf")}, [float("nan")]):
        with pytest.raises(ValueError):
            json_utf8(bad)
    monkeypatch.setenv("DIFFER_PRETTY_JSON", "1")
    assert json_utf8(data) == json_text(data).encode("utf-8") and json_utf8(data).startswith(b'{\n  "')
    # a template without a newline of its own still gives a page that ends with one
    from differ.render import _env

    monkeypatch.setattr(_env().loader, "get_source", lambda env, name: ("<p>{{ script_hash[:6] }}</p>", None,
                                                                        lambda: True))
    _env().cache.clear()
    try:
        assert b"".join(_render_pieces("bare.html.j2")) == b"<p>sha256</p>\n"
    finally:
        monkeypatch.undo()
        _env().cache.clear()


def test_the_script_hash_is_the_base64_sha256_of_the_page_script():
    import base64
    import hashlib

    from differ.render import _script

    for name in ("report.js", "edition.js"):
        js, script_hash = _script(name)
        assert script_hash == "sha256-" + base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
        assert f"script-src '{script_hash}'" in render_comparison(tiny_comparison()) or name != "report.js"
