"""The gold sets of products the gazetteer does not list (data/gold_unlisted, its held-out
part): their shape, their files, and the targets of the unlisted-products issue on both and
on the second batch's held-out part (data/gold_unlisted2_holdout, 26 unlisted products)."""

from __future__ import annotations

from pathlib import Path

import pytest

from foi_extract.evaluate import read_gold
from foi_extract.evaluate.scoring import name_key
from foi_extract.ingest import ingest_path
from foi_extract.link.gazetteer import load_gazetteer
from tests.support.evaluation import eval_figures
from tests.support.gold_rendering import assert_renders_as_committed

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "data" / "gold_unlisted"
HOLDOUT = ROOT / "data" / "gold_unlisted_holdout"
HOLDOUT2 = ROOT / "data" / "gold_unlisted2_holdout"
TARGETS = ROOT / "foi_extract" / "resources" / "eval_targets_unlisted.toml"
SYSTEM_KEYS = {"name", "listed", "aliases", "supplier", "service_area", "purpose",
               "hosting", "in_use_since", "contract_start", "contract_end", "extension_until",
               "status"}  # fmt: skip


def _unlisted_names(folder: Path) -> set[str]:
    return {
        name_key(spelling)
        for document in read_gold(folder / "gold.jsonl")
        for system in document["systems"]
        if system["listed"] is False
        for spelling in [system["name"], *system["aliases"]]
    }


@pytest.mark.parametrize("folder", [DEV, HOLDOUT], ids=["dev", "holdout"])
def test_labels_say_which_products_are_listed(folder: Path) -> None:
    gazetteer = load_gazetteer()
    known = {name_key(alias.text) for alias in gazetteer.aliases}
    for document in read_gold(folder / "gold.jsonl"):
        assert (folder / document["file"]).is_file(), document["file"]
        assert all(d.status == "ok" for d in ingest_path(folder / document["file"]))
        for system in document["systems"]:
            assert set(system) == SYSTEM_KEYS, (document["id"], system)
            if system["listed"]:
                assert system["name"] in gazetteer.systems, system["name"]
            else:
                assert name_key(system["name"]) not in known, system["name"]


def test_held_out_names_are_named_nowhere_else() -> None:
    held_out = _unlisted_names(HOLDOUT)
    assert len(held_out) >= 30 and not held_out & _unlisted_names(DEV)
    grammar = (ROOT / "pipelines" / "ner" / "grammar.json").read_text(encoding="utf-8").lower()
    assert not [name for name in held_out if name in grammar]


@pytest.mark.parametrize("folder", [DEV, HOLDOUT], ids=["dev", "holdout"])
def test_rendering_the_sources_again_gives_the_same_bytes(folder: Path, tmp_path: Path) -> None:
    assert_renders_as_committed(folder, tmp_path, 5)


@pytest.mark.slow
@pytest.mark.parametrize(
    "folder", [DEV, HOLDOUT, HOLDOUT2], ids=["dev", "holdout", "second_holdout"]
)
def test_unlisted_products_meet_the_targets(folder: Path, tmp_path: Path) -> None:
    """Recall, precision and supplier accuracy on unlisted products (eval_targets_unlisted.toml);
    their hosting and contract end as accurate as listed products', within 0.05."""
    figures = eval_figures(folder / "gold.jsonl", TARGETS, tmp_path)
    for field in ("hosting", "contract_end"):
        unlisted, listed = (
            figures[f"unlisted_{field}_accuracy"],
            figures[f"listed_{field}_accuracy"],
        )
        assert unlisted >= listed - 0.05, (field, unlisted, listed)
