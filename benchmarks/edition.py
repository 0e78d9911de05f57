"""Benchmark: a whole edition of 195 countries compared at once (issue 13).

Builds a synthetic 2023 + 2024 edition of 195 countries from the real Kazakhstan, Uzbekistan
and Iceland texts in a temporary corpus: each country gets a made-up name (written into its
title line and text, so it parses as its own country) and a few small random edits in each
edition (a figure changed, a line dropped, a word doubled), so no two countries are alike.
Two long reports for every short one, which is heavier than the real edition's mix.

Then it times the whole job behind ``differ diff 2023 2024 --country all`` -- every
country's comparison page and JSON, the cross-country page, JSON and CSV, and the index --
at 25 / 50 / 100 / 195 countries with 1 and 2 worker processes, each run in a fresh Python
process, and samples the memory of that process and all its children (the pool's server and
workers) every 50 ms. It reports the wall time of each run (min and median over
``--repeat`` runs, configurations alternating), the growth exponent of time with the number
of countries (least squares on log-log), the speed-up from 1 to 2 workers, and peak memory:
the sum of resident set sizes (an upper bound: pages shared after fork are counted in every
process) and the sum of proportional set sizes (shared pages divided among their sharers,
the closer measure). CPU time is summed over the same processes: on a machine shared
with other work it moves much less than wall time.

Targets (issue 13): 195 countries in <= 60 s on a 2-core machine, <= 1 GB, linear growth.

    python benchmarks/edition.py                      # about 5 minutes on 2 idle cores
    python benchmarks/edition.py --repeat 3 --out benchmarks/edition-results.md
    python benchmarks/edition.py --sizes 25,195 --workers 2
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = {"kazakhstan": "Kazakhstan", "uzbekistan": "Uzbekistan", "iceland": "Iceland"}
ORDER = ("kazakhstan", "uzbekistan", "iceland")  # two long reports for each short one
YEARS = (2023, 2024)
_SYLLABLES = ("ba", "do", "ka", "li", "mo", "na", "ri", "sa", "te", "vu", "zo", "qua", "mer", "tan", "vel", "gor")


# --- the synthetic edition --------------------------------------------------------------------------


def country_names(n: int, seed: int = 13) -> list[str]:
    """``n`` distinct made-up names of letters only ("Kavelria"), so each slug is valid."""
    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))) + rng.choice(("ria", "nia", "land", "stan"))
        if name not in seen:
            seen.add(name)
            names.append(name.capitalize())
    return names


def _edit(text: str, rng: random.Random, n_edits: int = 4) -> str:
    """A few small edits to body lines (never a heading or the title): a figure changed, a line
    dropped, a word doubled."""
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines[12:], 12) if len(line) > 55 and not line.lstrip().startswith("Section")]
    dropped: set[int] = set()
    for _ in range(n_edits):
        i = rng.choice(body)
        kind = rng.choice(("figure", "figure", "drop", "double"))
        if kind == "figure" and re.search(r"\d", lines[i]):
            lines[i] = re.sub(r"\d", lambda m: str((int(m.group()) + rng.randint(1, 8)) % 10), lines[i], count=1)
        elif kind == "drop":
            dropped.add(i)
        else:
            words = lines[i].split(" ")
            k = rng.randrange(len(words))
            words.insert(k, words[k])
            lines[i] = " ".join(words)
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped)


def build_corpus(root: Path, n: int, seed: int = 13) -> list[str]:
    """``n`` synthetic countries with a 2023 and a 2024 edition each; returns their slugs."""
    from differ.corpus import Corpus

    slugs = []
    for i, name in enumerate(country_names(n, seed)):
        template = ORDER[i % len(ORDER)]
        real = TEMPLATES[template]
        slug = name.lower()
        corpus = Corpus(root, slug)
        for year in YEARS:
            text = (ROOT / "corpus" / template / f"{year}.txt").read_text(encoding="utf-8")
            text = text.replace(real, name).replace(real.upper(), name.upper())
            text = _edit(text, random.Random(f"{seed}:{slug}:{year}"))
            corpus.store(year, text.encode("utf-8"), "pdf-text", {"source": f"synthetic, from {template} {year}"})
        slugs.append(slug)
    return slugs


# --- one timed run (in its own process) ----------------------------------------------------------


def run_once(corpus: Path, countries: int, workers: int, reports: Path) -> dict:
    """Runs in the child: the whole job, timed from before the imports."""
    start = time.perf_counter()
    from differ.edition import publish_edition

    slugs = [name.lower() for name in country_names(countries)]  # the first n built: the same 2:1 mix
    t0 = time.perf_counter()
    run, _paths = publish_edition(corpus, slugs, 2023, 2024, reports, workers=workers)
    end = time.perf_counter()
    if run.failed:
        raise SystemExit(f"{len(run.failed)} countries failed: {run.failed[0].country}: {run.failed[0].reason}")
    return {"seconds": end - start, "job_seconds": end - t0, "compared": len(run.compared)}


_TICK = os.sysconf("SC_CLK_TCK")


def _tree() -> dict[int, tuple[int, float]]:
    """Every process: pid -> (parent pid, CPU seconds used so far)."""
    procs: dict[int, tuple[int, float]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read().rsplit(b")", 1)[1].split()
                procs[int(entry.name)] = (int(stat[1]), (int(stat[11]) + int(stat[12])) / _TICK)
            except (OSError, IndexError, ValueError):
                pass
    return procs


def _sample(pid: int, cpu: dict[int, float]) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in bytes over ``pid`` and its descendants; records each one's
    CPU time in ``cpu`` (the last value seen before it exits)."""
    procs = _tree()
    kids: dict[int, list[int]] = {}
    for p, (parent, _) in procs.items():
        kids.setdefault(parent, []).append(p)
    todo, rss, pss = [pid], 0, 0
    while todo:
        p = todo.pop()
        todo.extend(kids.get(p, ()))
        if p in procs:
            cpu[p] = max(cpu.get(p, 0.0), procs[p][1])
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except OSError:
            pass
    return rss, pss


