"""What the gold checkers share: a stdlib module beside them (each is run as a script, so
its own folder is on the import path)."""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIDES = {"added": (False, True), "dropped": (True, False), "changed": (True, True), "unchanged": (True, True)}


def gold_and_corpus(default_gold: str) -> tuple[dict, Path]:
    """The gold file and the corpus folder named on the command line (in either order), else
    ``default_gold`` beside the checkers and the repository's corpus/."""
    args = sys.argv[1:]
    gold_path = next((Path(a) for a in args if a.endswith(".json")), HERE / default_gold)
    corpus = next((Path(a) for a in args if not a.endswith(".json")), HERE.parents[1] / "corpus")
    return json.loads(gold_path.read_text(encoding="utf-8")), corpus


def status_errors(n: int, figure: dict) -> list[str]:
    """The status agrees with the sides given, and an unchanged figure's two values are
    equal, a changed one's not."""
    shape = (figure["old"] is not None, figure["new"] is not None)
    status = figure["status"]
    if SIDES.get(status) != shape:
        return [f"figures[{n}]: status {status!r} but sides {shape}"]
    if status in ("unchanged", "changed"):
        same = figure["old"]["value"].lower() == figure["new"]["value"].lower()
        if same != (status == "unchanged"):
            return [f"figures[{n}]: {status} with {'equal' if same else 'different'} values"]
    return []


def stop_on(errors: list[str]) -> None:
    """One line per problem and exit status 1, if there is any problem."""
    if errors:
        print("\n".join(errors))
        sys.exit(1)
