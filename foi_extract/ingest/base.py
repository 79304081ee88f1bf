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
    max_depth: int = 3


class IngestError(Exception):
    """A file that cannot be read; the message is the reason shown to the user."""


class Ingestor:
    """One file format. Subclasses fill `document` in `ingest` and may add child documents."""

    media_types: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def magic(cls, data: bytes) -> bool:
        """True when the content shows this format beyond doubt (most look at the start only)."""
        return False

    @classmethod
    def score(cls, data: bytes, extension: str) -> int:
        """How well this format fits: magic bytes (10) beat the extension (5)."""
        if cls.magic(data):
            return 10
        return 5 if extension in cls.extensions else 0

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        raise NotImplementedError
