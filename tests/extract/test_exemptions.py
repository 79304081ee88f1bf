"""Exemption citations: every common spelling, canonical provisions, applied vs explained."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from foi_extract.extract import FactSet

Facts = Callable[..., FactSet]


@pytest.mark.parametrize(
    ("sentence", "legislation", "provision"),
    [
        ("The costs are withheld under Section 43(2) of the Act.", "FOIA", "s43(2)"),
        ("The Council has applied S21 as the information is published.", "FOIA", "s21"),
        ("Names are exempt under section 40 (2) of the FOIA.", "FOIA", "s40(2)"),
        ("Complying would exceed the cost limit at s.12 of the Act.", "FOIA", "s12"),
        ("We are refusing the request under s 14(1) as vexatious.", "FOIA", "s14(1)"),
        (
            "The information is excepted under regulation 12(5)(e) of the Environmental "
            "Information Regulations.",
            "EIR",
            "eir 12(5)(e)",
        ),
        ("We have applied section 33(1)(b) of FOISA to the prices.", "FOISA", "foisa s33(1)(b)"),
        ("Personal Information is exempt (Section 40,2).", "FOIA", "s40(2)"),
    ],
)
def test_each_spelling_becomes_its_canonical_provision(
    facts: Facts, sentence: str, legislation: str, provision: str
) -> None:
    (found,) = facts(sentence + "\n").exemptions
    assert (found.legislation, found.provision, found.applied) == (legislation, provision, True)
    assert found.evidence == sentence


def test_a_section_that_is_not_an_exemption_is_dropped(facts: Facts) -> None:
    found = facts("Under section 1(1)(a) we confirm that we hold the information.\n")
    assert found.exemptions == []


def test_law_quoted_in_an_appendix_is_not_applied(facts: Facts) -> None:
    found = facts(
        "We withhold the prices under Section 43(2).\n\nAppendix 1\n\n"
        "Section 43 - Commercial interests.\n\n"
        "(2) Information is exempt information if its disclosure would prejudice interests.\n"
    )
    applied = {fact.provision: fact.applied for fact in found.exemptions}
    assert applied == {"s43(2)": True, "s43": False}


def test_a_citation_in_the_requesters_question_is_not_applied(facts: Facts) -> None:
    found = facts(
        "1. If you withhold anything under section 43, please explain why?\n\n"
        "We use Mosaic and hold no contract values.\n"
    )
    assert [fact.applied for fact in found.exemptions] == [False]
