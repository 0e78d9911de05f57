"""Text findings: punctuation-only edits are their own kind, added/dropped text says whether
its whole section came or went, and the summary carries the size of both editions."""

import pytest

from differ.diff import compare, format_summary
from differ.model import Heading, Para, build_report


def tiny(year, *blocks):
    return build_report("testland", year, f"Testland {year}", blocks)


def courts(*sentences):
    return (Heading(1, "Section 1. Courts"), Para(" ".join(sentences)))


STEADY = ("Trials were often delayed by months.", "The election commission was not independent of the president.")


def kinds(comparison):
    return [c.kind for c in comparison.changes()]


@pytest.mark.parametrize("old, new", [
    ("By law labor inspectors had the right to inspect.", "By law, labor inspectors had the right to inspect."),
    ("The ministry of justice did not respond.", "The Ministry of Justice did not respond."),
    ("Police detained protesters ( including minors ) in May.", "Police detained protesters (including minors) in May."),
    ("The court ruled; the appeal failed.", "The court ruled, the appeal failed."),
])
def test_punctuation_case_or_spacing_only_is_punctuation(old, new):
    a = tiny(2020, *courts(STEADY[0], old, STEADY[1]))
    b = tiny(2021, *courts(STEADY[0], new, STEADY[1]))
    c = compare(a, b)
    [change] = c.changes()
    assert change.kind == "punctuation" and change.redline and change.similarity is not None
    assert (change.old_text, change.new_text) == (old, new)
    assert c.summary["changes"]["punctuation"] == 1 and c.summary["changes"]["changed"] == 0


@pytest.mark.parametrize("old, new", [
    ("Fines rose to 3.5 million tenge last year.", "Fines rose to 35 million tenge last year."),
    ("By law labor inspectors had the right to inspect.", "By law, labor inspectors had no right to inspect."),
    ("The court convicted 1,200 people.", "The court convicted 1200 people."),
])
def test_a_word_or_a_number_changed_is_not_punctuation(old, new):
    c = compare(tiny(2020, *courts(STEADY[0], old, STEADY[1])), tiny(2021, *courts(STEADY[0], new, STEADY[1])))
    assert kinds(c) == ["changed"]


def test_real_2023_2024_comma_edits_are_punctuation(c23_24):
    punct = [c for c in c23_24.changes() if c.kind == "punctuation"]
    assert len(punct) == 4
    assert any(c.old_text.startswith("By law labor inspectors") and c.new_text.startswith("By law, labor inspectors")
               for c in punct)
    summary = c23_24.summary["changes"]
    assert summary["punctuation"] == 4 and summary["changed"] == 61  # 65 before, 4 of them commas
    assert "punctuation" in format_summary(c23_24) and "4 punctuation" in format_summary(c23_24)


def test_with_section_tells_text_that_went_with_its_section():
    old = tiny(2020, *courts(*STEADY, "Defense lawyers complained about access."),
               Heading(1, "Section 2. Elections"), Para("Observers counted the ballots twice. Turnout was low."))
    new = tiny(2021, *courts(*STEADY),
               Heading(1, "Section 3. Labor Rights"), Para("Strikes were rare. Unions were controlled by the state."))
    c = compare(old, new)
    changes = {(ch.kind, ch.old_text or ch.new_text): ch for ch in c.changes()}
    assert changes[("dropped", "Defense lawyers complained about access.")].with_section is False
    assert changes[("dropped", "Observers counted the ballots twice. Turnout was low.")].with_section is True
    assert changes[("added", "Strikes were rare. Unions were controlled by the state.")].with_section is True
    summary = c.summary["changes"]
    assert (summary["dropped_with_section"], summary["dropped_within_section"]) == (1, 1)
    assert (summary["added_with_section"], summary["added_within_section"]) == (1, 0)
    for ch in c.to_json()["sections"]:
        for item in ch["changes"]:
            assert ("with_section" in item) == (item["kind"] in ("added", "dropped"))


def test_summary_size_counts_body_words():
    old = tiny(2020, *courts("One two three four.", "Five six seven eight."))
    new = tiny(2021, *courts("One two three four."))
    assert compare(old, new).summary["size"] == {"old_words": 8, "new_words": 4, "ratio": 0.5}


def test_real_sizes_and_section_split_add_up(c23_24):
    data = c23_24.to_json()
    size, changes = data["summary"]["size"], data["summary"]["changes"]
    assert size["new_words"] < size["old_words"] / 2  # 2024 cut the report to about a third
    assert size["ratio"] == round(size["new_words"] / size["old_words"], 3)
    for kind in ("added", "dropped"):
        assert changes[f"{kind}_with_section"] + changes[f"{kind}_within_section"] == changes[kind]
    status = {s["anchor"]: s["status"] for s in data["sections"]}
    for s in data["sections"]:
        for ch in s["changes"]:
            if ch["kind"] == "dropped":
                assert ch["with_section"] == (status[s["anchor"]] == "dropped")
    assert changes["dropped_with_section"] > 0 and changes["dropped_within_section"] > 0
