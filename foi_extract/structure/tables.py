"""Tables as structure: which cells ask, which answer, and for which service area.

A table of systems (a row per system) is read as one answer, its rows as sentences. A table of
questions is not: a row per question ("Question | Response") or a column per service area
("| Children's Services | Adult Social Care") puts each question in a cell of its own, and each
answer in a cell whose column says which service it speaks for. `question_table_cells` finds
those cells by their offsets in the document text, where tables are linearised as
`Header: cell | Header: cell` lines (see `ingest/text_builder.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from foi_extract.document import Document, Table
from foi_extract.rules import any_of, resource_cache, structure_rules

CellRole = Literal["question", "answer"]
CELL_SEPARATOR = " | "
AreaReader = Callable[[str], str | None]
"""Names the service area a header stands for, or None."""


@dataclass(frozen=True)
class Cell:
    """One cell of a question table: its span (without its `Header: ` label) and role."""

    start: int
    end: int
    role: CellRole
    header: str


@resource_cache
def _column_patterns() -> dict[CellRole, re.Pattern[str]]:
    rules = structure_rules()
    compiled: dict[CellRole, list[str]] = {
        "question": rules.question_columns,
        "answer": rules.answer_columns,
    }
    return {role: any_of(patterns) for role, patterns in compiled.items()}


def _role(header: str, area_named: bool) -> CellRole | None:
    patterns = _column_patterns()
    if patterns["question"].search(header):
        return "question"
    if patterns["answer"].search(header) or area_named:
        return "answer"
    return None


def question_table_cells(
    document: Document, table: Table, area_of: AreaReader
) -> list[list[Cell]] | None:
    """The rows of `table` as question and answer cells, or None when it is no question table."""
    if not table.has_header or len(table.rows) < 2:
        return None
    header = [cell for cell in table.rows[0] if cell]
    roles = {name: _role(name, area_of(name) is not None) for name in header}
    if "question" not in roles.values() and not any(area_of(name) for name in header):
        return None
    if not any(role == "answer" for role in roles.values()):
        return None
    lines = document.text[table.start : table.end].split("\n")
    offset = table.start + len(lines[0]) + 1
    rows = []
    for line in lines[1:]:
        rows.append(_cells(line, offset, header, roles))
        offset += len(line) + 1
    return rows


def _cells(
    line: str, offset: int, header: list[str], roles: dict[str, CellRole | None]
) -> list[Cell]:
    """The labelled cells of one linearised row; an unlabelled cell asks the row's question."""
    cells = []
    position = 0
    for piece in line.split(CELL_SEPARATOR):
        start = offset + position
        position += len(piece) + len(CELL_SEPARATOR)
        name = next((h for h in header if piece.startswith(f"{h}: ")), None)
        if name is None:
            cells.append(Cell(start, start + len(piece), "question", ""))
            continue
        role = roles.get(name)
        if role is not None:
            content = start + len(name) + 2
            cells.append(Cell(content, start + len(piece), role, name))
    return cells
