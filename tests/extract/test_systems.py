"""System facts on invented responses: what counts as a fact and which attributes it gets."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from foi_extract.extract import FactSet

Facts = Callable[..., FactSet]


def _by_name(found: FactSet) -> dict[str | None, object]:
    return {fact.system: fact for fact in found.systems}


def test_systems_named_only_in_the_question_are_not_facts(facts: Facts) -> None:
    found = facts(
        "1. Do you use Mosaic, LCS or Eclipse for case management?\n\n"
        "We use CareFirst for all adult social care case recording.\n"
    )
    assert [fact.system for fact in found.systems] == ["CareFirst"]


def test_a_mosaic_of_services_is_not_a_system(facts: Facts) -> None:
    found = facts("We commission a mosaic of services. The Mosaic Centre is a day service.\n")
    assert found.systems == []


def test_a_common_word_name_followed_by_its_maker_is_the_product(facts: Facts) -> None:
    # no software word: the maker named as its source says which Mosaic this is
    found = facts(
        "In December 2019 the Cabinet approved the procurement of Mosaic from Servelec as the "
        "successor to Frameworki.\n"
    )
    assert {f.system: f.status for f in found.systems} == {
        "Mosaic": "planned",
        "Frameworki": "current",
    }
    # its maker in brackets or after a dash, as a numbered answer gives it
    for answer in ("1. Mosaic (Servelec).\n", "1. Mosaic – The Access Group.\n"):
        assert [f.system for f in facts(answer).systems] == ["Mosaic"]
    # a maker named elsewhere in the sentence is no such source
    assert (
        facts("Three bids came in, including Mosaic, shown to the panel by Servelec.\n").systems
        == []
    )


def test_several_systems_and_suppliers_in_one_sentence(facts: Facts) -> None:
    found = _by_name(
        facts(
            "Our systems are CareDirector supplied by CareWorks, ContrOCC from Oxford Computer "
            "Consultants, and TPP SystmOne.\n"
        )
    )
    assert found["CareDirector"].supplier == "CareWorks"
    assert found["ContrOCC"].supplier == "Oxford Computer Consultants"
    assert found["SystmOne"].supplier == "TPP"  # "TPP SystmOne": the name says who makes it
    assert found["SystmOne"].gazetteer_supplier == "TPP"


def test_supplier_in_the_product_name_counts(facts: Facts) -> None:
    found = _by_name(facts("Children's services use the Liquidlogic Children's System.\n"))
    assert found["Liquidlogic LCS"].supplier == "Liquidlogic"


@pytest.mark.parametrize(
    ("sentence", "role", "value"),
    [
        ("We have used Mosaic since December 2013.", "in_use_since", "2013-12"),
        ("The Mosaic contract expires on 31/03/2027.", "contract_end", "2027-03-31"),
        ("The Mosaic system contract ends in March 2028.", "contract_end", "2028-03"),
        ("The Mosaic contract was awarded in 2019.", "contract_start", "2019"),
    ],
)
def test_dates_take_their_role_from_the_sentence(
    facts: Facts, sentence: str, role: str, value: str
) -> None:
    (fact,) = facts(sentence + "\n").systems
    assert getattr(fact, role) == value


def test_a_year_range_is_contract_start_and_end(facts: Facts) -> None:
    (fact,) = facts("Our Mosaic system contract runs 2019 to 2024.\n").systems
    assert (fact.contract_start, fact.contract_end) == ("2019", "2024")


def test_a_bare_date_takes_its_role_from_the_question(facts: Facts) -> None:
    (fact,) = facts(
        "1. Which system do you use?\n\nWe use CareFirst.\n\n"
        "2. When does the current contract expire?\n\n30 September 2026.\n"
    ).systems
    assert fact.contract_end == "2026-09-30"
    (evidence,) = [e for e in fact.field_evidence if e.field == "contract_end"]
    assert (evidence.extractor, evidence.source) == (
        "dates.question_roles.contract_end@1",
        "cross_reference",
    )
    assert evidence.sentence == "30 September 2026."


@pytest.mark.parametrize(
    ("sentence", "hosting"),
    [
        ("Mosaic is hosted by the supplier.", "supplier"),
        ("Mosaic is hosted on premise in our data centre.", "council"),
        ("Mosaic runs in Microsoft Azure.", "cloud"),
        ("Mosaic is a SaaS product.", "cloud"),
        ("Mosaic is hosted by our ICT partner.", "third_party"),
        ("Mosaic uses a hybrid model.", "hybrid"),
        ("The Mosaic module is cloud hosted by its supplier.", "supplier"),
        # G-Cloud is a buying framework, not a place
        ("Mosaic was bought through the G-Cloud 13 framework.", None),
        ("System: Mosaic | Hosted: By the supplier (cloud) | Went live: July 2018", "supplier"),
        ("System: Mosaic | Hosting: KCC data centre | Go-live: Nov 2014", "council"),  # by acronym
        # what it moved off is no hosting now
        ("Mosaic moved off the Council's own servers onto Servelec's hosted platform.", "supplier"),
        ("Mosaic is a hosted product.", "supplier"),
        ("Eclipse is delivered to the Council as a cloud service by OLM.", "supplier"),
        # the host as the subject of "hosts"
        ("Adults use Mosaic, supplied by Servelec, who also host it.", "supplier"),
        ("Adults use Mosaic. The supplier hosts it.", "supplier"),
        ("Adults use Mosaic. Agilisys hosts the system on our behalf.", "third_party"),
        ("Adults use Mosaic. The Council hosts the system.", None),
        # a Hosting cell in the council's words
        ("System: Mosaic | Hosting: Orbis data centre (council-run)", "council"),
        ("System: Mosaic | Hosting: Royal Borough data centre, Woolwich Centre", "council"),
        # a move only planned, or ruled out, is no hosting now
        ("Adults use Mosaic. There are no plans to move it to the cloud.", None),
        ("Adults use Mosaic. The Council is considering a move to Azure.", None),
        # a relative clause about another organisation hosts that organisation, not the system
        (
            "Adoption work is shared with Adoption Riverside, which is hosted by Northtown "
            "Council for four councils, and its staff also use Mosaic.",
            None,
        ),
        # ... while one about the system, or the acronym that stands for it, hosts the system
        ("Adults use Mosaic, which is hosted by Servelec.", "supplier"),
        (
            "Adults use the Liquidlogic Adults' System (LAS), which is hosted by Liquidlogic.",
            "supplier",
        ),
    ],
)
def test_hosting_said_many_ways(facts: Facts, sentence: str, hosting: str) -> None:
    (fact,) = facts(sentence + "\n").systems
    assert fact.hosting == hosting


def test_service_area_sections_give_each_fact_its_area(facts: Facts) -> None:
    found = facts(
        "**Name of system and supplier**\n\n"
        "*Children's Social Care response:*\n\n*Liquidlogic LCS*\n\n"
        "*Adult's Social Care response:*\n\n*Liquidlogic LAS*\n\n"
        "**How is the system hosted?**\n\n"
        "*Adult's Social Care response:*\n\n*The system is hosted by the supplier.*\n",
        "reply.md",
    )
    areas = {fact.system: (fact.service_area, fact.hosting) for fact in found.systems}
    assert areas == {
        "Liquidlogic LCS": ("children", None),
        "Liquidlogic LAS": ("adults", "supplier"),
    }


def test_an_area_the_sentence_names_outranks_its_sections(facts: Facts) -> None:
    found = facts(
        "**Name of system and supplier**\n\n"
        "*Children's Social Care response:*\n\n*Liquidlogic LCS*\n\n"
        "Previous system: before June 2022 adult social care used CareFirst.\n",
        "reply.md",
    )
    areas = {fact.system: fact.service_area for fact in found.systems}
    assert areas == {"Liquidlogic LCS": "children", "CareFirst": "adults"}


@pytest.mark.parametrize(
    "replacement",
    [
        "Mosaic went live in November 2019, replacing SWIFT.",
        "It went live in 2019. It replaced SWIFT.",
    ],
)
def test_a_replaced_system_with_no_area_served_its_replacers(
    facts: Facts, replacement: str
) -> None:
    found = facts(
        "Which system do you use?\n\nBoth adult and children's social care use Mosaic.\n"
        f"{replacement}\n",
    )
    areas = {fact.system: fact.service_area for fact in found.systems}
    assert areas == {"Mosaic": "both", "SWIFT": "both"}


def test_a_table_row_gives_supplier_hosting_and_dates(facts: Facts) -> None:
    found = facts(
        "| System | Supplier | Hosting | Contract start | Contract end |\n"
        "|---|---|---|---|---|\n"
        "| CareFirst | OLM Systems | On premise | 01/04/2015 | 31/03/2027 |\n",
        "register.md",
    )
    (fact,) = found.systems
    assert (fact.supplier, fact.hosting) == ("OLM Systems", "council")
    assert (fact.contract_start, fact.contract_end) == ("2015-04-01", "2027-03-31")


def test_quoted_earlier_email_is_not_a_fact(facts: Facts) -> None:
    found = facts(
        "From: FOI Team <foi@leeds.gov.uk>\nTo: requester@example.org\nSubject: FOI 1234\n"
        "Date: Tue, 5 Mar 2024 10:00:00 +0000\n\n"
        "We use Liquidlogic LCS for children's social care.\n\n"
        "On 1 Mar 2024, requester wrote:\n> Do you use Mosaic or Eclipse software?\n",
        "reply.eml",
    )
    assert [fact.system for fact in found.systems] == ["Liquidlogic LCS"]


def test_a_contract_end_before_its_start_is_dropped_with_a_warning(facts: Facts) -> None:
    (fact,) = facts("Our Mosaic system contract runs 2024 to 2019.\n").systems
    assert (fact.contract_start, fact.contract_end) == ("2024", None)
    assert facts("Our Mosaic system contract runs 2024 to 2019.\n").warnings == [
        "Mosaic: contract_end dropped, it was before the contract start"
    ]


def test_all_three_speaks_of_every_system_the_answer_named(facts: Facts) -> None:
    found = facts(
        "Q1. Which systems do you use?\n\nThe Council uses Liquidlogic LCS, LAS and EHM.\n\n"
        "Q2. How are the systems hosted?\n\nAll three are hosted by the supplier.\n"
    )
    assert [fact.hosting for fact in found.systems] == ["supplier"] * 3


def test_all_five_reaches_past_the_two_its_answer_named(facts: Facts) -> None:
    found = facts(
        "1. Which systems do you use?\n\nWe use Liquidlogic LCS, LAS and EHM.\n\n"
        "2. What else do you use, and who hosts the systems?\n\nContrOCC handles charging. "
        "Synergy holds SEND records. All five systems are hosted by their respective "
        "suppliers.\n"
    )
    assert [fact.hosting for fact in found.systems] == ["supplier"] * 5


def test_a_cross_referenced_end_gives_way_to_a_direct_start(facts: Facts) -> None:
    (fact,) = facts(
        "1. Which system do you use?\n\nWe use Mosaic.\n\n"
        "2. When does the contract end?\n\n31 March 2020.\n\n"
        "3. Any changes?\n\nThe Mosaic contract commenced on 1 April 2022.\n"
    ).systems
    assert (fact.contract_start, fact.contract_end) == ("2022-04-01", None)


@pytest.mark.parametrize(
    ("sentence", "statuses"),
    [
        (
            "We are moving from CareFirst to Mosaic in 2025.",
            {"CareFirst": "current", "Mosaic": "planned"},
        ),
        (
            "We previously used Frameworki but replaced it with Mosaic.",
            {"Frameworki": "previous", "Mosaic": "current"},
        ),
        (
            "We moved from CareFirst to Eclipse in 2021.",
            {"CareFirst": "previous", "Eclipse": "current"},
        ),
        (
            "The Mosaic system, which will be replaced in 2026, holds adult records.",
            {"Mosaic": "current"},
        ),
        (
            "The preferred bidder was OLM Systems, offering its Eclipse product. Data would be "
            "migrated from CareDirector during the implementation.",
            {"Eclipse": "planned", "CareDirector": "current"},
        ),
        (
            "Name of system: Mosaic\nPrevious system: Frameworki",
            {"Mosaic": "current", "Frameworki": "previous"},
        ),
        (
            "Mosaic went live in September 2017, when it took over from CareFirst.",
            {"Mosaic": "current", "CareFirst": "previous"},
        ),
        # the new system named first, the old one after "from"; "until then it used"
        (
            "Powys moved to WCCIS in 2016 from SWIFT, the system it had used before then.",
            {"WCCIS": "current", "SWIFT": "previous"},
        ),
        (
            "Children's social care moved to Eclipse in 2023; until then it used Capita ICS.",
            {"Eclipse": "current", "Capita ICS": "previous"},
        ),
        # what moved named between the verb and "from"
        (
            "The council moved its adult social care case recording from CareFirst to "
            "Liquidlogic LAS in April 2022.",
            {"CareFirst": "previous", "Liquidlogic LAS": "current"},
        ),
        # a move planned with what moves named between, or a long list of services
        (
            "A business case to move this work to ContrOCC is being prepared.",
            {"ContrOCC": "planned"},
        ),
        (
            "The council plans to move both Adult and Community Services and Children and Young "
            "People's Services to Mosaic from April 2026.",
            {"Mosaic": "planned"},
        ),
        # a system the coming one must integrate with is in use
        (
            "The replacement system must integrate with ContrOCC.",
            {"ContrOCC": "current"},
        ),
        # an option preferred or set out, not yet taken
        (
            "Following an options appraisal the HSCP's preferred option is OLM's Eclipse product.",
            {"Eclipse": "planned"},
        ),
        (
            "The options were (i) remain as we are; (ii) a direct award through G-Cloud to OLM "
            "Systems for its Eclipse product.",
            {"Eclipse": "planned"},
        ),
    ],
)
def test_status_from_the_words_around_a_name(
    facts: Facts, sentence: str, statuses: dict[str, str]
) -> None:
    found = {fact.system: fact.status for fact in facts(sentence + "\n").systems}
    assert found == statuses


@pytest.mark.parametrize(
    ("sentence", "end", "extended"),
    [
        (
            "The Eclipse system contract runs until 31 March 2025 with the option to extend "
            "for two years.",
            "2025-03-31",
            "2027-03-31",
        ),
        ("The Mosaic system contract ends in 2026 (+1+1).", "2026", "2028"),
        (
            "The Mosaic contract expires in March 2026, with an optional 12 month extension.",
            "2026-03",
            "2027-03",
        ),
    ],
)
def test_extension_options_give_extension_until(
    facts: Facts, sentence: str, end: str, extended: str
) -> None:
    (fact,) = facts(sentence + "\n").systems
    assert (fact.contract_end, fact.extension_until) == (end, extended)


@pytest.mark.parametrize(
    ("sentence", "system", "extractor"),
    [
        ("We use Contr OCC for finance payments.", "ContrOCC", "fuzzy.spacing@1"),
        ("Adult social care uses the Mosiac system.", "Mosaic", "fuzzy.spelling@1"),
        ("Our case management system is CareFrist.", "CareFirst", "fuzzy.spelling@1"),
    ],
)
def test_misspelt_and_spaced_names_are_found(
    facts: Facts, sentence: str, system: str, extractor: str
) -> None:
    (fact,) = facts(sentence + "\n").systems
    assert (fact.system, fact.extractor) == (system, extractor)
    assert fact.confidence < 0.9


@pytest.mark.parametrize(
    "sentence",
    [
        "We commission a mosaic of services in Paris for one team.",
        "Eclipse House is where our software team works.",
        "The Mosaics Centre runs a day service.",
    ],
)
def test_ordinary_words_are_not_systems(facts: Facts, sentence: str) -> None:
    assert facts(sentence + "\n").systems == []


def test_a_name_in_a_list_of_companies_is_a_company(facts: Facts) -> None:
    # a bidder list answering a tender question: SAP stands alone among legal names
    bidders = (
        "Bidders for the finance software: Northgate Systems Ltd, Quillon Limited, "
        "Brava, SA, SAP, Tesserae Plc and Orvel Solutions UK Ltd.\n"
    )
    assert facts(bidders).systems == []
    # the same name as a product in a clause that names companies is still a system
    used = "Finance software: we use SAP, supplied by SAP UK Ltd and hosted by Capita Plc.\n"
    assert [fact.system for fact in facts(used).systems] == ["SAP"]


@pytest.mark.parametrize(
    ("sentence", "role", "value"),
    [
        ("The Mosaic contract ends in 2024/25.", "contract_end", "2025-03-31"),
        ("We have used Mosaic since 2019/20.", "in_use_since", "2019-04-01"),
        ("The Mosaic contract expires on March 31, 2027.", "contract_end", "2027-03-31"),
        ("The Mosaic contract expires Mar-27.", "contract_end", "2027-03"),
        ("The Mosaic contract expires on 31st of March 2027.", "contract_end", "2027-03-31"),
        # ISO's year and month, which no financial year ("2016-17") is
        ("System: Mosaic | In use since: 2016-09", "in_use_since", "2016-09"),
        ("We have used Mosaic since 2011-12.", "in_use_since", "2011-04-01"),
    ],
)
def test_financial_years_and_other_date_forms(
    facts: Facts, sentence: str, role: str, value: str
) -> None:
    (fact,) = facts(sentence + "\n").systems
    assert getattr(fact, role) == value


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The Mosaic contract expires next year.", "2025"),
        ("The Mosaic contract expires at the end of this financial year.", "2025-03-31"),
        ("The Mosaic contract expires in March next year.", "2025-03"),
    ],
)
def test_relative_dates_are_read_against_the_response_date(
    facts: Facts, sentence: str, value: str
) -> None:
    (fact,) = facts(f"Date: 12 June 2024\n\n{sentence}\n").systems
    assert fact.contract_end == value


def test_a_relative_date_without_a_response_date_is_left_null(facts: Facts) -> None:
    (fact,) = facts("The Mosaic contract expires next year.\n").systems
    assert fact.contract_end is None


def test_a_range_of_financial_years_starts_and_ends_with_them(facts: Facts) -> None:
    (fact,) = facts("The Mosaic contract runs from 2019/20 to 2023/24.\n").systems
    assert (fact.contract_start, fact.contract_end) == ("2019-04-01", "2024-03-31")


def test_a_table_rows_cells_speak_of_the_system_in_its_system_column(facts: Facts) -> None:
    table = (
        "| System | Purpose | Go-live | Contract end |\n"
        "|---|---|---|---|\n"
        "| LAS | Adults' case management | Sep-19 | Mar-27 |\n"
        "| CareFirst | Case management (replaced by LAS) | 2002 | Decommissioned Sep-19 |\n"
    )
    found = {fact.system: fact for fact in facts(table, "systems.md").systems}
    las, carefirst = found["Liquidlogic LAS"], found["CareFirst"]
    assert (las.status, las.in_use_since, las.contract_end) == ("current", "2019-09", "2027-03")
    assert (carefirst.status, carefirst.in_use_since) == ("previous", "2002")


def test_a_record_run_by_the_nhs_is_not_the_councils(facts: Facts) -> None:
    found = facts(
        "Social workers use Mosaic. They can view hospital data in SystmOne, which is run by "
        "Ashby Teaching Hospitals NHS Trust.\n"
    )
    assert [fact.system for fact in found.systems] == ["Mosaic"]


@pytest.mark.parametrize(
    "said",
    [
        "The Liquidlogic product, now supplied by System C, is held under one contract.",
        "It moved to the supplier's hosting in 2023 and is now supplied and hosted by System C.",
        "It is hosted by the supplier, System C, rather than on our own servers.",
    ],
)
def test_a_later_sentence_says_who_supplies_it_now(facts: Facts, said: str) -> None:
    (fact,) = facts(f"Children's social care uses Liquidlogic LCS.\n{said}\n").systems
    assert fact.supplier == "System C"


def test_a_named_host_that_is_no_supplier_is_a_third_party(facts: Facts) -> None:
    hosted = "Adults and children use WCCIS. It is hosted nationally by Ashby Digital Health.\n"
    assert [(f.system, f.hosting) for f in facts(hosted).systems] == [("WCCIS", "third_party")]
    managed = "Adults and children use WCCIS under an agreement managed by Ashby Digital Health.\n"
    assert [(f.system, f.hosting) for f in facts(managed).systems] == [("WCCIS", None)]


@pytest.mark.parametrize(
    ("host", "rule"),
    [
        ("Greyfriars", "resolve.hosted_by_its_supplier@1"),
        ("Greyfriars Health Tech", "hosting.hosted_by_known_supplier@1"),  # its full name
        ("Ashby Digital Health", "hosting.named_host@1"),
    ],
)
def test_a_host_named_by_the_start_of_the_suppliers_name_is_the_supplier(
    facts: Facts, host: str, rule: str
) -> None:
    (fact,) = facts(
        "Adult occupational therapists use EquipAssist, a tool for equipment assessments, from "
        "Greyfriars Health Tech Ltd, and it is provided as a software-as-a-service product "
        f"hosted by {host}.\n"
    ).systems
    hosting = "third_party" if host.startswith("Ashby") else "supplier"
    assert (fact.system, fact.supplier, fact.hosting) == (
        "EquipAssist",
        "Greyfriars Health Tech",
        hosting,
    )
    assert {e.field: e.extractor for e in fact.field_evidence}["hosting"] == rule
    assert fact.host_organisation == (host if hosting == "third_party" else None)


def test_a_relative_clause_says_where_the_council_gets_it(facts: Facts) -> None:
    (fact,) = facts(
        "Adults record casework in CareFirst, which the Council obtains from OLM Systems.\n"
    ).systems
    assert fact.supplier == "OLM Systems"


@pytest.mark.parametrize(
    ("text", "supplier"),
    [
        (  # the subject of "host"
            "Teams plan rotas in RotaHarbour, supplied by Penwithick Software Ltd. Penwithick "
            "host the application and staff reach it over the internet.",
            "Penwithick Software",
        ),
        (  # its own cloud
            "System: Lumenford Family Support | Supplier: Meridale Software | Hosting: Meridale "
            "cloud | Go-live: Sep 2022",
            "Meridale Software",
        ),
    ],
)
def test_an_unlisted_supplier_hosting_it_by_its_short_name_is_the_supplier(
    facts: Facts, text: str, supplier: str
) -> None:
    (fact,) = facts(text + "\n").systems
    assert (fact.supplier, fact.hosting) == (supplier, "supplier")


def test_the_other_party_of_a_contract_for_a_product_supplies_it(facts: Facts) -> None:
    (fact,) = facts(
        "Ashby Council and Careworks Limited agreed contract terms for the provision of "
        "CareDirector software and services on 1 May 2015.\n"
    ).systems
    assert (fact.system, fact.supplier) == ("CareDirector", "CareWorks")


def test_a_sideways_html_table_gives_each_product_its_own_facts() -> None:
    from foi_extract.extract import extract_facts
    from foi_extract.ingest import ingest_bytes

    html = (
        "<h2>Response</h2><table>"
        "<tr><th>System</th><th>Mosaic</th><th>Kestrel Pay</th></tr>"
        "<tr><th>Supplier</th><td>Servelec</td><td>Kestrel Data Ltd</td></tr>"
        "<tr><th>Go-live</th><td>April 2016</td><td>September 2020</td></tr>"
        "<tr><th>Contract end</th><td>31 March 2027</td><td>31 May 2025</td></tr></table>"
    )
    (document,) = ingest_bytes(html.encode(), "page.html")
    facts = {fact.system: fact for fact in extract_facts(document).systems}
    assert set(facts) == {"Mosaic", "Kestrel Pay"}
    assert (facts["Mosaic"].in_use_since, facts["Mosaic"].contract_end) == ("2016-04", "2027-03-31")
    assert facts["Kestrel Pay"].contract_end == "2025-05-31"


def test_a_possessive_supplier_prefix_spells_the_product() -> None:
    """ "Capita's ICS" is the gazetteer's Capita ICS (a written variant, like "Liquid Logic")."""
    from foi_extract.link.gazetteer import load_gazetteer

    names = {alias.text: alias.canonical for alias in load_gazetteer().aliases}
    assert names["Capita's ICS"] == names["Capita’s ICS"] == "Capita ICS"


