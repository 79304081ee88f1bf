"""The eval command on the real development set in ../shared, against the project's targets."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from foi_extract.cli import app

TARGETS = Path(__file__).resolve().parents[2] / "foi_extract" / "resources" / "eval_targets.toml"


def test_dev_set_meets_the_targets(shared_dir: Path, tmp_path: Path) -> None:
    gold = shared_dir / "corpus" / "dev" / "gold.jsonl"
    figures = tmp_path / "figures.json"
    arguments = ["eval", str(tmp_path / "out"), "--run", "--gold", str(gold)]
    result = CliRunner().invoke(
        app, [*arguments, "--targets", str(TARGETS), "--json", str(figures)]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(figures.read_text())
    assert scores["documents"] == 2
    assert scores["systems_f1"] == 1.0
    assert scores["hosting_accuracy"] == 1.0
