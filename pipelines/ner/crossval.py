"""The model's effect on text it never saw: k-fold cross-validation over the development gold sets.

The shipped model is trained on every sentence of the development gold sets, so its effect on
them says nothing about new text, and the held-out sets must stay unread. This script trains one
model per fold with that fold's documents left out of the training data (`make_data.main(...,
leave_out=...)`), runs the pipeline on the left-out documents with rules alone and with the
fold's model, and prints systems precision, recall and F1 both ways, and every false name the
model added (the development text a gate or the training data can be changed on).

Usage: python pipelines/ner/crossval.py [--folds K] [--work DIR] [--steps N] [--skip-training]
(about 5 minutes of training per fold on 2 cores; `--steps` shortens it for a rough look)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from make_data import GOLD_SETS, gold_key  # noqa: E402

PACKAGED_META = ROOT / "foi_extract" / "resources" / "model" / "foi_ner" / "meta.json"


def fold_of(key: str, folds: int) -> int:
    """A document's fold, stable across runs and machines."""
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % folds


def left_out_sets(fold: int, folds: int, work: Path) -> tuple[frozenset[str], list[Path]]:
    """The keys of the fold's documents, and a gold file per set holding only them (beside
    copies of their files, so the pipeline and the scorer read them as usual)."""
    keys: set[str] = set()
    sets = []
    for gold in GOLD_SETS:
        if not gold.exists():
            continue
        kept = []
        for line in gold.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            document = json.loads(line)
            key = gold_key(gold, document["file"])
            if fold_of(key, folds) == fold:
                keys.add(key)
                kept.append(line)
                target = work / "sets" / gold.parent.name / document["file"]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(gold.parent / document["file"], target)
        if kept:
            path = work / "sets" / gold.parent.name / "gold.jsonl"
            path.write_text("\n".join(kept) + "\n", encoding="utf-8")
            sets.append(path)
    return frozenset(keys), sets


def train(fold_dir: Path, leave_out: frozenset[str], steps: int | None) -> Path:
    """Training data without the fold's documents, a model trained on it; its path."""
    import make_data

    corpus = fold_dir / "corpus"
    make_data.main(corpus, leave_out=leave_out)
    command = [sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"),
               "--output", str(fold_dir / "training"),
               "--paths.train", str(corpus / "train.spacy"),
               "--paths.dev", str(corpus / "dev.spacy")]  # fmt: skip
    if steps:
        command += ["--training.max_steps", str(steps)]
    subprocess.run(command, check=True, cwd=ROOT)
    model = fold_dir / "training" / "model-best"
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    packaged = json.loads(PACKAGED_META.read_text(encoding="utf-8"))
    meta["heldout_precision"] = packaged.get("heldout_precision", {})  # the same confidences
    (model / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return model


def score_child(gold: Path, use_model: bool) -> None:
    """(In a child process, $FOI_EXTRACT_MODEL set) print the set's figures and findings."""
    from foi_extract.evaluate import run_and_score

    scores = run_and_score(gold, use_model=use_model)
    counts = scores.systems
    print(json.dumps({
        "tp": counts.tp, "fp": counts.fp, "fn": counts.fn,
        "false": [[f.doc, f.detail, f.evidence] for f in scores.findings
                  if f.kind == "false system"],
        "missed": [[f.doc, f.detail] for f in scores.findings if f.kind == "missed system"],
    }))  # fmt: skip


def score(gold: Path, model: Path, use_model: bool) -> dict[str, Any]:
    env = os.environ | {"FOI_EXTRACT_MODEL": str(model)}
    command = [sys.executable, __file__, "--score-child", str(gold)]
    if use_model:
        command.append("--model")
    output = subprocess.run(command, check=True, env=env, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def prf(tp: int, fp: int, fn: int) -> str:
    """Precision / recall / F1 of the counts, as a table cell."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f"{precision:.3f} / {recall:.3f} / {f1:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=HERE / "crossval")
    parser.add_argument("--steps", type=int, default=None)
    parser.add_argument("--skip-training", action="store_true", help="reuse the fold models")
    parser.add_argument("--score-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--model", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.score_child:
        score_child(args.score_child, args.model)
        return
    totals = {False: [0, 0, 0], True: [0, 0, 0]}
    print("| fold | set | docs | systems P/R/F1, rules | systems P/R/F1, rules + fold model |")
    print("| --- | --- | --- | --- | --- |")
    added: list[list[str]] = []
    lost: list[list[str]] = []
    for fold in range(args.folds):
        fold_dir = args.work / f"fold{fold}"
        if fold_dir.exists() and not args.skip_training:
            shutil.rmtree(fold_dir)
        fold_dir.mkdir(parents=True, exist_ok=True)
        leave_out, sets = left_out_sets(fold, args.folds, fold_dir)
        model = fold_dir / "training" / "model-best"
        if not args.skip_training:
            model = train(fold_dir, leave_out, args.steps)
        for gold in sets:
            runs = {use: score(gold, model, use) for use in (False, True)}
            cells = []
            for use, run in runs.items():
                counts = [int(run[k]) for k in ("tp", "fp", "fn")]
                totals[use] = [a + b for a, b in zip(totals[use], counts, strict=True)]
                cells.append(prf(*counts))
            docs = len(gold.read_text(encoding="utf-8").splitlines())
            print(f"| {fold} | {gold.parent.name} | {docs} | {cells[0]} | {cells[1]} |")
            before = {tuple(x[:2]) for x in runs[False]["false"]}
            added += [x for x in runs[True]["false"] if tuple(x[:2]) not in before]
            missed = {tuple(x) for x in runs[False]["missed"]}
            lost += [x for x in runs[True]["missed"] if tuple(x) not in missed]
    print(f"| all | | | {prf(*totals[False])} | {prf(*totals[True])} |")
    print(f"\nfalse names the fold model added ({len(added)}):")
    for doc, name, evidence in added:
        print(f"- {doc}: {name!r} -- {evidence!r}")
    print(f"\nsystems the rules found and the model run lost ({len(lost)}):")
    for doc, name in lost:
        print(f"- {doc}: {name!r}")


if __name__ == "__main__":
    main()
