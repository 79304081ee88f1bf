"""Fixtures: the invented Leeds gold labels and predictions of `eval_tables`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.evaluate.eval_tables import (
    GOLD,
    document,
    exemption,
    fact,
    write_gold,
    write_predictions,
)


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    return write_gold(tmp_path / "gold.jsonl", GOLD)


@pytest.fixture
def pred(tmp_path: Path) -> Path:
    """Mosaic found (hosting wrong), ContrOCC missed, Eclipse a false hit; s21 cited only."""
    systems = [
        fact("Mosaic", service_area="adults", hosting="council", contract_end="2027-03"),
        fact("Eclipse", service_area="adults", supplier="OLM Systems"),
    ]
    exemptions = [exemption("s43(2)", True), exemption("s21", False)]
    return write_predictions(tmp_path / "pred", [document()], systems, exemptions)
