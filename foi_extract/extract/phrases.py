"""Phrase rules that map wording to a value: purposes and system status (hosting has a module
of its own, extract/hosting.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from foi_extract.rules import (
    StatusCues,
    ValueRules,
    context_rules,
    purpose_rules,
    resource_cache,
    status_rules,
)

_WHITESPACE = re.compile(r"\s")


def flat_text(text: str) -> str:
    """`text` with every whitespace character a space: phrases wrapped over lines ("hosted by
    the\nsupplier") match, and every offset stays where it was."""
    return _WHITESPACE.sub(" ", text)


@dataclass(frozen=True)
class PhraseHit:
    value: str
    start: int
    end: int


@resource_cache
def _compiled(kind: str) -> list[tuple[str, list[re.Pattern[str]]]]:
    rules: ValueRules = purpose_rules()
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


STATUSES = ("previous", "planned", "current")


@resource_cache
def _status_patterns() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    rules = status_rules()

    def compiled(cues: StatusCues, template: str) -> list[tuple[str, re.Pattern[str]]]:
        return [
            (status, re.compile(template.replace("CUE", pattern), re.IGNORECASE))
            for status in STATUSES
            for pattern in getattr(cues, status)
        ]

    return {
        "before": compiled(rules.before, r"(?:CUE)\s+(?:(?:the|our|a|an|its)\s+)?(?:\w+\s+)?$"),
        "after": compiled(rules.after, r"^(?:\s+(?:system|software|product|application))?CUE"),
    }


def status_around(text_before: str, text_after: str) -> str | None:
    """current, previous or planned, from the words just before or after a system's name."""
    patterns = _status_patterns()
    for status, pattern in patterns["before"]:
        if pattern.search(text_before[-80:]):
            return status
    for status, pattern in patterns["after"]:
        if pattern.search(text_after[:80]):
            return status
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
