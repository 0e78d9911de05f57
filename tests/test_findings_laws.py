"""Law findings: a law adopted, signed, passed, ratified or entered into force is ``added``
(with its ``event``) even beside an older generic mention; protocols, the constitution and
its amendments are extracted; spelling variants of one law are one entry."""

import pytest

from differ.diff import compare
from differ.extract import extract_laws, extract_laws_paragraph, law_identity
from differ.model import Heading, Para, build_report


def tiny(year, *sentences):
    return build_report("testland", year, f"Testland {year}", (
        Heading(1, "Section 2. Freedoms"), Para(" ".join(sentences)),
        Heading(1, "Section 7. Worker Rights"), Para("Strikes were rare. Unions were controlled by the state."),
    ))


def keys(sentence):
    return [m.key for m in extract_laws(sentence)]


def events(sentence):
    return {m.key: m.event for m in extract_laws(sentence)}


# --- the cases quoted in the issue ---------------------------------------------------------------


def test_new_mass_media_law_is_added_not_folded_into_the_generic_media_law(c23_24):
    adopted = [law for law in c23_24.laws if law.new_text and "On June 19, the country adopted a new mass media law"
               in law.new_text]
    assert [(law.status, law.event, law.kind) for law in adopted] == [("added", "adopted", "law")]
    # one entry for the media law: the generic sentence both editions share is its old mention
    assert adopted[0].old_text == "Media law prohibited citizens from leaving anonymous comments on media outlet websites."
    assert not [law for law in c23_24.laws if law is not adopted[0] and "media" in law.key]


def test_1967_protocol_is_extracted_next_to_the_refugee_convention(c23_24):
    sentence = ("Contrary to commitments under the 1951 Convention Relating to the Status of Refugees and its 1967 "
                "Protocol, a person who crossed into the country illegally could be prosecuted.")
    found = extract_laws(sentence)
    assert [m.kind for m in found] == ["convention", "protocol"]
    assert "1967 protocol" in found[1].key and "refugees" in found[1].key
    [protocol] = [law for law in c23_24.laws if law.kind == "protocol"]
    assert protocol.status == "added" and "1967 Protocol" in protocol.new_text and protocol.old_text is None


def test_national_security_law_spellings_are_one_law(c16_23):
    assert keys("An exception is the law on national security, which prohibits it.") == keys(
        "National security laws prohibit foreigners from engaging in political activities.")
    security = [law for law in c16_23.laws if "national security" in law.key]
    assert len(security) == 1 and security[0].old_mentions == 2 and security[0].status == "dropped"


# --- events ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, event", [
    ("On June 19, the country adopted a new mass media law.", "adopted"),
    ("On July 10, President Tokayev signed a new law “On Online Platforms and Online Advertising” on July 10.",
     "signed"),
    ("In May 2022, the government ratified the ILO’s Part-Time Work Convention.", "ratified"),
    ("A trade union law passed and entered into force in 2014 restricts worker freedom of association.", "passed"),
    ("A new labor code, signed into law in November 2015, also limits worker rights.", "signed"),
    ("That law was superseded by the Entrepreneur Code (adopted in October 2015).", "adopted"),
    ("The Law on Mass Media entered into force in January.", "entered into force"),
    ("Parliament enacted the Law on Peaceful Assemblies in May.", "enacted"),
])
def test_event_verbs(sentence, event):
    assert event in events(sentence).values()


@pytest.mark.parametrize("sentence", [
    "The Ministry established a working group to ratify the ILO’s Minimum Wage Fixing Convention.",
    "Media law prohibited citizens from leaving anonymous comments on media outlet websites.",
    "The parliament did not adopt the Law on Peaceful Assemblies.",
])
def test_no_event(sentence):
    assert set(events(sentence).values()) <= {None}


def test_amendments_are_made_the_law_is_not():
    found = {m.key: m for m in extract_laws("In April, the government adopted amendments to the law on domestic "
                                             "violence.")}
    assert found["law on domestic violence"].event is None
    amendments = found["amendments to law on domestic violence"]
    assert (amendments.kind, amendments.event) == ("amendment", "adopted")


def test_an_adopted_law_beside_an_old_generic_mention_is_added():
    old = tiny(2023, "Media law prohibited anonymous comments.", "Journalists were harassed.")
    new = tiny(2024, "Media law prohibited anonymous comments.", "On June 19, the country adopted a new mass media law.",
               "Journalists were harassed.")
    [law] = compare(old, new).laws
    assert (law.status, law.event, law.old_mentions, law.new_mentions) == ("added", "adopted", 1, 2)
    assert "On June 19, the country adopted a new mass media law." in law.new_text
    assert compare(old, new).to_json()["laws"][0]["event"] == "adopted"


