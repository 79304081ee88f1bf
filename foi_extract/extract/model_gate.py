"""Where a product name only the NER model found stands as a product (rule `ner.model`).

The model reads any capitalised run in a sentence about software as a possible product. On
development text it never trained on (`pipelines/ner/crossval.py`, `data/gold_names`) its
false names were pieces of longer names, teams and services, committees, places and labels.
Each check below refuses one such shape, by the words around the name, never by the name; the
vocabulary is in `rules/context.toml` (`model_*`, `body_words`) and `rules/products.toml`
(`not_products`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span

from foi_extract.extract.mentions import list_items
from foi_extract.rules import context_rules, product_rules, resource_cache


@dataclass(frozen=True)
class Candidate:
    """A SYSTEM name the model found: its span in the sentence's Doc, the other names in that
    sentence (character spans in it: the model's and the rules'), and the document's text."""

    ent: Span
    names: list[tuple[int, int]]
    document: str
    offset: int = 0  # where the sentence starts in the document

    @property
    def following(self) -> str:
        doc = self.ent.doc
        return doc[self.ent.end].text if self.ent.end < len(doc) else ""

    @property
    def head_follows(self) -> bool:
        """A software word or a bracket right after the name ("the Lantern module",
        "Lantern (brokerage)")."""
        return self.following in context_rules().model_single_word_heads or self.following == "("

    def free_capitals(self, i: int, step: int) -> int:
        """How many capitalised words that belong to no other name run from token `i`."""
        doc, heads = self.ent.doc, set(context_rules().model_single_word_heads)
        run = 0
        while 0 <= i < len(doc) and doc[i].text[:1].isupper() and doc[i].text not in heads:
            if any(s <= doc[i].idx < e for s, e in self.names):
                break
            run, i = run + 1, i + step
        return run


@resource_cache
def _body_words() -> frozenset[str]:
    return frozenset(word.lower() for word in context_rules().body_words)


def _is_body_word(word: str) -> bool:
    return word.lower().strip("()'’.,") in _body_words()


def _followed_by_a_body_word(candidate: Candidate) -> bool:
    """ "the First Point of Contact team", "the Leaving Care service", "PQQ & ITT stages"."""
    rules = context_rules()
    following = candidate.following
    return following in rules.not_followed_by or following in rules.model_not_followed_by


def _fragment(candidate: Candidate) -> bool:
    """A piece of a longer capitalised name: "Craven Health" of "Bradford Craven Health
    Partnership", or of "Craven Health and Care Partnership" (across a joiner, two more
    capitalised words; one may be another product the model missed: "Carewise and PayBridge")."""
    ent, doc = candidate.ent, candidate.ent.doc
    after, before = ent.end, ent.start - 1
    opens_clause = before < 1 or doc[before - 1].is_punct or doc[before - 1].is_space
    if candidate.free_capitals(after, 1) or (
        candidate.free_capitals(before, -1) and not opens_clause
    ):
        return True
    joiners = set(context_rules().model_name_joiners)
    if candidate.following in joiners and candidate.free_capitals(after + 1, 1) >= 2:
        return True
    return (
        before >= 1 and doc[before].text in joiners and candidate.free_capitals(before - 1, -1) >= 2
    )


WRAPPED_LINE = re.compile(r"(?:\S+[ \t]+){4,}[A-Z][\w'’&-]*[ \t]*\n[ \t]*$")


RUNS_ON = re.compile(r"[ \t]*\n[ \t]*[A-Z][\w'’&-]*(?:,|[ \t]+[a-z(])")


def _runs_on_over_a_line(candidate: Candidate) -> bool:
    """The start of a name wrapped over a line: a line of prose ends with the name and no stop,
    and the next opens with a capitalised word that goes on the sentence ("a brokerage
    system, Harbour Care\nExchange, from ..."): the name is longer than the model read."""
    start = candidate.offset + candidate.ent.start_char
    end = candidate.offset + candidate.ent.end_char
    line_start = candidate.document.rfind("\n", 0, start) + 1
    prose = len(candidate.document[line_start:start].split()) >= 4
    return prose and RUNS_ON.match(candidate.document, end) is not None


