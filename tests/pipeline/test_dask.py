"""The Dask executor: shards of files on a real (local, multi-process) Dask cluster.

The cluster is started here as a real one would be: worker processes that are not daemonic, so a
shard can run the pebble pool that holds each file to the time limit and memory cap.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from foi_extract.pipeline import TABLES, RunOptions, RunSummary, run_pipeline

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw" / "sample"


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    """Two Dask workers in their own processes, one thread each. The setting stays on while the
    cluster lives: a worker that the nanny restarts after a kill must not be daemonic either."""
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as local,
    ):
        yield local


def _dask(
    cluster: distributed.LocalCluster, shard_size: int, timeout_seconds: float = 300
) -> RunOptions:
    """Options for a run on `cluster`: shards of `shard_size` files, one process per shard."""
    address = cluster.scheduler_address
    return RunOptions(1, timeout_seconds, executor="dask", scheduler=address, shard_size=shard_size)


def test_dask_tables_are_byte_identical_to_the_local_executors(
    cluster: distributed.LocalCluster, tmp_path: Path
) -> None:
    corpus = tmp_path / "sample"
    shutil.copytree(SAMPLE, corpus)
    local = run_pipeline([corpus], tmp_path / "local")
    sharded = run_pipeline([corpus], tmp_path / "dask", _dask(cluster, shard_size=4))
    assert (sharded.files, sharded.documents, sharded.errors) == (local.files, local.documents, 0)
    for name in TABLES:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    again = run_pipeline([corpus], tmp_path / "dask", _dask(cluster, shard_size=4))
    assert again.cached == again.files == local.files


def test_a_file_past_the_time_limit_is_an_error_row_and_the_run_goes_on(
    cluster: distributed.LocalCluster, corpus: Path, tmp_path: Path
) -> None:
    answer = (corpus / "leeds.txt").read_text(encoding="utf-8")
    (corpus / "long.txt").write_text(answer * 1500, encoding="utf-8")  # about 13 s of work
    out = tmp_path / "out"
    started = time.perf_counter()
    summary = run_pipeline([corpus], out, _dask(cluster, timeout_seconds=3, shard_size=2))
    assert time.perf_counter() - started < 60
    documents = pd.read_parquet(out / "documents.parquet").set_index("source_path")
    long = documents.loc[str(corpus / "long.txt")]
    assert (long.status, long.error) == ("error", "timed out after 3 s: worker killed")
    assert summary.files == summary.documents == 3 and summary.errors == 1
    assert set(documents.drop(str(corpus / "long.txt")).status) == {"ok"}


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    cluster: distributed.LocalCluster, corpus: Path, tmp_path: Path
) -> None:
    answer = (corpus / "leeds.txt").read_text(encoding="utf-8")
    corpus = tmp_path / "answers"
    corpus.mkdir()
    files = 12
    for number in range(files):  # distinct bytes, about half a second of work each
        (corpus / f"answer{number:02}.txt").write_text(f"Reply {number}\n" + answer * 30)
    out = tmp_path / "out"
    finished: list[RunSummary] = []
    run = threading.Thread(
        target=lambda: finished.append(run_pipeline([corpus], out, _dask(cluster, shard_size=2)))
    )
    with distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
        run.start()
        deadline = time.monotonic() + 60
        while not list(out.glob(".work/*/*.json")) and time.monotonic() < deadline:
            time.sleep(0.05)  # until the first file's result is in (the shards are running)
        done_at_kill = len(list(out.glob(".work/*/*.json")))
        victim = sorted(pids.values())[0]
        os.kill(victim, signal.SIGKILL)
        run.join(timeout=120)
        assert not run.is_alive()
        assert victim not in client.run(os.getpid).values()  # the nanny started a new worker
    assert 0 < done_at_kill < files  # the kill came mid-run
    (summary,) = finished
    documents = pd.read_parquet(out / "documents.parquet")
    assert documents.doc_id.is_unique and len(documents) == files == summary.files
    assert set(documents.status) == {"ok"}  # the lost shard was run again on the other worker
    assert sorted(documents.source_path) == sorted(str(path) for path in corpus.iterdir())
    pages = pd.read_parquet(out / "pages.parquet")
    assert not pages.duplicated(["doc_id", "page"]).any()


def test_a_failed_shard_makes_error_rows_that_the_next_run_computes(
    cluster: distributed.LocalCluster, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with (  # daemonic workers (Dask's default) cannot start a pool: every shard fails
        dask.config.set({"distributed.worker.daemon": True}),
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as daemonic,
    ):
        failed = run_pipeline([corpus], out, _dask(daemonic, shard_size=1))
    documents = pd.read_parquet(out / "documents.parquet")
    assert (failed.files, failed.errors, len(documents)) == (2, 2, 2)
    assert all(error.startswith("its Dask shard failed (") for error in documents.error)
    assert not list(out.glob(".work/*/*.json"))  # no failure of the cluster is checkpointed
    fixed = run_pipeline([corpus], out, _dask(cluster, shard_size=1))
    assert (fixed.cached, fixed.errors, fixed.documents) == (0, 0, 2)
