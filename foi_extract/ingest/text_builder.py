"""Assemble a document's text from paragraphs, styled runs, tables and pages, tracking offsets.

Every ingestor writes through this one builder, so all formats share the same conventions:
paragraphs separated by a blank line, pages joined with `PAGE_SEPARATOR`, tables linearised as
`Header: cell | Header: cell` lines so that text rules see each row with its column names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from foi_extract.document import PAGE_SEPARATOR, Document, Page, Style, StyleSpan, Table

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")

Run = tuple[str, frozenset[Style]]


def clean_line(text: str) -> str:
    """Collapse runs of spaces inside a line."""
    return _SPACES.sub(" ", text)


def linearise_table(rows: Sequence[Sequence[str]], has_header: bool = True) -> list[str]:
    """A table as text lines: the header line, then each row with its cells labelled."""
    cleaned = [[clean_line(cell).replace("\n", " ").strip() for cell in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    if not cleaned:
        return []
    if not has_header or len(cleaned) == 1:
        return [" | ".join(cell for cell in row if cell) for row in cleaned]
    header, *body = cleaned
    lines = [" | ".join(cell for cell in header if cell)]
    for row in body:
        cells = [
            f"{header[i]}: {cell}" if i < len(header) and header[i] else cell
            for i, cell in enumerate(row)
            if cell
        ]
        lines.append(" | ".join(cells))
    return lines


class TextBuilder:
    """Accumulates text with its pages, styles and tables; `apply` writes them on a Document."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._page_start = 0
        self._page_number = 1
        self._has_paragraph = False
        self.pages: list[Page] = []
        self.styles: list[StyleSpan] = []
        self.tables: list[Table] = []

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)

    def _start_paragraph(self) -> None:
        if self._has_paragraph:
            self._append("\n\n")
        self._has_paragraph = True

    def paragraph(self, runs: Iterable[Run], styles: Iterable[Style] = ()) -> None:
        """Add one paragraph made of styled runs; `styles` apply to the whole paragraph."""
        pieces = [(clean_line(text), style) for text, style in runs]
        text = "".join(piece for piece, _ in pieces)
        if not text.strip():
            return
        lead = len(text) - len(text.lstrip())
        self._start_paragraph()
        start = self._length
        offset = start - lead
        for piece, run_styles in pieces:
            for style in run_styles:
                self._style(max(offset, start), offset + len(piece), style)
            offset += len(piece)
        self._append(text.strip())
        end = self._length
        for style in styles:
            self._style(start, end, style)

    def text(self, text: str, styles: Iterable[Style] = ()) -> None:
        """Add plain text: blank lines in it separate paragraphs."""
        for block in re.split(r"\n\s*\n", text):
            lines = [clean_line(line).strip() for line in block.splitlines()]
            joined = "\n".join(line for line in lines if line)
            if joined:
                self.paragraph([(joined, frozenset())], styles)

    def table(self, rows: Sequence[Sequence[str]], has_header: bool = True) -> None:
        lines = linearise_table(rows, has_header)
        if not lines:
            return
        self._start_paragraph()
        start = self._length
        self._append("\n".join(lines))
        self._style(start, self._length, "table")
        cells = [[clean_line(cell).strip() for cell in row] for row in rows]
        self.tables.append(Table(cells, self._page_number, start, self._length, has_header))

    def new_page(self) -> None:
        """Close the current page; what follows is on the next one."""
        self.pages.append(Page(self._page_number, self._page_start, self._length))
        self._append(PAGE_SEPARATOR)
        self._page_number += 1
        self._page_start = self._length
        self._has_paragraph = False

    def _style(self, start: int, end: int, style: Style) -> None:
        if end <= start:
            return
        last = self.styles[-1] if self.styles else None
        if last and last.style == style and start <= last.end:
            self.styles[-1] = StyleSpan(last.start, end, style)
        else:
            self.styles.append(StyleSpan(start, end, style))

    def apply(self, document: Document) -> None:
        """Write the text, pages, styles and tables onto `document`."""
        document.text = "".join(self._parts)
        document.pages = [*self.pages, Page(self._page_number, self._page_start, self._length)]
        document.styles = list(self.styles)
        document.tables = list(self.tables)
