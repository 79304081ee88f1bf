"""Who processes the files of a run: the seam between `run_pipeline` and the machines.

An executor is given the files still to do (path and sha256), the scrape manifest's facts and
the run's options, and must leave every file's result in the run's checkpoint folder, yielding
a `Finished` for each file as it is done, in any order. `run_pipeline` then streams the tables
from the checkpoints in input order, so the tables never depend on the executor.

- `local` (the default): a pebble process pool on this machine (`executors/local.py`).
- `dask`: shards of files as tasks on a Dask cluster (`executors/dask.py`); dask is imported
  only when this executor is chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from foi_extract.checkpoint import Checkpoint, FileResult
from foi_extract.process import SourceInfo

if TYPE_CHECKING:
    from foi_extract.pipeline import RunOptions

EXECUTORS = ("local", "dask")


@dataclass(frozen=True)
class Finished:
    """One file done. `result` is the result when the executor has it at hand, else
    `documents` its documents' (doc_id, source_path) when the executor knows them; with
    neither, the result is read back from the checkpoint. `saved` is False for a result that
    is in no checkpoint (a file whose shard was lost), so a rerun computes that file again."""

    path: Path
    file_hash: str
    result: FileResult | None = None
    saved: bool = True
    documents: tuple[tuple[str, str], ...] | None = None


Executor = Callable[
    [list[tuple[Path, str]], dict[Path, SourceInfo], "RunOptions", Checkpoint], Iterator[Finished]
]


def get_executor(name: str) -> Executor:
    """The executor called `name` (one of `EXECUTORS`)."""
    if name == "local":
        from foi_extract.executors.local import run_local

        return run_local
    if name == "dask":
        from foi_extract.executors.dask import run_dask

        return run_dask
    raise ValueError(f"unknown executor {name!r}: choose one of {', '.join(EXECUTORS)}")
