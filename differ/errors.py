"""The one exception type the CLI turns into a one-line error and an exit code, and how
text is made safe to show on a terminal."""

from differ.lazyre import lazy


class DifferError(Exception):
    """A user-facing failure: bad input, a missing year, an unreadable file.

    ``exit_code`` follows the CLI contract: 2 for usage errors (bad arguments, unknown
    year), 1 for failures while doing the work.
    """

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


class UsageError(DifferError):
    def __init__(self, message: str):
        super().__init__(message, exit_code=2)


class ParseError(DifferError):
    """A file that does not parse into a human-rights report."""


def failure_reason(e: Exception, doing: str = "") -> str:
    """What to say about an exception caught where one item's failure must not stop the
    others: a DifferError's own message, else the bug, named (``doing``: what failed, e.g.
    "reading the 2023 index", said of a bug only: a DifferError's message says it already)."""
    if isinstance(e, DifferError):
        return str(e)
    return f"internal error{' ' + doing if doing else ''} ({type(e).__name__}: {e})"


# C0 controls but tab and newline, DEL, C1 controls (0x9b is an 8-bit CSI), and the
# bidirectional overrides that make a terminal show text in another order than it is.
_UNPRINTABLE_CODES = (*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0), 0x200e, 0x200f, *range(0x202a, 0x202f),
                      *range(0x2066, 0x206a))
# Taken out of a message by str.translate: a regex holding them, compiled at import by every
# command, costs 0.2 ms (its class makes re.compile build a table of every character). A long
# JSON text is scanned by one (compiled on first use), faster than translate would.
_DROP_UNPRINTABLE = dict.fromkeys(_UNPRINTABLE_CODES)
_UNPRINTABLE = lazy("[" + "".join(map(chr, _UNPRINTABLE_CODES)) + "]")


def printable(text: str) -> str:
    """``text`` without the control characters a terminal would act on (escape sequences
    from report text: clearing the screen, writing the clipboard with OSC 52, …)."""
    return text.translate(_DROP_UNPRINTABLE)


def escape_unprintable(json_text: str) -> str:
    """The same characters as JSON ``\\u`` escapes (``\\u202e``): the data stays, the terminal is safe
    (``json.dumps`` already escapes C0 controls, not C1 or the bidi overrides)."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
