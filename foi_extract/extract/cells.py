"""Table cells as readers see them: a value under its column's header, by offset.

Ingest records every cell (`Document.cells`); a reader that needs to know "which column is
this date in" gets the headed values of its sentence, with offsets relative to the sentence,
and never parses a linearised row again.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from foi_extract.document import Document


@dataclass(frozen=True)
class HeadedValue:
    """A cell's value at [start, end) under the column header `header` ("" when the column
    has none), in row `row` of table `table`."""

    header: str
    start: int
    end: int
    table: int = 0
    row: int = 0

    def same_row(self, other: HeadedValue) -> bool:
        return (self.table, self.row) == (other.table, other.row)


def headed_values(document: Document, start: int, end: int, base: int = 0) -> list[HeadedValue]:
    """The body cells (not header rows) that overlap [start, end) of the document, offsets
    moved by `-base`."""
    cells = document.cells
    first = max(bisect.bisect_right(cells, start, key=lambda cell: cell.start) - 1, 0)
    found = []
    for cell in cells[first:]:
        if cell.start >= end:
            break
        if cell.end > start and not cell.header_row:
            header, moved = cell.header or "", (cell.start - base, cell.end - base)
            found.append(HeadedValue(header, *moved, cell.table, cell.row))
    return found


def header_at(values: Sequence[HeadedValue], position: int) -> HeadedValue | None:
    """The headed value that holds `position` (its end included: a date may close a cell)."""
    return next((value for value in values if value.start <= position <= value.end), None)
