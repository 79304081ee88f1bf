"""Tables typed as plain text (in .txt and .md files and e-mail bodies), read into rows.

Five shapes: pipe tables (`| a | b |` as Markdown writes them, or `a | b` lines), grid tables
(`+---+---+` borders around rows whose cells wrap over several lines), tab-separated columns,
columns under a rule of dashes or equals signs (`-----  -----`: its runs place each cell, so a
wrapped cell is carried on), and columns set apart by runs of two or more spaces (two columns
only when they line up over three or more lines). Except under a rule, every line must split
into the same number of cells; a pipe table's first row is its header when a rule line
(`|---|---|`) follows it or when it looks like one (short cells without digits).
"""

from __future__ import annotations

import re

Rows = list[list[str]]

_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TABS = re.compile(r"\t+")
_GRID_BORDER = re.compile(r"^\s*\+[-=]+(?:\+[-=]+)*\+\s*$")
_SPACES = re.compile(r" {2,}")
_COLUMN_RULE = re.compile(r"^ *(?:-{3,}|={3,})(?: +(?:-{3,}|={3,}))+ *$")
_RULE_RUN = re.compile(r"-{3,}|={3,}")
_CELL = re.compile(r"\S+(?: \S+)*")
HEADER_CELL_CHARS = 40
ALIGNED_LINES = 3
ALIGN_SLACK = 1
"""How many characters a column's start (or end) may wander from line to line."""