def test_a_places_own_name_is_no_misspelt_product() -> None:
    from foi_extract.extract import extract_facts
    from foi_extract.ingest import ingest_bytes

    text = (
        "1. Which systems do you use?\n\nDorset Care Directory, our online directory of care "
        "services, runs on OCC MarketPlace.\n"
    )
    (document,) = ingest_bytes(text.encode(), "reply.txt")
    assert {fact.system for fact in extract_facts(document).systems} == {"OCC MarketPlace"}


@pytest.mark.parametrize(
    ("sentence", "area", "rule"),
    [
        # the service a sentence names belongs to one area when no area is named
        ("Home care visits are planned in ContrOCC.", "adults", "areas.service@1"),
        ("Client contributions and provider payments are handled in ContrOCC.", "adults",
         "areas.service@1"),
        ("Fostering enquiries and panel dates are managed in CareFirst.", "children",
         "areas.service@1"),
        ("The kinship team and the reablement service both record their work in Mosaic.", "both",
         "areas.service@1"),
        # the area words themselves still win over a service's
        ("Children's services record home care packages for disabled children in Mosaic.",
         "children", "areas.sentence@1"),
        # a service of both areas, with no service of one area beside it
        ("The Council's social work case management system is CareFirst.", "both",
         "areas.service@1"),
        ("Social services use WCCIS.", "both", "areas.service@1"),
        ("Justice social work records its cases in CareFirst.", "adults", "areas.service@1"),
        # a service no area owns says nothing
        ("Assessments and reviews are recorded in CareFirst.", None, None),
    ],
)  # fmt: skip
def test_a_service_of_one_area_gives_a_fact_with_no_other_area_its_area(
    facts: Facts, sentence: str, area: str | None, rule: str | None
) -> None:
    (fact,) = facts(sentence + "\n").systems
    assert fact.service_area == area
    read = [e.extractor for e in fact.field_evidence if e.field == "service_area"]
    assert read == ([rule] if rule else [])


