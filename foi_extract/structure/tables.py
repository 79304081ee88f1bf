"""Tables as structure: which cells ask, which answer, and for which service area.

A table of systems (a row per system) is read as one answer, its rows as sentences. A table of
questions is not: a row per question ("Question | Response") or a column per service area
("| Children's Services | Adult Social Care") puts each question in a cell of its own, and each
answer in a cell whose column says which service it speaks for. `question_table_cells` reads
those cells from `Document.cells`, which ingest recorded as it linearised each table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from foi_extract.document import Document, Table
from foi_extract.rules import any_of, resource_cache, structure_rules

CellRole = Literal["question", "answer"]
AreaReader = Callable[[str], str | None]
"""Names the service area a header stands for, or None."""


@dataclass(frozen=True)
class RoleCell:
    """One cell of a question table: its value's span and role."""

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
) -> list[list[RoleCell]] | None:
    """The rows of `table` as question and answer cells, or None when it is no question table."""
    if not table.has_header or len(table.rows) < 2:
        return None
    header = [cell for cell in table.rows[0] if cell]
    roles = {name: _role(name, area_of(name) is not None) for name in header}
    if "question" not in roles.values() and not any(area_of(name) for name in header):
        return None
    if not any(role == "answer" for role in roles.values()):
        return None
    number = next(index for index, known in enumerate(document.tables) if known is table)
    rows: dict[int, list[RoleCell]] = {}
    for cell in document.cells:
        if cell.table != number or cell.header_row:
            continue
        row = rows.setdefault(cell.row, [])
        if cell.header is None:
            row.append(RoleCell(cell.start, cell.end, "question", ""))
        elif (role := roles.get(cell.header)) is not None:
            row.append(RoleCell(cell.start, cell.end, role, cell.header))
    return [rows[row] for row in sorted(rows)]


@resource_cache
def _system_columns() -> re.Pattern[str]:
    return any_of(structure_rules().system_columns)


def system_column(header: str) -> bool:
    """The header names the column of the system a row is about ("System", "Product")."""
    return bool(_system_columns().fullmatch(header))
