"""Outlook messages (.msg): read with extract-msg, then ingested as the e-mail they hold.

The message's headers, body and attachments are written out as an RFC 822 e-mail and handed to
`EmailIngestor`, so a .msg gets exactly what an .eml gets: its own message and the quoted ones,
and each attachment as a child document (an embedded Outlook message as a child .msg).
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any

import extract_msg
from extract_msg.enums import AttachmentType

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.email import EmailIngestor

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

MSG = "application/vnd.ms-outlook"
OCTET_STREAM = ("application", "octet-stream")
NO_DATA = "attachment without data (a link or an unsupported object)"


class MsgIngestor(Ingestor):
    media_types = (MSG,)
    extensions = (".msg",)

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        message = _open(data)
        unreadable: list[str] = []
        try:
            mail = _as_email(message, unreadable)
        finally:
            message.close()
        EmailIngestor().ingest(bytes(mail), document, context)
        for name in unreadable:
            context.failed(
                name, "attachment without data (a link or an unsupported object)", document
            )


def _open(data: bytes) -> Any:
    try:
        return extract_msg.openMsg(data, strict=False, delayAttachments=False)
    except Exception as exc:  # olefile and extract-msg raise many kinds on damaged files
        raise IngestError(f"not a readable Outlook message: {type(exc).__name__}: {exc}") from exc


def _as_email(message: Any, unreadable: list[str]) -> EmailMessage:
    """The Outlook message as an e-mail: headers, plain (else HTML) body, attachments (the
    names of those without bytes go to `unreadable`)."""
    mail = EmailMessage()
    for header, value in (
        ("From", getattr(message, "sender", None)),
        ("To", getattr(message, "to", None)),
        ("Cc", getattr(message, "cc", None)),
        ("Subject", getattr(message, "subject", None)),
    ):
        if value:
            _set_header(mail, header, " ".join(str(value).split()))
    date = getattr(message, "date", None)
    if date is not None:
        _set_header(mail, "Date", format_datetime(date))
    body = getattr(message, "body", None)
    html = None if body and body.strip() else getattr(message, "htmlBody", None)
    if html:
        mail.set_content(html.decode("utf-8", "replace"), subtype="html")
    else:
        mail.set_content(body or "")
    for number, attachment in enumerate(getattr(message, "attachments", []), start=1):
        name = _attach(mail, attachment, number)
        if name is not None:
            unreadable.append(name)
    return mail


def _set_header(mail: EmailMessage, name: str, value: str) -> None:
    """Set a header; one the e-mail library refuses (a malformed address) is left out."""
    try:
        mail[name] = value
    except (ValueError, TypeError, IndexError):
        return


def _attach(mail: EmailMessage, attachment: Any, number: int) -> str | None:
    """Add one attachment as a MIME part (an embedded message as a .msg file of its own);
    returns its name when it has no bytes to add."""
    name = (
        getattr(attachment, "longFilename", None)
        or getattr(attachment, "shortFilename", None)
        or f"attachment-{number}"
    )
    payload = getattr(attachment, "data", None)
    if getattr(attachment, "type", None) == AttachmentType.MSG and payload is not None:
        payload = payload.exportBytes(allowBadEmbed=True)
        name = name if name.lower().endswith(".msg") else f"{name}.msg"
    if not isinstance(payload, bytes):
        return str(name)  # a link to a file elsewhere, or an OLE object without bytes
    mail.add_attachment(payload, *OCTET_STREAM, filename=name)
    return None