def test_a_service_never_splits_a_fact_whose_area_is_known_elsewhere(facts: Facts) -> None:
    """The service evidence only fills a fact that has no area: a system the answer gives an
    area stays one fact, with that area."""
    found = facts(
        "Adult social care uses Mosaic, hosted by the supplier.\n\n"
        "Our reablement service also uses Mosaic to schedule visits.\n\n"
        "Mosaic went live in May 2017.\n"
    )
    (fact,) = found.systems
    assert (fact.service_area, fact.hosting, fact.in_use_since) == ("adults", "supplier", "2017-05")


@pytest.mark.parametrize(
    ("value", "area"),
    [("Both", "both"), ("All ages", "both"), ("Adults", "adults"), ("Lead", None)],
)
def test_a_records_service_area_field_reading_both_gives_both(
    facts: Facts, value: str, area: str | None
) -> None:
    record = f"System: Mosaic | Supplier: Servelec | Service area: {value} - case records\n"
    (fact,) = facts(record).systems
    assert fact.service_area == area


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "System / System: Abacus | Cyflenwr / Supplier: Trojan | "
            "Maes gwasanaeth / Service area: Oedolion / Adults\n",
            "reply.txt",
        ),
        (
            "| System | Cyflenwr / Supplier | Maes gwasanaeth / Service area |\n|---|---|---|\n"
            "| Abacus | Trojan | Oedolion / Adults |\n",
            "register.md",
        ),
    ],
)
def test_bilingual_labels_give_the_supplier_and_area(facts: Facts, text: str, name: str) -> None:
    (fact,) = facts(text, name).systems
    assert (fact.supplier, fact.service_area) == ("Trojan", "adults")


