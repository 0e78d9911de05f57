"""Issue 15: hostile servers, concurrent writers and untrusted files.

Every test goes through the CLI where a user meets the problem, against real local HTTP
servers (the state.gov double of ``sitedouble``, plus raw sockets where a server must
misbehave below HTTP), real files and real concurrent processes. After every failure
the corpus and ``reports/`` are byte-identical to before, the message is one line naming
the year or file and the reason, and the exit code is the documented one.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from differ.cli import cli
from sitedouble import COUNTRY, PDF_2024, direct
from statepages import EDITION, edition_index, pdf_stub_page

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "corpus"


def run(args: list[str], **kw):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)
    assert "Traceback" not in result.output + result.stderr
    return result


def snapshot(*roots: Path) -> dict[str, bytes]:
    out = {}
    for root in roots:
        if root.exists():
            out.update({str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()})
    return out


def error_lines(text: str) -> list[str]:
    return [l for l in text.splitlines() if l.strip()]


def one_error(result, code: int, *needles: str) -> str:
    """Exactly one non-empty stderr line, an ``Error:`` naming every needle; the exit code."""
    assert result.exit_code == code, (result.exit_code, result.output, result.stderr)
    lines = [l for l in error_lines(result.stderr) if not l.startswith("Fetching")]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def differ_process(*args, env=None, **kw) -> subprocess.CompletedProcess:
    """The real command in its own process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "differ", *map(str, args)], capture_output=True, text=True,
                          env=env, **kw)


# --- 1. the host allowlist is decided by the parser that connects ------------------------------


@pytest.fixture(scope="module")
def foreign():
    """Another server on another port: the host a crafted URL tries to reach."""
    s = HTTPServer(host="127.0.0.1", port=0)
    s.no_handler_status_code = 404
    s.start()
    yield s
    s.clear()
    s.stop()


def _bypass(site, foreign, path="/x") -> str:
    # urlsplit reads the host after the "@" (the site: allowed); urllib3 connects before the "\"
    return f"http://127.0.0.1:{foreign.port}\\@127.0.0.1:{site.server.port}{path}"


class _RawHeaders(Response):
    """Sends its headers as given (werkzeug would percent-encode the backslash in Location)."""

    def get_wsgi_headers(self, environ):
        return self.headers


def _redirect(site, foreign):
    site.server.expect_request(direct(2023)).respond_with_response(
        _RawHeaders(status=302, headers={"Location": _bypass(site, foreign)}))


def _index_link(site, foreign):
    site.serve(EDITION.format(year=2023), edition_index(site.base, 2023, ["kazakhstan"]).replace(
        f'href="{site.base}{EDITION.format(year=2023)}kazakhstan"', f'href="{_bypass(site, foreign, direct(2023))}"'))


def _pdf_link(site, foreign):
    site.serve(direct(2023), pdf_stub_page(2023, COUNTRY, _bypass(site, foreign, PDF_2024)))


@pytest.mark.parametrize("plant", [_redirect, _index_link, _pdf_link], ids=["redirect", "index-link", "pdf-link"])
def test_a_url_the_two_parsers_read_differently_is_refused(site, foreign, tmp_corpus, plant):
    foreign.clear_log()
    plant(site, foreign)
    before = snapshot(tmp_corpus)
    result = run(site.args("2023", tmp_corpus, "--force"))
    line = one_error(result, 1, "Error: 2023: ", "refused")
    assert "\\" in line or "backslash" in line
    assert foreign.log == []  # not one request reached the other port
    assert snapshot(tmp_corpus) == before


@pytest.mark.parametrize("url", ["http://127.0.0.1:9\\@127.0.0.1:8", "http://user@127.0.0.1:8", "http://[::1"])
def test_a_base_url_with_credentials_backslashes_or_bad_brackets_is_a_usage_error(tmp_path, url):
    result = run(["fetch", "--years", "2023", "--corpus", tmp_path / "c", "--base-url", url])
    one_error(result, 2, "--base-url")
    assert not (tmp_path / "c").exists()


# --- 2. every corpus writer holds the corpus lock --------------------------------------------------


def edition_file(tmp_path: Path, year: int, extra: str = "") -> Path:
    """The real 2023 text retitled as another year's edition (a distinct, valid report)."""
    text = (CORPUS_DIR / COUNTRY / "2023.txt").read_text(encoding="utf-8")
    text = text.replace("Kazakhstan 2023 Human Rights Report", f"Kazakhstan {year} Human Rights Report")
    path = tmp_path / f"kz-{year}{'-' + extra if extra else ''}.txt"
    path.write_text(text.replace("Executive Summary", f"Executive Summary {extra}".rstrip(), 1) if extra else text,
                    encoding="utf-8")
    return path


