"""A response's own reference and date, among the other references and dates it carries."""

from __future__ import annotations

from foi_extract.extract.metadata import read_reference, read_response_date
from tests.extract.conftest import parse


def date_of(text: str, name: str = "reply.txt") -> str | None:
    return read_response_date(parse(text, name))


def reference_of(text: str, name: str = "reply.txt") -> str | None:
    return read_reference(parse(text, name))


# --- references ------------------------------------------------------------------------------


def test_a_reference_keeps_its_council_prefix() -> None:
    assert reference_of("Thank you for your request ABC-FOI-2024-0077.\n") == "ABC-FOI-2024-0077"


def test_a_reference_in_a_key_value_cell() -> None:
    table = "Item,Detail\nFOI reference,XYZ/FOI/2026/00099\nDate of response,03/02/2026\n"
    assert reference_of(table, "cover.csv") == "XYZ/FOI/2026/00099"


def test_a_reference_after_is_keeps_no_leading_word() -> None:
    text = "Your request has been logged. Our reference is QRS/FOI/10234.\n"
    assert reference_of(text) == "QRS/FOI/10234"


def test_a_reference_after_request_for_information() -> None:
    text = "Dear Ms Example\n\nRe: Request for information NCC-118402\n\nWe use Mosaic.\n"
    assert reference_of(text) == "NCC-118402"


def test_a_registers_contract_ref_column_is_no_response_reference() -> None:
    table = "Contract ref,Description,Supplier\nSCC-ICT-0412,Case management (LAS),Liquidlogic\n"
    assert reference_of(table, "register.csv") is None


def test_the_requesters_own_reference_is_not_the_councils() -> None:
    text = "Your Ref: JB/7\nOur Ref: FOI 5512\n\nDear Ms Example\n"
    assert reference_of(text) == "FOI 5512"


def test_a_disclosure_log_reference_on_the_line_below_its_label() -> None:
    text = "Social care systems\n\nReference\n\n2600412\n\nDate received\n\n2 February 2026\n"
    assert reference_of(text) == "2600412"


def test_a_label_ending_a_sentence_does_not_take_the_next_paragraphs_number() -> None:
    text = "Please write to us quoting the reference\n\n12. Which systems do you use?\n"
    assert reference_of(text) is None


def test_a_related_request_is_not_this_ones_reference() -> None:
    text = "Related request reference: FOI 1000\n\nFOI request number: FOI 2000\n"
    assert reference_of(text) == "FOI 2000"


# --- response dates --------------------------------------------------------------------------


def test_a_disclosure_log_gives_the_date_responded_not_the_date_received() -> None:
    text = (
        "Reference\n\n2600412\n\nDate received\n\n2 February 2026\n\n"
        "Date responded\n\n27 February 2026\n\nPublished\n\n4 March 2026\n"
    )
    assert date_of(text) == "2026-02-27"


def test_a_received_date_alone_is_no_response_date() -> None:
    assert date_of("Date received: 14/06/2021\n\nRequest: which system do you use?\n") is None


def test_a_letter_date_with_a_typo_beats_the_request_date() -> None:
    text = (
        "Our Ref: FIN0042\nYour Ref:\nDate: 12June 2023\n\nDear Dr Example\n\n"
        "Thank you for your request dated 16 May 2023.\n"
    )
    assert date_of(text) == "2023-06-12"


def test_a_bilingual_letter_date() -> None:
    text = (
        "Cyf / Ref: EIR-2024-0001\nDyddiad / Date: 21 Mai 2024 / 21 May 2024\n\nAnnwyl / Dear X\n"
    )
    assert date_of(text) == "2024-05-21"


def test_a_date_after_a_reference_on_the_same_line() -> None:
    text = "Our Reference: ABC-FOI-51902 Date: 25th April 2019\n\nDear Ms Example\n"
    assert date_of(text) == "2019-04-25"


