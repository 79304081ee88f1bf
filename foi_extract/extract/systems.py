"""Build system facts from mentions in answers, with the attributes their sentences state.

A fact is (document, system, service area). Its attributes come from the sentence that names
it (extract/attributes.py) or, when a sentence names no system ("Since December 2013.", "The
system is hosted by the supplier."), from the systems that sentence speaks of
(extract/crossref.py). A value read from the system's own sentence beats one reached by such a
cross-reference; `field_evidence` says which.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import partial
from itertools import pairwise
from typing import cast

from pydantic import ValidationError
from spacy.tokens import Doc

from foi_extract.document import Document
from foi_extract.extract.areas import (
    CLAUSE,
    NATURE,
    OWN,
    STATED,
    mention_areas,
    row_area,
    service_areas,
    title_area,
)
from foi_extract.extract.attributes import (
    STOP,
    link_stated_suppliers,
    listed_with,
    read_attributes,
    read_hosting,
    status_in,
)
from foi_extract.extract.cells import HeadedValue, headed_values
from foi_extract.extract.crossref import (
    NamedSoFar,
    answer_key,
    asked_about,
    contract_parties,
    every_system,
    implied_facts,
    links_to_platform,
    made_by,
    opens_record,
    outgoing,
    record_fields,
    speaks_of_a_contract,
)
from foi_extract.extract.dates import date_cue
from foi_extract.extract.draft import AnswerSentence, FactDraft, Key, Resolved
from foi_extract.extract.findings import Decision, Finding
from foi_extract.extract.mentions import Mention, MentionIndex, as_finding
from foi_extract.extract.nlp import sentences, span_text, text_of
from foi_extract.extract.phrases import describes_other_system, flat_text
from foi_extract.extract.scopes import COORDINATED, Cue, modifier_of
from foi_extract.link.gazetteer import Gazetteer
from foi_extract.records import SystemFact
from foi_extract.rules import rule_ref
from foi_extract.structure.blocks import (
    ANSWERS,
    FIELD_LINE,
    Area,
    Block,
    block_sentences,
    service_area_named,
)

STATUS_DEFAULT = rule_ref("status", "default")
PRODUCT_NAME = rule_ref("gazetteer", "product_name")
LAST_READING = (1 << 30, 0)  # implied and default findings: after everything the text says


def _sentence_area(
    text: str, block: Block, has_systems: bool, cells: list[HeadedValue]
) -> Area | None:
    """The block's area; else one a table cell or a sentence naming a system states."""
    if block.service_area:
        return block.service_area
    return row_area(text, cells) or (service_area_named(text) if has_systems else None)


