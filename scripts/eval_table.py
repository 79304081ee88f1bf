"""Print the README's accuracy table: the pipeline run on every gold set there is, then scored.

Usage: python scripts/eval_table.py   (about a minute; ../shared/corpus/dev is used when present)
Each row is what `foi-extract eval --run --gold GOLD` reports, in Markdown.
"""

from __future__ import annotations

from pathlib import Path

from foi_extract.evaluate import run_and_score

ROOT = Path(__file__).resolve().parents[1]
GOLD_SETS = {
    "`data/gold` (invented)": ROOT / "data" / "gold" / "gold.jsonl",
    "`data/gold_holdout` (invented, never tuned on)": ROOT / "data" / "gold_holdout" / "gold.jsonl",
    "`data/gold_shapes` (invented, real shapes)": ROOT / "data" / "gold_shapes" / "gold.jsonl",
    "`data/gold_shapes_holdout` (never tuned on)": ROOT
    / "data"
    / "gold_shapes_holdout"
    / "gold.jsonl",
    "`data/gold_unlisted` (invented, unlisted products)": ROOT
    / "data"
    / "gold_unlisted"
    / "gold.jsonl",
    "`data/gold_unlisted_holdout` (never tuned on)": ROOT
    / "data"
    / "gold_unlisted_holdout"
    / "gold.jsonl",
    "`data/gold_names` (invented, names that are no products)": ROOT
    / "data"
    / "gold_names"
    / "gold.jsonl",
    "`data/gold_names_holdout` (never tuned on)": ROOT
    / "data"
    / "gold_names_holdout"
    / "gold.jsonl",
    "`data/gold_tail` (invented, the long tail of real phrasing)": ROOT
    / "data"
    / "gold_tail"
    / "gold.jsonl",
    "`data/gold_tail_holdout` (never tuned on)": ROOT / "data" / "gold_tail_holdout" / "gold.jsonl",
    "`data/gold_tail2` (invented, long tail, second writer)": ROOT
    / "data"
    / "gold_tail2"
    / "gold.jsonl",
    "`data/gold_tail2_holdout` (never tuned on)": ROOT
    / "data"
    / "gold_tail2_holdout"
    / "gold.jsonl",
    "`data/gold_ordinary` (invented, ordinary answers)": ROOT
    / "data"
    / "gold_ordinary"
    / "gold.jsonl",
    "`data/gold_formats` (invented, binary formats)": ROOT / "data" / "gold_formats" / "gold.jsonl",
    "`data/gold_fresh` (invented, two new writers)": ROOT / "data" / "gold_fresh" / "gold.jsonl",
    "`data/gold_fresh_holdout` (never tuned on)": ROOT
    / "data"
    / "gold_fresh_holdout"
    / "gold.jsonl",
    "`data/gold_fresh2` (invented, two more new writers)": ROOT
    / "data"
    / "gold_fresh2"
    / "gold.jsonl",
    "`data/gold_fresh2_holdout` (never tuned on)": ROOT
    / "data"
    / "gold_fresh2_holdout"
    / "gold.jsonl",
    "`../shared/corpus/dev` (real)": ROOT.parent / "shared" / "corpus" / "dev" / "gold.jsonl",
    "`../shared/corpus/real` (real pages)": ROOT.parent
    / "shared"
    / "corpus"
    / "real"
    / "gold.jsonl",
    "`data/raw/sample` (invented)": ROOT / "data" / "raw" / "sample" / "gold.jsonl",
}
COLUMNS = {"systems F1": "systems_f1", "suppliers F1": "suppliers_f1",
           "exemptions F1": "exemptions_f1", "area": "service_area_accuracy",
           "hosting": "hosting_accuracy", "supplier": "supplier_accuracy",
           "in use since": "in_use_since_accuracy", "contract start": "contract_start_accuracy",
           "contract end": "contract_end_accuracy", "extension": "extension_until_accuracy",
           "status": "status_accuracy", "council": "council_accuracy"}  # fmt: skip


def main() -> None:
    print("| gold set | docs | " + " | ".join(COLUMNS) + " |")
    print("| --- " * (len(COLUMNS) + 2) + "|")
    for name, gold in GOLD_SETS.items():
        if not gold.is_file():
            continue
        scores = run_and_score(gold)
        figures = scores.figures()
        cells = [f"{figures[key]:.3f}" if key in figures else "-" for key in COLUMNS.values()]
        print(f"| {name} | {scores.documents} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
