"""Scoring pipeline output against gold labels: `score`, targets, the report and `eval`.

The names below are loaded on first use (PEP 562), so the command line starts without pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "print_report": "report",
    "scores_table": "report",
    "Counts": "scoring",
    "Finding": "scoring",
    "Scores": "scoring",
    "read_gold": "scoring",
    "run_and_score": "scoring",
    "score": "scoring",
    "below_targets": "targets",
    "load_targets": "targets",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
