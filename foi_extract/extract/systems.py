"""Build system facts from mentions in answers, with the attributes their sentences state.

A fact is (document, system, service area). Its attributes come from the sentence that names
it or, when a sentence names no system ("Since December 2013.", "The system is hosted by the
supplier."), from the primary system of that service area: the first system named in an answer
of that area anywhere in the document. A value read from the system's own sentence beats one
reached by such a cross-reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError
from spacy.tokens import Doc, Span

from foi_extract.document import Document
from foi_extract.extract.areas import mention_areas, row_area
from foi_extract.extract.dates import Extension, dates_with_roles, extension_in
from foi_extract.extract.hosting import host_organisations, hosting_phrases, stretches
from foi_extract.extract.mentions import Mention
from foi_extract.extract.phrases import (
    describes_other_system,
    flat_text,
    purposes_in,
)
from foi_extract.extract.scopes import modifier_of, status_of
from foi_extract.extract.suppliers import (
    LINK,
    current_supplier,
    link_suppliers,
    states_a_supplier,
    suppliers_standing_for_products,
)
from foi_extract.link.gazetteer import Gazetteer, load_gazetteer
from foi_extract.records import Evidence, SystemFact
from foi_extract.rules import context_rules, resource_cache
from foi_extract.structure.blocks import ANSWERS, Area, Block, block_sentences, service_area_named

PURPOSE_QUESTION = re.compile(r"used? (?:the system |it )?for|purpose|function", re.IGNORECASE)
HOSTING_QUESTION = re.compile(r"\bhost", re.IGNORECASE)
LIST_JOIN = re.compile(
    r"^\s*(?:\([^)]{0,40}\)\s*)?"
    r"(?:,|and|&|or|,\s*and|,?\s*(?:together|along) with|,?\s*as well as)?\s*$"
)
TOGETHER = re.compile(
    r"^\s*,?\s*(?:together with|along with|as well as|as did|and so did)\s+(?:the\s+)?$"
)
CLAUSE_BREAK = re.compile(
    r"\band\b(?!\s+(?:has been |have been |was |were |is |are )?(?:used|in use|live|went live|"
    r"go[- ]live|runs?|expires?|ends?|renew\w*|commenced|started|implemented)\b)"
    r"|\bbut\b|;|,(?!\s*(?:which|who|that|supplied|provided|from|since|until|in use)\b)"
    r"|\bwhile\b|\bwhereas\b"
)  # a relative clause ("Mosaic, which went live in 2016") still speaks of the name before it
HOSTING = "foi.hosting_rules.v2"
PURPOSE = "foi.purpose_rules.v1"
DATES = "foi.date_rules.v1"
STATUS = "foi.status_rules.v2"
STATUS_DEFAULT = f"{STATUS}:default"
SUPPLIER = LINK
CROSS_REFERENCE = ":cross_reference"
MAX_IMPLIED = 3  # an answer naming more systems than this leaves a bare sentence unassigned

Key = tuple[str, Area | None]


@dataclass(eq=False)
class _Fact:
    """A fact under construction. A field keeps its first direct value, else its first
    cross-referenced one."""

    mention: Mention
    area: Area | None
    sentence: Span
    page_of: Callable[[int], int | None]
    values: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    extension: tuple[Extension, Span, int, str] | None = None
    replaced: bool = False  # an answer says this system was replaced
    planned: bool = False  # an answer says this system is coming

    @property
    def key(self) -> Key:
        return (self.mention.canonical or self.mention.surface, self.area)

    def set(
        self,
        name: str,
        value: str,
        sentence: Span,
        start: int,
        end: int,
        how: str,
        force: bool = False,
    ) -> None:
        previous = self.evidence.get(name)
        if (
            not force
            and previous is not None
            and not (
                previous.extractor.endswith(CROSS_REFERENCE) and not how.endswith(CROSS_REFERENCE)
            )
        ):
            return
        self.values[name] = value
        self.evidence[name] = Evidence(
            field=name,
            value=value,
            page=self.page_of(start),
            char_start=start,
            char_end=end,
            sentence=sentence.text.strip(),
            extractor=how,
        )

    def offer(self, extension: Extension, sentence: Span, base: int, how: str) -> None:
        """Keep the first extension option offered; it is applied to the contract end the
        fact ends up with (it may be read later, from another sentence)."""
        if self.extension is None:
            self.extension = (extension, sentence, base, how)

    def extend(self) -> None:
        """Set `extension_until` from the option offered and the contract end, if both."""
        end = self.values.get("contract_end")
        if self.extension is None or end is None or "extension_until" in self.values:
            return
        extension, sentence, base, how = self.extension
        value = extension.applied_to(end)
        if value:
            start, stop = base + extension.start, base + extension.end
            self.set("extension_until", value, sentence, start, stop, how)

    def drop_contradiction(self) -> str | None:
        """A contract end before its start: the end read by cross-reference goes (else the
        end); the fact and its other fields stay."""
        start, end = self.values.get("contract_start"), self.values.get("contract_end")
        if not (start and end and end < start):
            return None
        crossed = [
            name
            for name in ("contract_end", "contract_start")
            if self.evidence[name].extractor.endswith(CROSS_REFERENCE)
        ]
        name = crossed[0] if crossed else "contract_end"
        del self.values[name], self.evidence[name]
        if name == "contract_end":
            self.values.pop("extension_until", None)
            self.evidence.pop("extension_until", None)
        return name

    def absorb(self, other: _Fact) -> None:
        """Take the fields that `other` (the same system, area unknown) has and this lacks."""
        for name, evidence in other.evidence.items():
            if name not in self.values and evidence.value is not None:
                self.values[name] = evidence.value
                self.evidence[name] = evidence
        self.extension = self.extension or other.extension


@dataclass
class _Sentence:
    span: Span
    text: str  # the span's text with every line break and tab as a space (same offsets)
    block: Block
    area: Area | None  # of the sentence: what a sentence naming no system speaks of
    areas: dict[Mention, Area | None]  # of each system it names
    systems: list[Mention]
    suppliers: list[Mention]
    question: str | None


@resource_cache
def _cue(name: str) -> re.Pattern[str]:
    rules = context_rules()
    cues: dict[str, list[str]] = {
        "this": rules.this_system_cues,
        "all": rules.all_systems_cues,
        "label": rules.answer_labels,
    }
    return re.compile("|".join(f"(?:{cue})" for cue in cues[name]), re.IGNORECASE)


def _sentence_area(text: str, block: Block, has_systems: bool) -> Area | None:
    """The block's area; else one a table cell or a sentence naming a system states."""
    if block.service_area:
        return block.service_area
    return row_area(text) or (service_area_named(text) if has_systems else None)


