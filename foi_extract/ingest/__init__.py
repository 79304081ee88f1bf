"""Ingest: turn a file into `Document`s (the file itself, then its child documents).

One ingestor per format (see `manager.py`); failures are recorded on the document, never raised.
"""

from __future__ import annotations

from pathlib import Path

from foi_extract.document import Document
from foi_extract.ingest.base import IngestLimits
from foi_extract.ingest.manager import Ingest
from foi_extract.inputs import display_path

__all__ = ["IngestLimits", "ingest_bytes", "ingest_path"]

DEFAULT_LIMITS = IngestLimits()


def ingest_bytes(
    data: bytes,
    name: str,
    *,
    parent: Document | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    depth: int = 0,
) -> list[Document]:
    """Documents for `data` named `name`: the file first, then its children, depth first.

    With `parent`, the file is that document's child (`source_path` "parent!/name").
    """
    run = Ingest(limits)
    run.add(data, name, parent, depth)
    return run.documents


def ingest_path(path: Path, limits: IngestLimits = DEFAULT_LIMITS) -> list[Document]:
    """Documents for the file at `path` (see `ingest_bytes`); an unreadable file is an error row."""
    run = Ingest(limits)
    name = display_path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            run.failed(name, f"file too large ({size} bytes > {limits.max_file_bytes})")
            return run.documents
        data = path.read_bytes()
    except OSError as exc:
        run.failed(name, f"cannot read file: {exc.strerror or exc}")
        return run.documents
    run.add(data, name)
    return run.documents
