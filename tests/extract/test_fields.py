"""The attributes of a system fact, each read the way councils write it: supplier, service area,
hosting, status, dates and extensions, and which system a sentence speaks of."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from foi_extract.extract import FactSet

Facts = Callable[..., FactSet]
ASKED = "1. Which systems do you use?\n\n"


def _by_name(found: FactSet) -> dict[str | None, Any]:
    return {fact.system: fact for fact in found.systems}


@pytest.mark.parametrize(
    ("sentence", "system", "supplier"),
    [
        ("Children's social care is moving to OLM's Eclipse.", "Eclipse", "OLM Systems"),
        ("We awarded a contract to OLM Systems for its Eclipse product.", "Eclipse", "OLM Systems"),
        (
            "Adult social care uses Liquidlogic's Adults' System (LAS).",
            "Liquidlogic LAS",
            "Liquidlogic",
        ),
        ("Mosaic, supplied by Servelec (now The Access Group).", "Mosaic", "The Access Group"),
        ("Mosaic (Servelec, now part of The Access Group).", "Mosaic", "The Access Group"),
        ("CareDirector v6 from OneAdvanced (formerly CareWorks).", "CareDirector", "Advanced"),
        (
            "Liquid Logic Children's System (LCS), supplied by System C.",
            "Liquidlogic LCS",
            "System C",
        ),
        ("Our records are kept on OLM CareFirst.", "CareFirst", "OLM Systems"),
        ("Finance is on ContrOCC.", "ContrOCC", None),
        # the product's full name holds its maker, though the text writes it short
        ("Early help work is recorded in EHM.", "Liquidlogic EHM", "Liquidlogic"),
        # the maker in apposition, in brackets after "system", or supplied "to the Council"
        ("It replaced Paris, the Civica system used since 2006.", "Paris", "Civica"),
        ("It replaced our previous OLM system, CareFirst, in 2024.", "CareFirst", "OLM Systems"),
        (
            "The existing ContrOCC system (Oxford Computer Consultants) stays.",
            "ContrOCC",
            "Oxford Computer Consultants",
        ),
        ("We use Mosaic, which is supplied to the Council by Servelec.", "Mosaic", "Servelec"),
        # the party of an award or a contract for it, however the award is worded
        ("The Council has awarded OLM Systems a contract for Eclipse.", "Eclipse", "OLM Systems"),
        (
            "The report recommended award to OLM Systems Limited for its Eclipse system.",
            "Eclipse",
            "OLM Systems",
        ),
        (
            "We have signed a contract with OLM for its replacement product, Eclipse, which "
            "will replace CareFirst.",
            "Eclipse",
            "OLM Systems",
        ),
        (
            "To award a contract to OLM Systems Ltd for the supply, implementation and support "
            "of Eclipse.",
            "Eclipse",
            "OLM Systems",
        ),
        (
            "The Access Group has been identified as the preferred supplier for Mosaic.",
            "Mosaic",
            "The Access Group",
        ),
    ],
)
def test_the_supplier_the_text_ties_to_a_system(
    facts: Facts, sentence: str, system: str, supplier: str | None
) -> None:
    assert _by_name(facts(f"{ASKED}{sentence}\n"))[system].supplier == supplier


def test_a_supplier_heading_a_list_supplies_every_system_in_it(facts: Facts) -> None:
    found = _by_name(
        facts(f"{ASKED}Liquidlogic (part of System C) - LAS for adults, LCS for children.\n")
    )
    assert found["Liquidlogic LAS"].supplier == found["Liquidlogic LCS"].supplier == "Liquidlogic"


def test_a_table_supplier_column_supplies_its_row(facts: Facts) -> None:
    found = facts(
        "| Application | Directorate | Vendor | Where hosted |\n|---|---|---|---|\n"
        "| Mosaic | Adults | Servelec | Supplier's data centre |\n",
        "register.md",
    )
    (fact,) = found.systems
    assert (fact.supplier, fact.hosting) == ("Servelec", "supplier")


def test_a_register_row_without_a_system_column_dates_every_system_of_its_title(
    facts: Facts,
) -> None:
    found = facts(
        "| Contract ref | Contract title | Start date | Current end date |\n|---|---|---|---|\n"
        "| C-0413 | Children's case management (LCS) and Early Help Module | 01/04/2019 | "
        "31/03/2026 |\n",
        "register.md",
    )
    assert {(f.system, f.contract_start, f.contract_end) for f in found.systems} == {
        ("Liquidlogic LCS", "2019-04-01", "2026-03-31"),
        ("Liquidlogic EHM", "2019-04-01", "2026-03-31"),
    }


def test_a_supplier_named_alone_goes_only_to_a_system_it_could_make(facts: Facts) -> None:
    text = "1. Name of system?\n\nMosaic.\n\n2. Who supplies it?\n\n{}\n"
    assert _by_name(facts(text.format("Servelec.")))["Mosaic"].supplier == "Servelec"
    assert _by_name(facts(text.format("OLM Systems.")))["Mosaic"].supplier is None


@pytest.mark.parametrize(
    ("sentence", "areas"),
    [
        (
            "Before Mosaic, adult services used CareFirst and children's services used Capita ICS.",
            {"CareFirst": "adults", "Capita ICS": "children", "Mosaic": "both"},
        ),
        (
            "Adults and children's services both use Mosaic and ContrOCC.",
            {"Mosaic": "both", "ContrOCC": "both"},
        ),
        (
            "Adults' and children's services use LCS and LAS.",
            {"Liquidlogic LCS": "children", "Liquidlogic LAS": "adults"},
        ),
        # a product whose scope the gazetteer does not confirm has no nature: the text decides
        (
            "The Council uses SWIFT for both children's and adult social work.",
            {"SWIFT": "both"},
        ),
    ],
)
def test_each_system_gets_the_area_its_clause_or_nature_gives(
    facts: Facts, sentence: str, areas: dict[str, str | None]
) -> None:
    found = _by_name(facts(f"{ASKED}{sentence}\n"))
    assert {name: found[name].service_area for name in areas} == areas


@pytest.mark.parametrize(
    ("sentence", "hosting"),
    [
        ("Mosaic is hosted by our strategic ICT partner in its data centre.", "third_party"),
        ("Mosaic is hosted in a private cloud - supplier managed.", "supplier"),
        ("ContrOCC is hosted by OCC.", "supplier"),
        ("Mosaic is hosted by Westshire County Council under a shared service.", "third_party"),
        ("Mosaic is hosted by KCC.", "council"),
        ("Mosaic will be hosted in the supplier's AWS cloud, not on our own servers.", "supplier"),
        ("Mosaic was previously hosted on premises.", None),
        ("Mosaic was initially hosted in-house on Council servers.", None),
        # a named host outranks "cloud" only when it is said to host it: "cloud hosted and will
        # integrate with X" names no host
        ("Mosaic will be cloud hosted and will integrate with Westshire Records.", "cloud"),
        # past by what follows it: the later phrase is the hosting now
        (
            "Mosaic was hosted on premise at County Hall until 2020, when it moved to the "
            "supplier's cloud.",
            "supplier",
        ),
        # the council's own data centre, whoever manages it, an ICT partner too (it is where
        # the system runs); an ICT partner's own data centre is third party
        (
            "Mosaic is hosted in the Council's data centres and managed by the ICT Shared Service.",
            "council",
        ),
        (
            "Mosaic is hosted on Council infrastructure managed by our ICT partner, Capita.",
            "council",
        ),
        ("Mosaic is hosted by our ICT partner in its own data centre.", "third_party"),
        ("Mosaic is a cloud-hosted service.", "cloud"),  # no host named
        # a Hosting cell naming the supplier
        ("System: Mosaic | Supplier: Servelec | Hosting: Servelec (hosted)", "supplier"),
        # a record's labelled cell: a colon after "by"
        ("System: Mosaic | Hosted by: Supplier | End: 31/03/2026", "supplier"),
        ("System: Mosaic | Hosted by: Council | End: 31/03/2026", "council"),
        ("System: WCCIS | Hosted by: DHCW (national) | End: 31/03/2026", "third_party"),
        # servers in the council's own building or owned by it, named or possessed
        ("Mosaic is hosted on servers at County Hall, Morpeth.", "council"),
        ("Mosaic runs on Council-owned servers in the Inverness data centre.", "council"),
        ("Mosaic: on Westshire Council's own infrastructure at Badminton Road.", "council"),
        # cloud said with hyphens, or the council's own cloud tenancy named by its product
        ("Mosaic is provided on a software-as-a-service basis.", "cloud"),
        ("Mosaic is hosted in the Council's Microsoft 365 cloud tenancy.", "cloud"),
        # its maker hosts it ("hosted by them"), whatever tense the making is told in
        (
            "Mosaic was built for the Council by Clwydian Data Services in 2022 and is hosted "
            "by them.",
            "supplier",
        ),
        (
            "Mosaic is hosted on Westshire's own infrastructure in the Council's data centre, "
            "which is managed for the Council by its IT partner.",
            "council",
        ),
        # the host named with its acronym, or after "Hosting is provided by"
        (
            "WCCIS is not hosted by the Council: Digital Health and Care Wales (DHCW) hosts it "
            "in its own data centres.",
            "third_party",
        ),
        ("WCCIS is a national system. Hosting is provided by NHS Wales.", "third_party"),
        # the supplier hosts it, however the service is said to come
        ("ContrOCC is delivered as SaaS by the supplier.", "supplier"),
        ("Mosaic is hosted off-site by the supplier.", "supplier"),
    ],
)
def test_who_hosts_it_before_where_and_nothing_from_negated_or_past_phrases(
    facts: Facts, sentence: str, hosting: str | None
) -> None:
    (fact,) = facts(f"{ASKED}{sentence}\n").systems
    assert fact.hosting == hosting


def test_each_stretch_of_a_sentence_hosts_its_own_systems(facts: Facts) -> None:
    found = _by_name(
        facts(
            f"{ASKED}LAS and LCS are hosted by the supplier. ContrOCC is hosted in the Council's "
            "data centre.\n",
            "reply.md",
        )
    )
    assert found["Liquidlogic LAS"].hosting == found["Liquidlogic LCS"].hosting == "supplier"
    assert found["ContrOCC"].hosting == "council"


def test_each_system_of_a_stretch_takes_the_hosting_phrase_after_it(facts: Facts) -> None:
    found = _by_name(
        facts(
            f"{ASKED}LCS and LAS are hosted by our ICT partner in its data centre, and SystmOne "
            "is hosted by TPP.\n"
        )
    )
    assert {name: fact.hosting for name, fact in found.items()} == {
        "Liquidlogic LCS": "third_party",
        "Liquidlogic LAS": "third_party",
        "SystmOne": "supplier",
    }


SYSTEMS_ANSWER = (
    "1. Which systems do you use?\n\nChildren's services use LCS and adult services use LAS. "
    "Payments are made through ContrOCC.\n\n2. Where is each system hosted?\n\n"
)


@pytest.mark.parametrize(
    ("answer", "hosting"),
    [
        # a word for every system opens the sentence; the systems it excepts keep their own
        (
            "All of the systems are hosted by their suppliers, with the exception of ContrOCC, "
            "which runs on servers in the Council's data centre.",
            {"LCS": "supplier", "LAS": "supplier", "ContrOCC": "council"},
        ),
        # the phrase's stretch names none: the systems named after it are its hosts' products
        (
            "All of the above systems are hosted by the supplier in UK data centres (System C "
            "hosts Liquidlogic; OCC hosts ContrOCC).",
            {"LCS": "supplier", "LAS": "supplier", "ContrOCC": "supplier"},
        ),
        # a maker's products listed with a name as one subject
        (
            "Both Liquidlogic systems and ContrOCC are hosted in the Council's own data centre.",
            {"LCS": "council", "LAS": "council", "ContrOCC": "council"},
        ),
        # no word for them all: the phrase is the named system's alone
        (
            "ContrOCC, unlike the case management systems, is hosted on Council servers.",
            {"LCS": None, "LAS": None, "ContrOCC": "council"},
        ),
    ],
)
def test_a_word_for_every_system_hosts_them_all_but_those_excepted(
    facts: Facts, answer: str, hosting: dict[str, str | None]
) -> None:
    found = facts(f"{SYSTEMS_ANSWER}{answer}\n", "reply.md").systems
    by_name = {fact.system.removeprefix("Liquidlogic "): fact.hosting for fact in found}
    assert by_name == hosting


def test_both_as_a_subject_speaks_of_both_systems(facts: Facts) -> None:
    found = facts(
        "1. Which systems do you use?\n\nLCS and LAS.\n\n2. Are these systems hosted on "
        "premises or in the cloud?\n\nBoth run on servers in the Council's data centre.\n",
        "reply.md",
    ).systems
    assert {fact.system: fact.hosting for fact in found} == {
        "Liquidlogic LCS": "council",
        "Liquidlogic LAS": "council",
    }


def test_an_answer_to_each_system_speaks_of_every_system_its_area_named_so_far(
    facts: Facts,
) -> None:
    """ "Where is each system hosted? -- CSC: Hosted on premises": both children's systems; the
    date answering "When was each system implemented?" is not that of the finance system the
    reply names after it."""
    found = facts(
        "Q1. What is the name of the case management system(s)?\n\nCSC:\n\nChildren's "
        "social care uses Liquidlogic LCS. Early help practitioners use the Liquidlogic Early "
        "Help Module.\n\nASC:\n\nAdult Care Services uses CareDirector.\n\n"
        "Q2. When was each system implemented?\n\nASC:\n\nNovember 2014.\n\n"
        "Q3. Where is each system hosted?\n\nCSC:\n\nHosted on premises at our data centre."
        "\n\nASC:\n\nHosted by the supplier.\n\n"
        "Q4. Which system is used for finance?\n\nAdult social care payments are managed in "
        "ContrOCC.\n",
        "reply.md",
    ).systems
    assert {f.system: (f.hosting, f.in_use_since) for f in found} == {
        "Liquidlogic LCS": ("council", None),
        "Liquidlogic EHM": ("council", None),
        "CareDirector": ("supplier", "2014-11"),
        "ContrOCC": (None, None),
    }


def test_each_agreement_said_in_the_singular_extends_every_contract(facts: Facts) -> None:
    found = facts(
        "1. Contract dates\n\nEnd dates:\nLiquidlogic LCS: 31 March 2027.\nContrOCC: 30 September "
        "2026.\n\n"
        "Each agreement may be extended by up to two further years.\n",
        "reply.md",
    ).systems
    assert {fact.system: fact.extension_until for fact in found} == {
        "Liquidlogic LCS": "2029-03-31",
        "ContrOCC": "2028-09-30",
    }


@pytest.mark.parametrize(
    ("sentence", "statuses"),
    [
        (
            "Before WCCIS, both services used CareFirst.",
            {"WCCIS": "current", "CareFirst": "previous"},
        ),
        ("Abacus was switched off in March 2019.", {"Abacus": "previous"}),
        (
            "The Council has contracted for Eclipse, which will replace CareFirst.",
            {"Eclipse": "planned", "CareFirst": "current"},
        ),
        ("AIS will be replaced by Liquidlogic LAS.", {"Liquidlogic LAS": "planned"}),
        (
            "Mosaic replaced OLM's Care First in 2016.",
            {"Mosaic": "current", "CareFirst": "previous"},
        ),
        # a decommissioning still to come leaves the system in use
        (
            "Go-live is planned for June 2025, after which SWIFT will be decommissioned.",
            {"SWIFT": "current"},
        ),
        # a contract award being decided names what is planned
        (
            "The Cabinet approved the award of a contract to OLM Systems for the Eclipse case "
            "management system.",
            {"Eclipse": "planned"},
        ),
        ("The highest scoring bid was for Liquidlogic LAS.", {"Liquidlogic LAS": "planned"}),
        # where it was hosted until a year is no end of its use
        (
            "CareFirst was hosted on premise until 2021, when it moved to OLM's hosted service.",
            {"CareFirst": "current"},
        ),
        (
            "Mosaic ran on servers in the Council's data centre until 2022 and is now hosted by "
            "the supplier.",
            {"Mosaic": "current"},
        ),
        # a contract award recommended or decided
        (
            "The report recommended award to OLM Systems Limited for its Eclipse system.",
            {"Eclipse": "planned"},
        ),
        (
            "To award a contract for early help recording to Calloway Systems Ltd for Mosaic.",
            {"Mosaic": "planned"},
        ),
        # a contract awarded, however the award is worded
        (
            "The Council has awarded OLM Systems a contract for Eclipse.",
            {"Eclipse": "planned"},
        ),
        (
            "A contract was awarded to OLM in June 2024 for its Eclipse system.",
            {"Eclipse": "planned"},
        ),
        (
            "(a) award a contract to OLM Systems for the supply of Eclipse.",
            {"Eclipse": "planned"},
        ),
        # a go-live that took place is past: the system is in use
        (
            "Officers advised that go-live of Mosaic had taken place on 6 March 2023.",
            {"Mosaic": "current"},
        ),
    ],
)
def test_status_from_the_nearest_cue(facts: Facts, sentence: str, statuses: dict[str, str]) -> None:
    found = _by_name(facts(f"{ASKED}{sentence}\n"))
    assert {name: found[name].status for name in statuses} == statuses


def test_a_table_column_header_gives_each_date_its_role(facts: Facts) -> None:
    (fact,) = facts(
        "| Application | Live | Start | Renewal |\n|---|---|---|---|\n"
        "| Mosaic | Jun 2014 | 01/04/2019 | 31/03/2024 (+1+1) |\n",
        "register.md",
    ).systems
    assert (fact.in_use_since, fact.contract_start, fact.contract_end) == (
        "2014-06",
        "2019-04-01",
        "2024-03-31",
    )
    assert fact.extension_until == "2026-03-31"


@pytest.mark.parametrize("header", ["Date implemented", "Date first introduced", "Installed"])
def test_a_column_saying_when_a_system_came_in_dates_its_use(facts: Facts, header: str) -> None:
    (fact,) = facts(
        f"| System | {header} | Contract end |\n|---|---|---|\n| Mosaic | 2012 | 31/03/2025 |\n",
        "register.md",
    ).systems
    assert (fact.in_use_since, fact.contract_end) == ("2012", "2025-03-31")


@pytest.mark.parametrize("label", ["Date live", "Live", "Go-live", "Live since"])
def test_a_field_line_saying_when_a_system_went_live_dates_its_use(
    facts: Facts, label: str
) -> None:
    (fact,) = facts(
        f"{ASKED}--- System 1 ---\nName of system: Mosaic\nSupplier: Servelec\n"
        f"{label}: August 2020\nContract end date: 31 July 2027\n"
    ).systems
    assert (fact.in_use_since, fact.contract_end) == ("2020-08", "2027-07-31")


@pytest.mark.parametrize(
    "sentence",
    [
        "Eclipse is being implemented; planned go-live is March 2024.",
        "We are moving to Eclipse, with go-live planned for summer 2021.",
    ],
)
def test_a_go_live_still_to_come_is_no_in_use_date(facts: Facts, sentence: str) -> None:
    (fact,) = facts(f"{ASKED}{sentence}\n").systems
    assert fact.in_use_since is None


def test_an_acts_year_and_a_reference_are_no_dates(facts: Facts) -> None:
    (fact,) = facts(
        "2. When does the contract end?\n\nThe Mosaic contract details are exempt under the "
        "Freedom of Information Act 2000; see our letter FOI-2025-0087.\n"
    ).systems
    assert (fact.contract_start, fact.contract_end) == (None, None)


def test_the_date_of_the_request_is_no_contract_date(facts: Facts) -> None:
    """A sentence under a contract question that dates the correspondence takes no role from
    the question."""
    (fact,) = facts(
        "1. Which system do you use?\n\nWe use Mosaic.\n\n2. When does the contract end?\n\n"
        "Thank you for your request received on 6 January 2025.\n"
    ).systems
    assert (fact.contract_start, fact.contract_end) == (None, None)


@pytest.mark.parametrize(
    ("sentence", "extended"),
    [
        (
            "The Mosaic contract expires on 31 March 2026, with an option to extend for up to two "
            "further years.",
            "2028-03-31",
        ),
        (
            "The Mosaic contract ends on 31 March 2026, with options to extend for two further "
            "periods of 12 months.",
            "2028-03-31",
        ),
        (
            "The Mosaic contract ends on 31 March 2026, with two optional one-year extensions.",
            "2028-03-31",
        ),
        (
            "The Mosaic contract ends on 31/03/2023, with an option to extend to 31/03/2025.",
            "2025-03-31",
        ),
        (  # a record's labelled fields
            "System: Mosaic | Contract end: 31/03/2027 | Extension option: 31/03/2029",
            "2029-03-31",
        ),
        (
            "System: Mosaic | Contract end: 31/03/2025 | Extension available to: 31/03/2027",
            "2027-03-31",
        ),
        (
            "System: Mosaic | Contract end: 30/09/2026 | Extension option: to 30/09/2028",
            "2028-09-30",
        ),
        ("Mosaic: contract ends 30/06/2024, option to 30/06/2026.", "2026-06-30"),
        (
            "System: Mosaic | Contract end: 31/03/2026 | Can be extended to: 31/03/2028",
            "2028-03-31",
        ),
        (
            "Mosaic - start: 1 June 2020; end: 31 May 2025; extension: option for a further 24 "
            "months.",
            "2027-05-31",
        ),
        (  # a further period right after the first adds to it
            "The Mosaic contract ends on 31 March 2027, with an option to extend for one year "
            "plus one year.",
            "2029-03-31",
        ),
        (
            "The Mosaic contract ends on 31 March 2026, with an option to extend for two years "
            "and a further 12 months.",
            "2029-03-31",
        ),
        (
            "The Mosaic contract ends on 30 September 2024 and contains options to extend by two "
            "years and then by a further one year.",
            "2027-09-30",
        ),
        (  # a count before "further"
            "Name of system: Mosaic\nContract end date: 31/03/2026\nExtension options: One "
            "further year",
            "2027-03-31",
        ),
        (
            "The Mosaic contract ends on 31 March 2026, with two additional years available.",
            "2028-03-31",
        ),
    ],
)
def test_extension_options_said_many_ways(facts: Facts, sentence: str, extended: str) -> None:
    (fact,) = facts(f"{ASKED}{sentence}\n").systems
    assert fact.extension_until == extended


def test_a_date_reaches_every_system_of_the_list_it_follows(facts: Facts) -> None:
    found = _by_name(
        facts(f"{ASKED}The Liquidlogic contract covering LCS and LAS ends on 31.03.2027.\n")
    )
    assert found["Liquidlogic LCS"].contract_end == found["Liquidlogic LAS"].contract_end


def test_a_relative_clause_listing_what_a_contract_covers_gives_each_its_dates(
    facts: Facts,
) -> None:
    found = _by_name(
        facts(
            f"{ASKED}The Liquidlogic contract, which covers LCS, LAS and EHM, started on "
            "1 April 2022 and expires on 31 March 2027.\n"
        )
    )
    for name in ("Liquidlogic LCS", "Liquidlogic LAS", "Liquidlogic EHM"):
        assert (found[name].contract_start, found[name].contract_end) == (
            "2022-04-01",
            "2027-03-31",
        ), name


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        (
            "We awarded a contract for Mosaic for a period of seven years from 1 October 2024.",
            ("2024-10-01", "2031-09-30", None),
        ),
        (
            "The Mosaic contract has an initial term of five years commencing 1 July 2024, with "
            "the option to extend for up to two years.",
            ("2024-07-01", "2029-06-30", "2031-06-30"),
        ),
        (
            "The Mosaic contract runs for a period of 3 years from April 2023.",
            ("2023-04", "2026-03", None),
        ),
    ],
)
def test_a_term_counted_from_a_date_starts_and_ends_the_contract(
    facts: Facts, sentence: str, term: tuple[str, str, str | None]
) -> None:
    (fact,) = facts(f"{ASKED}{sentence}\n").systems
    assert (fact.contract_start, fact.contract_end, fact.extension_until) == term


def test_a_makers_appositive_breaks_no_clause_and_gone_live_dates_use(facts: Facts) -> None:
    found = _by_name(
        facts(
            f"{ASKED}Eclipse, supplied by OLM Systems, had gone live for children on 4 March "
            "2024, replacing CareFirst, also supplied by OLM, which we had used since 2003.\n"
        )
    )
    assert found["Eclipse"].in_use_since == "2024-03-04"
    assert found["CareFirst"].in_use_since == "2003"


def test_an_extensions_period_ends_the_contract_and_starts_nothing(facts: Facts) -> None:
    found = _by_name(
        facts(
            f"{ASKED}To extend the contract with Servelec for Mosaic for 24 months, from "
            "1 January 2024 to 31 December 2025.\n"
        )
    )
    assert (found["Mosaic"].contract_start, found["Mosaic"].contract_end) == (None, "2025-12-31")


def test_a_go_live_still_to_come_is_no_date_of_use(facts: Facts) -> None:
    text = (
        "Date: 5 March 2024\n\n{asked}We awarded a contract for Mosaic, which is due to go live "
        "in {year} and will replace Paris.\n"
    )
    found = _by_name(facts(text.format(asked=ASKED, year=2026)))
    assert found["Mosaic"].in_use_since is None
    found = _by_name(facts(text.format(asked=ASKED, year=2023)))  # before the answer: in use
    assert found["Mosaic"].in_use_since == "2023"


def test_a_bare_sentence_speaks_of_the_system_named_earlier_in_its_answer(facts: Facts) -> None:
    found = _by_name(
        facts(
            "1. Which systems do you use?\n\nWe use CareFirst for adults.\n\n"
            "2. Any plans?\n\nWe have awarded a contract to The Access Group for Mosaic. "
            "The contract runs from 1 October 2024 to 30 September 2031.\n"
        )
    )
    assert found["Mosaic"].contract_end == "2031-09-30"
    assert found["CareFirst"].contract_end is None


def test_a_suppliers_name_stands_for_its_products(facts: Facts) -> None:
    found = _by_name(
        facts(
            f"{ASKED}Adults use LAS and children use LCS; finance is on ContrOCC.\n\n"
            "All Liquidlogic modules are covered by one contract which expires on 31.03.2028.\n"
        )
    )
    assert found["Liquidlogic LAS"].contract_end == found["Liquidlogic LCS"].contract_end
    assert found["Liquidlogic LAS"].contract_end == "2028-03-31"
    assert found["ContrOCC"].contract_end is None


@pytest.mark.parametrize(
    ("sentence", "hosting", "host"),
    [
        ("Mosaic is hosted by Agilisys, the Council's ICT partner.", "third_party", "Agilisys"),
        (
            "Mosaic is hosted on servers managed by Delt Shared Services Ltd, the Council's own "
            "ICT company.",
            "council",
            "Delt Shared Services Ltd",
        ),
        (
            "Mosaic is hosted by Westshire County Council IT under a shared service.",
            "third_party",
            "Westshire County Council",
        ),
        ("Mosaic is hosted by the supplier.", "supplier", None),
    ],
)
def test_a_named_host_is_recorded_and_a_council_owned_company_hosts_for_the_council(
    facts: Facts, sentence: str, hosting: str, host: str | None
) -> None:
    (fact,) = facts(f"{ASKED}{sentence}\n").systems
    assert (fact.hosting, fact.host_organisation) == (hosting, host)


def test_a_short_name_listed_after_a_product_is_a_product(facts: Facts) -> None:
    found = _by_name(facts("Adults and Childrens services:\nLiquidlogic LAS & LCS\n"))
    assert set(found) == {"Liquidlogic LAS", "Liquidlogic LCS"}


def test_the_one_purpose_a_which_system_question_names_goes_to_its_answer(facts: Facts) -> None:
    (fact,) = facts(
        "4. Which system is used for managing the financials (invoicing clients)? OLM CareFirst\n"
    ).systems
    assert (fact.system, fact.purpose, fact.supplier) == ("CareFirst", "finance", "OLM Systems")


def test_a_supplier_right_before_a_product_name_supplies_it(facts: Facts) -> None:
    (fact,) = facts(f"{ASKED}Corelogic Mosaic is hosted on premise.\n").systems
    assert fact.supplier == "Corelogic"


@pytest.mark.parametrize(
    ("sentence", "extended"),
    [
        (
            "The Mosaic contract ends on 31 March 2026, with provision for additional 2 years.",
            "2028-03-31",
        ),
        (
            "The Mosaic contract ends on 31 March 2026, with an option for a further year.",
            "2027-03-31",
        ),
        # the date the option runs to, stated after its length, as written
        (
            "The Mosaic contract ends 31/03/2027, with an option to extend by 2 years to 2029.",
            "2029",
        ),
    ],
)
def test_extension_provisions_and_options_for_a_year(
    facts: Facts, sentence: str, extended: str
) -> None:
    (fact,) = facts(f"{ASKED}{sentence}\n").systems
    assert fact.extension_until == extended


@pytest.mark.parametrize(
    "sentence",
    [
        "The contract, which covers both LCS and LAS, ends on 31.03.2027.",
        "The Liquidlogic agreement, that includes LCS and LAS, expires on 31.03.2027.",
        # "and now runs to": an adverb before the verb ends no clause
        "The Liquidlogic contract covering LCS and LAS was extended in 2023 and now runs to "
        "31 March 2027.",
    ],
)
def test_a_date_reaches_the_systems_a_relative_clause_names_for_its_subject(
    facts: Facts, sentence: str
) -> None:
    found = _by_name(facts(f"{ASKED}We use LCS and LAS. {sentence}\n"))
    assert found["Liquidlogic LCS"].contract_end == "2027-03-31"
    assert found["Liquidlogic LAS"].contract_end == "2027-03-31"


def test_a_relative_clause_between_a_system_and_its_date_is_skipped(facts: Facts) -> None:
    found = _by_name(
        facts(f"{ASKED}Mosaic, which replaced CareFirst, is under a contract that ends in 2026.\n")
    )
    assert found["Mosaic"].contract_end == "2026"
    assert found["CareFirst"].contract_end is None


@pytest.mark.parametrize(
    ("sentence", "since"),
    [
        ("We moved from CareFirst to Mosaic in 2019.", "2019"),
        ("We upgraded from CareFirst 6 to Mosaic in 2019.", "2019"),
        ("We replaced CareFirst with Mosaic in April 2018.", "2018-04"),
    ],
)
def test_a_switch_dates_the_new_systems_start_of_use(
    facts: Facts, sentence: str, since: str
) -> None:
    """Even under a question about contract ends, the date of a switch is when use began."""
    found = _by_name(
        facts(f"1. Which system do you use and when does its contract end?\n\n{sentence}\n")
    )
    assert (found["Mosaic"].in_use_since, found["Mosaic"].contract_end) == (since, None)
    assert found["CareFirst"].status == "previous"


@pytest.mark.parametrize(
    "record",
    [
        "System | Contract from | Contract to\nMosaic | 01/07/2018 | 30/06/2025\n",
        "Product: Mosaic | Contract from: 1 July 2018 | Contract to: 30 June 2025\n",
    ],
)
def test_contract_from_and_to_start_and_end_it(facts: Facts, record: str) -> None:
    (fact,) = facts(f"{ASKED}{record}").systems
    assert (fact.contract_start, fact.contract_end) == ("2018-07-01", "2025-06-30")


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Diwedd contract / Contract end", "contract_end"),  # a bilingual header
        ("Ers / In use since", "in_use_since"),
        ("First used", "in_use_since"),
        ("Introduced", "in_use_since"),
    ],
)
def test_a_columns_header_in_other_words_gives_its_dates_role(
    facts: Facts, header: str, field: str
) -> None:
    (fact,) = facts(f"{ASKED}System | {header}\nMosaic | 31/03/2027\n").systems
    assert getattr(fact, field) == "2027-03-31"


def test_a_cue_in_its_cell_comes_before_half_of_a_header(facts: Facts) -> None:
    (fact,) = facts(
        f"{ASKED}System | Go-live / contract\nMosaic | Live Oct 2014. Contract ends 30/06/2024\n"
    ).systems
    assert (fact.in_use_since, fact.contract_end) == ("2014-10", "2024-06-30")


@pytest.mark.parametrize(
    ("header", "cell"),
    [
        ("Extension available", "Yes, to 31 March 2028"),
        ("Extension", "One further year available, to 31/03/2028"),
    ],
)
def test_an_extension_cell_that_answers_with_a_date(facts: Facts, header: str, cell: str) -> None:
    (fact,) = facts(
        f"{ASKED}System | Contract end | {header}\nMosaic | 31/03/2026 | {cell}\n"
    ).systems
    assert fact.extension_until == "2028-03-31"


@pytest.mark.parametrize("header", ["Extension option to", "Option to extend to"])
def test_an_extension_column_gives_each_row_its_extension(facts: Facts, header: str) -> None:
    found = _by_name(
        facts(
            f"{ASKED}System | Contract start | Contract end | {header}\n"
            "Mosaic | 01/04/2017 | 31/03/2025 | 31/03/2027\n"
            "ContrOCC | 01/04/2018 | 31/03/2026 | 31/03/2028\n"
        )
    )
    assert (found["Mosaic"].contract_end, found["Mosaic"].extension_until) == (
        "2025-03-31",
        "2027-03-31",
    )
    assert found["ContrOCC"].extension_until == "2028-03-31"


def test_a_column_of_the_end_in_force_beats_the_original_end_and_footnote_marks_go(
    facts: Facts,
) -> None:
    found = _by_name(
        facts(
            f"{ASKED}System | Contract start | Original end | Current end\n"
            "Mosaic | 01/04/2017 | 31/03/2022 | 31/03/2025\n"
        )
    )
    assert found["Mosaic"].contract_end == "2025-03-31"
    found = _by_name(
        facts(
            f"{ASKED}System | Contract start | Contract end*\nContrOCC | 01/04/2018 | 31/03/2026\n"
        )
    )
    assert found["ContrOCC"].contract_end == "2026-03-31"
    found = _by_name(  # the end an extension taken gives, and the option still open
        facts(
            f"{ASKED}System | Contract start | Original end | Extended to | Further option to\n"
            "Mosaic | 01/04/2018 | 31/03/2023 | 31/03/2025 | 31/03/2026\n"
        )
    )
    assert (found["Mosaic"].contract_end, found["Mosaic"].extension_until) == (
        "2025-03-31",
        "2026-03-31",
    )


def test_a_product_name_split_by_a_line_break_is_one_mention(facts: Facts) -> None:
    """A PDF line ends inside "Liquidlogic Children's System"; a line with a verb is prose
    that wrapped, not a heading."""
    found = _by_name(
        facts(
            f"{ASKED}Children's social care is recorded on the Liquidlogic\n"
            "Children's System, which has been used since 2014.\n"
        )
    )
    assert found["Liquidlogic LCS"].in_use_since == "2014"


def test_a_supplier_for_its_product_does_not_reach_the_system_a_clause_names(
    facts: Facts,
) -> None:
    found = _by_name(
        facts(
            f"{ASKED}The Council has contracted with The Access Group for its Mosaic case "
            "management system, which will replace CareFirst.\n"
        )
    )
    assert (found["Mosaic"].supplier, found["Mosaic"].status) == ("The Access Group", "planned")
    assert found["CareFirst"].supplier is None


def test_a_short_alias_of_a_product_the_document_names_in_full_needs_no_software_word(
    facts: Facts,
) -> None:
    found = _by_name(
        facts(
            "1. Which systems do you use?\n\nWe use Liquidlogic LCS and Liquidlogic EHM.\n\n"
            "2. When do the current contracts end?\n\nLCS and EHM: 31 March 2027.\n"
        )
    )
    assert found["Liquidlogic LCS"].contract_end == "2027-03-31"
    assert found["Liquidlogic EHM"].contract_end == "2027-03-31"


def test_a_launch_dates_the_start_of_use(facts: Facts) -> None:
    found = _by_name(
        facts(f"{ASKED}Our care directory runs on ContrOCC. It was launched in March 2020.\n")
    )
    assert found["ContrOCC"].in_use_since == "2020-03"


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        # a relative clause after the replaced system dates that system
        (
            "Mosaic went live in March 2021, replacing SWIFT, which had been used since 2002.",
            {"Mosaic": "2021-03", "SWIFT": "2002"},
        ),
        # a cue after the date: "In <date> the Council went live with X"
        (
            "In March 2021 the Council went live with Mosaic, replacing SWIFT.",
            {"Mosaic": "2021-03", "SWIFT": None},
        ),
        ("In 2019 the Council switched from SWIFT to Mosaic.", {"Mosaic": "2019", "SWIFT": None}),
        # "It" is the system the answer spoke of before
        ("We use Mosaic. It went live in May 2017, replacing SWIFT.", {"Mosaic": "2017-05"}),
        # the relative clause may follow what the replaced name is ("the SWIFT system, which")
        (
            "Mosaic replaced the Northgate SWIFT system, which the Council had used since 2002.",
            {"Mosaic": None, "SWIFT": "2002"},
        ),
        # a system that replaced another on a date went live then (but "was replaced in" not)
        ("Mosaic replaced SWIFT in November 2017.", {"Mosaic": "2017-11", "SWIFT": None}),
        (
            "Adults use Mosaic, which replaced the Council's previous system in 2021.",
            {"Mosaic": "2021"},
        ),
        ("We use Mosaic. SWIFT was replaced in 2017.", {"Mosaic": None, "SWIFT": None}),
    ],
)
def test_a_go_live_that_replaces_a_system_dates_the_right_one(
    facts: Facts, sentence: str, dates: dict[str, str | None]
) -> None:
    found = _by_name(
        facts(f"1. Which system do you use and when does the contract end?\n\n{sentence}\n")
    )
    assert {name: found[name].in_use_since for name in dates} == dates
    assert found["Mosaic"].contract_end is None


@pytest.mark.parametrize(
    "sentence",
    [
        "We use Mosaic. The Mosaic contract with Servelec ends on 30 June 2026.",
        "We use Mosaic. The current contract with Servelec began on 1 April 2022.",
    ],
)
def test_a_contract_with_a_company_names_the_systems_supplier(facts: Facts, sentence: str) -> None:
    assert _by_name(facts(f"{ASKED}{sentence}\n"))["Mosaic"].supplier == "Servelec"


def test_a_plural_verb_after_a_list_of_contracts_dates_every_system_named(facts: Facts) -> None:
    found = _by_name(
        facts(
            f"{ASKED}The Council's agreement with Liquidlogic for LCS and LAS, and its agreement "
            "with OCC for ContrOCC, run until 31 March 2027.\n"
        )
    )
    assert {name: fact.contract_end for name, fact in found.items()} == {
        "Liquidlogic LCS": "2027-03-31",
        "Liquidlogic LAS": "2027-03-31",
        "ContrOCC": "2027-03-31",
    }


def test_a_renewal_starts_the_term(facts: Facts) -> None:
    (fact,) = facts(
        f"{ASKED}The Mosaic contract was renewed from April 2021 for five years, ending "
        "31 March 2026.\n"
    ).systems
    assert (fact.contract_start, fact.contract_end) == ("2021-04", "2026-03-31")


@pytest.mark.parametrize(
    ("sentence", "since"),
    [
        ("System: Mosaic | Go-live: 10/2014 | Contract end: 31/03/2027", "2014-10"),  # MM/YYYY
        ("| Mosaic | Servelec | On-prem | Live Oct 2014. |", "2014-10"),
        ("Children's social care moved to Mosaic, provided by Servelec, in May 2022.", "2022-05"),
        # a move of hosting dates no use
        ("Mosaic moved from Council servers to supplier hosting in April 2022.", None),
        (
            "Mosaic moved off the Council's own servers onto Servelec's hosted platform in 2022.",
            None,
        ),
        ("Both services moved onto Eclipse, supplied by OLM Systems, in November 2022.", "2022-11"),
        (
            "Adult teams started working in the Liquidlogic Adults' System on 7 April 2025.",
            "2025-04-07",
        ),
        ("Casework is recorded in Mosaic. We began using it in January 2019.", "2019-01"),
        # since when it has been hosted where it is dates the hosting, not the use
        ("Mosaic: SaaS, hosted by the supplier since May 2022.", None),
        ("Mosaic is hosted by the supplier and has been in use since 2021.", "2021"),
    ],
)
def test_go_live_dates_said_many_ways(facts: Facts, sentence: str, since: str | None) -> None:
    (fact,) = facts(f"{ASKED}{sentence}\n").systems
    assert fact.in_use_since == since


def test_a_vendor_that_begins_a_list_names_each_of_its_products(facts: Facts) -> None:
    found = _by_name(facts(f"{ASKED}The Council uses Liquidlogic LCS, LAS and EHM.\n"))
    assert {name: fact.supplier for name, fact in found.items()} == {
        "Liquidlogic LCS": "Liquidlogic",
        "Liquidlogic LAS": "Liquidlogic",
        "Liquidlogic EHM": "Liquidlogic",
    }


def test_an_education_system_serves_children_by_its_nature(facts: Facts) -> None:
    (fact,) = facts(f"{ASKED}Admissions and SEND teams use Capita One.\n").systems
    assert fact.service_area == "children"


def test_an_end_that_now_runs_later_supersedes_the_original(facts: Facts) -> None:
    (fact,) = facts(
        f"{ASKED}The Council uses CareFirst. The original contract with OLM was due to end in "
        "2021. It was extended in 2021 and now runs to 31 March 2024.\n"
    ).systems
    assert fact.contract_end == "2024-03-31"


@pytest.mark.parametrize(
    "line",
    [
        "Liquidlogic (LCS, LAS and EHM): the contract started on 1 October 2020 and was extended "
        "in 2023; it now ends on 30 September 2026.",
        "LCS, LAS and EHM: the contract began on 1 October 2020; it ends on 30 September 2026.",
    ],
)
def test_a_label_opening_the_line_owns_a_date_past_a_clause_break(facts: Facts, line: str) -> None:
    found = _by_name(facts(f"4. Contract dates\n\n{line}\n"))
    ends = {name: fact.contract_end for name, fact in found.items()}
    assert ends == dict.fromkeys(["Liquidlogic LCS", "Liquidlogic LAS", "Liquidlogic EHM"],
                                 "2026-09-30")  # fmt: skip


def test_a_suppliers_contract_reaches_its_own_product_and_both_contracts_reach_both(
    facts: Facts,
) -> None:
    """ "The Harrier Systems contract" is the contract of the product Harrier supplies (a
    product nobody listed, its supplier named where it was found), not of every system the
    answer named; "...; both contracts end on" speaks of both systems named before it."""
    found = _by_name(
        facts(
            f"{ASKED}Children's social care uses Liquidlogic LCS and adult social care uses "
            "Liquidlogic LAS; both contracts end on 31 March 2026.\n\n"
            "Home care packages are sourced through the Kestrel Brokerage module, supplied by "
            "Harrier Systems Ltd, which the Council has used since January 2022.\n\n"
            "The Harrier Systems contract ends on 31 December 2024.\n"
        )
    )
    ends = {name: fact.contract_end for name, fact in found.items()}
    assert ends == {
        "Liquidlogic LCS": "2026-03-31",
        "Liquidlogic LAS": "2026-03-31",
        "Kestrel Brokerage": "2024-12-31",
    }


def test_a_suppliers_contract_is_not_the_contract_of_the_other_systems(facts: Facts) -> None:
    found = _by_name(
        facts(
            f"{ASKED}Children's social care uses Liquidlogic LCS.\n\n"
            "Home care packages are sourced through the Kestrel Brokerage module, supplied by "
            "Harrier Systems Ltd.\n\nThe Harrier Systems contract ends on 31 December 2024.\n"
        )
    )
    ends = {name: fact.contract_end for name, fact in found.items()}
    assert ends == {"Liquidlogic LCS": None, "Kestrel Brokerage": "2024-12-31"}


def test_a_system_named_for_two_areas_is_one_fact_serving_both(facts: Facts) -> None:
    (fact,) = facts(
        f"{ASKED}Children's services record their work in Mosaic, which went live in May 2016. "
        "Adult social care also uses Mosaic; it is hosted by the supplier.\n"
    ).systems
    assert (fact.system, fact.service_area) == ("Mosaic", "both")
    assert (fact.in_use_since, fact.hosting) == ("2016-05", "supplier")


def test_a_system_replaced_in_one_area_and_used_in_another_is_current_there(
    facts: Facts,
) -> None:
    found = facts(
        f"{ASKED}LCS replaced CareFirst for children's services in 2015. Adult social care "
        "still uses CareFirst, and its contract ends on 31 March 2026.\n"
    ).systems
    (fact,) = [fact for fact in found if fact.system == "CareFirst"]
    assert (fact.service_area, fact.status, fact.contract_end) == (
        "adults",
        "current",
        "2026-03-31",
    )


def test_a_contract_named_by_its_supplier_dates_that_suppliers_products_too(
    facts: Facts,
) -> None:
    found = _by_name(
        facts(
            f"{ASKED}Adults use LAS and children use LCS; finance is on ContrOCC.\n\n"
            "The current contract for the Liquidlogic suite and ContrOCC started on 1 April 2019 "
            "and ends on 31 March 2026.\n"
        )
    )
    assert {name: (f.contract_start, f.contract_end) for name, f in found.items()} == {
        "Liquidlogic LAS": ("2019-04-01", "2026-03-31"),
        "Liquidlogic LCS": ("2019-04-01", "2026-03-31"),
        "ContrOCC": ("2019-04-01", "2026-03-31"),
    }


def test_a_list_of_suppliers_as_contract_parties_dates_each_ones_products(facts: Facts) -> None:
    found = _by_name(
        facts(
            f"{ASKED}Adults use LAS and children use LCS; finance is on ContrOCC.\n\n"
            "All three systems are hosted by the Council, and the current contracts with "
            "Liquidlogic and OCC run to 31 October 2025.\n"
        )
    )
    assert {name: f.contract_end for name, f in found.items()} == dict.fromkeys(
        ["Liquidlogic LAS", "Liquidlogic LCS", "ContrOCC"], "2025-10-31"
    )


@pytest.mark.parametrize(
    ("bracket", "dated"),
    [
        ("(LAS, LCS and the ContrOCC licences resold under it)", ["LAS", "LCS", "ContrOCC"]),
        ("(covering LAS and LCS)", ["LAS", "LCS"]),
        ("for ContrOCC (not LAS or LCS)", ["ContrOCC"]),
    ],
)
def test_a_bracket_listing_systems_after_the_subject_gives_them_its_dates(
    facts: Facts, bracket: str, dated: list[str]
) -> None:
    found = _by_name(
        facts(
            f"{ASKED}Adults use LAS and children use LCS; finance is on ContrOCC.\n\n"
            f"The managed service contract {bracket} started on 1 April 2021.\n"
        )
    )
    started = {name for name, f in found.items() if f.contract_start == "2021-04-01"}
    assert started == {name if name == "ContrOCC" else f"Liquidlogic {name}" for name in dated}


def test_a_numbered_topic_line_of_the_reply_gives_the_lines_below_their_role(
    facts: Facts,
) -> None:
    found = _by_name(
        facts(
            "Dear Mr Rowe\n\nThank you for your request. The Council holds the information "
            "and our response follows.\n\n"
            "1) Case management\nWe use Mosaic, supplied by The Access Group, for adult "
            "social care.\nPayments are made in ContrOCC.\n\n"
            "2) Contract end dates\nMosaic: 31 October 2026.\nContrOCC: 31 March 2025.\n\n"
            "Yours sincerely\nInformation Governance Team\n"
        )
    )
    assert {name: f.contract_end for name, f in found.items()} == {
        "Mosaic": "2026-10-31",
        "ContrOCC": "2025-03-31",
    }


def test_the_two_service_areas_joined_by_and_do_not_end_the_clause(facts: Facts) -> None:
    found = _by_name(
        facts(
            f"{ASKED}Mosaic went live for adults and children on 6 November 2017, replacing "
            "Frameworki, which the Council had used from 2006 until that date.\n"
        )
    )
    assert (found["Mosaic"].in_use_since, found["Frameworki"].in_use_since) == (
        "2017-11-06",
        "2006",
    )


def test_a_supplier_listed_with_a_system_as_contract_parties_dates_its_products(
    facts: Facts,
) -> None:
    found = _by_name(
        facts(
            f"{ASKED}Adults use LAS and children use LCS; finance is on ContrOCC.\n\n"
            "Contract history: the Liquidlogic and ContrOCC contracts started on 1 April 2015.\n"
        )
    )
    assert {name: f.contract_start for name, f in found.items()} == dict.fromkeys(
        ["Liquidlogic LAS", "Liquidlogic LCS", "ContrOCC"], "2015-04-01"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "The contract with Liquidlogic for LCS ends on 31 March 2026.",
        "The contract with Liquidlogic for the supply, support and hosting of LCS ends on "
        "31 March 2026.",
    ],
)
def test_a_suppliers_contract_for_one_product_dates_that_one_only(
    facts: Facts, sentence: str
) -> None:
    found = _by_name(
        facts(f"{ASKED}Adults use LAS and children use LCS.\n\nLAS went live in 2015. {sentence}\n")
    )
    assert found["Liquidlogic LCS"].contract_end == "2026-03-31"
    assert found["Liquidlogic LAS"].contract_end is None


def test_a_role_the_sentence_gives_outranks_the_one_its_question_lends(facts: Facts) -> None:
    (fact,) = facts(
        "4. When does the Mosaic contract end?\n\n"
        "Mosaic and its reporting module were renewed together from 1 April 2022 for five "
        "years, to 31 March 2027.\n"
    ).systems
    assert fact.contract_end == "2027-03-31"


def test_a_date_inside_an_extension_option_is_no_role_of_the_sentence(facts: Facts) -> None:
    found = _by_name(
        facts(
            "4. When do the contracts end?\n\n"
            "- System C (LAS and LCS): 31 March 2027, with an option to extend to 31 March 2029.\n"
        )
    )
    assert {
        name: (f.contract_end, f.extension_until) for name, f in found.items()
    } == dict.fromkeys(["Liquidlogic LAS", "Liquidlogic LCS"], ("2027-03-31", "2029-03-31"))


@pytest.mark.parametrize(
    ("sentence", "since"),
    [
        (
            "Before CareDirector, Adult Social Care used Paris, supplied by Civica, from 2008 "
            "until July 2019. CareDirector went live in July 2019.",
            {"Paris": "2008", "CareDirector": "2019-07"},
        ),
        (
            "Children's Services moved from Framework-i, supplied by Corelogic and used since "
            "2006, to Liquidlogic's Children's System (LCS) in March 2019.",
            {"Frameworki": "2006", "Liquidlogic LCS": "2019-03"},
        ),
        (  # the replacer's go-live: no use of the old system's own
            "Mosaic replaced Frameworki in November 2017.",
            {"Mosaic": "2017-11", "Frameworki": None},
        ),
    ],
)
def test_a_replaced_systems_own_use_dates_it_not_its_replacer(
    facts: Facts, sentence: str, since: dict[str, str | None]
) -> None:
    found = _by_name(facts(f"{ASKED}{sentence}\n"))
    assert {name: f.in_use_since for name, f in found.items()} == since


def test_a_system_that_went_live_together_with_another_shares_its_date(facts: Facts) -> None:
    found = _by_name(
        facts(
            f"{ASKED}The ContrOCC system from Oxford Computer Consultants is used for financial "
            "assessments, charging and provider payments, and went live together with LAS in "
            "October 2020.\n"
        )
    )
    assert {name: f.in_use_since for name, f in found.items()} == {
        "ContrOCC": "2020-10",
        "Liquidlogic LAS": "2020-10",
    }


@pytest.mark.parametrize(
    ("sentence", "since"),
    [
        (
            "Early help uses the Liquidlogic Early Help Module (EHM), which was added in 2019.",
            "2019",
        ),
        ("Both services record their casework in WCCIS, which the Council joined in 2017.", "2017"),
        (
            "Mosaic has been in use since 2015; the finance module was added to the contract "
            "in 2021.",
            "2015",
        ),
    ],
)
def test_a_module_added_and_a_platform_joined_date_their_use(
    facts: Facts, sentence: str, since: str
) -> None:
    (fact,) = facts(f"{ASKED}{sentence}\n").systems
    assert fact.in_use_since == since


def test_an_answer_naming_no_system_speaks_of_the_one_its_question_names(facts: Facts) -> None:
    found = _by_name(
        facts(
            f"{ASKED}Adults use CareFirst. The Council will move to Eclipse in 2026, and Eclipse "
            "will be hosted by OLM Systems.\n\n"
            "2. Where is CareFirst hosted?\n\n"
            "On the Council's own servers at the Civic Centre.\n"
        )
    )
    assert {name: f.hosting for name, f in found.items()} == {
        "CareFirst": "council",
        "Eclipse": "supplier",
    }


def test_a_suppliers_products_in_the_plural_are_all_of_them_whatever_the_section(
    facts: Facts,
) -> None:
    found = _by_name(
        facts(
            f"{ASKED}Children's social care\n\nChildren's services use LCS and EHM.\n\n"
            "Adult social care\n\nAdult services use LAS. Finance is on ContrOCC.\n\n"
            "The Liquidlogic products are supplied by System C and hosted by System C. "
            "ContrOCC is hosted in the Council's own data centre.\n"
        )
    )
    assert {name: f.hosting for name, f in found.items()} == {
        "Liquidlogic LCS": "supplier",
        "Liquidlogic EHM": "supplier",
        "Liquidlogic LAS": "supplier",
        "ContrOCC": "council",
    }


@pytest.mark.parametrize(
    ("finance", "since"),
    [
        ("Finance is managed in ContrOCC, which went live at the same time as LAS.", "2016-04"),
        # a date of its own stands
        ("ContrOCC went live in October 2017, at the same time as LAS's new release.", "2017-10"),
    ],
)
def test_a_system_that_went_live_at_the_same_time_as_another_takes_its_date(
    facts: Facts, finance: str, since: str
) -> None:
    found = _by_name(facts(f"{ASKED}Adults use LAS, which went live in April 2016. {finance}\n"))
    controcc = found["ContrOCC"]
    assert controcc.in_use_since == since
    (evidence,) = [e for e in controcc.field_evidence if e.field == "in_use_since"]
    assert evidence.extractor.startswith(
        "dates.same_time_as" if since == "2016-04" else "dates.roles"
    )


def test_a_pair_joined_by_both_and_leaves_the_date_in_the_names_clause(facts: Facts) -> None:
    """ "for both adult and children's social work" joins two words, not two clauses: the
    date after it is the go-live of the system before it, not of the one it replaced."""
    found = _by_name(
        facts(
            f"{ASKED}Officers advised that go-live of Mosaic for both adult and children's "
            "social work had taken place on 6 March 2023, replacing SWIFT, which had been in "
            "use since 1999.\n"
        )
    )
    assert (found["Mosaic"].status, found["Mosaic"].in_use_since) == ("current", "2023-03-06")
    assert (found["SWIFT"].status, found["SWIFT"].in_use_since) == ("previous", "1999")


def test_a_pronoun_subject_speaks_of_the_last_system_not_the_new_one_it_names(
    facts: Facts,
) -> None:
    """ "It runs on ... and passes referrals into the new system": "It" is the system the
    answer spoke of last; "the new system" is an object of the sentence."""
    found = _by_name(
        facts(
            "The Council is implementing Mosaic as the new system for both services.\n\n"
            "FrontDoor Connect, supplied by Oakhurst Informatics, went live on 1 May 2023. It "
            "runs on the Council's own servers and passes referrals directly into the new "
            "system.\n"
        )
    )
    assert found["FrontDoor Connect"].hosting == "council"
    assert found["Mosaic"].hosting is None


@pytest.mark.parametrize(
    "sentence",
    [
        "SystmOne draws data from LCS overnight; it is not a case recording system.",
        "SystmOne is a reporting portal here rather than a case management system.",
    ],
)
def test_a_denied_purpose_is_no_purpose(facts: Facts, sentence: str) -> None:
    assert _by_name(facts(f"{ASKED}{sentence}\n"))["SystmOne"].purpose is None


def test_both_after_answers_that_named_others_speaks_of_the_first_two_in_use(
    facts: Facts,
) -> None:
    """ "Both systems" in an answer that names none are the first two systems in use the reply
    named, not every system it names anywhere (ContrOCC, named later, keeps its own)."""
    found = _by_name(
        facts(
            "**Q1. Which software do you use for children's social care?** We use Liquidlogic "
            "LCS. It replaced Capita ICS in 2017.\n\n"
            "**Q2. And for adult social care?** Liquidlogic LAS, live since October 2017.\n\n"
            "**Q3. Where are these hosted?** Both systems are hosted by the supplier.\n\n"
            "**Q4. When do the contracts end?** LCS and LAS are both covered until 31 March "
            "2027.\n\n"
            "**Q5. What do you use for finance?** ContrOCC, supplied by OCC. It is hosted on "
            "our own infrastructure.\n",
            "reply.md",
        )
    )
    hosting = {name: found[name].hosting for name in ("Liquidlogic LCS", "Liquidlogic LAS")}
    assert hosting == {"Liquidlogic LCS": "supplier", "Liquidlogic LAS": "supplier"}
    assert found["ContrOCC"].hosting == "council"
    assert found["Capita ICS"].hosting is None
    # a contract "covered until" a date ends no use
    assert found["Liquidlogic LAS"].status == "current"


def test_a_restated_request_dates_no_system(facts: Facts) -> None:
    """ "You asked ... whether these have changed since the Council was formed on 1 April
    2023": the requester's words, no system's go-live."""
    (fact,) = facts(
        "Response\n\nYou asked for the names of the systems, their go-live dates and whether "
        "these have changed since the Council was formed on 1 April 2023.\n\n"
        "Liquidlogic LCS - children's social care case management. In use since October 2012.\n"
    ).systems
    assert fact.in_use_since == "2012-10"


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        # "X is an add-on to LCS that ...; it has been in use since April 2021": the clause's
        # "it" is the sentence's subject (X), not the other system the first clause names
        (
            "ContrOCC is an add-on to LCS that pays allowances to foster carers; it has been in "
            "use since April 2021.",
            {"ContrOCC": "2021-04", "Liquidlogic LCS": None},
        ),
        # ", also from Y, which ..." is no clause break: the date is the replaced system's
        (
            "Eclipse replaced CareFirst, also from OLM Systems, which the Council had used since "
            "2002.",
            {"CareFirst": "2002", "Eclipse": None},
        ),
    ],
)
def test_a_date_reaches_the_system_its_clause_speaks_of(
    facts: Facts, sentence: str, dates: dict[str, str | None]
) -> None:
    found = _by_name(facts(f"{ASKED}{sentence}\n"))
    assert {name: found[name].in_use_since for name in dates} == dates


