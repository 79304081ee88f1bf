"""Stopping a run: SIGINT and SIGTERM stop it within 2 s keeping every finished checkpoint, and
a parent killed with SIGKILL takes its workers with it. Each test runs a real run in a child
process whose files take half a second each (one hangs its worker), and signals it mid-run."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from foi_extract.pipeline import run_pipeline

from .conftest import ANSWER

pytestmark = pytest.mark.slow

FILES = 40

SLOW_RUN = """
    import sys, time
    from pathlib import Path
    from foi_extract.cli import app
    from foi_extract.executors import local

    real = local.process_file

    def slow(path, source=None, use_model=False):
        time.sleep(60 if path.name == "answer09.txt" else 0.5)  # one file hangs a worker
        return real(path, source, use_model)

    local.process_file = slow
    app(["run", sys.argv[1], "--out", sys.argv[2], "--workers", "2"])
"""


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for index in range(FILES):
        text = ANSWER.replace("FOI/2024/0815", f"FOI/2024/{index:04d}")
        (folder / f"answer{index:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def _checkpoints(out: Path) -> list[Path]:
    return [path for path in out.glob(".work/*/*.json") if path.name != "last_run.json"]


def _start(tmp_path: Path) -> tuple[subprocess.Popen[str], Path, Path]:
    folder, out = _corpus(tmp_path / "in"), tmp_path / "out"
    script = textwrap.dedent(SLOW_RUN)
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(folder), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while len(_checkpoints(out)) < 10:  # mid-run: some files done, one hanging, most queued
        assert child.poll() is None and time.monotonic() < deadline, "the run never got going"
        time.sleep(0.05)
    return child, folder, out


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_the_run_within_two_seconds_and_keeps_its_checkpoints(
    tmp_path: Path, signum: signal.Signals
) -> None:
    child, folder, out = _start(tmp_path)
    workers = psutil.Process(child.pid).children(recursive=True)
    sent = time.monotonic()
    child.send_signal(signum)
    output, _ = child.communicate(timeout=30)
    stopped = time.monotonic() - sent
    assert stopped < 2.0, f"took {stopped:.1f} s to stop"
    assert child.returncode == 130
    assert "run the same command again to resume" in output
    assert "Traceback" not in output
    kept = len(_checkpoints(out))
    assert 10 <= kept < FILES
    assert not (out / "documents.parquet").exists()
    psutil.wait_procs(workers, timeout=5)
    assert not [worker for worker in workers if worker.is_running()]
    resumed = run_pipeline([folder], out)
    assert (resumed.cached, resumed.files, resumed.errors) == (kept, FILES, 0)
    assert resumed.systems == FILES


def test_workers_die_with_a_parent_killed_by_sigkill(tmp_path: Path) -> None:
    child, _folder, _out = _start(tmp_path)
    workers = psutil.Process(child.pid).children(recursive=True)
    assert workers
    child.kill()
    child.wait(timeout=10)
    _gone, alive = psutil.wait_procs(workers, timeout=5)
    assert not alive, f"{len(alive)} worker(s) outlived their parent"
