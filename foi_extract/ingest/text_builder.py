"""Assemble a document's text from paragraphs, styled runs, tables and pages, tracking offsets.

Every ingestor writes through this one builder, so all formats share the same conventions:
paragraphs separated by a blank line, lines inside a paragraph by a newline, runs of spaces
collapsed, pages joined with `PAGE_SEPARATOR` (as `join_pages` does), and tables linearised as
`Header: cell | Header: cell` lines so that text rules see each row with its column names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from foi_extract.document import PAGE_SEPARATOR, Cell, Document, Page, Style, StyleSpan, Table
from foi_extract.ingest.plain_tables import plain_table
from foi_extract.rules import any_of, resource_cache, structure_rules
from foi_extract.structure.tables import system_column

CELL_SEPARATOR = " | "
"""Between the cells of a linearised row."""

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_NEWLINES = re.compile(r" *[\r\n\f\v\u2028\u2029]+[\s]*")

Run = tuple[str, frozenset[Style]]
"""A piece of a paragraph and the inline styles (bold, italic...) that cover it."""

NO_STYLE: frozenset[Style] = frozenset()


def clean_line(text: str) -> str:
    """Collapse runs of spaces (tabs, no-break and thin spaces) into one space."""
    return _SPACES.sub(" ", text)


def clean_cell(text: str) -> str:
    """A table cell on one line."""
    return clean_line(text.replace("\r", " ").replace("\n", " ")).strip()


@dataclass(frozen=True)
class Linearised:
    """A table as text lines, and each non-empty cell as (row, column, start, end, header,
    header_row), its value's span counted from the start of the first line."""

    lines: list[str]
    cells: list[tuple[int, int, int, int, str | None, bool]]


def upright(rows: Sequence[Sequence[str]]) -> Sequence[Sequence[str]]:
    """A table written sideways (structure.toml `field_rows`: "System | Mosaic | ContrOCC",
    then "Supplier | Servelec | OCC", "Go-live | 2016 | 2020") turned so that each product is a
    row, even under a row that heads its columns ("Question | Children | Adults"); any other
    table as it is."""
    if len(rows) < 3 or len(rows[0]) < 3:
        return rows
    labels = [clean_cell(row[0]) if row else "" for row in rows]
    heading = labels[: HEADS_ABOVE + 1]
    top = next((i for i, label in enumerate(heading) if system_column(label)), None)
    if top is None:
        return rows
    fields = sum(1 for label in labels[top + 1 :] if _field_label().fullmatch(label))
    if fields < 2:
        return rows
    width = max(len(row) for row in rows)
    padded = [list(row) + [""] * (width - len(row)) for row in rows]
    # a row above the systems' names heads their columns ("Question | Children | Adults"): its
    # cells stay with each system, its label ("Question") goes, as it names no field
    heads = [["", *row[1:]] for row in padded[:top]]
    ordered = [padded[top], *heads, *padded[top + 1 :]]
    return [list(column) for column in zip(*ordered, strict=True)]


HEADS_ABOVE = 1  # rows a sideways table may have above its systems' names


@resource_cache
def _field_label() -> re.Pattern[str]:
    return any_of(structure_rules().field_rows)


def linearise_table(rows: Sequence[Sequence[str]], has_header: bool = True) -> Linearised:
    """A table as text lines: the header line, then each row with its cells labelled.

    `System | Supplier`, then `System: Mosaic | Supplier: Servelec`; empty cells are left out.
    Without a header row (or with only one row), cells are joined with " | ".
    """
    cleaned = [(number, [clean_cell(cell) for cell in row]) for number, row in enumerate(rows)]
    cleaned = [(number, row) for number, row in cleaned if any(row)]
    labelled = has_header and len(cleaned) > 1
    header = cleaned[0][1] if labelled else []
    lines: list[str] = []
    cells: list[tuple[int, int, int, int, str | None, bool]] = []
    offset = 0
    for position, (number, row) in enumerate(cleaned):
        is_header = labelled and position == 0
        pieces: list[str] = []
        line_length = 0
        for column, value in enumerate(row):
            if not value:
                continue
            name = header[column] if not is_header and column < len(header) else ""
            label = f"{name}: " if name else ""
            if pieces:
                line_length += len(CELL_SEPARATOR)
            start = offset + line_length + len(label)
            cells.append((number, column, start, start + len(value), name or None, is_header))
            pieces.append(label + value)
            line_length += len(label) + len(value)
        lines.append(CELL_SEPARATOR.join(pieces))
        offset += line_length + 1
    return Linearised(lines, cells)


