"""Run the whole pipeline over input files and write the output tables.

Each file is processed in a worker process (pebble), so a file that hangs or eats memory is
killed at its limit and recorded as an error row while the run goes on, and both cores are used.
Who runs the processes is the executor's business (`executors/`): a pool on this machine, or
shards of files on a Dask cluster. Finished files are checkpointed under the run's fingerprint
(see `checkpoint.py`), so an interrupted run resumes where it stopped; the tables are then
streamed from the checkpoints in input order, whoever computed them, and every table carries
that fingerprint in its metadata.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

from pydantic import BaseModel

from foi_extract.analysis.consolidate import TABLE as COUNCIL_SYSTEMS
from foi_extract.analysis.consolidate import consolidate
from foi_extract.checkpoint import Checkpoint, FileResult, Limit, run_fingerprint
from foi_extract.executors import get_executor
from foi_extract.inputs import discover, display_path, raw_path
from foi_extract.model_files import MODEL_BY_DEFAULT
from foi_extract.process import SourceInfo, failed_file
from foi_extract.records import DocumentRow, ExemptionFact, PageRow, SystemFact
from foi_extract.scrape.manifest import read_manifest
from foi_extract.store import (
    TableWriter,
    extra_metadata,
    recover,
    release_arrow_memory,
    table_set,
)

TABLES = (
    "documents.parquet",
    "pages.parquet",
    "systems.parquet",
    "exemptions.parquet",
    COUNCIL_SYSTEMS,
)


@dataclass(frozen=True)
class RunOptions:
    """Limits and switches of one run."""

    workers: int = min(2, os.cpu_count() or 1)
    timeout_seconds: float = 300.0
    max_memory_mb: int = 4096
    resume: bool = True
    use_model: bool = MODEL_BY_DEFAULT  # the NER model's names too (`--no-model`: rules only)
    executor: str = "local"  # "local": a process pool here; "dask": shards on a Dask cluster
    scheduler: str | None = None  # the Dask scheduler's address; None starts a LocalCluster
    shard_size: int = 200  # files per Dask task

    @property
    def limits(self) -> dict[Limit, float]:
        """The limits a file can fail on: not part of the fingerprint (see `checkpoint.py`)."""
        return {"timeout_seconds": self.timeout_seconds, "max_memory_mb": self.max_memory_mb}


@dataclass
class RunSummary:
    """What a run did, for the closing summary line and for callers."""

    files: int = 0
    cached: int = 0
    documents: int = 0
    systems: int = 0
    exemptions: int = 0
    council_systems: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return self.statuses.get("error", 0)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


Progress = Callable[[Path], None]


class RunInterrupted(KeyboardInterrupt):
    """A run stopped by SIGINT or SIGTERM: the files it finished are checkpointed, the old
    tables are untouched, and the same command resumes."""


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM stops the run as Ctrl-C does (main thread only: elsewhere a
    signal handler cannot be set)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_pipeline(
    inputs: Iterable[Path],
    out_dir: Path,
    options: RunOptions | None = None,
    on_file_done: Progress | None = None,
) -> RunSummary:
    """Process every file under `inputs` and write the tables into `out_dir`."""
    options = options or RunOptions()
    started = time.perf_counter()
    inputs = list(inputs)
    found = discover(inputs)
    sources = _read_sources(inputs)
    fingerprint = run_fingerprint(options.use_model)
    checkpoint = Checkpoint(out_dir, fingerprint)
    recover(out_dir)  # a run killed while writing its tables: finish or clear that first
    hashes, refused = _hash_files(found.files, found.refused)
    del found
    files = sorted([*hashes, *refused])
    state = _state(hashes, refused, sources, options)
    if options.resume and (answered := _answered(checkpoint, out_dir, state)):
        for path in files if on_file_done else ():
            on_file_done(path)  # type: ignore[misc]
        answered.seconds = time.perf_counter() - started
        return answered  # an unchanged corpus: the tables on disk are this run's already
    copies = _CopyFinder(files)
    todo: list[tuple[Path, str]] = []
    summary = RunSummary(files=len(files))
    for path, error_row in refused.items():
        copies.add(path, error_row)
        if on_file_done:
            on_file_done(path)
    for path in hashes:
        file_hash = hashes[path]
        cached = checkpoint.load(file_hash, options.limits) if options.resume else None
        if cached is None:
            todo.append((path, file_hash))
        else:
            copies.add(path, _relocated(cached, path))
            summary.cached += 1
            if on_file_done:
                on_file_done(path)
    unsaved: dict[Path, FileResult] = {}  # results in no checkpoint (a lost Dask shard's)
    finished, to_process = 0, len(todo)
    try:
        with _sigterm_as_interrupt():
            for done in get_executor(options.executor)(todo, sources, options, checkpoint):
                if done.result is None and done.documents is not None:
                    copies.add_documents(done.path, done.documents)
                else:
                    result = done.result or _stored(checkpoint, done.path, done.file_hash, options)
                    if not done.saved:
                        unsaved[done.path] = result
                    copies.add(done.path, _relocated(result, done.path))
                finished += 1
                if on_file_done:
                    on_file_done(done.path)
            del todo  # the parent keeps nothing per file it no longer needs
            recurring = copies.found()
            del copies
            release_arrow_memory()
            with extra_metadata(fingerprint.metadata()):
                known = {**refused, **unsaved}  # results in no checkpoint
                results = (
                    known.get(path) or _stored(checkpoint, path, hashes[path], options)
                    for path in files
                )
                with table_set(out_dir) as staging:
                    _write_tables(results, recurring, staging, summary)
                    files.clear()  # consolidation reads the tables: the parent holds no file
                    hashes.clear()
                    summary.council_systems = consolidate(staging)
    except KeyboardInterrupt:
        raise RunInterrupted(
            f"interrupted: {finished} of {to_process} files processed in this run are "
            f"checkpointed and the tables in {display_path(out_dir)} are unchanged; run the "
            "same command again to resume"
        ) from None
    if not unsaved:  # else the next run is no warm rerun: it computes the lost files again
        checkpoint.remember(state, _table_stamps(out_dir), asdict(summary))
    summary.seconds = time.perf_counter() - started
    return summary


def _state(
    hashes: dict[Path, str],
    refused: dict[Path, FileResult],
    sources: dict[Path, SourceInfo],
    options: RunOptions,
) -> str:
    """A digest of everything a run's tables depend on beyond the fingerprint: the input
    files (paths and contents), what a scrape manifest says of them, the files refused and
    why, and the limits."""
    digest = hashlib.sha256(repr(sorted(options.limits.items())).encode())
    for path, file_hash in hashes.items():
        source = sources.get(path.resolve()) if sources else None  # resolve: a path's lstats
        digest.update(os.fsencode(path) + f"\0{file_hash}\0{source}\n".encode())
    for path, result in refused.items():
        digest.update(os.fsencode(path) + f"\0{result.documents[0].error}\n".encode())
    return digest.hexdigest()


def _table_stamps(out_dir: Path) -> dict[str, list[int]]:
    """Size and modification time of each table: a table touched since is written again."""
    stamps = {}
    for name in TABLES:
        try:
            info = (out_dir / name).stat()
        except OSError:
            continue
        stamps[name] = [info.st_size, info.st_mtime_ns]
    return stamps


def _answered(checkpoint: Checkpoint, out_dir: Path, state: str) -> RunSummary | None:
    """The summary of the last run into `out_dir`, when it had the same fingerprint and
    state and its tables are as it left them; else None."""
    last = checkpoint.last_run()
    if last is None or last.state != state or last.tables != _table_stamps(out_dir):
        return None
    summary = RunSummary(**last.summary)
    summary.cached = summary.files
    return summary


def _relocated(result: FileResult, path: Path) -> FileResult:
    """`result` as the result of `path`: a checkpoint is keyed by content, so an identical file
    elsewhere (or the same file renamed) shares it, under its own name. A name that is not
    UTF-8 also gets its exact bytes in `source_path_raw`."""
    old = result.documents[0].source_path if result.documents else ""
    new, raw = display_path(path), raw_path(path)
    if not old or (old == new and raw is None):
        return result
    documents = []
    for row in result.documents:
        if row.source_path.startswith(old):
            rest = row.source_path[len(old) :]
            update = {"source_path": new + rest, "source_path_raw": None}
            if raw is not None:
                update["source_path_raw"] = raw + quote(rest, safe="/")
            row = row.model_copy(update=update)
        documents.append(row)
    return result.model_copy(update={"documents": documents})


class _CopyFinder:
    """doc_id -> the source paths of its later copies, for documents whose bytes recur, from
    the files' results as they finish, in any order. "Later" is in input order (`files`,
    sorted): a result that finishes before those of earlier files waits for them, so the
    parent holds the documents of a few files at a time and one key per document, not every
    file's document ids and paths."""

    def __init__(self, files: list[Path]) -> None:
        self._files = files
        self._next = 0  # the first file in input order whose result has not come yet
        self._waiting: dict[int, list[tuple[str, str]]] = {}  # later files' (doc_id, path)
        self._seen: set[bytes | str] = set()
        self._copies: dict[str, list[str]] = {}

    def add(self, path: Path, result: FileResult) -> None:
        """Note the documents of `path`'s result (relocated to `path`)."""
        self.add_documents(path, [(row.doc_id, row.source_path) for row in result.documents])

    def add_documents(self, path: Path, documents: Sequence[tuple[str, str]]) -> None:
        """Note the documents of `path`, as (doc_id, source_path)."""
        index = bisect.bisect_left(self._files, path)
        self._waiting[index] = list(documents)
        while self._next in self._waiting:
            for doc_id, source_path in self._waiting.pop(self._next):
                key = _compact(doc_id)
                if key in self._seen:
                    self._copies.setdefault(doc_id, []).append(source_path)
                self._seen.add(key)
            self._next += 1

    def found(self) -> dict[str, list[str]]:
        """The copies of every recurring document (each file's result must have been added)."""
        assert not self._waiting, "a file's documents were never added"
        return self._copies


