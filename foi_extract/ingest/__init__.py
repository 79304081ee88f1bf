"""Ingest: turn a file on disk into `Document`s (the file itself plus any child documents).

One ingestor per format (see `manager.py`); failures are recorded on the document, never raised.
"""

from __future__ import annotations

from pathlib import Path

from foi_extract.document import Document
from foi_extract.ingest.base import IngestLimits
from foi_extract.ingest.manager import Ingest

__all__ = ["IngestLimits", "ingest_bytes", "ingest_path"]


def ingest_bytes(data: bytes, name: str, limits: IngestLimits | None = None) -> list[Document]:
    """Documents for `data` named `name`: the file first, then its children, depth first."""
    run = Ingest(limits or IngestLimits())
    run.add(data, name)
    return run.documents


def ingest_path(path: Path, limits: IngestLimits | None = None) -> list[Document]:
    """Documents for the file at `path` (see `ingest_bytes`); an unreadable file is an error row."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        run = Ingest(limits or IngestLimits())
        document = run.add(b"", str(path))
        document.status, document.error = "error", f"cannot read file: {exc.strerror}"
        return run.documents
    return ingest_bytes(data, str(path), limits)
