"""Command-line interface: a thin layer over the Python API of each stage.

Every command takes ``--corpus DIR`` (else ``$DIFFER_CORPUS``, else ``./corpus``) and
``--country SLUG``. Errors are one line on stderr and an exit code: 2 for usage, 1 for
failures. Heavy modules are imported inside commands so ``differ --help`` stays fast.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from pathlib import Path

import click

from differ.corpus import DEFAULT_COUNTRY, Corpus
from differ.errors import DifferError, escape_unprintable, printable


def corpus_options(func):
    """Add ``--corpus`` and ``--country`` and pass a :class:`Corpus` as ``corpus``."""

    @click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False), default=None,
                  help="Corpus directory (default: $DIFFER_CORPUS or ./corpus).")
    @click.option("--country", default=DEFAULT_COUNTRY, show_default=True, help="Country slug, e.g. kazakhstan.")
    @functools.wraps(func)
    def wrapper(*args, corpus_dir, country, **kwargs):
        return func(*args, corpus=Corpus(corpus_dir, country), **kwargs)

    return wrapper


def network_options(func):
    """The fetcher's options, shared by ``fetch`` and ``update``; passed as ``network``."""

    @click.option("--base-url", default="https://www.state.gov", show_default=True,
                  help="Replaces https://www.state.gov (a mirror or web archive); paths stay the same.")
    @click.option("--archive-base-url", default="https://2009-2017.state.gov", show_default=True,
                  help="Replaces https://2009-2017.state.gov, the archive site holding 2016 and earlier.")
    @click.option("--delay", type=float, default=None, hidden=True, help="Seconds between requests to a host.")
    @click.option("--retries", type=int, default=None, hidden=True, help="Retries per request.")
    @click.option("--backoff", type=float, default=None, hidden=True, help="Exponential backoff factor, seconds.")
    @click.option("--max-bytes", type=int, default=None, hidden=True, help="Size cap per download.")
    @click.option("--timeout", type=float, default=None,
                  help="Seconds to wait for a connection or for the next bytes of an answer (default 30).")
    @click.option("--deadline", type=float, default=None,
                  help="Seconds one download may take in all, redirects and retries included (default 300).")
    @functools.wraps(func)
    def wrapper(*args, base_url, archive_base_url, delay, retries, backoff, max_bytes, timeout, deadline, **kwargs):
        tuning = {"delay": delay, "retries": retries, "backoff_factor": backoff, "max_bytes": max_bytes,
                  "timeout": timeout, "deadline": deadline}
        network = {"base_url": base_url, "archive_base_url": archive_base_url,
                   **{k: v for k, v in tuning.items() if v is not None}}
        return func(*args, network=network, **kwargs)

    return wrapper


def echo(message: object = "", err: bool = False) -> None:
    """``click.echo`` for anything that may carry report or server text: its control
    characters (terminal escape sequences) are taken out."""
    click.echo(printable(str(message)), err=err)


def one_line(message: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", message).strip()


class DifferGroup(click.Group):
    """Turns :class:`DifferError` into one line on stderr and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except DifferError as e:
            echo(f"Error: {one_line(str(e))}", err=True)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt:
            echo("Error: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # `differ sections 2016 --json | head -1`: the reader has gone
            _silence_stdout()
            ctx.exit(141)  # 128 + SIGPIPE, what a shell reports for a pipeline cut short
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as e:  # a bug: still one line, the traceback only on request
            if os.environ.get("DIFFER_DEBUG"):
                raise
            detail = f"{type(e).__name__}: {one_line(str(e))}"
            echo(f"Error: internal error ({detail}); set DIFFER_DEBUG=1 for details", err=True)
            ctx.exit(1)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass


@click.group(cls=DifferGroup)
@click.version_option(package_name="differ")
def cli():
    """See how the State Department's human-rights report for a country changes year to year."""


def emit_json(data) -> None:
    click.echo(escape_unprintable(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)))


