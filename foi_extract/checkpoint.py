"""Per-file results kept on disk so an interrupted or repeated run picks up where it stopped.

Each finished input file leaves `<out>/.work/<fingerprint>/<file sha256>.json`, written
atomically. The fingerprint hashes everything that changes a result: the package's code, the
declared stages and their versions, the resources folder in force (`$FOI_EXTRACT_RESOURCES` or
the package's), the NER model's identity, and the options that change results (`use_model`).
Each fingerprint has its own folder, so switching an option back reuses the earlier results.

Limits (time, memory) are not in the fingerprint: a file that failed on a limit records which
one and its value, and is tried again only by a run whose limit is larger.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from foi_extract.model_files import model_path
from foi_extract.records import DocumentRow, ExemptionFact, PageRow, SystemFact
from foi_extract.rules import PACKAGE_RESOURCES, resources_dir
from foi_extract.stages import stage_versions
from foi_extract.store import write_bytes_atomically

PACKAGE_DIR = Path(__file__).resolve().parent
MODEL_IDENTITY_FILES = ("meta.json", "config.cfg")
RUN_RECORD = "last_run.json"

Limit = Literal["timeout_seconds", "max_memory_mb"]


class LimitFailure(BaseModel):
    """The run limit a file failed on, and its value in that run."""

    limit: Limit
    value: float


class FileResult(BaseModel):
    """What one input file produced: its document rows (itself and children) and their facts."""

    documents: list[DocumentRow]
    pages: list[PageRow] = []
    systems: list[SystemFact] = []
    exemptions: list[ExemptionFact] = []
    failed_on: LimitFailure | None = None


@dataclass(frozen=True)
class Fingerprint:
    """The version of a run's results, part by part."""

    code: str
    stages: str
    resources: str
    model: str
    use_model: bool

    @property
    def digest(self) -> str:
        """One hash of every part: the checkpoint folder's name."""
        parts = json.dumps(asdict(self), sort_keys=True).encode()
        return hashlib.sha256(parts).hexdigest()[:16]

    def metadata(self) -> dict[str, str]:
        """The fingerprint and its parts as Parquet key-value metadata."""
        parts = {f"foi_extract.fingerprint.{k}": str(v) for k, v in asdict(self).items()}
        return {"foi_extract.fingerprint": self.digest, **parts}


def run_fingerprint(use_model: bool) -> Fingerprint:
    """The fingerprint of a run with these options, in this environment."""
    return Fingerprint(
        code=_tree_hash(PACKAGE_DIR, skip=PACKAGE_RESOURCES),
        stages=stage_versions(),
        resources=_tree_hash(resources_dir().resolve()),
        model=_model_identity() if use_model else "none",
        use_model=use_model,
    )


def _tree_hash(folder: Path, skip: Path | None = None) -> str:
    """Hash of the names and bytes of every file under `folder` (not under `skip`)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        if skip is not None and path.is_relative_to(skip):
            continue
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _model_identity() -> str:
    """Hash of the NER model's meta and config files (as `extract.ner` finds the model), or
    "none" when there is no model and extraction runs on rules alone."""
    model = model_path()
    if not (model / "config.cfg").exists():
        return "none"
    digest = hashlib.sha256()
    for name in MODEL_IDENTITY_FILES:
        path = model / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b""))
    return digest.hexdigest()[:16]


class RunRecord(BaseModel):
    """The last run that wrote an output folder's tables under one fingerprint: its state
    (inputs, manifest, limits), each table's size and time, and its summary."""

    state: str
    tables: dict[str, list[int]]
    summary: dict[str, Any]


class Checkpoint:
    """The resume cache of one output folder, for one fingerprint."""

    def __init__(self, out_dir: Path, fingerprint: Fingerprint) -> None:
        self.folder = out_dir / ".work" / fingerprint.digest

    def resolved(self) -> Checkpoint:
        """The same cache named by its absolute path, for processes in another working folder
        (Dask workers: the output folder must be mounted at the same path there)."""
        other = copy.copy(self)
        other.folder = self.folder.resolve()
        return other

    def _path(self, file_hash: str) -> Path:
        return self.folder / f"{file_hash}.json"

    def load(self, file_hash: str, limits: Mapping[Limit, float]) -> FileResult | None:
        """The cached result for a file's content, or None when absent, unreadable, or a
        failure on a limit that `limits` now sets higher (it gets another chance)."""
        path = self._path(file_hash)
        try:
            result = FileResult.model_validate_json(path.read_bytes())
        except (OSError, ValueError):
            return None
        failed = result.failed_on
        if failed is not None and limits[failed.limit] > failed.value:
            return None
        return result

    def last_run(self) -> RunRecord | None:
        try:
            return RunRecord.model_validate_json((self.folder / RUN_RECORD).read_bytes())
        except (OSError, ValueError):
            return None

    def remember(self, state: str, tables: dict[str, list[int]], summary: dict[str, Any]) -> None:
        """Record the run that just wrote the tables (a rerun with the same state reuses them)."""
        record = RunRecord(state=state, tables=tables, summary=summary)
        write_bytes_atomically(self.folder / RUN_RECORD, record.model_dump_json().encode())

    def save(self, file_hash: str, result: FileResult) -> None:
        write_bytes_atomically(self._path(file_hash), result.model_dump_json().encode())
