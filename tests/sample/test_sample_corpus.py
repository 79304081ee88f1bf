"""The bundled sample corpus: real files, reproducible, and scored against its gold in CI."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foi_extract.cli import app
from foi_extract.evaluate import read_gold
from foi_extract.ingest import ingest_path
from foi_extract.ingest.legacy_word import antiword_available
from foi_extract.ingest.ocr import tesseract_available
from foi_extract.link.gazetteer import load_gazetteer

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw" / "sample"
TARGETS = Path(__file__).resolve().parents[2] / "foi_extract" / "resources" / "eval_targets.toml"


def _generator() -> object:
    path = SAMPLE.parents[2] / "scripts" / "make_sample_corpus.py"
    spec = importlib.util.spec_from_file_location("make_sample_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_at_least_fifteen_responses_in_many_formats() -> None:
    gold = read_gold(SAMPLE / "gold.jsonl")
    suffixes = {Path(document["file"]).suffix for document in gold}
    assert len(gold) >= 15
    assert {".pdf", ".docx", ".html", ".eml", ".txt", ".md", ".xlsx", ".csv", ".zip"} <= suffixes
    assert {".msg", ".rtf", ".odt", ".xls", ".doc", ".png"} <= suffixes
    assert any("scanned" in document["file"] for document in gold)


needs_tools = pytest.mark.skipif(
    not (tesseract_available() and antiword_available()),
    reason="the sample's scans need Tesseract and its .doc antiword "
    "(apt-get install tesseract-ocr antiword)",
)


@needs_tools
def test_every_file_ingests_and_gold_names_are_canonical() -> None:
    systems = load_gazetteer().systems
    for document in read_gold(SAMPLE / "gold.jsonl"):
        parsed = ingest_path(SAMPLE / document["file"])
        assert all(d.status == "ok" for d in parsed), document["file"]
        assert all(system["name"] in systems for system in document["systems"])


def test_regenerating_gives_the_same_bytes(tmp_path: Path) -> None:
    _generator().main(tmp_path)  # type: ignore[attr-defined]
    for made in tmp_path.iterdir():
        committed = SAMPLE / made.name
        digest = hashlib.sha256
        assert digest(made.read_bytes()).digest() == digest(committed.read_bytes()).digest(), made


@pytest.mark.slow
@needs_tools
def test_pipeline_meets_the_targets_on_the_sample(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "eval",
            str(tmp_path / "out"),
            "--run",
            "--gold",
            str(SAMPLE / "gold.jsonl"),
            "--targets",
            str(TARGETS),
            "--json",
            str(tmp_path / "scores.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "scores.json").read_text())["systems_f1"] >= 0.95
