"""The gold sets of the eleven newest writers (data/gold_fresh*, data/gold_unlisted2*, their
held-out parts): labels in the shared format with the gazetteer's names for listed products,
every file ingests, and the binaries re-render from their sources byte for byte. Their scores
are the README's table."""

from __future__ import annotations

from pathlib import Path

import pytest

from foi_extract.evaluate import read_gold
from foi_extract.ingest import ingest_path
from foi_extract.link.gazetteer import load_gazetteer
from foi_extract.rules import product_rules
from tests.support.gold_rendering import assert_renders_as_committed

ROOT = Path(__file__).resolve().parents[2]
SETS = [
    "gold_fresh",
    "gold_fresh_holdout",
    "gold_fresh2",
    "gold_fresh2_holdout",
    "gold_fresh3",
    "gold_fresh3_holdout",
    "gold_fresh4",
    "gold_fresh4_holdout",
    "gold_unlisted2",
    "gold_unlisted2_holdout",
]
FOLDERS = [ROOT / "data" / name for name in SETS]
STATUSES = {"current", "previous", "planned"}


@pytest.mark.parametrize("folder", FOLDERS, ids=SETS)
def test_labels_name_listed_products_as_the_gazetteer_does(folder: Path) -> None:
    gazetteer = load_gazetteer()
    listed = {*gazetteer.systems, *product_rules().families}  # "Liquidlogic", no module named
    documents = read_gold(folder / "gold.jsonl")
    assert len({d["id"] for d in documents}) == len(documents) >= 24
    assert any(not d["systems"] for d in documents)  # a negative: only the requester names any
    for document in documents:
        assert (folder / document["file"]).is_file(), document["file"]
        for system in document["systems"]:
            assert system["status"] in STATUSES, (document["id"], system)
            if system["listed"]:
                assert system["name"] in listed, (document["id"], system["name"])
            else:
                assert system["name"] not in gazetteer.systems, (document["id"], system["name"])


@pytest.mark.parametrize("folder", FOLDERS, ids=SETS)
def test_every_file_ingests(folder: Path) -> None:
    for document in read_gold(folder / "gold.jsonl"):
        parsed = ingest_path(folder / document["file"])
        assert all(d.status == "ok" for d in parsed), document["file"]


@pytest.mark.parametrize("folder", FOLDERS, ids=SETS)
def test_the_binaries_render_again_from_their_sources(folder: Path, tmp_path: Path) -> None:
    assert_renders_as_committed(folder, tmp_path, 5)
