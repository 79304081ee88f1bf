"""A run's tables change together: a run killed while writing them leaves either the old set or,
after the next run's recovery, the new one; never tables from two runs, never temporary files."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from foi_extract import pipeline
from foi_extract.pipeline import TABLES, run_pipeline
from foi_extract.store import COMMIT_MARKER, STAGING, recover

from .conftest import ANSWER

pytestmark = pytest.mark.slow

SECOND = ANSWER.replace("Liquidlogic LCS", "Mosaic").replace("FOI/2024/0815", "FOI/2024/0999")


def _row_counts(out: Path) -> dict[str, int]:
    return {name: pq.ParquetFile(out / name).metadata.num_rows for name in TABLES}


def _leftovers(out: Path) -> list[str]:
    names = [*out.glob(".*.tmp"), *out.glob(".work/*/.*.tmp"), out / STAGING, out / COMMIT_MARKER]
    return [str(path) for path in names if path.exists()]


def test_a_failure_while_writing_tables_keeps_the_whole_old_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_text(ANSWER, encoding="utf-8")
    run_pipeline([folder], out)
    before = {name: (out / name).read_bytes() for name in TABLES}
    (folder / "b.txt").write_text(SECOND, encoding="utf-8")

    def fail(_out: Path) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "consolidate", fail)  # the last table of the set fails
    with pytest.raises(OSError):
        run_pipeline([folder], out)
    assert {name: (out / name).read_bytes() for name in TABLES} == before
    assert _leftovers(out) == []


KILL_MID_COMMIT = """
    import os, signal, sys
    from pathlib import Path
    from foi_extract import store
    from foi_extract.pipeline import run_pipeline

    out = Path(sys.argv[2])
    moved = []
    real_replace = os.replace

    def replace_then_die(source, target):
        real_replace(source, target)
        if Path(target).parent == out and Path(target).suffix == ".parquet":
            moved.append(target)
            if len(moved) == 2:
                os.kill(os.getpid(), signal.SIGKILL)  # two tables of five are in place

    store.os.replace = replace_then_die
    run_pipeline([Path(sys.argv[1])], out)
"""


def test_a_run_killed_mid_commit_is_rolled_forward_by_the_next(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_text(ANSWER, encoding="utf-8")
    run_pipeline([folder], out)
    (folder / "b.txt").write_text(SECOND, encoding="utf-8")
    script = textwrap.dedent(KILL_MID_COMMIT)
    killed = subprocess.run([sys.executable, "-c", script, str(folder), str(out)], check=False)
    assert killed.returncode == -signal.SIGKILL
    assert (out / COMMIT_MARKER).exists()  # the set was half moved when the run died
    assert _row_counts(out)["systems.parquet"] == 1  # still the first run's
    recover(out)  # what the next run does first
    assert _leftovers(out) == []
    counts = _row_counts(out)
    assert (counts["documents.parquet"], counts["systems.parquet"]) == (2, 2)
    assert counts["council_systems.parquet"] == 2
    assert run_pipeline([folder], out).cached == 2


def test_tables_are_readable_by_other_users(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_text(ANSWER, encoding="utf-8")
    previous = os.umask(0o022)
    try:
        run_pipeline([folder], out)
    finally:
        os.umask(previous)
    modes = {name: stat.S_IMODE((out / name).stat().st_mode) for name in TABLES}
    assert set(modes.values()) == {0o644}
