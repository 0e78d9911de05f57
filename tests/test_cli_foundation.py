"""The foundation commands: years, sections, add, and the error contract."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from differ.cli import cli

from conftest import CORPUS_DIR


def run(*args, env=None):
    runner = CliRunner()
    return runner.invoke(cli, list(args), env=env, catch_exceptions=False)


def test_sections_json_contract():
    result = run("sections", "2016", "--json", "--corpus", str(CORPUS_DIR))
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["country"] == "kazakhstan" and data["year"] == 2016
    assert len(data["sections"]) == 84
    first = data["sections"][0]
    assert set(first) == {"heading", "level", "path", "paragraphs"}
    by_heading = {s["heading"]: s for s in data["sections"]}
    s = by_heading["Detainee’s Ability to Challenge Lawfulness of Detention before a Court"]
    assert s["level"] == 4
    assert s["path"] == [
        "Section 1. Respect for the Integrity of the Person, Including Freedom from:",
        "d. Arbitrary Arrest or Detention",
        "Arrest Procedures and Treatment of Detainees",
        "Detainee’s Ability to Challenge Lawfulness of Detention before a Court",
    ]
    assert by_heading["Government Human Rights Bodies"]["level"] == 4


def test_sections_text_tree():
    result = run("sections", "2024", "--corpus", str(CORPUS_DIR))
    assert result.exit_code == 0
    assert "  Section 3. Security of the Person  [0]" in result.output
    assert "    a. Torture and Cruel, Inhuman, or Degrading Treatment or Punishment  [4]" in result.output


def test_corpus_from_environment(tmp_corpus):
    result = run("years", "--country", "kazakhstan", env={"DIFFER_CORPUS": str(tmp_corpus)})
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == ["2016", "2023", "2024"]
    every = run("years", env={"DIFFER_CORPUS": str(tmp_corpus)})
    assert every.exit_code == 0
    assert every.output.splitlines()[:3] == ["iceland     2023 2024", "kazakhstan  2016 2023 2024",
                                              "uzbekistan  2023 2024"]


def test_unknown_year_is_usage_error_naming_years():
    result = CliRunner().invoke(cli, ["sections", "2019", "--corpus", str(CORPUS_DIR)])
    assert result.exit_code == 2
    assert "2016, 2023, 2024" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("slug", ["../etc", "Kazakhstan", "kaz/akh", "kaz..akh", ""])
def test_bad_country_slug(slug):
    result = CliRunner().invoke(cli, ["years", "--country", slug, "--corpus", str(CORPUS_DIR)])
    assert result.exit_code == 2
    assert "invalid country slug" in result.output


def test_add_copies_and_records(tmp_path):
    corpus = tmp_path / "corpus"
    src = CORPUS_DIR / "kazakhstan" / "2023.txt"
    result = run("add", str(src), "--year", "2023", "--corpus", str(corpus))
    assert result.exit_code == 0, result.output
    manifest = json.loads((corpus / "kazakhstan" / "manifest.json").read_text())
    entry = manifest["editions"]["2023"]
    assert entry["file"] == "2023.txt" and entry["format"] == "pdf-text"
    assert entry["sha256"] == "e000a5aeb631e593d256f31ef5b1595aa8bab85af27b448b10e5d107b49da121"
    assert "2023.txt" in entry["source"]
    assert run("sections", "2023", "--corpus", str(corpus)).exit_code == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary" * 50, "binary"),
        (b"Just some notes.\nNothing here is a report.\n" * 20, "not a human rights report"),
    ],
)
def test_add_refuses_non_reports(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    corpus = tmp_path / "corpus"
    result = CliRunner().invoke(cli, ["add", str(bad), "--year", "2020", "--corpus", str(corpus)])
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (corpus / "kazakhstan" / "2020.txt").exists()


def test_add_refuses_wrong_year_and_country(tmp_path):
    src = CORPUS_DIR / "kazakhstan" / "2023.txt"
    corpus = tmp_path / "corpus"
    wrong_year = CliRunner().invoke(cli, ["add", str(src), "--year", "2022", "--corpus", str(corpus)])
    assert wrong_year.exit_code == 1 and "2023 report, not 2022" in wrong_year.output
    wrong_country = CliRunner().invoke(
        cli, ["add", str(src), "--year", "2023", "--country", "uzbekistan", "--corpus", str(corpus)]
    )
    assert wrong_country.exit_code == 1 and "report for Kazakhstan, not uzbekistan" in wrong_country.output


def test_python_dash_m_and_console_script_agree():
    out = subprocess.run(
        [sys.executable, "-m", "differ", "sections", "2024", "--json", "--corpus", str(CORPUS_DIR)],
        capture_output=True, text=True, check=True,
    )
    assert json.loads(out.stdout)["year"] == 2024
