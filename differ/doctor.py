"""``differ doctor``: every edition of a corpus checked against its manifest.

A module of its own, apart from :mod:`differ.corpus`, so that the commands that check nothing
do not make the :class:`EditionCheck` dataclass (about half a millisecond each process)."""

from __future__ import annotations

from dataclasses import dataclass

from differ.corpus import Corpus
from differ.errors import DifferError


@dataclass(frozen=True)
class EditionCheck:
    """What ``differ doctor`` found for one edition of the corpus."""

    year: int
    file: str
    ok: bool
    message: str


def check_corpus(corpus: Corpus) -> list[EditionCheck]:
    """Verify every edition against the manifest: file present, sha256, parses as the report.

    Also reports report files on disk that the manifest does not know. Raises for a
    manifest that is missing or unreadable (nothing else can be checked then).
    """
    from differ.parse import parse_bytes

    results: list[EditionCheck] = []
    manifest = corpus._manifest_or_explain()
    if not corpus.manifest_path.exists():
        raise DifferError(f"{corpus.manifest_path}: manifest is missing")
    for year in corpus.years():
        name = str(manifest["editions"][str(year)].get("file", "?"))
        try:
            edition, data = corpus.read_bytes(year)
            report = parse_bytes(data, edition.format, country=corpus.country, year=year, source=str(edition.path),
                                 strict=True)
        except DifferError as e:
            results.append(EditionCheck(year, name, False, str(e)))
            continue
        n = sum(1 for _ in report.walk())
        results.append(EditionCheck(year, name, True, f"sha256 matches, parses: {n} sections"))
    listed = {str(e.get("file")) for e in manifest["editions"].values()}
    for year, path in corpus.files_on_disk().items():
        if path.name not in listed:
            results.append(EditionCheck(year, path.name, False, f"{path}: not recorded in the manifest"))
    return sorted(results, key=lambda r: (r.year, r.file))
