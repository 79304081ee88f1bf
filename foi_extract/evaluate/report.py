"""Show scores: one table row per measure (precision, recall, F1, accuracy), then every finding."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from foi_extract.evaluate.scoring import Scores

MEASURES = ("precision", "recall", "f1", "accuracy")


def _measures(scores: Scores) -> list[str]:
    """The measured names in report order: fact sets first, then fields, then documents."""
    names = list(scores.sets())
    names += [name.removesuffix("_accuracy") for name in scores.accuracies()]
    return list(dict.fromkeys(names))


def scores_table(scores: Scores, targets: dict[str, float] | None = None) -> Table:
    """A row per measure: P, R, F1 with their counts, accuracy with right/total, and a verdict
    against `targets` (BELOW marks every figure under its target)."""
    targets = targets or {}
    figures = scores.figures()
    sets, accuracies = scores.sets(), scores.accuracies()
    table = Table(title=f"scores over {scores.documents} gold documents")
    for column in ("measure", "precision", "recall", "F1", "tp/fp/fn", "accuracy", "right/total"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    table.add_column("targets")
    for name in _measures(scores):
        counts, accuracy = sets.get(name), accuracies.get(f"{name}_accuracy")
        cells = [name]
        cells += [f"{figures[f'{name}_{m}']:.3f}" if counts else "" for m in MEASURES[:3]]
        cells.append(f"{counts.tp}/{counts.fp}/{counts.fn}" if counts else "")
        cells.append(f"{accuracy.value:.3f}" if accuracy else "")
        cells.append(f"{accuracy.right}/{accuracy.total}" if accuracy else "")
        cells.append(_verdicts(name, figures, targets))
        table.add_row(*cells)
    return table


def _verdicts(name: str, figures: dict[str, float], targets: dict[str, float]) -> str:
    said = []
    for measure in MEASURES:
        figure = f"{name}_{measure}"
        if figure in targets and figure in figures:
            ok = figures[figure] >= targets[figure]
            said.append(f"{measure} >= {targets[figure]:.2f} {'ok' if ok else 'BELOW'}")
    return "; ".join(said)


def print_report(scores: Scores, console: Console, targets: dict[str, float] | None = None) -> None:
    """The figures table, then every finding with its document id and evidence sentence."""
    console.print(scores_table(scores, targets))
    if scores.findings:
        console.print(f"misses and false hits ({len(scores.findings)}):")
        for finding in scores.findings:
            console.print(f"  {finding}", markup=False, highlight=False)
