"""Phrase rules that map wording to a value: hosting models and system purposes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from foi_extract.rules import (
    ValueRules,
    context_rules,
    hosting_rules,
    purpose_rules,
    resource_cache,
)


@dataclass(frozen=True)
class PhraseHit:
    value: str
    start: int
    end: int


@resource_cache
def _compiled(kind: str) -> list[tuple[str, list[re.Pattern[str]]]]:
    rules: ValueRules = hosting_rules() if kind == "hosting" else purpose_rules()
    return [
        (rule.value, [re.compile(pattern, re.IGNORECASE) for pattern in rule.patterns])
        for rule in rules.rule
    ]


@resource_cache
def _other_system_cue() -> re.Pattern[str]:
    cues = "|".join(re.escape(cue) for cue in context_rules().other_system_cues)
    return re.compile(rf"(?:{cues})\s+(?:the |our |a |an )?(?:\w+\s+){{0,2}}$", re.IGNORECASE)


def describes_other_system(text_before: str) -> bool:
    """True when the words just before a phrase say it is about another system."""
    return bool(_other_system_cue().search(text_before[-60:]))


def hosting_in(sentence: str) -> PhraseHit | None:
    """The hosting model a sentence states: the first rule (in file order) that matches."""
    for value, patterns in _compiled("hosting"):
        for pattern in patterns:
            match = pattern.search(sentence)
            if match:
                return PhraseHit(value, match.start(), match.end())
    return None


def purposes_in(sentence: str) -> list[PhraseHit]:
    """Purpose phrases of a sentence, minus those that describe another system."""
    hits = []
    for value, patterns in _compiled("purpose"):
        for pattern in patterns:
            for match in pattern.finditer(sentence):
                if not describes_other_system(sentence[: match.start()]):
                    hits.append(PhraseHit(value, match.start(), match.end()))
    return sorted(hits, key=lambda hit: hit.start)
