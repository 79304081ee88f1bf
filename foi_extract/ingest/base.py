"""The ingestor contract: each format is one class that scores how well it fits a file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from foi_extract.document import Document

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest


@dataclass(frozen=True)
class IngestLimits:
    """Bounds that keep one hostile or huge file from swallowing a run."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_pdf_pages: int = 2000
    max_zip_members: int = 1000
    max_zip_total_bytes: int = 500 * 1024 * 1024
    max_zip_ratio: int = 200
    """A member may expand to at most this many times its compressed size (zip-bomb guard)."""
    max_image_frames: int = 2000
    """Frames (pages) of one image read, as `max_pdf_pages` for a PDF."""
    max_depth: int = 3
    """How deep attachments and archive members nest: the file itself is depth 0."""
    max_text_chars: int = 50_000_000
    """Text one input file may yield, children included (a 500-page PDF is about 1.3 M): its
    rows travel to the parent, whose memory must not depend on what one file holds."""


class IngestError(Exception):
    """A file that cannot be read; the message is the reason shown to the user."""


class Ingestor:
    """One file format. Subclasses fill `document` in `ingest` and may add child documents.

    `score` says how well the format fits: content evidence (the sniffed media type, 10) beats
    the file's extension (5); the manager runs the best-scoring ingestor.
    """

    media_types: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def score(cls, sniffed: str | None, extension: str) -> int:
        if sniffed in cls.media_types:
            return 10
        return 5 if extension in cls.extensions else 0

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        """Fill `document` from `data`; raise `IngestError` with a human reason on failure."""
        raise NotImplementedError
