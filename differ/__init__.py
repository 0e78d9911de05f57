"""differ: see how the State Department's human-rights country reports change year to year."""

__version__ = "0.1.0"
