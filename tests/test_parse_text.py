"""The text parser on the real corpus: exact outlines, clean paragraphs, sentences.

The expected outlines below were read off the report files by hand (headings, their
nesting and the wrapped lines joined), not generated from the parser.
"""

import random
import re
import sys

import pytest


from differ.parse.text import parse_text

OUTLINE_2016 = [
    (0, 'EXECUTIVE SUMMARY'),
    (1, 'Section 1. Respect for the Integrity of the Person, Including Freedom from:'),
    (2, 'a. Arbitrary Deprivation of Life and other Unlawful or Politically Motivated Killings'),
    (2, 'b. Disappearance'),
    (2, 'c. Torture and Other Cruel, Inhuman, or Degrading Treatment or Punishment'),
    (3, 'Prison and Detention Center Conditions'),
    (4, 'Physical Conditions'),
    (4, 'Administration'),
    (4, 'Independent Monitoring'),
    (4, 'Improvements'),
    (2, 'd. Arbitrary Arrest or Detention'),
    (3, 'Role of the Police and Security Apparatus'),
    (3, 'Arrest Procedures and Treatment of Detainees'),
    (4, 'Arbitrary Arrest'),
    (4, 'Pretrial Detention'),
    (4, 'Detainee’s Ability to Challenge Lawfulness of Detention before a Court'),
    (2, 'e. Denial of Fair Public Trial'),
    (3, 'Trial Procedures'),
    (3, 'Political Prisoners and Detainees'),
    (3, 'Civil Judicial Procedures and Remedies'),
    (2, 'f. Arbitrary or Unlawful Interference with Privacy, Family, Home, or Correspondence'),
    (1, 'Section 2. Respect for Civil Liberties, Including:'),
    (2, 'a. Freedom of Speech and Press'),
    (4, 'Freedom of Speech and Expression'),
    (4, 'Press and Media Freedoms'),
    (4, 'Violence and Harassment'),
    (4, 'Censorship or Content Restrictions'),
    (4, 'Libel/Slander Laws'),
    (4, 'National Security'),
    (3, 'Internet Freedom'),
    (3, 'Academic Freedom and Cultural Events'),
    (2, 'b. Freedom of Peaceful Assembly and Association'),
    (3, 'Freedom of Assembly'),
    (3, 'Freedom of Association'),
    (2, 'c. Freedom of Religion'),
    (2, 'd. Freedom of Movement, Internally Displaced Persons, Protection of Refugees, and Stateless Persons'),
    (4, 'In-country Movement'),
    (4, 'Foreign Travel'),
    (4, 'Exile'),
    (4, 'Emigration and Repatriation'),
    (3, 'Protection of Refugees'),
    (4, 'Access to Asylum'),
    (4, 'Employment'),
    (4, 'Access to Basic Services'),
    (3, 'Stateless Persons'),
    (1, 'Section 3. Freedom to Participate in the Political Process'),
    (3, 'Elections and Political Participation'),
    (4, 'Recent Elections'),
    (4, 'Political Parties and Political Participation'),
    (4, 'Participation of Women and Minorities'),
    (1, 'Section 4. Corruption and Lack of Transparency in Government'),
    (4, 'Corruption'),
    (4, 'Financial Disclosure'),
    (4, 'Public Access to Information'),
    (1, 'Section 5. Governmental Attitude Regarding International and Nongovernmental Investigation of Alleged Violations of Human Rights'),
    (4, 'The United Nations or Other International Bodies'),
    (4, 'Government Human Rights Bodies'),
    (1, 'Section 6. Discrimination, Societal Abuses, and Trafficking in Persons'),
    (3, 'Women'),
    (4, 'Rape and Domestic Violence'),
    (4, 'Other Harmful Traditional Practices'),
    (4, 'Sexual Harassment'),
    (4, 'Reproductive Rights'),
    (4, 'Discrimination'),
    (3, 'Children'),
    (4, 'Birth Registration'),
    (4, 'Child Abuse'),
    (4, 'Early and Forced Marriage'),
    (4, 'Sexual Exploitation of Children'),
    (4, 'Displaced Children'),
    (4, 'Institutionalized Children'),
    (4, 'International Child Abductions'),
    (3, 'Anti-Semitism'),
    (3, 'Trafficking in Persons'),
    (3, 'Persons with Disabilities'),
    (3, 'National/Racial/Ethnic Minorities'),
    (3, 'Acts of Violence, Discrimination, and Other Abuses Based on Sexual Orientation and Gender Identity'),
    (3, 'HIV and AIDS Social Stigma'),
    (1, 'Section 7. Worker Rights'),
    (2, 'a. Freedom of Association and the Right to Collective Bargaining'),
    (2, 'b. Prohibition of Forced or Compulsory Labor'),
    (2, 'c. Prohibition of Child Labor and Minimum Age for Employment'),
    (2, 'd. Discrimination with Respect to Employment and Occupation'),
    (2, 'e. Acceptable Conditions of Work'),
]

