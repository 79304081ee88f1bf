"""The local executor: every file in a pebble process pool on this machine.

A file that runs past the time limit or the memory cap is killed with its worker process and
becomes an error row (recording the limit it hit); the run goes on. The Dask executor runs this
same pool inside each shard task, so a file meets the same limits on either executor.

Workers die with the process that started them (Linux's parent-death signal), even when it is
killed with SIGKILL, and ignore SIGINT: Ctrl-C is the parent's to handle. On an interrupt the
parent stops the pool at once (running files are killed, queued ones never start) and
re-raises.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import resource
import signal
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING

from pebble import ProcessExpired, ProcessPool

from foi_extract.checkpoint import Checkpoint, FileResult, Limit, LimitFailure
from foi_extract.executors import Finished
from foi_extract.lifetime import die_with_parent
from foi_extract.process import SourceInfo, failed_file, prepare, process_file

if TYPE_CHECKING:
    from foi_extract.pipeline import RunOptions

IN_FLIGHT_PER_WORKER = 4
"""Files scheduled ahead per worker: enough to keep every worker busy, few enough that the
parent's memory does not grow with the number of files."""


Outcome = FileResult | tuple[tuple[str, str], ...]
"""What a worker sends back: its file's documents as (doc_id, source_path), the result being
in the checkpoint; or the result itself when it could not be saved there."""


def run_local(
    todo: list[tuple[Path, str]],
    sources: dict[Path, SourceInfo],
    options: RunOptions,
    checkpoint: Checkpoint,
) -> Iterator[Finished]:
    """Process `todo` here; each result is checkpointed as it comes (by its worker)."""
    return process_all(todo, sources, options, checkpoint)


def process_all(
    todo: list[tuple[Path, str]],
    sources: dict[Path, SourceInfo],
    options: RunOptions,
    checkpoint: Checkpoint,
    context: BaseContext | None = None,
) -> Iterator[Finished]:
    """Each file done, in the order they finish, from a pool of `options.workers` processes
    (started by multiprocessing's `context`, else its default), its result in `checkpoint`.

    The worker saves the result itself and sends back only its documents' ids and paths, so
    the parent never decodes, encodes or writes a file's result: with two workers on two
    cores, a parent that does less leaves more of a core to them. A file past a limit gets
    its error result, saved here."""
    if not todo:
        return
    prepare(options.use_model)  # once here: the forked workers inherit the loaded pipeline
    pool = ProcessPool(
        max_workers=options.workers,
        initializer=_prepare_worker,
        initargs=(options.max_memory_mb, os.getpid()),
        context=context or multiprocessing,
    )
    pending = iter(todo)
    futures: dict[Future[Outcome], tuple[Path, str]] = {}

    def submit(count: int) -> None:
        for path, file_hash in itertools.islice(pending, count):
            source = sources.get(path.resolve()) if sources else None
            future = pool.schedule(
                process_and_save,
                args=(path, file_hash, source, options.use_model, checkpoint),
                timeout=options.timeout_seconds,
            )
            futures[future] = (path, file_hash)

    try:
        submit(options.workers * IN_FLIGHT_PER_WORKER)
        while futures:
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for future in done:
                path, file_hash = futures.pop(future)  # a finished future holds its outcome
                outcome = _outcome(future, path, file_hash, options)
                if isinstance(outcome, FileResult):  # a limit's error, or a save that failed
                    checkpoint.save(file_hash, outcome)
                    yield Finished(path, file_hash, outcome)
                else:
                    yield Finished(path, file_hash, documents=outcome)
            submit(len(done))  # a bounded window: the parent holds no task per file
        pool.close()  # every file is done: the workers exit
    finally:
        if futures:  # an interrupt, or the caller gave up: kill the workers, start nothing more
            pool.stop()
        pool.join()


def process_and_save(
    path: Path, file_hash: str, source: SourceInfo | None, use_model: bool, checkpoint: Checkpoint
) -> Outcome:
    """Worker task: process one file and checkpoint its result."""
    result = process_file(path, source, use_model)
    try:
        checkpoint.save(file_hash, result)
    except OSError:
        return result  # the parent tries again, and fails the run if it cannot either
    return tuple((row.doc_id, row.source_path) for row in result.documents)


def _outcome(future: Future[Outcome], path: Path, file_hash: str, options: RunOptions) -> Outcome:
    """A finished file's outcome, or its error result when it hit a limit or crashed."""
    try:
        return future.result()
    except FutureTimeout:
        reason = f"timed out after {options.timeout_seconds:g} s: worker killed"
        return failed_file(path, file_hash, reason, _hit(options, "timeout_seconds"))
    except ProcessExpired as exc:
        reason = f"worker died (exit code {exc.exitcode}): crash or memory limit"
        return failed_file(path, file_hash, reason, _hit(options, "max_memory_mb"))
    except MemoryError:
        reason = f"out of memory (limit {options.max_memory_mb} MB)"
        return failed_file(path, file_hash, reason, _hit(options, "max_memory_mb"))
    except Exception as exc:
        return failed_file(path, file_hash, f"{type(exc).__name__}: {exc}")


def _hit(options: RunOptions, limit: Limit) -> LimitFailure:
    """The limit a file failed on, with its value in this run."""
    return LimitFailure(limit=limit, value=options.limits[limit])


def _prepare_worker(max_memory_mb: int, parent_pid: int) -> None:
    """Worker initializer: die with the parent, leave Ctrl-C to it, and cap the address space
    so a runaway file fails alone."""
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit = max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
