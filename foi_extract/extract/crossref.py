"""Cross-references: which systems a sentence that names none speaks of.

"Since December 2013." and "The system is hosted by the supplier." belong to a system named
elsewhere: the ones an earlier sentence of the same answer named (not one it says was
replaced), a supplier's products when it names the supplier ("the Liquidlogic contract"), the
planned system ("the new contract"), those the last sentence about a contract spoke of (for
"the contract"), else the primary system of the sentence's service area.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field

from foi_extract.extract.dates import names_a_date_field, number_of
from foi_extract.extract.draft import AnswerSentence, FactDraft, Key
from foi_extract.extract.literals import AnyMatch
from foi_extract.extract.mentions import MentionIndex
from foi_extract.extract.suppliers import (
    is_supplier_column,
    narrowed_to,
    stands_for_all_products,
    suppliers_standing_for_products,
)
from foi_extract.link.gazetteer import Gazetteer, load_gazetteer
from foi_extract.rules import any_of, context_rules, modifier_rules, resource_cache
from foi_extract.structure.blocks import FIELD_LINE, PARAGRAPH_BREAK, Area, service_area_named

HOSTING_QUESTION = re.compile(r"\bhost", re.IGNORECASE)
MAX_IMPLIED = 3  # an answer naming more systems than this leaves a bare sentence unassigned


@resource_cache
def _cue(name: str) -> re.Pattern[str]:
    rules = context_rules()
    cues: dict[str, list[str]] = {
        "this": rules.this_system_cues,
        "contract": rules.contract_cues,
        "all": rules.all_systems_cues,
        "each asked": [*rules.all_systems_cues, *rules.each_system_question_cues],
        "except": rules.exception_cues,
        "contrast": rules.contrast_cues,
        "platform": rules.platform_links,
        "label": rules.answer_labels,
        "record": rules.record_labels,
        "pronoun": rules.pronoun_subject_cues,
        "outgoing": rules.outgoing_cues,
    }
    return any_of(cues[name])


def known_facts(facts: dict[Key, FactDraft]) -> list[FactDraft]:
    """The facts a cross-reference may land on, listed or not: those in use, when there are
    any (what is said of "the system" is not said of the one replaced)."""
    known = list(facts.values())
    return [fact for fact in known if not fact.replaced] or known


def made_by(
    text: str, sentence: AnswerSentence, facts: dict[Key, FactDraft], gazetteer: Gazetteer
) -> list[FactDraft]:
    """The systems a supplier's name stands for ("The Liquidlogic contract expires in 2027"):
    every known system of the answer's area whose maker is that supplier (or its owner)."""
    if sentence.systems:
        return []
    named = suppliers_standing_for_products(text, sentence.suppliers)
    every = any(stands_for_all_products(text, m) for m in named)
    return _products_of({m.name for m in named}, sentence, facts, gazetteer, every=every)


def contract_parties(
    text: str, sentence: AnswerSentence, facts: dict[Key, FactDraft], gazetteer: Gazetteer
) -> list[FactDraft]:
    """In a sentence that names systems, the products of the suppliers it names as a
    contract's party: "The current contract for the Liquidlogic suite and ContrOCC ends on
    ..." (LCS and LAS too), "..., and the current contracts with Liquidlogic and OCC run to
    ...". Not a supplier whose products the sentence narrows down: "the contract with
    Liquidlogic for LCS"."""
    if not sentence.systems:
        return []
    named = [
        supplier
        for supplier in suppliers_standing_for_products(text, sentence.suppliers, sentence.systems)
        if not any(narrowed_to(text, supplier, system) for system in sentence.systems)
    ]
    here = {sentence.key(system) for system in sentence.systems}
    return _products_of({m.name for m in named}, sentence, facts, gazetteer, here)


def _products_of(
    makers: set[str],
    sentence: AnswerSentence,
    facts: dict[Key, FactDraft],
    gazetteer: Gazetteer,
    here: Collection[Key] = (),
    every: bool = False,
) -> list[FactDraft]:
    """Every known system of the sentence's area (or the one it names: "covers both
    services"; of any area when `every`), or named in it (`here`), whose maker is one of
    `makers` (or in the family of one)."""
    if not makers:
        return []
    area = None if every else service_area_named(sentence.text) or sentence.area
    return [
        fact
        for fact in known_facts(facts)
        if fact.area in (area, None) or area in ("both", None) or fact.key in here
        if any(gazetteer.same_family(maker, _maker_of(fact, gazetteer)) for maker in makers)
    ]


