"""Extraction on plain strings and on the real corpus: abuse lists, statistics, laws."""

import pytest

from differ.extract import (
    abuse_items,
    abuse_items_from_sentences,
    categorize,
    extract_laws,
    extract_laws_paragraph,
    extract_statistics,
    match_abuses,
    parse_number,
    split_abuse_items,
)


@pytest.fixture(scope="module")
def reports(corpus):
    return {y: corpus.load(y) for y in (2016, 2023, 2024)}


# --- abuses -------------------------------------------------------------------------------------


def test_split_items_handles_final_and_and_parentheses():
    body = "torture (including; beatings); arbitrary arrest; and the worst forms of child labor."
    assert split_abuse_items(body) == ["torture (including; beatings)", "arbitrary arrest", "the worst forms of child labor"]


def test_abuse_sentences_of_both_templates():
    old = ("Other reported abuses included arbitrary or unlawful killings; military hazing that led to deaths; "
           "and child labor.")
    new = "Significant human rights issues included credible reports of:  torture; and serious government corruption."
    assert [i.text for i in abuse_items_from_sentences([old])] == [
        "arbitrary or unlawful killings", "military hazing that led to deaths", "child labor"]
    items = abuse_items_from_sentences([new])
    assert [i.text for i in items] == ["torture", "serious government corruption"]
    assert items[0].intro.startswith("Significant human rights issues included credible reports of")
    assert abuse_items_from_sentences(["The government took some credible steps."]) == []


def test_real_abuse_lists(reports):
    items = {y: abuse_items(r) for y, r in reports.items()}
    assert len(items[2016]) == 18  # 3 "most significant" + 15 "other reported abuses"
    assert {i.intro.split()[0] for i in items[2016]} == {"The", "Other"}
    assert len(items[2023]) == 19
    assert len(items[2024]) == 8
    assert items[2023][-1].text == "the existence of the worst forms of child labor"
    assert all(i.categories for y in items for i in items[y]), "every real item falls in the taxonomy"


@pytest.mark.parametrize("text, category", [
    ("detainee and prisoner torture and other abuse", "torture"),
    ("arbitrary arrest and detention", "arbitrary arrest or detention"),
    ("political prisoners and detainees", "political prisoners"),
    ("serious restrictions on internet freedom", "expression, press and internet"),
    ("transnational repression against individuals in another country", "transnational repression"),
    ("significant or systematic restrictions on workers’ freedom of association", "worker rights"),
    ("extensive gender-based violence", "violence against women"),
    ("sex and labor trafficking", "trafficking"),
    ("the presence of any of the worst forms of child labor", "child labor"),
    ("discrimination against persons with disabilities", "disability"),
    # the State Department's standard items, in Uzbekistan's 2023 list with no category
    ("the enforcement of laws criminalizing consensual same-sex sexual conduct between men", "LGBTI"),
    ("serious government restrictions on or harassment of domestic and international human rights organizations",
     "assembly and association"),
])
def test_categories(text, category):
    assert categorize(text)[0] == category


def test_worker_association_is_not_civic_association():
    assert "assembly and association" not in categorize("restrictions on workers’ freedom of association")
    assert "assembly and association" in categorize("substantial interference with freedom of association")


def test_abuse_matching_2016_2023(reports):
    matches = match_abuses(abuse_items(reports[2016]), abuse_items(reports[2023]))
    by_status = {}
    for m in matches:
        by_status.setdefault(m.status, []).append(m)
    added = {m.new[0].text for m in by_status["added"]}
    dropped = {m.old[0].text for m in by_status["dropped"]}
    kept = {(o.text, n.text) for m in by_status["kept"] for o in m.old for n in m.new}
    assert "transnational repression against individuals in another country" in added
    assert "political prisoners and detainees" in added
    assert "discrimination against those with HIV/AIDS" in dropped
    assert "sex and labor trafficking" in dropped
    # rewordings read as kept
    assert ("detainee and prisoner torture and other abuse",
            "torture and cruel, inhuman, or degrading treatment by the government") in kept
    assert ("violence and discrimination against women", "extensive gender-based violence") in kept
    assert any(o.startswith("child labor") and n.endswith("worst forms of child labor") for o, n in kept)
    # every item appears exactly once on its side
    assert sorted(m.new[0].text for m in matches if m.new and m.status == "added") == sorted(added)
    assert sorted(o.text for m in matches for o in m.old) == sorted(i.text for i in abuse_items(reports[2016]))