@cli.command()
@corpus_options
def years(corpus: Corpus):
    """List the editions the corpus holds."""
    found = corpus.years()
    if not found:
        root = corpus.root.resolve()
        why = "no such directory" if not root.is_dir() else f"no {corpus.country} editions recorded there"
        raise DifferError(f"no editions for {corpus.country} in {root} ({why}); point --corpus or $DIFFER_CORPUS "
                          "at a corpus directory, or add editions with `differ add` or `differ fetch`", exit_code=2)
    manifest = corpus.load_manifest()
    for year in found:
        entry = manifest["editions"].get(str(year), {})
        echo(f"{year}  {entry.get('file', '?'):<10} {entry.get('format', '?'):<9} {entry.get('bytes', '?'):>8} bytes")


@cli.command()
@click.argument("year")
@click.option("--json", "as_json", is_flag=True, help="Print the outline as JSON.")
@corpus_options
def sections(corpus: Corpus, year: str, as_json: bool):
    """Print the outline of one edition with paragraph counts."""
    report = corpus.load(year)
    outline = [
        {"heading": s.heading, "level": s.level, "path": list(s.path), "paragraphs": len(s.paragraphs)}
        for s in report.walk()
    ]
    if as_json:
        emit_json({"country": report.country, "year": report.year, "sections": outline})
        return
    echo(f"{report.title or report.country} ({report.year})")
    for s in outline:
        indent = "  " * s["level"]
        echo(f"{indent}{s['heading']}  [{s['paragraphs']}]")


@cli.command()
@click.argument("year")
@click.option("--base", "base_year", default="2016", show_default=True, help="The edition to align against.")
@click.option("--json", "as_json", is_flag=True, help="Print the alignment as JSON.")
@corpus_options
def align(corpus: Corpus, year: str, base_year: str, as_json: bool):
    """Map each section of YEAR to its counterpart(s) in the base edition.

    Pins and forbidden pairs are read from <corpus>/<country>/align-overrides.toml.
    """
    from differ.align import align_corpus, format_alignment

    alignment = align_corpus(corpus, year, base_year)
    for warning in alignment.warnings:
        echo(f"Warning: {warning}", err=True)
    if as_json:
        emit_json(alignment.to_json())
    else:
        echo(format_alignment(alignment))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", required=True, help="The edition year of the report.")
@click.option("--force", is_flag=True, help="Replace the edition the corpus already holds for that year.")
@corpus_options
def add(corpus: Corpus, file: Path, year: str, force: bool):
    """Copy a local report file (text, HTML or PDF) into the corpus."""
    from differ.corpus import validate_year
    from differ.parse import UnconfirmedReport, parse_bytes, read_report_file

    year_n = validate_year(year)
    if not file.is_file():
        raise DifferError(f"{file}: no such file", exit_code=2)
    read = read_report_file(file)
    try:
        report = parse_bytes(read.data, read.format, country=corpus.country, year=year_n, source=str(file),
                             strict=True)
    except UnconfirmedReport as e:
        raise DifferError(f"{e}; if it is that report, put that title line at the top of the file and add it "
                          "again") from None
    with corpus.writing("differ add"):
        entry = corpus.load_manifest()["editions"].get(str(year_n))
        if entry and not force:
            raise DifferError(f"{corpus.country} {year_n} is already in the corpus ({entry.get('file')}, "
                              f"{entry.get('source', 'no source recorded')}); use --force to replace it", exit_code=2)
        provenance = _add_provenance(corpus, file, entry)
        if read.transcoded_from:
            provenance["transcoded_from"] = read.transcoded_from
        path = corpus.store(year_n, read.data, read.format, provenance)
    n = sum(1 for _ in report.walk())
    echo(f"added {corpus.country} {year_n} as {path} ({n} sections)")


def _add_provenance(corpus: Corpus, file: Path, entry: dict | None) -> dict:
    """A new file's source; the edition's own file, edited on purpose, keeps its provenance."""
    from datetime import datetime, timezone

    own = corpus.dir / str((entry or {}).get("file", ""))
    if entry and own.is_file() and own.samefile(file):
        kept = {k: v for k, v in entry.items() if k not in ("file", "format", "sha256", "bytes")}
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        return {**kept, "re_recorded_at": now}
    return {"source": f"local file {file.name}"}


