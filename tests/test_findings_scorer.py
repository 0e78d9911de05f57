"""The findings scorer (benchmarks/findings_accuracy.py) on tiny hand-made inputs: it must
tell a right comparison from a wrong one, or its table in the README means nothing."""

from conftest import benchmark_module

fa = benchmark_module("findings_accuracy")

GOLD = {
    "abuses": [
        {"status": "kept", "relation": "same", "old": ["torture by police"], "new": ["torture by the police"]},
        {"status": "added", "relation": None, "old": [], "new": ["transnational repression"]},
        {"status": "dropped", "relation": None, "old": ["restrictions on internet freedom"], "new": []},
    ],
    "laws": [
        {"name": "Mass media law", "status": "added", "old_quote": None, "new_quote": "adopted a new mass media law"},
        {"name": "Criminal Code", "status": "kept", "old_quote": "under the criminal code", "new_quote": "under the criminal code"},
    ],
    "statistics": {
        "sections": [{"old": "c. Torture", "new": "Torture"}],
        "scope": {"old": [["Section 1", "c. Torture"]], "new": [["Section 1", "c. Torture"]]},
        "figures": [
            {"status": "changed", "old": {"value": "96", "quote": "received 96 complaints"},
             "new": {"value": "138", "quote": "received 138 complaints"}},
            {"status": "unchanged", "old": {"value": "two", "quote": "two officers were"},
             "new": {"value": "two", "quote": "two officers were"}},
        ],
    },
}


def _stat(status, old=None, new=None, section=("Section 1", "c. Torture")):
    side = lambda v, t: None if v is None else {"value": v, "text": t}
    return {"status": status, "old": side(*old) if old else None, "new": side(*new) if new else None,
            "old_section": list(section), "new_section": list(section)}


def test_a_right_comparison_scores_one():
    data = {
        "abuses": [
            {"status": "kept", "old_text": "torture by police", "new_text": "torture by the police"},
            {"status": "added", "old_text": None, "new_text": "transnational repression"},
            {"status": "dropped", "old_text": "restrictions on internet freedom", "new_text": None},
        ],
        "laws": [
            {"name": "Media law", "key": "mass media law", "status": "added", "old_text": None,
             "new_text": "On June 19, the country adopted a new mass media law."},
            {"name": "Criminal Code", "key": "criminal code", "status": "kept",
             "old_text": "Punishable under the Criminal Code.", "new_text": "Punishable under the Criminal Code."},
        ],
        "statistics": [_stat("changed", ("96", "It received 96 complaints."), ("138", "It received 138 complaints."))],
    }
    assert fa.score_abuses(GOLD, data)[0]["f1"] == 1.0
    assert fa.score_laws(GOLD, data)[0]["recall"] == 1.0
    stats = fa.score_statistics(GOLD, data)[0]
    assert (stats["recall"], stats["precision"], stats["changed_precision"]) == (1.0, 1.0, 1.0)


def test_the_errors_issue_11_quotes_are_counted_as_errors():
    data = {
        "abuses": [  # the added item hidden as a second 'kept' partner, the dropped one kept too
            {"status": "kept", "old_text": "torture by police", "new_text": "torture by the police"},
            {"status": "kept", "old_text": "torture by police", "new_text": "transnational repression"},
            {"status": "kept", "old_text": "restrictions on internet freedom", "new_text": "torture by the police"},
        ],
        "laws": [  # the new law folded into an old generic mention, and the code listed twice
            {"name": "Media law", "key": "media law", "status": "changed", "old_text": "The media law.",
             "new_text": "On June 19, the country adopted a new mass media law."},
            {"name": "Criminal Code", "key": "criminal code", "status": "kept",
             "old_text": "Punishable under the Criminal Code.", "new_text": "Punishable under the Criminal Code."},
            {"name": "Code, Criminal", "key": "code criminal", "status": "kept",
             "old_text": "Punishable under the Criminal Code.", "new_text": "Punishable under the Criminal Code."},
        ],
        "statistics": [
            _stat("dropped", old=("two", "The two officers were fired.")),
            _stat("added", new=("two", "The two officers were fired.")),
            _stat("changed", ("96", "It received 96 complaints."), ("7", "(see sections 3 and 7.a.)")),
            _stat("added", new=("5", "Unrelated 5 in another section."), section=("Section 6", "Women")),
        ],
    }
    abuses = fa.score_abuses(GOLD, data)[0]
    assert abuses["recall"] == 1 / 3 and abuses["precision"] == 1 / 3
    laws = fa.score_laws(GOLD, data)[0]
    assert laws["recall"] == 0.5 and laws["precision"] == 1 / 3
    stats = fa.score_statistics(GOLD, data)[0]
    assert stats["recall"] == 0.0 and stats["precision"] == 0.0 and stats["listed"] == 3


def test_values_compare_on_their_numbers_not_their_units_or_qualifiers():
    assert fa.number_tokens("seven to 12 years") == fa.number_tokens("seven–12") == ["seven", "12"]
    assert fa.number_tokens("more than 1,200") == fa.number_tokens("1200") == ["1200"]
    assert fa.number_tokens("22 percent") == ["22"] and fa.number_tokens("1.16 million") == ["1.16", "million"]
    assert fa.number_tokens("two") != fa.number_tokens("twenty")
