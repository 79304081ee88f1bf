"""Pick the best ingestor for some bytes and run it; a failure becomes the document's status.

A text that prints a WhatDoTheyKnow thread gets its messages here, whatever its format
(`correspondence.py`). As in Aleph's ingest-file, a document starts as failed and becomes `ok`
only when its ingestor finished; every file and every child gets a Document, so coverage can be
audited.
"""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from foi_extract.document import Document, content_hash
from foi_extract.ingest.base import IngestError, IngestLimits, Ingestor
from foi_extract.ingest.correspondence import correspondence_messages, letter_messages
from foi_extract.ingest.sniff import sniff

log = logging.getLogger(__name__)

UNFINISHED = "ingestion did not finish"
UNKNOWN_TYPE = "application/octet-stream"


def registry() -> list[type[Ingestor]]:
    """Every ingestor, most specific first (the first wins a tie)."""
    from foi_extract.ingest.archive import ZipIngestor
    from foi_extract.ingest.docx import DocxIngestor
    from foi_extract.ingest.email import EmailIngestor
    from foi_extract.ingest.html import HtmlIngestor
    from foi_extract.ingest.image import ImageIngestor
    from foi_extract.ingest.legacy_excel import XlsIngestor
    from foi_extract.ingest.legacy_word import DocIngestor
    from foi_extract.ingest.msg import MsgIngestor
    from foi_extract.ingest.odt import OdtIngestor
    from foi_extract.ingest.pdf import PdfIngestor
    from foi_extract.ingest.rtf import RtfIngestor
    from foi_extract.ingest.spreadsheet import CsvIngestor, XlsxIngestor
    from foi_extract.ingest.text import MarkdownIngestor, TextIngestor

    return [
        PdfIngestor,
        DocxIngestor,
        XlsxIngestor,
        OdtIngestor,
        MsgIngestor,
        DocIngestor,
        XlsIngestor,
        RtfIngestor,
        ImageIngestor,
        ZipIngestor,
        EmailIngestor,
        HtmlIngestor,
        MarkdownIngestor,
        CsvIngestor,
        TextIngestor,
    ]


def choose_ingestor(data: bytes, name: str) -> type[Ingestor] | None:
    """The ingestor that fits `data` named `name` best, or None when no format fits."""
    return _choose(sniff(data, name), _extension(name))


def _choose(sniffed: str | None, extension: str) -> type[Ingestor] | None:
    scored = [(cls.score(sniffed, extension), -rank, cls) for rank, cls in enumerate(registry())]
    best_score, _, best = max(scored, key=lambda item: item[:2])
    return best if best_score > 0 else None


def _extension(name: str) -> str:
    return PurePosixPath(name.lower()).suffix


@dataclass
class Ingest:
    """One ingestion: its limits, and every document produced so far (each parent first)."""

    limits: IngestLimits = field(default_factory=IngestLimits)
    documents: list[Document] = field(default_factory=list)
    archive_bytes: int = 0
    """Bytes expanded from archive members so far: nested archives share one total budget."""
    _depths: dict[int, int] = field(default_factory=dict)

    def add(
        self, data: bytes, name: str, parent: Document | None = None, depth: int = 0
    ) -> Document:
        """Ingest `data` as a document named `name` (a child of `parent` when given)."""
        document = self._new_document(content_hash(data), name, parent, depth)
        self._fill(document, data, name)
        return document

    def child(self, data: bytes, name: str, parent: Document) -> Document:
        """Ingest an attachment or archive member; past the depth limit it is an error row."""
        depth = self._depths.get(id(parent), 0) + 1
        if depth > self.limits.max_depth:
            document = self._new_document(content_hash(data), name, parent, depth)
            document.error = f"nested too deep: past the depth limit ({self.limits.max_depth})"
            return document
        return self.add(data, name, parent, depth)

    def failed(self, name: str, reason: str, parent: Document | None = None) -> Document:
        """An error row for a file whose bytes could not be read (its id hashes its path)."""
        source_path = f"{parent.source_path}!/{name}" if parent else name
        document = self._new_document(content_hash(source_path.encode()), name, parent, 0)
        document.error = reason
        return document

    def _new_document(
        self, doc_id: str, name: str, parent: Document | None, depth: int
    ) -> Document:
        document = Document(
            doc_id=doc_id,
            source_path=f"{parent.source_path}!/{name}" if parent else name,
            media_type=UNKNOWN_TYPE,
            parent_doc_id=parent.doc_id if parent else None,
            status="error",
            error=UNFINISHED,
        )
        self.documents.append(document)
        self._depths[id(document)] = depth
        return document

    def _fill(self, document: Document, data: bytes, name: str) -> None:
        if not data:
            document.status, document.error = "empty", "empty file (0 bytes)"
            return
        if len(data) > self.limits.max_file_bytes:
            document.error = f"file too large ({len(data)} bytes > {self.limits.max_file_bytes})"
            return
        sniffed = sniff(data, name)
        ingestor = _choose(sniffed, _extension(name))
        if ingestor is None:
            document.media_type = sniffed or _guess_type(name)
            document.error = f"unsupported media type {document.media_type}"
            if document.media_type == UNKNOWN_TYPE:
                document.error += f" (binary content starting {data[:8]!r})"
            return
        known = sniffed in ingestor.media_types
        document.media_type = sniffed if known and sniffed else ingestor.media_types[0]
        try:
            ingestor().ingest(data, document, self)
        except IngestError as exc:
            document.status, document.error = "error", str(exc)
            return
        except Exception as exc:  # a parser bug must not end the run
            log.exception("ingestor %s failed on %s", ingestor.__name__, document.source_path)
            document.status = "error"
            document.error = f"{ingestor.__name__} failed: {type(exc).__name__}: {exc}"
            return
        if not document.messages:
            text = document.text
            document.messages = correspondence_messages(text) or letter_messages(text)
        if document.error == UNFINISHED:
            document.status, document.error = "ok", None
        if document.status == "ok" and not document.text.strip():
            document.status, document.error = "empty", "no text found"


def _guess_type(name: str) -> str:
    """The media type a file's name suggests (only used to name an unsupported file)."""
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or UNKNOWN_TYPE
