"""The trained NER model (pipelines/ner) as one more source of mentions.

It finds product (SYSTEM) and supplier (SUPPLIER) names the gazetteer has never listed. A name
the rules already matched stays the rules'; a model-only name that passes the product-name
checks of extract/products.py becomes an unlisted mention (`listed = False`, the cleaned name
as its name, `ner.model` as extractor, the model's precision on held-out names, capped below
the rules', as confidence) and a fact like any other. The model loads offline from
`resources/model/foi_ner` in the package (or `$FOI_EXTRACT_MODEL`); without it, extraction runs
on rules alone.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import cast

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Span

from foi_extract.extract.mentions import (
    Mention,
    MentionIndex,
    has_software_context,
    software_around,
)
from foi_extract.extract.model_gate import Candidate, refusal
from foi_extract.extract.nlp import keep_cache_on
from foi_extract.extract.products import (
    ACRONYM_AFTER,
    AFTER,
    AFTER_ALONE,
    clean_name,
    initials_fit,
    supplier_name,
)
from foi_extract.link.register import place_words
from foi_extract.model_files import model_path
from foi_extract.rules import product_rules, resource_cache, rule_ref

log = logging.getLogger(__name__)

EXTRACTOR = rule_ref("ner", "model", 6)
REPEATED = rule_ref("ner", "repeated")
MENTION_LABELS = ("SYSTEM", "SUPPLIER")
"""The labels the fact builder takes; HOST_ORG only keeps ICT companies out of SUPPLIER."""
CEILING = 0.7
"""Highest confidence of a model-only name: below every rule match (0.75 and up), because the
measured precision comes from generated held-out documents and real text is harder."""
UNMEASURED = 0.5
WORD_EDGES = "\"'“”‘’()[],.;:!?"


@dataclass(frozen=True)
class ModelEntity:
    start: int
    end: int
    label: str
    text: str
    score: float


@cache
def load_ner(path: Path | None = None) -> Language | None:
    """The shipped model, loaded once; None (with a logged reason) when it is not there."""
    model = path or model_path()
    if not (model / "config.cfg").exists():
        log.warning("no NER model at %s: rules only", model)
        return None
    nlp = spacy.load(model)
    keep_cache_on(cast(Tokenizer, nlp.tokenizer))
    return nlp


def confidence(nlp: Language, label: str) -> float:
    """The label's precision on held-out names (pipelines/ner/evaluate.py writes it into the
    model's meta.json), capped at CEILING."""
    measured = nlp.meta.get("heldout_precision", {})
    return min(float(measured.get(label, UNMEASURED)), CEILING)


def _plausible(ent: Span) -> bool:
    """A name has a letter and four characters, and is no e-mail or web address, no label
    ("A5", "Q1"), no reference ("FOI/24/2281") and no single common word ("One", "First"),
    whatever the model says."""
    text = ent.text.strip("\"'“”‘’ ")
    has_letter = any(char.isalpha() for char in text)
    if not has_letter or len(text) < 4 or re.fullmatch(r"[A-Z]{1,3}\d+|[\w-]*[/-]\d[\w/-]*", text):
        return False
    if not any(not token.is_stop and _capitalised(token.text) for token in ent):
        return False  # "One", "It went live": no capitalised word that is not a stop word
    return not any(token.like_email or token.like_url for token in ent)


def _capitalised(word: str) -> bool:
    return any(char.isupper() for char in word)


def may_name_something(sentence: str, offset: int = 0, taken: Sequence[Mention] = ()) -> bool:
    """Whether `sentence` (at `offset` in its document) has a word a name the model adds must
    have: a capitalised word (`_plausible`) that nothing else accounts for. A stop word, a
    month, a descriptive or organisation word, a word no product is named by
    (`products.toml`), and a word of a name the rules found (`taken`) are accounted for. Most
    sentences of an answer ("It went live in May 2018 and replaced an in-house database.",
    "... under Section 43 of the Freedom of Information Act") have no other, and the model
    does not read them."""
    known, phrases = _accounted_words(), _accounted_phrases()
    spans = [(m.start, m.end) for m in taken]
    spans += [(offset + p.start(), offset + p.end()) for p in phrases.finditer(sentence)]
    for match in WORD.finditer(sentence):
        word = POSSESSIVE_END.sub("", match.group().strip(WORD_EDGES))
        if not _capitalised(word) or word.lower() in known:
            continue
        start = offset + match.start()
        if not any(first <= start < last for first, last in spans):
            return True
    return False


WORD = re.compile(r"\S+")
POSSESSIVE_END = re.compile(r"['’]s?$")


@resource_cache
def _accounted_words() -> frozenset[str]:
    """Lower-cased words that on their own make no name the model may add."""
    name = product_rules().name
    single = [word for word in name.not_products if " " not in word]
    vocabulary = [*name.generic_words, *name.organisation_words, *name.leading_words, *single]
    return frozenset(STOP_WORDS) | {word.lower() for word in vocabulary}


