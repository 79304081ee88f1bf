"""Which council wrote a document: evidence weighed by where a name stands and what surrounds it."""

from __future__ import annotations

import random

from foi_extract.link.authorities import ADDRESS, addresses, link_authority
from tests.link.conftest import parse


def council(text: str, name: str = "reply.txt") -> tuple[str | None, str | None]:
    found = link_authority(parse(text, name))
    return (found.name, found.evidence) if found else (None, None)


def test_letterhead_and_signature_beat_a_partner_named_more_often() -> None:
    text = (
        "Isle of Wight Council\nCounty Hall, Newport\n\nDear Ms Example\n\n"
        "Children's services are delivered in partnership with Hampshire County Council.\n"
        "LCS is hosted by Hampshire County Council in its data centre.\n"
        "Hampshire County Council is a separate authority and answers for its own systems.\n\n"
        "Yours sincerely\n\nInformation Governance\nIsle of Wight Council\n"
    )
    name, evidence = council(text)
    assert name == "Isle of Wight Council"
    assert evidence is not None and evidence.startswith("letterhead 'Isle of Wight Council'")


def test_a_neighbour_named_only_as_someone_else_is_no_council_at_all() -> None:
    text = (
        "Thank you for your request about social care systems.\n\n"
        "Please note that Hull City Council is a separate authority; any request about its "
        "systems should be made to Hull City Council directly.\n"
    )
    assert council(text) == (None, None)


def test_a_predecessor_council_is_not_the_writer() -> None:
    text = (
        "Thank you for your request. Mosaic went live in 2015 under the former Dorset County "
        "Council, and the contract passed to us in 2019.\n\n"
        "The contract was let by the predecessor, Dorset County Council, in 2014.\n\n"
        "Kind regards\n\nDorset Council\n"
    )
    assert council(text)[0] == "Dorset Council"


def test_the_request_salutation_names_the_council_on_a_whatdotheyknow_page() -> None:
    text = (
        "A. Requester 2 March 2021\n\nDear Barnet Borough Council,\n\n"
        "Please tell me which case management system you use.\n\n"
        "Yours faithfully,\n\nA. Requester\n"
    )
    assert council(text) == (
        "London Borough of Barnet",
        "salutation 'Barnet Borough Council'",
    )


def test_a_short_name_with_council_is_a_spelling_of_the_official_name() -> None:
    text = "Southwark Council\nInformation Governance Team\n\nDear Mr Example\n"
    assert council(text)[0] == "London Borough of Southwark"


def test_a_key_value_cell_names_the_responding_council() -> None:
    text = (
        "Item,Detail\nOrganisation,Isle of Wight Council\nFOI reference,IOW-FOI-2025-0001\n"
        "Hosting,Hosted by Hampshire County Council under the shared service\n"
        "Partner,Hampshire County Council runs the partnership\n"
    )
    name, evidence = council(text, "register.csv")
    assert name == "Isle of Wight Council"
    assert evidence is not None and evidence.startswith("field 'Isle of Wight Council'")


def test_a_council_domain_that_is_not_its_name_links_from_the_register_of_domains() -> None:
    text = (
        "Our systems are listed below.\n\n" + "Details. " * 40 + "\n\nContact: foi@hants.gov.uk\n"
    )
    assert council(text) == ("Hampshire County Council", "e-mail address 'foi@hants.gov.uk'")


def test_an_address_in_the_letterhead_says_where_it_stood() -> None:
    text = "www.kirklees.gov.uk\n\nDear Mr Example\n"
    assert council(text) == (
        "Kirklees Council",
        "web address 'www.kirklees.gov.uk' in the letterhead",
    )


def test_the_source_url_decides_whatever_the_text_names() -> None:
    document = parse("Hull City Council is a separate authority.\n")
    document.source_url = "https://www.eastriding.gov.uk/council/disclosure-log/2602118/"
    found = link_authority(document)
    assert found is not None
    assert (found.name, found.evidence) == (
        "East Riding of Yorkshire Council",
        "source URL www.eastriding.gov.uk",
    )


