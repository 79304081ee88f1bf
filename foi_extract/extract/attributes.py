"""The attributes a sentence states, read onto the facts it speaks of: hosting, purpose,
dates, extension options, status and suppliers.

A phrase goes to the system it describes: one whose name contains it, else the closest before
it in the same clause, else the closest after it (with the rest of that system's list: "LCS and
LAS end on 31.03.2027"); a sentence naming no system gives it to the systems it speaks of.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from foi_extract.extract.cells import header_at
from foi_extract.extract.crossref import (
    contrasts_in,
    exceptions_in,
    pronoun_subject,
    quantifier_in,
)
from foi_extract.extract.dates import date_cue, dates_with_roles, extension_in
from foi_extract.extract.draft import AnswerSentence, FactDraft, Key
from foi_extract.extract.findings import Finding, Source
from foi_extract.extract.hosting import host_organisations, hosting_phrases, stretches
from foi_extract.extract.mentions import Mention
from foi_extract.extract.nlp import span_text
from foi_extract.extract.phrases import purposes_in
from foi_extract.extract.status import status_finding
from foi_extract.extract.suppliers import (
    current_supplier,
    link_suppliers,
    states_a_supplier,
    suppliers_standing_for_products,
)
from foi_extract.link.gazetteer import Gazetteer
from foi_extract.structure.blocks import Area, service_area_named
from foi_extract.structure.tables import system_column

STOP = re.compile(r"[;:]|\.\s")  # a clause that ends: a date after it is not the replacer's
PURPOSE_QUESTION = re.compile(r"used? (?:the system |it )?for|purpose|function", re.IGNORECASE)
LIST_JOIN = re.compile(
    r"^\s*(?:\([^)]{0,40}\)\s*)?"
    r"(?:,|and|&|or|,\s*and|,?\s*(?:together|along) with|,?\s*as well as)?\s*$"
)
TOGETHER = re.compile(
    r"^\s*,?\s*(?:together with|along with|as well as|as did|and so did)\s+(?:the\s+)?$"
)
CLAUSE_BREAK = re.compile(
    r"\band\b(?!\s+(?:now |still |currently |also )?(?:has been |have been |was |were |is |are )?"
    r"(?:used|in use|live|went live|"
    r"go[- ]live|runs?|expires?|ends?|renew\w*|commenced|started|implemented)\b)"
    r"|\bbut\b|;|,(?!\s*(?:which|who|that|also|supplied|provided|from|since|until|in use)\b)"
    r"|\bwhile\b|\bwhereas\b"
)  # a relative clause ("Mosaic, which went live in 2016") still speaks of the name before it


def _source(direct: bool) -> Source:
    return "direct" if direct else "cross_reference"


def _at(sentence: AnswerSentence, found: Finding, source: Source) -> Finding:
    """A finding read on the sentence's own text, placed in the document, with its source."""
    moved = found.moved(sentence.span.start_char)
    return replace(moved, source=source, sentence=span_text(sentence.span).strip())


def status_in(sentence: AnswerSentence, mention: Mention) -> Finding | None:
    """The status the sentence states for a system it names (extract/status.py), read once
    for each name (the fact builder and the attribute reader both ask)."""
    if mention not in sentence.statuses:
        text, cells, base = sentence.text, sentence.cells, sentence.span.start_char
        found = status_finding(text, mention, sentence.systems, cells, base)
        sentence.statuses[mention] = found
    return sentence.statuses[mention]


def _row_facts(sentence: AnswerSentence, direct: list[FactDraft], position: int) -> list[FactDraft]:
    """The facts a table row holding `position` in a headed cell is about: the systems named
    in that row's System (Product, Software...) column."""
    cell = header_at(sentence.cells, position)
    if cell is None or not cell.header:
        return []
    by_key = {fact.key: fact for fact in direct}
    base = sentence.span.start_char
    in_row = [
        (mention, own)
        for mention in sentence.systems
        if (own := header_at(sentence.cells, mention.start - base)) is not None
        and own.same_row(cell)
        and own is not cell
    ]
    subjects = [m for m, own in in_row if system_column(own.header)]
    if not subjects and in_row:  # no System column: the row's first cell naming systems
        first = in_row[0][1]  # ("Contract title: Children's case management (LCS) and EHM")
        subjects = [m for m, own in in_row if own is first]
    facts = [fact for m in subjects if (fact := by_key.get(sentence.key(m)))]
    return list(dict.fromkeys(facts))