def build_system_facts(
    document: Document,
    doc: Doc,
    blocks: list[Block],
    mentions: list[Mention],
    gazetteer: Gazetteer,
    today: date | None = None,
    trace: list[Decision] | None = None,
) -> tuple[list[SystemFact], list[str]]:
    """One SystemFact per (system, service area) named in the answers of `document`, and a
    warning for each fact that failed validation (dropped, never guessed into shape).

    `today`, the response date, dates relative phrases ("expires next year"). `trace`, when
    given, receives a decision for every finding: what won, what lost and why."""
    trace = [] if trace is None else trace
    flat = flat_text(text_of(doc))
    sentences = _answer_sentences(document, doc, flat, blocks, mentions, gazetteer, trace)
    facts: dict[Key, FactDraft] = {}
    gone: set[Key] = set()  # facts about a system the answer says was replaced
    for sentence in sentences:
        for mention in sentence.systems:
            fact = FactDraft(mention, sentence.area_of(mention), sentence.span, document.page_at)
            fact = facts.setdefault(fact.key, fact)
            area = sentence.areas[mention]
            said = span_text(sentence.span).strip()
            if area.value:
                fact.offer([replace(area, sentence=said)], (sentence.index, 0))
            elif service := sentence.services.get(mention):  # fills a fact of no area
                fact.offer([replace(service, sentence=said)], (sentence.index, 0))
            if mention.stated_supplier:  # "X, supplied by Y": the shape that found X says so
                fact.offer([replace(mention.stated_supplier, sentence=said)], (sentence.index, 0))
            if prefixed := _vendor_of_list(flat, sentence.systems, mention, gazetteer):
                fact.offer([replace(prefixed, sentence=said)], LAST_READING)
            stated = status_in(sentence, mention)
            status = stated.value if stated else None
            if status == "previous":
                gone.add(fact.key)
            fact.planned = fact.planned or status == "planned"
    for fact in facts.values():  # said of no area, a system replaced somewhere is gone
        fact.replaced = fact.key in gone or (
            fact.area is None and any(key[0] == fact.key[0] for key in gone)
        )
    primary: dict[Area | None, FactDraft] = {}
    in_use_by_area: dict[Area | None, list[FactDraft]] = {}  # "the children's system"
    for fact in sorted(facts.values(), key=lambda f: f.replaced):  # systems in use first
        primary.setdefault(fact.area, fact)
        if not fact.replaced:
            in_use_by_area.setdefault(fact.area, []).append(fact)
    same_time: list[tuple[str, str, Finding]] = []  # (system, the one it went live with, where)
    replaced_by: list[tuple[str, list[str], Finding]] = []  # (system, its replacers, where)
    systems_named = MentionIndex(m for m in mentions if m.label == "SYSTEM")
    last_named: dict[Area | None, list[FactDraft]] = {}
    last_direct: tuple[int, list[FactDraft]] = (-1, [])  # the record's system, if any
    answered: dict[tuple[int, Area | None], list[FactDraft]] = {}  # the answer's last naming
    in_answer: dict[tuple[int, Area | None], list[FactDraft]] = {}  # all the answer has named
    under_contract: list[FactDraft] = []  # what the last sentence about a contract spoke of
    so_far = NamedSoFar()  # the systems named before each sentence
    for sentence in sentences:
        so_far.enter(sentence.block.start)
        named = {
            m: facts[sentence.key(m)]
            for m in sentence.systems
            if not describes_other_system(flat[sentence.span.start_char : m.start])
        }
        direct = list(dict.fromkeys(named.values()))
        same_time += _went_live_with(flat, sentence)
        answer = answer_key(sentence)
        record = [] if direct else record_fields(flat, sentence, last_direct)
        products = [] if direct or record else made_by(flat, sentence, facts, gazetteer)
        if products:  # "The Liquidlogic contract ... It runs to 2023": its products go on
            answered[answer] = products
        implied = (
            direct
            or record
            or products
            or implied_facts(
                sentence,
                facts,
                primary,
                last_named,
                answered.get(answer),
                in_answer.get(answer),
                asked_about(sentence, facts, systems_named),
                under_contract,
                so_far,
            )
        )
        if implied and not direct and answer not in answered:
            answered[answer] = implied  # the next bare sentence of the answer speaks of it too
        if implied and speaks_of_a_contract(sentence.text):
            under_contract = implied  # "the contract" of a later sentence is theirs
        read_hosting(
            sentence,
            named,
            implied,
            partial(every_system, sentence, facts, in_answer.get(answer), so_far),
        )
        in_play = answered.get(answer) or last_named.get(sentence.area) or []
        parties = contract_parties(flat, sentence, facts, gazetteer)
        read_attributes(sentence, flat, direct, implied, today, in_play, parties, in_use_by_area)
        link_stated_suppliers(flat, sentence, facts, implied, gazetteer)
        last_direct = _record(sentence, direct, last_direct)
        if direct:
            so_far.add(direct)
            last_named[sentence.area] = direct
            in_use = [fact for fact in direct if not fact.replaced]
            leaving = _outgoing(flat, named)
            incoming = [fact for fact in in_use if fact not in leaving]
            replaced_by += _replacements(sentence, named, leaving, incoming or in_play)
            if in_use:  # "...replaced Care First. The contract ends in 2025": not CareFirst's
                answered[answer] = incoming or in_use
            in_answer[answer] = list(dict.fromkeys([*in_answer.get(answer, []), *direct]))
    rows, warnings = [], []
    kept = _one_fact_per_system(facts)
    for fact in kept:
        _offer_implied(fact, gazetteer)
    resolved_facts = [(fact, fact.resolve()) for fact in kept]
    _copy_same_time(same_time, resolved_facts, trace)
    _copy_replacers_area(replaced_by, resolved_facts, trace)
    for fact, resolved in resolved_facts:
        trace += resolved.decisions
        if resolved.dropped:
            name = resolved.dropped
            warnings.append(f"{fact.key[0]}: {name} dropped, it was before the contract start")
        try:
            rows.append(_to_row(document, fact, resolved, gazetteer))
            said = span_text(fact.sentence).strip()
            trace.append(Decision(as_finding(fact.mention, said), fact.target, "won", "a fact"))
        except ValidationError as exc:
            problem = exc.errors()[0]
            warnings.append(f"dropped {fact.key[0]} fact: {problem['msg']}")
            reason = f"the fact failed validation: {problem['msg']}"
            trace.append(Decision(as_finding(fact.mention), fact.target, "invalid", reason))
    return rows, warnings


