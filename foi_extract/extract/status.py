"""Whether a system is in use, gone or coming: the status a sentence states for a name.

The nearest ConText-style cue that reaches the name decides (extract/scopes.py, rules/status.toml
`[[rule]]`); where none does, a cell of the name's table row may ("Status: Decommissioned 2016",
`[[row_rule]]`). A name no cue reaches is current by default (the resolver's lowest rank).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from foi_extract.extract.cells import HeadedValue, header_at
from foi_extract.extract.findings import Finding
from foi_extract.extract.mentions import Mention
from foi_extract.extract.scopes import status_of
from foi_extract.rules import any_of, resource_cache, rule_ref, status_rules


@resource_cache
def _row_rules() -> list[tuple[str, str, re.Pattern[str], re.Pattern[str]]]:
    return [
        (
            rule.category,
            rule_ref("status", rule.id, rule.version),
            any_of(rule.columns),
            any_of(rule.patterns),
        )
        for rule in status_rules().row_rule
    ]


def row_subject(text: str, cells: Sequence[HeadedValue], start: int) -> HeadedValue | None:
    """The cell whose value `start` opens: the name there is what its table row speaks of."""
    own = header_at(cells, start)
    return own if own is not None and not text[own.start : start].strip() else None


def row_status(text: str, cells: Sequence[HeadedValue], start: int) -> tuple[str, str] | None:
    """(category, rule id) a cell of the table row holding `start` states, else None. The
    row speaks of the name that opens its own cell ("CareFirst"), not of one named inside
    another cell's words ("Case management (replaced by LAS)")."""
    own = row_subject(text, cells, start)
    if own is None:
        return None
    for cell in cells:
        if cell == own or not cell.same_row(own):
            continue
        for category, rule_id, columns, patterns in _row_rules():
            if columns.fullmatch(cell.header.strip()) and patterns.search(
                text[cell.start : cell.end]
            ):
                return category, rule_id
    return None


def status_finding(
    text: str, mention: Mention, others: Sequence[Mention], cells: Sequence[HeadedValue], base: int
) -> Finding | None:
    """The status the sentence `text` (starting at `base`) states for `mention`: a cue in
    the sentence that reaches it without passing another name (`others`), else a cell of its
    table row; the finding spans the name."""
    start, end = mention.start - base, mention.end - base
    spans = [(m.start - base, m.end - base) for m in others if m != mention]
    cue = status_of(text, start, end, spans)
    stated = (cue.category, cue.rule_id) if cue else row_status(text, cells, start)
    if stated is None:
        return None
    category, rule_id = stated
    return Finding("status", category, mention.start, mention.end, rule_id)
