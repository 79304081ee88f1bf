"""Resume: a cached result is served only while everything that made it is unchanged.

The checkpoint fingerprint covers the code, the stage versions, the resources folder in force,
the model and `use_model`; limits are not in it, but a file that failed on a limit is tried
again by a run whose limit is larger.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from foi_extract import process, rules
from foi_extract.checkpoint import Checkpoint, FileResult, LimitFailure, run_fingerprint
from foi_extract.pipeline import TABLES, RunOptions, run_pipeline
from foi_extract.process import SourceInfo
from foi_extract.rules import PACKAGE_RESOURCES
from foi_extract.stages import STAGES, stage_versions

pytestmark = pytest.mark.slow

NEXUS = "Our adults' team moved to NexusCare Pro in 2023; it is hosted by the supplier.\n"
NEXUS_LINE = "NexusCare,Nexus Software,NexusCare Pro|Nexus Care,adults_case_management,x\n"


def _status(out: Path, name: str) -> str:
    documents = pd.read_parquet(out / "documents.parquet")
    return str(documents[documents.source_path.str.endswith(name)].iloc[0].status)


def test_an_unchanged_rerun_is_all_cached(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_pipeline([corpus], out)
    second = run_pipeline([corpus], out)
    assert (first.cached, second.cached, second.files) == (0, 2, 2)
    assert second.systems == first.systems > 0


def test_the_model_option_recomputes_and_switching_back_reuses(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    by_default = run_pipeline([corpus], out)  # the model runs by default
    rules_only = run_pipeline([corpus], out, RunOptions(use_model=False))
    with_model = run_pipeline([corpus], out, RunOptions(use_model=True))
    assert (by_default.cached, rules_only.cached, with_model.cached) == (0, 0, 2)
    assert len(list((out / ".work").iterdir())) == 2


def test_a_changed_resources_folder_recomputes(
    fresh_resources: None, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus / "nexus.txt").write_text(NEXUS, encoding="utf-8")
    out = tmp_path / "out"
    package = run_pipeline([corpus], out)
    folder = tmp_path / "resources"
    shutil.copytree(PACKAGE_RESOURCES, folder)
    monkeypatch.setenv("FOI_EXTRACT_RESOURCES", str(folder))
    rules.reload()
    same_copy = run_pipeline([corpus], out)  # the fingerprint hashes contents, not the path
    with (folder / "reference" / "systems.csv").open("a", encoding="utf-8") as handle:
        handle.write(NEXUS_LINE)
    rules.reload()
    edited = run_pipeline([corpus], out)
    assert (package.cached, same_copy.cached, edited.cached) == (0, 3, 0)
    assert edited.systems == package.systems + 1
    systems = pd.read_parquet(out / "systems.parquet")
    assert "NexusCare" in set(systems.system)


def _slow_process_file(
    path: Path, source: SourceInfo | None = None, use_model: bool = False
) -> FileResult:
    """`process_file`, except that `slow.txt` first sleeps `$SLOW_SECONDS`: a file that takes
    long, without a large file to make."""
    if path.name == "slow.txt":
        time.sleep(float(os.environ.get("SLOW_SECONDS", "0")))
    return process.process_file(path, source, use_model)


def test_a_larger_timeout_retries_only_the_file_that_timed_out(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("foi_extract.executors.local.process_file", _slow_process_file)
    (corpus / "slow.txt").write_text(NEXUS.replace("NexusCare Pro", "Mosaic"), encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.setenv("SLOW_SECONDS", "60")
    at_5 = run_pipeline([corpus], out, RunOptions(timeout_seconds=5))
    assert (at_5.cached, at_5.errors, _status(out, "slow.txt")) == (0, 1, "error")
    at_2 = run_pipeline([corpus], out, RunOptions(timeout_seconds=2))
    assert (at_2.cached, at_2.errors) == (3, 1)  # a failure at 5 s is kept at 2 s
    monkeypatch.setenv("SLOW_SECONDS", "0")
    at_60 = run_pipeline([corpus], out, RunOptions(timeout_seconds=60))
    assert (at_60.cached, at_60.errors, _status(out, "slow.txt")) == (2, 0, "ok")
    at_120 = run_pipeline([corpus], out, RunOptions(timeout_seconds=120))
    assert at_120.cached == 3  # a success is never recomputed because a limit grew


def test_a_memory_failure_is_retried_only_under_a_larger_cap(tmp_path: Path) -> None:
    checkpoint = Checkpoint(tmp_path, run_fingerprint(use_model=False))
    failed_on = LimitFailure(limit="max_memory_mb", value=1024)
    failure = process.failed_file(tmp_path / "big.pdf", "f" * 64, "out of memory", failed_on)
    checkpoint.save("f" * 64, failure)
    assert checkpoint.load("f" * 64, {"timeout_seconds": 600, "max_memory_mb": 1024}) == failure
    assert checkpoint.load("f" * 64, {"timeout_seconds": 600, "max_memory_mb": 512}) == failure
    assert checkpoint.load("f" * 64, {"timeout_seconds": 1, "max_memory_mb": 2048}) is None


def test_every_table_carries_the_fingerprint_and_its_parts(corpus: Path, tmp_path: Path) -> None:
    rules_out, model_out = tmp_path / "rules", tmp_path / "model"
    run_pipeline([corpus], rules_out, RunOptions(use_model=False))
    run_pipeline([corpus], model_out)  # the model runs by default
    (rules_folder,) = (rules_out / ".work").iterdir()
    fingerprints = set()
    for name in TABLES:
        rules_meta = pq.read_metadata(rules_out / name).metadata
        model_meta = pq.read_metadata(model_out / name).metadata
        assert rules_meta[b"foi_extract.fingerprint"] == rules_folder.name.encode()
        assert rules_meta[b"foi_extract.fingerprint.stages"] == stage_versions().encode()
        assert rules_meta[b"foi_extract.fingerprint.model"] == b"none"
        assert len(rules_meta[b"foi_extract.fingerprint.resources"]) == 16
        assert model_meta[b"foi_extract.fingerprint.model"] not in (b"none", b"")
        assert model_meta[b"foi_extract.fingerprint.use_model"] == b"True"
        fingerprints |= {
            rules_meta[b"foi_extract.fingerprint"],
            model_meta[b"foi_extract.fingerprint"],
        }
    assert len(fingerprints) == 2
    assert [part.split("@")[0] for part in stage_versions().split(",")] == list(STAGES)


def test_a_warm_rerun_is_answered_from_the_last_run_without_writing(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    cold = run_pipeline([corpus], out)
    stamps = {name: (out / name).stat().st_mtime_ns for name in TABLES}
    warm = run_pipeline([corpus], out)
    assert (warm.cached, warm.systems, warm.documents) == (cold.files, cold.systems, cold.documents)
    assert {name: (out / name).stat().st_mtime_ns for name in TABLES} == stamps
    (out / "systems.parquet").unlink()  # a table gone (or touched): the tables are written again
    again = run_pipeline([corpus], out)
    assert (out / "systems.parquet").is_file() and again.systems == cold.systems
    (corpus / "more.txt").write_text(NEXUS, encoding="utf-8")  # a new input: it is processed
    grown = run_pipeline([corpus], out)
    assert (grown.files, grown.cached) == (cold.files + 1, cold.files)
