"""Abuses, laws and statistics of real comparisons scored against hand-read gold files.

    python benchmarks/findings_accuracy.py               # every benchmarks/gold/*.json
    python benchmarks/findings_accuracy.py --verbose     # also every miss and every wrong item
    python benchmarks/findings_accuracy.py --json        # the scores as JSON

The gold files (format and reading notes in benchmarks/gold/README.md) were written by
reading both editions before looking at differ's output. Items are found in differ's
comparison by their text: every gold quote is verbatim report text, and both sides are
compared on letters and digits only, so line breaks, hyphenation and stray spaces left by
PDF extraction do not matter.

* **abuses**: decisions, not items. Each gold entry is one decision: ``added`` item,
  ``dropped`` item, or a ``kept`` pair (the set of old items ↔ the set of new items, so a
  split or merge must group exactly those items). differ's entries are turned into
  decisions the same way; precision, recall and F1 are over those sets.
* **laws**: each gold law is matched to at most one differ entry: one whose sentences
  contain the gold quote and whose name is similar, else one of the same kind with a
  near-identical name (the most similar first). Recall counts gold laws found
  *with the right status*; precision counts differ entries matched to a gold law with the
  right status, so two entries for one law (an unfolded spelling variant) cost precision.
* **statistics**: only inside the sections the gold lists (every figure of those sections
  was read; ``statistics.scope`` gives them as heading paths of each edition's outline). A gold figure is found when differ lists it with the same status (a
  ``changed`` pair needs both sides right). Precision counts differ's items in those
  sections that are right; ``changed`` precision only its ``changed`` pairs. A figure the
  gold calls ``unchanged`` that differ lists (say, as added and dropped) is wrong.

Targets (issue 11): abuses F1 ≥ 0.97; statistics precision ≥ 0.95 on changed pairs and
≥ 0.9 on everything listed, recall ≥ 0.95; laws recall ≥ 0.95 with the right status.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "benchmarks" / "gold"
TARGETS = {"abuses_f1": 0.97, "stat_changed_precision": 0.95, "stat_precision": 0.9, "stat_recall": 0.95,
           "law_recall": 0.95}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ENUMERATOR = re.compile(r"^\s*(?:section\s+\d+\.?|[a-z]\.|\d+\.)\s*", re.I)


def squash(text: str | None) -> str:
    """Letters and digits only, lower case: robust to PDF line breaks, hyphens and spacing."""
    return _NON_ALNUM.sub("", (text or "").lower())


def _heading_key(heading: str) -> str:
    return squash(_ENUMERATOR.sub("", heading or ""))


def _similar(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) / 100.0


def _prf(right: int, listed: int, expected: int) -> dict:
    p = right / listed if listed else 1.0
    r = right / expected if expected else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "right": right, "listed": listed, "expected": expected}


# --- abuses ------------------------------------------------------------------------------------


def _items(entry: dict, side: str) -> list[str]:
    items = entry.get(f"{side}_items")
    if items is not None:
        return list(items)
    text = entry.get(f"{side}_text")
    return [text] if text else []


def _item_id(text: str, known: dict[str, str]) -> str:
    """The gold item a differ item is (same text on letters and digits, or nearly so)."""
    key = squash(text)
    if key in known:
        return known[key]
    best, best_score = None, 0.0
    for gold_key, gid in known.items():
        score = _similar(key, gold_key)
        if gold_key and (gold_key in key or key in gold_key):
            score = max(score, min(len(key), len(gold_key)) / max(len(key), len(gold_key)))
        if score > best_score:
            best, best_score = gid, score
    return best if best is not None and best_score >= 0.9 else f"?{key[:60]}"


def _abuse_decisions(entries: list[dict], known: dict[str, str], ids=None) -> set:
    ids = ids or (lambda text: _item_id(text, known))
    out = set()
    for e in entries:
        old = frozenset(ids(t) for t in (e.get("old") if "old" in e else _items(e, "old")))
        new = frozenset(ids(t) for t in (e.get("new") if "new" in e else _items(e, "new")))
        if e["status"] == "kept":
            out.add(("kept", old, new))
        elif e["status"] == "added":
            out |= {("added", frozenset(), frozenset([i])) for i in new}
        else:
            out |= {("dropped", frozenset([i]), frozenset()) for i in old}
    return out


def score_abuses(gold: dict, data: dict) -> tuple[dict, list[str]]:
    known: dict[str, str] = {}
    for side in ("old", "new"):
        for n, e in enumerate(gold["abuses"]):
            for k, text in enumerate(e[side]):
                known[squash(text)] = f"{side}{n}.{k}"
    expected = _abuse_decisions(gold["abuses"], known, ids=lambda text: known[squash(text)])
    produced = _abuse_decisions([{k: v for k, v in e.items() if k not in ("old", "new")} for e in data["abuses"]],
                                known)
    right = expected & produced
    result = _prf(len(right), len(produced), len(expected))
    for status in ("added", "dropped", "kept"):
        result[status] = _prf(sum(1 for d in right if d[0] == status), sum(1 for d in produced if d[0] == status),
                              sum(1 for d in expected if d[0] == status))
    text_of = {gid: text for side in ("old", "new") for e in gold["abuses"] for text in e[side]
               for gid in [known[squash(text)]]}
    show = lambda d: f"{d[0]}: {[text_of.get(i, i)[:70] for i in sorted(d[1])]} → {[text_of.get(i, i)[:70] for i in sorted(d[2])]}"
    notes = [f"abuse missed   {show(d)}" for d in sorted(expected - produced, key=str)]
    notes += [f"abuse wrong    {show(d)}" for d in sorted(produced - expected, key=str)]
    return result, notes


# --- laws --------------------------------------------------------------------------------------


def score_laws(gold: dict, data: dict) -> tuple[dict, list[str]]:
    from rapidfuzz import fuzz

    laws = data["laws"]
    texts = [(squash(law.get("old_text")), squash(law.get("new_text"))) for law in laws]
    # Tier 1: differ's entry quotes the gold sentence and has a similar name. Tier 2 (a law
    # named in both, but differ found it in another of its sentences): same kind, near-same name.
    candidates: list[tuple[float, int, int]] = []
    for g, law in enumerate(gold["laws"]):
        name = re.sub(r"\([^)]*\)", "", law["name"]).lower()
        old_q, new_q = squash(law.get("old_quote")), squash(law.get("new_quote"))
        for t, entry in enumerate(laws):
            similarity = max(fuzz.token_set_ratio(name, entry["name"].lower()),
                             fuzz.token_set_ratio(name, entry["key"].lower())) / 100.0
            quoted = (old_q and old_q in texts[t][0]) or (new_q and new_q in texts[t][1])
            if quoted and similarity >= 0.5:
                candidates.append((1.0 + similarity, g, t))
            elif similarity >= 0.9 and entry.get("kind") == law.get("kind"):
                candidates.append((similarity, g, t))
    match: dict[int, int] = {}
    taken: set[int] = set()
    for _sim, g, t in sorted(candidates, reverse=True):
        if g not in match and t not in taken:
            match[g] = t
            taken.add(t)
    right = [g for g, t in match.items() if laws[t]["status"] == gold["laws"][g]["status"]]
    result = _prf(len(right), len(laws), len(gold["laws"]))
    notes = []
    for g, law in enumerate(gold["laws"]):
        if g not in match:
            notes.append(f"law missed     {law['name']} ({law['status']})")
        elif g not in right:
            notes.append(f"law status     {law['name']}: gold {law['status']}, differ {laws[match[g]]['status']}")
    notes += [f"law extra      {laws[t]['name']} ({laws[t]['status']})" for t in range(len(laws)) if t not in taken]
    return result, notes


# --- statistics --------------------------------------------------------------------------------


@dataclass
class _Figure:
    status: str
    old: dict | None
    new: dict | None
    what: str = ""
    found: bool = False
    claimed: list = field(default_factory=list)


_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
                 "thousand million billion half dozen").split()
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b")


def number_tokens(value: str | None) -> list[str]:
    """The numbers of a value as written, without units, qualifiers or punctuation:
    "seven to 12 years" and "seven–12" are both ['seven', '12']; "more than 1,200" is ['1200']."""
    return [t.replace(",", "") for t in _NUMBER_TOKEN.findall((value or "").lower())]


def _side_matches(gold_side: dict | None, stat: dict | None) -> bool:
    """differ's figure is the gold one: same sentence (the gold quote is in it), same numbers."""
    if not gold_side or not stat:
        return False
    if squash(gold_side["quote"]) not in squash(stat.get("text")):
        return False
    value = number_tokens(gold_side["value"])
    return bool(value) and value == number_tokens(stat.get("value"))


