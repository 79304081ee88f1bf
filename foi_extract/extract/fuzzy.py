"""Misspelt and oddly spaced names: "Contr OCC", "Liquid logic", "Mosiac", "CareFrist".

Candidates are capitalised runs of one to three words that the exact ruler did not match.
A candidate whose letters equal an alias once spaces and punctuation are dropped is a spacing
variant; one within a small edit distance (transpositions count once) of a long product alias
is a misspelling (suppliers match by spacing only: "System" is no misspelt "SystemC"). Both
need a software word nearby, so "mosaic of services" never matches.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.attrs import IDX, IS_ALPHA, LENGTH
from spacy.tokens import Doc

from foi_extract.extract.mentions import Mention, has_software_context, names_no_software
from foi_extract.extract.nlp import text_of
from foi_extract.link.gazetteer import load_gazetteer
from foi_extract.link.register import place_words
from foi_extract.rules import context_rules, resource_cache, resource_memo, rule_ref

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


@resource_cache
def _system_keys() -> dict[tuple[str, int], list[str]]:
    """Squashed product aliases by (first letter, length): a misspelling's candidates are
    those of its first letter within two letters of its length."""
    index: dict[tuple[str, int], list[str]] = defaultdict(list)
    for key, (_, label) in _aliases().items():
        if label == "SYSTEM":
            index[key[0], len(key)].append(key)
    return dict(index)


def fuzzy_mentions(
    doc: Doc, context_of: Callable[[int], str], taken: list[Mention]
) -> list[Mention]:
    """Mentions of gazetteer names written with odd spacing or a small misspelling."""
    covered = {i for m in taken if m.label == "SYSTEM" for i in range(m.start, m.end)}
    text = text_of(doc)
    # one pass over the tokens' attributes; a Span is built only for a name that matches
    words = [
        (idx, idx + length, bool(alpha), text[idx].isupper())
        for idx, length, alpha in doc.to_array([IDX, LENGTH, IS_ALPHA]).tolist()
    ]
    found: list[Mention] = []
    for i, (start, _, alpha, capital) in enumerate(words):
        if not (alpha and capital) or start in covered:
            continue
        for size in range(min(MAX_WORDS, len(words) - i), 0, -1):
            run = words[i : i + size]
            if any(not word[2] or word[0] in covered for word in run):
                continue
            end = run[-1][1]
            surface = text[start:end]
            if (matched := _match(surface)) is None:
                continue
            span = doc[i : i + size]
            if _after_a_place(doc, i) and matched[2] == SPELLING:
                continue  # "Dorset Care Directory" is a place's own name, no misspelt CareDirector
            if not names_no_software(span) and has_software_context(context_of(start)):
                canonical, label, rule, score = matched
                found.append(Mention.of(start, end, surface, canonical, label, rule, score))
                covered.update(range(start, end))
                break
    return found


def _after_a_place(doc: Doc, i: int) -> bool:
    """The words at token `i` follow a place's name (a word of a council's name in the
    register), so they are the rest of that place's own name."""
    return i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].lower_ in place_words()


@resource_cache
def _common_words() -> frozenset[str]:
    """Words that are never a product's name, however close they are to one: the trade's
    words and ordinary words near a product's name."""
    rules = context_rules()
    return frozenset(word.lower() for word in [*rules.software_words, *rules.ordinary_words])


@resource_memo(maxsize=65536)
def _match(surface: str) -> tuple[str, str, str, float] | None:
    """(canonical, label, rule, score) of the alias `surface` spells differently, or None;
    worked out once per surface (the same capitalised words recur in every document)."""
    key = _squash(surface)
    if len(key) < MIN_LENGTH:
        return None
    aliases = _aliases()
    if key in aliases:
        if " " not in surface and surface.lower() == key:
            return None  # the exact ruler's business (it chose not to match, e.g. case)
        canonical, label = aliases[key]
        return canonical, label, SPACING, 0.85
    if " " in surface and not all(word[:1].isupper() for word in surface.split()):
        return None  # ordinary words written close to a name ("Care directory")
    if surface.lower() in _common_words():
        return None  # "System" is no misspelt "SystemC"
    index = _system_keys()
    candidates = [
        k for size in range(len(key) - 2, len(key) + 3) for k in index.get((key[0], size), ())
    ]
    best = process.extractOne(
        key, candidates, scorer=OSA.normalized_similarity, score_cutoff=MIN_SIMILARITY
    )
    if best is None:
        return None
    canonical, label = aliases[best[0]]
    return canonical, label, SPELLING, 0.7