OUTLINE_2023 = [
    (0, 'Executive Summary'),
    (1, 'Section 1. Respect for the Integrity of the Person'),
    (2, 'a. Arbitrary Deprivation of Life and Other Unlawful or Politically Motivated Killings'),
    (2, 'b. Disappearance'),
    (2, 'c. Torture and Other Cruel, Inhuman, or Degrading Treatment or Punishment, and Other Related Abuses'),
    (3, 'Prison and Detention Center Conditions'),
    (4, 'Abusive Physical Conditions'),
    (4, 'Administration'),
    (4, 'Independent Monitoring'),
    (2, 'd. Arbitrary Arrest or Detention'),
    (3, 'Arrest Procedures and Treatment of Detainees'),
    (4, 'Arbitrary Arrest'),
    (2, 'e. Denial of Fair Public Trial'),
    (3, 'Trial Procedures'),
    (3, 'Political Prisoners and Detainees'),
    (2, 'f. Transnational Repression'),
    (4, 'Threats, Harassment, Surveillance, and Coercion'),
    (2, 'g. Property Seizure and Restitution'),
    (2, 'h. Arbitrary or Unlawful Interference with Privacy, Family, Home, or Correspondence'),
    (1, 'Section 2. Respect for Civil Liberties'),
    (2, 'a. Freedom of Expression, Including for Members of the Press and Other Media'),
    (4, 'Freedom of Expression'),
    (4, 'Violence and Harassment'),
    (4, 'Censorship or Content Restrictions for Members of the Press and Other Media, Including Online Media'),
    (4, 'Libel/Slander Laws'),
    (4, 'National Security'),
    (3, 'Internet Freedom'),
    (2, 'b. Freedoms of Peaceful Assembly and Association'),
    (3, 'Freedom of Peaceful Assembly'),
    (3, 'Freedom of Association'),
    (2, 'c. Freedom of Religion'),
    (2, 'd. Freedom of Movement and the Right to Leave the Country'),
    (2, 'e. Protection of Refugees'),
    (4, 'Access to Asylum'),
    (4, 'Refoulement'),
    (4, 'Employment'),
    (4, 'Access to Basic Services'),
    (2, 'f. Status and Treatment of Internally Displaced Persons'),
    (2, 'g. Stateless Persons'),
    (1, 'Section 3. Freedom to Participate in the Political Process'),
    (3, 'Elections and Political Participation'),
    (4, 'Abuses or Irregularities in Recent Elections'),
    (4, 'Political Parties and Political Participation'),
    (4, 'Participation of Women and Members of Marginalized or Vulnerable Groups'),
    (1, 'Section 4. Corruption in Government'),
    (4, 'Corruption'),
    (1, 'Section 5. Governmental Posture Towards International and Nongovernmental Monitoring and Investigation of Alleged Abuses of Human Rights'),
    (4, 'Retribution against Human Rights Defenders'),
    (4, 'Government Human Rights Bodies'),
    (1, 'Section 6. Discrimination and Societal Abuses'),
    (3, 'Women'),
    (4, 'Rape and Domestic Violence'),
    (4, 'Other Forms of Gender-based Violence or Harassment'),
    (4, 'Discrimination'),
    (4, 'Reproductive Rights'),
    (3, 'Systemic Racial or Ethnic Violence and Discrimination'),
    (3, 'Children'),
    (4, 'Birth Registration'),
    (4, 'Education'),
    (4, 'Child Abuse'),
    (4, 'Child, Early, and Forced Marriage'),
    (4, 'Sexual Exploitation of Children'),
    (3, 'Antisemitism'),
    (3, 'Trafficking in Persons'),
    (3, 'Acts of Violence, Criminalization, and Other Abuses Based on Sexual Orientation, Gender Identity or Expression, or Sex Characteristics'),
    (4, 'Criminalization'),
    (4, 'Violence and Harassment'),
    (4, 'Discrimination'),
    (4, 'Availability of Legal Gender Recognition'),
    (4, 'Involuntary or Coercive Medical or Psychological Practices'),
    (4, 'Restrictions of Freedom of Expression, Association, or Peaceful Assembly'),
    (3, 'Persons with Disabilities'),
    (3, 'Other Societal Violence or Discrimination'),
    (1, 'Section 7. Worker Rights'),
    (2, 'a. Freedom of Association and the Right to Collective Bargaining'),
    (2, 'b. Prohibition of Forced or Compulsory Labor'),
    (2, 'c. Prohibition of Child Labor and Minimum Age for Employment'),
    (2, 'd. Discrimination (see section 6)'),
    (2, 'e. Acceptable Conditions of Work'),
    (4, 'Wage and Hour Laws'),
    (4, 'Occupational Safety and Health'),
    (4, 'Wage, Hour, and OSH Enforcement'),
]

