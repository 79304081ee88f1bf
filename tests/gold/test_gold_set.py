"""The project gold set (data/gold): its shape, its files, and the scores CI demands on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from foi_extract.evaluate import read_gold
from foi_extract.ingest import ingest_path
from foi_extract.link.gazetteer import load_gazetteer
from tests.support.evaluation import eval_figures
from tests.support.gold_rendering import assert_renders_as_committed

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "data" / "gold"
HOLDOUT = ROOT / "data" / "gold_holdout"
SHAPES = ROOT / "data" / "gold_shapes"
SHAPES_HOLDOUT = ROOT / "data" / "gold_shapes_holdout"
FOLDERS = [GOLD, HOLDOUT, SHAPES, SHAPES_HOLDOUT]
FOLDER_IDS = ["gold", "holdout", "shapes", "shapes_holdout"]
TARGETS = ROOT / "foi_extract" / "resources" / "eval_targets.toml"
KEYS = {"id", "file", "source", "council", "reference", "response_date", "systems", "exemptions",
        "not_held", "notes"}  # fmt: skip
SYSTEM_KEYS = {"name", "supplier", "service_area", "purpose", "hosting", "in_use_since",
               "contract_start", "contract_end", "extension_until", "status"}  # fmt: skip


@pytest.mark.parametrize("folder", FOLDERS, ids=FOLDER_IDS)
def test_labels_use_the_shared_format_and_canonical_names(folder: Path) -> None:
    gazetteer = load_gazetteer()
    for document in read_gold(folder / "gold.jsonl"):
        assert set(document) == KEYS, document["id"]
        assert (folder / document["file"]).is_file(), document["file"]
        for system in document["systems"]:
            assert set(system) == SYSTEM_KEYS, (document["id"], system)
            assert system["name"] in gazetteer.systems, (document["id"], system["name"])
            assert system["supplier"] is None or system["supplier"] in gazetteer.suppliers


def test_sixty_documents_or_more_in_every_format_with_hard_negatives() -> None:
    gold = read_gold(GOLD / "gold.jsonl")
    suffixes = {Path(document["file"]).suffix for document in gold}
    assert len(gold) >= 60
    assert {".pdf", ".docx", ".html", ".eml", ".txt", ".md", ".xlsx", ".csv", ".zip"} <= suffixes
    assert sum(1 for document in gold if not document["systems"]) >= 6


@pytest.mark.parametrize("folder", FOLDERS, ids=FOLDER_IDS)
def test_every_gold_file_ingests(folder: Path) -> None:
    for document in read_gold(folder / "gold.jsonl"):
        parsed = ingest_path(folder / document["file"])
        assert all(d.status == "ok" for d in parsed), document["file"]


@pytest.mark.parametrize(
    ("folder", "least"),
    [(GOLD, 30), (SHAPES, 20), (SHAPES_HOLDOUT, 10)],
    ids=["gold", "shapes", "shapes_holdout"],
)
def test_rendering_the_sources_again_gives_the_same_bytes(
    folder: Path, least: int, tmp_path: Path
) -> None:
    assert_renders_as_committed(folder, tmp_path, least)


def test_the_shapes_set_has_eighty_documents_a_third_held_out_and_negatives() -> None:
    shapes, held_out = read_gold(SHAPES / "gold.jsonl"), read_gold(SHAPES_HOLDOUT / "gold.jsonl")
    assert len(shapes) + len(held_out) >= 80 and len(held_out) * 3 >= len(shapes) + len(held_out)
    assert sum(1 for document in [*shapes, *held_out] if not document["systems"]) >= 10
    assert not {d["id"] for d in shapes} & {d["id"] for d in held_out}


@pytest.mark.slow
def test_the_pipeline_meets_the_targets_on_the_gold_set(tmp_path: Path) -> None:
    """The build fails when any score on data/gold drops below eval_targets.toml."""
    scores = eval_figures(GOLD / "gold.jsonl", TARGETS, tmp_path)
    assert scores["documents"] >= 60
    assert scores["systems_f1"] >= 0.95 and scores["exemptions_f1"] >= 0.97


@pytest.mark.slow
@pytest.mark.parametrize("folder", [GOLD, HOLDOUT], ids=["gold", "holdout"])
def test_no_figure_falls_below_its_floor(folder: Path, tmp_path: Path) -> None:
    """Every accuracy and F1 figure of data/gold and data/gold_holdout stays at or above the
    figure recorded in tests/gold/floors/ (the build fails on any fall)."""
    floors = Path(__file__).parent / "floors" / f"{folder.name}.toml"
    scores = eval_figures(folder / "gold.jsonl", floors, tmp_path)
    assert scores["documents"] >= 16
