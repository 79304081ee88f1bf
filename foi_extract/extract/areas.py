"""The service area each system in a sentence serves.

Evidence, strongest first: a section heading or a table column that names one area
("Children's Social Care response:", a "Children's Services" column), unless the sentence
names an area itself ("Previous system: before 2022 adult social care used CareFirst" under a
"Children's social care" heading); the clause around the name when the sentence gives
different systems different areas ("LAS for adults, LCS for children"); a row's "Service area:"
cell; the sentence itself; the question the answer belongs to. A product that serves one area
by its nature (LCS is the children's system: systems.csv `category`) is always in that area,
whatever an answer about several systems says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from foi_extract.extract.cells import HeadedValue
from foi_extract.extract.findings import Finding
from foi_extract.extract.mentions import Mention
from foi_extract.link.gazetteer import Gazetteer
from foi_extract.rules import any_of, context_rules, resource_cache, rule_ref, structure_rules
from foi_extract.structure.blocks import (
    Area,
    Block,
    area_field,
    service_area_named,
    service_named,
)

STATED, CLAUSE, OWN, SERVICE, TITLE, ASKED, NATURE = (
    rule_ref("areas", name)
    for name in ("section", "clause", "sentence", "service", "title", "question", "category")
)
CLAUSE_BREAK = re.compile(r"[;,.]\s|\s\|\s|\band\b|\bwhile\b|\bwhereas\b|\bwith\b", re.IGNORECASE)


@resource_cache
def _area_column() -> re.Pattern[str]:
    return any_of(structure_rules().area_columns)


@resource_cache
def _both_cell() -> re.Pattern[str] | None:
    patterns = structure_rules().area_cell_both
    return any_of(patterns) if patterns else None


def row_area(text: str, cells: Sequence[HeadedValue]) -> Area | None:
    """The area a table row's cell or a record's field of `text` states ("Service area:
    Adults", "Used by: Children's", "Service: Both"): a value under a service-area column."""
    if cells:
        column = _area_column()
        values = [text[cell.start : cell.end] for cell in cells if column.fullmatch(cell.header)]
    else:
        values = [found.group("value") for found in area_field().finditer(text)]
    both = _both_cell()
    for value in values:
        area = service_area_named(value) or ("both" if both and both.match(value) else None)
        if area:
            return area
    return None


def _clause(text: str, start: int, end: int) -> str:
    """The clause of `text` around [start, end): between the nearest breaks on either side."""
    before = [m.end() for m in CLAUSE_BREAK.finditer(text, 0, start)]
    after = CLAUSE_BREAK.search(text, end)
    return text[before[-1] if before else 0 : after.start() if after else len(text)]


def _clause_areas(
    text: str, base: int, mentions: list[Mention], named: Callable[[str], Area | None]
) -> dict[Mention, Area | None]:
    """The area the clause around each mention names (by `named`), where the sentence's
    clauses name different areas ("LAS for adults, LCS for children"); else none at all."""
    clauses = {m: named(_clause(text, m.start - base, m.end - base)) for m in mentions}
    distinct = {area for area in clauses.values() if area in ("children", "adults")}
    return clauses if len(distinct) > 1 else {}


def nature(system: str | None, gazetteer: Gazetteer) -> Area | None:
    """The one area a product serves by its nature, if it serves one."""
    category = gazetteer.categories.get(system or "")
    return context_rules().category_areas.get(category or "")


def mention_areas(
    text: str,
    base: int,
    mentions: list[Mention],
    block: Block,
    gazetteer: Gazetteer,
    cells: Sequence[HeadedValue] = (),
) -> dict[Mention, Finding]:
    """The area of each system mention of one answer sentence (`text`, starting at `base`), as
    a `service_area` finding (value None when no evidence names one) naming its evidence:
    `areas.section` (a heading or a column), `areas.clause`, `areas.sentence` (a row's cell or
    the sentence), `areas.question`, `areas.category` (the product's nature)."""
    stated = block.service_area if block.area_stated else None
    clauses = _clause_areas(text, base, mentions, service_area_named)
    own = row_area(text, cells) or (service_area_named(text) if mentions else None)
    asked = None if block.area_stated else block.service_area
    areas: dict[Mention, Finding] = {}
    for mention in mentions:
        local = clauses.get(mention)
        by_nature = nature(mention.canonical, gazetteer)
        candidates: list[tuple[Area | None, str]] = [(by_nature, NATURE)]
        if stated and stated != "both" and not own:
            candidates.append((stated, STATED))
        candidates += [(local, CLAUSE), (own, OWN), (stated, STATED), (asked, ASKED)]
        area, rule_id = next(((a, r) for a, r in candidates if a), (None, ""))
        areas[mention] = Finding("service_area", area, mention.start, mention.end, rule_id)
    return areas


def title_area(blocks: list[Block]) -> Area | None:
    """The area the document's title names ("Adult social care systems and providers"): a
    heading before any question or answer."""
    for block in blocks:
        if block.kind != "heading":
            return None
        if block.service_area:
            return block.service_area
    return None


def service_areas(
    text: str, base: int, mentions: list[Mention], title: Area | None = None
) -> dict[Mention, Finding]:
    """The area each system mention's sentence implies by the services it names ("Home care
    visits are planned in RotaX": adults), as an `areas.service` finding; its clause's, where
    the sentence's systems serve different areas; else the document's `title` area
    (`areas.title`). Weaker than every other evidence: it only fills the area of a fact that
    has none."""
    said = service_named(text) if mentions else None
    # clauses apart only where the sentence names services of both areas (else none differ)
    clauses = _clause_areas(text, base, mentions, service_named) if said == "both" else {}
    found = {}
    for mention in mentions:
        area = clauses.get(mention) or said
        if area:
            found[mention] = Finding("service_area", area, mention.start, mention.end, SERVICE)
        elif title:
            found[mention] = Finding("service_area", title, mention.start, mention.end, TITLE)
    return found
