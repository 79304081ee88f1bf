"""Products the gazetteer does not list: announced by a shape, then full facts wherever named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from foi_extract import rules
from foi_extract.extract import extract_facts
from foi_extract.extract.products import clean_name
from foi_extract.ingest import ingest_bytes
from foi_extract.records import SystemFact
from foi_extract.rules import PACKAGE_RESOURCES


def _facts(text: str, name: str = "reply.txt") -> dict[str, SystemFact]:
    document = ingest_bytes(text.encode(), name)[0]
    return {fact.system or "": fact for fact in extract_facts(document).systems}


ANNOUNCED = [  # (sentence, product, supplier)
    ("Early help teams use FamilyThread, supplied by Brightwater Civic.",
     "FamilyThread", "Brightwater Civic"),
    ("Name of system: Quillon\nSupplier: Formwright Solutions Ltd\n",
     "Quillon", "Formwright Solutions"),
    ("System: Guillemot Finance | Supplier: Shorebird Software Ltd | Hosting: Cloud\n",
     "Guillemot Finance", "Shorebird Software"),
    # a name ends before the word that is the next label on its line
    ("Name of system: Quillon Finance   Supplier: Formwright Solutions Ltd   Hosting: Cloud\n",
     "Quillon Finance", "Formwright Solutions"),
    ("Visits are planned in Quayside Rota from Quayside Workforce Solutions.",
     "Quayside Rota", "Quayside Workforce Solutions"),
    ("We have a contract with Pelham Fleet Systems for QuayRoute, which plans transport.",
     "QuayRoute", "Pelham Fleet Systems"),
    ("Therapists use Hazelmere, a tool for recording equipment assessments, from Quillfield "
     "Health Tech Ltd.", "Hazelmere", "Quillfield Health Tech"),
    ("Payments are calculated in the PFM (Provider Finance Manager) module.",
     "Provider Finance Manager", None),
    ("Carers are recorded in Kindling, an application developed in-house by the council.",
     "Kindling", None),
    ("Young people are followed up in TRAX, which the Council's ICT Services built in 2019.",
     "TRAX", None),
    ("The Council has contracted with Larchfield Software to replace CareFirst with Larchfield "
     "Care.", "Larchfield Care", None),
    # an appositive saying what it is and who makes it
    ("Carers are assessed in the Harthaven Record (HR), a product of Tallowgate Systems.",
     "Harthaven Record", "Tallowgate Systems"),
    ("Packages go through Northway Exchange, an online marketplace from Northway Digital Care.",
     "Northway Exchange", "Northway Digital Care"),
    # an appositive wrapped over a line; an acronym with its expansion is named by the
    # expansion (its X stands for "Exchange")
    ("Accounts are audited in DPAX (Direct Payments Audit Exchange), a\nweb-based audit tool "
     "supplied by Fernwick Data.", "Direct Payments Audit Exchange", "Fernwick Data"),
    # a weak shape with no software word, held by the name's own acronym; seven words
    ("Since 2015 social work has been recorded in the Social Care Records and Integrated "
     "Business Engine (SCRIBE).", "Social Care Records and Integrated Business Engine", None),
    ("The service keeps its family support records in the Compass Family Support Record "
     "(CFSR).", "Compass Family Support Record", None),
    # ... or held by the next sentence calling it software; an adverb after the verb
    ("Visits are scheduled in RotaHarbour. The product was supplied by Penwithick Software.",
     "RotaHarbour", "Penwithick Software"),
    ("Referrals are recorded separately, in Cysylltu Plus. This is a small system built for us "
     "by a local company.", "Cysylltu Plus", None),
    # what the council does to get it: "a web portal we license from Y"
    ("Requests go to providers through Quillmarket Brokerage, a web portal we license from "
     "Quillon Digital.", "Quillmarket Brokerage", "Quillon Digital"),
    # an award to a company, an aside between: "a direct award to Y, via a framework, for the X"
    ("To make a direct award to Ryeton Digital Ltd, via a compliant framework, for the Sedgefold "
     "Brokerage Exchange (SBX).", "Sedgefold Brokerage Exchange", "Ryeton Digital"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "product", "supplier"), ANNOUNCED)
def test_a_shape_announces_a_product_with_its_supplier(
    sentence: str, product: str, supplier: str | None
) -> None:
    facts = _facts(sentence + "\n")
    assert product in facts, facts.keys()
    fact = facts[product]
    assert fact.listed is False and fact.supplier == supplier
    assert fact.extractor.startswith("products.")


def test_a_name_short_for_a_listed_product_of_a_supplier_the_document_names_is_it() -> None:
    facts = _facts(
        "Which systems do you use?\n\nAdult finance runs on ContrOCC. ContrOCC and the "
        "MarketPlace platform are both hosted by Oxford Computer Consultants.\n"
    )
    assert sorted(facts) == ["ContrOCC", "OCC MarketPlace"]
    assert facts["OCC MarketPlace"].listed is True
    # no supplier of that product named: an unlisted product of its own
    alone = _facts("Which systems do you use?\n\nProviders use the MarketPlace platform.\n")
    assert "OCC MarketPlace" not in alone


def test_a_system_columns_product_takes_its_rows_supplier_cell() -> None:
    """A company is a company by its legal form, whatever street word its name holds."""
    facts = _facts(
        "Which systems do you use?\n\n| System | Supplier | Hosting |\n|---|---|---|\n"
        "| Costwise Charging | Anvil Lane Software Ltd | Council servers |\n",
        "reply.md",
    )
    assert facts["Costwise Charging"].supplier == "Anvil Lane Software"


def test_a_descriptive_name_with_its_supplier_is_the_listed_product_they_spell() -> None:
    """ "Liquidlogic" before "ICS" spells the gazetteer's Liquidlogic ICS (Liquidlogic LCS)."""
    facts = _facts(
        "Children's social care records case work in the Integrated Children's System (ICS) "
        "provided by Liquidlogic.\n"
    )
    assert set(facts) == {"Liquidlogic LCS"}
    assert facts["Liquidlogic LCS"].listed is True
    assert facts["Liquidlogic LCS"].supplier == "Liquidlogic"


