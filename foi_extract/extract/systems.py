"""Build system facts from mentions in answers, with the attributes their sentences state.

A fact is (document, system, service area). Its attributes come from the sentence that names
it or, when a sentence names no system ("Since December 2013.", "The system is hosted by the
supplier."), from the primary system of that service area: the first system named in an answer
of that area anywhere in the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from foi_extract.document import Document
from foi_extract.extract.dates import dates_with_roles
from foi_extract.extract.mentions import Mention
from foi_extract.extract.phrases import describes_other_system, hosting_in, purposes_in
from foi_extract.link.gazetteer import Gazetteer
from foi_extract.records import Evidence, SystemFact
from foi_extract.rules import context_rules, resource_cache
from foi_extract.structure.blocks import Area, Block

PURPOSE_QUESTION = re.compile(r"used? (?:the system |it )?for|purpose|function", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r"\band\b|\bbut\b|[,;]|\bwhile\b|\bwhereas\b")
HOSTING = "foi.hosting_rules.v1"
PURPOSE = "foi.purpose_rules.v1"
DATES = "foi.date_rules.v1"
SUPPLIER = "foi.supplier_link.v1"


@dataclass
class _Fact:
    """A fact under construction; attributes keep the first value found."""

    mention: Mention
    area: Area | None
    sentence: Span
    page_of: Callable[[int], int | None]
    values: dict[str, str] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    def set(self, name: str, value: str, sentence: Span, start: int, end: int, how: str) -> None:
        if name in self.values:
            return
        self.values[name] = value
        self.evidence.append(
            Evidence(
                field=name,
                value=value,
                page=self.page_of(start),
                char_start=start,
                char_end=end,
                sentence=sentence.text.strip(),
                extractor=how,
            )
        )


def build_system_facts(
    document: Document,
    doc: Doc,
    blocks: list[Block],
    mentions: list[Mention],
    gazetteer: Gazetteer,
) -> list[SystemFact]:
    """One SystemFact per (system, service area) named in the answers of `document`."""
    answers = [block for block in blocks if block.kind == "answer"]
    facts: dict[tuple[str, Area | None], _Fact] = {}
    primary: dict[Area | None, _Fact] = {}
    sentences: list[tuple[Span, Block, list[Mention], list[Mention]]] = []
    for sentence in doc.sents:
        block = _block_at(answers, sentence.start_char)
        if block is None:
            continue
        inside = [m for m in mentions if sentence.start_char <= m.start < sentence.end_char]
        systems = [m for m in inside if m.label == "SYSTEM"]
        suppliers = [m for m in inside if m.label == "SUPPLIER"]
        sentences.append((sentence, block, systems, suppliers))
        for mention in systems:
            key = (mention.canonical or mention.surface, block.service_area)
            if key not in facts:
                facts[key] = _Fact(mention, block.service_area, sentence, document.page_at)
                primary.setdefault(block.service_area, facts[key])
    for sentence, block, systems, suppliers in sentences:
        targets = [
            facts[(m.canonical or m.surface, block.service_area)]
            for m in systems
            if not describes_other_system(doc.text[sentence.start_char : m.start])
        ]
        fallback = primary.get(block.service_area)
        _read_attributes(sentence, block, systems, targets, fallback)
        _link_suppliers(doc.text, sentence, systems, suppliers, facts, block.service_area)
    return [_to_row(document, fact, gazetteer) for fact in facts.values()]


def _block_at(blocks: list[Block], offset: int) -> Block | None:
    for block in blocks:
        if block.start <= offset < block.end:
            return block
    return None


def _nearest(
    text: str, targets: list[_Fact], systems: list[Mention], start: int, end: int
) -> _Fact | None:
    """The fact a phrase at [start, end) describes: the closest system before it in the same
    clause, else the closest after it in the same clause, else the only system named."""
    by_name = {fact.mention.canonical or fact.mention.surface: fact for fact in targets}
    named = [m for m in systems if (m.canonical or m.surface) in by_name]
    before = [m for m in named if m.end <= start and not CLAUSE_BREAK.search(text[m.end : start])]
    after = [m for m in named if m.start >= end and not CLAUSE_BREAK.search(text[end : m.start])]
    if before:
        chosen = before[-1]
    elif after:
        chosen = after[0]
    elif len(by_name) == 1:
        return next(iter(by_name.values()))
    else:
        return None
    return by_name[chosen.canonical or chosen.surface]


def _read_attributes(
    sentence: Span,
    block: Block,
    systems: list[Mention],
    targets: list[_Fact],
    fallback: _Fact | None,
) -> None:
    text, base = sentence.text, sentence.start_char
    question = (
        sentence.doc.text[block.question.start : block.question.end] if block.question else None
    )
    hosting = hosting_in(text)
    if hosting:
        how = HOSTING if targets else f"{HOSTING}:cross_reference"
        for hosted in targets or ([fallback] if fallback else []):
            hosted.set(
                "hosting", hosting.value, sentence, base + hosting.start, base + hosting.end, how
            )
    for hit in purposes_in(text):
        described = _nearest(sentence.doc.text, targets, systems, base + hit.start, base + hit.end)
        how = PURPOSE
        if described is None and fallback and question and PURPOSE_QUESTION.search(question):
            described, how = fallback, f"{PURPOSE}:cross_reference"
        if described:
            described.set("purpose", hit.value, sentence, base + hit.start, base + hit.end, how)
    for date in dates_with_roles(text, question):
        start, end = base + date.start, base + date.end
        dated = _nearest(sentence.doc.text, targets, systems, start, end) or fallback
        if dated and date.role:
            how = DATES if targets else f"{DATES}:cross_reference"
            dated.set(date.role, date.value, sentence, start, end, how)


@resource_cache
def _supplier_link() -> re.Pattern[str]:
    links = "|".join(f"(?:{link})" for link in context_rules().supplier_links)
    return re.compile(rf"^\s*,?\s*(?:{links})\s*(?:the\s+)?$", re.IGNORECASE)


def _link_suppliers(
    text: str,
    sentence: Span,
    systems: list[Mention],
    suppliers: list[Mention],
    facts: dict[tuple[str, Area | None], _Fact],
    area: Area | None,
) -> None:
    """'X supplied by Y', 'X (Y)', 'X from Y': the supplier goes to the system just before it."""
    for supplier in suppliers:
        before = [m for m in systems if m.end <= supplier.start]
        if not before or not _supplier_link().match(text[before[-1].end : supplier.start]):
            continue
        fact = facts[(before[-1].canonical or before[-1].surface, area)]
        fact.set(
            "supplier",
            supplier.canonical or supplier.surface,
            sentence,
            supplier.start,
            supplier.end,
            SUPPLIER,
        )


def _to_row(document: Document, fact: _Fact, gazetteer: Gazetteer) -> SystemFact:
    mention = fact.mention
    named = gazetteer.supplier_named_in(mention.surface, mention.canonical)
    if named and "supplier" not in fact.values:
        fact.set(
            "supplier", named, fact.sentence, mention.start, mention.end, f"{SUPPLIER}:product_name"
        )
    values = fact.values
    return SystemFact(
        doc_id=document.doc_id,
        system=mention.canonical,
        surface_form=mention.surface,
        supplier=values.get("supplier"),
        gazetteer_supplier=gazetteer.supplier_of(mention.canonical),
        service_area=fact.area,
        purpose=values.get("purpose"),
        hosting=values.get("hosting"),
        in_use_since=values.get("in_use_since"),
        contract_start=values.get("contract_start"),
        contract_end=values.get("contract_end"),
        page=document.page_at(mention.start),
        char_start=mention.start,
        char_end=mention.end,
        evidence=fact.sentence.text.strip(),
        extractor=mention.extractor,
        confidence=mention.confidence,
        field_evidence=fact.evidence,
    )
