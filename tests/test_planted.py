"""Planted edits in the real reports: the diff finds each one with the right kind and nothing else."""

import pytest

from differ.plant import KINDS, evaluate, plant, run_planted

SEEDS = range(3)


@pytest.fixture(scope="module")
def reports(corpus):
    return {y: corpus.load(y) for y in (2016, 2023, 2024)}


@pytest.mark.parametrize("year", [2016, 2023, 2024])
def test_planted_edits_found_exactly(reports, year):
    for seed in SEEDS:
        ev, comparison, edits = run_planted(reports[year], seed)
        # every kind fits in the bigger reports; 2024's short outline may run out of sections
        assert len(edits) >= (len(KINDS) if year != 2024 else len(KINDS) - 3), f"seed {seed}: {len(edits)} edits"
        assert not ev.missed, f"seed {seed}: missed {ev.missed}"
        assert not ev.extras, f"seed {seed}: reported changes nobody planted: {ev.extras}"
        assert ev.recall == 1.0 and ev.false_change_rate == 0.0


def test_each_kind_alone_reports_only_its_own_signature(reports):
    report = reports[2024]
    expected_counts = {
        "sentence_deleted": {"dropped": 1},
        "sentence_inserted": {"added": 1},
        "number_changed": {"changed": 1},
        "paragraph_moved": {"moved": 1},
        "heading_renamed": {"changed": 1},
        "abuse_added": {"changed": 1},
        "abuse_removed": {"changed": 1},
        "law_added": {"added": 1},
        "paragraph_reordered": {"moved": 1},
        "paragraph_inserted": {"added": 1},
        "figures_deleted": {"dropped": 1},
        "threshold_changed": {"changed": 1},
        "comparison_sentence": {"changed": 1},  # 2024's "219 … compared with 315 …" with one side changed
        "punctuation_only": {"punctuation": 1},
    }
    assert set(expected_counts) == set(KINDS)
    for kind, counts in expected_counts.items():
        ev, comparison, edits = run_planted(report, seed=11, kinds=[kind])
        assert ev.recall == 1.0 and not ev.extras, (kind, ev.missed, ev.extras)
        got = {k: v for k, v in comparison.summary["changes"].items() if v and not k.endswith("section")}
        assert got == counts, kind
        sections = comparison.summary["sections"]
        assert sections["added"] == sections["dropped"] == 0
        if kind == "figures_deleted":
            assert comparison.summary["statistics"]["dropped"] >= 1
            assert comparison.summary["statistics"]["changed"] == comparison.summary["statistics"]["added"] == 0
        if kind == "threshold_changed":
            [st] = comparison.statistics
            assert (st.status, st.old.kind, st.new.kind) == ("changed", "threshold", "threshold")
        if kind == "paragraph_moved":
            assert sections["changed"] == 2  # the source (moved out) and the destination
        else:
            assert sections["changed"] == 1


def test_an_inserted_comparison_reports_both_figures(reports):
    for seed in range(4):
        ev, comparison, [edit] = run_planted(reports[2023], seed, kinds=["comparison_sentence"])
        assert edit.description.startswith("comparison inserted") and ev.recall == 1.0 and not ev.extras
        assert [s.status for s in comparison.statistics] == ["added", "added"]


def test_evaluation_counts_misses_and_extras(reports):
    """The checker itself: a comparison of the unedited report misses every planted edit."""
    from differ.diff import compare

    report = reports[2016]
    planted, edits = plant(report, seed=3)
    nothing = compare(report, report, old_meta={"year": 2016}, new_meta={"year": 2016})
    ev = evaluate(nothing, edits)
    assert ev.edits_found == 0 and ev.missed and ev.false_changes == 0
    # and the reverse comparison reports changes none of the (forward) expectations explain
    backwards = compare(planted, report, old_meta={"year": 2016}, new_meta={"year": 2016})
    ev = evaluate(backwards, edits)
    assert ev.false_changes > 0
