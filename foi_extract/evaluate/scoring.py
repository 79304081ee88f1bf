"""Score pipeline tables against gold labels (the format of ../shared/corpus/README.md).

A gold document is matched to the top-level document row whose file name equals its `file`;
facts found in its children (attachments, archive members) count for that file. System facts
match on (document, canonical name), counted once however many rows name the system.

Each matched system's fields are scored two ways. Accuracy (what the targets hold) counts the
gold values that are not null and how many the pipeline got right. Precision/recall/F1 count
every (system, field, value): a right value is a true positive, a missed one a false negative,
a value where gold has another or none a false positive (gold null means the text does not say).
Exemptions match on (document, provision) over the provisions the council applied; suppliers on
(document, supplier); councils on (document, council) where either side names one; the optional
gold key `not_held` on documents.

Products the gazetteer does not list (gold `listed: false`, as in `data/gold_unlisted`) match a
predicted name equal to their name or one of their `aliases`, ignoring case, punctuation and a
leading "the". Such sets also report the unlisted products on their own (`unlisted_systems_*`:
predicted names not in the gazetteer against gold unlisted products) and every field's accuracy
for listed and unlisted products apart (`listed_hosting_accuracy`, `unlisted_hosting_accuracy`).
A supplier matches without its legal form ("Ltd", "Limited", "plc").
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from foi_extract.errors import UserError
from foi_extract.link.register import council_register
from foi_extract.model_files import MODEL_BY_DEFAULT
from foi_extract.records import NOT_HELD
from foi_extract.review import is_correction, parse_corrections

FIELDS = ("supplier", "service_area", "purpose", "hosting", "in_use_since", "contract_start",
          "contract_end", "status", "extension_until")  # fmt: skip
DOCUMENT_FIELDS = {"council": "authority_name", "reference": "reference",
                   "response_date": "response_date"}  # fmt: skip
GROUPS = ("listed", "unlisted")
LEGAL_FORM = re.compile(r"[\s,]+(?:ltd|limited|plc|llp|inc|uk)\.?$", re.IGNORECASE)


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

    def add(self, gold: set[str], predicted: set[str]) -> tuple[set[str], set[str]]:
        """Count one document's sets; return (missed, false hits)."""
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)
        return gold - predicted, predicted - gold


@dataclass
class Accuracy:
    """Right answers out of the gold values that could be checked."""

    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass(frozen=True)
class Finding:
    """One miss or false hit, with the sentence that shows why (when there is one)."""

    doc: str  # the gold document's id
    kind: str  # "missed system", "false system", "hosting", "false exemption", "council", ...
    detail: str
    evidence: str | None = None

    def __str__(self) -> str:
        said = f" -- {self.evidence!r}" if self.evidence else ""
        return f"{self.doc}: {self.kind} {self.detail}{said}"


@dataclass
class FieldScore:
    """One field of matched systems (or of documents): accuracy over gold values, and counts."""

    accuracy: Accuracy = field(default_factory=Accuracy)
    counts: Counts = field(default_factory=Counts)

    def add(self, gold: str | None, found: str | None) -> bool:
        """Count one comparison; True when it is no error (both null, or the same value)."""
        same = _same(gold, found)
        if gold is not None:
            self.accuracy.total += 1
            self.accuracy.right += same
        if same:
            self.counts.tp += gold is not None
            return True
        self.counts.fn += gold is not None
        self.counts.fp += found is not None
        return False

    @property
    def measured(self) -> bool:
        counts = self.counts
        return bool(self.accuracy.total or counts.tp + counts.fp + counts.fn)