def test_a_title_naming_an_area_fills_the_facts_that_have_none(facts: Facts) -> None:
    """A disclosure-log title before any question ("Adult social care systems and providers")
    gives its area to a system no answer gives one; an answer's own area still wins."""
    found = facts(
        "Adult social care systems and providers\n\n"
        "1. Which system is used as the main client index?\n\nOLM CareFirst\n\n"
        "2. Which system do children's services use?\n\nChildren's services use Mosaic.\n"
    )
    areas = {fact.system: fact.service_area for fact in found.systems}
    assert areas == {"CareFirst": "adults", "Mosaic": "children"}
    (carefirst,) = [fact for fact in found.systems if fact.system == "CareFirst"]
    read = [e.extractor for e in carefirst.field_evidence if e.field == "service_area"]
    assert read == ["areas.title@1"]


def test_field_labels_under_a_contract_question_speak_of_the_system_in_play(
    facts: Facts,
) -> None:
    # "Start:" and "End:" head fields, as a table's columns would: not names of other systems
    found = facts(
        "What case management system do you use?\n\nThe Council uses Mosaic, supplied by "
        "Servelec.\n\nContract details (start, end, any extensions)\n\nStart: 1 May 2021\n"
        "End: 30 April 2026\n"
    )
    fact = _by_name(found)["Mosaic"]
    assert (fact.contract_start, fact.contract_end) == ("2021-05-01", "2026-04-30")  # type: ignore[attr-defined]


