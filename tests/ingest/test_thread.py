"""Quoted and forwarded messages in e-mail threads are styled by who wrote them.

The council's own earlier reply, quoted or forwarded below a new message, is answer text; the
requester's quoted request (which names systems as examples) stays a quote. Every message here
is invented.
"""

from __future__ import annotations

from email.message import EmailMessage

from foi_extract.document import Document, Mailbox
from foi_extract.ingest import ingest_bytes
from foi_extract.ingest.senders import Parties, parse_mailbox

COUNCIL = "Brackenshire FOI Team <foi@brackenshire.gov.uk>"
REQUESTER = "Dana Whitlow <dana.whitlow@example.net>"


def _mail(body: str, sender: str = COUNCIL, to: str = REQUESTER) -> Document:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "RE: FOI 4410 - social care systems"
    message["Date"] = "Wed, 09 Oct 2024 10:15:00 +0100"
    message.set_content(body)
    (document,) = ingest_bytes(bytes(message), "reply.eml")
    return document


def _quoted(document: Document, phrase: str) -> bool:
    start = document.text.index(phrase)
    return document.styled(start, start + len(phrase), "quote")


def test_council_reply_forwarded_below_an_outlook_rule_is_answer_text() -> None:
    document = _mail(
        "Dear Ms Whitlow\n\nOur earlier reply is below.\n\nFOI Team\n\n"
        "________________________________\n"
        "From: Brackenshire FOI Team <foi@brackenshire.gov.uk>\n"
        "Sent: 02 October 2024 16:40\n"
        "To: Dana Whitlow\n"
        "Subject: FOI 4410 - social care systems\n\n"
        "Children's social care uses Mosaic, hosted by the supplier.\n"
    )
    assert not _quoted(document, "Children's social care uses Mosaic")
    assert _quoted(document, "Sent: 02 October 2024 16:40")


def test_requester_original_message_from_a_private_address_stays_quote() -> None:
    document = _mail(
        "We use Mosaic.\n\n-----Original Message-----\n"
        f"From: {REQUESTER}\nSent: 12 September 2024 08:02\nTo: {COUNCIL}\n"
        "Subject: social care systems\n\n"
        "Dear Brackenshire Council,\nDo you use CareFirst, Eclipse or Mosaic?\n"
    )
    assert not _quoted(document, "We use Mosaic.")
    assert _quoted(document, "Do you use CareFirst, Eclipse or Mosaic?")


def test_angle_quoted_council_reply_is_answer_but_its_own_quote_of_the_request_is_not() -> None:
    document = _mail(
        "Further to our reply below, the contract ends in 2027.\n\n"
        "On 2 Oct 2024 at 16:40, Brackenshire FOI Team <foi@brackenshire.gov.uk> wrote:\n"
        "> Adult social care uses Liquidlogic LAS.\n"
        ">\n"
        ">> Which system do you use, for example CareFirst?\n"
    )
    assert "\n>" not in document.text
    assert not _quoted(document, "Adult social care uses Liquidlogic LAS.")
    assert _quoted(document, "Which system do you use, for example CareFirst?")
    assert _quoted(document, "On 2 Oct 2024 at 16:40")


def test_alternating_original_messages_are_told_apart_by_sender_and_recipient() -> None:
    document = _mail(
        "Here is the last part of our answer: the ContrOCC contract ends in March 2026.\n\n"
        "-----Original Message-----\n"
        "From: Brackenshire FOI Team\nSent: 20 September 2024 11:00\nTo: Dana Whitlow\n"
        "Subject: FOI 4410\n\n"
        "Children's services use Liquidlogic LCS.\n\n"
        "-----Original Message-----\n"
        "From: Dana Whitlow\nSent: 12 September 2024 08:02\nTo: Brackenshire FOI Team\n"
        "Subject: social care systems\n\n"
        "Please name your systems (for example Eclipse).\n"
    )
    assert not _quoted(document, "Children's services use Liquidlogic LCS.")
    assert _quoted(document, "Please name your systems (for example Eclipse).")


def test_forwarded_block_signed_by_a_council_is_answer_text() -> None:
    document = _mail(
        "Please see the service's answer below.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Jo Pemberton\nDate: Mon, 7 Oct 2024 at 09:12\nSubject: FOI 4410\n"
        "To: FOI Team\n\n"
        "Adult social care moved to Mosaic in 2021.\n\nKind regards\nJo Pemberton\n"
        "Adult Social Care Systems Team\nBrackenshire County Council\n"
    )
    assert not _quoted(document, "Adult social care moved to Mosaic in 2021.")


def test_quoted_message_nobody_can_vouch_for_stays_quote() -> None:
    document = _mail(
        "We use Mosaic.\n\n-----Original Message-----\nFrom: Sam\nSent: 1 October 2024\n"
        "Subject: systems\n\nIs it Eclipse?\n"
    )
    assert _quoted(document, "Is it Eclipse?")


