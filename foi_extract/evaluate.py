"""Score pipeline output against gold labels (the format of ../shared/corpus/README.md).

A gold document is matched to the top-level document whose file name equals its `file`; facts
found in child documents (attachments, archive members) count for their top-level file. System
facts match on (document, canonical name); other fields are then compared where gold is not
null. Exemptions match on (document, provision) over the ones the council applied.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

FIELDS = ("supplier", "service_area", "purpose", "hosting", "in_use_since", "contract_start",
          "contract_end", "extension_until", "status")  # fmt: skip


@dataclass
class Counts:
    """True positives, false positives and false negatives of one set comparison."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set[Any], predicted: set[Any]) -> tuple[set[Any], set[Any]]:
        """Count one document's sets; return (missed, false hits)."""
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)
        return gold - predicted, predicted - gold


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Scores:
    documents: int = 0
    systems: Counts = field(default_factory=Counts)
    suppliers: Counts = field(default_factory=Counts)
    exemptions: Counts = field(default_factory=Counts)
    fields: dict[str, Accuracy] = field(default_factory=lambda: {f: Accuracy() for f in FIELDS})
    council: Accuracy = field(default_factory=Accuracy)
    reference: Accuracy = field(default_factory=Accuracy)
    response_date: Accuracy = field(default_factory=Accuracy)
    errors: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """Every score by name, as the targets file names them."""
        result = {
            "systems_precision": self.systems.precision,
            "systems_recall": self.systems.recall,
            "systems_f1": self.systems.f1,
            "suppliers_f1": self.suppliers.f1,
            "exemptions_precision": self.exemptions.precision,
            "exemptions_recall": self.exemptions.recall,
            "exemptions_f1": self.exemptions.f1,
            "council_accuracy": self.council.value,
            "reference_accuracy": self.reference.value,
            "response_date_accuracy": self.response_date.value,
        }
        for name, accuracy in self.fields.items():
            if accuracy.total:
                result[f"{name}_accuracy"] = accuracy.value
        return result


def read_gold(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _top_level_files(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id -> file name of its top-level document."""
    parents = dict(zip(documents.doc_id, documents.parent_doc_id, strict=True))
    paths = dict(zip(documents.doc_id, documents.source_path, strict=True))
    result = {}
    for doc_id in documents.doc_id:
        root = doc_id
        while isinstance(parents.get(root), str):
            root = parents[root]
        result[doc_id] = PurePosixPath(paths[root].split("!/")[0]).name
    return result


def _same(gold: Any, found: Any) -> bool:
    if isinstance(gold, str) and isinstance(found, str):
        return gold.strip().lower() == found.strip().lower()
    return bool(gold == found)


def score(gold_path: Path, pred_dir: Path) -> Scores:
    """Compare the tables in `pred_dir` with the gold file."""
    documents = pd.read_parquet(pred_dir / "documents.parquet")
    systems = pd.read_parquet(pred_dir / "systems.parquet")
    exemptions = pd.read_parquet(pred_dir / "exemptions.parquet")
    files = _top_level_files(documents)
    systems = systems.assign(file=systems.doc_id.map(files))
    exemptions = exemptions.assign(file=exemptions.doc_id.map(files))
    top = documents[documents.parent_doc_id.isna()].assign(file=lambda d: d.source_path.map(
        lambda p: PurePosixPath(p).name))  # fmt: skip
    scores = Scores()
    for gold in read_gold(gold_path):
        scores.documents += 1
        _score_document(gold, top, systems, exemptions, scores)
    return scores


def _score_document(
    gold: dict[str, Any],
    top: pd.DataFrame,
    systems: pd.DataFrame,
    exemptions: pd.DataFrame,
    scores: Scores,
) -> None:
    name, file = gold["id"], gold["file"]
    rows = systems[systems.file == file]
    found = {s for s in rows.system if isinstance(s, str)}
    missed, extra = scores.systems.add({s["name"] for s in gold["systems"]}, found)
    scores.errors += [f"{name}: missed system {s}" for s in sorted(missed)]
    for system in sorted(extra):
        evidence = rows[rows.system == system].evidence.iloc[0]
        scores.errors.append(f"{name}: false system {system}: {evidence!r}")
    gold_suppliers = {s["supplier"] for s in gold["systems"] if s.get("supplier")}
    scores.suppliers.add(gold_suppliers, {s for s in rows.supplier if isinstance(s, str)})
    for expected in gold["systems"]:
        candidates = rows[rows.system == expected["name"]]
        if candidates.empty:
            continue
        same_area = candidates[candidates.service_area == expected.get("service_area")]
        row = (same_area if not same_area.empty else candidates).iloc[0]
        for field_name in FIELDS:
            wanted = expected.get(field_name)
            if wanted is None or field_name not in row.index:
                continue
            got = row[field_name] if isinstance(row[field_name], str) else None
            accuracy = scores.fields[field_name]
            accuracy.total += 1
            if _same(wanted, got):
                accuracy.right += 1
            else:
                scores.errors.append(
                    f"{name}: {expected['name']} {field_name} = {got!r}, gold {wanted!r}"
                )
    applied = exemptions[(exemptions.file == file) & exemptions.applied]
    missed, extra = scores.exemptions.add(set(gold["exemptions"]), set(applied.provision))
    scores.errors += [f"{name}: missed exemption {p}" for p in sorted(missed)]
    scores.errors += [f"{name}: false exemption {p}" for p in sorted(extra)]
    document = top[top.file == file]
    for key, accuracy, column in (
        ("council", scores.council, "authority_name"),
        ("reference", scores.reference, "reference"),
        ("response_date", scores.response_date, "response_date"),
    ):
        if gold.get(key) is None:
            continue
        accuracy.total += 1
        got = document[column].iloc[0] if not document.empty else None
        if isinstance(got, str) and _same(gold[key], got):
            accuracy.right += 1
        else:
            scores.errors.append(f"{name}: {key} = {got!r}, gold {gold[key]!r}")


def below_targets(scores: Scores, targets: dict[str, float]) -> list[str]:
    """The figures that fall short of their targets, in words."""
    figures = scores.figures()
    return [
        f"{name} {figures[name]:.3f} < {target:.3f}"
        for name, target in targets.items()
        if name in figures and figures[name] < target
    ]


def report_lines(scores: Scores) -> Iterable[str]:
    """A plain-text report: every figure, then every miss and false hit."""
    yield f"documents: {scores.documents}"
    for name, value in scores.figures().items():
        yield f"{name:28s} {value:.3f}"
    if scores.errors:
        yield "misses and false hits:"
        yield from (f"  {error}" for error in scores.errors)
