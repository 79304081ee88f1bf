"""`eval --gold` given a review's corrections file: right and corrected rows are gold systems
with their values, wrong rows are absent; the gold format of old keeps working."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from foi_extract.cli import app
from foi_extract.errors import UserError
from foi_extract.evaluate import read_gold, score
from foi_extract.review import apply_corrections, read_corrections
from tests.evaluate.eval_tables import GOLD, document, fact, write_gold, write_predictions

LEEDS = "E08000035"
SEEN = {"hosting": "council", "contract_end": "2027-03", "supplier": None}


def correction(system: str, verdict: str, **fields: Any) -> dict[str, Any]:
    values = {"authority_code": LEEDS, "system": system, "service_area": "adults",
              "doc_ids": ["d1"], "verdict": verdict, "values": SEEN}  # fmt: skip
    return values | fields


def write_corrections(path: Path, *lines: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in lines), encoding="utf-8")
    return path


@pytest.fixture
def pred(tmp_path: Path) -> Path:
    """Mosaic (hosting council) and Eclipse, in the Leeds response."""
    systems = [
        fact("Mosaic", service_area="adults", hosting="council", contract_end="2027-03"),
        fact("Eclipse", service_area="adults"),
    ]
    return write_predictions(tmp_path / "pred", [document(authority_code=LEEDS)], systems, [])


@pytest.fixture
def corrections(tmp_path: Path) -> Path:
    """Mosaic's hosting corrected to supplier; Eclipse marked wrong."""
    return write_corrections(
        tmp_path / "corrections.jsonl",
        correction("Mosaic", "corrected", corrected={"hosting": "supplier"}, note="p. 2"),
        correction("Eclipse", "wrong"),
    )


def test_corrections_become_gold_for_the_files_they_cover(corrections: Path) -> None:
    gold = read_gold(corrections, {"d1": "leeds.pdf", "d2": "other.pdf"})
    assert gold == [
        {
            "id": "leeds.pdf",
            "file": "leeds.pdf",
            "systems": [
                {
                    "name": "Mosaic",
                    "service_area": "adults",
                    "supplier": None,
                    "hosting": "supplier",
                    "contract_end": "2027-03",
                }
            ],
        }
    ]


def test_wrong_rows_are_false_hits_and_corrected_values_are_the_gold(
    corrections: Path, pred: Path
) -> None:
    scores = score(corrections, pred)
    assert scores.documents == 1
    assert (scores.systems.tp, scores.systems.fp, scores.systems.fn) == (1, 1, 0)
    hosting = scores.fields["hosting"].accuracy
    assert (hosting.right, hosting.total) == (0, 1)
    assert scores.fields["contract_end"].accuracy.right == 1
    assert scores.exemptions.tp + scores.exemptions.fp + scores.exemptions.fn == 0


def test_the_corrected_tables_score_perfectly_against_their_corrections(
    corrections: Path, pred: Path
) -> None:
    apply_corrections(pred, read_corrections(corrections))
    scores = score(corrections, pred)
    assert (scores.systems.tp, scores.systems.fp, scores.systems.fn) == (1, 0, 0)
    assert scores.fields["hosting"].accuracy.value == 1.0


def test_a_right_row_is_gold_with_the_values_seen(tmp_path: Path, pred: Path) -> None:
    path = write_corrections(tmp_path / "c.jsonl", correction("Mosaic", "right"))
    (gold,) = read_gold(path, {"d1": "leeds.pdf"})
    assert gold["systems"] == [{"name": "Mosaic", "service_area": "adults", **SEEN}]
    assert score(path, pred).fields["hosting"].accuracy.value == 1.0


def test_eval_command_takes_a_corrections_file_as_gold(corrections: Path, pred: Path) -> None:
    figures = pred.parent / "figures.json"
    arguments = ["eval", str(pred), "--gold", str(corrections), "--json", str(figures)]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    assert json.loads(figures.read_text())["systems_precision"] == 0.5


def test_the_gold_format_still_reads_as_before(tmp_path: Path) -> None:
    path = write_gold(tmp_path / "gold.jsonl", GOLD)
    assert read_gold(path) == [GOLD]


def test_a_file_mixing_gold_and_corrections_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(GOLD) + "\n" + json.dumps(correction("Mosaic", "right")) + "\n")
    with pytest.raises(UserError, match="mixes corrections and gold"):
        read_gold(path, {})


def test_corrections_from_another_run_are_refused(tmp_path: Path, pred: Path) -> None:
    path = write_corrections(tmp_path / "c.jsonl", correction("Mosaic", "right", doc_ids=["x"]))
    result = CliRunner().invoke(app, ["eval", str(pred), "--gold", str(path)])
    assert result.exit_code == 2
    assert "corrections line 1: none of its documents" in result.output


def test_a_bad_corrections_line_is_named(tmp_path: Path, pred: Path) -> None:
    path = write_corrections(tmp_path / "c.jsonl", correction("Mosaic", "maybe"))
    result = CliRunner().invoke(app, ["eval", str(pred), "--gold", str(path)])
    assert result.exit_code == 2
    assert f"{path}:1: verdict" in result.output


def test_run_mode_refuses_corrections(corrections: Path) -> None:
    with pytest.raises(UserError, match="not with --run"):
        read_gold(corrections)
