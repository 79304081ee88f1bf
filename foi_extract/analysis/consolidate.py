"""Merge system facts from every document into one row per (council, system, service area).

Where sources disagree, a later response outranks an earlier one; the row says so in
`conflict` and lists every value with its date and document in `conflict_values`.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foi_extract.records import PartialDate, Row, ServiceArea, SystemStatus
from foi_extract.rules import resource_cache, resources_dir
from foi_extract.store import write_table

if TYPE_CHECKING:
    import pandas as pd

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
    path = resources_dir() / "reference" / "uk_local_authorities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["gss-code"]: Council(row["nation"], row["region"], row["local-authority-type-name"])
            for row in csv.DictReader(handle)
            if row["gss-code"]
        }


def _value(raw: object) -> str | None:
    return raw if isinstance(raw, str) and raw else None


def council_systems(documents: pd.DataFrame, systems: pd.DataFrame) -> list[CouncilSystem]:
    """The consolidated rows for the facts in `systems` whose document names a council."""
    known = documents.dropna(subset=["authority_code"])
    facts = systems.dropna(subset=["system"]).merge(
        known[["doc_id", "authority_code", "authority_name", "response_date"]], on="doc_id"
    )
    groups: dict[tuple[str, str, str | None], list[dict[Any, Any]]] = defaultdict(list)
    for record in facts.to_dict("records"):
        area = _value(record["service_area"])
        groups[(str(record["authority_code"]), str(record["system"]), area)].append(record)
    return [_merge(key, records) for key, records in sorted(groups.items(), key=_sort_key)]


def _sort_key(item: tuple[tuple[str, str, str | None], object]) -> tuple[str, str, str]:
    (code, system, area), _ = item
    return (code, system, area or "")


def _merge(key: tuple[str, str, str | None], records: list[dict[str, object]]) -> CouncilSystem:
    code, system, area = key
    ordered = sorted(records, key=lambda r: (_value(r["response_date"]) or "", str(r["doc_id"])))
    merged: dict[str, str | None] = {}
    conflicts = []
    for name in MERGED_FIELDS:
        seen = [(r, _value(r.get(name))) for r in ordered if _value(r.get(name))]
        merged[name] = seen[-1][1] if seen else None
        if len({value for _, value in seen}) > 1:
            listed = ", ".join(
                f"{value} ({_value(r['response_date']) or 'undated'}, {str(r['doc_id'])[:12]})"
                for r, value in seen
            )
            conflicts.append(f"{name}: {listed}; kept {merged[name]} (latest)")
    dates = sorted(d for d in (_value(r["response_date"]) for r in ordered) if d)
    council = _councils().get(code)
    return CouncilSystem(
        authority_code=code,
        authority_name=str(ordered[-1]["authority_name"]),
        nation=council.nation if council else None,
        region=council.region if council else None,
        authority_type=council.kind if council else None,
        system=system,
        service_area=area,
        gazetteer_supplier=_value(ordered[-1].get("gazetteer_supplier")),
        first_response_date=dates[0] if dates else None,
        last_response_date=dates[-1] if dates else None,
        n_documents=len({r["doc_id"] for r in ordered}),
        doc_ids=sorted({str(r["doc_id"]) for r in ordered}),
        evidence=[str(r["evidence"]) for r in ordered],
        conflict=bool(conflicts),
        conflict_values="; ".join(conflicts) or None,
        **merged,
    )


def consolidate(out_dir: Path) -> int:
    """Write `council_systems.parquet` from the tables in `out_dir`; return its row count."""
    import pandas as pd  # here, not at import: the command line starts without pandas

    documents = pd.read_parquet(out_dir / "documents.parquet", columns=DOCUMENT_COLUMNS)
    systems = pd.read_parquet(out_dir / "systems.parquet", columns=SYSTEM_COLUMNS)
    rows = council_systems(documents, systems)
    return write_table(
        rows, CouncilSystem, out_dir / TABLE, ("authority_code", "system", "service_area")
    )
