"""Writes that fail (unwritable reports/, a full disk) give one line and leave no half file."""

from __future__ import annotations

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


def limited_process(args, max_file_bytes: int, cwd=None):
    """``differ ARGS`` in its own process, unable to write a file past ``max_file_bytes``
    (RLIMIT_FSIZE: the kernel fails the write with EFBIG, as a full disk fails it with ENOSPC)."""
    import resource
    import subprocess
    import sys
    from pathlib import Path

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "differ", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=cwd, preexec_fn=limit, timeout=120)


def test_disk_full_during_report_write(tmp_corpus, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "kazakhstan-2023-2024.json").write_text("previous run\n")
    before = snapshot(reports)
    proc = limited_process(["diff", "2023", "2024", "--corpus", tmp_corpus,
                            "--json", reports / "kazakhstan-2023-2024.json"], 64 * 1024)
    assert proc.returncode == 1, proc.stderr
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: cannot write ") and "File too large" in lines[0], lines
    assert "kazakhstan-2023-2024.json" in lines[0]
    assert snapshot(reports) == before  # the old file intact, no temp file left behind


def test_atomic_write_of_pieces_writes_and_skips_as_of_the_bytes_they_make(tmp_path):
    from differ.corpus import atomic_write_pieces

    path = tmp_path / "x.txt"
    assert atomic_write_pieces(path, [b"on", b"", b"e"]) is True and path.read_bytes() == b"one"
    mtime = path.stat().st_mtime_ns
    assert atomic_write_pieces(path, [b"o", b"ne"]) is False and atomic_write_bytes(path, b"one") is False
    assert path.stat().st_mtime_ns == mtime
    assert atomic_write_pieces(path, [b"on", b"E"]) is True and path.read_bytes() == b"onE"
    assert atomic_write_pieces(path, [b"onE", b"!"]) is True and path.read_bytes() == b"onE!"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]
    # many pieces, gathered into runs of about 64 KB to be written and compared, one larger than a run
    pieces = [bytes([i % 251]) * (i % 997) for i in range(400)]
    pieces.insert(150, b"L" * 100_000)
    assert atomic_write_pieces(path, pieces) is True and path.read_bytes() == b"".join(pieces)
    assert atomic_write_pieces(path, pieces) is False and atomic_write_bytes(path, b"".join(pieces)) is False
    pieces[300] = b"!" + pieces[300][1:]
    assert atomic_write_pieces(path, pieces) is True and path.read_bytes() == b"".join(pieces)


def test_atomic_write_skips_identical_content(tmp_path):
    path = tmp_path / "x.txt"
    assert atomic_write_bytes(path, b"one") is True
    mtime = path.stat().st_mtime_ns
    assert atomic_write_bytes(path, b"one") is False
    assert path.stat().st_mtime_ns == mtime
    assert atomic_write_bytes(path, b"two") is True and path.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_a_file_holds_its_data_compared_block_by_block_as_whole(tmp_path):
    """_holds reads a block at a time: the same answer as reading the file whole, at the ends of
    blocks, for a file longer or shorter than the data, and for nothing at all."""
    from differ.corpus import _holds

    path = tmp_path / "x.bin"
    block = 1 << 16
    for size in (0, 1, block - 1, block, block + 1, 3 * block, 3 * block + 7):
        data = bytes(i % 251 for i in range(size))
        variants = [data, data + b"x", data[:-1], b"y" + data[1:], data[:-1] + b"z"]
        if size > block:
            variants.append(data[:block] + b"!" + data[block + 1:])
        cuts = sorted({0, 1, size // 3, block - 1, block, size - 1, size} & set(range(size + 1)))
        in_pieces = [data[a:b] for a, b in zip([0, *cuts], [*cuts, size])]  # (some empty)
        for content in variants:
            path.write_bytes(content)
            assert _holds(path, [data]) == (content == data), (size, len(content))
            assert _holds(path, in_pieces) == (content == data), (size, len(content), cuts)
