"""Mentions of systems and suppliers, from the gazetteer ruler or any other source (a model).

Facts are built from mentions whatever found them, so a trained model adds a mention source
without touching the fact builder.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace

from spacy.tokens import Doc, Span

from foi_extract.extract.findings import Decision, Finding
from foi_extract.extract.nlp import GAZETTEER_SPANS, text_of
from foi_extract.link.gazetteer import load_gazetteer
from foi_extract.rules import context_rules, resource_cache, rule_ref


@dataclass(frozen=True)
class Mention(Finding):
    """A name in the text: a finding of field `system` or `supplier` whose value is its
    gazetteer entry (`canonical`), or the name as written for a model-only name."""

    surface: str = ""
    canonical: str | None = None
    label: str = "SYSTEM"  # SYSTEM or SUPPLIER
    listed: bool = True  # False: a name the gazetteer does not list (extract/products.py)
    stated_supplier: Finding | None = None  # the supplier the shape that found it names

    def __hash__(self) -> int:
        """The hash of every field, worked out once: a mention keys many dicts and sets."""
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, name) for name in _MENTION_FIELDS))
            object.__setattr__(self, "_hash", cached)
        return int(cached)

    @classmethod
    def of(
        cls,
        start: int,
        end: int,
        surface: str,
        canonical: str | None,
        label: str,
        rule_id: str,
        score: float,
        listed: bool = True,
        stated_supplier: Finding | None = None,
    ) -> Mention:
        """The mention of `surface` at [start, end), read by `rule_id` with `score`."""
        return cls(
            label.lower(),
            canonical or surface,
            start,
            end,
            rule_id,
            score=score,
            surface=surface,
            canonical=canonical,
            label=label,
            listed=listed,
            stated_supplier=stated_supplier,
        )

    @property
    def name(self) -> str:
        """The gazetteer name, else the name as written."""
        return self.canonical or self.surface

    @property
    def extractor(self) -> str:
        return self.rule_id

    @property
    def from_model(self) -> bool:
        """Found by the trained NER model in its own sentence, not by a rule (a name it found
        that another sentence repeats is found there by a rule, `ner.repeated`)."""
        return self.rule_id.startswith("ner.model")

    @property
    def confidence(self) -> float:
        return self.score


_MENTION_FIELDS = tuple(f.name for f in fields(Mention))


MentionSource = Callable[[Doc], Iterable[Mention]]


class MentionIndex:
    """Mentions in text order, looked up by span with a binary search: a sentence's or a
    question's names without a scan of every mention (that scan is quadratic in a document's
    length when done for every sentence)."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    def between(self, start: int, end: int) -> list[Mention]:
        """The mentions that start in [start, end)."""
        first = bisect.bisect_left(self.starts, start)
        return self.mentions[first : bisect.bisect_left(self.starts, end, lo=first)]


def as_finding(mention: Mention, sentence: str = "") -> Finding:
    """The mention as the finding of a name, with the sentence it stands in."""
    return replace(mention, sentence=sentence) if sentence else mention


@resource_cache
def _software_words() -> re.Pattern[str]:
    words = "|".join(re.escape(word) for word in context_rules().software_words)
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


def has_software_context(text: str) -> bool:
    return bool(_software_words().search(text))


def software_around(sentence: str, start: int, end: int) -> bool:
    """Software words in `sentence` outside [start, end), the words they would confirm."""
    return has_software_context(f"{sentence[:start]} {sentence[end:]}")


def names_no_software(span: Span) -> bool:
    """The words around a common-word alias make it a place, a team or a person: "Eclipse
    House", "the Care First team", "Dear Mr Paris", "based in Paris"."""
    rules = context_rules()
    following = span.doc[span.end].text if span.end < len(span.doc) else ""
    before = span.doc[max(span.start - 2, 0) : span.start].text
    preceding = before.split()[-1] if before.split() else ""
    if following in rules.not_followed_by or preceding in rules.not_preceded_by:
        return True
    after = text_of(span.doc)[span.end_char : span.end_char + 12].lower()
    if after.startswith(tuple(rules.adjective_suffixes)):
        return True  # "SWIFT-style legacy databases"
    if _in_company_list(span) or _acronym_of_name_before(span):
        return True
    return span.text in rules.place_aliases and any(
        before == word or before.endswith(f" {word}") or preceding == word
        for word in rules.place_prepositions
    )