def _maker_of(fact: FactDraft, gazetteer: Gazetteer) -> str | None:
    """A system's supplier: the gazetteer's, else (a product nobody listed) the one the shape
    that found it named ("the Kestrel Brokerage module, supplied by Harrier Systems Ltd")."""
    listed = gazetteer.supplier_of(fact.mention.canonical)
    stated = fact.mention.stated_supplier
    return listed or (stated.value if stated is not None else None)


def answer_key(sentence: AnswerSentence) -> tuple[int, Area | None]:
    """One answer: the question it answers, else the section it stands in (the paragraphs
    under one heading of a report or a decision record), else its block; and its area."""
    block = sentence.block
    return id(block.question or block.section or block), block.service_area


NEW_ONE = re.compile(
    r"\bthe new (?:[\w-]+ ){0,2}(?:contract|system|product|solution|application|software)\b", re.I
)
LABELLED = re.compile(r"^\W*(?P<label>[A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,3})\s*(?::|–|—| - )\s")


def opens_record(text: str) -> bool:
    """A line that opens a key/value record of one system ("Name of system: X")."""
    return _cue("record").match(text) is not None


def record_fields(
    text: str, sentence: AnswerSentence, last_direct: tuple[int, list[FactDraft]]
) -> list[FactDraft]:
    """A key/value record's field ("Hosting: Cloud", "Supplier: Quillstone Ltd") speaks of the
    system its record names (`last_direct`: where the labelled line naming it ends, and its
    facts), when no blank line stands between (a "Service area:" line in it changes nothing)."""
    end, named = last_direct
    if sentence.block.whole or not named or not FIELD_LINE.match(sentence.text):
        return []  # a table row is a record of its own
    if _speaks_of_another(sentence.text):
        return []
    if PARAGRAPH_BREAK.search(text, end, max(end, sentence.span.start_char)):
        return []
    return named


def _restates_the_request(text: str) -> bool:
    """The sentence restates the request ("You asked for ... and whether these have changed
    since the Council was formed on 1 April 2023"): what it says is the requester's, of no
    system in play (the cues of the `requested` modifiers, rules/modifiers.toml)."""
    return _request_cues().search(text)


@resource_cache
def _request_cues() -> AnyMatch:
    rules = modifier_rules().rule
    return AnyMatch([p for rule in rules if rule.category == "requested" for p in rule.patterns])


def _speaks_of_another(text: str) -> bool:
    """A sentence labelled with a name that is no system we know, no service area, no
    question or answer label and no field a table column would head ("AIS: since 2009.",
    "Agresso - hosted on premises"; not "Start: 1 October 2022") speaks of that name, not of
    the system in play."""
    labelled = LABELLED.match(text)
    if labelled is None:
        return False
    label = labelled.group("label")
    generic = (
        service_area_named(label)
        or _opens_with_an_answer_label(label)
        or names_a_date_field(label)
        or is_supplier_column(label)
    )
    return not generic and label.lower() not in _known_names()


def _opens_with_an_answer_label(label: str) -> bool:
    """`label` is an answer label or starts with one's words ("Hosting Arrangement"; not "AIS",
    which only starts with the letter of "A:")."""
    return _answer_label_words().match(label) is not None


@resource_cache
def _answer_label_words() -> re.Pattern[str]:
    """An answer label that ends where a word ends."""
    return re.compile(rf"(?:{_cue('label').pattern})(?!\w)", re.IGNORECASE)


@resource_cache
def _known_names() -> frozenset[str]:
    return frozenset(alias.text.lower() for alias in load_gazetteer().aliases)


COUNTED = re.compile(r"\b(?:all|the|these|our)\s+(two|three|four|five|six|seven|eight|\d)\b", re.I)


BOTH = re.compile(
    r"\bboth\s+(?:of\s+(?:them|these|the)\s+)?(?:systems?|products?|applications?|are|were|have|had)\b",
    re.I,
)  # "both" of systems ("Both systems are", "both are"), not of areas ("Both Adult Social Care")


