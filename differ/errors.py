"""The one exception type the CLI turns into a one-line error and an exit code."""


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
