"""The Parquet store: typed schemas from the models, atomic writes, stable order."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pydantic import ValidationError

from foi_extract.records import DocumentRow, Evidence, SystemFact
from foi_extract.store import (
    arrow_schema,
    atomic_write,
    period_fields,
    write_bytes_atomically,
    write_table,
)


def _fact(doc_id: str, start: int, **fields: object) -> SystemFact:
    values: dict[str, object] = {
        "doc_id": doc_id,
        "system": "Mosaic",
        "surface_form": "Mosaic",
        "page": 1,
        "char_start": start,
        "char_end": start + 6,
        "evidence": "We use Mosaic.",
        "extractor": "test",
        "confidence": 0.9,
    }
    return SystemFact.model_validate(values | fields)


def test_schema_follows_the_model_including_nested_evidence() -> None:
    schema = arrow_schema(SystemFact)
    companions = {f"{name}_{end}" for name in period_fields(SystemFact) for end in ("from", "to")}
    assert [name for name in schema.names if name not in companions] == list(
        SystemFact.model_fields
    )
    assert schema.field("char_start").type == pa.int64()
    evidence = schema.field("field_evidence").type.value_type
    assert [field.name for field in evidence] == list(Evidence.model_fields)


def test_rows_are_sorted_by_key_whatever_their_order(tmp_path: Path) -> None:
    rows = [_fact("b", 5), _fact("a", 9), _fact("a", 2)]
    write_table(rows, SystemFact, tmp_path / "s.parquet", ("doc_id", "char_start"))
    table = pq.read_table(tmp_path / "s.parquet")
    assert list(zip(table["doc_id"].to_pylist(), table["char_start"].to_pylist(), strict=True)) == [
        ("a", 2),
        ("a", 9),
        ("b", 5),
    ]


def test_empty_table_still_has_every_column(tmp_path: Path) -> None:
    write_table([], DocumentRow, tmp_path / "d.parquet", ("doc_id",))
    assert pq.read_schema(tmp_path / "d.parquet").names == arrow_schema(DocumentRow).names


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "t.parquet"
    target.write_text("old")

    def broken(tmp: str) -> None:
        Path(tmp).write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_write(target, broken)
    assert target.read_text() == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["t.parquet"]


def test_small_atomic_write_makes_its_folder_keeps_the_umask_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new" / "folder" / "abc.json"
    old_mask = os.umask(0o027)
    try:
        write_bytes_atomically(target, b'{"a": 1}')
        write_bytes_atomically(target, b'{"a": 2}')
    finally:
        os.umask(old_mask)
    assert target.read_bytes() == b'{"a": 2}'
    assert target.stat().st_mode & 0o777 == 0o640
    assert [path.name for path in target.parent.iterdir()] == ["abc.json"]

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError):
        write_bytes_atomically(target, b'{"a": 3}')
    assert target.read_bytes() == b'{"a": 2}'
    assert [path.name for path in target.parent.iterdir()] == ["abc.json"]


@pytest.mark.parametrize(
    "fields",
    [
        {"contract_end": "March 2028"},
        {"contract_end": "2028-13"},
        {"hosting": "on a cloud"},
        {"char_end": 0},
        {"contract_start": "2024", "contract_end": "2019"},
        {"unknown_column": 1},
    ],
)
def test_invalid_facts_are_rejected(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _fact("a", 1, **fields)


def test_partial_iso_dates_are_accepted() -> None:
    fact = _fact("a", 1, in_use_since="2013-12", contract_start="2019", contract_end="2028-03-31")
    assert (fact.in_use_since, fact.contract_end) == ("2013-12", "2028-03-31")


def test_error_status_needs_a_reason() -> None:
    with pytest.raises(ValidationError, match="must say why"):
        DocumentRow(doc_id="x", source_path="x", media_type="text/plain", status="error")
