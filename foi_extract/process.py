"""Turn one input file into validated rows: ingest, extract, link. Runs inside a worker process.

Nothing here raises on bad input: a failing document becomes a row with status `error` and the
reason, a fact that fails validation is dropped with a warning on its document's row.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from foi_extract.checkpoint import FileResult, LimitFailure
from foi_extract.document import Document
from foi_extract.inputs import display_path
from foi_extract.model_files import MODEL_BY_DEFAULT
from foi_extract.records import DocumentRow, ExemptionFact, PageRow, SystemFact

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceInfo:
    """What a scrape manifest knows about a file: where it came from and which council sent it."""

    source_url: str | None = None
    authority_name: str | None = None
    authority_code: str | None = None
    response_date: str | None = None
    title: str | None = None


@dataclass
class DocumentFacts:
    """The facts and metadata found in one document, before they become rows."""

    systems: list[SystemFact]
    exemptions: list[ExemptionFact]
    warnings: list[str] = field(default_factory=list)
    reference: str | None = None
    response_date: str | None = None
    authority_name: str | None = None
    authority_code: str | None = None
    authority_evidence: str | None = None


WARM_UP = (  # touches every stage's rules, so forked workers find them compiled
    "Barsetshire County Council\nOur reference: FOI 1234\nDate: 1 May 2024\n\nDear Ms Smith,\n\n"
    "1. Which systems do you use and when do the contracts end?\n\n"
    "Adults use Mosaic, supplied by Servelec, hosted on premises since 2016; the contract ends on "
    "31 March 2027 with an option to extend for two years. We do not use Eclipse. Children's "
    "services moved from CareFirst to Liquidlogic LCS in 2019, hosted by the supplier.\n\n"
    "2. What does it cost?\n\nThe cost is withheld under section 43(2).\n"
)


def prepare(use_model: bool = MODEL_BY_DEFAULT) -> None:
    """Load everything processing a file uses (every ingestor's libraries, the spaCy pipeline,
    gazetteer, rules, council register, the model) by processing a short text once: worker
    processes forked afterwards share it instead of each loading it again."""
    from foi_extract import ingest

    for document in ingest.ingest_bytes(WARM_UP.encode(), "warm-up.txt"):
        _process_document(document, None, None, use_model)


def process_file(
    path: Path, source: SourceInfo | None = None, use_model: bool = MODEL_BY_DEFAULT
) -> FileResult:
    """Ingest `path` and extract facts from it and from every child document; past the file's
    text budget (`IngestLimits.max_text_chars`) a document becomes an error row instead."""
    from foi_extract import ingest

    limits = ingest.DEFAULT_LIMITS
    documents = ingest.ingest_path(path, limits)
    result = FileResult(documents=[])
    inherited: dict[str, DocumentRow] = {}
    budget = limits.max_text_chars
    for document in documents:
        budget -= len(document.text)
        if budget < 0 and document.status == "ok":
            _over_budget(document, limits.max_text_chars)
        if source is not None and document.parent_doc_id is None:
            document.source_url = document.source_url or source.source_url
        parent = inherited.get(document.parent_doc_id or "")
        row, systems, exemptions = _process_document(document, parent, source, use_model)
        inherited[document.doc_id] = row
        result.documents.append(row)
        result.pages.extend(_page_rows(document))
        result.systems.extend(systems)
        result.exemptions.extend(exemptions)
    result.documents = _fill_parents_from_children(result.documents)
    return result


def _over_budget(document: Document, max_chars: int) -> None:
    """Drop a document's text: the file it belongs to has yielded more than `max_chars`."""
    document.text, document.pages = "", []
    document.status = "error"
    document.error = f"the file's text is over {max_chars:,} characters: not analysed"


INHERITED = ("authority_name", "authority_code", "authority_evidence", "reference", "response_date")