def _outgoing(text: str, named: dict[Mention, FactDraft]) -> set[FactDraft]:
    """The facts of the names a sentence makes the system another replaces."""
    return {fact for m, fact in named.items() if outgoing(text, m.start)}


def _vendor_of_list(
    text: str, systems: list[Mention], mention: Mention, gazetteer: Gazetteer
) -> Finding | None:
    """A vendor's name that begins a list names every product of it in the list: in
    "Liquidlogic LCS, LAS and EHM" LAS and EHM are Liquidlogic's too."""
    head = listed_with(text, systems, mention)[0]
    if head is mention:
        return None
    named = gazetteer.supplier_named_in(head.surface, head.canonical)
    if named is None or named != gazetteer.supplier_of(mention.canonical):
        return None
    return Finding("supplier", named, head.start, head.end, PRODUCT_NAME, "implied")


def _record(
    sentence: AnswerSentence, direct: list[FactDraft], record: tuple[int, list[FactDraft]]
) -> tuple[int, list[FactDraft]]:
    """The key/value record in force after `sentence`: "Name of system: X" opens X's (a
    record of a product we do not know opens an empty one); a field naming another system
    ("Purpose: forms imported into Mosaic") leaves it; prose naming a system ends it."""
    if opens_record(sentence.text):
        return (sentence.span.end_char, direct) if direct else (-1, [])
    if direct and not FIELD_LINE.match(sentence.text):
        return (-1, [])
    return record


def _answer_sentences(
    document: Document,
    doc: Doc,
    flat: str,
    blocks: list[Block],
    mentions: list[Mention],
    gazetteer: Gazetteer,
    trace: list[Decision],
) -> list[AnswerSentence]:
    """The answer sentences with the names each holds that no modifier reaches; a decision
    for every name left out (outside the answers, reached by a modifier, or a model's guess
    where the rules name a system)."""
    result: list[AnswerSentence] = []
    in_answers: set[Mention] = set()
    by_start = MentionIndex(mentions)
    title = title_area(blocks)
    topic: tuple[Block, str] | None = None  # the answer's own numbered topic line, in force
    platforms: set[str] = set()  # products named as another's platform: so named ever after
    for span, block in block_sentences(sentences(doc), blocks, ANSWERS):
        text = flat[span.start_char : span.end_char]
        if not text.strip():
            continue
        if topic is not None and topic[0] is not block:
            topic = None
        kept: list[Mention] = []
        rejected: list[tuple[Mention, Cue]] = []
        for m in by_start.between(span.start_char, span.end_char):
            in_answers.add(m)
            cue = modifier_of(text, m.start - span.start_char, m.end - span.start_char)
            cue = cue or _bracketed_after(flat, m, rejected) or _platform_of(flat, m, kept)
            cue = cue or _listed_after(flat, m, rejected, kept)
            if cue is None and m.label == "SYSTEM" and m.name in platforms:
                cue = PLATFORM  # "CareDirector is the product underneath WCCIS"
            elif cue is PLATFORM:
                platforms.add(m.name)
            if cue is not None:
                rejected.append((m, cue))
            if cue is None:
                kept.append(m)
            else:
                reason = f"{cue.category}: reached by modifier {cue.rule_id}"
                trace.append(
                    Decision(as_finding(m, span_text(span).strip()), None, "rejected", reason)
                )
        inside = _rules_first(kept)
        for m in kept:
            if m not in inside:
                reason = "a model-only name where the rules name a system in the same sentence"
                trace.append(
                    Decision(as_finding(m, span_text(span).strip()), None, "outranked", reason)
                )
        systems = [m for m in inside if m.label == "SYSTEM"]
        cells = headed_values(document, span.start_char, span.end_char, span.start_char)
        area = _sentence_area(text, block, bool(systems), cells)
        areas = mention_areas(text, span.start_char, systems, block, gazetteer, cells)
        suppliers = [m for m in inside if m.label == "SUPPLIER"]
        asked = block.question
        question = flat[asked.start : asked.end] if asked else topic[1] if topic else None
        if asked is None and not systems and TOPIC_LINE.fullmatch(text):
            topic = (block, text.strip())  # "6) Contract end dates": what the lines below answer
        index = len(result)
        label = list_label(document.text, block.start, span.start_char)
        unknown = [m for m in systems if areas[m].value is None]  # where a service may fill in
        services = service_areas(text, span.start_char, unknown, title)
        sentence = AnswerSentence(
            index,
            span,
            text,
            block,
            area,
            areas,
            systems,
            suppliers,
            question,
            cells,
            label,
            services,
        )
        result.append(sentence)
    for m in by_start.mentions:
        if m not in in_answers:
            reason = "not in an answer (a question, heading, quoted message or appendix)"
            trace.append(Decision(as_finding(m), None, "rejected", reason))
    return result


