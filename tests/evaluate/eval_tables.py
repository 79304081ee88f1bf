"""Builders of small prediction tables and gold labels: one invented Leeds response."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from foi_extract.records import DocumentRow, ExemptionFact, SystemFact
from foi_extract.store import write_table

GOLD: dict[str, Any] = {
    "id": "leeds",
    "file": "leeds.pdf",
    "council": "Leeds City Council",
    "reference": "FOI 1",
    "response_date": "2024-03-12",
    "systems": [
        {
            "name": "Mosaic",
            "supplier": None,
            "service_area": "adults",
            "hosting": "supplier",
            "contract_end": "2027-03",
        },
        {"name": "ContrOCC", "supplier": "Oxford Computer Consultants", "service_area": "adults"},
    ],
    "exemptions": ["s43(2)"],
}


def fact(system: str, doc_id: str = "d1", **fields: object) -> SystemFact:
    """A system fact with its evidence sentence naming the system."""
    values: dict[str, object] = {
        "doc_id": doc_id,
        "system": system,
        "surface_form": system,
        "page": 1,
        "char_start": 0,
        "char_end": 5,
        "evidence": f"We use {system}.",
        "extractor": "test",
        "confidence": 1.0,
    }
    return SystemFact.model_validate(values | fields)


def exemption(provision: str, applied: bool, doc_id: str = "d1") -> ExemptionFact:
    return ExemptionFact(
        doc_id=doc_id,
        legislation="FOIA",
        provision=provision,
        applied=applied,
        page=1,
        char_start=0,
        char_end=3,
        evidence=f"Section {provision} is cited.",
        extractor="test",
    )


def document(doc_id: str = "d1", path: str = "in/leeds.pdf", **fields: object) -> DocumentRow:
    values: dict[str, object] = {
        "doc_id": doc_id,
        "source_path": path,
        "media_type": "application/pdf",
        "authority_name": "Leeds City Council",
        "reference": "FOI 1",
        "response_date": "2024-03-12",
        "status": "ok",
    }
    return DocumentRow.model_validate(values | fields)


def write_predictions(
    out: Path,
    documents: list[DocumentRow],
    systems: list[SystemFact],
    exemptions: list[ExemptionFact],
) -> Path:
    write_table(documents, DocumentRow, out / "documents.parquet", ("doc_id",))
    write_table(systems, SystemFact, out / "systems.parquet", ("doc_id", "system"))
    write_table(exemptions, ExemptionFact, out / "exemptions.parquet", ("doc_id", "provision"))
    return out


def write_gold(path: Path, *documents: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(document) + "\n" for document in documents))
    return path
