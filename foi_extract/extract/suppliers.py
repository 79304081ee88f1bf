"""Which supplier an answer says a system comes from.

The words between a supplier and a system tie them (rules/suppliers.toml): after the system
("Mosaic, supplied by Servelec", "Mosaic (Servelec)", a table row's Supplier column), before
it ("OLM's Eclipse", "to OLM Systems for its Eclipse product"), or at the head of a list
("Liquidlogic - LAS for adults, LCS for children"). A successor named right after the supplier
("Servelec (now The Access Group)") is the supplier now. Names that only stand in the same
sentence are not tied: unknown stays null.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from foi_extract.extract.cells import HeadedValue, header_at
from foi_extract.extract.findings import Finding
from foi_extract.extract.mentions import Mention
from foi_extract.rules import any_of, resource_cache, rule_ref, supplier_rules

AFTER, VERB, COLUMN, BEFORE, LIST = (
    rule_ref("suppliers", key)
    for key in ("after_system", "verbs", "supplier_column", "before_system", "heads_list")
)
STRENGTH = {BEFORE: 0.9, LIST: 0.8}
"""How sure a tie is, for the resolver: a name right before a product ("Liquidlogic LCS",
"OLM's Eclipse") or heading a list of them is its brand; a supplier a verb, a label or a column
states ("supplied by System C", "Supplier: Servelec") is the supplier (score 1)."""
STATED, ASKED = (
    rule_ref("suppliers", "supplier_statements"),
    rule_ref("suppliers", "supplier_questions"),
)


@dataclass(frozen=True)
class SupplierLink:
    """A `supplier` finding (the supplier's name, read by `rule_id`) about `system`."""

    system: Mention
    finding: Finding


def _link(system: Mention, supplier: Mention, rule_id: str) -> SupplierLink:
    score = STRENGTH.get(rule_id, 1.0)
    found = Finding("supplier", supplier.name, supplier.start, supplier.end, rule_id, score=score)
    return SupplierLink(system, found)


@resource_cache
def _patterns() -> dict[str, re.Pattern[str]]:
    rules = supplier_rules()
    kinds = {
        "after": rules.after_system,
        "verbs": rules.verbs,
        "before": rules.before_system,
        "goes_on": [rules.list_goes_on],
        "list": rules.heads_list,
        "now": rules.succeeded_by,
        "asks": rules.supplier_questions,
        "states": rules.supplier_statements,
        "column": [rules.supplier_column],
        "products": [rules.stands_for_products],
        "products_after": [rules.stands_for_products_after],
        "listed": [rules.suppliers_listed],
        "narrowed": [rules.narrowed_to_product],
        "all_products": [rules.stands_for_all_products],
    }
    return {kind: any_of(patterns) for kind, patterns in kinds.items()}


def current_supplier(text: str, supplier: Mention, suppliers: list[Mention]) -> Mention:
    """The supplier itself, or the successor named right after it ("(now The Access Group)")."""
    after = [m for m in suppliers if m.start >= supplier.end]
    if after and _patterns()["now"].match(text[supplier.end : after[0].start]):
        return after[0]
    return supplier


def link_suppliers(
    text: str,
    systems: list[Mention],
    suppliers: list[Mention],
    cells: Sequence[HeadedValue] = (),
) -> list[SupplierLink]:
    """Every (system, supplier) tie a sentence states, each a `supplier` finding scored by how
    sure it is (`STRENGTH`; the resolver chooses); `text` is the document text (offsets of the
    mentions and the sentence's table `cells` index it)."""
    patterns = _patterns()
    links: list[SupplierLink] = []
    for supplier in suppliers:
        current = current_supplier(text, supplier, suppliers)
        before = [m for m in systems if m.end <= supplier.start]
        after = [m for m in systems if m.start >= supplier.end]
        if before:
            between = text[before[-1].end : supplier.start]
            tied_by = (
                (AFTER, patterns["after"].match(between)),
                (VERB, patterns["verbs"].search(between)),
            )
            rule_id = next((rule for rule, matched in tied_by if matched), None)
            if rule_id is not None:
                links.append(_link(before[-1], current, rule_id))
                continue
        if systems and _in_supplier_column(cells, supplier):
            first = systems[0]
            links.append(_link(first, current, COLUMN))
            continue
        if after:
            between = text[supplier.end : after[0].start]
            if patterns["before"].match(between):
                links += [_link(system, current, BEFORE) for system in _same_list(text, after)]
            elif patterns["list"].match(between) and not before:
                links += [_link(system, current, LIST) for system in after]
    return links


def _same_list(text: str, systems: list[Mention]) -> list[Mention]:
    """The first system and those that follow it in one list ("LAS and LCS")."""
    listed = systems[:1]
    for previous, system in pairwise(systems):
        if not _patterns()["goes_on"].match(text[previous.end : system.start]):
            break
        listed.append(system)
    return listed


def _in_supplier_column(cells: Sequence[HeadedValue], supplier: Mention) -> bool:
    """The supplier stands in a table's Supplier (Vendor, Provider...) column."""
    cell = header_at(cells, supplier.start)
    return cell is not None and is_supplier_column(cell.header)


def is_supplier_column(header: str) -> bool:
    """`header` heads a table's Supplier (Vendor, Provider...) column."""
    return bool(_patterns()["column"].fullmatch(header))


def states_a_supplier(sentence: str, question: str | None) -> str | None:
    """The rule by which a sentence with a supplier and no system gives the supplier of the
    system in play (it says so, or answers a question about suppliers), else None."""
    patterns = _patterns()
    if patterns["states"].search(sentence):
        return STATED
    return ASKED if question and patterns["asks"].search(question) else None


def suppliers_standing_for_products(
    text: str, suppliers: list[Mention], systems: Sequence[Mention] = ()
) -> list[Mention]:
    """Suppliers named as their products' stand-in: "the Liquidlogic contract", "OLM systems",
    "the contract with OLM", and the others of a list one stands in ("the contracts with
    Liquidlogic and OCC", "the Liquidlogic and OCC contracts"). A list may hold `systems` too,
    whose names stand for themselves: "the Liquidlogic and ContrOCC contracts"."""
    before, after = _patterns()["products"], _patterns()["products_after"]
    ordered = sorted([*suppliers, *systems], key=lambda m: m.start)
    standing = [
        bool(
            before.match(text[s.end : s.end + 40])
            or after.search(text[max(0, s.start - 40) : s.start])
        )
        for s in ordered
    ]
    listed = _patterns()["listed"]
    joined = [listed.fullmatch(text[a.end : b.start]) is not None for a, b in pairwise(ordered)]
    for i, join in enumerate(joined):  # forwards, then backwards along each list
        standing[i + 1] = standing[i + 1] or (join and standing[i])
    for i, join in reversed(list(enumerate(joined))):
        standing[i] = standing[i] or (join and standing[i + 1])
    kept = set(map(id, suppliers))
    return [s for s, stands in zip(ordered, standing, strict=True) if stands and id(s) in kept]


def narrowed_to(text: str, supplier: Mention, system: Mention) -> bool:
    """The text names `supplier`'s contract for `system` only: "the contract with Liquidlogic
    for LCS"."""
    gap = text[supplier.end : system.start]
    return system.start >= supplier.end and _patterns()["narrowed"].fullmatch(gap) is not None


def stands_for_all_products(text: str, supplier: Mention) -> bool:
    """The supplier's name stands for every product of it, in the plural: "the Liquidlogic
    products", "OLM systems" (not "the Liquidlogic contract")."""
    return _patterns()["all_products"].match(text[supplier.end : supplier.end + 40]) is not None
