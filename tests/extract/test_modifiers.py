"""Names a cue phrase makes no fact: negated, another organisation's, examples, the request
restated, not software (rules/modifiers.toml, after medspaCy's ConText)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from foi_extract.extract import FactSet

Facts = Callable[..., FactSet]


@pytest.mark.parametrize(
    "sentence",
    [
        "We do not use Mosaic or Eclipse.",
        "The Council does not itself use CareFirst.",
        "Brackenshire Council has not used CareFirst and is not replacing its systems.",
        "Brackenshire has not implemented WCCIS, the national system.",
        "Pupil records are held in SEEMiS, which is an education system and does not record "
        "social work casework.",
        "ContrOCC is not used by the Council.",
        "The Council does not hold a\nlicence for SystmOne.",
        "HPFT social workers record on the Trust's clinical system, SystmOne.",
        "Community staff record their work on SystmOne, which is the Trust's system.",
        "SystmOne is used by the University Hospital and local GP practices.",
        "Records are made in Brighton & Hove's own system, CareFirst.",
        "You asked for the name of every product used, such as Mosaic or CareFirst.",
        # examples in brackets: the abbreviation's full stop ends no scope
        "Your e-mail also concerned case management products (e.g. Mosaic, Eclipse) and "
        "their dates.",
        # an abbreviation's full stop ends no scope (context.toml abbreviations)
        "You asked whether the Council uses a named product, i.e. Mosaic.",
        # the request restated by what it mentioned, said or believed
        "In your first message you referred to a plan to replace Eclipse with Mosaic.",
        "You began your request by saying that the Council plans to replace Mosaic with LAS.",
        "You understand that the Council plans to replace Mosaic with Liquidlogic LAS.",
        # a quotation of the request: nothing inside it ends the scope
        'You asked for "the system used for adults - I believe you use Mosaic, but please '
        'confirm whether you have moved to Eclipse" and its costs.',
        "SAP, used for all Council finance, is not a dedicated social care system.",
        "Corporate software such as SAP (finance, HR and payroll) is outside the scope of this "
        "request.",
        '"System One" in our corporate plan refers to our integration programme.',
        "Nid yw'r Cyngor yn defnyddio LCS na ContrOCC.",
        # a partner's system named by who provides it, in a relative clause or an appositive
        "Social workers can view records in SystmOne, which is provided by the NHS.",
        "Staff can view SystmOne, a shared care record for the county provided by NHS Kent "
        "and Medway.",
        # the council's corporate back-office system named right after the words that say so
        "Separately, the Council's corporate back-office system, SAP, is used for HR and payroll.",
        # a project's code name
        "Both systems will be reviewed under Project Synergy, a change programme with the NHS.",
        # the back office as the subject, or called corporate after the name
        "The Council's corporate finance, HR and payroll system is SAP.",
        "Corporate HR and payroll are on SAP and finance is on Unit4.",
        "Payments go through Agresso and SAP, which are corporate systems.",
        "Invoices are paid from the Council's ledger. SAP is not itself a social care system.",
        # corporate right before the name, in brackets after it, or "for corporate finance"
        "Payments are passed to the Council's corporate SAP system for processing.",
        "Payments are made through SAP (the Council's shared corporate system with the Police).",
        "Care records link to the Council's SAP system for corporate finance.",
        # the platform of the product just described
        "The application is built on the CareDirector platform.",
    ],
)
def test_a_modified_name_is_no_fact(facts: Facts, sentence: str) -> None:
    assert facts(f"Which systems do you use?\n\n{sentence}\n").systems == []


@pytest.mark.parametrize(
    ("sentence", "system"),
    [
        ("We do not use Mosaic; we use CareFirst for adults.", "CareFirst"),
        ("The Council's own system, Mosaic, holds all adults' records.", "Mosaic"),
        ("KCC's contract for Liquidlogic LCS runs to 2028.", "Liquidlogic LCS"),
        # "not through" reaches only the name right after it
        (
            "Payments are not through our ledger: they are made in ContrOCC for adults.",
            "ContrOCC",
        ),
        # a Scottish council's partnership for social work is its own
        ("The HSCP's current system, Civica Paris, has been in use since 2012.", "Paris"),
        ("Rather than Eclipse, we chose CareFirst. We use CareFirst.", "CareFirst"),
        ("As you mentioned, the Council uses Mosaic for adults.", "Mosaic"),
        # the arrangement is outside a decision's scope, not the product
        (
            "Payments are made in ContrOCC under a separate arrangement which is outside the "
            "scope of this decision.",
            "ContrOCC",
        ),
    ],
)
def test_a_scope_ends_where_the_council_speaks_of_its_own(
    facts: Facts, sentence: str, system: str
) -> None:
    found = {fact.system for fact in facts(f"Which systems do you use?\n\n{sentence}\n").systems}
    assert system in found


@pytest.mark.parametrize(
    "answer",
    [
        "WCCIS is built on the CareDirector platform from CareWorks.",
        "We use WCCIS, which is based on the CareDirector platform.",
        # once named as a platform, so named ever after in the document
        "WCCIS is built on the CareDirector platform. CareDirector is the product underneath "
        "WCCIS.",
    ],
)
def test_the_platform_a_listed_product_is_built_on_is_no_system(facts: Facts, answer: str) -> None:
    found = {fact.system for fact in facts(f"Which systems do you use?\n\n{answer}\n").systems}
    assert found == {"WCCIS"}


def test_a_named_council_portal_built_on_a_product_keeps_the_product(facts: Facts) -> None:
    found = facts(
        "Which systems do you use?\n\nOur provider portal, the Essex Provider Hub, is built on "
        "OCC MarketPlace from Oxford Computer Consultants.\n"
    ).systems
    assert [fact.system for fact in found] == ["OCC MarketPlace"]


def test_a_long_list_of_the_requesters_products_is_theirs_to_its_last_item(
    facts: Facts,
) -> None:
    found = facts(
        "Thank you for your request. You asked us, for each of the following products, whether "
        "the council has used it at any time since 2010, in which team, on what dates, how many "
        "users it had in each year, and what the council paid for it in each year and under "
        "which contract: Liquidlogic LCS, Liquidlogic LAS, Liquidlogic EHM, Mosaic, Frameworki, "
        "CareFirst, CareDirector, Eclipse, ContrOCC and OCC MarketPlace.\n\n"
        "We are refusing your request under section 12.\n"
    )
    assert found.systems == []


def test_a_request_quoted_in_a_refusal_names_no_fact(facts: Facts) -> None:
    found = facts(
        'Your request read: "I ask for every contract with any supplier of case management '
        'software (including but not limited to Servelec, Liquidlogic, OLM and Mosaic)."\n\n'
        "We are refusing it under section 14(1).\n"
    )
    assert found.systems == []


def test_an_acronym_in_brackets_shares_its_names_fate(facts: Facts) -> None:
    """The modifier reaches the name just after its cue; the acronym in brackets after the
    name is the same product, rejected with it."""
    found = facts(
        "Which systems do you use?\n\nPayments are made through the Council's corporate "
        "system, Kingfisher Ledger (KL), which is built on Oracle.\n"
    )
    assert found.systems == []


def test_a_council_portal_built_on_a_product_keeps_the_product(facts: Facts) -> None:
    found = facts(
        "Which systems do you use?\n\nOur Early Help portal, which is built on the "
        "Liquidlogic EHM product, went live in 2019.\n"
    )
    assert {fact.system for fact in found.systems} == {"Liquidlogic EHM"}
