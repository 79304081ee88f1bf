"""Extract: spaCy rules (and optionally a trained model) that find system and exemption facts."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from foi_extract.document import Document
from foi_extract.extract.exemptions import find_exemptions
from foi_extract.extract.fuzzy import fuzzy_mentions
from foi_extract.extract.mentions import Mention, gazetteer_mentions
from foi_extract.extract.metadata import read_response_date, response_day
from foi_extract.extract.ner import model_mentions
from foi_extract.extract.nlp import load_nlp
from foi_extract.extract.systems import build_system_facts
from foi_extract.link.gazetteer import load_gazetteer
from foi_extract.records import ExemptionFact, SystemFact
from foi_extract.structure.blocks import ANSWERS, Block, block_sentences, segment

__all__ = ["FactSet", "extract_facts"]


@dataclass(frozen=True)
class FactSet:
    systems: list[SystemFact]
    exemptions: list[ExemptionFact]
    warnings: list[str]


def _unexplained_answers(
    doc: Doc, blocks: list[Block], mentions: list[Mention]
) -> list[tuple[int, int]]:
    """Answer sentences in which the rules found no system: where a model may add one."""
    spans = []
    for sentence, _ in block_sentences(doc.sents, blocks, ANSWERS):
        start, end = sentence.start_char, sentence.end_char
        if not sentence.text.strip():
            continue
        if not any(start <= m.start < end and m.label == "SYSTEM" for m in mentions):
            spans.append((start, end))
    return spans


def extract_facts(document: Document, use_model: bool = False) -> FactSet:
    """The system and exemption facts that `document`'s answers state.

    With `use_model`, names the trained NER model finds and the rules do not are added.
    """
    doc = load_nlp()(document.text)
    blocks = segment(document)

    def context_of(offset: int) -> str:
        """The sentence around `offset` plus the question its answer belongs to."""
        sentence = doc.char_span(offset, offset + 1, alignment_mode="expand")
        text = sentence.sent.text if sentence is not None else ""
        block = next((b for b in blocks if b.start <= offset < b.end), None)
        if block is not None and block.question is not None:
            text += " " + document.text[block.question.start : block.question.end]
        return text

    exact = gazetteer_mentions(doc, context_of)
    loose = fuzzy_mentions(doc, context_of, exact)
    inside_loose = [m for m in exact if any(f.start <= m.start and m.end <= f.end for f in loose)]
    mentions = [m for m in exact if m not in inside_loose] + loose
    if use_model:
        spans = _unexplained_answers(doc, blocks, mentions)
        mentions += model_mentions(document.text, spans, mentions)
    mentions.sort(key=lambda m: m.start)
    today = response_day(read_response_date(document))
    systems, warnings = build_system_facts(document, doc, blocks, mentions, load_gazetteer(), today)
    return FactSet(systems, find_exemptions(document, doc, blocks), warnings)