def _in_scope(path: list[str] | None, prefixes: list[list[str]]) -> bool:
    """Inside one of the read sections: the path starts with one of the gold's heading paths."""
    keys = [_heading_key(h) for h in (path or [])]
    return any(keys[:len(p)] == [_heading_key(h) for h in p] for p in prefixes)


def score_statistics(gold: dict, data: dict) -> tuple[dict, list[str]]:
    spec = gold["statistics"]
    scope = spec["scope"]  # heading-path prefixes of the sections read, per edition
    figures = [_Figure(f["status"], f.get("old"), f.get("new"), f.get("what", "")) for f in spec["figures"]]
    listed = [s for s in data["statistics"]
              if _in_scope(s.get("old_section"), scope["old"]) or _in_scope(s.get("new_section"), scope["new"])]
    right = right_changed = 0
    notes = []
    for stat in listed:
        ok = False
        for fig in figures:
            if fig.found or fig.status != stat["status"]:  # each gold figure is matched once
                continue
            old_ok = fig.old is None or _side_matches(fig.old, stat.get("old"))
            new_ok = fig.new is None or _side_matches(fig.new, stat.get("new"))
            if old_ok and new_ok and (stat.get("old") is None) == (fig.old is None) \
                    and (stat.get("new") is None) == (fig.new is None):
                ok = fig.found = True
                break
        right += ok
        right_changed += ok and stat["status"] == "changed"
        if not ok:
            o, n = stat.get("old") or {}, stat.get("new") or {}
            notes.append(f"stat wrong     {stat['status']}: {o.get('value')!r} → {n.get('value')!r} "
                         f"({(o.get('text') or n.get('text') or '')[:90]})")
    real = [f for f in figures if f.status != "unchanged"]
    for fig in real:
        if not fig.found:
            notes.append(f"stat missed    {fig.status}: {(fig.old or {}).get('value')!r} → "
                         f"{(fig.new or {}).get('value')!r} ({fig.what})")
    changed_listed = sum(1 for s in listed if s["status"] == "changed")
    result = _prf(right, len(listed), len(real))
    result["recall"] = sum(f.found for f in real) / len(real) if real else 1.0
    result["changed_precision"] = right_changed / changed_listed if changed_listed else 1.0
    result["changed_listed"] = changed_listed
    return result, notes