def test_a_line_labelled_with_another_name_is_not_the_system_in_play(facts: Facts) -> None:
    # "AIS" is a name, though it opens with the letter of the answer label "A"
    found = facts(
        "Which system do you use?\n\nWe use Mosaic.\n\nWhen did it go live?\n\nAIS: since 2009.\n"
    )
    assert _by_name(found)["Mosaic"].in_use_since is None  # type: ignore[attr-defined]


DECISION_RECORD = (
    "# Record of Executive Decision\n\n## 1. Background\n\nCase workers record their work in "
    "CareFirst, which is hosted on the Council's own servers.\n\n## 2. Decision\n\nTo award a "
    "contract to Northgate Public Services for the provision of Eclipse.\n\nThe contract will "
    "run from 1 June 2025 to 31 May 2030.\n\n## 3. Reasons\n\nThe platform is out of support.\n"
)


def test_paragraphs_under_one_heading_are_one_answer(facts: Facts) -> None:
    # the contract sentence of the Decision section speaks of what that section awards, not of
    # the system the report opened with
    found = _by_name(facts(DECISION_RECORD, "decision.md"))
    eclipse, carefirst = found["Eclipse"], found["CareFirst"]
    assert (eclipse.contract_start, eclipse.contract_end) == ("2025-06-01", "2030-05-31")  # type: ignore[attr-defined]
    assert (carefirst.contract_start, carefirst.contract_end) == (None, None)  # type: ignore[attr-defined]


