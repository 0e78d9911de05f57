"""Statistics a researcher can quote (issue 11): every figure of a sentence with its
qualifier and scope, no cross-references or age ranges posing as counts, and pairs only
between figures that measure the same thing over a comparable scope.

The sentences are the real ones of the Kazakhstan reports the issue quotes; the
comparison tests run on the real 2023 → 2024 pair."""

import pytest

from differ.diff import compare
from differ.extract import extract_statistics, scopes_comparable
from differ.model import Heading, Para, build_report


def figures(sentence):
    return [(s.value, s.kind) for s in extract_statistics(sentence)]


def by_value(sentence):
    return {s.value: s for s in extract_statistics(sentence)}


# --- extraction ---------------------------------------------------------------------------------


def test_cross_references_are_not_a_range():
    s = ("Membership organizations other than religious groups, which were covered under separate legislation, "
         "had to have at least 10 members to register at the local level and had to have branches in more than "
         "one-half the country’s regions for national registration (see sections 3 and 7.a.).")
    values = [v for v, _ in figures(s)]
    assert "at least 10" in values
    assert not [v for v in values if "3" in v.replace("10", "") or "7" in v]


def test_an_age_range_is_a_threshold_not_a_count():
    stats = extract_statistics("Of children with specific needs between ages seven and 18, 20 percent attended "
                               "mainstream schools.")
    kinds = {s.value: s.kind for s in stats}
    assert kinds["20"] == "percent"
    ages = [s for s in stats if s.kind != "percent"]
    assert [(s.kind, s.unit) for s in ages] == [("threshold", "age")]
    assert ages[0].number == 18


@pytest.mark.parametrize("sentence, value", [
    ("Citizens with mental disabilities could be committed to state-run institutions without their consent or "
     "judicial review, and the government committed persons younger than age 18 with the permission of their "
     "families.", "younger than age 18"),
    ("The law does not specify the minimum age for consensual sex, but it provides for eight to 15 years in prison "
     "as punishment for individuals who force boys or girls under age 18 to have sexual intercourse.", "under age 18"),
])
def test_age_limits_are_thresholds(sentence, value):
    stats = by_value(sentence)
    assert stats[value].kind == "threshold" and stats[value].unit == "age" and stats[value].number == 18


def test_a_change_from_one_value_to_another_is_two_figures_not_a_range():
    stats = extract_statistics(
        "The punishment for beatings was increased from 15 to 20 days’ arrest, and for minor bodily harm from 15 to "
        "20 days’ arrest, or 25 days in case of repeated offenses.")
    assert [s.value for s in stats] == ["15", "20", "15", "20", "25"]
    assert {s.kind for s in stats} == {"threshold"} and {s.unit for s in stats} == {"days"}


def test_qualifiers_stay_in_the_value_and_are_a_field():
    s = by_value("In September, the Ministry of Labor and Social Protection reported that more than 750 safety "
                 "inspections were conducted during the year.")["more than 750"]
    assert (s.qualifier, s.number, s.noun, s.scope) == ("more than", 750, "safety inspections", "during the year")
    s = by_value("Human rights organizations estimated the number of civilian deaths to be higher, possibly up "
                 "to 260.")["up to 260"]
    assert s.qualifier == "up to" and "deaths" in s.noun
    s = by_value("According to the UN Population Fund, approximately 3,000 early and forced marriages occurred "
                 "annually.")["approximately 3,000"]
    assert s.qualifier == "approximately" and s.noun.startswith("early and forced marriages")
    assert by_value("According to human rights defenders, fewer than 1 percent of rape complaints made it to "
                    "court.")["fewer than 1"].qualifier == "fewer than"