def test_a_system_column_or_label_cell_names_a_product() -> None:
    page = (
        "<p>Which systems do you use?</p><table><tr><th>System</th><th>Supplier</th>"
        "<th>Contract end</th></tr><tr><td>Kestrel Finance</td><td>Kestrel Data Ltd</td>"
        "<td>31/03/2027</td></tr><tr><td>Case management</td><td>n/a</td><td>-</td></tr>"
        "</table><table><tr><td>Service area</td><td>Adults</td></tr>"
        "<tr><td>Name of system</td><td>Harrier Portal</td></tr></table>"
    )
    facts = _facts(f"<html><body>{page}</body></html>", "page.html")
    assert set(facts) == {"Kestrel Finance", "Harrier Portal"}  # "Case management" is no name
    assert facts["Kestrel Finance"].contract_end == "2027-03-31"
    assert facts["Harrier Portal"].extractor == "products.table_cell@1"  # beside its label


def test_an_unlisted_product_gets_the_facts_of_later_sentences_and_cross_references() -> None:
    text = (
        "1. Which system do you use for early help?\n\n"
        "Early help teams use FamilyThread, supplied by Brightwater Civic. FamilyThread has been "
        "in use since May 2019.\n\n"
        "2. How is it hosted and when does the contract end?\n\n"
        "The system is hosted by the supplier. The contract expires on 31 March 2027.\n"
    )
    fact = _facts(text)["FamilyThread"]
    assert (fact.hosting, fact.contract_end, fact.in_use_since) == (
        "supplier",
        "2027-03-31",
        "2019-05",
    )
    assert {e.field for e in fact.field_evidence} >= {"hosting", "contract_end", "supplier"}


@pytest.mark.parametrize(
    "later",
    [
        "CFSR was renamed in 2022 by the supplier, Brightwater Civic Software Ltd.",
        "CFSR was developed and is supported by Brightwater Civic Software Ltd.",
    ],
)
def test_a_later_sentence_of_the_paragraph_names_an_unlisted_products_supplier(
    later: str,
) -> None:
    text = f"Family support is recorded in the Compass Family Support Record (CFSR). {later}\n"
    assert _facts(text)["Compass Family Support Record"].supplier == "Brightwater Civic Software"