def test_an_event_dated_to_an_earlier_year_is_not_this_year_s():
    old = tiny(2023, "The government passed new amendments in February which eased limits on strikes.")
    new = tiny(2024, "The government passed new amendments in 2023 that eased limits on strikes.")
    [law] = compare(old, new).laws
    assert law.kind == "amendment" and law.event is None and law.status == "kept"  # lightly reworded


def test_an_adoption_told_again_is_no_new_event():
    sentence = "On June 19, the country adopted a new mass media law."
    old, new = tiny(2023, sentence, "Journalists were harassed."), tiny(2024, sentence, "Journalists were jailed.")
    [law] = compare(old, new).laws
    assert (law.status, law.event) == ("kept", None)


def test_a_law_named_only_in_the_new_edition_with_its_event():
    old = tiny(2023, "Journalists were harassed.")
    new = tiny(2024, "Journalists were harassed.", "Parliament passed the Law on Peaceful Assemblies in May.")
    [law] = compare(old, new).laws
    assert (law.status, law.event, law.kind) == ("added", "passed", "law")


# --- what counts as a law -------------------------------------------------------------------------


def test_constitution_and_its_amendments():
    assert keys("While the constitution provided for freedom of speech, the government limited it.") == ["constitution"]
    assert [(m.key, m.kind) for m in extract_laws(
        "Although the 2007 constitutional amendments increased legislative authority, power stayed put.")] == [
        ("constitutional amendments", "amendment")]
    assert keys("The Constitutional Council declared it unconstitutional.") == []


def test_protocols_need_a_name():
    assert keys("While a postexposure prophylaxis protocol existed, access was limited.") == []
    assert keys("The country ratified the Optional Protocol to the Convention against Torture.") == [
        "optional protocol to the convention against torture"]


def identities(sentence):
    return [law_identity(k) for k in keys(sentence)]


def test_spelling_variants_fold():
    assert identities("The trade union law restricted unions.") == identities(
        "The law on trade unions restricted unions.") == ["law on trade union"]
    assert keys("Provisions of the 1951 convention applied.") == keys(
        "Contrary to the 1951 Convention Relating to the Status of Refugees, it happened.") == keys(
        "The 1951 Refugee Convention applied.")
    assert identities("The Election Law was amended.") == identities("The law on elections was amended.")


def test_lower_case_titles_stop_at_the_verb():
    assert keys("The law on trade unions stated workers could not be fired for membership.") == [
        "law on trade unions"]
    assert keys("Both were charged with violating the law on the procedure for organizing and holding peaceful "
                "assemblies.") == ["law on procedure for organizing and holding peaceful assemblies"]


def test_paragraph_context_still_resolves_articles():
    mentions = extract_laws_paragraph(["A new labor code was signed.", "Its Article 11 requires employers to act."])
    assert [m.key for m in mentions] == ["labor code", "labor code article 11"]


# --- instruments known by what they are or do -------------------------------------------------------


@pytest.mark.parametrize("sentence, kind, key", [
    ("The government had an agreement with China not to tolerate the presence of ethnic separatists.", "treaty",
     "agreement with china"),
    ("Although the agreement on the exchange of information with China included a provision, it was weak.", "treaty",
     "agreement on the exchange of information with china"),
    ("In March, the tripartite commission signed the general agreement for labor relations for 2024-26.", "treaty",
     "general agreement for labor relations for 2024-26"),
    ("He was sentenced under articles on “propaganda of terrorism” and “participation in a banned organization.”",
     "article", "criminal code article on propaganda of terrorism"),
    ("Criminal cases were opened under articles on preparation for committing a crime and on organizing mass riots.",
     "article", "criminal code article on organizing mass riots"),
    ("In March, President Tokayev signed a degree establishing a new position of ombudsperson.", "decree",
     "decree establishing a new position of ombudsperson"),
    ("The government implemented regulations on internet access that mandated surveillance cameras.", "decree",
     "regulations on internet access"),
    ("Participants protested a law extending the period during which land could be leased.", "law",
     "law extending the period"),
    ("In 2015 parliament passed amendments to NGO financing laws that include new provisions.", "amendment",
     "amendments to ngo financing laws"),
    ("Despite a legislative change making refugee travel documents available, none were issued.", "amendment",
     "legislative change making refugee travel documents available"),
    ("Two laws, termed “Leader-of-the-Nation laws,” establish the president as chair.", "law",
     "leaderofthenation laws"),
    ("Both the criminal and civil codes contain articles establishing broad liability for libel.", "code",
     "civil code"),
    ("She complained to the UN Committee on the Elimination of Discrimination against Women, which found a breach "
     "of obligations under the UN convention.", "convention",
     "convention on the elimination of discrimination against women"),
])
def test_described_instruments(sentence, kind, key):
    assert (kind, key) in {(m.kind, m.key) for m in extract_laws(sentence)}