NAME_BEFORE_BRACKET = re.compile(r"((?:[A-Z][\w'’&-]*\s+(?:(?:of|and|for|&)\s+)?){2,6})\($")


def _acronym_of_name_before(span: Span) -> bool:
    """The alias stands in brackets as the acronym of the name of a body before it (a word of
    context.toml's `body_words` in it): "London Ambulance Service (LAS)" is no Liquidlogic LAS."""
    whole = text_of(span.doc)
    if whole[span.end_char : span.end_char + 1] != ")":
        return False
    name = NAME_BEFORE_BRACKET.search(whole, max(0, span.start_char - 80), span.start_char)
    if name is None:
        return False
    words = name.group(1).split()
    initials = "".join(w[0] for w in words if w[0].isupper())
    bodies = {word.lower() for word in context_rules().body_words}
    if initials.lower() != span.text.lower() or not any(w.lower() in bodies for w in words):
        return False  # the acronym of a product's own name ("Liquidlogic's Children's System")
    spelt_out = (  # "the Liquidlogic Adults' System (LAS)": the product's own acronym
        other
        for other in span.doc.spans[GAZETTEER_SPANS]
        if other.kb_id_ == span.kb_id_ and name.start(1) <= other.start_char < span.start_char
    )
    return next(spelt_out, None) is None


LIST_ITEMS = re.compile(r",|;|&|\band\b|\n")
LIST_EDGE_BEFORE = re.compile(r"(?:^|[,;&:\n]|\band)$")
LIST_EDGE_AFTER = re.compile(r"$|[,;&.\n]|and\b")


def list_items(text: str) -> list[tuple[int, int]]:
    """The spans of `text` between list separators (commas, semicolons, "and", "&", line
    breaks), empty ones included."""
    cuts = [0, *(i for m in LIST_ITEMS.finditer(text) for i in m.span()), len(text)]
    return list(zip(cuts[::2], cuts[1::2], strict=True))


def _in_company_list(span: Span) -> bool:
    """The name is one item of a list of companies: "Agilisys Limited, Quidgest, SA, SAP,
    Softcat Plc and Velocity Ltd" (context.toml `company_*`)."""
    rules = context_rules()
    whole = text_of(span.doc)
    before = whole[max(0, span.start_char - 8) : span.start_char].rstrip(" \t")
    after = whole[span.end_char : span.end_char + 8].lstrip(" \t")
    if not (LIST_EDGE_BEFORE.search(before) and LIST_EDGE_AFTER.match(after)):
        return False  # a name in a clause, not standing alone between separators
    text = span.sent.text
    start = span.start_char - span.sent.start_char
    bounds = list_items(text)
    own = next(((s, e) for s, e in bounds if s <= start < e), None)
    if own is None or text[own[0] : own[1]].strip() != span.text:
        return False  # a clause ("Mosaic is supplied by Servelec Ltd"), not a list item
    forms = set(rules.company_forms)
    companies = [
        words
        for s, e in bounds
        if (s, e) != own
        and (words := text[s:e].split())
        and len(words) <= rules.company_name_max_words
        and words[-1].rstrip(".") in forms
    ]
    return len(companies) >= rules.company_list_min


def _software_sense(
    span: Span, context_of: Callable[[int], str], named: set[str], suppliers: list[Span]
) -> bool:
    """A common-word alias is software when it names no place, team or person and the
    document names the same product unambiguously, software words stand near, or its maker
    follows it."""
    if names_no_software(span):
        return False
    return (
        span.kb_id_ in named
        or has_software_context(context_of(span.start_char))
        or _maker_after(span, suppliers)
    )


MAKER_GAP = re.compile(
    r",?\s*(?:(?:supplied|provided|developed|made|sold|licensed)\s+)?(?:by|from)\s+(?:the\s+)?"
    r"|\s*\(\s*(?:the\s+)?|\s+[–—-]\s+",  # "Mosaic (Servelec)", "Mosaic – Servelec"
    re.I,
)


def _maker_after(span: Span, suppliers: list[Span]) -> bool:
    """The product's maker (or the company that owns or bought it) follows the name as its
    source: "approved the procurement of Mosaic from Servelec", "Mosaic, supplied by Access",
    "Mosaic (Servelec)", "Mosaic – Servelec"."""
    gazetteer = load_gazetteer()
    maker = gazetteer.supplier_of(span.kb_id_)
    text = text_of(span.doc)
    return maker is not None and any(
        supplier.start_char >= span.end_char
        and MAKER_GAP.fullmatch(text, span.end_char, supplier.start_char) is not None
        and gazetteer.same_family(maker, supplier.kb_id_)
        for supplier in suppliers
    )


