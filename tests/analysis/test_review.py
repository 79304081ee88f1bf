"""Reading a corrections file (one-line errors naming the line) and applying it to a run's
tables (`foi_extract.review`), on small hand-made tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from foi_extract.analysis.consolidate import TABLE, consolidate
from foi_extract.cli import app
from foi_extract.errors import UserError
from foi_extract.records import Evidence
from foi_extract.review import apply_corrections, read_corrections
from foi_extract.store import extra_metadata
from tests.evaluate.eval_tables import document, fact, write_predictions

LEEDS = "E08000035"


def line(**fields: Any) -> dict[str, Any]:
    """A correction of Leeds' Mosaic (adults) row, with `fields` changed."""
    values = {"authority_code": LEEDS, "system": "Mosaic", "service_area": "adults",
              "doc_ids": ["d1"], "verdict": "right"}  # fmt: skip
    return values | fields


def write_lines(path: Path, *lines: dict[str, Any] | str) -> Path:
    text = [item if isinstance(item, str) else json.dumps(item) for item in lines]
    path.write_text("".join(item + "\n" for item in text), encoding="utf-8")
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Leeds: Mosaic (adults, with a contract end and its evidence), ContrOCC, and Mosaic
    (children); with the council systems built from them, under a run fingerprint."""
    evidence = Evidence(field="contract_end", value="2027-03", page=1, char_start=0, char_end=5,
                        sentence="Mosaic runs until March 2027.", extractor="rule@1")  # fmt: skip
    systems = [
        fact("Mosaic", service_area="adults", contract_end="2027-03", field_evidence=[evidence]),
        fact("ContrOCC", service_area="adults", hosting="council"),
        fact("Mosaic", service_area="children"),
    ]
    folder = tmp_path / "out"
    with extra_metadata({"foi_extract.fingerprint": "abc123"}):
        write_predictions(folder, [document(authority_code=LEEDS)], systems, [])
        consolidate(folder)
    return folder


def _rows(out: Path) -> list[tuple[str, str | None]]:
    table = pd.read_parquet(out / TABLE)
    return list(zip(table.system, table.service_area, strict=True))


# Reading: a bad line is one user error naming its line.


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("{not json", "not a JSON object"),
        (json.dumps(line(verdict="maybe")), "verdict"),
        (json.dumps(line(verdict="corrected")), "needs at least one field"),
        (json.dumps(line(verdict="wrong", corrected={"hosting": "cloud"})), "cannot carry"),
        (json.dumps(line(verdict="corrected", corrected={"contract_end": "March"})), "ISO date"),
        (json.dumps(line(verdict="corrected", corrected={"hosting": "moon"})), "hosting"),
        (json.dumps(line(verdict="corrected", corrected={"system": None})), "mark the row wrong"),
        (json.dumps(line(doc_ids=[])), "doc_ids"),
        (json.dumps(line(sytem="Mosaic")), "sytem"),
        (json.dumps(line() | {"authority_code": None}), "authority_code"),
    ],
)
def test_a_bad_line_is_a_user_error_naming_its_line(tmp_path: Path, bad: str, words: str) -> None:
    path = write_lines(tmp_path / "c.jsonl", line(), "", bad)
    with pytest.raises(UserError) as raised:
        read_corrections(path)
    message = str(raised.value)
    assert f"{path}:3: " in message and words in message
    assert "\n" not in message


def test_good_lines_are_read_with_their_numbers(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "c.jsonl", line(), "  ", line(verdict="wrong", note="no"))
    lines = read_corrections(path)
    assert [(item.number, item.correction.verdict) for item in lines] == [
        (1, "right"),
        (3, "wrong"),
    ]


def test_run_refuses_a_bad_corrections_file_before_running(tmp_path: Path) -> None:
    bad = write_lines(tmp_path / "c.jsonl", line(verdict="nope"))
    out = tmp_path / "never"
    result = CliRunner().invoke(app, ["run", str(tmp_path), "--out", str(out), "-q",
                                      "--corrections", str(bad)])  # fmt: skip
    assert result.exit_code == 2
    assert f"foi-extract: error: {bad}:1: verdict" in result.output
    assert not out.exists()


# Applying: wrong facts go, corrected values carry the review's evidence.


def test_wrong_removes_the_facts_and_their_council_system(out: Path, tmp_path: Path) -> None:
    assert ("Mosaic", "adults") in _rows(out)
    summary = apply_corrections(out, read_corrections(
        write_lines(tmp_path / "c.jsonl", line(verdict="wrong"))))  # fmt: skip
    assert (summary.removed, summary.council_systems) == (1, 2)
    assert _rows(out) == [("ContrOCC", "adults"), ("Mosaic", "children")]
    systems = pd.read_parquet(out / "systems.parquet")
    assert sorted(zip(systems.system, systems.service_area, strict=True)) == sorted(_rows(out))


def test_corrected_sets_the_value_with_review_evidence(out: Path, tmp_path: Path) -> None:
    corrections = write_lines(tmp_path / "c.jsonl", line(
        verdict="corrected", corrected={"contract_end": "2031-03", "hosting": "supplier"},
        note="Extended: see page 2.", reviewer="ana"))  # fmt: skip
    summary = apply_corrections(out, read_corrections(corrections))
    assert summary.corrected == 1 and not summary.unmatched
    council_systems = pd.read_parquet(out / TABLE).set_index(["system", "service_area"])
    assert council_systems.loc[("Mosaic", "adults"), "contract_end"] == "2031-03"
    assert council_systems.loc[("Mosaic", "adults"), "hosting"] == "supplier"
    assert pd.isna(council_systems.loc[("Mosaic", "children"), "contract_end"])
    systems = pd.read_parquet(out / "systems.parquet")
    (evidence,) = systems[
        systems.service_area.eq("adults") & systems.system.eq("Mosaic")
    ].field_evidence
    by_field = {item["field"]: item for item in evidence}
    assert len(evidence) == 2  # the rule's contract_end evidence is replaced, not kept
    for name, value in (("contract_end", "2031-03"), ("hosting", "supplier")):
        assert by_field[name]["extractor"] == "review"
        assert (by_field[name]["value"], by_field[name]["sentence"]) == (
            value,
            "Extended: see page 2.",
        )


def test_a_correction_without_a_note_names_the_reviewer(out: Path, tmp_path: Path) -> None:
    corrections = write_lines(tmp_path / "c.jsonl", line(
        verdict="corrected", corrected={"purpose": "finance"}, reviewer="ana"))  # fmt: skip
    apply_corrections(out, read_corrections(corrections))
    systems = pd.read_parquet(out / "systems.parquet")
    reviewed = [e for items in systems.field_evidence for e in items if e["extractor"] == "review"]
    assert [(e["field"], e["sentence"]) for e in reviewed] == [("purpose", "corrected by ana")]


def test_correcting_the_service_area_moves_the_row(out: Path, tmp_path: Path) -> None:
    corrections = write_lines(tmp_path / "c.jsonl", line(
        system="ContrOCC", verdict="corrected", corrected={"service_area": "both"}))  # fmt: skip
    apply_corrections(out, read_corrections(corrections))
    assert ("ContrOCC", "both") in _rows(out) and ("ContrOCC", "adults") not in _rows(out)


def test_tables_keep_the_run_fingerprint_and_name_the_corrections(
    out: Path, tmp_path: Path
) -> None:
    apply_corrections(out, read_corrections(write_lines(tmp_path / "c.jsonl", line())))
    for name in ("systems.parquet", TABLE):
        metadata = pq.read_schema(out / name).metadata
        assert metadata[b"foi_extract.fingerprint"] == b"abc123"
        assert len(metadata[b"foi_extract.corrections"]) == 16


def test_lines_that_match_no_fact_are_reported_not_applied(out: Path, tmp_path: Path) -> None:
    corrections = write_lines(
        tmp_path / "c.jsonl",
        line(verdict="wrong", doc_ids=["other"]),
        line(verdict="wrong", authority_code="E09000001"),
        line(verdict="wrong", service_area=None),
    )
    summary = apply_corrections(out, read_corrections(corrections))
    assert summary.unmatched == [1, 2, 3] and summary.removed == 0
    assert len(_rows(out)) == 3


def test_a_later_line_about_the_same_row_wins(out: Path, tmp_path: Path) -> None:
    corrections = write_lines(
        tmp_path / "c.jsonl",
        line(verdict="corrected", corrected={"contract_end": "2030"}),
        line(verdict="corrected", corrected={"contract_end": "2031"}),
    )
    apply_corrections(out, read_corrections(corrections))
    council_systems = pd.read_parquet(out / TABLE).set_index(["system", "service_area"])
    assert council_systems.loc[("Mosaic", "adults"), "contract_end"] == "2031"


def test_a_correction_that_makes_a_fact_invalid_names_its_line(out: Path, tmp_path: Path) -> None:
    dates = {"contract_start": "2030", "contract_end": "2029"}
    corrections = write_lines(
        tmp_path / "c.jsonl", line(), line(verdict="corrected", corrected=dates)
    )
    before = (out / TABLE).read_bytes()
    with pytest.raises(UserError, match=r"line 2: .*contract_end is before contract_start"):
        apply_corrections(out, read_corrections(corrections))
    assert (out / TABLE).read_bytes() == before  # nothing written