def test_a_contract_end_date_is_not_a_letter_date() -> None:
    text = "The contract end date: 31 March 2027.\n\nIssued on behalf of the Council.\n"
    assert date_of(text) is None


def test_a_cover_sheet_gives_the_date_of_response() -> None:
    sheet = "Field,Value\nDate received,29/03/2023\nDate of response,27/04/2023\n"
    assert date_of(sheet, "cover.csv") == "2023-04-27"


def test_a_standalone_letter_date_beats_the_publication_date() -> None:
    text = "Social care systems\n\n18 February 2022\n\nFirst published: 22 February 2022\n"
    assert date_of(text) == "2022-02-18"


def test_a_publication_date_stands_in_when_nothing_else_is_dated() -> None:
    text = "Freedom of information response\n\nPublication date: \nWednesday 24 April 2024\n"
    assert date_of(text) == "2024-04-24"


MINUTES = (
    "Wexcombe Borough Council\n\nCabinet\n\nMinutes of the meeting held in the Council Chamber, "
    "Town Hall, Wexcombe on Tuesday\n6 February 2024 at 11.00 am.\n\nPresent: Councillor A "
    "Brook (Chair).\n\n12. Case management system\n\nThe Cabinet approved the extension of "
    "the Mosaic contract to 31 March 2027.\n"
)


def test_minutes_are_dated_by_their_meeting() -> None:
    assert date_of(MINUTES) == "2024-02-06"
    one_line = MINUTES.replace("Tuesday\n6", "Tuesday, 6")
    assert date_of(one_line) == "2024-02-06"


def test_a_decision_record_is_dated_by_its_decision() -> None:
    text = (
        "Record of Officer Decision\n\nDecision reference: ODR/2024/031 Date of decision: "
        "12 June 2024\n\nTo extend the contract for Mosaic from 1 July 2024.\n"
    )
    assert date_of(text) == "2024-06-12"


def test_the_longest_label_is_read() -> None:
    # "Date" alone matches too, but "Date of letter" and "Date of decision" are the labels
    assert date_of("Social care systems\nDate of letter: 5 May 2024\n") == "2024-05-05"
    assert date_of("Record of decision\nDate of decision: 16 July 2024\n") == "2024-07-16"


def test_a_letter_that_mentions_a_meeting_is_not_dated_by_it() -> None:
    text = (
        "Wexcombe Borough Council\n\nDear Ms Hale,\n\nAt its meeting held on 6 February 2024 "
        "the Cabinet approved a new case management system.\n\nYours sincerely,\nFOI Team\n"
    )
    assert date_of(text) is None


WDTK_PAGE = """<html><body><div id="left_column">
<div class="correspondence box outgoing"><div class="correspondence__header">
<span class="correspondence__header__author">P. Example</span>
<a class="correspondence__header__date"><time>3 March 2023</time></a></div>
<div class="correspondence_text"><p>Dear Exampleshire County Council,</p>
<p>Which case management system do you use?</p><p>Yours faithfully,</p><p>P. Example</p></div></div>
<div class="correspondence box incoming"><div class="correspondence__header">
<span class="correspondence__header__author">FOI Team, Exampleshire County Council</span>
<a class="correspondence__header__date"><time>4 March 2023</time></a></div>
<div class="correspondence_text"><p>Dear P. Example</p>
<p>Thank you for your request, which we received on 3 March 2023. We will respond within
20 working days, by 31 March 2023.</p></div></div>
{reply}
</div></body></html>"""

REPLY = """<div class="correspondence box incoming"><div class="correspondence__header">
<span class="correspondence__header__author">FOI Team, Exampleshire County Council</span>
<a class="correspondence__header__date"><time>30 March 2023</time></a></div>
<div class="correspondence_text"><p>Dear P. Example</p>
<p>Our ref: FOI 4410. We use Mosaic. If you ask for a review, we will respond within
20 working days.</p></div></div>"""