def test_a_system_in_use_in_one_area_and_planned_in_another_is_current_there(
    facts: Facts,
) -> None:
    """What one area uses and another only plans to move to is current, and the area that
    uses it is its area (the plan does not make it "both")."""
    found = _by_name(
        facts(
            f"{ASKED}Children's social care has used Eclipse since October 2022. Adult social "
            "care plans to move from CareFirst to Eclipse next year.\n"
        )
    )
    eclipse = found["Eclipse"]
    assert (eclipse.service_area, eclipse.status) == ("children", "current")
    assert (found["CareFirst"].service_area, found["CareFirst"].status) == ("adults", "current")


def test_a_status_cue_in_a_relative_clause_is_its_antecedents_alone(facts: Facts) -> None:
    """ "ContrOCC, which the finance team uses for charging, will be interfaced with Eclipse":
    the clause's "uses" speaks of ContrOCC; the sentence's verb comes back after the comma,
    so Eclipse, awarded for both areas, stays planned and both areas'."""
    award = (
        "To award a contract to OLM Systems Ltd for the supply of Eclipse, for both Adult "
        "Services and Children's Services.\n\n"
    )
    kept = (
        "ContrOCC, which the Adult Services Finance Team uses for charging, will be kept and "
        "interfaced with Eclipse.\n"
    )
    eclipse = _by_name(facts(ASKED + award + kept))["Eclipse"]
    assert (eclipse.service_area, eclipse.status) == ("both", "planned")


