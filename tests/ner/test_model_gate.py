"""A name only the model found counts as a product only where it stands as one (ner.model@6):
the shapes of the false names the model made on development text it never trained on
(pipelines/ner/crossval.py), each with a shape that must still pass. The "model" here is a
blank pipeline with an entity ruler, so the test checks the gate, not the weights."""

from __future__ import annotations

import pytest
import spacy

from foi_extract.extract.model_gate import Candidate, refusal

UNSUPPORTED = "a name no second source supports"


def _refusal(
    sentence: str, name: str, others: tuple[str, ...] = (), document: str = ""
) -> str | None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "SYSTEM", "pattern": text} for text in (name, *others)])
    doc = nlp(sentence)
    (ent,) = [e for e in doc.ents if e.text == name]
    spans = [(e.start_char, e.end_char) for e in doc.ents if e != ent]
    return refusal(Candidate(ent, spans, document or sentence))


def _gate(sentence: str, name: str, others: tuple[str, ...] = ()) -> bool:
    return _refusal(sentence, name, others) is None


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # a piece of a longer capitalised name, across "and" or directly
        ("Systems support the Craven Health and Care Partnership.", "Craven Health"),
        ("The system is hosted by Digital Health and Care Wales (DHCW).", "Care Wales"),
        ("Data goes to the Kestrel Health Board daily.", "Kestrel Health"),
        # a team, a service, a stage by the word after it
        ("Teams including the First Point of Contact team use the system.", "First Point"),
        ("The system serves the Leaving Care service.", "Leaving Care"),
        ("Suppliers unsuccessful at the PQQ & ITT stages.", "PQQ & ITT"),
        # a single plain word: a place, a label
        ("The system is hosted at our data centre in Hertford.", "Hertford"),
        ("Milestone: Liquidlogic contract signed.", "Milestone"),
        # teams and services, however they are listed or named
        ("It serves the Duty Service, the Leaving Care service and Fostering teams.", "Fostering"),
        (
            "Used by: the Front Door, Locality Teams, Ashby Reablement Hub, Safeguarding Hub",
            "Ashby Reablement Hub",
        ),
        (
            "The system is used by the Leaving Care service (Ashby Leavers Hub).",
            "Ashby Leavers Hub",
        ),
        ("The system options go to the IJB Finance, Audit and Scrutiny Committee.", "IJB Finance"),
        ("Health colleagues in the MASH use their own systems.", "MASH"),
        # a name (or a list of them) a bracket after it calls services
        ("The systems used by Porth Cynnal (the Council's social care services).", "Porth Cynnal"),
        (
            "Providers use the Ashby Provider Portal, a SharePoint site, for documents.",
            "Ashby Provider Portal",
        ),
        # an organisation that uses a system: the subject of a verb of using, software after it
        (
            "Ashby Children First uses the children's system under our contract.",
            "Ashby Children First",
        ),
        ("Tollan Care Group shares the case system with us.", "Tollan Care Group"),
        # a person's role
        ("Owner: Principal Social Worker (Adults) | Review due: 2024", "Principal Social Worker"),
        ("Questions go to the Systems Lead for adults.", "Systems Lead"),
        # the start of a name wrapped over a line: the model read only its first line
        (
            "To award a contract for a care sourcing and brokerage system, Harbour Care\nExchange, "
            "from Harbourline Digital.",
            "Harbour Care",
        ),
    ],
)
def test_names_that_do_not_stand_as_products(sentence: str, name: str) -> None:
    # the document names it twice, so each is refused for its shape, not for want of support
    reason = _refusal(sentence, name, document=f"{sentence}\n{name} is used.")
    assert reason is not None and reason != UNSUPPORTED


@pytest.mark.parametrize(
    ("sentence", "name", "others"),
    [
        ("We use Kinetic Hub for early help, supplied by Brightwater Ltd.", "Kinetic Hub", ()),
        # one word before "and" may be another product; the name's maker supports it
        ("Payments run in Carewise and PayBridge from Tollan Ltd.", "PayBridge", ()),
        ("Payments run in Carewise and Pay Bridge (Tollan).", "Pay Bridge", ("Carewise",)),
        ("Cases are recorded in the Harbour Case Manager system.", "Harbour Case Manager", ()),
        ("We use the Lantern module for brokerage.", "Lantern", ()),  # a plain word, then "module"
        ("Lantern (brokerage) is hosted in Azure.", "Lantern", ()),
        ("Brokerage uses CareLink2 (Tollan) since 2019.", "CareLink2", ()),
        # a product that uses something that is no software; a product named "... Manager"
        ("Kinetic Hub uses Azure storage, supplied by Brightwater Ltd.", "Kinetic Hub", ()),
        ("Cases are held in the Oriel Case Manager system.", "Oriel Case Manager", ()),
    ],
)
def test_names_that_stand_as_products(sentence: str, name: str, others: tuple[str, ...]) -> None:
    assert _gate(sentence, name, others)


def test_a_building_at_the_head_of_an_address_is_no_product() -> None:
    sentence = "The data centre closed following the move to Ashby One."
    letterhead = "Ashby One, Market Place, Ashby AB6 6BH\n"
    assert _refusal(sentence, "Ashby One", document=letterhead + sentence) == (
        "a building at the head of an address"
    )
    # a product named in a sentence with a postcode elsewhere is still a product
    product = "Ashby One, our case system, went live in 2020. Write to AB6 6BH."
    assert _refusal(product, "Ashby One", document=product + "\nAshby One is used.") is None


def test_the_end_of_a_name_wrapped_over_a_line_is_no_product() -> None:
    first = "1. Social work services for children and adults use Stromlight\n"
    sentence = "CaseBook, a case management system supplied by Noust Software Ltd."
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "SYSTEM", "pattern": "CaseBook"}])
    (ent,) = nlp(sentence).ents
    document = first + sentence + "\nStromlight CaseBook is hosted on our servers.\n"
    assert refusal(Candidate(ent, [], document, len(first))) == (
        "the end of a name wrapped over a line"
    )
    # a heading line is no wrapped prose: the product opening the next line stands
    heading = "Response\n"
    assert refusal(Candidate(ent, [], heading + sentence, len(heading))) is None


def test_a_name_named_once_with_no_software_word_or_maker_after_it_is_unsupported() -> None:
    assert _refusal("Brokerage uses CareLink2 since 2019.", "CareLink2") == UNSUPPORTED
    twice = "Brokerage uses CareLink2 since 2019.\nCareLink2 is hosted in Azure."
    assert _refusal("Brokerage uses CareLink2 since 2019.", "CareLink2", document=twice) is None
    assert _gate("Brokerage uses the CareLink2 module since 2019.", "CareLink2")
    assert _gate("Brokerage uses CareLink2, supplied by Tollan Ltd, since 2019.", "CareLink2")
