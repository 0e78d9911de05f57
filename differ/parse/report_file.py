"""A local report file read for ``differ add``: size-checked before it is read whole, UTF-16
text stored as UTF-8. (A module of its own, apart from :mod:`differ.parse`, so that the
commands that add nothing do not make the dataclass.)"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from differ.errors import ParseError
from differ.parse import decode_text, sniff_format, utf16_encoding
from differ.parse.checks import check_size


@dataclass(frozen=True)
class ReportFile:
    """A local report file, read for import: text is stored as UTF-8 whatever it came in."""

    data: bytes
    format: str
    transcoded_from: str | None = None


def read_report_file(path: str | Path) -> ReportFile:
    """Read a file to import, refusing one over the size bound before reading it whole."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
            fmt = sniff_format(head, path.name)
            check_size(max(len(head), path.stat().st_size), fmt, str(path))
            data = head + f.read()
    except OSError as e:
        raise ParseError(f"{path}: cannot read ({e.strerror})") from None
    check_size(len(data), fmt, str(path))
    utf16 = utf16_encoding(data) if fmt != "pdf" else None
    if utf16:
        return ReportFile(decode_text(data, str(path)).encode("utf-8"), fmt, utf16)
    return ReportFile(data, fmt)
