"""Exemption citations and "not held" outcomes, recognised Presidio-style: patterns, validation,
context for `applied`.

Patterns, valid section numbers and the cue words live in rules/exemptions.toml. A section
number the Act does not have as an exemption is dropped, not emitted. A citation counts as
applied when its sentence says the council relies on it, and not when the sentence only quotes
the law (an appendix) or sits in the requester's question. A document that names the Scottish
Act anywhere cites FOISA sections, whatever each sentence says. An answer saying the council
does not hold the information becomes an outcome row of its own (`kind` "not_held").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from foi_extract.document import Document
from foi_extract.extract.findings import Decision, Finding
from foi_extract.extract.literals import AnyMatch, PreCheck
from foi_extract.extract.nlp import sentences, span_text
from foi_extract.records import NOT_HELD, ExemptionFact, Legislation
from foi_extract.rules import Citation, any_of, exemption_rules, resource_cache, rule_ref
from foi_extract.structure.blocks import Block, BlockKind, block_sentences

NOT_HELD_RULES = rule_ref("exemptions", "not_held")
BLOCK_KINDS: tuple[BlockKind, ...] = ("question", "answer", "heading", "quote", "appendix")
EIR_SENTENCE = re.compile(r"Environmental Information|\bEIR\b|regulation", re.IGNORECASE)


@dataclass(frozen=True)
class _Patterns:
    foia: list[re.Pattern[str]]
    eir: list[re.Pattern[str]]
    more: re.Pattern[str]
    subsections: re.Pattern[str]
    foisa_cues: AnyMatch  # each pattern looked for only where its words are (literals.py)
    applied: AnyMatch
    not_applied: AnyMatch
    not_held: re.Pattern[str]
    not_held_unless: AnyMatch
    not_held_words: PreCheck  # a sentence without them has no cue (extract/literals.py)


@resource_cache
def _patterns() -> _Patterns:
    rules = exemption_rules()
    return _Patterns(
        foia=[re.compile(p, re.IGNORECASE) for p in rules.foia.patterns],
        eir=[re.compile(p, re.IGNORECASE) for p in rules.eir.patterns],
        more=re.compile(rules.list_continuation, re.IGNORECASE),
        subsections=re.compile(rules.subsection_continuation, re.IGNORECASE),
        foisa_cues=AnyMatch(rules.foisa.cues),
        applied=AnyMatch(rules.applied.cues),
        not_applied=AnyMatch(rules.applied.not_applied),
        not_held=any_of(rules.not_held.cues),
        not_held_unless=AnyMatch(rules.not_held.unless),
        not_held_words=PreCheck(rules.not_held.cues, re.IGNORECASE),
    )


@dataclass(frozen=True)
class _Act:
    """How citations of one Act are named and checked."""

    legislation: Legislation
    prefix: str  # "s", "eir ", "foisa s"
    rules: Citation

    @property
    def rule_id(self) -> str:
        return rule_ref("exemptions", self.legislation.lower())


def _provision(match: re.Match[str]) -> tuple[int, str]:
    groups = match.groupdict()
    sub = groups.get("sub") or groups.get("sub2")
    para = groups.get("para")
    section = int(groups["section"])
    text = f"{section}" + (f"({sub})" if sub else "") + (f"({para})" if sub and para else "")
    return section, text


def _invalid(rules: Citation, section: int, match: re.Match[str]) -> str | None:
    """Why a citation names no exemption of the Act (a section it does not have as one, or a
    subsection it does not list), else None."""
    if section not in rules.valid_sections:
        return f"section {section} is no exemption of the Act"
    subsections = rules.valid_subsections.get(str(section))
    sub = match.groupdict().get("sub") or match.groupdict().get("sub2")
    if subsections is None or (sub is not None and int(sub) in subsections):
        return None
    return f"section {section} applies only as subsections {subsections}"


def citations_in(sentence: Span, act: _Act, compiled: list[re.Pattern[str]]) -> list[Finding]:
    """The citations of one Act in a sentence, as findings (`validation` says why one names no
    exemption of the Act)."""
    patterns = _patterns()  # a list's later member or subsection: the span starts at its number
    found = []
    text = span_text(sentence)
    for match, section, provision in _citations(text, compiled):
        group = {patterns.more: "section", patterns.subsections: "sub"}.get(match.re)
        start = sentence.start_char + (match.start(group) if group else match.start())
        found.append(
            Finding(
                "exemption",
                f"{act.prefix}{provision}",
                start,
                sentence.start_char + match.end(),
                act.rule_id,
                sentence=text.strip(),
                validation=_invalid(act.rules, section, match),
            )
        )
    return found


def _citations(
    text: str, patterns: list[re.Pattern[str]]
) -> Iterator[tuple[re.Match[str], int, str]]:
    """Every citation in `text` as (match, section, provision), including the later members of
    a list ("sections 40 and 43") and more subsections of one section ("43 (1) and / or (2)")."""
    more, subsections = _patterns().more, _patterns().subsections
    for pattern in patterns:
        for match in pattern.finditer(text):
            section, provision = _provision(match)
            yield match, section, provision
            following = more.match(text, match.end())
            while following is not None:
                yield following, *_provision(following)
                following = more.match(text, following.end())
            sub = subsections.match(text, match.end())
            while sub is not None and "(" in provision:
                yield sub, section, f"{section}({sub.group('sub')})"
                sub = subsections.match(text, sub.end())


def find_exemptions(
    document: Document, doc: Doc, blocks: list[Block], trace: list[Decision] | None = None
) -> list[ExemptionFact]:
    """Every valid exemption citation in `document`, each with whether it was applied, and an
    outcome row for each answer sentence that says the information is not held. `trace`, when
    given, receives a decision for every citation (an invalid one says why)."""
    trace = [] if trace is None else trace
    patterns, rules = _patterns(), exemption_rules()
    scottish = bool(patterns.foisa_cues.search(document.text))
    foia = _Act("FOISA", "foisa s", rules.foisa) if scottish else _Act("FOIA", "s", rules.foia)
    eir = _Act("EIR", "eir ", rules.eir)
    found: list[ExemptionFact] = []
    for sentence, block in block_sentences(sentences(doc), blocks, BLOCK_KINDS):
        text = span_text(sentence)
        if not text.strip():
            continue
        answering = block.kind in ("answer", "heading")
        applied = answering and _applies(text)
        acts = [(eir, patterns.eir), (foia, patterns.foia)]
        for act, compiled in acts if EIR_SENTENCE.search(text) else acts[1:]:
            for citation in citations_in(sentence, act, compiled):
                if citation.validation is not None:
                    trace.append(Decision(citation, None, "invalid", citation.validation))
                    continue
                clause = _clause_at(text, citation.start - sentence.start_char)
                relied_on = applied
                if answering and clause != text and _has_cue(clause):
                    relied_on = _applies(clause)  # "s43(2) applies; s40(2) is not engaged"
                how = "applied" if relied_on else "cited, not applied"
                trace.append(Decision(citation, None, "won", how))
                found.append(_fact(document, citation, act, relied_on))
        if block.kind == "answer":
            found += _not_held(document, sentence, foia.legislation)
    return _bare_sections_explained(found)


CLAUSE_END = re.compile(r";|\s(?:but|however|whereas|although)\b|,\s*(?:but|however|whereas)\b")
"""Where a sentence's clauses meet: each clause says for itself whether its citation applies."""


