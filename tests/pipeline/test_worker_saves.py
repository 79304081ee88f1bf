"""The local executor's workers checkpoint their own results: the parent receives only each
file's document ids and paths, and saves a result itself only when a worker could not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from foi_extract.checkpoint import Checkpoint, FileResult, run_fingerprint
from foi_extract.executors.local import process_all
from foi_extract.pipeline import RunOptions, _file_sha256
from foi_extract.process import process_file

pytestmark = pytest.mark.slow


def _todo(corpus: Path) -> list[tuple[Path, str]]:
    files = sorted(p for p in corpus.rglob("*") if p.suffix in {".txt", ".md"})
    return [(path, _file_sha256(path)) for path in files if path.name != "README.md"]


def test_a_worker_saves_the_result_and_sends_back_its_documents_only(
    corpus: Path, tmp_path: Path
) -> None:
    checkpoint = Checkpoint(tmp_path / "out", run_fingerprint(False))
    todo = _todo(corpus)
    done = list(process_all(todo, {}, RunOptions(workers=2, use_model=False), checkpoint))
    assert sorted(d.path for d in done) == [path for path, _ in todo]
    for finished in done:
        assert finished.result is None  # nothing decoded in the parent
        expected = process_file(finished.path, None, False)
        saved = checkpoint.load(finished.file_hash, RunOptions().limits)
        assert saved is not None and saved.documents == expected.documents
        assert finished.documents == tuple(
            (row.doc_id, row.source_path) for row in expected.documents
        )


class _ReadOnlyInWorkers(Checkpoint):
    """A checkpoint that cannot be written from any process but the one that made it."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__(out_dir, run_fingerprint(False))
        self.parent = os.getpid()

    def save(self, file_hash: str, result: FileResult) -> None:
        if os.getpid() != self.parent:
            raise OSError(28, "No space left on device")
        super().save(file_hash, result)


def test_a_result_its_worker_could_not_save_comes_back_whole_and_the_parent_saves_it(
    corpus: Path, tmp_path: Path
) -> None:
    checkpoint = _ReadOnlyInWorkers(tmp_path / "out")
    todo = _todo(corpus)
    done = list(process_all(todo, {}, RunOptions(workers=1, use_model=False), checkpoint))
    assert all(d.result is not None and d.documents is None for d in done)
    for finished in done:
        saved = checkpoint.load(finished.file_hash, RunOptions().limits)
        assert saved is not None and finished.result is not None
        assert saved.documents == finished.result.documents