def test_inline_answers_between_angle_quoted_questions_are_not_quote() -> None:
    document = _mail(
        "Our answers follow each question.\n\n"
        "> 1. Which system do you use for adults?\n"
        "Liquidlogic LAS.\n"
        "> 2. Which system do you use for children, for example Mosaic, Eclipse or\n"
        "CareFirst?\n"
        "> Thank you.\n"
    )
    assert not _quoted(document, "Liquidlogic LAS.")
    assert _quoted(document, "Which system do you use for adults?")
    assert _quoted(document, "CareFirst?")


def test_pasted_thread_in_a_text_file_keeps_council_reply_and_quotes_the_request() -> None:
    text = (
        "FOI 4410: our reply, as sent by e-mail\n\n"
        "From: Information Governance <foi@brackenshire.gov.uk>\n"
        "Sent: 09 October 2024 10:15\n"
        "To: 'Dana Whitlow'\n"
        "Subject: RE: FOI 4410 - Eclipse\n\n"
        "Dear Ms Whitlow\n\nWe use Liquidlogic LCS.\n\n"
        "-----Original Message-----\n"
        "From: Dana Whitlow <request-998877-a1b2c3d4@whatdotheyknow.com>\n"
        "Sent: 12 September 2024 08:02\n"
        "Subject: social care systems\n\n"
        "Do you use Eclipse?\n\n"
        "-----Original Message-----\n"
        "From: Records Officer\nSent: 01 March 2023 09:00\nSubject: FOI 3001\n\n"
        "Adults are recorded on Mosaic.\n\nRegards\nRecords Officer\nBrackenshire Council\n"
    )
    (document,) = ingest_bytes(text.encode(), "pasted.txt")
    assert document.media_type == "text/plain"
    assert _quoted(document, "Subject: RE: FOI 4410 - Eclipse")
    assert not _quoted(document, "We use Liquidlogic LCS.")
    assert _quoted(document, "Do you use Eclipse?")
    assert not _quoted(document, "Adults are recorded on Mosaic.")


def test_text_file_that_starts_with_outlook_headers_is_read_as_an_email() -> None:
    text = (
        "From: Information Governance <foi@brackenshire.gov.uk>\n"
        "Sent: 09 October 2024 10:15\n"
        "To: 'Dana Whitlow'\n"
        "Subject: RE: FOI 4410\n\n"
        "We use Liquidlogic LCS.\n\n"
        "-----Original Message-----\n"
        "From: 'Dana Whitlow'\nSent: 12 September 2024 08:02\nSubject: systems\n\n"
        "Do you use Eclipse?\n"
    )
    (document,) = ingest_bytes(text.encode(), "pasted.txt")
    assert not _quoted(document, "We use Liquidlogic LCS.")
    assert _quoted(document, "Do you use Eclipse?")


def test_a_letter_with_memo_header_lines_is_no_thread() -> None:
    from foi_extract.extract import extract_facts
    from tests.support import fixtures as f

    lines = [
        "From: Information Governance",
        "Date: 3 March 2024",
        "Subject: FOI 4410 - social care systems",
        "Dear Ms Whitlow,",
        "Adult social care uses Mosaic. Its contract ends in March 2027.",
        "R. Hadfield",
    ]
    response = f.Response("FOI 4410", (), tuple(f.a(line) for line in lines))
    (document,) = ingest_bytes(f.to_pdf(response), "letter.pdf")
    assert not _quoted(document, "Adult social care uses Mosaic")
    assert [fact.system for fact in extract_facts(document).systems] == ["Mosaic"]


def test_text_without_email_headers_is_unchanged() -> None:
    text = "Contract period\nFrom: 1 April 2020\nTo: 31 March 2025\n\n> We use Mosaic.\n"
    (document,) = ingest_bytes(text.encode(), "reply.txt")
    assert document.text == text.strip()
    assert document.styles == []


def test_whatdotheyknow_message_quotes_the_request_but_not_the_council_reply() -> None:
    incoming = (
        '<div class="correspondence box incoming" id="incoming-1">'
        '<div class="correspondence__header"><span class="correspondence__header__author">'
        'FOI, Brackenshire Council</span></div><div class="correspondence_text">'
        "<p>We use Liquidlogic LCS.</p><p>-----Original Message-----<br>"
        "From: Dana Whitlow &lt;[FOI #998877 email]&gt;<br>Sent: 12 September 2024<br>"
        "Subject: systems</p><p>Do you use Eclipse?</p></div></div>"
    )
    outgoing = (
        '<div class="correspondence box outgoing" id="outgoing-2">'
        '<div class="correspondence__header"><span class="correspondence__header__author">'
        'Dana Whitlow</span></div><div class="correspondence_text">'
        "<p>Thank you. Is Mosaic planned?</p><p>From: FOI, Brackenshire Council<br>"
        "Sent: 20 September 2024<br>Subject: RE: systems</p>"
        "<p>Children's services use CareFirst.</p></div></div>"
    )
    html = f"<html><body>{incoming}{outgoing}</body></html>"
    (document,) = ingest_bytes(html.encode(), "request.html")
    assert not _quoted(document, "We use Liquidlogic LCS.")
    assert _quoted(document, "Do you use Eclipse?")
    assert _quoted(document, "Is Mosaic planned?")
    assert not _quoted(document, "Children's services use CareFirst.")


