"""`foi-extract eval`: score output tables against gold labels (mounted by the main CLI)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def eval_command(
    pred_dir: Annotated[
        Path | None, typer.Argument(help="Folder with the tables to score (omit with --run).")
    ] = None,
    gold: Annotated[Path, typer.Option(help="Gold labels (JSON lines, one per document).")] = Path(
        "data/raw/sample/gold.jsonl"
    ),
    run: Annotated[
        bool, typer.Option("--run", help="Run the pipeline on the gold files first.")
    ] = False,
    targets: Annotated[
        Path | None,
        typer.Option(help="TOML (or JSON) of minimum scores; exit 1 when one is missed."),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the figures here as JSON.")
    ] = None,
) -> None:
    """Score output tables against gold labels: precision, recall, F1 and field accuracy."""
    from rich.console import Console

    from foi_extract.evaluate.report import print_report
    from foi_extract.evaluate.scoring import run_and_score, score
    from foi_extract.evaluate.targets import below_targets, load_targets

    if not gold.is_file():
        raise typer.BadParameter(f"no gold file at {gold}")
    wanted = load_targets(targets) if targets else {}
    if run:
        try:
            scores = run_and_score(gold, pred_dir)
        except FileNotFoundError as exc:
            raise typer.BadParameter(str(exc)) from exc
    elif pred_dir is None:
        raise typer.BadParameter("give PRED_DIR or --run")
    else:
        scores = score(gold, pred_dir)
    print_report(scores, Console(width=160), wanted)
    if json_out:
        figures: dict[str, float | int] = {"documents": scores.documents, **scores.figures()}
        json_out.write_text(json.dumps(figures, indent=2, sort_keys=True), encoding="utf-8")
    failed = below_targets(scores, wanted)
    for line in failed:
        typer.echo(f"BELOW TARGET: {line}", err=True)
    if failed:
        raise typer.Exit(code=1)