def plain_table(block: str) -> tuple[Rows, bool] | None:
    """The rows of a text block that is a table, and whether its first row is a header; None
    when the block is not a table."""
    lines = [line.rstrip(" \r\f\v") for line in block.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    if _GRID_BORDER.match(lines[0]) and _GRID_BORDER.match(lines[-1]):
        return _grid_table(lines)
    if all("|" in line for line in lines):
        return _pipe_table(lines)
    if all("\t" in line.strip() for line in lines):
        rows = _same_width([line.strip(" ").split("\t") for line in lines]) or _same_width(
            [_TABS.split(line.strip()) for line in lines]
        )  # a tab per cell, so an empty cell is kept ("Contract start\t\t01/04/2020\t"); else
        # runs of tabs that line the columns up
        return (rows, True) if rows else None
    return _ruled_table(lines) or _spaced_table(lines)


def looks_like_header(row: list[str]) -> bool:
    """Short labels without digits in every cell ("System", "Supplier", "Contract end")."""
    return all(
        cell and len(cell) <= HEADER_CELL_CHARS and not re.search(r"\d", cell) for cell in row
    )


def _same_width(rows: Rows, least: int = 2) -> Rows | None:
    width = len(rows[0])
    return rows if width >= least and all(len(row) == width for row in rows) else None


def _pipe_table(lines: list[str]) -> tuple[Rows, bool] | None:
    rules = [index for index, line in enumerate(lines) if _PIPE_RULE.match(line)]
    rows = _same_width(
        [_pipe_cells(line) for index, line in enumerate(lines) if index not in rules]
    )
    if rows is None or len(rows) < 2:
        return None
    return rows, rules == [1] or (not rules and looks_like_header(rows[0]))


def _grid_table(lines: list[str]) -> tuple[Rows, bool] | None:
    """A grid table ("+-----+-----+" borders, "| a | b |" lines, a cell's text wrapped over
    several lines between two borders): each row's pieces joined per column. Its first row is
    the header when an "=" border follows it or it looks like one."""
    rows: Rows = []
    pieces: list[list[str]] = []
    header_border = False
    for line in lines:
        if _GRID_BORDER.match(line):
            if pieces:
                columns = zip(*pieces, strict=True)  # every line of a row has its cells
                rows.append([" ".join(p for p in column if p) for column in columns])
                header_border = header_border or (len(rows) == 1 and "=" in line)
            pieces = []
        elif "|" in line:
            cells = _pipe_cells(line)
            if pieces and len(cells) != len(pieces[0]):
                return None
            pieces.append(cells)
        else:
            return None
    table = _same_width(rows)
    if table is None or len(table) < 2:
        return None
    return table, header_border or looks_like_header(table[0])


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


def _spaced_table(lines: list[str]) -> tuple[Rows, bool] | None:
    """Columns set apart by two or more spaces: the same number of cells on every line, three
    or more of them; two columns only over three or more lines, each column starting (or, for
    figures, ending) at the same place on every line (two cells on a line are often just a
    sentence typed with two spaces)."""
    lines, wrapped = _unwrapped(lines)
    if not all(_SPACES.search(line.strip()) for line in lines):
        return None
    spans = [[match.span() for match in _CELL.finditer(line)] for line in lines]
    width = len(spans[0])
    if width < 2 or any(len(row) != width for row in spans):
        return None
    if width == 2 and (len(lines) < ALIGNED_LINES or not _aligned(spans)):
        return None
    rows = [[line[start:end] for start, end in row] for line, row in zip(lines, spans, strict=True)]
    for index, column, more in wrapped:
        rows[index][column] += f" {more}"
    return rows, True


def _ruled_table(lines: list[str]) -> tuple[Rows, bool] | None:
    """Columns under a rule of dashes or equals signs, one run per column ("System  Supplier"
    over "------  --------"), as typed by hand, printed by a database or written in
    reStructuredText (which adds the same rule above and below as borders): the runs say where
    each column lies, so a cell is placed by where it starts. A line below the rule that fills
    no more than half of the columns carries on the cells of the row above (a name or a team
    wrapped in its column: "SystmOne (social care" / "unit)"); lines above it are the header.
    None without one such rule between a header and a body, or when a line's cells do not fit
    its columns."""
    rules = [number for number, line in enumerate(lines) if _COLUMN_RULE.match(line)]
    inner = [number for number in rules if 0 < number < len(lines) - 1]  # borders aside
    if len(inner) != 1:
        return None
    columns = [match.span() for match in _RULE_RUN.finditer(lines[inner[0]])]
    placed = [
        (number < inner[0], _placed(line, columns))
        for number, line in enumerate(lines)
        if number not in rules
    ]
    rows: Rows = []
    body = 0
    for in_header, cells in placed:
        if cells is None:
            return None
        carries_on = in_header or (body and sum(1 for c in cells if c) <= len(columns) // 2)
        if rows and carries_on:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
        else:  # the header's first line, or a row of the body
            rows.append(cells)
            body += not in_header
    return (rows, True) if body and len(rows) > body else None


def _placed(line: str, columns: list[tuple[int, int]]) -> list[str] | None:
    """A line's cells by column: each cell goes to the column it starts in (up to
    `ALIGN_SLACK` characters left of the column's rule); None when a cell starts in a gutter or
    two cells fall in one column."""
    cells = [""] * len(columns)
    for match in _CELL.finditer(line):
        start = match.start()
        column = next(
            (i for i, (left, right) in enumerate(columns) if left - ALIGN_SLACK <= start < right),
            None,
        )
        if column is None or cells[column]:
            return None
        cells[column] = match.group()
    return cells


def _unwrapped(lines: list[str]) -> tuple[list[str], list[tuple[int, int, str]]]:
    """The lines without the indented ones that carry on a cell of the line above (a name
    wrapped in its column: "PennyPath Charging (formerly FinAssess" / "  Pro)"), and those
    carried words as (line index, column, words)."""
    kept: list[str] = []
    wrapped: list[tuple[int, int, str]] = []
    for line in lines:
        cells = list(_CELL.finditer(line))
        starts = [m.start() for m in _CELL.finditer(kept[-1])] if kept else []
        if kept and line[:1] == " " and 0 < len(cells) < len(starts):
            for cell in cells:
                column = max(
                    (i for i, start in enumerate(starts) if start <= cell.start()), default=0
                )
                wrapped.append((len(kept) - 1, column, cell.group()))
            continue
        kept.append(line)
    return kept, wrapped


def _aligned(spans: list[list[tuple[int, int]]]) -> bool:
    for column in range(len(spans[0])):
        starts = [row[column][0] for row in spans]
        ends = [row[column][1] for row in spans]
        if max(starts) - min(starts) > ALIGN_SLACK and max(ends) - min(ends) > ALIGN_SLACK:
            return False
    return True