@pytest.mark.parametrize(
    "named",
    [
        "The Council has signed a contract with OLM Systems for Eclipse, which will replace "
        "CareFirst.",
        "In March 2024 the Council awarded a contract for the upgrade from CareFirst to Eclipse.",
    ],
)
def test_a_bare_sentence_after_a_replacement_speaks_of_the_system_coming_in(
    facts: Facts, named: str
) -> None:
    """The system another replaces is no subject of the next sentence that names none: the
    contract that "started on 1 April 2024" is the incoming system's."""
    found = _by_name(facts(f"{ASKED}{named} The contract started on 1 April 2024.\n"))
    assert found["Eclipse"].contract_start == "2024-04-01"
    assert found["CareFirst"].contract_start is None


def test_a_full_line_runs_on_into_a_line_that_opens_with_a_capital(facts: Facts) -> None:
    """Text wrapped at a fixed width (a PDF's paragraph, a plain-text e-mail) breaks its lines
    wherever the width ends, also inside a name ("... and Tallyford" / "Data hosts it"): a
    line as long as the wrapping allows runs on; a short line (a heading) and a line that
    opens with a label do not."""
    reply = (
        "1. Which system records casework with families?\n\n"
        "Our family support practitioners record their plans and reviews in the Harrowgate\n"
        "Case Manager, a product of Tallyford Data Ltd. "
        "Harrowgate went live in 2021 and Tallyford\n"
        "Data hosts it on our behalf under the terms of its support agreement.\n\n"
        "Adult social care\n"
        "Adult social care uses Mosaic, supplied by Servelec, and it is hosted by the supplier.\n"
        "Hosting: the supplier's cloud\n"
    )
    found = _by_name(facts(reply))
    wrapped = next(fact for name, fact in found.items() if name and "Harrowgate" in name)
    assert (wrapped.supplier, wrapped.hosting) == ("Tallyford Data", "supplier")
    assert found["Mosaic"].service_area == "adults"


