"""Facts under construction: one per (system, service area), filled sentence by sentence.

A field keeps its first value read in the system's own sentence; a value reached by a
cross-reference (a sentence naming no system) gives way to one read directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span

from foi_extract.extract.dates import Extension
from foi_extract.extract.mentions import Mention
from foi_extract.records import Evidence
from foi_extract.structure.blocks import Area, Block

CROSS_REFERENCE = ":cross_reference"

Key = tuple[str, Area | None]


@dataclass(eq=False)
class FactDraft:
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
        return (self.mention.name, self.area)

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

    def absorb(self, other: FactDraft) -> None:
        """Take the fields that `other` (the same system, area unknown) has and this lacks."""
        for name, evidence in other.evidence.items():
            if name not in self.values and evidence.value is not None:
                self.values[name] = evidence.value
                self.evidence[name] = evidence
        self.extension = self.extension or other.extension


@dataclass
class AnswerSentence:
    """An answer sentence (or the part of one inside a block) with the names it holds."""

    span: Span
    text: str  # the span's text with every line break and tab as a space (same offsets)
    block: Block
    area: Area | None  # of the sentence: what a sentence naming no system speaks of
    areas: dict[Mention, Area | None]  # of each system it names
    systems: list[Mention]
    suppliers: list[Mention]
    question: str | None

    def key(self, mention: Mention) -> Key:
        """The key of the fact a system named here belongs to."""
        return (mention.name, self.areas[mention])
