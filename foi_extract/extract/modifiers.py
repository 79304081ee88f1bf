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


@resource_cache
def _modifiers() -> tuple[list[_Modifier], re.Pattern[str]]:
    rules = modifier_rules()
    modifiers = [
        _Modifier(
            rule.category,
            rule.direction,
            re.compile("|".join(f"(?:{p})" for p in rule.patterns), re.IGNORECASE),
            rule.max_chars,
        )
        for rule in rules.modifier
    ]
    terminations = re.compile("|".join(f"(?:{t})" for t in rules.terminations), re.IGNORECASE)
    return modifiers, terminations


def modifier_of(sentence: str, start: int, end: int) -> str | None:
    """The category of the first modifier whose scope covers [start, end) of `sentence`, else
    None. Offsets are relative to the sentence."""
    modifiers, terminations = _modifiers()
    for modifier in modifiers:
        for cue in modifier.pattern.finditer(sentence):
            forward = modifier.direction in ("forward", "both") and cue.end() <= start
            backward = modifier.direction in ("backward", "both") and end <= cue.start()
            if forward and start - cue.end() <= modifier.max_chars:
                between = sentence[cue.end() : start]
            elif backward and cue.start() - end <= modifier.max_chars:
                between = sentence[end : cue.start()]
            else:
                continue
            if modifier.direction == "both" or not terminations.search(between):
                return modifier.category
    return None
