"""Each reader called directly on one sentence: what it finds and which rule found it.

Readers only find; they never decide between findings (tests/extract/test_resolver.py).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from foi_extract.extract.cells import HeadedValue
from foi_extract.extract.dates import Extension, dates_with_roles, extension_in
from foi_extract.extract.hosting import host_organisations, hosting_phrases
from foi_extract.extract.mentions import Mention
from foi_extract.extract.phrases import purposes_in
from foi_extract.extract.scopes import modifier_of, status_of
from foi_extract.extract.suppliers import link_suppliers, states_a_supplier
from foi_extract.rules import hosting_rules


def mention(text: str, name: str, label: str = "SYSTEM") -> Mention:
    start = text.rindex(name)
    return Mention.of(start, start + len(name), name, name, label, "test@1", 1.0)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Mosaic is hosted on premises.", [("council", "hosting.council_premises@6")]),
        ("It is a SaaS product.", [("cloud", "hosting.cloud@3")]),
        (
            "Hosted by our ICT partner in its data centre.",
            [("third_party", "hosting.third_party_host@3")],
        ),
        ("It is not on our own servers.", []),
        # a Hosting field whose value is the supplier, beside the way it is sold
        (
            "System: EquipAssist | Hosting: Supplier (SaaS)",
            [("supplier", "hosting.supplier_hosted@10"), ("cloud", "hosting.cloud@3")],
        ),
    ],
)
def test_hosting_phrases_name_their_rule(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.value, f.rule_id) for f in hosting_phrases(sentence, [])] == expected


def test_hosted_by_a_known_supplier_is_supplier_hosting_whatever_else_matched() -> None:
    sentence = "ContrOCC is hosted by OCC."
    (found,) = hosting_phrases(sentence, [mention(sentence, "OCC", "SUPPLIER")])
    assert (found.value, found.rule_id) == ("supplier", "hosting.hosted_by_known_supplier@1")


def test_every_hosting_phrase_of_a_sentence_is_a_finding_with_its_rule_rank() -> None:
    found = hosting_phrases("Hosted in the cloud; the database is on premises.", [])
    order = [rule.id for rule in hosting_rules().rule]  # a rank is its rule's place in the file
    assert [(f.value, f.rank) for f in found] == [
        ("cloud", order.index("cloud")),
        ("council", order.index("council_premises")),
    ]


def test_a_host_named_after_an_on_behalf_of_phrase_is_the_host() -> None:
    sentence = "It is hosted on behalf of all participating organisations by DHCW in Cardiff."
    (found,) = host_organisations(sentence, [])
    assert found.value == "DHCW"
    assert [h.value for h in hosting_phrases(sentence, [])] == ["third_party"]


def test_the_host_organisation_is_a_finding() -> None:
    (found,) = host_organisations("It is hosted by Agilisys, our ICT partner.", [])
    assert (found.field, found.value, found.rule_id) == (
        "host_organisation",
        "Agilisys",
        "hosting.organisation@1",
    )


ASKED_END = "When does the contract end?"


@pytest.mark.parametrize(
    ("sentence", "question", "expected"),
    [
        (
            "The contract expires on 31 March 2027.",
            None,
            [("contract_end", "2027-03-31", "dates.roles.contract_end@1")],
        ),
        (
            "Contract end: 31/03/2027 | Go-live: 2016",
            None,
            [
                ("contract_end", "2027-03-31", "dates.roles.contract_end@1"),
                ("in_use_since", "2016", "dates.roles.in_use_since@1"),
            ],
        ),
        (
            "30 September 2026.",
            "When does the contract expire?",
            [("contract_end", "2026-09-30", "dates.question_roles.contract_end@1")],
        ),
        (
            "The contract runs 01/04/2022 - 31/03/2027.",
            None,
            [
                ("contract_start", "2022-04-01", "dates.range@1"),
                ("contract_end", "2027-03-31", "dates.range@1"),
            ],
        ),
        ("CareFirst was switched off in 2016.", None, []),
        # where a system was hosted until a date, and what held until a date that opens the
        # sentence, end no contract, even under a question about contracts
        ("Mosaic was run from the council's data centre until 2022.", ASKED_END, []),
        ("Until March 2022 referrals were logged in Wyvern MASH.", ASKED_END, []),
        ("Mosaic is used until 31 March 2027.", ASKED_END,
         [("contract_end", "2027-03-31", "dates.roles.contract_end@1")]),
    ],
)  # fmt: skip
def test_date_roles_name_the_cue_that_gave_them(
    sentence: str, question: str | None, expected: list[tuple[str, str, str]]
) -> None:
    found = dates_with_roles(sentence, question)
    assert [(d.field, d.value, d.rule_id) for d in found] == expected


def test_a_dates_column_header_gives_its_role() -> None:
    row = "31/03/2027 | 2016 | contract renewal 2030"
    cells = [HeadedValue("Expiry date", 0, 10), HeadedValue("Go-live", 13, 17)]
    found = dates_with_roles(row, None, cells=cells)
    assert [(d.field, d.value, d.rule_id) for d in found] == [
        ("contract_end", "2027-03-31", "dates.column_roles.contract_end@1"),
        ("in_use_since", "2016", "dates.column_roles.in_use_since@1"),
        ("contract_end", "2030", "dates.roles.contract_end@1"),
    ]


def test_since_extended_to_supersedes_an_earlier_end() -> None:
    (found,) = dates_with_roles("The contract has since been extended to 31 March 2026.", None)
    assert (found.field, found.supersedes) == ("contract_end", True)


def test_an_extension_option_is_months_or_a_date() -> None:
    option = extension_in("It ends in March 2027 with the option to extend for two years.")
    assert option is not None
    assert (option.field, option.value, option.rule_id) == (
        "extension_option",
        "P24M",
        "dates.extension@1",
    )
    assert Extension.parse(option.value or "").applied_to("2027-03") == "2029-03"
    (until,) = [extension_in("It has an option to extend to 31/03/2025.")]
    assert until is not None and until.value == "2025-03-31"


@pytest.mark.parametrize(
    ("sentence", "name", "expected"),
    [
        ("We moved from CareFirst in 2019.", "CareFirst", ("previous", "status.moved_from@6")),
        ("We are moving to Mosaic.", "Mosaic", ("planned", "status.moving_to@9")),
        ("Abacus was switched off in March 2019.", "Abacus", ("previous", "status.was_replaced@6")),
        ("We currently use Mosaic.", "Mosaic", ("current", "status.currently_use@1")),
        ("Mosaic is our system.", "Mosaic", None),
        # a retirement still to come leaves it in use
        ("TCM would be retired once the move is complete.", "TCM", None),
        (
            "That CareDirector be decommissioned once data migration is signed off.",
            "CareDirector",
            None,
        ),
        # a cue reaches every item of a list, not past a name it does not list
        (
            "That go-live replaced Capita ICS on the children's side and CareFirst on the adults'.",
            "CareFirst",
            ("previous", "status.moved_from@6"),
        ),
        ("Eclipse replaced ICS for children, and LAS holds adult records.", "LAS", None),
        # the replacer named after "replaced ... by" is not replaced
        ("Frameworki was replaced in 2017 by Mosaic.", "Mosaic", None),
        ("Before 2019 we used CareFirst.", "CareFirst", ("previous", "status.before_a_year@1")),
        # a replacement denied or undecided is none
        ("No decision has been made about replacing CareFirst.", "CareFirst", None),
        ("There are no plans for replacing CareFirst.", "CareFirst", None),
        # ... but a year's end of hosting is no end of use
        ("Until 2021 LCS and LAS were hosted on premise.", "LAS", None),
        ("Until 2021 LCS was hosted on premise.", "LCS", None),
        (
            "The Council intends to move children's social care to Liquidlogic LCS.",
            "LCS",
            ("planned", "status.moving_to@9"),
        ),
        (
            "The Council chose OCC MarketPlace, which would replace lists.",
            "OCC MarketPlace",
            ("planned", "status.will_go_live@2"),
        ),
    ],
)
def test_status_cues_name_their_rule(
    sentence: str, name: str, expected: tuple[str, str] | None
) -> None:
    start = sentence.index(name)
    others = [
        (m.start(), m.end()) for m in re.finditer(r"\b(?:ICS|Capita ICS|LCS|Eclipse)\b", sentence)
    ]
    cue = status_of(sentence, start, start + len(name), others)
    assert ((cue.category, cue.rule_id) if cue else None) == expected


@pytest.mark.parametrize(
    ("sentence", "name", "expected"),
    [
        ("We do not use Mosaic.", "Mosaic", ("negated", "modifiers.we_do_not_use@2")),
        # an intention denied
        (
            "The Council has no plans to procure Azeus Care.",
            "Azeus Care",
            ("negated", "modifiers.we_do_not_use@2"),
        ),
        (
            "The Trust's clinical system, SystmOne, is separate.",
            "SystmOne",
            ("other_organisation", "modifiers.partner_system_before@4"),
        ),
        ("Systems (for example Mosaic or LCS).", "Mosaic", ("example", "modifiers.example@2")),
        # other councils, counted loosely, are other organisations
        (
            "I understand some councils use EHM for this.",
            "EHM",
            ("other_organisation", "modifiers.partner_system_before@4"),
        ),
        ("We use Mosaic.", "Mosaic", None),
    ],
)
def test_modifiers_name_their_rule(
    sentence: str, name: str, expected: tuple[str, str] | None
) -> None:
    start = sentence.index(name)
    cue = modifier_of(sentence, start, start + len(name))
    assert ((cue.category, cue.rule_id) if cue else None) == expected


def test_purposes_name_their_rule() -> None:
    found = purposes_in("ContrOCC is used for provider payments.")
    assert {(hit.value, hit.rule_id) for hit in found} == {("finance", "purposes.finance@1")}


@pytest.mark.parametrize(
    ("sentence", "supplier", "rule_id"),
    [
        ("Mosaic, supplied by Servelec.", "Servelec", "suppliers.after_system@1"),
        ("OLM's Eclipse is used.", "OLM", "suppliers.before_system@1"),
        ("Liquidlogic - LCS for children.", "Liquidlogic", "suppliers.heads_list@1"),
    ],
)
def test_supplier_links_name_their_rule(sentence: str, supplier: str, rule_id: str) -> None:
    system = next(name for name in ("Mosaic", "Eclipse", "LCS") if name in sentence)
    (link,) = link_suppliers(
        sentence, [mention(sentence, system)], [mention(sentence, supplier, "SUPPLIER")]
    )
    assert (link.system.name, link.finding.value, link.finding.rule_id) == (
        system,
        supplier,
        rule_id,
    )


def test_a_sentence_stating_a_supplier_names_how() -> None:
    assert states_a_supplier("The supplier is OLM.", None) == "suppliers.supplier_statements@1"
    assert states_a_supplier("OLM.", "Who supplies it?") == "suppliers.supplier_questions@1"
    assert states_a_supplier("OLM.", "When was it bought?") is None


def test_a_row_status_cell_speaks_of_the_name_that_opens_its_row_cell() -> None:
    from foi_extract.extract.status import row_status

    row = "CareFirst | Case management (replaced by LAS) | Decommissioned Sep-19"
    cells = [
        HeadedValue("System", 0, 9, row=6),
        HeadedValue("Purpose", 12, 45, row=6),
        HeadedValue("Contract end", 48, 68, row=6),
    ]
    assert row_status(row, cells, 0) == ("previous", "status.row_cell_retired@1")
    assert row_status(row, cells, row.index("LAS")) is None
    other_row = [*cells[:2], HeadedValue("Contract end", 48, 68, row=7)]
    assert row_status(row, other_row, 0) is None


def test_a_line_under_a_list_label_takes_the_labels_role() -> None:
    from foi_extract.extract.systems import list_label

    text = "3. Contract dates\n\nEnd dates:\nLCS: 31 March 2027.\nLAS: 30 June 2026.\n"
    line = text.index("LAS:")
    assert list_label(text, text.index("End dates"), line) == "End dates:"
    assert list_label(text, text.index("End dates"), text.index("End dates")) is None
    (found,) = dates_with_roles("LAS: 30 June 2026.", "Contract dates", label="End dates:")
    assert (found.field, found.value, found.rule_id) == (
        "contract_end",
        "2026-06-30",
        "dates.list_label.contract_end@1",
    )


def test_a_label_lines_own_keys_give_the_roles_before_the_question() -> None:
    found = dates_with_roles(
        "WCCIS - start: 1 April 2016; end: 31 March 2026; extension: none remaining.",
        "What are the contract end dates?",
    )
    assert [(f.field, f.value) for f in found] == [
        ("contract_start", "2016-04-01"),
        ("contract_end", "2026-03-31"),
    ]


def test_a_contract_awarded_to_a_company_in_a_month_is_no_end() -> None:
    (found,) = dates_with_roles(
        "The Council awarded a contract to OLM Systems in March 2024 for its Eclipse product.",
        "When does the contract end?",
    )
    assert (found.field, found.value) == ("contract_start", "2024-03")


def test_a_negated_end_dates_nothing() -> None:
    found = dates_with_roles(
        "The contract does not end this year: it was extended in 2021 and now ends on 31 March "
        "2025.",
        "When does the contract end?",
        today=date(2022, 5, 3),
    )
    assert [(f.field, f.value) for f in found] == [("contract_end", "2025-03-31")]


@pytest.mark.parametrize(
    ("sentence", "supplier"),
    [
        ("Mosaic, a product of The Access Group, is used by both services.", "The Access Group"),
        ("Adults use Mosaic, which we have used since 2014 under a contract with Servelec.",
         "Servelec"),
        ("A contract was awarded to OLM in June 2024 for its Eclipse system.", "OLM Systems"),
        ("A contract for its replacement, Eclipse, was signed with OLM Systems in July 2023.",
         "OLM Systems"),
    ],
)  # fmt: skip
def test_a_product_of_and_under_a_contract_with_name_the_supplier(
    sentence: str, supplier: str
) -> None:
    from foi_extract.extract import extract_facts
    from foi_extract.ingest import ingest_bytes

    (fact,) = extract_facts(ingest_bytes(f"{sentence}\n".encode(), "a.txt")[0]).systems
    assert fact.supplier == supplier


@pytest.mark.parametrize("opening", ["", "For the record, "])
def test_a_named_host_after_not_hosted_is_no_host(opening: str) -> None:
    # the negation is read at the word "hosted" wherever the sentence starts
    assert hosting_phrases(f"{opening}It is not hosted by Ashby Digital Health.", []) == []
    (found,) = hosting_phrases(f"{opening}It is hosted by Ashby Digital Health.", [])
    assert (found.value, found.rule_id) == ("third_party", "hosting.named_host@1")