def measure(corpus: Path, countries: int, workers: int) -> dict:
    """One run in a fresh process, with its peak memory and CPU time (process tree) sampled every 50 ms."""
    with tempfile.TemporaryDirectory(prefix="differ-edition-reports-") as reports:
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(corpus), str(countries), str(workers), reports],
                                stdout=subprocess.PIPE, text=True)
        peak = [0, 0]
        cpu: dict[int, float] = {}

        def sample():
            while proc.poll() is None:
                rss, pss = _sample(proc.pid, cpu)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        wall = time.perf_counter()
        sampler.start()
        out, _ = proc.communicate()
        wall = time.perf_counter() - wall
        sampler.join()
        if proc.returncode:
            raise SystemExit(f"run of {countries} countries with {workers} workers failed (exit {proc.returncode})")
        result = json.loads(out.strip().splitlines()[-1])
        pages = sum(1 for p in Path(reports).iterdir() if p.suffix == ".html")
    return {**result, "wall": wall, "rss": peak[0], "pss": peak[1], "cpu": sum(cpu.values()), "pages": pages}


def exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) over log(countries)."""
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="25,50,100,195", help="numbers of countries (default: 25,50,100,195)")
    ap.add_argument("--workers", default="1,2", help="worker counts to compare (default: 1,2)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per configuration, alternating (default: 1)")
    ap.add_argument("--corpus", type=Path, default=None, help="keep the synthetic corpus here (default: a temp dir)")
    ap.add_argument("--out", type=Path, default=None, help="also write the results as Markdown to this file")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        corpus, countries, workers, reports = args.child
        print(json.dumps(run_once(Path(corpus), int(countries), int(workers), Path(reports))))
        return

    sizes = [int(x) for x in args.sizes.split(",")]
    worker_counts = [int(x) for x in args.workers.split(",")]
    tmp = None
    if args.corpus:
        corpus = args.corpus
    else:
        tmp = tempfile.TemporaryDirectory(prefix="differ-edition-corpus-")
        corpus = Path(tmp.name)
    t = time.perf_counter()
    have = [d for d in corpus.iterdir() if d.is_dir()] if corpus.exists() else []
    if len(have) < max(sizes):
        build_corpus(corpus, max(sizes))
    print(f"synthetic corpus: {max(sizes)} countries × 2 editions in {corpus} ({time.perf_counter() - t:.1f} s)",
          file=sys.stderr)

    runs: dict[tuple[int, int], list[dict]] = {}
    for rep in range(args.repeat):
        for n in sizes:
            for w in (worker_counts if rep % 2 == 0 else worker_counts[::-1]):  # alternate the order
                r = measure(corpus, n, w)
                runs.setdefault((n, w), []).append(r)
                print(f"  {n:4d} countries, {w} worker{'s' if w > 1 else ' '}: {r['wall']:6.1f} s wall "
                      f"(job {r['job_seconds']:5.1f} s), {r['cpu']:6.1f} CPU s, peak RSS {r['rss'] / 2**20:5.0f} MiB, "
                      f"PSS {r['pss'] / 2**20:5.0f} MiB, {r['pages']} pages", file=sys.stderr)

    lines = [f"# Whole-edition benchmark ({os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
             f"{args.repeat} run{'s' if args.repeat > 1 else ''} per configuration; load average at the start {os.getloadavg()[0]:.1f})", "",
             "| countries | workers | wall time min | median | CPU time (all processes) min | peak memory, sum of RSS "
             "| sum of PSS |",
             "|---|---|---|---|---|---|---|"]
    for (n, w), rs in sorted(runs.items()):
        walls = [r["wall"] for r in rs]
        lines.append(f"| {n} | {w} | {min(walls):.1f} s | {statistics.median(walls):.1f} s | "
                     f"{min(r['cpu'] for r in rs):.1f} s | {max(r['rss'] for r in rs) / 2**20:.0f} MiB | {max(r['pss'] for r in rs) / 2**20:.0f} MiB |")
    lines.append("")
    for w in worker_counts:
        pts = [(n, min(r["wall"] for r in runs[(n, w)])) for n in sizes if (n, w) in runs]
        cpu_pts = [(n, min(r["cpu"] for r in runs[(n, w)])) for n in sizes if (n, w) in runs]
        if len(pts) > 1:
            lines.append(f"- growth exponent with {w} worker{'s' if w > 1 else ''}: {exponent(pts):.2f} on wall time, "
                         f"{exponent(cpu_pts):.2f} on CPU time (1.00 = linear; least squares over "
                         f"{', '.join(str(n) for n, _ in pts)} countries)")
    top = max(sizes)
    if (top, 1) in runs and len(worker_counts) > 1:
        one = min(r["wall"] for r in runs[(top, 1)])
        for w in worker_counts:
            if w > 1 and (top, w) in runs:
                lines.append(f"- speed-up at {top} countries, 1 → {w} workers: "
                             f"{one / min(r['wall'] for r in runs[(top, w)]):.2f}×")
    best = min((min(r["wall"] for r in rs), w) for (n, w), rs in runs.items() if n == top)
    peak = max(r["rss"] for rs in runs.values() for r in rs)
    lines.append(f"- target ≤ 60 s for {top} countries: {'met' if best[0] <= 60 else 'MISSED'} ({best[0]:.1f} s, "
                 f"{best[1]} workers); target ≤ 1 GB: {'met' if peak <= 2**30 else 'MISSED'} "
                 f"(peak {peak / 2**20:.0f} MiB, sum of RSS)")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
