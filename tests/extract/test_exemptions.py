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
        (  # the Act's name cut short by a line break before "Act 2002"
            "Prices are withheld under section 33(1)(b) of the Freedom of Information (Scotland)",
            "FOISA",
            "foisa s33(1)(b)",
        ),
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


def test_every_member_of_a_list_of_sections_is_cited(facts: Facts) -> None:
    found = facts("The prices are withheld under sections 41 and 43(2) of the Act.\n")
    assert [(f.provision, f.applied) for f in found.exemptions] == [
        ("s41", True),
        ("s43(2)", True),
    ]


def test_a_scottish_reply_cites_foisa_even_where_the_sentence_does_not_say_so(
    facts: Facts,
) -> None:
    found = facts(
        "The prices are withheld under section 33(1)(b) as they are commercially sensitive.\n\n"
        "You may ask the Scottish Information Commissioner to review our decision.\n"
    )
    assert [(f.legislation, f.provision) for f in found.exemptions] == [
        ("FOISA", "foisa s33(1)(b)")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Information not held.",
        "The Council does not hold a record of the original go-live date.",
        "We hold no recorded information about the contract value.",
        "The start date is not recorded.",
    ],
)
def test_an_answer_saying_the_information_is_not_held_is_an_outcome_row(
    facts: Facts, sentence: str
) -> None:
    (found,) = facts(f"2. When did the contract start?\n\n{sentence}\n").exemptions
    assert (found.kind, found.provision, found.applied) == ("not_held", "not held", False)
    assert found.evidence == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "If we do not hold the information, we will tell you.",
        "We can confirm that we hold the information you requested.",
        "Under section 1 we must confirm whether or not we hold the information.",
    ],
)
def test_boilerplate_about_holding_information_is_no_outcome(facts: Facts, sentence: str) -> None:
    assert [f for f in facts(f"{sentence}\n").exemptions if f.kind == "not_held"] == []


def test_not_held_in_the_requesters_question_is_no_outcome(facts: Facts) -> None:
    found = facts("1. If the information is not held, please say so?\n\nWe use Mosaic.\n")
    assert found.exemptions == []


def test_more_subsections_of_one_section(facts: Facts) -> None:
    found = facts("Costs are withheld under Section 43 (1) and / or (2) of the Act.\n")
    assert [f.provision for f in found.exemptions] == ["s43(1)", "s43(2)"]


@pytest.mark.parametrize(
    ("sentence", "applied"),
    [
        (
            "Costs are withheld under section 43(2); the exemption in section 40(2) is not "
            "engaged.",
            {"s43(2)": True, "s40(2)": False},
        ),
        (
            "Section 40(2) is not engaged, but the prices are withheld under section 43(2).",
            {"s43(2)": True, "s40(2)": False},
        ),
        (
            "We considered whether section 41 applied, but we have not applied section 41.",
            {"s41": False},
        ),
        (
            "Costs are withheld under section 43(2) and names under section 40(2).",
            {"s43(2)": True, "s40(2)": True},
        ),
        # the conditional: a provision for what was not asked, or has not happened
        (
            "Names of officers below Director level would normally be withheld under section "
            "40(2), so you may wish to ask for job titles instead.",
            {"s40(2)": False},
        ),
        (
            "If you wish to request costs, the Council would consider them exempt under "
            "section 43(2) of the Act.",
            {"s43(2)": False},
        ),
        (
            "If the cost of complying would exceed the appropriate limit under section 12 of "
            "the Act, we will contact you.",
            {"s12": False},
        ),
        (  # a prejudice in the conditional is still the reason for an exemption applied
            "The annual cost is withheld under section 43(2) as its release would prejudice "
            "commercial interests.",
            {"s43(2)": True},
        ),
    ],
)
def test_each_clause_says_whether_its_provision_applies(
    facts: Facts, sentence: str, applied: dict[str, bool]
) -> None:
    found = facts(f"Which systems do you use?\n\nWe use Mosaic. {sentence}\n").exemptions
    assert {e.provision: e.applied for e in found} == applied
