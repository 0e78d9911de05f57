"""A whole edition at once: Kazakhstan, Uzbekistan and Iceland 2023 → 2024 in one run.

The cross-country figures are checked against what the reports say, read by hand:

* Executive summaries (corpus/*/2023.txt and 2024.txt). Kazakhstan lists 19 abuses in 2023
  and 8 in 2024; Uzbekistan 21 and 7. Iceland's summary lists none in either edition and says
  so: "There were no credible reports of significant human rights abuses." Items of the 2023
  lists whose whole theme is gone from the 2024 list, in both Kazakhstan and Uzbekistan: the
  independence of the judiciary, political prisoners, interference with privacy, punishment
  of family members, peaceful assembly and association, the right to leave the country /
  freedom of movement, free elections and political participation, corruption, gender-based
  violence, violence against LGBTQI+ persons. Kazakhstan also loses prison conditions; both
  lose "serious restrictions on internet freedom", but a press-freedom item stays, so that
  category is not gone.
* Outlines (`differ sections 2024 --country …`): no 2024 report of the three has a section
  on political participation and elections, corruption, LGBTQI+ persons, persons with
  disabilities or women; the one sentence of "Women > Reproductive Rights" that survives
  ("There were no reports of coerced abortion or involuntary sterilization …") sits under
  2024's "Section 1. Life > b. Coercion in Population Control". All three keep Worker Rights
  and Child Marriage.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from differ.edition import (NO_CATEGORY, compare_edition, corpus_countries, country_summary, edition_csv,
                            edition_overview, publish_edition, topic_key, write_edition_files)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "differ" / "schema" / "edition.schema.json"
NONE_LISTED = "There were no credible reports of significant human rights abuses."
# ("internet freedom": "serious restrictions on internet freedom" went from both lists, while an
# expression and press item stayed in both)
BOTH_DROPPED = {"judiciary", "political prisoners", "privacy", "punishment of family members", "assembly and association",
                "movement", "elections and political participation", "corruption", "violence against women", "LGBTI",
                "internet freedom"}


@pytest.fixture(scope="module")
def edition_dirs(tmp_path_factory):
    """The real corpus plus a country whose 2024 report is broken and one with 2023 only,
    compared with two worker processes."""
    from differ.corpus import Corpus

    base = tmp_path_factory.mktemp("edition")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    broken = Corpus(corpus, "brokenland")
    broken.store(2023, (ROOT / "corpus" / "iceland" / "2023.txt").read_bytes().replace(b"Iceland", b"Brokenland"),
                 "pdf-text", {"source": "test"})
    broken.store(2024, b"<html><body><h1>Access Denied</h1></body></html>", "html", {"source": "test"})
    Corpus(corpus, "halfland").store(2023, (ROOT / "corpus" / "iceland" / "2023.txt").read_bytes()
                                     .replace(b"Iceland", b"Halfland"), "pdf-text", {"source": "test"})
    reports = base / "reports"
    seen = []
    run, paths = publish_edition(corpus, corpus_countries(corpus), 2023, 2024, reports, workers=2,
                                 progress=seen.append)
    return {"corpus": corpus, "reports": reports, "run": run, "paths": paths, "seen": seen,
            "overview": json.loads((reports / "2023-2024.json").read_text(encoding="utf-8"))}


def _row(overview, country):
    return next(r for r in overview["countries"] if r["country"] == country)


def _topic(overview, label):
    return next(t for t in overview["topics"]["sections"] if t["label"] == label)


def test_topic_key_ignores_numbering_lettering_case_and_split_words():
    assert topic_key(["Section 6. Discrimination and Societal Abuses", "Women"]) == \
        topic_key(["SECTION 6 Discrimination and Societal Abuses:", "women"])
    assert topic_key(["Section 2. Respect for Civil Liberties", "g. S tateless Persons"]) == \
        topic_key(["Section 2. Respect for Civil Liberties", "g. Stateless Persons"])
    assert topic_key(["Section 7. Worker Rights", "d. Discrimination (see section 6)"]) == \
        topic_key(["Section 7. Worker Rights", "Discrimination"])
    assert topic_key(["Section 6. X", "Women", "Discrimination"]) != topic_key(["Section 6. X", "Discrimination"])


def test_file_names_round_trip():
    from differ.names import (COMPARISON_NAME, EDITION_NAME, TREND_NAME, comparison_stem, edition_stem,
                              trend_stem)

    m = COMPARISON_NAME.match(comparison_stem("kyrgyz-republic", 2023, 2024) + ".html")
    assert (m["country"], m["old"], m["new"]) == ("kyrgyz-republic", "2023", "2024")
    assert TREND_NAME.match(trend_stem("iceland") + ".html")["country"] == "iceland"
    m = EDITION_NAME.match(edition_stem(2023, 2024) + ".html")
    assert (m["old"], m["new"]) == ("2023", "2024")
    assert not COMPARISON_NAME.match(edition_stem(2023, 2024) + ".html")
    assert not EDITION_NAME.match(comparison_stem("iceland", 2023, 2024) + ".html")


def test_countries_of_the_corpus():
    assert corpus_countries(ROOT / "corpus") == ["iceland", "kazakhstan", "uzbekistan"]


def test_a_country_is_a_directory_with_a_manifest_or_a_year_s_report(tmp_path):
    # the same four-digit rule as Corpus.files_on_disk: "7.txt" or "²⁰²³.txt" (digits to
    # str.isdigit) is no edition, so its directory is no country
    for name, files in {"alpha": ["2023.txt"], "beta": ["7.txt"], "gamma": ["²⁰²³.txt"], "delta": ["notes.txt"]}.items():
        (tmp_path / name).mkdir()
        for f in files:
            (tmp_path / name / f).write_text("x", encoding="utf-8")
    assert corpus_countries(tmp_path) == ["alpha"]


def test_a_broken_report_fails_alone_with_its_reason(edition_dirs):
    run = edition_dirs["run"]
    assert [r.country for r in run.compared] == ["iceland", "kazakhstan", "uzbekistan"]
    [failed] = run.failed
    assert failed.country == "brokenland" and "\n" not in failed.reason and "2024" in failed.reason
    [skipped] = run.skipped
    assert (skipped.country, skipped.reason) == ("halfland", "no 2024 edition in the corpus")
    assert not run.ok
    assert sorted(r.country for r in edition_dirs["seen"]) == ["brokenland", "halfland", "iceland", "kazakhstan",
                                                               "uzbekistan"]
    overview = edition_dirs["overview"]
    assert overview["failed"] == [{"country": "brokenland", "reason": failed.reason}]
    html = (edition_dirs["reports"] / "2023-2024.html").read_text(encoding="utf-8")
    assert "brokenland" in html and "halfland" in html


def test_every_country_gets_its_page_and_the_index_links_them(edition_dirs):
    reports = edition_dirs["reports"]
    for r in edition_dirs["overview"]["countries"]:
        data = json.loads((reports / r["json"]).read_text(encoding="utf-8"))
        assert data["country"] == r["country"] and (reports / r["page"]).is_file()
    assert not (reports / "brokenland-2023-2024.html").exists()
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{c}-2023-2024.html"' in index for c in ("iceland", "kazakhstan", "uzbekistan"))
    assert index.index('href="2023-2024.html"') < index.index('href="iceland-2023-2024.html"')  # leads


def test_output_is_the_same_whatever_the_number_of_workers(edition_dirs, tmp_path):
    one = tmp_path / "one"
    publish_edition(edition_dirs["corpus"], corpus_countries(edition_dirs["corpus"]), 2023, 2024, one, workers=1)
    names = sorted(p.name for p in edition_dirs["reports"].iterdir())
    assert names == sorted(p.name for p in one.iterdir())
    for name in names:
        assert (one / name).read_bytes() == (edition_dirs["reports"] / name).read_bytes(), name


def test_json_matches_its_schema(edition_dirs):
    import jsonschema

    jsonschema.validate(edition_dirs["overview"], json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_abuse_counts_read_off_the_executive_summaries(edition_dirs):
    overview = edition_dirs["overview"]
    counts = {r["country"]: (r["abuses"]["old"], r["abuses"]["new"]) for r in overview["countries"]}
    assert counts == {"iceland": (0, 0), "kazakhstan": (19, 8), "uzbekistan": (21, 7)}
    kz = _row(overview, "kazakhstan")["abuses"]
    assert "political prisoners and detainees" in kz["dropped"] and "serious government corruption" in kz["dropped"]
    assert overview["totals"]["countries_listing_fewer_abuses"] == 2


def test_iceland_lists_no_abuses_and_says_so_in_both_editions(edition_dirs):
    row = _row(edition_dirs["overview"], "iceland")
    assert row["abuses"]["none_listed"] == {"old": NONE_LISTED, "new": NONE_LISTED}
    assert row["abuses"]["added"] == row["abuses"]["dropped"] == []
    assert row["abuse_categories"] == {"old": [], "new": [], "dropped": [], "added": []}
    assert _row(edition_dirs["overview"], "kazakhstan")["abuses"]["none_listed"] == {"old": None, "new": None}


def test_categories_kazakhstan_and_uzbekistan_both_dropped(edition_dirs):
    overview = edition_dirs["overview"]
    kz = set(_row(overview, "kazakhstan")["abuse_categories"]["dropped"])
    uz = set(_row(overview, "uzbekistan")["abuse_categories"]["dropped"]) - {NO_CATEGORY}
    assert kz & uz == BOTH_DROPPED
    assert kz - uz == {"prison conditions"}
    assert "expression, press and internet" not in kz | uz  # the internet item went, press freedom stayed
    by_category = {t["category"]: t for t in overview["topics"]["abuses"]}
    for category in BOTH_DROPPED:
        t = by_category[category]
        assert {d["country"] for d in t["dropped_in"]} == {"kazakhstan", "uzbekistan"} and t["new"] == 0
    assert by_category["torture"]["old"] == by_category["torture"]["new"] == 2
    assert by_category["torture"]["dropped_in"] == []


def test_sections_no_2024_report_has(edition_dirs):
    overview = edition_dirs["overview"]
    everywhere = {"iceland", "kazakhstan", "uzbekistan"}
    for label in ("Section 3. Freedom to Participate in the Political Process",
                  "Section 4. Corruption in Government",
                  "Section 6. Discrimination and Societal Abuses > Persons with Disabilities",
                  "Section 6. Discrimination and Societal Abuses > Women > Rape and Domestic Violence"):
        t = _topic(overview, label)
        assert (t["old"], t["new"], {d["country"] for d in t["dropped_in"]}) == (3, 0, everywhere), label
        assert t["text_kept"] == 0.0
        assert all(d["anchor"] for d in t["dropped_in"])
    lgbt = next(t for t in overview["topics"]["sections"] if t["label"].endswith("Sex Characteristics"))
    assert (lgbt["old"], lgbt["new"]) == (3, 0)
    # "Women": whatever heading the aligner pins it to, one sentence of its text is left
    women = _topic(overview, "Section 6. Discrimination and Societal Abuses > Women")
    assert women["old"] == 3 and women["text_kept"] < 0.05
    # the executive summary continues everywhere, but its lists of abuses were cut to a third:
    # words a rewording struck are not text kept (it read 100%)
    summary = _topic(overview, "Executive Summary")
    assert summary["new"] == 3 and summary["text_kept"] < 0.5
    for label in ("Section 7. Worker Rights",
                  "Section 6. Discrimination and Societal Abuses > Children > Child, Early, and Forced Marriage"):
        t = _topic(overview, label)
        assert (t["old"], t["new"], t["dropped_in"]) == (3, 3, []), label


def test_lengths_and_removed_sections(edition_dirs):
    overview = edition_dirs["overview"]
    uz = _row(overview, "uzbekistan")
    # corpus/SOURCES.md, from the text files: "about 29% of the 2023 length"
    assert 0.25 < uz["size"]["ratio"] < 0.32
    assert uz["size"]["ratio"] == round(uz["size"]["new_words"] / uz["size"]["old_words"], 3)
    removed = [s["path"][-1] for s in _row(overview, "kazakhstan")["sections"]["removed"]]
    assert "Persons with Disabilities" in removed and "Section 4. Corruption in Government" in removed
    assert "Section 7. Worker Rights" not in removed
    totals = overview["totals"]
    assert totals["sections_removed"] == sum(len(r["sections"]["removed"]) for r in overview["countries"])
    assert totals["median_ratio"] == sorted(r["size"]["ratio"] for r in overview["countries"])[1]


def test_csv_has_one_row_per_country(edition_dirs):
    text = (edition_dirs["reports"] / "2023-2024.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["country"] for r in rows] == ["brokenland", "halfland", "iceland", "kazakhstan", "uzbekistan"]
    assert [r["status"] for r in rows] == ["failed", "skipped", "ok", "ok", "ok"]
    kz = rows[3]
    assert (kz["abuses_old"], kz["abuses_new"], kz["page"]) == ("19", "8", "kazakhstan-2023-2024.html")
    assert "prison conditions" in kz["abuse_categories_dropped"].split("; ")
    assert text == edition_csv(edition_dirs["overview"])


def _tiny(year, *blocks):
    from differ.model import build_report

    return build_report("testland", year, f"Testland {year} Human Rights Report", list(blocks))


def test_summary_uses_the_agreed_fields_when_present_and_computes_them_when_not():
    from differ.diff import compare
    from differ.model import Heading, Para

    old = _tiny(2023, Heading(0, "Executive Summary"), Para("One two three four."),
                Heading(1, "Section 1. Courts"), Para("Trials were delayed. Judges were not independent."),
                Heading(1, "Section 2. Elections"), Para("The election was not free."))
    new = _tiny(2024, Heading(0, "Executive Summary"), Para("One two three four."),
                Heading(1, "Section 1. Courts"), Para("Trials were delayed."))
    data = compare(old, new).to_json()
    data["summary"].pop("size", None)
    for s in data["sections"]:
        for c in s["changes"]:
            c.pop("with_section", None)
    computed = country_summary(data, old, new)
    assert computed["size"] == {"old_words": 16, "new_words": 7, "ratio": 0.438}
    assert computed["text"]["dropped_with_section"] == 1 and computed["text"]["dropped_within_section"] == 1
    assert computed["text"]["words_dropped_with_section"] == 5
    assert [s["heading"] for s in computed["sections"]["removed"]] == ["Section 2. Elections"]
    data["summary"]["size"] = {"old_words": 100, "new_words": 50, "ratio": 0.5}
    data["summary"]["changes"].update(dropped_with_section=7, dropped_within_section=3)
    given = country_summary(data, old, new)
    assert given["size"] == {"old_words": 100, "new_words": 50, "ratio": 0.5}
    assert (given["text"]["dropped_with_section"], given["text"]["dropped_within_section"]) == (7, 3)


def test_split_abuse_items_are_counted_once():
    old, new = _tiny(2023), _tiny(2024)
    data = {"country": "testland", "old": {"year": 2023}, "new": {"year": 2024}, "summary": {}, "sections": [],
            "laws": [], "abuses": [
                {"status": "kept", "category": "expression, press and internet", "relation": "split",
                 "old_items": ["freedoms of expression and assembly"], "new_items": ["expression", "assembly"],
                 "old_text": "freedoms of expression and assembly", "new_text": "expression; assembly"},
                {"status": "dropped", "category": None, "old_items": ["x"], "new_items": [], "old_text": "x",
                 "new_text": None}]}
    s = country_summary(data, old, new)
    assert (s["abuses"]["old"], s["abuses"]["new"], s["abuses"]["dropped"]) == (2, 2, ["x"])
    assert s["abuse_categories"]["dropped"] == [NO_CATEGORY]


def test_unchanged_files_are_not_rewritten(edition_dirs):
    paths = [edition_dirs["reports"] / n for n in ("2023-2024.json", "2023-2024.csv", "2023-2024.html")]
    before = [p.stat().st_mtime_ns for p in paths]
    write_edition_files(edition_dirs["run"], edition_dirs["reports"])
    assert [p.stat().st_mtime_ns for p in paths] == before


def test_old_must_precede_new(tmp_path):
    from differ.errors import UsageError

    with pytest.raises(UsageError):
        compare_edition(ROOT / "corpus", ["iceland"], 2024, 2023, tmp_path)


def test_overview_of_an_empty_run_is_well_formed():
    from differ.edition import EditionRun
    from differ.edition_page import render_edition

    overview = edition_overview(EditionRun(2023, 2024, ()))
    assert overview["totals"]["median_ratio"] is None and overview["countries"] == []
    assert "2023 → 2024" in render_edition(overview)


def test_the_cross_country_title_says_which_countries_it_covers():
    # "what the whole edition changed" over three reports would be quoted as the edition's total
    from differ.edition_page import _compared

    rows = [{"name": n} for n in ("Iceland", "Kazakhstan", "Uzbekistan")]
    assert _compared(rows) == "Iceland, Kazakhstan and Uzbekistan"
    assert _compared(rows[:1]) == "Iceland"
    assert _compared(rows * 2) == "6 countries"


def test_most_often_removed_lists_outermost_sections_and_says_how_many_more_tie():
    from differ import edition_page

    def topic(key, where, old=3):
        return {"key": key, "label": key.title(), "old": old, "dropped_in": [{"country": c} for c in where]}

    topics = [topic("s1", "abc"), topic("s1 > prisons", "abc"), topic("s1 > courts", "ab"),
              topic("s2 > press", "ab")] + [topic(f"s{k}", "abc") for k in range(3, 14)]
    shown, more = edition_page._top_dropped(topics, "label")
    keys = [t["label"] for t in shown]
    # Prisons and Courts went wherever their Section 1 went; Press did not take Section 2 with it
    assert "S1 > Prisons" not in keys and "S1 > Courts" not in keys and "S1" in keys
    assert len(shown) == edition_page.TOP_DROPPED == 10 and more == 2  # twelve removed in 3 of 3
    assert "S2 > Press" not in keys  # removed in 2 of 3: behind the ten removed in 3 of 3