OUTLINE_2024 = [
    (0, 'Executive Summary'),
    (1, 'Section 1. Life'),
    (2, 'a. Extrajudicial Killings'),
    (2, 'b. Coercion in Population Control'),
    (1, 'Section 2. Liberty'),
    (2, 'a. Freedom of the Press'),
    (3, 'Physical Attacks, Imprisonment, and Pressure'),
    (3, 'Censorship by Governments, Military, Intelligence, or Police Forces, Criminal Groups, or Armed Extremist or Rebel Groups'),
    (2, 'b. Worker Rights'),
    (3, 'Freedom of Association and Collective Bargaining'),
    (3, 'Forced or Compulsory Labor'),
    (3, 'Acceptable Work Conditions'),
    (3, 'Wage and Hour Laws'),
    (3, 'Occupational Safety and Health'),
    (3, 'Wage, Hour, and OSH Enforcement'),
    (2, 'c. Disappearance and Abduction'),
    (3, 'Disappearance'),
    (3, 'Prolonged Detention without Charges'),
    (2, 'd. Violations in Religious Freedom'),
    (2, 'e. Trafficking in Persons'),
    (1, 'Section 3. Security of the Person'),
    (2, 'a. Torture and Cruel, Inhuman, or Degrading Treatment or Punishment'),
    (2, 'b. Protection of Children'),
    (3, 'Child Labor'),
    (3, 'Child Marriage'),
    (2, 'c. Protection to Refugees'),
    (3, 'Provision of First Asylum'),
    (2, 'd. Acts of Antisemitism and Antisemitic Incitement'),
    (2, 'e. Instances of Transnational Repression'),
    (3, 'Threats, Harassment, Surveillance, or Coercion'),
    (3, 'Knowing Cooperation with Other Governments to Facilitate Their Acts of Transnational Repression'),
]

EXPECTED = {2016: OUTLINE_2016, 2023: OUTLINE_2023, 2024: OUTLINE_2024}