@cli.command()
@corpus_options
def doctor(corpus: Corpus):
    """Verify the corpus against its manifest (files, sha256, parsing)."""
    from differ.corpus import check_corpus

    results = check_corpus(corpus)
    for r in results:
        echo(f"{r.year}  {r.file:<10} {'ok' if r.ok else 'PROBLEM':<8} {r.message}")
    bad = [r for r in results if not r.ok]
    if bad:
        raise DifferError(f"{len(bad)} problem(s) in {corpus.dir}", exit_code=1)
    echo(f"{corpus.dir}: {len(results)} edition(s), all ok")


@cli.command()
@click.option("--years", "years_spec", required=True, metavar="YEARS",
              help="Years to fetch: 2015-2024, 2023, or a list such as 2016,2023-2024.")
@click.option("--force", is_flag=True, help="Fetch years already in the corpus again (conditional requests).")
@network_options
@corpus_options
def fetch(corpus: Corpus, years_spec: str, force: bool, network: dict):
    """Download reports from state.gov into the corpus (validated before they are stored)."""
    from differ.fetch import FAILED, FetchConfig, parse_years, results_table

    years_list = parse_years(years_spec)
    config = FetchConfig(force=force, **network)
    with corpus.writing("differ fetch"):
        results = _fetch_with_progress(corpus, years_list, config)
    echo(results_table(results))
    failed = [r for r in results if r.status == FAILED]
    for r in failed:
        echo(f"Error: {r.year}: {one_line(r.reason)}", err=True)
    if failed:
        click.get_current_context().exit(1)


def _fetch_with_progress(corpus: Corpus, years_list: list[int], config):
    from differ.fetch import fetch_years

    stderr = sys.stderr
    with click.progressbar(length=len(years_list), label="Fetching", file=stderr, show_pos=True,
                           item_show_func=lambda r: f"{r.year} {r.status}" if r else None) as bar:
        return fetch_years(corpus, years_list, config, progress=lambda r: bar.update(1, r))


