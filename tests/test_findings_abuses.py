"""Abuse findings: ``kept`` is the same abuse reworded, one-to-one; split and merge only where
one item's wording is divided; same-theme items are added/dropped with a ``related`` pointer;
the trend page and the comparison file every item under the same category."""

import pytest

from differ.diff import compare, compare_years
from differ.extract import AbuseItem, abuse_items, abuse_items_from_sentences, categorize, match_abuses
from differ.model import Heading, Para, build_report
from differ.trend import abuse_matrix


def items(*texts):
    return [AbuseItem(t, categorize(t), "Significant human rights issues included credible reports of") for t in texts]


def summary_report(year, abuses, country="testland"):
    sentence = "Significant human rights issues included credible reports of: " + "; ".join(abuses) + "."
    return build_report(country, year, f"Testland {year}", (
        Heading(0, "Executive Summary"), Para("Testland is a republic. " + sentence),
        Heading(1, "Section 1. Courts"), Para("Trials were often delayed by months. The courts were not independent."),
    ))


@pytest.fixture(scope="module")
def reports(corpus):
    return {y: corpus.load(y) for y in (2016, 2023, 2024)}


def by_status(comparison):
    out = {}
    for a in comparison.abuses:
        out.setdefault(a.status, []).append(a)
    return out


def assert_one_to_one(comparison, old_items, new_items):
    """Every item of each edition in exactly one entry; none in two kept entries."""
    old_seen = [t for a in comparison.abuses for t in a.old_items]
    new_seen = [t for a in comparison.abuses for t in a.new_items]
    assert sorted(old_seen) == sorted(i.text for i in old_items)
    assert sorted(new_seen) == sorted(i.text for i in new_items)


# --- the cases quoted in the issue ---------------------------------------------------------------


def test_2023_2024_new_abuses_are_added_not_hidden_in_kept_pairs(c23_24, reports):
    groups = by_status(c23_24)
    added = {a.new_text for a in groups["added"]}
    assert added == {"witting cooperation with another country to carry out acts of transnational repression",
                     "violence or threats against labor activists or union members"}
    dropped = {a.old_text for a in groups["dropped"]}
    assert "serious restrictions on internet freedom" in dropped
    assert len(dropped) == 13
    assert all(a.relation == "same" for a in groups["kept"]) and len(groups["kept"]) == 6
    assert c23_24.summary["abuses"] == {"added": 2, "dropped": 13, "kept": 6}
    assert_one_to_one(c23_24, abuse_items(reports[2023]), abuse_items(reports[2024]))


def test_added_items_on_a_kept_theme_point_to_it(c23_24):
    entries = {a.id: a for a in c23_24.abuses}
    witting = next(a for a in c23_24.abuses if a.new_text and a.new_text.startswith("witting cooperation"))
    assert entries[witting.related].new_items == ("transnational repression against individuals in another country",)
    assert entries[witting.related].status == "kept"
    labor = next(a for a in c23_24.abuses if a.new_text and a.new_text.startswith("violence or threats against labor"))
    assert "workers’ freedom of association" in entries[labor.related].new_text
    internet = next(a for a in c23_24.abuses if a.old_text == "serious restrictions on internet freedom")
    assert entries[internet.related].category == internet.category == "expression, press and internet"


def test_json_abuse_fields(c23_24):
    data = c23_24.to_json()["abuses"]
    ids = [a["id"] for a in data]
    assert ids == [f"ab{n:02d}" for n in range(1, len(data) + 1)]
    for a in data:
        assert a["relation"] == ("same" if a["status"] == "kept" else None) or a["relation"] in ("split", "merged")
        assert a["related"] is None or a["related"] in ids and a["related"] != a["id"]
        assert a["old_text"] == ("; ".join(a["old_items"]) or None)
        assert a["new_text"] == ("; ".join(a["new_items"]) or None)


def test_2016_2023_is_one_to_one(c16_23, reports):
    assert_one_to_one(c16_23, abuse_items(reports[2016]), abuse_items(reports[2023]))
    kept_old = [t for a in c16_23.abuses if a.status == "kept" for t in a.old_items]
    kept_new = [t for a in c16_23.abuses if a.status == "kept" for t in a.new_items]
    assert len(kept_old) == len(set(kept_old)) and len(kept_new) == len(set(kept_new))
    added = {a.new_text for a in c16_23.abuses if a.status == "added"}
    assert "serious restrictions on internet freedom" in added  # not "kept" from 2016's freedoms item


# --- split, merge, related on tiny lists ----------------------------------------------------------


def test_an_item_whose_wording_is_divided_is_split():
    old = items("selective restrictions on freedoms of expression, press, assembly, religion, and association",
                "child labor")
    new = items("serious restrictions on freedom of expression and media freedom, including censorship",
                "substantial interference with the freedom of peaceful assembly and freedom of association",
                "the existence of the worst forms of child labor")
    [split, labor] = [m for m in match_abuses(old, new) if m.status == "kept"]
    assert split.relation == "split" and [i.text for i in split.old] == [old[0].text]
    assert [i.text for i in split.new] == [new[0].text, new[1].text]
    assert labor.relation == "same"
    merged = [m for m in match_abuses(new, old) if m.relation == "merged"]
    assert len(merged) == 1 and len(merged[0].old) == 2


