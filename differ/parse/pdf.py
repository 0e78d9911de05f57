"""Parser for report PDFs: pypdf extracts the text, :mod:`differ.parse.text` parses it.

Nothing is stripped here beyond what pypdf gives; the text parser removes page
furniture. A file that is not a PDF, or a truncated or corrupt one, is a
:class:`~differ.errors.ParseError`.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Callable

from differ.errors import ParseError
from differ.lazyre import lazy
from differ.model import Report
from differ.parse.checks import MAX_PDF_PAGES, check_identity, check_text_length


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


def extract_pdf_text(data: bytes, source: str = "input",
                     first_page: Callable[[str], None] | None = None) -> str:
    """The text of every page, each page starting on a new line.

    ``first_page`` sees the first page's text before the others are extracted (to check
    the title early). The page count and the text are bounded."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

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
            _decrypt(reader, source)
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise ParseError(f"{source}: PDF has {count:,} pages, more than the {MAX_PDF_PAGES:,} a report can have "
                             "(real reports have under 100)")
        pages, chars = [], 0
        for i, page in enumerate(reader.pages):
            text = page.extract_text() or ""
            pages.append(text)
            chars += len(text)
            check_text_length(chars, source)
            if i == 0 and first_page is not None:
                first_page(text)
    except ParseError:
        raise
    except (DependencyError, FileNotDecryptedError):
        raise _encrypted(source) from None
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


def _decrypt(reader, source: str) -> None:
    """Open a PDF encrypted with an empty user password (an owner password only restricts
    printing or copying); one that needs a password is refused as such, not as corrupt."""
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    try:
        result = reader.decrypt("")
    except DependencyError:
        raise _encrypted(source) from None
    except Exception as e:
        raise ParseError(f"{source}: PDF is encrypted and cannot be decrypted ({_one_line(e)})") from None
    if result == PasswordType.NOT_DECRYPTED:
        raise ParseError(f"{source}: PDF is encrypted with a password; save an unencrypted copy "
                         "(e.g. print it to PDF) and use that")


def _encrypted(source: str) -> ParseError:
    return ParseError(f"{source}: PDF is encrypted with AES, which pypdf can only read with the cryptography "
                      "package (pip install cryptography)")


def _one_line(e: BaseException) -> str:
    msg = " ".join(str(e).split())
    return msg[:160] or "no details"


def parse_pdf(data: bytes, *, country: str, year: int, source: str = "") -> Report:
    from differ.parse.text import parse_text, read_title

    label = source or f"{country} {year} PDF"

    def check_title(first_page: str) -> None:  # before the other pages are extracted
        title, _ = read_title(first_page, country)
        check_identity(title, country=country, year=year, source=label)

    text = extract_pdf_text(data, label, first_page=check_title)
    return parse_text(text, country=country, year=year, source=label)
