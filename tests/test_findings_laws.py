"""Law findings: a law adopted, signed, passed, ratified or entered into force is ``added``
(with its ``event``) even beside an older generic mention; protocols, the constitution and
its amendments are extracted; spelling variants of one law are one entry."""

import pytest

from differ.diff import compare, compare_years
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


@pytest.fixture(scope="module")
def c16_23(corpus):
    return compare_years(corpus, 2016, 2023)


@pytest.fixture(scope="module")
def c23_24(corpus):
    return compare_years(corpus, 2023, 2024)


# --- the cases quoted in the issue ---------------------------------------------------------------


def test_new_mass_media_law_is_added_not_folded_into_the_generic_media_law(c23_24):
    adopted = [law for law in c23_24.laws if law.new_text and "On June 19, the country adopted a new mass media law"
               in law.new_text]
    assert [(law.status, law.event) for law in adopted] == [("added", "adopted")]
    assert "Media law prohibited citizens" not in adopted[0].new_text
    generic = next(law for law in c23_24.laws if law.new_text and "Media law prohibited citizens" in law.new_text)
    assert generic.status == "kept" and generic.event is None  # the same sentence in both editions


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
    "In April, the government adopted amendments to the law on domestic violence.",
    "Media law prohibited citizens from leaving anonymous comments on media outlet websites.",
    "The parliament did not adopt the Law on Peaceful Assemblies.",
])
def test_no_event(sentence):
    assert set(events(sentence).values()) <= {None}


def test_an_adopted_law_beside_an_old_generic_mention_is_a_new_entry():
    old = tiny(2023, "Media law prohibited anonymous comments.", "Journalists were harassed.")
    new = tiny(2024, "Media law prohibited anonymous comments.", "On June 19, the country adopted a new mass media law.",
               "Journalists were harassed.")
    laws = {law.status: law for law in compare(old, new).laws}
    assert set(laws) == {"kept", "added"}
    assert laws["added"].event == "adopted" and laws["added"].new_mentions == 1
    assert laws["added"].new_text == "On June 19, the country adopted a new mass media law."
    assert laws["kept"].new_text == "Media law prohibited anonymous comments."
    data = compare(old, new).to_json()["laws"]
    assert {law["event"] for law in data} == {None, "adopted"}


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
