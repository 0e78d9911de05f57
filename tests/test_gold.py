"""The hand-read gold files stay consistent with the corpus texts they quote (each has a
stdlib checker beside it: every quote verbatim in its edition, every abuse item of both
lists in exactly one entry)."""

import subprocess
import sys
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parent.parent / "benchmarks" / "gold"


@pytest.mark.parametrize("checker", sorted(GOLD.glob("check_*.py")), ids=lambda p: p.stem)
def test_gold_file_matches_the_corpus_texts(checker):
    run = subprocess.run([sys.executable, str(checker)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]


def test_every_gold_file_has_a_checker():
    golds = {p.stem for p in GOLD.glob("*.json")}
    assert golds and golds == {p.stem.removeprefix("check_") for p in GOLD.glob("check_*.py")}