def test_a_sentence_naming_the_software_supplier_supplies_the_system_in_play(
    facts: Facts,
) -> None:
    (fact,) = facts(
        f"{ASKED}Both services record their work on WCCIS. The software supplier is "
        "CareWorks (UK) Ltd. The system is hosted on behalf of all participating "
        "organisations by DHCW.\n"
    ).systems
    assert (fact.system, fact.supplier, fact.hosting, fact.host_organisation) == (
        "WCCIS",
        "CareWorks",
        "third_party",
        "DHCW",
    )


def test_a_contrast_sets_its_system_apart_from_the_hosting_said_of_another(
    facts: Facts,
) -> None:
    found = facts(
        f"{ASKED}The Council uses WCCIS and ContrOCC. Unlike WCCIS, ContrOCC runs on servers in "
        "the council's own data centre.\n"
    ).systems
    assert {f.system: f.hosting for f in found} == {"WCCIS": None, "ContrOCC": "council"}


@pytest.mark.parametrize(
    ("systems", "dated"),
    [
        ("the Liquidlogic Children's System", {"Liquidlogic LCS": "2015-06"}),
        # two systems in use for children: which one is "the children's system" is unknown
        ("the Liquidlogic Children's System and the Early Help Module", {}),
    ],
)
def test_the_system_a_subject_refers_back_to_is_the_one_that_replaced(
    facts: Facts, systems: str, dated: dict[str, str]
) -> None:
    found = facts(
        f"1. Which systems do you use?\n\nChildren's Social Care records its work in {systems}."
        "\n\n2. When did it go live?\n\nThe children's system replaced CareFirst in June 2015.\n"
    ).systems
    assert {f.system: f.in_use_since for f in found if f.in_use_since} == dated


