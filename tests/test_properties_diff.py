"""Property tests for the diff: a report against itself has no changes, and A→B mirrors B→A.

Inputs are real reports with random edits planted (differ.plant) and random sentence-level
mutations drawn by hypothesis, so the properties are checked on report-shaped text.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from differ.diff import compare
from differ.model import make_paragraph
from differ.plant import plant_edits

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                            HealthCheck.function_scoped_fixture])

MIRROR = {"added": "dropped", "dropped": "added"}
NO_CHANGES = {"added": 0, "dropped": 0, "changed": 0, "moved": 0, "punctuation": 0, "added_with_section": 0,
              "added_within_section": 0, "dropped_with_section": 0, "dropped_within_section": 0}


def mirrored(summary: dict) -> dict:
    """The summary of B→A read off A→B's: added ↔ dropped (also in ``added_with_section`` …)."""
    def swap(key: str) -> str:
        head, _, tail = key.partition("_")
        return MIRROR.get(head, head) + ("_" + tail if tail else "")

    return {group: {swap(k): v for k, v in counts.items()} for group, counts in summary.items() if group != "size"}


def mutate(report, ops):
    """Apply (section index, paragraph index, action, text) mutations to a report."""
    sections = [s for s in report.walk() if s.paragraphs]

    def edit(section, action, p_index, text):
        paras = list(section.paragraphs)
        i = p_index % len(paras)
        if action == "drop" and len(paras) > 1:
            del paras[i]
        elif action == "insert":
            paras.insert(i, make_paragraph(text))
        elif action == "append":
            paras[i] = make_paragraph(paras[i].text + " " + text, paras[i].run_in_heading)
        return replace(section, paragraphs=tuple(paras))

    targets = {}
    for s_index, p_index, action, text in ops:
        sec = sections[s_index % len(sections)]
        targets.setdefault(sec.path, []).append((action, p_index, text))

    def rebuild(section):
        for action, p_index, text in targets.get(section.path, []):
            section = edit(section, action, p_index, text)
        return replace(section, children=tuple(rebuild(c) for c in section.children))

    return replace(report, sections=tuple(rebuild(s) for s in report.sections))


sentence = st.sampled_from([
    "The ministry reported 412 complaints during the year.",
    "Human rights defenders said the law was applied selectively.",
    "On May 3, police detained 27 protesters in Almaty.",
    "The government did not respond to requests for comment.",
])
mutation = st.tuples(st.integers(0, 500), st.integers(0, 50), st.sampled_from(["drop", "insert", "append"]), sentence)


def test_a_report_against_itself_has_no_changes(corpus):
    for year in corpus.years():
        report = corpus.load(year)
        summary = compare(report, report).to_json()["summary"]
        assert summary["changes"] == NO_CHANGES
        assert summary["sections"]["unchanged"] == sum(1 for _ in report.walk())
        for group in ("statistics", "laws", "abuses"):
            assert summary[group].get("added", 0) == summary[group].get("dropped", 0) == 0


@SETTINGS
@given(seed=st.integers(0, 10_000))
def test_planted_edits_mirror(corpus, seed):
    report = corpus.load(2024)
    edited, _ = plant_edits(report, seed)
    forward = compare(report, edited).to_json()["summary"]
    backward = compare(edited, report).to_json()["summary"]
    assert mirrored(forward)["changes"] == backward["changes"]
    assert mirrored(forward)["sections"] == backward["sections"]


@SETTINGS
@given(ops=st.lists(mutation, min_size=1, max_size=6))
def test_random_mutations_mirror_and_self_is_clean(corpus, ops):
    report = corpus.load(2024)
    edited = mutate(report, ops)
    assert compare(edited, edited).to_json()["summary"]["changes"] == NO_CHANGES
    forward = compare(report, edited).to_json()["summary"]
    backward = compare(edited, report).to_json()["summary"]
    assert mirrored(forward)["changes"] == backward["changes"]
    assert mirrored(forward)["statistics"] == backward["statistics"]
