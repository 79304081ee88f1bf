"""Facts under construction: one per (system, service area), offered findings sentence by
sentence and resolved once at the end (extract/resolve.py decides, this module only collects).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import cast

from spacy.tokens import Span

from foi_extract.extract.cells import HeadedValue
from foi_extract.extract.dates import EXTENSION_OPTION, Extension
from foi_extract.extract.findings import Decision, Finding
from foi_extract.extract.mentions import Mention
from foi_extract.extract.resolve import (
    Offered,
    Reading,
    contradiction,
    hosted_by_its_supplier,
    resolve_field,
)
from foi_extract.records import Evidence
from foi_extract.structure.blocks import Area, Block

Key = tuple[str, Area | None]


@dataclass
class Resolved:
    """A fact's values, where each was read, and what became of every finding offered."""

    values: dict[str, str]
    evidence: dict[str, Evidence]
    decisions: list[Decision]
    dropped: str | None = None  # the field a contradiction made unknown


@dataclass(eq=False)
class FactDraft:
    """A fact under construction: the findings offered to it, in the order they were read."""

    mention: Mention
    area: Area | None
    sentence: Span
    page_of: Callable[[int], int | None]
    offers: list[Offered] = field(default_factory=list)
    replaced: bool = False  # an answer says this system was replaced
    planned: bool = False  # an answer says this system is coming

    @property
    def key(self) -> Key:
        return (self.mention.name, self.area)

    @property
    def target(self) -> str:
        """The fact's name in decisions: `system (area)`."""
        return f"{self.mention.name} ({self.area or 'area unknown'})"

    def offer(self, findings: Iterable[Finding], reading: Reading) -> None:
        """Offer findings read in one reading (a sentence, or a stretch of one)."""
        self.offers += [Offered(found, reading) for found in findings]

    def absorb(self, other: FactDraft) -> None:
        """Take what `other` (the same system, area unknown) was offered, below this fact's own
        findings."""
        self.offers += [replace(offer, inherited=True) for offer in other.offers]

    def resolve(self) -> Resolved:
        """Each field's winner by the resolver's precedence, then the extension option applied
        to the contract end it counts from (`_end_of_option`), unless the contract dates
        contradict each other."""
        by_field: dict[str, list[Offered]] = {}
        for offer in self.offers:
            by_field.setdefault(offer.finding.field, []).append(offer)
        winners: dict[str, Offered] = {}
        decisions: list[Decision] = []
        for name, offers in by_field.items():
            winner, decided = resolve_field(offers, self.target)
            decisions += decided
            if winner is not None:
                winners[name] = winner
        dropped = contradiction(winners)
        if dropped:
            lost = winners.pop(dropped).finding
            decisions = [d for d in decisions if d.finding != lost or d.outcome != "won"]
            reason = "contract end before the contract start: the field is left unknown"
            decisions.append(Decision(lost, self.target, "invalid", reason))
        by_supplier = hosted_by_its_supplier(winners)
        if by_supplier is not None:
            lost, host = winners["hosting"].finding, winners.pop("host_organisation").finding
            reason = f"the host named, {host.value}, is the supplier"
            decisions = [
                d for d in decisions if d.finding not in (lost, host) or d.outcome != "won"
            ]
            decisions += [Decision(lost, self.target, "outranked", reason),
                          Decision(host, self.target, "outranked", reason),
                          Decision(by_supplier.finding, self.target, "won", reason)]  # fmt: skip
            winners["hosting"] = by_supplier
        option = winners.pop(EXTENSION_OPTION, None)
        end = _end_of_option(option, winners.get("contract_end"), by_field.get("contract_end", []))
        if option is not None and end is not None and end.finding.value:
            found = option.finding
            extension = Extension.parse(found.value or "")
            until = extension.applied_to(end.finding.value)
            if until:
                extended = replace(found, field="extension_until", value=until)
                winners["extension_until"] = replace(option, finding=extended)
        values = {name: offer.finding.value or "" for name, offer in winners.items()}
        evidence = {name: self.evidence_of(offer.finding) for name, offer in winners.items()}
        return Resolved(values, evidence, decisions, dropped)

    def evidence_of(self, found: Finding) -> Evidence:
        """Where `found` was read, as this fact's evidence for its field."""
        return Evidence(
            field=found.field,
            value=found.value,
            page=self.page_of(found.start),
            char_start=found.start,
            char_end=found.end,
            sentence=found.sentence,
            extractor=found.rule_id,
            source=found.source,
        )


def _end_of_option(
    option: Offered | None, end: Offered | None, ends: list[Offered]
) -> Offered | None:
    """The contract end an extension option counts from: the end in force, unless that end is
    an extension taken after the option was stated ("let ... to 31 March 2024, with provision
    for extension of up to three years in total" then "extend ... so that it will now expire on
    31 March 2026": the three years count from 2024), then the end the option was read with."""
    if option is None or end is None or not end.finding.supersedes:
        return end
    stated = [
        offer
        for offer in ends
        if not offer.finding.supersedes
        and offer.finding.validation is None
        and not offer.inherited
        and offer.finding.source == end.finding.source
        and offer.reading <= option.reading < end.reading
    ]
    return max(stated, key=lambda offer: offer.reading, default=end)


@dataclass
class AnswerSentence:
    """An answer sentence (or the part of one inside a block) with the names it holds."""

    index: int  # the sentence's place among the answer sentences: the order of readings
    span: Span
    text: str  # the span's text with every line break and tab as a space (same offsets)
    block: Block
    area: Area | None  # of the sentence: what a sentence naming no system speaks of
    areas: dict[Mention, Finding]  # the service area of each system it names
    systems: list[Mention]
    suppliers: list[Mention]
    question: str | None
    cells: list[HeadedValue]  # its table cells under a header (offsets in `text`)
    label: str | None = None  # the label of the list it stands in ("End dates:")
    services: dict[Mention, Finding] = field(default_factory=dict)  # areas its services imply
    statuses: dict[Mention, Finding | None] = field(default_factory=dict, repr=False)  # read once

    def key(self, mention: Mention) -> Key:
        """The key of the fact a system named here belongs to."""
        return (mention.name, self.area_of(mention))

    def area_of(self, mention: Mention) -> Area | None:
        """The service area of a system named here."""
        return cast("Area | None", self.areas[mention].value)