def gazetteer_mentions(
    doc: Doc, context_of: Callable[[int], str], trace: list[Decision] | None = None
) -> list[Mention]:
    """Gazetteer matches; common-word aliases only where `context_of(offset)` shows software
    or their maker follows them ("Mosaic from Servelec"), or where the document names the
    same product by an unambiguous name ("Liquidlogic LCS" ... "LCS and EHM: 31 March 2027.");
    `trace`, when given, receives a decision for each one left out and why."""
    mentions: list[Mention] = []
    text = text_of(doc)
    spans = sorted(doc.spans[GAZETTEER_SPANS], key=lambda s: s.start)
    named = {span.kb_id_ for span in spans if span.id_ != "needs_context"}
    suppliers = [span for span in spans if span.label_ == "SUPPLIER"]
    senses = [  # whether each common-word alias reads as software where it stands
        span.id_ == "needs_context" and _software_sense(span, context_of, named, suppliers)
        for span in spans
    ]
    # a common-word alias read as software once ("We use Mosaic, supplied by The Access
    # Group") is software too where it labels a line of the document ("Mosaic: 31 October
    # 2026" under "Contract end dates")
    sensed = {span.kb_id_ for span, sense in zip(spans, senses, strict=True) if sense}
    for span, sense in zip(spans, senses, strict=True):
        ambiguous = span.id_ == "needs_context"
        exact = span.text == span.kb_id_
        confidence = 0.75 if ambiguous else 0.95 if exact else 0.9
        kind = "context" if ambiguous else "name" if exact else "alias"
        mention = Mention.of(
            span.start_char,
            span.end_char,
            span.text,
            span.kb_id_,
            span.label_,
            rule_ref("gazetteer", kind),
            confidence,
        )
        if (
            ambiguous
            and not _listed_after(text, mentions, span.start_char)
            and not (span.kb_id_ in sensed and _labels_a_line(text, span))
            and not sense
        ):
            if trace is not None:
                why = _no_software_reason(span)
                trace.append(
                    Decision(as_finding(mention, span.sent.text.strip()), None, "rejected", why)
                )
            continue
        mentions.append(mention)
    return _merge_parenthesised(text, mentions)


LABEL_AFTER = re.compile(r"[ \t]*:[ \t]")


LABEL_INDENT = 8  # the most spaces before a label at a line's start


def _labels_a_line(text: str, span: Span) -> bool:
    """The name opens a line as its label: "Mosaic: 31 October 2026"."""
    before = text[max(0, span.start_char - LABEL_INDENT) : span.start_char]
    indent = before[before.rfind("\n") + 1 :]
    opens = not indent.strip() and ("\n" in before or span.start_char == len(before))
    return opens and LABEL_AFTER.match(text, span.end_char) is not None


def _no_software_reason(span: Span) -> str:
    if names_no_software(span):
        return "a common-word alias that names a place, a team or a person here (context.toml)"
    return "a common-word alias with no software word near it (context.toml software_words)"


LIST_JOIN = re.compile(r"^\s*(?:&|and|,|/|\+)\s*$")


def _listed_after(text: str, mentions: list[Mention], start: int) -> bool:
    """A name listed right after a product ("Liquidlogic LAS & LCS") is a product too."""
    previous = mentions[-1] if mentions else None
    return (
        previous is not None
        and previous.label == "SYSTEM"
        and bool(LIST_JOIN.match(text[previous.end : start]))
    )


def _merge_parenthesised(text: str, mentions: list[Mention]) -> list[Mention]:
    """'Liquid logic Childrens System (LCS)' is one mention, not two."""
    merged: list[Mention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.canonical == mention.canonical
            and text[previous.end : mention.start].strip() == "("
            and text[mention.end : mention.end + 1] == ")"
        ):
            end = mention.end + 1
            merged[-1] = Mention.of(
                previous.start,
                end,
                text[previous.start : end],
                previous.canonical,
                previous.label,
                previous.extractor,
                previous.confidence,
            )
        else:
            merged.append(mention)
    return merged
