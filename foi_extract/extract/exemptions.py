"""Exemption citations, recognised Presidio-style: patterns, validation, context for `applied`.

Patterns, valid section numbers and the cue words live in rules/exemptions.toml. A section
number the Act does not have as an exemption is dropped, not emitted. A citation counts as
applied when its sentence says the council relies on it, and not when the sentence only quotes
the law (an appendix) or sits in the requester's question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from foi_extract.document import Document
from foi_extract.records import ExemptionFact
from foi_extract.rules import exemption_rules, resource_cache
from foi_extract.structure.blocks import Block, BlockKind, block_sentences

RECOGNIZER = "foi.exemption_recognizer.v1"
BLOCK_KINDS: tuple[BlockKind, ...] = ("question", "answer", "heading", "quote", "appendix")


@dataclass(frozen=True)
class _Patterns:
    foia: list[re.Pattern[str]]
    eir: list[re.Pattern[str]]
    foisa_cues: re.Pattern[str]
    applied: re.Pattern[str]
    not_applied: re.Pattern[str]


def _alternation(cues: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{cue})" for cue in cues), re.IGNORECASE)


@resource_cache
def _patterns() -> _Patterns:
    rules = exemption_rules()
    return _Patterns(
        foia=[re.compile(p, re.IGNORECASE) for p in rules.foia.patterns],
        eir=[re.compile(p, re.IGNORECASE) for p in rules.eir.patterns],
        foisa_cues=_alternation(rules.foisa.cues),
        applied=_alternation(rules.applied.cues),
        not_applied=_alternation(rules.applied.not_applied),
    )


def _provision(match: re.Match[str]) -> tuple[int, str]:
    groups = match.groupdict()
    sub = groups.get("sub") or groups.get("sub2")
    para = groups.get("para")
    section = int(groups["section"])
    text = f"{section}" + (f"({sub})" if sub else "") + (f"({para})" if sub and para else "")
    return section, text


def find_exemptions(document: Document, doc: Doc, blocks: list[Block]) -> list[ExemptionFact]:
    """Every valid exemption citation in `document`, each with whether it was applied."""
    patterns, rules = _patterns(), exemption_rules()
    found: list[ExemptionFact] = []
    for sentence, block in block_sentences(doc.sents, blocks, BLOCK_KINDS):
        text = sentence.text
        if block.kind == "heading" and not text.strip():
            continue
        in_context = block.kind in ("answer", "heading")
        applied = (
            in_context
            and bool(patterns.applied.search(text))
            and not patterns.not_applied.search(text)
        )
        scottish = bool(patterns.foisa_cues.search(text))
        eir_sentence = bool(re.search(r"Environmental Information|\bEIR\b|regulation", text, re.I))
        for kind, compiled in (("eir", patterns.eir), ("foia", patterns.foia)):
            if kind == "eir" and not eir_sentence:
                continue
            for pattern in compiled:
                for match in pattern.finditer(text):
                    section, provision = _provision(match)
                    if kind == "eir":
                        legislation, valid, canonical = (
                            "EIR",
                            rules.eir.valid_sections,
                            f"eir {provision}",
                        )
                    elif scottish:
                        legislation, valid, canonical = (
                            "FOISA",
                            rules.foisa.valid_sections,
                            f"foisa s{provision}",
                        )
                    else:
                        legislation, valid, canonical = (
                            "FOIA",
                            rules.foia.valid_sections,
                            f"s{provision}",
                        )
                    if section not in valid:
                        continue
                    start = sentence.start_char + match.start()
                    found.append(
                        ExemptionFact(
                            doc_id=document.doc_id,
                            legislation=legislation,
                            provision=canonical,
                            applied=applied,
                            page=document.page_at(start),
                            char_start=start,
                            char_end=sentence.start_char + match.end(),
                            evidence=text.strip(),
                            extractor=f"{RECOGNIZER}:{kind}",
                            confidence=0.95 if applied else 0.6,
                        )
                    )
    return _bare_sections_explained(found)


def _bare_sections_explained(found: list[ExemptionFact]) -> list[ExemptionFact]:
    """'Section 40' beside a cited 'section 40(2)' explains the subsection; it is not applied."""
    specific = {f.provision.split("(")[0] for f in found if "(" in f.provision}
    return [
        fact.model_copy(update={"applied": False})
        if "(" not in fact.provision and fact.provision in specific
        else fact
        for fact in found
    ]
