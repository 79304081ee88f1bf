"""Phrase rules that map wording to a value: purposes (hosting and status have modules of their
own, extract/hosting.py and extract/scopes.py)."""

from __future__ import annotations

import re

from foi_extract.extract.findings import Finding
from foi_extract.extract.literals import PreCheck, fold
from foi_extract.rules import (
    ValueRules,
    any_of,
    context_rules,
    purpose_rules,
    resource_cache,
    resource_memo,
    rule_ref,
)

_WHITESPACE = re.compile(r"\s")


def flat_text(text: str) -> str:
    """`text` with every whitespace character a space: phrases wrapped over lines ("hosted by
    the\nsupplier") match, and every offset stays where it was."""
    return _WHITESPACE.sub(" ", text)


@resource_cache
def _compiled(kind: str) -> list[tuple[str, str, list[tuple[re.Pattern[str], PreCheck]]]]:
    """Each rule's value, reference and patterns, each pattern with the check of the words its
    every match holds (a sentence without them is not scanned for it)."""
    rules: ValueRules = purpose_rules()
    compiled = [
        (
            rule.value,
            rule_ref("purposes", rule.id, rule.version),
            [re.compile(pattern, re.IGNORECASE) for pattern in rule.patterns],
        )
        for rule in rules.rule
    ]
    return [
        (value, rule_id, [(pattern, PreCheck.of(pattern)) for pattern in patterns])
        for value, rule_id, patterns in compiled
    ]


@resource_cache
def _other_system_cue() -> re.Pattern[str]:
    cues = "|".join(re.escape(cue) for cue in context_rules().other_system_cues)
    return re.compile(rf"(?:{cues})\s+(?:the |our |a |an )?(?:\w+\s+){{0,2}}$", re.IGNORECASE)


def describes_other_system(text_before: str) -> bool:
    """True when the words just before a phrase say it is about another system."""
    return bool(_other_system_cue().search(text_before[-60:]))


@resource_cache
def _denial() -> re.Pattern[str] | None:
    cues = purpose_rules().ignore_before
    return any_of(cues) if cues else None


def _denied(text_before: str) -> bool:
    """The words just before a phrase deny it ("it is not a case recording system")."""
    denial = _denial()
    return denial is not None and denial.search(text_before[-60:]) is not None


@resource_memo(maxsize=1024)
def purposes_in(sentence: str) -> tuple[Finding, ...]:
    """Purpose phrases of a sentence, minus those that describe another system (a question is
    read once for each of its answer's sentences: remembered)."""
    hits = []
    folded = fold(sentence)
    for value, rule_id, patterns in _compiled("purpose"):
        for pattern, words in patterns:
            if not words.holds(folded):
                continue  # none of its words: no match (see literals.py)
            for match in pattern.finditer(sentence):
                before = sentence[: match.start()]
                if not describes_other_system(before) and not _denied(before):
                    hits.append(Finding("purpose", value, match.start(), match.end(), rule_id))
    return tuple(sorted(hits, key=lambda hit: hit.start))