def build_system_facts(
    document: Document,
    doc: Doc,
    blocks: list[Block],
    mentions: list[Mention],
    gazetteer: Gazetteer,
    today: date | None = None,
) -> tuple[list[SystemFact], list[str]]:
    """One SystemFact per (system, service area) named in the answers of `document`, and a
    warning for each fact that failed validation (dropped, never guessed into shape).

    `today`, the response date, dates relative phrases ("expires next year")."""
    flat = flat_text(doc.text)
    sentences = _answer_sentences(doc, flat, blocks, mentions, gazetteer)
    facts: dict[Key, _Fact] = {}
    gone: set[Key] = set()  # facts about a system the answer says was replaced
    for sentence in sentences:
        for mention in sentence.systems:
            fact = _Fact(mention, sentence.areas[mention], sentence.span, document.page_at)
            fact = facts.setdefault(fact.key, fact)
            status = _status(sentence, mention)
            if status == "previous":
                gone.add(fact.key)
            fact.planned = fact.planned or status == "planned"
    for fact in facts.values():  # said of no area, a system replaced somewhere is gone
        fact.replaced = fact.key in gone or (
            fact.area is None and any(key[0] == fact.key[0] for key in gone)
        )
    primary: dict[Area | None, _Fact] = {}
    for fact in sorted(facts.values(), key=lambda f: f.replaced):  # systems in use first
        if fact.mention.canonical is not None:
            primary.setdefault(fact.area, fact)
    last_named: dict[Area | None, list[_Fact]] = {}
    answered: dict[tuple[int, Area | None], list[_Fact]] = {}  # the answer's last naming
    in_answer: dict[tuple[int, Area | None], list[_Fact]] = {}  # all the answer has named
    for sentence in sentences:
        named = {  # a model-only name is a fact of its own but takes no sentence's attributes
            m: facts[(m.canonical, sentence.areas[m])]
            for m in sentence.systems
            if m.canonical is not None
            and not describes_other_system(flat[sentence.span.start_char : m.start])
        }
        direct = list(dict.fromkeys(named.values()))
        answer = _answer_key(sentence)
        made_by = [] if direct else _made_by(flat, sentence, facts, gazetteer)
        if made_by:  # "The Liquidlogic contract ... It runs to 2023": its products go on
            answered[answer] = made_by
        implied = (
            direct
            or made_by
            or _implied(
                sentence, facts, primary, last_named, answered.get(answer), in_answer.get(answer)
            )
        )
        if implied and not direct and answer not in answered:
            answered[answer] = implied  # the next bare sentence of the answer speaks of it too
        _read_hosting(sentence, named, implied)
        _read_attributes(sentence, flat, direct, implied, today)
        _link_suppliers(flat, sentence, facts, implied, gazetteer)
        if direct:
            last_named[sentence.area] = direct
            known = [fact for fact in direct if fact.mention.canonical is not None]
            in_use = [fact for fact in known if not fact.replaced]
            if in_use:  # "...replaced Care First. The contract ends in 2025": not CareFirst's
                answered[answer] = in_use
            in_answer[answer] = list(dict.fromkeys([*in_answer.get(answer, []), *known]))
    rows, warnings = [], []
    for fact in _merge_unknown_areas(facts):
        fact.extend()
        dropped = fact.drop_contradiction()
        if dropped:
            warnings.append(f"{fact.key[0]}: {dropped} dropped, it was before the contract start")
        try:
            rows.append(_to_row(document, fact, gazetteer))
        except ValidationError as exc:
            problem = exc.errors()[0]
            warnings.append(f"dropped {fact.key[0]} fact: {problem['msg']}")
    return rows, warnings