@pytest.fixture(scope="module")
def reports(corpus):
    return {year: corpus.load(year) for year in EXPECTED}


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_outline_is_exact(reports, year):
    got = [(s.level, s.heading) for s in reports[year].walk()]
    assert got == EXPECTED[year]


def test_2016_has_84_headings(reports):
    assert len(list(reports[2016].walk())) == 84


def test_paths_run_from_level_one_down(reports):
    r = reports[2023]
    s = r.find(
        (
            "Section 6. Discrimination and Societal Abuses",
            "Acts of Violence, Criminalization, and Other Abuses Based on Sexual Orientation, "
            "Gender Identity or Expression, or Sex Characteristics",
            "Discrimination",
        )
    )
    assert s is not None and s.level == 4
    assert r.find(("Executive Summary",)).level == 0
    # The same short heading under two parents stays two sections.
    assert sum(1 for s in r.walk() if s.heading == "Violence and Harassment") == 2


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_paragraphs_are_clean(reports, year):
    headings = {s.heading for s in reports[year].walk() if s.level <= 3 and len(s.heading) > 25}
    for section in reports[year].walk():
        for p in section.paragraphs:
            text = p.text
            assert text == " ".join(text.split()), "whitespace not normalised"
            assert not re.search(r"KAZAKHSTAN \d+|Country Reports on Human Rights Practices for|Bureau of Democracy", text)
            # footnote URLs glued into prose: a bare URL followed by more prose
            assert not re.search(r"https?://\S+[^.\s]\s+[a-z]", text), text[:80]
            # a line-break hyphen left open ("nongovern- mental") would show as "x- y"
            for m in re.finditer(r"\b(\w+)- (\w+)", text):
                # suspended compounds ("small- and medium-size", "four- and eight-years") are real
                assert m.group(2) in ("and", "or", "to") or m.group(1)[0].isupper(), text[m.start() - 30 : m.end() + 30]
            for h in headings:
                assert not text.startswith(h), f"heading fragment glued into paragraph: {h}"


def test_real_compound_hyphens_survive_line_breaks(reports):
    text16 = reports[2016].text
    assert "attorney-client" in text16 and "self-incrimination" in text16
    text23 = reports[2023].text
    assert "life-threatening" in text23 and "quasi-independent" in text23 and "gender-based" in text23


def test_page_break_continuation_is_one_paragraph(reports):
    # 2016: a footnote URL and a page break fall inside this paragraph
    paras = [p.text for s in reports[2016].walk() for p in s.paragraphs]
    joined = [p for p in paras if "registration exemption for families of legal migrant workers" in p]
    assert len(joined) == 1


def test_run_in_headings_with_stray_space(reports):
    r = reports[2023]
    arbitrary = [s for s in r.walk() if s.heading == "Arbitrary Arrest"]
    assert len(arbitrary) == 1 and arbitrary[0].level == 4
    para = arbitrary[0].paragraphs[0]
    assert para.run_in_heading == "Arbitrary Arrest"
    assert para.text.startswith("The government frequently arrested")


def test_title_is_recovered(reports):
    assert reports[2023].title == "Kazakhstan 2023 Human Rights Report"
    assert reports[2016].title.upper() == "KAZAKHSTAN 2016 HUMAN RIGHTS REPORT"


def test_packed_layout_reconstructs_2016_paragraphs(corpus):
    """Strip the blank lines from 2016 and the packed-layout logic must still find most paragraphs."""
    raw = (corpus.dir / "2016.txt").read_text()
    packed = "\n".join(line for line in raw.split("\n") if line.strip())
    blank_mode = {p.text for s in corpus.load(2016).walk() for p in s.paragraphs}
    packed_mode = {p.text for s in parse_text(packed, country="kazakhstan", year=2016).walk() for p in s.paragraphs}
    recovered = len(blank_mode & packed_mode) / len(blank_mode)
    assert recovered > 0.85


# --- fast paths agree with the plain definitions they replace --------------------------------