def start_differ(*args, env=None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "differ", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_six_concurrent_adds_of_different_years_all_land_in_the_manifest(tmp_corpus, tmp_path):
    import shutil

    from statepages import tiny_report_text

    years = range(2017, 2023)
    files = {y: tmp_path / f"k{y}.txt" for y in years}
    for y, path in files.items():  # small reports: the six reach the manifest at nearly the same moment
        path.write_text(tiny_report_text(y))
    for round_ in range(2):  # without the lock most rounds lose an entry, not every one
        corpus = shutil.copytree(tmp_corpus, tmp_path / f"round{round_}")
        procs = [start_differ("add", files[y], "--year", y, "--corpus", corpus) for y in years]
        outs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0] * 6, outs
        manifest = json.loads((corpus / COUNTRY / "manifest.json").read_text())
        assert sorted(manifest["editions"]) == ["2016", *map(str, years), "2023", "2024"]
        doctor = run(["doctor", "--corpus", corpus])
        assert doctor.exit_code == 0, doctor.output
        assert not (corpus / ".differ.lock").exists()


def test_concurrent_forced_adds_of_one_year_leave_a_consistent_corpus(tmp_corpus, tmp_path):
    files = [edition_file(tmp_path, 2023, extra=f"v{i}") for i in range(4)]
    procs = [start_differ("add", f, "--year", 2023, "--force", "--corpus", tmp_corpus) for f in files]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, outs
    doctor = run(["doctor", "--corpus", tmp_corpus])
    assert doctor.exit_code == 0, doctor.output
    stored = (tmp_corpus / COUNTRY / "2023.txt").read_bytes()
    assert stored in [f.read_bytes() for f in files]


HOLD_LOCK = """
import sys, time
from differ.lock import corpus_lock
with corpus_lock(sys.argv[1], "differ update"):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_lock(corpus: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(corpus), str(seconds)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_add_waits_briefly_for_a_running_writer_then_fails_naming_it(tmp_corpus, tmp_path):
    holder = hold_lock(tmp_corpus, 30)
    try:
        before = snapshot(tmp_corpus)
        start = time.monotonic()
        result = run(["add", edition_file(tmp_path, 2020), "--year", "2020", "--corpus", tmp_corpus],
                     env={"DIFFER_LOCK_WAIT": "0.5"})
        assert time.monotonic() - start >= 0.5
        one_error(result, 1, "another differ update is running", f"pid {holder.pid}", "try again")
        assert snapshot(tmp_corpus) == before
    finally:
        holder.kill()
        holder.wait()


def test_add_gets_the_lock_once_the_other_writer_finishes(tmp_corpus, tmp_path):
    holder = hold_lock(tmp_corpus, 1)
    result = run(["add", edition_file(tmp_path, 2020), "--year", "2020", "--corpus", tmp_corpus],
                 env={"DIFFER_LOCK_WAIT": "20"})
    holder.wait()
    assert result.exit_code == 0, result.output
    assert "2020" in json.loads((tmp_corpus / COUNTRY / "manifest.json").read_text())["editions"]


# --- 5. --json / -o never replace a device, a FIFO or a symlink ---------------------------------


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in an empty directory, so the default reports/ lands there."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def read_fifo(path: Path) -> tuple[threading.Thread, dict]:
    got: dict = {}

    def reader():
        with open(path, "rb") as f:
            got["data"] = f.read()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread, got


def test_json_into_a_fifo_is_written_through_and_the_fifo_stays(tmp_corpus, in_tmp):
    fifo = in_tmp / "out.fifo"
    os.mkfifo(fifo)
    thread, got = read_fifo(fifo)
    result = run(["diff", "2023", "2024", "--corpus", tmp_corpus, "--json", fifo])
    thread.join(30)
    assert result.exit_code == 0, result.output
    assert json.loads(got["data"])["new"]["year"] == 2024
    assert fifo.is_fifo()
    assert (in_tmp / "reports" / "kazakhstan-2023-2024.html").is_file()  # the page goes to its usual place
    assert not list(in_tmp.glob("out.fifo*.html"))


def test_json_into_a_pipe_named_by_proc_is_written_through(tmp_corpus, in_tmp):
    """`differ diff --json /dev/stdout | jq`: /dev/stdout is a link to /proc/self/fd/1, whose
    target, "pipe:[…]", is no path; the pipe itself is what is written."""
    read_end, write_end = os.pipe()
    thread, got = read_fifo(Path(f"/proc/self/fd/{read_end}"))  # (the pipe's read side, opened again)
    try:
        result = run(["diff", "2023", "2024", "--corpus", tmp_corpus, "--json", f"/proc/self/fd/{write_end}"])
    finally:
        os.close(write_end)
    thread.join(30)
    os.close(read_end)
    assert result.exit_code == 0, result.output
    assert json.loads(got["data"])["new"]["year"] == 2024
    assert (in_tmp / "reports" / "kazakhstan-2023-2024.html").is_file()


def test_json_to_stdout_piped_is_the_json_alone(tmp_corpus, in_tmp):
    """`differ diff OLD NEW --json /dev/stdout | jq`: stdout holds the JSON and nothing else;
    what the run says goes to stderr."""
    done = subprocess.run([sys.executable, "-m", "differ", "diff", "2023", "2024", "--corpus", str(tmp_corpus),
                           "--json", "/dev/stdout"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"]["year"] == 2024
    assert "wrote /dev/stdout" in done.stderr and "abuses:" in done.stderr
    assert (in_tmp / "reports" / "kazakhstan-2023-2024.html").is_file()


def test_a_fifo_nobody_reads_is_one_line_not_a_hang(tmp_corpus, in_tmp):
    fifo = in_tmp / "out.fifo"
    os.mkfifo(fifo)
    result = run(["diff", "2023", "2024", "--corpus", tmp_corpus, "--json", fifo])
    one_error(result, 1, str(fifo), "no process is reading")
    assert fifo.is_fifo()


def test_a_symlinked_output_keeps_its_link(tmp_corpus, in_tmp):
    real = in_tmp / "real.json"
    real.write_text("old\n")
    link = in_tmp / "link.json"
    link.symlink_to(real)
    result = run(["diff", "2023", "2024", "--corpus", tmp_corpus, "--json", link])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and json.loads(real.read_text())["old"]["year"] == 2023


def test_a_full_device_is_written_into_not_replaced(tmp_corpus, in_tmp):
    """/dev/full's twin (a char device node made here, so a regression cannot break /dev)."""
    full = in_tmp / "full"
    try:
        os.mknod(full, 0o666 | __import__("stat").S_IFCHR, os.makedev(1, 7))
        with open(full, "wb") as f:
            f.write(b"x")
    except PermissionError:
        pytest.skip("needs root and a filesystem that allows device nodes")
    except OSError:
        pass  # ENOSPC: it is /dev/full
    result = run(["diff", "2023", "2024", "--corpus", tmp_corpus, "--json", full])
    one_error(result, 1, str(full), "No space left on device")
    assert full.is_char_device()


