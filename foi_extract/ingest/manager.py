"""Pick the best ingestor for some bytes and run it; a failure becomes the document's status.

As in Aleph's ingest-file, a document starts as failed and becomes `ok` only when its ingestor
finished; every file and every child gets a Document, so coverage can be audited.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from foi_extract.document import Document, content_hash
from foi_extract.ingest.base import IngestError, IngestLimits, Ingestor

log = logging.getLogger(__name__)


def _registry() -> list[type[Ingestor]]:
    from foi_extract.ingest.archive import ZipIngestor
    from foi_extract.ingest.docx import DocxIngestor
    from foi_extract.ingest.email import EmailIngestor
    from foi_extract.ingest.html import HtmlIngestor
    from foi_extract.ingest.pdf import PdfIngestor
    from foi_extract.ingest.spreadsheet import CsvIngestor, XlsxIngestor
    from foi_extract.ingest.text import MarkdownIngestor, TextIngestor

    return [
        PdfIngestor,
        DocxIngestor,
        XlsxIngestor,
        ZipIngestor,
        EmailIngestor,
        HtmlIngestor,
        MarkdownIngestor,
        CsvIngestor,
        TextIngestor,
    ]


def choose_ingestor(data: bytes, name: str) -> type[Ingestor] | None:
    """The ingestor that fits best, or None when no format fits at all."""
    extension = PurePosixPath(name.lower()).suffix
    scored = [(cls.score(data, extension), -rank, cls) for rank, cls in enumerate(_registry())]
    best_score, _, best = max(scored, key=lambda item: item[:2])
    return best if best_score > 0 else None


@dataclass
class Ingest:
    """One ingestion: its limits, and every document produced so far (parent first)."""

    limits: IngestLimits = field(default_factory=IngestLimits)
    documents: list[Document] = field(default_factory=list)
    _depths: dict[int, int] = field(default_factory=dict)

    def add(
        self, data: bytes, name: str, parent: Document | None = None, depth: int = 0
    ) -> Document:
        """Ingest `data` as a document named `name` (a child of `parent` when given)."""
        source_path = f"{parent.source_path}!/{name}" if parent else name
        document = Document(
            doc_id=content_hash(data),
            source_path=source_path,
            media_type="application/octet-stream",
            parent_doc_id=parent.doc_id if parent else None,
            status="error",
            error="not ingested",
        )
        self.documents.append(document)
        self._depths[id(document)] = depth
        self._fill(document, data, name)
        return document

    def _fill(self, document: Document, data: bytes, name: str) -> None:
        if not data:
            document.status, document.error = "empty", "empty file (0 bytes)"
            return
        if len(data) > self.limits.max_file_bytes:
            document.error = f"file too large ({len(data)} bytes > {self.limits.max_file_bytes})"
            return
        ingestor = choose_ingestor(data, name)
        if ingestor is None:
            document.error = f"unsupported file type (starts with {data[:8]!r})"
            return
        document.media_type = ingestor.media_types[0]
        try:
            ingestor().ingest(data, document, self)
        except IngestError as exc:
            document.error = str(exc)
            return
        except Exception as exc:  # a parser bug must not end the run
            log.exception("ingestor %s failed on %s", ingestor.__name__, document.source_path)
            document.error = f"{ingestor.__name__} failed: {type(exc).__name__}: {exc}"
            return
        if document.status == "error" and document.error == "not ingested":
            document.status, document.error = "ok", None
        if document.status == "ok" and not document.text.strip():
            document.status, document.error = "empty", "no text found"

    def child(self, data: bytes, name: str, parent: Document) -> Document | None:
        """Ingest an attachment or archive member, unless the nesting limit is reached."""
        depth = self._depths[id(parent)] + 1
        if depth > self.limits.max_depth:
            limit = self.limits.max_depth
            parent.metadata["warning"] = f"nested content past depth {limit} was not read"
            return None
        return self.add(data, name, parent, depth)
