"""The eval command on the real development set in ../shared, against the project's targets."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from foi_extract.cli import app

TARGETS = Path(__file__).resolve().parents[2] / "foi_extract" / "resources" / "eval_targets.toml"


def test_dev_set_meets_the_targets(shared_dir: Path, tmp_path: Path) -> None:
    gold = shared_dir / "corpus" / "dev" / "gold.jsonl"
    result = CliRunner().invoke(
        app, ["eval", str(tmp_path), "--run", "--gold", str(gold), "--targets", str(TARGETS)]
    )
    assert result.exit_code == 0, result.output
    assert "systems_f1                   1.000" in result.output
