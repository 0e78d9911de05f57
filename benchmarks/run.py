"""Benchmarks and accuracy evaluation on the real corpus, one command:

    python benchmarks/run.py            # everything, ~1-2 minutes
    python benchmarks/run.py --quick    # skip the slow baselines (HtmlDiff, redlines)

Prints Markdown tables (Performance, Accuracy) and writes them to
benchmarks/results.md. Times are medians of several runs; peak memory comes from
tracemalloc for in-process work and from the child's max RSS for whole processes.
Nothing is tuned to the targets: a missed target is printed as missed.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from differ.corpus import Corpus  # noqa: E402

CORPUS = ROOT / "corpus"
COUNTRY = "kazakhstan"


def measure(fn, repeat: int = 5):
    """(median seconds, peak traced MiB) of ``fn()``; memory measured on one extra run."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20


def measure_process(args: list[str], repeat: int = 3, env=None):
    """(median seconds, max RSS MiB) of a whole ``differ`` process."""
    times, rss = [], 0.0
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        proc = subprocess.run(args, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"benchmark command failed: {' '.join(args)}\n{proc.stderr}")
        rss = max(rss, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
    return statistics.median(times), rss


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "**missed**"


def differ_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "differ", *args]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="skip difflib.HtmlDiff and redlines (slow baselines)")
    ap.add_argument("--seeds", type=int, default=40, help="seeds for the planted-edit evaluation")
    opts = ap.parse_args()

    from baselines import difflib_htmldiff, difflib_words, git_word_diff, redlines_markdown
    from differ.align import align_reports
    from differ.diff import compare, compare_years
    from differ.parse import parse_bytes

    # The very first comparison in this process: nothing parsed or cached yet.
    cold_start = time.perf_counter()
    compare_years(Corpus(CORPUS, COUNTRY), 2016, 2023)
    t_cold = time.perf_counter() - cold_start

    corpus = Corpus(CORPUS, COUNTRY)
    raw = {y: corpus.read_bytes(y)[1] for y in corpus.years()}
    reports = {y: corpus.load(y) for y in corpus.years()}
    perf: list[tuple[str, str, str, str]] = []  # (what, time, memory, target)

    def parse(y):
        return parse_bytes(raw[y], "pdf-text", country=COUNTRY, year=y)

    for y in sorted(raw):
        t, m = measure(lambda: parse(y), repeat=7)
        perf.append((f"parse {y} ({len(raw[y]) // 1024} KB)", fmt_s(t), f"{m:.1f} MiB", f"well under 100 ms: {verdict(t, 0.1)}"))
    for base, target in ((2016, 2023), (2016, 2024)):
        t, m = measure(lambda: align_reports(reports[base], reports[target]), repeat=7)
        perf.append((f"align {target}→{base}", fmt_s(t), f"{m:.1f} MiB", f"under 200 ms: {verdict(t, 0.2)}"))

    # A fresh Corpus each time, so both reports are read and parsed again (the Corpus object
    # caches parsed editions); module-level caches (regexes, stems) are warm, as in any
    # process after its first comparison. The cold first call is reported beside it.
    t_full, m_full = measure(lambda: compare_years(Corpus(CORPUS, COUNTRY), 2016, 2023), repeat=7)
    perf.append(("full comparison 2016→2023 in-process (read, parse, align, diff, extract)",
                 f"{fmt_s(t_full)} (first call in a process: {fmt_s(t_cold)})",
                 f"{m_full:.1f} MiB", f"≤ 250 ms: {verdict(t_full, 0.25)}"))

    with tempfile.TemporaryDirectory() as tmp:
        out_json, out_html = Path(tmp) / "c.json", Path(tmp) / "c.html"
        t_cli, rss_cli = measure_process(
            differ_cmd("diff", "2016", "2023", "--corpus", str(CORPUS), "--json", str(out_json), "-o", str(out_html)))
        t_help, rss_help = measure_process(differ_cmd("--help"), repeat=7)
        env = dict(os.environ)
        t_trend, rss_trend = measure_process(
            differ_cmd("trend", "--corpus", str(CORPUS), "-o", str(Path(tmp) / "trend.html")), env=env)

    # Baselines on the same pair of texts, same run.
    old_text, new_text = raw[2016].decode(), raw[2023].decode()
    t_words = difflib_words(old_text, new_text)
    base_rows = [("difflib.SequenceMatcher, word level", t_words)]
    if not opts.quick:
        base_rows.append(("difflib.HtmlDiff, line level", difflib_htmldiff(old_text, new_text)))
        r = redlines_markdown(old_text, new_text)
        if r is not None:
            base_rows.append(("redlines", r))
    g = git_word_diff(corpus.edition(2016).path, corpus.edition(2023).path)
    if g is not None:
        base_rows.append(("git diff --no-index --word-diff", g))

    perf.append(("`differ diff 2016 2023`, whole process, JSON + HTML written", fmt_s(t_cli), f"{rss_cli:.0f} MiB RSS",
                 f"≤ 1 s: {verdict(t_cli, 1.0)}; ≤ word-level SequenceMatcher ({fmt_s(t_words)}): {verdict(t_cli, t_words)}"))
    perf.append(("`differ --help` start-up", fmt_s(t_help), f"{rss_help:.0f} MiB RSS", f"≤ 300 ms: {verdict(t_help, 0.3)}"))
    perf.append(("`differ trend` over the corpus (3 editions)", fmt_s(t_trend), f"{rss_trend:.0f} MiB RSS", ""))

    # Scaling: the same comparison on documents 1×, 4×, 16× the size.
    from scaling import scaled_pair, synthetic_corpus_run

    sizes, times = [1, 4, 16], []
    for k in sizes:
        old_k, new_k = scaled_pair(reports[2016], reports[2023], k)
        t, _ = measure(lambda: compare(old_k, new_k), repeat=3 if k < 16 else 1)
        times.append(t)
    exponent = math.log(times[-1] / times[0]) / math.log(sizes[-1])
    ratio16 = times[-1] / times[0]
    scale_row = ", ".join(f"{k}×: {fmt_s(t)}" for k, t in zip(sizes, times))
    perf.append((f"comparison at 1×/4×/16× document size ({scale_row})", f"growth exponent {exponent:.2f}", "",
                 f"time(16×)/time(1×) = {ratio16:.1f} ≤ 24: {verdict(ratio16, 24)}"))
    t_syn, n_pairs = synthetic_corpus_run(reports, editions=25, seed=1)
    perf.append((f"synthetic corpus of 25 editions: {n_pairs} consecutive diffs + trend page", fmt_s(t_syn), "",
                 f"≤ 10 s: {verdict(t_syn, 10)}"))

    # Accuracy
    import json as _json

    from align_accuracy import DATA, score as align_score
    from planted_edits import evaluate as planted_eval
    from stats_accuracy import evaluate as stats_eval

    acc: list[tuple[str, str]] = []
    planted = planted_eval(seeds=opts.seeds)
    acc.append((f"planted edits ({planted['runs']} comparisons: {planted['seeds']} seeds × 3 editions, "
                f"{planted['per_seed']} edits each): recall", f"{planted['recall']:.3f}"))
    acc.append(("planted edits: false-change rate (reported changes that match no planted edit)",
                f"{planted['false_change_rate']:.3f} ({planted['false_per_run']:.2f} per comparison)"))
    for target in (2023, 2024):
        expected = _json.loads((DATA / f"align-{target}-2016.json").read_text(encoding="utf-8"))
        a = align_score(align_reports(reports[2016], reports[target]), expected)
        acc.append((f"alignment {target}→2016 (no overrides): pair precision / recall",
                    f"{a['pair_precision']:.3f} / {a['pair_recall']:.3f}"))
        acc.append((f"alignment {target}→2016: dropped precision / recall",
                    f"{a['dropped_precision']:.3f} / {a['dropped_recall']:.3f}"))
        acc.append((f"alignment {target}→2016: relation accuracy", f"{a['relation_accuracy']:.3f}"))
    s = stats_eval()
    acc.append((f"statistics pairing precision on the hand-checked sample ({s['n']} pairs)", f"{s['precision']:.3f}"))
    acc.append(("statistics pairing recall of the hand-checked pairs", f"{s['recall']:.3f}"))

    lines = [f"Machine: {machine()}", "", "### Performance", "",
             "| what | time | memory | target |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in perf]
    lines += ["", f"Baselines on the same two texts (2016 and 2023 report files), in the same run; "
              f"ratio = baseline time / differ's whole-process time ({fmt_s(t_cli)}):", "",
              "| tool | time | ratio to differ |", "|---|---|---|"]
    lines += [f"| {name} | {fmt_s(t)} | {t / t_cli:.1f}× |" for name, t in base_rows]
    lines += ["", "### Accuracy", "", "| measure | value |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in acc]
    text = "\n".join(lines) + "\n"
    print(text)
    (HERE / "results.md").write_text(text)


if __name__ == "__main__":
    main()