def test_acronyms_and_former_names_are_the_same_product() -> None:
    text = (
        "Home care is offered through Northway Exchange (previously known as ProvidaLink), "
        "supplied by Weftgate Ltd. Providers log in to ProvidaLink as before.\n\n"
        "Short breaks are recorded in the SPAN system (Short-break Payments and Allocations "
        "Network). SPAN is hosted in Azure.\n"
    )
    facts = _facts(text)
    assert set(facts) == {"Northway Exchange", "Short-break Payments and Allocations Network"}
    assert facts["Short-break Payments and Allocations Network"].hosting == "cloud"


@pytest.mark.parametrize(
    "sentence",
    [
        "The Business Systems Team uses Microsoft Excel, supplied by Microsoft.",
        "Records are made in Brighton & Hove's own system, which is hosted by the council.",
        "Payments are made through the Council's Oracle Fusion finance system.",
        "Contract notices are published on the Public Contracts Scotland portal.",
        "Reports are held in Ruthin.",
        "The systems are not run on Council-owned hardware apart from the ledger.",
        "The system is supplied by Northgate.",
        # a sentence adverb before an appositive is no name
        "Separately, the Council's own records system is hosted on premises.",
        # a place is no short form of the product it opens: the product is the NHS's, and
        # "London" alone in the next sentence is a place
        "Staff view the London Care Record, which is provided by the NHS. Our partners "
        "include South London and Maudsley NHS Foundation Trust.",
        # a team with its acronym, no software word: a weak shape's name must call itself
        # software to stand without one
        "Contacts are held in the Single Point of Access (SPA) and passed to teams.",
        # a place after a weak shape, the next sentence speaking of a team
        "Visits are scheduled in Kirkwall. The team is based at the Council offices.",
    ],
)
def test_organisations_places_and_office_tools_are_no_products(sentence: str) -> None:
    assert not [f for f in _facts(sentence + "\n").values() if not f.listed]


def test_the_requesters_words_announce_nothing() -> None:
    text = (
        "Dear Sir,\n\nYour request:\n\nDo you use Fernbrook Match, supplied by Fernbrook Ltd?\n\n"
        "Our response:\n\nThe Council does not hold this information.\n"
    )
    assert _facts(text) == {}


def test_name_checks() -> None:
    assert clean_name("Yes The Kestrel Finance") == "Kestrel Finance"
    assert clean_name("Case Management") is None  # only descriptive words
    assert clean_name("Provider Finance Manager", acronym=True) == "Provider Finance Manager"
    assert clean_name("Children's Services Directorate") is None
    assert clean_name("March") is None
    assert clean_name("Council-owned") is None  # an organisation word inside a compound
    assert clean_name("Corporate ERP") is None  # what a back office is, not a product's name
    assert clean_name("Revenues and Benefits") is None  # a back-office service's name
    assert clean_name("Kestrel-Link") == "Kestrel-Link"


