"""Bad corpus input: one clear line, a non-zero exit, and nothing on disk changed."""

import hashlib
import json

import pytest
from click.testing import CliRunner

from differ.cli import cli


def snapshot(root):
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def plant(corpus_dir, year, content: bytes, fix_sha=True):
    """Replace a year's file; with fix_sha the manifest agrees, so parsing is what fails."""
    d = corpus_dir / "kazakhstan"
    (d / f"{year}.txt").write_bytes(content)
    if fix_sha:
        manifest = json.loads((d / "manifest.json").read_text())
        manifest["editions"][str(year)]["sha256"] = hashlib.sha256(content).hexdigest()
        (d / "manifest.json").write_text(json.dumps(manifest))


def assert_one_line_error(result, code, *needles):
    assert result.exit_code == code, result.output
    lines = [l for l in result.output.splitlines() if l.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    for needle in needles:
        assert needle in lines[0]
    assert "Traceback" not in result.output


def truncated(corpus_dir):
    return (corpus_dir / "kazakhstan" / "2023.txt").read_bytes()[:400]


def other_country(corpus_dir):
    text = (corpus_dir / "kazakhstan" / "2023.txt").read_text()
    return text.replace("Kazakhstan 2023 Human Rights Report", "Uzbekistan 2023 Human Rights Report").encode()


@pytest.mark.parametrize(
    "make, needle",
    [
        (lambda d: b"", "file is empty"),
        (lambda d: bytes(range(256)) * 40, "binary"),
        (truncated, "not a human rights report"),
        (lambda d: b"Minutes of the garden club.\nWe met on Tuesday.\n" * 50, "not a human rights report"),
        (other_country, "report for Uzbekistan, not kazakhstan"),
    ],
    ids=["empty", "binary", "truncated", "not-a-report", "wrong-country"],
)
def test_bad_corpus_file(tmp_corpus, make, needle):
    plant(tmp_corpus, 2023, make(tmp_corpus))
    before = snapshot(tmp_corpus)
    result = invoke("sections", "2023", "--corpus", str(tmp_corpus))
    assert_one_line_error(result, 1, "2023.txt", needle)
    assert snapshot(tmp_corpus) == before


def test_sha_mismatch_names_the_file(tmp_corpus):
    path = tmp_corpus / "kazakhstan" / "2016.txt"
    path.write_bytes(path.read_bytes() + b"\nedited by hand\n")
    result = invoke("sections", "2016", "--corpus", str(tmp_corpus))
    assert_one_line_error(result, 1, "2016.txt", "sha256 does not match the manifest")
    doctor = invoke("doctor", "--corpus", str(tmp_corpus))
    assert doctor.exit_code == 1
    assert "2016  2016.txt   PROBLEM" in doctor.output
    assert "2023  2023.txt   ok" in doctor.output


def test_manifest_corrupt_json(tmp_corpus):
    (tmp_corpus / "kazakhstan" / "manifest.json").write_text("{not json")
    result = invoke("sections", "2016", "--corpus", str(tmp_corpus))
    assert_one_line_error(result, 1, "manifest.json", "not valid JSON")


def test_manifest_missing(tmp_corpus):
    (tmp_corpus / "kazakhstan" / "manifest.json").unlink()
    for args in (["sections", "2016"], ["years", "--country", "kazakhstan"], ["doctor"]):
        result = invoke(*args, "--corpus", str(tmp_corpus))
        assert_one_line_error(result, 1, "manifest is missing")
    # every country: the others are listed, the broken one is one error line
    result = CliRunner().invoke(cli, ["years", "--corpus", str(tmp_corpus)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == ["iceland     2023 2024", "uzbekistan  2023 2024"]
    [error] = result.stderr.splitlines()
    assert error.startswith("Error: kazakhstan: ") and "manifest is missing" in error


def test_manifest_lists_missing_file(tmp_corpus):
    (tmp_corpus / "kazakhstan" / "2024.txt").unlink()
    result = invoke("sections", "2024", "--corpus", str(tmp_corpus))
    assert_one_line_error(result, 1, "2024.txt", "missing")


def test_manifest_file_name_cannot_escape(tmp_corpus):
    mpath = tmp_corpus / "kazakhstan" / "manifest.json"
    manifest = json.loads(mpath.read_text())
    manifest["editions"]["2016"]["file"] = "../../etc/passwd.txt"
    mpath.write_text(json.dumps(manifest))
    result = invoke("sections", "2016", "--corpus", str(tmp_corpus))
    assert_one_line_error(result, 1, "bad file name")


def test_doctor_reports_unrecorded_files(tmp_corpus):
    (tmp_corpus / "kazakhstan" / "2019.txt").write_text("stray")
    result = invoke("doctor", "--corpus", str(tmp_corpus))
    assert result.exit_code == 1
    assert "2019.txt" in result.output and "not recorded in the manifest" in result.output


def test_doctor_ok_on_embedded_corpus(tmp_corpus):
    result = invoke("doctor", "--corpus", str(tmp_corpus))
    assert result.exit_code == 0, result.output
    assert "3 edition(s), all ok" in result.output


def test_a_loaded_edition_is_read_again_only_when_its_file_or_the_manifest_changed(tmp_corpus, monkeypatch):
    from differ.corpus import Corpus, DifferError

    corpus = Corpus(tmp_corpus, "kazakhstan")
    reads = []
    real = Corpus._edition_bytes
    monkeypatch.setattr(Corpus, "_edition_bytes", lambda self, edition, verify=True: reads.append(edition.year)
                        or real(self, edition, verify))
    report = corpus.load(2016)
    assert corpus.load("2016") is report and reads == [2016]  # unchanged: neither read nor hashed again
    manifest = tmp_corpus / "kazakhstan" / "manifest.json"
    manifest.write_text(manifest.read_text())  # the manifest rewritten: read both again
    assert corpus.load(2016) is report and reads == [2016, 2016]  # (the same sha256: parsed once)
    path = tmp_corpus / "kazakhstan" / "2016.txt"
    path.write_bytes(path.read_bytes() + b"\nedited by hand\n")  # the file changed: checked again
    with pytest.raises(DifferError, match="sha256 does not match the manifest"):
        corpus.load(2016)