def test_a_whatdotheyknow_page_gives_the_councils_reply_not_its_acknowledgement() -> None:
    assert date_of(WDTK_PAGE.format(reply=REPLY), "request.html") == "2023-03-30"


def test_a_whatdotheyknow_page_with_only_an_acknowledgement_has_no_response_date() -> None:
    assert date_of(WDTK_PAGE.format(reply=""), "request.html") is None


def email(subject: str, date: str, body: str) -> str:
    return (
        "From: Information Governance <foi@example-council.gov.uk>\n"
        f"To: P. Example <p.example@example.org>\nSubject: {subject}\nDate: {date}\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + body
    )


def test_an_email_reply_is_dated_by_its_header_not_by_the_quoted_request() -> None:
    body = (
        "Dear P. Example\n\nPlease find our response attached.\n\n"
        "From: P. Example <request-111-abc@whatdotheyknow.com>\nSent: 19 June 2024 08:47\n"
        "To: FOI\nSubject: request\n\nDear Council, which systems do you use?\n"
    )
    mail = email("RE: request", "Wed, 17 Jul 2024 14:32:10 +0100", body)
    assert date_of(mail, "reply.eml") == "2024-07-17"


def test_a_forwarded_reply_is_dated_by_the_original_reply() -> None:
    body = (
        "Dear P. Example\n\nI am sorry our reply did not reach you; it is below.\n\n"
        "From: Information Governance <foi@example-council.gov.uk>\n"
        "Sent: 03 March 2022 14:12\nTo: P. Example\nSubject: FOI 1187045\n\n"
        "Dear P. Example\n\nThe Council uses LCS and LAS.\n"
    )
    mail = email("FW: FOI 1187045", "Tue, 15 Mar 2022 09:31:44 +0000", body)
    assert date_of(mail, "forward.eml") == "2022-03-03"


def test_a_pasted_email_is_dated_by_the_councils_sent_line() -> None:
    text = (
        "Copy of our e-mail response\n\n"
        "From: Information Governance <foi@example-council.gov.uk>\nSent: 14 June 2023 11:02\n"
        "To: R. Example\nSubject: FOI-1187 Response\n\n"
        "Dear R. Example\n\nThank you for your request received on 17 May 2023.\n\n"
        "From: R. Example <r.example@example.org>\nSent: 17 May 2023 09:15\n"
        "Subject: request\n\nDear Council, which systems do you use?\n"
    )
    assert date_of(text) == "2023-06-14"


def test_an_acts_year_is_not_a_reference() -> None:
    assert (
        reference_of("We have dealt with your request under the EIR 2004 and FOISA 2002.\n") is None
    )


def test_the_requesters_copy_of_a_reply_is_dated_by_the_councils_message() -> None:
    body = (
        "Forwarding the council's answer for my records.\n\n"
        "From: Information Governance <foi@example-council.gov.uk>\n"
        "Sent: 09 September 2024 16:05\nTo: P. Example\nSubject: FOI 7781\n\n"
        "Dear P. Example\n\nThe Council uses Liquidlogic LAS.\n"
    )
    mail = (
        "From: P. Example <p.example@example.org>\nTo: notes@example.org\n"
        "Subject: answer\nDate: Tue, 10 Sep 2024 08:00:00 +0100\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + body
    )
    assert date_of(mail, "copy.eml") == "2024-09-09"


def test_a_disclosure_log_response_heading_with_a_two_digit_year() -> None:
    assert (
        date_of("Request 01-10-21\n\nResponse 18-10-21\n\n1. We use CareFirst.\n") == "2021-10-18"
    )


def test_a_whatdotheyknow_page_in_welsh_gives_its_reply_date() -> None:
    text = (
        "A. Person 2 Awst 2022\n\nDear Exampleshire Council,\n\nWhich system do you use?\n\n"
        "Rhyddid Gwybodaeth, Exampleshire Council 31 Awst 2022\n\nDear A. Person\n\nWe use WCCIS.\n"
    )
    assert date_of(text) == "2022-08-31"
