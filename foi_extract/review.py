"""The review loop: an analyst's verdicts on the report's rows, read back and applied.

The report (`analysis/report.py`) lets an analyst mark each council system right or wrong, or
correct its fields, and exports the edits as JSON lines, one per reviewed row:

    {"authority_code": "E08000035", "system": "Mosaic", "service_area": "adults",
     "doc_ids": ["..."], "verdict": "corrected", "corrected": {"contract_end": "2028-03"},
     "values": {...the row as shown...}, "note": "...", "reviewer": "...", "time": "..."}

A line names its fact stably: the council's GSS code, the system and the service area as the
report showed them, and the documents the row came from. `apply_corrections` applies a file of
them to a run's tables (`foi-extract run ... --corrections FILE`):

- "right": nothing changes (the line still counts as gold for `eval`).
- "wrong": the system facts behind the row are removed from `systems.parquet`, so the row is
  gone from `council_systems.parquet` too. The corrections file is the record of what was
  removed and why; running without `--corrections` brings the facts back.
- "corrected": each corrected field is set on every fact behind the row, and its field
  evidence is replaced by one entry with extractor "review" whose sentence is the note (or
  "corrected by <reviewer>").

Lines apply in file order, so a later line about the same row wins. `council_systems.parquet`
is then rebuilt from the corrected facts (`consolidate`), and both tables are committed
together (`store.table_set`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from foi_extract.errors import UserError, validation_message
from foi_extract.records import (
    Evidence,
    Hosting,
    PartialDate,
    ServiceArea,
    SystemFact,
    SystemStatus,
)

Verdict = Literal["right", "wrong", "corrected"]
CORRECTABLE = ("system", "supplier", "hosting", "status", "service_area", "purpose",
               "in_use_since", "contract_start", "contract_end", "extension_until")  # fmt: skip
"""The fields a reviewer may correct, as named in `systems.parquet`."""
REVIEW_EXTRACTOR = "review"
SYSTEMS = "systems.parquet"
DOCUMENTS = "documents.parquet"
FINGERPRINT_KEY = "foi_extract.fingerprint"
CORRECTIONS_KEY = "foi_extract.corrections"
"""Parquet metadata key: SHA-256 of the corrections file applied to the tables."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CorrectedFields(_Strict):
    """The values a reviewer set; a field given as null is cleared (except `system`)."""

    system: str | None = Field(default=None, min_length=1)
    supplier: str | None = None
    hosting: Hosting | None = None
    status: SystemStatus | None = None
    service_area: ServiceArea | None = None
    purpose: str | None = None
    in_use_since: PartialDate | None = None
    contract_start: PartialDate | None = None
    contract_end: PartialDate | None = None
    extension_until: PartialDate | None = None

    @model_validator(mode="after")
    def _system_is_named(self) -> CorrectedFields:
        if "system" in self.model_fields_set and self.system is None:
            raise ValueError("system cannot be corrected to null: mark the row wrong instead")
        return self

    def given(self) -> dict[str, str | None]:
        """Only the fields the reviewer set, in `CORRECTABLE` order."""
        return {name: getattr(self, name) for name in CORRECTABLE if name in self.model_fields_set}


class Correction(_Strict):
    """One reviewed row of the report."""

    authority_code: str = Field(min_length=1)
    authority_name: str | None = None
    system: str = Field(min_length=1)
    service_area: ServiceArea | None = None
    doc_ids: list[str] = Field(min_length=1)
    verdict: Verdict
    corrected: CorrectedFields = Field(default_factory=CorrectedFields)
    values: dict[str, str | None] = Field(default_factory=dict)
    """The row's values as the reviewer saw them (the gold values of a "right" row)."""
    note: str = ""
    reviewer: str | None = None
    time: datetime | None = None
    report: str | None = None
    """The review key of the report the line was exported from."""

    @model_validator(mode="after")
    def _verdict_fits_fields(self) -> Correction:
        given = self.corrected.given()
        if self.verdict == "corrected" and not given:
            raise ValueError("verdict 'corrected' needs at least one field in 'corrected'")
        if self.verdict != "corrected" and given:
            raise ValueError(f"verdict {self.verdict!r} cannot carry corrected fields")
        return self

    def gold_values(self) -> dict[str, str | None]:
        """The fact's values once corrected: those seen, overridden by those set."""
        seen = {name: self.values.get(name) for name in CORRECTABLE if name in self.values}
        return (
            seen
            | {"system": self.system, "service_area": self.service_area}
            | (self.corrected.given())
        )


class Line(NamedTuple):
    """A correction with the line number it was read from (1-based)."""

    number: int
    correction: Correction


def is_correction(record: object) -> bool:
    """Whether a parsed JSON line looks like a correction (not a gold document)."""
    return isinstance(record, dict) and "verdict" in record


def parse_corrections(lines: Sequence[str], name: str = "corrections") -> list[Line]:
    """The corrections in `lines` (blank lines skipped); a bad line raises a one-line UserError
    naming `name` and its line number."""
    parsed = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            parsed.append(Line(number, Correction.model_validate_json(text)))
        except ValidationError as exc:
            raise UserError(f"{name}:{number}: {_problem(exc)}") from None
    return parsed


def _problem(exc: ValidationError) -> str:
    """A validation error in words, or 'not JSON' when the line does not parse."""
    if any(error["type"] == "json_invalid" for error in exc.errors()):
        return "not a JSON object: " + exc.errors()[0]["msg"]
    return validation_message(exc)


