"""Print the README's accuracy table: the pipeline run on every gold set there is, then scored.

Usage: python scripts/eval_table.py   (about a minute; ../shared/corpus/dev is used when present)
Each row is what `foi-extract eval --run --gold GOLD` reports, in Markdown.
"""

from __future__ import annotations

from pathlib import Path

from foi_extract.evaluate import run_and_score

ROOT = Path(__file__).resolve().parents[1]


def data_gold(name: str) -> Path:
    """The labels of the gold set `data/<name>`."""
    return ROOT / "data" / name / "gold.jsonl"


GOLD_SETS = {
    "`data/gold` (invented)": data_gold("gold"),
    "`data/gold_holdout` (invented, never tuned on)": data_gold("gold_holdout"),
    "`data/gold_shapes` (invented, real shapes)": data_gold("gold_shapes"),
    "`data/gold_shapes_holdout` (never tuned on)": data_gold("gold_shapes_holdout"),
    "`data/gold_unlisted` (invented, unlisted products)": data_gold("gold_unlisted"),
    "`data/gold_unlisted_holdout` (never tuned on)": data_gold("gold_unlisted_holdout"),
    "`data/gold_names` (invented, names that are no products)": data_gold("gold_names"),
    "`data/gold_names_holdout` (never tuned on)": data_gold("gold_names_holdout"),
    "`data/gold_tail` (invented, the long tail of real phrasing)": data_gold("gold_tail"),
    "`data/gold_tail_holdout` (never tuned on)": data_gold("gold_tail_holdout"),
    "`data/gold_tail2` (invented, long tail, second writer)": data_gold("gold_tail2"),
    "`data/gold_tail2_holdout` (never tuned on)": data_gold("gold_tail2_holdout"),
    "`data/gold_ordinary` (invented, ordinary answers)": data_gold("gold_ordinary"),
    "`data/gold_formats` (invented, binary formats)": data_gold("gold_formats"),
    "`data/gold_fresh` (invented, two new writers)": data_gold("gold_fresh"),
    "`data/gold_fresh_holdout` (never tuned on)": data_gold("gold_fresh_holdout"),
    "`data/gold_fresh2` (invented, two more new writers)": data_gold("gold_fresh2"),
    "`data/gold_fresh2_holdout` (never tuned on)": data_gold("gold_fresh2_holdout"),
    "`data/gold_fresh3` (invented, two further writers)": data_gold("gold_fresh3"),
    "`data/gold_fresh3_holdout` (never tuned on)": data_gold("gold_fresh3_holdout"),
    "`data/gold_fresh4` (invented, three writers, 2026-12-07)": data_gold("gold_fresh4"),
    "`data/gold_fresh4_holdout` (never tuned on)": data_gold("gold_fresh4_holdout"),
    "`data/gold_unlisted2` (invented, unlisted products, second batch)": data_gold(
        "gold_unlisted2"
    ),
    "`data/gold_unlisted2_holdout` (never tuned on)": data_gold("gold_unlisted2_holdout"),
    "`data/gold_unlisted3` (invented, unlisted products, hosting shapes)": data_gold(
        "gold_unlisted3"
    ),
    "`data/gold_unlisted3_holdout` (never tuned on)": data_gold("gold_unlisted3_holdout"),
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
           "status": "status_accuracy", "council": "council_accuracy",
           "response date": "response_date_accuracy"}  # fmt: skip


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
