"""Findings: the one thing every reader returns.

A reader (a name finder, a hosting phrase rule, a date cue, a supplier link, a modifier...)
says what it read as a `Finding`: the field, the value, where, how sure, and which rule read it
(`rule_id@version`, e.g. `hosting.supplier_hosted@7`). Readers never decide between findings:
the resolver (extract/resolve.py) does, with one written precedence, and keeps every decision
(`Decision`) so `foi-extract explain` and tests can see what won, what lost and why.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

# How a finding reached the fact it is about, strongest first: read in the system's own
# sentence; in a sentence that names no system (a cross-reference); implied by the name itself
# ("OLM CareFirst" names its maker); a default (a system named with no word of change is current).
from foi_extract.records import EvidenceSource as Source

__all__ = ["Decision", "Finding", "Outcome", "Source"]

Outcome = Literal["won", "outranked", "rejected", "invalid"]


@dataclass(frozen=True)
class Finding:
    """One value a reader read at [start, end) of the document text."""

    field: str
    value: str | None
    start: int
    end: int
    rule_id: str
    source: Source = "direct"
    score: float = 1.0
    rank: int = 0  # the rule's place in its file: within one reading, the lower wins
    supersedes: bool = False  # the text says it replaces earlier values ("since extended to")
    sentence: str = ""
    validation: str | None = None  # why the finding is invalid; None when it is valid

    def moved(self, base: int) -> Finding:
        """This finding with its offsets moved by `base` (readers work on one sentence)."""
        return replace(self, start=self.start + base, end=self.end + base)


@dataclass(frozen=True)
class Decision:
    """What became of one finding: offered to `target` (a fact, or None), and why."""

    finding: Finding
    target: str | None
    outcome: Outcome
    reason: str
