"""Score the NER model on documents that mention only held-out names, and time it.

Usage: python pipelines/ner/evaluate.py [MODEL_DIR] [CORPUS_DIR]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def score(model: Path, corpus: Path) -> dict[str, dict[str, float]]:
    nlp = spacy.load(model)
    gold = list(DocBin().from_disk(corpus / "heldout.spacy").get_docs(nlp.vocab))
    counts = {label: [0, 0, 0] for label in ("SYSTEM", "SUPPLIER")}  # tp, fp, fn
    for reference, predicted in zip(gold, nlp.pipe(doc.text for doc in gold), strict=True):
        truth = {(e.start_char, e.end_char, e.label_) for e in reference.ents}
        found = {(e.start_char, e.end_char, e.label_) for e in predicted.ents}
        for label, tally in counts.items():
            t = {x for x in truth if x[2] == label}
            f = {x for x in found if x[2] == label}
            tally[0] += len(t & f)
            tally[1] += len(f - t)
            tally[2] += len(t - f)
    return {
        label: {
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0,
        }
        for label, (tp, fp, fn) in counts.items()
    }


def throughput() -> tuple[float, float]:
    """Documents per second of extract_facts on the sample texts, rules only and with the model."""
    from foi_extract.extract import extract_facts
    from foi_extract.ingest import ingest_path
    from foi_extract.inputs import discover_inputs

    documents = [
        d
        for path in discover_inputs([ROOT / "data" / "raw" / "sample"])
        for d in ingest_path(path)
        if d.status == "ok"
    ] * 10
    rates = []
    for use_model in (False, True):
        extract_facts(documents[0], use_model=use_model)
        started = time.perf_counter()
        for document in documents:
            extract_facts(document, use_model=use_model)
        rates.append(len(documents) / (time.perf_counter() - started))
    return rates[0], rates[1]


def main(model: Path = ROOT / "models" / "foi_ner", corpus: Path = HERE / "corpus") -> None:
    for label, figures in score(model, corpus).items():
        precision, recall = figures["precision"], figures["recall"]
        print(f"held-out {label}: precision {precision:.3f}, recall {recall:.3f}")
    rules, with_model = throughput()
    print(
        f"extract_facts on sample texts: {rules:.1f} docs/s rules only, {with_model:.1f} with model"
    )


if __name__ == "__main__":
    main(*(Path(arg) for arg in sys.argv[1:3]))