# --- driver ------------------------------------------------------------------------------------


def comparison_for(gold: dict, corpus_dir: Path) -> dict:
    from differ.corpus import Corpus
    from differ.diff import compare_years

    return compare_years(Corpus(corpus_dir, gold["country"]), gold["old"], gold["new"]).to_json()


def evaluate(gold_dir: Path = GOLD, corpus_dir: Path = ROOT / "corpus") -> list[dict]:
    rows = []
    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        data = comparison_for(gold, corpus_dir)
        abuses, a_notes = score_abuses(gold, data)
        laws, l_notes = score_laws(gold, data)
        stats, s_notes = score_statistics(gold, data)
        rows.append({"pair": f"{gold['country']} {gold['old']}→{gold['new']}", "abuses": abuses, "laws": laws,
                     "statistics": stats, "notes": a_notes + l_notes + s_notes})
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| pair | abuses P / R / F1 | laws recall (right status) / precision | statistics recall | "
             "statistics precision (all listed) | statistics precision (changed) |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        a, law, st = r["abuses"], r["laws"], r["statistics"]
        # Neither edition lists abuses, nor does differ: 1.000 there would claim a score nothing tested.
        abuses = ("none listed, as in the gold (0 decisions)" if a["expected"] == a["listed"] == 0 else
                  f"{a['precision']:.3f} / {a['recall']:.3f} / {a['f1']:.3f} ({a['expected']} decisions)")
        lines.append(
            f"| {r['pair']} | {abuses} | {law['recall']:.3f} / {law['precision']:.3f} ({law['expected']} laws) | "
            f"{st['recall']:.3f} ({st['expected']} figures) | {st['precision']:.3f} ({st['listed']} listed) | "
            f"{st['changed_precision']:.3f} ({st['changed_listed']} pairs) |")
    lines.append(f"\nTargets: abuses F1 ≥ {TARGETS['abuses_f1']}; laws recall ≥ {TARGETS['law_recall']}; statistics "
                 f"recall ≥ {TARGETS['stat_recall']}, precision ≥ {TARGETS['stat_precision']} (all listed) and "
                 f"≥ {TARGETS['stat_changed_precision']} (changed).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="directory of gold files")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss and every wrong item")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    rows = evaluate(args.gold, args.corpus)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print(table(rows))
    if args.verbose:
        for r in rows:
            print(f"\n## {r['pair']}")
            print("\n".join(r["notes"]) or "(nothing missed, nothing wrong)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
