"""Statistics pairing on the real corpus against a hand-checked sample.

Every ``changed`` statistic differ reports for 2016→2023 and 2023→2024 was read by hand
in both sentences and labelled below: ``True`` when the two figures measure the same
thing (same source, same quantity, the edition's own figure), ``False`` otherwise.

* precision: labelled-correct pairs among the ``changed`` pairs differ reports (a pair
  differ reports that is not in the sample counts as unchecked and is listed)
* recall: correct pairs of the sample that differ reports

Usage: python benchmarks/stats_accuracy.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

# (old year, new year, old value, new value): (same claim?, what it is). Recall counts the
# old figures of the correct pairs: found when differ pairs that old figure with any new
# figure labelled correct. Values are as differ writes them, qualifier included. Pairs are
# right only for the same subject, source and a comparable period (issue 11): the gold files
# in benchmarks/gold/ read the same way, this sample covers the whole of both reports.
HAND_CHECKED: dict[tuple[int, int, str, str], tuple[bool, str]] = {
    (2016, 2023, "up to 10", "up to 15"): (True, "maximum days of administrative arrest for minor infractions"),
    (2016, 2023, "up to 75", "up to 40"): (True, "imprisonment for illegal interference by public associations (days)"),
    (2016, 2023, "no more than 90", "up to 50"): (True, "imprisonment when the organisation's leader interferes (days)"),
    (2016, 2023, "6,876", "7,379"): (True, "persons officially registered as stateless"),
    (2016, 2023, "28", "49"): (True, "crisis centers (Ministry of Internal Affairs)"),
    (2016, 2023, "eight–10", "seven–12"): (True, "prison sentence for kidnapping (years)"),
    (2016, 2023, "three–15", "up to eight"): (True, "statutory prison term for rape (years)"),
    (2016, 2023, "96", "138"): (False, "the ombudsman's complaints for the whole of 2016 vs the first half of 2023"),
    (2016, 2023, "258", "17,595"): (False, "ministry labor inspectors vs volunteer labor inspectors"),
    (2016, 2023, "96", "110"): (False, "110 is the ombudsman's 2022 figure of the January events, not comparable"),
    (2016, 2023, "115", "138"): (False, "KIBHR's count vs the ombudsman's"),
    (2016, 2023, "600", "138"): (False, "the prosecutor general's yearly average vs the ombudsman's half-year count"),
    (2023, 2024, "1.6 million", "1.69 million"): (True, "workers in hazardous conditions"),
    (2023, 2024, "17,595", "more than 24,000"): (True, "volunteer labor inspectors"),
    (2023, 2024, "1.15 million", "more than 1.16 million"): (True, "workforce in the informal economy"),
    (2023, 2024, "979", "669"): (True, "refugees and asylum seekers (UNHCR)"),
    (2023, 2024, "more than 750", "2,366"): (False, "safety inspections vs all inspections"),
    (2023, 2024, "188", "283"): (False, "complaints during the January 2022 unrest vs for calendar 2023"),
    (2023, 2024, "188", "165"): (False, "complaints during the January 2022 unrest vs allegations for calendar 2023"),
    (2023, 2024, "138", "219"): (False, "the ombudsman's first half of 2023 vs the first eight months of 2024"),
    (2023, 2024, "110", "165"): (False, "the ombudsman's count vs the Coalition Against Torture's"),
}
# Defensible but not required: the same quantity estimated by a different source.
OPTIONAL = {
    (2016, 2023, "2,000–3,000", "approximately 3,000"): "early and forced marriages a year: an NGO's estimate vs UNFPA's",
}


def evaluate(corpus_dir: Path = ROOT / "corpus", verbose: bool = False) -> dict:
    from differ.corpus import Corpus
    from differ.diff import compare_years

    corpus = Corpus(corpus_dir, "kazakhstan")
    produced: set[tuple[int, int, str, str]] = set()
    for old, new in sorted({(k[0], k[1]) for k in HAND_CHECKED}):
        comparison = compare_years(corpus, old, new)
        for s in comparison.statistics:
            if s.status == "changed":
                produced.add((old, new, s.old.value, s.new.value))
    labels = {**HAND_CHECKED, **{k: (True, note) for k, note in OPTIONAL.items()}}
    labelled = [k for k in produced if k in labels]
    correct = [k for k in labelled if labels[k][0]]
    unchecked = sorted(produced - set(labels))
    expected_old = sorted({k[:3] for k, (ok, _) in HAND_CHECKED.items() if ok})
    found = [k for k in expected_old if any(p[:3] == k and labels.get(p, (False,))[0] for p in produced)]
    if verbose:
        for k in sorted(produced):
            label = labels.get(k)
            mark = "unchecked" if label is None else ("ok" if label[0] else "WRONG")
            print(f"  {k[0]}→{k[1]} {k[2]} → {k[3]}: {mark}{'' if label is None else ' — ' + label[1]}")
        for k in expected_old:
            if k not in found:
                print(f"  missed: {k[0]}→{k[1]} {k[2]} → (a correct partner)")
    return {
        "n": len(labelled),
        "precision": len(correct) / len(labelled) if labelled else 1.0,
        "recall": len(found) / len(expected_old) if expected_old else 1.0,
        "unchecked": unchecked,
    }


def main() -> None:
    r = evaluate(verbose=True)
    print(f"statistics pairing, hand-checked sample: precision {r['precision']:.3f} over {r['n']} reported pairs, "
          f"recall {r['recall']:.3f}; {len(r['unchecked'])} reported pairs not in the sample")


if __name__ == "__main__":
    main()
