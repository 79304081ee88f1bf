"""Scoring pipeline output against gold labels: `score`, targets, the report and `eval`."""

from foi_extract.evaluate.report import print_report, scores_table
from foi_extract.evaluate.scoring import Counts, Finding, Scores, read_gold, run_and_score, score
from foi_extract.evaluate.targets import below_targets, load_targets

__all__ = [
    "Counts",
    "Finding",
    "Scores",
    "below_targets",
    "load_targets",
    "print_report",
    "read_gold",
    "run_and_score",
    "score",
    "scores_table",
]
