"""How a system is hosted: every hosting phrase of a sentence, and which systems each is about.

Phrases are rules (rules/hosting.toml); where two overlap the earlier rule wins, so "hosted by
our ICT partner in its data centre" is third party, not the council's data centre. A phrase
that is negated or past ("not on our own servers", "was previously hosted on premises") is
not read. "Hosted by OCC" names a supplier the gazetteer knows, so it is supplier hosting
whatever else the letters could stand for. Each phrase belongs to the systems named in its
own stretch of the sentence (up to a full stop or semicolon): "LAS and LCS are hosted by the
supplier. ContrOCC is hosted in the Council's data centre."
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from foi_extract.extract.findings import Finding
from foi_extract.extract.literals import AnyMatch, RulePatterns, fold
from foi_extract.extract.mentions import Mention
from foi_extract.rules import any_of, hosting_rules, resource_cache, rule_ref

STRETCH_BREAK = re.compile(r"[.;]\s")
HOSTED_BY = re.compile(
    r"(?:\b(?:hosted|run|managed)\s+(?:\w+\s+){0,2}by:?|\bhosting\s*:"
    r"|\b(?:cloud|hosted|managed)\s+service\s+(?:by|from))\s+(?:the\s+)?$",
    re.I,
)  # "hosted by OCC", a Hosting cell naming the supplier ("Hosting: Liquidlogic (hosted)"), "as
# a cloud service by OLM"
HOSTS_AFTER = re.compile(
    r",?\s+(?:(?:who|which)\s+)?(?:also\s+)?hosts?\s+(?:it|them|the\s+(?:application|system|"
    r"software|service|product|platform|portal))\b",
    re.I,
)  # a supplier named as the one that hosts it: "supplied by Y, who also host it for us"
HOSTED_BY_SUPPLIER = rule_ref("hosting", "hosted_by_known_supplier")
ORGANISATION = rule_ref("hosting", "organisation")
NAMED_HOST = rule_ref("hosting", "named_host")
HOSTED_BEFORE = re.compile(r"\bhost(?:ed|ing)\b[^.;]{0,60}$", re.I)  # "hosted (nationally) by"


@dataclass(frozen=True)
class _Rules:
    phrases: list[tuple[str, str]]  # (value, rule id) of each rule, in file order
    patterns: RulePatterns  # each rule's patterns, in file order
    ignore_before: re.Pattern[str]  # words that cancel a phrase before it
    ignore_after: re.Pattern[str] | None  # ... or after it


@resource_cache
def _rules() -> _Rules:
    rules = hosting_rules()
    phrases = [(rule.value, rule_ref("hosting", rule.id, rule.version)) for rule in rules.rule]
    patterns = RulePatterns([rule.patterns for rule in rules.rule])
    after = any_of(rules.ignore_after) if rules.ignore_after else None
    return _Rules(phrases, patterns, any_of(rules.ignore_before), after)


def ignored(text: str, start: int, end: int | None = None) -> bool:
    """A phrase at [start, end) is negated or past: "not on our own servers" (`ignore_before`),
    "hosted on premise until 2020" (`ignore_after`)."""
    rules = _rules()
    if rules.ignore_before.search(text[max(0, start - 60) : start]) is not None:
        return True
    after = rules.ignore_after
    return end is not None and after is not None and after.match(text, end) is not None


def hosting_phrases(
    text: str,
    suppliers: list[Mention],
    base: int = 0,
    organisations: list[Finding] | None = None,
) -> list[Finding]:
    """The hosting phrases of `text`, left to right, as findings whose `rank` is their rule's
    place in the file; `suppliers` (offsets from `base`) are the supplier names in it. Where
    phrases overlap, the earlier rule's is the phrase (the words are read once).
    `organisations`: the text's `host_organisations`, when the caller has them already."""
    hosting = _rules()
    rules = hosting.phrases
    found: list[Finding] = []
    for rank, pattern in hosting.patterns.held(fold(text)):  # rules without their words: none
        value, rule_id = rules[rank]
        for match in pattern.finditer(text):
            if any(h.start < match.end() and match.start() < h.end for h in found):
                continue
            if ignored(text, match.start(), match.end()):
                continue
            found.append(Finding("hosting", value, match.start(), match.end(), rule_id, rank=rank))
    supplier_rank = next(rank for rank, rule in enumerate(rules) if rule[0] == "supplier")
    for supplier in suppliers:
        start, end = supplier.start - base, supplier.end - base
        hosts = HOSTS_AFTER.match(text, end)
        if HOSTED_BY.search(text[max(0, start - 40) : start]) or hosts:
            stop = hosts.end() if hosts else end
            found = [h for h in found if not (h.start <= stop and start <= h.end + 1)]
            found.append(
                Finding("hosting", "supplier", start, end, HOSTED_BY_SUPPLIER, rank=supplier_rank)
            )
    if organisations is None:
        organisations = host_organisations(text, suppliers, base)
    bounds = stretches(text)
    named = _named_hosts(text, bounds, organisations, found, len(rules))
    if named:  # who hosts it says more than "cloud" in its stretch ("a SaaS product hosted by X")
        hosted = {_stretch_of(bounds, host.start) for host in named}
        found = [
            h for h in found if h.value != "cloud" or _stretch_of(bounds, h.start) not in hosted
        ]
    return sorted(found + named, key=lambda hit: hit.start)


