"""Bad input never kills a run: each becomes a documents row with a status and a reason."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from foi_extract import process
from foi_extract.cli import app
from foi_extract.pipeline import RunOptions, run_pipeline

pytestmark = pytest.mark.slow


def _row(out: Path, name: str) -> pd.Series:
    documents = pd.read_parquet(out / "documents.parquet")
    return documents[documents.source_path.str.endswith(name)].iloc[0]


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "zero.pdf").write_bytes(b"")
    (folder / "junk.pdf").write_bytes(bytes(range(256)) * 8)
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (folder / "unknown.bin").write_bytes(b"\x00\x01\x02\x03FOO" * 50)
    (folder / "bom.txt").write_bytes("\ufeffHull City Council uses Mosaic.".encode())
    (folder / "cp1252.txt").write_bytes(
        "Council\u2019s answer: \u201cCareFirst\u201d.".encode("cp1252")
    )
    return folder


def test_every_bad_file_gets_a_row_and_the_run_goes_on(bad_inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_pipeline([bad_inputs], out)
    assert summary.documents == 6
    assert _row(out, "zero.pdf").status == "empty"
    for name in ("junk.pdf", "truncated.pdf", "unknown.bin"):
        row = _row(out, name)
        assert row.status == "error" and row.error, name
    assert _row(out, "bom.txt").status == "ok"
    assert _row(out, "cp1252.txt").status == "ok"


def test_odd_encodings_are_decoded(bad_inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_pipeline([bad_inputs], out)
    pages = pd.read_parquet(out / "pages.parquet").set_index("doc_id")
    cp1252 = pages.loc[_row(out, "cp1252.txt").doc_id]
    bom = pages.loc[_row(out, "bom.txt").doc_id]
    assert cp1252.text.startswith("Council\u2019s answer: \u201cCareFirst\u201d")
    assert bom.text.startswith("Hull City Council")


def _hang(path: Path, source: object = None, use_model: bool = False) -> object:
    time.sleep(60)
    raise AssertionError("unreachable")


def _allocate(path: Path, source: object = None, use_model: bool = False) -> object:
    hoard = [bytearray(64 * 1024 * 1024) for _ in range(64)]
    raise AssertionError(f"allocated {len(hoard)} blocks under the memory cap")


def test_a_hanging_file_is_killed_at_the_time_limit(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(process, "process_file", _hang)
    monkeypatch.setattr("foi_extract.executors.local.process_file", _hang)
    started = time.perf_counter()
    summary = run_pipeline([corpus / "leeds.txt"], tmp_path / "out", RunOptions(timeout_seconds=1))
    assert time.perf_counter() - started < 30
    assert summary.errors == 1
    assert "timed out after 1 s" in _row(tmp_path / "out", "leeds.txt").error


def test_a_file_that_eats_memory_fails_alone(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("foi_extract.executors.local.process_file", _allocate)
    run_pipeline([corpus / "leeds.txt"], tmp_path / "out", RunOptions(max_memory_mb=1024))
    assert "out of memory" in _row(tmp_path / "out", "leeds.txt").error


def test_cli_exits_zero_on_bad_input_unless_strict(bad_inputs: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    relaxed = runner.invoke(app, ["run", str(bad_inputs), "--out", str(tmp_path / "a")])
    strict = runner.invoke(app, ["run", str(bad_inputs), "--out", str(tmp_path / "b"), "--strict"])
    assert relaxed.exit_code == 0, relaxed.output
    assert "6 documents" in relaxed.output and "errors" in relaxed.output
    assert strict.exit_code == 1