@cli.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the comparison (default: reports/<country>-<OLD>-<NEW>.json).")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write the statistics and laws tables as CSV into this directory.")
@click.option("-o", "--output", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the HTML report (default: beside the JSON, reports/<country>-<OLD>-<NEW>.html).")
@click.option("--open", "open_html", is_flag=True, help="Open the HTML report in a browser.")
@corpus_options
def diff_command(corpus: Corpus, old: str, new: str, json_path: Path | None, csv_dir: Path | None,
                 html_path: Path | None, open_html: bool):
    """Compare edition OLD with the later edition NEW: redlines, abuses, statistics, laws."""
    from differ.corpus import validate_year
    from differ.diff import compare_years, format_summary, write_csv
    from differ.render import write_comparison_files

    default = Path("reports") / f"{corpus.country}-{validate_year(old)}-{validate_year(new)}.json"
    if html_path is None and json_path is not None and _is_special_file(json_path):
        html_path = default.with_suffix(".html")  # nothing can be written "beside" a device or a FIFO
    _refuse_same_file(json_path or default, html_path or (json_path or default).with_suffix(".html"))
    comparison = compare_years(corpus, old, new)
    path, html_path = write_comparison_files(corpus, comparison, json_path or default, html_path)
    echo(format_summary(comparison))
    echo(f"wrote {path}")
    if csv_dir is not None:
        for p in write_csv(comparison, csv_dir):
            echo(f"wrote {p}")
    echo(f"wrote {html_path}")
    if open_html:
        click.launch(str(html_path.resolve()))


def _is_special_file(path: Path) -> bool:
    """A device, a FIFO or a socket (what ``--json /dev/stdout`` names), not a file to replace."""
    return path.exists() and not path.is_file() and not path.is_dir()


def _refuse_same_file(json_path: Path, html_path: Path) -> None:
    same = os.path.realpath(json_path) == os.path.realpath(html_path)
    if not same and json_path.exists() and html_path.exists():
        same = os.path.samefile(json_path, html_path)
    if same:
        raise DifferError(f"--json {json_path} and -o {html_path} are the same file; give the JSON and the "
                          "HTML page different paths", exit_code=2)


@cli.command()
@click.option("--years", "years_spec", default=None, metavar="YEARS",
              help="Editions to include: 2016,2023-2024 (a range takes the editions the corpus has in it). Default: all.")
@click.option("-o", "--output", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the HTML page (default: reports/<country>-trend.html); the JSON goes beside it.")
@click.option("--open", "open_html", is_flag=True, help="Open the page in a browser.")
@corpus_options
def trend(corpus: Corpus, years_spec: str | None, html_path: Path | None, open_html: bool):
    """Every edition side by side: abuses by year, statistics over time, section churn, sentence lineage."""
    from differ.render import write_trend
    from differ.trend import select_years, trend_corpus

    if html_path is not None and _is_special_file(html_path):
        raise DifferError(f"-o {html_path}: not a regular file (the trend's JSON is written beside the page, "
                          "so -o must name a file)", exit_code=2)
    chosen = select_years(corpus, years_spec)
    if chosen is not None and len(chosen) < 2:
        picked = f"{len(chosen)} edition ({chosen[0]})" if chosen else "no edition"
        raise DifferError(f"--years {years_spec} selects {picked} of {corpus.country}; a trend needs at least two "
                          f"(editions in the corpus: {', '.join(map(str, corpus.years())) or 'none'})", exit_code=2)
    data = trend_corpus(corpus, chosen)
    html, data_path = write_trend(data, html_path or Path("reports") / f"{corpus.country}-trend.html")
    echo(f"{corpus.country}: {len(data['years'])} editions ({', '.join(str(y) for y in data['years'])})")
    echo(f"wrote {data_path}")
    echo(f"wrote {html}")
    if open_html:
        click.launch(str(html.resolve()))


@cli.command()
@click.option("--reports", "reports_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
              show_default=True, help="The directory holding the HTML reports.")
def index(reports_dir: Path):
    """Write index.html linking every comparison and trend page in the reports directory."""
    from differ.render import write_index

    if not reports_dir.is_dir():
        raise DifferError(f"{reports_dir}: no such directory (run differ diff or differ trend first)", exit_code=2)
    echo(f"wrote {write_index(reports_dir)}")


@cli.command()
@click.option("--reports", "reports_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
              show_default=True, help="Where the comparison, trend and index pages are kept.")
@click.option("--quiet", "-q", is_flag=True, help="For cron: print only when something changed or failed.")
@click.option("--until-year", type=int, default=None, hidden=True, help="Probe up to this year (default: this year).")
@network_options
@corpus_options
def update(corpus: Corpus, reports_dir: Path, quiet: bool, until_year: int | None, network: dict):
    """Fetch editions newer than the corpus holds, then regenerate every report page."""
    from differ.fetch import FetchConfig
    from differ.update import run_update

    config = FetchConfig(**network)
    say = (lambda msg: None) if quiet else (lambda msg: echo(msg, err=True))
    result = run_update(corpus, reports_dir, config, until_year=until_year, step=say)
    for r in result.probed:
        if r.status == "fetched" or not quiet:
            said = r.reason and r.status not in ("fetched", "failed")  # a failure's reason: its Error line
            echo(f"{r.year}: {r.status}{f' ({r.reason})' if said else ''}")
    for path in result.written:
        echo(f"wrote {path}")
    for r in result.failed:
        echo(f"Error: {r.year}: {one_line(r.reason)}", err=True)
    for line in result.errors:
        echo(f"Error: {one_line(line)}", err=True)
    if not result.ok:
        click.get_current_context().exit(1)
    if result.nothing_new and not quiet:
        echo("nothing new")


def main() -> None:
    cli(prog_name="differ")


if __name__ == "__main__":  # pragma: no cover
    main()