def test_a_shared_category_alone_is_no_match():
    old = items("restrictions on the activities of nongovernmental organizations (NGOs)")
    new = items("substantial interference with the freedom of peaceful assembly and freedom of association")
    assert categorize(old[0].text)[0] == categorize(new[0].text)[0]
    assert sorted(m.status for m in match_abuses(old, new)) == ["added", "dropped"]


def test_a_second_item_on_a_kept_theme_is_added_with_related():
    old = items("transnational repression against individuals in another country", "arbitrary arrest and detention")
    new = items("transnational repression against individuals in another country",
                "witting cooperation with another country to carry out acts of transnational repression",
                "arbitrary arrest or detention")
    matches = match_abuses(old, new)
    assert [m.status for m in matches] == ["kept", "added", "kept"]
    assert matches[1].related == 0 and matches[0].relation == "same"


def test_no_abuse_list_means_no_items(corpus):
    from differ.corpus import Corpus

    iceland = Corpus(corpus.root, "iceland")
    for year in iceland.years():
        assert abuse_items(iceland.load(year)) == []
    c = compare_years(iceland, 2023, 2024)
    assert c.abuses == ()
    for sentence in ("There were no credible reports of significant human rights abuses.",
                     "There were no reports of significant human rights abuses.",
                     "No significant human rights abuses were reported during the year.",
                     "Significant human rights issues included no credible reports of abuses."):
        assert abuse_items_from_sentences([sentence]) == [], sentence


def test_comparison_of_synthetic_reports_carries_the_fields():
    old = summary_report(2020, ["torture", "arbitrary arrest and detention", "serious government corruption"])
    new = summary_report(2021, ["torture and cruel, inhuman, or degrading treatment", "arbitrary arrest or detention",
                                "enforced disappearance"])
    c = compare(old, new)
    assert c.summary["abuses"] == {"added": 1, "dropped": 1, "kept": 2}
    [added] = [a for a in c.abuses if a.status == "added"]
    assert added.new_items == ("enforced disappearance",) and added.old_items == () and added.related is None


# --- one category for both pages ------------------------------------------------------------------


def filing(rows, years):
    return {(y, t): row["category"] for row in rows for y, texts in zip(years, row["items"]) for t in texts}


def test_trend_and_comparison_file_every_item_under_the_same_category(reports, c16_23, c23_24):
    for comparison, years in ((c16_23, (2016, 2023)), (c23_24, (2023, 2024))):
        filed = filing(abuse_matrix([reports[y] for y in years]), years)
        for a in comparison.abuses:
            assert {filed[(years[0], t)] for t in a.old_items} | {filed[(years[1], t)] for t in a.new_items} == {
                a.category}, a
    # Over three editions a row is filed under its earliest item, like the entry that item
    # starts. The one exception: an item that joined a row of another theme as part of a split
    # (2023's assembly item, split off 2016's freedoms item) and is then dropped by itself.
    years = (2016, 2023, 2024)
    filed = filing(abuse_matrix([reports[y] for y in years]), years)
    for a in c16_23.abuses:
        assert {filed[(2016, t)] for t in a.old_items} | {filed[(2023, t)] for t in a.new_items} == {a.category}
    parts = {t for a in c16_23.abuses if a.relation == "split" for t in a.new_items}
    exceptions = [t for a in c23_24.abuses for t in a.old_items if filed[(2023, t)] != a.category]
    assert "substantial interference with the freedom of peaceful assembly and freedom of association" in exceptions
    assert set(exceptions) <= parts
    for a in c23_24.abuses:
        if not set(a.old_items) & parts:
            assert {filed[(2024, t)] for t in a.new_items} <= {a.category}


def test_a_qualifier_is_not_divided_off():
    old = items("lack of an independent judiciary and due process, especially in dealing with pervasive corruption")
    new = items("serious problems with the independence of the judiciary", "serious government corruption")
    matches = match_abuses(old, new)
    assert [(m.status, m.relation) for m in matches] == [("kept", "same"), ("added", None)]
    assert matches[1].related == 0


def test_the_same_people_but_another_act_is_another_abuse():
    old = items("societal discrimination against lesbian, gay, bisexual, transgender, and intersex (LGBTI) persons",
                "infringements on citizens’ privacy rights")
    new = items("crimes involving threats of violence targeting lesbian, gay, bisexual, transgender, queer, or "
                "intersex persons", "arbitrary or unlawful interference with privacy")
    matches = match_abuses(old, new)
    assert sorted((m.status, m.relation) for m in matches) == [("added", None), ("dropped", None), ("kept", "same")]
    dropped = next(m for m in matches if m.status == "dropped")
    assert matches[dropped.related].status == "added"  # each points to the other


def test_hand_read_gold_abuse_decisions(c16_23, c23_24):
    """Every added, dropped and kept decision of the gold files (benchmarks/gold/)."""
    import json
    from pathlib import Path

    gold_dir = Path(__file__).resolve().parent.parent / "benchmarks" / "gold"

    def squash(text):
        return "".join(ch for ch in text.lower() if ch.isalnum())

    for comparison, name in ((c16_23, "kazakhstan-2016-2023"), (c23_24, "kazakhstan-2023-2024")):
        gold = json.loads((gold_dir / f"{name}.json").read_text(encoding="utf-8"))
        expected = {(g["status"], frozenset(map(squash, g["old"])), frozenset(map(squash, g["new"])))
                    for g in gold["abuses"]}
        produced = {(a.status, frozenset(map(squash, a.old_items)), frozenset(map(squash, a.new_items)))
                    for a in comparison.abuses}
        assert produced == expected, name
