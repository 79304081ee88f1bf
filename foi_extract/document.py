"""The parsed form of one input file: text with pages, tables, cells, messages and style hints,
all by offset.

Every ingestor produces a `Document`; every later stage reads it. Offsets are character
positions in `Document.text`, so any span found later maps back to its page, its table cell
(`cell_at`) and the message that holds it (`message_at`).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
from dataclasses import dataclass, field
from typing import Literal, TypeVar

DocStatus = Literal["ok", "empty", "needs_ocr", "error"]
Style = Literal["bold", "italic", "heading", "quote", "table"]
MessageRole = Literal["council", "requester", "third_party", "quoted"]
"""Who wrote a message: the council, the requester, someone else who is named (a supplier, a
service), or nobody the text names (a quoted stretch of law or boilerplate, an unsigned quote)."""

SpanT = TypeVar("SpanT", "Cell", "Message")

PAGE_SEPARATOR = "\n\f\n"
"""Joins page texts: a form feed on its own line marks every page break."""


CAPITALS_SHARE = 0.8


def in_capitals(text: str, min_letters: int = 1) -> bool:
    """`text` is written in capitals: at least `min_letters` letters, most of them upper case
    (an answer typed in capitals, a line whose names cannot be told by their case)."""
    letters = [char for char in text if char.isalpha()]
    upper = sum(char.isupper() for char in letters)
    return len(letters) >= min_letters and upper >= CAPITALS_SHARE * len(letters)


def content_hash(data: bytes) -> str:
    """The id of a document: sha256 of its bytes, so the same file always has the same id."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Page:
    """A page's span of `Document.text` (1-based number; non-paged formats have one page)."""

    number: int
    start: int
    end: int
    ocr: bool = False
    """True when the page's text was read from its image by OCR."""
    ocr_confidence: float | None = None
    """The mean confidence (0-100) of the words OCR read on the page."""

    def with_ocr(self, confidence: float | None) -> Page:
        """This page, marked as read by OCR with `confidence`."""
        return Page(self.number, self.start, self.end, True, confidence)


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


@dataclass(frozen=True)
class Cell:
    """One non-empty table cell: `start`/`end` is its value's span in the text.

    `table` indexes `Document.tables`, `row` and `column` its `rows`. `header` is the column's
    header text; None in a header row, a headerless table or a column without a header."""

    table: int
    row: int
    column: int
    start: int
    end: int
    header: str | None
    header_row: bool = False


@dataclass(frozen=True)
class Mailbox:
    """A correspondent as a header names it: display name and address (either may be empty)."""

    name: str
    address: str

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2] if "@" in self.address else ""


@dataclass(frozen=True)
class Message:
    """An e-mail, a WhatDoTheyKnow message, or a message quoted or forwarded inside one.

    [start, end) is its span in the text, header included; its own words start at `body_start`.
    `depth` is 0 for a document's own messages (an e-mail's body, each message of a
    WhatDoTheyKnow page) and 1 for an earlier one quoted or forwarded in them. `date` is ISO
    when the header gives one."""

    start: int
    end: int
    body_start: int
    role: MessageRole
    sender: Mailbox | None = None
    date: str | None = None
    depth: int = 0


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
    cells: list[Cell] = field(default_factory=list)
    """Every table cell, in text order."""
    messages: list[Message] = field(default_factory=list)
    """Every message, in text order; their spans never overlap."""
    title: str | None = None
    parent_doc_id: str | None = None
    source_url: str | None = None
    status: DocStatus = "ok"
    error: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    _style_index: dict[tuple[int, int, str], _StyleIndex] = field(
        default_factory=dict, repr=False, compare=False
    )

    def page_at(self, offset: int) -> int | None:
        """The page number holding character `offset`, or None when there are no pages."""
        if not self.pages:
            return None
        index = max(bisect.bisect_right(self.pages, offset, key=lambda page: page.start) - 1, 0)
        return self.pages[index].number

    def cell_at(self, offset: int) -> Cell | None:
        """The table cell whose value holds character `offset`, or None."""
        return _holding(self.cells, offset)

    def cell_beside(self, cell: Cell, step: int = 1) -> Cell | None:
        """The cell `step` columns from `cell` in its row (a key/value table's value is the
        cell after its label), or None."""
        index = self.cells.index(cell) + (1 if step > 0 else -1)
        while 0 <= index < len(self.cells):
            other = self.cells[index]
            if (other.table, other.row) != (cell.table, cell.row):
                return None
            if other.column == cell.column + step:
                return other
            index += 1 if step > 0 else -1
        return None

    def message_at(self, offset: int) -> Message | None:
        """The message whose span holds character `offset`, or None."""
        return _holding(self.messages, offset)

    def styled(self, start: int, end: int, style: Style) -> bool:
        """True when most non-space characters of [start, end) carry `style`."""
        index = self._styles_of(style)
        covered = 0
        last = bisect.bisect_left(index.starts, end) - 1  # spans starting before `end`
        while last >= 0 and index.reach[last] > start:  # one of spans[:last + 1] ends after
            span = index.spans[last]
            covered += max(0, min(end, span.end) - max(start, span.start))
            last -= 1
        visible = len(self.text[start:end].strip())
        return visible > 0 and covered >= 0.6 * visible

    def _styles_of(self, style: Style) -> _StyleIndex:
        """The spans of one style sorted by start, built once per list of styles."""
        key = (id(self.styles), len(self.styles), style)
        if key not in self._style_index:
            spans = sorted((s for s in self.styles if s.style == style), key=lambda s: s.start)
            reach = list(itertools.accumulate((s.end for s in spans), max))
            self._style_index[key] = _StyleIndex(spans, [s.start for s in spans], reach)
        return self._style_index[key]


@dataclass(frozen=True)
class _StyleIndex:
    spans: list[StyleSpan]
    starts: list[int]
    reach: list[int]  # the greatest end among spans[: i + 1]


def _holding(spans: list[SpanT], offset: int) -> SpanT | None:
    """The span of `spans` (sorted by start, disjoint) that holds `offset`."""
    index = bisect.bisect_right(spans, offset, key=lambda span: span.start) - 1
    return spans[index] if index >= 0 and offset < spans[index].end else None


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