@pytest.mark.parametrize(
    ("sentence", "start"),
    [
        # a stated start outranks the signing date beside it
        (
            "The contract was signed in November 2023 and runs for seven years from 1 December "
            "2023.",
            "2023-12-01",
        ),
        # with no start of its own, the signing dates it
        ("The contract was signed in November 2023.", "2023-11"),
    ],
)
def test_a_stated_start_outranks_a_signing_date(facts: Facts, sentence: str, start: str) -> None:
    (fact,) = facts(f"{ASKED}We use Eclipse. {sentence}\n").systems
    assert fact.contract_start == start


def test_a_clause_after_a_semicolon_states_the_supplier_of_the_sentences_system(
    facts: Facts,
) -> None:
    (fact,) = facts(
        f"{ASKED}ASC has used CareDirector since July 2019; the supplier is CareWorks.\n"
    ).systems
    assert (fact.system, fact.supplier, fact.in_use_since) == (
        "CareDirector",
        "CareWorks",
        "2019-07",
    )


def test_a_name_right_after_not_through_gives_it_no_area(facts: Facts) -> None:
    (fact,) = facts(
        f"{ASKED}Finance (Adult Social Care only): ContrOCC, from Oxford Computer Consultants. "
        "Children's placement payments are made through the corporate finance system and not "
        "through ContrOCC.\n"
    ).systems
    assert (fact.system, fact.service_area) == ("ContrOCC", "adults")


def test_all_three_systems_are_the_three_in_use_not_the_one_they_replaced(facts: Facts) -> None:
    found = _by_name(
        facts(
            f"{ASKED}Adult Social Care has used LAS since 2015. LAS replaced CareFirst, which "
            "was switched off in 2016. Children use LCS. Payments go through ContrOCC. All three "
            "systems are hosted off site by their suppliers.\n"
        )
    )
    assert {name: fact.hosting for name, fact in found.items()} == {
        "Liquidlogic LAS": "supplier",
        "CareFirst": None,
        "Liquidlogic LCS": "supplier",
        "ContrOCC": "supplier",
    }


@pytest.mark.parametrize(
    ("value", "area"),
    [("Children and Families (Early Help)", "children"), ("Adults", "adults")],
)
def test_a_records_service_area_field_gives_its_system_the_area(
    facts: Facts, value: str, area: str
) -> None:
    (fact,) = facts(f"{ASKED}System: Mosaic\nSupplier: Servelec\nService area: {value}\n").systems
    assert fact.service_area == area
