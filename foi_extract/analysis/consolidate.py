"""Merge system facts from every document into one row per (council, system, service area).

Where sources disagree, a later response outranks an earlier one; the row says so in
`conflict` and lists every value with its date and document in `conflict_values`.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, overload

from foi_extract.link.register import council_register
from foi_extract.records import PartialDate, Row, ServiceArea, SystemStatus
from foi_extract.rules import resource_cache
from foi_extract.store import TableWriter

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
SORT_KEY = ("authority_code", "system", "service_area")
REPEATED = [name for name in SYSTEM_COLUMNS if name != "doc_id"]
"""Columns whose values repeat from fact to fact: read as Arrow dictionaries, each value once."""


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


def _value(raw: object) -> str | None:
    return raw if isinstance(raw, str) and raw else None


Key = tuple[str, str, str | None]  # council code, system, service area


class _Fact(NamedTuple):
    """What merging reads of one system fact (its evidence stays in Arrow: see `_Facts`)."""

    doc_id: str
    response_date: str | None
    authority_name: str
    gazetteer_supplier: str | None
    values: tuple[str | None, ...]  # MERGED_FIELDS, in order


class _Facts:
    """The system facts whose document names a council, in Arrow columns (not one Python
    object per fact), ordered as the table's rows are: by council, system and service area,
    then by response date and document, then as they come in the systems table."""

    def __init__(self, documents: Path, systems: Path) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        docs = pq.read_table(documents, columns=DOCUMENT_COLUMNS, use_threads=False)
        docs = docs.filter(pc.fill_null(pc.not_equal(docs["authority_code"], ""), False))
        last_first = pa.array(range(docs.num_rows - 1, -1, -1), pa.int64())
        docs = docs.take(last_first)  # a document id twice: the last row counts, as in a dict
        facts = pq.read_table(
            systems, columns=SYSTEM_COLUMNS, use_threads=False, read_dictionary=REPEATED
        )
        council = pc.index_in(facts["doc_id"], value_set=docs["doc_id"].combine_chunks())
        named = pc.and_(pc.is_valid(council), pc.not_equal(_plain(facts["system"]), ""))
        kept = pc.indices_nonzero(pc.fill_null(named, False))  # the facts that are merged
        name = pc.fill_null(docs["authority_name"], "None")  # as str() names a missing name
        date = docs["response_date"]
        date = pc.if_else(pc.equal(date, ""), pa.scalar(None, pa.string()), date)
        self.table = facts.append_column("authority_code", docs["authority_code"].take(council))
        self.table = self.table.append_column("authority_name", name.take(council))
        self.table = self.table.append_column("response_date", date.take(council))
        del docs, facts, council, named, name, date
        keys = pa.table(
            {
                "code": _plain(self.table["authority_code"].take(kept)),
                "system": _plain(self.table["system"].take(kept)),
                "area": pc.fill_null(_plain(self.table["service_area"].take(kept)), ""),
                "date": pc.fill_null(_plain(self.table["response_date"].take(kept)), ""),
                "doc_id": self.table["doc_id"].take(kept),
            }
        )
        order = pc.sort_indices(keys, sort_keys=[(name, "ascending") for name in keys.column_names])
        self.order = kept.take(order)  # positions in `table`, in the order of the rows
        group = keys.select(["code", "system", "area"]).take(order)
        del keys, order
        changed = [pc.not_equal(column[1:], column[:-1]) for column in group.columns]
        starts = pc.indices_nonzero(pc.or_(pc.or_(changed[0], changed[1]), changed[2]))
        n = len(self.order)
        self.bounds = [0, *(int(start) + 1 for start in starts.to_pylist()), n] if n else [0]

    def groups(self) -> Iterator[tuple[Key, Any, list[_Fact]]]:
        """Each group's key, its rows' positions in the table (in order) and its facts."""
        columns = ["doc_id", "system", "service_area", "gazetteer_supplier", *MERGED_FIELDS,
                   "authority_code", "authority_name", "response_date"]  # fmt: skip
        for start, end in itertools.pairwise(self.bounds):
            rows = self.order[start:end]
            part = self.table.select(columns).take(rows).to_pydict()
            values = zip(*(part[field] for field in MERGED_FIELDS), strict=True)
            facts = [
                _Fact(
                    doc_id,
                    _shared(_value(date)),
                    _shared(name),
                    _shared(_value(gazetteer)),
                    tuple(_shared(_value(value)) for value in merged),
                )
                for doc_id, date, name, gazetteer, merged in zip(
                    part["doc_id"],
                    part["response_date"],
                    part["authority_name"],
                    part["gazetteer_supplier"],
                    values,
                    strict=True,
                )
            ]
            key = (part["authority_code"][0], part["system"][0], _value(part["service_area"][0]))
            yield key, rows, facts

    def lists(self, groups: list[Any], column: str, unique: bool) -> Any:
        """The list column of `column`'s values of each group's rows, in order (`unique`: each
        value once, sorted)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        values = _plain(self.table[column]).combine_chunks()
        parts = []
        for rows in groups:
            part = values.take(rows)
            if unique:
                part = pc.unique(part)
                part = part.take(pc.sort_indices(part))
            parts.append(part)
        offsets = [0]
        for part in parts:
            offsets.append(offsets[-1] + len(part))
        flat = pa.concat_arrays(parts) if parts else pa.array([], pa.string())
        return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), flat)


def _plain(column: Any) -> Any:
    """A column of strings, read as a dictionary or not."""
    import pyarrow as pa

    return column.cast(pa.string())


@overload
def _shared(value: str) -> str: ...
@overload
def _shared(value: None) -> None: ...
@overload
def _shared(value: str | None) -> str | None: ...
def _shared(value: str | None) -> str | None:
    """One copy of a string that many facts repeat."""
    return sys.intern(value) if value is not None else None


def _merge(key: Key, ordered: list[_Fact]) -> CouncilSystem:
    """The row of one group, its facts in order (its `evidence` and `doc_ids` are left empty:
    they are written from Arrow, see `consolidate`)."""
    code, system, area = key
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
        doc_ids=[],
        evidence=[],
        conflict=bool(conflicts),
        conflict_values="; ".join(conflicts) or None,
        **merged,
    )


def consolidate(out_dir: Path, documents: Path | None = None) -> int:
    """Write `council_systems.parquet` from the tables in `out_dir` (the documents table from
    `documents` when given: a review rewrites only the systems); return its row count.

    Only the columns consolidation needs are read, into Arrow columns: the parent's memory
    holds no Python object per fact, and the facts' evidence and document ids go from Arrow
    to the table without becoming Python strings."""
    facts = _Facts(documents or out_dir / "documents.parquet", out_dir / "systems.parquet")
    rows, groups = [], []
    for key, positions, ordered in facts.groups():
        rows.append(_merge(key, ordered))
        groups.append(positions)
    with TableWriter(CouncilSystem, out_dir / TABLE, SORT_KEY) as writer:
        lists = {
            "evidence": facts.lists(groups, "evidence", unique=False),
            "doc_ids": facts.lists(groups, "doc_id", unique=True),
        }
        del facts
        writer.write_columns(rows, lists)
    return writer.rows