def _compact(doc_id: str) -> bytes | str:
    """A document id in a third of the memory: the 32 bytes of a SHA-256 hex id (only when
    it is exactly that, so two different ids never meet), else the id itself."""
    if len(doc_id) == 64:
        with contextlib.suppress(ValueError):
            digest = bytes.fromhex(doc_id)
            if digest.hex() == doc_id:
                return digest
    return doc_id


def _stored(checkpoint: Checkpoint, path: Path, file_hash: str, options: RunOptions) -> FileResult:
    """A file's result read back from its checkpoint (the parent keeps none in memory)."""
    result = checkpoint.load(file_hash, {limit: float("-inf") for limit in options.limits})
    if result is None:
        return failed_file(path, file_hash, "its checkpoint could not be read back")
    return _relocated(result, path)


def _hash_files(
    files: list[Path], refused: dict[Path, str]
) -> tuple[dict[Path, str], dict[Path, FileResult]]:
    """Each readable file's SHA-256, and an error result for each file refused by discovery
    or that cannot be read (vanished, no permission): it is a row, not the end of the run."""
    hashes: dict[Path, str] = {}
    reasons = dict(refused)
    for path in files:
        try:
            hashes[path] = _file_sha256(path)
        except OSError as exc:
            reasons[path] = f"cannot read file: {exc.strerror or exc}"
    errors = {
        path: _relocated(failed_file(path, _path_id(path), reason), path)
        for path, reason in reasons.items()
    }
    return hashes, errors


def _path_id(path: Path) -> str:
    """A document id for a file that could not be read: from its path, not its bytes."""
    return hashlib.sha256(b"unread file\0" + os.fsencode(path.absolute())).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_sources(inputs: list[Path]) -> dict[Path, SourceInfo]:
    """Source URL, council and date of files a scrape gathered (its manifest), by resolved path."""
    sources: dict[Path, SourceInfo] = {}
    for root in {path if path.is_dir() else path.parent for path in inputs}:
        for path, record in read_manifest(root).items():
            sources[path] = SourceInfo(
                source_url=record.source_url,
                authority_name=record.public_body_name,
                authority_code=record.authority_code,
                response_date=record.message_date,
                title=record.request_title,
            )
    return sources


TABLE_KEYS: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "documents.parquet": (DocumentRow, ("source_path", "doc_id")),
    "pages.parquet": (PageRow, ("doc_id", "page")),
    "systems.parquet": (SystemFact, ("doc_id", "char_start", "system", "service_area")),
    "exemptions.parquet": (ExemptionFact, ("doc_id", "char_start", "provision")),
}
"""Each table's model and the key that orders its rows within one input file (files come in
the order of `discover_inputs`), so the tables do not depend on the number of workers."""


def _write_tables(
    results: Iterable[FileResult],
    copies: dict[str, list[str]],
    out_dir: Path,
    summary: RunSummary,
) -> None:
    """Stream each file's rows into the tables, file by file: a document whose bytes were
    already written (an identical copy) is written once, its row naming the copies."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: set[str] = set()  # recurring documents written: only those in `copies` recur
    with contextlib.ExitStack() as stack:
        tables = {
            name: stack.enter_context(TableWriter(model, out_dir / name, keys))
            for name, (model, keys) in TABLE_KEYS.items()
        }
        for result in results:
            fresh = {row.doc_id for row in result.documents if row.doc_id not in written}
            rows = []
            for row in result.documents:
                if row.doc_id not in written:
                    rows.append(_note_copies(row, copies.get(row.doc_id, [])))
                    if row.doc_id in copies:
                        written.add(row.doc_id)
            tables["documents.parquet"].write(rows)
            tables["pages.parquet"].write(p for p in result.pages if p.doc_id in fresh)
            tables["systems.parquet"].write(f for f in result.systems if f.doc_id in fresh)
            tables["exemptions.parquet"].write(f for f in result.exemptions if f.doc_id in fresh)
            for row in rows:
                summary.statuses[row.status] = summary.statuses.get(row.status, 0) + 1
    summary.documents = tables["documents.parquet"].rows
    summary.systems = tables["systems.parquet"].rows
    summary.exemptions = tables["exemptions.parquet"].rows


def _note_copies(row: DocumentRow, copies: list[str]) -> DocumentRow:
    """A file whose bytes appear again elsewhere keeps one row that names its copies."""
    if not copies:
        return row
    note = "identical copies: " + ", ".join(sorted(copies))
    warnings = f"{row.warnings}; {note}" if row.warnings else note
    return row.model_copy(update={"warnings": warnings})