@pytest.mark.parametrize("sentence", [
    "The law enables the government to restrict media content through amendments that prohibit undermining security.",
    "Changes or amendments to the constitution require presidential consent.",
    "Employment of a minor without an employment agreement is punishable by a fine.",
    "The ministry set up a working group, as recommended in the agreement.",
])
def test_not_instruments_of_their_own(sentence):
    # undated "amendments that …" with no act of passing them, the amending procedure (that one is
    # the constitution's amendments, nothing more), a contract, an agreement not named
    assert {m.key for m in extract_laws(sentence)} <= {"constitutional amendments"}


def test_hand_read_gold_laws_recall(c16_23, c23_24):
    """At least 95% of the gold laws (benchmarks/gold/) found with the right status."""
    import json

    from conftest import ROOT, benchmark_module

    scorer = benchmark_module("findings_accuracy")
    for comparison, name in ((c16_23, "kazakhstan-2016-2023"), (c23_24, "kazakhstan-2023-2024")):
        gold = json.loads((ROOT / "benchmarks" / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        result, notes = scorer.score_laws(gold, comparison.to_json())
        assert result["recall"] >= 0.95, (name, [n for n in notes if "missed" in n or "status" in n])


def test_a_law_told_by_its_year_or_as_separate_and_by_what_it_did_is_one_law():
    from differ.extract import extract_laws

    (dated,) = extract_laws("A 2021 law established criminal liability for publicly insulting or defaming the "
                            "president online.")
    assert (dated.name, dated.kind) == ("2021 law establishing criminal liability for publicly insulting", "law")
    (separate,) = extract_laws("A separate law, which criminalized the knowing transmission of HIV, carried a "
                               "maximum of five years.")
    assert separate.name == "Law criminalizing the knowing transmission of HIV"
    # the country's law in general, not one law
    assert extract_laws("The law criminalized domestic violence.") == []
    assert extract_laws("The new law helped the federation in its competition.") == []


def test_legislation_signed_into_law_and_a_titled_act_are_laws():
    from differ.extract import extract_laws

    (signed,) = extract_laws("On April 11, the president signed into law legislation explicitly criminalizing "
                             "domestic violence from the first offense.")
    assert (signed.name, signed.event) == ("Legislation criminalizing domestic violence", "signed")
    (act,) = extract_laws("The Department of State’s Justice for Uncompensated Survivors Today (JUST) Act Report "
                          "to Congress was released.")
    assert act.name == "Justice for Uncompensated Survivors Today (JUST) Act"
    assert extract_laws("The Act was criticised.") == []


def _two_paragraphs(year, first, second):
    return build_report("testland", year, f"Testland {year}", (
        Heading(1, "Section 6. Discrimination"), Para(first), Para(second),
        Heading(1, "Section 7. Worker Rights"), Para("Strikes were rare."),
    ))


def test_a_bare_article_is_the_article_of_the_one_code_cited_with_that_number():
    old = _two_paragraphs(2023, "Article 120 of the Penal Code criminalized consensual same-sex conduct.",
                          "Two men were detained under Article 120 in March.")
    new = _two_paragraphs(2024, "Activists were harassed.", "Two men were detained in March.")
    laws = {law.name: law for law in compare(old, new).laws}
    # as the report names it; and once: "Article 120 of the Penal Code" is no second law, the code
    assert sorted(laws) == ["Penal Code, Article 120"]
    assert (laws["Penal Code, Article 120"].status, laws["Penal Code, Article 120"].old_mentions) == ("dropped", 2)
    assert laws["Penal Code, Article 120"].key == "criminal code article 120"  # one code, however named
    # two codes with an Article 120: the bare one could be either, so it stays apart
    old = _two_paragraphs(2023, "Article 120 of the Penal Code and Article 120 of the Labor Code applied.",
                          "Two men were detained under Article 120 in March.")
    assert "Article 120" in {law.name for law in compare(old, new).laws}
