"""Merge system facts from every document into one row per (council, system, service area).

Where sources disagree, a later response outranks an earlier one; the row says so in
`conflict` and lists every value with its date and document in `conflict_values`.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, overload

from foi_extract.link.register import council_register
from foi_extract.records import PartialDate, Row, ServiceArea, SystemStatus
from foi_extract.rules import resource_cache
from foi_extract.store import write_table

MERGED_FIELDS = (
    "supplier",
    "hosting",
    "host_organisation",
    "purpose",
    "status",
    "in_use_since",
    "contract_start",
    "contract_end",
    "extension_until",
)
TABLE = "council_systems.parquet"
DOCUMENT_COLUMNS = ["doc_id", "authority_code", "authority_name", "response_date"]
SYSTEM_COLUMNS = ["doc_id", "system", "service_area", "gazetteer_supplier", "evidence",
                  *MERGED_FIELDS]  # fmt: skip
"""Only what consolidation reads: the field evidence and page rows stay on disk."""


class CouncilSystem(Row):
    """What the responses say about one system a council runs for one service area."""

    authority_code: str
    authority_name: str
    nation: str | None = None
    region: str | None = None
    authority_type: str | None = None
    system: str
    service_area: ServiceArea | None = None
    supplier: str | None = None
    gazetteer_supplier: str | None = None
    hosting: str | None = None
    host_organisation: str | None = None
    purpose: str | None = None
    status: SystemStatus | None = None
    in_use_since: PartialDate | None = None
    contract_start: PartialDate | None = None
    contract_end: PartialDate | None = None
    extension_until: PartialDate | None = None
    first_response_date: PartialDate | None = None
    last_response_date: PartialDate | None = None
    n_documents: int
    doc_ids: list[str]
    evidence: list[str]
    conflict: bool = False
    conflict_values: str | None = None


@dataclass(frozen=True)
class Council:
    nation: str
    region: str
    kind: str


@resource_cache
def _councils() -> dict[str, Council]:
    """GSS code -> nation, region and type, from the register."""
    return {
        row["gss-code"]: Council(row["nation"], row["region"], row["local-authority-type-name"])
        for row in council_register().rows
        if row["gss-code"]
    }


def _rows(table: Any, columns: list[str]) -> Iterator[dict[str, Any]]:
    """The rows of a Parquet file as dicts, one row group in memory at a time."""
    for batch in table.iter_batches(batch_size=1024, columns=columns, use_threads=False):
        yield from batch.to_pylist()


def _value(raw: object) -> str | None:
    return raw if isinstance(raw, str) and raw else None


Key = tuple[str, str, str | None]  # council code, system, service area


class _Fact(NamedTuple):
    """What consolidation keeps of one system fact: a tuple, so that many fit in memory."""

    doc_id: str
    response_date: str | None
    authority_name: str
    gazetteer_supplier: str | None
    evidence: str
    values: tuple[str | None, ...]  # MERGED_FIELDS, in order


def council_systems(
    councils: dict[str, tuple[str, str, str | None]], facts: Iterable[dict[str, Any]]
) -> list[CouncilSystem]:
    """The consolidated rows for the system `facts` whose document names a council
    (`councils`: doc_id -> (council code, council name, response date))."""
    groups: dict[Key, list[_Fact]] = defaultdict(list)
    for fact in facts:
        council = councils.get(str(fact["doc_id"]))
        if council is None or not _value(fact["system"]):
            continue
        code, name, date = council
        kept = _Fact(  # repeated values (a supplier, a date, a document's id) stored once
            _shared(str(fact["doc_id"])),
            _shared(_value(date)),
            _shared(name),
            _shared(_value(fact["gazetteer_supplier"])),
            str(fact["evidence"]),
            tuple(_shared(_value(fact[field])) for field in MERGED_FIELDS),
        )
        groups[(code, str(fact["system"]), _value(fact["service_area"]))].append(kept)
    return [_merge(key, records) for key, records in sorted(groups.items(), key=_sort_key)]


@overload
def _shared(value: str) -> str: ...
@overload
def _shared(value: None) -> None: ...
@overload
def _shared(value: str | None) -> str | None: ...
def _shared(value: str | None) -> str | None:
    """One copy of a string that many facts repeat."""
    return sys.intern(value) if value is not None else None


def _sort_key(item: tuple[Key, object]) -> tuple[str, str, str]:
    (code, system, area), _ = item
    return (code, system, area or "")


def _merge(key: Key, records: list[_Fact]) -> CouncilSystem:
    code, system, area = key
    ordered = sorted(records, key=lambda r: (r.response_date or "", r.doc_id))
    merged: dict[str, str | None] = {}
    conflicts = []
    for index, name in enumerate(MERGED_FIELDS):
        seen = [(r, r.values[index]) for r in ordered if r.values[index]]
        merged[name] = seen[-1][1] if seen else None
        if len({value for _, value in seen}) > 1:
            listed = ", ".join(
                f"{value} ({r.response_date or 'undated'}, {r.doc_id[:12]})" for r, value in seen
            )
            conflicts.append(f"{name}: {listed}; kept {merged[name]} (latest)")
    dates = sorted(r.response_date for r in ordered if r.response_date)
    council = _councils().get(code)
    return CouncilSystem(
        authority_code=code,
        authority_name=ordered[-1].authority_name,
        nation=council.nation if council else None,
        region=council.region if council else None,
        authority_type=council.kind if council else None,
        system=system,
        service_area=area,
        gazetteer_supplier=ordered[-1].gazetteer_supplier,
        first_response_date=dates[0] if dates else None,
        last_response_date=dates[-1] if dates else None,
        n_documents=len({r.doc_id for r in ordered}),
        doc_ids=sorted({r.doc_id for r in ordered}),
        evidence=[r.evidence for r in ordered],
        conflict=bool(conflicts),
        conflict_values="; ".join(conflicts) or None,
        **merged,
    )


def consolidate(out_dir: Path, documents: Path | None = None) -> int:
    """Write `council_systems.parquet` from the tables in `out_dir` (the documents table from
    `documents` when given: a review rewrites only the systems); return its row count.

    The tables are read a row group at a time and only the columns consolidation needs: the
    parent's memory holds the facts it merges, not the tables."""
    import pyarrow.parquet as pq  # here, not at import: the command line starts light

    documents = documents or out_dir / "documents.parquet"
    councils = {
        row["doc_id"]: (row["authority_code"], str(row["authority_name"]), row["response_date"])
        for row in _rows(pq.ParquetFile(documents), DOCUMENT_COLUMNS)
        if _value(row["authority_code"])
    }
    facts = _rows(pq.ParquetFile(out_dir / "systems.parquet"), SYSTEM_COLUMNS)
    rows = council_systems(councils, facts)
    return write_table(
        rows, CouncilSystem, out_dir / TABLE, ("authority_code", "system", "service_area")
    )
