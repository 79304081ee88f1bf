"""The analysis notebooks run top to bottom on the sample output, figures and all."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from foi_extract.pipeline import run_pipeline

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("notebook-out")
    run_pipeline([ROOT / "data" / "raw" / "sample"], out)
    return out


def test_there_are_three_notebooks() -> None:
    assert [path.name for path in NOTEBOOKS] == [
        "contract_expiries.ipynb",
        "hosting_and_exemptions.ipynb",
        "market_share.ipynb",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_and_draws_figures(
    path: Path, sample_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOI_EXTRACT_OUT", str(sample_out))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the notebook chooses: inline, as in Jupyter
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.get("output_type") == "error"]
    charts = [output for output in outputs if "image/png" in output.get("data", {})]
    figures = sum(cell.source.count("FIGURES.append") for cell in notebook.cells)
    assert len(charts) >= figures > 0, "every chart is shown inline, as Jupyter shows it"
    assert os.environ["FOI_EXTRACT_OUT"] == str(sample_out)


@pytest.mark.slow
def test_a_notebook_whose_chart_is_empty_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nbclient.exceptions import CellExecutionError

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "note.txt").write_text("Thank you for your request.\n", encoding="utf-8")
    run_pipeline([tmp_path / "in"], tmp_path / "out")
    monkeypatch.setenv("FOI_EXTRACT_OUT", str(tmp_path / "out"))
    path = ROOT / "notebooks" / "hosting_and_exemptions.ipynb"
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    with pytest.raises(CellExecutionError):
        client.execute()
