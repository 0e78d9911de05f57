import importlib.util
import sys
from pathlib import Path

import pytest

from differ.corpus import Corpus

# The state.gov site double (server, pages, site fixtures) for the fetch and update tests.
pytest_plugins = ["sitedouble"]

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "corpus"


def benchmark_module(name: str):
    """The script ``benchmarks/<name>.py`` as a module, loaded once per process and kept in
    ``sys.modules`` (its dataclasses look their module up there)."""
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
        module = sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


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


def without_edition(corpus_dir: Path, country: str, year: int) -> Path:
    """Take one edition out of a corpus copy (file and manifest entry), as if not yet published."""
    import json

    d = corpus_dir / country
    manifest = json.loads((d / "manifest.json").read_text())
    entry = manifest["editions"].pop(str(year))
    (d / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    (d / entry["file"]).unlink()
    return corpus_dir


@pytest.fixture
def tmp_corpus(tmp_path) -> Path:
    """A private copy of the real corpus a test may change."""
    import shutil

    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, dest)
    return dest


# --- browser tests that did not run must be seen, not hidden in "1 skipped" ----------------------


def _browser_test_count(path: Path) -> int:
    """Test items in tests/test_browser.py, parametrized cases counted (read from its source,
    since a module skipped at import collects nothing)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    lists = {target.id: len(node.value.elts) for node in tree.body if isinstance(node, ast.Assign)
             and isinstance(node.value, (ast.List, ast.Tuple)) for target in node.targets
             if isinstance(target, ast.Name)}  # EVERY_PAGE = [...] used as a parameter list
    total = 0
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            cases = 1
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and getattr(deco.func, "attr", "") == "parametrize" and len(deco.args) > 1:
                    values = deco.args[1]
                    if isinstance(values, (ast.List, ast.Tuple)):
                        cases *= len(values.elts)
                    elif isinstance(values, ast.Name):
                        cases *= lists.get(values.id, 1)
            total += cases
    return total


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "test_browser.py" in r.nodeid]
    if not skipped:
        return
    path = Path(__file__).with_name("test_browser.py")
    reason = skipped[0].longrepr[2] if isinstance(skipped[0].longrepr, tuple) else str(skipped[0].longrepr)
    reason = reason.removeprefix("Skipped: ")
    count = max(len(skipped), _browser_test_count(path)) if len(skipped) == 1 else len(skipped)
    terminalreporter.write_sep("!", f"{count} browser tests did not run ({reason}); CI must run them", red=True,
                               bold=True)


def pytest_sessionfinish(session, exitstatus):
    """With DIFFER_REQUIRE_BROWSER=1 (for CI), browser tests that did not run fail the run."""
    import os

    if os.environ.get("DIFFER_REQUIRE_BROWSER") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if any("test_browser.py" in r.nodeid for r in skipped) and session.exitstatus == 0:
        session.exitstatus = 1