def test_both_sides_of_a_comparison_are_figures():
    stats = by_value("The human rights ombudsperson reported a 21 percent drop in registered torture complaints, "
                     "with 219 registered in the first eight months of the year compared with 315 for the same "
                     "period of 2023.")
    assert set(stats) == {"21", "219", "315"}
    assert stats["219"].scope == "in the first eight months of the year"
    assert stats["315"].scope == "for the same period of 2023"
    assert "torture complaints" in stats["219"].noun and "torture complaints" in stats["315"].noun

    stats = by_value("According to information submitted by the government to the UN Committee Against Torture, "
                     "the government opened 329 criminal cases of torture related to January events, of which 236 "
                     "were closed.")
    assert set(stats) == {"329", "236"}
    assert stats["236"].noun.startswith("criminal cases")

    stats = by_value("On March 19, the country held early elections for the lower house of parliament, with 69 of "
                     "its 98 seats designated for party list candidates and 29 designated as single mandate seats.")
    assert set(stats) == {"69", "98", "29"}
    assert all("seats" in s.noun for s in stats.values())

    stats = by_value("According to the Ministry of Internal Affairs, there were 49 crisis centers, 39 of which had "
                     "shelters.")
    assert set(stats) == {"49", "39"}
    assert set(by_value("Five of the senate’s 50 seats were reserved for members of the Assembly.")) == {"Five", "50"}


def test_scopes_are_extracted_and_compared():
    torture_2023 = by_value(
        "In 2022, the domestic nongovernmental organization (NGO) Coalition Against Torture reported it received 188 "
        "complaints of torture during the January 2022 unrest, when amid an apparent internal elite conflict, "
        "criminal elements incited initially peaceful protests into violent attacks against government sites and "
        "personnel, resulting in over 200 deaths.")
    torture_2024 = by_value(
        "The domestic nongovernmental organization (NGO) Coalition Against Torture (CAT) noted a reduction in "
        "reported torture and mistreatment cases between 2023 (283 complaints – 165 allegations of torture and 118 "
        "of ill treatment for the calendar year) and during the year (55 complaints – 27 allegations of torture and "
        "28 of ill treatment between January 1 and September 15).")
    assert torture_2023["188"].scope == "during the January 2022 unrest"
    assert torture_2023["over 200"].qualifier == "over"
    assert set(torture_2024) == {"283", "165", "118", "55", "27", "28"}
    assert {torture_2024[v].scope for v in ("283", "165", "118")} == {"for the calendar year"}
    assert {torture_2024[v].scope for v in ("55", "27", "28")} == {"between January 1 and September 15"}
    assert not scopes_comparable(torture_2023["188"].scope, torture_2024["283"].scope)
    assert not scopes_comparable("in the first half of the year", "in the first eight months of the year")
    assert not scopes_comparable("for the calendar year", "between January 1 and September 15")
    assert scopes_comparable("during the year", "in 2023")
    assert scopes_comparable(None, "during the year")
    assert scopes_comparable("in the first six months of the year", "in the first half of the year")


def test_a_period_frame_is_a_scope_not_a_figure():
    stats = extract_statistics("Over three years, 90 suicides and 20 attempted suicides were reported in the "
                               "military, reflecting severe mental health and hazing issues within the ranks.")
    assert [(s.value, s.scope) for s in stats] == [("90", "over three years"), ("20", "over three years")]


# --- comparisons --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def c23_24(corpus):
    from differ.diff import compare_years

    return compare_years(corpus, 2023, 2024)


def listed(comparison):
    return [(s.status, s.old.value if s.old else None, s.new.value if s.new else None) for s in comparison.statistics]


def test_figures_of_different_scopes_are_not_a_changed_pair(c23_24):
    items = listed(c23_24)
    assert not [x for x in items if x[0] == "changed" and x[1] == "188"]
    assert ("dropped", "188", None) in items
    assert ("added", None, "283") in items


def test_the_same_figure_for_the_same_subject_is_not_added_and_dropped(c23_24):
    zhotabayev = [s for s in c23_24.statistics
                  if "Zhotaba" in ((s.old.sentence if s.old else "") + (s.new.sentence if s.new else ""))]
    assert not [s for s in zhotabayev if s.status in ("added", "dropped") and (s.old or s.new).value == "two"]


