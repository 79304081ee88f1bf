"""The parsed form of one input file: text with pages, tables and style hints, all by offset.

Every ingestor produces a `Document`; every later stage reads it. Offsets are character
positions in `Document.text`, so any span found later maps back to its page.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Literal

DocStatus = Literal["ok", "empty", "needs_ocr", "error"]
Style = Literal["bold", "italic", "heading", "quote", "table"]

PAGE_SEPARATOR = "\n\f\n"
"""Joins page texts: a form feed on its own line marks every page break."""


def content_hash(data: bytes) -> str:
    """The id of a document: sha256 of its bytes, so the same file always has the same id."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Page:
    """A page's span of `Document.text` (1-based number; non-paged formats have one page)."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class StyleSpan:
    """A span of text with a visual role the source gave it (bold question, italic answer...)."""

    start: int
    end: int
    style: Style


@dataclass
class Table:
    """A table as rows of cell strings; `start`/`end` is where it is linearised in the text."""

    rows: list[list[str]]
    page: int | None = None
    start: int = 0
    end: int = 0
    has_header: bool = True


@dataclass
class Document:
    """One ingested file (or a child of one: an attachment, an archive member)."""

    doc_id: str
    source_path: str
    media_type: str
    text: str = ""
    pages: list[Page] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    styles: list[StyleSpan] = field(default_factory=list)
    title: str | None = None
    parent_doc_id: str | None = None
    source_url: str | None = None
    status: DocStatus = "ok"
    error: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    def page_at(self, offset: int) -> int | None:
        """The page number holding character `offset`, or None when there are no pages."""
        if not self.pages:
            return None
        starts = [page.start for page in self.pages]
        index = max(bisect.bisect_right(starts, offset) - 1, 0)
        return self.pages[index].number

    def styled(self, start: int, end: int, style: Style) -> bool:
        """True when most non-space characters of [start, end) carry `style`."""
        covered = 0
        for span in self.styles:
            if span.style == style:
                covered += max(0, min(end, span.end) - max(start, span.start))
        visible = len(self.text[start:end].strip())
        return visible > 0 and covered >= 0.6 * visible


def join_pages(page_texts: list[str]) -> tuple[str, list[Page]]:
    """Concatenate page texts with `PAGE_SEPARATOR`, returning the text and page spans."""
    pages: list[Page] = []
    parts: list[str] = []
    offset = 0
    for number, page_text in enumerate(page_texts, start=1):
        if number > 1:
            parts.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        pages.append(Page(number, offset, offset + len(page_text)))
        parts.append(page_text)
        offset += len(page_text)
    return "".join(parts), pages
