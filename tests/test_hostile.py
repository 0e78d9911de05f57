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