def _described(
    text: str,
    targets: list[FactDraft],
    systems: list[Mention],
    start: int,
    end: int,
    opening: int | None = None,
) -> list[FactDraft]:
    """The facts a phrase at [start, end) describes: a system whose name contains it, else the
    closest before it in the same clause, else the closest after it, else those of a label
    opening the sentence (that starts at `opening`), else the only one. A system in a list
    ("LCS and LAS ends on ...") brings the rest of its list."""
    by_name = {fact.mention.name: fact for fact in targets}
    named = [m for m in systems if m.name in by_name]
    around = [m for m in named if m.start <= start and end <= m.end]
    before = [
        m
        for m in named
        if m.end <= start and not _breaks(text[m.end : start]) and not _aside(text, named, m, start)
    ]
    after = [m for m in named if m.start >= end and not CLAUSE_BREAK.search(text[end : m.start])]
    # "The contract, which covers both LCS and EHM, ends on ...": the subject names no system,
    # the relative clause after it does
    covered = [
        m
        for m in named
        if m.end <= start and _closes_clause_of(text, listed_with(text, named, m), start)
    ]
    candidates = around or before[-1:] or covered[-1:] or after[:1]
    if not candidates and named and _pronoun_clause(text, named[-1].end, start):
        # "X is an add-on to LCS that ...; it has been in use since April 2021": the clause's
        # "it" is the sentence's subject, the system it names first
        candidates = named[:1]
    if (
        not candidates
        and named
        and not after
        and PLURAL_PREDICATE.search(text, named[-1].end, start)
    ):
        # "The agreement with X for LCS and LAS, and its agreement with OCC for ContrOCC, run
        # until ...": a plural verb after every name speaks of them all
        return list(dict.fromkeys(by_name[m.name] for m in named))
    if not candidates and opening is not None:
        candidates = [m for m in named if _labels(text, named, m, opening, start)]
    if not candidates:
        return list(by_name.values()) if len(by_name) == 1 else []
    chosen = _bracketed_with(text, named, candidates[0], start) or listed_with(
        text, named, candidates[0]
    )
    chosen += [m for m in named if m.start >= end and TOGETHER.match(text[end : m.start])]
    chosen += [  # "ContrOCC ... went live together with LAS in October 2020": both went live
        m
        for m in named
        if m.end <= chosen[0].start
        and date_cue("went_live_with").search(gap := text[m.end : chosen[0].start])
        and not STOP.search(gap)
    ][-1:]
    return list(dict.fromkeys(by_name[m.name] for m in chosen))