def test_width_is_the_sum_of_glyph_widths():
    from differ.parse.text import _GLYPH, _width

    def plain(s):  # each character's width / 4 (an average glyph when unknown), times 4
        return 4 * sum(_GLYPH.get(c, 500) // 4 for c in s)

    for s in ["", "KAZAKHSTAN 16", "the government’s “law” – a rule…", "Ünïcödé ∙ x?", "$40,000 (see 2.a.)"]:
        assert _width(s) == plain(s), s


_SEPARATE_FURNITURE_PATTERNS = (  # what _FURNITURE was before it was one pattern
    (r"^\s*(?:https?://|www\.)\S*[^.\s]\s*$", re.I),
    (r"^\s*Country Reports on Human Rights Practices for\s+(?:\d\s?){3}\d\s*$", re.I),
    (r"^\s*United States Department of State\b.*Bureau of Democracy", re.I),
    (r"^\s*(?:Page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*$", re.I),
)


@pytest.mark.parametrize("line", [
    " KAZAKHSTAN 16", "KAZAKH STAN  7 ", "UZBEKISTAN 16", "Kazakhstan 16", "KAZAKHSTAN 1234", "Page 3 of 40", "12",
    "https://www.osce.org/odihr/x", "https://www.osce.org/odihr/x.", "  www.x.org  ",
    "Country Reports on Human Rights Practices for 2 0 1 6", "country reports on human rights practices for 2016",
    "United States Department of State • Bureau of Democracy, Human Rights and Labor",
    "The police detained 16", "Section 1. Respect for the Integrity of the Person",
])
def test_furniture_pattern_agrees_with_the_separate_patterns(line):
    from differ.parse.text import _is_furniture

    s = line.strip()
    header = re.match(r"^\s*[A-Z][A-Z ,.'’()-]+\s+\d{1,3}\s*$", s)
    expected = any(re.match(p, line, f) for p, f in _SEPARATE_FURNITURE_PATTERNS) or (
        bool(header) and s.rsplit(None, 1)[0].replace(" ", "") == "KAZAKHSTAN")
    assert _is_furniture(line, "KAZAKHSTAN") == expected


@pytest.mark.parametrize("length", [0, 1, 60, 255, 256, 257, 512, 513, 3000])
def test_byte_sum_is_sum(length):
    """_width's byte sum (zlib.adler32 over 256-byte chunks) is sum() for any bytes."""
    from differ.parse.text import _byte_sum

    rng = random.Random(length)
    for data in (bytes([255]) * length, bytes(length), bytes(rng.randrange(256) for _ in range(length))):
        assert _byte_sum(data) == sum(data)


def test_only_two_characters_lower_case_to_ascii_and_none_else_changes_being_a_letter():
    """What _Document's byte search rests on, for the Unicode tables of the running Python."""
    to_ascii, letter_changes = [], []
    for code in range(0x80, sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        low = char.lower()
        if any(ord(c) < 0x80 for c in low):
            to_ascii.append(char)
        if char.isalpha() != low[0].isalpha() or char.isalpha() != low[-1].isalpha():
            letter_changes.append(char)
    assert to_ascii == ["\u0130", "\u212a"]
    assert letter_changes == ["\u0130"]


def test_words_counted_in_utf8_as_in_the_lower_cased_text():
    from differ.parse.text import _count_whole_word, _Document, _letter_or_hyphen

    rng = random.Random(3)
    pieces = ["self", "Self", "SELF", "governing", "-", " ", "\n", "é", "É", "’", "“", "ß", "Σ", "σ", "ſ", "9", "x",
              "selfgoverning", "self-governing", "nonself", "日", "\u0301", "ǅ"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        document = _Document(text)
        for word in ("self", "governing", "self-governing", "selfgoverning", "x"):
            assert document.count_word(word) == _count_whole_word(text.lower(), word, _letter_or_hyphen), (text, word)


def _plain_is_title_case(s: str, max_words: int = 16) -> bool:
    """_is_title_case as it was: every word found first, then counted and tested."""
    from differ.parse import text as T

    s = s.strip()
    if not s or not (s[0].isupper() or s[0] in "“\"") or T._SENTENCE_PUNCTUATION.search(s) or ":" in s:
        return False
    words = T._HEADING_WORD.findall(s)
    if not words or len(words) > max_words:
        return False
    return not any(w.strip("’'-/") and w.strip("’'-/")[0].islower() and w.strip("’'-/").lower() not in T._SMALL_WORDS
                   for w in words)


def test_title_case_word_by_word_as_all_words_first(corpus):
    from differ.parse import text as T

    lines = [text for year in (2016, 2023, 2024) for text in T._read_lines(corpus.read_bytes(year)[1].decode(),
                                                                               "kazakhstan")[1].text]
    rng = random.Random(9)
    words = ["Human", "Rights", "of", "the", "and", "law", "Law", "’s", "-", "/", "'", "A", "x", "1990", "(", "“Quoted"]
    lines += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 20))) for _ in range(3000)]
    for line in lines:
        for max_words in (14, 16, 24):
            assert T._is_title_case(line, max_words) == _plain_is_title_case(line, max_words), line


