"""Regular expressions compiled on first use, not at import.

``re.compile`` runs Python code (the sre parser and compiler): a module with a few dozen
patterns spends milliseconds on them at import, which every command importing the
module pays, whether or not it matches anything. ``lazy(pattern, flags)`` stands in for
``re.compile(pattern, flags)`` at module level; the first method call compiles it, and
from then on the methods are the compiled pattern's own (no indirection per call).
"""

from __future__ import annotations

import re

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "scanner")


class LazyPattern:
    """A ``re.Pattern`` that compiles itself the first time one of its attributes is used."""

    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        # Only reached for attributes not set yet: compile once, then keep the bound
        # methods on the instance so later calls go straight to them.
        compiled = re.compile(*self._source)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        self.pattern, self.flags, self.groups, self.groupindex = (
            compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r}, {self._source[1]!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