def test_the_same_file_for_json_and_html_is_a_usage_error(tmp_corpus, in_tmp):
    result = run(["diff", "2023", "2024", "--corpus", tmp_corpus, "--json", "same.out", "-o", "./same.out"])
    one_error(result, 2, "same.out", "--json", "-o")
    assert not (in_tmp / "same.out").exists() and not (in_tmp / "reports").exists()


def test_trend_output_to_a_fifo_is_refused(tmp_corpus, in_tmp):
    fifo = in_tmp / "t.fifo"
    os.mkfifo(fifo)
    result = run(["trend", "--corpus", tmp_corpus, "-o", fifo])
    one_error(result, 2, str(fifo), "not a regular file")
    assert fifo.is_fifo() and not (in_tmp / "t.json").exists()


# --- 8. a failed manifest write rolls the report back ----------------------------------------------


def test_disk_full_at_the_manifest_leaves_no_orphan_edition(tmp_corpus, tmp_path):
    from statepages import tiny_report_text
    from test_write_faults import limited_process

    report = tmp_path / "k2020.txt"
    report.write_text(tiny_report_text(2020))
    manifest_size = (tmp_corpus / COUNTRY / "manifest.json").stat().st_size
    assert report.stat().st_size < 1024 < manifest_size  # the report fits under the limit, the manifest not
    before = snapshot(tmp_corpus)
    proc = limited_process(["add", report, "--year", "2020", "--corpus", tmp_corpus], 1024)
    assert proc.returncode == 1, proc.stderr
    lines = error_lines(proc.stderr)
    assert len(lines) == 1 and "manifest.json" in lines[0] and "File too large" in lines[0], lines
    assert snapshot(tmp_corpus) == before
    assert run(["doctor", "--corpus", tmp_corpus]).exit_code == 0


# --- 10. manifest keys are years -----------------------------------------------------------------


@pytest.mark.parametrize("key", ["0042", "02016", "99999", "20x3"])
@pytest.mark.parametrize("command", ["years", "doctor", "sections"])
def test_a_manifest_key_that_is_not_a_year_is_named(tmp_corpus, key, command):
    mpath = tmp_corpus / COUNTRY / "manifest.json"
    manifest = json.loads(mpath.read_text())
    manifest["editions"][key] = dict(manifest["editions"]["2016"])
    mpath.write_text(json.dumps(manifest))
    before = snapshot(tmp_corpus)
    result = run([command, *(["2016"] if command == "sections" else []), "--corpus", tmp_corpus])
    one_error(result, 1, "manifest.json", repr(key), "four digits")
    assert snapshot(tmp_corpus) == before


@pytest.mark.parametrize("field, value, needle", [
    ("format", ["html"], "'format' must be a string"),
    ("format", "docx", "unknown format 'docx'"),
    ("file", 7, "'file' must be a string"),
])
def test_a_manifest_entry_of_the_wrong_shape_is_named(tmp_corpus, field, value, needle):
    mpath = tmp_corpus / COUNTRY / "manifest.json"
    manifest = json.loads(mpath.read_text())
    manifest["editions"]["2023"][field] = value
    mpath.write_text(json.dumps(manifest))
    for command in (["years"], ["doctor"], ["diff", "2016", "2023"]):
        one_error(run([*command, "--corpus", tmp_corpus]), 1, "manifest.json", "'2023'", needle)


