"""`foi-extract eval`: score output tables against gold labels (mounted by the main CLI)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from foi_extract.errors import UserError
from foi_extract.model_files import MODEL_BY_DEFAULT


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
    model: Annotated[
        bool,
        typer.Option(help="With --run: the NER model's names too (--no-model: rules only)."),
    ] = MODEL_BY_DEFAULT,
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
    from foi_extract.evaluate.targets import below_targets

    if not gold.is_file():
        raise typer.BadParameter(f"no gold file at {gold}")
    wanted = _targets(targets)
    if run:
        try:
            scores = run_and_score(gold, pred_dir, use_model=model)
        except FileNotFoundError as exc:
            raise typer.BadParameter(str(exc)) from exc
    elif pred_dir is None:
        raise typer.BadParameter("give PRED_DIR or --run")
    elif not pred_dir.is_dir():
        raise UserError(f"no such folder: {pred_dir} (give the --out folder of a run)")
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


def _targets(path: Path | None) -> dict[str, float]:
    """The minimum scores in `path` (none without it); a bad targets file is a user's mistake."""
    from foi_extract.evaluate.targets import load_targets

    if path is None:
        return {}
    try:
        return load_targets(path)
    except ValueError as exc:  # an unknown figure, a non-number, invalid TOML or JSON
        raise UserError(f"targets file: {exc}") from exc
