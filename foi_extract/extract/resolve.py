"""The resolver: which of the findings offered to one fact's field becomes its value.

Readers only find; this module alone decides, by one precedence (strongest first):

1. supersedes: a value the text says replaces earlier ones ("since extended to 31 March
   2026") beats them all; of several, the latest reading wins.
2. read: what the text says (direct, cross_reference) beats what is only implied by a name
   ("OLM CareFirst" names its maker) or assumed by default (a name with no word of change is
   current).
3. own fact: a finding offered to this fact beats one inherited from the same system's fact
   whose service area is unknown.
4. source: direct (the system's own sentence) > cross_reference (a sentence naming no
   system) > implied > default.
5. score: higher first.
6. reading: the earlier reading (a sentence, then a stretch of one) first: what the answer
   says first about a system is its value.
7. rule order: the earlier rule of its file first (hosting: who hosts it before where).
8. position: leftmost first.

Names (the `system` and `supplier` findings of the name finders) are resolved by span: where
a misspelling the fuzzy matcher read covers more of the text than an exact gazetteer match
("Liquid logic Childrens System" over "Childrens System"), the longer name wins; over the
same words, the higher score (the exact match).

Then validation across fields: a contract end before its start cannot both be right, so the
one reached by cross-reference (else the end) is invalid and the field stays unknown (an
extension pushed from a dropped end goes with it); and a host named by the words the fact's
supplier begins with is that supplier ("... from Greyfriars Health Tech Ltd. It is hosted by
Greyfriars"), so its hosting is `supplier`. Every finding leaves a `Decision`: won, outranked
(by which), or invalid (why).
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, replace

from foi_extract.extract.findings import Decision, Finding
from foi_extract.extract.mentions import Mention, as_finding
from foi_extract.rules import rule_ref

Reading = tuple[int, int]
SOURCE_ORDER = {"direct": 0, "cross_reference": 1, "implied": 2, "default": 3}
UNREAD = ("implied", "default")


@dataclass(frozen=True)
class Offered:
    """A finding offered to a fact: in which reading, and whether inherited from the fact of
    the same system whose area is unknown."""

    finding: Finding
    reading: Reading
    inherited: bool = False


def precedence(offered: Offered) -> tuple[object, ...]:
    """The sort key of the precedence table above: the smallest key wins."""
    found = offered.finding
    if found.supersedes:
        later_first = (-offered.reading[0], -offered.reading[1])
        return (0, False, False, 0, -found.score, later_first, found.rank, found.start)
    source = SOURCE_ORDER[found.source]
    unread = found.source in UNREAD
    return (
        1,
        unread,
        offered.inherited,
        source,
        -found.score,
        offered.reading,
        found.rank,
        found.start,
    )


def _label(found: Finding) -> str:
    return f"{found.rule_id} ({found.value!r} at {found.start}-{found.end})"


def resolve_field(offers: list[Offered], target: str) -> tuple[Offered | None, list[Decision]]:
    """The winning offer of one field, and a decision for every offer."""
    valid = [offer for offer in offers if offer.finding.validation is None]
    invalid = [offer for offer in offers if offer.finding.validation is not None]
    decisions = [
        Decision(o.finding, target, "invalid", o.finding.validation or "") for o in invalid
    ]
    if not valid:
        return None, decisions
    ranked = sorted(valid, key=precedence)
    winner = ranked[0]
    decisions.append(Decision(winner.finding, target, "won", _why_won(winner, ranked[1:])))
    decisions += [
        Decision(o.finding, target, "outranked", f"outranked by {_label(winner.finding)}")
        for o in ranked[1:]
        if o.finding != winner.finding
    ]
    return winner, decisions


def _why_won(winner: Offered, others: list[Offered]) -> str:
    found = winner.finding
    if found.supersedes:
        return "supersedes earlier values"
    if not others:
        return "only finding"
    return f"{'inherited ' if winner.inherited else ''}{found.source}, first reading"


def contradiction(winners: dict[str, Offered]) -> str | None:
    """The field to drop when the winners contradict each other (an end before the start)."""
    start, end = winners.get("contract_start"), winners.get("contract_end")
    if start is None or end is None or not end.finding.value or not start.finding.value:
        return None
    if end.finding.value >= start.finding.value:
        return None
    crossed = [
        name
        for name, offer in (("contract_end", end), ("contract_start", start))
        if offer.finding.source == "cross_reference"
    ]
    return crossed[0] if crossed else "contract_end"


HOSTED_BY_ITS_SUPPLIER = rule_ref("resolve", "hosted_by_its_supplier")
OUTSIDE_HOSTS = ("third_party", "cloud")  # what a phrase beside the host's name may have said


def _words(name: str) -> list[str]:
    return name.casefold().replace(",", " ").split()


def hosted_by_its_supplier(winners: dict[str, Offered]) -> Offered | None:
    """The hosting `supplier` where the named host is the fact's supplier, by the words the
    one's name begins with the other's ("hosted by Greyfriars", supplier Greyfriars Health
    Tech): a named host reads as a third party and "software as a service, hosted by
    Brightwater" as cloud, but the supplier hosting its own product is `supplier`. None when
    the host is someone else, or the hosting read was not an outside host's."""
    host, supplier, hosting = (winners.get(name) for name in ("host_organisation", "supplier",
                                                               "hosting"))  # fmt: skip
    if host is None or supplier is None or hosting is None:
        return None
    if hosting.finding.value not in OUTSIDE_HOSTS:
        return None
    host_words, supplier_words = (
        _words(host.finding.value or ""),
        _words(supplier.finding.value or ""),
    )
    shorter = min(len(host_words), len(supplier_words))
    if not shorter or host_words[:shorter] != supplier_words[:shorter]:
        return None
    found = replace(host.finding, field="hosting", value="supplier", rule_id=HOSTED_BY_ITS_SUPPLIER)
    return replace(host, finding=found)


def invalidated(offer: Offered, reason: str) -> Offered:
    """`offer` marked invalid, for a validation across fields."""
    return replace(offer, finding=replace(offer.finding, validation=reason))


def resolve_names(
    exact: list[Mention], loose: list[Mention]
) -> tuple[list[Mention], list[Decision]]:
    """The names kept where exact and misspelt (`loose`) names overlap, and a decision for
    each exact one that gives way."""
    kept, decisions = [], []
    loose = sorted(loose, key=lambda m: (m.start, -m.end))
    starts = [m.start for m in loose]
    reach = list(itertools.accumulate((m.end for m in loose), max))
    for name in exact:
        covering = []  # misspelt names over all of `name`: they start before it and reach past
        index = bisect.bisect_right(starts, name.start) - 1
        while index >= 0 and reach[index] >= name.end:
            if loose[index].end >= name.end:
                covering.append(loose[index])
            index -= 1
        length = name.end - name.start
        wider = next((o for o in covering if o.end - o.start > length), None)
        same = [o for o in covering if (o.start, o.end) == (name.start, name.end)]
        if wider is not None:
            reason = f"inside the longer name {wider.surface!r} ({wider.extractor})"
            decisions.append(Decision(as_finding(name), None, "outranked", reason))
        else:
            kept.append(name)
            for other in same:
                reason = f"outranked by {name.extractor} over the same words (higher score)"
                decisions.append(Decision(as_finding(other), None, "outranked", reason))
    taken = {(m.start, m.end) for m in kept}
    kept += [m for m in loose if (m.start, m.end) not in taken]
    return kept, decisions
