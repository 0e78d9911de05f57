#!/usr/bin/env python3
"""Check the Iceland 2023 -> 2024 gold file against the two corpus texts (stdlib only).

Usage: python3 check_iceland-2023-2024.py [GOLD_JSON] [CORPUS_DIR]   (either order)
Defaults: the JSON next to this script and the repository corpus/.
Exit status 0 when every check passes, 1 with one line per problem otherwise.
"""
import json
from pathlib import Path

from gold_checks import gold_and_corpus, status_errors, stop_on

gold, corpus = gold_and_corpus("iceland-2023-2024.json")
OLD, NEW = gold["old"], gold["new"]
lines = {y: (corpus / gold["country"] / f"{y}.txt").read_text(encoding="utf-8").splitlines() for y in (OLD, NEW)}
text = {y: " ".join(ls) for y, ls in lines.items()}  # the file's lines joined with single spaces
errors = []


def must_occur(year, quote, where, unique=False):
    if not quote:
        errors.append(f"{where}: empty quote")
    elif "  " in quote:
        errors.append(f"{where}: quote contains a double space (fragile across normalisations): {quote!r}")
    elif quote not in text[year]:
        errors.append(f"{where}: not in {year}: {quote!r}")
    elif unique and text[year].count(quote) != 1:
        errors.append(f"{where}: occurs {text[year].count(quote)} times in {year} (need a unique quote): {quote!r}")


def is_heading(year, heading):
    """A heading must be one line of the file, or 2-4 consecutive lines joined with a space."""
    ls = lines[year]
    return any(" ".join(ls[i:i + k]) == heading for i in range(len(ls)) for k in range(1, 5))


# abuses: neither Iceland edition lists significant human rights issues
NO_LIST = "There were no credible reports of significant human rights abuses."
for year in (OLD, NEW):
    listed = "Significant human rights issues included" in text[year]
    if listed:
        errors.append(f"{year} has an abuse list; this checker expects none")
    elif NO_LIST not in text[year]:
        errors.append(f"{year}: the 'no credible reports' sentence is missing")
if gold["abuses"] != []:
    errors.append("abuses must be [] (no edition lists significant human rights issues)")

# laws: quotes occur, quotes match the status
for n, law in enumerate(gold["laws"]):
    has_old, has_new = law["old_quote"] is not None, law["new_quote"] is not None
    if has_old:
        must_occur(OLD, law["old_quote"], f"laws[{n}].old_quote")
    if has_new:
        must_occur(NEW, law["new_quote"], f"laws[{n}].new_quote")
    want = {"dropped": [(True, False)], "kept": [(True, True)], "changed": [(True, True)],
            "added": [(False, True), (True, True)]}.get(law["status"])
    if want is None or (has_old, has_new) not in want:
        errors.append(f"laws[{n}]: status {law['status']!r} but quotes old={has_old} new={has_new}")

# statistics: sections are real headings; figures' quotes occur once and hold their value; sides match status
for n, s in enumerate(gold["statistics"]["sections"]):
    for year, key in ((OLD, "old"), (NEW, "new")):
        if s[key] is not None and not is_heading(year, s[key]):
            errors.append(f"sections[{n}].{key}: not a heading of {year}: {s[key]!r}")
    if s["old"] is None and s["new"] is None:
        errors.append(f"sections[{n}]: both sides null")
KINDS = {"count", "percent", "money", "duration", "threshold", "range"}
for n, f in enumerate(gold["statistics"]["figures"]):
    if f["kind"] not in KINDS:
        errors.append(f"figures[{n}]: unknown kind {f['kind']!r}")
    for year, key in ((OLD, "old"), (NEW, "new")):
        side = f[key]
        if side is None:
            continue
        must_occur(year, side["quote"], f"figures[{n}].{key}.quote", unique=True)
        if side["value"] not in side["quote"]:
            errors.append(f"figures[{n}].{key}: value {side['value']!r} not in its quote")
        q = side["qualifier"]
        if q is not None and not all(w in side["quote"].lower().split() for w in q.lower().split()):
            errors.append(f"figures[{n}].{key}: qualifier {q!r} has words not in its quote")
    errors += status_errors(n, f)
for n, nf in enumerate(gold["statistics"]["not_figures"]):
    must_occur(nf["edition"], nf["quote"], f"not_figures[{n}]")

stop_on(errors)
figs = gold["statistics"]["figures"]
count = {s: sum(f["status"] == s for f in figs) for s in ("unchanged", "changed", "added", "dropped")}
print(f"OK: abuses [] (no list in either edition), {len(gold['laws'])} laws, {len(figs)} figures {count}, "
      f"{len(gold['statistics']['not_figures'])} not_figures, {len(gold['statistics']['sections'])} section pairs; "
      f"all quotes found in {OLD}/{NEW} texts")
