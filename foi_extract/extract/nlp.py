"""The spaCy pipeline: a blank English tokenizer, FOI-aware sentences and the gazetteer ruler.

Components are registered factories with versioned names, so a pipeline is described by its
component list and a changed behaviour gets a new name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import cast

import numpy
import spacy
from spacy.attrs import IS_SPACE, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from thinc.types import Ints2d

from foi_extract.extract.dates import MONTHS
from foi_extract.link.gazetteer import Gazetteer, load_gazetteer
from foi_extract.rules import context_rules, resource_cache, structure_rules

GAZETTEER_SPANS = "gazetteer"
WINDOW_CHARS = 500_000
"""A longer text is parsed in windows of at most this size, joined into one Doc: half of
spaCy's `max_length`. Joining windows (`Doc.from_docs`) costs about as much as parsing them,
so a text below this size is parsed whole."""
SENTENCE_ENDS = {".", ":", "?", "!", ";"}
NOT_A_START = numpy.uint64(2**64 - 1)  # SENT_START -1 in spaCy's unsigned token arrays
MONTH_NAMES = frozenset(MONTHS)  # "to 30" / "November 2027": a date wrapped over two lines


@Language.component("foi_line_sentences_v3")
def line_sentences(doc: Doc) -> Doc:
    """Start a sentence after a blank line, and after a line break unless the line wraps.

    A line wraps when it does not end in sentence punctuation and either the next starts lower
    case or with a digit, or it ends in a word no sentence ends with ("the contract for" /
    "SystmOne") or splits a date ("to 30" / "November 2027"), as in a PDF paragraph broken
    across lines.
    """
    wrap_words, forms = line_wrap_words(), _company_forms()
    starts = doc.to_array([SENT_START])  # set at once: each token's own setter costs O(n)
    spaces = doc.to_array(IS_SPACE)  # only a token after a space token can start a line
    text = text_of(doc)
    full = _full_line(text)
    for i in numpy.flatnonzero(spaces[:-1]).tolist():
        previous, token = doc[i], doc[i + 1]
        if "\n" not in previous.text:
            continue
        before = doc[token.i - 2] if token.i >= 2 else None
        wraps = (
            previous.text.count("\n") == 1
            and before is not None
            and before.text not in SENTENCE_ENDS
            and (
                token.text[:1].islower()
                or token.text[:1].isdigit()
                or before.lower_ in wrap_words
                or (before.like_num and token.lower_.rstrip(".") in MONTH_NAMES)
                or (before.text[:1].isupper() and _company_runs_on(doc, token.i, forms))
                or _abbreviation_runs_on(text, token.idx)
                or _fills_the_line(text, previous.idx, token.idx, full)
            )
        )
        starts[token.i] = NOT_A_START if wraps else 1
    doc.from_array([SENT_START], cast(Ints2d, starts))
    return doc


WRAP_WIDTHS = (60, 130)  # the longest line of a text wrapped at a fixed width is in this range
FULL_LINE = 0.85  # a line this share of the longest is as full as the width allows
LABEL_OPENING = re.compile(r"[A-Z][\w '’&/()-]{0,40}:\s")  # "Hosting: ...": a field of its own


def _full_line(text: str) -> int | None:
    """The width a text is wrapped at (its longest line), if its lines are wrapped at one (a
    PDF's paragraphs, an e-mail's), else None (a line per paragraph, however long)."""
    longest = max(map(len, text.split("\n")), default=0)
    return longest if WRAP_WIDTHS[0] <= longest <= WRAP_WIDTHS[1] else None


def _fills_the_line(text: str, newline: int, next_start: int, full: int | None) -> bool:
    """The line that ends at `newline` is as long as the text's wrapping allows, so the line
    after it, even when it opens with a capital ("... in Brightpath" / "Early Help, a product
    of ..."), goes on with its sentence; a line that opens with a label ("Hosting: ...") or a
    mark of a list item does not."""
    first = text[next_start : next_start + 1]
    if full is None or not (first.isalpha() or (first == "(" and not _list_mark(text, next_start))):
        return False
    start = text.rfind("\n", 0, newline) + 1
    return newline - start >= FULL_LINE * full and not LABEL_OPENING.match(text, next_start)


LIST_MARK = re.compile(
    r"\((?:[a-zA-Z]|[ivxIVX]{1,4}|\d{1,2})\)"
)  # "(a) ...", "(iv) ...", "(2) ..."
BRACKETED_ABBREVIATION = re.compile(r"\((?=[A-Za-z&-]*[A-Z][A-Za-z&-]*[A-Z])[A-Za-z&-]{2,12}\)")


def _list_mark(text: str, start: int) -> bool:
    """A list item's mark opens the line at `start`: "(a)", "(iv)", "(2)"."""
    return LIST_MARK.match(text, start) is not None


def _abbreviation_runs_on(text: str, start: int) -> bool:
    """The line at `start` opens with a name's abbreviation in brackets, which stands after
    the name it abbreviates: "... the Welsh Community Care Information System" / "(WCCIS),
    supplied by ..." goes on with its sentence (a list mark, "(a)", "(iv)", does not)."""
    return BRACKETED_ABBREVIATION.match(text, start) is not None and not _list_mark(text, start)


def _company_runs_on(doc: Doc, start: int, forms: frozenset[str]) -> bool:
    """The line starting at token `start` ends a company's name begun on the line above: a
    legal form after at most three capitalised words ("supplied by Meridian Civic" / "Software
    Ltd.", "a contract with Fostrix" / "Ltd that started ...")."""
    for token in doc[start : start + 4]:
        if token.text.rstrip(".") in forms:
            return True
        if not token.text[:1].isupper():
            return False
    return False


@resource_cache
def _company_forms() -> frozenset[str]:
    return frozenset(context_rules().company_forms)


@resource_cache
def line_wrap_words() -> frozenset[str]:
    """Words a line that runs on into the next ends with (`structure.toml`)."""
    return frozenset(word.lower() for word in structure_rules().line_wrap_words)


class GazetteerRuler:
    """Marks every gazetteer alias in `doc.spans['gazetteer']`: label SYSTEM or SUPPLIER,
    `kb_id_` the canonical name, `id_` 'needs_context' for aliases that are common words."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_case = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.keys: dict[int, tuple[str, str, bool]] = {}
        wrap_pairs: set[tuple[str, str]] = set()  # neighbouring words inside an alias
        self.longest = 1
        for alias in gazetteer.aliases:
            key = f"{alias.label}|{alias.canonical}|{alias.needs_context}"
            self.keys[nlp.vocab.strings.add(key)] = (
                alias.label,
                alias.canonical,
                alias.needs_context,
            )
            matcher = self.exact_case if alias.exact_case else self.any_case
            words = nlp.make_doc(alias.text)
            matcher.add(key, [words])
            wrap_pairs.update((a.lower_, b.lower_) for a, b in pairwise(words))
            self.longest = max(self.longest, len(words))
        strings = nlp.vocab.strings
        self.hashed_pairs = {(strings.add(a), strings.add(b)) for a, b in wrap_pairs}

    def __call__(self, doc: Doc) -> Doc:
        found = [*self._matches(doc), *self._wrapped(doc)]
        spans = []
        for match_id, start, end in found:
            label, canonical, needs_context = self.keys[match_id]
            span = Span(doc, start, end, label=label, kb_id=canonical)
            span.id_ = "needs_context" if needs_context else ""
            spans.append(span)
        doc.spans[GAZETTEER_SPANS] = spacy.util.filter_spans(spans)
        return doc

    def _matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        return [*self.any_case(doc), *self.exact_case(doc)]

    def _candidate_breaks(self, doc: Doc) -> list[int]:
        """The tokens that are one line break between two words of an alias (token arrays
        compared, not strings: this runs over every line of every document)."""
        words = doc.to_array([ORTH, LOWER])
        orth, lower = words[:, 0], words[:, 1]
        newline = doc.vocab.strings.add("\n")
        pairs = self.hashed_pairs
        return [
            i
            for i in (numpy.flatnonzero(orth[1:-1] == newline) + 1).tolist()
            if (int(lower[i - 1]), int(lower[i + 1])) in pairs
        ]

    def _wrapped(self, doc: Doc) -> list[tuple[int, int, int]]:
        r"""Aliases a line break splits ("the Liquidlogic\nChildren's System"): matched in the
        words around each break that falls between two words of an alias; such a break
        starts no sentence."""
        found = []
        for i in self._candidate_breaks(doc):
            window = [t.i for t in doc[max(0, i - self.longest) : i + self.longest] if t.i != i]
            joined = Doc(doc.vocab, words=[doc[j].text for j in window])
            for match_id, start, end in self._matches(joined):
                first, last = window[start], window[end - 1]
                if first < i < last:
                    found.append((match_id, first, last + 1))
                    doc[i + 1].is_sent_start = False
        return found


@Language.factory("foi_gazetteer_ruler_v1", assigns=["doc.spans"])
def make_gazetteer_ruler(nlp: Language, name: str) -> GazetteerRuler:
    return GazetteerRuler(nlp, load_gazetteer())


def keep_cache_on(tokenizer: Tokenizer) -> None:
    """Drop the special cases of a line break, tab or space that only name themselves
    ({ORTH: text}): such a character is one token with or without one, but a special case met
    turns spaCy's tokenizer cache off for the rest of the text (spaCy #1250), so with them every
    word after a Doc's first line break was split into prefixes and suffixes anew (1.8 -> 0.1
    ms a one-page letter, the same tokens)."""
    tokenizer.rules = {
        text: rule
        for text, rule in tokenizer.rules.items()
        if text.strip() or rule != [{ORTH: text}]
    }


@resource_cache
def load_nlp() -> Language:
    """The extraction pipeline, built once per process."""
    nlp = spacy.blank("en")
    # "supplied by System C." ends a sentence: a capital letter and a full stop are two tokens
    # here, not an abbreviation (English's tokenizer keeps "C." whole); nor is a legal form's
    # ("supplied by CareWorks (UK) Ltd. The system is hosted ...": `company_forms`)
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    forms = {f"{form}." for form in _company_forms()}
    tokenizer.rules = {
        text: rule
        for text, rule in tokenizer.rules.items()
        if not (len(text) == 2 and text[0].isupper() and text[1] == ".") and text not in forms
    }
    keep_cache_on(tokenizer)
    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=^[A-Z])\."]
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("foi_line_sentences_v3")
    nlp.add_pipe("foi_gazetteer_ruler_v1")
    return nlp


TEXT_KEY = "foi_extract.text"  # Doc.user_data key of the text a Doc was made from


def parse(text: str) -> Doc:
    """The pipeline's Doc of `text`, however long (see `in_windows`)."""
    doc = in_windows(_run_pipeline, text)
    doc.user_data[TEXT_KEY] = text
    return doc