def test_signed_for_and_on_behalf_of_the_council_is_its_signature() -> None:
    text = (
        "Dear Mr Example\n\nThe information you asked for is below.\n\n" + "Details. " * 60 + "\n\n"
        "Yours sincerely\n\nSigned for and on behalf of Wiltshire Council\n"
    )
    assert council(text) == ("Wiltshire Council", "signature 'Wiltshire Council'")


def test_a_case_name_is_not_a_council_speaking() -> None:
    text = (
        "We considered the decision in Information Commissioner v Devon County Council & "
        "Dransfield when refusing your request.\n"
    )
    assert council(text) == (None, None)


def test_a_councils_sub_domain_of_a_disclosure_log_platform_is_its_source() -> None:
    document = parse("Request: which system do you use?\n")
    document.source_url = "https://exampleton.disclosurelog.co.uk/disclosures/1234"
    assert link_authority(document) is None
    document.source_url = "https://herefordshire.disclosurelog.co.uk/disclosures/1234"
    found = link_authority(document)
    assert found is not None and found.name == "Herefordshire Council"


def test_a_council_describing_its_own_hosting_is_itself() -> None:
    text = (
        "Dear Mr Example\n\n" + "Details. " * 40 + "\n\nKent County Council hosts LCS on its "
        "own servers. Medway Council hosts its system for us under a shared service.\n"
    )
    assert council(text) == ("Kent County Council", "self description 'Kent County Council'")


def test_a_council_pointed_to_as_an_example_is_not_the_writer() -> None:
    text = (
        "Dear Mr Example\n\n" + "Details. " * 40 + "\n\nDistrict councils, such as Maidstone "
        "Borough Council, hold their own records. For example, Swale Borough Council has its "
        "own FOI team at www.swale.gov.uk. You can contact us directly at foi@kent.gov.uk.\n"
    )
    assert council(text) == ("Kent County Council", "e-mail address 'foi@kent.gov.uk'")


def test_a_pages_title_names_its_site_when_the_text_does_not() -> None:
    page = (
        "<html><head><title>Minutes - Scrutiny Board (Adults) | Barnsley Council democracy"
        "</title></head><body><header>site menu</header><main><h1>Minutes</h1>"
        "<p>The board noted that adult social care records are kept in Mosaic.</p></main>"
        "</body></html>"
    )
    match = link_authority(parse(page, "minutes.html"))
    assert match is not None and match.name == "Barnsley Metropolitan Borough Council"
    assert link_authority(parse("The board noted the report.", "minutes.txt")) is None


def test_addresses_are_those_a_scan_of_the_whole_text_finds() -> None:
    """`addresses` scans only the runs of non-space characters that hold a host's ending; on
    texts stitched from addresses, near-misses and odd spaces (a no-break space, tabs) it
    finds what `ADDRESS.finditer` finds over the whole text, at the same offsets."""
    parts = [
        "foi@leeds.gov.uk",
        "www.kent.gov.uk/foi",
        "Mail: a.b@x.co.uk,",
        "https://camden.gov.uk.",
        "company",
        "organisation",
        "x.ORG",
        "A.Com",
        "llyw.cymru",
        "gov.wales",
        "bad@.com",
        "x.gov.uk\u00a0y.com",
        "@",
        ".",
        "Council",
    ]
    rng = random.Random(3)
    seen = 0
    for _ in range(2000):
        text = "".join(
            rng.choice(parts) + rng.choice(["", " ", "\n", "\t", "\u00a0"])
            for _ in range(rng.randint(0, 25))
        )
        expected = [(m.span(), m.group(0)) for m in ADDRESS.finditer(text)]
        assert [(m.span(), m.group(0)) for m in addresses(text)] == expected, text
        seen += len(expected)
    assert seen > 1000
