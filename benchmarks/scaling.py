"""Synthetic inputs for the scaling benchmarks, built from the real reports.

* :func:`scaled_pair` makes documents k times the size of a real pair: k copies of every
  section, each copy's words enciphered with its own letter rotation, so the copies share
  structure and statistics but no vocabulary (a real long report, not k identical ones).
* :func:`synthetic_corpus_run` builds a corpus of N yearly editions by planting edits year
  after year into the real reports (sizes vary as the real editions do) and times diffing
  every consecutive pair plus computing the trend page over all of them.
"""

from __future__ import annotations

import random
import string
import time
from dataclasses import replace

from differ.model import Report, Section, make_paragraph

_LOWER, _UPPER = string.ascii_lowercase, string.ascii_uppercase


def _rotation(k: int) -> dict[int, str]:
    shift = k % 26
    table = {ord(c): _LOWER[(i + shift) % 26] for i, c in enumerate(_LOWER)}
    table.update({ord(c): _UPPER[(i + shift) % 26] for i, c in enumerate(_UPPER)})
    return table


def _cipher_section(section: Section, table: dict[int, str], tag: str, prefix: tuple[str, ...] = ()) -> Section:
    heading = f"{section.heading} [{tag}]"
    path = prefix + (heading,) if section.level > 0 else (heading,)
    paragraphs = tuple(
        make_paragraph(p.text.translate(table), p.run_in_heading and p.run_in_heading.translate(table) + f" [{tag}]")
        for p in section.paragraphs
    )
    children = tuple(_cipher_section(c, table, tag, path if section.level > 0 else ()) for c in section.children)
    return replace(section, heading=heading, path=path, paragraphs=paragraphs, children=children)


def scaled(report: Report, k: int) -> Report:
    if k == 1:
        return report
    sections = tuple(
        _cipher_section(s, _rotation(i), f"part {i + 1}") if i else s
        for i in range(k)
        for s in report.sections
    )
    return replace(report, sections=sections)


def scaled_pair(old: Report, new: Report, k: int) -> tuple[Report, Report]:
    return scaled(old, k), scaled(new, k)


def synthetic_corpus(reports: dict[int, Report], editions: int, seed: int) -> list[Report]:
    """``editions`` yearly reports: each year is last year's with planted edits.

    The chain starts from the real 2016 report and jumps to the real 2023 and 2024 texts
    at two points, as the real series did when the outline was rewritten.
    """
    from differ.plant import plant_edits

    rng = random.Random(seed)
    real = [reports[y] for y in sorted(reports)]
    chain: list[Report] = []
    current = real[0]
    jumps = {editions // 2: real[1] if len(real) > 1 else real[0], editions - 2: real[-1]}
    for i in range(editions):
        if i in jumps:
            current = jumps[i]
        else:
            current, _ = plant_edits(current, seed=rng.randrange(1 << 30), n_edits=rng.randint(4, 12))
        chain.append(replace(current, year=2000 + i))
    return chain


def synthetic_corpus_run(reports: dict[int, Report], editions: int = 25, seed: int = 1) -> tuple[float, int]:
    """Seconds to diff every consecutive pair and compute the trend page; number of pairs."""
    from differ.diff import compare
    from differ.render import render_trend
    from differ.trend import compute_trend

    chain = synthetic_corpus(reports, editions, seed)
    start = time.perf_counter()
    for old, new in zip(chain, chain[1:]):
        compare(old, new)
    render_trend(compute_trend(chain))
    return time.perf_counter() - start, len(chain) - 1
