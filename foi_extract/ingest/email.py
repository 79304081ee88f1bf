"""E-mail (.eml): the body as text, quoted earlier messages marked, attachments as children."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import TYPE_CHECKING

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.html import html_to_document
from foi_extract.ingest.sniff import looks_like_email
from foi_extract.ingest.text_builder import TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

QUOTE_START = re.compile(
    r"^(On .{4,200} wrote:|-{2,} ?Original Message ?-{2,}|From: .+\n(Sent|Date): )",
    re.MULTILINE,
)


class EmailIngestor(Ingestor):
    media_types = ("message/rfc822",)
    extensions = (".eml", ".msg.eml")

    @classmethod
    def magic(cls, data: bytes) -> bool:
        return looks_like_email(data[:4096])

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        message = BytesParser(policy=policy.default).parsebytes(data)
        if not isinstance(message, EmailMessage) or not message.keys():
            raise IngestError("not an e-mail: no headers")
        for header in ("from", "to", "date", "subject"):
            if message[header]:
                document.metadata[header] = str(message[header])
        document.title = document.metadata.get("subject")
        _read_body(message, document)
        for part in message.iter_attachments():
            if not isinstance(part, EmailMessage):
                continue
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                context.child(payload, part.get_filename() or "attachment", document)


def _read_body(message: EmailMessage, document: Document) -> None:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return
    content = body.get_content()
    if body.get_content_subtype() == "html":
        html_to_document(content, document)
        return
    builder = TextBuilder()
    text = content.replace("\r\n", "\n")
    quoted_from = _quote_start(text)
    builder.text(text[:quoted_from])
    builder.text(re.sub(r"^> ?", "", text[quoted_from:], flags=re.MULTILINE), ["quote"])
    builder.apply(document)


def _quote_start(text: str) -> int:
    """Where the quoted earlier messages begin: an attribution line or a run of '>' lines."""
    attribution = QUOTE_START.search(text)
    marked = re.search(r"^>", text, re.MULTILINE)
    starts = [match.start() for match in (attribution, marked) if match]
    return min(starts) if starts else len(text)
