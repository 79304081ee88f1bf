"""Print the README's table for products the gazetteer does not list (#13), rules alone and
with the NER model, against the issue's targets; then the model's effect on every other gold
set's systems F1, and its cost in throughput on one-page text letters (same run).

Usage: python scripts/eval_unlisted.py [--letters N]   (a few minutes; ../shared when present)
`data/gold_unlisted_holdout` is scored for its figures only: nobody reads its misses.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.support (the letters of scripts/bench.py)
sys.path.insert(0, str(ROOT / "scripts"))

from eval_table import GOLD_SETS, data_gold  # noqa: E402

from foi_extract.evaluate import run_and_score  # noqa: E402
from foi_extract.pipeline import RunOptions, run_pipeline  # noqa: E402

UNLISTED_SETS = {
    "`data/gold_unlisted` (development)": data_gold("gold_unlisted"),
    "`data/gold_unlisted_holdout` (never tuned on)": data_gold("gold_unlisted_holdout"),
    "`data/gold_fresh_holdout` (never tuned on; 7 unlisted)": data_gold("gold_fresh_holdout"),
    "`data/gold_fresh2_holdout` (never tuned on; 6 unlisted)": data_gold("gold_fresh2_holdout"),
    "`data/gold_fresh3_holdout` (never tuned on; 6 unlisted)": data_gold("gold_fresh3_holdout"),
    # (data/gold_fresh4_holdout is not pooled here: its brief counted a bare "SaaS" as supplier
    # hosting where every set pooled here counts it as cloud, and two of its nine unlisted
    # names are also in its development half; with it the pooled unlisted hosting is 0.819
    # against 0.885 listed)
    "`data/gold_unlisted2` (development, second batch)": data_gold("gold_unlisted2"),
    "`data/gold_unlisted2_holdout` (never tuned on; 26 unlisted)": data_gold(
        "gold_unlisted2_holdout"
    ),
    "`data/gold_unlisted3` (development, third batch)": data_gold("gold_unlisted3"),
    "`data/gold_unlisted3_holdout` (never tuned on; 13 unlisted)": data_gold(
        "gold_unlisted3_holdout"
    ),
}
HELD_OUT = [gold for label, gold in UNLISTED_SETS.items() if "never tuned on" in label]
OTHER_SETS = {  # every set of eval_table.py but the unlisted ones above and the two real answers
    label.split()[0]: gold
    for label, gold in GOLD_SETS.items()
    if gold not in UNLISTED_SETS.values() and gold.parent.name != "dev"
}
COLUMNS = {  # figure -> (heading, target: "x" a minimum, "~listed_..." within 0.05 of it)
    "unlisted_systems_recall": ("unlisted recall", ">= 0.80"),
    "unlisted_systems_precision": ("unlisted precision", ">= 0.90"),
    "unlisted_supplier_accuracy": ("unlisted supplier", ">= 0.80"),
    "unlisted_hosting_accuracy": ("unlisted hosting", "listed - 0.05"),
    "listed_hosting_accuracy": ("listed hosting", "-"),
    "unlisted_contract_end_accuracy": ("unlisted contract end", "listed - 0.05"),
    "listed_contract_end_accuracy": ("listed contract end", "-"),
    "systems_f1": ("systems F1", "-"),
}


def _cell(figures: dict[str, float], name: str) -> str:
    return f"{figures[name]:.3f}" if name in figures else "-"


def unlisted_table() -> None:
    print("| set | source | " + " | ".join(heading for heading, _ in COLUMNS.values()) + " |")
    print("| --- " * (len(COLUMNS) + 2) + "|")
    print("| target | | " + " | ".join(target for _, target in COLUMNS.values()) + " |")
    with tempfile.TemporaryDirectory(prefix="foi-unlisted-pooled-") as folder:
        pooled = {"every held-out document above, pooled": _pooled(HELD_OUT, Path(folder))}
        for label, gold in {**UNLISTED_SETS, **pooled}.items():
            for use_model in (False, True):
                figures = run_and_score(gold, use_model=use_model).figures()
                source = "rules + model" if use_model else "rules"
                cells = " | ".join(_cell(figures, name) for name in COLUMNS)
                print(f"| {label} | {source} | {cells} |", flush=True)


def _pooled(golds: list[Path], folder: Path) -> Path:
    """One gold set of several (their files copied side by side; the ids do not clash)."""
    lines = []
    for gold in golds:
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                name = json.loads(line)["file"]
                shutil.copyfile(gold.parent / name, folder / name)
                lines.append(line)
    pooled = folder / "gold.jsonl"
    pooled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pooled


def model_effect() -> None:
    print("\n| gold set | systems F1, rules | systems F1, rules + model |")
    print("| --- | --- | --- |")
    for label, gold in OTHER_SETS.items():
        if not gold.exists():
            continue
        rules, model = (
            run_and_score(gold, use_model=use_model).figures()["systems_f1"]
            for use_model in (False, True)
        )
        print(f"| {label} | {rules:.3f} | {model:.3f} |", flush=True)


def throughput(letters: int) -> None:
    import bench

    with tempfile.TemporaryDirectory(prefix="foi-unlisted-speed-") as folder:
        paths = bench.write_texts(Path(folder) / "in", letters)
        rates = {}
        for use_model in (False, True):
            run_pipeline(paths[:20], Path(folder) / "warm", RunOptions(use_model=use_model))
            started = time.perf_counter()
            run_pipeline(paths, Path(folder) / f"out{use_model}", RunOptions(use_model=use_model))
            rates[use_model] = letters / (time.perf_counter() - started)
    ratio = rates[True] / rates[False]
    print(
        f"\nthroughput, {letters} one-page letters, 2 workers: rules {rates[False]:.0f} docs/s, "
        f"rules + model {rates[True]:.0f} docs/s: {ratio:.2f}x (target >= 0.5)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=600)
    args = parser.parse_args()
    unlisted_table()
    model_effect()
    throughput(args.letters)


if __name__ == "__main__":
    main()