def _clause_at(text: str, offset: int) -> str:
    """The clause of `text` around `offset`."""
    start = max((m.end() for m in CLAUSE_END.finditer(text, 0, offset)), default=0)
    end = CLAUSE_END.search(text, offset)
    return text[start : end.start() if end else len(text)]


def _has_cue(text: str) -> bool:
    """`text` says whether a provision applies, either way."""
    patterns = _patterns()
    return patterns.applied.search(text) or patterns.not_applied.search(text)


def _applies(text: str) -> bool:
    """`text` says a provision is relied on, and does not only quote or explain the law."""
    patterns = _patterns()
    return patterns.applied.search(text) and not patterns.not_applied.search(text)


def _fact(document: Document, citation: Finding, act: _Act, applied: bool) -> ExemptionFact:
    return ExemptionFact(
        doc_id=document.doc_id,
        legislation=act.legislation,
        provision=citation.value or "",
        applied=applied,
        page=document.page_at(citation.start),
        char_start=citation.start,
        char_end=citation.end,
        evidence=citation.sentence,
        extractor=citation.rule_id,
        confidence=0.95 if applied else 0.6,
    )


def _not_held(document: Document, sentence: Span, legislation: Legislation) -> list[ExemptionFact]:
    """An outcome row when the sentence says the council does not hold what was asked."""
    patterns = _patterns()
    text = span_text(sentence)
    if not patterns.not_held_words.may_match(text):
        return []  # no cue's words: no cue
    match = patterns.not_held.search(text)
    if match is None or patterns.not_held_unless.search(text):
        return []
    start = sentence.start_char + match.start()
    return [
        ExemptionFact(
            doc_id=document.doc_id,
            kind="not_held",
            legislation="EIR" if EIR_SENTENCE.search(text) else legislation,
            provision=NOT_HELD,
            applied=False,
            page=document.page_at(start),
            char_start=start,
            char_end=sentence.start_char + match.end(),
            evidence=text.strip(),
            extractor=NOT_HELD_RULES,
            confidence=0.9,
        )
    ]


def _bare_sections_explained(found: list[ExemptionFact]) -> list[ExemptionFact]:
    """'Section 40' beside a cited 'section 40(2)' explains the subsection; it is not applied."""
    specific = {f.provision.split("(")[0] for f in found if "(" in f.provision}
    return [
        fact.model_copy(update={"applied": False})
        if "(" not in fact.provision and fact.provision in specific
        else fact
        for fact in found
    ]
