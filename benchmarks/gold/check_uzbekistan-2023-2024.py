#!/usr/bin/env python3
"""Check the Uzbekistan 2023 -> 2024 gold file against the two corpus texts (stdlib only).

Usage: python3 check_uzbekistan-2023-2024.py [GOLD_JSON] [CORPUS_DIR]   (either order)
Defaults: the JSON next to this script and the repository corpus/.
Exit status 0 when every check passes, 1 with one line per problem otherwise.
"""
import json
import re
from pathlib import Path

from gold_checks import gold_and_corpus, status_errors, stop_on

gold, corpus = gold_and_corpus("uzbekistan-2023-2024.json")
OLD, NEW = gold["old"], gold["new"]


def joined(year):
    lines = (corpus / gold["country"] / f"{year}.txt").read_text(encoding="utf-8").splitlines()
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


text = {OLD: joined(OLD), NEW: joined(NEW)}
errors = []


def must_occur(year, quote, where):
    if not quote or quote not in text[year]:
        errors.append(f"{where}: not in {year}: {quote!r}")


def abuse_list(year):
    """The executive summary's list, split into items as the report does (semicolons)."""
    t = text[year]
    start = t.index("Significant human rights issues included credible reports of:")
    start = t.index(":", start) + 1
    end = t.index(". Although the government", start)
    items = [i.strip() for i in t[start:end].split(";")]
    items[-1] = re.sub(r"^and ", "", items[-1])
    return items


# abuses: quotes occur, statuses coherent, each list item in exactly one entry
for year, key in ((OLD, "old"), (NEW, "new")):
    listed = abuse_list(year)
    counts = {item: 0 for item in listed}
    for n, entry in enumerate(gold["abuses"]):
        for item in entry[key]:
            must_occur(year, item, f"abuses[{n}].{key}")
            if item not in counts:
                errors.append(f"abuses[{n}].{key}: not an item of the {year} list: {item!r}")
            else:
                counts[item] += 1
    for item, c in counts.items():
        if c != 1:
            errors.append(f"{year} abuse item in {c} entries (need exactly 1): {item!r}")
for n, e in enumerate(gold["abuses"]):
    ok = {"kept": bool(e["old"]) and bool(e["new"]) and e["relation"] in ("same", "split", "merged"),
          "added": not e["old"] and bool(e["new"]) and e["relation"] is None,
          "dropped": bool(e["old"]) and not e["new"] and e["relation"] is None}.get(e["status"], False)
    if not ok:
        errors.append(f"abuses[{n}]: incoherent status/relation/old/new")
    if e["related"] is not None and e["related"] not in abuse_list(OLD) + abuse_list(NEW):
        errors.append(f"abuses[{n}].related is not a list item: {e['related']!r}")

# laws
for n, law in enumerate(gold["laws"]):
    if law["old_quote"] is not None:
        must_occur(OLD, law["old_quote"], f"laws[{n}].old_quote")
    if law["new_quote"] is not None:
        must_occur(NEW, law["new_quote"], f"laws[{n}].new_quote")
    has_old, has_new = law["old_quote"] is not None, law["new_quote"] is not None
    expected = {"dropped": (True, False), "kept": (True, True), "changed": (True, True)}
    if law["status"] in expected and (has_old, has_new) != expected[law["status"]]:
        errors.append(f"laws[{n}]: status {law['status']} but quotes old={has_old} new={has_new}")
    if law["status"] == "added" and not has_new:
        errors.append(f"laws[{n}]: added without new_quote")

# statistics
for n, f in enumerate(gold["statistics"]["figures"]):
    for year, key in ((OLD, "old"), (NEW, "new")):
        side = f[key]
        if side is None:
            continue
        must_occur(year, side["quote"], f"figures[{n}].{key}.quote")
        if side["value"] not in side["quote"]:
            errors.append(f"figures[{n}].{key}: value {side['value']!r} not in its quote")
    errors += status_errors(n, f)
for n, nf in enumerate(gold["statistics"]["not_figures"]):
    must_occur(nf["edition"], nf["quote"], f"not_figures[{n}]")

stop_on(errors)
figs = gold["statistics"]["figures"]
print(f"OK: {len(gold['abuses'])} abuse entries, {len(gold['laws'])} laws, {len(figs)} figures, "
      f"{len(gold['statistics']['not_figures'])} not_figures; all quotes found in {OLD}/{NEW} texts")
