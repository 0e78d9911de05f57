"""Benchmarks and accuracy evaluation on the real corpus, one command:

    python benchmarks/run.py             # everything (several minutes)
    python benchmarks/run.py --quick     # skip the slow baselines (HtmlDiff, redlines) and accuracy
    python benchmarks/run.py --readme    # also rewrite the Performance table in README.md

How things are timed, so that every figure means the same thing:

* Every contender is a whole process started the same way (``differ diff 2016 2023`` with
  its JSON and HTML written, and each baseline as a script: benchmarks/baselines.py),
  after one untimed warm-up run each. Runs alternate (contender A, B, C, then B, C, A, …),
  at least 7 of each, and both the minimum and the median are reported, for wall time
  and for CPU time (user + system).
* Memory is each process's own peak RSS, from one more, untimed run started by GNU time
  (a child started by this harness is charged with the harness's own peak, about 17 MiB;
  see ``peak_rss``). Without GNU time, a figure no larger than the harness's peak is shown
  as a bound ("≤ 17 MiB").
* Python contenders run with a bytecode cache (``PYTHONPYCACHEPREFIX`` in a temporary
  directory, filled by the warm-up run), as an installed package has one; pass
  ``--no-bytecode-cache`` to compile every module in every run instead.
* In-process figures (parse, align, one comparison) are measured in a fresh child process
  per run: modules imported and a tiny comparison run first, then the timed call, so
  no cache from an earlier run helps it.
* Scaling runs one comparison per fresh process at 1×, 4× and 16× the document size,
  for two kinds of synthetic input (benchmarks/scaling.py).

Prints the tables with the issue's targets marked met or missed, writes them to
benchmarks/results.md, and with ``--readme`` replaces the table between the
``<!-- performance:start -->`` and ``<!-- performance:end -->`` markers in README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "corpus"
COUNTRY = "kazakhstan"
OLD, NEW = 2016, 2023
RESULTS = HERE / "results.md"
README = ROOT / "README.md"
README_START, README_END = "<!-- performance:start -->", "<!-- performance:end -->"

# The targets of issue 14.
DIFF_VS_SM_OFF = 0.5  # differ diff / word-level SequenceMatcher (autojunk off), median and min
DIFF_VS_SM_ON = 1.0  # differ diff / word-level SequenceMatcher (autojunk on), median and min
IN_PROCESS_COMPARISON = 0.2  # seconds
SCALING_RATIO = 20.0  # time(16×) / time(1×)
SCALING_MEMORY_MB = 400.0  # peak memory at 16×
UPDATE_25 = 5.0  # seconds for `differ update` over 25 editions


# --- timing whole processes -------------------------------------------------------------------


@dataclass
class Runs:
    """Wall seconds, CPU seconds and peak RSS (MiB) of each run of one process."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    peak: str = ""  # the process's own peak RSS, as table text (see peak_rss)

    def add(self, wall: float, cpu: float, rss: float) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)
        self.rss.append(rss)


def run_once(argv: list[str], env: dict, cwd: Path | None = None) -> tuple[float, float, float, str]:
    """Run ``argv`` to completion: (wall s, user+sys CPU s, ``ru_maxrss`` MiB, stdout).

    ``os.wait4`` returns the resource usage of exactly this child (and any grandchildren it
    waited for), so neither the memory nor the CPU time of an earlier child leaks in. Its
    ``ru_maxrss`` is no less than this harness's own peak, though (see :func:`peak_rss`).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    command = argv[argv.index("--") + 1:] if argv[0] == GNU_TIME else argv
    if proc.returncode != 0 and not (command[:2] == ["git", "diff"] and proc.returncode == 1):  # 1: they differ
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(map(str, argv))}\n{stderr}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout


def _gnu_time() -> str | None:
    """GNU time's path if it is installed and answers ``-f %M -o FILE`` (BSD time does not)."""
    path = shutil.which("time")
    if path is None:
        return None
    with tempfile.NamedTemporaryFile("r") as out:
        try:
            done = subprocess.run([path, "-f", "%M", "-o", out.name, "--", sys.executable, "-c", "pass"],
                                  capture_output=True, timeout=30)
            return path if done.returncode == 0 and out.read().split()[-1].isdigit() else None
        except (OSError, subprocess.SubprocessError, IndexError):
            return None


GNU_TIME = _gnu_time()


