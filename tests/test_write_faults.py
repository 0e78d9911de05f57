"""Writes that fail (unwritable reports/, a full disk) give one line and leave no half file."""

from __future__ import annotations

import errno
import io
import os

from click.testing import CliRunner

from differ.cli import cli
from differ.corpus import atomic_write_bytes


def snapshot(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def one_error_line(result, *needles):
    assert result.exit_code == 1, result.output
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for n in needles:
        assert n in lines[0]
    assert "Traceback" not in result.output + result.stderr


def test_unwritable_reports_directory(tmp_corpus, tmp_path):
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the reports directory should be")
    result = CliRunner().invoke(cli, ["diff", "2023", "2024", "--corpus", str(tmp_corpus),
                                      "--json", str(blocker / "k.json")])
    one_error_line(result, "cannot write", "k.json")
    assert blocker.read_text().startswith("a file where")


class _FullDisk(io.RawIOBase):
    """A file that accepts a few bytes, then fails like a full disk."""

    def __init__(self, real):
        self.real = real

    def writable(self):
        return True

    def write(self, b):
        self.real.write(bytes(b[:10]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def close(self):
        self.real.close()
        super().close()


def test_disk_full_during_report_write(tmp_corpus, tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "kazakhstan-2023-2024.json").write_text("previous run\n")
    before = snapshot(reports)
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: _FullDisk(real_fdopen(fd, mode, *a, **k)))
    result = CliRunner().invoke(cli, ["diff", "2023", "2024", "--corpus", str(tmp_corpus),
                                      "--json", str(reports / "kazakhstan-2023-2024.json")])
    one_error_line(result, "No space left on device")
    assert snapshot(reports) == before  # the old file intact, no temp file left behind


def test_atomic_write_skips_identical_content(tmp_path):
    path = tmp_path / "x.txt"
    assert atomic_write_bytes(path, b"one") is True
    mtime = path.stat().st_mtime_ns
    assert atomic_write_bytes(path, b"one") is False
    assert path.stat().st_mtime_ns == mtime
    assert atomic_write_bytes(path, b"two") is True and path.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]
