"""Parser for report PDFs: pypdf extracts the text, :mod:`differ.parse.text` parses it.

Nothing is stripped here beyond what pypdf gives; the text parser removes page
furniture. A file that is not a PDF, or a truncated or corrupt one, is a
:class:`~differ.errors.ParseError`.
"""

from __future__ import annotations

import io
import logging
import re

from differ.errors import ParseError
from differ.lazyre import lazy
from differ.model import Report


# pypdf repairs damaged files quietly (strict=False) and logs what it repaired; these
# repairs mean lost content, so they make the file unusable as a report.
_DAMAGE = lazy(r"not defined|startxref|corrupt|truncat|invalid stream|unexpected end|could not read|"
               r"premature|damaged", re.I)


class _Damage(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if _DAMAGE.search(msg):
            self.messages.append(msg)


def extract_pdf_text(data: bytes, source: str = "input") -> str:
    """The text of every page, each page starting on a new line."""
    from pypdf import PdfReader

    if not data:
        raise ParseError(f"{source}: PDF is empty")
    if not data.lstrip(b"\r\n\t ")[:5].startswith(b"%PDF"):
        raise ParseError(f"{source}: not a PDF (does not start with %PDF)")
    if b"%%EOF" not in data[-2048:]:
        raise ParseError(f"{source}: PDF is truncated (no %%EOF marker at the end)")
    pypdf_logger = logging.getLogger("pypdf")
    damage = _Damage()
    pypdf_logger.addHandler(damage)
    propagate = pypdf_logger.propagate
    pypdf_logger.propagate = False  # the reason goes into the error, not onto stderr
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise ParseError(f"{source}: PDF is encrypted") from None
        pages = []
        for page in reader.pages:
            pages.append(page.extract_text() or "")
    except ParseError:
        raise
    except Exception as e:  # pypdf raises almost any exception type on malformed input
        raise ParseError(f"{source}: PDF is corrupt or truncated ({type(e).__name__}: {_one_line(e)})") from None
    finally:
        pypdf_logger.removeHandler(damage)
        pypdf_logger.propagate = propagate
    if damage.messages:
        raise ParseError(f"{source}: PDF is corrupt or truncated (pypdf: {_one_line(damage.messages[0])})")
    if not pages:
        raise ParseError(f"{source}: PDF has no pages")
    # one line break between pages: pypdf ends some pages with one already
    text = "".join(p if p.endswith("\n") else p + "\n" for p in pages)
    if not text.strip():
        raise ParseError(f"{source}: PDF has no text layer (scanned image?)")
    return text


def _one_line(e: BaseException) -> str:
    msg = " ".join(str(e).split())
    return msg[:160] or "no details"


def parse_pdf(data: bytes, *, country: str, year: int, source: str = "") -> Report:
    from differ.parse.text import parse_text

    label = source or f"{country} {year} PDF"
    text = extract_pdf_text(data, label)
    return parse_text(text, country=country, year=year, source=label)