def own_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_text(rss: float, floor: float) -> str:
    """A ``ru_maxrss`` from :func:`run_once` as table text: the child's own peak where it
    exceeds ``floor``, this harness's peak when the child started; else only a bound."""
    return f"{rss:.0f} MiB" if rss > floor + 0.5 else f"≤ {floor:.0f} MiB"


def peak_rss(argv: list[str], env: dict, cwd: Path | None = None) -> str:
    """Peak RSS of one more, untimed run of ``argv``, as table text.

    Linux charges a child, when it execs, with the peak RSS of the process it was forked
    from: run from this harness, every process smaller than the harness would read as the
    harness's own size (about 17 MiB: `python -c pass` and `git diff` alike). GNU time,
    a process of about 1 MiB, starts the child instead and reports the child's own peak.
    Without GNU time, a figure no larger than the harness's peak is shown as a bound.
    """
    if GNU_TIME is None:
        floor = own_peak_mib()
        return rss_text(run_once(argv, env, cwd)[2], floor)
    with tempfile.NamedTemporaryFile("r") as out:
        run_once([GNU_TIME, "-f", "%M", "-o", out.name, "--", *argv], env, cwd)
        return f"{int(out.read().split()[-1]) / 1024:.0f} MiB"  # (a line before it if the exit code is 1)


def alternate(contenders: dict[str, list[str]], runs: int, env: dict, cwd: Path | None = None,
              warm_up: bool = True) -> dict[str, Runs]:
    """Time every contender ``runs`` times, taking turns; the starting contender rotates."""
    names = list(contenders)
    results = {name: Runs() for name in names}
    if warm_up:
        for name in names:
            run_once(contenders[name], env, cwd)
    for r in range(runs):
        for name in names[r % len(names):] + names[:r % len(names)]:
            wall, cpu, rss, _stdout = run_once(contenders[name], env, cwd)
            results[name].add(wall, cpu, rss)
    for name in names:
        results[name].peak = peak_rss(contenders[name], env, cwd)
    return results


def child_env(bytecode_cache: Path | None) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    if bytecode_cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode_cache)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


# What a `differ diff` of two text editions has imported by the time it ends (its own
# modules, click, jinja2, rapidfuzz, …), loaded by a process that then does nothing: the
# floor under any comparison written by this stack, as `python -c pass` is under any script.
DIFF_IMPORTS = ("import importlib, differ.cli\n"
                "for name in differ.cli.COMPARISON_IMPORTS + ('differ.diff', 'differ.render', 'differ.parse.text',"
                " 'jinja2', 'tomllib'):\n"
                "    importlib.import_module(name)\n")


def differ_cmd(*args: str) -> list[str]:
    """``differ`` as a user runs it: the installed console script, else ``python -m differ``."""
    script = Path(sys.executable).with_name("differ")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "differ", *args]


# --- formatting -------------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def min_med(values: list[float]) -> str:
    return f"{fmt_s(min(values))} / {fmt_s(statistics.median(values))}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load average at start {:.2f}".format(os.getloadavg()[0])
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}{load}")


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


# --- in-process measurements, one fresh child each ---------------------------------------------


def _child(what: str) -> None:
    """Run by ``run.py --child WHAT`` in a fresh process: time one call, print JSON."""
    import tracemalloc

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    from scaling import _warm_up

    from differ.corpus import Corpus

    kind, *years = what.split(":")
    years = [int(y) for y in years]
    corpus = Corpus(CORPUS, COUNTRY)
    _warm_up()
    if kind == "parse":
        from differ.parse import parse_bytes

        edition, raw = corpus.read_bytes(years[0])

        def call():
            parse_bytes(raw, edition.format, country=COUNTRY, year=years[0])
    elif kind == "align":
        from differ.align import align_reports

        base, target = corpus.load(years[1]), corpus.load(years[0])

        def call():
            align_reports(base, target)
    elif kind == "compare":
        from differ.diff import compare_years

        def call():
            compare_years(Corpus(CORPUS, COUNTRY), years[0], years[1])
    else:
        raise SystemExit(f"unknown child measurement {what!r}")
    if os.environ.get("DIFFER_BENCH_TRACE"):
        tracemalloc.start()
        call()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        print(json.dumps({"peak_mib": peak}))
        return
    start = time.perf_counter()
    call()
    print(json.dumps({"seconds": time.perf_counter() - start}))


