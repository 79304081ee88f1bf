"""Typed dates: every PartialDate column has `_from`/`_to` DATE companions in the tables."""

from __future__ import annotations

import typing
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pydantic import BaseModel, ValidationError

from foi_extract.analysis.consolidate import CouncilSystem
from foi_extract.pipeline import TABLE_KEYS, run_pipeline
from foi_extract.records import PartialDate, SystemFact
from foi_extract.store import arrow_schema, period, write_table

from .conftest import ANSWER

TABLE_MODELS = [model for model, _ in TABLE_KEYS.values()] + [CouncilSystem]

YEAR_ONLY = """Bristol City Council
Information Governance, City Hall, Bristol

Our reference: FOI-5521
Date: 3 May 2024

Dear requester,

1. Which case management system do you use for adult social care?

Adult Social Care response:
We use Mosaic, supplied by OLM Systems, for adult social care. The contract ends in 2028.

Yours sincerely,
Information Governance Team, Bristol City Council
"""


def _date_fields(model: type[BaseModel]) -> list[str]:
    """The model's fields typed `PartialDate` (or `PartialDate | None`), read from the hints."""
    hints = typing.get_type_hints(model, include_extras=True)
    return [name for name in model.model_fields if hints[name] in (PartialDate, PartialDate | None)]


def _expected_columns(model: type[BaseModel]) -> list[str]:
    """The model's fields, each date followed by its two companions."""
    dates = set(_date_fields(model))
    return [
        column
        for name in model.model_fields
        for column in ([name, f"{name}_from", f"{name}_to"] if name in dates else [name])
    ]


def test_the_date_fields_are_found_by_type() -> None:
    assert _date_fields(SystemFact) == [
        "in_use_since",
        "contract_start",
        "contract_end",
        "extension_until",
    ]
    assert "first_response_date" in _date_fields(CouncilSystem)


@pytest.mark.parametrize("model", TABLE_MODELS, ids=lambda model: model.__name__)
def test_each_date_column_is_followed_by_date32_companions(model: type[BaseModel]) -> None:
    schema = arrow_schema(model)
    assert schema.names == _expected_columns(model)
    for name in _date_fields(model):
        assert schema.field(name).type == pa.string()
        assert schema.field(f"{name}_from").type == pa.date32()
        assert schema.field(f"{name}_to").type == pa.date32()


def test_the_models_do_not_gain_the_companions() -> None:
    assert "contract_end_from" not in SystemFact.model_fields
    with pytest.raises(ValidationError):
        SystemFact.model_validate(
            {
                "doc_id": "a",
                "system": "Mosaic",
                "surface_form": "Mosaic",
                "page": 1,
                "char_start": 0,
                "char_end": 6,
                "evidence": "We use Mosaic.",
                "extractor": "test",
                "confidence": 0.9,
                "contract_end_from": "2028-01-01",
            }
        )


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2028", date(2028, 1, 1), date(2028, 12, 31)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),  # leap year
        ("2027-02", date(2027, 2, 1), date(2027, 2, 28)),
        ("2028-12", date(2028, 12, 1), date(2028, 12, 31)),
        ("2028-03-31", date(2028, 3, 31), date(2028, 3, 31)),
        (None, None, None),
        ("2027-02-30", None, None),  # the model's pattern lets it through; no such day
    ],
)
def test_period_is_the_first_and_last_day_stated(
    value: str | None, first: date | None, last: date | None
) -> None:
    assert period(value) == (first, last)


def test_written_rows_carry_their_periods(tmp_path: Path) -> None:
    fact = SystemFact(
        doc_id="a",
        system="Mosaic",
        surface_form="Mosaic",
        page=1,
        char_start=0,
        char_end=6,
        evidence="We use Mosaic.",
        extractor="test",
        confidence=0.9,
        in_use_since="2013",
        contract_end="2028-02",
    )
    write_table([fact], SystemFact, tmp_path / "s.parquet", ("doc_id",))
    row = pq.read_table(tmp_path / "s.parquet").to_pylist()[0]
    assert (row["in_use_since"], row["in_use_since_from"], row["in_use_since_to"]) == (
        "2013",
        date(2013, 1, 1),
        date(2013, 12, 31),
    )
    assert (row["contract_end"], row["contract_end_from"], row["contract_end_to"]) == (
        "2028-02",
        date(2028, 2, 1),
        date(2028, 2, 29),
    )
    assert (row["contract_start"], row["contract_start_from"], row["contract_start_to"]) == (
        None,
        None,
        None,
    )


@pytest.fixture
def dated_run(tmp_path: Path) -> Path:
    """The tables of a run over a day-precision contract end (Leeds, 31/03/2027) and a
    year-only one (Bristol, "ends in 2028")."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "leeds.txt").write_text(ANSWER, encoding="utf-8")
    (folder / "bristol.txt").write_text(YEAR_ONLY, encoding="utf-8")
    out = tmp_path / "out"
    run_pipeline([folder], out)
    return out


@pytest.mark.slow
def test_a_run_reads_back_typed_dates_with_pandas(dated_run: Path) -> None:
    systems = pd.read_parquet(dated_run / "systems.parquet").set_index("system")
    ends = systems[["contract_end", "contract_end_from", "contract_end_to"]]
    assert ends.loc["Liquidlogic LCS"].tolist() == [
        "2027-03-31",
        date(2027, 3, 31),
        date(2027, 3, 31),
    ]
    assert ends.loc["Mosaic"].tolist() == ["2028", date(2028, 1, 1), date(2028, 12, 31)]
    documents = pd.read_parquet(dated_run / "documents.parquet").set_index("authority_name")
    leeds = documents.loc["Leeds City Council"]
    assert (leeds.response_date_from, leeds.response_date_to) == (date(2024, 3, 12),) * 2


@pytest.mark.slow
def test_duckdb_compares_contract_ends_with_a_date(dated_run: Path) -> None:
    rows = duckdb.sql(
        f"""
        SELECT system, contract_end, contract_end_to
        FROM '{dated_run / "systems.parquet"}'
        WHERE contract_end_to < DATE '2028-01-01'
        """
    ).fetchall()
    assert rows == [
        ("Liquidlogic LCS", "2027-03-31", date(2027, 3, 31))
    ]  # Bristol's ends 2028-12-31
    council_rows = duckdb.sql(
        f"""
        SELECT authority_name, contract_end_from
        FROM '{dated_run / "council_systems.parquet"}'
        WHERE contract_end_to >= DATE '2028-01-01'
        """
    ).fetchall()
    assert council_rows == [("Bristol City Council", date(2028, 1, 1))]