def test_furniture_first_character_turns_away_no_furniture(corpus):
    from differ.parse import text as T

    raw = [line for year in (2016, 2023, 2024) for line in corpus.read_bytes(year)[1].decode().split("\n") if line.strip()]
    rng = random.Random(4)
    starts = ["http://x.org/a", "WWW.x.kz", "country reports on human rights practices for 2016", "United States "
              "Department of State x Bureau of Democracy", "page 3 of 40", "٣", "KAZAKHSTAN 16", "\u00a0 12", "\t7",
              "ſ", "é 5", "“KAZAKHSTAN” 3", "(12)", "x 12"]
    raw += [rng.choice(starts) + rng.choice(["", " ", " 16", ".", " of 9"]) for _ in range(2000)]
    for line in raw:
        plain = T._FURNITURE.match(line) is not None and (
            T._FURNITURE.match(line).group("header") is None
            or T._FURNITURE.match(line).group("header").replace(" ", "") == "KAZAKHSTAN")
        assert T._is_furniture(line, "KAZAKHSTAN") == plain, line


def _plain_is_title_case(s: str, max_words: int = 16) -> bool:
    """_is_title_case without its first look at the first few words: the reference below."""
    from differ.parse.text import _HEADING_WORD, _SENTENCE_PUNCTUATION, _SMALL_WORDS

    s = s.strip()
    if not s or not (s[0].isupper() or s[0] in "“\""):
        return False
    if _SENTENCE_PUNCTUATION.search(s) or ":" in s:
        return False
    count = 0
    for m in _HEADING_WORD.finditer(s):
        count += 1
        if count > max_words:
            return False
        core = m.group().strip("’'-/")
        if core and core[0].islower() and core.lower() not in _SMALL_WORDS:
            return False
    return count > 0


def test_title_case_as_the_plain_test(corpus):
    """The early look for a plain lower-case word says no only where the full test does, on every
    line of the corpus and on made-up runs of capitalised, small, hyphenated and odd words."""
    from differ.parse.text import _is_title_case

    lines = [line.strip() for path in sorted(corpus.dir.glob("*.txt")) for line in path.read_text().split("\n")]
    rng = random.Random(11)
    words = ["The", "the", "of", "and", "Rights", "rights", "’s", "-", "x-ray", "Non-Governmental", "e.g.", "İstanbul",
             "über", "Über", "“Quote”", "of:", "a", "A", "by", "Prison", "prison", "20", "/", "o’clock", "iPhone",
             "and/or", "-and", "’s", "Section", "Women", "ﬁne", "NGO", "vs", "Its", "its", "\t"]
    lines += [" ".join(rng.choice(words) for _ in range(rng.randint(0, 20))) for _ in range(20000)]
    for line in lines:
        for max_words in (14, 16, 24, 3):
            assert _is_title_case(line, max_words) == _plain_is_title_case(line, max_words), (line, max_words)