def _answer_sentences(
    doc: Doc, flat: str, blocks: list[Block], mentions: list[Mention], gazetteer: Gazetteer
) -> list[_Sentence]:
    result = []
    for span, block in block_sentences(doc.sents, blocks, ANSWERS):
        text = flat[span.start_char : span.end_char]
        if not text.strip():
            continue
        inside = _rules_first(
            [
                m
                for m in mentions
                if span.start_char <= m.start < span.end_char
                and modifier_of(text, m.start - span.start_char, m.end - span.start_char) is None
            ]
        )
        systems = [m for m in inside if m.label == "SYSTEM"]
        area = _sentence_area(text, block, bool(systems))
        areas = mention_areas(text, span.start_char, systems, block, gazetteer)
        suppliers = [m for m in inside if m.label == "SUPPLIER"]
        asked = block.question
        question = flat[asked.start : asked.end] if asked else None
        result.append(_Sentence(span, text, block, area, areas, systems, suppliers, question))
    return result


def _rules_first(mentions: list[Mention]) -> list[Mention]:
    """Where the rules name a system in a sentence, the model's guesses there are dropped: a
    model-only name is a fact only in sentences the rules did not understand."""
    if any(m.label == "SYSTEM" and m.canonical is not None for m in mentions):
        return [m for m in mentions if m.canonical is not None]
    return mentions


def _known(facts: dict[Key, _Fact]) -> list[_Fact]:
    """Facts about gazetteer systems: the only ones a cross-reference may land on; those in
    use, when there are any (what is said of "the system" is not said of the one replaced)."""
    known = [fact for fact in facts.values() if fact.mention.canonical is not None]
    return [fact for fact in known if not fact.replaced] or known


