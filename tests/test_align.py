"""The section aligner (issue 3): expected maps, traps, self-alignment, renames, overrides, CLI."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from differ.align import (
    Alignment,
    align_reports,
    base_of,
    load_overrides,
    normalize_heading,
    parse_overrides,
)
from differ.cli import cli
from differ.errors import DifferError
from differ.model import Heading, Para, Report, Section, build_report

from conftest import CORPUS_DIR, ROOT, benchmark_module

DATA = ROOT / "tests" / "data"

align_accuracy = benchmark_module("align_accuracy")


@pytest.fixture(scope="module")
def reports(corpus):
    return {year: corpus.load(year) for year in (2016, 2023, 2024)}


@pytest.fixture(scope="module")
def alignments(reports):
    return {year: align_reports(reports[2016], reports[year]) for year in (2023, 2024)}


def by_path(alignment: Alignment, *path: str):
    return base_of(alignment)[tuple(path)]


def primary(alignment: Alignment, *path: str):
    m = by_path(alignment, *path)
    return m.matches[0].path if m.matches else None


# --- the expected maps ----------------------------------------------------------------------


@pytest.mark.parametrize("year", [2023, 2024])
def test_expected_map_paths_exist_in_parsed_reports(reports, year):
    """The hand-made maps are keyed by heading paths; they must name real sections."""
    expected = json.loads((DATA / f"align-{year}-2016.json").read_text(encoding="utf-8"))
    target_paths = {s.path for s in reports[year].walk()}
    base_paths = {s.path for s in reports[2016].walk()}
    assert {tuple(e["path"]) for e in expected["sections"]} == target_paths  # every target section is covered
    for e in expected["sections"]:
        for p in [e["match"], *e.get("accept", [])]:
            assert p is None or tuple(p) in base_paths, p
    for p in expected["dropped"] + expected["optional_dropped"]:
        assert tuple(p) in base_paths, p


@pytest.mark.parametrize(
    "year, min_precision, min_recall",
    [(2023, 0.97, 0.95), (2024, 0.95, 0.9)],
)
def test_precision_recall_against_expected_map(alignments, year, min_precision, min_recall):
    expected = json.loads((DATA / f"align-{year}-2016.json").read_text(encoding="utf-8"))
    result = align_accuracy.score(alignments[year], expected)
    assert result["missing_paths"] == []
    assert result["pair_precision"] >= min_precision, result["errors"]
    assert result["pair_recall"] >= min_recall, result["errors"]
    assert result["accuracy"] >= 0.95, result["errors"]
    assert result["dropped_recall"] >= 0.95, result["missed_drops"]
    assert result["dropped_precision"] >= 0.95, result["wrong_drops"]


# Maps of other countries' 2024 editions onto their 2023 ones, made by analysts who never saw
# the aligner's output (README, Alignment): the 2024 restructure on text it was not built on.
OTHER_COUNTRY_MAPS = ["align-iceland-2024-2023.json", "align-uzbekistan-2024-2023.json"]


def _other_country_alignment(name: str):
    from differ.corpus import Corpus

    expected = json.loads((DATA / name).read_text(encoding="utf-8"))
    corpus = Corpus(CORPUS_DIR, expected["country"])
    base, target = corpus.load(expected["base"]), corpus.load(expected["year"])
    return expected, base, target, align_reports(base, target)


@pytest.mark.parametrize("name", OTHER_COUNTRY_MAPS)
def test_other_countries_maps_cover_their_parsed_reports_and_are_met(name):
    expected, base, target, alignment = _other_country_alignment(name)
    base_paths = {s.path for s in base.walk()}
    assert [tuple(e["path"]) for e in expected["sections"]] == [s.path for s in target.walk()]
    for p in [e["match"] for e in expected["sections"]] + expected["dropped"] + expected["optional_dropped"]:
        assert p is None or tuple(p) in base_paths, p
    result = align_accuracy.score(alignment, expected)
    assert result["pair_precision"] >= 0.95 and result["pair_recall"] >= 0.95, result["errors"]
    assert result["dropped_precision"] >= 0.95 and result["dropped_recall"] >= 0.95, result["missed_drops"]


@pytest.mark.parametrize("name", OTHER_COUNTRY_MAPS)
def test_the_2024_outline_s_new_top_sections_continue_where_their_subsections_came_from(name):
    """2024's "Section 2. Liberty" has no text of its own; its words come from several 2023
    sections (press and religion from Section 2, detention from Section 1, worker rights from
    Section 7), each nearly as close as the next, and left to that it paired Liberty with
    Section 1 and Section 1. Life with Section 6. Most of its subsections came from Section 2."""
    _expected, _base, _target, alignment = _other_country_alignment(name)
    tops = {m.target.heading: m.match.heading if m.match else None
            for m in alignment.sections if len(m.target.path) == 1}
    assert tops["Section 1. Life"] == "Section 1. Respect for the Integrity of the Person"
    assert tops["Section 2. Liberty"] == "Section 2. Respect for Civil Liberties"
    assert tops["Section 3. Security of the Person"] in (None, "Section 1. Respect for the Integrity of the Person",
                                                          "Section 6. Discrimination and Societal Abuses")


# --- the traps from the issue ---------------------------------------------------------------

S1_16 = "Section 1. Respect for the Integrity of the Person, Including Freedom from:"
S2_16 = "Section 2. Respect for Civil Liberties, Including:"
S6_16 = "Section 6. Discrimination, Societal Abuses, and Trafficking in Persons"
S2A_16 = (S2_16, "a. Freedom of Speech and Press")
S2D_16 = (S2_16, "d. Freedom of Movement, Internally Displaced Persons, Protection of Refugees, and Stateless Persons")
LGBTI_16 = (S6_16, "Acts of Violence, Discrimination, and Other Abuses Based on Sexual Orientation and Gender Identity")
S2_23 = "Section 2. Respect for Civil Liberties"
S2A_23 = (S2_23, "a. Freedom of Expression, Including for Members of the Press and Other Media")
S6_23 = "Section 6. Discrimination and Societal Abuses"
LGBTQI_23 = (S6_23, "Acts of Violence, Criminalization, and Other Abuses Based on Sexual Orientation, Gender "
             "Identity or Expression, or Sex Characteristics")


def test_renamed_freedom_of_speech_and_press(alignments):
    m = by_path(alignments[2023], *S2A_23)
    assert m.matches[0].path == S2A_16 and m.relation == "renamed"
    m = by_path(alignments[2024], "Section 2. Liberty", "a. Freedom of the Press")
    assert m.matches[0].path == S2A_16 and m.relation == "renamed"


def test_protection_of_refugees_promoted_to_its_own_subsection(alignments):
    m = by_path(alignments[2023], S2_23, "e. Protection of Refugees")
    assert m.matches[0].path == (*S2D_16, "Protection of Refugees")
    assert m.matches[0].level == 3 and m.target.level == 2
    assert m.relation == "moved"
    assert primary(alignments[2023], S2_23, "g. Stateless Persons") == (*S2D_16, "Stateless Persons")


def test_2024_moves_across_sections(alignments):
    a = alignments[2024]
    m = by_path(a, "Section 2. Liberty", "b. Worker Rights")
    assert m.matches[0].path == ("Section 7. Worker Rights",) and m.relation == "moved"
    m = by_path(a, "Section 2. Liberty", "c. Disappearance and Abduction", "Disappearance")
    assert m.matches[0].path == (S1_16, "b. Disappearance") and m.relation == "moved"
    m = by_path(a, "Section 3. Security of the Person", "a. Torture and Cruel, Inhuman, or Degrading Treatment or Punishment")
    assert m.matches[0].path == (S1_16, "c. Torture and Other Cruel, Inhuman, or Degrading Treatment or Punishment")
    assert m.relation == "moved"
    assert primary(a, "Section 2. Liberty", "b. Worker Rights", "Freedom of Association and Collective Bargaining") == (
        "Section 7. Worker Rights", "a. Freedom of Association and the Right to Collective Bargaining")


def test_duplicate_short_headings_go_to_the_right_parent(alignments):
    a = alignments[2023]
    journalists = (*S2A_16, "Violence and Harassment")
    assert primary(a, *S2A_23, "Violence and Harassment") == journalists
    lgbt = by_path(a, *LGBTQI_23, "Violence and Harassment")
    assert not lgbt.matches or lgbt.matches[0].path != journalists
    women = (S6_16, "Women", "Discrimination")
    assert primary(a, S6_23, "Women", "Discrimination") == women
    assert primary(a, *LGBTQI_23, "Discrimination") == LGBTI_16
    assert primary(a, "Section 7. Worker Rights", "d. Discrimination (see section 6)") == (
        "Section 7. Worker Rights", "d. Discrimination with Respect to Employment and Occupation")


def test_new_and_dropped(alignments):
    a = alignments[2023]
    m = by_path(a, "Section 1. Respect for the Integrity of the Person", "f. Transnational Repression")
    assert m.relation == "new" and m.matches == () and m.confidence > 0.5
    assert primary(a, "Section 1. Respect for the Integrity of the Person",
                   "h. Arbitrary or Unlawful Interference with Privacy, Family, Home, or Correspondence") == (
        S1_16, "f. Arbitrary or Unlawful Interference with Privacy, Family, Home, or Correspondence")
    dropped = {d.path for d in a.dropped}
    assert (*S2A_16, "Academic Freedom and Cultural Events") in dropped
    dropped_2024 = {d.path for d in alignments[2024].dropped}
    for path in [(S1_16, "e. Denial of Fair Public Trial"), ("Section 3. Freedom to Participate in the Political Process",),
                 ("Section 4. Corruption and Lack of Transparency in Government",)]:
        assert path in dropped_2024
    assert by_path(alignments[2024], "Section 3. Security of the Person", "e. Instances of Transnational Repression").relation == "new"


def test_split_and_merge_are_reported(alignments):
    a = alignments[2023]
    m = by_path(a, "Section 7. Worker Rights", "e. Acceptable Conditions of Work", "Wage and Hour Laws")
    assert m.relation == "split" and m.matches[0].path == ("Section 7. Worker Rights", "e. Acceptable Conditions of Work")
    m = by_path(a, S6_23, "Women", "Other Forms of Gender-based Violence or Harassment")
    assert m.relation == "merged"
    assert {x.path[-1] for x in m.matches} == {"Other Harmful Traditional Practices", "Sexual Harassment"}
    # Every base section is accounted for exactly once: a match of some target, or dropped.
    matched = {x.path for s in a.sections for x in s.matches}
    dropped = {d.path for d in a.dropped}
    assert not matched & dropped


def test_every_mapping_has_confidence_and_reason(alignments):
    for a in alignments.values():
        for m in a.sections:
            assert 0.0 <= m.confidence <= 1.0
            assert m.reason and "\n" not in m.reason
            assert m.relation in {"same", "renamed", "moved", "merged", "split", "new"}
            assert (m.relation == "new") == (not m.matches)


# --- self-alignment and renamed copies ------------------------------------------------------


@pytest.mark.parametrize("year", [2016, 2023, 2024])
def test_aligning_a_report_to_itself_is_same_everywhere(reports, year):
    report = reports[year]
    a = align_reports(report, report)
    assert len(a.sections) == sum(1 for _ in report.walk())
    assert a.dropped == ()
    for m in a.sections:
        assert m.relation == "same", m
        assert m.confidence >= 0.99, m
        assert m.matches[0].path == m.target.path


SYNONYMS = {
    "respect": "regard", "integrity": "inviolability", "person": "individual", "persons": "individuals",
    "including": "covering", "freedom": "liberty", "freedoms": "liberties", "arbitrary": "capricious",
    "deprivation": "taking", "life": "existence", "unlawful": "illegal", "killings": "murders",
    "disappearance": "vanishing", "torture": "torment", "cruel": "brutal", "treatment": "handling",
    "punishment": "penalty", "prison": "jail", "detention": "custody", "conditions": "circumstances",
    "physical": "material", "administration": "management", "independent": "autonomous",
    "monitoring": "oversight", "arrest": "apprehension", "police": "constabulary", "security": "safety",
    "procedures": "processes", "detainees": "prisoners", "pretrial": "pre-hearing", "denial": "refusal",
    "fair": "just", "public": "open", "trial": "hearing", "political": "civic", "civil": "civic",
    "speech": "expression", "press": "media", "violence": "aggression", "harassment": "intimidation",
    "censorship": "suppression", "content": "material", "restrictions": "limits", "national": "state",
    "internet": "online", "academic": "scholarly", "assembly": "gathering", "association": "organization",
    "religion": "faith", "movement": "mobility", "refugees": "asylees", "stateless": "nationless",
    "employment": "work", "access": "entry", "services": "provisions", "elections": "votes",
    "participation": "involvement", "corruption": "graft", "government": "state", "women": "females",
    "children": "minors", "discrimination": "bias", "trafficking": "smuggling", "worker": "labor",
    "rights": "entitlements", "labor": "work", "child": "minor", "marriage": "wedlock",
}


def _rename(report: Report, new_heading) -> Report:
    def visit(section: Section, parents: tuple[str, ...]) -> Section:
        heading = new_heading(section)
        path = parents + (heading,)
        children = tuple(visit(c, path if section.level > 0 else ()) for c in section.children)
        return dataclasses.replace(section, heading=heading, path=path, children=children)

    return dataclasses.replace(report, sections=tuple(visit(s, ()) for s in report.sections))


def _synonym_heading(section: Section) -> str:
    words = section.heading.split()
    return " ".join(SYNONYMS.get(w.lower().strip(",:"), w) + ("," if w.endswith(",") else "") for w in words)


@pytest.mark.parametrize("renamer", ["synonyms", "opaque"])
def test_renamed_copy_still_maps_every_section_by_content(reports, renamer):
    base = reports[2016]
    if renamer == "synonyms":
        renamed = _rename(base, _synonym_heading)
    else:  # no heading evidence at all
        counter = iter(range(10_000))
        renamed = _rename(base, lambda s: f"Part {next(counter)}")
    a = align_reports(base, renamed)
    originals = [s.path for s in base.walk()]
    assert [m.target.path for m in a.sections] == [s.path for s in renamed.walk()]
    wrong = [(m.target.heading, m.matches[0].path if m.matches else None, orig)
             for m, orig in zip(a.sections, originals) if not m.matches or m.matches[0].path != orig]
    assert wrong == []
    assert a.dropped == ()
    assert {m.relation for m in a.sections} <= {"same", "renamed"}


def test_duplicate_headings_in_a_small_synthetic_report():
    """Two 'Discrimination' run-ins under different parents, swapped order in the target."""
    women = "The law provided for equal rights for women, but wage gaps between men and women persisted."
    lgbt = "Transgender persons faced discrimination in employment and housing because of identity documents."

    def report(year, first, second):
        blocks = [Heading(1, "Section 6. Discrimination"), Heading(3, first[0]), Para(first[1], "Discrimination"),
                  Heading(3, second[0]), Para(second[1], "Discrimination")]
        return build_report("testland", year, f"Testland {year}", blocks)

    base = report(2016, ("Women", women), ("LGBTI", lgbt))
    target = report(2023, ("LGBTQI+", lgbt), ("Women", women))
    a = align_reports(base, target)
    assert primary(a, "Section 6. Discrimination", "LGBTQI+", "Discrimination") == (
        "Section 6. Discrimination", "LGBTI", "Discrimination")
    assert primary(a, "Section 6. Discrimination", "Women", "Discrimination") == (
        "Section 6. Discrimination", "Women", "Discrimination")


def test_empty_reports():
    empty = Report("testland", 2020, "", ())
    other = build_report("testland", 2021, "", [Heading(1, "Section 1. Life"), Para("Some text here.")])
    assert align_reports(empty, empty).sections == ()
    a = align_reports(empty, other)
    assert [m.relation for m in a.sections] == ["new"]
    a = align_reports(other, empty)
    assert a.sections == () and [d.heading for d in a.dropped] == ["Section 1. Life"]


# --- any two editions -----------------------------------------------------------------------


def test_alignment_between_any_two_editions(reports):
    a = align_reports(reports[2023], reports[2024])
    assert (a.base_year, a.target_year) == (2023, 2024)
    assert primary(a, "Section 3. Security of the Person", "e. Instances of Transnational Repression") == (
        "Section 1. Respect for the Integrity of the Person", "f. Transnational Repression")
    assert primary(a, "Section 3. Security of the Person", "e. Instances of Transnational Repression",
                   "Threats, Harassment, Surveillance, or Coercion") == (
        "Section 1. Respect for the Integrity of the Person", "f. Transnational Repression",
        "Threats, Harassment, Surveillance, and Coercion")
    assert primary(a, "Section 1. Life", "b. Coercion in Population Control") == (
        S6_23, "Women", "Reproductive Rights")
    assert primary(a, "Section 2. Liberty", "b. Worker Rights") == ("Section 7. Worker Rights",)


# --- overrides ------------------------------------------------------------------------------

PHYSICAL = ("Section 2. Liberty", "a. Freedom of the Press", "Physical Attacks, Imprisonment, and Pressure")


def test_override_pin_wins_and_is_reported(reports, tmp_path):
    path = tmp_path / "align-overrides.toml"
    path.write_text(
        '[[pin]]\nyear = 2024\nbase = 2016\n'
        'target = "Section 2. Liberty > a. Freedom of the Press > Physical Attacks, Imprisonment, and Pressure"\n'
        f'match = {json.dumps(list((*S2A_16, "Violence and Harassment")), ensure_ascii=False)}\n'
        'reason = "the journalists\' Violence and Harassment run-in, renamed"\n',
        encoding="utf-8",
    )
    overrides = load_overrides(path)
    a = align_reports(reports[2016], reports[2024], overrides)
    m = by_path(a, *PHYSICAL)
    assert m.override and m.confidence == 1.0
    assert m.matches[0].path == (*S2A_16, "Violence and Harassment")
    assert m.reason == "override: the journalists' Violence and Harassment run-in, renamed"
    assert (*S2A_16, "Violence and Harassment") not in {d.path for d in a.dropped}
    assert sum(m.override for m in a.sections) == 1
    # The same file does not apply to another pair.
    b = align_reports(reports[2016], reports[2023], overrides)
    assert not any(m.override for m in b.sections) and b.warnings == ()


def test_override_forbid_and_pin_as_new(reports):
    overrides = parse_overrides(
        '[[forbid]]\n'
        f'target = {json.dumps([S6_23, "Women", "Discrimination"])}\n'
        f'match = {json.dumps([S6_16, "Women", "Discrimination"])}\n'
        '[[pin]]\n'
        f'target = {json.dumps([S2_23, "d. Freedom of Movement and the Right to Leave the Country"])}\n'
        'match = []\n'
    )
    a = align_reports(reports[2016], reports[2023], overrides)
    m = by_path(a, S6_23, "Women", "Discrimination")
    assert not m.matches or m.matches[0].path != (S6_16, "Women", "Discrimination")
    assert all(x.path != (S6_16, "Women", "Discrimination") for x in m.matches)
    assert "override: pairing with 'Discrimination' forbidden" in m.reason
    m = by_path(a, S2_23, "d. Freedom of Movement and the Right to Leave the Country")
    assert m.relation == "new" and m.override and m.reason.startswith("override")


def test_override_unknown_paths_are_warnings(reports):
    overrides = parse_overrides('[[pin]]\ntarget = "No Such > Section"\nmatch = "Section 7. Worker Rights"\n')
    a = align_reports(reports[2016], reports[2023], overrides)
    assert len(a.warnings) == 1 and "No Such > Section" in a.warnings[0]


def test_override_paths_ignore_case_and_punctuation(reports):
    overrides = parse_overrides('[[pin]]\ntarget = "section 1. life > b. coercion in population control"\n'
                                'match = "Section 6. Discrimination, Societal Abuses, and Trafficking in Persons > '
                                'Women > Reproductive Rights"\n')
    a = align_reports(reports[2016], reports[2024], overrides)
    m = by_path(a, "Section 1. Life", "b. Coercion in Population Control")
    assert m.override and m.matches[0].path == (S6_16, "Women", "Reproductive Rights")


def test_missing_override_file_is_empty(tmp_path):
    assert not load_overrides(tmp_path / "nope.toml")


@pytest.mark.parametrize("text, message", [
    ("[[pin]\ntarget = 1", "invalid TOML"),
    ("[pin]\ntarget = 'a'\nmatch = 'b'\n", "array of tables"),
    ("[[pin]]\nmatch = 'b'\n", "'target'"),
    ("[[pin]]\ntarget = 'a'\n", "'match'"),
    ("[[pin]]\ntarget = 'a'\nmatch = 'b'\nyear = 'x'\n", "'year'"),
    ("[[pin]]\ntarget = 'a'\nmatch = 'b'\ncolour = 1\n", "unknown key 'colour'"),
    ("[[forbid]]\ntarget = 'a'\nmatch = []\n", "forbid"),
    ("[[pin]]\ntarget = 'a'\nmatch = 'b'\nrelation = 'cousin'\n", "relation"),
    ("pins = 1\n", "unknown key 'pins'"),
])
def test_bad_override_file_is_one_line_error(tmp_path, text, message):
    path = tmp_path / "align-overrides.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DifferError) as err:
        load_overrides(path)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert str(path) in str(err.value)


# --- normalisation --------------------------------------------------------------------------


def test_heading_normalisation():
    assert normalize_heading("Section 2. Respect for Civil Liberties, Including:") == normalize_heading(
        "Section 2. Respect for Civil Liberties")
    assert normalize_heading("d. Discrimination (see section 6)") == normalize_heading("Discrimination")
    assert normalize_heading("Anti-Semitism") == normalize_heading("Antisemitism")
    assert normalize_heading("b. Freedoms of Peaceful Assembly and Association") == normalize_heading(
        "b. Freedom of Peaceful Assembly and Association")


# --- CLI ------------------------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_json_contract():
    result = run("align", "2023", "--json", "--corpus", str(CORPUS_DIR))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"base", "year", "sections", "dropped"}
    assert data["base"] == 2016 and data["year"] == 2023
    for s in data["sections"]:
        assert set(s) == {"heading", "path", "level", "match", "matches", "relation", "confidence", "reason"}
        assert s["path"][-1] == s["heading"] if s["level"] > 0 else True
        if s["match"] is None:
            assert s["matches"] == [] and s["relation"] == "new"
        else:
            assert s["match"] == s["matches"][0] and set(s["match"]) == {"heading", "path"}
    assert all(set(d) == {"heading", "path"} for d in data["dropped"])
    assert data["sections"][0]["match"] == {"heading": "EXECUTIVE SUMMARY", "path": ["EXECUTIVE SUMMARY"]}


def test_cli_table_and_base_option():
    result = run("align", "2024", "--corpus", str(CORPUS_DIR))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("2024 → 2016: 31 sections")
    row = next(line for line in lines if line.strip().startswith("b. Worker Rights"))
    assert "Section 7. Worker Rights" in row and " moved " in row
    assert "Dropped from 2016" in result.output
    result = run("align", "2024", "--base", "2023", "--json", "--corpus", str(CORPUS_DIR))
    assert json.loads(result.output)["base"] == 2023


def test_cli_reads_override_file(tmp_corpus):
    (tmp_corpus / "kazakhstan" / "align-overrides.toml").write_text(
        '[[pin]]\nyear = 2024\ntarget = "' + " > ".join(PHYSICAL) + '"\n'
        'match = "' + " > ".join((*S2A_16, "Violence and Harassment")) + '"\n'
        '[[pin]]\ntarget = "Nowhere"\nmatch = "Section 7. Worker Rights"\nyear = 2024\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["align", "2024", "--corpus", str(tmp_corpus)])
    assert result.exit_code == 0
    assert "* set by the override file" in result.stdout
    assert "Warning: override pin ignored" in result.stderr


def test_cli_errors_are_one_line(tmp_corpus):
    result = CliRunner().invoke(cli, ["align", "2019", "--corpus", str(CORPUS_DIR)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    (tmp_corpus / "kazakhstan" / "align-overrides.toml").write_text("[[pin]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["align", "2023", "--corpus", str(tmp_corpus)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert "invalid TOML" in result.output


def test_help_does_not_import_the_aligner():
    code = "import sys, differ.cli; print(any(m in sys.modules for m in ('differ.align', 'numpy', 'scipy')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --- robustness on transformed copies -------------------------------------------------------


def _transform(report: Report, keep=lambda s: True, order=lambda children: children) -> Report:
    def visit(section: Section) -> Section:
        children = tuple(visit(c) for c in order(section.children) if keep(c))
        return dataclasses.replace(section, children=children)

    return dataclasses.replace(report, sections=tuple(visit(s) for s in order(report.sections) if keep(s)))


def test_reordered_copy_maps_by_content_not_position(reports):
    base = reports[2016]
    shuffled = _transform(base, order=lambda children: tuple(reversed(children)))
    a = align_reports(base, shuffled)
    assert all(m.relation == "same" and m.matches[0].path == m.target.path for m in a.sections)
    assert a.dropped == ()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sections_removed_from_a_copy_are_dropped_and_the_rest_still_map(reports, seed):
    import random

    base = reports[2016]
    rng = random.Random(seed)
    leaves = [s.path for s in base.walk() if not s.children and s.level >= 2]
    removed = set(rng.sample(leaves, len(leaves) // 3))
    target = _transform(base, keep=lambda s: s.path not in removed)
    a = align_reports(base, target)
    assert all(m.matches and m.matches[0].path == m.target.path for m in a.sections)
    assert {d.path for d in a.dropped} == removed
