"""Benchmark the pipeline: documents per second and peak memory on copies of the sample corpus.

Each copy of a sample file gets a distinct byte tail (a ZIP comment, bytes after a PDF's %%EOF,
a trailing line in text formats) so that every file is a new document, not a cache hit.
Usage: python scripts/bench_pipeline.py [COPIES] [WORKERS]
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from foi_extract.inputs import discover_inputs
from foi_extract.pipeline import RunOptions, run_pipeline

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "sample"
ZIPPED = {".docx", ".xlsx", ".zip"}


def make_copies(folder: Path, copies: int) -> int:
    """Write `copies` distinct copies of every sample file into `folder`; return the count."""
    count = 0
    for number in range(copies):
        for source in discover_inputs([SAMPLE]):
            target = folder / f"{number:04d}_{source.name}"
            shutil.copyfile(source, target)
            if source.suffix in ZIPPED:
                with zipfile.ZipFile(target, "a") as archive:
                    archive.comment = f"copy {number}".encode()
            else:
                with target.open("ab") as handle:
                    handle.write(f"\n\ncopy {number}\n".encode())
            count += 1
    return count


def main(copies: int = 20, workers: int = 2) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        inputs.mkdir()
        files = make_copies(inputs, copies)
        started = time.perf_counter()
        summary = run_pipeline([inputs], out, RunOptions(workers=workers, resume=False))
        seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"files: {files}, documents: {summary.documents}, workers: {workers}")
    print(
        f"facts: {summary.systems} systems, {summary.exemptions} exemptions; "
        f"errors: {summary.errors}"
    )
    print(
        f"time: {seconds:.1f} s, {summary.documents / seconds:.1f} documents/s, "
        f"{files / seconds:.1f} files/s"
    )
    print(f"peak RSS: parent {parent:.0f} MB, largest worker {children:.0f} MB")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