def _made_by(
    text: str, sentence: _Sentence, facts: dict[Key, _Fact], gazetteer: Gazetteer
) -> list[_Fact]:
    """The systems a supplier's name stands for ("The Liquidlogic contract expires in 2027"):
    every known system of the answer's area whose maker is that supplier (or its owner)."""
    if sentence.systems:
        return []
    named = suppliers_standing_for_products(text, sentence.suppliers)
    makers = {m.canonical or m.surface for m in named}
    area = service_area_named(sentence.text) or sentence.area  # "covers both services"
    return [
        fact
        for fact in _known(facts)
        if fact.area in (area, None) or area in ("both", None)
        if any(gazetteer.same_family(maker, gazetteer.supplier_of(fact.mention.canonical))
               for maker in makers)
    ]  # fmt: skip


def _status(sentence: _Sentence, mention: Mention) -> str | None:
    """The status cue nearest the name that no other system's name stands in front of."""
    base = sentence.span.start_char
    others = [(m.start - base, m.end - base) for m in sentence.systems if m != mention]
    return status_of(sentence.text, mention.start - base, mention.end - base, others)


def _answer_key(sentence: _Sentence) -> tuple[int, Area | None]:
    """One answer: the question it answers (else its block) and its service area."""
    return id(sentence.block.question or sentence.block), sentence.block.service_area


NEW_ONE = re.compile(
    r"\bthe new (?:[\w-]+ ){0,2}(?:contract|system|product|solution|application|software)\b", re.I
)
LABELLED = re.compile(r"^\W*(?P<label>[A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,3})\s*(?::|–|—| - )\s")


def _speaks_of_another(text: str) -> bool:
    """A sentence labelled with a name that is no system we know, no service area and no
    question or answer label ("AIS: since 2009.", "Agresso - hosted on premises") speaks of
    that name, not of the system in play."""
    labelled = LABELLED.match(text)
    if labelled is None:
        return False
    label = labelled.group("label")
    generic = service_area_named(label) or _cue("label").match(label)
    return not generic and label.lower() not in _known_names()


@resource_cache
def _known_names() -> frozenset[str]:
    return frozenset(alias.text.lower() for alias in load_gazetteer().aliases)


def _implied(
    sentence: _Sentence,
    facts: dict[Key, _Fact],
    primary: dict[Area | None, _Fact],
    last_named: dict[Area | None, list[_Fact]],
    earlier_in_answer: list[_Fact] | None,
    all_in_answer: list[_Fact] | None = None,
) -> list[_Fact]:
    """The facts a sentence that names no system speaks of, if it clearly speaks of one: the
    systems an earlier sentence of the same answer named ("We awarded the contract for Mosaic.
    It runs from 2024 to 2031."), else the primary system of its service area."""
    text, area = sentence.text, sentence.area
    if _speaks_of_another(text):
        return []
    coming = [fact for fact in _known(facts) if fact.planned]
    if coming and NEW_ONE.search(text):  # "The new contract commenced on 1 February 2025."
        return coming
    if _cue("all").search(text):
        if all_in_answer and len(all_in_answer) > 1:  # "Both products are from OLM Systems."
            return all_in_answer
        if area in ("both", None):  # "The systems are hosted by our ICT shared service."
            return _known(facts)
        return [f for f in _known(facts) if f.area in (area, "both")]
    if earlier_in_answer and len(earlier_in_answer) <= MAX_IMPLIED:
        return earlier_in_answer
    short = len(text.split()) <= context_rules().cross_reference_max_words
    asks_hosting = bool(sentence.question and HOSTING_QUESTION.search(sentence.question))
    if not (short or asks_hosting or _cue("this").search(text)):
        return []
    if area == "both" and "both" not in primary:
        return _known(facts)
    found = primary.get(area)
    if found is None and area is None and _known(facts):
        found = _known(facts)[0]
    return [found] if found else []