def read_corrections(path: Path) -> list[Line]:
    """The corrections file at `path` (JSON lines, as the report exports them)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text ({exc.reason})") from None
    return parse_corrections(text.splitlines(), str(path))


@dataclass
class ReviewSummary:
    """What applying a corrections file did."""

    removed: int = 0  # system facts removed ("wrong")
    corrected: int = 0  # system facts changed ("corrected")
    confirmed: int = 0  # lines marked "right"
    unmatched: list[int] = field(default_factory=list)  # line numbers that matched no fact
    council_systems: int = 0

    def __str__(self) -> str:
        lines = ", ".join(map(str, self.unmatched))
        missed = f"; no fact for lines {lines}" if lines else ""
        return (
            f"corrections: {self.removed} facts removed, {self.corrected} corrected, "
            f"{self.confirmed} rows confirmed; {self.council_systems} council systems{missed}"
        )


def _matches(fact: SystemFact, correction: Correction, councils: dict[str, str | None]) -> bool:
    """Whether `fact` is one of the facts behind the reviewed row."""
    return (
        fact.doc_id in correction.doc_ids
        and councils.get(fact.doc_id) == correction.authority_code
        and fact.system == correction.system
        and fact.service_area == correction.service_area
    )


def _review_evidence(name: str, value: str | None, correction: Correction) -> Evidence:
    """The evidence entry of a corrected field: the reviewer's note as its sentence."""
    sentence = correction.note.strip() or f"corrected by {correction.reviewer or 'a reviewer'}"
    return Evidence(
        field=name,
        value=value,
        page=None,
        char_start=0,
        char_end=0,
        sentence=sentence,
        extractor=REVIEW_EXTRACTOR,
    )


def corrected_fact(fact: SystemFact, correction: Correction) -> SystemFact:
    """`fact` with the correction's fields set and their evidence replaced by the review's."""
    given = correction.corrected.given()
    kept = [item for item in fact.field_evidence if item.field not in given]
    reviewed = [_review_evidence(name, value, correction) for name, value in given.items()]
    record = fact.model_dump() | given | {"field_evidence": [*kept, *reviewed]}
    return SystemFact.model_validate(record)


def _apply_one(
    facts: list[SystemFact], line: Line, councils: dict[str, str | None], summary: ReviewSummary
) -> list[SystemFact]:
    """The facts after one correction line."""
    correction = line.correction
    hits = [_matches(fact, correction, councils) for fact in facts]
    if not any(hits):
        summary.unmatched.append(line.number)
        return facts
    if correction.verdict == "right":
        summary.confirmed += 1
        return facts
    if correction.verdict == "wrong":
        summary.removed += sum(hits)
        return [fact for fact, hit in zip(facts, hits, strict=True) if not hit]
    summary.corrected += sum(hits)
    try:
        return [
            corrected_fact(fact, correction) if hit else fact
            for fact, hit in zip(facts, hits, strict=True)
        ]
    except ValidationError as exc:
        raise UserError(f"corrections line {line.number}: {validation_message(exc)}") from None


def correct_facts(
    facts: list[SystemFact], corrections: Sequence[Line], councils: dict[str, str | None]
) -> tuple[list[SystemFact], ReviewSummary]:
    """`facts` with every correction applied in order (`councils`: doc_id -> GSS code)."""
    summary = ReviewSummary()
    for line in corrections:
        facts = _apply_one(facts, line, councils, summary)
    return facts, summary


def _run_metadata(path: Path) -> dict[str, str]:
    """The run's own key-value metadata of a table (its fingerprint), to carry over."""
    import pyarrow.parquet as pq

    metadata = pq.read_schema(path).metadata or {}
    decoded = {key.decode(): value.decode() for key, value in metadata.items()}
    return {key: value for key, value in decoded.items() if key.startswith(FINGERPRINT_KEY)}


def corrections_digest(corrections: Sequence[Line]) -> str:
    """A short hash of the corrections applied (recorded in the tables' metadata)."""
    text = "\n".join(line.correction.model_dump_json() for line in corrections)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def apply_corrections(out_dir: Path, corrections: Sequence[Line]) -> ReviewSummary:
    """Apply `corrections` to the system facts in `out_dir` and rebuild the council systems
    from them; both tables are replaced together."""
    import pyarrow.parquet as pq

    from foi_extract.analysis.consolidate import consolidate
    from foi_extract.store import extra_metadata, table_set, write_table

    documents = pq.read_table(out_dir / DOCUMENTS, columns=["doc_id", "authority_code"])
    councils = dict(zip(*documents.to_pydict().values(), strict=True))
    columns = list(SystemFact.model_fields)  # not the tables' typed date companions
    rows = pq.read_table(out_dir / SYSTEMS, columns=columns).to_pylist()
    facts, summary = correct_facts(
        [SystemFact.model_validate(row) for row in rows], corrections, councils
    )
    metadata = _run_metadata(out_dir / SYSTEMS) | {CORRECTIONS_KEY: corrections_digest(corrections)}
    with extra_metadata(metadata), table_set(out_dir) as staging:
        write_table(facts, SystemFact, staging / SYSTEMS, ())  # () keeps the run's row order
        summary.council_systems = consolidate(staging, documents=out_dir / DOCUMENTS)
    return summary


def export_line(correction: Correction) -> str:
    """One correction as the report exports it (for tests and tools that write corrections)."""
    return json.dumps(correction.model_dump(mode="json", exclude_unset=True))
