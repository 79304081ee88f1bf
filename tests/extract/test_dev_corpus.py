"""The real development responses in ../shared/corpus/dev, scored against their gold labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from foi_extract.extract import extract_facts
from foi_extract.extract.metadata import read_reference, read_response_date
from foi_extract.ingest import ingest_path
from foi_extract.link.authorities import link_authority

FIELDS = ("supplier", "service_area", "purpose", "hosting", "in_use_since", "contract_start",
          "contract_end")  # fmt: skip


def _gold(shared_dir: Path) -> list[dict[str, Any]]:
    lines = (shared_dir / "corpus" / "dev" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def dev_results(shared_dir: Path) -> list[tuple[dict[str, Any], Any]]:
    results = []
    for gold in _gold(shared_dir):
        document = ingest_path(shared_dir / "corpus" / "dev" / gold["file"])[0]
        results.append((gold, document))
    return results


def test_every_gold_system_is_found_with_its_fields(dev_results: list[tuple[dict, Any]]) -> None:
    for gold, document in dev_results:
        found = {fact.system: fact for fact in extract_facts(document).systems}
        for expected in gold["systems"]:
            fact = found[expected["name"]]
            for field in FIELDS:
                assert getattr(fact, field) == expected[field], (
                    gold["id"],
                    expected["name"],
                    field,
                )


def test_no_system_beyond_the_gold(dev_results: list[tuple[dict, Any]]) -> None:
    for gold, document in dev_results:
        found = sorted(fact.system or "" for fact in extract_facts(document).systems)
        assert found == sorted(system["name"] for system in gold["systems"]), gold["id"]


def test_applied_exemptions_match_the_gold(dev_results: list[tuple[dict, Any]]) -> None:
    for gold, document in dev_results:
        applied = {fact.provision for fact in extract_facts(document).exemptions if fact.applied}
        assert sorted(applied) == gold["exemptions"], gold["id"]


def test_council_reference_and_date_match_the_gold(dev_results: list[tuple[dict, Any]]) -> None:
    for gold, document in dev_results:
        authority = link_authority(document)
        assert authority is not None and authority.name == gold["council"], gold["id"]
        assert read_reference(document) == gold["reference"], gold["id"]
        assert read_response_date(document) == gold["response_date"], gold["id"]


def test_every_fact_points_at_its_words(dev_results: list[tuple[dict, Any]]) -> None:
    for _, document in dev_results:
        for fact in extract_facts(document).systems:
            assert document.text[fact.char_start : fact.char_end] == fact.surface_form
            assert fact.surface_form in fact.evidence
            for evidence in fact.field_evidence:
                assert document.text[evidence.char_start : evidence.char_end] in evidence.sentence