def test_a_decision_to_extend_sets_the_end_in_force(facts: Facts) -> None:
    found = facts(
        "Record of Officer Decision\n\n1. Background\n\nCase records are held in Mosaic. The "
        "current contract commenced on 1 April 2019 for an initial term of five years, ending "
        "on 31 March 2024.\n\n2. Decision\n\nTo extend the contract with Servelec for two "
        "years, so that it ends on 31 March 2026.\n"
    )
    fact = _by_name(found)["Mosaic"]
    assert (fact.contract_start, fact.contract_end) == ("2019-04-01", "2026-03-31")  # type: ignore[attr-defined]


@pytest.mark.parametrize("verb", ["is", "is also", "was"])
def test_a_later_sentence_calling_it_a_makers_product_gives_the_supplier(
    facts: Facts, verb: str
) -> None:
    (fact,) = facts(
        f"Adult teams record cases in CareFirst. CareFirst {verb} an OLM product.\n"
    ).systems
    assert fact.supplier == "OLM Systems"


EXTENSION_DECISION = (
    "# Record of Officer Decision\n\n## Background\n\nSocial workers record their work in "
    "Liquidlogic LCS for children and Liquidlogic LAS for adults.\n\nThe contract was let for "
    "the period 1 April 2016 to 31 March 2024, with provision for extension of up to three "
    "years in total.\n\n## Decision\n\nTo exercise the option to extend the contract for 24 "
    "months, so that it will now expire on 31 March 2026.\n"
)


def test_the_contract_of_a_later_section_is_the_one_in_play(facts: Facts) -> None:
    # "the contract" of the Decision speaks of every system the last contract sentence did
    found = facts(EXTENSION_DECISION, "decision.md").systems
    assert {f.system: f.contract_end for f in found} == {
        "Liquidlogic LCS": "2026-03-31",
        "Liquidlogic LAS": "2026-03-31",
    }


def test_an_option_counts_from_the_end_it_was_stated_with(facts: Facts) -> None:
    # three years in total from 2024, of which two were taken: the option runs to 2027
    found = facts(EXTENSION_DECISION, "decision.md").systems
    assert {f.extension_until for f in found} == {"2027-03-31"}


@pytest.mark.parametrize(
    ("line", "area"),
    [
        ("Application: ContrOCC | Supplier: OCC | Area: Both | Use: Care finance", "both"),
        ("System: ContrOCC | Supplier: OCC | Used by: Adults and CYP (finance)", "both"),
        ("System: ContrOCC | Area: North | Use: Care finance", None),  # a place is no service
    ],
)
def test_a_records_area_field_states_its_area(line: str, area: str | None) -> None:
    from foi_extract.extract.areas import row_area

    assert row_area(line, []) == area
