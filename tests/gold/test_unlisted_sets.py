"""The gold sets of products the gazetteer does not list (data/gold_unlisted, its held-out
part): their shape, their files, and the targets of the unlisted-products issue: recall,
precision and supplier on each of them and on the second batch's held-out part
(data/gold_unlisted2_holdout, 26 unlisted products), hosting and contract end against listed
products' on every held-out document pooled."""

from __future__ import annotations

import importlib.util
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
SCRIPT = ROOT / "scripts" / "eval_unlisted.py"
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
    """Recall, precision and supplier accuracy on unlisted products, on each set
    (eval_targets_unlisted.toml)."""
    eval_figures(folder / "gold.jsonl", TARGETS, tmp_path)


@pytest.mark.slow
def test_unlisted_hosting_and_contract_end_keep_up_with_listed_on_held_out_documents(
    tmp_path: Path,
) -> None:
    """The issue's target on held-out documents, pooled as scripts/eval_unlisted.py pools them
    (one product moves a set of twenty by 0.045): unlisted products' hosting and contract end
    as accurate as listed products', within 0.05; the other targets too."""
    spec = importlib.util.spec_from_file_location("eval_unlisted", SCRIPT)
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    (tmp_path / "gold").mkdir()
    pooled = script._pooled(script.HELD_OUT, tmp_path / "gold")
    assert HOLDOUT2 / "gold.jsonl" in script.HELD_OUT
    figures = eval_figures(pooled, TARGETS, tmp_path)
    for field in ("hosting", "contract_end"):
        unlisted, listed = (
            figures[f"unlisted_{field}_accuracy"],
            figures[f"listed_{field}_accuracy"],
        )
        assert unlisted >= listed - 0.05, (field, unlisted, listed)
