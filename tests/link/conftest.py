"""Helpers for linking tests: invented texts through real ingestion."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from foi_extract import rules
from foi_extract.document import Document
from foi_extract.ingest import ingest_bytes


def parse(text: str, name: str = "reply.txt") -> Document:
    return ingest_bytes(text.encode("utf-8"), name)[0]


@pytest.fixture(autouse=True)
def fresh_resources() -> Iterator[None]:
    """Each test sees the resource files as they are now (tests may point elsewhere)."""
    rules.reload()
    yield
    rules.reload()
