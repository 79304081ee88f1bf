"""council_systems: one row per council, system and service area, latest response winning."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from foi_extract.analysis.consolidate import TABLE, consolidate
from foi_extract.records import DocumentRow, SystemFact
from foi_extract.store import write_table

LEEDS = ("Leeds City Council", "E08000035")


def _document(
    doc_id: str, date: str | None, council: tuple[str, str] | None = LEEDS
) -> DocumentRow:
    name, code = council or (None, None)
    return DocumentRow(
        doc_id=doc_id,
        source_path=f"{doc_id}.pdf",
        media_type="application/pdf",
        authority_name=name,
        authority_code=code,
        response_date=date,
        status="ok",
    )


def _fact(doc_id: str, **fields: object) -> SystemFact:
    values: dict[str, object] = {
        "doc_id": doc_id,
        "system": "Mosaic",
        "surface_form": "Mosaic",
        "service_area": "adults",
        "page": 1,
        "char_start": 0,
        "char_end": 6,
        "evidence": f"Mosaic in {doc_id}.",
        "extractor": "test",
        "confidence": 0.9,
    }
    return SystemFact.model_validate(values | fields)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    documents = [
        _document("old", "2022-05-01"),
        _document("new", "2024-03-12"),
        _document("nameless", "2024-01-01", council=None),
    ]
    facts = [
        _fact("old", hosting="council", contract_end="2025-03"),
        _fact("new", hosting="supplier", supplier="Servelec"),
        _fact("new", system="ContrOCC", surface_form="ContrOCC", service_area=None),
        _fact("nameless", system="CareFirst", surface_form="CareFirst"),
    ]
    write_table(documents, DocumentRow, tmp_path / "documents.parquet", ("doc_id",))
    write_table(facts, SystemFact, tmp_path / "systems.parquet", ("doc_id", "system"))
    return tmp_path


def _rows(out: Path) -> pd.DataFrame:
    consolidate(out)
    return pd.read_parquet(out / TABLE).set_index("system")


def test_one_row_per_council_system_and_area_from_the_register(out: Path) -> None:
    rows = _rows(out)
    assert sorted(rows.index) == ["ContrOCC", "Mosaic"]  # CareFirst's document names no council
    mosaic = rows.loc["Mosaic"]
    assert (mosaic.authority_code, mosaic.nation, mosaic.region) == (
        "E08000035",
        "England",
        "Yorkshire and The Humber",
    )
    assert (mosaic.n_documents, list(mosaic.doc_ids)) == (2, ["new", "old"])
    assert (mosaic.first_response_date, mosaic.last_response_date) == ("2022-05-01", "2024-03-12")


def test_later_response_wins_and_the_conflict_is_recorded(out: Path) -> None:
    mosaic = _rows(out).loc["Mosaic"]
    assert mosaic.hosting == "supplier"
    assert bool(mosaic.conflict)
    assert mosaic.conflict_values.startswith(
        "hosting: council (2022-05-01, old), supplier (2024-03-12"
    )
    assert mosaic.conflict_values.endswith("kept supplier (latest)")


def test_fields_only_one_source_gives_are_kept(out: Path) -> None:
    mosaic = _rows(out).loc["Mosaic"]
    assert (mosaic.contract_end, mosaic.supplier) == ("2025-03", "Servelec")
    contr_occ = _rows(out).loc["ContrOCC"]
    assert not contr_occ.conflict and pd.isna(contr_occ.service_area)