BRACKET_OPENING = re.compile(
    r"\(\s*(?:(?:covering|including|for|namely|comprising|i\.e\.,?|which covers?)\s+)?"
    r"(?:both\s+|all\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)


BRACKET_REACH = 120  # the farthest a bracket's "(" stands before a name it holds


def _bracket_around(text: str, mention: Mention, start: int) -> tuple[int, int] | None:
    """The bracket `mention` stands in, when it closes before `start`: (its "(", its ")").
    (`text` is the document's: the search looks only a sentence's length around the name.)"""
    opened = text.rfind("(", max(0, mention.start - BRACKET_REACH), mention.start)
    if opened < 0 or text.find(")", opened, mention.start) >= 0:
        return None
    closed = text.find(")", mention.end, start)
    return (opened, closed) if closed >= 0 else None


def _bracket_list(text: str, named: list[Mention], bracket: tuple[int, int]) -> list[Mention]:
    """The systems `bracket` lists, when it opens on a name ("(LAS, ..."), not on a word about
    one ("(which replaced CareFirst)"), and holds two or more."""
    inside = [m for m in named if bracket[0] < m.start and m.end <= bracket[1]]
    if len(inside) < 2 or not BRACKET_OPENING.search(text, bracket[0], inside[0].start):
        return []
    return inside


def _bracketed_with(text: str, named: list[Mention], mention: Mention, start: int) -> list[Mention]:
    """The systems a bracket lists after the subject of the phrase at `start`, when `mention` is
    one of them and the bracket closes before the phrase: "The System C managed service
    contract (LAS, LCS and the ContrOCC licences resold under it) started on ..." dates all
    three."""
    bracket = _bracket_around(text, mention, start)
    return _bracket_list(text, named, bracket) if bracket else []


def _aside(text: str, named: list[Mention], mention: Mention, start: int) -> bool:
    """`mention` stands in a bracket after another system's name that closes before the phrase
    at `start` and does not list the subject's systems: an aside ("ContrOCC (the finance
    module of LAS) went live ...", "the contract for ContrOCC (not LAS or LCS) started ...")
    is not the phrase's subject."""
    bracket = _bracket_around(text, mention, start)
    if bracket is None or _bracket_list(text, named, bracket):
        return False
    return any(
        m.name != mention.name and m.end <= bracket[0] and not text[m.end : bracket[0]].strip()
        for m in named
    )


LABEL_COLON = re.compile(r"[ \t]*\)?[ \t]*:")
LABEL_HEAD = re.compile(r"[^.;:!?]{0,40}$")


def _labels(text: str, named: list[Mention], mention: Mention, opening: int, start: int) -> bool:
    """`mention` (with the names listed with it) is the label before a colon that opens the
    sentence starting at `opening`, and `start` follows it: the sentence speaks of them in all
    its clauses ("Liquidlogic (LCS, LAS and EHM): the contract started on ...; it now ends on
    30 September 2026")."""
    if mention.end > start or mention.start < opening:
        return False
    listed = listed_with(text, named, mention)
    colon = LABEL_COLON.match(text, listed[-1].end)
    return (
        colon is not None
        and colon.end() <= start
        and LABEL_HEAD.match(text, opening, listed[0].start) is not None
    )


PLURAL_PREDICATE = re.compile(
    r"(?:,\s+(?:both |all |each )?"
    r"|[,;]\s+(?:both|all|all \w+|each of the) (?:contracts|agreements|licen[cs]es) )"
    r"(?:run|end|expire|terminate|continue"
    r"|are (?:due|set) to (?:end|expire|run)"
    r"|(?:were|have been) (?:renewed|extended|awarded|signed))\b[^,;.]*$"
)
"""A plural verb after a list of subjects: "..., and its agreement with OCC for ContrOCC, run
until", "... uses LAS; both contracts end on" (the date then speaks of every system named
before it)."""


OWN_CLAUSE = re.compile(
    r"(?:\s+[A-Za-z]+){0,2}(?:\s*\([^()]{1,60}\))?(?:\s*,[^,;.]{1,40})?"
    r"(?:\s*,\s*(?:which|that)\b[^,;.]*"
    r"|(?:\s*,|\s+and)\s+(?:(?:had |has )?been |was |were )?(?:used|in use|in place)\b[^,;.]*)$"
)
"""A relative clause opened right after a name (and a word or two naming what it is, or a
bracket), or after a short appositive of it, or a participle of its own use: "replacing SWIFT,
which had been used since", "replacing CareFirst, also supplied by OLM, which ...", "replaced
the Corelogic Frameworki system, which ...", "Care First (OLM), which was used ... from",
"Frameworki (Corelogic), used from", "moved from Framework-i, supplied by Corelogic and used
since"."""


def _in_clause_of(text: str, systems: list[Mention], dated: list[FactDraft], start: int) -> bool:
    """The date at `start` stands in a relative clause of one of the `dated` systems' names:
    it is that system's own ("..., replacing SWIFT, which had been used since 2002")."""
    names = {fact.mention.name for fact in dated}
    return any(
        m.name in names and m.end <= start and OWN_CLAUSE.match(text, m.end, start) for m in systems
    )


RELATIVE_CLAUSE = re.compile(
    r",\s*(?:(?:which|who|that)\b|(?:also |now |originally )?"
    r"(?:supplied|provided|developed|made|licensed|built|hosted) by\b)[^,;.]*,"
)
"""A parenthetical relative clause or maker: "Mosaic, which replaced CareFirst, went live in
2016", "Eclipse, supplied by OLM Systems, had gone live on ..."."""
OPEN_RELATIVE_CLAUSE = re.compile(r",\s*(?:which|who|that)\b[^,;.]*$")


BOTH_AND = re.compile(
    r"\bboth\s+[\w'’-]+\s+and\b"
    r"|\b(?:adults?|adult['’]s|children|children['’]s)\s+(?:and|&)\s+(?=adult|child|famil|young)",
    re.IGNORECASE,
)
"""Two words joined by "both ... and" ("for both adult and children's social work"), or the
two service areas ("went live for adults and children on ..."): one phrase, no second
clause."""


def _pronoun_clause(text: str, after: int, start: int) -> bool:
    """The clause that `start` stands in, after the last break since `after`, opens with a
    pronoun subject."""
    breaks = list(CLAUSE_BREAK.finditer(text, after, start))
    return bool(breaks) and pronoun_subject(text[breaks[-1].end() : start])


def _breaks(gap: str) -> bool:
    """A clause ends in `gap`, a parenthetical relative clause and a "both ... and" pair in it
    aside."""
    return CLAUSE_BREAK.search(BOTH_AND.sub(" ", RELATIVE_CLAUSE.sub(" ", gap))) is not None


def _closes_clause_of(text: str, listed: list[Mention], start: int) -> bool:
    """A name (with the names `listed` with it: "which covers LCS, LAS and EHM") stands in a
    relative clause whose closing comma is the only break between it and `start`: the clause
    describes the subject of the verb at `start`."""
    first, last = listed[0], listed[-1]
    if not OPEN_RELATIVE_CLAUSE.search(text, max(0, first.start - 120), first.start):
        return False
    gap = text[last.end : start]
    comma = gap.find(",")
    return comma >= 0 and not _breaks(gap[:comma]) and not _breaks(gap[comma + 1 :])


def listed_with(text: str, named: list[Mention], chosen: Mention, base: int = 0) -> list[Mention]:
    """`chosen` and the systems listed with it ("LCS, LAS and EHM"); `text` starts at document
    offset `base` (a sentence's text)."""
    index = named.index(chosen)

    def joined(left: Mention, right: Mention) -> bool:
        return LIST_JOIN.match(text[left.end - base : right.start - base]) is not None

    first = last = index
    while first > 0 and joined(named[first - 1], named[first]):
        first -= 1
    while last + 1 < len(named) and joined(named[last], named[last + 1]):
        last += 1
    return named[first : last + 1]


def read_hosting(
    sentence: AnswerSentence,
    named: dict[Mention, FactDraft],
    implied: list[FactDraft],
    everyone: Callable[[], list[FactDraft]] = list,
) -> None:
    """Each stretch's hosting phrase goes to the systems named in that stretch; else to those
    of the nearest stretch before (then after) that names one; else to the system in play. A
    phrase whose subject is a word for every system ("All of the systems are hosted by ...")
    goes to `everyone` but those the sentence excepts."""
    base, text = sentence.span.start_char, sentence.text
    organisations = host_organisations(text, sentence.suppliers, base)
    hits = hosting_phrases(text, sentence.suppliers, base, organisations)
    names = [*sentence.systems, *sentence.suppliers]
    hits = [hit for hit in hits if not _of_another_name(text, base, hit.start, names)]
    if not hits:
        return
    bounds = stretches(text)
    systems_in = [[m for m in named if s <= m.start - base < e] for s, e in bounds]
    source = _source(bool(named))
    set_apart = excepted(text, base, list(named))  # "Unlike WCCIS, ContrOCC runs on ..."
    for index, (start, end) in enumerate(bounds):
        said = [hit for hit in hits if start <= hit.start < end]
        if not said:
            continue
        hosts = [org for org in organisations if start <= org.start < end]
        quantified, subject = _quantified(text, base, start, said, systems_in[index])
        if quantified and named:  # else the cross-reference already spoke of them all
            others = {named[m] for m in set_apart}
            read = [_at(sentence, hit, source) for hit in [*quantified, *hosts]]
            for fact in dict.fromkeys([*(named[m] for m in subject), *everyone()]):
                if fact not in others:
                    fact.offer(read, (sentence.index, index))
            said = [hit for hit in said if hit not in quantified]
            if not said:
                continue
        nearby = systems_in[index] or next(
            (found for found in [*systems_in[index::-1], *systems_in[index:]] if found), []
        )
        for group, targets in _hosting_subjects(text, base, said, hosts, nearby):
            read = [_at(sentence, hit, source) for hit in group]
            kept = [m for m in targets if m not in set_apart] or targets
            for fact in dict.fromkeys([named[m] for m in kept] if named else implied):
                fact.offer(read, (sentence.index, index))


RELATIVE_OPENING = re.compile(
    r",\s*(?:which|who)\s+(?:is|are|was|were)\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE
)
"""A relative clause opening before a phrase: ", which is hosted by", ", who are run by"."""
ANTECEDENT = re.compile(r"\b[A-Z][\w'’-]*\)?\s*$")


def _of_another_name(text: str, base: int, start: int, names: Sequence[Mention]) -> bool:
    """The phrase at `start` stands in a relative clause whose antecedent is a proper name that
    is no system or supplier the sentence names: it speaks of that organisation ("Adoption
    Tees Valley, which is hosted by Stockton on behalf of five councils", "the Health and
    Social Care Partnership, which is hosted jointly with NHS Fife")."""
    opening = RELATIVE_OPENING.search(text, max(0, start - 60), start)
    if opening is None:
        return False
    antecedent = ANTECEDENT.search(text, max(0, opening.start() - 60), opening.start())
    if antecedent is None:
        return False
    at = antecedent.start()
    if text[at - 1 : at] == "(":  # an acronym in brackets stands for the name before it
        return False
    return not any(m.start <= base + at < m.end for m in names)


def _quantified(
    text: str, base: int, start: int, said: list[Finding], systems: list[Mention]
) -> tuple[list[Finding], list[Mention]]:
    """The hosting phrases of a stretch (from `start`, naming `systems`) whose subject is a
    word for every system that opens it ("All of the above systems are hosted by ..."), with
    the systems listed with that word ("Both Liquidlogic systems and ContrOCC are ...")."""
    cue = quantifier_in(text, start, min(hit.start for hit in said))
    if cue is None or any(m.start - base < cue.start() for m in systems):
        return [], []
    subject, end = [], cue.end()
    for m in systems:
        if m.start - base >= end and LIST_JOIN.match(text[end : m.start - base]):
            subject.append(m)
            end = m.end - base
    governed = [
        hit
        for hit in said
        if hit.start >= end and not any(end <= m.start - base < hit.start for m in systems)
    ]
    return governed, subject if governed else []


EXCEPTED_GAP = re.compile(r"\s*(?:the |our )?(?:[\w-]+ ){0,2}?")


def excepted(text: str, base: int, named: list[Mention]) -> set[Mention]:
    """The systems a sentence takes out of a word for them all ("with the exception of
    ContrOCC", "except LAS and EHM"), with the names listed with them; and the one system a
    contrast sets apart ("Unlike WCCIS, ContrOCC runs on ...": WCCIS alone)."""
    out: set[Mention] = set()
    for cue in exceptions_in(text):
        if first := _named_right_after(text, base, named, cue.end()):
            out.update(listed_with(text, named, first, base))
    for cue in contrasts_in(text):
        if first := _named_right_after(text, base, named, cue.end()):
            out.add(first)
    return out


def _named_right_after(text: str, base: int, named: list[Mention], end: int) -> Mention | None:
    """The first of `named` after `end` of `text`, when at most a word or two stand between."""
    after = next((m for m in named if m.start - base >= end), None)
    return after if after and EXCEPTED_GAP.fullmatch(text, end, after.start - base) else None


def _hosting_subjects(
    text: str, base: int, said: list[Finding], hosts: list[Finding], nearby: list[Mention]
) -> list[tuple[list[Finding], list[Mention]]]:
    """Which of a stretch's systems each hosting phrase speaks of. Where a system is named
    between two phrases ("LCS is hosted in the Council's data centre ..., and SystmOne is
    hosted by TPP"), each phrase is its subject's, the last system named before it (with those
    listed with it: "LCS and LAS are hosted by ..."); else every phrase is every system's."""
    hits = [*said, *hosts]
    first, last = min(h.start for h in said), max(h.start for h in said)
    if not any(first < m.start - base < last for m in nearby):
        return [(hits, nearby)]
    groups: dict[int, list[Finding]] = {}
    for hit in hits:
        before = [i for i, m in enumerate(nearby) if m.start - base < hit.start]
        groups.setdefault(before[-1] if before else 0, []).append(hit)
    return [(group, listed_with(text, nearby, nearby[i], base)) for i, group in groups.items()]


ASKS_WHICH = re.compile(
    r"\b(?:which|what)\b[^?]{0,40}\b(?:system|software|product|application)s?\b", re.I
)


def _purpose_from_question(sentence: AnswerSentence, question: str, fact: FactDraft) -> None:
    """ "Which system is used for finance? ContrOCC.": the one purpose the question names."""
    asked = purposes_in(question)
    if ASKS_WHICH.search(question) and len({hit.value for hit in asked}) == 1:
        found = replace(asked[0], start=0, end=0)  # read in the question, placed at the answer
        fact.offer([_at(sentence, found, "cross_reference")], (sentence.index, 0))


CONTRACT_DATES = ("contract_start", "contract_end")


def read_attributes(
    sentence: AnswerSentence,
    doc_text: str,
    direct: list[FactDraft],
    implied: list[FactDraft],
    today: date | None,
    in_play: Sequence[FactDraft] = (),
    parties: Sequence[FactDraft] = (),
    by_area: Mapping[Area | None, list[FactDraft]] | None = None,
) -> None:
    """The purposes, dates, extension and status a sentence states, offered to the facts they
    describe; `in_play`, the systems the answer spoke of before it ("It went live in May 2017,
    replacing Paris": the date is theirs, not Paris's); `parties`, the products of the
    suppliers it names as a contract's party (`crossref.contract_parties`): its contract
    dates are theirs too, below what their own sentences say; `by_area`, the systems in use
    in each service area (the one of "the children's system")."""
    by_area = by_area or {}
    question, text, base = sentence.question, sentence.text, sentence.span.start_char
    source = _source(bool(direct))
    reading = (sentence.index, 0)
    purposes = purposes_in(text)
    if direct and question and len(direct) == 1 and not purposes:
        _purpose_from_question(sentence, question, direct[0])
    for hit in purposes:
        start, end = base + hit.start, base + hit.end
        if direct:
            described = _described(doc_text, direct, sentence.systems, start, end)
        elif len(implied) == 1 and question and PURPOSE_QUESTION.search(question):
            described = implied
        else:
            described = []
        for fact in described:
            fact.offer([_at(sentence, hit, source)], reading)
    ended: list[FactDraft] = []  # facts this sentence gives a contract end
    for dated_at in dates_with_roles(text, question, today, sentence.cells, sentence.label):
        start, end = base + dated_at.start, base + dated_at.end
        by_row = _row_facts(sentence, direct, dated_at.start)
        if by_row:  # a date in a table row's cell is the system's its row is about
            dated = by_row
        elif direct:
            dated = _described(doc_text, direct, sentence.systems, start, end, base)
        else:
            dated = implied
        if (
            dated_at.field == "in_use_since"
            and not by_row
            and dated
            and all(fact.replaced for fact in dated)
            and not _in_clause_of(doc_text, sentence.systems, dated, start)
        ):
            # "Mosaic replaced Frameworki in November 2017": the date is Mosaic's go-live
            by_key = {fact.key: fact for fact in direct}
            replacers = [
                by_key[key]
                for m in sentence.systems
                if m.end <= start
                and not STOP.search(doc_text, m.end, start)  # in the same clause as the date
                and (key := sentence.key(m)) in by_key
                and not by_key[key].replaced
            ]
            if not replacers:  # "In 2019 we switched from CareFirst to Mosaic"
                replacers = [
                    by_key[key]
                    for m in sentence.systems
                    if m.start >= end
                    and not STOP.search(doc_text, end, m.start)
                    and (key := sentence.key(m)) in by_key
                    and not by_key[key].replaced
                ][:1]
            subject = _subject_before_name(doc_text, base, sentence.systems)
            if not replacers and not any(m.end <= start for m in sentence.systems):
                replacers = [fact for fact in in_play if not fact.replaced][-1:]
            elif not replacers and subject:  # "The children's system replaced CareFirst in ..."
                area = service_area_named(subject)
                pool = by_area.get(area, []) if area in ("children", "adults") else in_play
                current = [fact for fact in pool if not fact.replaced]
                replacers = current if len(current) == 1 else []  # the one, else unknown
            replacers = [
                fact
                for fact in replacers
                if not any(
                    date_cue("before_frame").match(doc_text[base : m.start])
                    for m in sentence.systems
                    if sentence.key(m) == fact.key
                )
            ]
            dated = replacers[-1:] or ([] if subject else dated)  # a replacer's, unknown
        reached: list[tuple[FactDraft, Source]] = [(fact, source) for fact in dated]
        if dated_at.field in CONTRACT_DATES and not by_row:  # below their own sentences
            reached += [(fact, "cross_reference") for fact in parties if fact not in dated]
        for fact, how in reached:
            fact.offer([_at(sentence, dated_at, how)], reading)
            if dated_at.field == "contract_end":
                ended.append(fact)
    option = extension_in(text)
    if option:
        start, end = base + option.start, base + option.end
        offered = ended or (
            _described(doc_text, direct, sentence.systems, start, end) if direct else implied
        )
        for fact in dict.fromkeys(offered):
            fact.offer([_at(sentence, option, source)], reading)
    for mention in sentence.systems:
        stated = status_in(sentence, mention)
        named = next((f for f in direct if f.mention.canonical == mention.canonical), None)
        if stated and named:
            named.offer([replace(stated, sentence=span_text(sentence.span).strip())], reading)


SUBJECT_BEFORE_NAME = re.compile(
    r"\W*(?:(?:it|they)|the\s+(?:[\w'’-]+\s+){0,2}(?:system|software|product|application))\s+"
    r"(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


def _subject_before_name(text: str, base: int, systems: Sequence[Mention]) -> str | None:
    """The sentence's subject where, before the first system it names, it is a word for a
    system already in play ("It", "The children's system", "The new system"), not a name."""
    first = min((m.start for m in systems), default=None)
    found = None if first is None else SUBJECT_BEFORE_NAME.fullmatch(text, base, first)
    return found.group() if found else None


def _clause_of_its_own(sentence: AnswerSentence, facts: dict[Key, FactDraft], said: str) -> None:
    """A clause after a semicolon that names a supplier and states it ("ASC has used
    CareDirector since 2019; the supplier is CareWorks") gives it to the one system the
    sentence names, as a sentence of its own would to the system in play."""
    named = {sentence.key(m) for m in sentence.systems}
    base = sentence.span.start_char
    if len(named) != 1:
        return
    for supplier in sentence.suppliers:
        before = sentence.text[: supplier.start - base]
        clause = before.rfind(";")
        if clause < 0 or any(m.start - base > clause for m in sentence.systems):
            continue
        rule_id = states_a_supplier(sentence.text[clause + 1 :], None)
        if rule_id is not None:
            found = Finding("supplier", supplier.name, supplier.start, supplier.end, rule_id)
            facts[named.pop()].offer([replace(found, sentence=said)], (sentence.index, 0))
            return


def link_stated_suppliers(
    text: str,
    sentence: AnswerSentence,
    facts: dict[Key, FactDraft],
    implied: list[FactDraft],
    gazetteer: Gazetteer,
) -> None:
    """Suppliers the sentence ties to its systems (extract/suppliers.py); a sentence naming a
    supplier and no system ("Supplier: OLM", the answer to "Who supplies it?") gives it to the
    system in play, if that system could be theirs (the gazetteer's supplier or its owner)."""
    reading, said = (sentence.index, 0), span_text(sentence.span).strip()
    base = sentence.span.start_char
    cells = [replace(c, start=c.start + base, end=c.end + base) for c in sentence.cells]
    links = link_suppliers(text, sentence.systems, sentence.suppliers, cells)
    for link in links:
        fact = facts[sentence.key(link.system)]
        fact.offer([replace(link.finding, sentence=said)], reading)
    if sentence.systems and not links:
        _clause_of_its_own(sentence, facts, said)
    if sentence.systems or not sentence.suppliers:
        return
    rule_id = states_a_supplier(sentence.text, sentence.question)
    if rule_id is None:
        return
    # "The Liquidlogic modules are supplied by System C": a name standing for its products is
    # the subject, the supplier is the other one
    standing = suppliers_standing_for_products(text, sentence.suppliers)
    stated = [s for s in sentence.suppliers if s not in standing] or sentence.suppliers
    supplier = current_supplier(text, stated[0], sentence.suppliers)
    name = supplier.name
    for fact in implied:
        made_by = gazetteer.supplier_of(fact.mention.canonical)
        if made_by is None or gazetteer.same_family(name, made_by):
            found = Finding(
                "supplier",
                name,
                supplier.start,
                supplier.end,
                rule_id,
                source="cross_reference",
                sentence=said,
            )
            fact.offer([found], reading)
