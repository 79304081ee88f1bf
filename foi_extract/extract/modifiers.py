"""ConText-style modifiers: cue phrases that make a system name in their scope no fact.

After medspaCy's ConText: a cue ("we do not use", "the Trust's clinical system", "e.g.", "you
asked for", "refers to our programme") modifies the names that stand in its scope, forward or
backward from it, within `max_chars` and up to a termination word. A modified name is the
council saying what it does not use, another organisation's system, an example, the
requester's words, or not software; the fact builder drops it. Cues are data
(rules/modifiers.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from foi_extract.rules import modifier_rules, resource_cache


@dataclass(frozen=True)
class _Modifier:
    category: str
    direction: str
    pattern: re.Pattern[str]
    max_chars: int
    ends: re.Pattern[str]


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@resource_cache
def _modifiers() -> list[_Modifier]:
    rules = modifier_rules()
    return [
        _Modifier(
            rule.category,
            rule.direction,
            _alternation(rule.patterns),
            rule.max_chars,
            _alternation(rule.terminations or rules.terminations),
        )
        for rule in rules.modifier
    ]


def modifier_of(sentence: str, start: int, end: int) -> str | None:
    """The category of the first modifier whose scope covers the name at [start, end) of
    `sentence`, else None. A forward cue stands before the name, a backward one after it
    (a backward pattern's `^` is the end of the name)."""
    before, after = sentence[:start], sentence[end:]
    for modifier in _modifiers():
        if modifier.direction in ("forward", "both"):
            for cue in modifier.pattern.finditer(before):
                between = before[cue.end() :]
                if len(between) <= modifier.max_chars and not modifier.ends.search(between):
                    return modifier.category
        if modifier.direction in ("backward", "both"):
            for cue in modifier.pattern.finditer(after):
                between = after[: cue.start()]
                if len(between) <= modifier.max_chars and not modifier.ends.search(between):
                    return modifier.category
    return None
