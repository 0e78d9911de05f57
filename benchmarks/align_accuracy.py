"""Precision and recall of the section aligner against the hand-made expected maps.

    python benchmarks/align_accuracy.py            # from the repository root
    python benchmarks/align_accuracy.py --json

The expected maps are tests/data/align-<year>-<base>.json for Kazakhstan and
tests/data/align-<country>-<year>-<base>.json for the others (see their "note" for the
format; a map names its country, Kazakhstan if it does not). For every target section the aligner's primary match (``matches[0]``, or none)
is compared with the expected ``match`` and the ``accept`` alternatives:

* pair precision: of the target sections the aligner paired with a base section, the
  share paired with a right one;
* pair recall: of the target sections that have an expected base section, the share the
  aligner paired with a right one;
* "new" precision/recall: the same for sections reported as having no counterpart;
* dropped precision/recall: base sections reported as dropped against the expected list
  (``optional_dropped`` sections count as right either way);
* relation accuracy: the share of target sections given the (or an) expected relation;
* accuracy: the share of target sections whose primary match (or "new") is right.

Also times the alignment of each pair (median of several runs, parse excluded).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def _key(path) -> tuple[str, ...] | None:
    return None if path is None else tuple(path)


def score(alignment, expected: dict) -> dict:
    """Compare an :class:`~differ.align.Alignment` with an expected map; returns the counts and rates."""
    got = {m.target.path: m for m in alignment.sections}
    paired = paired_ok = exp_paired = exp_paired_ok = 0
    new = new_ok = exp_new = exp_new_ok = 0
    rel_ok = 0
    right_total = 0
    errors: list[str] = []
    missing: list[str] = []
    for e in expected["sections"]:
        path = tuple(e["path"])
        m = got.get(path)
        if m is None:
            missing.append(" > ".join(path))
            continue
        right = {_key(e["match"])} | {_key(a) for a in e.get("accept", [])}
        pred = m.matches[0].path if m.matches else None
        ok = pred in right
        right_total += ok
        if pred is not None:
            paired += 1
            paired_ok += ok
        else:
            new += 1
            new_ok += ok
        if e["match"] is not None:
            exp_paired += 1
            exp_paired_ok += ok and pred is not None
        else:
            exp_new += 1
            exp_new_ok += pred is None
        relations = e["relation"] if isinstance(e["relation"], list) else [e["relation"]]
        rel_ok += m.relation in relations
        if not ok:
            want = " > ".join(e["match"]) if e["match"] else "(new)"
            have = " > ".join(pred) if pred else "(new)"
            errors.append(f"{' > '.join(path)}\n      got  {have} [{m.relation} {m.confidence:.2f}]\n      want {want}")
    dropped_pred = {d.path for d in alignment.dropped}
    dropped_exp = {tuple(p) for p in expected["dropped"]}
    optional = {tuple(p) for p in expected.get("optional_dropped", [])}
    drop_ok = len(dropped_pred & (dropped_exp | optional))
    wrong_drops = sorted(dropped_pred - dropped_exp - optional)
    missed_drops = sorted(dropped_exp - dropped_pred)

    def rate(a, b):
        return round(a / b, 3) if b else 1.0

    n = len(expected["sections"])
    return {
        "country": expected.get("country", "kazakhstan"),
        "base": expected["base"],
        "year": expected["year"],
        "sections": n,
        "pair_precision": rate(paired_ok, paired),
        "pair_recall": rate(exp_paired_ok, exp_paired),
        "new_precision": rate(new_ok, new),
        "new_recall": rate(exp_new_ok, exp_new),
        "dropped_precision": rate(drop_ok, len(dropped_pred)),
        "dropped_recall": rate(len(dropped_exp & dropped_pred), len(dropped_exp)),
        "relation_accuracy": rate(rel_ok, n),
        "accuracy": rate(right_total, n),
        "counts": {"paired": paired, "paired_right": paired_ok, "expected_pairs": exp_paired,
                   "new": new, "new_right": new_ok, "expected_new": exp_new,
                   "dropped": len(dropped_pred), "expected_dropped": len(dropped_exp)},
        "errors": errors,
        "missing_paths": missing,
        "wrong_drops": [" > ".join(p) for p in wrong_drops],
        "missed_drops": [" > ".join(p) for p in missed_drops],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--runs", type=int, default=7, help="timing runs per pair")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from differ.align import align_reports
    from differ.corpus import Corpus

    results = []
    for path in sorted(DATA.glob("align-*-*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        corpus = Corpus(ROOT / "corpus", expected.get("country", "kazakhstan"))
        base, target = corpus.load(expected["base"]), corpus.load(expected["year"])
        align_reports(base, target)  # warm-up (imports)
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            alignment = align_reports(base, target)
            times.append(time.perf_counter() - t0)
        res = score(alignment, expected)
        res["median_ms"] = round(1000 * statistics.median(times), 1)
        res["max_ms"] = round(1000 * max(times), 1)
        results.append(res)

    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    for r in results:
        print(f"{r['country']} {r['year']} → {r['base']}: {r['sections']} target sections, alignment {r['median_ms']} ms "
              f"(median of {args.runs}, max {r['max_ms']} ms)")
        print(f"  pairs    precision {r['pair_precision']:.3f}  recall {r['pair_recall']:.3f}  "
              f"({r['counts']['paired_right']}/{r['counts']['paired']} paired right, "
              f"{r['counts']['expected_pairs']} expected)")
        print(f"  new      precision {r['new_precision']:.3f}  recall {r['new_recall']:.3f}")
        print(f"  dropped  precision {r['dropped_precision']:.3f}  recall {r['dropped_recall']:.3f}")
        print(f"  accuracy {r['accuracy']:.3f} (primary match or 'new' right)  relation accuracy {r['relation_accuracy']:.3f}")
        for e in r["errors"]:
            print("  ✗ " + e)
        for p in r["missing_paths"]:
            print(f"  ? expected path not in the parsed report: {p}")
        for p in r["wrong_drops"]:
            print(f"  - reported dropped, but has a counterpart: {p}")
        for p in r["missed_drops"]:
            print(f"  + dropped but not reported: {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