def _run_pipeline(text: str) -> Doc:
    """`load_nlp()(text)`, the Doc knowing its text from the start (`text_of`): a component
    that reads the text does not join it from the tokens again."""
    nlp = load_nlp()
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    return nlp(doc)


def text_of(doc: Doc) -> str:
    """`doc.text`, built once: spaCy joins the tokens anew on every access of `doc.text`."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)


SENTENCES_KEY = "foi_extract.sentences"  # Doc.user_data key of its sentences, once listed


def sentences(doc: Doc) -> list[Span]:
    """`list(doc.sents)`, listed once per Doc: every stage that reads sentences shares it
    (a Doc's sentences do not change once the pipeline has run)."""
    found = doc.user_data.get(SENTENCES_KEY)
    if found is None:
        found = doc.user_data[SENTENCES_KEY] = list(doc.sents)
    return cast(list[Span], found)


def span_text(span: Span) -> str:
    """`span.text`, cut from its Doc's text (`text_of`) instead of joined from its tokens: a
    span's text runs from its first token's start to its last token's end."""
    if len(span) == 0:
        return span.text
    return text_of(span.doc)[span.start_char : span.end_char]


def in_windows(make: Callable[[str], Doc], text: str, size: int | None = None) -> Doc:
    """`make(text)`, with a text longer than `size` (default `WINDOW_CHARS`) made window by
    window and the windows joined into one Doc: no document is refused for spaCy's
    `max_length`, and no stage's work on one window grows with the document. A window ends
    after a blank line, else after a line break, else after a space, so a sentence or a name
    is not cut in two (sentences never cross a blank line)."""
    size = size or WINDOW_CHARS
    if len(text) <= size:
        return make(text)
    parts = [make(text[start:end]) for start, end in windows(text, size)]
    for part in parts:
        part.user_data.clear()  # a window's own text is not the whole Doc's (parse sets that)
    return Doc.from_docs(parts, ensure_whitespace=False)


def windows(text: str, size: int) -> list[tuple[int, int]]:
    """Consecutive [start, end) spans covering `text`, each at most `size` long, cut where
    `in_windows` says."""
    spans, start = [], 0
    while len(text) - start > size:
        limit = start + size
        for mark in ("\n\n", "\n", " "):
            cut = text.rfind(mark, start + 1, limit)
            if cut > start:
                end = cut + len(mark)
                break
        else:
            end = limit
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans
