"""Misspelt and oddly spaced names: "Contr OCC", "Liquid logic", "Mosiac", "CareFrist".

Candidates are capitalised runs of one to three words that the exact ruler did not match.
A candidate whose letters equal an alias once spaces and punctuation are dropped is a spacing
variant; one within a small edit distance (transpositions count once) of a long product alias
is a misspelling (suppliers match by spacing only: "System" is no misspelt "SystemC"). Both
need a software word nearby, so "mosaic of services" never matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.tokens import Doc

from foi_extract.extract.mentions import Mention, has_software_context, names_no_software
from foi_extract.link.gazetteer import load_gazetteer
from foi_extract.rules import context_rules, resource_cache, rule_ref

SPACING, SPELLING = rule_ref("fuzzy", "spacing"), rule_ref("fuzzy", "spelling")
MIN_LENGTH = 6
MIN_SIMILARITY = 0.83
MAX_WORDS = 3


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@resource_cache
def _aliases() -> dict[str, tuple[str, str]]:
    """Squashed alias -> (canonical, label), for aliases long enough to match loosely."""
    index: dict[str, tuple[str, str]] = {}
    for alias in load_gazetteer().aliases:
        key = _squash(alias.text)
        if len(key) >= MIN_LENGTH:
            index.setdefault(key, (alias.canonical, alias.label))
    return index


def fuzzy_mentions(
    doc: Doc, context_of: Callable[[int], str], taken: list[Mention]
) -> list[Mention]:
    """Mentions of gazetteer names written with odd spacing or a small misspelling."""
    aliases = _aliases()
    keys = list(aliases)
    covered = {i for m in taken if m.label == "SYSTEM" for i in range(m.start, m.end)}
    found: list[Mention] = []
    for token in doc:
        if not (token.is_alpha and token.text[:1].isupper()) or token.idx in covered:
            continue
        for words in range(MAX_WORDS, 0, -1):
            span = doc[token.i : token.i + words]
            if len(span) < words or any(not t.is_alpha or t.idx in covered for t in span):
                continue
            key = _squash(span.text)
            if len(key) < MIN_LENGTH:
                continue
            mention = _match(span.text, key, keys, aliases, span.start_char, span.end_char)
            if (
                mention
                and not names_no_software(span)  # "the Care First team"
                and has_software_context(context_of(span.start_char))
            ):
                found.append(mention)
                covered.update(range(span.start_char, span.end_char))
                break
    return found


@resource_cache
def _common_words() -> frozenset[str]:
    """Words that are never a product's name, however close they are to one: the trade's
    words and ordinary words near a product's name."""
    rules = context_rules()
    return frozenset(word.lower() for word in [*rules.software_words, *rules.ordinary_words])


def _match(
    surface: str,
    key: str,
    keys: list[str],
    aliases: dict[str, tuple[str, str]],
    start: int,
    end: int,
) -> Mention | None:
    if key in aliases:
        if " " not in surface and surface.lower() == key:
            return None  # the exact ruler's business (it chose not to match, e.g. case)
        canonical, label = aliases[key]
        return Mention.of(start, end, surface, canonical, label, SPACING, 0.85)
    if " " in surface and not all(word[:1].isupper() for word in surface.split()):
        return None  # ordinary words written close to a name ("Care directory")
    if surface.lower() in _common_words():
        return None  # "System" is no misspelt "SystemC"
    best = process.extractOne(
        key,
        [
            k
            for k in keys
            if abs(len(k) - len(key)) <= 2 and k[0] == key[0] and aliases[k][1] == "SYSTEM"
        ],
        scorer=OSA.normalized_similarity,
        score_cutoff=MIN_SIMILARITY,
    )
    if best is None:
        return None
    canonical, label = aliases[best[0]]
    return Mention.of(start, end, surface, canonical, label, SPELLING, 0.7)
