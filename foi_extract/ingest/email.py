"""E-mail (.eml): the body as text, quoted messages marked by author, attachments as children."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import TYPE_CHECKING

from foi_extract.document import Document, Message
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.html import html_to_document
from foi_extract.ingest.maildate import message_date
from foi_extract.ingest.senders import Parties, parse_mailboxes
from foi_extract.ingest.sniff import EMAIL
from foi_extract.ingest.text_builder import TextBuilder
from foi_extract.ingest.thread import add_mail_text, read_thread

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

HEADERS = ("from", "to", "cc", "date", "subject")


class EmailIngestor(Ingestor):
    media_types = (EMAIL,)
    extensions = (".eml", ".mht", ".mhtml")

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        message = BytesParser(policy=policy.default).parsebytes(data)
        if not isinstance(message, EmailMessage) or not message.keys():
            raise IngestError("not an e-mail: no headers")
        for header in HEADERS:
            value = _header(message, header)
            if value:
                document.metadata[header] = value
        sent = _header(message, "sent")  # a pasted Outlook message has "Sent:", not "Date:"
        if sent and "date" not in document.metadata:
            document.metadata["date"] = sent
        document.title = document.metadata.get("subject")
        _read_body(message, document)
        for number, part in enumerate(message.iter_attachments(), start=1):
            name = part.get_filename() or f"attachment-{number}{_extension(part)}"
            payload = _attachment_bytes(part)
            if payload is None:
                context.failed(name, "cannot decode attachment", document)
            else:
                context.child(payload, name, document)


def _header(message: EmailMessage, name: str) -> str | None:
    """A header as text; a malformed one (bad date, broken encoding) as its raw value."""
    try:
        value = message[name]
    except (ValueError, IndexError, TypeError):
        raw = dict(message.raw_items()).get(name.title())
        return str(raw) if raw else None
    return str(value) if value is not None else None


def _extension(part: EmailMessage) -> str:
    return ".eml" if part.get_content_type() == "message/rfc822" else ""


def _attachment_bytes(part: EmailMessage) -> bytes | None:
    """An attachment's decoded bytes; a forwarded message (message/rfc822) as an .eml."""
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload(0)
        return inner.as_bytes(policy=policy.default) if isinstance(inner, EmailMessage) else None
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else None


def _read_body(message: EmailMessage, document: Document) -> None:
    """The plain-text body (else the HTML one) as the e-mail's own message, then the earlier
    messages quoted in it, styled quote unless the council wrote them (see `thread.py`)."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return
    try:
        content = body.get_content()
    except (LookupError, ValueError):  # an unknown charset
        payload = body.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    parties = Parties.of_message(document.metadata.get("from"), document.metadata.get("to"))
    if body.get_content_subtype() == "html":
        html_to_document(content, document, parties)
        document.title = document.metadata.get("subject") or document.title
    else:
        builder = TextBuilder()
        depths = add_mail_text(builder, content)
        builder.apply(document)
        document.messages = read_thread(document, parties, depths)
    document.messages.insert(0, _own_message(document, parties))


def _own_message(document: Document, parties: Parties) -> Message:
    """The e-mail itself: its text down to the first quoted message, from its From header."""
    end = document.messages[0].start if document.messages else len(document.text)
    end = len(document.text[:end].rstrip())
    senders = parse_mailboxes(document.metadata.get("from", ""))
    recipients = parse_mailboxes(document.metadata.get("to", ""))
    sender = senders[0] if senders else None
    role = parties.role(sender, recipients[0] if recipients else None, document.text[:end])
    sent = document.metadata.get("date")
    return Message(0, end, 0, role, sender, message_date(sent) if sent else None)