def _counted(text: str) -> int:
    """How many systems a sentence says it speaks of ("all five systems", "both"), else 0."""
    found = COUNTED.search(text)
    if found:
        return number_of(found.group(1)) or 0
    return 2 if BOTH.search(text) else 0


def quantifier_in(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first word for every system in play ("all of the systems", "both are") in
    `text[start:end]`."""
    return _cue("all").search(text, start, end)


def exceptions_in(text: str) -> Iterator[re.Match[str]]:
    """The words that take the names after them out of a word for every system ("with the
    exception of", "except")."""
    return _cue("except").finditer(text)


def links_to_platform(text: str, start: int, end: int) -> bool:
    """text[start:end] joins a product to the product it is built on ("WCCIS is built on the
    CareDirector platform"): `platform_links`."""
    rules = context_rules().platform_links
    return bool(rules) and _cue("platform").fullmatch(text, start, end) is not None


def contrasts_in(text: str) -> Iterator[re.Match[str]]:
    """The words that set the one name after them apart ("Unlike WCCIS, ...")."""
    return _cue("contrast").finditer(text) if context_rules().contrast_cues else iter(())


@dataclass
class NamedSoFar:
    """The systems a reply named before a sentence: all of them in the order first named, and
    those the last block that named any named (the answer or list item before)."""

    in_order: list[FactDraft] = field(default_factory=list)
    last_block: list[FactDraft] = field(default_factory=list)
    _block: int = -1
    _current: list[FactDraft] = field(default_factory=list)

    def enter(self, block_start: int) -> None:
        """The next sentence stands in the block starting at `block_start`."""
        if block_start != self._block:
            if self._current:
                self.last_block = self._current
            self._block, self._current = block_start, []

    def add(self, direct: list[FactDraft]) -> None:
        """A sentence of the current block named `direct`."""
        self.in_order += [fact for fact in direct if fact not in self.in_order]
        self._current += [fact for fact in direct if fact not in self._current]


def every_system(
    sentence: AnswerSentence,
    facts: dict[Key, FactDraft],
    all_in_answer: list[FactDraft] | None,
    named: NamedSoFar | None = None,
) -> list[FactDraft]:
    """The systems "all" or "both" in `sentence` speaks of: those its answer has named ("Both
    products are from OLM Systems"; not after two names "All five systems ..."), else, where
    it counts them ("both", "all three"), those the block before named when they are so many
    ("- CarerSpace ... - PlacementFinder ... // Both are hosted by their suppliers"), else the
    first so many in use the reply named ("Q3. Where are these hosted? -- Both systems were
    run on premise"), else every known system of its service area ("The systems are hosted by
    our ICT shared service")."""
    count = _counted(sentence.text)
    if all_in_answer and len(all_in_answer) >= max(2, count):
        in_use = [fact for fact in all_in_answer if not fact.replaced]
        # "All three systems ..." after three in use and one they replaced: the three
        return in_use if count and len(in_use) == count else all_in_answer
    named = named or NamedSoFar()
    if count:
        for candidates in (named.last_block, named.in_order):
            in_area = _of_area([f for f in candidates if not f.replaced], sentence.area)
            first = _first_systems(in_area, count)
            if first and (candidates is named.in_order or len(first) == len(in_area)):
                return first
    return _of_area(known_facts(facts), sentence.area)


def _of_area(facts: list[FactDraft], area: Area | None) -> list[FactDraft]:
    """The facts a sentence of `area` may speak of: all, for a sentence of both or no area;
    else those of its area or of both."""
    if area in ("both", None):
        return facts
    return [f for f in facts if f.area in (area, "both")]


THE_NOUN = re.compile(r"\bthe\s+(\w+)\b", re.IGNORECASE)


def _named_by_head_noun(text: str, facts: dict[Key, FactDraft]) -> list[FactDraft]:
    """The facts of the one system whose name ends with the noun of a "the portal" in `text`
    (a noun of `head_nouns`), else none."""
    nouns = _head_nouns()
    for found in THE_NOUN.finditer(text):
        noun = found.group(1).lower()
        if noun not in nouns:
            continue
        named = {f.key[0] for f in facts.values() if f.key[0].lower().split()[-1] == noun}
        if len(named) == 1:
            return [f for f in facts.values() if f.key[0] in named]
    return []


@resource_cache
def _head_nouns() -> frozenset[str]:
    return frozenset(noun.lower() for noun in context_rules().head_nouns)


def _first_systems(named: Sequence[FactDraft], count: int) -> list[FactDraft]:
    """The facts of the first `count` distinct systems in `named` (a system named for two
    areas is one system), or none when it names fewer."""
    systems = list(dict.fromkeys(fact.key[0] for fact in named))
    if len(systems) < count:
        return []
    return [fact for fact in named if fact.key[0] in systems[:count]]


def implied_facts(
    sentence: AnswerSentence,
    facts: dict[Key, FactDraft],
    primary: dict[Area | None, FactDraft],
    last_named: dict[Area | None, list[FactDraft]],
    earlier_in_answer: list[FactDraft] | None,
    all_in_answer: list[FactDraft] | None = None,
    asked: list[FactDraft] | None = None,
    under_contract: list[FactDraft] | None = None,
    named: NamedSoFar | None = None,
) -> list[FactDraft]:
    """The facts a sentence that names no system speaks of, if it clearly speaks of one: the
    systems an earlier sentence of the same answer named ("We awarded the contract for Mosaic.
    It runs from 2024 to 2031."), else those its question names (`asked`: "Where is CareFirst
    hosted? -- On the Council's own servers."), else, for a sentence about "the contract", those
    the last sentence about a contract spoke of (`under_contract`), else the primary system of
    its service area."""
    text, area = sentence.text, sentence.area
    if _speaks_of_another(text) or _restates_the_request(text):
        return []
    if headed := _named_by_head_noun(text, facts):
        return headed
    coming = [fact for fact in known_facts(facts) if fact.planned]
    if coming and NEW_ONE.search(text) and not pronoun_subject(text):
        # "The new contract commenced on 1 February 2025.", not "It passes referrals into
        # the new system."
        return coming
    if quantifier_in(text, 0, len(text)):
        return every_system(sentence, facts, all_in_answer, named)
    if earlier_in_answer and len(earlier_in_answer) <= MAX_IMPLIED:
        return earlier_in_answer
    if asked and len(asked) <= MAX_IMPLIED:
        return asked
    if under_contract and speaks_of_a_contract(text):
        # of the sentence's area: "the contract" of a children's answer is no adults' system's
        in_area = [
            fact
            for fact in under_contract
            if area in (None, "both") or fact.area in (area, "both", None)
        ]
        if in_area and len(in_area) <= MAX_IMPLIED:
            return in_area
    short = len(text.split()) <= context_rules().cross_reference_max_words
    asks_hosting = bool(sentence.question and HOSTING_QUESTION.search(sentence.question))
    if not (short or asks_hosting or _cue("this").search(text)):
        return []
    if named and sentence.question and _cue("each asked").search(sentence.question):
        # "Where is each system hosted? -- CSC: Hosted on premises": every system of the area
        # named so far (not one the reply names later: "5. Which finance system ...")
        return _of_area([fact for fact in named.in_order if not fact.replaced], area)
    if area == "both" and "both" not in primary:
        return known_facts(facts)
    found = primary.get(area)
    if found is None and area is None and known_facts(facts):
        found = known_facts(facts)[0]
    return [found] if found else []


def pronoun_subject(text: str) -> bool:
    """A clause whose subject is a pronoun: "it has been in use since April 2021"."""
    return _cue("pronoun").search(text) is not None


def outgoing(text: str, start: int) -> bool:
    """The name at `start` of `text` is the system another replaces: "which will replace
    CareFirst", "the upgrade from CareFirst to Eclipse"."""
    return _cue("outgoing").search(text[max(0, start - 80) : start]) is not None


def speaks_of_a_contract(text: str) -> bool:
    """ "The contract ...", "this agreement": a sentence about the contract in play."""
    return _cue("contract").search(text) is not None


def asked_about(
    sentence: AnswerSentence, facts: dict[Key, FactDraft], systems_named: MentionIndex
) -> list[FactDraft]:
    """The systems the question of a sentence's answer names (among `systems_named`, the
    document's system mentions), among those the answers speak of: "Q4. Where is CareFirst
    hosted?" (the question's words are the requester's, so they name what is asked about,
    never a fact by themselves)."""
    question = sentence.block.question
    if question is None:
        return []
    names = {m.name for m in systems_named.between(question.start, question.end)}
    return [fact for fact in known_facts(facts) if fact.mention.name in names] if names else []
