#!/usr/bin/env python3
"""Check the hand-made gold file kazakhstan-2016-2023.json against the two corpus texts.

Stdlib only.  Usage:  python3 check_kazakhstan-2016-2023.py [CORPUS_DIR]
(CORPUS_DIR defaults to the repository corpus/kazakhstan; the JSON is read from beside this script).

Checks:
  * every quote / abuse item occurs verbatim in its edition after normalisation
    (2016 page furniture and footnote URLs dropped, lines joined with single spaces,
    whitespace collapsed);
  * the executive-summary abuse lists, split independently from the texts on ';',
    are covered exactly: every item of each edition is in exactly one entry, and no entry
    holds an item that is not in the list;
  * statuses, relations and null/non-null sides are consistent; every figure value is
    written inside its quote.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLD = os.path.join(HERE, "kazakhstan-2016-2023.json")
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "corpus", "kazakhstan")

FURNITURE_2016 = (
    re.compile(r"KAZAKHSTAN \d+"),
    re.compile(r"Country Reports on Human Rights Practices for 2016"),
    re.compile(r"United States Department of State\b.*"),
    re.compile(r"https?://\S+"),
)


def normalise(path, year):
    kept = []
    for line in open(path, encoding="utf-8").read().split("\n"):
        line = line.strip()
        if not line:
            continue
        if year == 2016 and any(p.fullmatch(line) for p in FURNITURE_2016):
            continue
        kept.append(line)
    return re.sub(r"\s+", " ", " ".join(kept))


def between(text, start, end):
    i = text.index(start) + len(start)
    return text[i:text.index(end, i)]


def split_items(clause):
    items = []
    for part in clause.split(";"):
        part = part.strip()
        if part.startswith("and "):
            part = part[4:]
        items.append(part.strip())
    return items


def main():
    gold = json.load(open(GOLD, encoding="utf-8"))
    old, new = gold["old"], gold["new"]
    text = {y: normalise(os.path.join(CORPUS, f"{y}.txt"), y) for y in (old, new)}
    problems = []

    def occurs(year, quote, where):
        if quote is None:
            return
        if quote not in text[year]:
            problems.append(f"{where}: not found in {year}: {quote!r}")

    # ---- abuse lists, split from the texts themselves
    lists = {
        old: split_items(between(text[old], "The most significant human rights problems were ", ". "))
        + split_items(between(text[old], "Other reported abuses included ", ". ")),
        new: split_items(between(text[new], "Significant human rights issues included credible reports of: ", ". ")),
    }
    seen = {old: [], new: []}
    for n, entry in enumerate(gold["abuses"]):
        where = f"abuse #{n}"
        st, rel = entry["status"], entry["relation"]
        if st not in ("kept", "added", "dropped"):
            problems.append(f"{where}: bad status {st}")
        if st == "kept" and rel not in ("same", "split", "merged"):
            problems.append(f"{where}: kept needs relation same/split/merged, got {rel}")
        if st != "kept" and rel is not None:
            problems.append(f"{where}: {st} must have relation null")
        if st == "added" and (entry["old"] or not entry["new"]):
            problems.append(f"{where}: added needs old=[] and new items")
        if st == "dropped" and (entry["new"] or not entry["old"]):
            problems.append(f"{where}: dropped needs new=[] and old items")
        if rel == "same" and (len(entry["old"]) != 1 or len(entry["new"]) != 1):
            problems.append(f"{where}: 'same' must be one-to-one")
        if rel == "split" and (len(entry["old"]) != 1 or len(entry["new"]) < 2):
            problems.append(f"{where}: 'split' is one old item -> several new")
        if rel == "merged" and (len(entry["old"]) < 2 or len(entry["new"]) != 1):
            problems.append(f"{where}: 'merged' is several old items -> one new")
        for year, key in ((old, "old"), (new, "new")):
            for item in entry[key]:
                occurs(year, item, where)
                seen[year].append(item)
        if entry.get("related") is not None:
            if entry["related"] not in lists[old] + lists[new]:
                problems.append(f"{where}: related is not an item of either list: {entry['related']!r}")
    for year in (old, new):
        for item in lists[year]:
            count = seen[year].count(item)
            if count != 1:
                problems.append(f"{year} list item in {count} entries (need exactly 1): {item!r}")
        for item in seen[year]:
            if item not in lists[year]:
                problems.append(f"entry holds {year} text that is not a list item: {item!r}")

    # ---- laws
    names = set()
    for n, law in enumerate(gold["laws"]):
        where = f"law #{n} ({law['name']})"
        if law["name"] in names:
            problems.append(f"{where}: duplicate name")
        names.add(law["name"])
        st = law["status"]
        if st not in ("added", "dropped", "changed", "kept"):
            problems.append(f"{where}: bad status {st}")
        if law["kind"] not in ("law", "code", "article", "decree", "convention", "protocol",
                               "treaty", "amendment", "constitution"):
            problems.append(f"{where}: bad kind {law['kind']}")
        need_old = st in ("dropped", "changed", "kept")
        need_new = st in ("added", "changed", "kept")
        # 'added' may carry an old quote when a generic mention existed before (adoption rule)
        if need_old and not law["old_quote"]:
            problems.append(f"{where}: {st} needs old_quote")
        if need_new and not law["new_quote"]:
            problems.append(f"{where}: {st} needs new_quote")
        if st == "dropped" and law["new_quote"]:
            problems.append(f"{where}: dropped must have new_quote null")
        occurs(old, law["old_quote"], where)
        occurs(new, law["new_quote"], where)

    # ---- statistics
    for n, fig in enumerate(gold["statistics"]["figures"]):
        where = f"figure #{n} ({fig['what']})"
        st = fig["status"]
        if st not in ("changed", "added", "dropped", "unchanged"):
            problems.append(f"{where}: bad status {st}")
        if fig["kind"] not in ("count", "percent", "money", "duration", "threshold", "range"):
            problems.append(f"{where}: bad kind {fig['kind']}")
        if (fig["old"] is None) != (st == "added"):
            problems.append(f"{where}: old side must be null exactly when added")
        if (fig["new"] is None) != (st == "dropped"):
            problems.append(f"{where}: new side must be null exactly when dropped")
        for year, key in ((old, "old"), (new, "new")):
            side = fig[key]
            if side is None:
                continue
            occurs(year, side["quote"], where)
            if side["value"].lower() not in side["quote"].lower():
                problems.append(f"{where}: value {side['value']!r} not in its quote")
            if side["qualifier"] and side["qualifier"].lower() not in text[year].lower():
                problems.append(f"{where}: qualifier {side['qualifier']!r} not in {year} text")
    for n, nf in enumerate(gold["statistics"]["not_figures"]):
        occurs(nf["edition"], nf["quote"], f"not_figure #{n}")

    if problems:
        print("\n".join(problems))
        print(f"FAILED: {len(problems)} problem(s)")
        return 1
    figs = gold["statistics"]["figures"]
    print(f"OK: {len(gold['abuses'])} abuse entries covering {len(lists[old])} + {len(lists[new])} list items, "
          f"{len(gold['laws'])} laws, {len(figs)} figures, "
          f"{len(gold['statistics']['not_figures'])} not-figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
