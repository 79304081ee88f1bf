"""The words pre-check (extract/literals.py): a text it turns away has no match, and AnyMatch
answers as a search of every pattern would."""

from __future__ import annotations

import random
import re

import pytest

from foi_extract.extract.literals import (
    FOLD,
    Alternation,
    AnyMatch,
    PreCheck,
    RulePatterns,
    WordIndex,
    fold,
    requirements,
)
from foi_extract.rules import hosting_rules, purpose_rules


def test_fold_maps_every_non_ascii_letter_ignorecase_matches_to_ascii() -> None:
    every = "".join(map(chr, range(0x80, 0x110000)))
    for char in re.findall("[a-z0-9]", every, re.IGNORECASE):
        assert fold(char) == re.sub("[^a-z]", "", char.lower()) or fold(char) in "iks"
        assert re.fullmatch(fold(char), char, re.IGNORECASE)
    assert set(FOLD) == {ord(c) for c in re.findall("[a-z0-9]", every, re.IGNORECASE)}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bab(?:c|d)e", [{"abce", "abde"}]),
        (r"x(?:a|)y", [{"xy", "xay"}]),
        (r"(?:foo|bar\w+) baz", [{" baz"}, {"foo", "bar"}]),
        (r"a?b", [{"b"}]),
        (r"[ab]c", [{"ac", "bc"}]),
        (r"\d+", []),
        (r"(?:x|\w*)yz", [{"yz"}]),
        (r"caf\u00e9", [{"caf"}]),  # a letter not ASCII is not looked for
    ],
)
def test_requirements(pattern: str, expected: list[set[str]]) -> None:
    assert [set(words) for words in requirements(pattern, re.IGNORECASE)] == expected


def test_no_words_no_check() -> None:
    check = PreCheck([r"\d+ days", r"\w+"])
    assert check.may_match("")
    assert PreCheck.of(re.compile(r"\w+")).may_match("")


@pytest.mark.parametrize(
    "text",
    [
        "The system is hosted on premises.",
        "HOSTED BY THE SUPPLIER",
        "Mosaic is hoſted by the supplier",  # a long s matches s case-insensitively
        "used for PAYMENTS and \u0130nvoicing",  # a dotted capital I matches i
        "Nothing here at all.",
        "",
    ],
)
def test_a_matching_text_passes(text: str) -> None:
    for patterns in (
        [p for rule in hosting_rules().rule for p in rule.patterns],
        [p for rule in purpose_rules().rule for p in rule.patterns],
    ):
        check = PreCheck(patterns, re.IGNORECASE)
        matches = any(re.search(p, text, re.IGNORECASE) for p in patterns)
        assert check.may_match(text) or not matches
        for pattern in patterns:
            compiled = re.compile(pattern, re.IGNORECASE)
            if compiled.search(text):
                assert PreCheck.of(compiled).holds(fold(text))


def _sentences(seed: int, count: int) -> list[str]:
    """Sentences stitched at random from the words of hosting phrases and ordinary prose."""
    prose = (
        "the system is hosted by supplier on premises in our own data centre cloud SaaS "
        "Azure managed service servers council's ICT not previously until 2020 a third party "
        "Hosting: Liquidlogic (hosted) who host it for us, which is run by NHS Wales ; ."
    )
    words = prose.split(" ")
    rng = random.Random(seed)
    return [" ".join(rng.choice(words) for _ in range(rng.randint(0, 14))) for _ in range(count)]


def test_any_match_answers_as_a_search_of_every_pattern() -> None:
    """AnyMatch looks for each pattern only where its words are: the answer is the plain
    one (any pattern's search) on texts built from the rules' own words."""
    patterns = [p for rule in hosting_rules().rule for p in rule.patterns]
    any_match = AnyMatch(patterns)
    compiled = [re.compile(p, re.IGNORECASE) for p in patterns]
    texts = _sentences(7, 600)
    answers = [any_match.search(text) for text in texts]
    assert answers == [any(c.search(text) for c in compiled) for text in texts]
    assert 50 < sum(answers) < len(texts)  # both answers are tried


def test_the_word_index_holds_the_patterns_each_pattern_s_own_check_holds() -> None:
    """WordIndex finds the patterns whose words a text holds through an index of their first
    words: the same patterns, in the same order, as each pattern's own PreCheck."""
    patterns = [p for rule in hosting_rules().rule for p in rule.patterns]
    index = WordIndex(patterns)
    checks = [PreCheck([p], re.IGNORECASE) for p in patterns]
    held = 0
    for text in _sentences(11, 600):
        folded = fold(text)
        expected = [i for i, check in enumerate(checks) if check.holds(folded)]
        assert index.holding(folded) == expected
        held += len(expected)
    assert held > 300


def test_an_alternation_of_the_patterns_a_text_may_match_finds_what_all_of_them_find() -> None:
    """Alternation compiles only the patterns whose words a text holds: on texts built from
    the rules' own words, each hosting rule finds the same matches at the same places as the
    alternation of all its patterns."""
    found = 0
    for rule in hosting_rules().rule:
        every = re.compile("|".join(f"(?:{p})" for p in rule.patterns), re.IGNORECASE)
        index, alternation = WordIndex(rule.patterns), Alternation(rule.patterns)
        for text in _sentences(5, 300):
            held = tuple(index.holding(fold(text)))
            expected = [m.span() for m in every.finditer(text)]
            assert [m.span() for m in alternation.of(held).finditer(text)] == expected
            found += len(expected)
    assert found > 100


def test_rule_patterns_give_each_rule_that_may_match_with_the_same_matches() -> None:
    """RulePatterns names the rules a text may match, each with the alternation of its
    patterns the text may match: every rule it leaves out finds nothing, every rule it names
    finds what the alternation of all its patterns finds."""
    rules = [rule.patterns for rule in hosting_rules().rule]
    every = [
        re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) for patterns in rules
    ]
    indexed = RulePatterns(rules)
    named = 0
    for text in _sentences(13, 400):
        held = dict(indexed.held(fold(text)))
        assert list(held) == sorted(held)
        for n, pattern in enumerate(every):
            expected = [m.span() for m in pattern.finditer(text)]
            found = [m.span() for m in held[n].finditer(text)] if n in held else []
            assert found == expected
        named += len(held)
    assert named > 100
