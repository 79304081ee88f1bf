"""The scorer on small hand-made tables: each kind of error moves exactly the figure it should."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foi_extract.cli import app
from foi_extract.evaluate import below_targets, score
from foi_extract.records import DocumentRow, ExemptionFact, SystemFact
from foi_extract.store import write_table

GOLD = {
    "id": "leeds",
    "file": "leeds.pdf",
    "council": "Leeds City Council",
    "reference": "FOI 1",
    "response_date": "2024-03-12",
    "systems": [
        {
            "name": "Mosaic",
            "supplier": None,
            "service_area": "adults",
            "hosting": "supplier",
            "contract_end": "2027-03",
        },
        {"name": "ContrOCC", "supplier": "Oxford Computer Consultants", "service_area": "adults"},
    ],
    "exemptions": ["s43(2)"],
}


def _fact(system: str, **fields: object) -> SystemFact:
    values: dict[str, object] = {
        "doc_id": "d1",
        "system": system,
        "surface_form": system,
        "page": 1,
        "char_start": 0,
        "char_end": 5,
        "evidence": system,
        "extractor": "test",
        "confidence": 1.0,
    }
    return SystemFact.model_validate(values | fields)


def _exemption(provision: str, applied: bool) -> ExemptionFact:
    return ExemptionFact(
        doc_id="d1",
        legislation="FOIA",
        provision=provision,
        applied=applied,
        page=1,
        char_start=0,
        char_end=3,
        evidence="x",
        extractor="test",
    )


@pytest.fixture
def pred(tmp_path: Path) -> Path:
    out = tmp_path / "pred"
    document = DocumentRow(
        doc_id="d1",
        source_path="in/leeds.pdf",
        media_type="application/pdf",
        authority_name="Leeds City Council",
        reference="FOI 1",
        response_date="2024-03-12",
        status="ok",
    )
    write_table([document], DocumentRow, out / "documents.parquet", ("doc_id",))
    systems = [
        _fact("Mosaic", service_area="adults", hosting="council", contract_end="2027-03"),
        _fact("Eclipse", service_area="adults"),
    ]
    write_table(systems, SystemFact, out / "systems.parquet", ("system",))
    exemptions = [_exemption("s43(2)", True), _exemption("s21", False)]
    write_table(exemptions, ExemptionFact, out / "exemptions.parquet", ("provision",))
    return out


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOLD) + "\n")
    return path


def test_a_miss_and_a_false_hit_halve_precision_and_recall(gold: Path, pred: Path) -> None:
    scores = score(gold, pred)
    assert (scores.systems.tp, scores.systems.fp, scores.systems.fn) == (1, 1, 1)
    assert scores.systems.f1 == pytest.approx(0.5)
    assert "leeds: missed system ContrOCC" in scores.errors
    assert any(error.startswith("leeds: false system Eclipse") for error in scores.errors)


def test_fields_are_compared_only_where_gold_is_not_null(gold: Path, pred: Path) -> None:
    fields = score(gold, pred).fields
    assert (fields["hosting"].right, fields["hosting"].total) == (0, 1)
    assert (fields["contract_end"].right, fields["contract_end"].total) == (1, 1)
    assert fields["supplier"].total == 0


def test_only_applied_exemptions_count(gold: Path, pred: Path) -> None:
    exemptions = score(gold, pred).exemptions
    assert (exemptions.tp, exemptions.fp, exemptions.fn) == (1, 0, 0)


def test_targets_name_the_figures_that_fall_short(gold: Path, pred: Path) -> None:
    failed = below_targets(score(gold, pred), {"systems_f1": 0.95, "exemptions_f1": 0.97})
    assert failed == ["systems_f1 0.500 < 0.950"]


def test_cli_exits_one_below_target(gold: Path, pred: Path, tmp_path: Path) -> None:
    targets = tmp_path / "targets.toml"
    targets.write_text("systems_f1 = 0.95\n")
    result = CliRunner().invoke(
        app,
        [
            "eval",
            str(pred),
            "--gold",
            str(gold),
            "--targets",
            str(targets),
            "--json",
            str(tmp_path / "s.json"),
        ],
    )
    assert result.exit_code == 1
    assert json.loads((tmp_path / "s.json").read_text())["systems_f1"] == pytest.approx(0.5)
