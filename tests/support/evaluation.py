"""Run `foi-extract eval --run` on a gold set against a targets file, as CI does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from foi_extract.cli import app


def eval_figures(gold: Path, targets: Path, work: Path) -> dict[str, Any]:
    """The figures of one `eval --run` (in `work`); fails the test below any target."""
    figures = work / "figures.json"
    result = CliRunner().invoke(
        app,
        ["eval", str(work / "out"), "--run", "--gold", str(gold), "--targets", str(targets),
         "--json", str(figures)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(figures.read_text())
    return found