BRACKET_OPEN = re.compile(r"\s*\(\s*")
TOPIC_LINE = re.compile(r"\s*(?:Q\s*)?\d{1,2}[.)]\s+[A-Z][^.?!:;|\n]{2,60}?\s*")
"""A numbered topic line of the council's own reply, no sentence of its own: "6) Contract end
dates" over "Mosaic: 31 October 2026." (a reply that numbers its parts by the request's
questions without quoting them)."""


def _bracketed_after(
    text: str, mention: Mention, rejected: list[tuple[Mention, Cue]]
) -> Cue | None:
    """The cue of a rejected name that `mention` stands in brackets right after, naming the
    same product ("the corporate system, Business Management System (BMS)"): an acronym
    shares its name's fate."""
    for other, cue in rejected[-1:]:
        same = other.canonical == mention.canonical and other.label == mention.label
        if same and BRACKET_OPEN.fullmatch(text, other.end, mention.start):
            return cue
    return None


def _listed_after(
    text: str, mention: Mention, rejected: list[tuple[Mention, Cue]], kept: list[Mention]
) -> Cue | None:
    """The cue of a rejected name that `mention` follows as the next item of one list: a long
    list of the requester's products ("You asked, for each of the following products, ...:
    LCS, LAS, ..., ContrOCC and OCC MarketPlace") is theirs to its last item, past the cue's
    reach."""
    if not rejected or (kept and kept[-1].start > rejected[-1][0].start):
        return None
    other, cue = rejected[-1]
    return cue if COORDINATED.fullmatch(text, other.end, mention.start) else None


PLATFORM = Cue("platform", rule_ref("context", "platform_links"))


def _platform_of(text: str, mention: Mention, before: list[Mention]) -> Cue | None:
    """The cue of a product named as the platform a listed product just before it is built
    on ("WCCIS is built on the CareDirector platform"): that product's make, not the council's
    system. A name the gazetteer does not list (the council's own portal) keeps its platform."""
    if mention.label != "SYSTEM":
        return None
    for other in before[-1:]:
        named = other.label == "SYSTEM" and other.listed and other.canonical is not None
        if named and links_to_platform(text, other.end, mention.start):
            return PLATFORM
    return None


LIST_LINE_CHARS = 80
LABEL_CHARS = 60


def list_label(text: str, block_start: int, start: int) -> str | None:
    """The label a list line stands under: the nearest line above it in its block that ends
    with a colon ("End dates:"), across other short list lines ("LCS: 31 March 2027.")."""
    lines = text[block_start:start].split("\n")[:-1]
    for line in reversed(lines):
        stripped = line.strip()
        if not stripped or len(stripped) > LIST_LINE_CHARS:
            return None
        if stripped.endswith(":"):
            return stripped if len(stripped) <= LABEL_CHARS else None
    return None


def _rules_first(mentions: list[Mention]) -> list[Mention]:
    """Where the rules name a system in a sentence, the model's guesses there are dropped: a
    model-only name is a fact only in sentences the rules did not understand."""
    if any(m.label == "SYSTEM" and not m.from_model for m in mentions):
        return [m for m in mentions if not m.from_model]
    return mentions


