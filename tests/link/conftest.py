"""Helpers for linking tests: invented texts through real ingestion."""

from __future__ import annotations

from foi_extract.document import Document
from foi_extract.ingest import ingest_bytes


def parse(text: str, name: str = "reply.txt") -> Document:
    return ingest_bytes(text.encode("utf-8"), name)[0]
