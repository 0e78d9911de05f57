"""Planted-edit benchmark: recall and false-change rate of the diff over many seeds.

For every real report and every seed, :func:`differ.plant.plant` makes one edit of each
kind (sentence deleted, sentence inserted, number changed, paragraph moved to another
section, heading renamed, abuse item added, abuse item removed, law reference added,
paragraph reordered inside its section, paragraph inserted, sentence with figures deleted,
an age limit or legal duration changed, a comparison sentence inserted or with one side changed,
a comma taken out of a sentence, which must read as a ``punctuation`` edit, never ``changed``),
``differ.diff.compare`` compares the original with the edited copy (alignment included),
and :func:`differ.plant.evaluate` checks that each edit is reported with the right kind
and that nothing else is.

* recall: planted edits found with every expected item (change kind and section, the
  changed statistic's old → new values, the added law, the added/dropped abuse item)
* false-change rate: reported items (changes, statistics, non-kept laws and abuses, added
  or dropped sections) that no planted edit explains, over all reported items

Usage: python benchmarks/planted_edits.py [--seeds N] [--years 2016,2023,2024]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from differ.corpus import Corpus  # noqa: E402
from differ.diff import compare  # noqa: E402
from differ.plant import Evaluation, evaluate as evaluate_comparison, plant_edits  # noqa: E402


def evaluate(seeds: int = 40, years=(2016, 2023, 2024), corpus_dir: Path = ROOT / "corpus",
             verbose: bool = False, n_edits: int | None = None) -> dict:
    """Run the benchmark. ``n_edits=None``: one edit of each kind per comparison; else that
    many edits of randomly drawn kinds (kinds repeat)."""
    corpus = Corpus(corpus_dir, "kazakhstan")
    total = Evaluation()
    runs = 0
    seconds = 0.0
    for year in years:
        report = corpus.load(year)
        for seed in range(seeds):
            start = time.perf_counter()
            planted, edits = plant_edits(report, seed, n_edits=n_edits)
            ev = evaluate_comparison(compare(report, planted), edits)
            seconds += time.perf_counter() - start
            runs += 1
            total.add(ev)
            if verbose:
                for kind, expect in ev.missed:
                    print(f"  {year} seed {seed}: MISSED {kind}: {expect}")
                for item in ev.extras:
                    print(f"  {year} seed {seed}: EXTRA {type(item).__name__}: {item}")
    return {
        "seeds": seeds,
        "years": list(years),
        "runs": runs,
        "per_seed": round(total.edits / runs, 2) if runs else 0,
        "edits": total.edits,
        "found": total.edits_found,
        "recall": total.recall,
        "expectations": total.expectations,
        "expectations_found": total.expectations_found,
        "reported": total.reported,
        "false_changes": total.false_changes,
        "false_change_rate": total.false_change_rate,
        "false_per_run": total.false_changes / runs if runs else 0.0,
        "by_kind": {k: {"planted": p, "found": f} for k, (p, f) in sorted(total.by_kind.items())},
        "seconds_per_run": seconds / runs if runs else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=40)
    ap.add_argument("--years", default="2016,2023,2024")
    ap.add_argument("--edits", type=int, default=None,
                    help="edits per comparison, kinds drawn at random (default: one of each kind)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss and false change")
    opts = ap.parse_args()
    years = tuple(int(y) for y in opts.years.split(","))
    r = evaluate(opts.seeds, years, verbose=opts.verbose, n_edits=opts.edits)
    mode = "one of each kind" if opts.edits is None else f"{opts.edits} random kinds"
    print(f"planted edits ({mode}): {r['runs']} comparisons ({r['seeds']} seeds × {len(years)} reports), "
          f"{r['edits']} edits planted")
    print(f"recall:            {r['recall']:.3f}  ({r['found']}/{r['edits']} edits found with the right kind)")
    print(f"false-change rate: {r['false_change_rate']:.3f}  ({r['false_changes']} of {r['reported']} reported items "
          f"unexplained; {r['false_per_run']:.2f} per comparison)")
    for kind, c in r["by_kind"].items():
        print(f"  {kind:18} {c['found']:4}/{c['planted']:<4} recall {c['found'] / c['planted']:.3f}")
    print(f"time per comparison (plant + align + diff + evaluate): {r['seconds_per_run'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
