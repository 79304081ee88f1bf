"""Link a document to the council that wrote it: official name and GSS code from the register.

The publisher's own signals decide when present: the source URL's domain, then the e-mail
sender's domain. Otherwise every council the text names, and every council e-mail or web
address in it, is a signal weighed by where it stands: a letterhead, a signature, "Dear X
Council" (the request on a WhatDoTheyKnow page), a message header ("FOI, X Council 4 November
2019"), a key/value cell ("Organisation | X Council") and a self-description ("X Council
holds ...") weigh more than a name in running text. A name beside "partner", "neighbouring",
"formerly", "hosted by", "is a separate authority" is another council's and weighs nothing.
The council with the greatest total wins; null when no council is named (rules/authorities.toml).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlparse

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from foi_extract.document import Document
from foi_extract.extract.findings import Decision, Finding
from foi_extract.extract.literals import fold
from foi_extract.extract.nlp import in_windows, load_nlp
from foi_extract.link.register import Authority, council_register
from foi_extract.rules import (
    AuthorityRules,
    authority_rules,
    resource_cache,
    rule_ref,
)

COUNCIL_WORDS = re.compile(
    r"\b(council|borough|county|city of|district|authority|corporation|comhairle|cyngor)\b", re.I
)
NAME_WORDS = re.compile(
    r"\b(?:council|borough|county|city|district|metropolitan|london|royal|of|the|and)\b|[^\w]", re.I
)
PUBLIC_DOMAIN = re.compile(
    r"(?:^|[/@.\s])(?:www\.)?([a-z0-9-]+)\.(?:gov\.uk|gov\.wales|gov\.scot|llyw\.cymru)\b", re.I
)
ADDRESS = re.compile(
    r"(?P<email>[\w.+-]+@)?(?P<host>(?:[a-z0-9-]+\.)+(?:gov\.uk|gov\.wales|gov\.scot|llyw\.cymru"
    r"|com|org|org\.uk|co\.uk))\b",
    re.I,
)
ENDINGS = (".gov.uk", ".gov.wales", ".gov.scot", ".llyw.cymru", ".com", ".org", ".co.uk")
"""What every ADDRESS match holds (lower case): a host's dot and its ending."""
NOT_SPACE = re.compile(r"\S+")
ASCII_SPACE = " \t\n\r\f\v"


def addresses(text: str) -> Iterator[re.Match[str]]:
    """`ADDRESS.finditer(text)`, scanning only the runs of non-space characters that hold an
    ending (`ENDINGS`): a match holds no space and holds an ending, so no other run has one,
    and the regex is not tried from every character of a long document."""
    folded = fold(text)
    found = sorted({at for ending in ENDINGS for at in _occurrences(folded, ending)})
    cursor = 0
    for at in found:
        if at < cursor:
            continue  # in a run scanned already
        start = max(folded.rfind(space, 0, at) for space in ASCII_SPACE) + 1  # a run's start
        end = NOT_SPACE.match(text, at).end()  # type: ignore[union-attr]  # "." is no space
        yield from ADDRESS.finditer(text, max(start, cursor), end)
        cursor = end


def _occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


SENTENCE_END = re.compile(r"[.!?;]\s|\n\s*\n")
CONTEXT_CHARS = 120


@dataclass(frozen=True)
class AuthorityMatch:
    name: str
    code: str  # GSS code
    la_code: str
    evidence: str
    method: str


@dataclass(frozen=True)
class Signal(Finding):
    """One piece of evidence for a council: a `council` finding whose value is the council's
    register code, whose score is its weight and whose rule is where it stands
    (`authorities.weights.letterhead@1`)."""

    kind: str = "body"  # where it stands, a weight's name: "letterhead", "salutation" ...
    surface: str = ""
    what: str = "name"  # or "email_address", "web_address"
    order: int = 0  # where it stands; -1 for a sender's name read from a header not in the text

    @classmethod
    def of(
        cls, code: str, kind: str, surface: str, start: int, weight: int, what: str = "name"
    ) -> Signal:
        rule_id = rule_ref("authorities", f"weights.{kind}")
        end = start + len(surface) if start >= 0 else 0
        return cls(
            "council",
            code,
            max(start, 0),
            end,
            rule_id,
            score=weight,
            kind=kind,
            surface=surface,
            what=what,
            order=start,
        )

    @property
    def code(self) -> str:
        return self.value or ""

    @property
    def weight(self) -> int:
        return int(self.score)

    def describe(self) -> str:
        """ "letterhead 'X Council'", "e-mail address 'foi@x.gov.uk' in the signature"."""
        if self.what == "name":
            return f"{self.kind.replace('_', ' ')} '{self.surface}'"
        what = self.what.replace("email_", "e-mail ").replace("_", " ")
        where = f" in the {self.kind}" if self.kind != self.what else ""
        return f"{what} '{self.surface}'{where}"