@resource_cache
def _accounted_phrases() -> re.Pattern[str]:
    """The names of several words no product is named by ("Freedom of Information")."""
    phrases = sorted((p for p in product_rules().name.not_products if " " in p), key=len)
    words = "|".join(re.escape(phrase) for phrase in reversed(phrases))
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


def find_entities(text: str, nlp: Language | None = None) -> list[ModelEntity]:
    """SYSTEM, SUPPLIER and HOST_ORG names the model sees in `text`, with character offsets."""
    model = nlp or load_ner()
    if model is None:
        return []
    return [
        ModelEntity(
            ent.start_char, ent.end_char, ent.label_, ent.text, confidence(model, ent.label_)
        )
        for ent in model(text).ents
        if _plausible(ent)
    ]


def model_mentions(text: str, spans: list[tuple[int, int]], taken: list[Mention]) -> list[Mention]:
    """Model-found names in the given spans of `text` (answer sentences where the rules found
    no system), overlapping no mention the rules already made. The model reads only spans with
    a software word: a name it found anywhere else would be refused (`software_around`), and
    most sentences of a letter have none, so this is most of its cost saved."""
    model = load_ner()
    rules_found = MentionIndex(taken)
    spans = [
        (start, end)
        for start, end in spans
        if has_software_context(text[start:end])
        and may_name_something(text[start:end], start, rules_found.between(start, end))
    ]
    if model is None or not spans:
        return []
    found = []
    for (offset, _), doc in zip(spans, model.pipe(text[s:e] for s, e in spans), strict=True):
        for ent in doc.ents:
            start, end = offset + ent.start_char, offset + ent.end_char
            label = ent.label_
            clash = any(m.start < end and start < m.end for m in taken)
            if label not in MENTION_LABELS or clash or not _plausible(ent):
                continue
            name = clean_name(ent.text) if label == "SYSTEM" else supplier_name(ent.text)
            # a product's name stands among software words: a name in a sentence without any
            # (an address, a salutation, a committee's roll) is no product, whatever the model says
            names = [(e.start_char, e.end_char) for e in doc.ents if e != ent] + [
                (m.start - offset, m.end - offset) for m in taken
            ]
            if name is None or (
                label == "SYSTEM"
                and not (
                    software_around(doc.text, ent.start_char, ent.end_char)
                    and refusal(Candidate(ent, names, text, offset)) is None
                )
            ):
                continue
            score = confidence(model, label)
            found.append(
                Mention.of(start, end, ent.text, name, label, EXTRACTOR, score, listed=False)
            )
    return found


def _first_words(names: dict[str, Mention]) -> dict[str, Mention]:
    """The first word of a model-found name of several words, where it may stand alone for it
    ("Tollgate is hosted by its supplier" for the Tollgate Carers Record): no other name's,
    no descriptive word, no place's."""
    generic = {word.lower() for word in product_rules().name.generic_words}
    firsts: dict[str, list[Mention]] = {}
    for surface, mention in names.items():
        words = surface.split()
        word = words[0]
        if (
            len(words) > 1
            and len(word) >= 4
            and word[:1].isupper()
            and word.isalpha()
            and word.lower() not in generic
            and word.lower() not in place_words()
        ):
            firsts.setdefault(word, []).append(mention)
    return {word: owners[0] for word, owners in firsts.items() if len(owners) == 1}


def _acronyms(text: str, found: list[Mention]) -> dict[str, Mention]:
    """The acronym in brackets right after a model-found name, where its capitals are the
    name's initials: "the Tandem Early Help Record (TEHR)" is TEHR later on."""
    acronyms = {}
    for mention in found:
        after = ACRONYM_AFTER.match(text, mention.end)
        if mention.label == "SYSTEM" and after and initials_fit(after["acronym"], mention.surface):
            acronyms[after["acronym"]] = mention
    return acronyms


def repeated_mentions(
    text: str, found: list[Mention], taken: list[Mention], answers: list[tuple[int, int]]
) -> list[Mention]:
    """A system the model named, wherever else an answer writes its name: the model reads
    only sentences where the rules found no system, so in "Sandpiper Direct Payments and
    Corvid Scheduling are both cloud services" (Sandpiper found by a rule) the name it found
    elsewhere is found here too. No name that overlaps one already found."""
    names = {m.surface: m for m in found if m.label == "SYSTEM"}
    covered = sorted((m.start, m.end) for m in [*taken, *found])
    repeated: list[Mention] = []
    spellings = [(surface, first, AFTER) for surface, first in names.items()]
    spellings += [(word, first, AFTER_ALONE) for word, first in _first_words(names).items()]
    spellings += [(acronym, first, AFTER) for acronym, first in _acronyms(text, found).items()]
    for surface, first, after in spellings:
        for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}{after}", text):
            start, end = match.span()
            inside = any(s <= start and end <= e for s, e in answers)
            clash = any(s < end and start < e for s, e in covered)
            if inside and not clash:
                repeated.append(
                    Mention.of(
                        start,
                        end,
                        surface,
                        first.name,
                        "SYSTEM",
                        REPEATED,
                        first.score,
                        listed=False,
                    )
                )
                covered.append((start, end))
    return repeated