def _fill_parents_from_children(rows: list[DocumentRow]) -> list[DocumentRow]:
    """An archive or a covering e-mail that names no council takes it from its first child."""
    filled = []
    for row in rows:
        children = [child for child in rows if child.parent_doc_id == row.doc_id]
        update = {
            name: next((getattr(c, name) for c in children if getattr(c, name)), None)
            for name in INHERITED
            if getattr(row, name) is None
        }
        update = {name: value for name, value in update.items() if value is not None}
        filled.append(row.model_copy(update=update) if update else row)
    return filled


def _process_document(
    document: Document, parent: DocumentRow | None, source: SourceInfo | None, use_model: bool
) -> tuple[DocumentRow, list[SystemFact], list[ExemptionFact]]:
    facts = DocumentFacts(systems=[], exemptions=[])
    status, error = document.status, document.error
    warnings = [document.metadata["warning"]] if "warning" in document.metadata else []
    if status == "ok":
        try:
            facts = analyse_document(document, use_model)
        except Exception as exc:  # one document's failure must not stop the run
            log.exception("extraction failed for %s", document.source_path)
            status, error = "error", f"extraction failed: {type(exc).__name__}: {exc}"
    systems, exemptions = facts.systems, facts.exemptions
    warnings += facts.warnings
    row = DocumentRow(
        doc_id=document.doc_id,
        parent_doc_id=document.parent_doc_id,
        source_path=document.source_path,
        source_url=document.source_url,
        media_type=document.media_type,
        title=document.title or (source.title if source else None),
        authority_name=_first(facts.authority_name, source, "authority_name", parent),
        authority_code=_first(facts.authority_code, source, "authority_code", parent),
        authority_evidence=facts.authority_evidence
        or ("scrape manifest" if source and source.authority_name else None)
        or (parent.authority_evidence if parent else None),
        reference=facts.reference or (parent.reference if parent else None),
        response_date=_first(facts.response_date, source, "response_date", parent),
        n_pages=len(document.pages),
        n_chars=len(document.text),
        n_systems=len(systems),
        n_exemptions=len(exemptions),
        status=status,
        error=error,
        warnings="; ".join(warnings) or None,
    )
    return row, systems, exemptions


def _page_rows(document: Document) -> list[PageRow]:
    return [
        PageRow(
            doc_id=document.doc_id,
            page=page.number,
            char_start=page.start,
            char_end=page.end,
            text=document.text[page.start : page.end],
            ocr=page.ocr,
            ocr_confidence=page.ocr_confidence,
        )
        for page in document.pages
    ]


def analyse_document(document: Document, use_model: bool = MODEL_BY_DEFAULT) -> DocumentFacts:
    """Run the declared analysis stages (extraction, metadata, council linking) on a document."""
    from foi_extract.stages import run_stages

    context = run_stages(document, use_model)
    authority = context.authority
    return DocumentFacts(
        systems=list(context.systems),
        exemptions=list(context.exemptions),
        warnings=list(context.warnings),
        reference=context.reference,
        response_date=context.response_date,
        authority_name=authority.name if authority else None,
        authority_code=authority.code if authority else None,
        authority_evidence=authority.evidence if authority else None,
    )


def _first(
    found: str | None, source: SourceInfo | None, field: str, parent: DocumentRow | None
) -> str | None:
    """The document's own value, else the manifest's, else its parent document's."""
    if found:
        return found
    from_source = getattr(source, field, None) if source else None
    if from_source:
        return str(from_source)
    return getattr(parent, field, None) if parent else None


def failed_file(
    path: Path, file_hash: str, reason: str, failed_on: LimitFailure | None = None
) -> FileResult:
    """The result of a file whose worker timed out, ran out of memory or crashed; `failed_on`
    names the limit it ran into, if any."""
    row = DocumentRow(
        doc_id=file_hash,
        source_path=display_path(path),
        media_type="application/octet-stream",
        status="error",
        error=reason,
    )
    return FileResult(documents=[row], failed_on=failed_on)