def test_abuse_matching_2023_2024_rewordings(reports):
    matches = match_abuses(abuse_items(reports[2023]), abuse_items(reports[2024]))
    # 2024's shorter list rewords most of what it keeps, and adds two abuses 2023 did not list
    assert len([m for m in matches if m.status == "added"]) == 2
    kept = {n.text for m in matches if m.status == "kept" for n in m.new}
    assert "torture or cruel, inhuman, or degrading treatment or punishment" in kept
    dropped = {o.text for m in matches if m.status == "dropped" for o in m.old}
    assert "serious government corruption" in dropped


# --- statistics ---------------------------------------------------------------------------------


def one(sentence):
    stats = extract_statistics(sentence)
    assert len(stats) == 1, stats
    return stats[0]


def test_money_with_dollar_equivalent_is_one_claim():
    s = one("The law penalizes it with fines of up to 12.96 million tenge ($40,000).")
    assert (s.kind, s.unit, s.value, s.qualifier, s.number) == (
        "money", "tenge", "up to 12.96 million", "up to", 12.96e6)  # the dollar conversion is not a figure


def test_counts_with_their_noun_phrase():
    s = one("The human rights ombudsman reported during the year receiving 96 complaints alleging torture.")
    assert (s.kind, s.value, s.noun) == ("count", "96", "complaints alleging torture")
    s = one("In 2015 the ministry had 258 labor inspectors.")
    assert (s.value, s.noun) == ("258", "labor inspectors")


def test_percent_duration_range():
    s = one("President Nazarbayev received 97.5 percent of the vote.")
    assert (s.kind, s.value, s.noun) == ("percent", "97.5", "the vote")
    s = one("He was sentenced to nine years in prison.")
    assert (s.kind, s.unit, s.number) == ("duration", "years", 9)
    s = one("The court announced sentences between two and seven and a half years.")
    assert (s.kind, s.unit, s.number) == ("range", "years", 7.5)
    s = one("The law prescribes a prison sentence of eight to 10 years for kidnapping.")
    assert (s.kind, s.value) == ("range", "eight–10")
    s = one("An estimated 17,000-18,000 children suffered.")
    assert (s.kind, s.value, s.qualifier) == ("range", "An estimated 17,000–18,000", "an estimated")


@pytest.mark.parametrize("sentence", [
    "On July 14, the court ruled.",
    "In 2015 and 2016 nothing happened.",
    "The decision of December 14, 2016, stands.",
    "He was charged under Article 174 of the criminal code.",
    "The president issued Decree No. 757 in 2014.",
    "Army Unit 32363 is in Kapshagay.",
    "It happened in the first six months of the year.",
])
def test_years_dates_and_identifiers_are_not_statistics(sentence):
    assert extract_statistics(sentence) == []


def test_hundreds_in_words_are_one_figure():
    # "one hundred thousand" was read as "hundred thousand", with no number and no qualifier
    (stateless,) = extract_statistics("More than one hundred thousand stateless persons have been identified.")
    assert (stateless.value, stateless.number, stateless.qualifier) == ("More than one hundred thousand", 100_000,
                                                                        "more than")
    (detained,) = extract_statistics("Police detained two hundred fifty protesters.")
    assert (detained.value, detained.number, detained.noun) == ("two hundred fifty", 250, "protesters")


