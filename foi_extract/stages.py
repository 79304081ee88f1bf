"""The analysis of one parsed document as declared, versioned stages over one shared context.

Each stage is a small function registered with `@stage(name, version=N)` that reads what
earlier stages left in an `AnalysisContext` and adds its own part. `STAGES` is the one place
that says which stages run and in what order; `run_stages` runs each of them once. A stage's
version is part of the checkpoint fingerprint (`checkpoint.py`): bump it when the stage's
output changes for the same input and code outside the package (a rule file, the model) stays.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from foi_extract.document import Document
from foi_extract.extract.findings import Decision
from foi_extract.model_files import MODEL_BY_DEFAULT
from foi_extract.records import ExemptionFact, SystemFact

if TYPE_CHECKING:  # the stages import spaCy when they run, not when the list is read
    from spacy.tokens import Doc

    from foi_extract.extract.mentions import Mention
    from foi_extract.link.authorities import AuthorityMatch
    from foi_extract.structure.blocks import Block

STAGES = ("segment", "mentions", "metadata", "facts", "exemptions", "council_link")
"""The stages of the analysis, in the order they run."""


@dataclass
class AnalysisContext:
    """Everything the stages know about one document; each stage fills its own fields."""

    document: Document
    use_model: bool = MODEL_BY_DEFAULT
    doc: Doc | None = None
    blocks: list[Block] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    response_date: str | None = None
    reference: str | None = None
    authority: AuthorityMatch | None = None
    systems: list[SystemFact] = field(default_factory=list)
    exemptions: list[ExemptionFact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)  # every finding's fate (explain)

    @property
    def spacy_doc(self) -> Doc:
        """The spaCy Doc of the document's text (the `segment` stage makes it)."""
        if self.doc is None:
            raise RuntimeError("the segment stage has not run")
        return self.doc


StageFunction = Callable[[AnalysisContext], None]


@dataclass(frozen=True)
class Stage:
    name: str
    version: int
    run: StageFunction


REGISTRY: dict[str, Stage] = {}


def stage(name: str, version: int) -> Callable[[StageFunction], StageFunction]:
    """Register the decorated function as the stage `name` at `version`."""

    def register(function: StageFunction) -> StageFunction:
        if name in REGISTRY:
            raise ValueError(f"stage {name!r} is registered twice")
        REGISTRY[name] = Stage(name, version, function)
        return function

    return register


def declared_stages() -> tuple[Stage, ...]:
    """The stages of `STAGES`, in order; a name with no registered stage fails here."""
    missing = [name for name in STAGES if name not in REGISTRY]
    if missing:
        raise LookupError(f"declared stages with no registered function: {missing}")
    return tuple(REGISTRY[name] for name in STAGES)


def stage_versions() -> str:
    """The declared stages with their versions, e.g. `segment@1,mentions@1,...`."""
    return ",".join(f"{s.name}@{s.version}" for s in declared_stages())


def run_stages(document: Document, use_model: bool = MODEL_BY_DEFAULT) -> AnalysisContext:
    """Run every declared stage once, in order, over `document`."""
    context = AnalysisContext(document, use_model)
    for declared in declared_stages():
        declared.run(context)
    return context


@stage("segment", version=13)
def _segment(context: AnalysisContext) -> None:
    """Tokens and sentences (spaCy, in windows for a long text), and the question/answer/
    heading blocks."""
    from foi_extract.extract.nlp import parse
    from foi_extract.structure.blocks import segment

    context.doc = parse(context.document.text)
    context.blocks = segment(context.document)


@stage("mentions", version=8)
def _mentions(context: AnalysisContext) -> None:
    """System and supplier names: gazetteer, then misspellings, then (with a model) the NER;
    overlapping names resolved, every name left out a decision."""
    from foi_extract.extract.fuzzy import fuzzy_mentions
    from foi_extract.extract.mentions import gazetteer_mentions
    from foi_extract.extract.ner import model_mentions, repeated_mentions
    from foi_extract.extract.products import product_mentions
    from foi_extract.extract.resolve import resolve_names
    from foi_extract.structure.blocks import ANSWERS

    doc, blocks, text = context.spacy_doc, context.blocks, context.document.text
    block_starts = [block.start for block in blocks]  # blocks are in text order

    def context_of(offset: int) -> str:
        """The sentence around `offset` plus the question its answer belongs to."""
        sentence = doc.char_span(offset, offset + 1, alignment_mode="expand")
        words = sentence.sent.text if sentence is not None else ""
        index = bisect.bisect_right(block_starts, offset) - 1
        block = blocks[index] if index >= 0 and offset < blocks[index].end else None
        if block is not None and block.question is not None:
            words += " " + text[block.question.start : block.question.end]
        return words

    exact = gazetteer_mentions(doc, context_of, context.decisions)
    loose = fuzzy_mentions(doc, context_of, exact)
    mentions, decisions = resolve_names(exact, loose)
    mentions += product_mentions(context.document, blocks, mentions)
    context.decisions += decisions
    if context.use_model:
        spans = _unexplained_answers(doc, blocks, mentions)
        found = model_mentions(text, spans, mentions)
        answers = [(b.start, b.end) for b in blocks if b.kind in ANSWERS]
        mentions += found + repeated_mentions(text, found, mentions, answers)
    mentions.sort(key=lambda m: m.start)
    context.mentions = mentions


def _unexplained_answers(
    doc: Doc, blocks: list[Block], mentions: list[Mention]
) -> list[tuple[int, int]]:
    """Answer sentences in which the rules found no system: where a model may add one."""
    from foi_extract.extract.mentions import MentionIndex
    from foi_extract.extract.nlp import sentences, span_text
    from foi_extract.structure.blocks import ANSWERS, block_sentences

    systems = MentionIndex(m for m in mentions if m.label == "SYSTEM")
    spans = []
    for sentence, _ in block_sentences(sentences(doc), blocks, ANSWERS):
        start, end = sentence.start_char, sentence.end_char
        if span_text(sentence).strip() and not systems.between(start, end):
            spans.append((start, end))
    return spans


@stage("metadata", version=4)
def _metadata(context: AnalysisContext) -> None:
    """The council's reference and the response date."""
    from foi_extract.extract.metadata import read_reference, read_response_date

    context.reference = read_reference(context.document)
    context.response_date = read_response_date(context.document)


@stage("facts", version=23)
def _facts(context: AnalysisContext) -> None:
    """One system fact per (system, service area), dated against the response date; the
    resolver's decisions kept."""
    from foi_extract.extract.metadata import response_day
    from foi_extract.extract.systems import build_system_facts
    from foi_extract.link.gazetteer import load_gazetteer

    today = response_day(context.response_date)
    systems, warnings = build_system_facts(
        context.document,
        context.spacy_doc,
        context.blocks,
        context.mentions,
        load_gazetteer(),
        today,
        context.decisions,
    )
    context.systems = systems
    context.warnings.extend(warnings)


@stage("exemptions", version=3)
def _exemptions(context: AnalysisContext) -> None:
    """Exemptions cited (applied or explained) and "not held" outcomes."""
    from foi_extract.extract.exemptions import find_exemptions

    context.exemptions = find_exemptions(
        context.document, context.spacy_doc, context.blocks, context.decisions
    )


@stage("council_link", version=3)
def _council_link(context: AnalysisContext) -> None:
    """The council that wrote the document (its signals weighed, as decisions)."""
    from foi_extract.link.authorities import link_authority

    context.authority = link_authority(context.document, context.decisions, context.spacy_doc)