def test_a_new_shape_is_one_rule_in_the_products_file(
    fresh_resources: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentence = "Direct payments went live on Pennywise Cards in 2022.\n"
    assert _facts(sentence) == {}
    folder = tmp_path / "resources"
    shutil.copytree(PACKAGE_RESOURCES, folder)
    with (folder / "rules" / "products.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n[[rule]]\nid = "went_live_on"\n# "went live on X"\nstrength = "strong"\n'
            "patterns = ['(?i:went live on)[ \\t]+NAME']\n"
        )
    monkeypatch.setenv("FOI_EXTRACT_RESOURCES", str(folder))
    rules.reload()
    fact = _facts(sentence)["Pennywise Cards"]
    assert (fact.extractor, fact.in_use_since) == ("products.went_live_on@1", "2022")


def test_what_replaces_a_system_is_planned_and_the_system_it_replaces_current() -> None:
    facts = _facts(
        "The Council has contracted with Larchfield Software to replace CareFirst with "
        "Larchfield Care.\n"
    )
    assert (facts["Larchfield Care"].status, facts["CareFirst"].status) == ("planned", "current")


def test_no_product_is_read_by_its_case_from_a_line_in_capitals() -> None:
    # every word is capitalised: the shape cannot tell the name from "AN APP"
    shouted = "CARE LEAVERS USE HARBOUR PLANNER, AN APP SUPPLIED BY COBALT YOUTH LTD.\n"
    assert _facts(shouted) == {}
    # the same sentence in ordinary case is read
    said = "Care leavers use Harbour Planner, an app supplied by Cobalt Youth Ltd.\n"
    assert list(_facts(said)) == ["Harbour Planner"]


def test_a_family_named_where_a_product_goes_is_the_familys_product() -> None:
    """Liquidlogic's products go by its name (products.toml `families`): a record awarding the
    contract to it, or case records held in it, name its product when no module is named."""
    award = _facts(
        "Record of Decision\n\nTitle of contract\n\nIntegrated Adults and Children's Case "
        "Management System\n\nName of Successful Contractor\n\nLiquidlogic Ltd\n"
    )
    assert set(award) == {"Liquidlogic"}
    assert award["Liquidlogic"].listed is False and award["Liquidlogic"].supplier == "Liquidlogic"
    held = _facts("Which system do you use?\n\nCase records are held in Liquidlogic.\n")
    assert set(held) == {"Liquidlogic"}


def test_a_family_whose_module_is_named_is_that_module_only() -> None:
    facts = _facts(
        "Which system do you use?\n\nCase records are held in Liquidlogic. The module is "
        "Liquidlogic LAS.\n"
    )
    assert set(facts) == {"Liquidlogic LAS"}


def test_an_awarded_contractor_is_no_product_unless_a_family() -> None:
    facts = _facts("Name of Successful Contractor\n\nHeron Data Ltd\n")
    assert facts == {}


@pytest.mark.parametrize(
    ("text", "name", "hosting"),
    [
        # an acronym's X stands for a word opening with "ex"
        (
            "To make a direct award to Ryeton Digital Ltd for the Sedgefold Brokerage Exchange "
            "(SBX) from 1 April 2024.\n\nSBX will replace email and spreadsheets. It is a hosted "
            "service.\n",
            "Sedgefold Brokerage Exchange",
            "supplier",
        ),
        # "the" and the name without its first word
        (
            "Care providers submit invoices through the Provexa Provider Hub, which was built for "
            "the Council by Meridale Digital Ltd and went live on 1 February 2022.\n\n"
            "Mosaic and the Provider Hub are both cloud-hosted.\n",
            "Provexa Provider Hub",
            "cloud",
        ),
    ],
)
def test_a_later_spelling_stands_for_the_product(text: str, name: str, hosting: str) -> None:
    assert _facts(text)[name].hosting == hosting


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X, used by ..., under a contract with Y"; a company's legal form wrapped onto the
        # next line stays in its name ("Fostrix" / "Ltd"); "Both" speaks of the list above
        (
            "We also use two smaller systems:\n\n"
            "- CarerSpace, a self-service portal for unpaid carers, supplied by Meridian Civic\n"
            "Software Ltd. It went live in January 2023.\n"
            "- PlacementFinder, used by children's services to search for placements, under a "
            "contract with Fostrix\nLtd that started on 1 April 2023.\n\n"
            "Both are hosted by their suppliers.\n",
            {
                "PlacementFinder": ("Fostrix", "supplier", "2023-04-01"),
                "CarerSpace": (None, "supplier", None),
            },
        ),
        # "award a contract directly to Y for the supply, hosting and support of X"; "The
        # portal is hosted by ..." speaks of X, not of the system named last
        (
            "To award a contract directly to Fenwick & Lowe Digital Ltd for the supply, hosting "
            "and support of the Placewise Brokerage Portal from 1 July 2024.\n\n"
            "Accepted placements will be passed to Mosaic, the case management system. The "
            "portal is hosted by Fenwick & Lowe Digital.\n",
            {
                "Placewise Brokerage Portal": ("Fenwick & Lowe Digital", "supplier", None),
                "Mosaic": (None, None, None),
            },
        ),
    ],
)
def test_supplier_hosting_and_start_reach_the_product_they_speak_of(
    text: str, expected: dict[str, tuple[str | None, str | None, str | None]]
) -> None:
    facts = _facts(text)
    found = {
        name: (facts[name].supplier, facts[name].hosting, facts[name].contract_start)
        for name in expected
    }
    assert found == expected
