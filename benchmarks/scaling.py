"""Synthetic inputs for the scaling benchmarks, built from the real reports.

* :func:`scaled` (``cipher``) makes a document k times the size of a real one: k copies
  of every section, each copy's words enciphered with its own letter rotation, so the
  copies share structure and statistics but no vocabulary.
* :func:`repeated` (``plain``) makes k copies with only the headings renamed: the
  vocabulary and every sentence repeat, as in long reports with recurring boilerplate and
  annexes. This is the hard case for anything that compares terms or sentences pairwise.
* :func:`write_synthetic_corpus` writes a corpus of N yearly text editions to disk, made
  by editing the real report texts year after year (figures changed, words replaced,
  sentences cut; the chain jumps to the real 2023 and 2024 texts as the real series
  did when the outline was rewritten), for timing ``differ update`` as a whole process.

Run as a script, it times one comparison in a fresh process (benchmarks/run.py calls it
once per size, so that every size starts with empty caches and its peak memory is its own):

    python benchmarks/scaling.py --kind plain --copies 16     # prints {"seconds": …}
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import string
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from differ.model import Report, Section, make_paragraph  # noqa: E402

_LOWER, _UPPER = string.ascii_lowercase, string.ascii_uppercase


def _rotation(k: int) -> dict[int, str]:
    shift = k % 26
    table = {ord(c): _LOWER[(i + shift) % 26] for i, c in enumerate(_LOWER)}
    table.update({ord(c): _UPPER[(i + shift) % 26] for i, c in enumerate(_UPPER)})
    return table


def _copy_section(section: Section, table: dict[int, str], tag: str, prefix: tuple[str, ...] = ()) -> Section:
    """The section with ``[tag]`` after every heading and its text translated by ``table``."""
    heading = f"{section.heading} [{tag}]"
    path = prefix + (heading,) if section.level > 0 else (heading,)
    paragraphs = tuple(
        make_paragraph(p.text.translate(table), p.run_in_heading and p.run_in_heading.translate(table) + f" [{tag}]")
        for p in section.paragraphs
    )
    children = tuple(_copy_section(c, table, tag, path if section.level > 0 else ()) for c in section.children)
    return replace(section, heading=heading, path=path, paragraphs=paragraphs, children=children)


def _copies(report: Report, k: int, table_of) -> Report:
    if k == 1:
        return report
    sections = tuple(
        _copy_section(s, table_of(i), f"part {i + 1}") if i else s
        for i in range(k)
        for s in report.sections
    )
    return replace(report, sections=sections)


def scaled(report: Report, k: int) -> Report:
    """k copies, each enciphered with its own rotation (shared structure, no shared words)."""
    return _copies(report, k, _rotation)


def repeated(report: Report, k: int) -> Report:
    """k plain copies, headings renamed ``… [part i]``, the text itself repeated verbatim."""
    return _copies(report, k, lambda i: {})


KINDS = {"cipher": scaled, "plain": repeated}


def scaled_pair(old: Report, new: Report, k: int, kind: str = "cipher") -> tuple[Report, Report]:
    return KINDS[kind](old, k), KINDS[kind](new, k)


# --- a synthetic corpus on disk -------------------------------------------------------------

_TITLE_YEAR = re.compile(r"^(.*?\S\s+)(?:\d\s?){3}\d(\s+Human\s+Rights\s+Report\s*)$", re.I | re.M)
_NUMBER = re.compile(r"(?<![\d,.])\d{2,3}(?![\d,.])")
_WORD = re.compile(r"\b[a-z]{7,}\b")


def _edit_text(text: str, rng: random.Random, n_edits: int) -> str:
    """``n_edits`` edits on body lines: a figure changed, a word replaced, or a sentence cut."""
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if len(line) > 60]
    vocabulary = sorted(set(_WORD.findall(text)))
    for _ in range(n_edits):
        i = rng.choice(body)
        line = lines[i]
        kind = rng.choice(("figure", "word", "sentence"))
        if kind == "figure" and _NUMBER.search(line):
            m = rng.choice(list(_NUMBER.finditer(line)))
            line = line[: m.start()] + str(int(m.group()) + rng.randint(1, 40)) + line[m.end():]
        elif kind == "sentence" and line.count(". ") >= 2:
            cuts = [m.end() for m in re.finditer(r"\.\s+", line)]
            a, b = sorted(rng.sample(cuts, 2))
            line = line[:a] + line[b:]
        else:
            words = list(_WORD.finditer(line))
            if words:
                m = rng.choice(words)
                line = line[: m.start()] + rng.choice(vocabulary) + line[m.end():]
        lines[i] = line
    return "\n".join(lines)


def write_synthetic_corpus(dest: Path, editions: int = 25, seed: int = 1, source: Path = ROOT / "corpus",
                           country: str = "kazakhstan", first_year: int = 2000) -> list[int]:
    """Write ``dest/<country>/<year>.txt`` for ``editions`` consecutive years and a manifest.

    The chain starts from the real 2016 text and jumps to the real 2023 and 2024 texts at
    the middle and near the end; every other year is last year's text with 4–12 edits.
    Returns the years written.
    """
    real = sorted((source / country).glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in real]
    rng = random.Random(seed)
    jumps = {editions // 2: texts[min(1, len(texts) - 1)], editions - 2: texts[-1]}
    out = Path(dest) / country
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict = {"country": country, "editions": {}}
    current = texts[0]
    years = []
    for i in range(editions):
        current = jumps[i] if i in jumps else (current if i == 0 else _edit_text(current, rng, rng.randint(4, 12)))
        year = first_year + i
        data = _TITLE_YEAR.sub(lambda m: f"{m.group(1)}{year}{m.group(2)}", current, count=1).encode("utf-8")
        (out / f"{year}.txt").write_bytes(data)
        manifest["editions"][str(year)] = {"file": f"{year}.txt", "format": "pdf-text", "source": "synthetic",
                                           "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        years.append(year)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return years


# --- one timed comparison per process ---------------------------------------------------------


def _warm_up() -> None:
    """Import everything a comparison imports, on a tiny input, so that only the work is timed."""
    from differ.diff import compare
    from differ.model import Heading, Para, build_report

    def tiny(year: int, extra: str) -> Report:
        return build_report("testland", year, f"Testland {year}", [
            Heading(1, "Section 1. Courts"), Para(f"Police detained 12 protesters in May. {extra}"),
            Heading(1, "Section 2. Elections"), Para("The election law (Article 5) was not applied.")])

    compare(tiny(2020, "Trials were delayed."), tiny(2021, "Trials were often delayed by 3 months."))
    _read_tiny_edition()
    _compile_lazy_patterns()


def _read_tiny_edition() -> None:
    """Parse a tiny text edition and an empty override file: a comparison read from the
    corpus imports the parser and the TOML reader, which the tiny comparison above (built
    reports) does not."""
    from differ.align import parse_overrides
    from differ.parse import parse_bytes

    paragraphs = "\n\n".join(f"Paragraph {i} of the section." for i in range(6))
    text = f"TESTLAND 2020 HUMAN RIGHTS REPORT\n\nSection 1. Courts\n\n{paragraphs}\n\nSection 2. Elections\n\n{paragraphs}\n"
    parse_bytes(text.encode(), country="testland", year=2020)
    parse_overrides("")


def _compile_lazy_patterns() -> None:
    """Compile every regex differ compiles on first use (differ.lazyre), as importing did
    before they were lazy: a one-off cost of the process, which the whole-process timings
    include, not work of the comparison timed here (and not a discount on the 1× time that
    the scaling ratios divide by)."""
    from differ.lazyre import LazyPattern

    def compile_in(value) -> None:
        if isinstance(value, LazyPattern):
            value.pattern  # the first attribute read compiles it
        elif isinstance(value, tuple):  # e.g. the abuse taxonomy's (name, pattern) pairs
            for item in value:
                compile_in(item)

    for name, module in list(sys.modules.items()):
        if name == "differ" or name.startswith("differ."):
            for value in list(vars(module).values()):
                compile_in(value)


def time_comparison(kind: str, copies: int, old_year: int = 2016, new_year: int = 2023) -> float:
    """Seconds for ``compare`` (alignment included) on ``copies`` × the real pair."""
    from differ.corpus import Corpus
    from differ.diff import compare

    corpus = Corpus(ROOT / "corpus", "kazakhstan")
    old, new = scaled_pair(corpus.load(old_year), corpus.load(new_year), copies, kind)
    _warm_up()
    start = time.perf_counter()
    compare(old, new)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", choices=sorted(KINDS), default="cipher")
    ap.add_argument("--copies", type=int, default=1)
    opts = ap.parse_args()
    print(json.dumps({"kind": opts.kind, "copies": opts.copies, "seconds": time_comparison(opts.kind, opts.copies)}))


if __name__ == "__main__":
    main()
