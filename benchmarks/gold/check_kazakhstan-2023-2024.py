#!/usr/bin/env python3
"""Check the Kazakhstan 2023 -> 2024 gold file against the two corpus texts (stdlib only).

Every quote and abuse item must occur verbatim in its edition's text once lines are joined
with single spaces (runs of whitespace collapsed); every item of each edition's executive-
summary abuse list must appear in exactly one gold entry; statuses must agree with which
sides are present.

Usage: python3 check_kazakhstan-2023-2024.py [GOLD_JSON] [CORPUS_DIR]
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "kazakhstan-2023-2024.json"
CORPUS = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parents[2] / "corpus" / "kazakhstan"

LIST_START = "Significant human rights issues included credible reports of:"


def joined(year):
    return re.sub(r"\s+", " ", (CORPUS / f"{year}.txt").read_text(encoding="utf-8")).strip()


def abuse_list(text):
    """The executive-summary list, split on semicolons as printed; leading 'and ' and final '.' removed."""
    start = text.index(LIST_START) + len(LIST_START)
    end = text.index(". ", start)
    items = [i.strip() for i in text[start:end].split(";")]
    return [re.sub(r"^and ", "", i) for i in items]


def main():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    old_year, new_year = gold["old"], gold["new"]
    texts = {old_year: joined(old_year), new_year: joined(new_year)}
    errors = []

    def must_occur(year, quote, where):
        if quote is None:
            return
        if quote not in texts[year]:
            errors.append(f"{where}: not found in {year}: {quote!r}")

    # abuses: verbatim, status shape, and exactly-once coverage of both lists
    for side, year in (("old", old_year), ("new", new_year)):
        listed = abuse_list(texts[year])
        seen = [item for entry in gold["abuses"] for item in entry[side]]
        for item in seen:
            must_occur(year, item, f"abuse {side}")
            if item not in listed:
                errors.append(f"abuse {side}: not an item of the {year} list: {item!r}")
        for item in listed:
            n = seen.count(item)
            if n != 1:
                errors.append(f"abuse {side}: list item appears in {n} entries: {item!r}")
    for i, e in enumerate(gold["abuses"]):
        shape = {"kept": (True, True), "added": (False, True), "dropped": (True, False)}[e["status"]]
        if (bool(e["old"]), bool(e["new"])) != shape:
            errors.append(f"abuse #{i}: status {e['status']} but old={e['old']} new={e['new']}")
        if (e["relation"] is None) != (e["status"] != "kept"):
            errors.append(f"abuse #{i}: relation {e['relation']!r} does not fit status {e['status']}")
        if e["status"] == "kept" and e["relation"] == "same" and (len(e["old"]), len(e["new"])) != (1, 1):
            errors.append(f"abuse #{i}: a 'same' pair must be one-to-one")
        if e["related"] is not None and e["related"] not in texts[old_year] + " " + texts[new_year]:
            errors.append(f"abuse #{i}: related quote not found: {e['related']!r}")

    # laws
    names = [l["name"] for l in gold["laws"]]
    if len(names) != len(set(names)):
        errors.append("laws: duplicate names")
    for l in gold["laws"]:
        must_occur(old_year, l["old_quote"], f"law {l['name']!r} old_quote")
        must_occur(new_year, l["new_quote"], f"law {l['name']!r} new_quote")
        if l["status"] in ("changed", "kept") and not (l["old_quote"] and l["new_quote"]):
            errors.append(f"law {l['name']!r}: {l['status']} needs both quotes")
        if l["status"] == "added" and not l["new_quote"]:
            errors.append(f"law {l['name']!r}: added needs new_quote")
        if l["status"] == "dropped" and (l["new_quote"] or not l["old_quote"]):
            errors.append(f"law {l['name']!r}: dropped needs old_quote only")

    # statistics
    shapes = {"changed": (True, True), "unchanged": (True, True), "added": (False, True), "dropped": (True, False)}
    for i, f in enumerate(gold["statistics"]["figures"]):
        where = f"figure #{i} ({f['what']})"
        if (f["old"] is not None, f["new"] is not None) != shapes[f["status"]]:
            errors.append(f"{where}: sides do not fit status {f['status']}")
        for side, year in (("old", old_year), ("new", new_year)):
            v = f[side]
            if v is None:
                continue
            must_occur(year, v["quote"], where)
            if v["value"] not in v["quote"]:
                errors.append(f"{where}: value {v['value']!r} not in its quote")
            if v["qualifier"] and v["qualifier"].lower() not in v["quote"].lower():
                errors.append(f"{where}: qualifier {v['qualifier']!r} not in its quote")
        if f["status"] == "unchanged" and f["old"]["value"] != f["new"]["value"]:
            errors.append(f"{where}: unchanged but values differ")
        if f["status"] == "changed" and f["old"]["value"] == f["new"]["value"]:
            errors.append(f"{where}: changed but values equal")
    for n in gold["statistics"]["not_figures"]:
        must_occur(n["edition"], n["quote"], "not_figure")

    if errors:
        print("\n".join(errors))
        print(f"FAILED: {len(errors)} problem(s)")
        return 1
    count = lambda xs, key: {k: sum(1 for x in xs if x[key] == k) for k in sorted({x[key] for x in xs})}
    print("abuses:", count(gold["abuses"], "status"))
    print("laws:", count(gold["laws"], "status"))
    print("figures:", count(gold["statistics"]["figures"], "status"))
    print("not_figures:", len(gold["statistics"]["not_figures"]), "| sections:", len(gold["statistics"]["sections"]))
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