def test_html_body_keeps_the_council_blockquote_and_quotes_the_nested_request() -> None:
    message = EmailMessage()
    message["From"] = COUNCIL
    message["To"] = REQUESTER
    message["Subject"] = "RE: FOI 4410"
    message.set_content(
        "<html><body><p>The contract ends in 2027.</p>"
        '<div class="gmail_quote">On Wed, 2 Oct 2024 at 16:40, FOI Team '
        "&lt;foi@brackenshire.gov.uk&gt; wrote:<br>"
        "<blockquote><p>Adults use ContrOCC for payments.</p>"
        "<blockquote><p>Do you use Mosaic?</p></blockquote></blockquote></div></body></html>",
        subtype="html",
    )
    (document,) = ingest_bytes(bytes(message), "reply.eml")
    assert not _quoted(document, "Adults use ContrOCC for payments.")
    assert _quoted(document, "Do you use Mosaic?")


def test_mailboxes_parse_from_header_values() -> None:
    assert parse_mailbox('"Whitlow, Dana" <Dana.Whitlow@example.net>') == Mailbox(
        "Whitlow, Dana", "dana.whitlow@example.net"
    )
    masked = parse_mailbox("Dana Whitlow <[FOI #998877 email]>")
    assert masked is not None and masked.address == "[FOI #998877 email]"
    outlook = parse_mailbox("FOI Team [mailto:foi@brackenshire.gov.uk]")
    assert outlook is not None and outlook.address == "foi@brackenshire.gov.uk"


def test_parties_of_a_council_message_and_of_a_whatdotheyknow_request() -> None:
    council = parse_mailbox("Brackenshire Council Information Rights <irt@brackenshire.org.uk>")
    requester = parse_mailbox("Dana Whitlow <request-998877-a1b2c3d4@whatdotheyknow.com>")
    stranger = parse_mailbox("Sam <sam@example.org>")
    assert council is not None and requester is not None and stranger is not None
    parties = Parties.of_message(COUNCIL, REQUESTER)
    assert parties.kind(council) == "council"
    assert parties.kind(requester) == "requester"
    assert parties.kind(stranger) == "unknown"
    assert parties.kind(Mailbox("Whitlow, Dana", "")) == "requester"


def _inline_reply(opening: str) -> Document:
    return _mail(
        f"Dear Ms Whitlow\n\n{opening}\n\nFOI Team\n\n-----Original Message-----\n"
        f"From: {REQUESTER}\nSent: 12 September 2024 08:02\nTo: {COUNCIL}\n"
        "Subject: social care systems\n\n"
        "1) Do you use CareFirst, Eclipse or Mosaic for children?\n"
        "> CHILDREN'S SOCIAL CARE USES MOSAIC, HOSTED BY THE SUPPLIER.\n\n"
        "2) Which system pays providers?\n"
        "PROVIDER PAYMENTS ARE MADE THROUGH CONTROCC.\n\nThanks, Dana\n"
    )


def test_answers_typed_into_the_quoted_request_are_the_councils() -> None:
    document = _inline_reply("Our answers are shown in capitals under each of your questions.")
    for answer in ("CHILDREN'S SOCIAL CARE USES MOSAIC", "PROVIDER PAYMENTS ARE MADE"):
        assert not _quoted(document, answer)
        start = document.text.index(answer)
        message = document.message_at(start)
        assert message is not None and message.role == "council"
    assert _quoted(document, "Do you use CareFirst, Eclipse or Mosaic for children?")
    assert _quoted(document, "Thanks, Dana")


def test_without_the_reply_saying_so_the_quoted_request_stays_the_requesters() -> None:
    document = _inline_reply("Please find our response attached.")
    assert _quoted(document, "CHILDREN'S SOCIAL CARE USES MOSAIC")
    assert _quoted(document, "PROVIDER PAYMENTS ARE MADE")


def test_answers_written_beneath_the_marked_questions_are_the_councils() -> None:
    """The council marks the request's questions with '>' and writes its answers unmarked
    beneath them: the marked lines ask, so the unmarked ones after them are the answers."""
    document = _mail(
        "Dear Ms Whitlow\n\nOur answers appear inline beneath each of your questions below.\n\n"
        f"FOI Team\n\n-----Original Message-----\nFrom: {REQUESTER}\n"
        f"Sent: 12 September 2024 08:02\nTo: {COUNCIL}\nSubject: social care systems\n\n"
        "Dear Brackenshire Council,\n\nI am researching case management (e.g. CareFirst).\n\n"
        "> 1. Which system do your children's services use?\n\n"
        "Children's services use Mosaic, hosted by the supplier.\n\n"
        "> 2. Which system pays providers?\n\nProvider payments are made through ContrOCC.\n"
    )
    for answer in ("Children's services use Mosaic", "Provider payments are made through"):
        assert not _quoted(document, answer)
    assert _quoted(document, "1. Which system do your children's services use?")
    assert _quoted(document, "I am researching case management")  # before the first marked line
