import pytest

from differ.sentences import split_sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.S. government objected.  Officials left.", ["The U.S. government objected.", "Officials left."]),
        ("Under Decree No. 757 the fine rose.  It was paid.", ["Under Decree No. 757 the fine rose.", "It was paid."]),
        (
            "The fine was 12.96 million tenge ($40,000).  He paid it.",
            ["The fine was 12.96 million tenge ($40,000).", "He paid it."],
        ),
        ("See Art. 174 of the code.  It applies.", ["See Art. 174 of the code.", "It applies."]),
        ("Activist A.B. Jones and J. Smith spoke.  Police came.", ["Activist A.B. Jones and J. Smith spoke.", "Police came."]),
        ("He said, “This is over.”  The court agreed.", ["He said, “This is over.”", "The court agreed."]),
        (
            "Detention (see section 2.a.) was common.  Lawyers objected.",
            ["Detention (see section 2.a.) was common.", "Lawyers objected."],
        ),
        ("Arrests rose (see section 1.d.).  Police denied it.", ["Arrests rose (see section 1.d.).", "Police denied it."]),
        ("Complaints rose to 138.  In 2022 there were 110.", ["Complaints rose to 138.", "In 2022 there were 110."]),
        ("Wrapped\nline  with   spaces.", ["Wrapped line with spaces."]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_real_paragraph_sentences_rejoin_to_paragraph(corpus):
    report = corpus.load(2023)
    for section in report.walk():
        for p in section.paragraphs:
            assert " ".join(p.sentences) == p.text