def normalise_runs(runs: Iterable[Run]) -> list[Run]:
    """Runs with spaces collapsed, no space at line ends, no blank line inside, ends trimmed."""
    texts: list[str] = []
    styles: list[frozenset[Style]] = []
    tail = ""
    for raw, run_styles in runs:
        text = _NEWLINES.sub("\n", clean_line(raw))
        if tail in ("", " ", "\n"):
            text = text.lstrip(" ")
        if tail in ("", "\n"):
            text = text.lstrip("\n")
        if text.startswith("\n") and tail == " ":
            _trim_end(texts, styles, " ")
        if text:
            texts.append(text)
            styles.append(run_styles)
            tail = text[-1]
    _trim_end(texts, styles, " \n")
    return list(zip(texts, styles, strict=True))


def _trim_end(texts: list[str], styles: list[frozenset[Style]], chars: str) -> None:
    while texts:
        texts[-1] = texts[-1].rstrip(chars)
        if texts[-1]:
            return
        texts.pop()
        styles.pop()


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
        self.cells: list[Cell] = []

    @property
    def page_number(self) -> int:
        return self._page_number

    @property
    def length(self) -> int:
        """The length of the text so far (a paragraph added next starts at or after it)."""
        return self._length

    def paragraph(self, runs: Iterable[Run], styles: Iterable[Style] = ()) -> tuple[int, int]:
        """Add one paragraph of styled runs; `styles` cover all of it. Returns its span."""
        pieces = normalise_runs(runs)
        if not pieces:
            return self._length, self._length
        self._start_paragraph()
        start = self._length
        for text, run_styles in pieces:
            for style in run_styles:
                self._style(self._length, self._length + len(text), style)
            self._append(text)
        for style in styles:
            self._style(start, self._length, style)
        return start, self._length

    def text(self, text: str, styles: Iterable[Style] = ()) -> None:
        """Add plain text: blank lines in it separate paragraphs; typed tables are tables."""
        for block in re.split(r"\n[ \t\f\v]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
            table = plain_table(block)
            if table is None:
                self.paragraph([(block, NO_STYLE)], styles)
            else:
                start, end = self.table(*table)
                for style in styles:
                    self._style(start, end, style)

    def table(self, rows: Sequence[Sequence[str]], has_header: bool = True) -> tuple[int, int]:
        """Add a table: kept as cells in `tables`, linearised into the text as its own block.

        Returns the span of its linearised text."""
        rows = upright(rows) if has_header else rows
        linearised = linearise_table(rows, has_header)
        if not linearised.lines:
            return self._length, self._length
        self._start_paragraph()
        start = self._length
        self._append("\n".join(linearised.lines))
        self._style(start, self._length, "table")
        table = len(self.tables)
        self.cells += [
            Cell(table, row, column, start + first, start + last, header, header_row)
            for row, column, first, last, header, header_row in linearised.cells
        ]
        cells = [[clean_cell(cell) for cell in row] for row in rows]
        self.tables.append(Table(cells, self._page_number, start, self._length, has_header))
        return start, self._length

    def new_page(self) -> None:
        """Close the current page; what follows is on the next one."""
        self.pages.append(Page(self._page_number, self._page_start, self._length))
        self._append(PAGE_SEPARATOR)
        self._page_number += 1
        self._page_start = self._length
        self._has_paragraph = False

    def apply(self, document: Document) -> None:
        """Write the text, pages, styles, tables and cells onto `document`."""
        document.text = "".join(self._parts)
        document.pages = [*self.pages, Page(self._page_number, self._page_start, self._length)]
        document.styles = list(self.styles)
        document.tables = list(self.tables)
        document.cells = list(self.cells)

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)

    def _start_paragraph(self) -> None:
        if self._has_paragraph:
            self._append("\n\n")
        self._has_paragraph = True

    def _style(self, start: int, end: int, style: Style) -> None:
        if end <= start:
            return
        for index in range(len(self.styles) - 1, max(len(self.styles) - 4, -1), -1):
            last = self.styles[index]
            if last.style == style and last.start <= start <= last.end:
                self.styles[index] = StyleSpan(last.start, max(end, last.end), style)
                return
        self.styles.append(StyleSpan(start, end, style))