@dataclass
class Scores:
    documents: int = 0
    systems: Counts = field(default_factory=Counts)
    suppliers: Counts = field(default_factory=Counts)
    exemptions: Counts = field(default_factory=Counts)
    fields: dict[str, FieldScore] = field(
        default_factory=lambda: {name: FieldScore() for name in FIELDS}
    )
    document_fields: dict[str, FieldScore] = field(
        default_factory=lambda: {name: FieldScore() for name in (*DOCUMENT_FIELDS, "not_held")}
    )
    findings: list[Finding] = field(default_factory=list)
    unlisted: Counts | None = None  # measured where gold says which products are unlisted
    grouped: dict[str, dict[str, FieldScore]] = field(
        default_factory=lambda: {group: {name: FieldScore() for name in FIELDS} for group in GROUPS}
    )

    @property
    def council(self) -> Accuracy:
        return self.document_fields["council"].accuracy

    @property
    def reference(self) -> Accuracy:
        return self.document_fields["reference"].accuracy

    @property
    def response_date(self) -> Accuracy:
        return self.document_fields["response_date"].accuracy

    def _scored_fields(self) -> dict[str, FieldScore]:
        return {name: score for name, score in (self.fields | self.document_fields).items()
                if score.measured}  # fmt: skip

    def sets(self) -> dict[str, Counts]:
        """Every precision/recall/F1 comparison that was measured, by name."""
        named = {"systems": self.systems, "suppliers": self.suppliers,
                 "exemptions": self.exemptions}  # fmt: skip
        if self.unlisted is not None:
            named["unlisted_systems"] = self.unlisted
        fields = {name: score.counts for name, score in self._scored_fields().items()}
        return named | {name: counts for name, counts in fields.items() if name != "supplier"}

    def accuracies(self) -> dict[str, Accuracy]:
        """Every accuracy that was measured (had at least one gold value), by figure name."""
        result = {
            f"{name}_accuracy": score.accuracy
            for name, score in self._scored_fields().items()
            if score.accuracy.total
        }
        if self.unlisted is not None:
            result |= {
                f"{group}_{name}_accuracy": score.accuracy
                for group, scored in self.grouped.items()
                for name, score in scored.items()
                if score.accuracy.total
            }
        return result  # fmt: skip

    def figures(self) -> dict[str, float]:
        """Every measured score by name, as the targets file names them."""
        result: dict[str, float] = {}
        for name, counts in self.sets().items():
            result |= {f"{name}_precision": counts.precision, f"{name}_recall": counts.recall,
                       f"{name}_f1": counts.f1}  # fmt: skip
        return result | {name: accuracy.value for name, accuracy in self.accuracies().items()}


def figure_names() -> set[str]:
    """Every figure a run can report, measured or not (what a targets file may name)."""
    scored = (*FIELDS, *DOCUMENT_FIELDS, "not_held")
    kinds = ("systems", "suppliers", "exemptions", *(name for name in scored if name != "supplier"))
    kinds = (*kinds, "unlisted_systems")
    names = {f"{kind}_{measure}" for kind in kinds for measure in ("precision", "recall", "f1")}
    grouped = {f"{group}_{name}_accuracy" for group in GROUPS for name in FIELDS}
    return names | grouped | {f"{name}_accuracy" for name in scored}