@dataclass(frozen=True)
class _Register:
    authorities: dict[str, Authority]
    domains: dict[str, str]  # "eastriding.gov.uk" -> code
    by_domain_label: dict[str, str]  # "eastridingofyorkshire" -> code
    matcher: PhraseMatcher
    nlp: Language  # the extraction pipeline's: its Doc of a text is matched as it is


@dataclass(frozen=True)
class _Cues:
    salutation_before: list[re.Pattern[str]]
    field_before: list[re.Pattern[str]]
    self_description_after: list[re.Pattern[str]]
    other_council_before: list[re.Pattern[str]]
    other_council_after: list[re.Pattern[str]]
    sign_offs: list[re.Pattern[str]]


def _ampersand(name: str) -> str:
    """The name with "&" for "and" ("Telford & Wrekin"), as letterheads often write it."""
    return re.sub(r"\band\b", "&", name)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@resource_cache
def _cues() -> _Cues:
    rules = authority_rules()

    def compiled(patterns: list[str], flags: int = re.I) -> list[re.Pattern[str]]:
        return [re.compile(pattern, flags) for pattern in patterns]

    cues = rules.cues  # searched in a window: ^ and $ are its ends
    return _Cues(
        compiled(cues.salutation_before),
        compiled(cues.field_before),
        compiled(cues.self_description_after),
        compiled(cues.other_council_before),
        compiled(cues.other_council_after),
        compiled(rules.sign_offs, re.I | re.M),
    )


@resource_cache
def _register() -> _Register:
    register = council_register()
    rules = authority_rules()
    listed = defaultdict(set, {k: set(v) for k, v in register.spellings.items()})
    made: dict[str, set[str]] = defaultdict(set)  # spelling -> codes a name variant gives it
    by_label: dict[str, str] = {}
    for row in register.rows:
        code = row["local-authority-code"]
        current = register.authorities[code].current
        for variant in rules.name_variants:
            made[variant.format(name=row["nice-name"].strip()).lower()].add(code)
            made[variant.format(name=_ampersand(row["nice-name"].strip())).lower()].add(code)
        for label in (row["gov-uk-slug"], _squash(row["nice-name"])):
            if label and (current or label not in by_label):
                by_label[_squash(label)] = code
    authorities, domains = register.authorities, register.domains
    nlp = load_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for code, spellings in _spellings(authorities, listed, made).items():
        matcher.add(code, [nlp.make_doc(spelling) for spelling in spellings])
    return _Register(authorities, domains, by_label, matcher, nlp)


def _spellings(
    authorities: dict[str, Authority], listed: dict[str, set[str]], made: dict[str, set[str]]
) -> dict[str, list[str]]:
    """Each council's spellings that name it alone: the register's own spellings first (a
    current council over a past one), then the name variants; a spelling two current councils
    share names neither."""
    chosen: dict[str, list[str]] = defaultdict(list)
    for spelling in sorted(set(listed) | set(made)):
        if not COUNCIL_WORDS.search(spelling) or not NAME_WORDS.sub("", spelling).strip():
            continue  # no council word, or nothing but ("City of", left by a split alt name)
        codes = listed.get(spelling) or made.get(spelling, set())
        current = [code for code in codes if authorities[code].current]
        if len(current) > 1:
            continue  # a spelling two councils share
        chosen[(current or sorted(codes))[0]].append(spelling)
    return chosen


def _council_names(text: str, doc: Doc | None = None) -> list[Span]:
    """The council names in `text` (`doc`, when given, is the pipeline's Doc of it), longest
    first where two overlap; each span's label is the council's code."""
    register = _register()
    doc = doc if doc is not None else in_windows(register.nlp.make_doc, text)
    return filter_spans([Span(doc, s, e, label=key) for key, s, e in register.matcher(doc)])


