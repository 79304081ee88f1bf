"""End-to-end: files in, Parquet tables out, read back by pandas and DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from foi_extract.pipeline import TABLES, RunOptions, run_pipeline
from foi_extract.records import SCHEMA_VERSION

pytestmark = pytest.mark.slow


def test_run_writes_every_table_with_schema_version(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_pipeline([corpus], out)
    assert summary.files == 2  # README.md is ignored through .foiignore
    for name in TABLES:
        metadata = pq.read_schema(out / name).metadata
        assert metadata[b"foi_extract.schema_version"] == SCHEMA_VERSION.encode()


def test_facts_read_back_with_pandas_and_point_at_their_source(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_pipeline([corpus], out)
    systems = pd.read_parquet(out / "systems.parquet")
    pages = pd.read_parquet(out / "pages.parquet")
    lcs = systems[systems.system == "Liquidlogic LCS"].iloc[0]
    assert (lcs.service_area, lcs.contract_end, lcs.hosting) == (
        "children",
        "2027-03-31",
        "supplier",
    )
    page = pages[(pages.doc_id == lcs.doc_id) & (pages.page == lcs.page)].iloc[0]
    offset = page.char_start
    assert page.text[lcs.char_start - offset : lcs.char_end - offset] == lcs.surface_form
    assert lcs.surface_form in lcs.evidence


def test_duckdb_answers_an_analyst_question(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_pipeline([corpus], out)
    rows = duckdb.sql(
        f"""
        SELECT d.authority_name, s.system, s.contract_end
        FROM '{out / "systems.parquet"}' s JOIN '{out / "documents.parquet"}' d USING (doc_id)
        WHERE s.contract_end < '2028'
        """
    ).fetchall()
    assert rows == [("Leeds City Council", "Liquidlogic LCS", "2027-03-31")]


def test_documents_carry_council_reference_and_date(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_pipeline([corpus], out)
    documents = pd.read_parquet(out / "documents.parquet").set_index("source_path")
    leeds = documents.loc[str(corpus / "leeds.txt")]
    assert leeds.authority_code == "E08000035"
    assert (leeds.reference, leeds.response_date, leeds.status) == (
        "FOI/2024/0815",
        "2024-03-12",
        "ok",
    )


def test_exemption_applied_is_recorded(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_pipeline([corpus], out)
    exemptions = pd.read_parquet(out / "exemptions.parquet")
    applied = exemptions[exemptions.applied]
    assert list(applied.provision) == ["s43(2)"]
    assert set(applied.legislation) == {"FOIA"}


def test_same_input_gives_byte_identical_tables(corpus: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    run_pipeline([corpus], first, RunOptions(workers=2))
    run_pipeline([corpus], second, RunOptions(workers=1))
    for name in TABLES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_second_run_resumes_from_checkpoints(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_pipeline([corpus], out)
    (corpus / "late.txt").write_text("Cardiff Council. We use WCCIS for adults.\n")
    second = run_pipeline([corpus], out)
    assert (first.cached, second.cached, second.files) == (0, 2, 3)
    assert second.systems == first.systems + 1


def test_identical_files_are_one_document(corpus: Path, tmp_path: Path) -> None:
    (corpus / "copy.txt").write_bytes((corpus / "leeds.txt").read_bytes())
    out = tmp_path / "out"
    run_pipeline([corpus], out)
    documents = pd.read_parquet(out / "documents.parquet")
    assert documents.doc_id.is_unique
    leeds = documents[documents.source_path == str(corpus / "copy.txt")].iloc[0]
    assert "identical copies" in leeds.warnings and "leeds.txt" in leeds.warnings