def read_gold(path: Path, doc_files: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The gold documents of a JSON-lines file, in file order; or, when its lines are a
    review's corrections (`foi_extract.review`), the gold they make for the files of the
    scored run (`doc_files`: doc_id -> top-level file name; see `evaluate/corrections.py`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    if not any(is_correction(record) for record in records):
        return records
    if not all(is_correction(record) for record in records):
        raise UserError(f"{path}: mixes corrections and gold documents; give one kind per file")
    if doc_files is None:
        raise UserError(f"{path} is a corrections file: score it against a run's tables "
                        "(PRED_DIR), not with --run")  # fmt: skip
    from foi_extract.evaluate.corrections import corrections_gold

    return corrections_gold(parse_corrections(lines, str(path)), doc_files)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


COUNCIL_AFFIXES = re.compile(r"^(?:the\s+)?(?:city and county of\s+)?|\s+council$", re.I)


def _council_codes(name: str) -> set[str]:
    """The register's codes for a council's name as written, with or without "The", "City and
    County of" and "Council"."""
    spellings = council_register().spellings
    lowered = " ".join(name.lower().split())
    core = COUNCIL_AFFIXES.sub("", lowered).strip()
    codes: set[str] = set()
    for form in (lowered, core, f"{core} council"):
        codes |= spellings.get(form, set())
    return codes


def same_council(gold: str, found: str) -> bool:
    """Both names are one council of the register (a name the register does not know is
    compared as written)."""
    if gold.strip().lower() == found.strip().lower():
        return True
    gold_codes, found_codes = _council_codes(gold), _council_codes(found)
    return bool(gold_codes and found_codes and gold_codes == found_codes)


def _same(gold: Any, found: Any) -> bool:
    if isinstance(gold, str) and isinstance(found, str):
        return gold.strip().lower() == found.strip().lower()
    return bool(gold == found)


GENERIC_HEADS = frozenset({"module", "system", "software", "application"})


def name_key(name: str) -> str:
    """A product's name for matching: lower case, words only, no leading "the" and no
    trailing generic head ("the Kestrel Brokerage module" is "Kestrel Brokerage")."""
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    words = words[1:] if words[:1] == ["the"] else words
    return " ".join(words[:-1] if len(words) > 1 and words[-1] in GENERIC_HEADS else words)


def _gold_names(gold_systems: list[dict[str, Any]]) -> dict[str, str]:
    """name_key -> gold name, for every unlisted product's name and aliases."""
    names: dict[str, str] = {}
    for system in gold_systems:
        if system.get("listed") is False:
            for spelling in [system["name"], *(system.get("aliases") or [])]:
                names.setdefault(name_key(spelling), system["name"])
    return names


def _as_gold_names(gold_systems: list[dict[str, Any]], rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` with each product name the gold set spells otherwise (an alias, another case)
    replaced by the gold name; a row with no canonical name goes by its surface form (and
    counts as unlisted in tables written before the `listed` column)."""
    if "listed" not in rows:
        rows = rows.assign(listed=rows.system.notna())
    if rows.empty:
        return rows
    names = _gold_names(gold_systems)
    systems = [
        system if isinstance(system, str) else surface
        for system, surface in zip(rows.system, rows.surface_form, strict=True)
    ]
    return rows.assign(system=[names.get(name_key(name), name) for name in systems])


def _file_name(source_path: str) -> str:
    return PurePosixPath(source_path.replace("\\", "/").split("!/")[0]).name


def _top_level_files(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id -> file name of its top-level document (children count for their parent file)."""
    parents = dict(zip(documents.doc_id, documents.parent_doc_id, strict=True))
    paths = dict(zip(documents.doc_id, documents.source_path, strict=True))
    result = {}
    for doc_id in documents.doc_id:
        root, seen = doc_id, {doc_id}
        while isinstance(parents.get(root), str) and parents[root] in paths:
            root = parents[root]
            if root in seen:
                break
            seen.add(root)
        result[doc_id] = _file_name(paths[root])
    return result


@dataclass(frozen=True)
class _Predictions:
    documents: pd.DataFrame  # top-level rows only, with a `file` column
    systems: pd.DataFrame
    exemptions: pd.DataFrame
    doc_files: dict[str, str]  # every doc_id -> its top-level file name


def _read_predictions(pred_dir: Path) -> _Predictions:
    documents = pd.read_parquet(pred_dir / "documents.parquet")
    files = _top_level_files(documents)
    systems = pd.read_parquet(pred_dir / "systems.parquet")
    exemptions = pd.read_parquet(pred_dir / "exemptions.parquet")
    top = documents[documents.parent_doc_id.isna()]
    return _Predictions(
        top.assign(file=top.source_path.map(_file_name)),
        systems.assign(file=systems.doc_id.map(files)),
        exemptions.assign(file=exemptions.doc_id.map(files)),
        files,
    )


def score(gold_path: Path, pred_dir: Path) -> Scores:
    """Compare the Parquet tables in `pred_dir` with the gold labels in `gold_path`."""
    predictions = _read_predictions(pred_dir)
    scores = Scores()
    for gold in read_gold(gold_path, predictions.doc_files):
        scores.documents += 1
        _score_document(gold, predictions, scores)
    return scores


def run_and_score(
    gold_path: Path, pred_dir: Path | None = None, use_model: bool = MODEL_BY_DEFAULT
) -> Scores:
    """Run the pipeline (with the NER model when `use_model`) on the gold set's files (into
    `pred_dir`, else a temporary folder) and score its tables; FileNotFoundError names the
    gold files that are missing."""
    from foi_extract.pipeline import RunOptions, run_pipeline  # loads spaCy: only when asked

    files = [gold_path.parent / document["file"] for document in read_gold(gold_path)]
    missing = [str(path) for path in files if not path.exists()]
    if missing:
        raise FileNotFoundError(f"gold files not found: {', '.join(missing)}")
    options = RunOptions(use_model=use_model)
    if pred_dir is not None:
        run_pipeline(files, pred_dir, options)
        return score(gold_path, pred_dir)
    with tempfile.TemporaryDirectory(prefix="foi-eval-") as folder:
        run_pipeline(files, Path(folder), options)
        return score(gold_path, Path(folder))


def _score_document(gold: dict[str, Any], predictions: _Predictions, scores: Scores) -> None:
    doc, file = gold["id"], gold["file"]
    document = predictions.documents[predictions.documents.file == file]
    if document.empty:
        scores.findings.append(Finding(doc, "no prediction", f"for file {file}"))
    systems = _as_gold_names(gold["systems"], predictions.systems[predictions.systems.file == file])
    _score_systems(doc, gold["systems"], systems, scores)
    if any("listed" in system for system in gold["systems"]):
        _score_unlisted(doc, gold["systems"], systems, scores)
    _score_suppliers(doc, gold["systems"], systems, scores)
    exemptions = predictions.exemptions[predictions.exemptions.file == file]
    if "exemptions" in gold:  # gold from a review's corrections has none
        _score_exemptions(doc, gold["exemptions"], exemptions, scores)
    _score_not_held(doc, gold, exemptions, scores)
    row = document.iloc[0] if not document.empty else None
    _score_document_fields(doc, gold, row, scores)


def _first_evidence(rows: pd.DataFrame) -> str | None:
    return _text(rows.evidence.iloc[0]) if not rows.empty else None


def _score_systems(
    doc: str, gold_systems: list[dict[str, Any]], rows: pd.DataFrame, scores: Scores
) -> None:
    gold = {system["name"] for system in gold_systems}
    _score_names(doc, "system", gold, rows, scores.systems, scores)
    for expected in gold_systems:
        candidates = rows[rows.system == expected["name"]]
        if not candidates.empty:
            _score_fields(doc, expected, _best_row(candidates, expected), scores)


def _score_unlisted(
    doc: str, gold_systems: list[dict[str, Any]], rows: pd.DataFrame, scores: Scores
) -> None:
    """Unlisted products alone: found by any row, and false names among the rows that name
    no listed product; each matched product's fields scored in its group."""
    scores.unlisted = scores.unlisted or Counts()
    gold = {system["name"] for system in gold_systems if system.get("listed") is False}
    unlisted = rows[~rows.listed.astype(bool)]
    found = {name for name in rows.system if name in gold}
    predicted = {name for name in unlisted.system if isinstance(name, str)}
    scores.unlisted.tp += len(found)
    scores.unlisted.fn += len(gold - found)
    scores.unlisted.fp += len(predicted - gold - {s["name"] for s in gold_systems})
    for extra in sorted(predicted - gold - {s["name"] for s in gold_systems}):
        evidence = _first_evidence(unlisted[unlisted.system == extra])
        scores.findings.append(Finding(doc, "false unlisted", extra, evidence))
    for expected in gold_systems:
        candidates = rows[rows.system == expected["name"]]
        if candidates.empty:
            continue
        row = _best_row(candidates, expected)
        group = scores.grouped["unlisted" if expected.get("listed") is False else "listed"]
        for field_name in FIELDS:
            if field_name in expected:
                wanted, got = _text(expected[field_name]), _text(row.get(field_name))
                if field_name == "supplier":
                    wanted, got = _without_legal_form(wanted), _without_legal_form(got)
                group[field_name].add(wanted, got)


def _best_row(candidates: pd.DataFrame, expected: dict[str, Any]) -> pd.Series:
    """The row for the gold system's service area when there is one, else the first."""
    same_area = candidates[candidates.service_area == expected.get("service_area")]
    return (same_area if not same_area.empty else candidates).iloc[0]


def _field_evidence(row: pd.Series, field_name: str) -> str | None:
    """The sentence the field was read from, else the fact's own evidence sentence."""
    items = row.get("field_evidence")
    for item in items if items is not None else []:
        if isinstance(item, dict) and item.get("field") == field_name:
            return _text(item.get("sentence"))
    return _text(row.get("evidence"))


def _score_fields(doc: str, expected: dict[str, Any], row: pd.Series, scores: Scores) -> None:
    """Compare the fields gold labels (a key absent from gold is not scored at all)."""
    for field_name in FIELDS:
        if field_name not in expected:
            continue
        wanted, got = _text(expected[field_name]), _text(row.get(field_name))
        if field_name == "supplier":
            wanted, got = _without_legal_form(wanted), _without_legal_form(got)
        if not scores.fields[field_name].add(wanted, got):
            detail = f"of {expected['name']} = {got!r}, gold {wanted!r}"
            evidence = _field_evidence(row, field_name)
            scores.findings.append(Finding(doc, field_name, detail, evidence))


def _without_legal_form(name: str | None) -> str | None:
    return LEGAL_FORM.sub("", name).strip() if name else name


def _score_suppliers(
    doc: str, gold_systems: list[dict[str, Any]], rows: pd.DataFrame, scores: Scores
) -> None:
    gold = {_without_legal_form(s["supplier"]) or "" for s in gold_systems if s.get("supplier")}
    suppliers: list[Any] = [_without_legal_form(_text(name)) for name in rows.supplier]
    rows = rows.assign(supplier=suppliers)
    _score_names(doc, "supplier", gold, rows, scores.suppliers, scores)


def _score_names(
    doc: str, column: str, gold: set[str], rows: pd.DataFrame, counts: Counts, scores: Scores
) -> None:
    """Compare the gold names with those of `rows[column]`; each miss and false hit is a
    finding (a false hit with the sentence of its first row)."""
    found = {name for name in rows[column] if isinstance(name, str)}
    missed, extra = counts.add(gold, found)
    scores.findings += [Finding(doc, f"missed {column}", name) for name in sorted(missed)]
    for name in sorted(extra):
        evidence = _first_evidence(rows[rows[column] == name])
        scores.findings.append(Finding(doc, f"false {column}", name, evidence))


def _score_exemptions(doc: str, gold: list[str], rows: pd.DataFrame, scores: Scores) -> None:
    rows = rows.assign(provision=[_at_gold_precision(p, gold) for p in rows.provision])
    applied = rows[rows.applied.astype(bool) & (rows.provision != NOT_HELD)]
    missed, extra = scores.exemptions.add(set(gold), set(applied.provision))
    for provision in sorted(missed):
        cited = _first_evidence(rows[rows.provision == provision])
        detail = f"{provision} (cited, not applied)" if cited else provision
        scores.findings.append(Finding(doc, "missed exemption", detail, cited))
    for provision in sorted(extra):
        evidence = _first_evidence(applied[applied.provision == provision])
        scores.findings.append(Finding(doc, "false exemption", provision, evidence))


def _at_gold_precision(provision: str, gold: list[str]) -> str:
    """`provision` as gold writes it where gold names its section without the subsection: a
    citation of "section 12(1)" satisfies a gold "s12" (the label is coarser, not another
    provision); a gold "s43(2)" still wants "s43(2)", and "s43" alone does not satisfy it."""
    return next((label for label in gold if provision.startswith(f"{label}(")), provision)


def _score_document_fields(
    doc: str, gold: dict[str, Any], row: pd.Series | None, scores: Scores
) -> None:
    for key, column in DOCUMENT_FIELDS.items():
        if key not in gold:
            continue
        wanted = _text(gold[key])
        got = _text(row[column]) if row is not None else None
        if key == "council" and wanted and got and same_council(wanted, got):
            got = wanted  # one council named two ways: "Wakefield Council", "... District Council"
        if not scores.document_fields[key].add(wanted, got):
            said = row.get("authority_evidence") if key == "council" and row is not None else None
            evidence = _text(said)
            scores.findings.append(Finding(doc, key, f"= {got!r}, gold {wanted!r}", evidence))


def _score_not_held(doc: str, gold: dict[str, Any], rows: pd.DataFrame, scores: Scores) -> None:
    """The optional gold key `not_held`: does the document say some information is not held?"""
    if "not_held" not in gold:
        return
    outcome = rows[rows.provision == NOT_HELD] if "provision" in rows else rows.iloc[0:0]
    wanted = "not held" if gold["not_held"] else None
    got = "not held" if not outcome.empty else None
    if not scores.document_fields["not_held"].add(wanted, got):
        kind = "missed not held" if wanted else "false not held"
        scores.findings.append(Finding(doc, kind, "", _first_evidence(outcome)))