def _one_fact_per_system(facts: dict[Key, FactDraft]) -> list[FactDraft]:
    """One fact per system in a document: what is said of it in one service area and in
    another is said of one system ("LCS replaced CareFirst for children; CareFirst is still
    used by adults ... its contract ends in 2026"). The merged fact keeps its first mention
    with an area, serves the area `_merged_area` reads, and is current if it is in use in any
    area (a replacement in one area says nothing of the other) and planned only if no area
    says it is in use ("Eclipse went live for children's services in 2022; adults plan to
    move to it": children's, current). What is said of the system without an area is taken below the
    fact's own findings."""
    by_name: dict[str, list[FactDraft]] = {}
    for fact in facts.values():
        by_name.setdefault(fact.mention.name, []).append(fact)
    kept = []
    for group in by_name.values():
        known = sorted((f for f in group if f.area is not None), key=lambda f: f.mention.start)
        if not known:  # said of no area only: one fact, its key is unique
            kept += group
            continue
        first, in_use = known[0], [fact for fact in known if not fact.replaced]
        if len(known) > 1:
            current = [fact for fact in in_use if not fact.planned and _said_in_use(fact)]
            planned_somewhere = any(fact.planned for fact in in_use)
            serving = (current if planned_somewhere else []) or in_use or known
            first.area = _merged_area(serving)
            first.offers = [
                offer
                for fact in known
                for offer in fact.offers
                if offer.finding.field != "status" or fact in serving
            ]
            first.replaced = not in_use
            first.planned = not current and any(fact.planned for fact in known)
        for unknown in group:
            if unknown.area is None:
                first.absorb(unknown)
        kept.append(first)
    return kept


def _said_in_use(fact: FactDraft) -> bool:
    """Whether an answer says the system of `fact` is in use (its status or a date it has been
    in use since), not only names it."""
    return any(
        offer.finding.field == "in_use_since"
        or (offer.finding.field == "status" and offer.finding.value == "current")
        for offer in fact.offers
    )


AREA_STRENGTH = {NATURE: 0, STATED: 1, CLAUSE: 2, OWN: 2}
"""How strongly an area finding states a system's area (lower is stronger): its nature, a
heading or column, its clause or sentence. The question and the services named are weaker."""


def _merged_area(group: list[FactDraft]) -> Area | None:
    """The area of one system seen in several: `both` when stated so, or when children and
    adults are stated as strongly; else the most strongly stated; else the first fact's."""
    strongest: dict[str, int] = {}
    for fact in group:
        for offer in fact.offers:
            found = offer.finding
            if found.field == "service_area" and found.value and found.rule_id in AREA_STRENGTH:
                rank = AREA_STRENGTH[found.rule_id]
                strongest[found.value] = min(rank, strongest.get(found.value, rank))
    children, adults = strongest.get("children"), strongest.get("adults")
    if "both" in strongest or (children is not None and children == adults):
        return "both"
    if strongest:
        return cast(Area, min(strongest, key=strongest.__getitem__))
    return group[0].area


SAME_TIME = rule_ref("dates", "same_time_as")


def _went_live_with(text: str, sentence: AnswerSentence) -> list[tuple[str, str, Finding]]:
    """Each system the sentence says went live at the same time as the next one it names."""
    cue = date_cue("same_time_as")
    said = span_text(sentence.span).strip()
    found = []
    for first, second in pairwise(sentence.systems):
        match = cue.search(text, first.end, second.start)
        if (
            match
            and match.end() == second.start
            and not STOP.search(text, first.end, match.start())
        ):
            where = Finding(
                "in_use_since", None, match.start(), second.end, SAME_TIME, "cross_reference"
            )
            found.append((first.name, second.name, replace(where, sentence=said)))
    return found


def _copy_same_time(
    same_time: list[tuple[str, str, Finding]],
    resolved_facts: list[tuple[FactDraft, Resolved]],
    trace: list[Decision],
) -> None:
    """A system that went live at the same time as another, with no date of its own, takes
    that one's go-live date."""
    by_name = {fact.mention.name: (fact, resolved) for fact, resolved in resolved_facts}
    for name, other, where in same_time:
        if name not in by_name or other not in by_name:
            continue
        fact, resolved = by_name[name]
        value = by_name[other][1].values.get("in_use_since")
        if not value or "in_use_since" in resolved.values:
            continue
        why = f"{other}'s go-live, at the same time"
        _copy_value(fact, resolved, where, value, why, trace)