def test_parse_number():
    assert parse_number("12.96 million") == 12.96e6
    assert parse_number("seven and a half") == 7.5
    assert parse_number("Twenty-three") == 23
    assert parse_number("2,366") == 2366
    # a scale in words, and the currency sign dropped without the "us" of "thousand"
    assert parse_number("three thousand") == 3000 and parse_number("one hundred thousand") == 100_000
    assert parse_number("hundred thousand") == 100_000
    assert parse_number("US$5 million") == parse_number("$5 million") == 5e6


# --- laws ---------------------------------------------------------------------------------------


def keys(sentence, **kw):
    return [m.key for m in extract_laws(sentence, **kw)]


def test_codes_normalised():
    assert keys("The Code of Criminal Procedure spells out rights.") == ["criminal procedure code"]
    assert keys("The 2015 criminal procedure code introduced an obligation.") == ["criminal procedure code"]
    assert keys("Under the new administrative code, fines apply.") == ["administrative code"]


def test_articles_attach_to_their_code():
    found = keys("They were convicted on criminal code charges of incitement of social discord (Article 174).")
    assert found == ["criminal code", "criminal code article 174"]
    found = keys("Articles 174 and 274 of the Criminal Code apply.")  # the articles, not the code again
    assert found == ["criminal code article 174", "criminal code article 274"]
    found = keys("The Criminal Code bans torture, and Article 146 of the Criminal Code defines it.")
    assert found == ["criminal code", "criminal code article 146"]
    # a bare article takes the code named earlier in the paragraph
    mentions = extract_laws_paragraph(["A new labor code was signed.", "Its Article 11 requires employers to act."])
    assert [m.key for m in mentions] == ["labor code", "labor code article 11"]


def test_named_laws_decrees_conventions():
    assert keys("The Law on Payments also applies.") == ["law on payments"]
    m = extract_laws("President Tokayev signed a new law “On Online Platforms and Online Advertising” in July.")
    assert [(x.key, x.name) for x in m] == [(
        "law on online platforms and online advertising", "Law “On Online Platforms and Online Advertising”")]
    assert keys("Businesses were covered by the president’s Decree No. 757, issued in 2014.") == ["decree no. 757"]
    a = keys("The definition was noncompliant with the UN Convention against Torture.")
    b = keys("The Convention against Torture requires it.")
    assert a == b == ["convention against torture"]
    assert keys("Contrary to commitments under the 1951 Convention Relating to the Status of Refugees, x.") == [
        "1951 convention relating to the status of refugees"]
    assert keys("The trade union law further limited freedoms.") == ["law on trade union"]
    # lower-case titles; "prevention of" is the same law
    assert keys("In April, the government adopted amendments to the law on domestic violence and the code.") == [
        "law on domestic violence", "amendments to law on domestic violence"]
    assert keys("After the 2014 changes to the law on Prevention of Domestic Violence, police acted.") == [
        "law on domestic violence"]
    assert keys("Nothing here but the word lawyer and a code of conduct.") == []


def test_mci_fines_with_dollar_equivalent():
    s = one("A minor's employment without a contract is punishable by up to 200 monthly calculation index (MCI) "
            "units ($1,250) with suspension of the license.")
    assert (s.kind, s.unit, s.value, s.number) == ("money", "MCI", "up to 200", 200)
    values = [x.value for x in extract_statistics("Fines went from 300 MCI units to 2,000 MCI units.")]
    assert values == ["300", "2,000"]


def test_figures_without_noun_phrase_still_pair_in_a_sentence_pair():
    from differ.extract import match_statistics

    old = extract_statistics("A court sentenced the former CEO of Astana Expo 2017, to 14 years in prison.")
    new = extract_statistics("A court sentenced the former CEO of Astana Expo 2017, to 16 years in prison.")
    assert [s.noun for s in old] == [""]
    assert [(i, j) for i, j, _ in match_statistics(old, new)] == [(0, 0)]