def _match(code: str, evidence: str, method: str) -> AuthorityMatch:
    authority = _register().authorities[code]
    return AuthorityMatch(authority.name, authority.gss, code, evidence, method)


def _domain_code(host: str) -> str | None:
    """The council a host name belongs to: the register's domains, a council's sub-domain of
    an FOI platform, else the name before .gov.uk read as a council's slug or short name
    ("kirklees.gov.uk")."""
    host = host.lower().strip("./@ ")
    register = _register()
    parts = host.split(".")
    for index in range(len(parts) - 1):
        if code := register.domains.get(".".join(parts[index:])):
            return code
    for platform in authority_rules().platform_domains:
        if host.endswith(f".{platform}") and len(parts) >= platform.count(".") + 2:
            return register.by_domain_label.get(_squash(parts[-platform.count(".") - 2]))
    found = PUBLIC_DOMAIN.search(host if host.startswith(("/", "@", ".")) else f"/{host}")
    return register.by_domain_label.get(_squash(found.group(1))) if found else None


def _from_domain(host: str, method: str) -> AuthorityMatch | None:
    code = _domain_code(host)
    return _match(code, f"{method} {host.strip('/@. ')}", method) if code else None


class _Weigher:
    """Finds and weighs every signal for a council in one document's text."""

    def __init__(self, document: Document, rules: AuthorityRules, doc: Doc | None = None) -> None:
        self.document = document
        self.doc = doc
        self.text = text = document.text
        self.rules = rules
        self.cues = _cues()
        self.signature_starts = [
            match.end() for cue in self.cues.sign_offs for match in cue.finditer(text)
        ]

    def signals(self) -> Iterator[Signal]:
        for span in _council_names(self.text, self.doc):
            start, end = span.start_char, span.end_char
            kind = self.kind_of_name(start, end)
            if kind:
                yield Signal.of(span.label_, kind, span.text, start, self.weight(kind))
        for match in addresses(self.text):
            code = _domain_code(match.group("host"))
            if code is None or self.other_council(match.start(), match.end()):
                continue
            what = "email_address" if match.group("email") else "web_address"
            kind = self.position(match.start()) or what
            weight = self.weight(kind)
            yield Signal.of(code, kind, match.group(0), match.start(), weight, what)

    def weight(self, kind: str) -> int:
        return int(getattr(self.rules.weights, kind))

    def kind_of_name(self, start: int, end: int) -> str | None:
        """The role of the council name at [start, end), or None for another council's."""
        if self.other_council(start, end):
            return None
        before, after = self.before(start), self.after(end)
        if any(cue.search(before) for cue in self.cues.salutation_before):
            return "salutation"
        if self.in_council_header(start):
            return "sender"
        if any(cue.search(before) for cue in self.cues.field_before) or self.labelled_cell(start):
            return "field"
        if position := self.position(start):
            return position
        if any(cue.search(after) for cue in self.cues.self_description_after):
            return "self_description"
        return "body"

    def labelled_cell(self, start: int) -> bool:
        """True when the name fills a table cell whose label cell, before it in its row, is
        one of `field_before` ("Organisation | X Council" in a key/value table)."""
        cell = self.document.cell_at(start)
        label = self.document.cell_beside(cell, -1) if cell is not None else None
        if label is None:
            return False
        words = self.text[label.start : label.end].strip() + ":"
        return any(cue.search(words) for cue in self.cues.field_before)

    def in_council_header(self, start: int) -> bool:
        """True inside the header of a message the council sent ("FOI, X Council 4 November
        2019" on a WhatDoTheyKnow page, "From: X Council" above a quoted reply)."""
        message = self.document.message_at(start)
        return message is not None and message.role == "council" and start < message.body_start

    def position(self, start: int) -> str | None:
        if start < self.rules.letterhead_chars:
            return "letterhead"
        if any(
            0 <= start - sign_off < self.rules.signature_chars for sign_off in self.signature_starts
        ):
            return "signature"
        return None

    def before(self, start: int) -> str:
        """The text before `start` in its sentence (at most CONTEXT_CHARS)."""
        window = self.text[max(0, start - CONTEXT_CHARS) : start]
        ends = list(SENTENCE_END.finditer(window))
        return window[ends[-1].end() :] if ends else window

    def after(self, end: int) -> str:
        window = self.text[end : end + CONTEXT_CHARS]
        stop = SENTENCE_END.search(window)
        return window[: stop.start() + 1] if stop else window

    def other_council(self, start: int, end: int) -> bool:
        before, after = self.before(start), self.after(end)
        return any(cue.search(before) for cue in self.cues.other_council_before) or any(
            cue.search(after) for cue in self.cues.other_council_after
        )