def _wrapped_fragment(candidate: Candidate) -> bool:
    """The end of a name wrapped over a line: a line of prose ends in a capitalised word with
    no stop after it, and the name opens the next ("... adults use Stromlight\nCaseBook, a case
    management system"): the sentence splitter may have cut it there."""
    start = candidate.offset + candidate.ent.start_char
    line_start = candidate.document.rfind("\n", 0, max(start - 1, 0)) + 1
    return WRAPPED_LINE.search(candidate.document, line_start, start) is not None


def _chain_to_a_body(candidate: Candidate) -> bool:
    """The first part of a body's name listed out: "the IJB Finance, Audit and Scrutiny
    Committee" (capitalised words, joiners and commas running on to a body word)."""
    doc = candidate.ent.doc
    joiners = {*context_rules().model_name_joiners, ","}
    last, i = None, candidate.ent.end
    while i < len(doc) and (doc[i].text in joiners or doc[i].text[:1].isupper()):
        if doc[i].text not in joiners:
            last = doc[i].text
        i += 1
    return last is not None and _is_body_word(last)


def _in_a_list_of_bodies(candidate: Candidate) -> bool:
    """An item of a list of teams and services ("Used by: the Front Door, Locality Teams,
    Doncaster Reablement Hub, Safeguarding Adults Hub"): at least `body_list_min` other items
    hold a body word."""
    ent = candidate.ent
    text = ent.doc.text
    items = [(s, e) for s, e in list_items(text) if text[s:e].strip()]
    others = [(s, e) for s, e in items if e <= ent.start_char or s >= ent.end_char]
    bodies = [1 for s, e in others if any(_is_body_word(word) for word in text[s:e].split())]
    return len(bodies) >= context_rules().body_list_min


LIST_THEN_BRACKET = re.compile(
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,5})*\s*\(([^()]{0,120})\)"
)


def _described_as_bodies(candidate: Candidate) -> bool:
    """A name (or a list of names) that a bracket after it calls teams or services: "Porth
    Gofal and Porth Cynnal (the Council's wellbeing and social care services)"."""
    ent = candidate.ent
    described = LIST_THEN_BRACKET.match(ent.doc.text, ent.end_char)
    return described is not None and any(_is_body_word(w) for w in described.group(1).split())


def _names_a_body_in_brackets(candidate: Candidate) -> bool:
    """The proper name of a team or service just named: "the Leaving Care service (Rotherham
    Leaving Care Hub)"."""
    before = candidate.ent.doc.text[: candidate.ent.start_char].rstrip()
    if not before.endswith("("):
        return False
    words = before[:-1].split()
    return bool(words) and _is_body_word(words[-1])


def _acronym_of_a_body(candidate: Candidate) -> bool:
    """An acronym the document defines as a body's ("Multi-Agency Safeguarding Hub (MASH)"),
    or one a "the" introduces with no software word after it ("colleagues in the MASH use")."""
    acronym, doc = candidate.ent.text, candidate.ent.doc
    if not (acronym.isupper() and acronym.isalpha()):
        return False
    before = candidate.ent.start - 1
    heads = context_rules().model_single_word_heads
    if before >= 0 and doc[before].lower_ == "the" and candidate.following not in heads:
        return True
    definitions = re.finditer(rf"([\w'’]+)\s*\(\s*{re.escape(acronym)}\s*\)", candidate.document)
    return any(_is_body_word(match.group(1)) for match in definitions)


@resource_cache
def _office_tool_appositive() -> re.Pattern[str]:
    tools = sorted(product_rules().name.not_products, key=len, reverse=True)
    return re.compile(rf"^\s*,\s*(?:an?|the)\s+(?:{'|'.join(map(re.escape, tools))})\b")


