from pathlib import Path

import pytest

from differ.corpus import Corpus

# The state.gov site double (server, pages, site fixtures) for the fetch and update tests.
pytest_plugins = ["sitedouble"]

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The embedded real corpus (read-only: tests that write use ``tmp_corpus``)."""
    return Corpus(CORPUS_DIR, "kazakhstan")


@pytest.fixture(scope="session")
def c16_23(corpus):
    """The real Kazakhstan 2016 → 2023 comparison (read-only, shared by every test)."""
    from differ.diff import compare_years

    return compare_years(corpus, 2016, 2023)


@pytest.fixture(scope="session")
def c23_24(corpus):
    """The real Kazakhstan 2023 → 2024 comparison (read-only, shared by every test)."""
    from differ.diff import compare_years

    return compare_years(corpus, 2023, 2024)


@pytest.fixture
def tmp_corpus(tmp_path) -> Path:
    """A private copy of the real corpus a test may change."""
    import shutil

    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, dest)
    return dest