def _from_signals(
    signals: list[Signal], trace: list[Decision] | None = None
) -> AuthorityMatch | None:
    """The council with the greatest total weight; its strongest signal is the evidence.
    Every signal leaves a decision in `trace`: its council won, or was outweighed."""
    if not signals:
        return None
    totals: dict[str, int] = defaultdict(int)
    for signal in signals:
        totals[signal.code] += signal.weight
    authorities = _register().authorities

    def rank(code: str) -> tuple[int, int, bool, int]:
        own = [s for s in signals if s.code == code]
        return (
            totals[code],
            max(s.weight for s in own),
            authorities[code].current,
            -min(s.order for s in own),
        )

    code = max(totals, key=rank)
    if trace is not None:
        for signal in signals:
            if signal.code == code:
                why = f"{code}: the greatest total weight ({totals[code]})"
                trace.append(Decision(signal, None, "won", why))
            else:
                why = f"outweighed: {signal.code} {totals[signal.code]} < {code} {totals[code]}"
                trace.append(Decision(signal, None, "outranked", why))
    own = sorted((s for s in signals if s.code == code), key=lambda s: (-s.weight, s.order))
    strongest = own[0]
    more = f" (+{len(own) - 1} more)" if len(own) > 1 else ""
    return _match(code, f"{strongest.describe()}{more}", strongest.kind)


def link_authority(
    document: Document, trace: list[Decision] | None = None, doc: Doc | None = None
) -> AuthorityMatch | None:
    """The council that wrote `document`, or None when nothing in it says so (`trace`, when
    given, receives a decision for every signal weighed; `doc`, when given, is the pipeline's
    Doc of its text, read instead of tokenising it again)."""
    for url in (document.source_url, document.metadata.get("canonical_url")):
        if url and (found := _from_domain(urlparse(url).netloc, "source URL")):
            _decided_by_domain(found, "source_url", trace)
            return found
    senders = [
        message.sender
        for message in document.messages
        if message.depth == 0 and message.role == "council" and message.sender
    ]
    for sender in senders:
        if sender.domain and (found := _from_domain(sender.domain, "e-mail domain")):
            _decided_by_domain(found, "email_domain", trace)
            return found
    weigher = _Weigher(document, authority_rules(), doc)
    signals = list(weigher.signals())
    signals += _sender_names(document, weigher)
    signals += _page_title_names(document, weigher)
    return _from_signals(signals, trace)


def _decided_by_domain(found: AuthorityMatch, how: str, trace: list[Decision] | None) -> None:
    if trace is not None:
        signal = Finding("council", found.la_code, 0, 0, rule_ref("authorities", how))
        trace.append(Decision(signal, None, "won", found.evidence))


def _page_title_names(document: Document, weigher: _Weigher) -> list[Signal]:
    """Councils a web page's title names, as its site ("Minutes ... | Leeds City Council
    democracy", "... - Wakefield Council disclosure log"): the publisher, weighed as a
    letterhead (the page's text is read without the site's header and footer)."""
    title = document.metadata.get("page_title", "")
    weight = weigher.weight("letterhead")
    return [
        Signal.of(span.label_, "letterhead", span.text, -1, weight)
        for span in _council_names(title)
    ]


def _sender_names(document: Document, weigher: _Weigher) -> list[Signal]:
    """Councils named by the senders of the council's messages whose headers are not in the
    text (an e-mail's From header: "FOI Team (Luton Borough Council)")."""
    weight = weigher.weight("sender")
    return [
        Signal.of(span.label_, "sender", span.text, -1, weight)
        for message in document.messages
        if message.role == "council" and message.sender and message.body_start == message.start
        for span in _council_names(message.sender.name)
    ]
