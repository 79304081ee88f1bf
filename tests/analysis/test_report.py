"""The HTML report on the sample corpus, rendered in headless Chromium as a reader sees it."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from foi_extract.analysis.consolidate import TABLE
from foi_extract.analysis.report import build_report, expiries, market_share
from foi_extract.pipeline import run_pipeline

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw" / "sample"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=3000",
]


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample-out")
    run_pipeline([SAMPLE], out)
    return out


@pytest.fixture(scope="module")
def report(sample_out: Path) -> Path:
    return build_report(sample_out, sample_out / "report.html", today=date(2026, 11, 23))


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    pytest.skip("needs a Chromium binary (Debian package 'chromium'; .ci/run installs it)")


def _open(url: str, tmp_path: Path, *extra: str) -> tuple[str, str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    result = subprocess.run(
        [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout, result.stderr


def _visible_rows(dom: str) -> int:
    match = re.search(r'<body[^>]*data-visible-rows="(\d+)"', dom)
    assert match, "the page's script did not render the table"
    return int(match.group(1))


def test_plots_have_data(sample_out: Path) -> None:
    council_systems = pd.read_parquet(sample_out / TABLE)
    shares = market_share(council_systems)
    assert shares["Liquidlogic LCS (children)"] >= 3
    assert expiries(council_systems, date(2026, 11, 23)).to_numpy().sum() >= 5


def test_report_is_one_self_contained_file(report: Path) -> None:
    html = report.read_text()
    assert html.count("<svg") == 4
    assert not re.search(r'(src|href)="https?://', html.split('<script id="data"')[0])


def test_page_renders_every_row_without_console_errors(
    report: Path, sample_out: Path, tmp_path: Path
) -> None:
    dom, log = _open(report.as_uri(), tmp_path, "--dump-dom")
    assert _visible_rows(dom) == len(pd.read_parquet(sample_out / TABLE))
    assert "Leeds City Council" in dom and "Liquidlogic LCS" in dom
    assert not [line for line in log.splitlines() if "CONSOLE" in line]


def test_filtering_keeps_only_matching_rows(report: Path, sample_out: Path, tmp_path: Path) -> None:
    council_systems = pd.read_parquet(sample_out / TABLE)
    dom, _ = _open(report.as_uri() + "?q=mosaic", tmp_path, "--dump-dom")
    assert _visible_rows(dom) == (council_systems.system == "Mosaic").sum() > 0


def test_screenshot_is_kept_as_an_artifact(report: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    _open(report.as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1280,2400")
    assert shot.stat().st_size > 20_000
