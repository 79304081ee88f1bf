"""E-mail messages made with email.message.EmailMessage."""

from __future__ import annotations

from email.message import EmailMessage

from foi_extract.ingest import ingest_bytes
from tests.support import fixtures
from tests.support.fixtures import Response


def _message(body: str, subject: str = "FOI 101") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "FOI Team <foi@leeds.gov.uk>"
    message["To"] = "requester@example.org"
    message["Subject"] = subject
    message["Date"] = "Tue, 05 Mar 2024 10:00:00 +0000"
    message.set_content(body)
    return message


def test_headers_become_metadata_and_the_subject_the_title() -> None:
    (mail,) = ingest_bytes(bytes(_message("We use Mosaic.")), "reply.eml")
    assert mail.title == "FOI 101"
    assert mail.metadata["date"] == "Tue, 05 Mar 2024 10:00:00 +0000"
    assert mail.metadata["to"] == "requester@example.org"


def test_outlook_original_message_block_is_quote() -> None:
    body = "We use Mosaic.\n\nFrom: A. Requester\nSent: 1 February 2024\nSubject: FOI\n\nWhich?"
    (mail,) = ingest_bytes(bytes(_message(body)), "reply.eml")
    quoted = mail.text.index("From: A. Requester")
    assert not mail.styled(0, 14, "quote")
    assert mail.styled(quoted, len(mail.text), "quote")


def test_angle_quoted_lines_lose_their_markers_but_stay_marked() -> None:
    body = "We use Mosaic.\n\n> Which system do you use?\n> Thanks"
    (mail,) = ingest_bytes(bytes(_message(body)), "reply.eml")
    assert mail.text == "We use Mosaic.\n\nWhich system do you use?\nThanks"
    assert mail.styled(16, len(mail.text), "quote")


def test_html_only_body_is_read_through_the_html_ingestor() -> None:
    message = _message("")
    message.set_content("<html><body><p>We use <b>Mosaic</b>.</p></body></html>", subtype="html")
    (mail,) = ingest_bytes(bytes(message), "reply.eml")
    assert mail.text == "We use Mosaic."
    assert mail.styled(7, 13, "bold")
    assert mail.title == "FOI 101"


def test_pdf_attachment_is_a_linked_child(response: Response) -> None:
    message = _message("Please find our response attached.")
    message.add_attachment(
        fixtures.to_pdf(response), maintype="application", subtype="pdf", filename="reply.pdf"
    )
    mail, pdf = ingest_bytes(bytes(message), "mail.eml")
    assert (pdf.source_path, pdf.parent_doc_id) == ("mail.eml!/reply.pdf", mail.doc_id)
    assert pdf.media_type == "application/pdf" and "Liquidlogic LCS" in pdf.text


def test_forwarded_message_is_a_child_with_its_own_attachment() -> None:
    inner = _message("Original reply.", subject="FOI 101 reply")
    inner.add_attachment(b"System: Mosaic", maintype="text", subtype="plain", filename="a.txt")
    outer = _message("Forwarding the council's reply.", subject="Fwd: FOI 101 reply")
    outer.add_attachment(inner)
    documents = ingest_bytes(bytes(outer), "fwd.eml")
    assert [d.source_path for d in documents] == [
        "fwd.eml",
        "fwd.eml!/attachment-1.eml",
        "fwd.eml!/attachment-1.eml!/a.txt",
    ]
    assert documents[1].title == "FOI 101 reply"
    assert documents[2].text == "System: Mosaic"