def test_join_as_the_plain_loop():
    """_join's plain " ".join (no "- " in it) gives what its line-by-line loop gives."""
    from differ.parse.text import _HYPHENATED_END, _LETTERS, _join

    def plain(parts, count):
        out = ""
        for part in parts:
            if not out:
                out = part
                continue
            m = out.endswith("-") and _HYPHENATED_END.search(out[-60:])
            if m and part[:1].isalpha():
                nxt = _LETTERS.match(part)
                left, right = m.group(1).lower(), (nxt.group(0).lower() if nxt else "")
                if part[:1].islower() and count(left + right) > count(f"{left}-{right}"):
                    out = out[:-1] + part
                else:
                    out += part
            else:
                out += " " + part
        return out

    rng = random.Random(13)
    pieces = ["", "self-", "govern", "ment", "-", "- ", "x", "Two-", "five- to", "seven-year", " ", "é-", "(a)"]
    for _ in range(20000):
        parts = [rng.choice(pieces) + rng.choice(pieces) for _ in range(rng.randint(0, 5))]
        count = {"selfgovern": 2, "self-govern": 1}.get
        assert _join(parts, lambda w: count(w, 0)) == plain(parts, lambda w: count(w, 0)), parts


def test_patterns_with_spelt_out_classes_match_as_with_the_classes(corpus):
    """_FURNITURE's header and _LETTERED's capital or quote, spelt without a class holding a
    character beyond Latin-1, match what the classes matched: on every character, and the
    patterns on every line of the corpus and made-up ones."""
    from differ.parse import text as T

    every = "".join(map(chr, range(0x110000)))
    for spelt, cls in (("(?:[A-Z ,.'()-]|’{1})", "[A-Z ,.'’()-]"), ('(?:[A-Z"]|“{1})', '[A-Z“"]')):
        assert spelt in T._FURNITURE.pattern + T._LETTERED.pattern
        for flags in (0, re.I):
            assert re.findall(spelt + "+", every, flags) == re.findall(cls + "+", every, flags), cls
    furniture = re.compile(T._FURNITURE.pattern.replace("(?:[A-Z ,.'()-]|’{1})+", "[A-Z ,.'’()-]+"), T._FURNITURE.flags)
    lettered = re.compile(T._LETTERED.pattern.replace('(?:[A-Z"]|“{1})', '[A-Z“"]'))
    lines = [line for year in (2016, 2023, 2024) for line in corpus.read_bytes(year)[1].decode().split("\n")]
    rng = random.Random(6)
    parts = ["KAZAKH", "STAN", " ", "’", "'", "(", ")", ",", ".", "-", "x", "16", " 7 ", "a.", "b. ", "“", "\"", "Ü", "”"]
    lines += ["".join(rng.choice(parts) for _ in range(rng.randint(1, 9))) for _ in range(5000)]
    for line in lines:
        for fast, plain in ((T._FURNITURE, furniture), (T._LETTERED, lettered)):
            got, want = fast.match(line), plain.match(line)
            assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), line


def test_structural_level_asks_its_patterns_only_where_they_can_match(corpus):
    """_structural_level skips a pattern where what it needs is missing: the same levels as
    asking every pattern, on every line of the corpus and made-up headings."""
    from differ.parse import text as T

    def plain_level(text):
        for level, pattern in enumerate((T._EXEC_SUMMARY, T._SECTION, T._LETTERED)):
            if pattern.match(text):
                return level
        return None

    lines = [line for year in (2016, 2023, 2024) for line in corpus.read_bytes(year)[1].decode().split("\n")]
    lines += ["Executive Summary", "EXECUTIVE SUMMARY\n", "executive ſummary", "executive summary ", "Section 1.",
              "Section 2 . a", "section 1. x", "a. The", "b.  “Quoted", "ab. The", ".", "", "Executive Summary\n\n"]
    for line in lines:
        assert T._structural_level(line) == plain_level(line), line