def _described_as_office_tool(candidate: Candidate) -> bool:
    """An office tool's document or site: "the Norfolk Provider Portal, a SharePoint site"."""
    after = candidate.ent.doc.text[candidate.ent.end_char :]
    return _office_tool_appositive().match(after) is not None


def _single_plain_word(candidate: Candidate) -> bool:
    """One ordinary capitalised word ("Milestone", "Hertford") names a product only right
    before a software word or a bracket ("the Lantern module", "Lantern (brokerage)")."""
    ent = candidate.ent
    word = ent.text
    if len(ent) != 1 or not word.istitle() or any(char.isdigit() for char in word):
        return False
    return not candidate.head_follows


MAKER_AFTER = re.compile(r"\b(?:supplied|provided|developed|licensed|sold|built) by\s+[A-Z]")
FROM_MAKER = re.compile(r"^\W{0,3}from\s+(?:the\s+)?[A-Z]")


def _unsupported(candidate: Candidate) -> bool:
    """No second source stands for the name: the document names it once, no software word or
    bracket follows it ("the Pathway Planner app") and its sentence names no maker after it
    ("..., supplied by Cobalt Ltd", "Pathway Planner from Cobalt")."""
    if candidate.head_follows:
        return False
    ent = candidate.ent
    rest = ent.doc.text[ent.end_char :]
    if MAKER_AFTER.search(rest) or FROM_MAKER.match(rest):
        return False
    return candidate.document.count(ent.text) < 2


def _user_of_software(candidate: Candidate) -> bool:
    """The subject of a verb of using with software after it in its clause: an organisation
    or a team that uses a system ("Worcestershire Children First uses the children's
    system", "Ashby Care shares Mosaic with ...")."""
    rules = context_rules()
    if candidate.following.lower() not in rules.model_user_verbs:
        return False
    doc, after = candidate.ent.doc, candidate.ent.end + 1
    clause_end = next((t.i for t in doc[after:] if t.is_punct and t.text != "'"), len(doc))
    heads = {word.lower() for word in rules.model_single_word_heads}
    if any(t.lower_ in heads for t in doc[after:clause_end]):
        return True
    clause = (doc[after].idx, doc[clause_end - 1].idx + 1) if clause_end > after else (0, 0)
    return any(clause[0] <= start < clause[1] for start, _ in candidate.names)


POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")  # a UK postcode


def _heads_an_address(candidate: Candidate) -> bool:
    """A building's name: the document writes it at the head of an address, a postcode after
    it on its line and no full stop between ("Tameside One, Market Place, Ashton OL6 6BH")."""
    address = rf"{re.escape(candidate.ent.text)},[^\n.]{{0,80}}?{POSTCODE.pattern}"
    return re.search(address, candidate.document) is not None


def _a_role(candidate: Candidate) -> bool:
    """A person's role, by the name's last word ("Principal Social Worker", "Systems Lead")."""
    return candidate.ent[-1].lower_ in context_rules().model_role_words


CHECKS: dict[str, Callable[[Candidate], bool]] = {
    "followed by a word of a body, team or place": _followed_by_a_body_word,
    "a piece of a longer capitalised name": _fragment,
    "the end of a name wrapped over a line": _wrapped_fragment,
    "the start of a name wrapped over a line": _runs_on_over_a_line,
    "the start of a body's name": _chain_to_a_body,
    "an item of a list of teams and services": _in_a_list_of_bodies,
    "the name of a team or service in brackets": _names_a_body_in_brackets,
    "a name a bracket after it calls a team or service": _described_as_bodies,
    "an acronym of a body": _acronym_of_a_body,
    "an office tool's document or site": _described_as_office_tool,
    "the user of a system, not a system": _user_of_software,
    "a person's role": _a_role,
    "a building at the head of an address": _heads_an_address,
    "a single ordinary word without a software word after it": _single_plain_word,
    "a name no second source supports": _unsupported,
}


def refusal(candidate: Candidate) -> str | None:
    """Why the model's name does not stand as a product here, or None when it does."""
    return next((why for why, check in CHECKS.items() if check(candidate)), None)
