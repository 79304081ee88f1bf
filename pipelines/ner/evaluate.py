"""Score the NER model on documents that mention only held-out names, time it, and check that it
does not lower the pipeline's scores on the gold sets.

Writes each label's precision on the held-out documents into the model's meta.json
(`heldout_precision`): `foi_extract.extract.ner` turns it into the confidence of a model-only name.
Usage: python pipelines/ner/evaluate.py [MODEL_DIR] [CORPUS_DIR]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import spacy
from spacy.tokens import DocBin

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PACKAGED = ROOT / "foi_extract" / "resources" / "model" / "foi_ner"
T = TypeVar("T")
LABELS = ("SYSTEM", "SUPPLIER", "HOST_ORG")
GOLD_SETS = (
    ROOT / "data" / "raw" / "sample" / "gold.jsonl",
    ROOT.parent / "shared" / "corpus" / "dev" / "gold.jsonl",
)


def score(model: Path, corpus: Path) -> dict[str, dict[str, float]]:
    """Entity precision and recall per label (exact offsets) on `heldout.spacy`."""
    from foi_extract.extract.ner import find_entities

    nlp = spacy.load(model)
    gold = list(DocBin().from_disk(corpus / "heldout.spacy").get_docs(nlp.vocab))
    counts = {label: [0, 0, 0] for label in LABELS}  # tp, fp, fn
    for reference in gold:
        truth = {(e.start_char, e.end_char, e.label_) for e in reference.ents}
        found = {(e.start, e.end, e.label) for e in find_entities(reference.text, nlp)}
        for label, tally in counts.items():
            wanted = {x for x in truth if x[2] == label}
            got = {x for x in found if x[2] == label}
            tally[0] += len(wanted & got)
            tally[1] += len(got - wanted)
            tally[2] += len(wanted - got)
    return {
        label: {
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0,
            "support": tp + fn,
        }
        for label, (tp, fp, fn) in counts.items()
    }


def _rate(work: Sequence[T], step: Callable[[T], object], rounds: int = 10) -> float:
    """Items per second of `step` over `work`, repeated `rounds` times after one warm-up."""
    step(work[0])
    started = time.perf_counter()
    for _ in range(rounds):
        for item in work:
            step(item)
    return rounds * len(work) / (time.perf_counter() - started)


def throughput(model: Path) -> dict[str, float]:
    """Documents per second on the sample texts: the pipeline's extraction with and without the
    model, and the bare model against the rules' spaCy pass."""
    from foi_extract.extract import extract_facts
    from foi_extract.extract.ner import find_entities
    from foi_extract.extract.nlp import load_nlp
    from foi_extract.ingest import ingest_path
    from foi_extract.inputs import discover_inputs

    documents = [
        d
        for path in discover_inputs([ROOT / "data" / "raw" / "sample"])
        for d in ingest_path(path)
        if d.status == "ok"
    ]
    texts = [d.text for d in documents]
    nlp, rules = spacy.load(model), load_nlp()
    return {
        "extract_facts rules only": _rate(documents, extract_facts),
        "extract_facts with model": _rate(documents, lambda d: extract_facts(d, use_model=True)),
        "rules spaCy pass (whole text)": _rate(texts, rules),
        "find_entities (whole text)": _rate(texts, lambda t: find_entities(t, nlp)),
    }


def gold_effect() -> dict[str, dict[str, float]]:
    """Systems and suppliers F1 on each gold set present, rules only and with the model."""
    from foi_extract.evaluate import read_gold
    from foi_extract.evaluate import score as score_run
    from foi_extract.pipeline import RunOptions, run_pipeline

    results = {}
    for gold in (g for g in GOLD_SETS if g.exists()):
        files = [gold.parent / d["file"] for d in read_gold(gold)]
        for use_model in (False, True):
            with tempfile.TemporaryDirectory() as out:
                run_pipeline(files, Path(out), RunOptions(workers=1, use_model=use_model))
                figures = score_run(gold, Path(out)).figures()
            name = f"{gold.parent.name} {'with model' if use_model else 'rules only'}"
            results[name] = {k: figures[k] for k in ("systems_f1", "suppliers_f1")}
    return results


def main(model: Path = PACKAGED, corpus: Path = HERE / "corpus") -> None:
    os.environ["FOI_EXTRACT_MODEL"] = str(model)  # the pipeline (and its workers) load this one
    held_out = score(model, corpus)
    for label, figures in held_out.items():
        print(
            f"held-out {label}: precision {figures['precision']:.3f}, "
            f"recall {figures['recall']:.3f} ({figures['support']} names)"
        )
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta["heldout_precision"] = {k: round(v["precision"], 3) for k, v in held_out.items()}
    (model / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    for name, rate in throughput(model).items():
        print(f"{name}: {rate:.1f} docs/s")
    for name, figures in gold_effect().items():
        print(f"gold {name}: " + ", ".join(f"{k} {v:.3f}" for k, v in figures.items()))


if __name__ == "__main__":
    main(*(Path(arg) for arg in sys.argv[1:3]))