HOSTED_BY_JUST_BEFORE = re.compile(r"\bhosted\s+by\s+(?:the\s+)?$", re.IGNORECASE)


def _stretch_of(bounds: list[tuple[int, int]], offset: int) -> int:
    return next((i for i, (s, e) in enumerate(bounds) if s <= offset <= e), -1)


def _named_hosts(
    text: str,
    bounds: list[tuple[int, int]],
    organisations: list[Finding],
    found: list[Finding],
    rank: int,
) -> list[Finding]:
    """A host named by no hosting phrase ("hosted nationally by Digital Health and Care Wales"):
    an organisation that is neither the council nor a supplier the gazetteer knows hosts it for
    the council, so the hosting is `third_party` (ranked after every phrase). Only "hosted":
    what an organisation manages, runs or supports is not said to be hosted by it (`bounds`:
    the text's `stretches`)."""
    phrased: set[int] = set()  # stretches with a phrase
    hosting: set[int] = set()  # ... with one that says who hosts: "cloud" names no host
    for index, (s, e) in enumerate(bounds):
        for h in found:
            if s <= h.start < e:
                phrased.add(index)
                if h.value != "cloud":
                    hosting.add(index)
    hosts = []
    for org in organisations:
        index = _stretch_of(bounds, org.start)
        window = max(0, org.start - 80)
        hosted = HOSTED_BEFORE.search(text, window, org.start)
        said = hosting if HOSTED_BY_JUST_BEFORE.search(text, window, org.start) else phrased
        if hosted and index not in said and not ignored(text, hosted.start()):
            hosts.append(
                Finding("hosting", "third_party", org.start, org.end, NAMED_HOST, rank=rank)
            )
    return hosts


@resource_cache
def _organisation_rules() -> tuple[list[re.Pattern[str]], re.Pattern[str], AnyMatch]:
    rules = hosting_rules()
    patterns = [re.compile(p) for p in rules.organisation]
    return patterns, any_of(rules.not_organisations), AnyMatch(rules.organisation, 0)


TRAILING = re.compile(r"(?:\s+(?:IT|ICT|and|of|the|under|on|in))+$")


def host_organisations(text: str, suppliers: list[Mention], base: int = 0) -> list[Finding]:
    """Organisations the text names as the host ("hosted by Agilisys", "our KCC-owned ICT
    supplier - Cantium Business Solutions"), as hits whose `value` is the name; a supplier the
    gazetteer knows is the supplier, not a host of its own."""
    patterns, not_names, every = _organisation_rules()
    if not every.search(text):
        return []
    supplier_spans = [(m.start - base, m.end - base) for m in suppliers]
    found: list[Finding] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            name = TRAILING.sub("", match.group("org")).strip(" ,.;:")
            start = match.start("org")
            end = start + len(name)
            if not name or not_names.fullmatch(name):
                continue
            if any(s < end and start < e for s, e in supplier_spans):
                continue
            if not any(h.start < end and start < h.end for h in found):
                found.append(Finding("host_organisation", name, start, end, ORGANISATION))
    return sorted(found, key=lambda hit: hit.start)


def stretches(text: str) -> list[tuple[int, int]]:
    """The stretches of a sentence between full stops and semicolons."""
    bounds, start = [], 0
    for match in STRETCH_BREAK.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds
