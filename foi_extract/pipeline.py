"""Run the whole pipeline over input files and write the output tables.

Each file is processed in a worker process (pebble), so a file that hangs or eats memory is
killed at its limit and recorded as an error row while the run goes on, and both cores are used.
Finished files are checkpointed under the run's fingerprint (see `checkpoint.py`), so an
interrupted run resumes where it stopped; every table carries that fingerprint in its metadata.
"""

from __future__ import annotations

import hashlib
import os
import resource
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, as_completed
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from foi_extract.analysis.consolidate import TABLE as COUNCIL_SYSTEMS
from foi_extract.analysis.consolidate import consolidate
from foi_extract.checkpoint import Checkpoint, FileResult, Limit, LimitFailure, run_fingerprint
from foi_extract.inputs import discover_inputs
from foi_extract.process import SourceInfo, failed_file, process_file
from foi_extract.records import DocumentRow, ExemptionFact, PageRow, SystemFact
from foi_extract.scrape.manifest import read_manifest
from foi_extract.store import extra_metadata, write_table

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
    use_model: bool = False  # measured on data/gold: 6% of model-only names were products

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
    files = discover_inputs(inputs)
    sources = _read_sources(inputs)
    fingerprint = run_fingerprint(options.use_model)
    checkpoint = Checkpoint(out_dir, fingerprint)
    results: dict[Path, FileResult] = {}
    todo: list[tuple[Path, str]] = []
    summary = RunSummary(files=len(files))
    for path in files:
        file_hash = _file_sha256(path)
        cached = checkpoint.load(file_hash, options.limits) if options.resume else None
        if cached is None:
            todo.append((path, file_hash))
        else:
            results[path] = cached
            summary.cached += 1
            if on_file_done:
                on_file_done(path)
    for path, file_hash, result in _process_all(todo, sources, options):
        checkpoint.save(file_hash, result)
        results[path] = result
        if on_file_done:
            on_file_done(path)
    with extra_metadata(fingerprint.metadata()):
        _write_tables([results[path] for path in files], out_dir, summary)
        summary.council_systems = consolidate(out_dir)
    summary.seconds = time.perf_counter() - started
    return summary


def _process_all(
    todo: list[tuple[Path, str]], sources: dict[Path, SourceInfo], options: RunOptions
) -> Iterable[tuple[Path, str, FileResult]]:
    if not todo:
        return
    with ProcessPool(
        max_workers=options.workers, initializer=_limit_memory, initargs=(options.max_memory_mb,)
    ) as pool:
        futures: dict[Future[FileResult], tuple[Path, str]] = {
            pool.schedule(
                process_file,
                args=(path, sources.get(path.resolve()), options.use_model),
                timeout=options.timeout_seconds,
            ): (path, file_hash)
            for path, file_hash in todo
        }
        for future in as_completed(futures):
            path, file_hash = futures[future]
            try:
                result = future.result()
            except FutureTimeout:
                reason = f"timed out after {options.timeout_seconds:g} s: worker killed"
                result = failed_file(path, file_hash, reason, _hit(options, "timeout_seconds"))
            except ProcessExpired as exc:
                reason = f"worker died (exit code {exc.exitcode}): crash or memory limit"
                result = failed_file(path, file_hash, reason, _hit(options, "max_memory_mb"))
            except MemoryError:
                reason = f"out of memory (limit {options.max_memory_mb} MB)"
                result = failed_file(path, file_hash, reason, _hit(options, "max_memory_mb"))
            except Exception as exc:
                result = failed_file(path, file_hash, f"{type(exc).__name__}: {exc}")
            yield path, file_hash, result


def _hit(options: RunOptions, limit: Limit) -> LimitFailure:
    """The limit a file failed on, with its value in this run."""
    return LimitFailure(limit=limit, value=options.limits[limit])


def _limit_memory(max_memory_mb: int) -> None:
    """Worker initializer: cap the address space so a runaway file fails alone."""
    limit = max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


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


def _write_tables(results: list[FileResult], out_dir: Path, summary: RunSummary) -> None:
    documents: dict[str, DocumentRow] = {}
    copies: dict[str, list[str]] = {}
    pages: list[PageRow] = []
    systems: list[SystemFact] = []
    exemptions: list[ExemptionFact] = []
    for result in results:
        fresh = {row.doc_id for row in result.documents if row.doc_id not in documents}
        for row in result.documents:
            if row.doc_id in documents:
                copies.setdefault(row.doc_id, []).append(row.source_path)
            else:
                documents[row.doc_id] = row
        pages.extend(page for page in result.pages if page.doc_id in fresh)
        systems.extend(fact for fact in result.systems if fact.doc_id in fresh)
        exemptions.extend(fact for fact in result.exemptions if fact.doc_id in fresh)
    rows = [_note_copies(row, copies.get(doc_id, [])) for doc_id, row in documents.items()]
    out_dir.mkdir(parents=True, exist_ok=True)
    summary.documents = write_table(
        rows, DocumentRow, out_dir / "documents.parquet", ("source_path", "doc_id")
    )
    write_table(pages, PageRow, out_dir / "pages.parquet", ("doc_id", "page"))
    summary.systems = write_table(
        systems,
        SystemFact,
        out_dir / "systems.parquet",
        ("doc_id", "char_start", "system", "service_area"),
    )
    summary.exemptions = write_table(
        exemptions,
        ExemptionFact,
        out_dir / "exemptions.parquet",
        ("doc_id", "char_start", "provision"),
    )
    for row in rows:
        summary.statuses[row.status] = summary.statuses.get(row.status, 0) + 1


def _note_copies(row: DocumentRow, copies: list[str]) -> DocumentRow:
    """A file whose bytes appear again elsewhere keeps one row that names its copies."""
    if not copies:
        return row
    note = "identical copies: " + ", ".join(sorted(copies))
    warnings = f"{row.warnings}; {note}" if row.warnings else note
    return row.model_copy(update={"warnings": warnings})
