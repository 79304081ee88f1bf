"""The Dask executor: shards of files as tasks on a Dask cluster.

A task is a shard of up to `shard_size` files (not one file: a task has a cost on the
scheduler, and a shard pays the start of its process pool once). On its Dask worker, the shard
runs the local executor's pebble pool (`local.process_all`), so each file meets the same time
limit and memory cap as on the local executor, and writes each file's result into the run's
checkpoint folder itself, atomically, as soon as it is done. It returns only the hashes of the
files it finished. A shard is idempotent: it skips files whose checkpoint is already usable, so a
shard that Dask runs again (its worker died: `distributed.scheduler.allowed-failures`) or a rerun
after an interruption computes only what is missing. A shard that keeps killing its workers is
given up: its unfinished files become error rows that say so and are in no checkpoint, so the
next run computes them again. The client then streams the tables from the checkpoints exactly as
with the local executor.

Requirements on a real cluster: every worker sees the input files and the output folder at the
same absolute paths as the client (a shared volume), runs the same foi-extract (the shard checks
the fingerprint), and is not daemonic (`DASK_DISTRIBUTED__WORKER__DAEMON=False`), because a
daemonic process may not start the pebble pool's processes. Give each worker one thread
(`--nthreads 1`): a shard already runs `--workers` processes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from foi_extract.checkpoint import Checkpoint, run_fingerprint
from foi_extract.executors import Finished
from foi_extract.executors.local import process_all
from foi_extract.process import SourceInfo, failed_file

if TYPE_CHECKING:
    from foi_extract.pipeline import RunOptions

ShardFile = tuple[str, str, SourceInfo | None]
"""A file of a shard: its absolute path, its sha256 and what a scrape manifest says of it."""

NOT_DAEMONIC = {"distributed.worker.daemon": False}


def run_dask(
    todo: list[tuple[Path, str]],
    sources: dict[Path, SourceInfo],
    options: RunOptions,
    checkpoint: Checkpoint,
) -> Iterator[Finished]:
    """Process `todo` in shards on the cluster at `options.scheduler` (or on a LocalCluster of
    one worker with one thread), yielding each shard's files as the shard ends."""
    if not todo:
        return
    import dask
    from distributed import Client, LocalCluster, as_completed

    shared = checkpoint.resolved()
    size = max(1, options.shard_size)
    shards = [todo[start : start + size] for start in range(0, len(todo), size)]
    run = uuid.uuid4().hex[:12]  # task keys unique to this run on a shared scheduler
    with contextlib.ExitStack() as stack:
        if options.scheduler:
            client = stack.enter_context(Client(options.scheduler))
        else:  # kept set while the cluster lives: a worker restarted later must not be daemonic
            stack.enter_context(dask.config.set(NOT_DAEMONIC))
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
                )
            )
            client = stack.enter_context(Client(cluster))
        futures = {
            client.submit(
                process_shard,
                [
                    (str(path.resolve()), file_hash, sources.get(path.resolve()))
                    for path, file_hash in shard
                ],
                options,
                shared,
                key=f"foi-extract-shard-{number}-{run}",
            ): shard
            for number, shard in enumerate(shards)
        }
        for future in as_completed(futures):
            shard = futures.pop(future)
            try:
                finished, reason = set(future.result()), ""
            except Exception as exc:  # KilledWorker past allowed-failures, or the task raised
                finished, reason = set(), f"{type(exc).__name__}: {exc}"
            future.release()
            for path, file_hash in shard:
                if file_hash in finished or checkpoint.load(file_hash, options.limits) is not None:
                    yield Finished(path, file_hash)
                else:
                    lost = f"its Dask shard failed ({reason}); the next run computes it again"
                    yield Finished(path, file_hash, failed_file(path, file_hash, lost), saved=False)


def process_shard(shard: list[ShardFile], options: RunOptions, checkpoint: Checkpoint) -> list[str]:
    """Run on a Dask worker: process the shard's files that have no usable checkpoint, saving
    each result as it comes; return the hashes of the shard's files now in the checkpoint."""
    ours = run_fingerprint(options.use_model).digest  # hashed per shard: files may change
    if ours != checkpoint.folder.name:
        raise RuntimeError(
            f"this worker's fingerprint {ours} differs from the client's {checkpoint.folder.name}:"
            " install the same foi-extract, resources and model on every machine"
        )
    finished: list[str] = []
    todo: list[tuple[Path, str]] = []
    sources: dict[Path, SourceInfo] = {}
    for path_text, file_hash, source in shard:
        if checkpoint.load(file_hash, options.limits) is not None:
            finished.append(file_hash)  # done by an earlier attempt or run
            continue
        path = Path(path_text)
        todo.append((path, file_hash))
        if source is not None:
            sources[path.resolve()] = source
    # A Dask worker is a spawned process, so multiprocessing's default there is spawn: each pool
    # process would import and load everything again (seconds). Fork, as the local executor does.
    fork = multiprocessing.get_context("fork")
    for done in process_all(todo, sources, options, checkpoint, fork):
        finished.append(done.file_hash)  # saved: by the pool's worker, or on a limit's error
    return finished
