"""Helpers that turn an invented response text into facts, through real ingestion."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from foi_extract.document import Document
from foi_extract.extract import FactSet, extract_facts
from foi_extract.ingest import ingest_bytes


def parse(text: str, name: str = "reply.txt") -> Document:
    return ingest_bytes(text.encode("utf-8"), name)[0]


@pytest.fixture
def facts() -> Callable[..., FactSet]:
    """`facts(text, name="reply.txt")`: ingest the text as a file and extract its facts."""
    return lambda text, name="reply.txt": extract_facts(parse(text, name))