def _described(
    text: str, targets: list[_Fact], systems: list[Mention], start: int, end: int
) -> list[_Fact]:
    """The facts a phrase at [start, end) describes: a system whose name contains it, else the
    closest before it in the same clause, else the closest after it, else the only one. A
    system in a list ("LCS and LAS ends on ...") brings the rest of its list."""
    by_name = {fact.mention.canonical or fact.mention.surface: fact for fact in targets}
    named = [m for m in systems if (m.canonical or m.surface) in by_name]
    around = [m for m in named if m.start <= start and end <= m.end]
    before = [m for m in named if m.end <= start and not CLAUSE_BREAK.search(text[m.end : start])]
    after = [m for m in named if m.start >= end and not CLAUSE_BREAK.search(text[end : m.start])]
    candidates = around or before[-1:] or after[:1]
    if not candidates:
        return list(by_name.values()) if len(by_name) == 1 else []
    chosen = _listed_with(text, named, candidates[0])
    chosen += [m for m in named if m.start >= end and TOGETHER.match(text[end : m.start])]
    return list(dict.fromkeys(by_name[m.canonical or m.surface] for m in chosen))


def _listed_with(text: str, named: list[Mention], chosen: Mention) -> list[Mention]:
    """`chosen` and the systems listed with it ("LCS, LAS and EHM")."""
    index = named.index(chosen)
    first = last = index
    while first > 0 and LIST_JOIN.match(text[named[first - 1].end : named[first].start]):
        first -= 1
    while last + 1 < len(named) and LIST_JOIN.match(text[named[last].end : named[last + 1].start]):
        last += 1
    return named[first : last + 1]


def _read_hosting(sentence: _Sentence, named: dict[Mention, _Fact], implied: list[_Fact]) -> None:
    """Each stretch's hosting phrase goes to the systems named in that stretch; else to those
    of the nearest stretch before (then after) that names one; else to the system in play."""
    base, text = sentence.span.start_char, sentence.text
    hits = hosting_phrases(text, sentence.suppliers, base)
    if not hits:
        return
    organisations = host_organisations(text, sentence.suppliers, base)
    bounds = stretches(text)
    systems_in = [[m for m in named if s <= m.start - base < e] for s, e in bounds]
    for index, (start, end) in enumerate(bounds):
        said = [hit for hit in hits if start <= hit.start < end]
        if not said:
            continue
        best = min(said, key=lambda hit: hit.rank)
        nearby = systems_in[index] or next(
            (found for found in [*systems_in[index::-1], *systems_in[index:]] if found), []
        )
        targets = [named[m] for m in nearby] if named else implied
        how = HOSTING + ("" if named else CROSS_REFERENCE)
        hosts = [org for org in organisations if start <= org.start < end]
        for fact in dict.fromkeys(targets):
            fact.set("hosting", best.value, sentence.span, base + best.start, base + best.end, how)
            for org in hosts[:1]:
                start_at, end_at = base + org.start, base + org.end
                fact.set("host_organisation", org.value, sentence.span, start_at, end_at, how)


def _read_attributes(
    sentence: _Sentence,
    doc_text: str,
    direct: list[_Fact],
    implied: list[_Fact],
    today: date | None,
) -> None:
    span, question = sentence.span, sentence.question
    text, base = sentence.text, span.start_char
    suffix = "" if direct else CROSS_REFERENCE
    for hit in purposes_in(text):
        start, end = base + hit.start, base + hit.end
        if direct:
            described = _described(doc_text, direct, sentence.systems, start, end)
        elif len(implied) == 1 and question and PURPOSE_QUESTION.search(question):
            described = implied
        else:
            described = []
        for fact in described:
            fact.set("purpose", hit.value, span, start, end, PURPOSE + suffix)
    ended: list[_Fact] = []  # facts this sentence gives a contract end
    for found in dates_with_roles(text, question, today):
        start, end = base + found.start, base + found.end
        dated = _described(doc_text, direct, sentence.systems, start, end) if direct else implied
        if found.role == "in_use_since" and dated and all(fact.replaced for fact in dated):
            # "Mosaic replaced Frameworki in November 2017": the date is Mosaic's go-live
            by_key = {fact.key: fact for fact in direct}
            replacers = [
                by_key[key]
                for m in sentence.systems
                if m.end <= start
                and (key := (m.canonical or m.surface, sentence.areas[m])) in by_key
                and not by_key[key].replaced
            ]
            dated = replacers[-1:] or dated
        for fact in dated:
            if found.role:
                fact.set(
                    found.role, found.value, span, start, end, DATES + suffix, found.supersedes
                )
            if found.role == "contract_end":
                ended.append(fact)
    extension = extension_in(text)
    if extension:
        start, end = base + extension.start, base + extension.end
        offered = ended or (
            _described(doc_text, direct, sentence.systems, start, end) if direct else implied
        )
        for fact in offered:
            fact.offer(extension, span, base, DATES + suffix)
    for mention in sentence.systems:
        status = _status(sentence, mention)
        named = next((f for f in direct if f.mention.canonical == mention.canonical), None)
        if status and named:
            named.set("status", status, span, mention.start, mention.end, STATUS)