def test_walk_from_one_stack_is_the_recursive_preorder(reports):
    """Section.walk and Report.walk (one explicit stack) yield what the recursive pre-order
    yields, in its order, on every parsed report and every subtree of it."""
    from differ.model import Report, Section

    def recursive(section):
        yield section
        for child in section.children:
            yield from recursive(child)

    leaf = Section("Leaf", 3, ("Leaf",))
    made_up = Report("x", 2000, "", (Section("A", 1, ("A",), children=(leaf, Section("B", 3, ("B",), children=(
        leaf, leaf)))), Section("C", 1, ("C",))))
    for report in [*reports.values(), made_up, Report("x", 2000, "", ())]:
        want = [s for top in report.sections for s in recursive(top)]
        assert list(report.walk()) == want
        for section in want:
            assert [id(s) for s in section.walk()] == [id(s) for s in recursive(section)]


def test_lines_continuing_a_paragraph_taken_together_as_one_by_one(corpus, monkeypatch):
    """The reader takes the lines after a paragraph's line up to the next one whose text before
    had ended in one step: the same blocks as reading each line (the step of one line), on every
    corpus text, 2016 without its blank lines, and made-up texts of headings, run-ins and breaks."""
    import glob
    from pathlib import Path

    from differ.corpus import Corpus
    from differ.parse import decode_text
    from differ.parse import text as T

    texts = []
    for manifest in sorted(glob.glob(str(corpus.root / "*" / "manifest.json"))):
        country_corpus = Corpus(corpus.root, Path(manifest).parent.name)
        for year in country_corpus.years():
            edition, data = country_corpus.read_bytes(year)
            if edition.format == "pdf-text":
                texts.append((country_corpus.country, decode_text(data)))
    raw_2016 = (corpus.dir / "2016.txt").read_text()
    texts.append(("kazakhstan", "\n".join(line for line in raw_2016.split("\n") if line.strip())))
    rng = random.Random(14)
    pieces = ["Section 1. Respect for the Integrity", "of the Person", "a. Arbitrary Deprivation of Life",
              "b. Disappearance", "Prison and Detention Center Conditions", "Physical Conditions:  Prisons were",
              "Participation of Women and Members of Minority", "Groups:  No laws limit", "the law provides for",
              "a sentence that ends here.", "Another begins and ends.", "It lists:", "(see section 2.a.)",
              "“Quoted words” ended.", "hyphen-", "ated words", "", " KAZAKHSTAN 16", " A page starts here",
              "Executive Summary", "Women", "short."]
    for _ in range(300):
        texts.append(("kazakhstan", "\n".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))))
    for country, text in texts:
        title, lines, blank_layout = T._read_lines(text, country)
        together = T._Reader(lines, blank_layout).parse()
        with monkeypatch.context() as m:
            m.setattr(T._Reader, "_next_text_ended", lambda self, i: i)
            one_by_one = T._Reader(lines, blank_layout).parse()
        assert together == one_by_one, text[:200]


def test_text_decoded_as_utf8_without_its_bom_as_by_the_utf8_sig_codec(corpus):
    """decode_text takes a leading BOM off itself: the text utf-8-sig decodes, and an error
    where it fails, for every corpus file with and without BOMs and for broken bytes."""
    from differ.errors import ParseError
    from differ.parse import decode_text

    bom = "\ufeff".encode()
    samples = [corpus.read_bytes(year)[1] for year in corpus.years()]
    samples += [bom + s for s in samples] + [bom + bom + samples[0], bom, bom + b" x", b"x" + bom, b"caf\xc3\xa9",
                                            b"caf\xe9 text", bom + b"\xff\xfe not utf-16", b"\xc3", b"a\xed\xa0\x80b"]
    for data in samples:
        try:
            want = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            with pytest.raises(ParseError, match="not UTF-8"):
                decode_text(data)
        else:
            assert decode_text(data) == want