def test_no_cross_reference_or_age_range_is_listed_as_a_count(c23_24):
    for s in c23_24.statistics:
        for side in (s.old, s.new):
            if side is not None:
                assert "3–7" not in side.value
                assert not (side.kind in ("count", "range") and "ages seven" in side.sentence and "18" in side.value)


def test_comparison_figures_and_qualifiers_in_the_real_comparison(c23_24):
    items = listed(c23_24)
    assert ("changed", "17,595", "more than 24,000") in items
    assert ("changed", "1.15 million", "more than 1.16 million") in items
    # "more than 750 safety inspections" → "2,366 inspections": all inspections are a wider measure
    assert ("dropped", "more than 750", None) in items and ("added", None, "2,366") in items
    assert ("added", None, "315") in items
    assert ("dropped", "236", None) in items and ("dropped", "69", None) in items
    # increased from 15 to 20 days: each figure once, never a range
    beatings = [x for x in items if x[0] == "dropped" and x[1] in ("15", "20", "15–20")]
    assert sorted(x[1] for x in beatings if x[1] != "20") == ["15", "15"]


def tiny(year, *blocks):
    return build_report("testland", year, f"Testland {year}", blocks)


def test_a_changed_age_limit_is_a_changed_pair():
    old = tiny(2020, Heading(1, "Section 6. Children"),
               Para("The law prohibits marriage of persons under age 18 without parental consent. "
                    "Courts rarely enforced it."))
    new = tiny(2021, Heading(1, "Section 6. Children"),
               Para("The law prohibits marriage of persons under age 40 without parental consent. "
                    "Courts rarely enforced it."))
    [st] = compare(old, new).statistics
    assert (st.status, st.old.value, st.new.value, st.new.kind) == ("changed", "under age 18", "under age 40", "threshold")


def test_a_legal_duration_change_is_a_changed_threshold():
    old = tiny(2020, Heading(1, "Section 2. Liberty"),
               Para("Unsanctioned assembly led to fines or up to 15 days’ administrative arrest. Police were busy."))
    new = tiny(2021, Heading(1, "Section 2. Liberty"),
               Para("Unsanctioned assembly led to fines or up to 20 days’ administrative arrest. Police were busy."))
    [st] = compare(old, new).statistics
    assert (st.status, st.old.value, st.new.value, st.new.kind) == ("changed", "up to 15", "up to 20", "threshold")


def test_json_and_csv_carry_qualifier_and_scope(c23_24):
    from differ.diff import STAT_CSV_FIELDS, csv_tables

    [st] = [s for s in c23_24.statistics if s.old and s.old.value == "more than 750"]
    data = st.to_json()
    assert data["old"]["qualifier"] == "more than" and data["old"]["scope"] == "during the year"
    assert {"old_qualifier", "old_scope", "new_qualifier", "new_scope"} <= set(STAT_CSV_FIELDS)
    header = csv_tables(c23_24)["statistics.csv"].splitlines()[0].split(",")
    assert header == list(STAT_CSV_FIELDS)


def test_any_currency_is_money_and_one_unit_in_the_singular():
    # "soums" (a range's unit) and "soum" (an amount's) used to be two units, and a change
    # "from 5,000 to 10,000 soums" two counts: such a figure could never pair with its next edition
    assert [(s.value, s.unit, s.kind) for s in extract_statistics(
        "The fine increased from 5,000 to 10,000 soums.")] == [("5,000", "soum", "money"), ("10,000", "soum", "money")]
    [rng] = extract_statistics("Fines ranged from 5,000 to 10,000 soums.")
    assert (rng.unit, rng.kind) == ("soum", "range")
    old = tiny(2020, Heading(1, "Section 2. Liberty"),
               Para("Fines for unsanctioned pickets ranged from 5,000 to 10,000 rubles. Police were busy."))
    new = tiny(2021, Heading(1, "Section 2. Liberty"),
               Para("Fines for unsanctioned pickets were 20,000 rubles. Police were busy."))
    [st] = compare(old, new).statistics
    assert (st.status, st.old.value, st.new.value, st.new.unit) == ("changed", "5,000–10,000", "20,000", "ruble")
