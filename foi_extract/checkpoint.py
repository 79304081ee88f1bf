"""Per-file results kept on disk so an interrupted or repeated run picks up where it stopped.

Each finished input file leaves `<out>/.work/<file sha256>.json`, written atomically. The cache is
keyed by a fingerprint of the package's code and rule files: change a rule and old results are
recomputed, not reused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel

from foi_extract.records import DocumentRow, ExemptionFact, PageRow, SystemFact
from foi_extract.rules import resource_cache
from foi_extract.store import atomic_write

PACKAGE_DIR = Path(__file__).resolve().parent


class FileResult(BaseModel):
    """What one input file produced: its document rows (itself and children) and their facts."""

    documents: list[DocumentRow]
    pages: list[PageRow] = []
    systems: list[SystemFact] = []
    exemptions: list[ExemptionFact] = []


@resource_cache
def pipeline_fingerprint() -> str:
    """Hash of every source and resource file of the package: the version of the results."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Checkpoint:
    """The resume cache of one output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.folder = out_dir / ".work" / pipeline_fingerprint()

    def _path(self, file_hash: str) -> Path:
        return self.folder / f"{file_hash}.json"

    def load(self, file_hash: str) -> FileResult | None:
        """The cached result for a file's content, or None when absent or unreadable."""
        path = self._path(file_hash)
        try:
            return FileResult.model_validate_json(path.read_bytes())
        except (OSError, ValueError):
            return None

    def save(self, file_hash: str, result: FileResult) -> None:
        payload = result.model_dump_json()
        atomic_write(self._path(file_hash), lambda tmp: Path(tmp).write_text(payload))