def _copy_value(
    fact: FactDraft,
    resolved: Resolved,
    where: Finding,
    value: str,
    why: str,
    trace: list[Decision],
) -> None:
    """Set `fact`'s resolved field (`where.field`) to a value copied from another system, read
    at `where` (the words that tie them), with its evidence and the decision that says why."""
    found = replace(where, value=value)
    resolved.values[found.field] = value
    resolved.evidence[found.field] = fact.evidence_of(found)
    trace.append(Decision(found, fact.target, "won", why))


REPLACER_AREA = rule_ref("areas", "replacer")


def _replacements(
    sentence: AnswerSentence,
    named: dict[Mention, FactDraft],
    leaving: set[FactDraft],
    replacers: list[FactDraft],
) -> list[tuple[str, list[str], Finding]]:
    """(system, the systems that replaced it, where) for each system a sentence says another
    replaced: "Mosaic went live in 2019, replacing SWIFT"; "It replaced SWIFT" (the system
    in play replaced it)."""
    said = span_text(sentence.span).strip()
    others = [fact.mention.name for fact in replacers if fact not in leaving]
    return [
        (
            fact.mention.name,
            others,
            Finding(
                "service_area",
                None,
                m.start,
                m.end,
                REPLACER_AREA,
                "cross_reference",
                sentence=said,
            ),
        )
        for m, fact in named.items()
        if fact in leaving and others
    ]


def _copy_replacers_area(
    replaced_by: list[tuple[str, list[str], Finding]],
    resolved_facts: list[tuple[FactDraft, Resolved]],
    trace: list[Decision],
) -> None:
    """A replaced system whose own area no text gives served the area of the systems that
    replaced it, where they agree: "Mosaic went live in November 2019, replacing SWIFT" (and
    Mosaic serves both adults and children) says SWIFT served both."""
    by_name = {fact.mention.name: (fact, resolved) for fact, resolved in resolved_facts}
    for name, replacers, where in replaced_by:
        if name not in by_name:
            continue
        fact, resolved = by_name[name]
        if fact.area or resolved.values.get("service_area"):
            continue
        areas = {
            by_name[other][0].area or by_name[other][1].values.get("service_area")
            for other in replacers
            if other in by_name
        }
        value = areas.pop() if len(areas) == 1 else None
        if value is None:
            continue
        why = "the area of the system replacing it"
        _copy_value(fact, resolved, where, value, why, trace)


def _offer_implied(fact: FactDraft, gazetteer: Gazetteer) -> None:
    """What the name itself says: its maker when the product's name, as written or in full,
    contains it ("OLM CareFirst"; "LAS" is Liquidlogic LAS); and that a system the council
    names with no word of change is current."""
    mention, said = fact.mention, span_text(fact.sentence).strip()
    named = gazetteer.supplier_named_in(mention.surface, mention.canonical)
    if named is None and mention.canonical:
        named = gazetteer.supplier_named_in(mention.canonical, mention.canonical)
    start, end = mention.start, mention.end
    implied = [Finding("supplier", named, start, end, PRODUCT_NAME, "implied")] if named else []
    implied.append(Finding("status", "current", start, end, STATUS_DEFAULT, "default"))
    fact.offer([replace(found, sentence=said) for found in implied], LAST_READING)


def _to_row(
    document: Document, fact: FactDraft, resolved: Resolved, gazetteer: Gazetteer
) -> SystemFact:
    mention = fact.mention
    values = resolved.values
    return SystemFact(
        doc_id=document.doc_id,
        system=mention.canonical,
        surface_form=mention.surface,
        listed=mention.listed,
        supplier=values.get("supplier"),
        gazetteer_supplier=gazetteer.supplier_of(mention.canonical),
        service_area=fact.area or values.get("service_area"),
        purpose=values.get("purpose"),
        hosting=values.get("hosting"),
        host_organisation=values.get("host_organisation"),
        in_use_since=values.get("in_use_since"),
        contract_start=values.get("contract_start"),
        contract_end=values.get("contract_end"),
        extension_until=values.get("extension_until"),
        status=values.get("status"),
        page=document.page_at(mention.start),
        char_start=mention.start,
        char_end=mention.end,
        evidence=span_text(fact.sentence).strip(),
        extractor=mention.extractor,
        confidence=mention.confidence,
        field_evidence=sorted(resolved.evidence.values(), key=lambda e: (e.char_start, e.field)),
    )