def _link_suppliers(
    text: str,
    sentence: _Sentence,
    facts: dict[Key, _Fact],
    implied: list[_Fact],
    gazetteer: Gazetteer,
) -> None:
    """Suppliers the sentence ties to its systems (extract/suppliers.py); a sentence naming a
    supplier and no system ("Supplier: OLM", the answer to "Who supplies it?") gives it to the
    system in play, if that system could be theirs (the gazetteer's supplier or its owner)."""
    for link in link_suppliers(text, sentence.systems, sentence.suppliers):
        fact = facts[(link.system.canonical or link.system.surface, sentence.areas[link.system])]
        supplier = link.supplier
        name = supplier.canonical or supplier.surface
        fact.set("supplier", name, sentence.span, supplier.start, supplier.end, link.how)
    if sentence.systems or not sentence.suppliers:
        return
    if not states_a_supplier(sentence.text, sentence.question):
        return
    supplier = current_supplier(text, sentence.suppliers[0], sentence.suppliers)
    name = supplier.canonical or supplier.surface
    for fact in implied:
        made_by = gazetteer.supplier_of(fact.mention.canonical)
        if made_by is None or gazetteer.same_family(name, made_by):
            how = f"{SUPPLIER}{CROSS_REFERENCE}"
            fact.set("supplier", name, sentence.span, supplier.start, supplier.end, how)


def _merge_unknown_areas(facts: dict[Key, _Fact]) -> list[_Fact]:
    """What is said of a system without an area holds for it in every area it is seen in: the
    fact without an area is merged into those (each keeps what it was told itself)."""
    kept = []
    for (name, area), fact in facts.items():
        known = [other for (n, a), other in facts.items() if n == name and a is not None]
        if area is None and known:
            for other in known:
                other.absorb(fact)
        else:
            kept.append(fact)
    return kept


def _to_row(document: Document, fact: _Fact, gazetteer: Gazetteer) -> SystemFact:
    mention = fact.mention
    named = gazetteer.supplier_named_in(mention.surface, mention.canonical)
    if named and "supplier" not in fact.values:
        fact.set(
            "supplier", named, fact.sentence, mention.start, mention.end, f"{SUPPLIER}:product_name"
        )
    if "status" not in fact.values:  # named by the council with no word of change: in use
        fact.set("status", "current", fact.sentence, mention.start, mention.end, STATUS_DEFAULT)
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
        host_organisation=values.get("host_organisation"),
        in_use_since=values.get("in_use_since"),
        contract_start=values.get("contract_start"),
        contract_end=values.get("contract_end"),
        extension_until=values.get("extension_until"),
        status=values.get("status"),
        page=document.page_at(mention.start),
        char_start=mention.start,
        char_end=mention.end,
        evidence=fact.sentence.text.strip(),
        extractor=mention.extractor,
        confidence=mention.confidence,
        field_evidence=sorted(fact.evidence.values(), key=lambda e: (e.char_start, e.field)),
    )