def in_process(what: str, runs: int, env: dict) -> tuple[list[float], float]:
    """(seconds of each run, traced peak MiB of one more run) for a ``--child`` measurement."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", what]
    times = [json.loads(run_once(argv, env)[3])["seconds"] for _ in range(runs)]
    peak = json.loads(run_once(argv, {**env, "DIFFER_BENCH_TRACE": "1"})[3])["peak_mib"]
    return times, peak


# --- the benchmark ------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="skip the slow baselines (HtmlDiff, redlines) and the accuracy evaluation")
    ap.add_argument("--runs", type=int, default=9, help="runs of each whole-process contender (at least 7)")
    ap.add_argument("--seeds", type=int, default=40, help="seeds for the planted-edit evaluation")
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="compile every module in every run (as with PYTHONDONTWRITEBYTECODE=1)")
    ap.add_argument("--readme", action="store_true", help="rewrite the Performance table in README.md")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    opts = ap.parse_args()
    if opts.child:
        _child(opts.child)
        return
    runs = max(7, opts.runs)

    with tempfile.TemporaryDirectory(prefix="differ-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = child_env(None if opts.no_bytecode_cache else tmp / "pycache")
        lines = [f"Machine: {machine()}.",
                 f"Whole processes alternate, {runs} runs each after a warm-up run; "
                 f"figures are min / median; memory is each process's own peak RSS. "
                 + ("Every module compiled in every run." if opts.no_bytecode_cache
                    else "Bytecode cached, as in an installed package."), ""]
        perf_rows = head_to_head(lines, tmp, env, runs, opts.quick)
        perf_rows += commands(lines, tmp, env, runs)
        perf_rows += in_process_rows(lines, env, runs)
        perf_rows += scaling_rows(lines, env)
        perf_rows += update_rows(lines, tmp, env)

    summary = ["### Targets (issue 14)", ""] + table(["target", "measured", ""], perf_rows) + [""]
    text = "\n".join(summary + lines)
    if not opts.quick:
        text += "\n" + "\n".join(accuracy(opts.seeds))
    print(text)
    RESULTS.write_text(text + "\n", encoding="utf-8")
    if opts.readme:
        write_readme(summary + lines)


def head_to_head(lines: list[str], tmp: Path, env: dict, runs: int, quick: bool) -> list[list[str]]:
    sys.path.insert(0, str(HERE))
    from baselines import available

    old, new = CORPUS / COUNTRY / f"{OLD}.txt", CORPUS / COUNTRY / f"{NEW}.txt"
    script = [sys.executable, str(HERE / "baselines.py")]
    contenders = {
        f"`differ diff {OLD} {NEW}` (JSON + HTML written)": differ_cmd(
            "diff", str(OLD), str(NEW), "--corpus", str(CORPUS), "--country", COUNTRY,
            "--json", str(tmp / "c.json"), "-o", str(tmp / "c.html")),
        "word-level SequenceMatcher, autojunk off": script + ["sm-off", str(old), str(new)],
        "word-level SequenceMatcher, autojunk on": script + ["sm-on", str(old), str(new)],
        "sentences split, hashed and matched (a floor)": script + ["sentences", str(old), str(new)],
        "Python start-up (`python -c pass`)": [sys.executable, "-c", "pass"],
        "`differ diff`'s imports alone (no work done)": [sys.executable, "-c", DIFF_IMPORTS],
    }
    if shutil.which("git"):
        contenders["git diff --no-index --word-diff"] = ["git", "diff", "--no-index", "--word-diff", "--no-color",
                                                         str(old), str(new)]
    if not quick:
        contenders["difflib.HtmlDiff, line level"] = script + ["htmldiff", str(old), str(new)]
        if available("redlines"):
            contenders["redlines (markdown output)"] = script + ["redlines", str(old), str(new)]
    results = alternate(contenders, runs, env)
    names = list(contenders)
    differ_name, off, on = names[0], names[1], names[2]
    d = results[differ_name]
    rows = []
    for name in names:
        r = results[name]
        rows.append([name, min_med(r.wall), min_med(r.cpu), r.peak,
                     "" if name == differ_name else
                     f"{min(d.wall) / min(r.wall):.2f} / {statistics.median(d.wall) / statistics.median(r.wall):.2f}"])
    lines += [f"### `differ diff` against other ways to compare the {OLD} and {NEW} texts", ""]
    lines += table(["process", "wall", "CPU (user + sys)", "peak RSS", "differ ÷ this, wall (min / median)"], rows)
    lines.append("")

    def ratios(base: Runs) -> tuple[float, float, float, float]:
        return (min(d.wall) / min(base.wall), statistics.median(d.wall) / statistics.median(base.wall),
                min(d.cpu) / min(base.cpu), statistics.median(d.cpu) / statistics.median(base.cpu))

    out = []
    for base, target, label in ((off, DIFF_VS_SM_OFF, "autojunk off"), (on, DIFF_VS_SM_ON, "autojunk on")):
        wmin, wmed, cmin, cmed = ratios(results[base])
        ok = max(wmin, wmed, cmin, cmed) <= target
        out.append([f"`differ diff {OLD} {NEW}` ≤ {target:g}× word-level SequenceMatcher ({label})",
                    f"wall {wmin:.2f}× / {wmed:.2f}×, CPU {cmin:.2f}× / {cmed:.2f}× (min / median)", verdict(ok)])
    return out


def commands(lines: list[str], tmp: Path, env: dict, runs: int) -> list[list[str]]:
    contenders = {
        "`differ --help`": differ_cmd("--help"),
        "`differ years`": differ_cmd("years", "--corpus", str(CORPUS)),
        "`differ align 2023`": differ_cmd("align", "2023", "--corpus", str(CORPUS)),
        "`differ trend` (3 editions)": differ_cmd("trend", "--corpus", str(CORPUS), "-o", str(tmp / "trend.html")),
    }
    results = alternate(contenders, runs, env)
    rows = [[name, min_med(r.wall), min_med(r.cpu), r.peak]
            for name, r in results.items()]
    lines += ["### Other commands, whole processes", ""]
    lines += table(["process", "wall", "CPU (user + sys)", "peak RSS"], rows)
    lines.append("")
    return []


def in_process_rows(lines: list[str], env: dict, runs: int) -> list[list[str]]:
    measurements = [(f"parse:{y}", f"parse {y}") for y in (2016, 2023, 2024)]
    measurements += [("align:2023:2016", "align 2023 → 2016"), ("align:2024:2016", "align 2024 → 2016"),
                     (f"compare:{OLD}:{NEW}", f"comparison {OLD} → {NEW} (read, parse, align, diff, extract)")]
    rows, compare_times = [], []
    for what, label in measurements:
        times, peak = in_process(what, runs, env)
        rows.append([label, min_med(times), f"{peak:.1f} MiB"])
        if what.startswith("compare"):
            compare_times = times
    lines += ["### In-process, one fresh process per run (caches empty, modules imported)", ""]
    lines += table(["what", "time (min / median)", "traced peak"], rows)
    lines.append("")
    ok = statistics.median(compare_times) <= IN_PROCESS_COMPARISON and min(compare_times) <= IN_PROCESS_COMPARISON
    return [[f"comparison {OLD} → {NEW} in-process ≤ {IN_PROCESS_COMPARISON:g} s", min_med(compare_times),
             verdict(ok)]]


def scaling_rows(lines: list[str], env: dict) -> list[list[str]]:
    sizes = (1, 4, 16)
    rows, out = [], []
    for kind, label in (("cipher", "copies enciphered (no shared words)"),
                        ("plain", "plain copies (headings renamed, every sentence repeated)")):
        times: dict[int, float] = {}
        peaks: dict[int, float] = {}
        shown: dict[int, str] = {}
        for k in sizes:
            argv = [sys.executable, str(HERE / "scaling.py"), "--kind", kind, "--copies", str(k)]
            floor = own_peak_mib()
            samples = [run_once(argv, env) for _ in range(3 if k < 16 else 2)]
            times[k] = min(json.loads(s[3])["seconds"] for s in samples)  # the least disturbed run
            peaks[k] = max(s[2] for s in samples)
            shown[k] = rss_text(peaks[k], floor)
        ratio = times[16] / times[1]
        exponent = math.log(ratio) / math.log(16)
        rows.append([label] + [f"{fmt_s(times[k])}, {shown[k]}" for k in sizes]
                    + [f"{ratio:.1f} (exponent {exponent:.2f})"])
        out.append([f"{label}: time 16× / 1× ≤ {SCALING_RATIO:g}, peak memory at 16× ≤ {SCALING_MEMORY_MB:g} MB",
                    f"{ratio:.1f}, {peaks[16] * 2**20 / 1e6:.0f} MB",
                    verdict(ratio <= SCALING_RATIO and peaks[16] * 2**20 / 1e6 <= SCALING_MEMORY_MB)])
    lines += [f"### Scaling: one comparison of {OLD} → {NEW} made 1×, 4× and 16× as long "
              "(a fresh process for each run; the fastest of 3 runs, of 2 at 16×; peak RSS of the process)", ""]
    lines += table(["input", "1×", "4×", "16×", "16× / 1×"], rows)
    lines.append("")
    return out


def update_rows(lines: list[str], tmp: Path, env: dict) -> list[list[str]]:
    sys.path.insert(0, str(HERE))
    from scaling import write_synthetic_corpus

    corpus = tmp / "synthetic"
    years = write_synthetic_corpus(corpus, editions=25, seed=1)
    runs = Runs()
    floor = own_peak_mib()
    for i in range(3):
        reports = tmp / f"update-reports-{i}"
        wall, cpu, rss, _ = run_once(differ_cmd("update", "--corpus", str(corpus), "--reports", str(reports),
                                                "--until-year", str(years[-1]), "--quiet"), env)
        runs.add(wall, cpu, rss)
    lines += ["### `differ update` over a synthetic corpus of 25 editions "
              "(24 comparisons, the trend page, the index; 3 runs into empty report directories)", ""]
    lines += table(["wall", "CPU (user + sys)", "peak RSS"],
                   [[min_med(runs.wall), min_med(runs.cpu), rss_text(statistics.median(runs.rss), floor)]])
    lines.append("")
    ok = statistics.median(runs.wall) <= UPDATE_25
    return [[f"`differ update`, 25 editions ≤ {UPDATE_25:g} s", min_med(runs.wall), verdict(ok)]]


def accuracy(seeds: int) -> list[str]:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    from align_accuracy import DATA, score as align_score
    from planted_edits import evaluate as planted_eval
    from stats_accuracy import evaluate as stats_eval

    from differ.align import align_reports
    from differ.corpus import Corpus

    corpus = Corpus(CORPUS, COUNTRY)
    reports = {y: corpus.load(y) for y in corpus.years()}
    acc: list[list[str]] = []
    planted = planted_eval(seeds=seeds)
    acc.append([f"planted edits ({planted['runs']} comparisons: {planted['seeds']} seeds × 3 editions, "
                f"{planted['per_seed']} edits each): recall", f"{planted['recall']:.3f}"])
    acc.append(["planted edits: false-change rate (reported changes that match no planted edit)",
                f"{planted['false_change_rate']:.3f} ({planted['false_per_run']:.2f} per comparison)"])
    for target in (2023, 2024):
        expected = json.loads((DATA / f"align-{target}-2016.json").read_text(encoding="utf-8"))
        a = align_score(align_reports(reports[2016], reports[target]), expected)
        acc.append([f"alignment {target}→2016 (no overrides): pair precision / recall",
                    f"{a['pair_precision']:.3f} / {a['pair_recall']:.3f}"])
        acc.append([f"alignment {target}→2016: dropped precision / recall",
                    f"{a['dropped_precision']:.3f} / {a['dropped_recall']:.3f}"])
        acc.append([f"alignment {target}→2016: relation accuracy", f"{a['relation_accuracy']:.3f}"])
    for path in sorted(DATA.glob("align-*-*-*.json")):  # other countries' maps, made without seeing the aligner
        expected = json.loads(path.read_text(encoding="utf-8"))
        other = Corpus(CORPUS, expected["country"])
        a = align_score(align_reports(other.load(expected["base"]), other.load(expected["year"])), expected)
        acc.append([f"alignment {expected['country'].title()} {expected['year']}→{expected['base']}: "
                    "pair precision / recall", f"{a['pair_precision']:.3f} / {a['pair_recall']:.3f}"])
    s = stats_eval()
    acc.append([f"statistics pairing precision on the hand-checked sample ({s['n']} pairs)", f"{s['precision']:.3f}"])
    acc.append(["statistics pairing recall of the hand-checked pairs", f"{s['recall']:.3f}"])
    return ["### Accuracy", ""] + table(["measure", "value"], acc)


def write_readme(lines: list[str]) -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise SystemExit(f"README.md has no {README_START} … {README_END} markers")
    block = "\n".join(lines).replace("### ", "#### ")
    README.write_text(text[: start + len(README_START)] + "\n" + block.rstrip() + "\n" + text[end:], encoding="utf-8")
    print(f"rewrote the Performance tables in {README}")


if __name__ == "__main__":
    main()