def test_a_manifest_nested_100000_deep_is_one_line(tmp_corpus):
    (tmp_corpus / COUNTRY / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    one_error(run(["years", "--corpus", tmp_corpus]), 1, "manifest.json", "nested too deeply")


# --- 14. temp files left by a killed writer are cleaned up on the next run -------------------------

STUCK_WRITER = """
import os, sys, time
from differ import corpus
def stuck(fd):
    print("writing", flush=True)
    time.sleep(60)
os.fsync = stuck
corpus.atomic_write_bytes(sys.argv[1], b"x" * 3_000_000)
"""


def stuck_writer(target: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", STUCK_WRITER, str(target)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.readline().strip() == "writing"
    return proc


def temp_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_a_temp_file_left_by_kill_9_is_removed_by_the_next_run(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    writer = stuck_writer(reports / "kazakhstan-2016-2023.json")
    writer.kill()
    writer.wait()
    [left] = temp_files(reports)
    assert left.startswith(".kazakhstan-2016-2023.json.") and (reports / left).stat().st_size == 3_000_000
    assert run(["index", "--reports", reports]).exit_code == 0
    assert temp_files(reports) == []


def test_a_temp_file_being_written_right_now_is_left_alone(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    writer = stuck_writer(reports / "kazakhstan-2016-2023.json")
    try:
        [live] = temp_files(reports)
        assert run(["index", "--reports", reports]).exit_code == 0
        assert temp_files(reports) == [live]
    finally:
        writer.kill()
        writer.wait()


# --- CLI edges: add --force, re-recording a file changed on purpose ---------------------------------


def test_add_of_a_year_already_in_the_corpus_needs_force(tmp_corpus, tmp_path):
    before = snapshot(tmp_corpus)
    other = edition_file(tmp_path, 2023, extra="edited")
    result = run(["add", other, "--year", "2023", "--corpus", tmp_corpus])
    one_error(result, 2, "kazakhstan 2023 is already in the corpus", "--force")
    assert snapshot(tmp_corpus) == before
    forced = run(["add", other, "--year", "2023", "--corpus", tmp_corpus, "--force"])
    assert forced.exit_code == 0, forced.output
    assert (tmp_corpus / COUNTRY / "2023.txt").read_bytes() == other.read_bytes()


def test_the_checksum_message_says_how_to_re_record_and_that_works(tmp_corpus):
    path = tmp_corpus / COUNTRY / "2023.txt"
    path.write_text(path.read_text().replace("Executive Summary", "Executive Summary", 1) + "\n")
    source_url = json.loads((tmp_corpus / COUNTRY / "manifest.json").read_text())["editions"]["2023"]["source_url"]
    doctor = run(["doctor", "--corpus", tmp_corpus])
    assert doctor.exit_code == 1
    line = next(l for l in doctor.output.splitlines() if l.startswith("2023"))
    assert "run `differ doctor`" not in line and "see `differ doctor`" not in line
    command = line.split("record it again: ", 1)[1].rstrip(")")
    assert command == f"differ add {path} --year 2023 --corpus {tmp_corpus} --force"
    readd = run(command.split()[1:])
    assert readd.exit_code == 0, readd.output
    entry = json.loads((tmp_corpus / COUNTRY / "manifest.json").read_text())["editions"]["2023"]
    assert entry["source_url"] == source_url and "re_recorded_at" in entry  # provenance kept
    assert run(["doctor", "--corpus", tmp_corpus]).exit_code == 0


# --- 3. a whole-download deadline -------------------------------------------------------------------


class Trickler:
    """A server below HTTP: answers every connection a byte at a time, for as long as it is let."""

    def __init__(self, head: bytes, body: bytes = b"", interval: float = 0.1, trickle_head: bool = False):
        self.head, self.body, self.interval, self.trickle_head = head, body, interval, trickle_head
        self.stop = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn):
        try:
            conn.recv(65536)
            slow = (self.head if self.trickle_head else b"") + self.body
            if not self.trickle_head:
                conn.sendall(self.head)
            for i in range(10**6):
                if self.stop.is_set():
                    break
                conn.sendall(slow[i:i + 1] or b"x")
                time.sleep(self.interval)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.stop.set()
        self.sock.close()


@pytest.fixture
def trickler():
    made = []

    def make(*args, **kw):
        made.append(Trickler(*args, **kw))
        return made[-1]

    yield make
    for t in made:
        t.close()


CLOSE_DELIMITED = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"


@pytest.mark.parametrize("trickle_head", [False, True], ids=["body", "headers"])
def test_a_trickling_server_is_cut_off_at_the_deadline(trickler, tmp_corpus, trickle_head):
    server = trickler(CLOSE_DELIMITED, b"<html><body><p>" + b"a" * 10_000, trickle_head=trickle_head)
    before = snapshot(tmp_corpus)
    start = time.monotonic()
    result = run(["fetch", "--years", "2023", "--force", "--corpus", tmp_corpus, "--base-url", server.base,
                  "--delay", "0", "--retries", "2", "--backoff", "0", "--timeout", "1", "--deadline", "2"])
    elapsed = time.monotonic() - start
    one_error(result, 1, "Error: 2023: ", "2 s deadline")
    assert 2 <= elapsed < 8, elapsed  # each byte came within the 1 s timeout: only the deadline stops it
    assert snapshot(tmp_corpus) == before


def test_update_against_a_trickling_server_ends_and_frees_the_lock(trickler, tmp_corpus, tmp_path):
    server = trickler(CLOSE_DELIMITED, b"<html>" + b"a" * 10_000)
    result = run(["update", "--corpus", tmp_corpus, "--reports", tmp_path / "reports", "--base-url", server.base,
                  "--until-year", "2025", "--delay", "0", "--retries", "0", "--timeout", "1", "--deadline", "1.5",
                  "--quiet"])
    one_error(result, 1, "Error: 2025: ", "1.5 s deadline")
    assert (tmp_path / "reports" / "kazakhstan-2023-2024.html").is_file()  # the rest was regenerated
    assert not (tmp_corpus / ".differ.lock").exists()


def test_a_host_name_that_does_not_resolve_fails_at_once_and_is_said_once(tmp_path):
    start = time.monotonic()
    result = run(["fetch", "--years", "2025", "--corpus", tmp_path / "c", "--base-url", "http://no-such-host.invalid"])
    assert time.monotonic() - start < 5  # default retries and backoff: no 0+2+4+8 s of retrying
    line = one_error(result, 1, "Error: 2025: ", "cannot resolve", "no-such-host.invalid")
    assert "HTTPConnection(" not in line
    assert "no-such-host" not in result.stdout  # the table says "failed"; the reason is said once, on stderr
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize("option, value", [("--timeout", "inf"), ("--timeout", "nan"), ("--timeout", "0"),
                                           ("--deadline", "inf"), ("--deadline", "-1")])
def test_a_timeout_or_deadline_that_is_not_a_finite_positive_number_is_a_usage_error(tmp_path, option, value):
    result = run(["fetch", "--years", "2023", "--corpus", tmp_path / "c", option, value])
    one_error(result, 2, option)


# --- 4. a report must be complete to be stored -------------------------------------------------------


def page_2023() -> str:
    from statepages import corpus_report, stategov_page

    return stategov_page(corpus_report(2023))  # no PDF link to fall back on


def test_a_page_cut_at_60_percent_is_not_stored(site, tmp_corpus):
    page = page_2023()
    site.serve(direct(2023), page[: len(page) * 6 // 10])
    before = snapshot(tmp_corpus)
    result = run(site.args("2023", tmp_corpus, "--force"))
    one_error(result, 1, "Error: 2023: ", "incomplete", "</html>")
    assert snapshot(tmp_corpus) == before


def test_a_page_that_closes_but_lacks_the_last_sections_is_not_stored(site, tmp_corpus):
    page = page_2023()
    cut = page.rindex("</p>", 0, len(page) * 6 // 10) + 4
    site.serve(direct(2023), page[:cut] + "\n</div></main></body></html>\n")
    before = snapshot(tmp_corpus)
    result = run(site.args("2023", tmp_corpus, "--force"))
    one_error(result, 1, "Error: 2023: ", "incomplete", "worker-rights")
    assert snapshot(tmp_corpus) == before


def test_a_refetch_far_shorter_than_the_stored_copy_is_not_stored(site, tmp_corpus):
    from statepages import _section_html, corpus_report, stategov_page

    report = corpus_report(2023)
    kept = [report.sections[0], report.sections[1], report.sections[-1]]  # summary, section 1, worker rights
    body = "\n".join(line for i, s in enumerate(kept) for line in _section_html(s, archive=False, variant=i))
    site.serve(direct(2023), stategov_page(report, body=body))
    before = snapshot(tmp_corpus)
    result = run(site.args("2023", tmp_corpus, "--force"))
    one_error(result, 1, "Error: 2023: ", "incomplete", "stored copy")
    assert snapshot(tmp_corpus) == before


def test_add_refuses_a_text_cut_short(tmp_corpus, tmp_path):
    text = (CORPUS_DIR / COUNTRY / "2023.txt").read_text()
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: len(text) * 6 // 10])
    before = snapshot(tmp_corpus)
    result = run(["add", cut, "--year", "2023", "--force", "--corpus", tmp_corpus])
    one_error(result, 1, "cut.txt", "incomplete", "worker-rights")
    assert snapshot(tmp_corpus) == before


def test_doctor_flags_an_incomplete_edition(tmp_corpus):
    import hashlib

    d = tmp_corpus / COUNTRY
    text = (d / "2023.txt").read_bytes()
    cut = text[: text.rindex(b".", 0, len(text) * 6 // 10) + 1]
    (d / "2023.txt").write_bytes(cut)
    manifest = json.loads((d / "manifest.json").read_text())
    manifest["editions"]["2023"].update(sha256=hashlib.sha256(cut).hexdigest(), bytes=len(cut))
    (d / "manifest.json").write_text(json.dumps(manifest))
    result = run(["doctor", "--corpus", tmp_corpus])
    assert result.exit_code == 1
    line = next(l for l in result.output.splitlines() if l.startswith("2023"))
    assert "PROBLEM" in line and "incomplete" in line


# --- 6. no import without confirming country and year ------------------------------------------------


def test_add_refuses_a_report_without_a_title_line(tmp_corpus, tmp_path):
    text = (CORPUS_DIR / COUNTRY / "2023.txt").read_text().replace("Kazakhstan 2023 Human Rights Report\n", "", 1)
    untitled = tmp_path / "untitled.txt"
    untitled.write_text(text)
    before = snapshot(tmp_corpus)
    result = run(["add", untitled, "--year", "1990", "--country", "uzbekistan", "--corpus", tmp_corpus])
    line = one_error(result, 1, "untitled.txt", "cannot confirm this is the uzbekistan 1990 report")
    assert "found 'Executive Summary'" in line  # what was found instead
    assert "Uzbekistan 1990 Human Rights Report" in line  # and how to proceed
    assert snapshot(tmp_corpus) == before


def test_a_title_with_a_trailing_period_is_still_read(tmp_corpus, tmp_path):
    text = (CORPUS_DIR / COUNTRY / "2023.txt").read_text().replace(
        "Kazakhstan 2023 Human Rights Report", "UZBEKISTAN 2023 HUMAN RIGHTS REPORT.", 1)
    other = tmp_path / "other.txt"
    other.write_text(text)
    before = snapshot(tmp_corpus)
    result = run(["add", other, "--year", "2002", "--corpus", tmp_corpus])
    one_error(result, 1, "other.txt", "this is the report for UZBEKISTAN, not kazakhstan")
    assert snapshot(tmp_corpus) == before


# --- 7. bounds: far above any real report, far below harm ----------------------------------------------


def headings_text(n: int, year: int = 2020) -> str:
    from statepages import tiny_report_text

    extra = "".join(f"Heading Number {i}\n\nSome words about it.\n\n" for i in range(n))
    return tiny_report_text(year).replace("Section 7. Worker Rights", extra + "Section 7. Worker Rights")


def test_add_refuses_an_edition_with_thousands_of_headings(tmp_corpus, tmp_path):
    many = tmp_path / "many.txt"
    many.write_text(headings_text(5000))
    before = snapshot(tmp_corpus)
    start = time.monotonic()
    result = run(["add", many, "--year", "2020", "--corpus", tmp_corpus])
    assert time.monotonic() - start < 10
    one_error(result, 1, "many.txt", "5,00", "headings", "more than")
    assert snapshot(tmp_corpus) == before


def test_add_refuses_a_200_mb_file_without_reading_it(tmp_corpus, tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.write(b"Kazakhstan 2020 Human Rights Report\n")
        f.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    start = time.monotonic()
    result = run(["add", huge, "--year", "2020", "--corpus", tmp_corpus])
    assert time.monotonic() - start < 5
    one_error(result, 1, "huge.txt", "200.0 MB", "more than")


def test_add_refuses_html_nested_100000_deep_quickly(tmp_corpus, tmp_path):
    from statepages import corpus_report, stategov_page

    page = stategov_page(corpus_report(2023))
    deep = page.replace('<div class="entry-content">', '<div class="entry-content">' + "<div>" * 100_000, 1)
    path = tmp_path / "deep.html"
    path.write_text(deep)
    start = time.monotonic()
    result = run(["add", path, "--year", "2023", "--force", "--corpus", tmp_corpus])
    assert time.monotonic() - start < 5
    one_error(result, 1, "deep.html", "nested", "deep")


@pytest.mark.parametrize("headings, reason", [(5_000, "5,0"), (50_000, "HTML elements")])
def test_fetch_refuses_a_crafted_page_with_thousands_of_headings_quickly(site, tmp_corpus, headings, reason):
    page = page_2023()
    at = page.index("<h2")
    site.serve(direct(2023), page[:at] + "<h4>x</h4><p>y.</p>" * headings + page[at:])
    before = snapshot(tmp_corpus)
    start = time.monotonic()
    result = run(site.args("2023", tmp_corpus, "--force"))
    assert time.monotonic() - start < 15
    one_error(result, 1, "Error: 2023: ", reason, "more than")
    assert snapshot(tmp_corpus) == before


def test_update_carries_on_past_one_bad_edition(site, tmp_corpus, tmp_path):
    """A 2020 edition stored by an older version that cannot be parsed now: update reports it
    once and regenerates everything else from the other editions."""
    import hashlib
    from statepages import corpus_report, stategov_page

    page = stategov_page(corpus_report(2023), year=2020).replace("2023", "2020")
    bad = page.replace('<div class="entry-content">', '<div class="entry-content">' + "<div>" * 2000, 1).encode()
    d = tmp_corpus / COUNTRY
    (d / "2020.html").write_bytes(bad)
    manifest = json.loads((d / "manifest.json").read_text())
    manifest["editions"]["2020"] = {"file": "2020.html", "format": "html", "source": "old",
                                    "sha256": hashlib.sha256(bad).hexdigest(), "bytes": len(bad)}
    (d / "manifest.json").write_text(json.dumps(manifest))
    reports = tmp_path / "reports"
    result = run(["update", "--corpus", tmp_corpus, "--reports", reports, "--base-url", site.base,
                  "--archive-base-url", site.archive, "--until-year", "2025", "--delay", "0", "--quiet",
                  "--country", COUNTRY])
    one_error(result, 1, "Error: 2020: ", "2020.html", "nested")
    names = sorted(p.name for p in reports.iterdir())
    assert names == ["feed.xml", "index.html", "kazakhstan-2016-2023.html", "kazakhstan-2016-2023.json",
                     "kazakhstan-2023-2024.html", "kazakhstan-2023-2024.json",
                     "kazakhstan-trend.html", "kazakhstan-trend.json"]


# --- CLI edges: encrypted PDF, UTF-16 text -----------------------------------------------------------------


def encrypted_pdf(user_password: str, algorithm: str) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter
    from statepages import corpus_pdf

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(corpus_pdf(2024))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_password_protected_pdf_is_called_encrypted_not_corrupt(tmp_corpus, tmp_path):
    pdf = tmp_path / "locked.pdf"
    pdf.write_bytes(encrypted_pdf("secret", "RC4-128"))
    result = run(["add", pdf, "--year", "2024", "--force", "--corpus", tmp_corpus])
    line = one_error(result, 1, "locked.pdf", "encrypted", "password")
    assert "corrupt" not in line


def test_a_pdf_encrypted_without_a_user_password_is_read(tmp_corpus, tmp_path):
    pdf = tmp_path / "owner-only.pdf"
    pdf.write_bytes(encrypted_pdf("", "RC4-128"))
    result = run(["add", pdf, "--year", "2024", "--force", "--corpus", tmp_corpus])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_add_reads_utf16_text_and_stores_utf8(tmp_corpus, tmp_path, encoding):
    text = (CORPUS_DIR / COUNTRY / "2023.txt").read_text(encoding="utf-8")
    path = tmp_path / "k2023-utf16.txt"
    path.write_bytes(text.encode(encoding))
    result = run(["add", path, "--year", "2023", "--force", "--corpus", tmp_corpus])
    assert result.exit_code == 0, result.output
    assert (tmp_corpus / COUNTRY / "2023.txt").read_text(encoding="utf-8") == text
    entry = json.loads((tmp_corpus / COUNTRY / "manifest.json").read_text())["editions"]["2023"]
    assert entry["transcoded_from"].startswith("utf-16")
    assert run(["doctor", "--corpus", tmp_corpus]).exit_code == 0


# --- 12. update prints every write error, not only the index's ------------------------------------------


def test_update_with_unwritable_reports_prints_every_error(site, tmp_corpus, tmp_path):
    from test_write_faults import limited_process

    reports = tmp_path / "reports"
    reports.mkdir()
    proc = limited_process(["update", "--corpus", tmp_corpus, "--reports", reports, "--base-url", site.base,
                            "--archive-base-url", site.archive, "--until-year", "2025", "--delay", "0", "--quiet",
                            "--country", COUNTRY], 4096)
    assert proc.returncode == 1, proc.stderr
    lines = error_lines(proc.stderr)
    assert all(l.startswith("Error: ") and "File too large" in l for l in lines), lines
    assert [l.split(":")[1].strip() for l in lines] == ["2016→2023", "2023→2024", "trend", "index"], lines
    assert list(reports.iterdir()) == []


# --- 9. only standard JSON: a figure too large for a float keeps what was written -------------------


def strict_json(text: str):
    def refuse(constant):
        raise AssertionError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


def test_a_400_digit_figure_is_written_as_written_not_as_infinity(tmp_corpus, tmp_path, in_tmp):
    huge = "4" * 400
    text = (CORPUS_DIR / COUNTRY / "2023.txt").read_text().replace("received 138 torture", f"received {huge} torture")
    path = tmp_path / "k2023.txt"
    path.write_text(text)
    assert run(["add", path, "--year", "2023", "--force", "--corpus", tmp_corpus]).exit_code == 0
    result = run(["diff", "2016", "2023", "--corpus", tmp_corpus])
    assert result.exit_code == 0, result.output
    raw = (in_tmp / "reports" / "kazakhstan-2016-2023.json").read_text()
    data = strict_json(raw)
    stats = [s for row in data["statistics"] for s in (row.get("old"), row.get("new")) if s]
    [figure] = [s for s in stats if huge in s["value"]]
    assert figure["number"] is None
    import jsonschema

    jsonschema.validate(data, json.loads((ROOT / "differ" / "schema" / "comparison.schema.json").read_text()))
    trend = run(["trend", "--corpus", tmp_corpus])
    assert trend.exit_code == 0, trend.output
    strict_json((in_tmp / "reports" / "kazakhstan-trend.json").read_text())


# --- 11. a proper message where "internal error" was --------------------------------------------------


def test_a_sidecar_json_nested_100000_deep_does_not_break_index_or_diff(tmp_corpus, in_tmp):
    reports = in_tmp / "reports"
    reports.mkdir()
    (reports / "kazakhstan-2016-2023.html").write_text("<html></html>")
    (reports / "kazakhstan-2016-2023.json").write_text("[" * 100_000 + "]" * 100_000)
    index = run(["index", "--reports", reports])
    assert index.exit_code == 0, index.output
    assert "kazakhstan-2016-2023.html" in (reports / "index.html").read_text()
    diff = run(["diff", "2023", "2024", "--corpus", tmp_corpus])
    assert diff.exit_code == 0, diff.output


def test_a_closed_pipe_ends_the_command_quietly():
    """`differ sections 2016 --json | head -1`: the reader goes away before the output is written."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "differ", "sections", "2016", "--json", "--corpus", CORPUS_DIR],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # like `head` exiting
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert err == ""
    assert proc.returncode == 141  # 128 + SIGPIPE, as a shell reports a pipeline's early end


# --- 13. no terminal escapes from report text ------------------------------------------------------------

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # writes the clipboard in many terminals
CSI = "\x1b[2J\x9b2J"  # clears the screen (7-bit and 8-bit forms)


def assert_no_controls(text: str) -> None:
    bad = [c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]
    assert not bad, [hex(ord(c)) for c in bad]


def test_escapes_in_a_title_are_not_echoed_in_add_errors(tmp_corpus, tmp_path):
    text = (CORPUS_DIR / COUNTRY / "2023.txt").read_text().replace(
        "Kazakhstan 2023 Human Rights Report", f"Uzbek{OSC52}istan{CSI} 2023 Human Rights Report", 1)
    path = tmp_path / "k.txt"
    path.write_text(text)
    result = run(["add", path, "--year", "2023", "--force", "--corpus", tmp_corpus])
    one_error(result, 1, "this is the report for Uzbek")
    assert_no_controls(result.output + result.stderr)


def test_escapes_in_headings_are_not_printed_by_sections_or_align(tmp_corpus, tmp_path):
    text = (CORPUS_DIR / COUNTRY / "2023.txt").read_text().replace(
        "Section 2. Respect for Civil Liberties", f"Section 2. Respect for Civil Liberties{OSC52}{CSI}", 1)
    path = tmp_path / "k.txt"
    path.write_text(text)
    assert run(["add", path, "--year", "2023", "--force", "--corpus", tmp_corpus]).exit_code == 0
    for args in (["sections", "2023"], ["align", "2023"], ["sections", "2023", "--json"]):
        result = run([*args, "--corpus", tmp_corpus])
        assert result.exit_code == 0, result.output
        assert "Section 2. Respect for Civil Liberties" in result.output
        assert_no_controls(result.output + result.stderr)
    data = json.loads(run(["sections", "2023", "--json", "--corpus", tmp_corpus]).output)
    assert any(OSC52 in s["heading"] for s in data["sections"])  # JSON keeps the text, escaped


# --- CLI edges: trend --years, years outside a corpus, the README's Python example -------------------------


def test_trend_years_selecting_no_edition_says_so_and_writes_nothing(tmp_corpus, in_tmp):
    assert run(["trend", "--corpus", tmp_corpus]).exit_code == 0
    page = in_tmp / "reports" / "kazakhstan-trend.html"
    before = snapshot(in_tmp / "reports")
    result = run(["trend", "--years", "2017-2022", "--corpus", tmp_corpus])
    one_error(result, 2, "--years 2017-2022 selects no edition", "2016, 2023, 2024")
    assert snapshot(in_tmp / "reports") == before and page.exists()


def test_trend_years_selecting_one_edition_says_which(tmp_corpus, in_tmp):
    result = run(["trend", "--years", "2016-2020", "--corpus", tmp_corpus])
    line = one_error(result, 2, "--years 2016-2020 selects 1 edition (2016)", "at least two", "2016, 2023, 2024")
    assert "has 1" not in line


def test_years_outside_a_corpus_names_the_path_and_how_to_point_at_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DIFFER_CORPUS", raising=False)
    result = run(["years"])
    one_error(result, 2, str(tmp_path / "corpus"), "--corpus", "$DIFFER_CORPUS")


def test_the_readme_python_example_runs():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    examples = [b for b in blocks if "compare_years" in b]
    assert examples, "README shows how to call compare_years from Python"
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        for block in examples:
            exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)


def test_a_run_without_chromium_says_how_many_browser_tests_did_not_run(tmp_path):
    tests = tmp_path / "tests"
    tests.mkdir()
    for name in ("conftest.py", "sitedouble.py", "statepages.py"):
        (tests / name).write_text((ROOT / "tests" / name).read_text())
    browser = (ROOT / "tests" / "test_browser.py").read_text()
    (tests / "test_browser.py").write_text(browser.replace('Path("/usr/bin/chromium")', 'Path("/nonexistent/chromium")'))
    (tests / "test_other.py").write_text("def test_other():\n    pass\n")
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", str(tests)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DIFFER_REQUIRE_BROWSER", None)
    quiet = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert quiet.returncode == 0, quiet.stdout
    if Path("/usr/bin/chromium").exists():  # the real module collects: the summary gives its count
        collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                                    str(ROOT / "tests" / "test_browser.py")], capture_output=True, text=True,
                                   cwd=ROOT, env=env, timeout=120).stdout
        count = int(re.search(r"test_browser\.py: (\d+)", collected).group(1))  # -q -q: a count per file
    else:
        count = int(re.search(r"(\d+) browser tests did not run", quiet.stdout).group(1))
    assert count > 1
    assert f"{count} browser tests did not run (/usr/bin/chromium is not installed); CI must run them" in quiet.stdout
    strict = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, timeout=120,
                            env={**env, "DIFFER_REQUIRE_BROWSER": "1"})
    assert strict.returncode == 1, strict.stdout


def test_terminal_text_loses_the_same_characters_as_by_the_class():
    """printable() takes out, by str.translate, what the character class it replaced matched,
    and escape_unprintable() escapes just those: every character is checked."""
    from differ.errors import escape_unprintable, printable

    unprintable = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
    every = "".join(map(chr, range(0x110000)))
    assert printable(every) == unprintable.sub("", every)
    assert escape_unprintable(every) == unprintable.sub(lambda m: f"\\u{ord(m.group()):04x}", every)
    assert printable("a\tb\nc\x1b[2J\u202ed") == "a\tb\nc[2Jd"
